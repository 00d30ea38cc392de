//! The changelog's view: the whole history declared in the manifest, a
//! chapter per transition built from that transition's report, laid out for
//! paper ([`Paper`], [`PageView`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{ReportView, SectionView, VersionView, tool};
use crate::model::Summary;
use crate::render::labels::{Lang, labels};

/// The paper of the changelog (`--paper`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// US Letter, 8.5 × 11 in (the default in Mexico).
    #[default]
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

/// The geometry of a printed page, in CSS pixels (1/96 in), built so that the
/// text area holds a whole number of lines: every line of text then sits on
/// the grid that the line numbers in the margin follow.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// `@page { size: … }`.
    pub size: &'static str,
    pub margin_top: String,
    pub margin_bottom: String,
    pub margin_left: String,
    pub margin_right: String,
    /// The line unit: every line box, margin and padding is a multiple of it.
    pub line: String,
    /// Lines in the text area of one page (the numbers in the margin).
    pub lines: Vec<usize>,
}

/// The line unit in CSS pixels (13.5 pt) and the text area's top margin.
const LINE_PX: f64 = 18.0;
const MARGIN_TOP_PX: f64 = 76.0;
const MIN_MARGIN_BOTTOM_PX: f64 = 68.0;

impl PageView {
    pub fn new(paper: Paper) -> PageView {
        let (size, width, height) = match paper {
            Paper::Letter => ("letter", 816.0, 1056.0),
            // 210 × 297 mm at 96 px per inch, exactly: a page area even a
            // hundredth of a pixel taller than its lines lets a row broken
            // across pages shift the rest of the page off the grid.
            Paper::A4 => ("A4", 793.7008, 1122.5197),
        };
        let lines = ((height - MARGIN_TOP_PX - MIN_MARGIN_BOTTOM_PX) / LINE_PX).floor();
        let bottom = height - MARGIN_TOP_PX - lines * LINE_PX;
        let side = if width < 800.0 { 60.0 } else { 64.0 };
        let px = |v: f64| format!("{}px", (v * 10000.0).round() / 10000.0);
        PageView {
            size,
            margin_top: px(MARGIN_TOP_PX),
            margin_bottom: px(bottom),
            margin_left: px(side),
            margin_right: px(side),
            line: px(LINE_PX),
            lines: (1..=lines as usize).collect(),
        }
    }
}

/// One transition of the changelog: the comparison of two consecutive drafts.
#[derive(Debug, Clone, Serialize)]
pub struct ChapterView {
    /// `t1`, `t2`…: the prefix of the chapter's anchors and its named page.
    pub id: String,
    pub number: usize,
    /// "Del Primer borrador al Segundo borrador".
    pub heading: String,
    /// The running head of its pages (beside the document's title): the two drafts.
    pub running_head: String,
    pub old: VersionView,
    pub new: VersionView,
    pub summary: Summary,
    pub changed_sections: usize,
    /// Every section in order; runs of unchanged ones folded into one row.
    pub rows: Vec<ChapterRow>,
}

/// A changed section, or a run of unchanged sections shown as "…".
#[derive(Debug, Clone, Serialize)]
pub struct ChapterRow {
    pub folded: bool,
    pub sections: Vec<SectionView>,
}

/// The whole history declared in the manifest, for paper.
#[derive(Debug, Clone, Serialize)]
pub struct ChangelogView {
    pub lang: Lang,
    pub t: BTreeMap<&'static str, &'static str>,
    pub tool: String,
    pub title: String,
    pub paper: Paper,
    pub page: PageView,
    /// The running head of the front matter (beside the title): first → last draft.
    pub running_head: String,
    /// The drafts, oldest first.
    pub drafts: Vec<VersionView>,
    pub chapters: Vec<ChapterView>,
    /// What the changelog was made from, to be checked (`cotejo verify`).
    pub provenance: Option<super::ProvenanceView>,
}

/// "Del Primer borrador al Segundo borrador" (or the labels, for versions that
/// are not drafts of the manifest).
fn transition_heading(lang: Lang, old: &VersionView, new: &VersionView) -> String {
    crate::render::labels::transition(lang, &draft_name(old), &draft_name(new))
}

/// A draft's title ("Segundo borrador"), else its label.
fn draft_name(v: &VersionView) -> String {
    v.title.clone().unwrap_or_else(|| v.label.clone())
}

/// A chapter of the changelog from the report of one transition.
pub fn changelog_chapter(number: usize, report: ReportView) -> ChapterView {
    let ReportView {
        lang,
        old,
        new,
        summary,
        sections,
        changed_sections,
        ..
    } = report;
    let mut rows: Vec<ChapterRow> = Vec::new();
    for s in sections {
        match rows.last_mut() {
            Some(r) if r.folded && !s.changed => r.sections.push(s),
            _ => rows.push(ChapterRow {
                folded: !s.changed,
                sections: vec![s],
            }),
        }
    }
    ChapterView {
        id: format!("t{number}"),
        number,
        heading: transition_heading(lang, &old, &new),
        running_head: format!("{} → {}", draft_name(&old), draft_name(&new)),
        old,
        new,
        summary,
        changed_sections,
        rows,
    }
}

/// The changelog from its chapters, oldest transition first.
pub fn changelog(
    lang: Lang,
    title: String,
    paper: Paper,
    chapters: Vec<ChapterView>,
) -> ChangelogView {
    let mut drafts: Vec<VersionView> = Vec::new();
    for c in &chapters {
        if drafts.is_empty() {
            drafts.push(c.old.clone());
        }
        drafts.push(c.new.clone());
    }
    let running_head = match (drafts.first(), drafts.last()) {
        (Some(first), Some(last)) => format!("{} → {}", draft_name(first), draft_name(last)),
        _ => String::new(),
    };
    ChangelogView {
        lang,
        t: labels(lang),
        tool: tool(),
        title,
        paper,
        page: PageView::new(paper),
        running_head,
        drafts,
        chapters,
        provenance: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_area_holds_whole_lines() {
        for (paper, height, lines) in [(Paper::Letter, 1056.0, 50), (Paper::A4, 1122.5197, 54)] {
            let page = PageView::new(paper);
            assert_eq!(page.lines.len(), lines, "{paper:?}");
            let px = |s: &str| s.trim_end_matches("px").parse::<f64>().unwrap();
            let text = height - px(&page.margin_top) - px(&page.margin_bottom);
            assert!(
                (text - lines as f64 * LINE_PX).abs() < 0.0001,
                "{paper:?}: {text}"
            );
            assert!(px(&page.margin_bottom) >= MIN_MARGIN_BOTTOM_PX);
        }
    }
}
