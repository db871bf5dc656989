// The supervisor console: shown to a supervisor who signed in watching
// queues (`qids`). A live queue table, the agents of those queues with
// their state and the actions on each (spy, whisper, barge, three-way,
// disconnect, pickup, force busy/idle, force offline/online), the
// monitoring in progress, and the live transcript of the monitored call.
import { $, log, run } from './ui.js';
import { QueueTable } from './queue-table.js';
import { AgentList } from './agent-list.js';
import { TranscriptPane } from './transcript.js';

const { EventType } = AgentSDK;

const panel = $('supervisor-panel');
panel.innerHTML = `
  <h2 id="sup-title">Supervisor console</h2>
  <h3 id="queues-title" class="sub">Queues</h3>
  <div class="scroll">
    <table class="queues" aria-labelledby="queues-title">
      <thead><tr><th scope="col">Queue</th><th scope="col">Idle</th><th scope="col">Busy</th>
        <th scope="col">On calls</th><th scope="col">Wrap-up</th><th scope="col">Waiting</th>
        <th scope="col">Longest wait</th><th scope="col">Load</th></tr></thead>
      <tbody id="queue-rows"></tbody>
    </table>
  </div>
  <div id="monitor-bar" class="monitor-bar" role="status" aria-live="polite">
    <span id="monitor-text">Not monitoring a call.</span>
    <button id="monitor-stop" type="button" hidden>Stop</button>
  </div>
  <div class="sup-grid">
    <div>
      <div class="sub-head">
        <h3 id="agents-title" class="sub">Agents</h3>
        <label class="inline">Phone for agents brought online
          <input id="online-endpoint" inputmode="tel" value="13512345678">
        </label>
      </div>
      <div class="scroll agents-scroll">
        <table class="agents" aria-labelledby="agents-title">
          <thead><tr><th scope="col">Agent</th><th scope="col">State</th><th scope="col">For</th>
            <th scope="col">Queues</th><th scope="col">Actions</th></tr></thead>
          <tbody id="agent-rows"></tbody>
        </table>
      </div>
    </div>
    <div>
      <h3 id="transcript-title" class="sub">Live transcript</h3>
      <p id="transcript-call" class="muted">Monitor a call to follow its transcript.</p>
      <ol id="transcript" class="transcript" aria-labelledby="transcript-title" aria-live="polite"></ol>
    </div>
  </div>`;

const queues = new QueueTable($('queue-rows'));
const agents = new AgentList($('agent-rows'), act);
const transcript = new TranscriptPane($('transcript'), $('transcript-call'));
const MODE = { spy: 'Spying on', whisper: 'Whispering to', barge: 'Barged into the call of', threeway: 'In a three-way with' };
let monitor = null;
let ticker = null;

// Handling times of queueStatus pushes (ms), for the 200-agent measurement.
window.consoleTimings = [];

function showMonitor(next) {
  monitor = next;
  $('monitor-text').textContent = monitor ? `${MODE[monitor.mode]} agent ${monitor.agentNo}.` : 'Not monitoring a call.';
  $('monitor-stop').hidden = !monitor;
  $('monitor-stop').textContent = monitor?.mode === 'barge' ? 'Leave the call' : 'Stop';
}

function act(action, agentNo, button) {
  const target = { agentNo };
  const ops = {
    spy: () => AgentSDK.spy(target),
    whisper: () => AgentSDK.whisper(target),
    barge: () => AgentSDK.barge(target),
    threeway: () => AgentSDK.performThreeway(target),
    pickup: () => AgentSDK.pickup(target),
    disconnect: () => AgentSDK.disconnect(target),
    busy: () => AgentSDK.setPause(target),
    idle: () => AgentSDK.setUnpause(target),
    offline: () => AgentSDK.setOffline({ agentNo, unbindEndpoint: 0 }),
    online: () => AgentSDK.setOnline({ agentNo, bindEndpoint: { endpointType: 1, endpoint: $('online-endpoint').value.trim() } }),
  };
  return run(button, ops[action]);
}

$('monitor-stop').addEventListener('click', (e) => {
  if (!monitor) return undefined;
  const stop = {
    spy: () => AgentSDK.unspy(),
    whisper: () => AgentSDK.unWhisper(),
    threeway: () => AgentSDK.cancelThreeway({ agentNo: monitor.agentNo }),
    // Barging has no operation of its own to end it: the supervisor hangs up.
    barge: () => AgentSDK.unlink(),
  };
  return run(e.currentTarget, stop[monitor.mode]);
});

function tick() {
  const now = Date.now();
  queues.tick(now);
  agents.tick(now);
}

AgentSDK.on(EventType.LOGIN_RESP, (res) => {
  if (res.code === 0) agents.self = res.agentNo;
});

AgentSDK.on(EventType.QUEUE_STATUS, (e) => {
  const started = performance.now();
  if (panel.hidden) {
    panel.hidden = false;
    ticker = setInterval(tick, 1000);
  }
  const now = Date.now();
  queues.update(e.queueStatus, now);
  agents.update(e.queueStatus);
  agents.tick(now);
  const timings = window.consoleTimings;
  timings.push(performance.now() - started);
  if (timings.length > 2000) timings.shift();
});

const links = [
  [EventType.SPY_LINK, 'spy', 'spiedCno'],
  [EventType.WHISPER_LINK, 'whisper', 'whisperedCno'],
  [EventType.BARGE_LINK, 'barge', 'bargedAgentNo'],
  [EventType.THREEWAY_LINK, 'threeway', 'threewayedCno'],
];
for (const [name, mode, field] of links) {
  AgentSDK.on(name, (e) => {
    showMonitor({ mode, agentNo: e[field] });
    log(name, `${mode} on ${e[field]} (${e.channel})`);
  });
}
const unlinks = [
  [EventType.SPY_UNLINK, 'spiedCno'],
  [EventType.WHISPER_UNLINK, 'whisperedAgentNo'],
  [EventType.BARGE_UNLINK, 'bargedCno'],
  [EventType.THREEWAY_UNLINK, 'threewayedAgentNo'],
];
for (const [name, field] of unlinks) {
  AgentSDK.on(name, (e) => {
    // A mode change unlinks the old mode right before the new one links.
    if (monitor && monitor.agentNo === e[field]) showMonitor(null);
    log(name, `ended on ${e[field]}`);
  });
}
for (const name of [EventType.SPY_RESULT, EventType.WHISPER_RESULT, EventType.BARGE_RESULT, EventType.THREEWAY_RESULT]) {
  AgentSDK.on(name, (e) => log(name, `${e.result} on call ${e.uniqueId}`));
}
AgentSDK.on(EventType.DISCONNECT_RESULT, (e) => log('disconnectResult', `${e.result}: ${e.disconnectorCno}'s call ${e.uniqueId}`));
AgentSDK.on(EventType.SET_OFFLINE, (e) => log('setOfflineResult', `${e.agentNo} offline by ${e.initiator}`));
AgentSDK.on(EventType.TRANSCRIPT, (e) => transcript.add(e));
AgentSDK.on(EventType.SESSION_TERMINATE, (e) => {
  if (!e.reason) return;
  panel.hidden = true;
  clearInterval(ticker);
  showMonitor(null);
  transcript.clear('Monitor a call to follow its transcript.');
});
