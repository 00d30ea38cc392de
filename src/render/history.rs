//! The view model of a section's history page: each step of its life with
//! the redline of that step, the editors' notes that explain it, and the
//! blame of its text — which version wrote each sentence, and why.
//!
//! Built from a [`History`]; every piece of HTML comes from
//! [`super::redline`] through [`super::view`], as in the reports.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::labels::{Lang, label};
use super::view::{self, NotesBySection, ReportInput, SectionView};
use crate::error::Result;
use crate::history::{History, Points, blame};
use crate::project::{DraftMeta, DraftNote, Project};
use crate::version::short_commit;

/// The editors' notes of each draft (the notes of the transition into it).
pub type DraftNotes = BTreeMap<String, NotesBySection>;

/// The notes of every draft of the history.
pub fn draft_notes(project: &Project, history: &History, lang: Lang) -> Result<DraftNotes> {
    let mut out = DraftNotes::new();
    let points = history.points();
    for draft in (0..points.len()).filter_map(|p| points.draft(p)) {
        let notes: Vec<DraftNote<'_>> = project
            .notes_of(draft)?
            .iter()
            .map(|note| DraftNote { draft, note })
            .collect();
        out.insert(draft.to_owned(), view::notes_by_section(&notes, lang));
    }
    Ok(out)
}

/// Where the pages a history page links to are, from the site's root: the
/// page of a draft, and the comparison of two drafts (by their ids).
pub struct Links<'a> {
    pub draft: &'a (dyn Fn(&str) -> Option<String> + Sync),
    pub comparison: &'a (dyn Fn(&str, &str) -> Option<String> + Sync),
    /// The history page of a lineage, relative to a history page.
    pub section: &'a (dyn Fn(usize) -> Option<String> + Sync),
}

impl Links<'static> {
    /// No pages to link to (a book links its own chapters).
    pub const NONE: Links<'static> = Links {
        draft: &no_draft,
        comparison: &no_comparison,
        section: &no_section,
    };
}

fn no_draft(_: &str) -> Option<String> {
    None
}

fn no_comparison(_: &str, _: &str) -> Option<String> {
    None
}

fn no_section(_: usize) -> Option<String> {
    None
}

/// A version of the chain, as a history page names it.
#[derive(Debug, Clone, Serialize)]
pub struct PointView {
    pub index: usize,
    pub label: String,
    /// The draft's title (`Segundo borrador`), for drafts.
    pub title: Option<String>,
    pub draft: Option<String>,
    pub date: Option<String>,
    pub commit_short: Option<String>,
    /// The commit message's first line, for commits that are not drafts.
    pub summary: Option<String>,
    /// The draft's page, from the site's root.
    pub url: Option<String>,
}

/// One step of the section's life.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub from: PointView,
    pub to: PointView,
    /// The section at this step, as the reports show it (redline, moves,
    /// renames, notes).
    pub section: SectionView,
    /// The section in the comparison page of the two drafts, when both are drafts.
    pub comparison_url: Option<String>,
}

/// A sentence of the section's text and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct BlameSentence {
    pub text: String,
    pub introduced: usize,
    /// The last version that reworded it, when not the one that introduced it.
    pub revised: Option<usize>,
    /// The draft whose notes explain its wording: the draft that published
    /// its last change.
    pub published_in: Option<String>,
    /// The anchor of that draft's notes on this section (`_nota-<step>`),
    /// if it has any.
    pub note_anchor: Option<String>,
}

/// A paragraph of the blame.
#[derive(Debug, Clone, Serialize)]
pub struct BlameParagraph {
    pub sentences: Vec<BlameSentence>,
}

/// How much of the section's text each version wrote.
#[derive(Debug, Clone, Serialize)]
pub struct OriginView {
    pub point: usize,
    pub sentences: usize,
}

/// A section's history page (the page also gets the history's points, which
/// indices here name: one list for every page, not a copy in each).
#[derive(Debug, Clone, Serialize)]
pub struct SectionHistoryView {
    pub key: String,
    pub id: String,
    pub level: u8,
    pub is_preamble: bool,
    pub number: Option<String>,
    pub title: String,
    /// Headings it had before its last one, oldest first.
    pub former_headings: Vec<String>,
    pub first: usize,
    pub last: usize,
    /// Whether it is in the last version.
    pub current: bool,
    /// Its place in the last version where it appears (draft page and anchor).
    pub last_url: Option<String>,
    pub steps: Vec<StepView>,
    /// Steps between drafts where nothing happened to it (drafts only).
    pub quiet_steps: Vec<(usize, usize)>,
    pub blame: Vec<BlameParagraph>,
    pub origins: Vec<OriginView>,
}

