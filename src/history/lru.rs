//! The few things read back last, kept for the next reader: pages of a
//! history's temporary file, as read or decoded. Shared by the cores,
//! which look under a lock and read outside it.

use std::sync::{Arc, Mutex};

/// Up to a given number of values by key, the latest read last.
#[derive(Debug)]
pub(super) struct Lru<K, V> {
    items: Mutex<Vec<(K, Arc<V>)>>,
}

// Derived `Default` would ask `K: Default, V: Default`.
impl<K, V> Default for Lru<K, V> {
    fn default() -> Self {
        Lru {
            items: Mutex::default(),
        }
    }
}

impl<K: Copy + PartialEq, V> Lru<K, V> {
    /// The value of `key`: kept from before, or loaded and kept, the value
    /// least lately read going when `cap` are. `None` when `load` gives none
    /// (nothing kept).
    pub(super) fn get_or_load(
        &self,
        key: K,
        cap: usize,
        load: impl FnOnce() -> Option<V>,
    ) -> Option<Arc<V>> {
        self.get_or_try_load(key, cap, || load().ok_or(())).ok()
    }

    /// [`Lru::get_or_load`], with what `load` says when it gives no value.
    pub(super) fn get_or_try_load<E>(
        &self,
        key: K,
        cap: usize,
        load: impl FnOnce() -> Result<V, E>,
    ) -> Result<Arc<V>, E> {
        {
            let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(at) = items.iter().rposition(|(k, _)| *k == key) {
                // The latest read already: nothing to move (a walk reads
                // its page again and again).
                if at + 1 == items.len() {
                    return Ok(Arc::clone(&items[at].1));
                }
                let hit = items.remove(at);
                let value = Arc::clone(&hit.1);
                items.push(hit);
                return Ok(value);
            }
        }
        // Read outside the lock: the other cores look meanwhile.
        let value = Arc::new(load()?);
        let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        // Another core may have loaded it meanwhile: kept once.
        if !items.iter().any(|(k, _)| *k == key) {
            if items.len() >= cap.max(1) {
                items.remove(0);
            }
            items.push((key, Arc::clone(&value)));
        }
        Ok(value)
    }

    /// Every value forgotten: the next reads load again.
    #[cfg(test)]
    pub(super) fn clear(&self) {
        self.items.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// The keys kept, the latest read last.
    #[cfg(test)]
    pub(super) fn keys(&self) -> Vec<K> {
        let items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        items.iter().map(|(k, _)| *k).collect()
    }
}

/// How many decoded pages a list keeps: a walk's few for each core that
/// reads at once.
pub(super) fn pages_per_list() -> usize {
    4 * crate::parallel::threads()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_read_last_stays_and_the_least_lately_read_goes() {
        let lru: Lru<usize, String> = Lru::default();
        let loads = std::cell::Cell::new(0);
        let get = |k: usize| {
            lru.get_or_load(k, 3, || {
                loads.set(loads.get() + 1);
                Some(format!("página {k}"))
            })
        };
        for k in 0..3 {
            assert_eq!(
                get(k).as_deref().map(String::as_str),
                Some(format!("página {k}").as_str())
            );
        }
        get(0);
        get(3);
        assert_eq!(lru.keys(), [2, 0, 3]);
        assert_eq!(loads.get(), 4);
        assert_eq!(lru.get_or_load(9, 3, || None), None);
        assert_eq!(
            lru.get_or_try_load(9, 3, || Err::<String, _>("ilegible")),
            Err("ilegible")
        );
        assert_eq!(lru.keys(), [2, 0, 3]);
        lru.clear();
        get(0);
        assert_eq!(loads.get(), 5);
    }
}
