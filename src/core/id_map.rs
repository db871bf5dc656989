//! A map from request ids to what waits on them, in id order.
//!
//! It holds a handful of entries (the requests in flight), so a sorted
//! vector does the job of a `BTreeMap` or `HashMap`, each of which would add
//! several KB of generic tree or table code to the wasm bundle.

/// Entries sorted by id.
#[derive(Debug)]
pub struct IdMap<V> {
    entries: Vec<(u64, V)>,
}

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        Self { entries: Vec::new() }
    }
}

impl<V> IdMap<V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Inserts `value` under `id`, giving back the value it replaces.
    pub fn insert(&mut self, id: u64, value: V) -> Option<V> {
        match self.entries.binary_search_by_key(&id, |(k, _)| *k) {
            Ok(at) => Some(std::mem::replace(&mut self.entries[at].1, value)),
            Err(at) => {
                self.entries.insert(at, (id, value));
                None
            }
        }
    }

    /// Takes the value under `id` out.
    pub fn remove(&mut self, id: u64) -> Option<V> {
        let at = self.entries.binary_search_by_key(&id, |(k, _)| *k).ok()?;
        Some(self.entries.remove(at).1)
    }

    /// The entries, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, &V)> {
        self.entries.iter().map(|(id, v)| (*id, v))
    }

    /// The values, in id order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The values, in id order, to change.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    /// Every entry, in id order, leaving the map empty.
    pub fn drain(&mut self) -> impl Iterator<Item = (u64, V)> {
        std::mem::take(&mut self.entries).into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::IdMap;

    #[test]
    fn keeps_id_order_and_replaces_on_the_same_id() {
        let mut map = IdMap::new();
        assert_eq!(map.insert(5, "e"), None);
        assert_eq!(map.insert(1, "a"), None);
        assert_eq!(map.insert(3, "c"), None);
        assert_eq!(map.insert(3, "C"), Some("c"));
        assert_eq!(map.iter().collect::<Vec<_>>(), [(1, &"a"), (3, &"C"), (5, &"e")]);
        assert_eq!(map.remove(3), Some("C"));
        assert_eq!(map.remove(3), None);
        for v in map.values_mut() {
            *v = "x";
        }
        assert_eq!(map.values().collect::<Vec<_>>(), [&"x", &"x"]);
        assert_eq!(map.drain().map(|(id, _)| id).collect::<Vec<_>>(), [1, 5]);
        assert_eq!(map.iter().count(), 0);
    }
}
