// End-to-end check of the demo desk in Chromium against a running gateway:
// sign in, go busy and idle, sign out, and run the seed's own examples in
// the page. Usage: node tests/e2e/desk.test.mjs http://127.0.0.1:PORT
import { artifacts, launch, steps } from './harness.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const browser = await launch();
const { step, failed } = steps();

try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.setDefaultTimeout(10_000);

  await step('the desk loads and signs in', async () => {
    await page.goto(base + '/');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#state[data-state="idle"]').waitFor();
  });
  await step('busy with a reason, then idle', async () => {
    await page.locator('#pause-reason').selectOption({ label: 'BREAK' });
    await page.getByRole('button', { name: 'Go busy' }).click();
    await page.locator('#state[data-state="busy"]').waitFor();
    if ((await page.locator('#fact-reason').textContent()) !== 'BREAK') throw new Error('reason not shown');
    await page.screenshot({ path: artifacts + 'desk-busy.png', fullPage: true });
    await page.getByRole('button', { name: 'Go idle' }).click();
    await page.locator('#state[data-state="idle"]').waitFor();
    await page.screenshot({ path: artifacts + 'desk-idle.png', fullPage: true });
  });
  await step('sign out returns to the form', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });
  await step('a wrong session key is shown, not thrown', async () => {
    await page.getByLabel('Session key').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'invalid sessionKey' }).waitFor();
    await page.screenshot({ path: artifacts + 'desk-refused.png', fullPage: true });
  });
  await step('the seed examples run verbatim in the page', async () => {
    const codes = await page.evaluate(async () => {
      // seed 001 §3, with the dev configuration's credentials.
      AgentSDK.setup({ baseURL: location.origin, debug: false, webrtc: true, webrtcStats: false,
        audio_debug: false, observability: false });
      const res = await AgentSDK.login({
        tenantId: 't1', agentNo: '0000', sessionKey: 'dev-key-0000',
        bindEndpoint: { endpointType: 1, endpoint: '13600000000' },
        initialStatus: 1,
      });
      const pause = await AgentSDK.pause({ pauseType: 1, pauseDescription: 'MEETING' });
      const unpause = await AgentSDK.unpause();
      const update = await AgentSDK.updateBoundEndpoint({ bindEndpoint: { endpointType: 1, endpoint: '13600000000' } });
      const logout = await AgentSDK.logout({ logoutMode: 1, unbindEndpoint: 0 });
      return [res.code, pause.code, unpause.code, update.code, logout.code];
    });
    if (codes.join() !== '0,0,0,0,0') throw new Error(`codes ${codes}`);
  });
  await step('the ES module entry works verbatim, with no script tag', async () => {
    const esm = await browser.newPage();
    // A page of the gateway's origin without any SDK script on it.
    await esm.goto(base + '/favicon.svg');
    const result = await esm.evaluate(async () => {
      const { AgentSDK } = await import('/pkg/index.js');
      AgentSDK.setup({ baseURL: location.origin });
      const { EventType } = AgentSDK;
      const states = [];
      AgentSDK.on(EventType.AGENT_STATUS, (e) => states.push(e.status.state));
      const res = await AgentSDK.login({
        tenantId: 't1', agentNo: '1020', sessionKey: 'dev-key-1020',
        bindEndpoint: { endpointType: 1, endpoint: '13600000000' }, initialStatus: 1,
      });
      await AgentSDK.pause({ pauseType: 1, pauseDescription: 'MEETING' });
      await AgentSDK.logout({ logoutMode: 1 });
      let rejected = null;
      try { await AgentSDK.pause({ pauseType: 'x' }); } catch (e) { rejected = [e instanceof Error, e.name, e.code]; }
      return { code: res.code, states, rejected };
    });
    await esm.close();
    if (result.code !== 0) throw new Error(`login code ${result.code}`);
    if (!result.states.includes('busy')) throw new Error(`states ${result.states}`);
    if (result.rejected?.join() !== 'true,AgentSdkError,INVALID_PARAMS') throw new Error(`rejection ${result.rejected}`);
  });
  await step('no uncaught page errors', async () => {
    const unexpected = consoleErrors;
    if (unexpected.length) throw new Error(unexpected.join('\n'));
  });
} finally {
  await browser.close();
}
process.exit(failed() ? 1 : 0);
