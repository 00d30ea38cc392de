//! Where each entry of a comparison stands in one document that reads as
//! the old version with every change rejected and as the new one with every
//! change accepted.
//!
//! The paired sections that keep their order (the longest run of them in
//! the old order, taken along the new order) stand once, in place. Between
//! two of them come first what the old version had there (removed sections,
//! and the old place of sections that moved), then what the new version has
//! (added sections, and the new place of sections that moved). So a moved
//! section appears twice: moved away from where it stood, moved to where it
//! stands.

use crate::model::Comparison;

/// One place in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// An entry shown once: paired in place, added or removed.
    Entry(usize),
    /// Where a section that moved stood.
    Old(usize),
    /// Where a section that moved stands now.
    New(usize),
}

/// The entries of `cmp` in the document's order.
pub(crate) fn order(cmp: &Comparison) -> Vec<Slot> {
    let entries = &cmp.sections;
    // The new version's order is the comparison's, less the removed entries.
    let new_order: Vec<usize> = (0..entries.len())
        .filter(|&e| entries[e].new.is_some())
        .collect();
    let mut old_order: Vec<usize> = (0..entries.len())
        .filter(|&e| entries[e].old.is_some())
        .collect();
    old_order.sort_by_key(|&e| entries[e].old.as_ref().map_or(0, |s| s.index));
    let paired: Vec<usize> = new_order
        .iter()
        .copied()
        .filter(|&e| entries[e].old.is_some())
        .collect();
    let old_index = |e: usize| entries[e].old.as_ref().map_or(0, |s| s.index);
    let keys: Vec<usize> = paired.iter().map(|&e| old_index(e)).collect();
    let mut in_place = vec![false; entries.len()];
    for k in longest_increasing(&keys) {
        in_place[paired[k]] = true;
    }
    let paired_moved = |e: usize| entries[e].old.is_some() && entries[e].new.is_some();
    let mut out = Vec::with_capacity(entries.len() + 2);
    let (mut i, mut j) = (0, 0);
    loop {
        while let Some(&e) = old_order.get(i).filter(|&&e| !in_place[e]) {
            out.push(if paired_moved(e) {
                Slot::Old(e)
            } else {
                Slot::Entry(e)
            });
            i += 1;
        }
        while let Some(&e) = new_order.get(j).filter(|&&e| !in_place[e]) {
            out.push(if paired_moved(e) {
                Slot::New(e)
            } else {
                Slot::Entry(e)
            });
            j += 1;
        }
        match (old_order.get(i), new_order.get(j)) {
            (Some(&a), Some(&b)) => {
                // The sections in place have the same order in both.
                debug_assert_eq!(a, b);
                out.push(Slot::Entry(b));
                i += 1;
                j += 1;
            }
            _ => break,
        }
    }
    out
}

/// The positions of a longest strictly increasing subsequence of `keys`
/// (patience sorting; among equals, the first found).
fn longest_increasing(keys: &[usize]) -> Vec<usize> {
    // tails[k]: the position ending the best run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; keys.len()];
    for (p, &key) in keys.iter().enumerate() {
        let k = tails.partition_point(|&t| keys[t] < key);
        before[p] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(p);
        } else {
            tails[k] = p;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(p) = at {
        out.push(p);
        at = before[p];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_increasing_run_is_found() {
        assert_eq!(longest_increasing(&[0, 3, 1, 2, 4]), [0, 2, 3, 4]);
        assert_eq!(longest_increasing(&[]), Vec::<usize>::new());
        assert_eq!(longest_increasing(&[2, 1, 0]).len(), 1);
    }
}
