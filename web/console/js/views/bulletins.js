// 信息报送: the office's bulletins to the region (日报, compiled by itself at
// the plan's hour while a warning is in force, or on request; 专报 on one
// warning's event) — the history, one version's figures as compiled, the
// text added, 审核签发 (numbered, frozen), 更正 (a new version under the
// same number), 登记报送, and the printable page and CSV. Filters in the
// URL (?kind=, ?id=).
import {api, download} from '/shared/api.js';
import {clear, field, h, toast} from '/shared/dom.js';
import {formatTime, kindName, levelName} from '/shared/format.js';

const KINDS = {daily: '日报', special: '专报'};
const POLLUTANTS = {so2: '二氧化硫', nox: '氮氧化物', pm: '颗粒物', vocs: '挥发性有机物'};
const EVENTS = {
  create: '发布或提出预警', approve: '指挥部批准', lift: '解除预警', activated: '预警生效，指令下发',
  superseded: '被调整的预警替代', case_inspection: '检查发现违法，立案', case_no_ack: '企业未确认指令，立案'};

const KIND_ORDER = ['enterprise', 'school', 'site', 'county', 'unit', 'agency', 'group', 'office', 'command'];
const byKindOrder = ([a], [b]) => (KIND_ORDER.indexOf(a) + 1 || 99) - (KIND_ORDER.indexOf(b) + 1 || 99);

const pct = (n, of) => (of ? `${n}（${(100 * n / of).toFixed(1)}%）` : '—');

function countsTable(id, counts, label, name, order) {
  return h(`table.tally.compact#${id}`,
    h('thead', h('tr', h('th', label), h('th.num', '指令'), h('th.num', '已接收'), h('th.num', '已确认'),
      h('th.num', '逾期'))),
    h('tbody', Object.entries(counts).sort(order).map(([key, c]) => h('tr', h('th', name(key)), h('td.num', c.total),
      h('td.num', pct(c.received, c.total)), h('td.num', pct(c.acknowledged, c.total)), h('td.num', c.overdue)))));
}

function warningFigures(w, ctx) {
  const e = w.enterprises;
  return h('section.bulletin-warning', {dataset: {warning: w.id}},
    h('h3', `${w.exercise ? '【演练】' : ''}${w.areas.map(ctx.areaName).join('、')} ${levelName(w.level)}`,
      h('span.muted', ` · ${formatTime(w.activated_at)} 生效`)),
    h('div.bulletin-grid',
      countsTable(`by-kind-${w.id}`, w.by_kind, '对象类型', kindName, byKindOrder),
      h('div',
        h('table.tally.compact.enterprises', h('thead', h('tr', h('th', '企业'), h('th.num', '下达'),
          h('th.num', '确认落实'), h('th.num', '现场核实'))),
        h('tbody', [['stop', '停产'], ['limit', '限产']].map(([k, label]) => h('tr', h('th', label),
          h('td.num', e[k].ordered), h('td.num', pct(e[k].acknowledged, e[k].ordered)),
          h('td.num', pct(e[k].verified, e[k].ordered)))))),
        h('p.small', `检查 ${w.inspections} 次（合规 ${w.compliant}，不合规 ${w.non_compliant}）；立案 ${w.cases_opened}，`
          + `结案 ${w.cases_closed}，处罚 ${w.cases_penalized}；落实情况报告未报 ${w.reports_missing} 份、迟报 ${w.reports_late} 份。`),
        h('p.small', '减排（吨/日，已核实 / 基准）：', Object.entries(w.reduction).filter(([, p]) => p.baseline_t_per_d > 0)
          .map(([k, p]) => `${POLLUTANTS[k]} ${p.verified}/${p.baseline_t_per_d}（目标 ${p.target_pct}%）`).join('；') || '无基准'))),
    h('h4', '近24小时重要事项'),
    w.events.length ? h('ul.events', w.events.map((ev) => h('li',
      `${formatTime(ev.at)} ${EVENTS[ev.event] || ev.event}${ev.detail ? ` · ${ev.detail}` : ''}`)))
      : h('p.muted.small', '无。'));
}

function statusText(b) {
  return b.status === 'approved' ? `已签发 ${b.number}` : '草稿';
}

async function act(path, body, message, then) {
  try {
    const b = await api(path, {method: 'POST', body});
    toast(message);
    then(b);
  } catch (e) { toast(e.message, 'error'); }
}

