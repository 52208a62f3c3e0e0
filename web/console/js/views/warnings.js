// 预警发布: the office issues yellow, proposes orange or red, adjusts a warning
// in force (a new one that supersedes it) or lifts it. Every issue first
// shows the preview: how many recipients of each kind will get orders.
import {api} from '/shared/api.js';
import {clear, confirmDialog, field, h, toast} from '/shared/dom.js';
import {formatTime, kindName, levelName, warningStatus} from '/shared/format.js';
import {parseLocalInput, timeInput} from '/shared/time_input.js';

const KIND_ORDER = ['enterprise', 'school', 'site', 'unit', 'agency', 'group', 'county', 'office', 'command'];

function previewText(p) {
  const kinds = Object.entries(p.recipients)
    .sort(([a], [b]) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b));
  return h('div.preview',
    h('p', `${levelName(p.level)} · ${p.area_names}`),
    h('table.tally.compact', h('thead', h('tr', h('th', '接收单位类别'), h('th.num', '单位数'))),
      h('tbody', kinds.map(([kind, n]) => h('tr', {dataset: {kind}}, h('th', kindName(kind)), h('td.num', n)))),
      h('tfoot', h('tr', h('th', '合计'), h('td.num#preview-total', `${p.orgs}家单位，${p.orders}条指令`)))),
    p.released ? h('p', `被调整的预警中有${p.released}家单位不在新范围内，将收到解除通知。`) : null,
    h('p.notice', p.needs_approval
      ? '橙色、红色预警需指挥部批准：提交后先送指挥部审批，批准后才发送上述指令。'
      : '黄色预警提交后立即生效，立即发送上述指令。'));
}

function issueForm(ctx, onIssued, prefill = {}) {
  const level = h('select#level', {name: 'level', required: true},
    ['yellow', 'orange', 'red'].map((l) => h('option', {value: l, selected: prefill.level === l}, levelName(l))));
  const choosable = ctx.areas.filter((a) => a.kind !== 'prefecture');
  const areaBoxes = choosable.map((a) => h('label.check',
    h('input', {type: 'checkbox', name: 'areas', value: a.code, checked: (prefill.areas || []).includes(a.code)}),
    a.name));
  const starts = timeInput('input#starts_at', {date: new Date(), required: true});
  const ends = timeInput('input#ends_at');
  const headline = h('input#headline', {maxLength: 200, placeholder: '如：州重污染天气橙色预警', value: prefill.headline || ''});
  const reason = h('textarea#reason', {required: true, rows: 2, value: prefill.reason || '',
    placeholder: '预报与会商结论，如：预计未来72小时PM2.5日均浓度超过150微克/立方米'});
  const error = h('p.error-text', {role: 'alert'});
  // 演练: the whole chain runs, marked 【演练】, never public.
  const drillName = h('input#exercise_name', {maxLength: 100, placeholder: '如：2026年冬季重污染天气应急演练',
    value: prefill.exercise_name || '', disabled: !prefill.exercise});
  const drill = h('input#exercise', {type: 'checkbox', checked: !!prefill.exercise, disabled: !!prefill.supersedes,
    onchange: () => { drillName.disabled = !drill.checked; form.classList.toggle('drill', drill.checked); }});

  async function submit(event) {
    event.preventDefault();
    error.textContent = '';
    try {
      const body = {
        level: level.value,
        areas: [...form.querySelectorAll('input[name=areas]:checked')].map((i) => i.value),
        starts_at: parseLocalInput(starts.value, '开始时间'),
        ends_at: parseLocalInput(ends.value, '结束时间'),
        headline: headline.value.trim() || undefined, reason: reason.value.trim(),
        supersedes: prefill.supersedes,
        consultation_id: prefill.consultation_id || undefined,
        exercise: drill.checked || undefined,
        exercise_name: drill.checked ? drillName.value.trim() || undefined : undefined,
      };
      if (!body.areas.length) { error.textContent = '请至少选择一个区域'; return; }
      const preview = await api('/warnings/preview', {method: 'POST', body});
      const title = (body.exercise ? '【演练】' : '') + (prefill.supersedes ? '确认调整预警' : '确认发布预警');
      const ok = await confirmDialog(title, h('div',
        body.exercise ? h('p.drill-note', '这是一次演练：全流程照常运行，所有指令标注【演练】，不对外公布。') : null,
        previewText(preview)), preview.needs_approval ? '提交审批' : '立即发布');
      if (!ok) return;
      const created = await api('/warnings', {method: 'POST', body});
      const what = created.exercise ? '演练' : '预警';
      toast(created.status === 'proposed' ? `${what}已提交指挥部审批` : `${what}已发布，指令正在发送`);
      onIssued();
    } catch (e) {
      error.textContent = e.message;
    }
  }

  const form = h(`form.card.issue#issue-form${prefill.exercise ? '.drill' : ''}`, {onsubmit: submit},
    h('h2', prefill.supersedes ? '调整预警（升级、降级或调整范围）' : '发布预警'),
    prefill.supersedes ? h('p.notice', `新预警生效时，原预警自动转为“已调整”，其未完成指令取消。`) : null,
    h('div.form-grid', field('预警等级', level), field('开始时间（北京时间）', starts),
      field('结束时间（可选）', ends), field('标题（可选）', headline)),
    h('fieldset.areas', h('legend', '预警范围'), areaBoxes),
    field('发布依据', reason),
    prefill.consultation_id ? h('p.notice#cites-consultation', '将引用研判会商记录，会商结论写入预警记录和 CAP。') : null,
    h('div.drill-row', h('label.check', drill, '这是演练（不对外公布，指令标注【演练】）'),
      field('演练名称（可选）', drillName)),
    error,
    h('div.actions', h('button#preview', {type: 'submit'}, '预览并发布')));
  return form;
}

