// The softphone's media, driven by the SDK's wasm: the microphone, one
// RTCPeerConnection per call, the remote audio, and a generated ringtone.
// Signalling decisions are made in Rust; this file only does what the
// browser's media APIs require.

let pc = null;
let mic = null;
let remote = null;
let ring = null;

// ICE gathering is bounded: an unreachable STUN server must not stall an
// answer. Host candidates are enough on a LAN or loopback.
const GATHER_MS = 1500;

function gathered(connection) {
  return new Promise((resolve) => {
    if (connection.iceGatheringState === 'complete') return resolve();
    const timer = setTimeout(resolve, GATHER_MS);
    connection.addEventListener('icegatheringstatechange', () => {
      if (connection.iceGatheringState === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

async function localAnswer(offer) {
  await pc.setRemoteDescription({ type: 'offer', sdp: offer });
  await pc.setLocalDescription(await pc.createAnswer());
  await gathered(pc);
  return pc.localDescription.sdp;
}

export async function answer(offer, stunUrl) {
  end();
  try {
    mic = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
  } catch (e) {
    throw new Error(`the microphone is not available (${e.name}: ${e.message})`);
  }
  pc = new RTCPeerConnection({ iceServers: stunUrl ? [{ urls: stunUrl }] : [] });
  remote = new Audio();
  remote.autoplay = true;
  pc.ontrack = (event) => {
    remote.srcObject = event.streams[0] ?? new MediaStream([event.track]);
    remote.play().catch(() => {});
  };
  for (const track of mic.getTracks()) pc.addTrack(track, mic);
  return localAnswer(offer);
}

export async function renegotiate(offer) {
  if (!pc) throw new Error('no call media to renegotiate');
  return localAnswer(offer);
}

export function end() {
  if (pc) pc.close();
  if (mic) for (const track of mic.getTracks()) track.stop();
  if (remote) remote.srcObject = null;
  pc = null;
  mic = null;
  remote = null;
}

// A two-tone ring (440 + 480 Hz, 2 s on, 4 s off), made on the spot: no
// audio asset to ship or to fetch.
export function ringtone(on) {
  if (!on) {
    if (ring) ring.close().catch(() => {});
    ring = null;
    return;
  }
  if (ring || typeof AudioContext === 'undefined') return;
  ring = new AudioContext();
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
