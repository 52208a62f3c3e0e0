// Recipients: the level in force for the org's area; its orders, those
// waiting for 确认 first (待确认, unread ones marked), with the level's
// colour, the deadline counting down and a status that says what to do
// (fetching them is their receipt); the last list is kept on the phone and
// shown offline with its age. An order's full text and measures, a large
// 确认收到 (with an optional note) that works offline and carries the time
// it was tapped, and the report the plan asks of the org, built from its
// template, whose confirmation stays on screen.
import {api} from '/shared/api.js';
import {clear, field, h, toast} from '/shared/dom.js';
import {formatClock, formatDuration, formatTime, levelName, measureText, orderKind} from '/shared/format.js';
import * as live from './live.js';
import * as outbox from './outbox.js';

// Polled only while the app is not live (no MQTT over WebSocket).
const POLL_MS = 5000;
const OPEN = ['pending', 'delivered', 'received', 'overdue'];
const MAX_READ = 500;

// The last list, per account, for reading offline: {at, orders, level}.
const cacheKey = (ctx) => `hazegate.orders.${ctx.me.username}`;
const readKey = (ctx) => `hazegate.read.${ctx.me.username}`;
function cached(ctx) {
  try { return JSON.parse(localStorage.getItem(cacheKey(ctx))); } catch { return null; }
}
function remember(ctx, orders, level) {
  localStorage.setItem(cacheKey(ctx), JSON.stringify({at: new Date().toISOString(), orders, level}));
}
// Orders opened on this phone (the rest of the open ones are unread).
function readIds(ctx) {
  try { return new Set(JSON.parse(localStorage.getItem(readKey(ctx))) || []); } catch { return new Set(); }
}
function markRead(ctx, id) {
  const ids = [...readIds(ctx), id];
  localStorage.setItem(readKey(ctx), JSON.stringify([...new Set(ids)].slice(-MAX_READ)));
}

// What the note field suggests, by who the phone belongs to.
const NOTE_HINTS = {
  school: '如：已通知各班停止户外活动', enterprise: '如：已按要求限产',
  site: '如：已停止土石方作业', unit: '如：已部署落实', county: '如：已转发辖区单位',
};
export const noteHint = (ctx) => `备注（可选），${NOTE_HINTS[ctx.org?.kind] || NOTE_HINTS[ctx.me.role] || '如：已落实'}`;

// The highest level among active warnings covering `area` (or a parent).
export async function levelInForce(area) {
  const [areas, active] = await Promise.all([api('/areas?limit=1000'), api('/warnings?status=active')]);
  const chain = [];
  for (let code = area; code; code = (areas.find((a) => a.code === code) || {}).parent) chain.push(code);
  const rank = {yellow: 1, orange: 2, red: 3};
  return active.filter((w) => w.areas.some((a) => chain.includes(a)))
    .sort((a, b) => rank[b.level] - rank[a.level])[0] || null;
}

function countdown(order) {
  const el = h('span.countdown');
  const tick = () => {
    const left = (Date.parse(order.ack_due_at) - Date.now()) / 1000;
    el.textContent = left > 0 ? `剩余 ${formatDuration(left)}` : `已超时 ${formatDuration(-left)}`;
    el.classList.toggle('late', left <= 0);
  };
  tick();
  return {el, tick};
}

// Orders acknowledged on this phone but not yet sent (the outbox's acks).
async function pendingAcks() {
  return new Set((await outbox.items()).filter((i) => i.kind === 'ack').map((i) => i.order_id));
}

// [class, words]: what the person must do, not the delivery's state.
function statusOf(order, queued) {
  if (order.kind === 'lift_notice') return ['lift', order.status === 'acknowledged' ? '已确认' : '预警已解除'];
  if (queued.has(order.id) && OPEN.includes(order.status)) return ['queued', '已确认·待上传'];
  if (order.status === 'overdue') return ['overdue', '已超时·请确认'];
  if (OPEN.includes(order.status)) return ['todo', '待确认'];
  if (order.status === 'acknowledged') return ['acknowledged', '已确认'];
  return ['canceled', '已取消'];
}

// Acks the server already holds leave the outbox (a confirmation that came
// back while the phone was away from the page, or the list read after).
async function settleOutbox(orders) {
  const held = new Set(orders.filter((o) => o.status === 'acknowledged').map((o) => `ack-${o.id}`));
  for (const item of await outbox.items()) {
    if (item.kind === 'ack' && held.has(item.id)) await outbox.remove(item.id);
  }
}

