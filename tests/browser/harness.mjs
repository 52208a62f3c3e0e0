// A real hazegate stack for the browser tests: a Mosquitto broker and
// `hazegate serve` over TLS (dev certificates) on free loopback ports, a
// fresh SQLite file with the sample plan, one account per role, and
// Debian's Chromium driven by puppeteer-core.
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, mkdirSync} from 'node:fs';
import {connect, createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {after, before} from 'node:test';
import {fileURLToPath} from 'node:url';
import puppeteer from 'puppeteer-core';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BIN = process.env.HAZEGATE_BIN || join(ROOT, 'build/hazegate');
export const PREFIX = 'hazegate';

// The sample plan's orgs for each role's demo account (as run.sh).
export const ROLE_ORGS = {
  admin: null, command: 'command', office: 'office', unit: 'unit-sthj',
  county: 'county-652301', inspector: 'group-inspection', enterprise: 'ent-001',
  school: 'sch-001', display: 'command',
};

// The first port of the kernel's ephemeral range (outgoing connections).
function ephemeralStart() {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

// A random free port below the ephemeral range: one the kernel picks lies
// inside it, where another process's outgoing connection could take it
// before our server binds it.
async function freePort() {
  const high = Math.min(ephemeralStart(), 65536) - 1;
  for (let attempt = 0; attempt < 100; ++attempt) {
    const port = 10000 + Math.floor(Math.random() * (high - 10000));
    const free = await new Promise((ok) => {
      const server = createServer();
      server.once('error', () => ok(false));
      server.listen(port, '127.0.0.1', () => server.close(() => ok(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port below the ephemeral range');
}

function portAccepts(port) {
  return new Promise((ok) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); ok(true); });
    socket.once('error', () => ok(false));
  });
}

function run(args, input) {
  const result = spawnSync(args[0], args.slice(1), {input, encoding: 'utf8'});
  if (result.status !== 0) {
    throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  }
  return result.stdout.trim();
}

// Polls `check` until it returns a truthy value or `ms` pass.
export async function eventually(check, ms = 10000, what = 'condition') {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

export class Stack {
  // `frontDoor`: as run.sh runs it — nginx terminates TLS and passes /mqtt
  // to the broker's WebSocket listener, the broker holds accounts and ACL
  // (scripts/broker-config.sh), the gateway listens on plain loopback.
  static async start({frontDoor = false} = {}) {
    const stack = new Stack();
    if (frontDoor) await stack.#startBehindFrontDoor();
    else await stack.#start();
    return stack;
  }

  async #startBehindFrontDoor() {
    this.dir = mkdtempSync(join(tmpdir(), 'hazegate-browser-'));
    [this.httpsPort, this.gatewayPort, this.mqttPort, this.mqttsPort, this.wssPort] =
      await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    mkdirSync(join(this.dir, 'blobs'));
    mkdirSync(join(this.dir, 'mosquitto'), {recursive: true});
    run([join(ROOT, 'scripts/make-dev-certs.sh'), join(this.dir, 'tls')]);
    this.mqttPassword = `broker-${Math.random().toString(36).slice(2)}`;
    this.config = join(this.dir, 'hazegate.toml');
    writeFileSync(this.config, `[server]
listen = "127.0.0.1:${this.gatewayPort}"
tls_cert = ""
tls_key = ""
web_root = "${join(ROOT, 'web')}"
[store]
database = "hazegate.db"
blobs = "blobs"
[mqtt]
uri = "tcp://127.0.0.1:${this.mqttPort}"
client_id = "hazegate"
username = "hazegate"
password = "${this.mqttPassword}"
topic_prefix = "${PREFIX}"
device_uri = "ssl://127.0.0.1:${this.mqttsPort}"
device_ws_uri = "wss://127.0.0.1:${this.httpsPort}/mqtt"
accounts_dir = "mosquitto"
broker_pid_file = "mosquitto/mosquitto.pid"
`);
    run([BIN, 'plan', 'load', '--config', this.config, join(ROOT, 'config/plans/changji.json')]);
    this.accounts = {};
    for (const [role, org] of Object.entries(ROLE_ORGS)) this.addAccount(`demo-${role}`, role, org);
    run([join(ROOT, 'scripts/broker-config.sh'), this.dir, String(this.mqttPort), String(this.mqttsPort),
      String(this.wssPort)]);
    run([BIN, 'mqtt', 'config', '--config', this.config, '--out', join(this.dir, 'mosquitto')]);
    run([join(ROOT, 'scripts/frontdoor.sh'), join(this.dir, 'frontdoor'), `127.0.0.1:${this.httpsPort}`,
      `127.0.0.1:${this.gatewayPort}`, join(this.dir, 'tls/server.crt'), join(this.dir, 'tls/server.key'),
      '128', `127.0.0.1:${this.wssPort}`]);
    this.broker = spawn('mosquitto', ['-c', join(this.dir, 'mosquitto/mosquitto.conf')], {stdio: ['ignore', 'ignore', 'pipe']});
    this.brokerLog = '';
    this.broker.stderr.on('data', (d) => { this.brokerLog = (this.brokerLog + d).slice(-5000); });
    // The server starts once the broker listens (see the closing note of
    // 2026-12-06: a server started within milliseconds of the broker
    // sometimes did not connect for minutes).
    await eventually(() => portAccepts(this.mqttPort), 10000, 'the broker to listen');
    this.#serve();
    this.frontDoor = spawn(process.env.NGINX || '/usr/sbin/nginx', ['-p', join(this.dir, 'frontdoor'), '-c',
      join(this.dir, 'frontdoor/nginx.conf'), '-g', 'daemon off;'], {stdio: ['ignore', 'ignore', 'inherit']});
    this.origin = `https://127.0.0.1:${this.httpsPort}`;
    this.ca = readFileSync(join(this.dir, 'tls/ca.crt'));
    await this.#healthy();
  }

  // Waits for /healthz to say the server is up and connected to the broker;
  // else fails with the last answer and the broker's and server's logs.
  async #healthy() {
    let health;
    await eventually(async () => {
      health = await this.api('GET', '/healthz', null, null, '');
      return health.status === 200 && health.body.mqtt === 'connected';
    }, 15000, 'hazegate serve to be healthy and connected').catch((error) => {
      const log = readFileSync(join(this.dir, 'hazegate.log'), 'utf8').split('\n')
        .filter((line) => !line.startsWith('{')).slice(-20).join('\n');
      throw new Error(`${error.message}: ${JSON.stringify(health?.body)}; broker: ${this.brokerLog ?? ''}; server: ${log}`);
    });
  }

  // Starts `hazegate serve` (its log in hazegate.log, its stderr kept for
  // failures); if the test process dies before stop(), what it started goes
  // too.
  #serve() {
    const log = openSync(join(this.dir, 'hazegate.log'), 'w');
    this.server = spawn(BIN, ['serve', '--config', this.config], {stdio: ['ignore', log, 'pipe']});
    process.once('exit', () => {
      for (const child of [this.server, this.broker, this.frontDoor]) {
        if (child && child.exitCode === null) child.kill('SIGKILL');
      }
    });
    this.serverLog = '';
    this.server.stderr.on('data', (d) => { this.serverLog = (this.serverLog + d).slice(-20000); });
  }

  async #start() {
    this.dir = mkdtempSync(join(tmpdir(), 'hazegate-browser-'));
    this.httpsPort = await freePort();
    this.mqttPort = await freePort();
    mkdirSync(join(this.dir, 'blobs'));
    writeFileSync(join(this.dir, 'mosquitto.conf'), [
      `listener ${this.mqttPort} 127.0.0.1`, 'allow_anonymous true',
      'persistence false', 'max_queued_messages 100000', ''].join('\n'));
    this.broker = spawn('mosquitto', ['-c', join(this.dir, 'mosquitto.conf')], {stdio: 'ignore'});
    run([join(ROOT, 'scripts/make-dev-certs.sh'), join(this.dir, 'tls')]);
    this.config = join(this.dir, 'hazegate.toml');
    writeFileSync(this.config, `[server]
listen = "127.0.0.1:${this.httpsPort}"
tls_cert = "tls/server.crt"
tls_key = "tls/server.key"
web_root = "${join(ROOT, 'web')}"
[store]
database = "hazegate.db"
blobs = "blobs"
[mqtt]
uri = "tcp://127.0.0.1:${this.mqttPort}"
client_id = "hazegate"
topic_prefix = "${PREFIX}"
[notifier]
redeliver_after_s = 60
`);
    run([BIN, 'plan', 'load', '--config', this.config, join(ROOT, 'config/plans/changji.json')]);
    this.accounts = {};
    for (const [role, org] of Object.entries(ROLE_ORGS)) this.addAccount(`demo-${role}`, role, org);
    await eventually(() => portAccepts(this.mqttPort), 10000, 'the broker to listen');
    this.#serve();
    this.origin = `https://127.0.0.1:${this.httpsPort}`;
    this.ca = readFileSync(join(this.dir, 'tls/ca.crt'));
    await this.#healthy();
  }

  // Creates an account; remembers {username, password, token, org}.
  addAccount(username, role, org) {
    const password = `pw-${username}-${Math.random().toString(36).slice(2)}`;
    const token = run([BIN, 'account', 'create', '--config', this.config, '--username', username,
      '--role', role, ...(org ? ['--org', org] : []), '--password-stdin'], `${password}\n`);
    this.accounts[role] ||= {username, password, token, org};
    return {username, password, token, org};
  }

  // An API call with `role`'s token (or `token`): {status, body}.
  async api(method, path, role, body, base = '/api/v1', token = undefined) {
    const {request} = await import('node:https');
    const headers = {};
    if (role) headers.Authorization = `Bearer ${this.accounts[role].token}`;
    if (token) headers.Authorization = `Bearer ${token}`;
    let payload;
    if (body instanceof Buffer) {
      payload = body;
    } else if (body !== null && body !== undefined) {
      payload = Buffer.from(JSON.stringify(body));
      headers['Content-Type'] = 'application/json';
    }
    if (body && body.contentType) headers['Content-Type'] = body.contentType;
    return new Promise((ok, fail) => {
      const req = request(`${this.origin}${base}${path}`, {method, headers, ca: this.ca}, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          try { parsed = JSON.parse(text); } catch { /* not JSON */ }
          ok({status: res.statusCode, body: parsed, headers: res.headers});
        });
      });
      req.on('error', fail);
      req.end(payload);
    });
  }

  // A protected file's bytes with `role`'s token.
  async apiBytes(path, role) {
    const {request} = await import('node:https');
    return new Promise((ok, fail) => {
      const req = request(`${this.origin}/api/v1${path}`, {
        headers: {Authorization: `Bearer ${this.accounts[role].token}`}, ca: this.ca}, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => ok(Buffer.concat(chunks)));
      });
      req.on('error', fail);
      req.end();
    });
  }

  // Publishes one MQTT message (QoS 1) as a device would (anonymous: not
  // behind the front door, whose broker holds accounts).
  publish(topic, message) {
    run(['mosquitto_pub', '-h', '127.0.0.1', '-p', String(this.mqttPort), '-q', '1',
      '-t', `${PREFIX}/${topic}`, '-m', JSON.stringify(message)]);
  }

  // Subscribes to `topic`; returns {messages, stop}.
  subscribe(topic) {
    const sub = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(this.mqttPort), '-q', '1',
      '-t', `${PREFIX}/${topic}`]);
    const messages = [];
    let buffer = '';
    sub.stdout.on('data', (d) => {
      buffer += d;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        messages.push(JSON.parse(buffer.slice(0, nl)));
        buffer = buffer.slice(nl + 1);
      }
    });
    return {messages, stop: () => sub.kill()};
  }

  async stop() {
    for (const child of [this.frontDoor, this.server, this.broker]) {
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((ok) => { child.once('exit', ok); setTimeout(ok, 5000); });
      }
    }
    rmSync(this.dir, {recursive: true, force: true});
  }
}

