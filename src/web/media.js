// The softphone's media, driven by the SDK's wasm: the microphone, one
// RTCPeerConnection per call, the remote audio, a generated ringtone, the
// chosen audio devices and the call's raw statistics. Signalling and
// quality decisions are made in Rust; this file only does what the
// browser's media APIs require.

let pc = null;
let mic = null;
let remote = null;
let ring = null;
// Chosen devices; null is the system default.
let micId = null;
let speakerId = null;
let ringId = null;
// The SDK's listener for `audioDeviceFallback` payloads.
let fallbackListener = () => {};
// The SDK's listener for media problems the desk must hear of (sdkError).
let problemListener = () => {};
// `setup({ audio_debug: true })`: the audio's play/pause story on the console.
let audioDebug = false;
const audioLog = (...what) => {
  if (audioDebug) console.debug('[AgentSDK audio]', ...what);
};
let watching = false;

// Audio the browser would not start before the page's first user gesture
// (autoplay policy) starts on the next click or key press, so a desk only
// has to ask for one. Those events grant the activation `play()` and
// `resume()` need, also when listened to on the document.
const GESTURES = ['pointerdown', 'keydown'];
let onGesture = null;
function retryOnGesture() {
  if (onGesture || typeof document === 'undefined') return;
  onGesture = () => {
    stopWaitingForGesture();
    if (remote?.paused && remote.srcObject) {
      remote.play().then(() => audioLog('call audio started by a user gesture'))
        .catch((e) => audioLog('call audio still blocked:', e.name));
    }
    if (ring?.state === 'suspended') {
      ring.resume().then(() => audioLog('ringtone started by a user gesture'))
        .catch((e) => audioLog('ringtone still blocked:', e.name));
    }
  };
  for (const type of GESTURES) document.addEventListener(type, onGesture, { capture: true });
}
function stopWaitingForGesture() {
  if (!onGesture) return;
  for (const type of GESTURES) document.removeEventListener(type, onGesture, { capture: true });
  onGesture = null;
}

// The answer carries its candidates in the SDP (no trickle ICE over SIP
// here), but it does not wait for gathering to complete: Chromium completes
// only after its TCP phase, which its port allocator starts on a timer
// (~120 ms after setLocalDescription) for TCP "active" candidates that only a
// far end offering ICE-TCP can use. So the answer waits for each kind of
// candidate it can expect, then until SETTLE_MS pass without a new one: the
// same kind from the other networks comes within a few ms. Gathering-complete
// ends the wait sooner, GATHER_MS ends it anyway (a STUN server that never
// answers must not stall the answer). docs/softphone.md section 14.
const GATHER_MS = 1500;
const SETTLE_MS = 20;
// Kept from the call's answer for a re-INVITE that restarts ICE.
let stunServer = '';

/** The host of a `stun:` URL, without brackets; '' for none. */
function stunHost(url) {
  const m = /^stuns?:(\[[^\]]+\]|[^:?]+)/i.exec(url ?? '');
  return m ? m[1].replace(/^\[|\]$/g, '') : '';
}

/** The kinds of local candidate (`type protocol`) an answer to `offer` waits for. */
function expectedKinds(offer, host) {
  const kinds = new Set(['host udp']);
  // A STUN server on loopback sees our host address, and Chromium drops a
  // server-reflexive candidate equal to a host one: none would ever come.
  if (host && !/^(127\.|::1$|localhost$)/i.test(host)) kinds.add('srflx udp');
  // Our TCP candidates are active ones: of use only against a passive one.
  if (/^a=candidate:\S+ \d+ tcp /im.test(offer)) kinds.add('host tcp');
  return kinds;
}

/** Watches `connection` from before setLocalDescription, so that no
 * candidate is missed; `done` resolves when the answer may go. */
