// 本单位指令: the orders addressed to the user's own org (a unit's tasks, a
// county's notices and escalations, the command's approval requests), open
// ones first. Escalations (超时督办) show the silent org's contacts, can be
// sent to it again (MQTT and SMS) and acknowledged several at once; an
// approval request links to its 待审批 page. Filter (?show=all) in the URL;
// refreshed every 10 s.
import {api} from '/shared/api.js';
import {clear, confirmDialog, h, toast} from '/shared/dom.js';
import {formatClock, formatTime, levelName, orderKind, orderPath, orderStatus} from '/shared/format.js';

const OPEN = ['delivered', 'received', 'overdue', 'pending'];
const POLL_MS = 10000;

async function sendAgain(o, ctx) {
  const silent = o.measures[0] || {};
  const name = ctx.orgName(silent.org || '');
  if (!await confirmDialog('再次发送', `把超时未确认的指令再次发送给“${name}”（推送到其设备，并给登记的联系人发短信）？`, '再次发送')) return;
  try {
    const sent = await api(`/orders/${o.refers_to || silent.order_id}/send-again`, {method: 'POST'});
    toast(sent.sms ? `已再次发送：推送1条，短信${sent.sms}条` : '已再次推送（该单位无登记手机号，未发短信）');
  } catch (e) { toast(e.message, 'error'); }
}

// The silent org's contacts, read when its escalation is drawn.
function contactsOf(orgId) {
  const box = h('div.contacts-box', h('p.muted', '正在读取联系人…'));
  api(`/orgs/${encodeURIComponent(orgId)}`).then((org) => {
    const contacts = org.contacts || [];
    clear(box, contacts.length
      ? h('ul.contacts', contacts.map((c) => h('li', `${c.name}${c.duty ? `（${c.duty}）` : ''}：`,
        h('a', {href: `tel:${c.phone}`}, c.phone))))
      : h('p.muted', '该单位未登记联系人。'));
  }).catch(() => clear(box, h('p.muted', '无权查看该单位联系人。')));
  return box;
}

function orderCard(o, ctx, selected, reload) {
  const open = OPEN.includes(o.status);
  const escalation = o.kind === 'escalation';
  const silentOrg = escalation && o.measures[0] ? o.measures[0].org : null;
  const pick = escalation && open ? h('input', {type: 'checkbox', 'aria-label': `选择：${o.title}`,
    checked: selected.has(o.id), onchange: (e) => {
      if (e.target.checked) selected.add(o.id); else selected.delete(o.id);
      reload.counts();
    }}) : null;
  return h(`section.card.order.${o.level || 'none'}`, {dataset: {order: o.id}},
    h('header.warning-head', pick, o.level ? h(`span.badge.${o.level}`, levelName(o.level)) : null,
      h('h2', o.title), h(`span.status.${o.status}`, orderStatus(o.status))),
    h('p.meta', `${orderKind(o.kind)} · 确认时限：${formatTime(o.ack_due_at)} · 送达途径：${orderPath(o)}`),
    h('p.body', o.body),
    silentOrg ? h('div', h('h3', `${ctx.orgName(silentOrg)} 联系人`), contactsOf(silentOrg)) : null,
    o.kind === 'approval_request' && o.warning_id
      ? h('p', h('a.button-link', {href: `#/approvals?warning=${o.warning_id}`}, '前往待审批处理')) : null,
    open ? h('div.actions',
      escalation ? h('button.secondary', {type: 'button', onclick: () => sendAgain(o, ctx)}, '再次发送') : null,
      h('button', {type: 'button', onclick: async () => {
        try {
          await api(`/orders/${o.id}/ack`, {method: 'POST', body: {}});
          toast('已确认');
          await reload();
        } catch (e) { toast(e.message, 'error'); }
      }}, '确认收到'))
      : o.acked_at ? h('p.ok-text', `已于${formatTime(o.acked_at)}确认`) : null);
}

export async function renderOrders(main, ctx) {
  const selected = new Set();
  const updated = h('span.muted.updated');
  const show = h('select#orders-show', h('option', {value: ''}, '待处理'), h('option', {value: 'all'}, '全部'));
  show.value = ctx.params.get('show') || '';
  const bulkCount = h('span');
  const bulk = h('div.card.bulk#orders-bulk', {hidden: true}, bulkCount,
    h('button#ack-selected', {type: 'button', onclick: async () => {
      const ids = [...selected];
      let done = 0;
      for (const id of ids) {
        try { await api(`/orders/${id}/ack`, {method: 'POST', body: {}}); done += 1; selected.delete(id); } catch { /* shown below */ }
      }
      toast(done === ids.length ? `已确认${done}条督办` : `已确认${done}条，${ids.length - done}条未成功`, done === ids.length ? 'info' : 'error');
      await reload();
    }}, '确认所选'),
    h('button.secondary', {type: 'button', onclick: () => { selected.clear(); reload(); }}, '取消选择'));
  const list = h('div#order-list');
  let timer = null, stopped = false;

  reload.counts = () => {
    bulk.hidden = selected.size === 0;
    bulkCount.textContent = `已选择 ${selected.size} 条超时督办`;
  };
  async function reload() {
    const orders = await api('/orders?limit=100');
    const shown = orders.filter((o) => show.value === 'all' || OPEN.includes(o.status));
    for (const id of [...selected]) if (!shown.some((o) => o.id === id && OPEN.includes(o.status))) selected.delete(id);
    const escalations = shown.filter((o) => o.kind === 'escalation' && OPEN.includes(o.status));
    updated.textContent = `更新于 ${formatClock()}`;
    clear(list,
      escalations.length > 1 ? h('p', h('button.secondary#select-all', {type: 'button', onclick: () => {
        for (const o of escalations) selected.add(o.id);
        reload();
      }}, `全选超时督办（${escalations.length}条）`)) : null,
      shown.length ? shown.map((o) => orderCard(o, ctx, selected, reload))
        : h('section.card', h('p', show.value === 'all' ? '本单位暂无指令。' : '没有待处理的指令。')));
    reload.counts();
    const focus = ctx.params.get('order');
    const card = focus && list.querySelector(`[data-order="${CSS.escape(focus)}"]`);
    if (card && !reload.focused) { card.scrollIntoView({block: 'center'}); reload.focused = true; }
  }
  show.addEventListener('change', () => { ctx.setParams({show: show.value}); reload(); });
  clear(main, h('div.page-head', h('h1', '本单位指令'), updated),
    h('section.card.filters', h('label.field', h('span.label', '显示'), show)), bulk, list);
  await reload();
  const tick = async () => {
    if (stopped) return;
    if (selected.size === 0) await reload().catch(() => {});
    timer = setTimeout(tick, POLL_MS);
  };
  timer = setTimeout(tick, POLL_MS);
  return () => { stopped = true; clearTimeout(timer); };
}
