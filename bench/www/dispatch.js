// Event dispatch: agentStatus pushes from bench/server.mjs to a handler,
// through the SDK (`AgentSDK.on`) or through a plain-JS client (a raw
// WebSocket, JSON.parse and a Map of handler sets). One client per page;
// bench/browser.mjs opens a fresh page for every run.
//
// Three clocks per event i:
//   arrival[i]  the socket's `message` event, from a listener added when the
//               socket is constructed, so it runs before the client's own
//               `onmessage` (the SDK sets `onmessage` after construction);
//   handled[i]  the application handler;
//   ts[i]       the server's wall clock when it wrote the frame (paced runs).
// in-page latency  = handled - arrival: what the client adds between the
//                    browser handing over the frame and the handler;
// end-to-end       = handled - ts, with the page's clock aligned to the
//                    server's by the round trip of `clock` frames.

const rec = {
  armed: false,
  n: 0,
  a: 0,
  h: 0,
  arrival: null,
  handled: null,
  ts: null,
  seqErrors: 0,
  lastSeq: 0,
  done: null,
  sink: 0,
};

/** Same for both clients: the socket stamps each frame's arrival. */
class StampedWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols);
    this.addEventListener('message', () => {
      if (rec.armed && rec.a < rec.n) rec.arrival[rec.a++] = performance.now();
    });
  }
}
window.WebSocket = StampedWebSocket;

const wsUrl = `ws://${location.host}/v1/agent/ws`;
let firstStatus;
const initial = new Promise((resolve) => (firstStatus = resolve));

/** The application's handler, the same function for both clients: it reads
 * the payload as a desk would and records the clocks. */
function onAgentStatus(e) {
  if (!rec.armed) return firstStatus();
  const i = rec.h++;
  if (i >= rec.n) return;
  rec.handled[i] = performance.now();
  rec.ts[i] = e.ts;
  if (e.seq !== rec.lastSeq + 1 && rec.lastSeq !== 0) rec.seqErrors++;
  rec.lastSeq = e.seq;
  rec.sink += e.status.state.length;
  if (i === rec.n - 1) rec.done();
}

const login = (agentNo) => ({
  tenantId: 't1', agentNo, sessionKey: 'bench-key',
  bindEndpoint: { endpointType: 2, endpoint: '8001' }, initialStatus: 1,
});

async function sdkClient(agentNo) {
  const { AgentSDK } = await import('/pkg/index.js');
  AgentSDK.setup({ baseURL: location.origin });
  AgentSDK.on(AgentSDK.EventType.AGENT_STATUS, onAgentStatus);
  const res = await AgentSDK.login(login(agentNo));
  if (res.code !== 0) throw new Error(`SDK login: ${res.code} ${res.message}`);
}

async function plainClient(agentNo) {
  const handlers = new Map();
  const on = (type, fn) => {
    let set = handlers.get(type);
    if (!set) handlers.set(type, (set = new Set()));
    set.add(fn);
  };
  const pending = new Map();
  let lastSeq = 0;
  const ws = new WebSocket(wsUrl);
  ws.onmessage = (ev) => {
    const m = JSON.parse(ev.data);
    if (typeof m.seq === 'number') {
      // The one rule every client needs: each push once, in order.
      if (m.seq <= lastSeq) return;
      lastSeq = m.seq;
      const set = handlers.get(m.eventType);
      if (set) for (const h of set) h(m);
    } else if (typeof m.id === 'number') {
      const resolve = pending.get(m.id);
      pending.delete(m.id);
      if (resolve) resolve(m);
    }
  };
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error('plain client: socket failed'));
  });
  on('agentStatus', onAgentStatus);
  const res = await new Promise((resolve) => {
    pending.set(1, resolve);
    ws.send(JSON.stringify({ id: 1, action: 'login', params: login(agentNo) }));
  });
  if (res.code !== 0) throw new Error(`plain login: ${res.code} ${res.message}`);
}

/** Server clock minus page clock (ms), from the `clock` round trip with the
 * smallest round-trip time; its uncertainty is half that round trip. */
async function calibrate(samples = 40) {
  const ws = new WebSocket(wsUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error('clock socket failed'));
  });
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < samples; i++) {
    const t1 = performance.timeOrigin + performance.now();
    const reply = await new Promise((resolve) => {
      ws.onmessage = (ev) => resolve(JSON.parse(ev.data));
      ws.send(JSON.stringify({ clock: t1 }));
    });
    const t2 = performance.timeOrigin + performance.now();
    if (t2 - t1 < best.rtt) best = { rtt: t2 - t1, offset: reply.server - (t1 + t2) / 2 };
  }
  ws.close();
  return best;
}

function quantiles(values) {
  const s = Float64Array.from(values).sort();
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { mean: s.reduce((a, v) => a + v, 0) / s.length, p50: q(0.5), p99: q(0.99), max: s[s.length - 1] };
}

/** One run: log in, arm the recorder, ask the server for `n` pushes (all at
 * once, or `rate` per second) and wait for the handler to see all of them. */
async function run(kind, { n, rate = 0, timeoutMs = 120000 }) {
  const clock = await calibrate();
  const agentNo = `${kind}-${Math.random().toString(36).slice(2, 8)}`;
  await (kind === 'sdk' ? sdkClient(agentNo) : plainClient(agentNo));
  await initial;
  Object.assign(rec, {
    n, a: 0, h: 0, seqErrors: 0, lastSeq: 0,
    arrival: new Float64Array(n), handled: new Float64Array(n), ts: new Float64Array(n),
  });
  const finished = new Promise((resolve, reject) => {
    rec.done = resolve;
    setTimeout(() => reject(new Error(`${kind}: ${rec.h} of ${n} events after ${timeoutMs} ms`)), timeoutMs);
  });
  rec.armed = true;
  const server = fetch('/burst', { method: 'POST', body: JSON.stringify({ agentNo, count: n, rate }) }).then((r) => r.json());
  await finished;
  rec.armed = false;
  const sent = await server;

  const inPage = new Float64Array(n);
  const endToEnd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    inPage[i] = rec.handled[i] - rec.arrival[i];
    endToEnd[i] = performance.timeOrigin + rec.handled[i] - (rec.ts[i] - clock.offset);
  }
  const span = rec.handled[n - 1] - rec.handled[0];
  // The pace at the start and at the end of the run, to see that it is steady.
  const k = Math.min(1000, n >> 2);
  const paceAt = (from) => ((k - 1) * 1000) / (rec.handled[from + k - 1] - rec.handled[from]);
  return {
    kind, n, rate,
    eventsPerSecond: ((n - 1) * 1000) / span,
    handlerSpanMs: span,
    firstEventsPerSecond: paceAt(0),
    lastEventsPerSecond: paceAt(n - k),
    arrivalsPerSecond: ((n - 1) * 1000) / (rec.arrival[n - 1] - rec.arrival[0]),
    serverMs: sent.ms,
    inPageMs: quantiles(inPage),
    endToEndMs: quantiles(endToEnd),
    clock: { offsetMs: clock.offset, uncertaintyMs: clock.rtt / 2 },
    seqErrors: rec.seqErrors,
    arrivalsSeen: rec.a,
    crossOriginIsolated: window.crossOriginIsolated,
    sink: rec.sink,
  };
}

window.bench = { run };
