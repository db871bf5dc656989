//! Queue status pushes to supervisors, coalesced: a supervisor desk gets a
//! `queueStatus` push when the status of its queues changed, at most once
//! per [`INTERVAL_MS`], always with the latest state. A burst of changes
//! inside the interval becomes one push at its end. No sockets or clock:
//! the hub says when something may have changed and when a timer fired.

use std::collections::BTreeMap;

use agent_sdk::protocol::events::QueueStatusEntry;

/// The shortest time between two `queueStatus` pushes to one desk.
pub const INTERVAL_MS: u64 = 500;

/// What the hub should do after a possible change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Compute the status now and [`QueueWatch::offer`] it.
    Check,
    /// Set a timer for then; the status is computed when it fires.
    WakeAt(u64),
    /// A timer is already set.
    Nothing,
}

/// One supervisor session's watch over the queues it bound at login.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueWatch {
    /// The watched queue numbers.
    pub queues: Vec<String>,
    /// The last status pushed, with wait times left out (they grow by
    /// themselves and are not a change).
    sent: Option<BTreeMap<String, QueueStatusEntry>>,
    last_push: Option<u64>,
    wake_at: Option<u64>,
}

/// The status without what changes by the clock alone.
fn comparable(status: &BTreeMap<String, QueueStatusEntry>) -> BTreeMap<String, QueueStatusEntry> {
    let mut status = status.clone();
    for entry in status.values_mut() {
        for waiting in entry.queue_entries.iter_mut().flatten() {
            waiting.wait_time = 0;
        }
    }
    status
}

impl QueueWatch {
    /// A watch over `queues` that has pushed nothing yet.
    pub fn new(queues: Vec<String>) -> Self {
        Self { queues, sent: None, last_push: None, wake_at: None }
    }

    /// Something may have changed at `now`.
    pub fn on_change(&mut self, now: u64) -> Next {
        if self.wake_at.is_some() {
            return Next::Nothing;
        }
        match self.last_push {
            Some(last) if now < last + INTERVAL_MS => {
                self.wake_at = Some(last + INTERVAL_MS);
                Next::WakeAt(last + INTERVAL_MS)
            }
            _ => Next::Check,
        }
    }

    /// The timer set for `at` fired: true when it is this watch's current
    /// timer, so the status must be computed and offered.
    pub fn on_wake(&mut self, at: u64) -> bool {
        if self.wake_at != Some(at) {
            return false;
        }
        self.wake_at = None;
        true
    }

    /// The status computed at `now`: true when it differs from the last
    /// push, which it then becomes.
    pub fn offer(&mut self, now: u64, status: &BTreeMap<String, QueueStatusEntry>) -> bool {
        let status = comparable(status);
        if self.sent.as_ref() == Some(&status) {
            return false;
        }
        self.sent = Some(status);
        self.last_push = Some(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agent_sdk::protocol::events::QueueEntry;

    fn status(waiting: &[(&str, i64)]) -> BTreeMap<String, QueueStatusEntry> {
        let entries = waiting
            .iter()
            .enumerate()
            .map(|(i, (id, wait))| QueueEntry {
                unique_id: id.to_string(),
                customer_number: "1".into(),
                wait_time: *wait,
                position: i as i64 + 1,
            })
            .collect();
        let entry = QueueStatusEntry { queue_params: None, agent_statuses: None, queue_entries: Some(entries) };
        BTreeMap::from([("1".to_string(), entry)])
    }

    #[test]
    fn the_first_change_pushes_at_once_and_a_burst_waits_for_the_interval() {
        let mut w = QueueWatch::new(vec!["1".into()]);
        assert_eq!(w.on_change(1_000), Next::Check);
        assert!(w.offer(1_000, &status(&[("a", 0)])));
        let mut wakes = Vec::new();
        for t in 1_001..1_400 {
            match w.on_change(t) {
                Next::WakeAt(at) => wakes.push(at),
                Next::Nothing => {}
                Next::Check => panic!("no check inside the interval"),
            }
        }
        assert_eq!(wakes, [1_000 + INTERVAL_MS], "one timer for the whole burst");
        assert!(!w.on_wake(1_499), "a stale timer does nothing");
        assert!(w.on_wake(1_500));
        assert!(w.offer(1_500, &status(&[("a", 0), ("b", 0)])));
        assert_eq!(w.on_change(2_100), Next::Check, "after the interval a change is checked at once");
    }

    #[test]
    fn nothing_is_pushed_when_only_the_clock_moved() {
        let mut w = QueueWatch::new(vec!["1".into()]);
        assert!(w.offer(0, &status(&[("a", 0)])));
        assert!(!w.offer(600, &status(&[("a", 12)])), "a longer wait is not a change");
        assert!(w.offer(1_200, &status(&[])));
    }
}
