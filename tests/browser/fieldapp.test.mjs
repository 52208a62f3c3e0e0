// Issue 25, the field app at 390×844: 待确认 first with unread marks and
// words that say what to do, the school's own hints, the last list kept
// for reading offline with its age, an acknowledgement made offline
// stamped with the time it was tapped (and the outbox true once the server
// holds it), a report's confirmation kept on screen, a lift shown as a
// lift, and a poor GPS fix taken only with a reason.
import assert from 'node:assert/strict';
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {SCREENSHOTS, Stack, eventually, launchBrowser, openPhone} from './harness.mjs';

let stack;
let browser;
let warningId;
const OFFLINE = [/ERR_INTERNET_DISCONNECTED/, /Failed to load resource/, /net::ERR/];

before(async () => {
  stack = await Stack.start();
  browser = await launchBrowser(stack);
  mkdirSync(SCREENSHOTS, {recursive: true});
  const issued = await stack.api('POST', '/warnings', 'office', {
    level: 'orange', areas: ['652301'], starts_at: new Date().toISOString(),
    headline: '昌吉市重污染天气橙色预警', reason: 'PM2.5 持续超过150'});
  assert.equal(issued.status, 201);
  warningId = issued.body.id;
  assert.equal((await stack.api('POST', `/warnings/${warningId}/approve`, 'command')).status, 200);
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

const phone = (role, allow = []) => openPhone(browser, stack, role, allow);

const hideToast = (page) => page.$eval('#toast', (t) => { t.style.transition = 'none'; t.className = ''; });

async function orderOf(org, kind) {
  const orders = (await stack.api('GET', `/warnings/${warningId}/orders?limit=1000`, 'office')).body;
  return orders.find((o) => o.org === org && o.kind === kind);
}

test('a school phone: 待确认 first, unread, offline list with its age, an ack stamped when tapped', async () => {
  const {page, problems, context} = await phone('school', OFFLINE);
  const order = await eventually(() => orderOf('sch-001', 'school_notice'), 5000, 'the school\'s notice');
  const card = `[data-order="${order.id}"]`;
  await page.waitForSelector(card);
  assert.equal(await page.$eval(`${card} .status`, (s) => s.textContent), '待确认');
  assert.match(await page.$eval(`${card} .status`, (s) => s.className), /todo orange/);
  assert.ok(await page.$(`${card} .unread`), 'no 未读 mark on a new order');
  assert.match(await page.$eval('.tab[aria-selected="true"]', (t) => t.textContent), /^待确认 1.*1未读/);
  await page.tap(card);
  await page.waitForSelector('#ack-note');
  assert.match(await page.$eval('#ack-note', (n) => n.placeholder), /停止户外活动/);
  await page.tap('a.back');
  await page.waitForSelector(card);
  assert.equal(await page.$(`${card} .unread`), null, 'still 未读 after reading it');

  // Offline: the shell from the service worker, the list from the phone.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload({waitUntil: 'networkidle0'});
  await page.waitForSelector(card);
  await page.setOfflineMode(true);
  await page.reload({waitUntil: 'domcontentloaded'});
  await page.waitForSelector(card, {timeout: 10000});
  assert.match(await page.$eval('#orders-age', (a) => a.textContent), /^离线：显示的是(刚才| \d+ 分钟前)更新的指令/);
  assert.match(await page.$eval('.level-banner', (b) => b.textContent), /橙色预警/);
  assert.equal(await page.$eval('#title', (t) => t.textContent), '昌吉市第1幼儿园（示例）');
  await hideToast(page);
  await page.screenshot({path: join(SCREENSHOTS, 'm-offline.png')});

  // 确认 offline: queued with the time of the tap, sent once online.
  await page.tap(card);
  await page.waitForSelector('#ack');
  const tappedFrom = Date.now();
  await page.tap('#ack');
  const tappedTo = Date.now();
  await page.waitForFunction(() => document.querySelector('#queue')?.textContent.includes('待上传 1'));
  assert.equal((await orderOf('sch-001', 'school_notice')).status, 'received', 'sent while offline');
  const onlineAt = Date.now();
  await page.setOfflineMode(false);
  await page.waitForFunction(() => document.querySelector('#queue')?.hidden, {timeout: 20000});
  const acked = await orderOf('sch-001', 'school_notice');
  assert.equal(acked.status, 'acknowledged');
  const client = Date.parse(acked.acked_at_client);
  assert.ok(client >= Math.floor(tappedFrom / 1000) * 1000 && client <= tappedTo, acked.acked_at_client);
  assert.ok(Date.parse(acked.acked_at) >= Math.floor(onlineAt / 1000) * 1000, acked.acked_at);
  await page.goto(`${stack.origin}/m/#/outbox`);
  await page.waitForSelector('main h1');
  assert.match(await page.$eval('main', (m) => m.textContent), /没有待上传的内容/);

  // An ack whose answer was lost (the server holds it, the phone still
  // waits out its backoff): the next list read clears it from 待上传.
  await page.evaluate((id) => new Promise((resolve, reject) => {
    const open = indexedDB.open('hazegate-m', 1);
    open.onsuccess = () => {
      const t = open.result.transaction('outbox', 'readwrite');
      t.objectStore('outbox').put({id: `ack-${id}`, kind: 'ack', order_id: id, label: '确认', state: 'pending',
        path: `/api/v1/orders/${id}/ack`, body: {}, attempts: 3, next_at: Date.now() + 3600e3,
        created_at: new Date().toISOString(), error: '网络不可用，稍后重试'});
      t.oncomplete = () => resolve();
      t.onerror = () => reject(t.error);
    };
  }), order.id);
  await page.goto(`${stack.origin}/m/#/orders`);
  await page.reload({waitUntil: 'networkidle0'});
  await page.waitForSelector('#orders');
  await page.waitForFunction(() => document.querySelector('#queue')?.hidden, {timeout: 10000});
  assert.deepEqual(problems, []);
  await context.close();
});

test('an enterprise\'s report confirmation stays on screen; after the lift its order reads as canceled', async () => {
  const {page, problems, context} = await phone('enterprise');
  const order = await eventually(() => orderOf('ent-001', 'enterprise_measures'), 5000, 'the order');
  await page.waitForSelector(`[data-order="${order.id}"]`);
  await page.tap(`[data-order="${order.id}"]`);
  await page.waitForSelector('#report-form');
  await page.evaluate(() => { window.notReloaded = true; });
  await page.type('#report-text', '窑炉已停产，专人值守');
  for (const input of await page.$$('#report-form input[type=number]')) await input.type('1');
  await page.tap('#report-form button[type=submit]');
  await page.waitForSelector('#report-done');
  assert.match(await page.$eval('#report-done', (d) => d.textContent), /已提交.*窑炉已停产/);
  assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page reloaded');
  assert.equal(await page.$('#report-form'), null);

  // The warning is lifted: the order is canceled, grey, no badge, no clock;
  // the lift notice reads as a lift.
  await page.tap('a.back');
  await page.waitForSelector(`[data-order="${order.id}"]`);
  assert.equal((await stack.api('POST', `/warnings/${warningId}/lift`, 'office', {reason: '空气质量好转'})).status, 200);
  await eventually(async () => (await stack.api('GET', '/orders?limit=100', 'enterprise')).body
    .some((o) => o.kind === 'lift_notice'), 10000, 'the lift notice');
  await page.reload({waitUntil: 'networkidle0'});
  await page.waitForSelector('.order-card.lift');
  if (await page.$('.tab[aria-selected="false"]:last-child')) await page.tap('.tab:last-child');
  const canceled = `[data-order="${order.id}"]`;
  await page.waitForSelector(`${canceled}[data-status="canceled"]`);
  assert.equal(await page.$eval(`${canceled} .status`, (s) => s.textContent), '已取消');
  assert.equal(await page.$(`${canceled} .badge`), null, 'a canceled order still wears its level');
  assert.equal(await page.$(`${canceled} .countdown`), null, 'a canceled order still counts down');
  assert.match(await page.$eval('.order-card.lift', (c) => c.textContent), /解除/);
  assert.match(await page.$eval('.level-banner', (b) => b.textContent), /本区域当前无预警/);
  await hideToast(page);
  await page.screenshot({path: join(SCREENSHOTS, 'm-lift.png')});
  assert.deepEqual(problems, []);
  await context.close();
});

test('a GPS fix of 300 m is taken only with a reason, and the report says so', async () => {
  const issued = await stack.api('POST', '/warnings', 'office', {
    level: 'yellow', areas: ['652301'], starts_at: new Date().toISOString(), reason: '复查'});
  assert.equal(issued.status, 201);
  const assigned = await stack.api('POST', '/assignments', 'office', {
    inspector_org: 'group-inspection', sites: ['ent-011'], warning_id: issued.body.id,
    due_at: new Date(Date.now() + 4 * 3600e3).toISOString()});
  assert.equal(assigned.status, 201, JSON.stringify(assigned.body));
  const {page, problems, context} = await phone('inspector');
  const site = (await stack.api('GET', '/orgs/ent-011', 'office')).body;
  await page.setGeolocation({latitude: site.location.lat, longitude: site.location.lon, accuracy: 300});
  await page.waitForSelector('.site-link[data-site="ent-011"]', {timeout: 10000});
  await page.tap('.site-link[data-site="ent-011"]');
  await page.waitForFunction(() => document.querySelector('#gps')?.classList.contains('poor'), {timeout: 10000});
  assert.match(await page.$eval('#gps', (g) => g.textContent), /±300 米.*精度太差/);
  assert.equal(await page.$eval('#submit', (b) => b.disabled), true);
  assert.match(await page.$eval('#no-fix', (t) => t.closest('.field').textContent), /定位精度不足的原因/);
  await page.type('#no-fix', '厂区高墙遮挡');
  assert.equal(await page.$eval('#submit', (b) => b.disabled), false);
  await page.tap('#submit');
  const stored = await eventually(async () =>
    (await stack.api('GET', '/inspections?site=ent-011&limit=10', 'office')).body[0], 15000, 'the report');
  const full = (await stack.api('GET', `/inspections/${stored.id}`, 'office')).body;
  assert.match(full.report.findings, /【定位精度±300米】厂区高墙遮挡/);
  // A 4 m fix is good and asks nothing.
  await page.setGeolocation({latitude: site.location.lat, longitude: site.location.lon, accuracy: 4});
  await page.goto(`${stack.origin}/m/#/site/ent-011`);
  await page.waitForFunction(() => document.querySelector('#gps')?.classList.contains('good'), {timeout: 10000});
  assert.equal(await page.$eval('#no-fix', (t) => t.closest('.field').hidden), true);
  assert.deepEqual(problems, []);
  await context.close();
});
