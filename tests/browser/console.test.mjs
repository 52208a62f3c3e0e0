// The office console in a real browser against a real stack: issuing with
// a preview, approval in a second browser, the board following MQTT
// acknowledgements without reload, evidence with thumbnails, a case action
// reaching the enterprise over MQTT, and a county confined to its area.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {inspect, makeJpeg} from './fixtures.mjs';
import {SCREENSHOTS, eventually, launchBrowser, loginConsole, texts, useStack, watch} from './harness.mjs';

let stack;
let browser;
let warningId;

useStack((s, b) => {
  stack = s;
  browser = b;
});

async function consolePage(role) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({width: 1366, height: 768});
  const problems = watch(page);
  await loginConsole(page, stack, role);
  return {page, problems, context};
}

// The screenshots show the page, not the last action's toast.
async function hideToast(page) {
  await page.$eval('#toast', (t) => { t.style.transition = 'none'; t.className = ''; });
}

async function confirmDialog(page) {
  await page.waitForSelector('dialog.modal[open]');
  await page.click('dialog.modal[open] .actions button:last-child');
  await page.waitForSelector('dialog.modal', {hidden: true});
}

// The row of a tally table ("按类别") for `label` on the board: its cells.
const tallyRow = (page, id, label) => page.evaluate(([w, name]) => {
  const row = [...document.querySelectorAll(`[data-warning="${w}"] table.tally tbody tr`)]
    .find((r) => r.querySelector('th').textContent === name);
  return row ? [...row.querySelectorAll('td')].map((td) => td.textContent) : null;
}, [id, label]);

test('office proposes orange for two counties, command approves, the board follows acks', async () => {
  const office = await consolePage('office');
  const {page} = office;
  await page.goto(`${stack.origin}/console/#/warnings`);
  await page.waitForSelector('#issue-form');
  await page.select('#level', 'orange');
  await page.click('input[name=areas][value="652301"]');
  await page.click('input[name=areas][value="652302"]');
  await page.type('#headline', '昌吉市、阜康市重污染天气橙色预警');
  await page.type('#reason', '预计未来72小时PM2.5日均浓度超过150微克/立方米');
  await page.click('#preview');
  await page.waitForSelector('dialog.modal[open] tbody tr');
  const shown = await page.$$eval('dialog.modal[open] tbody tr', (rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.kind, Number(r.querySelector('td').textContent)])));
  const expected = await stack.api('POST', '/warnings/preview', 'office', {
    level: 'orange', areas: ['652301', '652302'], starts_at: new Date().toISOString(), reason: 'x'});
  assert.deepEqual(shown, expected.body.recipients);
  assert.ok(shown.enterprise >= 2 && shown.school >= 1 && shown.unit >= 1, JSON.stringify(shown));
  console.log('preview shown to the office:', JSON.stringify(shown));
  await confirmDialog(page);
  const proposed = await eventually(async () =>
    (await stack.api('GET', '/warnings?status=proposed', 'office')).body[0], 5000, 'the proposal');
  warningId = proposed.id;
  assert.deepEqual([...proposed.areas].sort(), ['652301', '652302']);

  const command = await consolePage('command');
  await command.page.goto(`${stack.origin}/console/#/approvals`);
  await command.page.waitForSelector(`[data-warning="${warningId}"] button.approve`);
  await command.page.click(`[data-warning="${warningId}"] button.approve`);
  await confirmDialog(command.page);
  await eventually(async () =>
    (await stack.api('GET', `/warnings/${warningId}`, 'office')).body.status === 'active', 5000, 'approval');

  await page.goto(`${stack.origin}/console/#/board`);
  await page.waitForSelector(`[data-warning="${warningId}"] table.tally`);
  await page.evaluate(() => { window.notReloaded = true; });
  const orders = (await stack.api('GET', `/warnings/${warningId}/orders?kind=enterprise_measures&limit=1000`, 'office')).body;
  // Delivered: the broker took every order (total = delivered on the board).
  await eventually(async () => {
    const cells = await tallyRow(page, warningId, '企业');
    return cells && cells[0] === String(orders.length) && cells[1] === cells[0];
  }, 10000, 'every enterprise order delivered on the board');
  const started = Date.now();
  for (const order of orders.slice(0, 3)) stack.publish(`orgs/${order.org}/acks`, {order_id: order.id, note: '已落实'});
  await eventually(async () => (await tallyRow(page, warningId, '企业'))?.[3] === '3', 8000,
    'three acknowledgements on the board');
  const seenAfter = Date.now() - started;
  console.log(`board showed 3 MQTT acknowledgements ${seenAfter} ms after they were published`);
  assert.equal(await page.evaluate(() => window.notReloaded), true);
  // Issue 21: the reach line counts them as acknowledged in the app.
  await eventually(async () => (await page.$eval(`[data-warning="${warningId}"] p.reach`,
    (p) => p.textContent)).includes('确认：应用3'), 5000, 'three app acknowledgements in the reach line');
  assert.ok((await page.$$(`[data-warning="${warningId}"] svg.map circle.pt.acknowledged`)).length >= 1);
  await hideToast(page);
  await page.screenshot({path: join(SCREENSHOTS, 'console-board.png')});
  assert.deepEqual(office.problems, []);
  assert.deepEqual(command.problems, []);
  await office.context.close();
  await command.context.close();
});

