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

/// The most chunks a group holds when the content ends none.
const MAX_GROUP: usize = 32;

/// Where an entry ends what holds it: nothing, its chunk, or its chunk and
/// the chunk's group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Cut {
    None,
    Chunk,
    Group,
}

/// Whether a section with id `id` ends an outline's chunk (about one in
/// [`CHUNK`] ids) or its group of chunks (one in [`CHUNK`] × [`GROUP`]), by
/// a hash of the id (FNV-1a, then mixed: the same on every run and machine).
pub(super) fn cut_after(id: &str) -> Cut {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in id.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    cut_of_hash(h)
}

/// Whether an entry whose content hashes to `h` ends its chunk or group:
/// the hash mixed first, so that any bits of it decide alike.
pub(super) fn cut_of_hash(mut h: u64) -> Cut {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    if h.is_multiple_of(CHUNK * GROUP) {
        Cut::Group
    } else if h.is_multiple_of(CHUNK) {
        Cut::Chunk
    } else {
        Cut::None
    }
}

/// The mean number of sections of an outline's chunk. An edit copies one
/// chunk (8 bytes a section, and 4 of the lineage table's).
const CHUNK: u64 = 16;

/// The mean number of chunks of a group. An edit copies the references of
/// one group (16 bytes a chunk); each group costs every version 28 bytes,
/// for its outline and again for its lineage table. On 1,000 commits of a
/// 1,800-section document (`examples/history_heap`), chunks of 16 sections
/// in groups of 16 held 8.8 MiB; chunks of 32 without groups, 11.0 (a
/// reference to each chunk at every point was 2.2 KB a commit); in groups
/// of 8, 9.3; chunks of 8 in groups of 16 or 32, 8.6 and 8.5.
const GROUP: u64 = 16;

/// A list of `T` as shared chunks, and the list of chunks itself as shared
/// groups of chunks: a version that edits one chunk holds a copy of the
/// references of one group, and a reference to each other group (a list of
/// thousands of entries has a few groups), not a reference to every chunk.
#[derive(Debug)]
pub(crate) struct Chunked<T> {
    groups: Box<[Group<T>]>,
    /// The index of each group's first entry.
    starts: Box<[u32]>,
    len: usize,
}

// Derived `Clone` would ask `T: Clone`; cloning shares the chunks.
impl<T> Clone for Chunked<T> {
    fn clone(&self) -> Self {
        Chunked {
            groups: self.groups.clone(),
            starts: self.starts.clone(),
            len: self.len,
        }
    }
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            groups: Box::default(),
            starts: Box::default(),
            len: 0,
        }
    }
}

/// A run of consecutive chunks, shared between lists.
pub(crate) type Group<T> = Arc<[Arc<[T]>]>;

/// A neighbouring version's list, and for each entry of the list being
/// built its counterpart there (`None`: it has none).
pub(crate) type Like<'a, T> = (&'a Chunked<T>, &'a [Option<usize>]);

/// Where a list is cut: the index of each chunk's first entry, and of each
/// group's first chunk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Cuts {
    chunks: Vec<u32>,
    groups: Vec<u32>,
}

/// Where entry `i` is: its group, its chunk in the group, its place there.
#[derive(Debug, Clone, Copy)]
struct Place {
    group: usize,
    chunk: usize,
    at: usize,
}

impl<T> Chunked<T> {
    /// The number of entries.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Entry `i`.
    pub(crate) fn get(&self, i: usize) -> &T {
        let p = self.locate(i);
        &self.groups[p.group][p.chunk][p.at]
    }

