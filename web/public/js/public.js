// 公众预警页 (no login, issue 22): GET /api/v1/public/levels, each area's
// level in its colour, since when, the headline and what the plan asks of
// everyone for that level; areas under a warning first. Refreshed every
// minute with the ETag (an unchanged answer is a 304). A warning's press
// release (新闻通稿), once published, opens under its card.
import {clear, h} from '/shared/dom.js';
import {formatTime, levelName} from '/shared/format.js';

const POLL_MS = 60000;
const RANK = {red: 3, orange: 2, yellow: 1, none: 0};
const main = document.getElementById('main');
const updated = document.getElementById('updated');
let etag = null;

// The published 通稿, fetched when opened.
function pressRelease(a) {
  const body = h('div.press-text', h('p.muted', '正在加载…'));
  let loaded = false;
  return h('details.press', {ontoggle: async (event) => {
    if (!event.target.open || loaded) return;
    loaded = true;
    try {
      const res = await fetch(`/api/v1/public/press/${encodeURIComponent(a.warning_id)}`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const release = await res.json();
      clear(body, h('p.muted', `${formatTime(release.published_at)} 发布`),
        release.text.split('\n').filter(Boolean).map((line) => h('p', line)));
    } catch {
      loaded = false;
      clear(body, h('p.muted', '暂时无法获取通稿，请稍后再试。'));
    }
  }}, h('summary', `新闻通稿：${a.press_release.title}`), body);
}

function areaCard(a) {
  const warned = a.level !== 'none';
  return h(`section.area.${a.level}${warned ? '' : '.calm'}`, {dataset: {area: a.area, level: a.level}},
    h('div.head', h('h2', a.name), h(`span.level.${a.level}`, levelName(a.level))),
    warned ? h('p.since', `自 ${formatTime(a.starts_at)} 起`) : null,
    warned && a.headline ? h('p.headline', a.headline) : null,
    h('ul.advice',
      a.advice.health ? h('li', h('b', '健康提示'), a.advice.health) : null,
      a.advice.schools ? h('li', h('b', '学校'), a.advice.schools) : null,
      a.advice.public ? h('li', h('b', '公众'), a.advice.public) : null),
    warned && a.press_release ? pressRelease(a) : null);
}

function draw(levels) {
  const warned = levels.filter((a) => a.level !== 'none');
  const sorted = [...levels].sort((a, b) => RANK[b.level] - RANK[a.level]);
  clear(main,
    h('p.summary', warned.length ? `${warned.length}个区域正在发布重污染天气预警。` : '全州当前无重污染天气预警。'),
    sorted.map(areaCard));
  const changed = levels[0]?.changed_at;
  updated.textContent = changed ? `预警信息最近变更：${formatTime(changed)}` : '';
}

async function load() {
  try {
    const res = await fetch('/api/v1/public/levels', {headers: etag ? {'If-None-Match': etag} : {}, cache: 'no-store'});
    if (res.ok) {
      etag = res.headers.get('ETag');
      draw(await res.json());
    } else if (res.status !== 304) {
      throw new Error(`HTTP ${res.status}`);
    }
  } catch {
    if (!etag) clear(main, h('p.muted', '暂时无法获取预警信息，请稍后刷新。'));
  }
  setTimeout(load, POLL_MS);
}

load();
