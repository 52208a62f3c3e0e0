// The console's shell: login, the menu for the user's role, and the views
// by URL hash (#/board, #/cases/ID …). A 401 from any call returns to login.
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

const STAFF = ['admin', 'command', 'office', 'unit', 'county', 'inspector'];
// [hash, menu text, roles, view]
const ROUTES = [
  ['board', '值守看板', STAFF, renderBoard],
  ['warnings', '预警发布', STAFF, renderWarnings],
  ['approvals', '待审批', ['command'], renderApprovals],
  ['cases', '案件处置', STAFF, renderCases],
  ['inspections', '检查记录', STAFF, renderInspections],
  ['assign', '督查派单', ['office', 'inspector'], renderAssign],
  ['reports', '报告与评估', ['command', 'office', 'unit', 'county', 'inspector'], renderReports],
  ['orders', '本单位指令', ['command', 'office', 'unit', 'county', 'inspector'], renderOrders],
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
};

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
    .map(([hash, text]) => h('a', {href: `#/${hash}`, dataset: {route: hash}}, text)));
  clear(who,
    h('span', {title: context.me.org ? context.orgName(context.me.org) : ''},
      `${context.me.username} · ${roleName(context.me.role)}`),
    h('button.link#logout', {type: 'button', onclick: logout}, '退出'));
}

async function logout() {
  await endSession();
  context.me = null;
  location.hash = '#/login';
  await route();
}

async function route() {
  if (cleanup) cleanup();
  cleanup = null;
  const [name, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  if (!session.get()) {
    context.me = null;
    renderShell();
    renderLogin(main, async () => { await start(); });
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
    location.replace(`#/${found[0]}`);
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
    if (context.me) await loadDirectory();
  } catch (error) {
    if (error.status !== 401) toast(error.message, 'error');
    session.clear();
    context.me = null;
  }
  renderShell();
  if (context.me && (!location.hash || location.hash === '#/login')) location.hash = '#/board';
  else await route();
}

setUnauthorizedHandler(() => {
  session.clear();
  context.me = null;
  toast('登录已失效，请重新登录', 'error');
  location.hash = '#/login';
  route();
});
window.addEventListener('hashchange', route);
start();
