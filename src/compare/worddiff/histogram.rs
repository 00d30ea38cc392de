//! similar's Histogram diff of two short lists of token numbers, on tables
//! kept from one diff to the next.
//!
//! A word diff of a one-sentence article diffs two lists of a few dozen token
//! numbers. similar's `capture_diff_slices` spends most of that on set-up:
//! it numbers the tokens again ([`similar::algorithms::IdentifyDistinct`]:
//! a hash table, though the numbers are already dense) and allocates its
//! anchor tables afresh for every diff; a comparison of 100,000 rewritten
//! articles makes 100,000 of each. Its integer path and tables are private,
//! so this is a copy of that path (similar 3.2's `algorithms/histogram.rs`:
//! the trimming, the anchor search and its recursion) run on the numbers as
//! they are, with the tables of each thread reused. What it does not copy it
//! calls: similar's Myers where Histogram falls back to it, and the same
//! hooks (`Compact`, `Replace`, `Capture`) that `capture_diff_slices` wraps
//! around the algorithm, so the edit script is the one similar gives, op for
//! op (the tests compare them on random and real token lists).
//!
//! Only lists where similar's own set-up would not take its "disjoint" fast
//! path go here (one side shorter than its 512-item threshold); longer ones
//! go to similar itself.

use std::cell::RefCell;
use std::ops::Range;

use similar::algorithms::{Capture, Compact, DiffHook, NoFinishHook, Replace, myers};
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// similar's `MAX_CHAIN_LENGTH`: a value more frequent than this in the old
/// range is never an anchor (git's safety valve).
const MAX_CHAIN_LENGTH: usize = 64;

/// similar's `DISJOINT_FAST_PATH_MIN_LEN`: below it on either side, similar
/// goes straight to the histogram search, which is what this module copies.
const SIMILAR_PREFLIGHT_MIN_LEN: usize = 512;

const NONE: usize = usize::MAX;

/// The edit script of `old` against `new`, as
/// `capture_diff_slices(Algorithm::Histogram, old, new)` gives it.
pub(super) fn capture(old: &[u32], new: &[u32]) -> Vec<DiffOp> {
    if old.len().min(new.len()) >= SIMILAR_PREFLIGHT_MIN_LEN {
        return capture_diff_slices(Algorithm::Histogram, old, new);
    }
    SCRATCH.with(|scratch| {
        let mut d = Compact::new(Replace::new(Capture::new()), old, new);
        diff(&mut d, old, new, &mut scratch.borrow_mut()).expect("capturing never fails");
        d.into_inner().into_inner().into_ops()
    })
}

