//! Typed view models for the HTML templates, built from the comparison model.
//!
//! Templates get these structures and nothing else: every field they show is
//! named here, and every piece of HTML in them (`*_html`) was produced by
//! [`super::redline`], which escapes and sanitizes draft text.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::labels::{Lang, labels};
use super::redline::{self, Changes, Mark};
use crate::document::numbering::split_number;
use crate::model::{ChangeKind, Comparison, Flag, Op, SectionChange, SectionRef, Summary};
use crate::notes::{Note, SourceKind};
use crate::source::Version;

/// What the manifest says of a draft, when the version is one.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DraftInfo {
    pub title: Option<String>,
    pub stage: Option<String>,
    pub date: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionView {
    pub label: String,
    pub title: Option<String>,
    pub stage: Option<String>,
    pub date: Option<String>,
    pub commit: Option<String>,
    pub commit_short: Option<String>,
    pub sha256: String,
    pub sections: usize,
}

impl VersionView {
    fn new(cmp_info: &crate::model::VersionInfo, draft: &DraftInfo) -> VersionView {
        VersionView {
            label: cmp_info.label.clone(),
            title: draft.title.clone(),
            stage: draft.stage.clone(),
            date: draft.date.clone(),
            commit: cmp_info.commit.clone(),
            commit_short: cmp_info
                .commit
                .as_ref()
                .map(|c| c[..c.len().min(12)].to_owned()),
            sha256: cmp_info.sha256.clone(),
            sections: cmp_info.sections,
        }
    }
}

/// An editors' note, as shown beside its section.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub change: String,
    pub why: String,
    pub source_kind: SourceKind,
    pub source_label: &'static str,
    pub source_name: String,
    pub date: Option<String>,
    pub folios: Vec<String>,
}

impl NoteView {
    pub fn new(note: &Note, lang: Lang) -> NoteView {
        let kind_key = serde_json::to_value(note.source.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        NoteView {
            change: note.change.clone(),
            why: note.why.clone(),
            source_kind: note.source.kind,
            source_label: super::labels::label(lang, &kind_key),
            source_name: note.source.name.clone(),
            date: note.source.date.clone(),
            folios: note.source.folios.iter().map(|f| f.value.clone()).collect(),
        }
    }
}

/// One section of the comparison, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// Unique anchor in the page: the section's id (a removed section whose id
    /// a new section took gets a suffix).
    pub anchor: String,
    pub change: ChangeKind,
    pub flags: Vec<Flag>,
    /// CSS classes: `change-<kind>` and one per flag.
    pub classes: String,
    pub level: u8,
    pub is_preamble: bool,
    pub number: Option<String>,
    pub title: String,
    /// Whether anything about the section changed (body, place, heading).
    pub changed: bool,
    /// Whether the body changed (the redline has marks).
    pub body_changed: bool,
    pub moved_from: Option<String>,
    pub reordered_within: Option<String>,
    pub renamed_from: Option<String>,
    pub renumbered_from: Option<String>,
    pub old_anchor: Option<String>,
    pub old_line: Option<usize>,
    pub new_line: Option<usize>,
    pub words_inserted: usize,
    pub words_deleted: usize,
    /// The merged redline of the rendered body.
    pub inline_html: String,
    /// The old body with its deletions marked; `None` when there is no old section.
    pub old_html: Option<String>,
    /// The new body with its insertions marked; `None` when there is no new section.
    pub new_html: Option<String>,
    pub notes: Vec<NoteView>,
}

/// The whole comparison report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub lang: Lang,
    pub t: BTreeMap<&'static str, &'static str>,
    pub tool: String,
    pub title: String,
    pub old: VersionView,
    pub new: VersionView,
    pub summary: Summary,
    pub sections: Vec<SectionView>,
    pub changed_sections: usize,
    /// The contents: changed sections one by one, runs of unchanged ones folded.
    pub toc: Vec<TocGroup>,
}

