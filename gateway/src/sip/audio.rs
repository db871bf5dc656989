//! The customer's side of the audio: a tone the softphone hears, encoded to
//! Opus frame by frame, and the audio the softphone sends back, decoded and
//! measured. Both use `ropus`, a pure-Rust port of the reference Opus codec,
//! so "the agent's microphone carried sound" is decided on decoded samples,
//! not guessed from packet sizes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use ropus::{Application, Channels, DecodeMode, Decoder, Encoder};

/// Opus in WebRTC always runs at 48 kHz.
pub const SAMPLE_RATE: u32 = 48_000;
/// 20 ms frames, as browsers send them.
pub const FRAME_SAMPLES: usize = 960;
/// How often a frame goes out, in ms.
pub const FRAME_MS: u64 = 20;
/// The tone the gateway plays to the agent.
pub const TONE_HZ: f32 = 440.0;
/// Above this RMS level (dBFS) a decoded frame counts as voiced. Silence
/// from a muted track or comfort noise stays far below it; Chromium's fake
/// microphone beep and any speech are far above it.
pub const VOICED_DBFS: f32 = -50.0;

/// The largest frame Opus may carry: 120 ms.
const MAX_FRAME_SAMPLES: usize = 5_760;

/// A second of the tone, looped: a whole number of periods for tones in
/// whole hertz, so the loop is seamless. Frames before it are the codec's
/// warm-up and are not played.
const LOOP_FRAMES: usize = 50;
const WARM_UP_FRAMES: usize = 10;

/// A sine tone as Opus packets, one per 20 ms, played in a loop. Encoding
/// is done once per frequency and process: a debug build of the encoder
/// takes several ms a frame, which a test running many peers at once
/// cannot spend every 20 ms.
#[derive(Debug, Clone)]
pub struct Tone {
    packets: Arc<Vec<Vec<u8>>>,
    next: usize,
}

/// Encoded loops by the frequency's bits.
type Loops = Mutex<HashMap<u32, Arc<Vec<Vec<u8>>>>>;

fn loops() -> &'static Loops {
    static LOOPS: OnceLock<Loops> = OnceLock::new();
    LOOPS.get_or_init(Mutex::default)
}

/// `seconds` of a sine at `frequency` Hz, -12 dBFS peak, as Opus packets.
fn encode(frequency: f32, frames: usize) -> Option<Vec<Vec<u8>>> {
    let mut encoder = Encoder::builder(SAMPLE_RATE, Channels::Mono, Application::Voip).build().ok()?;
    let step = std::f32::consts::TAU * frequency / SAMPLE_RATE as f32;
    let mut phase = 0.0f32;
    let mut pcm = vec![0i16; FRAME_SAMPLES];
    let mut packet = vec![0u8; 1500];
    let mut out = Vec::with_capacity(frames);
    for _ in 0..frames {
        for sample in &mut pcm {
            *sample = (phase.sin() * 8_192.0) as i16;
            phase = (phase + step) % std::f32::consts::TAU;
        }
        let len = encoder.encode(&pcm, &mut packet).ok()?;
        out.push(packet.get(..len)?.to_vec());
    }
    Some(out)
}

impl Tone {
    /// The tone at `frequency` Hz; `None` if the encoder fails. The first
    /// call for a frequency encodes it (blocking: call it off the runtime).
    pub fn new(frequency: f32) -> Option<Self> {
        let key = frequency.to_bits();
        // Held while encoding, so peers starting together encode once.
        let mut loops = loops().lock().unwrap_or_else(|p| p.into_inner());
        if let Some(packets) = loops.get(&key) {
            return Some(Self { packets: packets.clone(), next: 0 });
        }
        let mut packets = encode(frequency, WARM_UP_FRAMES + LOOP_FRAMES)?;
        packets.drain(..WARM_UP_FRAMES);
        let packets = Arc::new(packets);
        loops.insert(key, packets.clone());
        Some(Self { packets, next: 0 })
    }

    /// The next 20 ms as an Opus packet.
    pub fn next_packet(&mut self) -> Option<Vec<u8>> {
        let packet = self.packets.get(self.next)?.clone();
        self.next = (self.next + 1) % self.packets.len();
        Some(packet)
    }
}

/// Decodes Opus packets and tells how loud they are.
pub struct Meter {
    decoder: Decoder,
    pcm: Vec<i16>,
}

impl std::fmt::Debug for Meter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Meter").finish_non_exhaustive()
    }
}

impl Meter {
    /// A meter for mono 48 kHz Opus; `None` if the decoder cannot be made.
    pub fn new() -> Option<Self> {
        let decoder = Decoder::new(SAMPLE_RATE, Channels::Mono).ok()?;
        Some(Self { decoder, pcm: vec![0; MAX_FRAME_SAMPLES] })
    }

    /// The RMS level of one packet in dBFS (-120 for digital silence);
    /// `None` when it does not decode.
    pub fn level(&mut self, packet: &[u8]) -> Option<f32> {
        let n = self.decoder.decode(packet, &mut self.pcm, DecodeMode::Normal).ok()?;
        let samples = self.pcm.get(..n).filter(|s| !s.is_empty())?;
        let energy: f64 = samples.iter().map(|&s| f64::from(s) * f64::from(s)).sum::<f64>() / samples.len() as f64;
        let rms = energy.sqrt() / 32_768.0;
        Some(if rms > 0.0 { (20.0 * rms.log10()).max(-120.0) as f32 } else { -120.0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tone_decodes_loud_and_silence_quiet() {
        let mut tone = Tone::new(TONE_HZ).unwrap();
        let mut meter = Meter::new().unwrap();
        // Twice round the loop: voiced from the first frame, and once the
        // decoder has settled near the tone's -15 dBFS RMS, across the
        // loop's seam too.
        let levels: Vec<f32> = (0..100).map(|_| meter.level(&tone.next_packet().unwrap()).unwrap()).collect();
        assert!(levels.iter().all(|l| *l > VOICED_DBFS), "{levels:?}");
        assert!(levels[10..].iter().all(|l| *l > -16.0 && *l < -14.0), "{levels:?}");

        let mut encoder = Encoder::builder(SAMPLE_RATE, Channels::Mono, Application::Voip).build().unwrap();
        let mut quiet = Meter::new().unwrap();
        let mut packet = vec![0; 1500];
        for _ in 0..5 {
            let len = encoder.encode(&[0; FRAME_SAMPLES], &mut packet).unwrap();
            assert!(quiet.level(&packet[..len]).unwrap() < VOICED_DBFS);
        }
    }
}
