// 值守看板: the level per area, and for each warning in force its orders by
// recipient kind and by area as bars, the orgs that need a look (overdue
// and escalated first) and a map of enterprises, sites and schools. Polls
// GET /board every 2 s with its ETag (a 304 costs nothing), so a change
// shows within a few seconds without reload and without a server thread
// held per viewer.
import {poll} from '/shared/api.js';
import {clear, h, svg} from '/shared/dom.js';
import {formatClock, formatTime, kindName, levelName, orderPath, orderStatus, warningStatus} from '/shared/format.js';

const POLL_MS = 2000;
// Beyond this many points the plot would not read (and costs the browser
// more than it shows): the export (GeoJSON, CSV) is the place for them.
const MAX_POINTS = 5000;
const mapped = (w) => ['enterprise', 'site', 'school']
  .reduce((n, k) => n + ((w.orders.by_kind[k] || {}).total || 0), 0);
const KIND_ORDER = ['enterprise', 'school', 'site', 'unit', 'agency', 'group', 'county', 'office'];
const rank = (kind) => (KIND_ORDER.includes(kind) ? KIND_ORDER.indexOf(kind) : KIND_ORDER.length);
const SEGMENTS = [
  ['acknowledged', '已确认'], ['received', '已接收'], ['delivered', '已送达'], ['pending', '待发送'],
];

// Disjoint parts of a tally for a stacked bar.
function parts(t) {
  return {
    acknowledged: t.acknowledged,
    received: t.received - t.acknowledged,
    delivered: t.delivered - t.received,
    pending: t.total - t.delivered,
  };
}

