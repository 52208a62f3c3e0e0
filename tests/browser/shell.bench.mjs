// The field app's shell on Chromium's "Fast 3G" profile: the first visit,
// one small request alone (the floor the profile sets) and the visits the
// service worker answers, over several runs. Run by scripts/bench/shell.sh.
import {PredefinedNetworkConditions} from 'puppeteer-core';
import {Stack, launchBrowser} from './harness.mjs';

const RUNS = Number(process.env.RUNS || 3);
const stack = await Stack.start();
const browser = await launchBrowser(stack);
try {
  const profile = PredefinedNetworkConditions['Fast 3G'];
  console.log(`Fast 3G: ${profile.download * 8 / 1000} kbit/s down, ${profile.latency} ms latency`);
  for (let run = 1; run <= RUNS; ++run) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({width: 390, height: 844, isMobile: true, hasTouch: true});
    await page.emulateNetworkConditions(profile);
    const load = async () => {
      const started = Date.now();
      await page.goto(`${stack.origin}/m/`, {waitUntil: 'load'});
      await page.waitForSelector('#username');
      return Date.now() - started;
    };
    const first = await load();
    const oneRequest = Math.round(await page.evaluate(async () => {
      const started = performance.now();
      await (await fetch('/healthz', {cache: 'no-store'})).text();
      return performance.now() - started;
    }));
    await page.evaluate(() => navigator.serviceWorker.ready);
    const repeats = [await load(), await load()];
    console.log(`run ${run}: first visit ${first} ms, one request alone ${oneRequest} ms ` +
      `(raw floor), with the service worker ${repeats.join(' / ')} ms ` +
      `(ratio to the floor ${(Math.max(...repeats) / oneRequest).toFixed(2)})`);
    await context.close();
  }
} finally {
  await browser.close();
  await stack.stop();
}
