//! A list that neighbouring versions of a history mostly repeat, kept as
//! chunks that they share. A version that edits one section of a thousand
//! holds one new chunk and a pointer to each of the others, not a thousand
//! entries of its own: what a long history holds per version grows with
//! what the version changed, not with the length of the document.
//!
//! The chunks are cut where the content says (an entry that ends a chunk
//! ends it in every version that has it), not every so many entries, so
//! that an inserted or removed entry changes only the chunk it falls in and
//! every later chunk is still the neighbour's.

use std::sync::Arc;

/// The most entries a chunk holds when the content cuts none: bounds the
/// copy a change costs where no entry ends a chunk.
const MAX_CHUNK: usize = 128;

/// A list of `T` as shared chunks.
#[derive(Debug)]
pub(crate) struct Chunked<T> {
    chunks: Box<[Arc<[T]>]>,
    /// The index of each chunk's first entry.
    starts: Box<[u32]>,
    len: usize,
}

// Derived `Clone` would ask `T: Clone`; cloning shares the chunks.
impl<T> Clone for Chunked<T> {
    fn clone(&self) -> Self {
        Chunked {
            chunks: self.chunks.clone(),
            starts: self.starts.clone(),
            len: self.len,
        }
    }
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            chunks: Box::default(),
            starts: Box::default(),
            len: 0,
        }
    }
}

/// A neighbouring version's list, and for each entry of the list being
/// built its counterpart there (`None`: it has none).
pub(crate) type Like<'a, T> = (&'a Chunked<T>, &'a [Option<usize>]);

impl<T> Chunked<T> {
    /// The number of entries.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Entry `i`.
    pub(crate) fn get(&self, i: usize) -> &T {
        let (c, k) = self.locate(i);
        &self.chunks[c][k]
    }

    /// Every entry, in order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    /// The index of each chunk's first entry: where a list of the same
    /// sections cuts its own chunks, so that both share alike.
    pub(crate) fn starts(&self) -> &[u32] {
        &self.starts
    }

    /// The chunks, for counting what a history holds.
    pub(crate) fn chunks(&self) -> &[Arc<[T]>] {
        &self.chunks
    }

    /// The last entry before entry `i` for which `test` holds, by index.
    pub(crate) fn rposition_before(&self, i: usize, test: impl Fn(&T) -> bool) -> Option<usize> {
        let (c, k) = self.locate(i);
        (0..=c).rev().find_map(|ci| {
            let chunk = &self.chunks[ci];
            let upto = if ci == c { k } else { chunk.len() };
            let j = chunk[..upto].iter().rposition(&test)?;
            Some(self.starts[ci] as usize + j)
        })
    }

    /// The chunk holding entry `i`, and its place there.
    fn locate(&self, i: usize) -> (usize, usize) {
        assert!(i < self.len, "entry {i} of a list of {}", self.len);
        let c = self.starts.partition_point(|&s| s as usize <= i) - 1;
        (c, i - self.starts[c] as usize)
    }

    /// `items` cut into chunks after each entry for which `ends` holds (and
    /// after [`MAX_CHUNK`] entries without one); see [`Chunked::cut_at`].
    pub(crate) fn cut(
        items: Vec<T>,
        ends: impl Fn(&T) -> bool,
        like: Option<Like<'_, T>>,
        same: impl Fn(&T, &T) -> bool,
    ) -> Chunked<T> {
        let mut starts: Vec<u32> = Vec::new();
        let mut open = 0;
        for (i, item) in items.iter().enumerate() {
            if open == 0 {
                starts.push(index(i));
            }
            open += 1;
            if ends(item) || open == MAX_CHUNK {
                open = 0;
            }
        }
        Chunked::cut_at(items, &starts, like, same)
    }

