//! Who hears whom in a call: a set of (listener, source) pairs. A pair not
//! in the set does not hear, so a party joins silent and deaf until the
//! matrix says otherwise, and nobody ever hears themself.

use std::collections::BTreeSet;

use serde::Serialize;

/// `hears(listener, source)`, as data. Parties are named by the caller (the
/// legs' `uniqueId`s, say); the names only have to match the bridge's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Matrix {
    pairs: BTreeSet<(String, String)>,
}

impl Matrix {
    /// Nobody hears anybody.
    pub fn new() -> Self {
        Self::default()
    }

    /// Everyone in `parties` hears everyone else: a plain call or a
    /// conference.
    pub fn everyone(parties: &[&str]) -> Self {
        let mut matrix = Self::new();
        for listener in parties {
            for source in parties {
                matrix.set(listener, source, true);
            }
        }
        matrix
    }

    /// This matrix with `listener` hearing `source` too.
    pub fn with(mut self, listener: &str, source: &str) -> Self {
        self.set(listener, source, true);
        self
    }

    /// Whether `listener` hears `source`; a self-pair is ignored.
    pub fn set(&mut self, listener: &str, source: &str, hears: bool) {
        if listener == source {
            return;
        }
        let pair = (listener.to_string(), source.to_string());
        if hears {
            self.pairs.insert(pair);
        } else {
            self.pairs.remove(&pair);
        }
    }

    /// Whether `listener` hears `source`; never for a party and itself.
    pub fn hears(&self, listener: &str, source: &str) -> bool {
        listener != source && self.pairs.contains(&(listener.to_string(), source.to_string()))
    }

    /// Every (listener, source) that hears, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(l, s)| (l.as_str(), s.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_directed_and_self_never_hears() {
        let spy = Matrix::new().with("supervisor", "agent").with("supervisor", "customer").with("agent", "customer");
        assert!(spy.hears("supervisor", "agent") && !spy.hears("agent", "supervisor"));
        let mut all = Matrix::everyone(&["a", "b", "c"]);
        assert_eq!(all.pairs().count(), 6);
        assert!(!all.hears("a", "a"));
        all.set("a", "a", true);
        assert!(!all.hears("a", "a"));
        all.set("b", "c", false);
        assert!(!all.hears("b", "c") && all.hears("c", "b"));
        assert_eq!(serde_json::to_string(&Matrix::new().with("x", "y")).unwrap(), r#"[["x","y"]]"#);
    }
}
