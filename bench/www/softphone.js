// Softphone answer: the gateway rings a softphone in this page over its SIP
// WebSocket and the page answers at once, through the SDK (`sipSessionInit`
// → `AgentSDK.sipLink()`) or through JsSIP (`newRTCSession` →
// `session.answer()`), in the same browser, against the same gateway.
// bench/browser.mjs opens a fresh page for every run.
//
// Clocks, per call:
//   invite  the INVITE frame's `message` event on the SIP socket, from a
//           listener added when the socket is constructed, so it runs
//           before the client's own `onmessage`;
//   ok      the 200 OK to that INVITE handed to the socket's `send`;
//   audio   the gateway's media peer receiving the first RTP packet from
//           the page (`media.firstPacketMs` of the agent's leg, in gateway
//           ms), moved onto the page's clock by the call's `createdMs`,
//           taken inside the `POST /v1/scenario/inbound` that the page
//           timed (uncertainty: half that request plus 1 ms of rounding).
// And, to tell where the time between INVITE and 200 OK goes, the first of
// each browser step after the INVITE, from the same wrappers around the
// page's RTCPeerConnection and getUserMedia that both clients call.

const gateway = new URLSearchParams(location.search).get('gw');
const TENANT = 't1';
const AGENT = '1016';
const KEY = 'dev-key-1016';
const ENDPOINT = '8016';

const stamps = { invite: 0, ok: 0, inviteCallId: '', steps: {} };
/** The first time of step `name` after the INVITE. */
const step = (name) => {
  if (stamps.invite && !stamps.ok && !(name in stamps.steps)) stamps.steps[name] = performance.now() - stamps.invite;
};

class StampedPeerConnection extends RTCPeerConnection {
  constructor(...args) {
    super(...args);
    step('peerConnection');
    this.addEventListener('icecandidate', (e) => {
      if (e.candidate) step('firstCandidate');
    });
    this.addEventListener('icegatheringstatechange', () => {
      if (this.iceGatheringState === 'complete') step('iceGathered');
    });
  }

  async setRemoteDescription(...args) {
    step('setRemoteDescription');
    return super.setRemoteDescription(...args);
  }

  async createAnswer(...args) {
    const answer = await super.createAnswer(...args);
    step('answerCreated');
    return answer;
  }

  async setLocalDescription(...args) {
    step('setLocalDescription');
    return super.setLocalDescription(...args);
  }
}
window.RTCPeerConnection = StampedPeerConnection;
const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (constraints) => {
  step('getUserMedia');
  const stream = await getUserMedia(constraints);
  step('microphoneOpen');
  return stream;
};
let okSent = null;
let inviteSeen = null;

const text = (data) => (typeof data === 'string' ? data : new TextDecoder().decode(data));
const header = (msg, name) => msg.match(new RegExp(`\\r\\n${name}\\s*:\\s*([^\\r\\n]*)`, 'i'))?.[1]?.trim() ?? '';

/** Both clients' SIP sockets stamp the INVITE in and its 200 OK out. */
class StampedWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols);
    if (!String(url).includes('/v1/sip/ws')) return;
    this.addEventListener('message', (ev) => {
      const at = performance.now();
      if (typeof ev.data !== 'string' && !(ev.data instanceof ArrayBuffer)) return;
      const msg = text(ev.data);
      if (!msg.startsWith('INVITE ') || header(msg, 'Call-ID') === stamps.inviteCallId) return;
      stamps.invite = at;
      stamps.inviteCallId = header(msg, 'Call-ID');
      inviteSeen?.();
    });
  }

  send(data) {
    if (this.url.includes('/v1/sip/ws') && stamps.invite && !stamps.ok) {
      const msg = typeof data === 'string' ? data : text(data);
      if (msg.startsWith('SIP/2.0 200') && /^\d+ INVITE$/i.test(header(msg, 'CSeq')) &&
          header(msg, 'Call-ID') === stamps.inviteCallId) {
        stamps.ok = performance.now();
        okSent?.();
      }
    }
    return super.send(data);
  }
}
window.WebSocket = StampedWebSocket;

async function scenario(method, path, body) {
  const res = await fetch(`${gateway}/v1/scenario${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json.error ?? ''}`);
  return json;
}

/** Polls `check` every 10 ms until it returns a value, for at most `ms`. */
async function until(what, ms, check) {
  const end = performance.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > end) throw new Error(`${what}: not after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const within = (ms, what, promise) => Promise.race([promise,
  new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: not after ${ms} ms`)), ms))]);

// --- the two clients ------------------------------------------------------

/** The SDK: softphone login, answer every inbound SIP call. */
async function sdkClient() {
  const { AgentSDK } = await import('/pkg/index.js');
  const { EventType } = AgentSDK;
  AgentSDK.setup({ baseURL: gateway });
  const states = [];
  AgentSDK.on(EventType.AGENT_STATUS, (e) => states.push(e.status.state));
  AgentSDK.on(EventType.SIP_SESSION_INIT, (e) => {
    if (e.direction === 'inbound') AgentSDK.sipLink();
  });
  const res = await AgentSDK.login({
    tenantId: TENANT, agentNo: AGENT, sessionKey: KEY,
    bindEndpoint: { endpointType: 3, endpoint: ENDPOINT }, initialStatus: 1,
  });
  if (res.code !== 0) throw new Error(`SDK login: ${res.code} ${res.message}`);
  return {
    unpause: async () => {
      const r = await AgentSDK.unpause();
      if (r.code !== 0) throw new Error(`unpause: ${r.code} ${r.message}`);
    },
    logout: () => AgentSDK.logout({ logoutMode: 1 }),
  };
}

