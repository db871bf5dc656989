// Turns bench/build/{size,browser,scale,fanout}.json into bench/results.json and
// docs/performance.md, prints the latter, and exits 1 when the SDK is over
// its size budget (bench/budget.json).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { join } from 'node:path';

import { fanoutFigures, fanoutSection, fanoutSummaryRow } from './report-fanout.mjs';
import { f, median, ms, n0, spread, x } from './stats.mjs';

const root = new URL('..', import.meta.url).pathname;
const read = (p) => JSON.parse(readFileSync(join(root, p), 'utf8'));
const size = read('bench/build/size.json');
const browser = read('bench/build/browser.json');
const scaleRuns = read('bench/build/scale.json');
const fanout = fanoutFigures(read('bench/build/fanout.json'));
const seconds = (f) => {
  try {
    return Number(readFileSync(join(root, 'bench/build', f), 'utf8').trim());
  } catch {
    return null;
  }
};
const loadavg = (f) => {
  try {
    return readFileSync(join(root, 'bench/build', f), 'utf8').trim().split(' ').slice(0, 3).join(' ');
  } catch {
    return 'not recorded';
  }
};
const git = (...args) => {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

const SIP_TARGET = 20;
// Event dispatch: at least 0.9 of the plain-JS client's rate (issue #8).
const DISPATCH_TARGET = 0.9;
// Softphone answer: the SDK at most half of JsSIP's time (issue #8).
const ANSWER_TARGET = 0.5;
// The browser's steps of an answer, in the order they are taken.
const ANSWER_STEPS = ['peerConnection', 'setRemoteDescription', 'getUserMedia', 'microphoneOpen', 'answerCreated',
  'setLocalDescription', 'firstCandidate', 'iceGathered'];
const STEP_NAMES = {
  peerConnection: '`new RTCPeerConnection`',
  setRemoteDescription: '`setRemoteDescription(offer)` called',
  getUserMedia: '`getUserMedia` called',
  microphoneOpen: 'microphone open (`getUserMedia` resolved)',
  answerCreated: '`createAnswer` resolved',
  setLocalDescription: '`setLocalDescription(answer)` called',
  firstCandidate: 'first ICE candidate',
  iceGathered: 'ICE gathering complete',
};

const machine = {
  nproc: cpus().length,
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  chromium: browser.browser.version,
  node: process.version,
  kernel: release(),
  loadAverageBefore: loadavg('loadavg-before'),
  loadAverageAfter: loadavg('loadavg-after'),
};

const dispatchOf = (label) => {
  const out = {};
  for (const kind of ['sdk', 'plain']) {
    const runs = browser.dispatch[label][kind];
    out[kind] = {
      events: runs[0].n,
      rate: runs[0].rate,
      eventsPerSecond: spread(runs.map((r) => r.eventsPerSecond)),
      inPageP50Ms: spread(runs.map((r) => r.inPageMs.p50)),
      inPageP99Ms: spread(runs.map((r) => r.inPageMs.p99)),
      endToEndP50Ms: spread(runs.map((r) => r.endToEndMs.p50)),
      endToEndP99Ms: spread(runs.map((r) => r.endToEndMs.p99)),
      clockUncertaintyMs: Math.max(...runs.map((r) => r.clock.uncertaintyMs)),
    };
  }
  return out;
};
const burst = dispatchOf('burst');
const dispatchRatio = burst.sdk.eventsPerSecond.median / burst.plain.eventsPerSecond.median;
const dispatchMet = dispatchRatio >= DISPATCH_TARGET;
const paced = dispatchOf('paced');

const sipRates = browser.sip.messagesPerSecond;
const sip = {
  bytes: browser.sip.facts.bytes,
  sdk: spread(sipRates.sdk),
  sdkFull: spread(sipRates.sdkFull),
  jssip: spread(sipRates.jssip),
};
sip.ratio = sip.sdkFull.median / sip.jssip.median;
sip.ratioSplitOnly = sip.sdk.median / sip.jssip.median;
sip.target = SIP_TARGET;
sip.met = sip.ratio >= SIP_TARGET;

const startup = Object.fromEntries(Object.entries(browser.startup).map(([k, runs]) => [k, spread(runs.map((r) => r.ms))]));
startup.sdkScriptTagFacade = spread(browser.startup.sdkScriptTag.map((r) => r.facadeMs));

// --- 5. softphone answer -------------------------------------------------------
// Per run (page): the median of its warm calls; then the spread over runs.
const answerOf = (kind) => {
  const runs = browser.answer[kind];
  return {
    callsPerRun: runs[0].warm.length + 1,
    inviteToOkMs: spread(runs.map((r) => median(r.warm.map((c) => c.inviteToOkMs)))),
    inviteToAudioMs: spread(runs.map((r) => median(r.warm.map((c) => c.inviteToAudioMs)))),
    coldInviteToOkMs: spread(runs.map((r) => r.cold.inviteToOkMs)),
    coldInviteToAudioMs: spread(runs.map((r) => r.cold.inviteToAudioMs)),
    clockUncertaintyMs: Math.max(...runs.flatMap((r) => [r.cold, ...r.warm].map((c) => c.clockUncertaintyMs))),
    // The 200 OK over every warm call, as the steps below are taken.
    okAllCallsMs: median(runs.flatMap((r) => r.warm.map((c) => c.inviteToOkMs))),
    // Each browser step's time after the INVITE: the median over every warm
    // call that took it (a client may keep, say, the microphone open).
    steps: Object.fromEntries(ANSWER_STEPS.map((name) => {
      const at = runs.flatMap((r) => r.warm.map((c) => c.steps?.[name])).filter((v) => typeof v === 'number');
      return [name, at.length ? { medianMs: median(at), calls: at.length } : null];
    })),
  };
};
const answer = { sdk: answerOf('sdk'), jssip: answerOf('jssip'), target: ANSWER_TARGET };
answer.ratioOk = answer.sdk.inviteToOkMs.median / answer.jssip.inviteToOkMs.median;
answer.ratioAudio = answer.sdk.inviteToAudioMs.median / answer.jssip.inviteToAudioMs.median;
answer.metOk = answer.ratioOk <= ANSWER_TARGET;
answer.metAudio = answer.ratioAudio <= ANSWER_TARGET;

// --- 6. memory -------------------------------------------------------------------
const mem = browser.memory;
const reading = (sample, key) => spread(sample.readings.map((r) => r[key]));
const memAt = (sample) => ({
  label: sample.label, calls: sample.calls, events: sample.events, atSeconds: sample.atMs / 1000,
  wasmBytes: reading(sample, 'wasmBytes'), jsHeapUsed: reading(sample, 'jsHeapUsed'),
});
const memSamples = mem.samples.map(memAt);
const memFirst = memSamples.find((m) => m.label === 'first 100');
const memLast = memSamples[memSamples.length - 1];
// Noise: the widest spread of the three readings taken at any one point.
const heapNoise = Math.max(...memSamples.map((m) => m.jsHeapUsed.max - m.jsHeapUsed.min));
const memory = {
  calls: mem.calls, events: mem.events, seconds: mem.seconds, samples: memSamples,
  wasmGrowthBytes: memLast.wasmBytes.median - memFirst.wasmBytes.median,
  jsHeapGrowthBytes: memLast.jsHeapUsed.median - memFirst.jsHeapUsed.median,
  jsHeapNoiseBytes: heapNoise,
  // The wasm memory grows in 64 KiB pages and never shrinks; the JS heap
  // after a full collection moves by its reading noise.
};
memory.metWasm = memory.wasmGrowthBytes === 0;
memory.metJsHeap = memory.jsHeapGrowthBytes <= Math.max(heapNoise, 0);

// --- 7. gateway scale ------------------------------------------------------------
const scale = {
  runs: scaleRuns,
  stepSecs: scaleRuns[0]?.stepSecs,
  pushIntervalMs: scaleRuns[0]?.pushIntervalMs,
  pingIntervalMs: scaleRuns[0]?.pingIntervalMs,
  p99LimitMs: scaleRuns[0]?.p99LimitMs,
  heldSessions: spread(scaleRuns.map((r) => r.heldSessions)),
};
// Each step's figures over the runs that reached it.
const stepSizes = [...new Set(scaleRuns.flatMap((r) => r.steps.map((st) => st.sessions)))].sort((a, c) => a - c);
scale.steps = stepSizes.map((n) => {
  const at = scaleRuns.map((r) => r.steps.find((st) => st.sessions === n)).filter(Boolean);
  const pick = (fn) => spread(at.map(fn).filter((v) => typeof v === 'number'));
  return {
    sessions: n,
    runs: at.length,
    degradedRuns: at.filter((st) => st.degraded).length,
    pushesPerSecond: pick((st) => st.pushesPerSecond),
    pushRatio: pick((st) => st.pushRatio),
    pingP50Ms: pick((st) => st.pingMs.p50),
    pingP99Ms: pick((st) => st.pingMs.p99),
    gatewayCpuPercent: pick((st) => st.gatewayCpuPercent),
    clientCpuPercent: pick((st) => st.clientCpuPercent),
    gatewayRssBytes: pick((st) => st.gatewayRssBytes),
    rampMs: pick((st) => st.rampMs),
    errors: at.reduce((a, st) => a + st.errors + st.gaps + (st.failedLogins ?? 0), 0),
  };
});

const b = size.builds;
const results = {
  generated: new Date().toISOString(),
  commit: git('rev-parse', '--short', 'HEAD') + (git('status', '--porcelain', '--', 'src', 'pkg-template') ? '+changes' : ''),
  machine,
  size: {
    esm: { raw: b.esm.raw, gzip: b.esm.gzip, brotli: b.esm.brotli, files: b.esm.files },
    scriptTag: { raw: b.scriptTag.raw, gzip: b.scriptTag.gzip, brotli: b.scriptTag.brotli, files: b.scriptTag.files },
    jssip: size.jssip,
    ratioGzipToJssip: b.esm.gzip / size.jssip.gzip,
    budget: size.budget.gzipBytesMax,
    overBudget: size.overBudget,
    wasm: size.wasm,
  },
  dispatch: {
    burst: { ...burst, ratio: dispatchRatio, target: DISPATCH_TARGET, met: dispatchMet },
    paced: { ...paced },
  },
  sip,
  startup: {
    ...startup,
    ratioScriptTag: startup.sdkScriptTag.median / startup.jssip.median,
    ratioModule: startup.sdkModule.median / startup.jssip.median,
  },
  answer,
  memory,
  scale,
  fanout,
  timing: { wallSeconds: seconds('wall-seconds'), measureSeconds: seconds('measure-seconds'), memorySeconds: mem.seconds },
  raw: browser,
};
writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');

// --- the page ------------------------------------------------------------------

const kb = (x) => `${(x / 1000).toFixed(1)} KB`;
const rate = (s) => `${n0(s.median)} (${n0(s.min)} – ${n0(s.max)})`;
const us = (s) => `${f(s.median * 1000, 0)} µs (${f(s.min * 1000, 0)} – ${f(s.max * 1000, 0)})`;

// How much of the time between two events the client's own work took:
// mean in-page latency against 1 / rate. The rest is Chromium handing
// each message to the page and whatever else the machine ran.
const share = (kind) => {
  const runs = browser.dispatch.burst[kind];
  const perEventUs = median(runs.map((r) => 1e6 / r.eventsPerSecond));
  const ownUs = median(runs.map((r) => r.inPageMs.mean * 1000));
  return { perEventUs, ownUs };
};
const sdkShare = share('sdk');
const plainShare = share('plain');
const burstReading = `In a burst, events came every ${f(sdkShare.perEventUs, 0)} µs to the SDK's handler and every ` +
  `${f(plainShare.perEventUs, 0)} µs to the plain client's (medians), of which the client's own work (the mean ` +
  `in-page latency) was ${f(sdkShare.ownUs, 0)} µs and ${f(plainShare.ownUs, 0)} µs. The rest is Chromium ` +
  'handing over each message (one task per message, through its network process) and the CPU that other ' +
  'work on the machine took, so the events/s ratio shows the SDK\'s cost diluted; the in-page latency isolates it.';
const e2eDiff = paced.sdk.endToEndP50Ms.median - paced.plain.endToEndP50Ms.median;
const inPageDiff = paced.sdk.inPageP50Ms.median - paced.plain.inPageP50Ms.median;
const pacedReading = `At ${n0(paced.sdk.rate)} pushes per second the medians end to end differ by ` +
  `${f(Math.abs(e2eDiff), 3)} ms (SDK ${e2eDiff >= 0 ? 'slower' : 'faster'}), for an in-page difference of ` +
  `${f(inPageDiff * 1000, 0)} µs; the rest is the loopback hop, Chromium's network process and the ` +
  'scheduling of the renderer, which both clients share, and which a loaded machine stretches in the p99.';

const burstRuns = [...browser.dispatch.burst.sdk, ...browser.dispatch.burst.plain];
const tenBigBurstsMin = (5 * 200000 / burst.sdk.eventsPerSecond.median + 5 * 200000 / burst.plain.eventsPerSecond.median) / 60;
// First against last thousand events of each burst run: a rate that still
// drifts at the end would need a longer burst.
const drifts = burstRuns
  .filter((r) => r.firstEventsPerSecond)
  .map((r) => r.lastEventsPerSecond / r.firstEventsPerSecond - 1);
const runSpread = Math.max(...['sdk', 'plain'].map((k) => {
  const e = burst[k].eventsPerSecond;
  return (e.max - e.min) / e.median;
}));
const maxDrift = drifts.length ? Math.max(...drifts.map(Math.abs)) : 0;
const steadiness = !drifts.length
  ? ''
  : `Between the first and the last thousand events of a run the pace changed by ${f(100 * Math.min(...drifts), 0)} % ` +
    `to ${f(100 * Math.max(...drifts), 0)} %` +
    (maxDrift <= runSpread
      ? `, within the spread between runs (${f(100 * runSpread, 0)} %): the rate is steady, and a longer burst would measure the same thing.`
      : Math.min(...drifts) < 0 && Math.max(...drifts) > 0
        ? `, both ways: that is the machine's other load coming and going, not a warm-up or a slow-down of the client; a longer burst would average over more of it without changing what is measured.`
        : `, always ${drifts[0] > 0 ? 'faster' : 'slower'} at the end: the rate had not settled, and a longer burst (\`BENCH_EVENTS\`) would tell more.`);

const overlaps = (a, c) => a.min < c.max && c.min < a.max;
const startupReading = overlaps(startup.sdkScriptTag, startup.jssip) && overlaps(startup.sdkModule, startup.jssip)
  ? 'The ranges of all three overlap: on this machine, at this load, the start-up times of the SDK and of ' +
    'JsSIP cannot be told apart, and the ratio of the medians moves from run to run of the command.'
  : 'The ranges do not all overlap, so the difference between the medians stands out of the noise.';

const over = size.overBudget;
const budgetLine = over.length
  ? `**Over budget**: ${over.map((o) => `${o.build} ${n0(o.gzip)} B gzipped, ${n0(o.over)} B over its ${n0(o.max)} B`).join('; ')}.`
  : `Within budget: the larger build (script tag) is ${n0(b.scriptTag.gzip)} B gzipped of ${n0(size.budget.gzipBytesMax.scriptTag)} B.`;

const fileRows = b.scriptTag.files
  .map((file) => `| \`${file.path}\` | ${n0(file.raw)} | ${n0(file.gzip)} | ${n0(file.brotli)} |`)
  .join('\n');
const sectionRows = Object.entries(size.wasm.shippedSections)
  .sort((a, c) => c[1] - a[1])
  .filter(([, bytes]) => bytes >= 100)
  .map(([name, bytes]) => `| ${name} | ${n0(bytes)} |`)
  .join('\n');
const crateRows = size.wasm.byCrate
  .slice(0, 12)
  .map((c) => `| ${c.crate} | ${n0(c.bytes)} | ${f((100 * c.bytes) / size.wasm.namedCodeBytes, 1)} % |`)
  .join('\n');
const fnRows = size.wasm.topFunctions
  .map((fn) => `| ${n0(fn.bytes)} | \`${fn.name.replace(/\|/g, '\\|')}\` |`)
  .join('\n');

const mb = (x) => `${(x / 1e6).toFixed(1)} MB`;
const kib = (x) => `${n0(x / 1024)} KiB`;
const answerVerdict = (ratio, met) => met
  ? `**met** (${x(ratio)}, at most ${x(ANSWER_TARGET)})`
  : `**missed**: ${x(ratio)} where at most ${x(ANSWER_TARGET)} is asked, ${f(ratio / ANSWER_TARGET, 2)}× the target`;
const memRows = memSamples
  .map((m) => `| ${m.label} | ${n0(m.calls)} | ${n0(m.events)} | ${n0(m.wasmBytes.median)} | ` +
    `${n0(m.jsHeapUsed.median)} (${n0(m.jsHeapUsed.min)} – ${n0(m.jsHeapUsed.max)}) | ${n0(m.atSeconds)} |`)
  .join('\n');
const scaleRows = scale.steps
  .map((st) => `| ${n0(st.sessions)} | ${st.runs}${st.degradedRuns ? ` (${st.degradedRuns} degraded)` : ''} | ` +
    `${rate(st.pushesPerSecond)} | ${f(st.pushRatio.median * 100, 1)} % | ${ms(st.pingP50Ms, 2)} | ${ms(st.pingP99Ms, 1)} | ` +
    `${f(st.gatewayCpuPercent.median, 0)} % | ${f(st.clientCpuPercent.median, 0)} % | ${mb(st.gatewayRssBytes.median)} | ${st.errors} |`)
  .join('\n');
const lastStep = scale.steps[scale.steps.length - 1];
// Resident memory per session, from the first to the largest step measured.
const firstStep = scale.steps[0];
const rssPerSession = lastStep && firstStep && lastStep.sessions > firstStep.sessions
  ? (lastStep.gatewayRssBytes.median - firstStep.gatewayRssBytes.median) / (lastStep.sessions - firstStep.sessions)
  : null;
// The first step at which most of the runs that reached it degraded.
const worst = scale.steps.find((st) => 2 * st.degradedRuns > st.runs);
const scaleCost = (rssPerSession === null ? '' : `The gateway's resident memory grew by about ${n0(rssPerSession / 1024)} KiB per session ` +
  `(${mb(firstStep.gatewayRssBytes.median)} at ${n0(firstStep.sessions)} sessions, ${mb(lastStep.gatewayRssBytes.median)} at ${n0(lastStep.sessions)}). `) +
  (worst ? `Where it degraded (${n0(worst.sessions)} sessions) the gateway used ${f(worst.gatewayCpuPercent.median, 0)} % of one core and ` +
    `the load client ${f(worst.clientCpuPercent.median, 0)} %, ${f(worst.gatewayCpuPercent.median + worst.clientCpuPercent.median, 0)} % of the ` +
    `machine's 200 %: the two did not use all of the CPU, so the latency there is not this gateway running out of ` +
    'cores alone; the rest of the machine\'s load (the load average above) and the gateway\'s own serialisation ' +
    '(one hub, behind one lock, for all sessions) are where to look next.' : '');
const allHeld = scaleRuns.every((r) => r.steps.every((st) => !st.degraded));
const scaleReading = allHeld
  ? `Every run held the largest step tried, ${n0(lastStep.sessions)} sessions, without degrading: the limit of one gateway process on this machine is above it, and a larger \`BENCH_SCALE_STEPS\` would find it.`
  : `The first step that degraded is the limit: ${scaleRuns.map((r) => {
      const bad = r.steps.find((st) => st.degraded);
      if (!bad) return `a run held all steps`;
      const why = [bad.errors ? `${bad.errors} errors` : '', bad.failedLogins ? `${bad.failedLogins} logins failed` : '', bad.gaps ? `${bad.gaps} pushes out of order` : '',
        bad.pushRatio < 0.95 ? `${f(bad.pushRatio * 100, 1)} % of the pushes due arrived` : '',
        bad.pingMs.p99 > r.p99LimitMs ? `ping p99 ${f(bad.pingMs.p99, 1)} ms` : ''].filter(Boolean).join(', ');
      return `at ${n0(bad.sessions)} sessions (${why})`;
    }).join('; ')}.`;

const RAMP = scaleRuns[0]?.rampConcurrency ?? 64;
const mediaGap = (k) => answer[k].inviteToAudioMs.median - answer[k].inviteToOkMs.median;
const stepCell = (k, name) => {
  const st = answer[k].steps[name];
  return st ? f(st.medianMs, 1) : '—';
};
const stepRows = ANSWER_STEPS
  .map((name) => `| ${STEP_NAMES[name]} | ${stepCell('sdk', name)} | ${stepCell('jssip', name)} |`)
  .join('\n');
const stepAt = (k, name) => answer[k].steps[name]?.medianMs;
const gatheredBoth = stepAt('sdk', 'iceGathered') !== undefined && stepAt('jssip', 'iceGathered') !== undefined;
const srdBoth = stepAt('sdk', 'setRemoteDescription') !== undefined && stepAt('jssip', 'setRemoteDescription') !== undefined;
const CLIENT = { sdk: 'the SDK', jssip: 'JsSIP' };
const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
/** What client `k` waited for before its 200 OK, from its steps. */
const waitReading = (k) => {
  const gathered = stepAt(k, 'iceGathered');
  const first = stepAt(k, 'firstCandidate');
  if (gathered !== undefined) {
    return `${CLIENT[k]} waited for ICE gathering to complete (at ${f(gathered, 1)} ms) and its 200 OK left ` +
      `${f(answer[k].okAllCallsMs - gathered, 1)} ms after that`;
  }
  return `${CLIENT[k]} answered before ICE gathering completed` + (first !== undefined
    ? `: its first candidate came at ${f(first, 1)} ms and the 200 OK left ${f(answer[k].okAllCallsMs - first, 1)} ms after it`
    : '') + (k === 'sdk' ? ' (it waits for the kinds of candidate it can expect, docs/softphone.md section 14)' : '');
};
const answerReading = `From the 200 OK to the first audio at the gateway is the ICE check, the DTLS handshake and ` +
  `the first 20 ms frame: ${f(mediaGap('sdk'), 1)} ms for the SDK and ${f(mediaGap('jssip'), 1)} ms for JsSIP (medians). ` +
  (srdBoth
    ? `The offer reached the browser (\`setRemoteDescription\`) ${f(stepAt('sdk', 'setRemoteDescription'), 1)} ms after ` +
      `the INVITE in the SDK and ${f(stepAt('jssip', 'setRemoteDescription'), 1)} ms in JsSIP: that is each client's own ` +
      'work on the INVITE (parsing, the dialog, the event to the application and its answer call) and, for a client ' +
      'that opens the microphone before it sets the offer, the microphone. '
    : '') +
  `${capital(['sdk', 'jssip'].map((k) => waitReading(k)).join('; '))} (medians over all warm calls). There is no trickle ICE ` +
  'over this SIP: the 200 OK\'s SDP carries the candidates, so every client waits for some gathering before it answers.';
const heaps = memSamples.filter((m) => m.calls >= (memFirst?.calls ?? 0)).map((m) => m.jsHeapUsed.median);
// The last 70 % of the run: a leak keeps growing there, a warm-up does not.
const slicesAfter = memSamples.slice(memSamples.indexOf(memFirst) + 1);
const late = slicesAfter.slice(Math.floor(slicesAfter.length * 0.3));
const lateHeaps = late.map((m) => m.jsHeapUsed.median);
const lateChange = late.length > 1 ? lateHeaps[lateHeaps.length - 1] - lateHeaps[0] : 0;
const lateNote = late.length > 1
  ? `from ${n0(late[0].calls)} calls and ${n0(late[0].events)} events to the end (${n0(memLast.calls - late[0].calls)} calls and ` +
    `${n0(memLast.events - late[0].events)} events more) the JS heap changed by ${n0(lateChange)} bytes, reading between ` +
    `${n0(Math.min(...lateHeaps))} and ${n0(Math.max(...lateHeaps))}`
  : '';
const memoryReading = `Over the slices after the first 100 the JS heap read between ${n0(Math.min(...heaps))} and ` +
  `${n0(Math.max(...heaps))} bytes and the wasm memory between ` +
  `${n0(Math.min(...memSamples.slice(1).map((m) => m.wasmBytes.median)))} and ${n0(Math.max(...memSamples.slice(1).map((m) => m.wasmBytes.median)))} bytes` +
  (lateNote ? `; ${lateNote}. ` : '. ') +
  'A leak (something kept per call or per event) grows with the count to the end; a warm-up (V8 compiling and ' +
  'profiling the code paths of a call, buffers reaching their working size) grows once, early, and then stays.';

// The closing note: every target missed, by how much, and where the why is.
// Why the answer misses, from the run's own steps.
const answerWhy = () => {
  if (gatheredBoth && stepAt('jssip', 'iceGathered') >= 0.5 * answer.jssip.okAllCallsMs &&
    stepAt('sdk', 'iceGathered') >= 0.5 * answer.sdk.okAllCallsMs) {
    return `Why: for both clients most of the answer is the browser's WebRTC work up to the end of ICE gathering (${f(stepAt('sdk', 'iceGathered'), 1)} ms of the SDK's ${f(answer.sdk.okAllCallsMs, 1)} ms, ${f(stepAt('jssip', 'iceGathered'), 1)} ms of JsSIP's ${f(answer.jssip.okAllCallsMs, 1)} ms, medians over all warm calls), which both wait for and no client can halve; the SDK's own share is the time before \`setRemoteDescription\` and after gathering (section 5).`;
  }
  const first = stepAt('sdk', 'firstCandidate');
  const made = stepAt('sdk', 'peerConnection');
  if (answer.metOk && first !== undefined && made !== undefined) {
    // First audio = 200 OK + the media path after it (ICE check, DTLS, the
    // first frame), which is the browser's and about the same for both.
    const okNeeded = ANSWER_TARGET * answer.jssip.inviteToAudioMs.median - mediaGap('sdk');
    return `Why: after the 200 OK the ICE check, the DTLS handshake and the first frame took ${f(mediaGap('sdk'), 1)} ms for the SDK and ${f(mediaGap('jssip'), 1)} ms for JsSIP (the browser's work, alike for both), so half JsSIP's time to the first audio needs the SDK's 200 OK within about ${f(okNeeded, 1)} ms; it left at ${f(answer.sdk.inviteToOkMs.median, 1)} ms: ${f(made, 1)} ms before the peer connection was made (the INVITE's handling, the event to the page and its \`sipLink\`), the browser's steps up to the first candidate at ${f(first, 1)} ms, then the wait for sibling candidates (20 ms after the last, docs/softphone.md section 14).`;
  }
  return "Section 5 breaks the time into the browser's steps.";
};
const missed = [
  over.length ? `**Size**: ${over.map((o) => `the ${o.build === 'esm' ? 'ES module' : 'script-tag'} build by ${n0(o.over)} B (${f((100 * o.over) / o.max, 1)} %)`).join(', ')} over the ${kb(size.budget.gzipBytesMax.scriptTag)} gzipped budget; section 1 shows where the bytes go (the largest part of the code: \`${size.wasm.byCrate[0].crate}\`, ${f((100 * size.wasm.byCrate[0].bytes) / size.wasm.namedCodeBytes, 1)} %).` : '',
  !dispatchMet
    ? `**Event dispatch**: ${x(dispatchRatio)} of the plain-JS client's rate in a burst, where at least ${x(DISPATCH_TARGET)} is asked (${f(DISPATCH_TARGET / dispatchRatio, 2)}× short). Why: the SDK's own work per event (mean in-page latency) was ${f(sdkShare.ownUs, 0)} µs against ${f(plainShare.ownUs, 0)} µs (section 2 lists its steps).`
    : '',
  !answer.metOk || !answer.metAudio
    ? `**Softphone answer**: ${x(answer.ratioOk)} of JsSIP's time to the 200 OK and ${x(answer.ratioAudio)} to the first audio, where at most ${x(ANSWER_TARGET)} is asked: ${f(answer.ratioOk / ANSWER_TARGET, 2)}× and ${f(answer.ratioAudio / ANSWER_TARGET, 2)}× the target. ${answerWhy()}`
    : '',
  !memory.metWasm ? `**Memory, wasm**: grew by ${n0(memory.wasmGrowthBytes)} bytes after the first 100 calls and events (section 6).` : '',
  !memory.metJsHeap ? `**Memory, JS heap**: grew by ${n0(memory.jsHeapGrowthBytes)} bytes (${f((100 * memory.jsHeapGrowthBytes) / memFirst.jsHeapUsed.median, 1)} %) after the first 100, ${n0(memory.jsHeapGrowthBytes - memory.jsHeapNoiseBytes)} bytes beyond the noise of a reading${lateNote ? `; ${lateNote}` : ''} (section 6).` : '',
].filter(Boolean);
const closing = missed.length
  ? `Targets missed in this run:\n\n${missed.map((m) => `- ${m}`).join('\n')}`
  : 'Every target was met in this run.';

const sipVerdict = sip.met
  ? `Target (at least ${SIP_TARGET}× JsSIP's rate): **met**, ${x(sip.ratio)} by the like-for-like median.`
  : `Target (at least ${SIP_TARGET}× JsSIP's rate): **missed**, ${x(sip.ratio)} by the like-for-like median, ` +
    `${f(SIP_TARGET / sip.ratio, 2)}× short of it.`;

const md = `# Performance

Figures of the SDK as it is built today, each against a baseline, written by
\`bench/run.sh\` (do not edit by hand: run it again). Generated
${results.generated.slice(0, 16).replace('T', ' ')} UTC at commit \`${results.commit}\`; every figure
is also in \`bench/results.json\` with each run's raw values.

## Machine

| | |
|---|---|
| CPUs (\`nproc\`) | ${machine.nproc} |
| CPU model | ${machine.cpu} |
| Chromium | ${machine.chromium} (headless, Debian's \`/usr/bin/chromium\`) |
| Node.js | ${machine.node} |
| Linux | ${machine.kernel} |
| load average (1, 5, 15 min) before / after the browser runs | ${machine.loadAverageBefore} / ${machine.loadAverageAfter} |

The machine is a 2-core virtual machine shared with other builds: a load
average above 2 means the browser got only part of a core, and absolute
figures move with it from run to run. Each figure is therefore given as
median (min – max) over ${sip.sdk.runs} runs (${startup.jssip.runs} for start-up), and each is compared with its
baseline measured in the same browser in the same minutes, whose ratio is
steadier than either number.

## Summary

| figure | SDK | baseline | ratio |
|---|---|---|---|
| download, gzip (ES module / script tag) | ${kb(b.esm.gzip)} / ${kb(b.scriptTag.gzip)} | JsSIP ${size.jssip.version} bundle ${kb(size.jssip.gzip)} | ${x(b.esm.gzip / size.jssip.gzip)} |
| events to a handler, burst (events/s) | ${n0(burst.sdk.eventsPerSecond.median)} | plain JS ${n0(burst.plain.eventsPerSecond.median)} | ${x(dispatchRatio)} (target ≥ ${x(DISPATCH_TARGET)}) |
| frame arrival → handler, p50 / p99 | ${f(burst.sdk.inPageP50Ms.median * 1000, 0)} / ${f(burst.sdk.inPageP99Ms.median * 1000, 0)} µs | plain JS ${f(burst.plain.inPageP50Ms.median * 1000, 0)} / ${f(burst.plain.inPageP99Ms.median * 1000, 0)} µs | ${x(burst.sdk.inPageP50Ms.median / burst.plain.inPageP50Ms.median)} (p50) |
| server write → handler at ${n0(paced.sdk.rate)}/s, p50 / p99 | ${f(paced.sdk.endToEndP50Ms.median, 2)} / ${f(paced.sdk.endToEndP99Ms.median, 2)} ms | plain JS ${f(paced.plain.endToEndP50Ms.median, 2)} / ${f(paced.plain.endToEndP99Ms.median, 2)} ms | ${x(paced.sdk.endToEndP50Ms.median / paced.plain.endToEndP50Ms.median)} (p50) |
| SIP INVITE parsed (messages/s) | ${n0(sip.sdkFull.median)} | JsSIP ${n0(sip.jssip.median)} | ${x(sip.ratio)} (target ≥ ${SIP_TARGET}×) |
| start-up, script tag → usable | ${f(startup.sdkScriptTag.median)} ms | JsSIP load + UA ${f(startup.jssip.median)} ms | ${x(startup.sdkScriptTag.median / startup.jssip.median)} |
| softphone answer: INVITE in → 200 OK out | ${f(answer.sdk.inviteToOkMs.median, 1)} ms | JsSIP ${f(answer.jssip.inviteToOkMs.median, 1)} ms | ${x(answer.ratioOk)} (target ≤ ${x(ANSWER_TARGET)}) |
| softphone answer: INVITE in → first audio at the gateway | ${f(answer.sdk.inviteToAudioMs.median, 1)} ms | JsSIP ${f(answer.jssip.inviteToAudioMs.median, 1)} ms | ${x(answer.ratioAudio)} (target ≤ ${x(ANSWER_TARGET)}) |
| memory after ${n0(memory.calls)} calls + ${n0(memory.events)} events: wasm / JS heap | ${kib(memLast.wasmBytes.median)} / ${mb(memLast.jsHeapUsed.median)} | after the first 100: ${kib(memFirst.wasmBytes.median)} / ${mb(memFirst.jsHeapUsed.median)} | growth ${n0(memory.wasmGrowthBytes)} B / ${n0(memory.jsHeapGrowthBytes)} B |
| agent sessions one gateway holds (1 push/s and 1 ping/s each) | ${n0(scale.heldSessions.median)} (${n0(scale.heldSessions.min)} – ${n0(scale.heldSessions.max)}) | — | — |
${fanoutSummaryRow(fanout)}

**Budget and targets.** Size ${over.length ? '**over budget**' : 'within budget'} (at most ${kb(size.budget.gzipBytesMax.scriptTag)} gzipped per build). Event dispatch: ${dispatchMet ? 'met' : '**missed**'} (${x(dispatchRatio)} of at least ${x(DISPATCH_TARGET)}). SIP parsing: ${sip.met ? 'met' : '**missed**'} (${x(sip.ratio)} of at least ${SIP_TARGET}×). Softphone answer (at most half JsSIP's time): to the 200 OK ${answer.metOk ? 'met' : '**missed**'} (${x(answer.ratioOk)}), to the first audio ${answer.metAudio ? 'met' : '**missed**'} (${x(answer.ratioAudio)}). Memory (no growth beyond noise): wasm ${memory.metWasm ? 'met' : '**missed**'}, JS heap ${memory.metJsHeap ? 'met' : '**missed**'}. Queue-status fan-out: ${fanout.allSeen ? 'every change reached every supervisor' : '**changes were lost**'}, ${x(fanout.ratioP99)} the one-supervisor p99 delay at ${fanout.phases[fanout.phases.length - 1].supervisors} supervisors.

## 1. Size

**Method.** What a user downloads, file by file as a web server sends it:
each file compressed on its own with gzip level 9 and brotli quality 11
(Node's zlib), the way static files are compressed ahead of time. The ES
module build is \`index.js\` + \`wasm/agent_sdk.js\` (wasm-bindgen glue) +
\`wasm/agent_sdk_bg.wasm\`; the script-tag build adds the loader
\`agent-sdk.global.js\`. The files are those \`scripts/build-pkg.sh\` puts in
\`pkg/\` (release build, \`opt-level = "z"\`, LTO, \`wasm-opt -Oz\`). The
TypeScript declarations are not downloaded by a browser and are not counted.

| file | raw | gzip | brotli |
|---|---:|---:|---:|
${fileRows}
| **ES module build** | ${n0(b.esm.raw)} | **${n0(b.esm.gzip)}** | ${n0(b.esm.brotli)} |
| **script-tag build** | ${n0(b.scriptTag.raw)} | **${n0(b.scriptTag.gzip)}** | ${n0(b.scriptTag.brotli)} |
| JsSIP ${size.jssip.version}, \`jssip.min.js\` | ${n0(size.jssip.raw)} | ${n0(size.jssip.gzip)} | ${n0(size.jssip.brotli)} |

**Budget** (\`bench/budget.json\`): the complete SDK at most 100 KB (100,000
bytes) gzipped, per build. ${budgetLine} These bytes include the
softphone: the SIP user agent (\`src/sip\`), its browser media
(\`src/web/softphone.rs\`, \`media.js\`) and the call-quality figures.

**JsSIP.** The npm package of JsSIP ${size.jssip.version} ships only \`lib/\`
(CommonJS), no \`dist/\`; \`bench/build-jssip.mjs\` builds \`jssip.min.js\` with
esbuild and the options of JsSIP's own release build (IIFE, minified,
es2015), dependencies (\`debug\`, \`events\`, \`sdp-transform\`) included, as a
script-tag user gets it. JsSIP is a SIP stack only: it has no agent
session, state or call-control API, which the SDK carries in the same bytes.
Today the SDK's ES module build, softphone included, is ${x(b.esm.gzip / size.jssip.gzip)} JsSIP's gzipped size.

**Where the wasm bytes go.** Sections of the shipped module:

| section | bytes |
|---|---:|
${sectionRows}

Code by crate (function bodies, from the name section of the same module
built with names: \`wasm-bindgen --keep-debug\` on the release wasm, then
\`wasm-opt -Oz -g\`; ${n0(size.wasm.namedCodeBytes)} bytes of code in ${n0(size.wasm.functionCount)} functions, against
${n0(size.wasm.shippedSections.code)} in the shipped code section):

| crate or module | code bytes | share |
|---|---:|---:|
${crateRows}

The largest functions (\`scripts/wasm-sizes.py\`):

| bytes | function |
|---:|---|
${fnRows}

## 2. Event dispatch

**Method.** A push source (\`bench/server.mjs\`) speaks enough of the
protocol for the SDK: \`loginResp\` with code 0, then \`agentStatus\` pushes
shaped like the gateway's (about 250 bytes of JSON, seq counting up, the
state alternating busy/idle), each stamped with the server's wall clock in
\`ts\`. The gateway itself is not used: it has no way to emit hundreds of
thousands of pushes on demand, and adding one would put benchmark-only code
in it. Two clients, each in a fresh page of its own (cross-origin isolated,
so \`performance.now()\` has 5 µs resolution):

- **SDK**: the ES module build, \`AgentSDK.setup\`, \`AgentSDK.login\`,
  \`AgentSDK.on('agentStatus', handler)\`.
- **plain JS**: a raw \`WebSocket\`, \`JSON.parse\`, a \`Map\` of handler
  \`Set\`s by \`eventType\`, and the seq check every client needs (each push
  once, in order).

The handler is the same function for both: it reads \`e.status.state\` and
records times. Clocks, per event:

- *in-page latency*: from the socket's \`message\` event (a listener added
  when the socket is constructed, so it runs before the client's own
  \`onmessage\`) to the handler: the cost the client adds to each frame;
- *end-to-end latency*: from the server writing the frame to the handler,
  with the page's clock aligned to the server's by the round trip of
  \`clock\` frames (the one with the smallest round trip; its uncertainty,
  half that round trip, was at most ${f(Math.max(paced.sdk.clockUncertaintyMs, paced.plain.clockUncertaintyMs), 2)} ms).

**Burst**: ${n0(burst.sdk.events)} pushes written at once (encoded first, then
handed to the kernel in large chunks, so the browser never waits for the
server). Rate = (events − 1) / (last handler time − first handler time).

| client | events/s | in-page p50 | in-page p99 |
|---|---:|---:|---:|
| SDK | ${rate(burst.sdk.eventsPerSecond)} | ${us(burst.sdk.inPageP50Ms)} | ${us(burst.sdk.inPageP99Ms)} |
| plain JS | ${rate(burst.plain.eventsPerSecond)} | ${us(burst.plain.inPageP50Ms)} | ${us(burst.plain.inPageP99Ms)} |
| SDK / plain | ${x(burst.sdk.eventsPerSecond.median / burst.plain.eventsPerSecond.median)} | ${x(burst.sdk.inPageP50Ms.median / burst.plain.inPageP50Ms.median)} | ${x(burst.sdk.inPageP99Ms.median / burst.plain.inPageP99Ms.median)} |

**Paced**: ${n0(paced.sdk.events)} pushes at ${n0(paced.sdk.rate)} per second, each written on
its own with its own time stamp (far above what a desk receives, and below
what either client can take, so that, apart from stalls of the machine, no queue builds up).

| client | end-to-end p50 | end-to-end p99 | in-page p50 | in-page p99 |
|---|---:|---:|---:|---:|
| SDK | ${ms(paced.sdk.endToEndP50Ms, 3)} ms | ${ms(paced.sdk.endToEndP99Ms, 3)} ms | ${us(paced.sdk.inPageP50Ms)} | ${us(paced.sdk.inPageP99Ms)} |
| plain JS | ${ms(paced.plain.endToEndP50Ms, 3)} ms | ${ms(paced.plain.endToEndP99Ms, 3)} ms | ${us(paced.plain.inPageP50Ms)} | ${us(paced.plain.inPageP99Ms)} |

**Reading it.** ${burstReading} Per frame the SDK parses the text with
\`JSON.parse\` in JavaScript, where it arrives (the text is never copied into
wasm memory), learns in one call which head fields the object has and takes
only those into wasm (for a push, \`seq\` and \`eventType\`; while a
softphone runs, also an \`agentStatus\`'s \`status.state\`), runs the session's seq
bookkeeping, queues the event by name, leaves its timer alone (a push does
not move the next deadline, and the timer is re-armed only when that moves)
and calls the handlers from a snapshot of the listener list. Those steps
are where to look when this figure is to shrink. ${pacedReading}

## 3. SIP parsing

**Method.** One page loads the SDK's parser and JsSIP's and times both
on the same ${n0(sip.bytes)}-byte INVITE over WebSocket
(\`tests/fixtures/invite.sip\`): both must accept it first (JsSIP must find
the method, the From tag, both Record-Routes and the 832-byte SDP body).
The SDK's parser is reached through a benchmark-only wasm module,
\`bench/sip-parse-wasm/\`, which links the SDK and exports two functions; it
is built like the package (release profile, \`wasm-opt -Oz\`), and the
package itself is unchanged:

- \`parse_sip\`: start line, header lines, body (\`agent_sdk::sip::parse\`);
- \`parse_sip_full\`: that, plus every header JsSIP's \`Parser.parseMessage\`
  runs its grammar over, read by the SDK's typed readers: the Request-URI,
  every Via with its branch, From and To with their URIs and tags, Call-ID,
  CSeq, each Contact and Record-Route with its URI, Max-Forwards and
  Content-Type. **This is the like-for-like figure.**

Each call includes passing the JavaScript string into wasm, as the softphone
will receive frames. JsSIP's \`Parser\` is not exported from its entry, so
\`bench/build-jssip.mjs\` bundles \`jssip/lib/Parser.js\` on its own with the
same options. Each parser is warmed up, then timed for 500 ms in batches of
500 messages, ${sip.sdk.runs} rounds, rotating the order.

| parser | messages/s | µs per message |
|---|---:|---:|
| SDK, \`parse_sip_full\` | ${rate(sip.sdkFull)} | ${f(1e6 / sip.sdkFull.median, 1)} |
| SDK, \`parse_sip\` (split only) | ${rate(sip.sdk)} | ${f(1e6 / sip.sdk.median, 1)} |
| JsSIP ${size.jssip.version}, \`Parser.parseMessage\` | ${rate(sip.jssip)} | ${f(1e6 / sip.jssip.median, 1)} |

Ratio, like for like: **${x(sip.ratio)}** (split only: ${x(sip.ratioSplitOnly)}). ${sipVerdict}
JsSIP runs a generated PEG.js grammar over the start line and each header
it knows, building result objects as it goes; the SDK's parser splits the
frame into borrowed slices and its typed readers scan only the header they
are asked for, which is why the like-for-like figure asks for every one.

## 4. Start-up

**Method.** ${startup.jssip.runs} cold loads of each, rotating the order, each in a new browser context (no HTTP cache, no compiled
code cache, no module map from an earlier run), on an empty page of the
same origin, timed inside the page from just before the script element (or
the import) is created until the library can be used:

- **SDK, script tag**: \`<script src="/pkg/agent-sdk.global.js">\` inserted;
  done when \`await AgentSDK.ready\` resolves and \`AgentSDK.setup()\` has
  returned. The global facade itself exists after ${f(startup.sdkScriptTagFacade.median)} ms
  (median), and \`setup\`/\`on\` may be called from then on (they are
  replayed once the module is in).
- **SDK, ES module**: \`await import('/pkg/index.js')\` (its top-level await
  loads the wasm), then \`AgentSDK.setup()\`.
- **JsSIP**: \`<script src="jssip.min.js">\` inserted; done when it has run
  and \`new JsSIP.UA({sockets, uri, register: false})\` has returned (a UA is
  not started, just as \`setup\` does not connect).

Files come from the benchmark server on loopback, so this is parse,
compile and instantiate time plus a local round trip per file: the SDK
fetches three or four files in sequence, JsSIP one.

| library | ms to usable |
|---|---:|
| SDK, script tag | ${ms(startup.sdkScriptTag, 2)} |
| SDK, ES module | ${ms(startup.sdkModule, 2)} |
| JsSIP ${size.jssip.version}, script tag + UA | ${ms(startup.jssip, 2)} |
| SDK script tag / JsSIP | ${x(startup.sdkScriptTag.median / startup.jssip.median)} |
| SDK ES module / JsSIP | ${x(startup.sdkModule.median / startup.jssip.median)} |

${startupReading}

## 5. Softphone answer

**Method.** The gateway (release build, \`cargo build --profile gateway\`,
development configuration) rings a softphone in the page over its SIP
WebSocket (\`/v1/sip/ws\`), and the page answers at once. Two clients, each
in a fresh page of its own, alternating, ${answer.sdk.inviteToOkMs.runs} pages each, ${answer.sdk.callsPerRun} calls per page:

- **SDK**: the ES module build, \`AgentSDK.login\` with \`endpointType\` 3
  (its softphone registers), \`AgentSDK.sipLink()\` called from the
  \`sipSessionInit\` handler.
- **JsSIP ${size.jssip.version}**: the same agent logged in over a raw agent WebSocket, which
  gives the SIP password (\`sipPwd\`, \`webrtcSocketUrl\`, \`sipIp\`,
  \`webrtcStunServer\` of the \`loginResp\`); a \`JsSIP.UA\` registers with
  them (digest auth) and calls \`session.answer({mediaConstraints: {audio:
  true}})\` in its \`newRTCSession\` handler, with the same STUN server.

Each call: \`POST /v1/scenario/inbound\` for the agent, the INVITE, the
answer, then the customer hangs up and the agent unpauses out of wrap-up.
Chromium's fake microphone (\`--use-fake-device-for-media-stream\`) gives
both the same audio source. Clocks, per call:

- *INVITE in*: the INVITE frame's \`message\` event on the SIP socket, from a
  listener added when the page's \`WebSocket\` (wrapped before either client
  loads) is constructed, so it runs before the client's own handler;
- *200 OK out*: that INVITE's 200 OK handed to the socket's \`send\`;
- *first audio at the gateway*: the first SRTP packet from the page that the
  gateway's media peer received and decrypted (\`media.firstPacketMs\` of
  the agent's leg in the scenario's call view, gateway ms), moved onto the
  page's clock by the call's \`createdMs\`, taken inside the timed
  \`POST /v1/scenario/inbound\` request (uncertainty at most ${f(Math.max(answer.sdk.clockUncertaintyMs, answer.jssip.clockUncertaintyMs), 1)} ms, the same for
  both clients).

The first call of each page is the cold one (the page's first
\`getUserMedia\` and first peer connection); it is shown apart, and the
figure per page is the median of the other ${answer.sdk.callsPerRun - 1}.

| client | INVITE → 200 OK | INVITE → first audio at the gateway | cold call: → 200 OK / → audio |
|---|---:|---:|---:|
| SDK | ${ms(answer.sdk.inviteToOkMs)} ms | ${ms(answer.sdk.inviteToAudioMs)} ms | ${f(answer.sdk.coldInviteToOkMs.median, 1)} / ${f(answer.sdk.coldInviteToAudioMs.median, 1)} ms |
| JsSIP ${size.jssip.version} | ${ms(answer.jssip.inviteToOkMs)} ms | ${ms(answer.jssip.inviteToAudioMs)} ms | ${f(answer.jssip.coldInviteToOkMs.median, 1)} / ${f(answer.jssip.coldInviteToAudioMs.median, 1)} ms |
| SDK / JsSIP | ${x(answer.ratioOk)} | ${x(answer.ratioAudio)} | ${x(answer.sdk.coldInviteToOkMs.median / answer.jssip.coldInviteToOkMs.median)} / ${x(answer.sdk.coldInviteToAudioMs.median / answer.jssip.coldInviteToAudioMs.median)} |

Where the time to the 200 OK goes: each browser step's first time after the
INVITE (ms, median over the warm calls), from wrappers the page puts around
\`RTCPeerConnection\` and \`getUserMedia\` before either client loads (— for a
step the client did not take during the call):

| step | SDK | JsSIP ${size.jssip.version} |
|---|---:|---:|
${stepRows}
| 200 OK handed to the socket | ${f(answer.sdk.okAllCallsMs, 1)} | ${f(answer.jssip.okAllCallsMs, 1)} |

Target (the SDK in at most half JsSIP's time): to the 200 OK ${answerVerdict(answer.ratioOk, answer.metOk)}; to the first audio ${answerVerdict(answer.ratioAudio, answer.metAudio)}.
${answerReading}

## 6. Memory

**Method.** One page, one SDK session (agent \`1001\`, desk phone), driven
through the gateway (release build): calls through the scenario interface
(\`inbound\` → the agent's phone answers → the customer hangs up →
\`AgentSDK.unpause()\` out of wrap-up, one after the other; each call is
some ten pushes and an operation through the SDK), and pushes through the
gateway's numbered stream (\`POST /v1/scenario/agents/t1/1001/stream\`,
\`orderCallBack\` events, 20,000 per stream, each stream waited for), to a
handler that reads every payload and checks the numbering. First 100 calls
and 100 events, then the rest in ten slices, calls and events alternating.
After each, three readings, each after a full garbage collection
(\`HeapProfiler.collectGarbage\` over the DevTools protocol):

- *wasm*: \`WebAssembly.Memory\` of the SDK's own module instance
  (\`buffer.byteLength\`; the page imports the package's glue,
  \`pkg/wasm/agent_sdk.js\`, whose default export hands back the exports
  of the instance already loaded, \`memory\` among them; nothing is added to
  the SDK's API). It grows in 64 KiB pages and never shrinks, so any
  growth of what the SDK keeps shows in it;
- *JS heap*: \`Runtime.getHeapUsage\` \`usedSize\` of the page (the
  SDK's glue, its listeners and whatever the page holds).

| after | calls | events | wasm bytes | JS heap used, bytes: median (min – max of 3) | s |
|---|---:|---:|---:|---:|---:|
${memRows}

After the first 100, the wasm memory grew by **${n0(memory.wasmGrowthBytes)} bytes** and the
JS heap by **${n0(memory.jsHeapGrowthBytes)} bytes** (${f((100 * memory.jsHeapGrowthBytes) / memFirst.jsHeapUsed.median, 1)} %); the noise of a reading (the
widest spread of three readings at one point) is ${n0(memory.jsHeapNoiseBytes)} bytes.
Target (no growth beyond noise): wasm ${memory.metWasm ? '**met**' : '**missed**'}, JS heap ${memory.metJsHeap ? '**met**' : `**missed** by ${n0(memory.jsHeapGrowthBytes - memory.jsHeapNoiseBytes)} bytes`}. The run took ${n0(memory.seconds)} s.
${memoryReading}

## 7. Gateway scale

**Method.** Server side, no browser: the load client
(\`gateway/examples/load/\`, Rust, tokio-tungstenite, built with the
gateway's profile) runs in the same network namespace against a fresh
gateway process (release build, its configuration from \`load config\`: the
development tenants plus a tenant \`load\` with an agent per session). Every
session logs in over its own agent WebSocket, asks the gateway for a steady
stream of pushes (\`POST /v1/scenario/agents/load/{n}/stream\`, one
\`orderCallBack\` every ${n0(scale.pushIntervalMs)} ms) and sends the protocol's JSON ping every ${n0(scale.pingIntervalMs)} ms,
timing each pong. Sessions are added step by step, ${RAMP} at a time, and
each step is measured for ${scale.stepSecs} s once its sessions are up. A step
**degrades** on any error (a refused login, a socket that fails or closes),
any push out of order, fewer than 95 % of the pushes due arriving, or a
ping p99 over ${n0(scale.p99LimitMs)} ms; the client stops at the first such step. The gateway's
CPU (of one core: 200 % is the whole machine) and resident memory come from
\`/proc\`; the load client's own CPU is shown beside it because both share
the 2 cores. ${scaleRuns.length} runs.

| sessions | runs | pushes/s | pushes due that arrived | ping p50 ms | ping p99 ms | gateway CPU | client CPU | gateway RSS | errors, gaps, failed logins |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${scaleRows}

**Sessions one gateway held** (the largest step that did not degrade): ${n0(scale.heldSessions.median)} (${n0(scale.heldSessions.min)} – ${n0(scale.heldSessions.max)}) over ${scaleRuns.length} runs. ${scaleReading}
${scaleCost}

${fanoutSection(fanout)}

## Closing note

${closing}

## Running it

\`\`\`sh
bench/run.sh              # builds, measures, writes this page and bench/results.json
BENCH_EVENTS=200000 bench/run.sh   # a longer burst (on a quiet machine)
\`\`\`

It installs what it needs (the project's tools through
\`scripts/install-tools.sh\`; JsSIP, esbuild and playwright-core at the exact
versions of \`bench/package.json\` and its lockfile), builds the package
with \`scripts/build-pkg.sh\` and the gateway and its load client with
\`cargo build --profile gateway\`, and runs the browser and gateway figures
inside a private network namespace where only loopback exists. Knobs:
\`BENCH_RUNS\` (5), \`BENCH_STARTUP_RUNS\` (twice \`BENCH_RUNS\`), \`BENCH_EVENTS\` (20,000 pushes per burst),
\`BENCH_PACED_EVENTS\` (3,000), \`BENCH_PACED_RATE\` (1,000 per second),
\`BENCH_ANSWER_CALLS\` (6 calls per softphone page), \`BENCH_MEMORY_CALLS\`
(10,000), \`BENCH_MEMORY_EVENTS\` (1,000,000), \`BENCH_SCALE_RUNS\` (3),
\`BENCH_SCALE_STEPS\` (250,500,1000,2000,4000,8000), \`BENCH_SCALE_STEP_SECS\` (10),
\`BENCH_SCALE_PUSH_MS\` (1,000), \`BENCH_FANOUT_RUNS\` (3), \`BENCH_FANOUT_AGENTS\` (200),
\`BENCH_FANOUT_SUPERVISORS\` (1,50: the counts, growing) and \`BENCH_FANOUT_SECS\` (10). For a quick check of the harness:
\`BENCH_RUNS=1 BENCH_MEMORY_CALLS=200 BENCH_MEMORY_EVENTS=20000 BENCH_SCALE_RUNS=1 BENCH_SCALE_STEPS=100,200 BENCH_FANOUT_RUNS=1 bench/run.sh\`.

**Time.** This run took ${results.timing.wallSeconds === null ? 'an unrecorded time' : `${n0(results.timing.wallSeconds / 60)} minutes in all (${n0(results.timing.wallSeconds)} s)`}, of which
${results.timing.measureSeconds === null ? 'an unrecorded part' : `${n0(results.timing.measureSeconds)} s`} measuring; the memory figure alone took ${n0(memory.seconds)} s.
The burst is ${n0(burst.sdk.events)} pushes rather than 200,000: at the rates above, ten
bursts of 200,000 would take ${n0(tenBigBurstsMin)} minutes. ${steadiness} It exits
non-zero when a build is over the size budget.

| file | what |
|---|---|
| \`bench/run.sh\` | the one command |
| \`bench/budget.json\` | the size budget |
| \`bench/size.mjs\` | size figures, wasm sections, code by crate |
| \`bench/server.mjs\` | static files and the push source (protocol subset) |
| \`bench/browser.mjs\`, \`bench/browser.sh\` | the browser figures (Playwright, Debian's Chromium), the gateways, the scale runs |
| \`bench/www/\` | the benchmark pages (\`softphone.js\` figure 5, \`memory.js\` figure 6) |
| \`gateway/examples/load/\` | the load client of figure 7: \`run\` (sessions), \`fanout\` (queue status to supervisors) and \`config\` |
| \`bench/report-fanout.mjs\`, \`bench/stats.mjs\` | the fan-out part of this page; the statistics every figure uses |
| \`bench/sip-parse-wasm/\` | the SDK's SIP parser exported for the page (benchmark only) |
| \`bench/build-jssip.mjs\` | JsSIP's browser bundle and its parser bundle |
| \`bench/report.mjs\` | this page and \`bench/results.json\` |
`;

writeFileSync(join(root, 'docs/performance.md'), md);
console.log(md);
if (over.length) {
  console.error(`over the size budget: ${over.map((o) => `${o.build} by ${o.over} bytes`).join(', ')}`);
  process.exit(1);
}
