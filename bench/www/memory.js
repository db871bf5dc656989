// Memory: one SDK session in this page takes calls (inbound → the desk
// phone answers → the customer hangs up → unpause) and numbered pushes
// (the gateway's stream of `orderCallBack` events) in steps that
// bench/browser.mjs asks for; between steps it reads the SDK's wasm memory
// here and the page's JS heap over the DevTools protocol, after a full
// garbage collection.
//
// The wasm memory is the SDK's own module instance: the glue's default
// export (`__wbg_init`) hands back the exports of the instance already
// loaded by `/pkg/index.js` (the same module in the module map), and with
// them `memory`. Nothing is added to the SDK's public API for this.

const gateway = new URLSearchParams(location.search).get('gw');
const TENANT = 't1';
const AGENT = '1001';

let sdk;
let wasm;
const seen = { calls: 0, events: 0, statuses: 0, lastIndex: -1, stream: '', gaps: 0, sink: 0 };
let eventWaiter = null;

async function scenario(path, body) {
  const res = await fetch(`${gateway}/v1/scenario${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${json.error ?? ''}`);
  return json;
}

/** A desk-like handler: reads the payload, checks the numbering. */
function onCallback(e) {
  if (e.stream !== seen.stream) {
    seen.stream = e.stream;
    seen.lastIndex = -1;
  }
  if (e.index !== seen.lastIndex + 1) seen.gaps++;
  seen.lastIndex = e.index;
  seen.sink += e.callbackId.length;
  seen.events++;
  if (eventWaiter && seen.events >= eventWaiter.target) eventWaiter.resolve();
}

async function start() {
  const { AgentSDK } = await import('/pkg/index.js');
  const glue = await import('/pkg/wasm/agent_sdk.js');
  wasm = await glue.default();
  if (!(wasm.memory instanceof WebAssembly.Memory)) throw new Error('the glue gave no wasm memory');
  sdk = AgentSDK;
  AgentSDK.setup({ baseURL: gateway });
  AgentSDK.on(AgentSDK.EventType.ORDER_CALLBACK, onCallback);
  AgentSDK.on(AgentSDK.EventType.AGENT_STATUS, (e) => {
    seen.statuses++;
    seen.sink += e.status.state.length;
  });
  const res = await AgentSDK.login({
    tenantId: TENANT, agentNo: AGENT, sessionKey: `dev-key-${AGENT}`,
    bindEndpoint: { endpointType: 1, endpoint: '8001' }, initialStatus: 1,
  });
  if (res.code !== 0) throw new Error(`login: ${res.code} ${res.message}`);
}

/** `n` calls, one after the other. */
async function calls(n) {
  for (let i = 0; i < n; i++) {
    const { mainUniqueId } = await scenario('/inbound', { tenantId: TENANT, agentNo: AGENT, customerNumber: '13800138000' });
    const id = encodeURIComponent(mainUniqueId);
    await scenario(`/calls/${id}/answer`, { party: 'agent' });
    await scenario(`/calls/${id}/hangup`, { party: 'customer' });
    // Out of wrap-up at once; its response comes after the call's pushes,
    // so the SDK has handled them all when it resolves.
    const r = await sdk.unpause();
    if (r.code !== 0) throw new Error(`call ${seen.calls + 1}: unpause ${r.code} ${r.message}`);
    seen.calls++;
  }
  return { ...seen };
}

/** `n` pushes, asked for in streams of at most `chunk` (the gateway takes
 * 100,000 at most per stream), each waited for before the next. */
async function events(n, chunk = 20000) {
  for (let done = 0; done < n;) {
    const count = Math.min(chunk, n - done);
    const target = seen.events + count;
    const arrived = new Promise((resolve) => (eventWaiter = { target, resolve }));
    await scenario(`/agents/${TENANT}/${AGENT}/stream`, { count });
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(
      `${seen.events} of ${target} pushes after 300 s`)), 300000));
    await Promise.race([arrived, timeout]);
    eventWaiter = null;
    done += count;
  }
  return { ...seen };
}

/** The SDK's wasm memory, in bytes (it only ever grows). */
const wasmBytes = () => wasm.memory.buffer.byteLength;

async function stop() {
  const r = await sdk.logout({ logoutMode: 1 });
  return r.code;
}

window.bench = { start, calls, events, wasmBytes, counts: () => ({ ...seen }), stop, ready: true };
