// 报告与评估: a warning's reporting schedule (who owes which report by when)
// and the reports filed, the evaluation's key figures, and the exports
// (orders CSV, inspections CSV and GeoJSON, CAP, reports CSV, the printable
// summary).
import {api, download} from '/shared/api.js';
import {clear, field, h, toast} from '/shared/dom.js';
import {formatTime, kindName, levelName, reportStatus, warningStatus} from '/shared/format.js';

const STAGES = [
  ['consultation_to_proposal_s', '研判会商 → 提出预警'], ['to_approval_s', '提出 → 审批发布'],
  ['to_last_delivery_s', '发布 → 最后一条指令送达'], ['to_last_ack_s', '发布 → 最后一条指令确认'],
  ['to_first_inspection_s', '发布 → 首次督导检查'], ['in_force_s', '发布 → 预警解除']];

function minutes(s) {
  if (s === null || s === undefined) return '—';
  return s < 3600 ? `${(s / 60).toFixed(1)} 分钟` : `${(s / 3600).toFixed(1)} 小时`;
}

// 各环节用时 (what drills are judged by) and the notices answered.
function stages(summary) {
  const s = summary.stages;
  return h('div.stages',
    h('table.tally.compact#stages', h('thead', h('tr', h('th', '环节'), h('th.num', '用时'))),
      h('tbody', STAGES.map(([key, label]) => h('tr', h('th', label), h('td.num', minutes(s[key]))))),
      h('tfoot', h('tr', h('th', '响应指令按时确认'),
        h('td.num', s.on_time_pct === null ? '—' : `${s.on_time_pct.toFixed(1)}%（${s.on_time}/${s.orders}）`)))),
    summary.regional_notices.length ? h('ul.notices', summary.regional_notices.map((n) => h('li',
      `响应《${n.document_no}》用时 ${minutes(n.response_s)}，`, h(`span.status.${n.on_time ? 'acknowledged' : 'overdue'}`,
        n.on_time ? '按时' : '超时')))) : null);
}

// 发现的问题: findings for the plan's next revision.
function findings(summary, id, ctx, onSaved) {
  const text = h('textarea#finding-text', {rows: 2, maxLength: 600, required: true,
    placeholder: '如：学校停课通知到达偏晚，需补充联系人'});
  const error = h('p.error-text', {role: 'alert'});
  return h('section.card#findings', h('h2', '发现的问题与改进建议'),
    summary.findings.length ? h('ol.findings', summary.findings.map((f) => h('li', f.text,
      h('span.muted', ` · ${f.by} · ${formatTime(f.at)}`)))) : h('p.muted', '尚未记录。'),
    ctx.can('office', 'command') ? h('form', {onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      try {
        await api(`/warnings/${id}/findings`, {method: 'POST', body: {text: text.value.trim()}});
        toast('已记录');
        onSaved();
      } catch (e) { error.textContent = e.message; }
    }}, field('新问题或建议', text), error, h('div.actions', h('button#finding-save', {type: 'submit'}, '记录'))) : null);
}

// 新闻通稿: the draft from the plan's template, edited and published by the
// office or 宣传部 (the plan's publishers); the public page links it.
async function pressCard(warning, ctx) {
  if (warning.exercise || ['proposed', 'rejected'].includes(warning.status)) return null;
  const press = await api(`/warnings/${warning.id}/press-release`);
  const source = press.published || press.draft;
  const title = h('input#press-title', {maxLength: 200, value: source.title});
  const text = h('textarea#press-text', {rows: 9, value: source.text});
  const error = h('p.error-text', {role: 'alert'});
  const status = h('p.muted#press-status', press.published
    ? `已发布：${formatTime(press.published.published_at)} · ${press.published.by}（公众页面可见）`
    : '尚未发布。以下为按预案模板生成的草稿，请修改后发布。');
  const mayPublish = ctx.can('office', 'command', 'unit');
  return h('section.card#press', h('h2', '新闻通稿'), status,
    h('form', {onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      try {
        const done = await api(`/warnings/${warning.id}/press-release`, {method: 'POST',
          body: {title: title.value.trim(), text: text.value.trim()}});
        status.textContent = `已发布：${formatTime(done.published_at)} · ${done.by}（公众页面可见）`;
        toast('通稿已发布');
      } catch (e) { error.textContent = e.message; }
    }}, field('标题', title), field('正文', text), error,
    mayPublish ? h('div.actions', h('button#press-publish', {type: 'submit'}, press.published ? '更新发布' : '发布')) : null));
}

