//! The reconnect schedule: exponential backoff with jitter, at most
//! [`MAX_ATTEMPTS`] attempts.

/// Attempts before the SDK gives up and the agent must log in again.
pub const MAX_ATTEMPTS: u32 = 20;
const BASE_DELAY_MS: u64 = 500;
const MAX_DELAY_MS: u64 = 30_000;

/// One reconnect loop, from the drop to success or giving up.
#[derive(Debug, Clone)]
pub struct Backoff {
    attempts: u32,
    first_attempt_at: u64,
    rng: u64,
}

impl Backoff {
    /// Starts a loop at `now`; `seed` feeds the jitter.
    pub fn new(now: u64, seed: u64) -> Self {
        Self { attempts: 0, first_attempt_at: now, rng: seed | 1 }
    }

    /// Attempts made so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// When the loop started.
    pub fn first_attempt_at(&self) -> u64 {
        self.first_attempt_at
    }

    /// The delay before the next attempt, or `None` when every attempt is
    /// spent. The first retry comes quickly; later ones spread out so a
    /// gateway restart is not met by every desk at once.
    pub fn next_delay(&mut self) -> Option<u64> {
        if self.attempts >= MAX_ATTEMPTS {
            return None;
        }
        self.attempts += 1;
        let ceiling = (BASE_DELAY_MS << (self.attempts - 1).min(16)).min(MAX_DELAY_MS);
        // Full jitter over the upper half keeps the growth while desynchronising clients.
        let half = ceiling / 2;
        Some(half + self.random() % (half + 1))
    }

    fn random(&mut self) -> u64 {
        // xorshift64: enough to spread clients, no cryptographic claim.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_caps_and_stops_after_twenty() {
        let mut b = Backoff::new(0, 42);
        let delays: Vec<u64> = std::iter::from_fn(|| b.next_delay()).collect();
        assert_eq!(delays.len(), MAX_ATTEMPTS as usize);
        assert!((250..=500).contains(&delays[0]));
        assert!((500..=1000).contains(&delays[1]));
        assert!(delays.iter().all(|d| *d <= MAX_DELAY_MS));
        assert!(delays[19] >= MAX_DELAY_MS / 2);
        assert_eq!(b.next_delay(), None);
    }

    #[test]
    fn jitter_differs_between_clients() {
        let a: Vec<u64> = {
            let mut b = Backoff::new(0, 1);
            (0..8).filter_map(|_| b.next_delay()).collect()
        };
        let c: Vec<u64> = {
            let mut b = Backoff::new(0, 2);
            (0..8).filter_map(|_| b.next_delay()).collect()
        };
        assert_ne!(a, c);
    }
}