test('an inspection shows its thumbnail; a case action reaches the enterprise over MQTT', async () => {
  assert.ok(warningId, 'needs the warning of the first test');
  const photo = await makeJpeg(browser, 1, 1600, 1200);
  const inspection = await inspect(stack, 'ent-001', {warningId, photos: [photo]});
  assert.ok(inspection.case_id);
  const {page, problems, context} = await consolePage('office');
  await page.goto(`${stack.origin}/console/#/inspections`);
  await page.waitForSelector(`tr[data-inspection="${inspection.id}"]`);
  await page.click(`tr[data-inspection="${inspection.id}"]`);
  const thumb = `#inspection-detail img.thumb[data-sha256="${inspection.photos[0].sha256}"]`;
  await page.waitForFunction((s) => {
    const img = document.querySelector(s);
    return img && img.complete && img.naturalWidth > 0;
  }, {timeout: 10000}, thumb);
  const width = await page.$eval(thumb, (img) => img.naturalWidth);
  assert.equal(width, 256, 'a scaled copy, not the 1600 px original');

  const orders = stack.subscribe('orgs/ent-001/orders');
  await page.goto(`${stack.origin}/console/#/cases/${inspection.case_id}`);
  await page.waitForSelector('#case-actions');
  assert.ok((await page.$$('img.thumb')).length >= 1);
  await page.select('#case-action', 'order_rectification');
  await page.type('#case-note', '立即停止窑炉运行，24小时内整改到位');
  await page.click('#case-submit');
  await page.waitForFunction(() => document.querySelector('.case-status')?.textContent === '整改中');
  const rectification = await eventually(() =>
    orders.messages.find((m) => m.type === 'order' && m.kind === 'rectification'), 10000,
  'the rectification order on the enterprise topic');
  orders.stop();
  assert.equal(rectification.org, 'ent-001');
  await hideToast(page);
  await page.screenshot({path: join(SCREENSHOTS, 'console-case.png')});
  assert.deepEqual(problems, []);
  await context.close();
});

test('a county officer sees and acts only inside its area', async () => {
  assert.ok(warningId, 'needs the warning of the first test');
  const own = await inspect(stack, 'ent-011', {warningId});
  const other = await inspect(stack, 'ent-002', {warningId});
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({width: 1366, height: 768});
  const problems = watch(page, [/404/, /Failed to load resource/]);
  await loginConsole(page, stack, 'county');

  await page.goto(`${stack.origin}/console/#/board`);
  await page.waitForSelector(`[data-warning="${warningId}"] table.tally`);
  const areas = await page.$$eval(`[data-warning="${warningId}"] table.tally:nth-of-type(2) tbody th`,
    (ths) => ths.map((t) => t.textContent));
  assert.deepEqual(areas, ['昌吉市']);

  await page.goto(`${stack.origin}/console/#/cases`);
  await page.waitForSelector('#case-list table, #case-list p');
  const listed = await page.$$eval('#case-list tr[data-case]', (rows) => rows.map((r) => r.dataset.case));
  assert.ok(listed.includes(own.case_id));
  assert.ok(!listed.includes(other.case_id));

  await page.goto(`${stack.origin}/console/#/cases/${other.case_id}`);
  await page.waitForSelector('section.card.error');
  assert.equal(await page.$('#case-actions'), null);
  const refused = await stack.api('POST', `/cases/${other.case_id}/actions`, 'county',
    {action: 'close', note: '越权结案'});
  assert.equal(refused.status, 404);

  await page.goto(`${stack.origin}/console/#/warnings`);
  await page.waitForSelector('#warnings');
  assert.equal(await page.$('#issue-form'), null, 'a county cannot issue');
  const menu = await texts(page, '#nav a');
  assert.ok(!menu.includes('待审批') && !menu.includes('督查派单'), menu.join(','));
  assert.deepEqual(problems.filter((p) => !p.includes(other.case_id)), []);
  await context.close();
});

