//! Raw `getStats()` counters in, the seed's `webrtcStats` fields out: rates
//! and loss over the last interval, whether packets flowed each way, and a
//! network-quality bucket per direction.

use crate::core::heartbeat::network_state;
use crate::core::quality::mos::mos;
use crate::protocol::events::WebrtcStatsEvent;

/// One reading of the call's `getStats()`, as the browser reports it:
/// counters since the call began, times in seconds. What a browser does not
/// report is `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawSample {
    /// `RTCPeerConnection.iceConnectionState`.
    pub ice_state: String,
    /// The DTLS transport's `dtlsState`.
    pub dtls_state: String,
    /// `outbound-rtp` `packetsSent`.
    pub packets_sent: f64,
    /// `inbound-rtp` `packetsReceived`.
    pub packets_received: f64,
    /// `inbound-rtp` `packetsLost`.
    pub packets_lost: f64,
    /// `inbound-rtp` `jitter`, seconds.
    pub jitter_s: f64,
    /// The selected candidate pair's `currentRoundTripTime`, else
    /// `remote-inbound-rtp` `roundTripTime`, seconds.
    pub rtt_s: Option<f64>,
    /// `remote-inbound-rtp` `fractionLost`: what the far end lost of ours.
    pub remote_fraction_lost: Option<f64>,
    /// `remote-inbound-rtp` `jitter`, seconds.
    pub remote_jitter_s: Option<f64>,
    /// `inbound-rtp` `totalAudioEnergy` and `totalSamplesDuration`.
    pub energy_in: f64,
    /// See `energy_in`.
    pub duration_in: f64,
    /// `media-source` `totalAudioEnergy` and `totalSamplesDuration` of the
    /// microphone.
    pub energy_out: f64,
    /// See `energy_out`.
    pub duration_out: f64,
    /// When the sample was taken (ms since the epoch).
    pub timestamp: f64,
}

/// The quality bucket of a loss rate (0 to 1): 1 under 1 %, 2 under 3 %,
/// 3 under 10 %, else 4.
pub fn loss_bucket(loss: f64) -> i64 {
    match loss {
        l if l < 0.01 => 1,
        l if l < 0.03 => 2,
        l if l < 0.10 => 3,
        _ => 4,
    }
}

/// The quality bucket of a jitter (ms): 1 under 20, 2 under 50, 3 under
/// 100, else 4.
pub fn jitter_bucket(jitter_ms: f64) -> i64 {
    match jitter_ms {
        j if j < 20.0 => 1,
        j if j < 50.0 => 2,
        j if j < 100.0 => 3,
        _ => 4,
    }
}

/// The worst of the round-trip, loss and jitter buckets; 4 when no packet
/// moved that way during the interval.
fn direction_quality(flowing: bool, rtt_ms: f64, loss: f64, jitter_ms: f64) -> i64 {
    if !flowing {
        return 4;
    }
    network_state(rtt_ms as u64).max(loss_bucket(loss)).max(jitter_bucket(jitter_ms))
}

/// The RMS level over an interval from the energy counters (the WebRTC
/// statistics definition: energy is the sum of squared levels times the
/// duration), 0 to 1.
fn level(energy: f64, duration: f64) -> f64 {
    if duration > 0.0 && energy > 0.0 {
        (energy / duration).sqrt().min(1.0)
    } else {
        0.0
    }
}

