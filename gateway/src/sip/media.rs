//! A WebRTC media peer: str0m (ICE with a host candidate, DTLS-SRTP, Opus
//! 48 kHz) on its own UDP socket, in its own task. The gateway runs one per
//! softphone leg as the far end of the agent's audio: it plays a tone to
//! the agent, or what a call's conference bridge mixed for the leg, and
//! measures what the agent's browser sends back. Tests run a second one as
//! the browser's media.
//!
//! The task lives as long as its [`MediaPeer`] handle: dropping the handle
//! ends it and closes the socket.

use std::collections::BTreeMap;
use std::io;
use std::net::{IpAddr, SocketAddr, UdpSocket as StdUdpSocket};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::future::OptionFuture;
use serde::Serialize;
use str0m::change::{SdpAnswer, SdpOffer, SdpPendingOffer};
use str0m::format::Codec;
use str0m::media::{Direction, Frequency, MediaKind, MediaTime, Mid};
use str0m::net::{Protocol, Receive};
use str0m::{Candidate, Event, Input, Output, Rtc};
use tokio::net::UdpSocket;
use tokio::sync::mpsc;

use crate::sip::audio::{
    level_dbfs, tone_level_dbfs, Meter, Tone, FRAME_MS, FRAME_SAMPLES, TONE_PRESENT_DBFS, VOICED_DBFS,
};
use crate::sip::bridge::{BridgeLink, HeardFrom, Inbox, Outgoing};

/// What a peer counted, shared with whoever shows it.
#[derive(Debug)]
pub struct MediaCounters {
    epoch: Instant,
    packets_sent: AtomicU64,
    packets_received: AtomicU64,
    bytes_received: AtomicU64,
    voiced_frames_received: AtomicU64,
    /// Ms since `epoch` plus one; 0 for none yet.
    first_packet: AtomicU64,
    /// Ms since `epoch` plus one; 0 for none yet.
    last_packet: AtomicU64,
    connected: AtomicBool,
    heard: Mutex<BTreeMap<Arc<str>, Heard>>,
    tones: Mutex<BTreeMap<u32, u64>>,
}

/// Frames a listener was sent that carried one source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Heard {
    /// Frames with the source mixed in.
    pub frames: u64,
    /// Of those, the frames in which the source was voiced.
    pub voiced_frames: u64,
}

/// A snapshot of [`MediaCounters`], as the scenario interface shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MediaView {
    /// RTP packets (one 20 ms Opus frame each) sent to the softphone.
    pub packets_sent: u64,
    /// RTP packets received from the softphone, after SRTP.
    pub packets_received: u64,
    /// Their payload bytes.
    pub bytes_received: u64,
    /// Received frames whose decoded level is above the voiced threshold.
    pub voiced_frames_received: u64,
    /// When the first packet arrived (ms on the clock the counters were
    /// made with), so the time a softphone takes to answer can be measured
    /// to its first audio; absent before it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_packet_ms: Option<u64>,
    /// When the last packet arrived (same clock); absent before the first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_packet_ms: Option<u64>,
    /// On a call with a conference bridge: per source party, the frames
    /// delivered to this party that carried it (for a leg, written to its
    /// peer; for a simulated party, mixed for it). A source that is absent
    /// was never heard.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub heard: BTreeMap<String, Heard>,
    /// Per probed frequency (Hz), the received frames in which that tone
    /// was present; only for peers made with probes.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tones_received: BTreeMap<u32, u64>,
}

impl MediaCounters {
    /// Fresh counters; times count in ms from `epoch`.
    pub fn new(epoch: Instant) -> Arc<Self> {
        Arc::new(Self {
            epoch,
            packets_sent: AtomicU64::new(0),
            packets_received: AtomicU64::new(0),
            bytes_received: AtomicU64::new(0),
            voiced_frames_received: AtomicU64::new(0),
            first_packet: AtomicU64::new(0),
            last_packet: AtomicU64::new(0),
            connected: AtomicBool::new(false),
            heard: Mutex::default(),
            tones: Mutex::default(),
        })
    }

