// 研判 (issue 22): the latest forecast per area as a small chart (days ×
// AQI, the plan's thresholds drawn), what the thresholds and the region's
// unanswered notices recommend against the level in force ("按此建议发布"
// fills the warning form), the open regional notices, and the
// consultations (研判会商) with the office's form to record one.
import {api} from '/shared/api.js';
import {clear, field, h, svg, toast} from '/shared/dom.js';
import {formatClock, formatTime, levelName} from '/shared/format.js';
import {parseLocalInput, timeInput} from '/shared/time_input.js';

const ACTIONS = {issue: '建议发布', upgrade: '建议升级', downgrade: '建议降级', lift: '建议解除', keep: '维持'};
const THRESHOLDS = [[150, '150'], [200, '200'], [300, '300']];
const LEVELS = ['none', 'yellow', 'orange', 'red'];

// Days × AQI as bars coloured by the band they fall in, with the
// thresholds as dashed lines.
function chart(days) {
  const width = 260, height = 120, pad = 22, top = 6;
  const max = Math.max(320, ...days.map((d) => d.aqi));
  const y = (v) => height - pad - ((height - pad - top) * v) / max;
  const step = (width - pad) / Math.max(days.length, 1);
  const band = (v) => (v > 300 ? 'red' : v > 200 ? 'orange' : v > 150 ? 'yellow' : 'none');
  return svg('svg', {viewBox: `0 0 ${width} ${height}`, class: 'aqi-chart', role: 'img',
    'aria-label': days.map((d) => `${d.date.slice(5)} AQI ${d.aqi}`).join('，')},
  THRESHOLDS.map(([v, label]) => svg('g', {class: 'threshold'},
    svg('line', {x1: pad, x2: width, y1: y(v), y2: y(v)}),
    svg('text', {x: 0, y: y(v) + 4}, label))),
  days.map((d, i) => svg('g', {},
    svg('rect', {x: pad + i * step + 3, y: y(d.aqi), width: Math.max(step - 6, 4),
      height: height - pad - y(d.aqi), class: `bar-${band(d.aqi)}${d.primary_pollutant === 'dust' || d.primary_pollutant === 'o3' ? ' ignored' : ''}`}),
    svg('text', {x: pad + i * step + step / 2, y: height - 6, class: 'day'}, d.date.slice(5)),
    svg('text', {x: pad + i * step + step / 2, y: y(d.aqi) - 3, class: 'value'}, String(d.aqi)))));
}

function recommendationRow(r, ctx) {
  const propose = ctx.can('office') && ['issue', 'upgrade', 'downgrade'].includes(r.action)
    ? h('a.button-link.small', {href: `#/warnings?${new URLSearchParams({level: r.level, areas: r.area,
      reason: r.basis, ...(r.warning_id ? {supersedes: r.warning_id} : {})})}`}, '按此建议发布')
    : ctx.can('office') && r.action === 'lift' ? h('a.button-link.small', {href: '#/warnings'}, '去解除') : null;
  return h(`tr.${r.action}`, {dataset: {area: r.area}},
    h('td', ctx.areaName(r.area)),
    h('td', h(`span.badge.${r.in_force}`, levelName(r.in_force))),
    h('td', h(`span.badge.${r.level}`, levelName(r.level))),
    h('td', h(`strong.action.${r.action}`, ACTIONS[r.action] || r.action)),
    h('td.basis', r.basis), h('td', propose));
}

