// The browser's autoplay policy, enforced (Chromium's
// `--autoplay-policy=document-user-activation-required`): a softphone call
// that rings before the page has had any user gesture cannot sound its
// ringtone. The SDK must say so (`sdkError`, MEDIA_NOT_SUPPORTED) instead
// of ringing in silence, keep the call ringing, and start the ringtone by
// itself at the page's first click.
//
// The page's part runs from an init script and the checks read its
// console: Playwright's `page.evaluate` counts as a user gesture in
// Chromium, and would lift the policy before the test begins.
//
// Usage: node tests/e2e/autoplay.test.mjs http://127.0.0.1:PORT
import { launch, scenarioAt, sleep, softphoneRegistered, steps } from './harness.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const agent = '1018';
const scenario = scenarioAt(base);

const browser = await launch(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection', '--autoplay-policy=document-user-activation-required']);
const { step, failed } = steps({ stopOnFailure: true });
const lines = [];
// The page's reports, `[test] NAME JSON`, parsed.
const reports = (name) => lines.filter((l) => l.startsWith(`[test] ${name} `))
  .map((l) => JSON.parse(l.slice(`[test] ${name} `.length)));
// Waits (at most `ms`) until `found()` returns something.
const until = async (what, found, ms = 15_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) {
    const value = found();
    if (value) return value;
  }
  throw new Error(`${what}: not within ${ms} ms; the page said:\n${lines.join('\n')}`);
};
let callId;
const page = await browser.newPage();

try {
  page.on('console', (m) => lines.push(m.text()));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  await page.addInitScript((agentNo) => {
    addEventListener('DOMContentLoaded', async () => {
      const report = (name, payload) => console.log(`[test] ${name} ${JSON.stringify(payload)}`);
      try {
        const { AgentSDK } = await import('/pkg/index.js');
        // For signing out at the end (by then a gesture no longer matters).
        window.AgentSDK = AgentSDK;
        for (const name of ['sdkError', 'sipSessionInit', 'sipSessionTerminate', 'agentStatus']) {
          AgentSDK.on(name, (payload) => report(name, payload));
        }
        AgentSDK.setup({ baseURL: location.origin, audio_debug: true });
        const res = await AgentSDK.login({ tenantId: 't1', agentNo, sessionKey: `dev-key-${agentNo}`,
          bindEndpoint: { endpointType: 3, endpoint: `8${agentNo.slice(1)}` }, initialStatus: 1 });
        report('loginResp', { code: res.code });
      } catch (e) {
        report('thrown', { message: String(e?.message ?? e) });
      }
    });
  }, agent);
  // Any page of the gateway's origin will do (see lifecycle.test.mjs).
  await page.goto(`${base}/pkg/package.json`);

  await step('a call rings before any user gesture: the SDK says the ringtone cannot play', async () => {
    const [login] = await until('loginResp', () => reports('loginResp').length && reports('loginResp'));
    if (login.code !== 0) throw new Error(`login answered ${login.code}`);
    await softphoneRegistered(scenario, agent);
    ({ mainUniqueId: callId } = await scenario('/inbound', { tenantId: 't1', agentNo: agent,
      customerNumber: '13912340078' }));
    await until('sipSessionInit', () => reports('sipSessionInit').length);
    const error = await until('an sdkError about the ringtone',
      () => reports('sdkError').find((e) => e.code === 'MEDIA_NOT_SUPPORTED' && /ringtone/.test(e.message)));
    if (!/next click or key press/.test(error.message)) throw new Error(`the error does not say what helps: ${error.message}`);
    if (!lines.includes('[AgentSDK audio] ringtone on, audio context suspended')) {
      throw new Error('the ringtone was not refused: is the autoplay policy in force?');
    }
  });

  await step('the first click starts the ringtone, and the call still rings', async () => {
    await page.mouse.click(5, 5);
    await until('the ringtone after the click', () => lines.includes('[AgentSDK audio] ringtone started by a user gesture'));
    const states = reports('agentStatus').map((e) => e.status?.state);
    if (states[states.length - 1] !== 'ringing') throw new Error(`the agent is ${states[states.length - 1]}, not ringing`);
    if (reports('sipSessionTerminate').length) throw new Error('the call ended');
  });

  await step('the caller hangs up: the call ends and the ringtone stops', async () => {
    await scenario(`/calls/${callId}/hangup`, { party: 'customer' });
    callId = undefined;
    await until('sipSessionTerminate', () => reports('sipSessionTerminate').length);
    await until('the ringtone off', () => lines.includes('[AgentSDK audio] ringtone off'));
  });

  await step('sign out', async () => {
    const res = await page.evaluate(() => window.AgentSDK.logout({ logoutMode: 1 }));
    if (res.code !== 0) throw new Error(`logout answered ${res.code}`);
  });

  await step('no uncaught page errors, nothing thrown', async () => {
    const bad = lines.filter((l) => l.startsWith('[pageerror]') || l.startsWith('[test] thrown'));
    if (bad.length) throw new Error(bad.join('\n'));
  });
} catch {
  // The failing step has reported itself.
} finally {
  if (callId) await scenario(`/calls/${callId}/hangup`, { party: 'customer' }).catch(() => {});
  // Signed in, the agent would stay in its queue and take the next
  // script's calls.
  if (failed()) await page.evaluate(() => window.AgentSDK?.logout({ logoutMode: 1 })).catch(() => {});
  await browser.close();
}
process.exit(failed() ? 1 : 0);
