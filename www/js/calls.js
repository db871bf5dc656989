// The call panel: dial, incoming call, answer/decline, hold, mute, keypad,
// consult and transfer, wrap-up with its countdown. The panel follows the
// SDK's events; buttons only call operations.
import { $, clock, log, run, showError } from './ui.js';
import { agent } from './session.js';
import * as scenario from './scenario.js';

const { EventType } = AgentSDK;
// The dev configuration's wrap-up time; prolongWrapup adds to it.
const WRAPUP_SECONDS = 30;

const call = {
  state: null, // ringing | calling | talking | wrapup, from agentStatus
  mainUniqueId: null,
  number: null,
  inbound: false,
  customerRinging: false,
  talkingSince: null,
  held: false,
  muted: false,
  consult: null, // { target, state: 'ringing' | 'linked' | 'threeway' }
  wrapupEndsAt: null,
};

function title() {
  if (call.state === 'ringing') return call.inbound ? 'Incoming call' : 'Call for you';
  if (call.state === 'calling') return call.customerRinging ? 'Calling the customer' : 'Pick up your phone to call';
  if (call.held) return 'On hold';
  return 'On a call';
}

function render() {
  const active = ['ringing', 'calling', 'talking'].includes(call.state);
  const talking = call.state === 'talking';
  $('dial-form').hidden = active || call.state === 'wrapup';
  $('call-card').hidden = !active;
  $('wrapup-card').hidden = call.state !== 'wrapup';
  $('call-card').dataset.state = call.state ?? '';
  $('call-title').textContent = active ? title() : '';
  $('call-number').textContent = call.number ?? 'unknown number';
  // A desk phone answers through the gateway's scenario (a person would
  // pick it up); the softphone answers in the browser with sipLink, and
  // calls the agent placed are answered by the SDK itself.
  const softphone = agent.endpointType === 3;
  const ringingHere = call.state === 'ringing' || (!softphone && call.state === 'calling' && !call.customerRinging);
  $('answer').hidden = !ringingHere;
  $('decline').hidden = !(call.state === 'ringing' && call.inbound);
  $('customer-answers').hidden = !(call.state === 'calling' && call.customerRinging);
  $('talk-controls').hidden = !talking;
  $('hold').textContent = call.held ? 'Resume' : 'Hold';
  $('hold').setAttribute('aria-pressed', String(call.held));
  $('mute').textContent = call.muted ? 'Unmute' : 'Mute';
  $('mute').setAttribute('aria-pressed', String(call.muted));
  const c = call.consult;
  $('consult-card').hidden = !c;
  if (c) {
    $('consult-text').textContent =
      c.state === 'ringing' ? `Consulting ${c.target}: ringing` : c.state === 'linked' ? `Consulting ${c.target}` : `Three-way with ${c.target}`;
    $('target-answers').hidden = c.state !== 'ringing';
    $('consult-cancel').hidden = c.state !== 'ringing';
    $('consult-complete').hidden = c.state !== 'linked';
    $('consult-threeway').hidden = c.state !== 'linked';
    $('consult-resume').hidden = c.state !== 'linked';
  }
  $('open-consult').disabled = Boolean(c);
  $('open-transfer').disabled = Boolean(c);
}

function tick() {
  if (call.state === 'talking' && call.talkingSince) $('call-timer').textContent = clock(Date.now() - call.talkingSince);
  else if (call.state !== 'talking') $('call-timer').textContent = '';
  if (call.state === 'wrapup' && call.wrapupEndsAt) $('wrapup-left').textContent = clock(call.wrapupEndsAt - Date.now());
}
setInterval(tick, 500);

function reset() {
  Object.assign(call, { mainUniqueId: null, number: null, inbound: false, customerRinging: false,
    talkingSince: null, held: false, muted: false, consult: null });
}

AgentSDK.on(EventType.AGENT_STATUS, ({ status }) => {
  const previous = call.state;
  call.state = ['ringing', 'calling', 'talking', 'wrapup'].includes(status.state) ? status.state : null;
  if (status.mainUniqueId) call.mainUniqueId = status.mainUniqueId;
  if (call.state === 'talking' && previous !== 'talking') call.talkingSince ??= Date.now();
  if (call.state === 'wrapup' && previous !== 'wrapup') {
    call.wrapupEndsAt = Date.now() + WRAPUP_SECONDS * 1000;
    reset();
    $('wrapup-ready').focus();
  }
  if (!call.state) reset();
  render();
  tick();
});
AgentSDK.on(EventType.RINGING, (e) => {
  Object.assign(call, { mainUniqueId: e.mainUniqueId, number: e.customerNumber, inbound: e.callType === 1 });
  log('ringing', `${e.customerNumber} (call type ${e.callType}${e.queueNo ? `, queue ${e.queueNo}` : ''})`);
  render();
  // A call ringing in is answered (or declined) from the keyboard at once.
  $(call.inbound || agent.endpointType !== 3 ? 'answer' : 'hangup').focus();
});
AgentSDK.on(EventType.PREVIEW_OBCALL_START, (e) => {
  Object.assign(call, { mainUniqueId: e.mainUniqueId, number: e.customerNumber, customerRinging: false });
  log('previewObCallStart', e.customerNumber);
  render();
});
AgentSDK.on(EventType.PREVIEW_OBCALL_RINGING, (e) => {
  call.customerRinging = true;
  log('previewObCallRinging', e.customerNumber);
  render();
});
AgentSDK.on(EventType.PREVIEW_OBCALL_BRIDGE, (e) => log('previewObCallBridge', `${e.channel} ↔ ${e.destChannel}`));
AgentSDK.on(EventType.PREVIEW_OBCALL_RESULT, (e) => {
  log('previewObCallResult', `${e.result} ${e.customerNumber}`);
  if (e.result !== 'success') showError(`The call to ${e.customerNumber} did not connect`);
});
AgentSDK.on(EventType.SESSION_INIT, (e) => log('sessionInit', `call ${e.mainUniqueId} reached you`));
AgentSDK.on(EventType.SIP_SESSION_INIT, (e) => log('sipSessionInit', `${e.direction} call from ${e.remoteNumber ?? 'unknown'}`));
AgentSDK.on(EventType.SIP_SESSION_TERMINATE, (e) => log('sipSessionTerminate', e.reason));
AgentSDK.on(EventType.SIP_DISCONNECTED, (e) => log('sipDisconnected', e.reason));

