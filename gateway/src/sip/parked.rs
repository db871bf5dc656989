//! Calls whose softphone's SIP WebSocket broke while they were up: the SIP
//! dialog and the media outlive the socket (media flows peer to peer), so
//! the call is parked for [`PARK_MS`] waiting for the softphone to
//! reconnect and register again, which adopts it onto the new connection.
//! One that waits in vain ends as a hang-up.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::calls::AgentKey;

/// How long a parked call waits for its softphone: the SDK's first
/// reconnect attempts fall well inside it (docs/softphone.md).
pub const PARK_MS: u64 = 30_000;

/// Parked calls by agent; `T` is the SIP connection's call state.
#[derive(Debug)]
pub struct Parked<T> {
    calls: Mutex<HashMap<AgentKey, (u64, Vec<T>)>>,
}

impl<T> Default for Parked<T> {
    fn default() -> Self {
        Self { calls: Mutex::new(HashMap::new()) }
    }
}

impl<T> Parked<T> {
    /// Parks `calls` of `key`'s softphone under `generation` (the closed
    /// connection's id, so a later expiry cannot take a newer parking).
    pub fn park(&self, key: AgentKey, generation: u64, mut calls: Vec<T>) {
        let mut parked = self.calls.lock().unwrap_or_else(|p| p.into_inner());
        let entry = parked.entry(key).or_insert((generation, Vec::new()));
        entry.0 = generation;
        entry.1.append(&mut calls);
    }

    /// Takes `key`'s parked calls (a new registration adopts them).
    pub fn adopt(&self, key: &AgentKey) -> Vec<T> {
        let mut parked = self.calls.lock().unwrap_or_else(|p| p.into_inner());
        parked.remove(key).map(|(_, calls)| calls).unwrap_or_default()
    }

    /// Takes `key`'s calls parked under `generation`, if still parked: the
    /// wait is over.
    pub fn expire(&self, key: &AgentKey, generation: u64) -> Vec<T> {
        let mut parked = self.calls.lock().unwrap_or_else(|p| p.into_inner());
        match parked.get(key) {
            Some((g, _)) if *g == generation => parked.remove(key).map(|(_, calls)| calls).unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adopted_once_or_expired_once() {
        let parked = Parked::default();
        let key = AgentKey::new("t1", "1001");
        parked.park(key.clone(), 7, vec!["call"]);
        assert_eq!(parked.expire(&key, 6), Vec::<&str>::new(), "an older connection's expiry takes nothing");
        assert_eq!(parked.adopt(&key), vec!["call"]);
        assert_eq!(parked.expire(&key, 7), Vec::<&str>::new(), "adopted: nothing left to expire");
        parked.park(key.clone(), 8, vec!["again"]);
        assert_eq!(parked.expire(&key, 8), vec!["again"]);
        assert_eq!(parked.adopt(&key), Vec::<&str>::new());
    }
}
