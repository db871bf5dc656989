//! A WebRTC media peer: str0m (ICE with a host candidate, DTLS-SRTP, Opus
//! 48 kHz) on its own UDP socket, in its own task. The gateway runs one per
//! softphone leg as the far end of the agent's audio: it plays a tone to
//! the agent and measures what the agent's browser sends back. Tests run a
//! second one as the browser's media.
//!
//! The task lives as long as its [`MediaPeer`] handle: dropping the handle
//! ends it and closes the socket.

use std::io;
use std::net::{IpAddr, SocketAddr, UdpSocket as StdUdpSocket};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
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

use crate::sip::audio::{Meter, Tone, FRAME_MS, FRAME_SAMPLES, VOICED_DBFS};

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
}

/// A snapshot of [`MediaCounters`], as the scenario interface shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
        }
    }

    /// Whether ICE and DTLS completed.
    pub fn connected(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
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

/// How a peer is made.
#[derive(Debug, Clone, Copy)]
pub struct PeerOptions {
    /// The address of its host candidate.
    pub ip: IpAddr,
    /// The tone it plays.
    pub tone_hz: f32,
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
        let task = Task { rtc, socket, local, pending: Some(pending), mid: Some(mid), counters: counters.clone() };
        tokio::spawn(task.run(rx, options.tone_hz));
        Ok((Self { answers, counters, local }, with_address(&offer.to_sdp_string(), local)))
    }

    /// An answering peer (a test's browser): the handle and the SDP answer.
    pub fn answer(options: PeerOptions, offer: &str, counters: Arc<MediaCounters>) -> io::Result<(Self, String)> {
        let (mut rtc, socket, local) = setup(options.ip)?;
        let offer = SdpOffer::from_sdp_string(offer).map_err(|e| io::Error::other(e.to_string()))?;
        let answer = rtc.sdp_api().accept_offer(offer).map_err(|e| io::Error::other(e.to_string()))?;
        let (answers, rx) = mpsc::unbounded_channel();
        let task = Task { rtc, socket, local, pending: None, mid: None, counters: counters.clone() };
        tokio::spawn(task.run(rx, options.tone_hz));
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
}

impl Task {
    async fn run(mut self, mut answers: mpsc::UnboundedReceiver<String>, tone_hz: f32) {
        let Some(mut meter) = Meter::new() else {
            tracing::warn!("no Opus decoder: the media peer does not start");
            return;
        };
        // The first peer of a tone encodes it, off the runtime's threads;
        // ICE and DTLS go on meanwhile.
        let mut tone_job = Some(tokio::task::spawn_blocking(move || Tone::new(tone_hz)));
        let mut tone: Option<Tone> = None;
        let mut buf = vec![0u8; 2000];
        let mut next_frame = Instant::now();
        let mut media_time: u64 = 0;
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
                        if tone.as_mut().is_some_and(|t| self.send_frame(t, media_time, now)) {
                            media_time += FRAME_SAMPLES as u64;
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
                    let voiced = meter.level(&data.data).is_some_and(|l| l > VOICED_DBFS);
                    self.counters.received(data.data.len(), voiced, data.network_time);
                }
                Output::Event(_) => {}
            }
        }
    }

    fn send_frame(&mut self, tone: &mut Tone, media_time: u64, now: Instant) -> bool {
        let (Some(mid), Some(packet)) = (self.mid, tone.next_packet()) else { return false };
        let Some(writer) = self.rtc.writer(mid) else { return false };
        let Some(pt) = writer.payload_params().find(|p| p.spec().codec == Codec::Opus).map(|p| p.pt()) else {
            return false;
        };
        let time = MediaTime::new(media_time, Frequency::FORTY_EIGHT_KHZ);
        if writer.write(pt, now, time, packet).is_ok() {
            self.counters.packets_sent.fetch_add(1, Ordering::Relaxed);
            return true;
        }
        false
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
        let (caller, offer) = MediaPeer::offer(PeerOptions { ip, tone_hz: 440.0 }, MediaCounters::new(epoch)).unwrap();
        let (callee, answer) =
            MediaPeer::answer(PeerOptions { ip, tone_hz: 880.0 }, &offer, MediaCounters::new(epoch)).unwrap();
        caller.accept_answer(answer);
        assert!(offer.contains("\r\nc=IN IP4 127.0.0.1\r\n") && !offer.contains("0.0.0.0"), "{offer}");
        let port = caller.local_addr().port();
        assert!(offer.contains(&format!("\r\nm=audio {port} UDP/TLS/RTP/SAVPF 111\r\n")), "{offer}");
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let (a, b) = (caller.counters().view(), callee.counters().view());
            if a.voiced_frames_received >= 25 && b.voiced_frames_received >= 25 {
                assert!(a.packets_sent >= 25 && b.packets_sent >= 25);
                break;
            }
            assert!(Instant::now() < deadline, "no two-way audio within 5 s: {a:?} {b:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
