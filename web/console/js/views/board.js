// 值守看板: status tiles over the warnings in force, then what needs a look
// (overdue and escalated first, over all warnings), the level per area,
// and per warning its orders by recipient kind and by area as bars and a
// map of enterprises, sites and schools. Polls GET /board every 2 s with
// its ETag (a 304 costs nothing), so a change shows within a few seconds
// without reload and without a server thread held per viewer.
import {api, poll} from '/shared/api.js';
import {clear, h} from '/shared/dom.js';
import {formatClock, formatTime, levelName, warningStatus} from '/shared/format.js';
import {attentionRows, attentionTable, byKindRows, legend, levelsStrip, mapView, reachLine,
  tallyTable, tiles} from './board_parts.js';

const POLL_MS = 2000;
const ASKS_MS = 10000;
// Beyond this many points the plot would not read (and costs the browser
// more than it shows): the export (GeoJSON, CSV) is the place for them.
const MAX_POINTS = 5000;
const mapped = (w) => ['enterprise', 'site', 'school']
  .reduce((n, k) => n + ((w.orders.by_kind[k] || {}).total || 0), 0);

function warningCard(warning, ctx, points) {
  const byArea = Object.entries(warning.orders.by_area)
    .map(([code, t]) => [ctx.areaName(code), t]);
  return h(`section.card.warning.${warning.level}`, {dataset: {warning: warning.id}},
    h('header.warning-head',
      h(`span.badge.${warning.level}`, levelName(warning.level)),
      warning.exercise ? h('span.badge.drill', '演练') : null,
      h('h2', warning.headline || levelName(warning.level)),
      h(`span.status.${warning.status}`, warningStatus(warning.status))),
    h('p.meta', `范围：${warning.areas.map(ctx.areaName).join('、')} · 开始：${formatTime(warning.starts_at)}`,
      warning.ends_at ? ` · 结束：${formatTime(warning.ends_at)}` : ''),
    warning.status === 'proposed'
      ? h('p.notice', '等待指挥部审批，批准后才向企业、学校和各单位发送指令。')
      : h('div.board-grid',
        h('div', legend(), reachLine(warning.orders.reach), tallyTable('按类别', byKindRows(warning), '类别'),
          tallyTable('按区域', byArea, '区域')),
        h('div', h('h3', '点位分布'), mapped(warning) > MAX_POINTS
          ? h('p.muted', `点位${mapped(warning)}个，过多无法在此显示，请在“报告与评估”中导出 GeoJSON 查看。`)
          : mapView(points, ctx))));
}

export async function renderBoard(main, ctx) {
  let etag = null, board = null, stopped = false, timer = null;
  const maps = new Map();  // warning id → {etag, points}
  const updated = h('span.muted.updated#updated');
  const focus = ctx.params.get('focus') || '';

  async function refreshMaps() {
    for (const w of board.warnings.filter((x) => x.status === 'active' && mapped(x) <= MAX_POINTS)) {
      const known = maps.get(w.id) || {};
      const got = await poll(`/warnings/${w.id}/map`, known.etag);
      if (got.changed) maps.set(w.id, {etag: got.etag, points: got.body});
    }
  }

  const pick = (key) => {
    const target = key === 'cases' ? null : main.querySelector('#attention');
    if (key === 'cases') location.hash = '#/cases';
    else if (target) target.scrollIntoView({block: 'start'});
  };

  function draw() {
    const active = board.warnings.filter((w) => w.status === 'active');
    const scrollY = window.scrollY;
    clear(main,
      h('div.page-head', h('h1', '值守看板'), updated,
        h('a.wall-open', {href: '#/wall'}, '大屏模式')),
      asks.length ? h('section.card.asks#asks', h('h2', '研判提示'),
        h('ul', asks.map((r) => h('li', {dataset: {area: r.area}},
          h('strong', `${ctx.areaName(r.area)}：${r.regional_notice_id ? '区域预警通知待响应' : '预报达到解除条件'}`),
          ` ${r.basis} `, h('a', {href: '#/forecasts'}, '去研判'))))) : null,
      active.length ? tiles(board, pick) : null,
      active.length ? h('section.card#attention', h('h2', '需关注'),
        attentionTable(attentionRows(board), ctx, {focus, caption: false})) : null,
      levelsStrip(board.levels),
      board.warnings.length
        ? board.warnings.map((w) => warningCard(w, ctx, (maps.get(w.id) || {}).points))
        : h('section.card', h('p', '当前没有生效或待审批的预警。')));
    window.scrollTo(0, scrollY);
    const row = focus && main.querySelector(`tr[data-order="${CSS.escape(focus)}"]`);
    if (row && !drawnOnce) row.scrollIntoView({block: 'center'});
    drawnOnce = true;
  }
  let drawnOnce = false;

  // What the forecasts and the region ask (issue 22): unanswered notices
  // and lift recommendations, read every 10 s; true if they changed.
  let asks = [], asksRead = 0;
  async function refreshAsks() {
    asksRead = Date.now();
    const before = JSON.stringify(asks);
    try {
      asks = (await api('/recommendations')).filter((r) => r.regional_notice_id || r.action === 'lift');
    } catch { asks = []; }
    return JSON.stringify(asks) !== before;
  }

  async function tick() {
    try {
      const got = await poll('/board', etag);
      if (got.changed) {
        etag = got.etag;
        board = got.body;
        await refreshMaps();
        await refreshAsks();
        if (!stopped) draw();
      } else if (Date.now() - asksRead > ASKS_MS && await refreshAsks() && !stopped) {
        draw();
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