thread_local! {
    /// Each thread's tables, grown to the largest diff it has made and left
    /// cleared after each search.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// similar's `histogram::diff_deadline_impl` without its preflight (see
/// [`SIMILAR_PREFLIGHT_MIN_LEN`]) and without renumbering the values.
fn diff<D: DiffHook>(
    d: &mut D,
    old: &[u32],
    new: &[u32],
    scratch: &mut Scratch,
) -> Result<(), D::Error> {
    let prefix = common_prefix_len(old, 0..old.len(), new, 0..new.len());
    let suffix = common_suffix_len(old, prefix..old.len(), new, prefix..new.len());
    let old_middle = prefix..old.len() - suffix;
    let new_middle = prefix..new.len() - suffix;
    if prefix > 0 {
        d.equal(0, 0, prefix)?;
    }
    if old_middle.is_empty() {
        if !new_middle.is_empty() {
            d.insert(old_middle.start, new_middle.start, new_middle.len())?;
        }
    } else if new_middle.is_empty() {
        d.delete(old_middle.start, old_middle.len(), new_middle.start)?;
    } else {
        scratch.prepare(old, &old_middle, &new_middle);
        let mut no_finish = NoFinishHook::new(&mut *d);
        diff_ranges(&mut no_finish, old, old_middle, new, new_middle, scratch)?;
    }
    if suffix > 0 {
        d.equal(old.len() - suffix, new.len() - suffix, suffix)?;
    }
    d.finish()
}

/// Pending work of [`diff_ranges`] (similar's `Task`): the recursion around
/// anchors kept on the heap.
enum Task {
    Diff {
        old_range: Range<usize>,
        new_range: Range<usize>,
    },
    Equal {
        old_index: usize,
        new_index: usize,
        len: usize,
    },
}

/// similar's `histogram::diff_impl`, without a deadline.
fn diff_ranges<D: DiffHook>(
    d: &mut D,
    old: &[u32],
    old_range: Range<usize>,
    new: &[u32],
    new_range: Range<usize>,
    scratch: &mut Scratch,
) -> Result<(), D::Error> {
    let mut tasks = std::mem::take(&mut scratch.tasks);
    tasks.clear();
    tasks.push(Task::Diff {
        old_range,
        new_range,
    });
    let result = (|| {
        while let Some(task) = tasks.pop() {
            let (mut old_range, mut new_range) = match task {
                Task::Diff {
                    old_range,
                    new_range,
                } => (old_range, new_range),
                Task::Equal {
                    old_index,
                    new_index,
                    len,
                } => {
                    d.equal(old_index, new_index, len)?;
                    continue;
                }
            };
            let prefix = common_prefix_len(old, old_range.clone(), new, new_range.clone());
            if prefix > 0 {
                d.equal(old_range.start, new_range.start, prefix)?;
                old_range.start += prefix;
                new_range.start += prefix;
            }
            let suffix = common_suffix_len(old, old_range.clone(), new, new_range.clone());
            if suffix > 0 {
                old_range.end -= suffix;
                new_range.end -= suffix;
                tasks.push(Task::Equal {
                    old_index: old_range.end,
                    new_index: new_range.end,
                    len: suffix,
                });
            }
            if old_range.is_empty() {
                if !new_range.is_empty() {
                    d.insert(old_range.start, new_range.start, new_range.len())?;
                }
                continue;
            }
            if new_range.is_empty() {
                d.delete(old_range.start, old_range.len(), new_range.start)?;
                continue;
            }
            match scratch.find_anchor(old, old_range.clone(), new, new_range.clone()) {
                Search::Anchor(anchor) => {
                    tasks.push(Task::Diff {
                        old_range: anchor.old_start + anchor.len..old_range.end,
                        new_range: anchor.new_start + anchor.len..new_range.end,
                    });
                    tasks.push(Task::Equal {
                        old_index: anchor.old_start,
                        new_index: anchor.new_start,
                        len: anchor.len,
                    });
                    tasks.push(Task::Diff {
                        old_range: old_range.start..anchor.old_start,
                        new_range: new_range.start..anchor.new_start,
                    });
                }
                Search::None => {
                    d.delete(old_range.start, old_range.len(), new_range.start)?;
                    d.insert(old_range.end, new_range.start, new_range.len())?;
                }
                Search::Fallback => {
                    let mut myers_hook = NoFinishHook::new(&mut *d);
                    myers::diff_deadline(&mut myers_hook, old, old_range, new, new_range, None)?;
                }
            }
        }
        Ok(())
    })();
    scratch.tasks = tasks;
    result
}

/// A common run chosen to split the ranges around.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    old_start: usize,
    new_start: usize,
    len: usize,
}

enum Search {
    Anchor(Anchor),
    /// No value in common: all deleted, all inserted.
    None,
    /// Values in common, none rare enough to anchor on: Myers.
    Fallback,
}

/// similar's `Scratch` with its dense coverage table only (the sparse one
/// is an optimisation that gives the same anchors), and the task stack.
#[derive(Default)]
struct Scratch {
    /// First old index holding each old value in the indexed range.
    head: Vec<usize>,
    /// Occurrences of each old value in the indexed range.
    count: Vec<usize>,
    /// Next old index holding the same value, by `old_idx - old_base`.
    next: Vec<usize>,
    /// Furthest new index (plus one) already extended, per diagonal.
    covered: Vec<usize>,
    touched_diagonals: Vec<usize>,
    old_base: usize,
    new_end: usize,
    tasks: Vec<Task>,
}

impl Scratch {
    /// Makes room for a diff of the middles of `old` and `new` (the tables
    /// are all cleared already: each search clears what it set).
    fn prepare(&mut self, old: &[u32], old_middle: &Range<usize>, new_middle: &Range<usize>) {
        let values = old[old_middle.clone()]
            .iter()
            .max()
            .map_or(0, |&v| v as usize + 1);
        if self.head.len() < values {
            self.head.resize(values, NONE);
            self.count.resize(values, 0);
        }
        if self.next.len() < old_middle.len() {
            self.next.resize(old_middle.len(), NONE);
        }
        let diagonals = old_middle.len() + new_middle.len() + 1;
        if self.covered.len() < diagonals {
            self.covered.resize(diagonals, 0);
        }
        self.old_base = old_middle.start;
        self.new_end = new_middle.end;
    }

    fn diagonal(&self, old_idx: usize, new_idx: usize) -> usize {
        (old_idx - self.old_base) + (self.new_end - new_idx)
    }

    fn cover(&mut self, diagonal: usize, new_end: usize) {
        let slot = &mut self.covered[diagonal];
        if *slot == 0 {
            self.touched_diagonals.push(diagonal);
        }
        *slot = (*slot).max(new_end + 1);
    }