    /// The numbers now.
    pub fn view(&self) -> MediaView {
        let last = self.last_packet.load(Ordering::Relaxed);
        MediaView {
            packets_sent: self.packets_sent.load(Ordering::Relaxed),
            packets_received: self.packets_received.load(Ordering::Relaxed),
            bytes_received: self.bytes_received.load(Ordering::Relaxed),
            voiced_frames_received: self.voiced_frames_received.load(Ordering::Relaxed),
            first_packet_ms: self.first_packet.load(Ordering::Relaxed).checked_sub(1),
            last_packet_ms: last.checked_sub(1),
            heard: lock(&self.heard).iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            tones_received: lock(&self.tones).clone(),
        }
    }

    /// Counts one frame delivered to this party and the sources in it.
    pub fn delivered(&self, heard: &[HeardFrom]) {
        let mut counts = lock(&self.heard);
        for from in heard {
            let count = counts.entry(from.source.clone()).or_default();
            count.frames += 1;
            count.voiced_frames += u64::from(from.voiced);
        }
    }

    /// Whether ICE and DTLS completed.
    pub fn connected(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
    }

    fn tones_present(&self, hz: impl Iterator<Item = u32>) {
        let mut tones = lock(&self.tones);
        for hz in hz {
            *tones.entry(hz).or_default() += 1;
        }
    }

