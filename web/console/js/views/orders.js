// 本单位指令: the orders addressed to the user's own org (a unit's tasks, a
// county's notices and escalations, the command's approval requests), with
// acknowledgement.
import {api} from '/shared/api.js';
import {clear, h, toast} from '/shared/dom.js';
import {formatTime, levelName, orderKind, orderPath, orderStatus} from '/shared/format.js';

export async function renderOrders(main) {
  async function reload() {
    const orders = await api('/orders?limit=100');
    clear(main, h('div.page-head', h('h1', '本单位指令')),
      orders.length ? orders.map((o) => h(`section.card.order.${o.level || 'none'}`, {dataset: {order: o.id}},
        h('header.warning-head', o.level ? h(`span.badge.${o.level}`, levelName(o.level)) : null,
          h('h2', o.title), h(`span.status.${o.status}`, orderStatus(o.status))),
        h('p.meta', `${orderKind(o.kind)} · 确认时限：${formatTime(o.ack_due_at)} · 送达途径：${orderPath(o)}`),
        h('p.body', o.body),
        ['delivered', 'received', 'overdue', 'pending'].includes(o.status)
          ? h('div.actions', h('button', {type: 'button', onclick: async () => {
            try {
              await api(`/orders/${o.id}/ack`, {method: 'POST', body: {}});
              toast('已确认');
              await reload();
            } catch (e) { toast(e.message, 'error'); }
          }}, '确认收到'))
          : o.acked_at ? h('p.ok-text', `已于${formatTime(o.acked_at)}确认`) : null))
        : h('section.card', h('p', '本单位暂无指令。')));
  }
  await reload();
}
