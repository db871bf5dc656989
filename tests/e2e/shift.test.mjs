// A full shift at the demo desk, by clicking only: sign in, take an inbound
// call, hold it, use the keypad, consult a colleague's number and transfer,
// wrap up, place a preview outbound call, end it, go busy, sign out.
// Screenshots of each step go to tests/e2e/artifacts/.
// Usage: node tests/e2e/shift.test.mjs http://127.0.0.1:PORT
import { artifacts, launch, steps } from './harness.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(e.message));
page.setDefaultTimeout(10_000);

const button = (name) => page.getByRole('button', { name, exact: true });
const state = (s) => page.locator(`#state[data-state="${s}"]`).waitFor();
const card = (s) => page.locator(`#call-card[data-state="${s}"]`).waitFor();
let shot = 0;
const snap = (name) => page.screenshot({ path: `${artifacts}shift-${String(++shot).padStart(2, '0')}-${name}.png`, fullPage: true });
// Each step builds on the one before: stop at the first failure.
const { step, failed } = steps({ stopOnFailure: true, onFailure: () => snap('failure') });

try {
  await step('sign in', async () => {
    await page.goto(base + '/');
    await page.getByLabel('Agent number').fill('1012');
    await page.getByLabel('Session key').fill('dev-key-1012');
    await button('Sign in').click();
    await state('idle');
    await snap('signed-in');
  });
  await step('an inbound call rings and is answered', async () => {
    await button('Simulate an inbound call').click();
    await card('ringing');
    await snap('ringing');
    await button('Answer').click();
    await card('talking');
  });
  await step('hold, resume and the keypad', async () => {
    await button('Hold').click();
    await button('Resume').waitFor();
    await button('Resume').click();
    await button('Hold').waitFor();
    await button('Keypad').click();
    await page.locator('#keypad button', { hasText: '7' }).click();
    await snap('talking');
  });
  await step('consult a number, then complete the transfer', async () => {
    await button('Consult…').click();
    await page.locator('#consult-dialog select[name="targetType"]').selectOption('0');
    await page.locator('#consult-dialog input[name="target"]').fill('13800138000');
    await button('Start consult').click();
    await page.locator('#consult-text', { hasText: 'ringing' }).waitFor();
    await button('Target answers').click();
    await button('Complete transfer').waitFor();
    await snap('consulting');
    await button('Complete transfer').click();
    await state('wrapup');
  });
  await step('wrap-up counts down, is extended, and ends', async () => {
    await page.locator('#wrapup-card:not([hidden])').waitFor();
    const before = await page.locator('#wrapup-left').textContent();
    await button('Add 60 s').click();
    await page.waitForFunction((b) => document.getElementById('wrapup-left').textContent > b, before);
    await snap('wrapup');
    await button('Ready for calls').click();
    await state('idle');
  });
  await step('a preview outbound call, answered by the customer, then hung up', async () => {
    await page.getByLabel('Customer number').fill('13800138001');
    await button('Call').click();
    await card('calling');
    await button('Answer').click();
    await button('Customer answers').click();
    await card('talking');
    await snap('outbound');
    await button('Hang up').click();
    await state('wrapup');
    await button('Ready for calls').click();
    await state('idle');
  });
  await step('go busy, then sign out', async () => {
    await page.locator('#pause-reason').selectOption({ label: 'TRAINING' });
    await button('Go busy').click();
    await state('busy');
    await snap('busy');
    await button('Sign out').click();
    await button('Sign in').waitFor();
  });
  await step('no errors in the page', async () => {
    if (errors.length) throw new Error(errors.join('\n'));
  });
} catch {
  // Reported by the step that failed.
} finally {
  await browser.close();
}
process.exit(failed() ? 1 : 0);