function consultationForm(ctx, recommendations, onSaved) {
  const participants = [...ctx.orgs.values()].filter((o) => ['office', 'group', 'unit', 'command'].includes(o.kind));
  const areas = ctx.areas.filter((a) => a.kind !== 'prefecture');
  const heldAt = timeInput('input#consult-held', {date: new Date(), required: true});
  const level = h('select#consult-level', LEVELS.map((l) => h('option', {value: l}, levelName(l))));
  const conclusion = h('textarea#consult-conclusion', {rows: 3, required: true, placeholder: '会商结论，如：同意启动橙色预警'});
  const error = h('p.error-text', {role: 'alert'});
  const wanted = new Set(recommendations.filter((r) => r.action !== 'keep').map((r) => r.area));
  const form = h('form.card#consult-form', {onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    const checked = (name) => [...form.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value);
    try {
      await api('/consultations', {method: 'POST', body: {
        held_at: parseLocalInput(heldAt.value, '会商时间'), participants: checked('participant'),
        areas: checked('consult-area'), recommended_level: level.value, conclusion: conclusion.value.trim(),
        forecast_id: recommendations.find((r) => r.forecast_id)?.forecast_id || undefined}});
      toast('会商记录已保存');
      onSaved();
    } catch (e) { error.textContent = e.message; }
  }}, h('h2', '记录研判会商'),
  h('div.form-grid', field('会商时间', heldAt), field('建议等级', level)),
  h('fieldset.areas', h('legend', '参加单位'), participants.map((o) => h('label.check',
    h('input', {type: 'checkbox', name: 'participant', value: o.id, checked: o.kind === 'office' || o.name.includes('预报')}), o.name))),
  h('fieldset.areas', h('legend', '涉及区域'), areas.map((a) => h('label.check',
    h('input', {type: 'checkbox', name: 'consult-area', value: a.code, checked: wanted.has(a.code)}), a.name))),
  field('会商结论', conclusion), error, h('div.actions', h('button#consult-save', {type: 'submit'}, '保存会商记录')));
  return form;
}

export async function renderForecasts(main, ctx) {
  const updated = h('span.muted.updated');
  async function reload() {
    const [recommendations, forecasts, notices, consultations] = await Promise.all([
      api('/recommendations'), api('/forecasts?latest=true&limit=100'),
      api('/regional-notices?limit=20'), api('/consultations?limit=10')]);
    updated.textContent = `更新于 ${formatClock()}`;
    const open = new Set(recommendations.map((r) => r.regional_notice_id).filter(Boolean));
    clear(main, h('div.page-head', h('h1', '研判'), updated),
      h('section.card#recommendations', h('h2', '预警建议（依预案阈值和区域预警通知，仅供研判）'),
        recommendations.length ? h('table.list', h('thead', h('tr', h('th', '区域'), h('th', '现行'), h('th', '建议等级'),
          h('th', '建议'), h('th', '依据'), h('th', h('span.visually-hidden', '操作')))),
        h('tbody', recommendations.map((r) => recommendationRow(r, ctx))))
          : h('p.muted', '暂无预报。预报预警组提交预报后，这里按预案阈值给出建议。')),
      h('section.card#forecast-charts', h('h2', '最新预报'),
        forecasts.length ? h('div.charts', forecasts.map((f) => h('figure.forecast', {dataset: {area: f.days[0]?.area}},
          h('figcaption', `${ctx.areaName(f.days[0]?.area)} · ${f.source} · ${formatTime(f.issued_at)}发布`),
          chart(f.days))))
          : h('p.muted', '暂无预报。')),
      h('section.card#notices', h('h2', '自治区区域预警通知'),
        notices.length ? h('ul.notices', notices.map((n) => h('li', {dataset: {notice: n.id}},
          h('strong', `${n.issued_by}《${n.document_no}》`), ` ${levelName(n.level)} · ${n.areas.map(ctx.areaName).join('、')} · `,
          open.has(n.id) ? h('span.status.overdue', `待响应，时限 ${formatTime(n.respond_by)}`) : h('span.status.acknowledged', '已响应'),
          h('p.muted', n.text))))
          : h('p.muted', '暂无区域预警通知。')),
      ctx.can('office') ? consultationForm(ctx, recommendations, reload) : null,
      h('section.card#consultations', h('h2', '会商记录'),
        consultations.length ? h('ul.consultations', consultations.map((c) => h('li',
          h('strong', `${formatTime(c.held_at)} · 建议${levelName(c.recommended_level)}`),
          ` · ${c.areas.map(ctx.areaName).join('、')} · 参加：${c.participants.map(ctx.orgName).join('、')}`,
          h('p', c.conclusion),
          ctx.can('office') && c.recommended_level !== 'none'
            ? h('a.button-link.small', {href: `#/warnings?${new URLSearchParams({level: c.recommended_level,
              areas: c.areas.join(','), reason: c.conclusion, consultation: c.id})}`}, '据此会商发布') : null)))
          : h('p.muted', '暂无会商记录。')));
  }
  await reload();
}
