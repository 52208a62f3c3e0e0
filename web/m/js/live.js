// 实时: while the field app is open it is one of its org's devices (contract
// v3 §3–§4, issue 21). On login it registers itself (POST /devices) and keeps
// the device's credentials in IndexedDB (deleted on 退出); it connects over
// MQTT over WebSocket on its own origin (wss://HOST/mqtt, which the front
// door passes to the broker) with a persistent session, so orders sent while
// the page was closed arrive when it opens. Every order is receipted the
// moment it arrives; acknowledgements go over MQTT and count once the
// server's ack_recorded comes back (else the caller sends them over HTTPS).
// The views poll GET /orders only while this is not live.
import mqtt from '/vendor/mqtt.esm.js';
import {api} from '/shared/api.js';

const DB_NAME = 'hazegate-live';
const STORE = 'device';
const ACK_WAIT_MS = 8000;  // no ack_recorded by then: HTTPS instead
const SEEN_MS = 5 * 60 * 1000;  // "I am here" this often while connected

let client = null;
let topics = null;
let live = false;
let seenTimer = null;
const listeners = new Set();
const waiting = new Map();  // order id → resolve(true) on ack_recorded

function db() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, {keyPath: 'username'});
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function stored(mode, work) {
  const database = await db();
  return new Promise((resolve, reject) => {
    const t = database.transaction(STORE, mode);
    const request = work(t.objectStore(STORE));
    t.oncomplete = () => { database.close(); resolve(request.result); };
    t.onerror = () => { database.close(); reject(t.error); };
  });
}

// This browser's device for `username`, registered on first use.
async function device(username) {
  const known = await stored('readonly', (s) => s.get(username));
  if (known) return known;
  const created = await api('/devices', {method: 'POST', body: {name: '移动端（浏览器）'}});
  const record = {username, id: created.id, mqtt: created.mqtt};
  await stored('readwrite', (s) => s.put(record));
  return record;
}

function emit(event) {
  for (const listener of listeners) listener(event);
}

function setLive(value) {
  if (live === value) return;
  live = value;
  emit({type: 'state', live});
}

// Subscribes `listener` to {type: 'state', live} | {type: 'order', order}
// | {type: 'cancel', order_id} | {type: 'level'}; returns the unsubscribe.
export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const isLive = () => live;

function receive(topic, payload) {
  let message;
  try { message = JSON.parse(new TextDecoder().decode(payload)); } catch { return; }
  if (topic.endsWith('/warning')) {
    emit({type: 'level'});
    return;
  }
  if (message.type === 'order') {
    // Its receipt at once: the server then knows it is on a screen.
    client.publish(topics.receipts, JSON.stringify({order_ids: [message.id]}), {qos: 1});
    emit({type: 'order', order: message});
  } else if (message.type === 'ack_recorded') {
    const resolve = waiting.get(message.order_id);
    if (resolve) resolve(true);
    emit({type: 'acked', order_id: message.order_id, acked_at: message.acked_at});
  } else if (message.type === 'cancel') {
    emit({type: 'cancel', order_id: message.order_id});
  }
}

// Starts being a device for `me` of `org` (a recipient with its area).
export async function start(me, org) {
  if (client || !org || typeof WebSocket === 'undefined') return;
  let record;
  try {
    record = await device(me.username);
  } catch {
    return;  // offline or refused: the views poll
  }
  // A server without MQTT over WebSocket says so (ws_uri null): poll.
  if (!record.mqtt.ws_uri) return;
  const {username, password, client_id: clientId, topic_prefix: prefix} = record.mqtt;
  const base = `${prefix}/orgs/${org.id}`;
  topics = {orders: `${base}/orders`, acks: `${base}/acks`, receipts: `${base}/receipts`,
    // Its own area's level by name: a clustered broker (RabbitMQ 3.10) sends
    // the retained level only to a subscription of that exact topic.
    levels: `${prefix}/areas/${org.area}/warning`, seen: `${prefix}/devices/${username}/seen`};
  client = mqtt.connect(`wss://${location.host}/mqtt`, {
    protocolVersion: 4, clientId, username, password, clean: false,
    reconnectPeriod: 3000, connectTimeout: 8000, keepalive: 30, resubscribe: false,
    // Its keepalive timers on this thread: a timer worker from a blob: URL
    // is what the CSP (worker-src 'self') refuses.
    timerVariant: 'native',
  });
  // The devices page's 最近在线: on connecting, then every few minutes.
  const seen = () => client?.connected && client.publish(topics.seen, '{}', {qos: 0});
  client.on('connect', () => {
    client.subscribe([topics.orders, topics.levels], {qos: 1}, (error) => setLive(!error));
    seen();
  });
  clearInterval(seenTimer);
  seenTimer = setInterval(seen, SEEN_MS);
  client.on('close', () => setLive(false));
  client.on('offline', () => setLive(false));
  client.on('error', () => setLive(false));
  client.on('message', receive);
}

// Acknowledges over MQTT; true once the server confirmed it (ack_recorded),
// false if not live or no confirmation came in time.
export function ack(orderId, note) {
  if (!live) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok) => {
      waiting.delete(orderId);
      clearTimeout(timer);
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), ACK_WAIT_MS);
    waiting.set(orderId, done);
    client.publish(topics.acks, JSON.stringify(note ? {order_id: orderId, note} : {order_id: orderId}),
      {qos: 1}, (error) => { if (error) done(false); });
  });
}

// 退出: the device is deleted (the broker refuses it from then on) and
// forgotten here.
export async function stop(username) {
  clearInterval(seenTimer);
  if (client) {
    client.end(true);
    client = null;
  }
  setLive(false);
  const record = await stored('readonly', (s) => s.get(username)).catch(() => null);
  if (!record) return;
  await api(`/devices/${record.id}`, {method: 'DELETE'}).catch(() => {});
  await stored('readwrite', (s) => s.delete(username)).catch(() => {});
}
