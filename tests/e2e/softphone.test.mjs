// End-to-end check of the desk's softphone in Chromium with its fake
// microphone, against a running gateway whose media peer plays the customer:
// sign in with the softphone, take an inbound call from the keyboard, see the
// call timer run, the microphone meter move and the quality chart draw,
// switch the microphone mid-call, hang up.
// Usage: node tests/e2e/softphone.test.mjs http://127.0.0.1:PORT
import { artifacts, launch, sleep, steps } from './harness.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const browser = await launch(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection']);
const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
const { step, failed } = steps({
  stopOnFailure: true,
  onFailure: () => page.screenshot({ path: artifacts + 'softphone-failure.png', fullPage: true }),
});

try {
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.setDefaultTimeout(10_000);

  await step('signs in with the softphone and lists the audio devices', async () => {
    await page.goto(base + '/');
    await page.getByLabel('Agent number').fill('1016');
    await page.getByLabel('Session key').fill('dev-key-1016');
    await page.getByLabel('Phone type').selectOption({ label: 'Softphone' });
    await page.getByLabel('Phone', { exact: true }).fill('8016');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#state[data-state="idle"]').waitFor();
    await page.getByRole('group', { name: 'Softphone audio' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#pick-microphone option').length > 0);
    await page.waitForFunction(() => document.querySelectorAll('#pick-speaker option').length > 0);
  });
  await step('an inbound call is announced and answered from the keyboard', async () => {
    // The softphone registers just after sign-in; a call before that would
    // go to the agent's desk phone instead.
    await page.waitForFunction(async () => {
      const res = await fetch('/v1/scenario/agents/t1/1016');
      return res.ok && (await res.json()).softphoneRegistered === true;
    }, null, { polling: 100 });
    await page.getByRole('button', { name: 'Simulate an inbound call' }).click();
    await page.locator('#call-card[data-state="ringing"]').waitFor();
    await page.locator('#incoming', { hasText: 'Incoming call from' }).waitFor({ state: 'attached' });
    const focused = await page.evaluate(() => document.activeElement?.id);
    if (focused !== 'answer') throw new Error(`focus is on ${focused}, not Answer`);
    await page.keyboard.press('Enter');
    await page.locator('#state[data-state="talking"]').waitFor();
  });
  await step('the timer runs, the microphone meter moves, the chart draws', async () => {
    // The timer has run once it shows a time past 00:00 (how far past
    // depends on how busy the machine is).
    await page.waitForFunction(() => /^\d\d:\d\d$/.test(document.getElementById('call-timer').textContent)
      && document.getElementById('call-timer').textContent !== '00:00');
    await page.locator('#quality', { hasText: 'MOS' }).waitFor();
    // Chromium's fake microphone beeps between silences: the meter moves when
    // it shows two different levels, one of them not silence. Bounded: at
    // most 20 readings, half a second apart.
    const levels = new Set();
    const moved = () => levels.size >= 2 && [...levels].some((w) => w !== '0%');
    for (let i = 0; i < 20 && !moved(); i += 1) {
      const width = await page.locator('#mic-level').evaluate((e) => e.style.width);
      if (width) levels.add(width);
      await sleep(500);
    }
    if (!moved()) throw new Error(`the microphone meter did not move: ${[...levels]}`);
    // At least five samples on the chart (the meter readings above may have
    // taken longer than five seconds), then count the MOS line's blue pixels
    // (the grid is grey).
    await page.waitForFunction(() => Number(document.getElementById('quality-chart').dataset.points) >= 5);
    const inked = await page.locator('#quality-chart').evaluate((canvas) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 128 && data[i + 2] > 150 && data[i] < 100) n += 1;
      return n;
    });
    if (inked < 50) throw new Error(`the quality chart draws no MOS line (${inked} pixels)`);
    const label = await page.locator('#quality-chart').getAttribute('aria-label');
    if (!/MOS \d\.\d/.test(label ?? '')) throw new Error(`chart label: ${label}`);
    await page.screenshot({ path: artifacts + 'desk-softphone-call.png', fullPage: true });
  });
  await step('the microphone is switched mid-call from the picker', async () => {
    const picker = page.locator('#pick-microphone');
    const second = await picker.locator('option').nth(1).getAttribute('value');
    await picker.selectOption(second);
    if ((await picker.inputValue()) !== second) throw new Error('the picker did not take the choice');
    await sleep(300);
    if (await page.getByRole('alert').isVisible()) throw new Error(await page.getByRole('alert').textContent());
    await page.locator('#state[data-state="talking"]').waitFor();
  });
  await step('hang up, wrap up, sign out', async () => {
    await page.getByRole('button', { name: 'Hang up' }).click();
    await page.locator('#state[data-state="wrapup"]').waitFor();
    if (await page.locator('#call-quality').isVisible()) throw new Error('call quality still shown');
    await page.getByRole('button', { name: 'Ready for calls' }).click();
    await page.locator('#state[data-state="idle"]').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });
  await step('no uncaught page errors', async () => {
    if (consoleErrors.length) throw new Error(consoleErrors.join('\n'));
  });
} catch {
  // The failing step has reported itself.
} finally {
  await browser.close();
}
process.exit(failed() ? 1 : 0);
