// Issue 23 in the browser: 问责线索 — a county's order left unacknowledged
// becomes a lead the office sees with its evidence; the discipline
// commission (州纪委监委) moves it to 谈话提醒 with a note, shown in its
// history; the county sees its own lead only. Screenshot.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {test} from 'node:test';
import {SCREENSHOTS, eventually, loginConsole, useStack, watch} from './harness.mjs';

let stack;
let browser;

useStack((s, b) => {
  stack = s;
  browser = b;
});

test('问责线索: an overdue county is a lead the commission acts on', async () => {
  const warning = await stack.api('POST', '/warnings', 'office', {
    level: 'yellow', areas: ['652323'], starts_at: new Date().toISOString(), reason: '演示', ack_within_s: 60});
  assert.equal(warning.status, 201, JSON.stringify(warning.body));
  // Nobody acknowledges: a minute later the county's order is overdue.
  const lead = await eventually(async () => (await stack.api('GET', '/accountability/leads', 'office')).body
    .find((l) => l.org === 'county-652323' && l.kind === 'no_ack'), 90000, 'the lead');
  assert.equal(lead.warning_id, warning.body.id);
  assert.equal(lead.evidence.order_ids.length, 1);
  const jiwei = stack.addAccount('demo-jiwei', 'unit', 'unit-jiwei');
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({width: 1366, height: 900});
  const problems = watch(page);
  await page.goto(`${stack.origin}/console/`, {waitUntil: 'networkidle0'});
  await page.type('#username', jiwei.username);
  await page.type('#password', jiwei.password);
  await page.click('#login');
  await page.waitForSelector('#logout');
  await page.goto(`${stack.origin}/console/#/leads`);
  const row = await page.waitForSelector(`tr[data-lead="${lead.id}"]`);
  assert.match(await row.evaluate((r) => r.textContent), /呼图壁县.*未按时确认指令.*超时指令 1 条.*新线索/);
  await page.select(`#lead-status-${lead.id}`, 'reminded');
  await page.type(`#lead-note-${lead.id}`, '约谈县政府分管负责人');
  await page.click(`tr[data-lead="${lead.id}"] form.lead-action button`);
  await page.waitForFunction((id) => document.querySelector(`tr[data-lead="${id}"] .lead-status`)?.textContent
    === '谈话提醒', {}, lead.id);
  assert.match(await page.$eval(`tr[data-lead="${lead.id}"] ol.history`, (o) => o.textContent),
    /新线索 · system.*谈话提醒 · demo-jiwei：约谈县政府分管负责人/);
  assert.ok(await page.$('#leads-csv'), 'the export is offered');
  await page.$eval(`tr[data-lead="${lead.id}"]`, (r) => r.scrollIntoView({block: 'center'}));
  await page.screenshot({path: join(SCREENSHOTS, 'console-leads.png')});
  // The office reads it; it has no action form.
  const office = await (await browser.createBrowserContext()).newPage();
  await office.setViewport({width: 1366, height: 900});
  const officeProblems = watch(office);
  await loginConsole(office, stack, 'office');
  await office.goto(`${stack.origin}/console/#/leads?status=reminded`);
  await office.waitForSelector(`tr[data-lead="${lead.id}"]`);
  assert.equal(await office.$('form.lead-action'), null);
  // The county of 652301 sees none of 652323's.
  const county = await stack.api('GET', '/accountability/leads', 'county');
  assert.ok(county.body.every((l) => l.org === 'county-652301'), JSON.stringify(county.body));
  assert.deepEqual(problems, []);
  assert.deepEqual(officeProblems, []);
  await context.close();
});