function detail(b, ctx, reload) {
  const writer = ctx.can('office');
  const text = h('textarea#bulletin-text', {rows: 5, maxLength: 2600, disabled: !writer || b.status === 'approved',
    placeholder: '总体情况：今日全州落实应急措施情况、存在问题和下一步工作（审核签发时写入）'}, b.text);
  const to = h('input#bulletin-to', {maxLength: 60, placeholder: '如：自治区生态环境厅'});
  const save = (suffix, name) => () => download(`/bulletins/${b.id}${suffix}`, name).catch((e) => toast(e.message, 'error'));
  const name = `${KINDS[b.kind]}-${b.number || b.id}-v${b.version}`;
  return h('section.card#bulletin-detail', {dataset: {bulletin: b.id}},
    h('div.page-head', h('h2', b.title),
      h(`span.bulletin-status.${b.status}`, `${statusText(b)}${b.version > 1 ? ` · 第${b.version}版（更正）` : ''}`)),
    h('p.muted', `数据截至 ${formatTime(b.figures.as_of)} · 编制 ${b.compiled_by === 'system' ? '系统按预案定时' : b.compiled_by}`
      + `${b.approved_by ? ` · 签发 ${b.approved_by} ${formatTime(b.approved_at)}` : ''}`),
    field('总体情况', text),
    b.figures.warnings.map((w) => warningFigures(w, ctx)),
    b.sent.length ? h('h4', '报送记录') : null,
    b.sent.length ? h('ul#bulletin-sent', b.sent.map((s) => h('li', `${formatTime(s.at)} 报送 ${s.to}（${s.by}）`))) : null,
    h('div.actions',
      writer && b.status === 'draft' ? h('button#bulletin-approve', {type: 'button', onclick: () => act(
        `/bulletins/${b.id}/approve`, {text: text.value.trim()}, '已签发', (done) => reload(done.id))}, '审核签发') : null,
      writer && b.status === 'approved' ? h('button.secondary#bulletin-revise', {type: 'button', onclick: () => act(
        `/bulletins/${b.id}/revise`, {}, '已生成更正稿', (done) => reload(done.id))}, '更正（生成新版本）') : null,
      h('button.secondary#bulletin-print', {type: 'button', onclick: save('.html', `${name}.html`)}, '下载打印版'),
      h('button.secondary', {type: 'button', onclick: save('.csv', `${name}.csv`)}, 'CSV')),
    writer && b.status === 'approved' ? h('form.inline#bulletin-send', {onsubmit: (event) => {
      event.preventDefault();
      act(`/bulletins/${b.id}/sent`, {to: to.value.trim()}, '已登记报送', (done) => reload(done.id));
    }}, field('报送单位', to), h('button', {type: 'submit'}, '登记报送')) : null);
}

export async function renderBulletins(main, ctx) {
  async function reload(selected) {
    if (selected) ctx.setParams({id: selected});
    const kind = ctx.params.get('kind') || '';
    const list = await api(`/bulletins${kind ? `?kind=${kind}` : ''}`);
    const id = ctx.params.get('id') || (list[0] && list[0].id);
    const current = id ? await api(`/bulletins/${id}`).catch(() => null) : null;
    const filter = h('select#bulletin-kind', {onchange: () => { ctx.setParams({kind: filter.value, id: ''}); reload(); }},
      h('option', {value: ''}, '全部'), Object.entries(KINDS).map(([k, v]) => h('option', {value: k, selected: k === kind}, v)));
    clear(main,
      h('div.page-head', h('h1', '信息报送'), field('类别', filter),
        ctx.can('office') ? h('button#bulletin-compile', {type: 'button', onclick: () => act('/bulletins',
          {kind: 'daily'}, '已编制日报草稿', (b) => reload(b.id))}, '立即编制日报') : null),
      h('p.muted', '预警期间，日报按预案时间自动编制为草稿；数据在编制时冻结，签发后不可修改，更正生成新版本并沿用文号。'),
      h('section.card', list.length ? h('table.list#bulletins',
        h('thead', h('tr', h('th', '类别'), h('th', '标题'), h('th', '文号'), h('th', '版本'), h('th', '状态'),
          h('th', '编制时间'), h('th', '报送'))),
        h('tbody', list.map((b) => h(`tr${b.id === id ? '.selected' : ''}`, {dataset: {bulletin: b.id}},
        h('td', KINDS[b.kind]), h('td', h('button.title-link', {type: 'button', onclick: () => reload(b.id)}, b.title)),
        h('td', b.number || '—'),
        h('td', `第${b.version}版`), h('td', h(`span.bulletin-status.${b.status}`, statusText(b))),
        h('td', formatTime(b.compiled_at)), h('td', b.sent.map((s) => s.to).join('、') || '—')))))
        : h('p.muted', '暂无日报、专报。')),
      current ? detail(current, ctx, reload) : null);
  }
  await reload();
}
