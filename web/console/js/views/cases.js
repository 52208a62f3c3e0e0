// 案件处置: the queue of cases by age (oldest open first) and a case's page:
// its reports with photos and flags, its history, and the actions of the
// office and the site's county (rectification with a due date, penalty,
// referral, close).
import {api} from '/shared/api.js';
import {clear, field, h, toast} from '/shared/dom.js';
import {caseAction, caseStatus, caseType, formatClock, formatDuration, formatTime} from '/shared/format.js';
import {parseLocalInput, timeInput} from '/shared/time_input.js';
import {inspectionDetail} from './inspections.js';

const OPEN = ['open', 'rectifying', 'penalized'];
const ALLOWED = {
  open: ['order_rectification', 'record_penalty', 'refer_discipline', 'close'],
  rectifying: ['order_rectification', 'record_penalty', 'refer_discipline', 'close'],
  penalized: ['refer_discipline', 'close'],
  closed: [],
};

export async function renderCases(main, ctx) {
  const status = h('select#case-status', h('option', {value: ''}, '未结案'),
    ['open', 'rectifying', 'penalized', 'closed'].map((s) => h('option', {value: s}, caseStatus(s))));
  const list = h('div#case-list');
  async function load() {
    const cases = await api(`/cases?limit=500${status.value ? `&status=${status.value}` : ''}`);
    const shown = cases.filter((c) => status.value || OPEN.includes(c.status))
      .sort((a, b) => a.opened_at.localeCompare(b.opened_at));
    const now = Date.now();
    clear(list, shown.length ? h('table.list', h('thead', h('tr', h('th', '立案时间'), h('th', '已历时'),
      h('th', '现场'), h('th', '类型'), h('th', '状态'), h('th', '处置记录'))),
    h('tbody', shown.map((c) => h('tr.clickable', {tabIndex: 0, dataset: {case: c.id},
      onclick: () => { location.hash = `#/cases/${c.id}`; },
      onkeydown: (e) => { if (e.key === 'Enter') location.hash = `#/cases/${c.id}`; }},
    h('td', formatTime(c.opened_at)), h('td', formatDuration((now - Date.parse(c.opened_at)) / 1000)),
    h('td', h('a', {href: `#/cases/${c.id}`}, ctx.orgName(c.site))), h('td', caseType(c.type)),
    h('td', h(`span.case-status.${c.status}`, caseStatus(c.status))), h('td.num', c.actions.length)))))
      : h('p.muted', '没有案件。'));
  }
  status.value = ctx.params.get('status') || '';
  status.addEventListener('change', () => { ctx.setParams({status: status.value}); load(); });
  const updated = h('span.muted.updated');
  clear(main, h('div.page-head', h('h1', '案件处置'), updated),
    h('section.card.filters', field('状态', status)), h('section.card', list));
  const refresh = async () => { await load(); updated.textContent = `更新于 ${formatClock()}`; };
  await refresh();
  const timer = setInterval(() => refresh().catch(() => {}), 30000);
  return () => clearInterval(timer);
}

function actionForm(c, ctx, reload) {
  const action = h('select#case-action', ALLOWED[c.status].map((a) => h('option', {value: a}, caseAction(a))));
  const note = h('textarea#case-note', {rows: 2, required: true, placeholder: '处置意见（必填）'});
  const due = timeInput('input#case-due', {date: new Date(Date.now() + 24 * 3600e3)});
  const dueField = field('整改期限', due, '责令整改时发送整改通知给企业');
  const error = h('p.error-text', {role: 'alert'});
  const syncDue = () => { dueField.hidden = action.value !== 'order_rectification'; };
  action.addEventListener('change', syncDue);
  syncDue();
  return h('form.card#case-actions', {onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      await api(`/cases/${c.id}/actions`, {method: 'POST', body: {
        action: action.value, note: note.value.trim(),
        due_at: action.value === 'order_rectification' ? parseLocalInput(due.value, '整改期限') : undefined}});
      toast(`已${caseAction(action.value)}`);
      await reload();
    } catch (e) {
      error.textContent = e.message;
    }
  }}, h('h2', '处置'), h('div.form-grid', field('措施', action), dueField), field('意见', note), error,
  h('div.actions', h('button#case-submit', {type: 'submit'}, '提交')));
}

export async function renderCase(main, ctx, [id]) {
  async function reload() {
    const c = await api(`/cases/${id}`);
    const reports = await Promise.all(c.reports.map((r) => api(`/inspections/${r}`).catch(() => null)));
    const canAct = ctx.can('office', 'county') && ALLOWED[c.status].length;
    clear(main,
      h('div.page-head', h('h1', `案件：${ctx.orgName(c.site)}`), h('a', {href: '#/cases'}, '返回案件列表')),
      h('div.split', h('div', h('section.card#case-summary',
        h('dl.facts',
          h('dt', '状态'), h('dd', h(`span.case-status.${c.status}`, caseStatus(c.status))),
          h('dt', '类型'), h('dd', caseType(c.type)),
          h('dt', '立案'), h('dd', formatTime(c.opened_at)),
          c.closed_at ? [h('dt', '结案'), h('dd', formatTime(c.closed_at))] : null,
          h('dt', '预警'), h('dd', c.warning_id ? h('a', {href: `#/reports/${c.warning_id}`}, c.warning_id) : '—'))),
      h('section.card', h('h2', '处置记录'),
        h('ol.timeline', c.actions.map((a) => h('li', h('strong', caseAction(a.action)),
          ` · ${formatTime(a.at)} · ${a.by}`, a.note ? h('p', a.note) : null)))),
      canAct ? actionForm(c, ctx, reload) : null),
      h('section.card', h('h2', `检查报告（${reports.filter(Boolean).length}）`),
        reports.filter(Boolean).map((r) => inspectionDetail(r, ctx, true)))));
  }
  await reload();
}
