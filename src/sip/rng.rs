//! Seeded randomness for tags, branches, Call-IDs and cnonces.
//!
//! The UA never reads an entropy source itself: the caller passes a seed
//! (in the browser, from `crypto.getRandomValues`), which also makes every
//! test reproducible. These values only need to be unique and hard to
//! guess for an observer without the seed; none of them is a secret key.

/// A xorshift64* generator.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

const ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

impl Rng {
    /// A generator from `seed`; any seed, zero included, works.
    pub fn new(seed: u64) -> Self {
        // One splitmix64 step spreads nearby seeds apart and avoids the
        // all-zero state xorshift cannot leave.
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        Self { state: if z == 0 { 0x2545_f491_4f6c_dd1d } else { z } }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// Appends `len` random characters from `[0-9a-z]`.
    pub fn push_token(&mut self, out: &mut String, len: usize) {
        for _ in 0..len {
            let i = self.below(ALPHABET.len() as u64) as usize;
            out.push(char::from(ALPHABET.get(i).copied().unwrap_or(b'x')));
        }
    }

    /// A random token of `len` characters.
    pub fn token(&mut self, len: usize) -> String {
        let mut out = String::with_capacity(len);
        self.push_token(&mut out, len);
        out
    }

    /// A new RFC 3261 branch: the magic cookie and 16 random characters.
    pub fn branch(&mut self) -> String {
        let mut out = String::with_capacity(23);
        out.push_str(crate::sip::headers::MAGIC_COOKIE);
        self.push_token(&mut out, 16);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_distinct() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        assert_eq!(a.token(12), b.token(12));
        assert_ne!(Rng::new(0).token(12), Rng::new(1).token(12));
        let branch = a.branch();
        assert!(branch.starts_with("z9hG4bK") && branch.len() == 23);
        assert!((0..1000).all(|_| a.below(10) < 10));
        assert_eq!(a.below(0), 0);
    }
}
