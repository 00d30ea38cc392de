//! What a history holds beside its store's texts, counted: the bounds the
//! tests put on a long history are on these counts, which the same commits
//! always give, rather than on a process's memory, which depends on the
//! allocator and the machine.

use std::collections::HashSet;
use std::sync::Arc;

use super::History;
use super::chunks::Chunked;

/// The parts of a history that grow with its number of points, counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footprint {
    /// Points (versions) in the history.
    pub points: usize,
    /// Outline entries held, each distinct chunk once (24 bytes each: a
    /// section's head and body, shared).
    pub outline_entries: usize,
    /// Entries of the points' section → lineage tables, each distinct chunk
    /// once (4 bytes each).
    pub table_entries: usize,
    /// Chunks the points' outlines and tables point at, counted at every
    /// point (20 bytes each).
    pub chunk_refs: usize,
    /// Runs of the lineages' places (8 bytes each).
    pub place_runs: usize,
    /// Entries of the steps' comparisons, each distinct comparison once.
    pub step_entries: usize,
    /// Bytes of section names (id, heading, title, number, parent's title,
    /// ancestors' headings) the steps' entries hold, each distinct
    /// comparison once: the outlines give them back, so none but where a
    /// name could not be checked against them.
    pub step_name_bytes: usize,
}

impl History {
    /// What the history holds beside its store's texts, counted.
    pub fn footprint(&self) -> Footprint {
        let mut outline_chunks = HashSet::new();
        let mut table_chunks = HashSet::new();
        let mut comparisons = HashSet::new();
        let mut f = Footprint {
            points: self.points.len(),
            outline_entries: 0,
            table_entries: 0,
            chunk_refs: 0,
            place_runs: self.lineages.iter().map(|l| l.place_runs()).sum(),
            step_entries: 0,
            step_name_bytes: 0,
        };
        for p in &self.points {
            f.outline_entries += distinct(p.outline.chunked(), &mut outline_chunks);
            f.chunk_refs += p.outline.chunked().chunks().len();
        }
        for table in &self.by_point {
            f.table_entries += distinct(table, &mut table_chunks);
            f.chunk_refs += table.chunks().len();
        }
        for step in &self.steps {
            if comparisons.insert(Arc::as_ptr(step)) {
                f.step_entries += step.sections.len();
                f.step_name_bytes += step
                    .sections
                    .iter()
                    .flat_map(|e| e.old.iter().chain(&e.new))
                    .map(|r| {
                        r.id.len()
                            + r.heading.len()
                            + r.title.len()
                            + r.number.as_ref().map_or(0, String::len)
                            + r.parent_title.as_ref().map_or(0, String::len)
                            + r.path.iter().map(|h| h.len()).sum::<usize>()
                    })
                    .sum::<usize>();
            }
        }
        f
    }
}

/// The entries of the chunks of `list` not in `seen`, which takes them.
fn distinct<T>(list: &Chunked<T>, seen: &mut HashSet<*const T>) -> usize {
    list.chunks()
        .iter()
        .filter(|c| seen.insert(c.as_ptr()))
        .map(|c| c.len())
        .sum()
}
