// Sign-in, the agent's status, busy/idle and sign-out.
import { $, log, run, showError } from './ui.js';

const { EventType } = AgentSDK;
const DEVICE = { '-1': 'unavailable', 0: 'free', 1: 'reserved', 2: 'dialling', 3: 'ringing', 4: 'on a call' };
const NETWORK = { 1: 'excellent', 2: 'good', 3: 'poor', 4: 'bad' };

export const agent = { tenantId: null, agentNo: null, endpointType: 1 };

function signedIn(on) {
  $('login-panel').hidden = on;
  $('desk-panel').hidden = !on;
  $('call-panel').hidden = !on;
  $('who').hidden = !on;
}

function render(status) {
  const badge = $('state');
  badge.dataset.state = status.state;
  badge.textContent = status.state;
  $('fact-state').textContent = status.state;
  $('fact-action').textContent = status.stateAction;
  $('fact-device').textContent = DEVICE[status.deviceStatus] ?? String(status.deviceStatus);
  $('fact-reason').textContent = status.pauseDescription ?? '–';
  // State changes are refused on a call; the call panel owns those moments.
  const onCall = ['ringing', 'calling', 'talking'].includes(status.state);
  $('idle').disabled = onCall || status.state === 'idle';
  $('busy').disabled = onCall;
}

AgentSDK.on(EventType.AGENT_STATUS, (e) => {
  render(e.status);
  log('agentStatus', `${e.status.state} (${e.status.stateAction})`);
});
AgentSDK.on(EventType.SESSION_TERMINATE, (e) => {
  log('sessionTerminate', e.reason ?? `call ${e.mainUniqueId ?? ''} left`);
  if (e.reason) {
    signedIn(false);
    if (e.reason !== 'logout') showError(`Signed out: ${e.message ?? e.reason}`);
  }
});
AgentSDK.on(EventType.PING, (e) => {
  $('fact-ping').textContent = `${NETWORK[e.networkState]} (${e.latencyTime} ms)`;
});
AgentSDK.on(EventType.RECONNECT_ATTEMPT, (e) =>
  log('reconnectAttempt', e.code === 0 ? 'reconnected' : `attempt ${e.attempt} of ${e.maxAttempts}`));
AgentSDK.on(EventType.SDK_ERROR, (e) => log('sdkError', `${e.code}: ${e.message}`));
for (const name of [EventType.LOGIN_RESP, EventType.PAUSE_RESP, EventType.UNPAUSE_RESP, EventType.LOGOUT_RESP]) {
  AgentSDK.on(name, (res) => log(name, res.code === 0 ? 'ok' : `${res.message} (${res.errorCode ?? res.code})`));
}

const form = $('login-form');
form.initialStatus.addEventListener('change', () => {
  $('login-reason').hidden = form.initialStatus.value !== '2';
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const initialStatus = Number(form.initialStatus.value);
  const params = {
    tenantId: form.tenantId.value.trim(),
    agentNo: form.agentNo.value.trim(),
    sessionKey: form.sessionKey.value,
    bindEndpoint: { endpointType: Number(form.endpointType.value), endpoint: form.endpoint.value.trim() },
    initialStatus,
  };
  if (initialStatus === 2) params.pauseDescription = form.pauseDescription.value;
  // Queues to watch make a supervisor's login (the console shows up).
  const qids = form.qids.value.trim();
  if (qids) params.qids = qids;
  const res = await run(form.querySelector('button'), () => AgentSDK.login(params));
  if (res && res.code === 0) {
    Object.assign(agent, { tenantId: res.tenantId, agentNo: res.agentNo, endpointType: params.bindEndpoint.endpointType });
    $('who-name').textContent = `${res.agentNo} · ${res.tenantId}`;
    signedIn(true);
    $('idle').focus();
  }
});

$('idle').addEventListener('click', (e) => run(e.currentTarget, () => AgentSDK.unpause()));
$('busy').addEventListener('click', (e) => {
  const select = $('pause-reason');
  const pauseDescription = select.options[select.selectedIndex].text;
  return run(e.currentTarget, () => AgentSDK.pause({ pauseType: Number(select.value), pauseDescription }));
});
$('logout').addEventListener('click', async (e) => {
  const res = await run(e.currentTarget, () => AgentSDK.logout({ logoutMode: 1, unbindEndpoint: 0 }));
  if (res && res.code === 0) {
    signedIn(false);
    form.querySelector('button').focus();
  }
});