function bar(tally) {
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

function tallyTable(caption, rows, label) {
  return h('table.tally', h('caption', caption),
    h('thead', h('tr', h('th', label), h('th.num', '应发'), h('th.num', '已送达'),
      h('th.num', '已接收'), h('th.num', '已确认'), h('th.num', '按时'), h('th.num', '超时'),
      h('th.wide', '进度'))),
    h('tbody', rows.map(([name, t]) => h('tr',
      h('th', name), h('td.num', t.total), h('td.num', t.delivered), h('td.num', t.received),
      h('td.num', t.acknowledged), h('td.num', t.on_time),
      h(`td.num${t.overdue ? '.overdue' : ''}`, t.overdue), h('td.wide', bar(t))))));
}

function legend() {
  return h('div.legend', SEGMENTS.map(([key, text]) => h('span', h(`i.swatch.${key}`), text)),
    h('span', h('i.swatch.overdue'), '超时未确认'));
}

function attentionList(warning, ctx) {
  if (!warning.attention.length) return h('p.ok-text', '所有指令均已确认。');
  return h('table.attention', h('caption', '需关注（超时、已升级督办的排在最前）'),
    h('thead', h('tr', h('th', '单位'), h('th', '类别'), h('th', '区域'), h('th', '状态'), h('th', '送达途径'), h('th', '确认时限'))),
    h('tbody', warning.attention.map((a) => h(`tr.${a.status}`,
      h('td', a.name), h('td', kindName(a.kind)), h('td', ctx.areaName(a.area)),
      h('td', h(`span.status.${a.status}`, orderStatus(a.status)),
        a.escalated ? h('span.tag.escalated', '已升级督办') : null),
      h(`td.path${a.sms === 'failed' ? '.failed' : ''}`, orderPath(a)),
      h('td', formatTime(a.ack_due_at))))));
}

// How the orders reached their orgs, by channel (issue 21).
function reachLine(reach) {
  const item = (label, n, cls = '') => h(`span.reach-item${cls}`, label, h('b', n));
  return h('p.reach', {'aria-label': '送达途径'}, h('span.muted', '送达途径：'),
    item('设备实时接收', reach.live), item('网页查看', reach.https),
    item('短信已发', reach.sms_sent), item('短信已达', reach.sms_delivered),
    item('短信失败', reach.sms_failed, reach.sms_failed ? '.failed' : ''),
    item('已触达', reach.reached),
    item('确认：应用', reach.acknowledged.app), item('网页', reach.acknowledged.https),
    item('短信回复', reach.acknowledged.sms));
}

// Enterprises, sites and schools at their coordinates (equirectangular,
// scaled by the cosine of the latitude), coloured by their order's status.
function mapView(points) {
  if (!points || !points.length) return h('p.muted', '暂无带坐标的企业、工地或学校。');
  const lats = points.map((p) => p.lat), lons = points.map((p) => p.lon);
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  const [minLon, maxLon] = [Math.min(...lons), Math.max(...lons)];
  const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
  const w = Math.max((maxLon - minLon) * k, 0.01), hgt = Math.max(maxLat - minLat, 0.01);
  const width = 560, height = Math.max(220, Math.min(420, (width * hgt) / w)), pad = 16;
  const scale = Math.min((width - 2 * pad) / w, (height - 2 * pad) / hgt);
  const x = (lon) => pad + (lon - minLon) * k * scale;
  const y = (lat) => height - pad - (lat - minLat) * scale;
  const shapes = {enterprise: 'circle', site: 'rect', school: 'polygon'};
  return svg('svg', {viewBox: `0 0 ${width} ${height}`, class: 'map', role: 'img',
    'aria-label': `地图：${points.length}个点位`},
  svg('rect', {x: 0, y: 0, width, height, class: 'map-bg'}),
  points.map((p) => {
    const cx = x(p.lon), cy = y(p.lat), cls = `pt ${p.status}`;
    const title = svg('title', {}, `${p.name}（${kindName(p.kind)}）：${orderStatus(p.status)}`);
    if (shapes[p.kind] === 'rect') return svg('rect', {x: cx - 5, y: cy - 5, width: 10, height: 10, class: cls}, title);
    if (shapes[p.kind] === 'polygon') return svg('polygon', {points: `${cx},${cy - 6} ${cx + 6},${cy + 5} ${cx - 6},${cy + 5}`, class: cls}, title);
    return svg('circle', {cx, cy, r: 5.5, class: cls}, title);
  }));
}

function levelsStrip(levels) {
  return h('section.levels', {'aria-label': '各区域预警等级'},
    levels.map((a) => h(`div.level-chip.${a.level}`,
      h('span.area', a.name), h('span.lv', levelName(a.level)))));
}

function warningCard(warning, ctx, points) {
  const byKind = Object.keys(warning.orders.by_kind).sort((a, b) => rank(a) - rank(b))
    .map((k) => [kindName(k), warning.orders.by_kind[k]]);
  const byArea = Object.entries(warning.orders.by_area)
    .map(([code, t]) => [ctx.areaName(code), t]);
  return h(`section.card.warning.${warning.level}`, {dataset: {warning: warning.id}},
    h('header.warning-head',
      h(`span.badge.${warning.level}`, levelName(warning.level)),
      h('h2', warning.headline || levelName(warning.level)),
      h(`span.status.${warning.status}`, warningStatus(warning.status))),
    h('p.meta', `范围：${warning.areas.map(ctx.areaName).join('、')} · 开始：${formatTime(warning.starts_at)}`,
      warning.ends_at ? ` · 结束：${formatTime(warning.ends_at)}` : ''),
    warning.status === 'proposed'
      ? h('p.notice', '等待指挥部审批，批准后才向企业、学校和各单位发送指令。')
      : h('div.board-grid',
        h('div', legend(), reachLine(warning.orders.reach), tallyTable('按类别', byKind, '类别'), tallyTable('按区域', byArea, '区域')),
        h('div', h('h3', '点位分布'), mapped(warning) > MAX_POINTS
          ? h('p.muted', `点位${mapped(warning)}个，过多无法在此显示，请在“报告与评估”中导出 GeoJSON 查看。`)
          : mapView(points),
          h('div.legend', h('span', '● 企业'), h('span', '■ 工地'), h('span', '▲ 学校')))),
    warning.status === 'proposed' ? null : attentionList(warning, ctx));
}

export async function renderBoard(main, ctx) {
  let etag = null, board = null, stopped = false, timer = null;
  const maps = new Map();  // warning id → {etag, points}
  const updated = h('span.muted#updated');

  async function refreshMaps() {
    for (const w of board.warnings.filter((x) => x.status === 'active' && mapped(x) <= MAX_POINTS)) {
      const known = maps.get(w.id) || {};
      const got = await poll(`/warnings/${w.id}/map`, known.etag);
      if (got.changed) maps.set(w.id, {etag: got.etag, points: got.body});
    }
  }

  function draw() {
    clear(main,
      h('div.page-head', h('h1', '值守看板'), updated),
      levelsStrip(board.levels),
      board.warnings.length
        ? board.warnings.map((w) => warningCard(w, ctx, (maps.get(w.id) || {}).points))
        : h('section.card', h('p', '当前没有生效或待审批的预警。')));
  }

  async function tick() {
    try {
      const got = await poll('/board', etag);
      if (got.changed) {
        etag = got.etag;
        board = got.body;
        await refreshMaps();
        if (!stopped) draw();
      }
      updated.textContent = `更新于 ${formatClock()}（每2秒刷新）`;
    } catch (error) {
      updated.textContent = `刷新失败：${error.message}`;
    }
    if (!stopped) timer = setTimeout(tick, POLL_MS);
  }

  await tick();
  return () => { stopped = true; clearTimeout(timer); };
}
