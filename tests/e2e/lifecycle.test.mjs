// Page lifecycle and secrets, in Chromium against a gateway process of its
// own with short timings (1 s heartbeat, 3 s idle timeout), so the faults
// below outlast every liveness bound:
// - the page's script is frozen for 8 s while the gateway pushes a
//   numbered stream: the connection must survive (the browser answers the
//   gateway's WebSocket pings without page script) and every push arrive
//   once, in order;
// - frozen again while the gateway breaks the connection: on waking the
//   SDK must resume by itself and lose nothing;
// - with `debug: true` throughout, no console line may carry the session
//   key, the session token or the SIP password, read off the wire.
//
// Chromium's headless mode accepts `Page.setWebLifecycleState` but does not
// freeze a visible page, so the freeze is done with the DevTools
// debugger (`Debugger.pause`): page script, its timers and its event
// delivery stop, as in a lifecycle freeze, while the network stack runs on.
//
// Usage: node tests/e2e/lifecycle.test.mjs PATH-TO-agent-gateway
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, scenarioAt, sleep, softphoneRegistered, steps } from './harness.mjs';

const binary = process.argv[2] ?? 'target/debug/agent-gateway';
const port = 18091;
const base = `http://127.0.0.1:${port}`;
const agent = '1017';
const sessionKey = `dev-key-${agent}`;

const config = JSON.parse(readFileSync(new URL('../../gateway/config/dev.json', import.meta.url)));
config.timing = { ...config.timing, heartbeatIntervalMs: 1000, idleTimeoutMs: 3000 };
const dir = mkdtempSync(join(tmpdir(), 'lifecycle-'));
writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
const gateway = spawn(binary, ['--host', '127.0.0.1', '--port', String(port), '--config', join(dir, 'config.json'),
  '--www', 'www', '--pkg', 'pkg'], { stdio: ['ignore', 'pipe', process.env.GATEWAY_LOG ? 'inherit' : 'ignore'] });
await new Promise((resolve, reject) => {
  gateway.stdout.on('data', (d) => {
    if (process.env.GATEWAY_LOG) process.stderr.write(d);
    if (String(d).includes('listening')) resolve();
  });
  gateway.on('exit', (code) => reject(new Error(`the gateway exited with ${code}`)));
});

const scenario = scenarioAt(base);

const browser = await launch();
const { step, failed } = steps({ stopOnFailure: true });
const consoleLines = [];
const secrets = new Set([sessionKey]);

