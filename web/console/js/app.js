// The console's shell: login, the menu for the user's role, and the views
// by URL hash (#/board, #/cases/ID, #/cases?status=open …: a view's filters
// live in the hash's query, so a reload or a shared link keeps them). A 401
// from any call returns to login; the wall screen (#/wall) has a token of
// its own and never does.
import {api, logout as endSession, session, setUnauthorizedHandler} from '/shared/api.js';
import {clear, h, toast} from '/shared/dom.js';
import {roleName} from '/shared/format.js';
import {renderLogin} from './views/login.js';
import {renderBoard} from './views/board.js';
import {renderWarnings} from './views/warnings.js';
import {renderApprovals} from './views/approvals.js';
import {renderCases, renderCase} from './views/cases.js';
import {renderInspections} from './views/inspections.js';
import {renderAssign} from './views/assign.js';
import {renderReports} from './views/reports.js';
import {renderOrders} from './views/orders.js';
import {renderDevices} from './views/devices.js';
import {renderForecasts} from './views/forecasts.js';
import {renderLeads} from './views/leads.js';
import {renderBulletins} from './views/bulletins.js';
import {adoptWallLogin, renderWall} from './views/wall.js';
import {alertSwitch, onAlerts, startAlerts, stopAlerts} from './alerts.js';

const STAFF = ['admin', 'command', 'office', 'unit', 'county', 'inspector'];
// [hash, menu text, roles, view]
const ROUTES = [
  ['board', '值守看板', STAFF, renderBoard],
  ['forecasts', '研判', STAFF, renderForecasts],
  ['warnings', '预警发布', STAFF, renderWarnings],
  ['approvals', '待审批', ['command'], renderApprovals],
  ['cases', '案件处置', STAFF, renderCases],
  ['inspections', '检查记录', STAFF, renderInspections],
  ['assign', '督查派单', ['office', 'inspector'], renderAssign],
  ['reports', '报告与评估', ['command', 'office', 'unit', 'county', 'inspector'], renderReports],
  ['orders', '本单位指令', ['command', 'office', 'unit', 'county', 'inspector'], renderOrders],
  ['bulletins', '信息报送', ['command', 'office'], renderBulletins],
  ['leads', '问责线索', ['command', 'office', 'unit', 'county', 'inspector'], renderLeads],
  ['devices', '设备', ['command', 'office', 'unit', 'county', 'inspector'], renderDevices],
];

const main = document.getElementById('main');
let cleanup = null;
let routeGeneration = 0;

// What every view may use: the user, the plan's areas and orgs (by id).
const context = {
  me: null,
  areas: [],
  areaName: (code) => (context.areas.find((a) => a.code === code) || {name: code}).name,
  orgs: new Map(),
  orgName: (id) => (context.orgs.get(id) || {name: id}).name,
  can: (...roles) => roles.includes(context.me.role),
  // The view's filters: read from the hash's query, written back without a
  // new history entry (and without re-rendering).
  params: new URLSearchParams(),
  setParams(values) {
    for (const [key, value] of Object.entries(values)) {
      if (value === '' || value === null || value === undefined) context.params.delete(key);
      else context.params.set(key, value);
    }
    const [path] = location.hash.split('?');
    const query = context.params.toString();
    history.replaceState(null, '', query ? `${path}?${query}` : path);
  },
};

function parseHash() {
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  return {parts: path.split('/'), params: new URLSearchParams(query)};
}

async function loadDirectory() {
  context.areas = await api('/areas?limit=1000');
  context.orgs = new Map();
  if (STAFF.includes(context.me.role)) {
    for (const org of await api('/orgs?limit=1000')) context.orgs.set(org.id, org);
  }
}

