// The field app (/m/) in a real browser with mobile emulation (390×844,
// touch) against a real stack: an enterprise sees its order arrive and
// acknowledges it; an inspector at the site submits two photos that the
// server holds byte for byte; 5 km away the distance warning shows and the
// server flags it; offline → submit → reload → online stores exactly one
// report; on a throttled 3G profile the shell comes from the service worker
// (its load times: scripts/bench/shell.sh).
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {PredefinedNetworkConditions} from 'puppeteer-core';
import {makeJpeg} from './fixtures.mjs';
import {SCREENSHOTS, Stack, eventually, launchBrowser, openPhone, watch} from './harness.mjs';

let stack;
let browser;
let warningId;
const photoFiles = [];
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const OFFLINE = [/ERR_INTERNET_DISCONNECTED/, /Failed to load resource/];

before(async () => {
  stack = await Stack.start();
  browser = await launchBrowser(stack);
  mkdirSync(SCREENSHOTS, {recursive: true});
  for (const seed of [3, 4]) {
    const path = join(stack.dir, `fixture-${seed}.jpg`);
    writeFileSync(path, await makeJpeg(browser, seed, 1280, 960));
    photoFiles.push(path);
  }
  const issued = await stack.api('POST', '/warnings', 'office', {
    level: 'orange', areas: ['652301'], starts_at: new Date().toISOString(),
    headline: '昌吉市重污染天气橙色预警', reason: 'PM2.5 持续超过150'});
  assert.equal(issued.status, 201);
  warningId = issued.body.id;
  assert.equal((await stack.api('POST', `/warnings/${warningId}/approve`, 'command')).status, 200);
  const assigned = await stack.api('POST', '/assignments', 'office', {
    inspector_org: 'group-inspection', sites: ['ent-001', 'ent-011', 'ent-021'], warning_id: warningId,
    due_at: new Date(Date.now() + 4 * 3600e3).toISOString()});
  assert.equal(assigned.status, 201, JSON.stringify(assigned.body));
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

const phone = (role, allow = []) => openPhone(browser, stack, role, allow);

// One-handed at 360 px: nothing wider than the screen.
async function assertFits360(page, what) {
  const viewport = page.viewport();
  await page.setViewport({...viewport, width: 360});
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${what} is ${width} px wide at 360`);
  await page.setViewport(viewport);
}

const hideToast = (page) => page.$eval('#toast', (t) => { t.style.transition = 'none'; t.className = ''; });

async function orderOf(org) {
  const orders = (await stack.api('GET', `/warnings/${warningId}/orders?limit=1000`, 'office')).body;
  return orders.find((o) => o.org === org && o.kind === 'enterprise_measures');
}

async function inspectionsOf(site) {
  return (await stack.api('GET', `/inspections?site=${site}&limit=100`, 'office')).body;
}

test('an enterprise sees its order arrive and acknowledges it', async () => {
  const {page, problems, context} = await phone('enterprise');
  await page.waitForSelector('#orders');
  // The office raises the warning to red: the new order shows up.
  const second = await stack.api('POST', '/warnings', 'office', {
    level: 'red', areas: ['652301'], starts_at: new Date().toISOString(), supersedes: warningId,
    headline: '昌吉市重污染天气红色预警', reason: '会商升级'});
  assert.equal(second.status, 201);
  assert.equal((await stack.api('POST', `/warnings/${second.body.id}/approve`, 'command')).status, 200);
  warningId = second.body.id;
  const order = await eventually(() => orderOf('ent-001'), 5000, 'the red order');
  await page.waitForSelector(`[data-order="${order.id}"]`, {timeout: 15000});
  assert.match(await page.$eval('.level-banner', (b) => b.textContent), /红色预警/);
  const received = await orderOf('ent-001');
  assert.ok(received.received_at, 'opening the list is the receipt');
  await assertFits360(page, 'the order list');
  await page.tap(`[data-order="${order.id}"]`);
  await page.waitForSelector('#ack');
  await assertFits360(page, 'an order');
  await page.type('#ack-note', '已停产，专人值守');
  await hideToast(page);
  await page.screenshot({path: join(SCREENSHOTS, 'm-order.png')});
  await page.tap('#ack');
  await page.waitForSelector('#orders');
  const acked = await eventually(async () => {
    const o = await orderOf('ent-001');
    return o.status === 'acknowledged' && o;
  }, 10000, 'the acknowledgement on the server');
  assert.equal(acked.acked_by, stack.accounts.enterprise.username);
  assert.deepEqual(problems, []);
  await context.close();
});

async function openSite(page, site, {lat, lon}) {
  await page.setGeolocation({latitude: lat, longitude: lon, accuracy: 12});
  await page.waitForSelector(`.site-link[data-site="${site}"]`, {timeout: 10000});
  await page.tap(`.site-link[data-site="${site}"]`);
  await page.waitForSelector('#inspection-form');
  await page.waitForFunction(() => document.querySelector('#distance')?.textContent.includes('距现场'), {timeout: 10000});
}

test('an inspector at the site submits two photos the server holds byte for byte', async () => {
  const {page, problems, context} = await phone('inspector');
  const site = (await stack.api('GET', '/orgs/ent-001', 'office')).body;
  await openSite(page, 'ent-001', site.location);
  assert.match(await page.$eval('#distance', (d) => d.textContent), /在现场范围内/);
  const input = await page.$('#camera');
  await input.uploadFile(...photoFiles);
  await page.waitForFunction(() => document.querySelectorAll('.shot img').length === 2);
  await assertFits360(page, 'the inspection form');
  await page.tap('.check-item input[value="fail"]');
  await page.type('#findings', '窑炉未按要求停产');
  await hideToast(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({path: join(SCREENSHOTS, 'm-inspection.png')});
  const before = (await inspectionsOf('ent-001')).length;
  await page.tap('#submit');
  const stored = await eventually(async () => {
    const list = await inspectionsOf('ent-001');
    return list.length === before + 1 && list[0];
  }, 15000, 'the report on the server');
  const expected = photoFiles.map((f) => sha256(readBytes(f)));
  assert.deepEqual(stored.photos.map((p) => p.sha256), expected);
  for (const photo of stored.photos) {
    const bytes = await stack.apiBytes(`/photos/${photo.sha256}`, 'office');
    assert.equal(sha256(bytes), photo.sha256, 'the original bytes, not re-encoded');
  }
  assert.equal(stored.verdict, 'non_compliant');
  assert.ok(!stored.flags.includes('outside_geofence'));
  console.log(`photos stored byte for byte: ${expected.map((h) => h.slice(0, 12)).join(', ')}`);
  await page.waitForSelector('.task');
  assert.deepEqual(problems, []);
  await context.close();
});

test('5 km from the site the app warns and the server flags outside_geofence', async () => {
  const {page, problems, context} = await phone('inspector');
  const site = (await stack.api('GET', '/orgs/ent-011', 'office')).body;
  await openSite(page, 'ent-011', {lat: site.location.lat + 0.045, lon: site.location.lon});
  const warning = await page.$eval('#distance', (d) => ({text: d.textContent, cls: d.className}));
  assert.match(warning.text, /距现场 5\.0 公里/);
  assert.match(warning.text, /不在现场范围内/);
  assert.match(warning.cls, /outside/);
  const before = (await inspectionsOf('ent-011')).length;
  await page.tap('#submit');
  const stored = await eventually(async () => {
    const list = await inspectionsOf('ent-011');
    return list.length === before + 1 && list[0];
  }, 15000, 'the report on the server');
  assert.ok(stored.flags.includes('outside_geofence'), JSON.stringify(stored.flags));
  assert.ok(stored.location_check.distance_m > 4900 && stored.location_check.distance_m < 5100);
  assert.deepEqual(problems, []);
  await context.close();
});

test('offline: submit, reload, back online: exactly one report', async () => {
  const {page, problems, context} = await phone('inspector', OFFLINE);
  await page.waitForSelector('.task');
  // The service worker keeps the shell: wait until it controls the page.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload({waitUntil: 'networkidle0'});
  assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)));
  const site = (await stack.api('GET', '/orgs/ent-021', 'office')).body;
  await openSite(page, 'ent-021', site.location);
  const before = (await inspectionsOf('ent-021')).length;
  await page.setOfflineMode(true);
  await page.tap('#submit');
  await page.waitForFunction(() => document.querySelector('#queue')?.textContent.includes('待上传 1'));
  await page.reload({waitUntil: 'domcontentloaded'});
  await page.waitForFunction(() => document.querySelector('#queue')?.textContent.includes('待上传 1'), {timeout: 10000});
  assert.match(await page.$eval('#net', (n) => n.textContent), /离线/);
  assert.equal((await inspectionsOf('ent-021')).length, before, 'nothing sent while offline');
  await page.setOfflineMode(false);
  await page.waitForFunction(() => document.querySelector('#queue')?.hidden, {timeout: 20000});
  const after = await inspectionsOf('ent-021');
  assert.equal(after.length, before + 1);
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|net::ERR/.test(p)), []);
  await context.close();
});

test('a report the server holds with other content (409) is kept and shown', async () => {
  const {page, problems, context} = await phone('inspector', [/409/, /Failed to load resource/]);
  await page.waitForSelector('.task');
  const site = (await stack.api('GET', '/orgs/ent-001', 'office')).body;
  const report = {
    id: crypto.randomUUID(), site: 'ent-001', captured_at: new Date().toISOString(),
    location: {lat: site.location.lat, lon: site.location.lon, accuracy_m: 5},
    checklist: [{item: '现场检查', result: 'pass'}], verdict: 'compliant'};
  const {multipart} = await import('./fixtures.mjs');
  assert.equal((await stack.api('POST', '/inspections', 'inspector', multipart(report, []))).status, 201);
  // The phone's outbox holds the same id with other content.
  await page.evaluate(async (r) => {
    const outbox = await import('/m/js/outbox.js');
    await outbox.enqueue({id: r.id, kind: 'inspection', label: '检查：冲突测试', report: {...r, verdict: 'non_compliant'}, photos: []});
  }, report);
  await page.waitForFunction(() => document.querySelector('#queue')?.textContent.includes('1条被拒'), {timeout: 10000});
  await page.tap('#queue');
  await page.waitForSelector('.outbox-item.conflict');
  assert.match(await page.$eval('.outbox-item.conflict', (e) => e.textContent), /409/);
  assert.equal((await stack.api('GET', `/inspections/${report.id}`, 'office')).body.verdict, 'compliant');
  assert.deepEqual(problems.filter((p) => !p.includes('/inspections')), []);
  await context.close();
});

// The service worker answers the shell on a repeat visit: nothing of it
// crosses a throttled network (timings are scripts/bench/shell.sh's).
test('on a throttled 3G profile the repeat visit comes from the service worker', async () => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({width: 390, height: 844, isMobile: true, hasTouch: true});
  const problems = watch(page);
  const profile = PredefinedNetworkConditions['Fast 3G'];
  await page.emulateNetworkConditions(profile);
  const load = async () => {
    const started = Date.now();
    await page.goto(`${stack.origin}/m/`, {waitUntil: 'load'});
    await page.waitForSelector('#username');
    return Date.now() - started;
  };
  const first = await load();
  // The floor the profile sets: one small request (not one the service
  // worker answers), timed in the page.
  const oneRequest = Math.round(await page.evaluate(async () => {
    const started = performance.now();
    await (await fetch('/healthz', {cache: 'no-store'})).text();
    return performance.now() - started;
  }));
  await page.evaluate(() => navigator.serviceWorker.ready);
  const network = [];
  const onResponse = (r) => { if (!r.fromServiceWorker()) network.push(r.url()); };
  page.on('response', onResponse);
  const repeat = await load();
  page.off('response', onResponse);
  console.log(`shell on Fast 3G (${profile.download * 8 / 1000} kbit/s, ${profile.latency} ms): ` +
    `first visit ${first} ms (one request alone ${oneRequest} ms), with the service worker ${repeat} ms`);
  const shell = network.filter((url) => !new URL(url).pathname.startsWith('/api/'));
  assert.deepEqual(shell, [], 'the shell came over the network');
  assert.deepEqual(problems, []);
  await context.close();
});

function readBytes(path) {
  return readFileSync(path);
}
