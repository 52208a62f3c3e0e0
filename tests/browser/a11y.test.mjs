// Issue 25: axe-core (npm, pinned) over every view of the console and the
// field app, for every role that has it, in a red warning with a case, an
// assignment and reports: no serious or critical violation.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {after, before, test} from 'node:test';
import {inspect} from './fixtures.mjs';
import {Stack, eventually, launchBrowser, loginConsole, loginPhone} from './harness.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let stack;
let browser;
let warningId;
let caseId;

before(async () => {
  stack = await Stack.start();
  browser = await launchBrowser(stack);
  const issued = await stack.api('POST', '/warnings', 'office', {
    level: 'red', areas: ['652301', '652302'], starts_at: new Date().toISOString(),
    headline: '昌吉市、阜康市重污染天气红色预警', reason: 'PM2.5 超过250'});
  assert.equal(issued.status, 201);
  warningId = issued.body.id;
  assert.equal((await stack.api('POST', `/warnings/${warningId}/approve`, 'command')).status, 200);
  await stack.api('POST', '/warnings', 'office', {
    level: 'orange', areas: ['652323'], starts_at: new Date().toISOString(), reason: '待审批'});
  const report = await inspect(stack, 'ent-001', {warningId});
  caseId = report.case_id;
  assert.ok(caseId, JSON.stringify(report));
  assert.equal((await stack.api('POST', '/assignments', 'office', {
    inspector_org: 'group-inspection', sites: ['ent-001'], warning_id: warningId,
    due_at: new Date(Date.now() + 4 * 3600e3).toISOString()})).status, 201);
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

// Serious and critical violations on the page as it is now.
async function violations(page) {
  await page.evaluate(AXE);  // DevTools evaluation: not subject to the CSP
  const result = await page.evaluate(() => window.axe.run(document, {resultTypes: ['violations']}));
  return result.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('main')?.textContent.includes('正在加载'), {timeout: 10000});
  await page.waitForNetworkIdle({idleTime: 300, timeout: 10000}).catch(() => {});
}

const CONSOLE = {
  admin: ['board', 'warnings', 'cases', 'inspections'],
  command: ['board', 'forecasts', 'warnings', 'approvals', 'cases', 'inspections', 'reports', 'orders', 'devices'],
  office: ['board', 'forecasts', 'warnings', 'cases', 'cases/CASE', 'inspections', 'assign', 'reports', 'orders', 'devices'],
  unit: ['board', 'warnings', 'cases', 'inspections', 'reports', 'orders', 'devices'],
  county: ['board', 'warnings', 'cases', 'inspections', 'reports', 'orders', 'devices'],
  inspector: ['board', 'warnings', 'cases', 'inspections', 'assign', 'reports', 'orders', 'devices'],
};

test('the console: every view of every role', async () => {
  const found = [];
  for (const [role, views] of Object.entries(CONSOLE)) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({width: 1366, height: 900});
    await loginConsole(page, stack, role);
    for (const view of views) {
      await page.goto(`${stack.origin}/console/#/${view.replace('CASE', caseId)}`);
      await settled(page);
      for (const v of await violations(page)) found.push(`${role} #/${view}: ${v}`);
    }
    await context.close();
  }
  // The login page and the wall (a display account's).
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({width: 1920, height: 1080});
  await page.goto(`${stack.origin}/console/`);
  await page.waitForSelector('#username');
  for (const v of await violations(page)) found.push(`login: ${v}`);
  await page.goto(`${stack.origin}/console/#/wall`);
  await page.waitForSelector('#wall-username');
  for (const v of await violations(page)) found.push(`wall login: ${v}`);
  await page.type('#wall-username', stack.accounts.display.username);
  await page.type('#wall-password', stack.accounts.display.password);
  await page.click('#wall-login');
  await page.waitForSelector('.wall .tiles');
  for (const v of await violations(page)) found.push(`wall: ${v}`);
  await context.close();
  assert.deepEqual(found, []);
});

async function phone(role) {
  const context = await browser.createBrowserContext();
  await context.overridePermissions(stack.origin, ['geolocation']);
  const page = await context.newPage();
  await page.setViewport({width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2});
  await page.setGeolocation({latitude: 44.0, longitude: 87.3, accuracy: 12});
  await loginPhone(page, stack, role, async () => {
    for (const v of await violations(page)) phone.found.push(`${role} /m/ login: ${v}`);
  });
  await page.waitForSelector('#logout:not([hidden])');
  return {page, context};
}
phone.found = [];

test('the field app: every view of every role', async () => {
  for (const role of ['enterprise', 'school', 'unit', 'county']) {
    const {page, context} = await phone(role);
    await page.waitForSelector('#orders');
    await settled(page);
    for (const v of await violations(page)) phone.found.push(`${role} #/orders: ${v}`);
    const first = await page.$('.order-card');
    if (first) {
      const id = await first.evaluate((c) => c.dataset.order);
      await page.goto(`${stack.origin}/m/#/orders/${id}`);
      await page.waitForSelector('.order-detail');
      await settled(page);
      for (const v of await violations(page)) phone.found.push(`${role} #/orders/ID: ${v}`);
    }
    await page.goto(`${stack.origin}/m/#/outbox`);
    await settled(page);
    for (const v of await violations(page)) phone.found.push(`${role} #/outbox: ${v}`);
    await context.close();
  }
  const {page, context} = await phone('inspector');
  await page.waitForSelector('.task');
  for (const v of await violations(page)) phone.found.push(`inspector #/tasks: ${v}`);
  await page.goto(`${stack.origin}/m/#/site/ent-001`);
  await page.waitForSelector('#inspection-form');
  await eventually(() => page.$eval('#gps', (g) => !g.textContent.includes('正在定位')), 10000, 'a fix');
  for (const v of await violations(page)) phone.found.push(`inspector #/site/ID: ${v}`);
  await context.close();
  assert.deepEqual(phone.found, []);
});
