//! A step's comparison as a history keeps it: without the names of its
//! sections, which the history's outlines hold already.
//!
//! Each entry of a comparison names its section on both sides (a
//! [`SectionRef`]: id, heading, title, number, its parent's title and the
//! headings of its ancestors, as owned strings). Over a thousand commits
//! those names were most of what the steps held (a step that renumbers a
//! chapter has an entry for each of its articles), and each of them is in
//! the point's [`Outline`], which the history keeps anyway (shared with every
//! point that has the section alike): the section's [`Head`] and those of
//! the sections that enclose it. So a history stores its steps' comparisons
//! with those fields empty ([`strip`]) and puts them back from the outlines
//! when a page or command reads an entry ([`fill`]). Only the index and the
//! line of a reference stay.

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
    let sections = doc.sections();
    let Some(s) = sections.get(r.index) else {
        return;
    };
    let names =
        s.id == r.id && s.heading == r.heading && s.title == r.title && s.number == r.number;
    // The ancestors the outline will give back, by its rule, are the ones
    // the document parsed.
    let ancestors = std::iter::successors(Some(r.index), |&i| sections[i].parent);
    let same_rule = ancestors
        .clone()
        .all(|i| enclosing(sections, i) == sections[i].parent);
    let parent = s.parent.map(|p| &sections[p].title);
    let path = ancestors
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(|i| sections[i].heading.as_str());
    if names
        && same_rule
        && r.parent_title.as_ref() == parent
        && r.path.iter().map(|h| &**h).eq(path)
    {
        r.id = String::new();
        r.heading = String::new();
        r.title = String::new();
        r.number = None;
        r.parent_title = None;
        r.path = Vec::new();
    }
}

/// The section that encloses section `i` of a parsed document, by the rule
/// [`Outline::enclosing`] follows.
fn enclosing(sections: &[crate::document::Section], i: usize) -> Option<usize> {
    let level = sections[i].level;
    if level == 0 {
        return None;
    }
    sections[..i]
        .iter()
        .rposition(|s| s.level > 0 && s.level < level)
}

/// Whether `r` was stripped: a section's path holds at least its own heading.
fn is_stripped(r: &SectionRef) -> bool {
    r.path.is_empty()
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
    r.parent_title = outline
        .enclosing(r.index)
        .map(|p| outline.head(p).title.clone());
    let mut path: Vec<std::sync::Arc<str>> =
        std::iter::successors(Some(r.index), |&i| outline.enclosing(i))
            .map(|i| std::sync::Arc::from(outline.head(i).heading.as_str()))
            .collect();
    path.reverse();
    r.path = path;
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