function figures(summary) {
  const o = Object.values(summary.orders.by_kind).reduce((acc, t) => {
    for (const k of Object.keys(t)) acc[k] = (acc[k] || 0) + t[k];
    return acc;
  }, {});
  const pct = (a, b) => (b ? `${Math.round((100 * a) / b)}%` : '—');
  return h('div.figures',
    [['指令', o.total || 0], ['按时确认率', pct(o.on_time || 0, o.total || 0)], ['超时', o.overdue || 0],
      ['报告应报', summary.reports.due + summary.reports.received + summary.reports.late + summary.reports.missing],
      ['报告缺报', summary.reports.missing], ['检查', summary.inspections.total],
      ['不合规', summary.inspections.non_compliant], ['立案', summary.cases.opened]]
      .map(([label, value]) => h('div.figure', h('span.value', value), h('span.label', label))));
}

export async function renderReports(main, ctx, [chosen]) {
  const warnings = await api('/warnings?limit=100');
  if (!warnings.length) {
    clear(main, h('div.page-head', h('h1', '报告与评估')), h('section.card', h('p', '暂无预警。')));
    return;
  }
  const id = chosen || warnings[0].id;
  const picker = h('select#report-warning', {onchange: () => { location.hash = `#/reports/${picker.value}`; }},
    warnings.map((w) => h('option', {value: w.id, selected: w.id === id},
      `${w.exercise ? '【演练】' : ''}${levelName(w.level)} · ${w.headline} · ${warningStatus(w.status)}`)));
  const warning = warnings.find((w) => w.id === id) || await api(`/warnings/${id}`);
  const [reporting, reports, summary] = await Promise.all([
    api(`/warnings/${id}/reporting`), api(`/warnings/${id}/reports?limit=200`),
    api(`/warnings/${id}/summary`)]);
  const press = await pressCard(warning, ctx).catch(() => null);
  const save = (path, name) => () => download(path, name).catch((e) => toast(e.message, 'error'));
  clear(main,
    h('div.page-head', h('h1', '报告与评估'), field('预警', picker)),
    warning.exercise ? h('p.drill-banner#drill-banner', {role: 'note'},
      `演练 · ${warning.exercise_name || '重污染天气应急演练'} · 本次为应急演练，非真实预警`) : null,
    h('section.card', h('h2', '总结评估'), figures(summary), stages(summary),
      h('div.actions.exports',
        h('button.secondary#export-summary', {type: 'button', onclick: save(`/warnings/${id}/summary.html`, `总结评估-${id}.html`)}, '下载总结评估（可打印）'),
        h('button.secondary#export-orders', {type: 'button', onclick: save(`/warnings/${id}/orders.csv`, `指令-${id}.csv`)}, '指令清单 CSV'),
        h('button.secondary', {type: 'button', onclick: save(`/inspections.csv?warning=${id}`, `检查-${id}.csv`)}, '检查记录 CSV'),
        h('button.secondary', {type: 'button', onclick: save(`/inspections.geojson?warning=${id}`, `检查-${id}.geojson`)}, '检查点位 GeoJSON'),
        h('button.secondary', {type: 'button', onclick: save(`/warnings/${id}/reports.csv`, `报告-${id}.csv`)}, '报告 CSV'),
        warning.status !== 'proposed' && warning.status !== 'rejected'
          ? h('button.secondary', {type: 'button', onclick: save(`/warnings/${id}/cap`, `${id}.cap.xml`)}, 'CAP 1.2') : null)),
    findings(summary, id, ctx, () => renderReports(main, ctx, [id])),
    press,
    h('section.card', h('h2', '报送情况'),
      reporting.length ? h('table.list#reporting', h('thead', h('tr', h('th', '单位'), h('th', '类别'), h('th', '应报时间'), h('th', '状态'))),
        h('tbody', reporting.map((r) => h(`tr.${r.status}`, h('td', ctx.orgName(r.org)), h('td', kindName(r.kind)),
          h('td', formatTime(r.due_at)), h('td', h(`span.report-status.${r.status}`, reportStatus(r.status)))))))
        : h('p.muted', '该预警没有报送要求。')),
    h('section.card', h('h2', `已报送的报告（${reports.length}）`),
      reports.map((r) => h('article.report', h('header', h('strong', ctx.orgName(r.org)), ` · ${formatTime(r.created_at)} · ${r.by}`),
        h('p', r.text), Object.keys(r.figures).length
          ? h('p.muted', Object.entries(r.figures).map(([k, v]) => `${k}：${v}`).join('；')) : null))));
}
