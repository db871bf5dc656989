// The supervisor console under load: 200 agent sessions on the gateway
// (plain WebSockets from Node) change state about 100 times a second while
// customers call in, are answered and hang up; the console (the demo desk
// in headless Chromium, signed in as supervisor 0000 watching both queues)
// shows it all. Measures, over the load window, the console's handling
// time per queueStatus push, how stale what it shows is, its frame
// intervals, and the round trip of a setPause clicked during the load.
//
// Usage (bench/supervisor-console.sh runs it):
//   node --experimental-websocket bench/supervisor-console.mjs config BASE [OUT.json]
//   node bench/supervisor-console.mjs config > file.json   writes the gateway configuration
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const AGENTS = 200;
const agentNos = Array.from({ length: AGENTS }, (_, i) => String(2001 + i));

if (process.argv[2] === 'config') {
  const agents = [{ agentNo: '0000', name: 'Supervisor', sessionKey: 'key-0000', roles: ['agent', 'supervisor'] }]
    .concat(agentNos.map((no) => ({ agentNo: no, name: `Agent ${no}`, sessionKey: `key-${no}`, roles: ['agent'] })));
  const config = {
    tenants: [{
      tenantId: 't1', name: 'Load', wrapupSeconds: 5,
      pauseReasons: [{ pauseType: 0, pauseDescription: 'busy' }, { pauseType: 1, pauseDescription: 'MEETING' }],
      agents,
      queues: [
        { queueNo: '1', name: 'Sales', agents: ['0000', ...agentNos.slice(0, AGENTS / 2)] },
        { queueNo: '2', name: 'Support', agents: ['0000', ...agentNos.slice(AGENTS / 2)] },
      ],
      calls: { transcript: true },
    }],
  };
  if (process.argv[3]) writeFileSync(process.argv[3], JSON.stringify(config));
  else console.log(JSON.stringify(config));
  process.exit(0);
}

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const out = process.argv[3];
const LOAD_MS = Number(process.env.LOAD_MS ?? 20_000);
const wsUrl = base.replace(/^http/, 'ws') + '/v1/agent/ws';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// One agent desk on a raw WebSocket: sends requests, ignores pushes.
function agentSession(agentNo) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    let id = 1;
    const session = {
      agentNo,
      send: (action, params = {}) => ws.readyState === 1 && ws.send(JSON.stringify({ id: ++id, action, params })),
      close: () => ws.close(),
      changes: 0,
    };
    ws.onopen = () => ws.send(JSON.stringify({ id: 1, action: 'login', params: {
      tenantId: 't1', agentNo, sessionKey: `key-${agentNo}`,
      bindEndpoint: { endpointType: 1, endpoint: '13600000000' }, initialStatus: 1 } }));
    ws.onmessage = (m) => {
      const frame = JSON.parse(m.data);
      if (frame.id === 1) (frame.code === 0 ? resolve(session) : reject(new Error(`${agentNo}: ${frame.message}`)));
    };
    ws.onerror = () => reject(new Error(`${agentNo}: socket error`));
  });
}

