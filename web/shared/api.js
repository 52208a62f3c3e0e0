// The HTTP API (/api/v1) for the web clients: the session's token, JSON in
// and out, problem+json errors as ApiError with the fields named.

const KEY = 'hazegate.session';

export class ApiError extends Error {
  constructor(status, problem) {
    const fields = (problem.errors || []).map((e) => `${e.field}：${e.message}`);
    super([problem.detail || problem.title || `HTTP ${status}`, ...fields].join('；'));
    this.status = status;
    this.problem = problem;
  }
}

export const session = {
  get() {
    try { return JSON.parse(localStorage.getItem(KEY)); } catch { return null; }
  },
  set(value) { localStorage.setItem(KEY, JSON.stringify(value)); },
  clear() { localStorage.removeItem(KEY); },
};

// 退出: the server revokes the token (POST /auth/logout), then it is
// forgotten here, whether or not the server could be reached.
export async function logout() {
  const s = session.get();
  if (s) {
    try {
      await fetch('/api/v1/auth/logout', {
        method: 'POST', headers: {Authorization: `Bearer ${s.token}`}, cache: 'no-store',
      });
    } catch { /* offline: the token expires on its own */ }
  }
  session.clear();
}

// Called with no arguments when the server answers 401 (token gone).
let onUnauthorized = () => {};
export function setUnauthorizedHandler(handler) { onUnauthorized = handler; }

function headers(extra = {}) {
  const s = session.get();
  return s ? {Authorization: `Bearer ${s.token}`, ...extra} : extra;
}

// The answer's problem+json as an ApiError.
async function problemError(res) {
  let problem = {};
  try { problem = await res.json(); } catch { /* not JSON */ }
  return new ApiError(res.status, problem);
}

// As problemError, and a 401 ends the session.
async function failure(res) {
  if (res.status === 401) onUnauthorized();
  return problemError(res);
}

// GET with ETag revalidation under `auth` headers: {changed, body, etag};
// an error answer is `fail`'s.
async function revalidate(path, auth, etag, fail) {
  const res = await fetch(`/api/v1${path}`, {
    headers: {...auth, ...(etag ? {'If-None-Match': etag} : {})}, cache: 'no-store',
  });
  if (res.status === 304) return {changed: false, etag};
  if (!res.ok) throw await fail(res);
  return {changed: true, body: await res.json(), etag: res.headers.get('ETag')};
}

// JSON request; resolves to the parsed body (null for 204/304).
export async function api(path, {method = 'GET', body, etag} = {}) {
  const extra = body === undefined ? {} : {'Content-Type': 'application/json'};
  if (etag) extra['If-None-Match'] = etag;
  const res = await fetch(`/api/v1${path}`, {
    method, headers: headers(extra), cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok && res.status !== 304) throw await failure(res);
  if (res.status === 204 || res.status === 304) return null;
  return res.json();
}

// GET with ETag revalidation: {changed, body, etag}.
export function poll(path, etag) {
  return revalidate(path, headers(), etag, failure);
}

// A protected file as a Blob (photos, exports).
export async function blob(path) {
  const res = await fetch(`/api/v1${path}`, {headers: headers()});
  if (!res.ok) throw await failure(res);
  return res.blob();
}

// Saves a protected export under `filename`.
export async function download(path, filename) {
  const url = URL.createObjectURL(await blob(path));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// POST /auth/login with `credentials` ({username, password} or
// {setup_code}): the session's body, not stored.
export async function requestLogin(credentials) {
  const res = await fetch('/api/v1/auth/login', {
    method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(credentials),
  });
  if (!res.ok) throw await problemError(res);
  return res.json();
}

export async function login(username, password) {
  const body = await requestLogin({username, password});
  session.set({...body, username});
  return body;
}

// GET with ETag revalidation under a token of the caller's own (the wall
// screen's): a 401 is the caller's to handle, not the session's.
export function pollAs(token, path, etag) {
  return revalidate(path, {Authorization: `Bearer ${token}`}, etag, problemError);
}