    /// Every entry, in order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.chunks().flat_map(|c| c.iter())
    }

    /// Where the list is cut: a list cut there ([`Chunked::cut_at`]) is cut
    /// alike.
    #[cfg(test)]
    fn cuts(&self) -> Cuts {
        let mut cuts = Cuts::default();
        let mut at = 0;
        for group in &self.groups {
            cuts.groups.push(index(cuts.chunks.len()));
            for chunk in group.iter() {
                cuts.chunks.push(index(at));
                at += chunk.len();
            }
        }
        cuts
    }

    /// Every chunk, in order.
    pub(crate) fn chunks(&self) -> impl DoubleEndedIterator<Item = &Arc<[T]>> {
        self.groups.iter().flat_map(|g| g.iter())
    }

    /// The groups of chunks, for counting what a history holds.
    pub(crate) fn groups(&self) -> &[Group<T>] {
        &self.groups
    }

    /// The last entry of `lo..hi` for which `test` holds, by index.
    pub(crate) fn rposition_between(
        &self,
        lo: usize,
        hi: usize,
        test: impl Fn(&T) -> bool,
    ) -> Option<usize> {
        if lo >= hi {
            return None;
        }
        let p = self.locate(hi - 1);
        // Entry `hi - 1`'s chunk, then every chunk before it, last first.
        let back = self.groups[..=p.group]
            .iter()
            .enumerate()
            .rev()
            .flat_map(|(g, group)| {
                let upto = if g == p.group {
                    p.chunk + 1
                } else {
                    group.len()
                };
                group[..upto].iter().rev()
            });
        // The chunk's first entry's index, and how much of it is before `hi`.
        let (mut start, mut upto) = (hi - 1 - p.at, p.at + 1);
        for (n, chunk) in back.enumerate() {
            if n > 0 {
                start -= chunk.len();
                upto = chunk.len();
            }
            let from = lo.saturating_sub(start);
            if let Some(j) = chunk[from..upto].iter().rposition(&test) {
                return Some(start + from + j);
            }
            if start <= lo {
                return None;
            }
        }
        None
    }

    /// The group, chunk and place of entry `i`.
    fn locate(&self, i: usize) -> Place {
        assert!(i < self.len, "entry {i} of a list of {}", self.len);
        let group = self.starts.partition_point(|&s| s as usize <= i) - 1;
        let mut at = i - self.starts[group] as usize;
        for (chunk, c) in self.groups[group].iter().enumerate() {
            if at < c.len() {
                return Place { group, chunk, at };
            }
            at -= c.len();
        }
        unreachable!("a group's chunks hold its entries")
    }

    /// The index, among all the list's chunks, of the first chunk of each
    /// group.
    fn group_first_chunks(&self) -> Vec<usize> {
        let mut firsts = Vec::with_capacity(self.groups.len());
        let mut n = 0;
        for g in &self.groups {
            firsts.push(n);
            n += g.len();
        }
        firsts
    }

    /// `items` cut into chunks after each entry that `ends` says ends one
    /// (and after [`MAX_CHUNK`] entries without one), and the chunks into
    /// groups after each entry that `ends` says ends a group (and after
    /// [`MAX_GROUP`] chunks); see [`Chunked::cut_at`].
    pub(crate) fn cut(
        items: Vec<T>,
        ends: impl Fn(&T) -> Cut,
        like: Option<Like<'_, T>>,
        same: impl Fn(&T, &T) -> bool,
    ) -> Chunked<T> {
        let mut cuts = Cuts::default();
        let (mut open, mut open_chunks) = (0, 0);
        for (i, item) in items.iter().enumerate() {
            if open == 0 {
                if open_chunks == 0 {
                    cuts.groups.push(index(cuts.chunks.len()));
                }
                cuts.chunks.push(index(i));
                open_chunks += 1;
            }
            open += 1;
            let end = ends(item);
            if end != Cut::None || open == MAX_CHUNK {
                open = 0;
                if end == Cut::Group || open_chunks == MAX_GROUP {
                    open_chunks = 0;
                }
            }
        }
        Chunked::cut_at(items, &cuts, like, same)
    }

    /// `items` cut into chunks and groups where `cuts` says (ascending, the
    /// first 0 unless `items` is empty). A chunk whose entries are, in
    /// order, the counterparts of a whole chunk of `like` and the `same` as
    /// them is that chunk, shared; a group whose chunks are, in order, a
    /// whole group of `like`'s, shared, is that group.
    pub(crate) fn cut_at(
        items: Vec<T>,
        cuts: &Cuts,
        like: Option<Like<'_, T>>,
        same: impl Fn(&T, &T) -> bool,
    ) -> Chunked<T> {
        let starts = &cuts.chunks;
        debug_assert!(starts.first().is_none_or(|&s| s == 0) && starts.is_sorted());
        debug_assert!(starts.len() <= items.len() && (items.is_empty() == starts.is_empty()));
        debug_assert!(cuts.groups.first().is_none_or(|&g| g == 0) && cuts.groups.is_sorted());
        let len = items.len();
        let like_firsts = like.map(|(other, _)| other.group_first_chunks());
        // Each chunk, and the index of the neighbour's chunk it shares.
        let mut chunks: Vec<(Arc<[T]>, Option<usize>)> = Vec::with_capacity(starts.len());
        let mut rest = items.into_iter();
        for (c, &start) in starts.iter().enumerate() {
            let start = start as usize;
            let end = starts.get(c + 1).map_or(len, |&s| s as usize);
            let twin = like.and_then(|(other, map)| {
                let first = (*map.get(start)?)?;
                let p = other.locate(first);
                let chunk = &other.groups[p.group][p.chunk];
                (p.at == 0 && chunk.len() == end - start).then_some((chunk, map, p))
            });
            let mine: Vec<T> = rest.by_ref().take(end - start).collect();
            let shared = twin.filter(|(chunk, map, _)| {
                let first = map[start].expect("looked up above");
                mine.iter()
                    .zip(chunk.iter())
                    .enumerate()
                    .all(|(k, (a, b))| {
                        map.get(start + k).copied().flatten() == Some(first + k) && same(a, b)
                    })
            });
            chunks.push(match (shared, &like_firsts) {
                (Some((chunk, _, p)), Some(firsts)) => {
                    (Arc::clone(chunk), Some(firsts[p.group] + p.chunk))
                }
                _ => (Arc::from(mine), None),
            });
        }
        let mut groups: Vec<Group<T>> = Vec::with_capacity(cuts.groups.len());
        let mut group_starts: Vec<u32> = Vec::with_capacity(cuts.groups.len());
        for (g, &first) in cuts.groups.iter().enumerate() {
            let (first, end) = (
                first as usize,
                cuts.groups.get(g + 1).map_or(chunks.len(), |&s| s as usize),
            );
            group_starts.push(starts[first]);
            let mine = &chunks[first..end];
            let twin = like
                .zip(like_firsts.as_ref())
                .and_then(|((other, _), firsts)| {
                    let oc = mine[0].1?;
                    let og = firsts.binary_search(&oc).ok()?;
                    let group = &other.groups[og];
                    let whole = group.len() == mine.len()
                        && mine
                            .iter()
                            .enumerate()
                            .all(|(k, (_, t))| *t == Some(oc + k));
                    whole.then_some(group)
                });
            groups.push(match twin {
                Some(group) => Arc::clone(group),
                None => mine.iter().map(|(c, _)| Arc::clone(c)).collect(),
            });
        }
        Chunked {
            groups: groups.into_boxed_slice(),
            starts: group_starts.into_boxed_slice(),
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

    use super::{Chunked, Cut, MAX_CHUNK, MAX_GROUP};

    /// A chunk ends after every multiple of 7, and a group after every
    /// multiple of 21.
    fn ends(x: &u32) -> Cut {
        if x.is_multiple_of(21) {
            Cut::Group
        } else if x.is_multiple_of(7) {
            Cut::Chunk
        } else {
            Cut::None
        }
    }

    fn same(a: &u32, b: &u32) -> bool {
        a == b
    }

    /// Whether the lists hold the same group (not only equal ones).
    fn shared_groups(new: &Chunked<u32>, old: &Chunked<u32>) -> Vec<bool> {
        new.groups()
            .iter()
            .map(|g| old.groups().iter().any(|o| Arc::ptr_eq(o, g)))
            .collect()
    }

    #[test]
    fn holds_its_entries_in_order() {
        for n in [0, 1, 6, 7, 8, 21, 22, 50, 3 * MAX_CHUNK + 5] {
            let items: Vec<u32> = (0..n as u32).map(|i| i * 3 + 1).collect();
            let list = Chunked::cut(items.clone(), ends, None, same);
            assert_eq!(list.len(), items.len());
            assert_eq!(list.iter().copied().collect::<Vec<_>>(), items);
            assert_eq!(list.iter().rev().count(), items.len());
            for (i, x) in items.iter().enumerate() {
                assert_eq!(list.get(i), x);
                for m in [2, 5, 40] {
                    for lo in [0, i / 2, i.saturating_sub(1), i] {
                        assert_eq!(
                            list.rposition_between(lo, i, |y| y.is_multiple_of(m)),
                            items[lo..i]
                                .iter()
                                .rposition(|y| y.is_multiple_of(m))
                                .map(|j| lo + j),
                            "entries {lo}..{i} of {n}, multiples of {m}"
                        );
                    }
                }
            }
            assert!(list.chunks().all(|c| c.len() <= MAX_CHUNK));
            assert!(list.groups().iter().all(|g| g.len() <= MAX_GROUP));
            // The cuts say where the chunks and groups start.
            let cuts = list.cuts();
            let again = Chunked::cut_at(items.clone(), &cuts, None, same);
            assert_eq!(again.cuts(), cuts);
            assert_eq!(again.iter().copied().collect::<Vec<_>>(), items);
        }
        // No entry ends a chunk: cut every MAX_CHUNK entries, in one group.
        let list = Chunked::cut(vec![1; 2 * MAX_CHUNK + 1], |_| Cut::None, None, same);
        assert_eq!(list.chunks().count(), 3);
        assert_eq!(list.groups().len(), 1);
        // Chunks but no group ends: a group every MAX_GROUP chunks.
        let list = Chunked::cut(vec![1; 2 * MAX_GROUP + 1], |_| Cut::Chunk, None, same);
        assert_eq!(list.chunks().count(), 2 * MAX_GROUP + 1);
        assert_eq!(list.groups().len(), 3);
        // Groups of chunks 1–7, 8–14, 15–21; then 22–28, …
        let list = Chunked::cut((1..=50).collect(), ends, None, same);
        let sizes: Vec<usize> = list.groups().iter().map(|g| g.len()).collect();
        assert_eq!(sizes, [3, 3, 2]);
    }

    #[test]
    fn an_insertion_shares_every_chunk_and_group_but_its_own() {
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
            .filter(|c| !old.chunks().any(|o| Arc::ptr_eq(o, c)))
            .count();
        assert_eq!(fresh, 1);
        // Groups end after 21, 42, …, 189: entry 100 is in the fifth.
        let shared = shared_groups(&new, &old);
        assert_eq!(shared.len(), 10);
        assert_eq!(shared.iter().filter(|s| !**s).count(), 1);
        assert!(!shared[4]);
        assert_eq!(new.get(99), &1000);
        assert_eq!(new.get(100), &100);
        assert_eq!(new.get(200), &200);
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
            .zip(old.chunks())
            .map(|(a, b)| Arc::ptr_eq(a, b))
            .collect();
        // Chunks 1–7, 8–14 (holds entry 11), 15–21, 22–28, 29–30; groups
        // of the first three and of the last two.
        assert_eq!(shared, [true, false, true, true, true]);
        assert_eq!(shared_groups(&new, &old), [false, true]);
        // A pairing that is not one run through the chunk: not shared.
        let mut swapped = identity.clone();
        swapped.swap(2, 3);
        let items: Vec<u32> = (1..=30).collect();
        let new = Chunked::cut(items, ends, Some((&old, &swapped)), |_, _| true);
        let (new_chunks, old_chunks): (Vec<_>, Vec<_>) =
            (new.chunks().collect(), old.chunks().collect());
        assert!(!Arc::ptr_eq(new_chunks[0], old_chunks[0]));
        assert!(Arc::ptr_eq(new_chunks[1], old_chunks[1]));
        assert_eq!(shared_groups(&new, &old), [false, true]);
        // Every chunk the same: every group shared.
        let same_again = Chunked::cut((1..=30).collect(), ends, Some((&old, &identity)), same);
        assert_eq!(shared_groups(&same_again, &old), [true, true]);
    }
}
