// 督查派单: the ranked suggestions for a warning in force, and assigning the
// chosen sites to an inspector org (the inspection group, by default, or a
// county). The action stays on screen (a bar at the bottom) however long
// the list; the warning is in the URL (?warning=).
import {api} from '/shared/api.js';
import {clear, field, h, toast} from '/shared/dom.js';
import {formatTime, kindName, levelName} from '/shared/format.js';
import {parseLocalInput, timeInput} from '/shared/time_input.js';

export async function renderAssign(main, ctx) {
  const active = await api('/warnings?status=active&limit=50');
  if (!active.length) {
    clear(main, h('div.page-head', h('h1', '督查派单')), h('section.card', h('p', '当前没有生效的预警。')));
    return;
  }
  const warning = h('select#assign-warning', active.map((w) => h('option', {value: w.id}, `${levelName(w.level)} · ${w.headline}`)));
  if (active.some((w) => w.id === ctx.params.get('warning'))) warning.value = ctx.params.get('warning');
  // Who inspects: the inspection group(s) first, then the counties.
  const inspecting = (o) => o.kind === 'group' && /督导|督查|检查/.test(o.name);
  const inspectors = [...ctx.orgs.values()].filter((o) => inspecting(o) || o.kind === 'county');
  const chosen = inspectors.some((o) => o.id === ctx.me.org) ? ctx.me.org : (inspectors[0] || {}).id;
  const inspector = h('select#assign-inspector', inspectors.map((o) => h('option', {value: o.id, selected: o.id === chosen}, o.name)));
  const count = h('span.assign-count#assign-count');
  const updateCount = () => {
    const n = list.querySelectorAll('input[name=site]:checked').length;
    count.textContent = `已选择 ${n} 个点位`;
  };
  const due = timeInput('input#assign-due', {date: new Date(Date.now() + 4 * 3600e3)});
  const list = h('div#suggestions');
  const error = h('p.error-text', {role: 'alert'});

  async function load() {
    const ranked = await api(`/assignments/suggestions?warning=${warning.value}&limit=50`);
    clear(list, ranked.length ? h('table.list', h('thead', h('tr', h('th', '选择'), h('th', '单位'), h('th', '类别'),
      h('th', '区域'), h('th.num', '得分'), h('th', '理由'))),
    h('tbody', ranked.map((s, i) => h('tr', h('td', h('input', {type: 'checkbox', name: 'site', value: s.site, checked: i < 5, 'aria-label': s.name, onchange: updateCount})),
      h('td', s.name), h('td', kindName(s.kind)), h('td', ctx.areaName(s.area)), h('td.num', s.score),
      h('td', s.reasons.join('；'))))))
      : h('p.muted', '暂无需要优先检查的单位。'));
    updateCount();
  }
  warning.addEventListener('change', () => { ctx.setParams({warning: warning.value}); load(); });
  const form = h('form.card', {onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    const sites = [...list.querySelectorAll('input[name=site]:checked')].map((i) => i.value);
    try {
      const made = await api('/assignments', {method: 'POST', body: {
        inspector_org: inspector.value, sites, warning_id: warning.value, due_at: parseLocalInput(due.value, '完成时限')}});
      toast(`已派给${ctx.orgName(made.inspector_org)}：${made.sites.length}个点位，${formatTime(made.due_at)}前完成`);
    } catch (e) {
      error.textContent = e.message;
    }
  }}, h('div.form-grid', field('预警', warning), field('检查单位', inspector), field('完成时限', due)),
  h('h2', '建议检查的单位（按风险排序）'), list, error,
  h('div.actions.sticky-actions', count, h('button#assign-submit', {type: 'submit'}, '派发检查任务')));
  clear(main, h('div.page-head', h('h1', '督查派单')), form);
  await load();
}
