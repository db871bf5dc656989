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

/// A sine at -12 dBFS peak, 20 ms at a time, its phase carried from one
/// frame to the next.
#[derive(Debug, Clone)]
pub struct Sine {
    step: f32,
    phase: f32,
}

impl Sine {
    /// A sine at `frequency` Hz starting at phase 0.
    pub fn new(frequency: f32) -> Self {
        Self { step: std::f32::consts::TAU * frequency / SAMPLE_RATE as f32, phase: 0.0 }
    }

    /// Fills `pcm` with the next samples.
    pub fn fill(&mut self, pcm: &mut [i16]) {
        for sample in pcm {
            *sample = (self.phase.sin() * 8_192.0) as i16;
            self.phase = (self.phase + self.step) % std::f32::consts::TAU;
        }
    }
}

/// A second of a sine as PCM, played in a loop: a simulated party's voice
/// in a mix, computed once rather than every frame. Seamless for tones in
/// whole hertz, like [`Tone`].
#[derive(Debug, Clone)]
pub struct SineLoop {
    frequency: f32,
    samples: Arc<[i16]>,
    next: usize,
}

impl SineLoop {
    /// The loop of a sine at `frequency` Hz.
    pub fn new(frequency: f32) -> Self {
        let mut samples = vec![0; FRAME_SAMPLES * LOOP_FRAMES];
        Sine::new(frequency).fill(&mut samples);
        Self { frequency, samples: samples.into(), next: 0 }
    }

    /// Its frequency in Hz.
    pub fn frequency(&self) -> f32 {
        self.frequency
    }

    /// The next 20 ms.
    pub fn next_frame(&mut self) -> &[i16] {
        let start = self.next;
        self.next = (self.next + FRAME_SAMPLES) % self.samples.len();
        self.samples.get(start..start + FRAME_SAMPLES).unwrap_or_default()
    }
}

/// `frames` of a sine at `frequency` Hz, -12 dBFS peak, as Opus packets.
fn encode(frequency: f32, frames: usize) -> Option<Vec<Vec<u8>>> {
    let mut encoder = new_encoder()?;
    let mut sine = Sine::new(frequency);
    let mut pcm = vec![0i16; FRAME_SAMPLES];
    let mut packet = vec![0u8; MAX_PACKET];
    let mut out = Vec::with_capacity(frames);
    for _ in 0..frames {
        sine.fill(&mut pcm);
        let len = encoder.encode(&pcm, &mut packet).ok()?;
        out.push(packet.get(..len)?.to_vec());
    }
    Some(out)
}

/// The largest Opus packet the gateway writes; one RTP payload.
pub const MAX_PACKET: usize = 1_500;

/// A mono 48 kHz Opus encoder tuned for voice, as browsers' are.
pub fn new_encoder() -> Option<Encoder> {
    Encoder::builder(SAMPLE_RATE, Channels::Mono, Application::Voip).build().ok()
}

/// The RMS level of `samples` in dBFS, -120 for digital silence or none.
pub fn level_dbfs(samples: &[i16]) -> f32 {
    if samples.is_empty() {
        return -120.0;
    }
    let energy: f64 = samples.iter().map(|&s| f64::from(s) * f64::from(s)).sum::<f64>() / samples.len() as f64;
    let rms = energy.sqrt() / 32_768.0;
    if rms > 0.0 {
        (20.0 * rms.log10()).max(-120.0) as f32
    } else {
        -120.0
    }
}

/// Above this level (dBFS, as the peak of a sine) a tone counts as present
/// in a frame: the gateway's tones peak at -12 dBFS, and with the Hann
/// window another tone 200 Hz or more away leaks in 40 dB lower or less.
pub const TONE_PRESENT_DBFS: f32 = -30.0;

/// The peak level (dBFS) of the component of `samples` at `frequency` Hz:
/// Goertzel's algorithm over a Hann window, so that tones a few hundred
/// hertz apart do not leak into each other's measure.
pub fn tone_level_dbfs(samples: &[i16], frequency: f32) -> f32 {
    let n = samples.len();
    if n < 2 {
        return -120.0;
    }
    let coeff = 2.0 * (std::f64::consts::TAU * f64::from(frequency) / f64::from(SAMPLE_RATE)).cos();
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    let span = (n - 1) as f64;
    for (i, &sample) in samples.iter().enumerate() {
        let window = 0.5 - 0.5 * (std::f64::consts::TAU * i as f64 / span).cos();
        let s0 = f64::from(sample) / 32_768.0 * window + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    let power = (s1 * s1 + s2 * s2 - coeff * s1 * s2).max(0.0);
    // A Hann window keeps half a sine's amplitude: |X| = A * n / 4.
    let amplitude = 4.0 * power.sqrt() / n as f64;
    if amplitude > 0.0 {
        (20.0 * amplitude.log10()).max(-120.0) as f32
    } else {
        -120.0
    }
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

    /// One packet decoded to PCM; `None` when it does not decode.
    pub fn decode(&mut self, packet: &[u8]) -> Option<&[i16]> {
        let n = self.decoder.decode(packet, &mut self.pcm, DecodeMode::Normal).ok()?;
        self.pcm.get(..n).filter(|s| !s.is_empty())
    }

    /// The RMS level of one packet in dBFS (-120 for digital silence);
    /// `None` when it does not decode.
    pub fn level(&mut self, packet: &[u8]) -> Option<f32> {
        self.decode(packet).map(level_dbfs)
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

        let mut encoder = new_encoder().unwrap();
        let mut quiet = Meter::new().unwrap();
        let mut packet = vec![0; MAX_PACKET];
        for _ in 0..5 {
            let len = encoder.encode(&[0; FRAME_SAMPLES], &mut packet).unwrap();
            assert!(quiet.level(&packet[..len]).unwrap() < VOICED_DBFS);
        }
    }

    #[test]
    fn a_tone_is_told_apart_from_its_neighbours() {
        let mut pcm = vec![0i32; FRAME_SAMPLES];
        for hz in [440.0, 880.0] {
            let mut frame = vec![0i16; FRAME_SAMPLES];
            let mut sine = Sine::new(hz);
            sine.fill(&mut frame);
            sine.fill(&mut frame);
            for (sum, s) in pcm.iter_mut().zip(&frame) {
                *sum += i32::from(*s);
            }
        }
        let mix: Vec<i16> = pcm.iter().map(|&s| s.clamp(-32_768, 32_767) as i16).collect();
        let at = |hz| tone_level_dbfs(&mix, hz);
        // Both at their -12 dBFS peak; a third tone 220 Hz away is absent.
        assert!((at(440.0) + 12.0).abs() < 0.5 && (at(880.0) + 12.0).abs() < 0.5, "{} {}", at(440.0), at(880.0));
        assert!(at(660.0) < TONE_PRESENT_DBFS - 20.0, "{}", at(660.0));
        assert!(tone_level_dbfs(&[0; FRAME_SAMPLES], 440.0) <= -120.0);
        assert!(level_dbfs(&[]) <= -120.0 && level_dbfs(&[0; 10]) <= -120.0);
    }
}
