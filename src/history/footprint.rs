//! What a history holds beside its store's texts, counted: the bounds the
//! tests put on a long history are on these counts, which the same commits
//! always give, rather than on a process's memory, which depends on the
//! allocator and the machine.

use std::collections::HashSet;

use super::History;
use super::chunks::Chunked;
use super::patched::{Coded, FormView, Patched};

/// The parts of a history that grow with its number of points, counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footprint {
    /// Points (versions) in the history.
    pub points: usize,
    /// Outline entries kept (a section's head and body, by number): those
    /// of the whole outlines, each distinct chunk once, in memory (8 bytes
    /// each), and those the other points' edits hold, in pages of the
    /// temporary file where there is one (a few bytes each).
    pub outline_entries: usize,
    /// Entries of the points' section → lineage tables, counted alike (4
    /// bytes each in a whole table, a byte or two in a page of edits).
    pub table_entries: usize,
    /// References to chunks and to groups of chunks: each whole outline's
    /// and table's to its groups (28 bytes each), and each distinct group's
    /// to its chunks, once (16 bytes each).
    pub chunk_refs: usize,
    /// Points whose outline is kept as an edit of a neighbour's, not whole.
    pub outlines_edited: usize,
    /// Runs of those edits, and of the tables': each a stretch a point has
    /// alike with its neighbour, or of its own entries. Kept in pages of the
    /// history's temporary file where it has one (sixteenth round).
    pub edit_runs: usize,
    /// Entries those edits hold of their own, outlines' and tables' (counted
    /// in `outline_entries` and `table_entries` too), in those pages.
    pub edit_entries: usize,
    /// Bytes the points' lists take in memory beside their whole lists'
    /// entries, outlines' and tables': each point's length (4 bytes), where
    /// each page of edits is, and the pages themselves where there is no
    /// temporary file. In the sixteenth round the edits went to pages; they
    /// were a record a point (16 bytes), where its runs and own entries
    /// ended (8) and the runs (8 each), end to end in memory (eleventh
    /// round: an edit of its own was a 48-byte record and two allocations).
    pub list_bytes: usize,
    /// Entries of the steps' comparisons, each distinct comparison once.
    pub step_entries: usize,
    /// Bytes of those entries' records, beside their word diffs and blocks
    /// (a [`crate::model::SectionChange`] each was ~430).
    pub step_entry_bytes: usize,
    /// Bytes of section names (id, heading, title, number, parent's title,
    /// ancestors' headings) the steps' entries hold, each distinct
    /// comparison once: the outlines give them back, so none but where a
    /// name could not be checked against them.
    pub step_name_bytes: usize,
    /// Tokens of the steps' word diffs, each distinct comparison once.
    pub step_diff_tokens: usize,
    /// Bytes of those word diffs: 8 a token, its text being the sections'
    /// bodies' (a [`crate::model::DiffToken`] was 32 and its own copy of the
    /// text), but where a diff could not be cut from the bodies.
    pub step_diff_bytes: usize,
    /// Bytes of the steps' block lists, each distinct comparison once.
    pub step_block_bytes: usize,
    /// Bytes of each distinct step's own record beside its entries (its
    /// versions and summary).
    pub step_head_bytes: usize,
    /// Distinct steps whose records (the entries, word diffs, blocks and
    /// own record counted above) are in the history's unlinked temporary
    /// file rather than in memory (sixth round): a history of every commit
    /// writes each there as it is made, unless no such file can be had.
    pub steps_spilled: usize,
    /// Bytes written to that file.
    pub spill_bytes: usize,
    /// Bytes the steps hold in memory: each step's number of its
    /// comparison (4), where each page of comparisons is in the file, the
    /// page being filled (or every page, where there is no file: each
    /// entry's two sections and whether it is a change, 12 bytes, and each
    /// comparison's place and pairing), and the records above of the steps
    /// not in the file. In the sixteenth round the comparisons went to
    /// pages; they were ~100 bytes each in memory, end to end (eleventh
    /// round), and a shared record and a list a step before.
    pub step_memory_bytes: usize,
    /// Bytes of the steps' pairings (each new section's counterpart) in
    /// memory, each distinct step's once: those of the page being filled,
    /// or of every page where there is no file.
    pub pairing_bytes: usize,
    /// Bytes the points' names (labels, commits, summaries, dates) take in
    /// memory: where their pages are in the temporary file, the page being
    /// filled, the drafts (a record and a commit's summary a point before
    /// the thirteenth round; five owned strings, ~300 bytes, before the
    /// tenth).
    pub point_bytes: usize,
}

