// 大屏 (#/wall): the board for the command hall's wall, full screen, large
// type, no scrolling: tiles, the levels, what needs a look (as many rows as
// fit) and each warning's progress. It reads with a wall screen's own token
// (role display, a year long, revocable; kept apart from the console's
// session), so a duty officer's login expiring never drops it to a login
// page; if the wall's own token is revoked it keeps the last board and says
// so.
import {ApiError, pollAs, requestLogin} from '/shared/api.js';
import {clear, field, h} from '/shared/dom.js';
import {formatClock, levelName} from '/shared/format.js';
import {attentionRows, attentionTable, bar, byKindRows, levelsStrip, tiles} from './board_parts.js';

const KEY = 'hazegate.wall';
const POLL_MS = 5000;

const wallToken = {
  get() { try { return JSON.parse(localStorage.getItem(KEY)); } catch { return null; } },
  set(value) { localStorage.setItem(KEY, JSON.stringify(value)); },
  clear() { localStorage.removeItem(KEY); },
};

// Stores a display account's login as the wall's token (the console's
// login hands one over when a wall account signs in there).
export function adoptWallLogin(body) { wallToken.set(body); }

function loginPanel(main, onDone) {
  const error = h('p.error-text', {role: 'alert'});
  const username = h('input#wall-username', {autocomplete: 'username', required: true, autocapitalize: 'off'});
  const password = h('input#wall-password', {type: 'password', autocomplete: 'current-password', required: true});
  clear(main, h('form.card.login', {onsubmit: async (event) => {
    event.preventDefault();
    try {
      const body = await requestLogin({username: username.value.trim(), password: password.value});
      if (body.role !== 'display') {
        error.textContent = '请使用大屏专用账号（只读）登录，不要使用个人账号。';
        return;
      }
      wallToken.set(body);
      onDone();
    } catch (e) {
      error.textContent = e.status === 401 ? '用户名或密码不正确' : e.message;
    }
  }}, h('h1', '大屏登录'), h('p.muted', '指挥大厅大屏使用只读的大屏账号，登录一年有效，个人账号退出不影响大屏。'),
  field('大屏账号', username), field('密码', password), error,
  h('button.big#wall-login', {type: 'submit'}, '登录'), h('p', h('a', {href: '#/board'}, '返回控制台'))));
  username.focus();
}

function progress(board) {
  return h('section.wall-progress', board.warnings.filter((w) => w.status === 'active').map((w) =>
    h(`div.wall-warning.${w.level}`, h('h2', h(`span.badge.${w.level}`, levelName(w.level)), w.exercise ? h('span.badge.drill', '演练') : null, ' ', w.headline),
      h('div.wall-bars', byKindRows(w).map(([name, t]) => h('div.wall-bar',
        h('span.name', name), bar(t), h('span.n', `${t.acknowledged}/${t.total - t.canceled}`)))))));
}

function draw(main, board, status) {
  const names = new Map(board.levels.map((a) => [a.area, a.name]));
  const ctx = {areaName: (code) => names.get(code) || code};
  const rows = attentionRows(board);
  const attention = h('section.wall-attention', h('h2', `需关注 ${rows.length} 家`),
    attentionTable(rows, ctx, {limit: 40, caption: false}).querySelector('table') || h('p.ok-text', '所有指令均已确认。'),
    h('p.muted.more-rows'));
  clear(main, h('div.wall',
    h('header.wall-head', h('h1', '重污染天气应急指挥 · 值守大屏'), status,
      h('button.secondary#wall-full', {type: 'button', onclick: () => document.documentElement.requestFullscreen?.()}, '全屏'),
      h('a.wall-exit', {href: '#/board'}, '退出大屏')),
    board.warnings.some((w) => w.status === 'active') ? tiles(board) : h('p.wall-calm', '当前没有生效的预警'),
    levelsStrip(board.levels),
    h('div.wall-main', progress(board), attention)));
  fitRows(attention, rows.length);
}

// As many 需关注 rows as the wall shows without scrolling, and how many more.
function fitRows(section, total) {
  const body = section.querySelector('tbody');
  const more = section.querySelector('.more-rows');
  const bottom = section.getBoundingClientRect().bottom - 40;  // room for the line
  while (body && body.rows.length && body.lastElementChild.getBoundingClientRect().bottom > bottom) {
    body.lastElementChild.remove();
  }
  const hidden = total - (body ? body.rows.length : 0);
  more.textContent = hidden > 0 ? `另有${hidden}家，详见控制台值守看板` : '';
}

export async function renderWall(main) {
  let stopped = false, timer = null, etag = null, board = null, lastOk = '';
  const status = h('span.wall-status#updated', {role: 'status'});
  async function tick() {
    const token = wallToken.get();
    if (!token) {
      loginPanel(main, () => { etag = null; tick(); });
      return;
    }
    try {
      const got = await pollAs(token.token, '/board', etag);
      if (got.changed) { etag = got.etag; board = got.body; }
      status.className = 'wall-status';
      lastOk = formatClock();
      status.textContent = `更新于 ${lastOk}`;
      if (got.changed && !stopped) draw(main, board, status);
    } catch (error) {
      status.className = 'wall-status stale';
      status.textContent = error instanceof ApiError && error.status === 401
        ? '大屏账号已失效，显示的是最后一次数据，请管理员重新登录大屏'
        : `网络中断，显示的是 ${lastOk} 的数据，正在重试`;
      if (!board) {
        if (error.status === 401) { wallToken.clear(); loginPanel(main, () => tick()); return; }
        clear(main, h('div.wall', h('p.wall-calm', status)));
      }
    }
    if (!stopped) timer = setTimeout(tick, POLL_MS);
  }
  await tick();
  return () => { stopped = true; clearTimeout(timer); };
}