function renderShell() {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!context.me) {
    clear(nav);
    clear(who);
    return;
  }
  clear(nav, ROUTES.filter(([, , roles]) => roles.includes(context.me.role))
    .map(([hash, text]) => h('a', {href: `#/${hash}`, dataset: {route: hash}}, text,
      h('span.count', {hidden: true, dataset: {count: hash}}))));
  clear(who,
    h('a.wall-link', {href: '#/wall'}, '大屏'),
    alertSwitch(),
    h('span', {title: context.me.org ? context.orgName(context.me.org) : ''},
      `${context.me.username} · ${roleName(context.me.role)}`),
    h('button.link#logout', {type: 'button', onclick: logout}, '退出'));
}

// The menu's counts of what waits for the user (alerts.js).
onAlerts((state) => {
  for (const badge of document.querySelectorAll('#nav .count')) {
    const n = state.byRoute[badge.dataset.count] || 0;
    badge.hidden = !n;
    badge.textContent = n;
    badge.setAttribute('aria-label', `${n}项待处理`);
  }
});

async function logout() {
  stopAlerts();
  await endSession();
  context.me = null;
  location.hash = '#/login';
  await route();
}

async function route() {
  if (cleanup) cleanup();
  cleanup = null;
  const {parts: [name, ...rest], params} = parseHash();
  context.params = params;
  if (name === 'wall') {
    document.body.classList.add('wall-mode');
    cleanup = await renderWall(main);
    return;
  }
  document.body.classList.remove('wall-mode');
  if (!session.get()) {
    context.me = null;
    renderShell();
    renderLogin(main, async () => { await start(); });
    return;
  }
  if (context.me.role === 'display') {
    location.replace('#/wall');
    return;
  }
  if (!STAFF.includes(context.me.role)) {
    clear(main, h('section.card', h('h1', '请使用移动端'),
      h('p', '企业和学校的账号请在手机上打开 ', h('a', {href: '/m/'}, '/m/'), ' 查看和确认指令。'),
      h('button', {type: 'button', onclick: logout}, '退出登录')));
    return;
  }
  const allowed = ROUTES.filter(([, , roles]) => roles.includes(context.me.role));
  const found = allowed.find(([hash]) => hash === name) || allowed[0];
  if (found[0] !== name) {
    location.replace(`#/${found[0]}${params.toString() ? `?${params}` : ''}`);
    return;
  }
  for (const link of document.querySelectorAll('#nav a')) {
    link.classList.toggle('active', link.dataset.route === name);
    if (link.dataset.route === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const view = name === 'cases' && rest[0] ? renderCase : found[3];
  // Each view draws into its own box: one left behind by a quick change of
  // route draws into a detached box and is stopped as soon as it returns.
  const box = h('div.view', h('p.muted', '正在加载…'));
  const generation = ++routeGeneration;
  clear(main, box);
  let stop = null;
  try {
    stop = await view(box, context, rest) || null;
  } catch (error) {
    clear(box, h('section.card.error', h('h1', '无法加载'), h('p', error.message)));
  }
  if (generation !== routeGeneration) {
    if (stop) stop();
    return;
  }
  cleanup = stop;
  main.focus({preventScroll: true});
}

async function start() {
  try {
    context.me = session.get() ? await api('/me') : null;
    if (context.me && context.me.role === 'display') {
      // A wall screen's account signed in here: the token is the wall's.
      adoptWallLogin(session.get());
      session.clear();
      context.me = null;
      location.hash = '#/wall';
      return;
    }
    if (context.me) await loadDirectory();
  } catch (error) {
    if (error.status !== 401) toast(error.message, 'error');
    session.clear();
    context.me = null;
  }
  renderShell();
  if (context.me && STAFF.includes(context.me.role)) startAlerts(context.me);
  if (context.me && (!location.hash || location.hash === '#/login')) location.hash = '#/board';
  else await route();
}

setUnauthorizedHandler(() => {
  if (parseHash().parts[0] === 'wall') return;  // the wall's token is its own
  stopAlerts();
  session.clear();
  context.me = null;
  toast('登录已失效，请重新登录', 'error');
  location.hash = '#/login';
  route();
});
window.addEventListener('hashchange', route);
start();
