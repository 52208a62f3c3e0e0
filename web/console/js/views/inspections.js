// 检查记录: inspection reports with filters (flag, verdict, site, warning);
// a report with its photos as thumbnails, the distance to the site and its
// flags explained in words.
import {api, blob} from '/shared/api.js';
import {clear, field, h} from '/shared/dom.js';
import {FLAG_KEYS, flagName, flagText, formatTime, resultName, verdictName} from '/shared/format.js';

// An <img> for a protected photo (the token cannot ride on src): fetched,
// then shown from a blob: URL. Clicking opens the original.
export function photoThumb(sha256, width = 256) {
  const img = h('img.thumb', {alt: '现场照片', width, loading: 'lazy', dataset: {sha256}});
  blob(`/photos/${sha256}?w=${width}`).then((b) => { img.src = URL.createObjectURL(b); })
    .catch(() => { img.alt = '照片无法加载'; });
  const link = h('a.photo', {href: '#', title: '查看原图', onclick: async (event) => {
    event.preventDefault();
    window.open(URL.createObjectURL(await blob(`/photos/${sha256}`)), '_blank');
  }}, img);
  return link;
}

// One report; `inCase`: shown on its case's page (no link back to it).
export function inspectionDetail(inspection, ctx, inCase = false) {
  const check = inspection.location_check;
  const report = inspection.report || {};
  return h('article.inspection', {dataset: {inspection: inspection.id}},
    h('header', h('h3', `${ctx.orgName(inspection.site)} · ${formatTime(inspection.captured_at)}`),
      h(`span.verdict.${inspection.verdict}`, verdictName(inspection.verdict))),
    h('dl.facts',
      h('dt', '检查单位'), h('dd', ctx.orgName(inspection.inspector_org || '') || '—'),
      h('dt', '定位'), h('dd', report.location
        ? `${report.location.lat.toFixed(5)}, ${report.location.lon.toFixed(5)}（精度±${Math.round(report.location.accuracy_m)}米）` : '—'),
      h('dt', '距现场'), h('dd.distance', check
        ? `${Math.round(check.distance_m)}米，${check.within_geofence ? '在电子围栏内' : '超出电子围栏'}` : '该单位无坐标，未核验')),
    inspection.flags.length
      ? h('ul.flags', inspection.flags.map((f) => h('li.flag', {dataset: {flag: f}}, h('strong', flagName(f)), '：', flagText(f).split('：')[1] || '')))
      : h('p.ok-text', '未发现异常标记。'),
    report.checklist ? h('table.checklist', h('thead', h('tr', h('th', '检查项'), h('th', '结果'), h('th', '说明'))),
      h('tbody', report.checklist.map((c) => h(`tr.${c.result}`, h('td', c.item), h('td', resultName(c.result)), h('td', c.note || ''))))) : null,
    report.findings ? h('p', `发现问题：${report.findings}`) : null,
    h('div.photos', inspection.photos.length ? inspection.photos.map((p) => photoThumb(p.sha256)) : h('p.muted', '无照片')),
    inspection.case_id && !inCase ? h('p', h('a', {href: `#/cases/${inspection.case_id}`}, '查看关联案件')) : null);
}

export async function renderInspections(main, ctx) {
  const flag = h('select#filter-flag', h('option', {value: ''}, '全部'), FLAG_KEYS.map((f) => h('option', {value: f}, flagName(f))));
  const verdict = h('select#filter-verdict', h('option', {value: ''}, '全部'),
    ['compliant', 'non_compliant'].map((v) => h('option', {value: v}, verdictName(v))));
  const sites = [...ctx.orgs.values()].filter((o) => o.kind === 'enterprise' || o.kind === 'site');
  const site = h('select#filter-site', h('option', {value: ''}, '全部'), sites.map((o) => h('option', {value: o.id}, o.name)));
  const warnings = await api('/warnings?limit=50');
  const warning = h('select#filter-warning', h('option', {value: ''}, '全部'),
    warnings.map((w) => h('option', {value: w.id}, `${w.headline}（${formatTime(w.starts_at)}）`)));
  const list = h('div#inspection-list');
  const detail = h('div#inspection-detail');

  async function load() {
    const query = new URLSearchParams({limit: '100'});
    for (const [key, el] of [['flag', flag], ['verdict', verdict], ['site', site], ['warning', warning]]) {
      if (el.value) query.set(key, el.value);
    }
    const items = await api(`/inspections?${query}`);
    clear(list, items.length ? h('table.list', h('thead', h('tr', h('th', '时间'), h('th', '现场'),
      h('th', '结论'), h('th', '标记'), h('th', '照片'))),
    h('tbody', items.map((i) => h('tr.clickable', {tabIndex: 0, dataset: {inspection: i.id},
      onclick: () => clear(detail, inspectionDetail(i, ctx)),
      onkeydown: (e) => { if (e.key === 'Enter') clear(detail, inspectionDetail(i, ctx)); }},
    h('td', formatTime(i.captured_at)), h('td', ctx.orgName(i.site)),
    h('td', h(`span.verdict.${i.verdict}`, verdictName(i.verdict))),
    h('td', i.flags.map((f) => h('span.tag.flag', flagName(f)))), h('td.num', i.photos.length)))))
      : h('p.muted', '没有符合条件的检查记录。'));
    clear(detail, items[0] ? inspectionDetail(items[0], ctx) : null);
  }
  // The filters live in the URL (#/inspections?flag=…&site=…).
  const filters = {flag, verdict, site, warning};
  for (const [key, el] of Object.entries(filters)) {
    el.value = ctx.params.get(key) || '';
    el.addEventListener('change', () => { ctx.setParams({[key]: el.value}); load(); });
  }
  clear(main, h('div.page-head', h('h1', '检查记录')),
    h('section.card.filters', field('异常标记', flag), field('结论', verdict), field('现场', site), field('预警', warning)),
    h('div.split', h('section.card', list), h('section.card', detail)));
  await load();
}
