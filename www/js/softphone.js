// The softphone's part of the desk: the incoming-call announcement, the
// audio device pickers, and the live call quality (microphone level, MOS,
// warnings, chart), all from the SDK's events and device operations.
import { $, log, run } from './ui.js';
import { QualityChart } from './quality-chart.js';

const { EventType } = AgentSDK;
const chart = new QualityChart($('quality-chart'));
const pickers = { audioinput: ['pick-microphone'], audiooutput: ['pick-speaker', 'pick-ringtone'] };
const choose = {
  'pick-microphone': (id) => AgentSDK.setMicrophone(id),
  'pick-speaker': (id) => AgentSDK.setSpeaker(id),
  'pick-ringtone': (id) => AgentSDK.setRingtoneOutput(id),
};
const WARNINGS = {
  highRtt: 'Long delay',
  highJitter: 'Uneven audio (jitter)',
  packetLoss: 'Audio is being lost',
  lowMos: 'Poor call quality',
  silentMicrophone: 'Your microphone sends silence',
};
const FALLBACK = { microphone: 'pick-microphone', speaker: 'pick-speaker', ringtone: 'pick-ringtone' };
const active = new Set();
let softphone = false;

async function listDevices() {
  let devices;
  try {
    devices = await AgentSDK.getAudioDevices();
  } catch {
    return;
  }
  for (const [kind, ids] of Object.entries(pickers)) {
    const ofKind = devices.filter((d) => d.kind === kind);
    for (const id of ids) {
      const select = $(id);
      const chosen = select.value;
      select.replaceChildren(...ofKind.map((d, i) => {
        const label = d.label || `${kind === 'audioinput' ? 'Microphone' : 'Speaker'} ${i + 1}`;
        return new Option(label, d.deviceId, false, d.deviceId === chosen);
      }));
    }
  }
}

function show(on) {
  softphone = on;
  $('softphone-devices').hidden = !on;
  if (on) listDevices();
}

function renderWarnings() {
  $('quality-warnings').replaceChildren(...[...active].map((w) => {
    const item = document.createElement('li');
    item.textContent = WARNINGS[w] ?? w;
    return item;
  }));
}

function callEnded() {
  $('call-quality').hidden = true;
  $('incoming').textContent = '';
  active.clear();
  renderWarnings();
}

AgentSDK.on(EventType.LOGIN_RESP, (res) => show(res.code === 0 && res.bindEndpoint?.endpointType === 3 && 'webrtcSocketUrl' in res));
AgentSDK.on(EventType.SESSION_TERMINATE, (e) => { if (e.reason) show(false); });
AgentSDK.on(EventType.SIP_SESSION_INIT, (e) => {
  chart.reset();
  $('quality').textContent = 'measuring…';
  $('quality').dataset.level = 'unknown';
  if (e.direction === 'inbound') $('incoming').textContent = `Incoming call from ${e.remoteNumber ?? 'an unknown number'}`;
});
AgentSDK.on(EventType.SIP_SESSION_TERMINATE, callEnded);
AgentSDK.on(EventType.WEBRTC_STATS, (e) => {
  // The first sample of a call: the microphone is open, so the device
  // labels can be read now.
  if ($('call-quality').hidden) listDevices();
  $('call-quality').hidden = false;
  $('incoming').textContent = '';
  const level = Math.round(Math.min(1, Math.sqrt(e.audioLevelOut)) * 100);
  $('mic-level').style.width = `${level}%`;
  $('mic-level').parentElement.setAttribute('aria-valuenow', String(level));
  const grade = e.mos >= 4 ? 'good' : e.mos >= 3.5 ? 'fair' : 'poor';
  $('quality').dataset.level = grade;
  $('quality').textContent =
    `${grade} · MOS ${e.mos.toFixed(1)} · ${Math.round(e.rtt)} ms · ${(e.packetLossRate * 100).toFixed(1)} % loss`;
  chart.push(e);
});
AgentSDK.on(EventType.QUALITY_WARNING, (e) => {
  if (e.active) active.add(e.warning);
  else active.delete(e.warning);
  log('qualityWarning', `${e.warning} ${e.active ? 'raised' : 'cleared'}`);
  renderWarnings();
});
AgentSDK.on(EventType.AUDIO_DEVICE_FALLBACK, (e) => {
  $('device-note').textContent = `The chosen ${e.kind} went away; using the default one.`;
  log('audioDeviceFallback', `${e.kind} ${e.reason}`);
  listDevices().then(() => { $(FALLBACK[e.kind]).value = 'default'; });
});

for (const [id, set] of Object.entries(choose)) {
  $(id).addEventListener('change', (event) => {
    $('device-note').textContent = '';
    run(null, () => set(event.currentTarget.value));
  });
}
navigator.mediaDevices?.addEventListener?.('devicechange', () => { if (softphone) listDevices(); });