/// The points of the history as pages name them, each [`PointView`] made
/// when a page asks for it: with every commit followed, the views of all of
/// them at once were ~340 bytes a commit, held while the site was made.
#[derive(Debug, Clone)]
pub struct PointNames {
    points: Arc<Points>,
    /// Each draft among the points by its id: its title and page.
    drafts: BTreeMap<String, DraftName>,
    /// A draft is labelled by its title, not its id (the public pages).
    titled: bool,
}

#[derive(Debug, Clone)]
struct DraftName {
    title: Option<String>,
    url: Option<String>,
}

impl PointNames {
    /// The points of `history`, their drafts described by `drafts` and
    /// linked through `links`.
    pub fn new(history: &History, links: &Links<'_>, drafts: &[DraftMeta]) -> PointNames {
        PointNames::of(history.shared_points(), links, drafts)
    }

    /// [`PointNames::new`] of the points alone.
    pub fn of(points: Arc<Points>, links: &Links<'_>, drafts: &[DraftMeta]) -> PointNames {
        let drafts = (0..points.len())
            .filter_map(|p| points.draft(p))
            .map(|d| {
                let title = drafts.iter().find(|m| m.id == d).map(|m| m.title.clone());
                let url = (links.draft)(d);
                (d.to_owned(), DraftName { title, url })
            })
            .collect();
        PointNames {
            points,
            drafts,
            titled: false,
        }
    }

    /// The same points, a draft labelled by its title where it has one.
    pub fn titled(self) -> PointNames {
        PointNames {
            titled: true,
            ..self
        }
    }

    /// The number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Point `index` as a page names it.
    pub fn view(&self, index: usize) -> PointView {
        let p = self.points.get(index);
        let draft = p.draft.as_deref().and_then(|d| self.drafts.get(d));
        let title = draft.and_then(|d| d.title.clone());
        let label = match &title {
            Some(t) if self.titled => t.clone(),
            _ => p.label,
        };
        PointView {
            index,
            title,
            commit_short: p.commit.as_deref().map(|c| short_commit(c).to_owned()),
            summary: p.summary.filter(|_| p.draft.is_none()),
            url: draft.and_then(|d| d.url.clone()),
            label,
            draft: p.draft,
            date: p.date,
        }
    }
}

