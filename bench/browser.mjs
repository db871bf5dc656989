// Drives the browser figures in headless Chromium against bench/server.mjs:
// start-up, SIP parsing and event dispatch. Writes one JSON file.
// Usage: node bench/browser.mjs http://127.0.0.1:PORT OUT.json
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:18090';
const outFile = process.argv[3] ?? new URL('./build/browser.json', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// Cold loads are short and swing most with the machine's other load: more
// of them for a steadier median.
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 2 * RUNS);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20000);
const PACED_EVENTS = Number(process.env.BENCH_PACED_EVENTS ?? 3000);
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 1000);

// The launch arguments of the project's browser tests (tests/e2e/).
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const log = (...a) => console.log('[bench]', ...a);
/** `promise`, or a failure naming `what` after `ms`: a stuck page must not
 * stall the whole benchmark. */
const within = (ms, what, promise) => Promise.race([promise,
  new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms).unref())]);

/** A page in a context of its own: no HTTP cache, no compiled-code cache
 * and no module map shared with any earlier run. */
async function freshPage(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(base + path);
  return { page, errors, close: () => context.close() };
}

// --- start-up ---------------------------------------------------------------
// Each measures, inside the page, from just before the script element (or
// the import) is created to the point where the library can be used.

const startup = {
  // The script-tag build: the facade defines AgentSDK at once; the SDK is
  // usable when `AgentSDK.ready` resolves (module and wasm loaded).
  sdkScriptTag: async () => {
    const t0 = performance.now();
    const script = document.createElement('script');
    script.src = '/pkg/agent-sdk.global.js';
    const loaded = new Promise((resolve, reject) => { script.onload = resolve; script.onerror = reject; });
    document.head.append(script);
    await loaded;
    const facade = performance.now() - t0;
    await window.AgentSDK.ready;
    window.AgentSDK.setup({ baseURL: location.origin });
    return { ms: performance.now() - t0, facadeMs: facade };
  },
  // The ES module entry: its top-level await resolves once the wasm is in.
  sdkModule: async () => {
    const t0 = performance.now();
    const { AgentSDK } = await import('/pkg/index.js');
    AgentSDK.setup({ baseURL: location.origin });
    return { ms: performance.now() - t0 };
  },
  // JsSIP's bundle by script tag, then a UA constructed (not started: that
  // would connect, which `setup` does not do either).
  jssip: async () => {
    const t0 = performance.now();
    const script = document.createElement('script');
    script.src = '/build/jssip.min.js';
    const loaded = new Promise((resolve, reject) => { script.onload = resolve; script.onerror = reject; });
    document.head.append(script);
    await loaded;
    const ua = new window.JsSIP.UA({
      sockets: [new window.JsSIP.WebSocketInterface(`ws://${location.host}/sip`)],
      uri: 'sip:agent0001@cc.example.com',
      register: false,
    });
    if (!ua) throw new Error('no UA');
    return { ms: performance.now() - t0 };
  },
};

const results = { browser: { version: browser.version() }, startup: {}, sip: null, dispatch: {} };

log(`start-up, ${STARTUP_RUNS} cold loads each`);
for (const name of Object.keys(startup)) results.startup[name] = [];
for (let r = 0; r < STARTUP_RUNS; r++) {
  // Rotate the order so no library always runs first after a context switch.
  const names = Object.keys(startup);
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + r) % names.length];
    const { page, errors, close } = await freshPage('/bench/blank.html');
    const res = await within(60000, `start-up ${name}`, page.evaluate(startup[name]));
    await close();
    if (errors.length) throw new Error(`${name}: ${errors.join('; ')}`);
    results.startup[name].push(res);
  }
}

log(`SIP parsing, ${RUNS} rounds`);
{
  const { page, errors, close } = await freshPage('/bench/sip.html');
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30000 });
  results.sip = await within(120000, 'SIP parsing', page.evaluate((runs) => window.bench.measure({ runs }), RUNS));
  results.sip.crossOriginIsolated = await page.evaluate(() => window.crossOriginIsolated);
  await close();
  if (errors.length) throw new Error(`SIP page: ${errors.join('; ')}`);
}

const dispatch = async (label, opts) => {
  results.dispatch[label] = { sdk: [], plain: [] };
  for (let r = 0; r < RUNS; r++) {
    for (const kind of r % 2 ? ['plain', 'sdk'] : ['sdk', 'plain']) {
      const { page, errors, close } = await freshPage('/bench/dispatch.html');
      await page.waitForFunction(() => window.bench !== undefined);
      const res = await within(180000, `${label} ${kind}`, page.evaluate(([k, o]) => window.bench.run(k, o), [kind, opts]));
      await close();
      if (errors.length) throw new Error(`${label} ${kind}: ${errors.join('; ')}`);
      if (res.seqErrors) throw new Error(`${label} ${kind}: ${res.seqErrors} events out of order`);
      results.dispatch[label][kind].push(res);
      log(`  ${label} ${kind} run ${r + 1}: ${Math.round(res.eventsPerSecond)} events/s, in-page p50 ` +
        `${res.inPageMs.p50.toFixed(3)} ms, end-to-end p50 ${res.endToEndMs.p50.toFixed(3)} ms`);
    }
  }
};

log(`event dispatch: ${EVENTS} pushes at once, ${RUNS} runs per client`);
await dispatch('burst', { n: EVENTS });
log(`event dispatch: ${PACED_EVENTS} pushes at ${PACED_RATE}/s, ${RUNS} runs per client`);
await dispatch('paced', { n: PACED_EVENTS, rate: PACED_RATE });

await browser.close();
writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
log(`wrote ${outFile}`);