test('time fields show and take 年/月/日 时:分 in an English browser too', async () => {
  const english = await launchBrowser(stack, {lang: 'en-US'});
  try {
    const page = await english.newPage();
    await page.setViewport({width: 1366, height: 768});
    const problems = watch(page);
    await loginConsole(page, stack, 'office');
    assert.equal(await page.evaluate(() => navigator.language), 'en-US');
    await page.goto(`${stack.origin}/console/#/warnings`);
    await page.waitForSelector('#issue-form');
    const shown = await page.$eval('#starts_at', (i) => [i.type, i.value, i.placeholder]);
    assert.equal(shown[0], 'text');
    assert.match(shown[1], /^20\d\d\/[01]\d\/[0-3]\d [0-2]\d:[0-5]\d$/);
    assert.equal(shown[2], '年/月/日 时:分');
    // Today in Beijing, whatever the machine's zone.
    const beijing = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10).replaceAll('-', '/');
    assert.equal(shown[1].slice(0, 10), beijing);
    await page.click('input[name=areas][value="652301"]');
    await page.type('#reason', '时间格式检查');
    await page.type('#ends_at', '12/31/2026 08:00');
    await page.click('#preview');
    await page.waitForFunction(() => document.querySelector('#issue-form .error-text').textContent);
    const error = await page.$eval('#issue-form .error-text', (p) => p.textContent);
    assert.match(error, /^结束时间应为 年\/月\/日 时:分/);
    await page.screenshot({path: join(SCREENSHOTS, 'console-time-fields.png')});
    assert.equal(await page.$('dialog.modal[open]'), null);
    await page.$eval('#ends_at', (i) => { i.value = ''; });
    await page.type('#ends_at', '2099/12/31 08:00');
    const sent = page.waitForRequest((r) => r.url().endsWith('/warnings/preview'));
    await page.click('#preview');
    const body = JSON.parse((await sent).postData());
    assert.equal(body.ends_at, '2099-12-31T08:00:00+08:00');
    assert.equal(body.starts_at, `${shown[1].replaceAll('/', '-').replace(' ', 'T')}:00+08:00`);
    await page.waitForSelector('dialog.modal[open]');
    assert.deepEqual(problems, []);
  } finally {
    await english.close();
  }
});

test('every console page loads for each staff role without errors', async () => {
  const pages = ['board', 'warnings', 'approvals', 'cases', 'inspections', 'assign', 'reports', 'orders'];
  for (const role of ['office', 'command', 'county', 'unit', 'inspector', 'admin']) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({width: 1366, height: 768});
    const problems = watch(page);
    await loginConsole(page, stack, role);
    const menu = await page.$$eval('#nav a', (links) => links.map((a) => a.dataset.route));
    for (const route of pages.filter((p) => menu.includes(p))) {
      await page.goto(`${stack.origin}/console/#/${route}`);
      await page.waitForFunction(() => document.querySelector('#main > .view') &&
        !document.querySelector('#main > .view > p.muted'), {timeout: 10000});
      assert.equal(await page.$('section.card.error'), null, `${role} ${route}`);
    }
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('hazegate.session')).token);
    await page.click('#logout');
    await page.waitForSelector('#username');
    assert.deepEqual(problems, [], role);
    // 退出 revoked the token on the server (issue 19.9), not only here.
    assert.equal((await stack.api('GET', '/me', null, undefined, '/api/v1', token)).status, 401, role);
    await context.close();
  }
});
