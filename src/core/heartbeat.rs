//! Heartbeat: when to ping, how late a pong may be, and the network quality
//! bucket a round trip falls into.

/// Ping interval when the gateway does not say otherwise.
pub const DEFAULT_INTERVAL_MS: u64 = 5_000;

/// The `networkState` bucket for a round trip of `latency_ms`:
/// 1 excellent (< 100 ms), 2 good (< 300 ms), 3 poor (< 1000 ms), 4 bad.
pub fn network_state(latency_ms: u64) -> i64 {
    match latency_ms {
        0..=99 => 1,
        100..=299 => 2,
        300..=999 => 3,
        _ => 4,
    }
}

/// Ping schedule and liveness of one open connection.
#[derive(Debug, Clone)]
pub struct Heartbeat {
    interval_ms: u64,
    next_ping_at: u64,
    /// When the unanswered ping was sent.
    outstanding: Option<u64>,
    /// Whether the unanswered ping is a re-probe after a late wake-up.
    reprobing: bool,
}

/// What the heartbeat wants done at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beat {
    /// Nothing yet.
    Wait,
    /// Send a ping carrying this timestamp.
    Ping(u64),
    /// The connection is dead: no pong for two intervals.
    Dead,
}

impl Heartbeat {
    /// Starts the schedule at `now`.
    pub fn new(interval_ms: u64, now: u64) -> Self {
        let interval_ms = interval_ms.clamp(1_000, 60_000);
        Self { interval_ms, next_ping_at: now + interval_ms, outstanding: None, reprobing: false }
    }

    /// The longest a dead connection can go unnoticed: a ping interval plus
    /// two intervals of silence.
    pub fn detection_bound_ms(&self) -> u64 {
        self.interval_ms * 3
    }

    /// The next time [`Heartbeat::poll`] has something to do.
    pub fn deadline(&self) -> u64 {
        match self.outstanding {
            Some(sent) => sent + 2 * self.interval_ms,
            None => self.next_ping_at,
        }
    }

    /// Advances to `now`.
    ///
    /// A poll more than an interval after the pong deadline means the page
    /// did not run: it was frozen, the laptop slept, or a hidden tab's
    /// timers were throttled. The pong may well be waiting in the socket,
    /// so the connection gets one fresh ping and two intervals before it
    /// counts as dead; a second late poll does not get another.
    pub fn poll(&mut self, now: u64) -> Beat {
        match self.outstanding {
            Some(sent) if now > sent + 3 * self.interval_ms && !self.reprobing => {
                self.outstanding = Some(now);
                self.reprobing = true;
                Beat::Ping(now)
            }
            Some(sent) if now >= sent + 2 * self.interval_ms => Beat::Dead,
            Some(_) => Beat::Wait,
            None if now >= self.next_ping_at => {
                self.outstanding = Some(now);
                Beat::Ping(now)
            }
            None => Beat::Wait,
        }
    }

    /// A pong for the ping sent at `sent_at` arrived; returns the latency.
    pub fn pong(&mut self, sent_at: u64, now: u64) -> Option<u64> {
        if self.outstanding != Some(sent_at) {
            return None;
        }
        self.outstanding = None;
        self.reprobing = false;
        self.next_ping_at = now + self.interval_ms;
        Some(now.saturating_sub(sent_at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets() {
        assert_eq!([0, 99, 100, 299, 300, 999, 1000].map(network_state), [1, 1, 2, 2, 3, 3, 4]);
    }

    #[test]
    fn pings_on_schedule_and_declares_silence_dead() {
        let mut hb = Heartbeat::new(5_000, 0);
        assert_eq!(hb.poll(4_999), Beat::Wait);
        assert_eq!(hb.poll(5_000), Beat::Ping(5_000));
        assert_eq!(hb.pong(5_000, 5_040), Some(40));
        assert_eq!(hb.deadline(), 10_040);
        assert_eq!(hb.poll(10_040), Beat::Ping(10_040));
        assert_eq!(hb.pong(1, 10_050), None, "a stray pong is ignored");
        assert_eq!(hb.poll(20_039), Beat::Wait);
        assert_eq!(hb.poll(20_040), Beat::Dead);
        assert!(hb.detection_bound_ms() <= 15_000);
    }

    #[test]
    fn a_late_wake_up_reprobes_once_before_declaring_death() {
        let mut hb = Heartbeat::new(5_000, 0);
        assert_eq!(hb.poll(5_000), Beat::Ping(5_000));
        // The page was frozen for a minute: its pong may be in the socket.
        assert_eq!(hb.poll(65_000), Beat::Ping(65_000), "a fresh probe, not a verdict");
        assert_eq!(hb.pong(5_000, 65_001), None, "the old pong does not answer the probe");
        assert_eq!(hb.pong(65_000, 65_020), Some(20));
        assert_eq!(hb.poll(70_020), Beat::Ping(70_020), "the schedule goes on");

        // Frozen again, and this time the link is gone: two late polls.
        assert_eq!(hb.poll(200_000), Beat::Ping(200_000));
        assert_eq!(hb.poll(300_000), Beat::Dead, "one re-probe only, even under throttled timers");
    }
}