export async function renderOrders(box, ctx) {
  let timer = null;
  let orders = [];
  let level = null;
  // The person's choice of tab, else 待确认 while anything waits.
  let chosen = sessionStorage.getItem('hazegate.view');
  const tickers = [];
  const banner = h('div.level-banner');
  const age = h('p.age#orders-age', {role: 'status'});
  const tabs = h('div.tabs', {role: 'tablist', 'aria-label': '指令筛选'});
  const list = h('div#orders');

  function drawLevel() {
    banner.className = `level-banner ${level ? level.level : 'none'}`;
    clear(banner, level ? [h('strong', levelName(level.level)), h('span', level.headline)] : h('span', '本区域当前无预警'));
  }

  async function showLevel() {
    level = ctx.org ? await levelInForce(ctx.org.area).catch(() => level) : null;
    drawLevel();
  }

  async function load() {
    [orders] = await Promise.all([api('/orders?limit=100'), showLevel()]);
    remember(ctx, orders, level);
    age.className = 'age';
    age.textContent = `更新于 ${formatClock()}`;
    await settleOutbox(orders);
    await draw();
  }

  // Offline: the list this phone last had, and how old it is.
  function fromCache() {
    const last = cached(ctx);
    if (!last) return false;
    orders = last.orders;
    level = last.level;
    drawLevel();
    const minutes = Math.max(0, Math.round((Date.now() - Date.parse(last.at)) / 60000));
    age.className = 'age stale';
    age.textContent = `离线：显示的是${minutes ? ` ${minutes} 分钟前` : '刚才'}更新的指令（${formatTime(last.at)}）`;
    return true;
  }

  async function draw() {
    const queued = await pendingAcks();
    const read = readIds(ctx);
    const waiting = orders.filter((o) => OPEN.includes(o.status) && !queued.has(o.id) && o.kind !== 'lift_notice');
    const unread = waiting.filter((o) => !read.has(o.id)).length;
    const allView = chosen ? chosen === 'all' : waiting.length === 0;
    // 待确认 first; 全部 adds the rest (canceled ones last).
    const shown = allView
      ? [...waiting, ...orders.filter((o) => !waiting.includes(o) && o.status !== 'canceled'),
        ...orders.filter((o) => o.status === 'canceled')]
      : waiting;
    const tab = (all, text) => h('button.tab', {type: 'button', role: 'tab', 'aria-selected': String(allView === all),
      onclick: () => { chosen = all ? 'all' : 'todo'; sessionStorage.setItem('hazegate.view', chosen); draw(); }}, text);
    clear(tabs, tab(false, [`待确认 ${waiting.length}`, unread ? h('span.unread-count', {'aria-label': `${unread}条未读`}, `${unread}未读`) : null]),
      tab(true, `全部 ${orders.length}`));
    tickers.length = 0;
    clear(list, shown.length ? shown.map((o) => {
      const [cls, text] = statusOf(o, queued);
      const open = OPEN.includes(o.status) && !queued.has(o.id) && o.kind !== 'lift_notice';
      const clock = countdown(o);
      if (open) tickers.push(clock.tick);
      const colour = o.status === 'canceled' ? 'none' : o.kind === 'lift_notice' ? 'lift' : o.level || 'none';
      return h(`a.order-card.${colour}`, {href: `#/orders/${o.id}`, dataset: {order: o.id, status: cls}},
        h('div.row', o.kind === 'lift_notice' ? h('span.badge.lift', '解除')
          : o.level && o.status !== 'canceled' ? h(`span.badge.${o.level}`, levelName(o.level)) : null,
        o.exercise ? h('span.badge.drill', '演练') : null,
        open && !read.has(o.id) ? h('span.unread', '未读') : null,
        h(`span.status.${cls}${open ? `.${o.level || 'none'}` : ''}`, text)),
        h('strong.order-title', o.title),
        h('div.row.muted', h('span', orderKind(o.kind)),
          open ? clock.el : h('span', o.status === 'canceled' ? '预警已解除或调整，无需再确认'
            : formatTime(o.acked_at || o.effective_at))));
    }) : h('p.muted.empty', allView ? '暂无指令。' : '没有待确认的指令。'));
  }

  clear(box, banner, h('div.list-head', h('h1', '本单位指令'), age), tabs, list);
  try {
    await load();
  } catch (e) {
    if (navigator.onLine && e.status) throw e;
    if (!fromCache()) clear(list, h('p.muted', '离线：本机还没有保存过指令，联网后显示。'));
    else await draw();
  }
  const secondTimer = setInterval(() => tickers.forEach((t) => t()), 1000);
  const poll = async () => {
    if (!live.isLive()) {
      try { await load(); } catch { if (!navigator.onLine) fromCache(); }
    }
    timer = setTimeout(poll, POLL_MS);
  };
  timer = setTimeout(poll, POLL_MS);
  const offline = () => { fromCache(); };
  window.addEventListener('offline', offline);
  // Live: an order, a cancel or a confirmation changes the list in place
  // (no request); the level is read again when its topic changes.
  const update = (id, change) => {
    orders = orders.map((o) => (o.id === id ? {...o, ...change} : o));
    remember(ctx, orders, level);
    draw();
  };
  const unsubscribe = live.subscribe((event) => {
    if (event.type === 'order') {
      const known = orders.find((o) => o.id === event.order.id);
      // A repeat of one acknowledged or canceled meanwhile keeps that.
      const status = known && !OPEN.includes(known.status) ? known.status
        : OPEN.includes(event.order.status) ? 'received' : event.order.status;
      const arrived = {...event.order, status, acked_at: known?.acked_at ?? event.order.acked_at};
      orders = [arrived, ...orders.filter((o) => o.id !== arrived.id)];
      remember(ctx, orders, level);
      draw();
    } else if (event.type === 'cancel') {
      update(event.order_id, {status: 'canceled'});
    } else if (event.type === 'acked') {
      update(event.order_id, {status: 'acknowledged', acked_at: event.acked_at});
      settleOutbox(orders);
    } else if (event.type === 'level') {
      showLevel().then(() => remember(ctx, orders, level));
    } else if (event.type === 'state') {
      // Live: what was sent before the subscription; offline: polling.
      load().catch(() => {});
    }
  });
  return () => {
    clearTimeout(timer); clearInterval(secondTimer); unsubscribe();
    window.removeEventListener('offline', offline);
  };
}

