// Recipients: the level in force for the org's area; its orders newest
// first with the level's colour, the deadline counting down and the status
// (fetching them is their receipt); an order's full text and measures, a
// large 确认收到 (with an optional note) that works offline, and the report
// the plan asks of the org, built from its template.
import {api} from '/shared/api.js';
import {clear, field, h, toast} from '/shared/dom.js';
import {formatDuration, formatTime, levelName, measureText, orderKind, orderStatus} from '/shared/format.js';
import * as live from './live.js';
import * as outbox from './outbox.js';

// Polled only while the app is not live (no MQTT over WebSocket).
const POLL_MS = 5000;
const OPEN = ['pending', 'delivered', 'received', 'overdue'];

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

function statusOf(order, queued) {
  if (queued.has(order.id) && OPEN.includes(order.status)) return ['queued', '已确认（待上传）'];
  return [order.status, orderStatus(order.status)];
}

export async function renderOrders(box, ctx) {
  let timer = null;
  let orders = [];
  const tickers = [];
  const banner = h('div.level-banner');
  const list = h('div#orders');

  async function showLevel() {
    const level = ctx.org ? await levelInForce(ctx.org.area).catch(() => null) : null;
    banner.className = `level-banner ${level ? level.level : 'none'}`;
    clear(banner, level ? [h('strong', levelName(level.level)), h('span', level.headline)] : h('span', '本区域当前无预警'));
  }

  async function load() {
    [orders] = await Promise.all([api('/orders?limit=100'), showLevel()]);
    await draw();
  }

  async function draw() {
    const queued = await pendingAcks();
    tickers.length = 0;
    clear(list, orders.length ? orders.map((o) => {
      const [cls, text] = statusOf(o, queued);
      const clock = countdown(o);
      if (OPEN.includes(o.status) && !queued.has(o.id)) tickers.push(clock.tick);
      return h(`a.order-card.${o.level || 'none'}`, {href: `#/orders/${o.id}`, dataset: {order: o.id}},
        h('div.row', o.level ? h(`span.badge.${o.level}`, levelName(o.level)) : null, h(`span.status.${cls}`, text)),
        h('strong.order-title', o.title),
        h('div.row.muted', h('span', orderKind(o.kind)),
          OPEN.includes(o.status) && !queued.has(o.id) ? clock.el : h('span', formatTime(o.acked_at || o.ack_due_at))));
    }) : h('p.muted', '暂无指令。'));
  }

  clear(box, banner, h('h1', '本单位指令'), list);
  try {
    await load();
  } catch (e) {
    if (navigator.onLine) throw e;
    clear(list, h('p.muted', '离线：连接网络后显示最新指令。'));
  }
  const secondTimer = setInterval(() => tickers.forEach((t) => t()), 1000);
  const poll = async () => {
    if (!live.isLive()) {
      try { await load(); } catch { /* offline: keep what is shown */ }
    }
    timer = setTimeout(poll, POLL_MS);
  };
  timer = setTimeout(poll, POLL_MS);
  // Live: an order, a cancel or a confirmation changes the list in place
  // (no request); the level is read again when its topic changes.
  const update = (id, change) => {
    orders = orders.map((o) => (o.id === id ? {...o, ...change} : o));
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
      draw();
    } else if (event.type === 'cancel') {
      update(event.order_id, {status: 'canceled'});
    } else if (event.type === 'acked') {
      update(event.order_id, {status: 'acknowledged', acked_at: event.acked_at});
    } else if (event.type === 'level') {
      showLevel();
    } else if (event.type === 'state') {
      // Live: what was sent before the subscription; offline: polling.
      load().catch(() => {});
    }
  });
  return () => { clearTimeout(timer); clearInterval(secondTimer); unsubscribe(); };
}

function reportForm(order, due) {
  // One id per report: a retry after a lost answer is the same report.
  const id = crypto.randomUUID();
  const text = h('textarea#report-text', {rows: 4, required: true, maxLength: 4000, placeholder: '落实情况（必填）'});
  const inputs = due.figures.map((f) => h('input', {type: 'number', min: 0, max: f.max ?? 1e9, step: 'any', inputMode: 'decimal', required: true, name: f.name}));
  const error = h('p.error-text', {role: 'alert'});
  return h('form.card#report-form', {onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    const figures = Object.fromEntries(inputs.map((i) => [i.name, Number(i.value)]));
    try {
      await api(`/orders/${order.id}/reports`, {method: 'POST', body: {id, text: text.value.trim(), figures}});
      toast('报告已提交');
      location.reload();
    } catch (e) {
      error.textContent = navigator.onLine ? e.message : '离线：请联网后提交报告';
    }
  }}, h('h2', `${due.title}（${formatTime(due.due_at)}前）`),
  field('落实情况', text), due.figures.map((f, i) => field(`${f.name}（${f.unit || ''}）`, inputs[i])), error,
  h('button.big', {type: 'submit'}, '提交报告'));
}

export async function renderOrder(box, ctx, id) {
  const orders = await api('/orders?limit=200');
  const order = orders.find((o) => o.id === id);
  if (!order) {
    clear(box, h('p', '未找到该指令。'), h('a', {href: '#/orders'}, '返回'));
    return;
  }
  const queued = await pendingAcks();
  const [cls, text] = statusOf(order, queued);
  const note = h('textarea#ack-note', {rows: 2, placeholder: '备注（可选），如：已按要求限产'});
  const canAck = OPEN.includes(order.status) && !queued.has(order.id);
  let dues = [];
  if (order.warning_id) {
    dues = (await api(`/warnings/${order.warning_id}/reporting`).catch(() => []))
      .filter((d) => d.org === ctx.me.org && d.order_id === order.id && ['due', 'missing'].includes(d.status));
  }
  const clock = countdown(order);
  const secondTimer = canAck ? setInterval(clock.tick, 1000) : null;
  clear(box,
    h('a.back', {href: '#/orders'}, '‹ 返回列表'),
    h(`article.card.order-detail.${order.level || 'none'}`,
      h('div.row', order.level ? h(`span.badge.${order.level}`, levelName(order.level)) : null, h(`span.status.${cls}`, text)),
      h('h1', order.title),
      h('p.muted', `${orderKind(order.kind)} · 生效 ${formatTime(order.effective_at)}`),
      h('p.muted', `确认时限 ${formatTime(order.ack_due_at)} `, canAck ? clock.el : null),
      h('p.body', order.body),
      order.measures && order.measures.length
        ? h('div', h('h2', '措施'), h('ol.measures', order.measures.map((m) => h('li', measureText(m))))) : null),
    canAck ? h('section.card', field('备注', note),
      h('button.big.ack#ack', {type: 'button', onclick: async (event) => {
        const text = note.value.trim();
        event.target.disabled = true;
        // Live: over MQTT, confirmed by the server; else (or unconfirmed)
        // the outbox sends it over HTTPS, now or once online.
        if (await live.ack(order.id, text)) {
          toast('已确认（服务器已记录）');
        } else {
          await outbox.enqueue({id: `ack-${order.id}`, kind: 'ack', order_id: order.id,
            label: `确认：${order.title}`, path: `/api/v1/orders/${order.id}/ack`,
            body: text ? {note: text} : {}});
          toast(navigator.onLine ? '已确认' : '已确认，联网后自动上传');
        }
        location.hash = '#/orders';
      }}, '确认收到')) : order.acked_at ? h('p.ok-text.card', `已于 ${formatTime(order.acked_at)} 确认`) : null,
    dues.map((d) => reportForm(order, d)));
  return () => clearInterval(secondTimer);
}