impl History {
    /// What the history holds beside its store's texts, counted.
    pub fn footprint(&self) -> Footprint {
        let mut groups = HashSet::new();
        let mut comparisons = HashSet::new();
        let mut f = Footprint {
            points: self.points.len(),
            outline_entries: 0,
            table_entries: 0,
            chunk_refs: 0,
            outlines_edited: 0,
            edit_runs: 0,
            edit_entries: 0,
            list_bytes: 0,
            step_entries: 0,
            step_entry_bytes: 0,
            step_name_bytes: 0,
            step_diff_tokens: 0,
            step_diff_bytes: 0,
            step_block_bytes: 0,
            step_head_bytes: 0,
            steps_spilled: 0,
            spill_bytes: 0,
            step_memory_bytes: self.steps.step_bytes(),
            pairing_bytes: self.steps.pairing_bytes(),
            point_bytes: self.points.bytes(),
        };
        (f.outline_entries, f.outlines_edited) = count_lists(&self.outlines, &mut groups, &mut f);
        f.table_entries = count_lists(&self.by_point, &mut groups, &mut f).0;
        for k in 0..self.steps.len() {
            let kept = self.steps.step(k);
            if comparisons.insert(self.steps.comparison_of(k)) {
                let step = self.record(k);
                let before = f.step_entry_bytes
                    + f.step_name_bytes
                    + f.step_diff_bytes
                    + f.step_block_bytes
                    + f.step_head_bytes;
                f.step_entries += step.entries().len();
                f.step_entry_bytes += std::mem::size_of_val(step.entries());
                f.step_name_bytes += step.entries().iter().map(|e| e.name_bytes()).sum::<usize>();
                f.step_diff_tokens += step
                    .entries()
                    .iter()
                    .filter_map(|e| e.diff_ops())
                    .map(Iterator::count)
                    .sum::<usize>();
                f.step_diff_bytes += step.entries().iter().map(|e| e.diff_bytes()).sum::<usize>();
                f.step_block_bytes += step
                    .entries()
                    .iter()
                    .map(|e| std::mem::size_of_val(e.blocks().unwrap_or_default()))
                    .sum::<usize>();
                f.step_head_bytes += step.head_bytes();
                if kept.is_spilled() {
                    f.steps_spilled += 1;
                } else {
                    f.step_memory_bytes += f.step_entry_bytes
                        + f.step_name_bytes
                        + f.step_diff_bytes
                        + f.step_block_bytes
                        + f.step_head_bytes
                        - before;
                }
            }
        }
        f.spill_bytes = self
            .spill
            .as_ref()
            .map_or(0, |s| usize::try_from(s.bytes()).unwrap_or(usize::MAX));
        f
    }
}

/// The entries one kind of list holds (each distinct chunk of the whole
/// lists once, and the edits' own entries), and how many of the lists are
/// edits; their references to chunks, their runs and the edits' own
/// entries are added to `f`.
fn count_lists<T: Coded>(
    lists: &Patched<T>,
    groups: &mut HashSet<*const ()>,
    f: &mut Footprint,
) -> (usize, usize) {
    let mut chunks = HashSet::new();
    let (mut entries, mut edited) = (0, 0);
    f.list_bytes += lists.record_bytes();
    for p in 0..lists.len() {
        match lists.form(p) {
            None => {}
            Some(FormView::Whole(list)) => {
                entries += distinct(list, &mut chunks);
                f.chunk_refs += references(list, groups);
            }
            Some(FormView::Edited { runs, own, .. }) => {
                edited += 1;
                entries += own;
                f.edit_runs += runs;
                f.edit_entries += own;
            }
        }
    }
    (entries, edited)
}

/// The references `list` holds to its groups, and those of its groups not in
/// `seen` (which takes them) to their chunks.
fn references<T>(list: &Chunked<T>, seen: &mut HashSet<*const ()>) -> usize {
    list.groups().len()
        + list
            .groups()
            .iter()
            .filter(|g| seen.insert(g.as_ptr().cast()))
            .map(|g| g.len())
            .sum::<usize>()
}

/// The entries of the chunks of `list` not in `seen`, which takes them.
fn distinct<T>(list: &Chunked<T>, seen: &mut HashSet<*const T>) -> usize {
    list.chunks()
        .filter(|c| seen.insert(c.as_ptr()))
        .map(|c| c.len())
        .sum()
}