    /// similar's `find_anchor`: indexes the old range, searches, clears.
    fn find_anchor(
        &mut self,
        old: &[u32],
        old_range: Range<usize>,
        new: &[u32],
        new_range: Range<usize>,
    ) -> Search {
        // Backwards, so that each value's chain is in increasing order.
        for old_idx in old_range.clone().rev() {
            let value = old[old_idx] as usize;
            self.next[old_idx - self.old_base] = self.head[value];
            self.head[value] = old_idx;
            self.count[value] += 1;
        }
        let result = self.find_anchor_indexed(old, &old_range, new, &new_range);
        for old_idx in old_range {
            let value = old[old_idx] as usize;
            self.head[value] = NONE;
            self.count[value] = 0;
        }
        for diagonal in self.touched_diagonals.drain(..) {
            self.covered[diagonal] = 0;
        }
        result
    }

    /// similar's `find_anchor_indexed`, without a deadline: the longest
    /// common run through a value of the new range that occurs at most
    /// [`MAX_CHAIN_LENGTH`] times in the old; ties to the rarest, then the
    /// first in the old, then in the new.
    fn find_anchor_indexed(
        &mut self,
        old: &[u32],
        old_range: &Range<usize>,
        new: &[u32],
        new_range: &Range<usize>,
    ) -> Search {
        let mut has_common = false;
        let mut best: Option<Anchor> = None;
        let mut best_count = usize::MAX;
        for new_idx in new_range.clone() {
            let value = new[new_idx] as usize;
            // A value of the new side only may be past the old's tables.
            let Some(&first) = self.head.get(value) else {
                continue;
            };
            if first == NONE {
                continue;
            }
            has_common = true;
            let candidates_len = self.count[value];
            if candidates_len > MAX_CHAIN_LENGTH {
                continue;
            }
            let mut old_idx = first;
            while old_idx != NONE {
                let candidate_old_idx = old_idx;
                old_idx = self.next[candidate_old_idx - self.old_base];
                // Each equal run is extended once per diagonal.
                let diagonal = self.diagonal(candidate_old_idx, new_idx);
                if self.covered[diagonal] > new_idx {
                    continue;
                }
                // The common run through this candidate, both ways. Most
                // candidates are shorter than the best so far: their
                // values' counts (for the tie-break) are not looked up.
                let back = old[old_range.start..candidate_old_idx]
                    .iter()
                    .rev()
                    .zip(new[new_range.start..new_idx].iter().rev())
                    .take_while(|(a, b)| a == b)
                    .count();
                let forward = old[candidate_old_idx + 1..old_range.end]
                    .iter()
                    .zip(&new[new_idx + 1..new_range.end])
                    .take_while(|(a, b)| a == b)
                    .count();
                let new_end = new_idx + forward;
                self.cover(diagonal, new_end);
                let candidate = Anchor {
                    old_start: candidate_old_idx - back,
                    new_start: new_idx - back,
                    len: back + 1 + forward,
                };
                if best.is_some_and(|current| candidate.len < current.len) {
                    continue;
                }
                // The rarest value of the run (similar's `min_count`).
                let min_count = old[candidate.old_start..candidate.old_start + candidate.len]
                    .iter()
                    .map(|&v| self.count[v as usize])
                    .min()
                    .unwrap_or(candidates_len);
                let is_better = match best {
                    None => true,
                    Some(current) => {
                        candidate.len > current.len
                            || (min_count < best_count
                                || (min_count == best_count
                                    && (candidate.old_start, candidate.new_start)
                                        < (current.old_start, current.new_start)))
                    }
                };
                if is_better {
                    best = Some(candidate);
                    best_count = min_count;
                }
            }
        }
        match best {
            Some(anchor) => Search::Anchor(anchor),
            None if has_common => Search::Fallback,
            None => Search::None,
        }
    }
}

fn common_prefix_len(
    old: &[u32],
    old_range: Range<usize>,
    new: &[u32],
    new_range: Range<usize>,
) -> usize {
    old[old_range]
        .iter()
        .zip(&new[new_range])
        .take_while(|(a, b)| a == b)
        .count()
}

fn common_suffix_len(
    old: &[u32],
    old_range: Range<usize>,
    new: &[u32],
    new_range: Range<usize>,
) -> usize {
    old[old_range]
        .iter()
        .rev()
        .zip(new[new_range].iter().rev())
        .take_while(|(a, b)| a == b)
        .count()
}

#[cfg(test)]
#[path = "histogram/tests.rs"]
mod tests;