/// A line of the contents, or a folded run of unchanged sections.
#[derive(Debug, Clone, Serialize)]
pub struct TocGroup {
    pub folded: bool,
    pub items: Vec<TocItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocItem {
    pub anchor: String,
    pub number: Option<String>,
    pub title: String,
    pub level: u8,
    pub change: ChangeKind,
    pub flags: Vec<Flag>,
    pub changed: bool,
}

fn toc(sections: &[SectionView]) -> Vec<TocGroup> {
    let mut groups: Vec<TocGroup> = Vec::new();
    for s in sections {
        let item = TocItem {
            anchor: s.anchor.clone(),
            number: s.number.clone(),
            title: s.title.clone(),
            level: s.level,
            change: s.change,
            flags: s.flags.clone(),
            changed: s.changed,
        };
        match groups.last_mut() {
            Some(g) if g.folded && !s.changed => g.items.push(item),
            _ => groups.push(TocGroup {
                folded: !s.changed,
                items: vec![item],
            }),
        }
    }
    groups
}

/// Notes by the id of the section they speak of: `(id, removed)`.
pub type NotesBySection = BTreeMap<(String, bool), Vec<NoteView>>;

/// Everything a report is built from.
pub struct ReportInput<'a> {
    pub lang: Lang,
    pub title: String,
    pub comparison: &'a Comparison,
    pub old: &'a Version,
    pub new: &'a Version,
    pub old_draft: DraftInfo,
    pub new_draft: DraftInfo,
    pub notes: NotesBySection,
}

/// The tool and its version, as the report states it.
pub fn tool() -> String {
    format!("cotejo {}", env!("CARGO_PKG_VERSION"))
}

pub fn report(input: ReportInput<'_>) -> ReportView {
    let cmp = input.comparison;
    let mut taken: HashSet<String> = cmp
        .sections
        .iter()
        .filter_map(|e| e.new.as_ref().map(|n| n.id.clone()))
        .collect();
    let sections: Vec<SectionView> = cmp
        .sections
        .iter()
        .map(|e| section(e, &input, &mut taken))
        .collect();
    ReportView {
        lang: input.lang,
        t: labels(input.lang),
        tool: tool(),
        title: input.title.clone(),
        old: VersionView::new(&cmp.old, &input.old_draft),
        new: VersionView::new(&cmp.new, &input.new_draft),
        summary: cmp.summary,
        changed_sections: sections.iter().filter(|s| s.changed).count(),
        toc: toc(&sections),
        sections,
    }
}

fn anchor_for(e: &SectionChange, taken: &mut HashSet<String>) -> String {
    match (&e.new, &e.old) {
        (Some(n), _) => section_anchor(n),
        (None, Some(o)) => {
            let base = section_anchor(o);
            let mut anchor = base.clone();
            let mut k = 1;
            while taken.contains(&anchor) {
                anchor = if k == 1 {
                    format!("{base}-anterior")
                } else {
                    format!("{base}-anterior-{k}")
                };
                k += 1;
            }
            taken.insert(anchor.clone());
            anchor
        }
        (None, None) => String::new(),
    }
}

/// Anchors are the section ids; the preamble's is `preambulo`.
fn section_anchor(r: &SectionRef) -> String {
    if r.id.is_empty() {
        "preambulo".to_owned()
    } else {
        r.id.clone()
    }
}

fn parent_heading(r: &SectionRef) -> Option<&str> {
    r.path.len().checked_sub(2).map(|p| r.path[p].as_str())
}