async function lift(warning, onDone) {
  const reason = h('textarea#lift-reason', {rows: 3, required: true, placeholder: '如：空气质量已连续24小时优良'});
  const counts = warning.order_counts || {};
  const open = ['pending', 'delivered', 'received', 'overdue'].reduce((n, s) => n + (counts[s] || 0), 0);
  const ok = await confirmDialog('解除预警', h('div',
    h('p', `解除“${warning.headline || levelName(warning.level)}”：未完成的${open}条指令取消，各接收单位收到解除通知。`),
    field('解除理由', reason)), '解除预警', true);
  if (!ok) return;
  try {
    await api(`/warnings/${warning.id}/lift`, {method: 'POST', body: {reason: reason.value.trim()}});
    toast('预警已解除');
    onDone();
  } catch (e) {
    toast(e.message, 'error');
  }
}

export async function renderWarnings(main, ctx) {
  const holder = h('div');
  const office = ctx.can('office');
  async function reload(prefill) {
    const warnings = await api('/warnings?limit=100');
    clear(holder,
      office ? issueForm(ctx, () => reload(), prefill) : null,
      h('section.card', h('h2', '预警记录'),
        h('table.list#warnings', h('thead', h('tr', h('th', '等级'), h('th', '标题'), h('th', '范围'),
          h('th', '状态'), h('th', '开始'), h('th', '指令'), h('th', h('span.visually-hidden', '操作')))),
        h('tbody', warnings.map((w) => h('tr', {dataset: {warning: w.id}},
          h('td', h(`span.badge.${w.level}`, levelName(w.level)), w.exercise ? h('span.badge.drill', '演练') : null),
          h('td', w.headline), h('td', w.areas.map(ctx.areaName).join('、')),
          h('td', h(`span.status.${w.status}`, warningStatus(w.status))),
          h('td', formatTime(w.starts_at)),
          h('td.num', Object.values(w.order_counts || {}).reduce((a, b) => a + b, 0)),
          h('td.row-actions',
            h('a', {href: `#/reports/${w.id}`}, '报告与评估'),
            office && w.status === 'active' ? h('button.secondary', {type: 'button',
              onclick: () => { reload({supersedes: w.id, level: w.level, areas: w.areas, headline: w.headline, exercise: w.exercise}); window.scrollTo(0, 0); }}, '调整') : null,
            office && w.status === 'active' ? h('button.danger', {type: 'button', onclick: () => lift(w, reload)}, '解除') : null)))))));
  }
  clear(main, h('div.page-head', h('h1', '预警发布')), holder);
  // From 研判's 按此建议发布 (#/warnings?level=&areas=&reason=&supersedes=).
  const p = ctx.params;
  await reload(p.get('level') ? {level: p.get('level'), areas: (p.get('areas') || '').split(','),
    reason: p.get('reason') || '', supersedes: p.get('supersedes') || undefined,
    consultation_id: p.get('consultation') || undefined} : undefined);
}
