// The duty board's parts, shared by the board (#/board) and the wall
// screen (#/wall): status tiles, the list of what needs a look, the level
// per area, tallies as bars (overdue in red) and the map with its table.
import {clear, h, svg} from '/shared/dom.js';
import {formatTime, kindName, levelName, orderPath, orderStatus} from '/shared/format.js';

const SEGMENTS = [
  ['acknowledged', '已确认'], ['received', '已接收'], ['delivered', '已送达'], ['pending', '待发送'],
  ['overdue', '超时未确认'],
];
const KIND_ORDER = ['enterprise', 'school', 'site', 'unit', 'agency', 'group', 'county', 'office'];
const rank = (kind) => (KIND_ORDER.includes(kind) ? KIND_ORDER.indexOf(kind) : KIND_ORDER.length);

// Disjoint parts of a tally for a stacked bar: the overdue ones are taken
// out of those not yet acknowledged (the least advanced first).
export function parts(t) {
  let overdue = Math.min(t.overdue, t.total - t.acknowledged);
  const take = (n) => { const used = Math.min(n, overdue); overdue -= used; return n - used; };
  const pending = take(t.total - t.delivered);
  const delivered = take(t.delivered - t.received);
  const received = take(t.received - t.acknowledged);
  return {acknowledged: t.acknowledged, received, delivered, pending,
    overdue: Math.min(t.overdue, t.total - t.acknowledged)};
}

export function bar(tally) {
  const p = parts(tally);
  const el = h('div.bar', {role: 'img', 'aria-label':
    SEGMENTS.map(([key, text]) => `${text}${p[key]}`).join('，')});
  for (const [key] of SEGMENTS) {
    if (p[key] <= 0) continue;
    const seg = h(`span.seg.${key}`);
    seg.style.width = `${(100 * p[key]) / Math.max(1, tally.total)}%`;
    el.append(seg);
  }
  return el;
}

export function legend() {
  return h('div.legend', SEGMENTS.map(([key, text]) => h('span', h(`i.swatch.${key}`), text)));
}

// Totals over the warnings in force: the tiles' figures.
export function totals(board) {
  const sum = {total: 0, received: 0, acknowledged: 0, overdue: 0, escalated: 0};
  for (const w of board.warnings.filter((x) => x.status === 'active')) {
    for (const t of Object.values(w.orders.by_kind)) {
      sum.total += t.total - t.canceled;
      sum.received += t.received;
      sum.acknowledged += t.acknowledged;
      sum.overdue += t.overdue;
    }
    sum.escalated += w.attention.filter((a) => a.escalated).length;
  }
  sum.cases = board.cases_open || 0;
  return sum;
}

export function tiles(board, onPick) {
  const t = totals(board);
  const tile = (key, label, n, cls = '') => h(`button.tile${cls}`, {type: 'button', dataset: {tile: key},
    onclick: () => onPick && onPick(key), disabled: !onPick},
  h('span.tile-n', n), h('span.tile-label', label));
  return h('section.tiles', {'aria-label': '总体情况'},
    tile('orders', '应发指令', t.total),
    tile('received', '已接收', t.received),
    tile('acknowledged', '已确认', t.acknowledged, '.good'),
    tile('overdue', '超时未确认', t.overdue, t.overdue ? '.alarm' : ''),
    tile('escalated', '已升级督办', t.escalated, t.escalated ? '.alarm' : ''),
    tile('cases', '案件未结', t.cases, t.cases ? '.warn' : ''));
}

export function levelsStrip(levels) {
  return h('section.levels', {'aria-label': '各区域预警等级'},
    levels.map((a) => h(`div.level-chip.${a.level}`,
      h('span.area', a.name), h('span.lv', levelName(a.level)))));
}

// Everything that needs a look, over all warnings: overdue and escalated
// first (the server sorts each warning's so), then the oldest deadline.
export function attentionRows(board) {
  const weight = (a) => (a.status === 'overdue' ? 0 : 2) + (a.escalated ? 0 : 1);
  return board.warnings.filter((w) => w.status === 'active')
    .flatMap((w) => w.attention.map((a) => ({...a, warning: w})))
    .sort((a, b) => weight(a) - weight(b) ||
      String(a.ack_due_at).localeCompare(String(b.ack_due_at)));
}

