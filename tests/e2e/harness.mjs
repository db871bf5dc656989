// What every end-to-end script shares: Debian's Chromium with the flags
// this machine needs (no downloads, no background traffic), a screenshot
// folder, and named steps that report `ok`/`FAIL` with their time.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const artifacts = new URL('./artifacts/', import.meta.url).pathname;
mkdirSync(artifacts, { recursive: true });

// `extraArgs` adds flags, e.g. Chromium's fake microphone for softphone pages.
export function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

// Runs named steps; `failed()` tells whether any failed. With `stopOnFailure`
// a failing step throws, for scripts whose steps build on each other.
export function steps({ stopOnFailure = false, onFailure = async () => {} } = {}) {
  let failed = false;
  const step = async (name, fn) => {
    const started = Date.now();
    try {
      await fn();
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed = true;
      console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
      await onFailure().catch(() => {});
      if (stopOnFailure) throw e;
    }
  };
  return { step, failed: () => failed };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The gateway's scenario interface at `base`: `scenario(path)` GETs,
// `scenario(path, body)` POSTs JSON; either resolves to the JSON answer and
// throws on an error status, with the gateway's message.
export function scenarioAt(base) {
  return async (path, body) => {
    const r = await fetch(`${base}/v1/scenario${path}`, body === undefined ? {} : {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const json = await r.json();
    if (!r.ok) throw new Error(`${path}: ${r.status} ${json.error}`);
    return json;
  };
}

// Waits (at most `ms`) until agent `agentNo` of t1 has its softphone
// registered with the gateway: a call placed before would ring the desk
// phone instead.
export async function softphoneRegistered(scenario, agentNo, ms = 5_000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(25)) {
    if ((await scenario(`/agents/t1/${agentNo}`)).softphoneRegistered) return;
  }
  throw new Error(`agent ${agentNo}'s softphone did not register within ${ms} ms`);
}
