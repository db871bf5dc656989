// Drives the browser figures in headless Chromium against bench/server.mjs
// (start-up, SIP parsing, event dispatch) and against the gateway
// (softphone answer, memory). Writes one JSON file.
// Usage: BENCH_GATEWAY=http://127.0.0.1:PORT node bench/browser.mjs http://127.0.0.1:PORT OUT.json
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
const GATEWAY = process.env.BENCH_GATEWAY;
// Calls per softphone page: the first is the page's cold one.
const ANSWER_CALLS = Number(process.env.BENCH_ANSWER_CALLS ?? 6);
const MEMORY_CALLS = Number(process.env.BENCH_MEMORY_CALLS ?? 10000);
const MEMORY_EVENTS = Number(process.env.BENCH_MEMORY_EVENTS ?? 1000000);
if (!GATEWAY) throw new Error('BENCH_GATEWAY (the gateway under test, http://host:port) is not set');

// The launch arguments of the project's browser tests (tests/e2e/).
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // The softphone figure: Chromium's fake microphone, granted without a
    // prompt, and ICE candidates on loopback (the only network here).
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'],
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

const results = {
  browser: { version: browser.version() }, startup: {}, sip: null, dispatch: {}, answer: { sdk: [], jssip: [] },
  memory: null,
};

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

log(`softphone answer: ${RUNS} pages per client, ${ANSWER_CALLS} calls each`);
for (let r = 0; r < RUNS; r++) {
  for (const kind of r % 2 ? ['jssip', 'sdk'] : ['sdk', 'jssip']) {
    const { page, errors, close } = await freshPage(`/bench/softphone.html?gw=${encodeURIComponent(GATEWAY)}`);
    await page.waitForFunction(() => window.bench !== undefined);
    const res = await within(180000, `answer ${kind}`,
      page.evaluate(([k, calls]) => window.bench.run(k, { calls }), [kind, ANSWER_CALLS]));
    await close();
    if (errors.length) throw new Error(`answer ${kind}: ${errors.join('; ')}`);
    results.answer[kind].push(res);
    const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    log(`  answer ${kind} run ${r + 1}: INVITE → 200 OK ${med(res.warm.map((c) => c.inviteToOkMs)).toFixed(1)} ms, ` +
      `→ first audio ${med(res.warm.map((c) => c.inviteToAudioMs)).toFixed(1)} ms (cold ${res.cold.inviteToOkMs.toFixed(1)} / ` +
      `${res.cold.inviteToAudioMs.toFixed(1)})`);
  }
}

log(`memory: ${MEMORY_CALLS} calls and ${MEMORY_EVENTS} events through one session`);
{
  const started = Date.now();
  const { page, errors, close } = await freshPage(`/bench/memory.html?gw=${encodeURIComponent(GATEWAY)}`);
  await page.waitForFunction(() => window.bench?.ready === true);
  const cdp = await page.context().newCDPSession(page);
  // Three readings, each after a full collection: the noise of the reading.
  const sample = async (label) => {
    const readings = [];
    for (let i = 0; i < 3; i++) {
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      readings.push({ jsHeapUsed: heap.usedSize, jsHeapTotal: heap.totalSize,
        wasmBytes: await page.evaluate(() => window.bench.wasmBytes()) });
    }
    const counts = await page.evaluate(() => window.bench.counts());
    return { label, ...counts, atMs: Date.now() - started, readings };
  };
  const step = (what, n) => within(900000, `memory ${what}`, page.evaluate(([w, k]) => window.bench[w](k), [what, n]));
  await within(30000, 'memory login', page.evaluate(() => window.bench.start()));
  const samples = [await sample('logged in')];
  const first = Math.min(100, MEMORY_CALLS, MEMORY_EVENTS);
  await step('calls', first);
  await step('events', first);
  samples.push(await sample('first 100'));
  // The rest in ten slices, calls and events alternating, a sample after each.
  const slices = 10;
  let calls = first;
  let events = first;
  for (let i = 1; i <= slices; i++) {
    const callsTo = Math.round(first + ((MEMORY_CALLS - first) * i) / slices);
    const eventsTo = Math.round(first + ((MEMORY_EVENTS - first) * i) / slices);
    if (callsTo > calls) await step('calls', callsTo - calls);
    if (eventsTo > events) await step('events', eventsTo - events);
    calls = callsTo;
    events = eventsTo;
    const s = await sample(`${calls} calls, ${events} events`);
    samples.push(s);
    log(`  memory: ${s.calls} calls, ${s.events} events: wasm ${s.readings[0].wasmBytes} B, ` +
      `JS heap ${s.readings[0].jsHeapUsed} B (${Math.round(s.atMs / 1000)} s)`);
  }
  const counts = await page.evaluate(() => window.bench.counts());
  if (counts.gaps) throw new Error(`memory: ${counts.gaps} pushes out of order`);
  await page.evaluate(() => window.bench.stop());
  await close();
  if (errors.length) throw new Error(`memory: ${errors.join('; ')}`);
  results.memory = { calls: MEMORY_CALLS, events: MEMORY_EVENTS, seconds: (Date.now() - started) / 1000, samples };
}

await browser.close();
writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
log(`wrote ${outFile}`);
