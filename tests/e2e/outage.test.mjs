// A network outage in the middle of a softphone call: the private network
// namespace's only interface (loopback) goes down for 3 s and comes back.
// The call must still be up afterwards, with audio flowing both ways again
// as the gateway's media peer measures it, and the agent session must go
// on without a new login; `webrtcStats` tells the desk that packets
// stopped and flowed again. Playwright drives Chromium over a pipe, not a
// socket, so the outage does not cut the test off from the browser.
//
// Usage (inside the namespace, as root there): node tests/e2e/outage.test.mjs http://127.0.0.1:PORT
import { execFileSync } from 'node:child_process';
import { launch, scenarioAt, sleep, softphoneRegistered, steps } from './harness.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const agent = '1012';
const scenario = scenarioAt(base);
const agentMedia = async (id) => {
  const call = await scenario(`/calls/${id}`);
  const leg = call.legs.find((l) => l.role === 'agent');
  return { state: call.state, heard: leg?.media?.voicedFramesReceived ?? 0, sent: leg?.media?.packetsSent ?? 0 };
};
// Waits (at most `ms`) until the gateway has heard 25 more voiced frames
// from the agent and sent 25 more packets than in `after`.
const audioFlowsPast = async (id, after, ms = 15_000) => {
  for (const until = Date.now() + ms; Date.now() < until; await sleep(100)) {
    const now = await agentMedia(id);
    if (now.heard >= after.heard + 25 && now.sent >= after.sent + 25) return now;
  }
  throw new Error(`no audio flow after ${JSON.stringify(after)}: ${JSON.stringify(await agentMedia(id))}`);
};

const browser = await launch(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection']);
const { step, failed } = steps({ stopOnFailure: true });
let callId;
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  const audioLines = [];
  page.on('console', (m) => { if (m.text().startsWith('[AgentSDK audio]')) audioLines.push(m.text()); });
  await page.goto(`${base}/pkg/package.json`);

  await step('a softphone agent answers an inbound call with audio both ways', async () => {
    await page.evaluate(async (agentNo) => {
      const { AgentSDK } = await import('/pkg/index.js');
      window.events = [];
      for (const name of Object.values(AgentSDK.EventType)) {
        AgentSDK.on(name, (payload) => window.events.push({ name, payload, at: Date.now() }));
      }
      AgentSDK.setup({ baseURL: location.origin, webrtcStats: true, audio_debug: true });
      window.AgentSDK = AgentSDK;
      const res = await AgentSDK.login({ tenantId: 't1', agentNo, sessionKey: `dev-key-${agentNo}`,
        bindEndpoint: { endpointType: 3, endpoint: `8${agentNo.slice(1)}` }, initialStatus: 1 });
      if (res.code !== 0) throw new Error(`login answered ${res.code}`);
    }, agent);
    await softphoneRegistered(scenario, agent);
    ({ mainUniqueId: callId } = await scenario('/inbound', { tenantId: 't1', agentNo: agent,
      customerNumber: '13912340077' }));
    await page.waitForFunction(() => window.events.some((e) => e.name === 'sipSessionInit'));
    await page.evaluate(() => window.AgentSDK.sipLink());
    await audioFlowsPast(callId, { heard: 0, sent: 0 });
  });

  await step('loopback down for 3 s: the call stays up and audio flows again both ways', async () => {
    execFileSync('ip', ['link', 'set', 'lo', 'down']);
    await sleep(3_000);
    execFileSync('ip', ['link', 'set', 'lo', 'up']);
    const afterOutage = await agentMedia(callId);
    if (afterOutage.state !== 'talking') throw new Error(`the call is ${afterOutage.state}`);
    await audioFlowsPast(callId, afterOutage);
    const ended = await page.evaluate(() => window.events.filter((e) => e.name === 'sipSessionTerminate').length);
    if (ended) throw new Error('the softphone call ended');
  });

  await step('the agent session went on without a new login, and logs out', async () => {
    const terminated = await page.evaluate(() => window.events.filter((e) => e.name === 'sessionTerminate').length);
    if (terminated) throw new Error('the session ended');
    await scenario(`/calls/${callId}/hangup`, { party: 'customer' });
    await page.waitForFunction(() => window.events.some((e) => e.name === 'sipSessionTerminate'));
    const told = await page.evaluate(() => window.events.filter((e) => e.name === 'webrtcStats')
      .map((e) => `${e.payload.iceState}/${e.payload.packetsState}`));
    console.log(`     webrtcStats iceState/packetsState during the call: ${told.join(' ')}`);
    const warnings = await page.evaluate(() => window.events.filter((e) => e.name === 'qualityWarning')
      .map((e) => `${e.payload.warning}:${e.payload.active}`));
    console.log(`     qualityWarning: ${warnings.join(' ') || 'none'}`);
    // The desk was told: packets stopped arriving, then flowed again.
    const stalled = told.findIndex((t) => !t.endsWith('/normal'));
    if (stalled < 0 || !told.slice(stalled).some((t) => t.endsWith('/normal'))) {
      throw new Error('webrtcStats did not report the outage and the recovery');
    }
    const code = await page.evaluate(async () => {
      await new Promise((r) => setTimeout(r, 200));
      return (await window.AgentSDK.logout({ logoutMode: 1 })).code;
    });
    if (code !== 0) throw new Error(`logout answered ${code}`);
  });

  await step('audio_debug told the audio\'s story on the console', async () => {
    for (const expected of ['microphone open', 'call audio playing', 'call media ended']) {
      if (!audioLines.some((l) => l.includes(expected))) throw new Error(`no '${expected}' in ${audioLines}`);
    }
  });
} catch {
  // The failing step has reported itself.
  if (callId) await scenario(`/calls/${callId}/hangup`, { party: 'customer' }).catch(() => {});
} finally {
  execFileSync('ip', ['link', 'set', 'lo', 'up']);
  await browser.close();
}
process.exit(failed() ? 1 : 0);
