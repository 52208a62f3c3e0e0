// Issue 23 in the browser: 信息报送 — the office compiles a daily bulletin
// over the warning in force, reads its figures, adds the text and approves
// it (numbered), logs the sending; the printed bulletin is an A4 PDF by
// headless Chromium with its text extractable; 教育局's own daily report in
// the field app prefills its schools' figures. Screenshots.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {SCREENSHOTS, loginConsole, useStack, watch} from './harness.mjs';

let stack;
let browser;
let warningId;

useStack((s, b) => {
  stack = s;
  browser = b;
});

test('信息报送: compile, approve, send, print', async () => {
  const warning = await stack.api('POST', '/warnings', 'office', {
    level: 'yellow', areas: ['652323'], starts_at: new Date().toISOString(), reason: '演示'});
  assert.equal(warning.status, 201, JSON.stringify(warning.body));
  warningId = warning.body.id;
  const page = await browser.newPage();
  await page.setViewport({width: 1366, height: 900});
  const problems = watch(page);
  await loginConsole(page, stack, 'office');
  await page.goto(`${stack.origin}/console/#/bulletins`);
  await page.waitForSelector('#bulletin-compile');
  await page.click('#bulletin-compile');
  const detail = await page.waitForSelector('#bulletin-detail');
  const id = await detail.evaluate((d) => d.dataset.bulletin);
  const bulletin = (await stack.api('GET', `/bulletins/${id}`, 'office')).body;
  const figures = bulletin.figures.warnings.find((w) => w.id === warning.body.id);
  assert.ok(figures, 'the warning in force is in it');
  const byKind = await page.$eval(`#by-kind-${warning.body.id}`, (t) => t.textContent);
  assert.match(byKind, new RegExp(`企业${figures.by_kind.enterprise.total}`));
  assert.match(await page.$eval('#bulletin-detail', (d) => d.textContent), /草稿/);
  await page.type('#bulletin-text', '全州按预案落实黄色预警响应措施，重点企业限产到位。');
  await page.click('#bulletin-approve');
  await page.waitForFunction(() => /已签发 〔\d{4}〕\d+号/.test(
    document.querySelector('#bulletin-detail .bulletin-status')?.textContent || ''));
  await page.type('#bulletin-to', '自治区生态环境厅');
  await page.click('#bulletin-send button');
  await page.waitForFunction(() => /报送 自治区生态环境厅/.test(
    document.querySelector('#bulletin-sent')?.textContent || ''));
  assert.equal(await page.$('#bulletin-approve'), null, 'an approved version has no approve button');
  await page.setViewport({width: 1366, height: 1500});
  await page.screenshot({path: join(SCREENSHOTS, 'console-bulletins.png')});

  // The printed bulletin: A4, its text extractable.
  const approved = (await stack.api('GET', `/bulletins/${id}`, 'office')).body;
  const html = (await stack.apiBytes(`/bulletins/${id}.html`, 'office')).toString('utf8');
  const print = await browser.newPage();
  await print.setViewport({width: 794, height: 1123});
  await print.setContent(html, {waitUntil: 'load'});
  await print.screenshot({path: join(SCREENSHOTS, 'bulletin-print.png')});
  const pdfPath = join(SCREENSHOTS, 'bulletin.pdf');
  writeFileSync(pdfPath, await print.pdf({format: 'A4', printBackground: true}));
  const info = execFileSync('pdfinfo', [pdfPath], {encoding: 'utf8'});
  assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], {encoding: 'utf8'});
  assert.match(text, /重污染天气应急工作日报/);
  assert.ok(text.includes(approved.number), `${approved.number} in the PDF`);
  assert.match(text, /全州按预案落实黄色预警响应措施/);
  assert.match(text, /自治区生态环境厅/);
  assert.deepEqual(problems, []);
});

test('教育局: its daily report prefills the schools of the warning', async () => {
  assert.ok(warningId, 'the first test issued the warning');
  const jyj = stack.addAccount('demo-jyj', 'unit', 'unit-jyj');
  const {sectors} = (await stack.api('GET', `/warnings/${warningId}/sector`, null, null, '/api/v1', jyj.token)).body;
  const schools = sectors.find((s) => s.kind === 'school');
  assert.ok(schools && schools.orders > 0, JSON.stringify(sectors));
  // Its daily report is owed on one of its task orders (it is in several groups).
  const owed = (await stack.api('GET', `/warnings/${warningId}/reporting`, null, null, '/api/v1', jyj.token)).body
    .find((d) => d.org === 'unit-jyj');
  assert.ok(owed, 'its own daily report is owed');
  const order = {id: owed.order_id};
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2});
  const problems = watch(page);
  await page.goto(`${stack.origin}/m/`, {waitUntil: 'networkidle0'});
  await page.type('#username', jyj.username);
  await page.type('#password', jyj.password);
  await page.tap('#login');
  await page.waitForSelector('#logout, .order-list, #orders', {timeout: 15000}).catch(() => {});
  await page.goto(`${stack.origin}/m/#/orders/${order.id}`);
  await page.waitForSelector('#sector-fill');
  assert.match(await page.$eval('#sector-line', (p) => p.textContent),
    new RegExp(`学校已确认落实 ${schools.acknowledged} 所 / 应落实 ${schools.orders} 所`));
  await page.tap('#sector-fill');
  assert.match(await page.$eval('#report-text', (t) => t.value),
    new RegExp(`^学校已确认落实 ${schools.acknowledged} 所 / 应落实 ${schools.orders} 所（已报送落实情况 ${schools.reported} 所）。`));
  await page.$eval('#report-form', (f) => f.scrollIntoView({block: 'start'}));
  await page.screenshot({path: join(SCREENSHOTS, 'm-sector.png')});
  assert.deepEqual(problems, []);
  await context.close();
});