/** JsSIP: the agent session over a raw agent WebSocket (it gives the SIP
 * password), JsSIP registering with it and answering every new session. */
async function jssipClient() {
  await new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/build/jssip.min.js';
    script.onload = resolve;
    script.onerror = () => reject(new Error('jssip.min.js did not load'));
    document.head.append(script);
  });
  const agent = new WebSocket(`${gateway.replace(/^http/, 'ws')}/v1/agent/ws`);
  const pending = new Map();
  let nextId = 1;
  agent.onmessage = (ev) => {
    const m = JSON.parse(ev.data);
    if (typeof m.id === 'number') pending.get(m.id)?.(m);
  };
  await new Promise((resolve, reject) => {
    agent.onopen = resolve;
    agent.onerror = () => reject(new Error('agent socket failed'));
  });
  const request = (action, params) => new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    agent.send(JSON.stringify({ id, action, params }));
  });
  const login = await request('login', {
    tenantId: TENANT, agentNo: AGENT, sessionKey: KEY,
    bindEndpoint: { endpointType: 3, endpoint: ENDPOINT }, initialStatus: 1,
  });
  if (login.code !== 0) throw new Error(`login: ${login.code} ${login.message}`);
  const heartbeat = setInterval(() => agent.send(JSON.stringify({ ping: Date.now() })), login.heartbeatIntervalMs);

  const { JsSIP } = window;
  const ua = new JsSIP.UA({
    sockets: [new JsSIP.WebSocketInterface(login.webrtcSocketUrl)],
    uri: `sip:${ENDPOINT}@${login.sipIp}`,
    password: login.sipPwd,
    register: true,
    session_timers: false,
  });
  const pcConfig = { iceServers: [{ urls: login.webrtcStunServer }] };
  ua.on('newRTCSession', ({ originator, session }) => {
    if (originator === 'remote') session.answer({ mediaConstraints: { audio: true, video: false }, pcConfig });
  });
  const registered = new Promise((resolve, reject) => {
    ua.on('registered', resolve);
    ua.on('registrationFailed', (e) => reject(new Error(`JsSIP registration: ${e.cause}`)));
  });
  ua.start();
  await within(10000, 'JsSIP registration', registered);
  return {
    unpause: async () => {
      const r = await request('unpause', {});
      if (r.code !== 0) throw new Error(`unpause: ${r.code} ${r.message}`);
    },
    logout: async () => {
      ua.stop();
      clearInterval(heartbeat);
      await request('logout', { logoutMode: 1 });
    },
  };
}

// --- one run ----------------------------------------------------------------

/** One call: ring the softphone, wait for its 200 OK and the gateway's first
 * audio packet from it, hang up as the customer, back to idle. */
async function call(client) {
  Object.assign(stamps, { invite: 0, ok: 0, steps: {} });
  const okDone = new Promise((resolve) => (okSent = resolve));
  const inviteDone = new Promise((resolve) => (inviteSeen = resolve));
  const before = performance.now();
  const { mainUniqueId } = await scenario('POST', '/inbound', {
    tenantId: TENANT, agentNo: AGENT, customerNumber: '13800138000',
  });
  const after = performance.now();
  await within(10000, 'the INVITE', inviteDone);
  await within(10000, 'the 200 OK', okDone);
  const { view, leg } = await until('the first audio packet at the gateway', 10000, async () => {
    const v = await scenario('GET', `/calls/${encodeURIComponent(mainUniqueId)}`);
    const l = v.legs.find((x) => x.role === 'agent' && x.media?.firstPacketMs !== undefined);
    return l && { view: v, leg: l };
  });
  // Gateway ms minus page ms, from the call's creation inside the request.
  const offset = view.createdMs - (before + after) / 2;
  const audio = leg.media.firstPacketMs - offset;
  await scenario('POST', `/calls/${encodeURIComponent(mainUniqueId)}/hangup`, { party: 'customer' });
  await until('the call to end', 10000, async () =>
    (await scenario('GET', `/calls/${encodeURIComponent(mainUniqueId)}`)).state === 'ended');
  // Wrap-up (30 s on the development tenant) ends at once: idle again.
  await client.unpause();
  return {
    inviteToOkMs: stamps.ok - stamps.invite,
    steps: { ...stamps.steps },
    inviteToAudioMs: audio - stamps.invite,
    clockUncertaintyMs: (after - before) / 2 + 1,
  };
}

/** Logs the client in, waits for its registration, then `calls` calls. The
 * first call is the cold one (first getUserMedia, first peer connection of
 * the page); it is kept apart from the rest. */
async function run(kind, { calls }) {
  const client = await (kind === 'sdk' ? sdkClient() : jssipClient());
  try {
    await until('the softphone registration', 10000, async () =>
      (await scenario('GET', `/agents/${TENANT}/${AGENT}`)).softphoneRegistered);
    const results = [];
    for (let i = 0; i < calls; i++) results.push(await call(client));
    return { kind, cold: results[0], warm: results.slice(1) };
  } finally {
    await client.logout();
  }
}

window.bench = { run };