fn section(e: &SectionChange, input: &ReportInput<'_>, taken: &mut HashSet<String>) -> SectionView {
    let anchor = anchor_for(e, taken);
    let shown = e
        .new
        .as_ref()
        .or(e.old.as_ref())
        .expect("an entry has a side");
    let (number, title) = {
        let split = split_number(&shown.heading);
        (shown.number.clone(), split.title.to_owned())
    };
    let mut moved_from = None;
    let mut reordered_within = None;
    if let (Some(o), Some(n)) = (&e.old, &e.new)
        && e.has(Flag::Moved)
    {
        let title_of = |h: Option<&str>| h.map(|h| split_number(h).title.to_owned());
        if title_of(parent_heading(o)) == title_of(parent_heading(n)) {
            reordered_within = parent_heading(n).map(str::to_owned);
        } else {
            moved_from = Some(match (&o.number, parent_heading(o)) {
                (Some(num), _) => num.clone(),
                (None, Some(p)) => p.to_owned(),
                (None, None) => o.heading.clone(),
            });
        }
    }
    let renamed_from = match (&e.old, &e.new) {
        (Some(o), Some(_)) if e.has(Flag::Renamed) => Some(o.heading.clone()),
        _ => None,
    };
    let renumbered_from = match (&e.old, &e.new) {
        (Some(o), Some(_)) if e.has(Flag::Renumbered) => {
            Some(o.number.clone().unwrap_or_else(|| "—".to_owned()))
        }
        _ => None,
    };
    let old_anchor = match (&e.old, &e.new) {
        (Some(o), Some(n)) if o.id != n.id => Some(o.id.clone()),
        _ => None,
    };
    let old_body = e.old.as_ref().map(|o| input.old.document.body(o.index));
    let new_body = e.new.as_ref().map(|n| input.new.document.body(n.index));
    let tokens = e.diff.as_deref().unwrap_or(&[]);
    let changes = Changes::from_tokens(tokens);
    let (inline_html, old_html, new_html) = match e.change {
        ChangeKind::Unchanged => {
            let body = new_body.unwrap_or_default();
            let html = redline::render_side(body, &[], Mark::Ins);
            (html.clone(), Some(html.clone()), Some(html))
        }
        ChangeKind::Added => {
            let body = new_body.unwrap_or_default();
            let html = redline::render_side(body, &changes.inserted, Mark::Ins);
            (html.clone(), None, Some(html))
        }
        ChangeKind::Removed => {
            let body = old_body.unwrap_or_default();
            let html = redline::render_side(body, &changes.deleted, Mark::Del);
            (html.clone(), Some(html), None)
        }
        ChangeKind::Modified => {
            let (ob, nb) = (old_body.unwrap_or_default(), new_body.unwrap_or_default());
            (
                redline::render_merged(ob, nb, tokens),
                Some(redline::render_side(ob, &changes.deleted, Mark::Del)),
                Some(redline::render_side(nb, &changes.inserted, Mark::Ins)),
            )
        }
    };
    let count = |op: Op| {
        tokens
            .iter()
            .filter(|t| t.op == op)
            .map(|t| crate::compare::tokens::count_words(&t.text))
            .sum()
    };
    let notes = match (&e.new, &e.old) {
        (Some(n), _) => input.notes.get(&(n.id.clone(), false)).cloned(),
        (None, Some(o)) => input.notes.get(&(o.id.clone(), true)).cloned(),
        _ => None,
    }
    .unwrap_or_default();
    let mut classes = vec![format!("change-{}", kind_name(e.change))];
    classes.extend(e.flags.iter().map(|f| flag_name(*f).replace('_', "-")));
    SectionView {
        anchor,
        change: e.change,
        flags: e.flags.clone(),
        classes: classes.join(" "),
        level: shown.level,
        is_preamble: shown.level == 0,
        number,
        title,
        // Renumbering alone is noted quietly, not counted as a change.
        changed: (e.is_change()
            && !(e.change == ChangeKind::Unchanged && e.flags == [Flag::Renumbered]))
            || old_anchor.is_some(),
        body_changed: e.change != ChangeKind::Unchanged,
        moved_from,
        reordered_within,
        renamed_from,
        renumbered_from,
        old_anchor,
        old_line: e.old.as_ref().map(|o| o.line),
        new_line: e.new.as_ref().map(|n| n.line),
        words_inserted: count(Op::Insert),
        words_deleted: count(Op::Delete),
        inline_html,
        old_html,
        new_html,
        notes,
    }
}

fn kind_name(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Modified => "modified",
        ChangeKind::Unchanged => "unchanged",
    }
}

fn flag_name(f: Flag) -> &'static str {
    match f {
        Flag::Moved => "moved",
        Flag::Renamed => "renamed",
        Flag::Renumbered => "renumbered",
        Flag::FormattingOnly => "formatting_only",
    }
}