    /// `items` cut into chunks starting at `starts` (ascending, the first
    /// 0 unless `items` is empty). A chunk whose entries are, in order, the
    /// counterparts of a whole chunk of `like` and the `same` as them is that
    /// chunk, shared.
    pub(crate) fn cut_at(
        items: Vec<T>,
        starts: &[u32],
        like: Option<Like<'_, T>>,
        same: impl Fn(&T, &T) -> bool,
    ) -> Chunked<T> {
        debug_assert!(starts.first().is_none_or(|&s| s == 0) && starts.is_sorted());
        debug_assert!(starts.len() <= items.len() && (items.is_empty() == starts.is_empty()));
        let len = items.len();
        let mut chunks: Vec<Arc<[T]>> = Vec::with_capacity(starts.len());
        let mut rest = items.into_iter();
        for (c, &start) in starts.iter().enumerate() {
            let start = start as usize;
            let end = starts.get(c + 1).map_or(len, |&s| s as usize);
            let twin = like.and_then(|(other, map)| {
                let first = (*map.get(start)?)?;
                let (oc, k) = other.locate(first);
                let chunk = &other.chunks[oc];
                (k == 0 && chunk.len() == end - start).then_some((chunk, map))
            });
            let mine: Vec<T> = rest.by_ref().take(end - start).collect();
            let shared = twin.filter(|(chunk, map)| {
                let first = map[start].expect("looked up above");
                mine.iter()
                    .zip(chunk.iter())
                    .enumerate()
                    .all(|(k, (a, b))| {
                        map.get(start + k).copied().flatten() == Some(first + k) && same(a, b)
                    })
            });
            chunks.push(match shared {
                Some((chunk, _)) => Arc::clone(chunk),
                None => Arc::from(mine),
            });
        }
        Chunked {
            chunks: chunks.into_boxed_slice(),
            starts: starts.into(),
            len,
        }
    }
}

fn index(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 2³² sections")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{Chunked, MAX_CHUNK};

    fn ends(x: &u32) -> bool {
        x.is_multiple_of(7)
    }

    fn same(a: &u32, b: &u32) -> bool {
        a == b
    }

    #[test]
    fn holds_its_entries_in_order() {
        for n in [0, 1, 6, 7, 8, 50, 3 * MAX_CHUNK + 5] {
            let items: Vec<u32> = (0..n as u32).map(|i| i * 3 + 1).collect();
            let list = Chunked::cut(items.clone(), ends, None, same);
            assert_eq!(list.len(), items.len());
            assert_eq!(list.iter().copied().collect::<Vec<_>>(), items);
            for (i, x) in items.iter().enumerate() {
                assert_eq!(list.get(i), x);
                assert_eq!(
                    list.rposition_before(i, |y| y.is_multiple_of(2)),
                    items[..i].iter().rposition(|y| y.is_multiple_of(2))
                );
            }
            assert!(list.chunks().iter().all(|c| c.len() <= MAX_CHUNK));
        }
        // No entry ends a chunk: cut every MAX_CHUNK entries.
        let list = Chunked::cut(vec![1; 2 * MAX_CHUNK + 1], |_| false, None, same);
        assert_eq!(list.chunks().len(), 3);
    }

    #[test]
    fn an_insertion_shares_every_chunk_but_its_own() {
        let old: Vec<u32> = (1..=200).collect();
        let old = Chunked::cut(old, ends, None, same);
        // 1000 inserted before entry 100 (index 99).
        let mut new: Vec<u32> = (1..=200).collect();
        new.insert(99, 1000);
        let map: Vec<Option<usize>> = (0..new.len())
            .map(|i| match i {
                0..99 => Some(i),
                99 => None,
                _ => Some(i - 1),
            })
            .collect();
        let new = Chunked::cut(new, ends, Some((&old, &map)), same);
        let fresh = new
            .chunks()
            .iter()
            .filter(|c| !old.chunks().iter().any(|o| Arc::ptr_eq(o, c)))
            .count();
        assert_eq!(fresh, 1);
        assert_eq!(new.get(99), &1000);
        assert_eq!(new.get(100), &100);
    }

    #[test]
    fn a_chunk_is_shared_only_when_its_entries_are_the_same() {
        let old = Chunked::cut((1..=30).collect(), ends, None, same);
        let identity: Vec<Option<usize>> = (0..30).map(Some).collect();
        let mut changed: Vec<u32> = (1..=30).collect();
        changed[10] = 99;
        let new = Chunked::cut(changed, ends, Some((&old, &identity)), same);
        assert_eq!(new.get(10), &99);
        let shared: Vec<bool> = new
            .chunks()
            .iter()
            .zip(old.chunks())
            .map(|(a, b)| Arc::ptr_eq(a, b))
            .collect();
        // Chunks 1–7, 8–14 (holds entry 11), 15–21, 22–28, 29–30.
        assert_eq!(shared, [true, false, true, true, true]);
        // A pairing that is not one run through the chunk: not shared.
        let mut swapped = identity.clone();
        swapped.swap(2, 3);
        let items: Vec<u32> = (1..=30).collect();
        let new = Chunked::cut(items, ends, Some((&old, &swapped)), |_, _| true);
        assert!(!Arc::ptr_eq(&new.chunks()[0], &old.chunks()[0]));
        assert!(Arc::ptr_eq(&new.chunks()[1], &old.chunks()[1]));
    }
}
