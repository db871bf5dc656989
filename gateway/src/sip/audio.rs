//! The customer's side of the audio: a tone the softphone hears, encoded to
//! Opus frame by frame, and the audio the softphone sends back, decoded and
//! measured. Both use `ropus`, a pure-Rust port of the reference Opus codec,
//! so "the agent's microphone carried sound" is decided on decoded samples,
//! not guessed from packet sizes.

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

/// A sine tone, encoded to one Opus packet per 20 ms.
pub struct Tone {
    encoder: Encoder,
    frequency: f32,
    phase: f32,
    pcm: Vec<i16>,
    packet: Vec<u8>,
}

impl std::fmt::Debug for Tone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tone").field("frequency", &self.frequency).finish_non_exhaustive()
    }
}

impl Tone {
    /// A tone at `frequency` Hz, -12 dBFS; `None` if the encoder cannot be
    /// made.
    pub fn new(frequency: f32) -> Option<Self> {
        let encoder = Encoder::builder(SAMPLE_RATE, Channels::Mono, Application::Voip).build().ok()?;
        Some(Self { encoder, frequency, phase: 0.0, pcm: vec![0; FRAME_SAMPLES], packet: vec![0; 1500] })
    }

    /// The next 20 ms as an Opus packet.
    pub fn next_packet(&mut self) -> Option<Vec<u8>> {
        let step = std::f32::consts::TAU * self.frequency / SAMPLE_RATE as f32;
        for sample in &mut self.pcm {
            *sample = (self.phase.sin() * 8_192.0) as i16;
            self.phase = (self.phase + step) % std::f32::consts::TAU;
        }
        let len = self.encoder.encode(&self.pcm, &mut self.packet).ok()?;
        self.packet.get(..len).map(<[u8]>::to_vec)
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
        let levels: Vec<f32> = (0..10).map(|_| meter.level(&tone.next_packet().unwrap()).unwrap()).collect();
        // The codec needs a frame or two to settle; after that the tone is
        // near its -15 dBFS RMS.
        assert!(levels[3..].iter().all(|l| *l > -20.0 && *l < -10.0), "{levels:?}");

        let mut encoder = Encoder::builder(SAMPLE_RATE, Channels::Mono, Application::Voip).build().unwrap();
        let mut quiet = Meter::new().unwrap();
        let mut packet = vec![0; 1500];
        for _ in 0..5 {
            let len = encoder.encode(&[0; FRAME_SAMPLES], &mut packet).unwrap();
            assert!(quiet.level(&packet[..len]).unwrap() < VOICED_DBFS);
        }
    }
}
