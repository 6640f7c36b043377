// The web console end to end in real headless Firefox (Debian's firefox-esr), driven by
// Puppeteer over WebDriver BiDi. ConsoleFirefoxTest runs it against a real endpoint.
//
//   node console-firefox.mjs CONSOLE_URL SCREENSHOT_DIR THREAD_NAME
//
// Tokens come from the environment, never the command line (other users can read
// /proc/*/cmdline): HATCH_TOKEN_ALL (every scope) and HATCH_TOKEN_MONITOR (monitor only).
// Optional: FIREFOX (default /usr/bin/firefox-esr). Exits 0 when every check passed, 1 with
// "FAILED: <step>: <reason>" on the first one that did not, 2 on bad usage.
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const STEP_MS = 20_000; // any single wait
const TOTAL_MS = 100_000; // the whole run, browser start included
const VERDICTS = ['none', 'watch', 'suspected', 'likely'];

const [url, shots, needle] = process.argv.slice(2);
const allToken = process.env.HATCH_TOKEN_ALL;
const monitorToken = process.env.HATCH_TOKEN_MONITOR;
const firefox = process.env.FIREFOX || '/usr/bin/firefox-esr';
if (!url || !shots || !needle || !allToken || !monitorToken) {
  console.error('usage: HATCH_TOKEN_ALL=... HATCH_TOKEN_MONITOR=... node console-firefox.mjs CONSOLE_URL SCREENSHOT_DIR THREAD_NAME');
  process.exit(2);
}

