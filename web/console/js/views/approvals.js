// 待审批: the command approves or rejects the office's orange and red
// proposals, seeing first how many recipients approval will reach.
import {api} from '/shared/api.js';
import {clear, confirmDialog, field, h, toast} from '/shared/dom.js';
import {formatTime, kindName, levelName} from '/shared/format.js';

async function decide(warning, approve, reload) {
  if (approve) {
    const preview = await api('/warnings/preview', {method: 'POST', body: {
      level: warning.level, areas: warning.areas, starts_at: warning.starts_at,
      reason: warning.reason, supersedes: warning.supersedes || undefined}});
    const kinds = Object.entries(preview.recipients).map(([k, n]) => `${kindName(k)}${n}家`).join('、');
    if (!await confirmDialog('批准预警', h('p', `批准后立即生效，向${preview.orgs}家单位发送${preview.orders}条指令（${kinds}）。`), '批准')) return;
    await api(`/warnings/${warning.id}/approve`, {method: 'POST'});
    toast('已批准，指令正在发送');
  } else {
    const reason = h('textarea#reject-reason', {rows: 3});
    if (!await confirmDialog('驳回预警', field('驳回理由', reason), '驳回', true)) return;
    await api(`/warnings/${warning.id}/reject`, {method: 'POST', body: {reason: reason.value.trim()}});
    toast('已驳回');
  }
  await reload();
}

export async function renderApprovals(main, ctx) {
  async function reload() {
    const pending = await api('/warnings?status=proposed&limit=100');
    clear(main, h('div.page-head', h('h1', '待审批预警')),
      pending.length ? pending.map((w) => h(`section.card.warning.${w.level}`, {dataset: {warning: w.id}},
        h('header.warning-head', h(`span.badge.${w.level}`, levelName(w.level)), h('h2', w.headline)),
        h('p.meta', `范围：${w.areas.map(ctx.areaName).join('、')} · 开始：${formatTime(w.starts_at)} · 提出：${w.proposed_by}`),
        h('p', `依据：${w.reason}`),
        h('div.actions',
          h('button.danger', {type: 'button', onclick: () => decide(w, false, reload).catch((e) => toast(e.message, 'error'))}, '驳回'),
          h('button.approve', {type: 'button', onclick: () => decide(w, true, reload).catch((e) => toast(e.message, 'error'))}, '批准'))))
        : h('section.card', h('p', '没有待审批的预警。')));
    // From an approval request's link (#/approvals?warning=ID): that one.
    const wanted = ctx.params.get('warning');
    const card = wanted && main.querySelector(`[data-warning="${CSS.escape(wanted)}"]`);
    if (card) {
      card.classList.add('focus');
      card.scrollIntoView({block: 'center'});
    }
  }
  await reload();
}