async function scenario(path, body) {
  const res = await fetch(`${base}/v1/scenario${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return res.ok ? res.json() : null;
}

const percentile = (values, p) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const summary = (values) => ({
  count: values.length,
  p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99),
  max: values.length ? Math.max(...values) : null,
});
const round = (o) => JSON.parse(JSON.stringify(o, (_, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v)));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const sessions = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20_000);
  await page.goto(base + '/');
  await page.getByLabel('Agent number').fill('0000');
  await page.getByLabel('Session key').fill('key-0000');
  await page.getByLabel('Start as').selectOption('2');
  await page.getByLabel('Start busy because').selectOption({ label: 'busy' });
  await page.getByLabel('Watch queues (supervisors)').fill('1,2');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#supervisor-panel').waitFor();

  for (let i = 0; i < AGENTS; i += 20) {
    sessions.push(...await Promise.all(agentNos.slice(i, i + 20).map(agentSession)));
  }
  await page.locator('#agent-rows tr').nth(AGENTS).waitFor();

  // The console's own view of the load: frame intervals, and how old the
  // newest state change in each push is when the push has been rendered.
  await page.evaluate(() => {
    window.bench = { frames: [], staleness: [] };
    window.consoleTimings.length = 0;
    let last = performance.now();
    const frame = (t) => { window.bench.frames.push(t - last); last = t; if (!window.bench.stop) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    AgentSDK.on(AgentSDK.EventType.QUEUE_STATUS, (e) => {
      let newest = 0;
      for (const q of Object.values(e.queueStatus)) for (const a of q.agentStatuses ?? []) newest = Math.max(newest, a.stateSince);
      window.bench.staleness.push(Date.now() - newest);
    });
  });

  // The load: each agent toggles busy/idle every 1 to 3 s; a customer calls
  // every 100 ms, is answered after 1 s and hangs up 3 s later.
  const started = Date.now();
  let changes = 0;
  let calls = 0;
  const timers = sessions.map((s) => (async () => {
    let busy = false;
    await sleep(Math.random() * 2000);
    while (Date.now() - started < LOAD_MS) {
      busy = !busy;
      s.send(busy ? 'pause' : 'unpause', busy ? { pauseType: 1, pauseDescription: 'MEETING' } : {});
      changes++;
      await sleep(1000 + Math.random() * 2000);
    }
  })());
  const caller = (async () => {
    while (Date.now() - started < LOAD_MS) {
      const queueNo = calls % 2 ? '1' : '2';
      const n = String(13900000000 + calls++);
      scenario('/inbound', { tenantId: 't1', queueNo, customerNumber: n }).then(async (call) => {
        if (!call) return;
        await sleep(1000);
        await scenario(`/calls/${call.mainUniqueId}/answer`, { party: 'agent' });
        await sleep(3000);
        await scenario(`/calls/${call.mainUniqueId}/hangup`, { party: 'customer' });
      });
      await sleep(100);
    }
  })();

  // Clicks during the load: force an agent busy or idle from its row and
  // time the response and the row showing the new state.
  const clicks = { response: [], shown: [] };
  await sleep(3000);
  for (let i = 0; i < 10; i++) {
    const agent = agentNos[(i * 37) % AGENTS];
    const result = await page.evaluate(async (agentNo) => {
      const row = document.querySelector(`#agent-rows tr[data-agent="${agentNo}"]`);
      const want = row.dataset.state === 'busy' ? 'idle' : 'busy';
      const button = row.querySelector(`button[data-action="${want}"]`);
      if (!button || button.hidden) return null;
      const t0 = performance.now();
      const shown = new Promise((resolve) => {
        const seen = new MutationObserver(() => {
          if (row.dataset.state === want) { seen.disconnect(); resolve(performance.now() - t0); }
        });
        seen.observe(row, { attributes: true, attributeFilter: ['data-state'] });
      });
      const res = await (want === 'busy' ? AgentSDK.setPause({ agentNo }) : AgentSDK.setUnpause({ agentNo }));
      const response = performance.now() - t0;
      if (res.code !== 0) return null;
      const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 3000));
      return { response, shown: await Promise.race([shown, timeout]) };
    }, agent);
    if (result) {
      clicks.response.push(result.response);
      if (result.shown !== null) clicks.shown.push(result.shown);
    }
    await sleep(1500);
  }
  await Promise.all([...timers, caller]);
  const measured = await page.evaluate(() => {
    window.bench.stop = true;
    return { handling: window.consoleTimings, frames: window.bench.frames, staleness: window.bench.staleness };
  });
  const seconds = (Date.now() - started) / 1000;
  const report = round({
    agents: AGENTS,
    loadSeconds: seconds,
    stateChangesSent: changes,
    stateChangesPerSecond: changes / seconds,
    customerCalls: calls,
    queueStatusPushes: measured.handling.length,
    pushesPerSecond: measured.handling.length / seconds,
    handlingMs: summary(measured.handling),
    stalenessMs: summary(measured.staleness),
    frameIntervalMs: summary(measured.frames.slice(1)),
    framesOver50Ms: measured.frames.slice(1).filter((f) => f > 50).length,
    setPauseResponseMs: summary(clicks.response),
    setPauseShownMs: summary(clicks.shown),
  });
  console.log(JSON.stringify(report, null, 2));
  if (out) writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  await page.screenshot({ path: new URL('./build/supervisor-console.png', import.meta.url).pathname, fullPage: false })
    .catch(() => {});
} finally {
  for (const s of sessions) s.close();
  await browser.close();
}
