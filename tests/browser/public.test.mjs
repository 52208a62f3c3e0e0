// Issue 22 in the browser: the 研判 view (a forecast's chart, the
// recommendation, 按此建议发布 filling the warning form and carried through
// the command's approval, a consultation recorded), the public level page
// (/public/, no login) on a phone at 360 px: each area's level in its colour
// and words, the plan's advice for it, areas under a warning first, the
// complaint line, the feed and the published press release; a drill issued
// from the console, marked everywhere and never public; axe-clean;
// screenshots.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {test} from 'node:test';
import {SCREENSHOTS, eventually, loginConsole, openPhone, useStack, watch} from './harness.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let stack;
let browser;

useStack((s, b) => {
  stack = s;
  browser = b;
});

test('the public page shows each area\'s level, in its colour, with the advice', async () => {
  const red = await stack.api('POST', '/warnings', 'office', {
    level: 'red', areas: ['652302'], starts_at: new Date().toISOString(),
    headline: '阜康市重污染天气红色预警', reason: 'PM2.5 超过250'});
  assert.equal((await stack.api('POST', `/warnings/${red.body.id}/approve`, 'command')).status, 200);
  const yellow = await stack.api('POST', '/warnings', 'office', {
    level: 'yellow', areas: ['652301'], starts_at: new Date().toISOString(), reason: 'PM2.5 超过115'});
  assert.equal(yellow.status, 201);
  const page = await (await browser.createBrowserContext()).newPage();
  await page.setViewport({width: 360, height: 780, isMobile: true, hasTouch: true, deviceScaleFactor: 2});
  const problems = watch(page);
  await page.goto(`${stack.origin}/public/`, {waitUntil: 'networkidle0'});
  await page.waitForSelector('.area');
  const areas = await page.$$eval('.area', (cards) => cards.map((c) => ({
    area: c.dataset.area, level: c.dataset.level, text: c.textContent,
    border: getComputedStyle(c).borderLeftColor})));
  assert.equal(areas[0].area, '652302', 'the red area is not first');
  assert.match(areas[0].text, /阜康市.*红色预警.*阜康市重污染天气红色预警/);
  assert.match(areas[0].text, /健康提示.*应留在室内/);
  assert.equal(areas[0].border, 'rgb(209, 31, 31)');
  const changji = areas.find((a) => a.area === '652301');
  assert.equal(changji.level, 'yellow');
  assert.equal(changji.border, 'rgb(242, 194, 0)');
  assert.match(changji.text, /黄色预警.*减少户外运动/);
  const calm = areas.find((a) => a.area === '652323');
  assert.match(calm.text, /呼图壁县.*无预警/);
  assert.match(await page.$eval('.summary', (s) => s.textContent), /2个区域正在发布重污染天气预警/);
  assert.match(await page.$eval('#updated', (u) => u.textContent), /^预警信息最近变更：/);
  assert.match(await page.$eval('.foot', (f) => f.textContent), /12369/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the page is ${width} px wide`);
  await page.evaluate(AXE);
  const violations = (await page.evaluate(() => window.axe.run(document, {resultTypes: ['violations']})))
    .violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => v.id);
  assert.deepEqual(violations, []);
  await page.screenshot({path: join(SCREENSHOTS, 'public.png')});
  // A proposal (not approved) is not on the public page.
  assert.equal(yellow.body.status, 'active');
  const proposed = await stack.api('POST', '/warnings', 'office', {
    level: 'orange', areas: ['652323'], starts_at: new Date().toISOString(), reason: '待审批'});
  assert.equal(proposed.body.status, 'proposed');
  await page.reload({waitUntil: 'networkidle0'});
  assert.equal(await page.$eval('[data-area="652323"]', (c) => c.dataset.level), 'none');
  assert.deepEqual(problems, []);
});

test('研判: a forecast\'s chart and recommendation, and 按此建议发布 fills the warning form', async () => {
  const date = (d) => new Date(Date.now() + d * 86400e3).toLocaleDateString('sv-SE', {timeZone: 'Asia/Shanghai'});
  const posted = await stack.api('POST', '/forecasts', 'office', {
    issued_at: new Date().toISOString(), source: '州环境监测站',
    days: [230, 250, 240].map((aqi, i) => ({area: '652324', date: date(i), aqi, primary_pollutant: 'pm25'}))});
  assert.equal(posted.status, 201, JSON.stringify(posted.body));
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({width: 1366, height: 900});
  const problems = watch(page);
  await loginConsole(page, stack, 'office');
  await page.goto(`${stack.origin}/console/#/forecasts`);
  const row = await page.waitForSelector('#recommendations tr[data-area="652324"]');
  assert.match(await row.evaluate((r) => r.textContent), /玛纳斯县.*无预警.*橙色预警.*建议发布.*达到橙色预警启动条件/);
  assert.equal((await page.$$('figure.forecast[data-area="652324"] rect')).length, 3);
  assert.equal((await page.$$('figure.forecast[data-area="652324"] .threshold')).length, 3);
  await page.screenshot({path: join(SCREENSHOTS, 'console-forecasts.png')});
  // A consultation recorded from the form.
  await page.type('#consult-conclusion', '同意启动橙色预警');
  await page.select('#consult-level', 'orange');
  await page.click('#consult-save');
  await eventually(async () => (await stack.api('GET', '/consultations', 'office')).body
    .some((c) => c.conclusion === '同意启动橙色预警' && c.areas.includes('652324')), 5000, 'the consultation');
  await page.waitForSelector('#consultations li');
  // The region's notice: on the board as a 研判提示 and counted on 研判.
  const notice = await stack.api('POST', '/regional-notices', 'office', {
    document_no: '新环发〔2026〕12号', issued_by: '自治区生态环境厅', level: 'orange', areas: ['652325'],
    starts_at: new Date().toISOString(), respond_within_h: 6, text: '乌昌石区域启动橙色预警'});
  assert.equal(notice.status, 201, JSON.stringify(notice.body));
  await page.goto(`${stack.origin}/console/#/board`);
  await page.waitForSelector('#asks li[data-area="652325"]', {timeout: 15000});
  assert.match(await page.$eval('#asks li[data-area="652325"]', (li) => li.textContent),
    /奇台县：区域预警通知待响应.*新环发〔2026〕12号.*要求橙色预警/);
  await page.waitForFunction(() => document.querySelector('[data-count="forecasts"]')?.textContent === '1',
    {timeout: 15000});
  await page.goto(`${stack.origin}/console/#/forecasts`);
  await page.waitForSelector('#notices li');
  // 按此建议发布: the warning form, filled.
  await page.click('#recommendations tr[data-area="652324"] a.button-link');
  await page.waitForSelector('#issue-form');
  assert.equal(await page.$eval('#level', (s) => s.value), 'orange');
  assert.deepEqual(await page.$$eval('input[name=areas]:checked', (boxes) => boxes.map((b) => b.value)), ['652324']);
  assert.match(await page.$eval('#reason', (t) => t.value), /达到橙色预警启动条件/);
  // Through to the command's approval.
  await page.click('#preview');
  await page.waitForSelector('dialog.modal[open] tbody tr');
  await page.click('dialog.modal[open] .actions button:last-child');
  const proposed = await eventually(async () => (await stack.api('GET', '/warnings?status=proposed', 'office')).body
    .find((w) => w.areas.includes('652324')), 5000, 'the proposal');
  const command = await (await browser.createBrowserContext()).newPage();
  await command.setViewport({width: 1366, height: 900});
  const commandProblems = watch(command);
  await loginConsole(command, stack, 'command');
  await command.goto(`${stack.origin}/console/#/approvals`);
  await command.waitForSelector(`[data-warning="${proposed.id}"] button.approve`);
  await command.click(`[data-warning="${proposed.id}"] button.approve`);
  await command.waitForSelector('dialog.modal[open]');
  await command.click('dialog.modal[open] .actions button:last-child');
  await eventually(async () => (await stack.api('GET', `/warnings/${proposed.id}`, 'office')).body.status === 'active',
    5000, 'the approval');
  await page.goto(`${stack.origin}/console/#/forecasts`);
  await page.waitForSelector('#recommendations');
  assert.equal(await page.$('#recommendations tr[data-area="652324"] a.button-link'), null,
    'the recommendation still asks after the warning answered it');
  assert.deepEqual(problems, []);
  assert.deepEqual(commandProblems, []);
  await context.close();
});

test('a drill from the console is marked everywhere and never public; a press release is', async () => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({width: 1366, height: 900});
  const problems = watch(page);
  await loginConsole(page, stack, 'office');
  await page.goto(`${stack.origin}/console/#/warnings`);
  await page.waitForSelector('#issue-form');
  await page.select('#level', 'yellow');
  await page.click('input[name=areas][value="652328"]');
  await page.click('input[name=areas][value="652301"]');
  await page.type('#reason', '冬季应急演练');
  await page.click('#exercise');
  await page.type('#exercise_name', '2026年冬季重污染天气应急演练');
  await page.click('#preview');
  await page.waitForSelector('dialog.modal[open] .drill-note');
  await page.screenshot({path: join(SCREENSHOTS, 'console-drill-preview.png')});
  await page.click('dialog.modal[open] .actions button:last-child');
  const drill = await eventually(async () => (await stack.api('GET', '/warnings?exercise=true', 'office')).body[0],
    5000, 'the drill');
  assert.equal(drill.exercise_name, '2026年冬季重污染天气应急演练');
  await page.waitForSelector(`tr[data-warning="${drill.id}"] .badge.drill`);
  // The enterprise's phone: the drill's order badged 演练, a banner over it.
  const ent = await openPhone(browser, stack, 'enterprise');
  const card = await ent.page.waitForSelector('a.order-card .badge.drill', {timeout: 15000});
  await (await card.evaluateHandle((b) => b.closest('a.order-card'))).tap();
  await ent.page.waitForSelector('#drill-banner');
  assert.match(await ent.page.$eval('h1', (t) => t.textContent), /^【演练】/);
  await ent.page.screenshot({path: join(SCREENSHOTS, 'm-drill.png')});
  assert.deepEqual(ent.problems, []);
  await ent.context.close();
  // Its evaluation: the banner, the stages, a finding recorded.
  await page.goto(`${stack.origin}/console/#/reports/${drill.id}`);
  await page.waitForSelector('#drill-banner');
  assert.match(await page.$eval('#stages', (t) => t.textContent), /提出 → 审批发布/);
  await page.type('#finding-text', '木垒县学校停课通知送达偏慢');
  await page.click('#finding-save');
  await page.waitForFunction(() => document.querySelector('ol.findings')?.textContent.includes('送达偏慢'));
  assert.equal(await page.$('#press'), null, 'a drill offered a press release');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({path: join(SCREENSHOTS, 'console-drill-reports.png')});
  // A real warning's press release, published from the console.
  const real = await stack.api('POST', '/warnings', 'office', {
    level: 'yellow', areas: ['652327'], starts_at: new Date().toISOString(), reason: 'PM2.5 超过115'});
  await page.goto(`${stack.origin}/console/#/reports/${real.body.id}`);
  await page.waitForSelector('#press-text');
  assert.match(await page.$eval('#press-title', (i) => i.value), /吉木萨尔县启动重污染天气黄色预警/);
  assert.match(await page.$eval('#press-text', (t) => t.value), /健康提示/);
  await page.click('#press-publish');
  await page.waitForFunction(() => document.querySelector('#press-status')?.textContent.startsWith('已发布'));
  // The phone's public page: the press release under its area, the feed
  // linked, the drill nowhere.
  const phone = await (await browser.createBrowserContext()).newPage();
  await phone.setViewport({width: 360, height: 780, isMobile: true, hasTouch: true, deviceScaleFactor: 2});
  const phoneProblems = watch(phone);
  await phone.goto(`${stack.origin}/public/`, {waitUntil: 'networkidle0'});
  await phone.waitForSelector('[data-area="652327"] details.press');
  assert.equal(await phone.$eval('[data-area="652328"]', (c) => c.dataset.level), 'none', 'the drill went public');
  await phone.click('[data-area="652327"] details.press summary');
  await phone.waitForFunction(() => document.querySelector('[data-area="652327"] .press-text')?.textContent
    .includes('健康提示'));
  await phone.$eval('[data-area="652327"]', (c) => c.scrollIntoView());
  await phone.screenshot({path: join(SCREENSHOTS, 'public-press.png')});
  const feed = await phone.$eval('#feed-link', (a) => a.href);
  const listed = await phone.evaluate(async (url) => (await fetch(url)).text(), feed);
  assert.match(listed, new RegExp(`cap/[^"]*${real.body.id}\\.xml`));
  assert.ok(!listed.includes(drill.id), 'the drill is in the feed');
  assert.deepEqual(problems, []);
  assert.deepEqual(phoneProblems, []);
  await context.close();
});
