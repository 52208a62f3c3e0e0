// Issue 25, the console: the duty officer is alerted (tab title count, a
// tone and a browser notification, 静音), the approval request leads to its
// 待审批 page, the board leads with tiles and what is overdue (red bars),
// escalations are acknowledged in bulk and sent again with the silent
// org's contacts on screen, the map clusters and tells on a tap, filters
// live in the URL, the wall screen outlives a duty officer's token, and a
// new phone is set up from a QR code.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {SCREENSHOTS, Stack, eventually, launchBrowser, loginConsole, watch} from './harness.mjs';

let stack;
let browser;
let yellowId;
const ALERT_MS = 15000;  // the console counts every 10 s

before(async () => {
  stack = await Stack.start();
  browser = await launchBrowser(stack);
  mkdirSync(SCREENSHOTS, {recursive: true});
  // Deadlines a minute away: the board test finds them overdue.
  const yellow = await stack.api('POST', '/warnings', 'office', {
    level: 'yellow', areas: ['652301'], starts_at: new Date().toISOString(),
    headline: '昌吉市重污染天气黄色预警', reason: '预计PM2.5日均浓度超过115微克/立方米', ack_within_s: 60});
  assert.equal(yellow.status, 201, JSON.stringify(yellow.body));
  yellowId = yellow.body.id;
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

// A console page of its own browser context; notifications granted and
// recorded (window.shown) as the page creates them.
async function consolePage(role, {viewport = {width: 1366, height: 900}} = {}) {
  const context = await browser.createBrowserContext();
  await context.overridePermissions(stack.origin, ['notifications']);
  const page = await context.newPage();
  await page.setViewport(viewport);
  await page.evaluateOnNewDocument(() => {
    const Real = window.Notification;
    window.shown = [];
    window.Notification = class extends Real {
      constructor(title, options) {
        super(title, options);
        window.shown.push({title, body: options?.body});
      }
    };
  });
  const problems = watch(page);
  await loginConsole(page, stack, role);
  return {page, problems, context};
}

async function confirmDialog(page) {
  await page.waitForSelector('dialog.modal[open]');
  await page.click('dialog.modal[open] .actions button:last-child');
  await page.waitForSelector('dialog.modal', {hidden: true});
}

async function hideToast(page) {
  await page.$eval('#toast', (t) => { t.style.transition = 'none'; t.className = ''; });
}

test('the command is alerted to an approval and its request leads to 待审批', async () => {
  const {page, problems, context} = await consolePage('command');
  // Allowed once (here by the browser's permission): the switch says so.
  assert.equal(await page.$eval('#alerts-switch', (b) => b.textContent), '提醒：开');
  // The first count (what was there before) is not announced.
  await eventually(() => page.$eval('#alerts-switch', (b) => b.title.startsWith('待办提醒更新于')), ALERT_MS,
    'the first count');
  const countOf = (title) => Number((/^\((\d+)\) /.exec(title) || [0, 0])[1]);
  const before = countOf(await page.evaluate(() => document.title));
  const red = await stack.api('POST', '/warnings', 'office', {
    level: 'red', areas: ['652302', '652323'], starts_at: new Date().toISOString(),
    headline: '阜康市、呼图壁县重污染天气红色预警', reason: '预计PM2.5日均浓度超过250微克/立方米'});
  assert.equal(red.status, 201, JSON.stringify(red.body));
  await eventually(async () => (await page.$eval('[data-count="approvals"]', (b) => b.hidden ? '' : b.textContent)) === '1',
    ALERT_MS, 'the approval counted on the menu');
  const title = await page.evaluate(() => document.title);
  assert.match(title, /^\(\d+\) 重污染天气应急指挥/);
  assert.ok(countOf(title) > before, `${title} after ${before}`);
  const shown = await page.evaluate(() => window.shown);
  assert.ok(shown.some((n) => n.title === `待审批：${red.body.headline}`), JSON.stringify(shown));
  assert.ok(await page.evaluate(() => window.hazegateTones) >= 1, 'no tone was played');

  // The approval request (an order to the command) links to its page.
  await page.goto(`${stack.origin}/console/#/orders`);
  const link = await page.waitForSelector('a[href^="#/approvals?warning="]');
  assert.equal(await link.evaluate((a) => a.getAttribute('href')), `#/approvals?warning=${red.body.id}`);
  await link.click();
  await page.waitForSelector(`[data-warning="${red.body.id}"].focus button.approve`);
  await page.click(`[data-warning="${red.body.id}"] button.approve`);
  await confirmDialog(page);
  await eventually(async () => (await stack.api('GET', `/warnings/${red.body.id}`, 'office')).body.status === 'active',
    5000, 'the red warning in force');

  // 静音: counted, but no tone and no notification.
  await page.click('#alerts-switch');
  assert.equal(await page.$eval('#alerts-switch', (b) => b.textContent), '提醒：已静音');
  const tones = await page.evaluate(() => window.hazegateTones);
  const notes = (await page.evaluate(() => window.shown)).length;
  const second = await stack.api('POST', '/warnings', 'office', {
    level: 'orange', areas: ['652324'], starts_at: new Date().toISOString(), reason: '静音测试'});
  assert.equal(second.status, 201);
  await eventually(async () => (await page.$eval('[data-count="approvals"]', (b) => b.textContent)) === '1' &&
    (await page.evaluate(() => document.title)).includes('('), ALERT_MS, 'the second approval counted');
  assert.equal(await page.evaluate(() => window.hazegateTones), tones);
  assert.equal((await page.evaluate(() => window.shown)).length, notes);
  await stack.api('POST', `/warnings/${second.body.id}/reject`, 'command', {reason: '测试'});
  assert.deepEqual(problems, []);
  await context.close();
});

test('the board leads with tiles and the overdue, drawn red; escalations in bulk', async () => {
  const office = await consolePage('office');
  const {page} = office;
  await page.goto(`${stack.origin}/console/#/board`);
  await page.waitForSelector('.tiles [data-tile="overdue"]');
  // The yellow warning's deadlines pass: overdue first, red, counted.
  await eventually(async () => Number(await page.$eval('[data-tile="overdue"] .tile-n', (n) => n.textContent)) > 0,
    90000, 'orders overdue on the board');
  assert.ok(await page.$eval('[data-tile="overdue"]', (t) => t.classList.contains('alarm')));
  const first = await page.$eval('#attention tbody tr', (r) => r.className);
  assert.match(first, /overdue/);
  const box = await page.$eval('#attention', (s) => s.getBoundingClientRect().top);
  assert.ok(box < 400, `需关注 starts at y=${box}`);
  assert.ok((await page.$$(`[data-warning="${yellowId}"] .bar .seg.overdue`)).length > 0, 'no red in the bars');

  // The map: clusters, and a tap tells what is in one; a table instead.
  const mark = await page.waitForSelector(`[data-warning="${yellowId}"] svg.map .mark`);
  await mark.click();
  await page.waitForSelector(`[data-warning="${yellowId}"] .map-details li`);
  await page.click(`[data-warning="${yellowId}"] .switch button:last-child`);
  assert.ok(await page.$eval(`[data-warning="${yellowId}"] table.map-table`, (t) => !t.hidden));
  assert.ok(await page.$eval(`[data-warning="${yellowId}"] table.map-table tbody tr`, (r) => r.textContent.length > 0));
  await hideToast(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({path: join(SCREENSHOTS, 'console-board-red.png'), fullPage: false});

  // The county gets the escalations: contacts, send again, bulk ack.
  const county = await consolePage('county');
  await eventually(async () => {
    const orders = (await stack.api('GET', '/orders?limit=100', 'county')).body;
    return orders.filter((o) => o.kind === 'escalation').length >= 2;
  }, 15000, 'escalations to the county');
  await county.page.goto(`${stack.origin}/console/#/orders`);
  await county.page.waitForSelector('.card.order .contacts li, .card.order .contacts-box p.muted');
  const escalations = (await stack.api('GET', '/orders?limit=100', 'county')).body.filter((o) => o.kind === 'escalation');
  const watched = escalations[0].measures[0];
  const sub = stack.subscribe(`orgs/${watched.org}/orders`);
  await county.page.click(`[data-order="${escalations[0].id}"] .actions button.secondary`);
  await confirmDialog(county.page);
  await eventually(() => sub.messages.some((m) => m.id === watched.order_id), 10000, 'the order sent again');
  sub.stop();
  await county.page.click('#select-all');
  await county.page.waitForSelector('#orders-bulk:not([hidden])');
  await county.page.click('#ack-selected');
  await eventually(async () => (await stack.api('GET', '/orders?limit=100', 'county')).body
    .filter((o) => o.kind === 'escalation').every((o) => o.status === 'acknowledged'), 10000, 'every escalation acknowledged');
  // The filter is in the URL: a reload keeps it.
  await county.page.select('#orders-show', 'all');
  assert.match(county.page.url(), /#\/orders\?show=all$/);
  await county.page.reload();
  await county.page.waitForSelector('#orders-show');
  assert.equal(await county.page.$eval('#orders-show', (s) => s.value), 'all');
  assert.deepEqual(office.problems, []);
  assert.deepEqual(county.problems, []);
  await office.context.close();
  await county.context.close();
});

test('督查派单 reads in Chinese, picks the inspection group, keeps its action on screen', async () => {
  const {page, problems, context} = await consolePage('office');
  await page.goto(`${stack.origin}/console/#/assign?warning=${yellowId}`);
  await page.waitForSelector('#suggestions tbody tr');
  assert.equal(await page.$eval('#assign-warning', (s) => s.value), yellowId);
  assert.equal(await page.$eval('#assign-inspector', (s) => s.selectedOptions[0].textContent), '督导检查组');
  const reasons = await page.$$eval('#suggestions tbody td:last-child', (tds) => tds.map((td) => td.textContent));
  assert.ok(reasons.some((r) => /指令超时未确认|指令尚未确认/.test(r)), JSON.stringify(reasons));
  // Chinese but for the grade's letter (绩效分级D级).
  assert.ok(reasons.every((r) => !/[A-Za-z]{2,}/.test(r)), `English in the reasons: ${JSON.stringify(reasons)}`);
  const visible = () => page.$eval('#assign-submit', (b) => {
    const box = b.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  });
  assert.ok(await visible(), 'the action is off screen at the top');
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
  assert.ok(await visible(), 'the action is off screen halfway down');
  assert.match(await page.$eval('#assign-count', (c) => c.textContent), /^已选择 \d+ 个点位$/);
  // Another view's filter is in its URL too: a reload keeps it.
  await page.goto(`${stack.origin}/console/#/cases`);
  await page.waitForSelector('#case-status');
  await page.select('#case-status', 'closed');
  assert.match(page.url(), /#\/cases\?status=closed$/);
  await page.reload();
  await page.waitForSelector('#case-status');
  assert.equal(await page.$eval('#case-status', (s) => s.value), 'closed');
  assert.match(await page.$eval('.page-head .updated', (u) => u.textContent), /^更新于 \d\d:\d\d:\d\d$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the wall screen keeps going when the duty officer\'s token ends', async () => {
  const {page, context} = await consolePage('office', {viewport: {width: 1920, height: 1080}});
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('hazegate.session')).token);
  const wall = await context.newPage();
  await wall.setViewport({width: 1920, height: 1080});
  const problems = watch(wall);
  await wall.goto(`${stack.origin}/console/#/wall`);
  await wall.waitForSelector('#wall-username');
  await wall.type('#wall-username', stack.accounts.display.username);
  await wall.type('#wall-password', stack.accounts.display.password);
  await wall.click('#wall-login');
  await wall.waitForSelector('.wall .tiles');
  // The office's token ends (退出 elsewhere, or expiry): the console asks
  // for a login again, the wall does not.
  assert.equal((await stack.api('POST', '/auth/logout', null, null, '/api/v1', token)).status, 204);
  await page.reload();
  await page.waitForSelector('#username');
  await wall.reload();
  await wall.waitForSelector('.wall .tiles');
  const before = await wall.$eval('#updated', (s) => s.textContent);
  await eventually(async () => (await wall.$eval('#updated', (s) => s.textContent)) !== before, 12000, 'the wall refreshing');
  assert.match(await wall.$eval('#updated', (s) => s.textContent), /^更新于 /);
  const fits = await wall.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1);
  assert.ok(fits, 'the wall scrolls');
  await wall.screenshot({path: join(SCREENSHOTS, 'console-wall.png')});
  assert.deepEqual(problems, []);
  await context.close();
});

test('a new phone is set up from the devices page\'s QR code', async () => {
  const {page, problems, context} = await consolePage('county');
  await page.goto(`${stack.origin}/console/#/devices`);
  await page.waitForSelector('#setup-new');
  await page.click('#setup-new');
  await page.waitForSelector('svg.qr path');
  const url = await page.$eval('#setup-url', (c) => c.textContent);
  assert.match(url, /^https:\/\/127\.0\.0\.1:\d+\/m\/#\/setup\/[0-9a-f]{20}$/);
  // What a phone's camera reads from the code on screen (zbar).
  const shot = join(SCREENSHOTS, 'setup-qr.png');
  await (await page.$('svg.qr')).screenshot({path: shot});
  assert.equal(execFileSync('zbarimg', ['--raw', '-q', shot], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim(), url);
  await hideToast(page);
  await page.screenshot({path: join(SCREENSHOTS, 'console-devices.png')});
  // The phone opens the code's address: logged in as the county's account,
  // registered as a device, listed here with when it was last seen.
  const phone = await (await browser.createBrowserContext()).newPage();
  await phone.setViewport({width: 390, height: 844});
  await phone.goto(url);
  await eventually(async () => (await stack.api('GET', '/devices', 'county')).body.length === 1, 15000,
    'the phone registered as a device');
  await page.reload();
  await page.waitForSelector('#device-list tbody tr');
  const row = await page.$eval('#device-list tbody tr', (r) => r.textContent);
  assert.match(row, /从未连接|前）/);
  // The code was used once: a second phone cannot.
  const again = await stack.api('POST', '/auth/login', null, {setup_code: url.split('/').pop()});
  assert.equal(again.status, 401);
  // 停用: the device is gone.
  await page.click('#device-list tbody tr button.danger');
  await confirmDialog(page);
  await eventually(async () => (await stack.api('GET', '/devices', 'county')).body.length === 0, 5000, 'revoked');
  assert.deepEqual(problems, []);
  await context.close();
});
