//! The bridge's core, without clocks, sockets or codecs' state beyond the
//! tones: the parties of one call and, once per 20 ms frame, what each of
//! them hears. Sources are simulated parties (a sine each) and browser legs
//! (the PCM their media peers decoded); every party is also a listener.
//! A simulated listener's frame is only counted; a leg's is mixed for its
//! encoder, with a record of the sources in it.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use crate::sip::audio::{level_dbfs, SineLoop, Tone, FRAME_SAMPLES, VOICED_DBFS};
use crate::sip::bridge::matrix::Matrix;
use crate::sip::media::MediaCounters;

/// Frames an inbox keeps at most: a leg's audio is at most this late in
/// the mix (200 ms); older samples are dropped.
pub const INBOX_FRAMES: usize = 10;

/// PCM a leg's media peer decoded, waiting for the bridge's next frame.
/// The peer and the bridge run on their own clocks: the inbox absorbs the
/// jitter between them.
#[derive(Debug, Default)]
pub struct Inbox {
    samples: Mutex<VecDeque<i16>>,
}

impl Inbox {
    /// Adds decoded samples; beyond [`INBOX_FRAMES`] the oldest go.
    pub fn push(&self, pcm: &[i16]) {
        let mut samples = self.samples.lock().unwrap_or_else(|p| p.into_inner());
        samples.extend(pcm);
        let excess = samples.len().saturating_sub(INBOX_FRAMES * FRAME_SAMPLES);
        samples.drain(..excess);
    }

    /// The next whole frame, if one has arrived.
    pub fn pop_frame(&self) -> Option<Vec<i16>> {
        let mut samples = self.samples.lock().unwrap_or_else(|p| p.into_inner());
        (samples.len() >= FRAME_SAMPLES).then(|| samples.drain(..FRAME_SAMPLES).collect())
    }
}

/// One source in one frame sent to a listener, and whether it was voiced
/// in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeardFrom {
    /// The source party.
    pub source: Arc<str>,
    /// Its level in this frame was above the voiced threshold.
    pub voiced: bool,
}

/// What goes to a listening leg this frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A tone's own Opus packet: the leg hears that one tone only, so the
    /// packet encoded once per process goes out as it is.
    Encoded(Vec<u8>),
    /// The mix, to encode.
    Pcm(Vec<i16>),
}

/// A listening leg's frame and the sources in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mix {
    /// The listener.
    pub listener: Arc<str>,
    /// Its audio.
    pub frame: Frame,
    /// The sources mixed in, in the order the parties joined.
    pub heard: Vec<HeardFrom>,
}

enum Voice {
    /// A simulated party: a sine, whether it is voiced (it is, at the
    /// gateway's level; measured once), and its pre-encoded loop when there
    /// is one.
    Tone { sine: SineLoop, voiced: bool, packets: Option<Tone> },
    /// A browser leg.
    Leg { inbox: Arc<Inbox> },
}

struct Party {
    id: Arc<str>,
    voice: Voice,
    counters: Arc<MediaCounters>,
}

/// This frame of one source.
struct Current {
    pcm: Option<Vec<i16>>,
    voiced: bool,
    packet: Option<Vec<u8>>,
}

/// The parties of one call and who hears whom.
#[derive(Default)]
pub struct Conference {
    parties: Vec<Party>,
    matrix: Matrix,
}

impl std::fmt::Debug for Conference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.parties.iter().map(|p| &*p.id).collect();
        f.debug_struct("Conference").field("parties", &ids).field("matrix", &self.matrix).finish()
    }
}

impl Conference {
    /// No parties; nobody hears anybody.
    pub fn new() -> Self {
        Self::default()
    }

    /// A simulated party playing a sine at `hz`; `packets` is the same tone
    /// pre-encoded, sent as it is to a leg that hears this party alone.
    /// Replaces a party of the same name.
    pub fn add_tone(&mut self, id: &str, hz: f32, packets: Option<Tone>, counters: Arc<MediaCounters>) {
        self.remove(id);
        let sine = SineLoop::new(hz);
        let voiced = level_dbfs(sine.clone().next_frame()) > VOICED_DBFS;
        let voice = Voice::Tone { sine, voiced, packets };
        self.parties.push(Party { id: id.into(), voice, counters });
    }