const SECTOR_WORDS = {school: ['学校', '所'], site: ['工地', '个'], enterprise: ['企业', '家']};

// A unit's sector in this warning (教育局: its schools …) as a line for its
// report, with a button that puts it into the text; nothing for others.
function sectorPrefill(ctx, order, text) {
  const box = h('div.sector-prefill');
  if (ctx.me?.role !== 'unit' || !order.warning_id) return box;
  api(`/warnings/${order.warning_id}/sector`).then(({sectors}) => {
    if (!sectors.length) return;
    const line = sectors.map((s) => {
      const [name, unit] = SECTOR_WORDS[s.kind] || [s.kind, '个'];
      return `${name}已确认落实 ${s.acknowledged} ${unit} / 应落实 ${s.orders} ${unit}（已报送落实情况 ${s.reported} ${unit}）`;
    }).join('；');
    box.append(h('p.muted#sector-line', `本行业：${line}`),
      h('button.secondary#sector-fill', {type: 'button', onclick: () => {
        text.value = `${line}。${text.value ? `\n${text.value}` : ''}`;
      }}, '填入本行业落实情况'));
  }).catch(() => {});
  return box;
}

function reportForm(ctx, order, due) {
  // One id per report: a retry after a lost answer is the same report.
  const id = crypto.randomUUID();
  const text = h('textarea#report-text', {rows: 4, required: true, maxLength: 4000, placeholder: '落实情况（必填）'});
  const inputs = due.figures.map((f) => h('input', {type: 'number', min: 0, max: f.max ?? 1e9, step: 'any', inputMode: 'decimal', required: true, name: f.name}));
  const error = h('p.error-text', {role: 'alert'});
  const form = h('form.card#report-form', {onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    const figures = Object.fromEntries(inputs.map((i) => [i.name, Number(i.value)]));
    try {
      const filed = await api(`/orders/${order.id}/reports`, {method: 'POST', body: {id, text: text.value.trim(), figures}});
      // The confirmation stays where the form was.
      form.replaceWith(h('section.card.report-done#report-done', {role: 'status'},
        h('h2', `✓ ${due.title}已提交`),
        h('p', `提交时间 ${formatTime(filed.created_at || new Date())}`),
        h('p.muted', filed.text || text.value.trim())));
      toast('报告已提交');
    } catch (e) {
      error.textContent = navigator.onLine ? e.message : '离线：请联网后提交报告';
    }
  }}, h('h2', `${due.title}（${formatTime(due.due_at)}前）`),
  field('落实情况', text), sectorPrefill(ctx, order, text), due.figures.map((f, i) => field(`${f.name}（${f.unit || ''}）`, inputs[i])), error,
  h('button.big', {type: 'submit'}, '提交报告'));
  return form;
}

