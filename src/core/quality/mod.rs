//! Call quality of the softphone, sans-IO: when to read the call's
//! statistics, what the readings mean (`webrtcStats`), and which quality
//! warnings they raise or clear.

pub mod mos;
pub mod stats;
pub mod warnings;

pub use stats::RawSample;
pub use warnings::{Warning, WarningChange};

use crate::protocol::events::WebrtcStatsEvent;
use stats::Intervals;
use warnings::Warnings;

/// One sample a second, as the seed says of `webrtcStats`.
pub const INTERVAL_MS: u64 = 1_000;

/// What one sample produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The `webrtcStats` payload.
    pub stats: WebrtcStatsEvent,
    /// Warnings raised or cleared by it.
    pub changes: Vec<WarningChange>,
}

/// The sampling schedule and the readings of the current call.
#[derive(Debug, Clone, Default)]
pub struct Monitor {
    next_at: Option<u64>,
    /// A reading was asked for and has not come back.
    reading: bool,
    intervals: Intervals,
    warnings: Warnings,
}

impl Monitor {
    /// A call's media is up: the first sample is due a second from now.
    pub fn start(&mut self, now: u64) {
        *self = Self { next_at: Some(now + INTERVAL_MS), ..Self::default() };
    }

    /// The call ended: no more samples; the warnings still active are
    /// returned cleared, so the desk is never left showing one.
    pub fn stop(&mut self) -> Vec<WarningChange> {
        let cleared = self
            .warnings
            .active()
            .map(|warning| WarningChange { warning, active: false, value: 0.0, threshold: 0.0 })
            .collect();
        *self = Self::default();
        cleared
    }

    /// Whether a call is being sampled.
    pub fn is_running(&self) -> bool {
        self.next_at.is_some() || self.reading
    }

    /// When a sample is next due, if one is.
    pub fn poll_timeout(&self) -> Option<u64> {
        self.next_at.filter(|_| !self.reading)
    }

    /// Time has reached `now`: true when a reading must be taken now and
    /// handed back with [`Monitor::sampled`] or [`Monitor::failed`].
    pub fn handle_timeout(&mut self, now: u64) -> bool {
        if self.reading || self.next_at.is_none_or(|at| at > now) {
            return false;
        }
        self.reading = true;
        true
    }

    /// A reading came back. `None` when the call ended meanwhile.
    pub fn sampled(&mut self, sample: RawSample, now: u64) -> Option<Report> {
        if !self.reading {
            return None;
        }
        self.schedule(now);
        let stats = self.intervals.next(sample);
        let changes = self.warnings.observe(&stats);
        Some(Report { stats, changes })
    }

    /// The reading failed (the browser had no statistics to give): try
    /// again at the next interval.
    pub fn failed(&mut self, now: u64) {
        if self.reading {
            self.schedule(now);
        }
    }

    fn schedule(&mut self, now: u64) {
        self.reading = false;
        // A fixed cadence from the due time; after a stall (a background tab
        // throttles timers), the next sample is an interval from now rather
        // than a burst of catch-up samples.
        let due = self.next_at.unwrap_or(now) + INTERVAL_MS;
        self.next_at = Some(if due > now { due } else { now + INTERVAL_MS });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(n: f64) -> RawSample {
        RawSample { packets_sent: 50.0 * n, packets_received: 50.0 * n, timestamp: n, ..RawSample::default() }
    }

    #[test]
    fn samples_once_a_second_while_the_call_lasts() {
        let mut m = Monitor::default();
        assert_eq!(m.poll_timeout(), None);
        m.start(10_000);
        assert_eq!(m.poll_timeout(), Some(11_000));
        assert!(!m.handle_timeout(10_999));
        assert!(m.handle_timeout(11_000));
        // While the reading is out, no second one is asked for.
        assert_eq!(m.poll_timeout(), None);
        assert!(!m.handle_timeout(11_500));
        let report = m.sampled(sample(1.0), 11_030).unwrap();
        assert_eq!(report.stats.packets_state, "normal");
        assert_eq!(m.poll_timeout(), Some(12_000));
        assert!(m.handle_timeout(12_000));
        m.failed(12_010);
        assert_eq!(m.poll_timeout(), Some(13_000));
        // A stalled page: one sample, then the cadence from now.
        assert!(m.handle_timeout(20_000));
        m.sampled(sample(2.0), 20_005).unwrap();
        assert_eq!(m.poll_timeout(), Some(21_005));
        assert!(m.stop().is_empty());
        assert_eq!(m.poll_timeout(), None);
        assert!(!m.is_running());
    }

    #[test]
    fn a_reading_that_returns_after_the_call_ended_is_dropped() {
        let mut m = Monitor::default();
        m.start(0);
        assert!(m.handle_timeout(1_000));
        m.stop();
        assert_eq!(m.sampled(sample(1.0), 1_010), None);
        assert_eq!(m.poll_timeout(), None);
    }

    #[test]
    fn stopping_clears_what_is_raised() {
        let mut m = Monitor::default();
        m.start(0);
        let silent = |n| RawSample { duration_out: n, ..sample(n) };
        let mut raised = Vec::new();
        for n in 1..=5u32 {
            let now = u64::from(n) * 1_000;
            assert!(m.handle_timeout(now));
            raised.extend(m.sampled(silent(f64::from(n)), now).unwrap().changes);
        }
        assert_eq!(
            raised.iter().map(|c| (c.warning, c.active)).collect::<Vec<_>>(),
            [(Warning::SilentMicrophone, true)]
        );
        let cleared = m.stop();
        assert_eq!(
            cleared.iter().map(|c| (c.warning, c.active)).collect::<Vec<_>>(),
            [(Warning::SilentMicrophone, false)]
        );
        // A new call starts with nothing raised and no history.
        m.start(10_000);
        assert!(m.stop().is_empty());
    }
}
