// 问责线索: official bodies' failures the system found across warnings
// (no acknowledgement in time, reports missing or late, escalations left,
// rectifications overdue), each with its evidence and history; the
// discipline commission (州纪委监委) moves them on with a note. Others see
// their own body's; the list exports as CSV for the commission's files.
// Filters in the URL (?status=).
import {api, download} from '/shared/api.js';
import {clear, field, h, toast} from '/shared/dom.js';
import {formatTime} from '/shared/format.js';

const KINDS = {
  no_ack: '未按时确认指令', escalation_unhandled: '督办未处理', report_missing: '未报送落实情况',
  report_late: '迟报落实情况', rectification_overdue: '整改逾期未办结'};
const STATUSES = {
  new: '新线索', checking: '核查中', reminded: '谈话提醒', criticised: '通报批评',
  held_accountable: '问责', dismissed: '不予追究'};

function evidence(lead) {
  const e = lead.evidence;
  if (e.order_ids) return h('span', {title: e.order_ids.join('\n')}, `超时指令 ${e.order_ids.length} 条`);
  if (e.report_due_ids) return `应报报告 ${e.report_due_ids.length} 份`;
  if (e.case_ids) return `案件：${e.case_ids.join('、')}`;
  return '—';
}

function actionForm(lead, onDone) {
  const status = h('select', {id: `lead-status-${lead.id}`},
    Object.entries(STATUSES).filter(([k]) => k !== 'new')
      .map(([k, v]) => h('option', {value: k, selected: k === 'checking'}, v)));
  const note = h('input', {id: `lead-note-${lead.id}`, maxLength: 500, required: true, placeholder: '处理意见'});
  return h('form.lead-action', {onsubmit: async (event) => {
    event.preventDefault();
    try {
      await api(`/accountability/leads/${lead.id}/actions`, {method: 'POST',
        body: {status: status.value, note: note.value.trim()}});
      toast('已记录');
      onDone();
    } catch (e) { toast(e.message, 'error'); }
  }}, field('处理', status), field('意见', note), h('button', {type: 'submit'}, '提交'));
}

export async function renderLeads(main, ctx) {
  const commission = !!ctx.me.discipline_commission;
  async function reload() {
    const status = ctx.params.get('status') || '';
    const leads = await api(`/accountability/leads${status ? `?status=${status}` : ''}`);
    const filter = h('select#lead-filter', {onchange: () => { ctx.setParams({status: filter.value}); reload(); }},
      h('option', {value: ''}, '全部状态'),
      Object.entries(STATUSES).map(([k, v]) => h('option', {value: k, selected: k === status}, v)));
    const exportCsv = h('button.secondary#leads-csv', {type: 'button', onclick: () => download(
      `/accountability/leads.csv${status ? `?status=${status}` : ''}`, '问责线索.csv').catch((e) => toast(e.message, 'error'))},
    '导出 CSV');
    clear(main, h('div.page-head', h('h1', '问责线索'), field('状态', filter), exportCsv),
      h('p.muted', commission ? '本单位为州纪委监委：可对线索作出处理，每一步记入审计日志。'
        : '系统自动发现的履职问题线索。'),
      h('section.card', leads.length ? h('table.list#leads',
        h('thead', h('tr', h('th', '单位'), h('th', '问题'), h('th', '证据'), h('th', '发现时间'),
          h('th', '状态'), h('th', '经过'), commission ? h('th', '处理') : null)),
        h('tbody', leads.map((l) => h('tr', {dataset: {lead: l.id, org: l.org}},
          h('td', ctx.orgName(l.org)), h('td', KINDS[l.kind] || l.kind), h('td.small', evidence(l)),
          h('td', formatTime(l.found_at)),
          h('td', h(`span.lead-status.${l.status}`, STATUSES[l.status] || l.status)),
          h('td', h('ol.history', l.history.map((s) => h('li',
            `${formatTime(s.at)} ${STATUSES[s.status] || s.status} · ${s.by}${s.note ? `：${s.note}` : ''}`)))),
          commission ? h('td', actionForm(l, reload)) : null))))
        : h('p.muted', '暂无线索。')));
  }
  await reload();
}