export async function renderOrder(box, ctx, id) {
  let orders;
  try {
    orders = await api('/orders?limit=200');
  } catch (e) {
    if (navigator.onLine && e.status) throw e;
    orders = cached(ctx)?.orders || [];  // offline: as last read
  }
  const order = orders.find((o) => o.id === id);
  if (order) markRead(ctx, order.id);
  if (!order) {
    clear(box, h('p', '未找到该指令。'), h('a', {href: '#/orders'}, '返回'));
    return;
  }
  const queued = await pendingAcks();
  const [cls, text] = statusOf(order, queued);
  const note = h('textarea#ack-note', {rows: 2, placeholder: noteHint(ctx)});
  const canAck = OPEN.includes(order.status) && !queued.has(order.id) && order.kind !== 'lift_notice';
  let dues = [];
  if (order.warning_id) {
    dues = (await api(`/warnings/${order.warning_id}/reporting`).catch(() => []))
      .filter((d) => d.org === ctx.me.org && d.order_id === order.id && ['due', 'missing'].includes(d.status));
  }
  const clock = countdown(order);
  const secondTimer = canAck ? setInterval(clock.tick, 1000) : null;
  clear(box,
    h('a.back', {href: '#/orders'}, '‹ 返回列表'),
    order.exercise ? h('p.drill-banner#drill-banner', {role: 'note'},
      '演练 · 本指令为应急演练，不是真实预警。请按演练要求确认和报告。') : null,
    h(`article.card.order-detail.${order.level || 'none'}`,
      h('div.row', order.kind === 'lift_notice' ? h('span.badge.lift', '解除')
        : order.level && order.status !== 'canceled' ? h(`span.badge.${order.level}`, levelName(order.level)) : null,
      h(`span.status.${cls}${canAck ? `.${order.level || 'none'}` : ''}`, text)),
      h('h1', order.title),
      h('p.muted', `${orderKind(order.kind)} · 生效 ${formatTime(order.effective_at)}`),
      h('p.muted', `确认时限 ${formatTime(order.ack_due_at)} `, canAck ? clock.el : null),
      h('p.body', order.body),
      order.measures && order.measures.length
        ? h('div', h('h2', '措施'), h('ol.measures', order.measures.map((m) => h('li', measureText(m))))) : null),
    canAck ? h('section.card', field('备注', note),
      h('button.big.ack#ack', {type: 'button', onclick: async (event) => {
        const text = note.value.trim();
        const tapped = new Date().toISOString();  // kept beside the server's time
        event.target.disabled = true;
        // Live: over MQTT, confirmed by the server; else (or unconfirmed)
        // the outbox sends it over HTTPS, now or once online.
        if (await live.ack(order.id, text)) {
          toast('已确认（服务器已记录）');
        } else {
          await outbox.enqueue({id: `ack-${order.id}`, kind: 'ack', order_id: order.id,
            label: `确认：${order.title}`, path: `/api/v1/orders/${order.id}/ack`,
            body: text ? {note: text, acked_at_client: tapped} : {acked_at_client: tapped}});
          toast(navigator.onLine ? '已确认' : '已确认，联网后自动上传');
        }
        location.hash = '#/orders';
      }}, '确认收到'))
      : order.acked_at ? h('p.ok-text.card', `已于 ${formatTime(order.acked_at_client || order.acked_at)} 确认`)
        : order.status === 'canceled' ? h('p.card.muted', '该指令已取消（预警已解除或调整），无需再确认。') : null,
    dues.map((d) => reportForm(ctx, order, d)));
  return () => clearInterval(secondTimer);
}
