//! Call-quality warnings with hysteresis: a warning is raised after a few
//! samples in a row past its raise threshold, and cleared only after a few
//! samples in a row back past a stricter clear threshold, so a value that
//! hovers around one line does not flap.

use crate::protocol::events::WebrtcStatsEvent;

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// Round trip too long for a natural conversation.
    HighRtt,
    /// Arrival times vary enough to need a deep jitter buffer.
    HighJitter,
    /// Received packets are being lost.
    PacketLoss,
    /// The estimated mean opinion score is low.
    LowMos,
    /// The microphone sends silence.
    SilentMicrophone,
}

impl Warning {
    /// The name in the `qualityWarning` event.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HighRtt => "highRtt",
            Self::HighJitter => "highJitter",
            Self::PacketLoss => "packetLoss",
            Self::LowMos => "lowMos",
            Self::SilentMicrophone => "silentMicrophone",
        }
    }
}

/// One warning's thresholds and sample counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// The warning.
    pub warning: Warning,
    /// Whether a higher value is worse (rtt) or better (MOS).
    pub higher_is_worse: bool,
    /// Past this, a sample counts towards raising.
    pub raise: f64,
    /// Samples in a row past `raise` that raise the warning.
    pub raise_after: u8,
    /// Back past this, a sample counts towards clearing.
    pub clear: f64,
    /// Samples in a row past `clear` that clear the warning.
    pub clear_after: u8,
}

/// The thresholds, one sample a second (docs/softphone.md has the same table).
pub const RULES: [Rule; 5] = [
    Rule {
        warning: Warning::HighRtt,
        higher_is_worse: true,
        raise: 400.0,
        raise_after: 3,
        clear: 300.0,
        clear_after: 5,
    },
    Rule {
        warning: Warning::HighJitter,
        higher_is_worse: true,
        raise: 30.0,
        raise_after: 3,
        clear: 20.0,
        clear_after: 5,
    },
    Rule {
        warning: Warning::PacketLoss,
        higher_is_worse: true,
        raise: 0.05,
        raise_after: 3,
        clear: 0.02,
        clear_after: 5,
    },
    Rule { warning: Warning::LowMos, higher_is_worse: false, raise: 3.5, raise_after: 3, clear: 3.8, clear_after: 5 },
    Rule {
        warning: Warning::SilentMicrophone,
        higher_is_worse: false,
        raise: 0.001,
        raise_after: 5,
        clear: 0.005,
        clear_after: 2,
    },
];

impl Rule {
    fn value(&self, stats: &WebrtcStatsEvent) -> f64 {
        match self.warning {
            Warning::HighRtt => stats.rtt,
            Warning::HighJitter => stats.jitter,
            Warning::PacketLoss => stats.packet_loss_rate,
            Warning::LowMos => stats.mos,
            Warning::SilentMicrophone => stats.audio_level_out,
        }
    }

    fn past(&self, value: f64, line: f64) -> bool {
        if self.higher_is_worse {
            value > line
        } else {
            value < line
        }
    }

    fn back(&self, value: f64, line: f64) -> bool {
        if self.higher_is_worse {
            value < line
        } else {
            value > line
        }
    }
}

/// A warning raised or cleared by the latest sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WarningChange {
    /// Which warning.
    pub warning: Warning,
    /// `true` when raised, `false` when cleared.
    pub active: bool,
    /// The value in the sample that decided it.
    pub value: f64,
    /// The threshold it crossed: the raise threshold when raised, the clear
    /// threshold when cleared.
    pub threshold: f64,
}

#[derive(Debug, Clone, Copy, Default)]
struct Track {
    active: bool,
    streak: u8,
}

/// The warnings of one call.
#[derive(Debug, Clone, Default)]
pub struct Warnings {
    tracks: [Track; RULES.len()],
}

impl Warnings {
    /// Feeds one sample; returns the warnings it raised or cleared.
    pub fn observe(&mut self, stats: &WebrtcStatsEvent) -> Vec<WarningChange> {
        let mut changes = Vec::new();
        for (rule, track) in RULES.iter().zip(self.tracks.iter_mut()) {
            let value = rule.value(stats);
            let (counts, needed, threshold) = if track.active {
                (rule.back(value, rule.clear), rule.clear_after, rule.clear)
            } else {
                (rule.past(value, rule.raise), rule.raise_after, rule.raise)
            };
            track.streak = if counts { track.streak.saturating_add(1) } else { 0 };
            if track.streak >= needed {
                track.active = !track.active;
                track.streak = 0;
                changes.push(WarningChange { warning: rule.warning, active: track.active, value, threshold });
            }
        }
        changes
    }