    /// A browser leg whose decoded audio arrives in `inbox`. Replaces a
    /// party of the same name.
    pub fn add_leg(&mut self, id: &str, inbox: Arc<Inbox>, counters: Arc<MediaCounters>) {
        self.remove(id);
        self.parties.push(Party { id: id.into(), voice: Voice::Leg { inbox }, counters });
    }

    /// Gives simulated party `id` playing `hz` its pre-encoded loop, if
    /// it is still that party.
    pub fn set_tone_packets(&mut self, id: &str, hz: f32, tone: Tone) {
        for party in &mut self.parties {
            if let (true, Voice::Tone { sine, packets, .. }) = (&*party.id == id, &mut party.voice) {
                if sine.frequency() == hz {
                    *packets = Some(tone.clone());
                }
            }
        }
    }

    /// Takes a party out; false if it was not in. Its pairs stay in the
    /// matrix, harmless, until the matrix is set again.
    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.parties.len();
        self.parties.retain(|p| &*p.id != id);
        self.parties.len() != before
    }

    /// Who hears whom from the next frame on.
    pub fn set_matrix(&mut self, matrix: Matrix) {
        self.matrix = matrix;
    }

    /// Who hears whom now.
    pub fn matrix(&self) -> &Matrix {
        &self.matrix
    }

    /// The parties' names and their counters, in the order they joined.
    pub fn parties(&self) -> impl Iterator<Item = (&str, &Arc<MediaCounters>, bool)> {
        self.parties.iter().map(|p| (&*p.id, &p.counters, matches!(p.voice, Voice::Leg { .. })))
    }

    /// One 20 ms frame: each source's next frame is taken (a leg with no
    /// whole frame waiting is absent from it), simulated listeners' counters
    /// are counted, and each listening leg gets its mix.
    pub fn tick(&mut self) -> Vec<Mix> {
        let current: Vec<Current> = self.parties.iter_mut().map(next_frame).collect();
        let mut mixes = Vec::new();
        for listener in &self.parties {
            let heard_by_matrix: Vec<usize> =
                (0..self.parties.len()).filter(|&s| self.matrix.hears(&listener.id, &self.parties[s].id)).collect();
            let present = heard_by_matrix.iter().filter(|&&s| current[s].pcm.is_some());
            let heard: Vec<HeardFrom> = present
                .clone()
                .map(|&s| HeardFrom { source: self.parties[s].id.clone(), voiced: current[s].voiced })
                .collect();
            if !matches!(listener.voice, Voice::Leg { .. }) {
                listener.counters.delivered(&heard);
                continue;
            }
            // Decided on the matrix, not on who is present this frame: a
            // leg's jitter would otherwise switch the listener between the
            // tone's packets and its own encoder from frame to frame.
            let passed_through = match heard_by_matrix.as_slice() {
                [only] => current[*only].packet.clone(),
                _ => None,
            };
            let frame = match passed_through {
                Some(packet) => Frame::Encoded(packet),
                None => Frame::Pcm(mix(present.filter_map(|&s| current[s].pcm.as_deref()))),
            };
            mixes.push(Mix { listener: listener.id.clone(), frame, heard });
        }
        mixes
    }
}

fn next_frame(party: &mut Party) -> Current {
    match &mut party.voice {
        Voice::Tone { sine, voiced, packets } => Current {
            pcm: Some(sine.next_frame().to_vec()),
            voiced: *voiced,
            // The packets move on every frame, heard or not, like the sine.
            packet: packets.as_mut().and_then(Tone::next_packet),
        },
        Voice::Leg { inbox } => {
            let pcm = inbox.pop_frame();
            let voiced = pcm.as_deref().is_some_and(|p| level_dbfs(p) > VOICED_DBFS);
            Current { pcm, voiced, packet: None }
        }
    }
}

/// The sum of `sources`, clipped to 16 bits; silence when there are none.
pub fn mix<'a>(sources: impl Iterator<Item = &'a [i16]>) -> Vec<i16> {
    let mut sum = vec![0i32; FRAME_SAMPLES];
    for pcm in sources {
        for (acc, &s) in sum.iter_mut().zip(pcm) {
            *acc += i32::from(s);
        }
    }
    sum.into_iter().map(|s| s.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16).collect()
}
