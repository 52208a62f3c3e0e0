// The field app's service worker: keeps the app's shell (its pages, styles
// and modules) so the app opens without a network; the API is never cached
// (orders and reports are live; the app keeps its last list of orders for
// reading offline, the outbox what waits to be sent).
const VERSION = 'hazegate-m-8';
const SHELL = [
  '/m/', '/shared/tokens.css', '/m/style.css', '/m/manifest.webmanifest', '/m/icon.svg',
  '/m/js/app.js', '/m/js/outbox.js', '/m/js/orders.js', '/m/js/inspect.js', '/m/js/live.js',
  '/vendor/mqtt.esm.js',
  '/shared/api.js', '/shared/dom.js', '/shared/format.js', '/shared/login.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// The shell: from the cache at once, refreshed from the network behind
// (the next start gets the update). Everything else: the network.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin) return;
  const path = url.pathname === '/m/index.html' ? '/m/' : url.pathname;
  if (!SHELL.includes(path)) return;
  event.respondWith(caches.open(VERSION).then(async (cache) => {
    const cached = await cache.match(path);
    const fresh = fetch(event.request).then((res) => {
      if (res.ok) cache.put(path, res.clone());
      return res;
    });
    if (cached) {
      event.waitUntil(fresh.catch(() => null));
      return cached;
    }
    return fresh;
  }));
});