export function attentionTable(rows, ctx, {limit = 15, focus = '', caption = true} = {}) {
  if (!rows.length) return h('p.ok-text', '所有指令均已确认。');
  const body = h('tbody');
  const draw = (n) => clear(body, rows.slice(0, n).map((a) => h(`tr.${a.status}${a.order_id === focus ? '.focus' : ''}`,
    {dataset: {order: a.order_id}},
    h('td', a.name), h('td', kindName(a.kind)), h('td', ctx.areaName(a.area)),
    h('td', h(`span.status.${a.status}`, orderStatus(a.status)),
      a.escalated ? h('span.tag.escalated', '已升级督办') : null),
    h(`td.path${a.sms === 'failed' ? '.failed' : ''}`, orderPath(a)),
    h('td', formatTime(a.ack_due_at)))));
  draw(Math.max(limit, rows.findIndex((a) => a.order_id === focus) + 1));
  const more = rows.length > limit
    ? h('button.secondary.more', {type: 'button', onclick: () => { draw(rows.length); more.remove(); }},
      `显示全部 ${rows.length} 条`)
    : null;
  return h('div.attention-box', h('table.attention',
    caption ? h('caption', `需关注 ${rows.length} 家（超时、已升级督办的排在最前）`) : null,
    h('thead', h('tr', h('th', '单位'), h('th', '类别'), h('th', '区域'), h('th', '状态'),
      h('th', '送达途径'), h('th', '确认时限'))), body), more);
}

export function tallyTable(caption, rows, label) {
  return h('table.tally', h('caption', caption),
    h('thead', h('tr', h('th', label), h('th.num', '应发'), h('th.num', '已送达'),
      h('th.num', '已接收'), h('th.num', '已确认'), h('th.num', '按时'), h('th.num', '超时'),
      h('th.wide', '进度'))),
    h('tbody', rows.map(([name, t]) => h('tr',
      h('th', name), h('td.num', t.total), h('td.num', t.delivered), h('td.num', t.received),
      h('td.num', t.acknowledged), h('td.num', t.on_time),
      h(`td.num${t.overdue ? '.overdue' : ''}`, t.overdue), h('td.wide', bar(t))))));
}

export function byKindRows(warning) {
  return Object.keys(warning.orders.by_kind).sort((a, b) => rank(a) - rank(b))
    .map((k) => [kindName(k), warning.orders.by_kind[k]]);
}

// How the orders reached their orgs, by channel (issue 21).
export function reachLine(reach) {
  const item = (label, n, cls = '') => h(`span.reach-item${cls}`, label, h('b', n));
  return h('p.reach', {'aria-label': '送达途径'}, h('span.muted', '送达途径：'),
    item('设备实时接收', reach.live), item('网页查看', reach.https),
    item('短信已发', reach.sms_sent), item('短信已达', reach.sms_delivered),
    item('短信失败', reach.sms_failed, reach.sms_failed ? '.failed' : ''),
    item('已触达', reach.reached),
    item('确认：应用', reach.acknowledged.app), item('网页', reach.acknowledged.https),
    item('短信回复', reach.acknowledged.sms));
}

// The worst status first: a cluster takes the colour of its worst point.
const SEVERITY = ['overdue', 'pending', 'delivered', 'received', 'acknowledged', 'canceled'];
const worst = (points) => points.map((p) => p.status)
  .sort((a, b) => SEVERITY.indexOf(a) - SEVERITY.indexOf(b))[0];
const CELL = 26;  // px: points closer than this on screen are one cluster