let step = 'start';
let browser;
const started = Date.now();
const log = (text) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`);

class CheckFailed extends Error {}
function check(ok, what) {
  if (!ok) throw new CheckFailed(what);
}

const watchdog = setTimeout(() => {
  console.error(`FAILED: ${step}: the run exceeded its ${TOTAL_MS / 1000} s limit`);
  const proc = browser && browser.process();
  if (proc) proc.kill('SIGKILL');
  process.exit(1);
}, TOTAL_MS);

async function main() {
  fs.mkdirSync(shots, {recursive: true});
  step = 'launch Firefox';
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefox,
    headless: true,
    timeout: 30_000,
    protocolTimeout: STEP_MS,
    args: ['--width=1280', '--height=900'],
  });
  log(`browser ${await browser.version()}`);
  const page = await browser.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.setDefaultNavigationTimeout(STEP_MS);
  await page.setViewport({width: 1280, height: 900});

  const shot = async (name) => page.screenshot({path: path.join(shots, `${name}.png`)});
  const visible = (id) => page.$eval(`#${id}`, (e) => e.checkVisibility());
  const text = (id) => page.$eval(`#${id}`, (e) => e.textContent.trim());
  const rows = (table) => page.$$eval(`#${table} tbody tr`, (r) => r.length);
  const storedToken = () => page.evaluate(() => sessionStorage.getItem('hatch.token'));

  async function freshPage() {
    await page.goto(url, {waitUntil: 'load'});
    await page.evaluate(() => sessionStorage.clear());
    await page.reload({waitUntil: 'load'});
  }
  async function submitToken(token) {
    await page.waitForSelector('#token', {visible: true});
    await page.type('#token', token);
    await page.click('#signin-button');
  }
  async function signIn(token) {
    await submitToken(token);
    await page.waitForSelector('#signout', {visible: true});
    await page.waitForSelector('#tabs', {visible: true});
  }
  async function signOut() {
    await page.click('#signout');
    await page.waitForSelector('#token', {visible: true});
    check(await storedToken() === null, 'the token is still in sessionStorage after sign-out');
    check(!await visible('tabs'), 'the tabs are still shown after sign-out');
    check(await page.$$eval('tbody tr', (r) => r.length) === 0, 'table rows are still shown after sign-out');
  }
  const tabNames = () => page.$$eval('#tabs [role=tab]', (t) => t.map((e) => e.textContent.trim()));

  step = 'no data before sign-in';
  await freshPage();
  check(!await visible('tabs'), 'the tabs are shown before sign-in');
  for (const view of ['overview', 'threads', 'memory', 'profiling', 'loggers', 'repl', 'audit']) {
    check(!await visible(`view-${view}`), `the ${view} view is shown before sign-in`);
  }
  check(await page.$$eval('tbody tr', (r) => r.length) === 0, 'table rows exist before sign-in');
  await new Promise((r) => setTimeout(r, 500));
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  const strays = fetched.filter((u) => !/\/ops\/console\/app\.(js|css)$/.test(u));
  check(strays.length === 0, `the page fetched more than its script and style sheet: ${strays.join(', ')}`);
  check((await text('title')).startsWith('Hatch maintenance console of '), `the title reads "${await text('title')}"`);
  check(await visible('signin-help'), 'the sign-in page does not say where the token comes from');
  check((await text('token-configured')).includes('hatch.token.NAME=sha256:'), 'the sign-in page does not name hatch.token.*');
  check((await text('token-cli')).includes('hatch --url ' + new URL(url).origin + '/ops'), `the CLI line reads "${await text('token-cli')}"`);
  await shot('signin');
  log('no data before sign-in; the page says what it is and where the token comes from');

  step = 'wrong token';
  await submitToken('not-a-token-0123456789abcdef');
  await page.waitForFunction(() => document.getElementById('message').textContent.includes('not accepted'));
  check((await text('message')).includes('Sign-in failed'), `the message says "${await text('message')}"`);
  check(!await visible('tabs'), 'the tabs are shown after a wrong token');
  check(await storedToken() === null, 'a wrong token was kept in sessionStorage');
  await shot('wrong-token');
  log('a wrong token shows "Sign-in failed"');

  step = 'sign in with the all-scopes token';
  await freshPage();
  await signIn(allToken);
  check(await storedToken() === allToken, 'the token is not in sessionStorage after sign-in');
  check(!page.url().includes(allToken), 'the token is in the URL');
  check(await page.evaluate(() => document.cookie) === '', 'the page set a cookie');
  log(`signed in; tabs: ${(await tabNames()).join(', ')}`);

  step = 'overview heap chart';
  await page.waitForFunction(() => Number(document.getElementById('heap-chart').dataset.points || '0') >= 3);
  const inked = await page.$eval('#heap-chart', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i + 2] > 120 && d[i] < 60) n++;
    return n;
  });
  check(inked > 50, `the heap chart has only ${inked} blue heap-used pixels`);
  check(/\d+s/.test(await text('ov-uptime')), `uptime reads "${await text('ov-uptime')}"`);
  check(await rows('ov-states') > 0, 'no thread states on the overview');
  await shot('overview');
  log(`overview chart filled (${inked} inked pixels)`);

  step = 'chart labels';
  for (const width of [1280, 420]) {
    await page.setViewport({width: width, height: 900});
    await page.waitForFunction(() => document.getElementById('heap-chart').dataset.width
      === String(Math.max(200, Math.floor(document.getElementById('heap-chart-box').clientWidth))));
    const clash = await page.evaluate(() => {
      const boxes = [...document.querySelectorAll('#heap-chart-labels span, #heap-chart-legend li')]
        .map((e) => ({t: e.textContent, label: e.tagName === 'SPAN', r: e.getBoundingClientRect()}));
      const chart = document.getElementById('heap-chart-box').getBoundingClientRect();
      for (const a of boxes) {
        if (a.label && (a.r.left < chart.left - 0.5 || a.r.right > chart.right + 0.5 || a.r.top < chart.top - 0.5 || a.r.bottom > chart.bottom + 0.5)) {
          return `"${a.t}" leaves the chart`;
        }
        for (const b of boxes) {
          if (a !== b && a.r.left < b.r.right && b.r.left < a.r.right && a.r.top < b.r.bottom && b.r.top < a.r.bottom) return `"${a.t}" overlaps "${b.t}"`;
        }
      }
      return boxes.length >= 4 ? null : `only ${boxes.length} labels`;
    });
    check(clash === null, `at ${width} px: ${clash}`);
  }
  await page.setViewport({width: 1280, height: 900});
  log('chart labels do not overlap at 1280 and 420 px');

  step = 'threads search';
  await page.click('#tab-threads');
  await page.waitForFunction(() => document.querySelectorAll('#threads-table tbody tr').length > 3);
  await page.type('#thread-search', needle);
  await page.waitForFunction(() => document.querySelectorAll('#threads-table tbody tr').length === 1);
  const row = await page.$eval('#threads-table tbody tr', (r) => ({name: r.dataset.thread, text: r.textContent}));
  check(row.name === needle, `the search found "${row.name}", not "${needle}"`);
  check(row.text.includes('WAITING'), `the thread's row reads "${row.text}"`);
  await shot('threads');
  log(`threads: found ${needle} by search`);

  step = 'memory leak report';
  await page.click('#tab-memory');
  await page.waitForSelector('#leak-box', {visible: true});
  await page.waitForFunction(() => document.getElementById('leak-verdict').textContent.trim() !== '–');
  const verdict = await text('leak-verdict');
  check(VERDICTS.includes(verdict), `the leak verdict reads "${verdict}"`);
  check((await text('leak-text')).length > 0, 'the leak report has no explanation');

  step = 'memory class histogram';
  await page.waitForSelector('#histo-run', {visible: true});
  await page.click('#histo-run');
  await page.waitForFunction(() => document.querySelectorAll('#histo-table tbody tr').length > 0);
  const histo = await page.$eval('#histo-table', (t) => ({id: t.dataset.id, rows: t.tBodies[0].rows.length}));
  check((await text('histo-title')).includes(histo.id), `the histogram title does not name ${histo.id}`);
  await page.$eval('#leak-box', (e) => e.scrollIntoView());
  await shot('memory');
  log(`memory: leak verdict ${verdict}, histogram ${histo.id} with ${histo.rows} rows`);

  step = 'loggers: Hatch\'s own hidden';
  await page.click('#tab-loggers');
  await page.waitForFunction(() => document.querySelectorAll('#loggers-table tbody tr').length > 0);
  const own = () => page.$$eval('#loggers-table tbody tr', (r) => r.filter((e) => e.dataset.logger.startsWith('dev.hatch')).length);
  check(await own() === 0, 'dev.hatch.* loggers are listed by default');
  await page.click('#logger-internal');
  await page.waitForFunction(() => [...document.querySelectorAll('#loggers-table tbody tr')].some((e) => e.dataset.logger.startsWith('dev.hatch')));
  log('loggers: dev.hatch.* hidden until asked for');

  step = 'audit: polling hidden';
  await page.click('#tab-audit');
  await page.waitForFunction(() => document.querySelectorAll('#audit-table tbody tr').length > 0);
  const refreshes = () => page.$$eval('#audit-table tbody tr', (r) => r.filter((e) => e.textContent.includes('console refresh')).length);
  check(await refreshes() === 0, 'the console\'s own refreshes are listed by default');
  check(/[1-9]\d* periodic refreshes of this console hidden/.test(await text('audit-summary')), `the audit summary reads "${await text('audit-summary')}"`);
  await page.click('#audit-polls');
  await page.waitForFunction(() => [...document.querySelectorAll('#audit-table tbody tr')].some((e) => e.textContent.includes('console refresh')));
  log('audit: the console\'s polling hidden until asked for');

  step = 'REPL history';
  await page.click('#tab-repl');
  await page.click('#repl-new');
  await page.waitForFunction(() => document.getElementById('repl-session').textContent.startsWith('Session '));
  for (const [i, code] of ['int y = 40;', 'y + 2'].entries()) {
    await page.type('#repl-code', code);
    await page.click('#repl-run');
    await page.waitForFunction((n) => document.querySelectorAll('#repl-history li.entry').length === n, {timeout: 60_000}, i + 1);
  }
  const last = await page.$eval('#repl-history li.entry:last-child .repl-value', (e) => e.textContent.trim());
  check(last === '42', `the last REPL value reads "${last}"`);
  await shot('repl');
  await page.click('#repl-clear');
  check(await page.$$eval('#repl-history > li', (r) => r.length) === 0, 'Clear history left entries');
  log('REPL: two snippets in the history, then cleared');

  step = 'sign out';
  await signOut();
  log('signed out: token gone from sessionStorage');

  step = 'monitor token';
  await freshPage();
  await signIn(monitorToken);
  const tabs = await tabNames();
  check(tabs.join(',') === 'Overview,Threads,Memory,Container,Loggers', `a monitor token sees the tabs ${tabs.join(', ')}`);
  await page.click('#tab-memory');
  await page.waitForFunction(() => document.querySelectorAll('#mem-areas tbody tr').length > 0);
  for (const id of ['dump-run', 'stored-run', 'histo-run', 'gc-run']) {
    check(!await visible(id), `a monitor token is offered #${id}`);
  }
  await shot('monitor-memory');
  await page.click('#tab-container');
  await page.waitForFunction(() => document.querySelectorAll('#ct-jvm tbody tr[data-row=heap]').length > 0);
  check(!await visible('trim-run'), 'a monitor token is offered #trim-run');
  await signOut();
  log('monitor token: no dump, GC or trim buttons; signed out');
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  const reason = e instanceof CheckFailed ? e.message : `${e.name}: ${String(e.message).split('\n')[0]}`;
  console.error(`FAILED: ${step}: ${reason}`);
} finally {
  if (browser) {
    await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
    const proc = browser.process();
    if (proc && proc.exitCode === null) proc.kill('SIGKILL');
  }
  clearTimeout(watchdog);
}
if (!failed) log('all Firefox console checks passed');
process.exit(failed ? 1 : 0);