function candidatesFor(connection, offer) {
  const host = stunHost(stunServer);
  const wanted = expectedKinds(offer, host);
  const seen = new Set();
  let finish;
  const done = new Promise((resolve) => (finish = resolve));
  let settle = null;
  const stop = () => {
    clearTimeout(bound);
    clearTimeout(settle);
    connection.removeEventListener('icecandidate', onCandidate);
    connection.removeEventListener('icegatheringstatechange', check);
    finish();
  };
  const check = () => {
    if (connection.iceGatheringState === 'complete') stop();
  };
  const onCandidate = ({ candidate }) => {
    if (!candidate?.type) return;
    seen.add(`${candidate.type} ${candidate.protocol}`);
    // The STUN server is on this machine: it too sees a host address.
    if (candidate.type === 'host' && candidate.address === host) wanted.delete('srflx udp');
    if ([...wanted].every((kind) => seen.has(kind))) {
      clearTimeout(settle);
      settle = setTimeout(stop, SETTLE_MS);
    }
  };
  const bound = setTimeout(stop, GATHER_MS);
  connection.addEventListener('icecandidate', onCandidate);
  connection.addEventListener('icegatheringstatechange', check);
  return { done, check };
}

// The answer to `offer`, which `connection` has taken as its remote
// description, once its candidates are in.
async function answerOffer(connection, offer) {
  const answer = await connection.createAnswer();
  const gathering = candidatesFor(connection, offer);
  await connection.setLocalDescription(answer);
  // A re-INVITE without an ICE restart gathers nothing new.
  gathering.check();
  await gathering.done;
  const sdp = connection.localDescription.sdp;
  // Without a candidate the far end has no address to send the audio to.
  if (!/^a=candidate:/m.test(sdp)) throw new Error(`no ICE candidate was gathered within ${GATHER_MS} ms`);
  return sdp;
}

const openMic = () =>
  navigator.mediaDevices.getUserMedia({ audio: micId ? { deviceId: { exact: micId } } : true, video: false });

// A microphone that goes away mid-call (unplugged, revoked) ends its track:
// the call carries on with the default microphone.
function watchTrack(stream) {
  const track = stream.getAudioTracks()[0];
  track?.addEventListener('ended', () => {
    if (mic?.getAudioTracks()[0] === track) fallBack('microphone', micId ?? track.getSettings().deviceId ?? '', 'ended');
  });
}

async function fallBack(kind, deviceId, reason) {
  if (kind === 'microphone') {
    micId = null;
    if (pc) await switchMic().catch(() => {});
  } else if (kind === 'speaker') {
    speakerId = null;
    await remote?.setSinkId?.('').catch(() => {});
  } else {
    ringId = null;
    await ring?.setSinkId?.('').catch(() => {});
  }
  audioLog(`${kind} fell back to the default device (${reason})`);
  fallbackListener({ eventType: 'audioDeviceFallback', kind, deviceId, reason });
}

// The same RTP sender gets the new microphone's track: no renegotiation.
async function switchMic() {
  const next = await openMic();
  if (!pc || !mic) return next.getTracks().forEach((t) => t.stop());
  const old = mic;
  const sender = pc.getSenders().find((s) => s.track === old.getAudioTracks()[0]) ?? pc.getSenders()[0];
  await sender.replaceTrack(next.getAudioTracks()[0]);
  mic = next;
  audioLog('microphone switched to', next.getAudioTracks()[0]?.label);
  watchTrack(next);
  old.getTracks().forEach((t) => t.stop());
}

// A chosen device that leaves the device list falls back to the default.
function watchDevices() {
  if (watching || !navigator.mediaDevices?.addEventListener) return;
  watching = true;
  navigator.mediaDevices.addEventListener('devicechange', async () => {
    const ids = (await devices()).map((d) => d.kind + d.deviceId);
    if (micId && !ids.includes('audioinput' + micId)) fallBack('microphone', micId, 'removed');
    if (speakerId && !ids.includes('audiooutput' + speakerId)) fallBack('speaker', speakerId, 'removed');
    if (ringId && !ids.includes('audiooutput' + ringId)) fallBack('ringtone', ringId, 'removed');
  });
}

export function onFallback(listener) {
  fallbackListener = listener;
}

