//! A call's conference bridge (docs/softphone.md, "Conference bridge"): the
//! parties of one call, simulated ones playing a tone each and browser legs
//! with their media peers, and a matrix of who hears whom that can change
//! at any time (spy, then barge). Every 20 ms each leg is sent the mix of
//! the sources it hears, never itself, encoded on its own Opus encoder, and
//! every frame delivered is counted per source, so the matrix can be proved
//! from the counters.
//!
//! - [`matrix`]: who hears whom, as data.
//! - [`conference`]: the mixing itself, without clocks or sockets.
//! - this file: the clock, the encoders, the links to the media peers.

pub mod conference;
pub mod matrix;
#[cfg(test)]
mod peers_tests;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use ropus::Encoder;
use serde::Serialize;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

pub use conference::{Conference, Frame, HeardFrom, Inbox, Mix};
pub use matrix::Matrix;

use crate::sip::audio::{new_encoder, Tone, FRAME_MS, MAX_PACKET};
use crate::sip::media::{MediaCounters, MediaPeer, MediaView, PeerOptions};

/// Frames waiting for a leg's peer at most; a peer that falls further
/// behind loses frames, as on a congested network.
const LINK_FRAMES: usize = 5;

/// What the bridge hands a leg's media peer ([`crate::sip::media::Audio::Bridge`]):
/// the frames to send, and the inbox for the audio it decodes.
#[derive(Debug)]
pub struct BridgeLink {
    pub(crate) frames: mpsc::Receiver<Outgoing>,
    pub(crate) inbox: Arc<Inbox>,
}

/// One Opus frame for a leg and the sources mixed into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The Opus packet.
    pub packet: Vec<u8>,
    /// The sources in it, counted once the peer has sent it.
    pub heard: Vec<HeardFrom>,
}

/// What one frame of mixing costs, measured as the bridge runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cost {
    /// 20 ms frames the bridge has run.
    pub ticks: u64,
    /// Mixes encoded for legs.
    pub frames_encoded: u64,
    /// Frames a leg hearing one tone alone got as the tone's own packet,
    /// with no encoding.
    pub frames_passed_through: u64,
    /// Time spent encoding, in µs, all frames together.
    pub encode_us: u64,
    /// The slowest single encode, in µs.
    pub max_encode_us: u64,
    /// Time spent in whole frames (mixing, encoding, handing over), in µs.
    pub tick_us: u64,
}

/// Everything the bridge can tell, for a view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BridgeView {
    /// Who hears whom, as `[listener, source]` pairs.
    pub matrix: Matrix,
    /// Each party's counters: what it was delivered, per source, and for
    /// legs what their browser sent.
    pub parties: BTreeMap<String, PartyView>,
    /// What the mixing cost so far.
    pub cost: Cost,
}

/// One party in a [`BridgeView`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartyView {
    /// A browser leg (true) or a simulated party.
    pub leg: bool,
    /// Its counters.
    pub media: MediaView,
}

/// Where a leg's frames go.
struct Outlet {
    encoder: Encoder,
    frames: mpsc::Sender<Outgoing>,
    counters: Arc<MediaCounters>,
}

#[derive(Default)]
struct State {
    conference: Conference,
    outlets: HashMap<Arc<str>, Outlet>,
    cost: Cost,
}

/// One call's bridge. Needs a tokio runtime; the clock stops when the
/// handle is dropped, and the legs' peers are then sent nothing more.
#[derive(Debug)]
pub struct CallBridge {
    state: Arc<Mutex<State>>,
    clock: JoinHandle<()>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State").field("conference", &self.conference).finish_non_exhaustive()
    }
}

impl Default for CallBridge {
    fn default() -> Self {
        Self::new()
    }
}

impl CallBridge {
    /// A bridge with no parties, ticking every 20 ms.
    pub fn new() -> Self {
        let state = Arc::new(Mutex::new(State::default()));
        let clock = tokio::spawn(run(Arc::downgrade(&state)));
        Self { state, clock }
    }

    /// A simulated party playing a sine at `hz` (give each its own, so
    /// that what a listener hears can be told apart by frequency); it
    /// listens too, and `counters` count what it is delivered. Replaces a
    /// party of the same name.
    pub fn add_tone(&self, party: &str, hz: f32, counters: Arc<MediaCounters>) {
        self.lock().conference.add_tone(party, hz, None, counters);
        // The pre-encoded loop lets a leg hearing this party alone skip
        // the encoder; the first of a frequency is encoded off the
        // runtime's threads, and the party plays as PCM meanwhile.
        let state = Arc::downgrade(&self.state);
        let party = party.to_string();
        tokio::task::spawn_blocking(move || {
            let (Some(tone), Some(state)) = (Tone::new(hz), state.upgrade()) else { return };
            lock(&state).conference.set_tone_packets(&party, hz, tone);
        });
    }