fn round(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

/// Turns successive samples of one call into `webrtcStats` payloads.
#[derive(Debug, Clone, Default)]
pub struct Intervals {
    last: Option<RawSample>,
}

impl Intervals {
    /// The payload for the interval since the previous sample (or since the
    /// call began, for the first).
    pub fn next(&mut self, sample: RawSample) -> WebrtcStatsEvent {
        let zero = RawSample::default();
        let before = self.last.as_ref().unwrap_or(&zero);
        // Counters only grow; a smaller one means the browser restarted the
        // stream (an ICE restart, a new transceiver): count from zero again.
        let delta = |now: f64, then: f64| if now >= then { now - then } else { now.max(0.0) };
        let sent = delta(sample.packets_sent, before.packets_sent);
        let received = delta(sample.packets_received, before.packets_received);
        let lost = delta(sample.packets_lost, before.packets_lost);
        let loss = if received + lost > 0.0 { lost / (received + lost) } else { 0.0 };
        let jitter_ms = sample.jitter_s.max(0.0) * 1000.0;
        let rtt_ms = sample.rtt_s.unwrap_or(0.0).max(0.0) * 1000.0;
        let remote_loss = sample.remote_fraction_lost.unwrap_or(0.0).clamp(0.0, 1.0);
        let remote_jitter_ms = sample.remote_jitter_s.unwrap_or(0.0).max(0.0) * 1000.0;
        let packets_state = match (sent > 0.0, received > 0.0) {
            (true, true) => "normal",
            (false, true) => "sendStalled",
            (true, false) => "receiveStalled",
            (false, false) => "stalled",
        };
        let event = WebrtcStatsEvent {
            ice_state: sample.ice_state.clone(),
            dtls_state: sample.dtls_state.clone(),
            packets_sent: sample.packets_sent as i64,
            packets_received: sample.packets_received as i64,
            packets_state: packets_state.into(),
            jitter: round(jitter_ms, 1),
            rtt: round(rtt_ms, 1),
            packet_loss_rate: round(loss, 4),
            sent_network_quality: direction_quality(sent > 0.0, rtt_ms, remote_loss, remote_jitter_ms),
            received_network_quality: direction_quality(received > 0.0, rtt_ms, loss, jitter_ms),
            mos: mos(rtt_ms, jitter_ms, loss),
            audio_level_in: round(
                level(delta(sample.energy_in, before.energy_in), delta(sample.duration_in, before.duration_in)),
                4,
            ),
            audio_level_out: round(
                level(delta(sample.energy_out, before.energy_out), delta(sample.duration_out, before.duration_out)),
                4,
            ),
            timestamp: sample.timestamp,
        };
        self.last = Some(sample);
        event
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(sent: f64, received: f64, lost: f64) -> RawSample {
        RawSample {
            ice_state: "connected".into(),
            dtls_state: "connected".into(),
            packets_sent: sent,
            packets_received: received,
            packets_lost: lost,
            jitter_s: 0.004,
            rtt_s: Some(0.05),
            remote_fraction_lost: Some(0.0),
            remote_jitter_s: Some(0.003),
            ..RawSample::default()
        }
    }

    #[test]
    fn buckets() {
        assert_eq!([0.0, 0.0099, 0.01, 0.0299, 0.03, 0.0999, 0.1, 1.0].map(loss_bucket), [1, 1, 2, 2, 3, 3, 4, 4]);
        assert_eq!([0.0, 19.9, 20.0, 49.9, 50.0, 99.9, 100.0].map(jitter_bucket), [1, 1, 2, 2, 3, 3, 4]);
    }

    #[test]
    fn loss_and_packet_flow_per_interval() {
        // (sent, received, lost) cumulative, then the interval's loss rate,
        // packetsState and the two direction buckets.
        type Row = ((f64, f64, f64), f64, &'static str, i64, i64);
        let table: [Row; 6] = [
            ((50.0, 50.0, 0.0), 0.0, "normal", 1, 1),
            ((100.0, 98.0, 2.0), 0.04, "normal", 1, 3),
            ((150.0, 148.0, 2.0), 0.0, "normal", 1, 1),
            ((150.0, 198.0, 2.0), 0.0, "sendStalled", 4, 1),
            ((200.0, 198.0, 2.0), 0.0, "receiveStalled", 1, 4),
            ((200.0, 198.0, 2.0), 0.0, "stalled", 4, 4),
        ];
        let mut intervals = Intervals::default();
        for ((sent, received, lost), loss, state, sent_q, received_q) in table {
            let e = intervals.next(sample(sent, received, lost));
            assert_eq!(
                (e.packet_loss_rate, e.packets_state.as_str(), e.sent_network_quality, e.received_network_quality),
                (loss, state, sent_q, received_q),
                "after {sent}/{received}/{lost}"
            );
            assert_eq!((e.packets_sent, e.packets_received), (sent as i64, received as i64));
        }
    }

    #[test]
    fn units_levels_and_mos() {
        let mut intervals = Intervals::default();
        let mut s = sample(50.0, 50.0, 0.0);
        // Levels of 0.5 in and 0.1 out over one second.
        (s.energy_in, s.duration_in, s.energy_out, s.duration_out) = (0.25, 1.0, 0.01, 1.0);
        s.timestamp = 1_700_000_000_000.0;
        let e = intervals.next(s.clone());
        assert_eq!((e.jitter, e.rtt, e.audio_level_in, e.audio_level_out), (4.0, 50.0, 0.5, 0.1));
        assert_eq!(e.timestamp, 1_700_000_000_000.0);
        assert!(e.mos > 4.3 && e.mos <= 4.41, "{}", e.mos);
        // A silent second after it: the energy counters stand still.
        s.packets_sent += 50.0;
        s.packets_received += 50.0;
        s.duration_in += 1.0;
        s.duration_out += 1.0;
        let e = intervals.next(s);
        assert_eq!((e.audio_level_in, e.audio_level_out), (0.0, 0.0));
    }

    #[test]
    fn the_far_end_reports_decide_the_sending_side() {
        let mut intervals = Intervals::default();
        let mut s = sample(50.0, 50.0, 0.0);
        s.remote_fraction_lost = Some(0.05);
        s.remote_jitter_s = Some(0.06);
        let e = intervals.next(s);
        assert_eq!((e.sent_network_quality, e.received_network_quality), (3, 1));
    }

    #[test]
    fn missing_or_restarted_counters_never_go_negative() {
        let mut intervals = Intervals::default();
        intervals.next(sample(500.0, 500.0, 10.0));
        let mut s = sample(20.0, 20.0, 0.0);
        s.rtt_s = None;
        s.jitter_s = -1.0;
        let e = intervals.next(s);
        assert_eq!((e.packet_loss_rate, e.packets_state.as_str(), e.rtt, e.jitter), (0.0, "normal", 0.0, 0.0));
    }
}
