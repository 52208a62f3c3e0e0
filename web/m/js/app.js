// The field app's shell: login, the outbox's counter (待上传 N), the
// online/offline state, and the views by role: recipients (enterprise,
// school, unit, county) read and acknowledge their orders and file reports;
// inspectors do their assignments. Hash routes: #/orders, #/orders/ID,
// #/tasks, #/site/ORG, #/outbox.
import {api, logout, requestLogin, session, setUnauthorizedHandler} from '/shared/api.js';
import {clear, h, toast} from '/shared/dom.js';
import {loginForm} from '/shared/login.js';
import {roleName} from '/shared/format.js';
import * as live from './live.js';
import * as outbox from './outbox.js';
import {renderOrder, renderOrders} from './orders.js';
import {renderSite, renderTasks} from './inspect.js';

const main = document.getElementById('main');
const RECIPIENTS = ['enterprise', 'school', 'unit', 'county', 'command', 'office'];
const ctx = {me: null, org: null};
let stop = null;
let generation = 0;

function renderLogin() {
  clear(main, loginForm('企业、学校、成员单位和检查人员使用', start));
}

async function renderOutbox(box) {
  const list = await outbox.items();
  clear(box, h('h1', '待上传'),
    list.length ? list.map((item) => h(`section.card.outbox-item.${item.state}`, {dataset: {item: item.id}},
      h('strong', item.label),
      h('p.muted', item.state === 'pending' ? `等待上传${item.attempts ? `（已重试${item.attempts}次）` : ''}`
        : item.state === 'conflict' ? '服务器已有同一编号但内容不同的记录（409），未上传' : '服务器拒收'),
      item.error ? h('p.error-text', item.error) : null,
      item.state !== 'pending' ? h('button.secondary', {type: 'button', onclick: async () => {
        await outbox.remove(item.id);
        renderOutbox(box);
      }}, '已知悉，移除') : null))
      : h('p.muted', '没有待上传的内容。'),
    h('p', h('a', {href: '#/'}, '返回')));
}

async function updateQueue() {
  const list = await outbox.items();
  const button = document.getElementById('queue');
  const refused = list.filter((i) => i.state !== 'pending').length;
  button.hidden = list.length === 0;
  button.textContent = `待上传 ${list.length}${refused ? `（${refused}条被拒）` : ''}`;
  button.classList.toggle('refused', refused > 0);
}

// 实时 while the app is a live device; 离线 when it is not (for a recipient
// it then refreshes its orders every few seconds) or has no network.
function updateNet() {
  const net = document.getElementById('net');
  const recipient = ctx.me && ctx.org && RECIPIENTS.includes(ctx.me.role);
  const state = live.isLive() ? 'live' : !navigator.onLine ? 'offline' : recipient ? 'polling' : '';
  net.textContent = {live: '实时', offline: '离线', polling: '离线·定时刷新', '': ''}[state];
  net.title = state === 'polling' ? '实时连接不可用，每5秒刷新一次指令' : '';
  net.className = `net ${state}`;
}

async function signOut() {
  const username = ctx.me?.username;
  if (username) await live.stop(username);
  await logout();
  ctx.me = null;
  ctx.org = null;
  document.getElementById('logout').hidden = true;
  updateNet();
  route();
}

async function route() {
  if (stop) stop();
  stop = null;
  if (!session.get() || !ctx.me) {
    renderLogin();
    return;
  }
  const [name, arg] = location.hash.replace(/^#\/?/, '').split('/');
  const mine = ++generation;
  const box = h('div.view');
  clear(main, box);
  let view;
  if (name === 'outbox') view = renderOutbox;
  else if (ctx.me.role === 'inspector') view = name === 'site' && arg ? (b) => renderSite(b, ctx, arg) : (b) => renderTasks(b, ctx);
  // #/o/ID: the short form SMS links use (docs/sms.md).
  else if (RECIPIENTS.includes(ctx.me.role)) view = (name === 'orders' || name === 'o') && arg ? (b) => renderOrder(b, ctx, arg) : (b) => renderOrders(b, ctx);
  else view = (b) => clear(b, h('section.card', h('p', '此账号请使用电脑端控制台：'), h('a', {href: '/console/'}, '/console/')));
  try {
    const result = await view(box);
    if (mine !== generation) { if (typeof result === 'function') result(); return; }
    if (typeof result === 'function') stop = result;
  } catch (error) {
    clear(box, h('section.card.error', h('p', `无法加载：${error.message}`), h('button.secondary', {type: 'button', onclick: route}, '重试')));
  }
}

// #/setup/CODE: a new phone opened the QR code the console showed; the
// one-time code is exchanged for a login of that account (no password).
async function setUpFromCode() {
  const [name, code] = location.hash.replace(/^#\/?/, '').split('/');
  if (name !== 'setup' || !code) return true;
  try {
    const body = await requestLogin({setup_code: code});
    session.set(body);
    const me = await api('/me');
    session.set({...body, username: me.username});
    history.replaceState(null, '', '#/');
    return true;
  } catch (error) {
    history.replaceState(null, '', '#/');
    clear(main, h('section.card.error', h('h1', '二维码无法使用'),
      h('p', error.status === 401 ? '该二维码已使用或已过期（10分钟内有效），请在电脑端“设备”页重新生成。' : error.message),
      h('button', {type: 'button', onclick: () => { renderLogin(); }}, '改用账号密码登录')));
    return false;
  }
}

async function start() {
  if (!await setUpFromCode()) return;
  if (session.get()) {
    const orgKey = `hazegate.org.${session.get().username}`;
    try {
      ctx.me = await api('/me');
      ctx.org = ctx.me.org ? await api(`/orgs/${ctx.me.org}`) : null;
      localStorage.setItem(orgKey, JSON.stringify(ctx.org));
    } catch (error) {
      if (error.status === 401) session.clear();
      // Offline: keep the session and show what the views can, as the org
      // was when last read.
      ctx.me = ctx.me || (session.get() ? {username: session.get().username, role: session.get().role, org: session.get().org} : null);
      try { ctx.org = ctx.org || JSON.parse(localStorage.getItem(orgKey)); } catch { ctx.org = null; }
    }
  }
  const title = document.getElementById('title');
  title.textContent = ctx.me ? `${ctx.org ? ctx.org.name : roleName(ctx.me.role)}` : '应急移动端';
  document.getElementById('logout').hidden = !ctx.me;
  updateNet();
  if (ctx.me && ctx.org && RECIPIENTS.includes(ctx.me.role)) live.start(ctx.me, ctx.org);
  await route();
}

setUnauthorizedHandler(() => {
  session.clear();
  ctx.me = null;
  toast('登录已失效，请重新登录', 'error');
  route();
});
document.getElementById('queue').addEventListener('click', () => { location.hash = '#/outbox'; });
document.getElementById('logout').addEventListener('click', signOut);
live.subscribe((event) => { if (event.type === 'state') updateNet(); });
window.addEventListener('hashchange', route);
window.addEventListener('outbox', updateQueue);
window.addEventListener('online', updateNet);
window.addEventListener('offline', updateNet);
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/m/sw.js', {scope: '/m/'}).catch(() => {
    // Without it the app works online; the shell is not kept offline.
  });
}
updateNet();
updateQueue();
outbox.startSending();
start();
