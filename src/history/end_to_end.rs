//! Many short lists kept end to end in one, each read back by the number it
//! was given. A history keeps thousands of small lists a commit long (a
//! step's briefs, a pairing's runs; an edit's runs and own entries until
//! they went to pages: `patched`): each
//! in an allocation of its own cost the system allocator ~16 bytes beside
//! the few it held, and a record to find it by (eleventh round). Here a
//! list costs 4 bytes beside its items: where it ends.

use super::growth;

/// Lists end to end: list `k` is `items[ends[k - 1]..ends[k]]`.
#[derive(Debug, Clone)]
pub(crate) struct EndToEnd<T> {
    items: Vec<T>,
    /// Where each list ends in `items`; the first starts at 0.
    ends: Vec<u32>,
}

// Derived `Default` would ask `T: Default`.
impl<T> Default for EndToEnd<T> {
    fn default() -> Self {
        EndToEnd {
            items: Vec::new(),
            ends: Vec::new(),
        }
    }
}

impl<T> EndToEnd<T> {
    /// Keeps `list` after the others; returns its number.
    pub(crate) fn push(&mut self, list: &[T]) -> usize
    where
        T: Clone,
    {
        growth::reserve(&mut self.items, list.len());
        self.items.extend_from_slice(list);
        let end = u32::try_from(self.items.len()).expect("fewer than 2³² items in all");
        growth::push(&mut self.ends, end);
        self.ends.len() - 1
    }

    /// List `k`.
    pub(crate) fn get(&self, k: usize) -> &[T] {
        let start = k.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.items[start as usize..self.ends[k] as usize]
    }

    /// The bytes the lists' ends take.
    pub(crate) fn end_bytes(&self) -> usize {
        std::mem::size_of_val(self.ends.as_slice())
    }

    /// The bytes the items take.
    pub(crate) fn item_bytes(&self) -> usize {
        std::mem::size_of_val(self.items.as_slice())
    }

    /// The bytes the lists take, items and ends.
    pub(crate) fn bytes(&self) -> usize {
        self.end_bytes() + self.item_bytes()
    }

    /// Gives back the spare capacity of lists built by pushing.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.items.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Each list reads back as it was pushed, empty lists too, however
        /// it was pushed.
        #[test]
        fn lists_read_back_as_pushed(lists in proptest::collection::vec(
            proptest::collection::vec(any::<u16>(), 0..6), 0..20)) {
            let mut all = EndToEnd::default();
            for (k, list) in lists.iter().enumerate() {
                prop_assert_eq!(all.push(list), k);
            }
            let items: usize = lists.iter().map(Vec::len).sum();
            for (k, list) in lists.iter().enumerate() {
                prop_assert_eq!(all.get(k), list.as_slice());
            }
            prop_assert_eq!(all.bytes(), 4 * lists.len() + 2 * items);
        }
    }
}