    /// The warnings raised now: the ones to clear when the call ends.
    pub fn active(&self) -> impl Iterator<Item = Warning> + '_ {
        RULES.iter().zip(self.tracks.iter()).filter(|(_, t)| t.active).map(|(r, _)| r.warning)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(rtt: f64, jitter: f64, loss: f64, mos: f64, level_out: f64) -> WebrtcStatsEvent {
        WebrtcStatsEvent {
            ice_state: "connected".into(),
            dtls_state: "connected".into(),
            packets_sent: 0,
            packets_received: 0,
            packets_state: "normal".into(),
            jitter,
            rtt,
            packet_loss_rate: loss,
            sent_network_quality: 1,
            received_network_quality: 1,
            mos,
            audio_level_in: 0.1,
            audio_level_out: level_out,
            timestamp: 0.0,
        }
    }

    const GOOD: (f64, f64, f64, f64, f64) = (40.0, 3.0, 0.0, 4.4, 0.1);

    /// Runs `samples` (rtt values, the rest good) and lists, per sample, the
    /// highRtt change it made: `+` raised, `-` cleared, `.` none.
    fn rtt_trace(samples: &[f64]) -> String {
        let mut w = Warnings::default();
        samples
            .iter()
            .map(|&rtt| {
                let (_, j, l, m, a) = GOOD;
                match w.observe(&stats(rtt, j, l, m, a)).as_slice() {
                    [] => '.',
                    [c] if c.warning == Warning::HighRtt && c.active => '+',
                    [c] if c.warning == Warning::HighRtt => '-',
                    other => panic!("unexpected {other:?}"),
                }
            })
            .collect()
    }

    #[test]
    fn hysteresis_of_one_warning() {
        // (rtt samples, expected trace)
        let table: [(&[f64], &str); 6] = [
            // Three bad samples in a row raise.
            (&[500.0, 500.0, 500.0], "..+"),
            // A good sample in between starts the count again.
            (&[500.0, 500.0, 100.0, 500.0, 500.0, 500.0], ".....+"),
            // Between the two thresholds neither raises nor clears.
            (&[500.0, 500.0, 500.0, 350.0, 350.0, 350.0, 350.0, 350.0, 350.0], "..+......"),
            // Five samples under the clear threshold clear.
            (&[500.0, 500.0, 500.0, 250.0, 250.0, 250.0, 250.0, 250.0], "..+....-"),
            // A bad sample among the good ones restarts the clear count.
            (
                &[500.0, 500.0, 500.0, 250.0, 250.0, 250.0, 250.0, 450.0, 250.0, 250.0, 250.0, 250.0, 250.0],
                "..+.........-",
            ),
            // Exactly on a threshold counts as neither side.
            (&[400.0, 400.0, 400.0, 400.0], "...."),
        ];
        for (samples, expected) in table {
            assert_eq!(rtt_trace(samples), expected, "{samples:?}");
        }
    }

    #[test]
    fn each_warning_has_its_own_rule() {
        // (a bad sample, the warning it raises, its value, a good sample that
        // clears it)
        let (r, j, l, m, a) = GOOD;
        let table = [
            (stats(450.0, j, l, m, a), Warning::HighRtt, 450.0),
            (stats(r, 45.0, l, m, a), Warning::HighJitter, 45.0),
            (stats(r, j, 0.08, m, a), Warning::PacketLoss, 0.08),
            (stats(r, j, l, 3.1, a), Warning::LowMos, 3.1),
            (stats(r, j, l, m, 0.0), Warning::SilentMicrophone, 0.0),
        ];
        for (bad, warning, value) in table {
            let rule = RULES.iter().find(|r| r.warning == warning).unwrap();
            let mut w = Warnings::default();
            for _ in 1..rule.raise_after {
                assert!(w.observe(&bad).is_empty(), "{warning:?} too early");
            }
            let raised = w.observe(&bad);
            assert_eq!(raised, [WarningChange { warning, active: true, value, threshold: rule.raise }]);
            assert_eq!(w.active().collect::<Vec<_>>(), [warning]);
            let good = stats(r, j, l, m, a);
            for _ in 1..rule.clear_after {
                assert!(w.observe(&good).is_empty(), "{warning:?} cleared too early");
            }
            let cleared = w.observe(&good);
            assert_eq!(cleared.len(), 1, "{warning:?}");
            assert!(!cleared[0].active && cleared[0].threshold == rule.clear);
            assert_eq!(w.active().count(), 0);
        }
    }

    #[test]
    fn clear_thresholds_are_on_the_good_side_of_raise_thresholds() {
        for rule in RULES {
            assert!(rule.back(rule.clear, rule.raise), "{:?}", rule.warning);
            assert!(rule.raise_after > 0 && rule.clear_after > 0);
        }
    }

    #[test]
    fn one_bad_sample_can_raise_several() {
        let mut w = Warnings::default();
        let bad = stats(900.0, 80.0, 0.3, 1.5, 0.1);
        let names: Vec<_> = (0..3).flat_map(|_| w.observe(&bad)).map(|c| c.warning.as_str()).collect();
        assert_eq!(names, ["highRtt", "highJitter", "packetLoss", "lowMos"]);
    }
}