const consultState = (state) => (e) => {
  call.consult = state ? { target: e.target ?? call.consult?.target ?? '', state } : null;
  render();
};
AgentSDK.on(EventType.ATXFER_START, (e) => { log('atxferStart', e.destChannel); consultState('ringing')({ target: call.consult?.target }); });
AgentSDK.on(EventType.ATXFER_LINK, (e) => { log('atxferLink', e.target); consultState('linked')(e); });
AgentSDK.on(EventType.ATXFER_ENDED, (e) => { log('atxferEnded', `${e.target} (hang-up side ${e.hangupSide})`); consultState(null)(e); });
AgentSDK.on(EventType.ATXFER_ERROR, (e) => { log('atxferError', e.stateAction); showError('The consult failed'); consultState(null)(e); });
AgentSDK.on(EventType.THREEWAY_ATXFER_RESULT, (e) => { log('threewayAtxferResult', e.target); consultState('threeway')(e); });
AgentSDK.on(EventType.ATXFER_THREEWAY_UNLINK, (e) => { log('atxferThreewayUnlink', e.target); consultState(null)(e); });
AgentSDK.on(EventType.COMPLETE_ATXFER_RESULT, (e) => { log('completeAtxferResult', e.target); consultState(null)(e); });
AgentSDK.on(EventType.INTERACT_RETURN, (e) => log('interactReturn', JSON.stringify(e.returnVariables)));

const click = (id, handler) => $(id).addEventListener('click', (e) => handler(e.currentTarget));

$('dial-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const customerNumber = $('dial-number').value.trim();
  call.number = customerNumber;
  run(event.submitter, () => AgentSDK.previewObCall({ customerNumber }));
});
click('simulate-inbound', (b) => {
  const number = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  b.disabled = true;
  scenario.placeInboundCall(agent.tenantId, agent.agentNo, number).finally(() => { b.disabled = false; });
});
click('answer', (b) =>
  agent.endpointType === 3 ? run(b, () => AgentSDK.sipLink()) : scenario.act(call.mainUniqueId, 'answer', 'agent'));
click('customer-answers', () => scenario.act(call.mainUniqueId, 'answer', 'customer'));
click('customer-hangs-up', () => scenario.act(call.mainUniqueId, 'hangup', 'customer'));
click('decline', (b) => run(b, () => AgentSDK.reject({ description: 'busy' })));
click('hangup', (b) => run(b, () => (call.state === 'calling' ? AgentSDK.cancelPreviewObCall() : AgentSDK.unlink({ side: 1 }))));
click('hold', async (b) => {
  const res = await run(b, () => (call.held ? AgentSDK.unhold() : AgentSDK.hold()));
  if (res?.code === 0) { call.held = !call.held; render(); }
});
click('mute', async (b) => {
  const res = await run(b, () => (call.muted ? AgentSDK.unmute({ direction: 'out' }) : AgentSDK.mute({ direction: 'out' })));
  if (res?.code === 0) { call.muted = !call.muted; render(); }
});
click('keypad-toggle', (b) => {
  const pad = $('keypad');
  pad.hidden = !pad.hidden;
  b.setAttribute('aria-expanded', String(!pad.hidden));
});
for (const key of $('keypad').querySelectorAll('button')) {
  key.addEventListener('click', () => run(null, () => AgentSDK.sendDtmf({ digits: key.textContent, target: 2 })));
}

function dialog(id, opener) {
  const d = $(id);
  click(opener, () => d.showModal());
  d.querySelector('[value="cancel"]').addEventListener('click', () => d.close());
  return d;
}
const consultDialog = dialog('consult-dialog', 'open-consult');
consultDialog.querySelector('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const target = form.target.value.trim();
  call.consult = { target, state: 'ringing' };
  const res = await run(event.submitter, () => AgentSDK.startAtxfer({ targetType: Number(form.targetType.value), target }));
  if (res?.code === 0) consultDialog.close();
  else call.consult = null;
  render();
});
const transferDialog = dialog('transfer-dialog', 'open-transfer');
transferDialog.querySelector('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const res = await run(event.submitter, () =>
    AgentSDK.blxfer({ targetType: Number(form.targetType.value), target: form.target.value.trim() }));
  if (res?.code === 0) transferDialog.close();
});
click('target-answers', () => scenario.act(call.mainUniqueId, 'answer', 'target'));
click('consult-cancel', (b) => run(b, () => AgentSDK.cancelAtxfer()));
click('consult-resume', (b) => run(b, () => AgentSDK.resumeAtxfer()));
click('consult-complete', (b) => run(b, () => AgentSDK.completeAtxfer()));
click('consult-threeway', (b) => run(b, () => AgentSDK.threewayAtxfer()));
click('wrapup-more', async (b) => {
  const res = await run(b, () => AgentSDK.prolongWrapup({ wrapupTime: 60 }));
  if (res?.code === 0) call.wrapupEndsAt += 60_000;
});
click('wrapup-ready', (b) => run(b, () => AgentSDK.unpause()));

render();