// The SHA-256 of the server certificate's public key (base64), which
// Chromium is told to trust: a service worker registers only over a
// certificate the browser accepts without an error.
function serverKeyPin(stack) {
  const pem = run(['openssl', 'x509', '-in', join(stack.dir, 'tls/server.crt'), '-pubkey', '-noout']);
  const der = spawnSync('openssl', ['pkey', '-pubin', '-outform', 'der'], {input: `${pem}\n`});
  return spawnSync('openssl', ['dgst', '-sha256', '-binary'], {input: der.stdout}).stdout.toString('base64');
}

// `lang` is the browser's locale (zh-CN unless a test asks for another).
export async function launchBrowser(stack, {lang = 'zh-CN'} = {}) {
  const posix = `${lang.replace('-', '_')}.UTF-8`;
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    acceptInsecureCerts: !stack,
    env: {...process.env, LANG: posix, LANGUAGE: lang.replace('-', '_')},
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--lang=${lang}`, '--font-render-hinting=none',
      ...(stack ? [`--ignore-certificate-errors-spki-list=${serverKeyPin(stack)}`] : [])],
  });
}

// Watches a page for console errors, uncaught exceptions, failed requests
// and HTTP errors; `problems` lists them ("allow" patterns are expected).
export function watch(page, allow = []) {
  const problems = [];
  const allowed = (text) => allow.some((pattern) => pattern.test(text));
  const note = (text) => { if (!allowed(text)) problems.push(text); };
  page.on('console', (msg) => {
    if (msg.type() === 'error') note(`console: ${msg.text()} ${msg.location()?.url || ''}`);
  });
  page.on('pageerror', (error) => note(`pageerror: ${error.message}`));
  page.on('requestfailed', (req) => {
    const reason = req.failure()?.errorText || '';
    if (reason !== 'net::ERR_ABORTED') note(`requestfailed: ${req.url()} ${reason}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) note(`http ${res.status()}: ${res.url()}`);
  });
  return problems;
}