export function onProblem(listener) {
  problemListener = listener;
}

export function setAudioDebug(on) {
  audioDebug = on;
}

export async function devices() {
  const list = navigator.mediaDevices?.enumerateDevices ? await navigator.mediaDevices.enumerateDevices() : [];
  return list
    .filter((d) => d.kind === 'audioinput' || d.kind === 'audiooutput')
    .map(({ deviceId, kind, label, groupId }) => ({ deviceId, kind, label, groupId }));
}

export async function useMicrophone(id) {
  micId = id === 'default' ? null : id;
  watchDevices();
  if (pc && mic) await switchMic();
}

export async function useSpeaker(id) {
  if (!('setSinkId' in HTMLMediaElement.prototype)) throw new Error('this browser cannot choose a speaker (setSinkId)');
  speakerId = id;
  watchDevices();
  if (remote) await remote.setSinkId(id);
}

export async function useRingtoneOutput(id) {
  if (typeof AudioContext === 'undefined' || !('setSinkId' in AudioContext.prototype)) {
    throw new Error('this browser cannot choose the ringtone output (AudioContext.setSinkId)');
  }
  ringId = id;
  watchDevices();
  if (ring) await ring.setSinkId(id);
}

export async function answer(offer, stunUrl) {
  end();
  stunServer = stunUrl;
  // The peer connection makes its certificate and takes the offer while the
  // microphone opens: neither waits for the other. The microphone's track
  // then goes on the audio transceiver the offer made (addTrack reuses it).
  const connection = new RTCPeerConnection({ iceServers: stunUrl ? [{ urls: stunUrl }] : [] });
  pc = connection;
  let micOpen;
  playRemoteAudio(connection, new Promise((resolve) => (micOpen = resolve)));
  const offered = connection.setRemoteDescription({ type: 'offer', sdp: offer });
  let stream;
  try {
    stream = await openMic().catch((e) => {
      // The chosen microphone is gone: the default one answers.
      if (!micId || (e.name !== 'OverconstrainedError' && e.name !== 'NotFoundError')) throw e;
      const lost = micId;
      micId = null;
      fallbackListener({ eventType: 'audioDeviceFallback', kind: 'microphone', deviceId: lost, reason: 'removed' });
      return openMic();
    });
  } catch (e) {
    offered.catch(() => {});
    if (pc === connection) end();
    throw new Error(`the microphone is not available (${e.name}: ${e.message})`);
  }
  if (pc !== connection) {
    // The call ended while the microphone opened (a permission prompt can
    // stay open for seconds): the microphone must not stay on.
    for (const track of stream.getTracks()) track.stop();
    offered.catch(() => {});
    throw new Error('the call ended before the microphone opened');
  }
  mic = stream;
  audioLog('microphone open:', mic.getAudioTracks()[0]?.label);
  micOpen();
  watchTrack(mic);
  await offered;
  for (const track of mic.getTracks()) connection.addTrack(track, mic);
  return answerOffer(connection, offer);
}

// The far end's audio, played once its track has arrived and `micOpen` has
// resolved: a page capturing the microphone may play audio without a user
// gesture (Chromium's autoplay policy), one that is not yet may not.
function playRemoteAudio(connection, micOpen) {
  remote = new Audio();
  remote.autoplay = true;
  remote.addEventListener('playing', () => audioLog('call audio playing'));
  remote.addEventListener('pause', () => audioLog('call audio paused'));
  if (speakerId) remote.setSinkId(speakerId).catch(() => fallBack('speaker', speakerId, 'removed'));
  const player = remote;
  connection.ontrack = async (event) => {
    await micOpen;
    // The call may have ended meanwhile.
    if (player !== remote) return;
    player.srcObject = event.streams[0] ?? new MediaStream([event.track]);
    player.play().catch((e) => {
      // Autoplay refused: the page has had no user gesture yet.
      audioLog('call audio blocked:', e.name);
      retryOnGesture();
      problemListener(`the call's audio cannot play yet (${e.name}); it starts at the page's next click or key press`);
    });
  };
}

