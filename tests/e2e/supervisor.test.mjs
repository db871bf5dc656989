// End-to-end check of the supervisor console in Chromium against a running
// gateway, by clicking: supervisor 0000 signs in watching queue 2, agent
// 1016 signs in on a second desk and takes a customer's call; the console
// shows it, spies, whispers, barges, disconnects, then forces the agent
// busy, idle, offline and online. Screenshots go to tests/e2e/artifacts/.
// Usage: node tests/e2e/supervisor.test.mjs http://127.0.0.1:PORT
import { artifacts, launch, steps } from './harness.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const browser = await launch();
const shot = (page, name) => page.screenshot({ path: artifacts + `supervisor-${name}.png`, fullPage: true });
let console_;
const { step, failed } = steps({ stopOnFailure: true, onFailure: () => shot(console_, 'failure') });

async function scenario(path, body) {
  const res = await fetch(`${base}/v1/scenario${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`scenario ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function signIn(page, { agentNo, endpointType = '1', endpoint = '13600000000', busy = false, qids = '' }) {
  await page.goto(base + '/');
  await page.getByLabel('Agent number').fill(agentNo);
  await page.getByLabel('Session key').fill(`dev-key-${agentNo}`);
  await page.getByLabel('Phone type').selectOption(endpointType);
  await page.getByLabel('Phone', { exact: true }).fill(endpoint);
  if (busy) {
    await page.getByLabel('Start as').selectOption('2');
    await page.getByLabel('Start busy because').selectOption({ label: 'busy' });
  }
  await page.getByLabel('Watch queues (supervisors)').fill(qids);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#who-name').filter({ hasText: agentNo }).waitFor();
}

try {
  const errors = [];
  console_ = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  console_.setDefaultTimeout(10_000);
  console_.on('pageerror', (e) => errors.push(e.message));
  const desk = await (await browser.newContext()).newPage({ viewport: { width: 1000, height: 800 } });
  desk.setDefaultTimeout(10_000);
  const row = (agent) => console_.locator(`#agent-rows tr[data-agent="${agent}"]`);
  const monitorText = console_.locator('#monitor-text');
  let callId;

  await step('a supervisor signs in watching queue 2 and sees the console', async () => {
    await signIn(console_, { agentNo: '0000', endpointType: '2', endpoint: '8003', busy: true, qids: '2' });
    await console_.getByRole('heading', { name: 'Supervisor console' }).waitFor();
    await console_.locator('#queue-rows tr[data-queue="2"] th').filter({ hasText: 'Support (2)' }).waitFor();
    await row('0000').locator('.state[data-state="busy"]').waitFor();
  });
  await step('an agent signs in and takes a customer call; the console follows', async () => {
    await signIn(desk, { agentNo: '1016' });
    await row('1016').locator('.state[data-state="idle"]').waitFor();
    callId = (await scenario('/inbound', { tenantId: 't1', queueNo: '2', customerNumber: '13912340116' })).mainUniqueId;
    await row('1016').locator('.state[data-state="ringing"]').waitFor();
    await console_.getByRole('button', { name: 'Pick up 1016' }).waitFor();
    await desk.getByRole('button', { name: 'Answer' }).click();
    await row('1016').locator('.state[data-state="talking"]').waitFor();
    await shot(console_, 'talking');
  });
  await step('spy: the console says so and the live transcript runs', async () => {
    await console_.getByRole('button', { name: 'Spy 1016' }).click();
    await monitorText.filter({ hasText: 'Spying on agent 1016' }).waitFor();
    await console_.locator('#transcript li:not(.partial)').first().waitFor({ timeout: 15_000 });
    const caption = await console_.locator('#transcript-call').textContent();
    if (!caption.includes(callId)) throw new Error(`transcript of ${caption}, not ${callId}`);
    await shot(console_, 'spy');
  });
  await step('whisper, then barge, from the same row', async () => {
    await console_.getByRole('button', { name: 'Whisper 1016' }).click();
    await monitorText.filter({ hasText: 'Whispering to agent 1016' }).waitFor();
    await shot(console_, 'whisper');
    await console_.getByRole('button', { name: 'Barge 1016' }).click();
    await monitorText.filter({ hasText: 'Barged into the call of agent 1016' }).waitFor();
    await shot(console_, 'barge');
  });
  await step('three-way, left with the Stop button (keyboard)', async () => {
    await console_.getByRole('button', { name: 'Three-way 1016' }).click();
    await monitorText.filter({ hasText: 'In a three-way with agent 1016' }).waitFor();
    await console_.locator('#monitor-stop').focus();
    await console_.keyboard.press('Enter');
    await monitorText.filter({ hasText: 'Not monitoring' }).waitFor();
  });
  await step('spy again, then disconnect the call', async () => {
    await console_.getByRole('button', { name: 'Spy 1016' }).click();
    await monitorText.filter({ hasText: 'Spying on agent 1016' }).waitFor();
    await console_.getByRole('button', { name: 'Disconnect 1016' }).click();
    await monitorText.filter({ hasText: 'Not monitoring' }).waitFor();
    await row('1016').locator('.state[data-state="wrapup"]').waitFor();
    const view = await (await fetch(`${base}/v1/scenario/calls/${callId}`)).json();
    if (view.endReason !== 'supervisorDisconnect') throw new Error(`ended by ${view.endReason}`);
    await shot(console_, 'disconnected');
  });
  await step('force idle, busy, offline and online', async () => {
    await console_.getByRole('button', { name: 'Idle 1016' }).click();
    await row('1016').locator('.state[data-state="idle"]').waitFor();
    await desk.locator('#state[data-state="idle"]').waitFor();
    await console_.getByRole('button', { name: 'Busy 1016' }).click();
    await row('1016').locator('.state[data-state="busy"]').waitFor();
    await desk.locator('#state[data-state="busy"]').waitFor();
    await console_.getByRole('button', { name: 'Offline 1016' }).click();
    await row('1016').locator('.state[data-state="offline"]').waitFor();
    await desk.getByRole('alert').filter({ hasText: 'forced offline' }).waitFor();
    await console_.getByRole('button', { name: 'Online 1016' }).click();
    await row('1016').locator('.state[data-state="idle"]').waitFor();
    await shot(console_, 'forced');
  });
  await step('the queue table shows waiting customers and the load', async () => {
    await console_.getByRole('button', { name: 'Offline 1016' }).click();
    await row('1016').locator('.state[data-state="offline"]').waitFor();
    const waiting = await scenario('/inbound', { tenantId: 't1', queueNo: '2', customerNumber: '13912340117' });
    await console_.locator('#queue-rows tr[data-queue="2"] td.alarm').filter({ hasText: '1' }).waitFor();
    await shot(console_, 'waiting');
    await scenario(`/calls/${waiting.mainUniqueId}/hangup`, { party: 'customer' });
    await console_.locator('#queue-rows tr[data-queue="2"] td.alarm').waitFor({ state: 'detached' });
  });
  await step('sign out hides the console; no page errors', async () => {
    await console_.getByRole('button', { name: 'Sign out' }).click();
    await console_.getByRole('button', { name: 'Sign in' }).waitFor();
    if (await console_.locator('#supervisor-panel').isVisible()) throw new Error('console still shown');
    if (errors.length) throw new Error(errors.join('\n'));
  });
} finally {
  await browser.close();
}
process.exit(failed() ? 1 : 0);