// Logs in through the console's form.
export async function loginConsole(page, stack, role) {
  const {username, password} = stack.accounts[role];
  await page.goto(`${stack.origin}/console/`, {waitUntil: 'networkidle0'});
  await page.waitForSelector('#username');
  await page.type('#username', username);
  await page.type('#password', password);
  await page.click('#login');
  await page.waitForSelector('#logout');
}

// Logs in through the field app's form (the page already created, at the
// phone's size): opens /m/, runs `beforeLogin(page)` if given, logs in.
export async function loginPhone(page, stack, role, beforeLogin = null) {
  const {username, password} = stack.accounts[role];
  await page.goto(`${stack.origin}/m/`, {waitUntil: 'networkidle0'});
  await page.waitForSelector('#username');
  if (beforeLogin) await beforeLogin(page);
  await page.type('#username', username);
  await page.type('#password', password);
  await page.tap('#login');
}

// A phone (390×844, touch) of its own browser context with geolocation
// allowed, logged in as `role`: {page, problems, context}.
export async function openPhone(browser, stack, role, allow = []) {
  const context = await browser.createBrowserContext();
  await context.overridePermissions(stack.origin, ['geolocation']);
  const page = await context.newPage();
  await page.setViewport({width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2});
  const problems = watch(page, allow);
  await loginPhone(page, stack, role);
  return {page, problems, context};
}

// Reads the text of `selector`'s elements.
export const texts = (page, selector) =>
  page.$$eval(selector, (els) => els.map((e) => e.textContent.trim()));

export const SCREENSHOTS = process.env.SCREENSHOT_DIR || join(ROOT, 'build/screenshots');

// A stack and a browser for one test file: started before its tests (and
// handed to `ready(stack, browser)`), stopped after them.
export function useStack(ready) {
  let stack;
  let browser;
  before(async () => {
    stack = await Stack.start();
    browser = await launchBrowser(stack);
    mkdirSync(SCREENSHOTS, {recursive: true});
    ready(stack, browser);
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });
}