/// The history page of lineage `lineage`.
pub fn section_history(
    history: &History,
    lineage: usize,
    points: &PointNames,
    notes: &DraftNotes,
    links: &Links<'_>,
    lang: Lang,
) -> SectionHistoryView {
    let l = &history.lineages()[lineage];
    let (last, last_index) = l.last();
    let first = l.first();
    let section = history.section(last, last_index);
    let (number, title) = if section.level == 0 {
        (None, label(lang, "preamble").to_owned())
    } else {
        (
            view::display_number(section.heading(), section.title(), section.number()),
            section.title().to_owned(),
        )
    };
    let mut former_headings: Vec<String> = Vec::new();
    for (_, head) in history.heads_of(lineage) {
        let h = head.heading();
        if h != section.heading() && !former_headings.iter().any(|f| f == h) {
            former_headings.push(h.to_owned());
        }
    }
    let empty = NotesBySection::new();
    let mut note_of_draft: BTreeMap<String, String> = BTreeMap::new();
    let mut steps = Vec::new();
    let mut quiet_steps = Vec::new();
    for step in 0..history.step_count() {
        let entry = l.entry(step);
        let (from, to) = (
            history.points().draft(step),
            history.points().draft(step + 1),
        );
        let present = l.exists_at(step) || l.exists_at(step + 1);
        let Some(e) = entry.filter(|&e| history.is_change(step, e)) else {
            if present && from.is_some() && to.is_some() {
                quiet_steps.push((step, step + 1));
            }
            continue;
        };
        // The step as this entry's page reads it (its names put back).
        let (cmp, old, new) = history.step_around(step, e);
        // Notes explain a transition into a draft: shown at the step that
        // reaches it.
        let step_notes = to.and_then(|d| notes.get(d)).unwrap_or(&empty).clone();
        let input = ReportInput {
            lang,
            title: String::new(),
            comparison: &cmp,
            old: &old,
            new: &new,
            old_draft: None,
            new_draft: None,
            notes: step_notes,
        };
        let anchor = format!("_paso-{}", step + 1);
        let change = &cmp.sections[e];
        let mut section = view::section_view(change, &input, anchor);
        // Moved text links the history of the section at its other end.
        for (m, went) in section
            .text_moved_to
            .iter_mut()
            .map(|m| (m, true))
            .chain(section.text_moved_from.iter_mut().map(|m| (m, false)))
        {
            let other = &cmp.sections[m.entry];
            let at = if went {
                other.new.as_ref().map(|r| (step + 1, r.index))
            } else {
                other.old.as_ref().map(|r| (step, r.index))
            };
            m.url = at.and_then(|(p, s)| (links.section)(history.lineage_of(p, s)));
        }
        // The page gives the first note of a step the anchor `_nota-<step>`.
        if let Some(d) = to.filter(|_| !section.notes.is_empty()) {
            note_of_draft
                .entry(d.to_owned())
                .or_insert_with(|| format!("_nota-{}", step + 1));
        }
        let comparison_url = match (from, to, &change.new, &change.old) {
            (Some(a), Some(b), Some(n), _) => {
                (links.comparison)(a, b).map(|u| format!("{u}#{}", view::section_anchor(n)))
            }
            (Some(a), Some(b), None, Some(o)) => {
                (links.comparison)(a, b).map(|u| format!("{u}#{}", view::section_anchor(o)))
            }
            _ => None,
        };
        steps.push(StepView {
            from: points.view(step),
            to: points.view(step + 1),
            section,
            comparison_url,
        });
    }
    let body = history.body(last, last_index);
    let units = blame::sentences(&body, &l.blame());
    let mut blame_paragraphs: Vec<BlameParagraph> = Vec::new();
    let mut origins: BTreeMap<usize, usize> = BTreeMap::new();
    let mut block = usize::MAX;
    for u in units {
        *origins.entry(u.revised).or_default() += 1;
        let published_in = history.published_in(u.revised).map(str::to_owned);
        let note_anchor = published_in
            .as_ref()
            .and_then(|d| note_of_draft.get(d))
            .cloned();
        let sentence = BlameSentence {
            text: u.text,
            introduced: u.introduced,
            revised: (u.revised != u.introduced).then_some(u.revised),
            published_in,
            note_anchor,
        };
        if u.block != block || blame_paragraphs.is_empty() {
            blame_paragraphs.push(BlameParagraph {
                sentences: Vec::new(),
            });
            block = u.block;
        }
        blame_paragraphs
            .last_mut()
            .expect("pushed above")
            .sentences
            .push(sentence);
    }
    let last_url = history
        .points()
        .draft(last)
        .and_then(|d| (links.draft)(d))
        .map(|u| format!("{u}#{}", view::anchor_of_id(&section.id())));
    SectionHistoryView {
        key: l.key.clone(),
        id: section.id().into_owned(),
        level: section.level,
        is_preamble: section.level == 0,
        number,
        title,
        former_headings,
        first,
        last,
        current: history.is_last(last),
        last_url,
        steps,
        quiet_steps,
        blame: blame_paragraphs,
        origins: origins
            .into_iter()
            .map(|(point, sentences)| OriginView { point, sentences })
            .collect(),
    }
}

/// A line of the index of sections.
#[derive(Debug, Clone, Serialize)]
pub struct IndexItem {
    pub key: String,
    pub level: u8,
    pub number: Option<String>,
    pub title: String,
    /// Steps at which it changed.
    pub changes: usize,
    pub current: bool,
    /// Where it was added, when not in the first version.
    pub added_in: Option<usize>,
    /// Where it was removed, when not in the last version.
    pub removed_in: Option<usize>,
}

/// Every section of the history: those of the last version in order, then
/// the removed ones.
pub fn index(history: &History, lang: Lang) -> Vec<IndexItem> {
    (0..history.lineages().len())
        .map(|k| {
            let l = &history.lineages()[k];
            let (last, s) = l.last();
            let section = history.section(last, s);
            let (number, title) = if section.level == 0 {
                (None, label(lang, "preamble").to_owned())
            } else {
                (
                    view::display_number(section.heading(), section.title(), section.number()),
                    section.title().to_owned(),
                )
            };
            let first = l.first();
            IndexItem {
                key: l.key.clone(),
                level: section.level,
                number,
                title,
                changes: history.event_count(k),
                current: history.is_last(last),
                added_in: (first > 0).then_some(first),
                removed_in: (last + 1 < history.points().len()).then_some(last + 1),
            }
        })
        .collect()
}