    fn received(&self, bytes: usize, voiced: bool, at: Instant) {
        self.packets_received.fetch_add(1, Ordering::Relaxed);
        self.bytes_received.fetch_add(bytes as u64, Ordering::Relaxed);
        if voiced {
            self.voiced_frames_received.fetch_add(1, Ordering::Relaxed);
        }
        let ms = u64::try_from(at.saturating_duration_since(self.epoch).as_millis()).unwrap_or(u64::MAX - 1);
        let stamp = ms.saturating_add(1);
        let _ = self.first_packet.compare_exchange(0, stamp, Ordering::Relaxed, Ordering::Relaxed);
        self.last_packet.store(stamp, Ordering::Relaxed);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// What a peer sends.
#[derive(Debug)]
pub enum Audio {
    /// Its own tone at this frequency (Hz), on its own 20 ms clock.
    Tone(f32),
    /// What a conference bridge mixed for it, as it comes; what it receives
    /// goes to the bridge too.
    Bridge(BridgeLink),
}

/// How a peer is made.
#[derive(Debug)]
pub struct PeerOptions {
    /// The address of its host candidate.
    pub ip: IpAddr,
    /// What it sends.
    pub audio: Audio,
    /// Frequencies (Hz) to look for in each frame received, counted in
    /// `tonesReceived`.
    pub probes: Vec<f32>,
}

impl PeerOptions {
    /// A peer playing its own tone at `hz`.
    pub fn tone(ip: IpAddr, hz: f32) -> Self {
        Self { ip, audio: Audio::Tone(hz), probes: Vec::new() }
    }

    /// A peer sending what a conference bridge mixed for it.
    pub fn bridged(ip: IpAddr, link: BridgeLink) -> Self {
        Self { ip, audio: Audio::Bridge(link), probes: Vec::new() }
    }

    /// These options, also counting which of `hz` each received frame
    /// carries.
    pub fn probing(mut self, hz: &[f32]) -> Self {
        self.probes = hz.to_vec();
        self
    }
}

/// Starts a media peer; the task ends when the handle is dropped.
#[derive(Debug)]
pub struct MediaPeer {
    answers: mpsc::UnboundedSender<String>,
    counters: Arc<MediaCounters>,
    local: SocketAddr,
}

impl MediaPeer {
    /// An offering peer (the gateway's side): the handle and the SDP offer.
    /// Needs a tokio runtime.
    pub fn offer(options: PeerOptions, counters: Arc<MediaCounters>) -> io::Result<(Self, String)> {
        let (mut rtc, socket, local) = setup(options.ip)?;
        let mut api = rtc.sdp_api();
        let mid = api.add_media(MediaKind::Audio, Direction::SendRecv, None, None, None);
        let (offer, pending) = api.apply().ok_or_else(|| io::Error::other("no SDP offer"))?;
        let (answers, rx) = mpsc::unbounded_channel();
        let task = Task::new(rtc, socket, local, Some(pending), Some(mid), counters.clone(), options.probes);
        tokio::spawn(task.run(rx, options.audio));
        Ok((Self { answers, counters, local }, with_address(&offer.to_sdp_string(), local)))
    }

    /// An answering peer (a test's browser): the handle and the SDP answer.
    pub fn answer(options: PeerOptions, offer: &str, counters: Arc<MediaCounters>) -> io::Result<(Self, String)> {
        let (mut rtc, socket, local) = setup(options.ip)?;
        let offer = SdpOffer::from_sdp_string(offer).map_err(|e| io::Error::other(e.to_string()))?;
        let answer = rtc.sdp_api().accept_offer(offer).map_err(|e| io::Error::other(e.to_string()))?;
        let (answers, rx) = mpsc::unbounded_channel();
        let task = Task::new(rtc, socket, local, None, None, counters.clone(), options.probes);
        tokio::spawn(task.run(rx, options.audio));
        Ok((Self { answers, counters, local }, with_address(&answer.to_sdp_string(), local)))
    }

    /// Hands the far end's SDP answer to an offering peer.
    pub fn accept_answer(&self, sdp: String) {
        let _ = self.answers.send(sdp);
    }

    /// The peer's counters.
    pub fn counters(&self) -> &Arc<MediaCounters> {
        &self.counters
    }

    /// The UDP address of its host candidate.
    pub fn local_addr(&self) -> SocketAddr {
        self.local
    }
}

/// The description with the host candidate's address in `c=` and `o=` and
/// its port in `m=`. str0m writes `0.0.0.0` and port 9 as browsers do for
/// ICE; SIP user agents (the SDK's among them) read `c=IN IP4 0.0.0.0` as
/// the old way of putting a call on hold.
fn with_address(sdp: &str, at: SocketAddr) -> String {
    let family = if at.is_ipv4() { "IP4" } else { "IP6" };
    let mut out = String::with_capacity(sdp.len() + 32);
    for line in sdp.lines() {
        if line.starts_with("c=IN ") {
            out.push_str(&format!("c=IN {family} {}", at.ip()));
        } else if let Some(rest) = line.strip_prefix("o=") {
            let fields: Vec<&str> = rest.split(' ').collect();
            match fields.as_slice() {
                [user, id, version, "IN", _, _] => {
                    out.push_str(&format!("o={user} {id} {version} IN {family} {}", at.ip()))
                }
                _ => out.push_str(line),
            }
        } else if let Some(rest) = line.strip_prefix("m=audio 9 ") {
            out.push_str(&format!("m=audio {} {rest}", at.port()));
        } else {
            out.push_str(line);
        }
        out.push_str("\r\n");
    }
    out
}

/// An `Rtc` with Opus only and a host candidate on a fresh UDP socket.
fn setup(ip: IpAddr) -> io::Result<(Rtc, UdpSocket, SocketAddr)> {
    let std_socket = StdUdpSocket::bind(SocketAddr::new(ip, 0))?;
    std_socket.set_nonblocking(true)?;
    let socket = UdpSocket::from_std(std_socket)?;
    let local = socket.local_addr()?;
    let mut rtc = Rtc::builder().clear_codecs().enable_opus(true, false).build(Instant::now());
    let candidate = Candidate::host(local, "udp").map_err(|e| io::Error::other(e.to_string()))?;
    rtc.add_local_candidate(candidate);
    Ok((rtc, socket, local))
}

struct Task {
    rtc: Rtc,
    socket: UdpSocket,
    local: SocketAddr,
    pending: Option<SdpPendingOffer>,
    mid: Option<Mid>,
    counters: Arc<MediaCounters>,
    probes: Vec<f32>,
    /// Where decoded audio goes, on a bridged call.
    inbox: Option<Arc<Inbox>>,
    /// RTP time of the next frame sent.
    media_time: u64,
}

impl Task {
    fn new(
        rtc: Rtc,
        socket: UdpSocket,
        local: SocketAddr,
        pending: Option<SdpPendingOffer>,
        mid: Option<Mid>,
        counters: Arc<MediaCounters>,
        probes: Vec<f32>,
    ) -> Self {
        Self { rtc, socket, local, pending, mid, counters, probes, inbox: None, media_time: 0 }
    }

    async fn run(mut self, mut answers: mpsc::UnboundedReceiver<String>, audio: Audio) {
        let Some(mut meter) = Meter::new() else {
            tracing::warn!("no Opus decoder: the media peer does not start");
            return;
        };
        let (tone_hz, mut feed) = match audio {
            Audio::Tone(hz) => (Some(hz), None),
            Audio::Bridge(link) => {
                self.inbox = Some(link.inbox);
                (None, Some(link.frames))
            }
        };
        // The first peer of a tone encodes it, off the runtime's threads;
        // ICE and DTLS go on meanwhile.
        let mut tone_job = tone_hz.map(|hz| tokio::task::spawn_blocking(move || Tone::new(hz)));
        let mut tone: Option<Tone> = None;
        let mut buf = vec![0u8; 2000];
        let mut next_frame = Instant::now();
        while let Some(timeout) = self.drain(&mut meter) {
            let sending = self.counters.connected() && self.mid.is_some() && tone.is_some();
            let wake = if sending { timeout.min(next_frame) } else { timeout };
            tokio::select! {
                Some(ready) = OptionFuture::from(tone_job.as_mut()), if tone_job.is_some() => {
                    tone_job = None;
                    tone = ready.ok().flatten();
                    if tone.is_none() {
                        tracing::warn!("no Opus encoder: the media peer plays nothing");
                    }
                }
                outgoing = recv(&mut feed), if feed.is_some() => match outgoing {
                    Some(outgoing) => self.send_bridged(outgoing),
                    // The bridge let the leg go: it goes quiet.
                    None => feed = None,
                },
                answer = answers.recv() => {
                    let Some(answer) = answer else { break };
                    if !self.accept(&answer) {
                        break;
                    }
                }
                received = self.socket.recv_from(&mut buf) => {
                    // A UDP error (an ICMP port unreachable from a peer that
                    // went away) is not fatal: ICE decides when it is over.
                    let Ok((n, source)) = received else { continue };
                    let Some(contents) = buf.get(..n).and_then(|b| b.try_into().ok()) else { continue };
                    let receive = Receive { proto: Protocol::Udp, source, destination: self.local, contents };
                    if self.rtc.handle_input(Input::Receive(Instant::now(), receive)).is_err() {
                        break;
                    }
                }
                _ = tokio::time::sleep_until(wake.into()) => {
                    let now = Instant::now();
                    if sending && now >= next_frame {
                        if now.saturating_duration_since(next_frame) > Duration::from_millis(200) {
                            // Starved for a while: carry on from now rather
                            // than bursting the backlog.
                            next_frame = now;
                        }
                        next_frame += Duration::from_millis(FRAME_MS);
                        if let Some(packet) = tone.as_mut().and_then(Tone::next_packet) {
                            self.send_packet(packet, now);
                        }
                    } else if self.rtc.handle_input(Input::Timeout(now)).is_err() {
                        break;
                    }
                }
            }
        }
        self.rtc.disconnect();
    }

    fn accept(&mut self, answer: &str) -> bool {
        let (Some(pending), Ok(answer)) = (self.pending.take(), SdpAnswer::from_sdp_string(answer)) else {
            tracing::info!("unusable SDP answer from the softphone");
            return false;
        };
        self.rtc.sdp_api().accept_answer(pending, answer).is_ok()
    }

    /// Polls until str0m wants a timeout; `None` when the peer is dead.
    fn drain(&mut self, meter: &mut Meter) -> Option<Instant> {
        loop {
            match self.rtc.poll_output().ok()? {
                Output::Timeout(at) => return Some(at),
                Output::Transmit(t) => {
                    // A full socket buffer drops the datagram, as the
                    // network would.
                    let _ = self.socket.try_send_to(&t.contents, t.destination);
                }
                Output::Event(Event::Connected) => self.counters.connected.store(true, Ordering::Relaxed),
                Output::Event(Event::MediaAdded(added)) if self.mid.is_none() => self.mid = Some(added.mid),
                Output::Event(Event::MediaData(data)) => {
                    let pcm = meter.decode(&data.data);
                    let voiced = pcm.is_some_and(|p| level_dbfs(p) > VOICED_DBFS);
                    if let Some(pcm) = pcm {
                        if !self.probes.is_empty() {
                            let present =
                                self.probes.iter().filter(|&&hz| tone_level_dbfs(pcm, hz) > TONE_PRESENT_DBFS);
                            self.counters.tones_present(present.map(|&hz| hz as u32));
                        }
                        if let Some(inbox) = &self.inbox {
                            inbox.push(pcm);
                        }
                    }
                    self.counters.received(data.data.len(), voiced, data.network_time);
                }
                Output::Event(_) => {}
            }
        }
    }

    /// A frame from the bridge: sent once the media is up, and counted
    /// with its sources as delivered; dropped before.
    fn send_bridged(&mut self, outgoing: Outgoing) {
        if self.counters.connected() && self.send_packet(outgoing.packet, Instant::now()) {
            self.counters.delivered(&outgoing.heard);
        }
    }

    fn send_packet(&mut self, packet: Vec<u8>, now: Instant) -> bool {
        let Some(mid) = self.mid else { return false };
        let Some(writer) = self.rtc.writer(mid) else { return false };
        let Some(pt) = writer.payload_params().find(|p| p.spec().codec == Codec::Opus).map(|p| p.pt()) else {
            return false;
        };
        let time = MediaTime::new(self.media_time, Frequency::FORTY_EIGHT_KHZ);
        if writer.write(pt, now, time, packet).is_ok() {
            self.counters.packets_sent.fetch_add(1, Ordering::Relaxed);
            self.media_time += FRAME_SAMPLES as u64;
            return true;
        }
        false
    }
}

/// The next frame from the bridge; pending for ever without one.
async fn recv(feed: &mut Option<mpsc::Receiver<Outgoing>>) -> Option<Outgoing> {
    match feed {
        Some(feed) => feed.recv().await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn two_peers_exchange_voiced_opus_both_ways() {
        str0m::crypto::from_feature_flags().install_process_default();
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let epoch = Instant::now();
        let (caller, offer) = MediaPeer::offer(PeerOptions::tone(ip, 440.0), MediaCounters::new(epoch)).unwrap();
        let (callee, answer) =
            MediaPeer::answer(PeerOptions::tone(ip, 880.0).probing(&[440.0, 880.0]), &offer, MediaCounters::new(epoch))
                .unwrap();
        caller.accept_answer(answer);
        assert!(offer.contains("\r\nc=IN IP4 127.0.0.1\r\n") && !offer.contains("0.0.0.0"), "{offer}");
        let port = caller.local_addr().port();
        assert!(offer.contains(&format!("\r\nm=audio {port} UDP/TLS/RTP/SAVPF 111\r\n")), "{offer}");
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let (a, b) = (caller.counters().view(), callee.counters().view());
            if a.voiced_frames_received >= 25 && b.voiced_frames_received >= 25 {
                assert!(a.packets_sent >= 25 && b.packets_sent >= 25);
                // The callee hears the caller's 440 Hz, and not its own 880.
                assert!(b.tones_received.get(&440).is_some_and(|&n| n >= 20), "{b:?}");
                assert_eq!(b.tones_received.get(&880), None, "{b:?}");
                assert!(a.tones_received.is_empty() && a.heard.is_empty(), "{a:?}");
                break;
            }
            assert!(Instant::now() < deadline, "no two-way audio within 5 s: {a:?} {b:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
