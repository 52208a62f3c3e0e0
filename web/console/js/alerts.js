// What needs the duty officer's action, counted every 10 s whatever view is
// open: escalations and approval requests addressed to the user's org that
// are not yet acknowledged, orders of the user's scope gone overdue, the
// region's notices no warning has answered yet (office, command), and (the
// command) warnings waiting for approval. The count is in the tab's
// title and on the menu; something new rings a tone and shows a browser
// notification, once the user has allowed them (提醒) and unless 静音.
import {api, poll} from '/shared/api.js';
import {h} from '/shared/dom.js';
import {formatClock, orderKind} from '/shared/format.js';

const POLL_MS = 10000;
const MUTE_KEY = 'hazegate.mute';
const TITLE = document.title;
const ACTION_KINDS = ['escalation', 'approval_request', 'area_notice', 'unit_task', 'inspection_assignment', 'rectification'];
const OPEN = ['pending', 'delivered', 'received', 'overdue'];

let seen = null;  // keys of items already announced (null: first pass)
let timer = null;
let boardEtag = null, board = null;
let audio = null;
const listeners = new Set();
export const state = {total: 0, byRoute: {}, items: [], updatedAt: null};

export const muted = () => localStorage.getItem(MUTE_KEY) === '1';

// Called on each count (views redraw their badges).
export function onAlerts(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Browsers start sound only after a gesture: the first click anywhere
// wakes it.
document.addEventListener('click', () => { audio?.resume?.(); }, {once: true});

function tone() {
  if (muted()) return;
  try {
    audio = audio || new AudioContext();
    const osc = audio.createOscillator(), gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.6);
    window.hazegateTones = (window.hazegateTones || 0) + 1;  // read by tests
  } catch { /* no audio device */ }
}

function notify(item) {
  if (muted() || !('Notification' in window) || Notification.permission !== 'granted') return;
  const note = new Notification(item.title, {body: item.body, tag: item.key, lang: 'zh-CN'});
  note.onclick = () => { window.focus(); location.hash = item.href; };
}

// Items needing this user's action.
async function collect(me) {
  const items = [];
  if (me.org) {
    for (const o of await api('/orders?limit=100')) {
      if (!OPEN.includes(o.status) || !ACTION_KINDS.includes(o.kind)) continue;
      items.push({key: `order:${o.id}`, route: 'orders', title: `${orderKind(o.kind)}：${o.title}`,
        body: o.body.slice(0, 120), href: o.kind === 'approval_request' ? '#/approvals' : `#/orders?order=${o.id}`});
    }
  }
  const got = await poll('/board', boardEtag);
  if (got.changed) { boardEtag = got.etag; board = got.body; }
  for (const w of board.warnings) {
    for (const a of w.attention.filter((x) => x.status === 'overdue')) {
      items.push({key: `overdue:${a.order_id}`, route: 'board', title: `超时未确认：${a.name}`,
        body: `${w.headline || ''}`, href: `#/board?focus=${a.order_id}`});
    }
  }
  if (['office', 'command'].includes(me.role)) {
    // The region's notices not yet answered by a warning (issue 22).
    const notices = new Map();
    for (const r of await api('/recommendations')) {
      if (r.regional_notice_id && !notices.has(r.regional_notice_id)) notices.set(r.regional_notice_id, r);
    }
    for (const [id, r] of notices) {
      items.push({key: `notice:${id}`, route: 'forecasts', title: '区域预警通知待响应',
        body: r.basis.slice(0, 120), href: '#/forecasts'});
    }
  }
  if (me.role === 'command') {
    for (const w of await api('/warnings?status=proposed&limit=100')) {
      items.push({key: `approval:${w.id}`, route: 'approvals', title: `待审批：${w.headline}`,
        body: w.reason || '', href: `#/approvals?warning=${w.id}`});
    }
  }
  return items;
}

async function tick(me) {
  try {
    const items = await collect(me);
    const fresh = seen ? items.filter((i) => !seen.has(i.key)) : [];
    seen = new Set(items.map((i) => i.key));
    state.items = items;
    state.total = items.length;
    state.byRoute = {};
    for (const i of items) state.byRoute[i.route] = (state.byRoute[i.route] || 0) + 1;
    state.updatedAt = formatClock();
    document.title = state.total ? `(${state.total}) ${TITLE}` : TITLE;
    if (fresh.length) {
      tone();
      for (const item of fresh.slice(0, 3)) notify(item);
    }
    const button = document.getElementById('alerts-switch');
    if (button) button.title = `待办提醒更新于 ${state.updatedAt}（每10秒）`;
    for (const listener of listeners) listener(state);
  } catch { /* a failed count is retried; a 401 is the shell's */ }
  timer = setTimeout(() => tick(me), POLL_MS);
}

export function startAlerts(me) {
  stopAlerts();
  seen = null;
  tick(me);
}

export function stopAlerts() {
  clearTimeout(timer);
  timer = null;
  boardEtag = null;
  document.title = TITLE;
}

// 提醒 / 静音 in the header: the first click asks the browser for
// notifications (and unlocks sound, which needs a gesture); then it mutes
// and unmutes.
export function alertSwitch() {
  const button = h('button.link#alerts-switch', {type: 'button'});
  const label = () => {
    const allowed = 'Notification' in window && Notification.permission === 'granted';
    button.textContent = !allowed ? '开启提醒' : muted() ? '提醒：已静音' : '提醒：开';
    button.setAttribute('aria-pressed', String(allowed && !muted()));
  };
  button.addEventListener('click', async () => {
    audio = audio || new AudioContext();
    if ('Notification' in window && Notification.permission !== 'granted') {
      await Notification.requestPermission();
      localStorage.removeItem(MUTE_KEY);
    } else if (muted()) {
      localStorage.removeItem(MUTE_KEY);
    } else {
      localStorage.setItem(MUTE_KEY, '1');
    }
    label();
  });
  label();
  return button;
}