    /// A browser leg: the link goes into its media peer's options
    /// ([`crate::sip::media::PeerOptions::bridged`]), and `counters` are
    /// the peer's. Replaces a party of the same name. `None` if no Opus
    /// encoder can be made.
    pub fn add_leg(&self, party: &str, counters: Arc<MediaCounters>) -> Option<BridgeLink> {
        let encoder = new_encoder()?;
        let inbox = Arc::new(Inbox::default());
        let (tx, frames) = mpsc::channel(LINK_FRAMES);
        let mut state = self.lock();
        state.conference.add_leg(party, inbox.clone(), counters.clone());
        state.outlets.insert(party.into(), Outlet { encoder, frames: tx, counters });
        Some(BridgeLink { frames, inbox })
    }

    /// A browser leg and its media peer, made in one go: the peer (the
    /// offering side, as [`MediaPeer::offer`]) and its SDP offer for the
    /// INVITE; its answer goes to [`MediaPeer::accept_answer`].
    pub fn offer_leg(&self, party: &str, ip: IpAddr, counters: Arc<MediaCounters>) -> io::Result<(MediaPeer, String)> {
        let link = self.add_leg(party, counters.clone()).ok_or_else(|| io::Error::other("no Opus encoder"))?;
        MediaPeer::offer(PeerOptions::bridged(ip, link), counters).inspect_err(|_| {
            self.remove(party);
        })
    }

    /// Takes a party out: nobody hears it from the next frame, and a leg's
    /// peer is sent nothing more. False if it was not in.
    pub fn remove(&self, party: &str) -> bool {
        let mut state = self.lock();
        state.outlets.remove(party);
        state.conference.remove(party)
    }

    /// Who hears whom from the next frame on.
    pub fn set_matrix(&self, matrix: Matrix) {
        self.lock().conference.set_matrix(matrix);
    }

    /// The parties' names, in the order they joined.
    pub fn parties(&self) -> Vec<String> {
        self.lock().conference.parties().map(|(id, _, _)| id.to_string()).collect()
    }

    /// Who hears whom now.
    pub fn matrix(&self) -> Matrix {
        self.lock().conference.matrix().clone()
    }

    /// What the mixing cost so far.
    pub fn cost(&self) -> Cost {
        self.lock().cost
    }

    /// The parties' counters, the matrix and the cost so far.
    pub fn view(&self) -> BridgeView {
        let state = self.lock();
        let parties = state
            .conference
            .parties()
            .map(|(id, counters, leg)| (id.to_string(), PartyView { leg, media: counters.view() }))
            .collect();
        BridgeView { matrix: state.conference.matrix().clone(), parties, cost: state.cost }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

impl Drop for CallBridge {
    fn drop(&mut self) {
        self.clock.abort();
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

/// The bridge's clock: a frame every 20 ms for as long as the bridge is.
async fn run(state: Weak<Mutex<State>>) {
    let mut clock = tokio::time::interval(Duration::from_millis(FRAME_MS));
    // A late frame is not made up for with a burst: the browsers' jitter
    // buffers would only have to drop it.
    clock.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut packet = vec![0u8; MAX_PACKET];
    loop {
        clock.tick().await;
        let Some(state) = state.upgrade() else { return };
        lock(&state).tick(&mut packet);
    }
}

impl State {
    fn tick(&mut self, packet: &mut [u8]) {
        let started = Instant::now();
        let mut gone = Vec::new();
        for mix in self.conference.tick() {
            let Some(outlet) = self.outlets.get_mut(&mix.listener) else { continue };
            // Before ICE and DTLS are up the peer would drop the frame:
            // spare the encoder.
            if !outlet.counters.connected() {
                continue;
            }
            let bytes = match mix.frame {
                Frame::Encoded(bytes) => {
                    self.cost.frames_passed_through += 1;
                    bytes
                }
                Frame::Pcm(pcm) => {
                    let at = Instant::now();
                    let encoded = outlet.encoder.encode(&pcm, packet);
                    let us = micros(at.elapsed());
                    self.cost.frames_encoded += 1;
                    self.cost.encode_us += us;
                    self.cost.max_encode_us = self.cost.max_encode_us.max(us);
                    match encoded.ok().and_then(|n| packet.get(..n)) {
                        Some(bytes) => bytes.to_vec(),
                        None => continue,
                    }
                }
            };
            let outgoing = Outgoing { packet: bytes, heard: mix.heard };
            if let Err(mpsc::error::TrySendError::Closed(_)) = outlet.frames.try_send(outgoing) {
                gone.push(mix.listener);
            }
        }
        // A peer that went away is not encoded for again; its party stays
        // a (silent) source until it is removed.
        for listener in gone {
            self.outlets.remove(&listener);
        }
        self.cost.ticks += 1;
        self.cost.tick_us += micros(started.elapsed());
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}