export async function renegotiate(offer) {
  if (!pc) throw new Error('no call media to renegotiate');
  const connection = pc;
  await connection.setRemoteDescription({ type: 'offer', sdp: offer });
  return answerOffer(connection, offer);
}

// The call's raw counters for the core (src/core/quality), in the order
// softphone.rs reads them; null without a call.
export async function stats() {
  if (!pc) return null;
  const report = await pc.getStats();
  let dtls = 'new';
  let pairId, out, inbound, remote, source;
  report.forEach((r) => {
    if (r.kind === 'video') return;
    if (r.type === 'outbound-rtp') out = r;
    else if (r.type === 'inbound-rtp') inbound = r;
    else if (r.type === 'remote-inbound-rtp') remote = r;
    else if (r.type === 'media-source') source = r;
    else if (r.type === 'transport') {
      dtls = r.dtlsState ?? dtls;
      pairId = r.selectedCandidatePairId;
    }
  });
  const rtt = (pairId && report.get(pairId)?.currentRoundTripTime) ?? remote?.roundTripTime;
  return [pc.iceConnectionState, dtls, out?.packetsSent, inbound?.packetsReceived, inbound?.packetsLost,
    inbound?.jitter, rtt, remote?.fractionLost, remote?.jitter, inbound?.totalAudioEnergy,
    inbound?.totalSamplesDuration, source?.totalAudioEnergy, source?.totalSamplesDuration];
}

// Payloads made here from what the core computed: a few bytes of JS, where
// the same objects built from wasm cost a call per field.
export function statsEvent(iceState, dtlsState, packetsState, n) {
  const [packetsSent, packetsReceived, jitter, rtt, packetLossRate, sentNetworkQuality, receivedNetworkQuality, mos,
    audioLevelIn, audioLevelOut, timestamp] = n;
  return { eventType: 'webrtcStats', iceState, dtlsState, packetsSent, packetsReceived, packetsState, jitter, rtt,
    packetLossRate, sentNetworkQuality, receivedNetworkQuality, mos, audioLevelIn, audioLevelOut, timestamp };
}

export function warningEvent(warning, active, value, threshold) {
  return { eventType: 'qualityWarning', warning, active, value, threshold };
}

export function end() {
  if (pc) audioLog('call media ended');
  if (pc) pc.close();
  if (mic) for (const track of mic.getTracks()) track.stop();
  if (remote) remote.srcObject = null;
  pc = null;
  mic = null;
  remote = null;
  if (!ring) stopWaitingForGesture();
}

// A two-tone ring (440 + 480 Hz, 2 s on, 4 s off), made on the spot: no
// audio asset to ship or to fetch.
export function ringtone(on) {
  if (!on) {
    if (ring) audioLog('ringtone off');
    if (ring) ring.close().catch(() => {});
    ring = null;
    if (!remote) stopWaitingForGesture();
    return;
  }
  if (ring || typeof AudioContext === 'undefined') return;
  ring = new AudioContext(ringId ? { sinkId: ringId } : undefined);
  audioLog('ringtone on, audio context', ring.state);
  if (ring.state === 'suspended') {
    // Autoplay refused: the page has had no user gesture yet. The call
    // still rings in the desk's UI; the desk is told why it is silent.
    retryOnGesture();
    problemListener("the ringtone cannot play yet (the browser's autoplay policy); it starts at the page's next click or key press");
  }
  const gain = ring.createGain();
  gain.gain.value = 0;
  gain.connect(ring.destination);
  for (const hz of [440, 480]) {
    const tone = ring.createOscillator();
    tone.frequency.value = hz;
    tone.connect(gain);
    tone.start();
  }
  const start = ring.currentTime;
  for (let cycle = 0; cycle < 20; cycle += 1) {
    gain.gain.setValueAtTime(0.15, start + cycle * 6);
    gain.gain.setValueAtTime(0, start + cycle * 6 + 2);
  }
}