// Enterprises, sites and schools at their coordinates (equirectangular,
// scaled by the cosine of the latitude) over a schematic of the areas'
// extents, clustered when they would overlap; a click or tap (or Enter)
// on a point or cluster lists its orgs beside the map. 地图 / 列表 switches
// to a table of the same points.
export function mapView(points, ctx) {
  if (!points || !points.length) return h('p.muted', '暂无带坐标的企业、工地或学校。');
  const details = h('div.map-details', {'aria-live': 'polite'}, h('p.muted', '点击地图上的点位查看详情。'));
  const show = (group) => clear(details, h('h4', group.length > 1 ? `${group.length}个点位` : group[0].name),
    h('ul', group.slice(0, 30).map((p) => h('li', h(`span.dot.${p.status}`), `${p.name}（${kindName(p.kind)}，${ctx.areaName(p.area)}）：`,
      h(`span.status.${p.status}`, orderStatus(p.status))))),
    group.length > 30 ? h('p.muted', `另有${group.length - 30}个，请切换到列表查看。`) : null);
  const plot = plotSvg(points, show, ctx.areaName);
  const table = h('table.list.map-table', {hidden: true}, h('caption', '点位列表'),
    h('thead', h('tr', h('th', '单位'), h('th', '类别'), h('th', '区域'), h('th', '状态'))),
    h('tbody', [...points].sort((a, b) => SEVERITY.indexOf(a.status) - SEVERITY.indexOf(b.status))
      .map((p) => h('tr', h('td', p.name), h('td', kindName(p.kind)), h('td', ctx.areaName(p.area)),
        h('td', h(`span.status.${p.status}`, orderStatus(p.status)))))));
  const mapBox = h('div.map-box', plot, details);
  const toggle = (asTable) => {
    table.hidden = !asTable;
    mapBox.hidden = asTable;
    mapButton.setAttribute('aria-pressed', String(!asTable));
    listButton.setAttribute('aria-pressed', String(asTable));
  };
  const mapButton = h('button.secondary', {type: 'button', 'aria-pressed': 'true', onclick: () => toggle(false)}, '地图');
  const listButton = h('button.secondary', {type: 'button', 'aria-pressed': 'false', onclick: () => toggle(true)}, '列表');
  return h('div.map-view', h('div.switch', {role: 'group', 'aria-label': '地图或列表'}, mapButton, listButton),
    mapBox, table,
    h('div.legend', h('span', '● 单个点位'), h('span', '◉ 多个点位（数字为个数）'),
      h('span', h('i.swatch.overdue'), '超时未确认'), h('span', h('i.swatch.acknowledged'), '已确认')));
}

function plotSvg(points, show, areaName) {
  const lats = points.map((p) => p.lat), lons = points.map((p) => p.lon);
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  const [minLon, maxLon] = [Math.min(...lons), Math.max(...lons)];
  const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
  const w = Math.max((maxLon - minLon) * k, 0.01), hgt = Math.max(maxLat - minLat, 0.01);
  const width = 560, height = Math.max(240, Math.min(420, (width * hgt) / w)), pad = 22;
  const scale = Math.min((width - 2 * pad) / w, (height - 2 * pad) / hgt);
  const x = (lon) => pad + (lon - minLon) * k * scale;
  const y = (lat) => height - pad - (lat - minLat) * scale;
  // The schematic: each area's extent (its points' bounding box) as a
  // labelled outline.
  const areas = new Map();
  for (const p of points) {
    const box = areas.get(p.area) || {x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity};
    box.x0 = Math.min(box.x0, x(p.lon)); box.x1 = Math.max(box.x1, x(p.lon));
    box.y0 = Math.min(box.y0, y(p.lat)); box.y1 = Math.max(box.y1, y(p.lat));
    areas.set(p.area, box);
  }
  const cells = new Map();
  for (const p of points) {
    const key = `${Math.round(x(p.lon) / CELL)}:${Math.round(y(p.lat) / CELL)}`;
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(p);
  }
  const marks = [...cells.values()].map((group) => {
    const cx = group.reduce((s, p) => s + x(p.lon), 0) / group.length;
    const cy = group.reduce((s, p) => s + y(p.lat), 0) / group.length;
    const status = worst(group);
    const label = group.length > 1 ? `${group.length}个点位，最差状态：${orderStatus(status)}`
      : `${group[0].name}（${kindName(group[0].kind)}）：${orderStatus(status)}`;
    const activate = () => show(group);
    const attrs = {class: `mark ${status}`, tabindex: '0', role: 'button', 'aria-label': label,
      onclick: activate, onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); activate(); } }};
    return group.length > 1
      ? svg('g', attrs, svg('circle', {cx, cy, r: Math.min(16, 9 + Math.log2(group.length) * 2), class: `pt ${status}`}),
        svg('text', {x: cx, y: cy + 4, class: 'count'}, String(group.length)))
      : svg('g', attrs, svg('circle', {cx, cy, r: 7, class: `pt ${status}`}));
  });
  return svg('svg', {viewBox: `0 0 ${width} ${height}`, class: 'map', role: 'group',
    'aria-label': `地图：${points.length}个点位，${cells.size}处`},
  svg('rect', {x: 0, y: 0, width, height, class: 'map-bg'}),
  [...areas.entries()].map(([code, b]) => svg('g', {class: 'area-outline'},
    svg('rect', {x: b.x0 - 12, y: b.y0 - 12, width: b.x1 - b.x0 + 24, height: b.y1 - b.y0 + 24, rx: 10}),
    svg('text', {x: Math.max(4, b.x0 - 8), y: Math.max(12, b.y0 - 16)}, areaName(code)))),
  marks);
}
