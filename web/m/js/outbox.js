// The phone's outbox: acknowledgements and inspection reports are saved on
// the device (IndexedDB) the moment they are made, sent when online,
// retried with backoff, and kept across closing the page. The server makes
// retries safe: a repeated ack answers 200 with the first time; a report's
// client UUID makes a repeat 200 with the first answer, and the same id with
// other content 409, which is kept and shown, never dropped.
import {session} from '/shared/api.js';

const DB_NAME = 'hazegate-m';
const STORE = 'outbox';
const MAX_BACKOFF_MS = 5 * 60 * 1000;
let dbPromise;

function db() {
  dbPromise ||= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, {keyPath: 'id'});
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return dbPromise;
}

async function tx(mode, work) {
  const database = await db();
  return new Promise((resolve, reject) => {
    const t = database.transaction(STORE, mode);
    const result = work(t.objectStore(STORE));
    t.oncomplete = () => resolve(result.result);
    t.onerror = () => reject(t.error);
  });
}

const changed = () => window.dispatchEvent(new Event('outbox'));

// Everything waiting or refused, oldest first.
export async function items() {
  const all = await tx('readonly', (store) => store.getAll());
  return all.sort((a, b) => a.created_at.localeCompare(b.created_at));
}

async function put(item) {
  await tx('readwrite', (store) => store.put(item));
  changed();
}

export async function remove(id) {
  await tx('readwrite', (store) => store.delete(id));
  changed();
}

// Saves an item ({id, kind: "ack"|"inspection", label, path, body} or
// {…, report, photos: [Blob]}) and tries to send it at once.
export async function enqueue(item) {
  await put({...item, state: 'pending', attempts: 0, next_at: 0, created_at: new Date().toISOString()});
  flush();
}

// Sends a multipart inspection with upload progress (fetch has none).
function sendInspection(item, onProgress) {
  return new Promise((resolve) => {
    const form = new FormData();
    form.append('report', new Blob([JSON.stringify(item.report)], {type: 'application/json'}));
    item.photos.forEach((photo, i) => form.append('photo', photo, `photo-${i + 1}.jpg`));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/inspections');
    xhr.setRequestHeader('Authorization', `Bearer ${session.get()?.token}`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(item, e.loaded / e.total); };
    xhr.onload = () => resolve({status: xhr.status, text: xhr.responseText});
    xhr.onerror = () => resolve({status: 0, text: ''});
    xhr.send(form);
  });
}

async function sendJson(item) {
  try {
    const res = await fetch(item.path, {
      method: 'POST', body: JSON.stringify(item.body),
      headers: {'Content-Type': 'application/json', Authorization: `Bearer ${session.get()?.token}`},
    });
    return {status: res.status, text: await res.text()};
  } catch {
    return {status: 0, text: ''};
  }
}

function problemText(text) {
  try {
    const p = JSON.parse(text);
    return [p.detail || p.title, ...(p.errors || []).map((e) => `${e.field}：${e.message}`)].join('；');
  } catch {
    return text.slice(0, 200);
  }
}

let progressListener = () => {};
export function onProgress(listener) { progressListener = listener; }

let flushing = false;
// Sends what is due; network errors, 5xx, 401 and 429 wait and retry.
export async function flush() {
  if (flushing || !navigator.onLine || !session.get()) return;
  flushing = true;
  try {
    for (const item of await items()) {
      if (item.state !== 'pending' || item.next_at > Date.now()) continue;
      const res = item.kind === 'inspection'
        ? await sendInspection(item, progressListener) : await sendJson(item);
      progressListener(item, null);
      if (res.status === 200 || res.status === 201) {
        await remove(item.id);
        window.dispatchEvent(new CustomEvent('outbox-sent', {detail: {item, body: res.text}}));
      } else if (res.status === 409 || (res.status >= 400 && res.status < 500 &&
                 ![401, 408, 429].includes(res.status))) {
        await put({...item, state: res.status === 409 ? 'conflict' : 'failed',
          error: `${res.status}：${problemText(res.text)}`});
      } else {
        const attempts = item.attempts + 1;
        const wait = Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.min(attempts, 10));
        await put({...item, attempts, next_at: Date.now() + wait,
          error: res.status ? `${res.status}：稍后重试` : '网络不可用，稍后重试'});
        if (!navigator.onLine) break;
      }
    }
  } finally {
    flushing = false;
  }
}

export function startSending() {
  window.addEventListener('online', () => {
    // Back online: what waits for its backoff is due now.
    items().then(async (all) => {
      for (const item of all.filter((i) => i.state === 'pending')) await put({...item, next_at: 0});
      flush();
    });
  });
  setInterval(flush, 3000);
  flush();
}
