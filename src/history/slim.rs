//! A step's comparison as a history keeps it: without the names of its
//! sections, which the history's outlines hold already.
//!
//! Each entry of a comparison names its section on both sides (a
//! [`SectionRef`]: id, heading, title, number as owned strings). Over a
//! thousand commits those names were a quarter of what the steps held, and
//! every one of them is the [`Head`] of the same section in the point's
//! [`Outline`], which the history keeps anyway (shared with every point that
//! has the section alike). So a history stores its steps' comparisons with
//! those four fields empty ([`strip`]) and puts them back from the outlines
//! when a page or command reads an entry ([`fill`]). The rest of a
//! reference (its parent's title, path and line) stays: the outline does not
//! know them.

use crate::document::Document;
use crate::model::{Comparison, SectionChange, SectionRef};

use super::outline::{Head, Outline};

/// Empties the names of every section `cmp` refers to, once checked to be
/// those of `old`'s and `new`'s sections at the same index (what a point's
/// outline gives back); a reference that is not keeps its names.
pub(super) fn strip(cmp: &mut Comparison, old: &Document, new: &Document) {
    for e in &mut cmp.sections {
        if let Some(r) = &mut e.old {
            strip_ref(r, old);
        }
        if let Some(r) = &mut e.new {
            strip_ref(r, new);
        }
    }
}

fn strip_ref(r: &mut SectionRef, doc: &Document) {
    let Some(s) = doc.sections().get(r.index) else {
        return;
    };
    if s.id == r.id && s.heading == r.heading && s.title == r.title && s.number == r.number {
        r.id = String::new();
        r.heading = String::new();
        r.title = String::new();
        r.number = None;
    }
}

/// Whether `r` was stripped: every section has an id but the preamble, whose
/// heading is empty too, so a reference with an id, a heading or a number
/// kept its names.
fn is_stripped(r: &SectionRef) -> bool {
    r.id.is_empty() && r.heading.is_empty() && r.title.is_empty() && r.number.is_none()
}

/// `e` with the names of its sections back, from the outlines of the step's
/// two points.
pub(super) fn fill(e: &SectionChange, old: &Outline, new: &Outline) -> SectionChange {
    let mut e = e.clone();
    if let Some(r) = &mut e.old {
        fill_ref(r, old);
    }
    if let Some(r) = &mut e.new {
        fill_ref(r, new);
    }
    e
}

fn fill_ref(r: &mut SectionRef, outline: &Outline) {
    if !is_stripped(r) || r.index >= outline.len() {
        return;
    }
    let head: &Head = outline.head(r.index);
    r.id.clone_from(&head.id);
    r.heading.clone_from(&head.heading);
    r.title.clone_from(&head.title);
    r.number.clone_from(&head.number);
}

/// `cmp` with every entry's names back.
pub(super) fn fill_all(cmp: &Comparison, old: &Outline, new: &Outline) -> Comparison {
    Comparison {
        schema: cmp.schema.clone(),
        old: cmp.old.clone(),
        new: cmp.new.clone(),
        summary: cmp.summary,
        sections: cmp.sections.iter().map(|e| fill(e, old, new)).collect(),
    }
}

/// `cmp` with the names back in the entries `wanted` says, and every other
/// entry an empty stand-in (no section on either side) at its index, so
/// that the entries' references to each other (moved text) still hold: what
/// a page that shows one entry reads, without copying the whole step.
pub(super) fn fill_some(
    cmp: &Comparison,
    old: &Outline,
    new: &Outline,
    wanted: impl Fn(usize) -> bool,
) -> Comparison {
    Comparison {
        schema: cmp.schema.clone(),
        old: cmp.old.clone(),
        new: cmp.new.clone(),
        summary: cmp.summary,
        sections: cmp
            .sections
            .iter()
            .enumerate()
            .map(|(k, e)| {
                if wanted(k) {
                    fill(e, old, new)
                } else {
                    stand_in(e)
                }
            })
            .collect(),
    }
}

fn stand_in(e: &SectionChange) -> SectionChange {
    SectionChange {
        change: e.change,
        flags: Vec::new(),
        old: None,
        new: None,
        similarity: e.similarity,
        diff: None,
        blocks: None,
    }
}
