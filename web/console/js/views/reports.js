// 报告与评估: a warning's reporting schedule (who owes which report by when)
// and the reports filed, the evaluation's key figures, and the exports
// (orders CSV, inspections CSV and GeoJSON, CAP, reports CSV, the printable
// summary).
import {api, download} from '/shared/api.js';
import {clear, field, h, toast} from '/shared/dom.js';
import {formatTime, kindName, levelName, reportStatus, warningStatus} from '/shared/format.js';

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
      `${levelName(w.level)} · ${w.headline} · ${warningStatus(w.status)}`)));
  const warning = warnings.find((w) => w.id === id) || await api(`/warnings/${id}`);
  const [reporting, reports, summary] = await Promise.all([
    api(`/warnings/${id}/reporting`), api(`/warnings/${id}/reports?limit=200`),
    api(`/warnings/${id}/summary`)]);
  const save = (path, name) => () => download(path, name).catch((e) => toast(e.message, 'error'));
  clear(main,
    h('div.page-head', h('h1', '报告与评估'), field('预警', picker)),
    h('section.card', h('h2', '总结评估'), figures(summary),
      h('div.actions.exports',
        h('button.secondary#export-summary', {type: 'button', onclick: save(`/warnings/${id}/summary.html`, `总结评估-${id}.html`)}, '下载总结评估（可打印）'),
        h('button.secondary#export-orders', {type: 'button', onclick: save(`/warnings/${id}/orders.csv`, `指令-${id}.csv`)}, '指令清单 CSV'),
        h('button.secondary', {type: 'button', onclick: save(`/inspections.csv?warning=${id}`, `检查-${id}.csv`)}, '检查记录 CSV'),
        h('button.secondary', {type: 'button', onclick: save(`/inspections.geojson?warning=${id}`, `检查-${id}.geojson`)}, '检查点位 GeoJSON'),
        h('button.secondary', {type: 'button', onclick: save(`/warnings/${id}/reports.csv`, `报告-${id}.csv`)}, '报告 CSV'),
        warning.status !== 'proposed' && warning.status !== 'rejected'
          ? h('button.secondary', {type: 'button', onclick: save(`/warnings/${id}/cap`, `${id}.cap.xml`)}, 'CAP 1.2') : null)),
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