try {
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => {
    const text = String(payload);
    for (const field of ['token', 'sipPwd']) {
      const value = text.match(new RegExp(`"${field}":"([^"]+)"`))?.[1];
      if (value) secrets.add(value);
    }
  }));
  // Any page of the gateway's origin will do; the SDK is imported into it.
  // (A page made up by Playwright's routing would count as public, and
  // Chromium's Local Network Access checks would block its sockets.)
  await page.goto(`${base}/pkg/package.json`);
  const cdp = await page.context().newCDPSession(page);
  // Freezes page script for `ms`, running `meanwhile` (from Node) during it.
  const freeze = async (ms, meanwhile = async () => {}) => {
    await cdp.send('Debugger.enable');
    const paused = new Promise((resolve) => cdp.once('Debugger.paused', resolve));
    await cdp.send('Debugger.pause');
    // Pausing takes effect at the next script task; the SDK's timers run
    // every second, so one comes soon.
    await paused;
    await meanwhile();
    await sleep(ms);
    await cdp.send('Debugger.resume');
    await cdp.send('Debugger.disable');
  };
  const recorded = (name) => page.evaluate((n) => window.events.filter((e) => e.name === n).map((e) => e.payload), name);
  const streamIndices = (stream) => page.evaluate((s) => window.events
    .filter((e) => e.name === 'orderCallBack' && e.payload.stream === s).map((e) => e.payload.index), stream);
  const waitStream = (stream, count) => page.waitForFunction(([s, c]) => window.events
    .filter((e) => e.name === 'orderCallBack' && e.payload.stream === s).length >= c, [stream, count]);

  await step('the SDK loads, sets up with debug logging and logs a softphone agent in', async () => {
    const code = await page.evaluate(async ([agentNo, key]) => {
      const { AgentSDK } = await import('/pkg/index.js');
      window.events = [];
      for (const name of Object.values(AgentSDK.EventType)) {
        AgentSDK.on(name, (payload) => window.events.push({ name, payload }));
      }
      AgentSDK.setup({ baseURL: location.origin, debug: true });
      window.AgentSDK = AgentSDK;
      const res = await AgentSDK.login({ tenantId: 't1', agentNo, sessionKey: key,
        bindEndpoint: { endpointType: 3, endpoint: `8${agentNo.slice(1)}` }, initialStatus: 1 });
      return res.code;
    }, [agent, sessionKey]);
    if (code !== 0) throw new Error(`login answered ${code}`);
    await softphoneRegistered(scenario, agent);
    if (!secrets.has(sessionKey) || secrets.size < 3) throw new Error('the token and sipPwd were not seen on the wire');
  });

  await step('frozen for 8 s while the gateway streams: the connection lives, nothing is lost', async () => {
    const { stream } = await scenario(`/agents/t1/${agent}/stream`, { count: 200, intervalMs: 20 });
    await freeze(8_000);
    await waitStream(stream, 200);
    const indices = await streamIndices(stream);
    if (indices.join() !== [...Array(200).keys()].join()) throw new Error(`stream out of order: ${indices}`);
    const attempts = await recorded('reconnectAttempt');
    if (attempts.length) throw new Error(`the connection was given up: ${JSON.stringify(attempts)}`);
  });

  await step('frozen while the connection breaks: the SDK resumes on waking, nothing is lost', async () => {
    let stream;
    await freeze(4_000, async () => {
      ({ stream } = await scenario(`/agents/t1/${agent}/stream`, { count: 100, intervalMs: 10 }));
      await sleep(300);
      await scenario(`/agents/t1/${agent}/drop`, { when: 'now' });
    });
    await page.waitForFunction(() => window.events.some((e) => e.name === 'reconnectAttempt' && e.payload.code === 0));
    await waitStream(stream, 100);
    const indices = await streamIndices(stream);
    if (indices.join() !== [...Array(100).keys()].join()) throw new Error(`stream out of order: ${indices}`);
    const seqs = (await page.evaluate(() => window.events.map((e) => e.payload?.seq))).filter((s) => s !== undefined);
    if (seqs.some((s, i) => i > 0 && s !== seqs[i - 1] + 1)) throw new Error(`seq gap or repeat: ${seqs}`);
    if ((await recorded('sessionTerminate')).length) throw new Error('the session ended');
  });

  await step('the session works afterwards and logs out', async () => {
    const code = await page.evaluate(async () =>
      (await window.AgentSDK.pause({ pauseType: 1, pauseDescription: 'MEETING' })).code);
    if (code !== 0) throw new Error(`pause answered ${code}`);
    const out = await page.evaluate(async () => (await window.AgentSDK.logout({ logoutMode: 1 })).code);
    if (out !== 0) throw new Error(`logout answered ${out}`);
  });

  await step('debug logging ran, and no console line carries a secret', async () => {
    if (consoleLines.filter((l) => l.startsWith('[AgentSDK]')).length < 10) {
      throw new Error(`debug logging did not run: ${consoleLines.slice(0, 5)}`);
    }
    const leaks = consoleLines.filter((line) => [...secrets].some((s) => line.includes(s)));
    if (leaks.length) throw new Error(`${leaks.length} console lines carry a secret, e.g. ${leaks[0].slice(0, 80)}`);
  });
} catch {
  // The failing step has reported itself; the console tells the rest.
  console.log(consoleLines.slice(-15).join('\n'));
} finally {
  await browser.close();
  gateway.kill();
}
process.exit(failed() ? 1 : 0);
