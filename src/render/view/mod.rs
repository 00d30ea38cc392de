//! Typed view models for the HTML templates, built from the comparison model.
//!
//! Templates get these structures and nothing else: every field they show is
//! named here, and every piece of HTML in them (`*_html`) was produced by
//! [`super::redline`], which escapes and sanitizes draft text.
//!
//! This module holds the report's view ([`ReportView`], its sections and
//! contents, built by [`report`]); `changelog` the changelog's, made of
//! reports ([`changelog_chapter`], [`changelog`]); `expediente` the review
//! dossier's ([`expediente`]), which reuses a changelog chapter for its cuadro.

mod changelog;
mod expediente;
mod html;
mod values;

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::labels::{Lang, labels};
use super::redline::{self, Changes, Side};
use crate::document::Bodies;
use crate::model::{ChangeKind, Comparison, Flag, Op, SectionChange, SectionRef, Summary};
use crate::notes::{Note, SourceKind};
use crate::project::{DraftMeta, DraftNote};
use crate::version::short_commit;

pub use changelog::{
    ChangelogView, ChapterRow, ChapterView, PageView, Paper, changelog, changelog_chapter,
};
pub use expediente::{ConsultationState, CuadroPart, ExpedienteInput, ExpedienteView, expediente};
pub use html::Html;
pub use values::report_context;

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
    /// The record of its approval, when the manifest gives one.
    pub approval: Option<crate::manifest::Approval>,
}

impl VersionView {
    pub fn new(cmp_info: &crate::model::VersionInfo, draft: Option<&DraftMeta>) -> VersionView {
        VersionView {
            label: cmp_info.label.clone(),
            title: draft.map(|d| d.title.clone()),
            stage: draft.map(|d| d.stage.clone()),
            date: draft.map(|d| d.date.clone()),
            commit: cmp_info.commit.clone(),
            commit_short: cmp_info
                .commit
                .as_deref()
                .map(|c| short_commit(c).to_owned()),
            sha256: cmp_info.sha256.clone(),
            sections: cmp_info.sections,
            approval: draft.and_then(|d| d.approval.clone()),
        }
    }
}

/// An editors' note, as shown beside its section.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    /// The draft whose notes file holds this note (the draft the change led into).
    pub draft: String,
    pub change: String,
    pub why: String,
    pub source_kind: SourceKind,
    pub source_label: &'static str,
    pub source_name: String,
    pub date: Option<String>,
    pub folios: Vec<String>,
    /// On the site: where each folio's comment is in the consultation report,
    /// relative to the page (empty elsewhere; `None` for a folio not found).
    pub folio_links: Vec<Option<String>>,
}

impl NoteView {
    pub fn new(note: &Note, draft: &str, lang: Lang) -> NoteView {
        let kind_key = serde_json::to_value(note.source.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        NoteView {
            draft: draft.to_owned(),
            change: note.change.clone(),
            why: note.why.clone(),
            source_kind: note.source.kind,
            source_label: super::labels::label(lang, &kind_key),
            source_name: note.source.name.clone(),
            date: note.source.date.clone(),
            folios: note.source.folios.iter().map(|f| f.value.clone()).collect(),
            folio_links: Vec::new(),
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
    /// The heading of the section's old parent, when it moved to another one.
    pub moved_from_parent: Option<String>,
    pub reordered_within: Option<String>,
    pub renamed_from: Option<String>,
    pub renumbered_from: Option<String>,
    pub old_anchor: Option<String>,
    /// Whether the old anchor is free on the page (no section here has it
    /// as its own), so an old link can still land on this section.
    pub old_anchor_free: bool,
    /// For the first section of a run of unchanged ones folded together: its
    /// group in `toc`.
    pub folded_run: Option<usize>,
    pub old_line: Option<usize>,
    pub new_line: Option<usize>,
    pub words_inserted: usize,
    pub words_deleted: usize,
    /// The merged redline of the rendered body.
    pub inline_html: Html,
    /// The old body with its deletions marked; `None` when there is no old
    /// section ("sin correlativo") and when the body is unchanged (shown once).
    pub old_html: Option<Html>,
    /// The new body with its insertions marked; `None` when there is no new
    /// section and when the body is unchanged.
    pub new_html: Option<Html>,
    /// The Markdown source's word diff, when the body changed but its rendering
    /// shows no mark (a link's target, a reference definition, an attribute).
    pub source_diff_html: Option<Html>,
    pub notes: Vec<NoteView>,
    /// On the site: the section's history page, relative to the page.
    pub history_url: Option<String>,
    /// The cuadro comparativo of a changed body: one row per aligned block
    /// (old | new), a block with no counterpart beside "(sin correlativo)".
    pub cuadro: Vec<CuadroRow>,
    /// Columns its tables gained and lost (by their header cells).
    pub columns_added: Vec<String>,
    pub columns_removed: Vec<String>,
    /// Where text of this section went, in other sections.
    pub text_moved_to: Vec<MovedText>,
    /// Where text that arrived in this section came from.
    pub text_moved_from: Vec<MovedText>,
}

/// A row of the cuadro comparativo: a block of the old body beside its
/// counterpart in the new one.
#[derive(Debug, Clone, Serialize)]
pub struct CuadroRow {
    /// `added`, `removed`, `modified` or `unchanged`.
    pub change: &'static str,
    /// The old block with its deletions marked; `None`: no counterpart.
    pub old_html: Option<Html>,
    /// The new block with its insertions marked; `None`: no counterpart.
    pub new_html: Option<Html>,
    /// The old block's text went to another section (its heading).
    pub moved_to: Option<String>,
    /// The new block's text came from another section (its heading).
    pub moved_from: Option<String>,
}

/// The other end of text that moved between sections.
#[derive(Debug, Clone, Serialize)]
pub struct MovedText {
    /// The entry of the comparison at the other end.
    #[serde(skip)]
    pub entry: usize,
    /// Its heading ("2.1.1 Experiencia nacional").
    pub name: String,
    /// Its anchor on this page, when the page shows it.
    pub anchor: Option<String>,
    /// Its page, when another page shows it (a section's history).
    pub url: Option<String>,
    /// How many blocks moved, and their words as they left: both ends of a
    /// move give the same count.
    pub blocks: usize,
    pub words: usize,
    /// Whether words of it changed on the way (both ends say so).
    pub edited: bool,
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
    /// On the site: its navigation around the report (`None` for a report file).
    pub site: Option<SiteFrame>,
    /// What the report was made from, to be checked (`cotejo verify`).
    pub provenance: Option<ProvenanceView>,
}

/// An output's provenance as its page shows it: inert JSON for `cotejo
/// verify`, and the same for readers in the "Verificación" disclosure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvenanceView {
    /// The provenance as JSON safe inside a `<script>` element.
    pub json: String,
    pub tool: String,
    /// The command that makes the output again.
    pub command: String,
    pub versions: Vec<crate::provenance::Origin>,
}

impl From<crate::provenance::Provenance> for ProvenanceView {
    fn from(p: crate::provenance::Provenance) -> ProvenanceView {
        ProvenanceView {
            json: p.to_script_json(),
            tool: p.tool.clone(),
            command: p.command(),
            versions: p.versions,
        }
    }
}

/// What every page of the site shares: where the site's root is from the page
/// (`""` or `"../"`, so every link is relative and the site works from
/// `file://` and any folder), which part of the navigation is current, and the
/// document's title.
#[derive(Debug, Clone, Serialize)]
pub struct SiteFrame {
    pub root: String,
    /// `home`, `drafts`, `comparisons`, `sections`, `consultation` or `search`.
    pub current: &'static str,
    pub document: String,
    /// Whether the site has a consultation report (`consulta.html`).
    pub consultation: bool,
    /// Whether the site has the sections' history pages (`secciones/`).
    pub sections: bool,
    /// The document's language (the manifest's `language`), for the parts of
    /// a page that show its text when the labels are in another language.
    pub doc_lang: Option<String>,
    /// What the site was made from, to be checked (`cotejo verify`).
    pub provenance: Option<ProvenanceView>,
    /// The manifest's `notice`, at the top of every page.
    pub notice: Option<String>,
    /// The latest draft, whose date every page gives as the last update.
    pub latest: Option<LatestDraft>,
    /// The manifest's `license`, in every page's footer.
    pub license: Option<LicenseView>,
    /// This page's own PDF (`cotejo site --pdf`), relative to the page.
    pub pdf: Option<String>,
}

/// The site's latest draft: the date of its last update, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LatestDraft {
    pub title: String,
    pub date: String,
    /// Its page, from the site's root.
    pub url: String,
}

/// The licence of the document's text, as the manifest names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenseView {
    pub name: String,
    /// An `http(s)` link, checked by the manifest's reader.
    pub url: Option<String>,
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

/// The editors' notes by the section they speak of.
pub fn notes_by_section(notes: &[DraftNote<'_>], lang: Lang) -> NotesBySection {
    let mut out = NotesBySection::new();
    for n in notes {
        out.entry((n.note.section.value.clone(), n.note.removed))
            .or_default()
            .push(NoteView::new(n.note, n.draft, lang));
    }
    out
}

/// Everything a report is built from.
pub struct ReportInput<'a> {
    pub lang: Lang,
    pub title: String,
    pub comparison: &'a Comparison,
    /// The two documents the comparison compared (their bodies are shown).
    pub old: &'a dyn Bodies,
    pub new: &'a dyn Bodies,
    pub old_draft: Option<DraftMeta>,
    pub new_draft: Option<DraftMeta>,
    pub notes: NotesBySection,
}

/// The tool and its version, as the report states it.
pub fn tool() -> String {
    format!("cotejo {}", env!("CARGO_PKG_VERSION"))
}

/// One entry of a comparison as the reports show it, for pages that show
/// entries one at a time (a section's history); `anchor` is its id on the page.
pub fn section_view(e: &SectionChange, input: &ReportInput<'_>, anchor: String) -> SectionView {
    section(e, input, anchor)
}

pub fn report(input: ReportInput<'_>) -> ReportView {
    let cmp = input.comparison;
    let mut taken: HashSet<String> = cmp
        .sections
        .iter()
        .filter_map(|e| e.new.as_ref().map(section_anchor))
        .collect();
    let anchors: Vec<String> = cmp
        .sections
        .iter()
        .map(|e| anchor_for(e, &mut taken))
        .collect();
    let mut sections = build_sections(&input, anchors);
    // Moved text links the section at its other end, on this page.
    let anchors: Vec<String> = sections.iter().map(|s| s.anchor.clone()).collect();
    let on_page: HashSet<&str> = anchors.iter().map(String::as_str).collect();
    for s in &mut sections {
        for m in s
            .text_moved_to
            .iter_mut()
            .chain(s.text_moved_from.iter_mut())
        {
            m.anchor = anchors.get(m.entry).cloned();
        }
        s.old_anchor_free = s
            .old_anchor
            .as_deref()
            .is_some_and(|a| !on_page.contains(a));
    }
    let toc = toc(&sections);
    // Each folded run found once here, not by the template for each section.
    let mut at = 0;
    for (k, group) in toc.iter().enumerate() {
        if group.folded {
            sections[at].folded_run = Some(k);
        }
        at += group.items.len();
    }
    ReportView {
        lang: input.lang,
        t: labels(input.lang),
        tool: tool(),
        title: input.title.clone(),
        old: VersionView::new(&cmp.old, input.old_draft.as_ref()),
        new: VersionView::new(&cmp.new, input.new_draft.as_ref()),
        summary: cmp.summary,
        changed_sections: sections.iter().filter(|s| s.changed).count(),
        toc,
        sections,
        site: None,
        provenance: None,
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

/// Anchors are the section ids; the preamble's is `preambulo`. The page's own
/// ids all start with `_`, so an id a draft wrote with one (`{#_cambios}`) is
/// prefixed: a draft cannot take over the page's anchors.
pub fn section_anchor(r: &SectionRef) -> String {
    anchor_of_id(&r.id)
}

/// The anchor of a section whose id is `id` (empty for the preamble), by the
/// rule of [`section_anchor`]: the same on every page that shows the section.
pub fn anchor_of_id(id: &str) -> String {
    if id.is_empty() {
        "preambulo".to_owned()
    } else if id.starts_with('_') || RESERVED_IDS.contains(&id) {
        format!("s-{id}")
    } else {
        id.to_owned()
    }
}

/// Ids the report's own controls use (besides those starting with `_`).
pub const RESERVED_IDS: &[&str] = &["view-inline", "view-side", "hide-formatting"];

fn parent_heading(r: &SectionRef) -> Option<&str> {
    r.path.len().checked_sub(2).map(|p| &*r.path[p])
}

/// Renders every section's redlines, spread over the machine's cores (each
/// section is independent; results keep the comparison's order).
fn build_sections(input: &ReportInput<'_>, anchors: Vec<String>) -> Vec<SectionView> {
    let entries: Vec<(&SectionChange, String)> =
        input.comparison.sections.iter().zip(anchors).collect();
    crate::parallel::map_owned(entries, 64, |(e, a)| section(e, input, a))
}

/// Where the moved text of entry `e` went and where its arrived text came
/// from, by the entry at the other end, in the order the blocks appear.
/// The heading of the section at the other end of moved text (see
/// [`Comparison::moved_end`]); the preamble by its label.
fn moved_end_name(input: &ReportInput<'_>, place: crate::model::Place, went: bool) -> String {
    match input.comparison.moved_end(place.section, went) {
        Some(r) if r.level == 0 => super::labels::label(input.lang, "preamble").to_owned(),
        Some(r) => r.heading.to_string(),
        None => String::new(),
    }
}

fn moved_text(e: &SectionChange, input: &ReportInput<'_>) -> (Vec<MovedText>, Vec<MovedText>) {
    let (mut to, mut from): (Vec<MovedText>, Vec<MovedText>) = (Vec::new(), Vec::new());
    for b in e.blocks.iter().flatten() {
        let ends = [
            (b.moved_to, &mut to, true),
            (b.moved_from, &mut from, false),
        ];
        for (place, list, went) in ends {
            let Some(p) = place else {
                continue;
            };
            // The text as it left and as it arrived: this block on one side,
            // the block at the other end on the other.
            let other = input
                .comparison
                .sections
                .get(p.section)
                .and_then(|o| Some((o, o.blocks.as_ref()?.get(p.block)?)));
            let (left, arrived) = if went {
                (
                    block_text(input, e, b, true),
                    other.and_then(|(o, ob)| block_text(input, o, ob, false)),
                )
            } else {
                (
                    other.and_then(|(o, ob)| block_text(input, o, ob, true)),
                    block_text(input, e, b, false),
                )
            };
            let words = left
                .or(arrived)
                .map_or(0, crate::compare::tokens::count_words);
            let edited = match (left, arrived) {
                (Some(l), Some(a)) => !l.split_whitespace().eq(a.split_whitespace()),
                _ => false,
            };
            match list.iter_mut().find(|m| m.entry == p.section) {
                Some(m) => {
                    m.blocks += 1;
                    m.words += words;
                    m.edited |= edited;
                }
                None => {
                    list.push(MovedText {
                        entry: p.section,
                        name: moved_end_name(input, p, went),
                        anchor: None,
                        url: None,
                        blocks: 1,
                        words,
                        edited,
                    });
                }
            }
        }
    }
    (to, from)
}

/// The text of block `b` of entry `e`, in the old body or the new.
fn block_text<'a>(
    input: &ReportInput<'a>,
    e: &SectionChange,
    b: &crate::model::BlockChange,
    old_side: bool,
) -> Option<&'a str> {
    let (body, range) = if old_side {
        (input.old.body(e.old.as_ref()?.index), b.old?)
    } else {
        (input.new.body(e.new.as_ref()?.index), b.new?)
    };
    body.get(range.range())
}

fn section(e: &SectionChange, input: &ReportInput<'_>, anchor: String) -> SectionView {
    let (text_moved_to, text_moved_from) = moved_text(e, input);
    let shown = e
        .new
        .as_ref()
        .or(e.old.as_ref())
        .expect("an entry has a side");
    // The preamble has no heading: it is named by its label. A heading that is
    // only a number (`Artículo 7`) keeps an empty title.
    let (number, title) = if shown.level == 0 {
        (
            None,
            super::labels::label(input.lang, "preamble").to_owned(),
        )
    } else {
        (
            display_number(&shown.heading, &shown.title, shown.number.as_deref()),
            shown.title.to_string(),
        )
    };
    let mut moved_from = None;
    let mut moved_from_parent = None;
    let mut reordered_within = None;
    if let (Some(o), Some(n)) = (&e.old, &e.new)
        && e.has(Flag::Moved)
    {
        if o.parent_title == n.parent_title {
            reordered_within = parent_heading(n).map(str::to_owned);
        } else {
            moved_from_parent = parent_heading(o).map(str::to_owned);
            moved_from = Some(match (&o.number, parent_heading(o)) {
                (Some(num), Some(p)) => format!("{num} («{p}»)"),
                (Some(num), None) => num.to_string(),
                (None, Some(p)) => format!("«{p}»"),
                (None, None) => o.heading.to_string(),
            });
        }
    }
    let renamed_from = match (&e.old, &e.new) {
        (Some(o), Some(_)) if e.has(Flag::Renamed) => Some(o.heading.to_string()),
        _ => None,
    };
    let renumbered_from = match (&e.old, &e.new) {
        (Some(o), Some(_)) if e.has(Flag::Renumbered) => {
            Some(o.number.as_deref().unwrap_or("—").to_owned())
        }
        _ => None,
    };
    let old_anchor = match (&e.old, &e.new) {
        (Some(o), Some(n)) if o.id != n.id => Some(o.id.to_string()),
        _ => None,
    };
    let old_body = e.old.as_ref().map(|o| input.old.body(o.index));
    let new_body = e.new.as_ref().map(|n| input.new.body(n.index));
    let tokens = e.diff.as_deref().unwrap_or(&[]);
    let changes = Changes::from_tokens(tokens);
    let cuadro = cuadro_rows(e, input, old_body, new_body, &changes);
    let (inline_html, old_html, new_html) = match e.change {
        // An unchanged body is shown once, folded: no cuadro columns for it.
        ChangeKind::Unchanged => {
            let body = new_body.unwrap_or_default();
            (redline::render_side(body, &Side::PLAIN), None, None)
        }
        ChangeKind::Added => {
            let body = new_body.unwrap_or_default();
            let html = redline::render_side(body, &changes.new_side());
            (html.clone(), None, Some(html))
        }
        ChangeKind::Removed => {
            let body = old_body.unwrap_or_default();
            let html = redline::render_side(body, &changes.old_side());
            (html.clone(), Some(html), None)
        }
        // With the cuadro by block, the bodies whole are not needed beside
        // it: not rendered (at 60,000 sections, two renders each for nothing).
        ChangeKind::Modified if !cuadro.is_empty() => {
            let (ob, nb) = (old_body.unwrap_or_default(), new_body.unwrap_or_default());
            (redline::render_merged(ob, nb, tokens), None, None)
        }
        ChangeKind::Modified => {
            let (ob, nb) = (old_body.unwrap_or_default(), new_body.unwrap_or_default());
            (
                redline::render_merged(ob, nb, tokens),
                Some(redline::render_side(ob, &changes.old_side())),
                Some(redline::render_side(nb, &changes.new_side())),
            )
        }
    };
    let (columns_added, columns_removed) = columns_changed(e, old_body, new_body);
    // With the cuadro by block, the bodies whole are not needed beside it.
    let (old_html, new_html) = if cuadro.is_empty() {
        (old_html, new_html)
    } else {
        (None, None)
    };
    let visible_marks = inline_html.contains("<ins") || inline_html.contains("<del");
    // Where the rendering shows no change, the whole source diff; where it
    // shows some, the source lines of the changes it hides (a link's target,
    // a cell beyond the header's columns), else a reader would miss them.
    let source_diff_html = match e.change {
        ChangeKind::Modified if !e.has(Flag::FormattingOnly) && !visible_marks => {
            Some(source_diff(tokens))
        }
        ChangeKind::Modified if !e.has(Flag::FormattingOnly) => redline::hidden_changes(
            old_body.unwrap_or_default(),
            new_body.unwrap_or_default(),
            tokens,
        ),
        _ => None,
    };
    let count = |op: Op| words_of(e, op);
    let notes = match (&e.new, &e.old) {
        (Some(n), _) => input.notes.get(&(n.id.to_string(), false)).cloned(),
        (None, Some(o)) => input.notes.get(&(o.id.to_string(), true)).cloned(),
        _ => None,
    }
    .unwrap_or_default();
    let mut classes = vec![format!("change-{}", e.change.name())];
    classes.extend(e.flags.iter().map(|f| f.name().replace('_', "-")));
    SectionView {
        anchor,
        change: e.change,
        flags: e.flags.clone(),
        classes: classes.join(" "),
        level: shown.level,
        is_preamble: shown.level == 0,
        number,
        title,
        // A section whose only news is its number is listed where it stands,
        // not folded among the unchanged ones: whoever cites by number needs
        // to see "2.1.2 → 2.1.3" (its body stays folded).
        changed: e.is_change() || old_anchor.is_some(),
        body_changed: e.change != ChangeKind::Unchanged,
        moved_from,
        moved_from_parent,
        reordered_within,
        renamed_from,
        renumbered_from,
        old_anchor,
        old_anchor_free: false,
        folded_run: None,
        old_line: e.old.as_ref().map(|o| o.line),
        new_line: e.new.as_ref().map(|n| n.line),
        words_inserted: count(Op::Insert),
        words_deleted: count(Op::Delete),
        inline_html: Html::new(inline_html),
        old_html: old_html.map(Html::new),
        new_html: new_html.map(Html::new),
        source_diff_html: source_diff_html.map(Html::new),
        notes,
        history_url: None,
        cuadro,
        columns_added,
        columns_removed,
        text_moved_to,
        text_moved_from,
    }
}

/// The words an entry wrote (`Op::Insert`) or struck (`Op::Delete`); text
/// that only moved between sections is counted apart (`text_moved_to`,
/// `text_moved_from`), as in the summary.
pub fn words_of(e: &SectionChange, op: Op) -> usize {
    e.diff
        .iter()
        .flatten()
        .filter(|t| t.op == op && !t.moved)
        .map(|t| crate::compare::tokens::count_words(&t.text))
        .sum::<usize>()
        + e.blocks
            .iter()
            .flatten()
            .filter_map(|b| b.diff.as_ref())
            .flatten()
            .filter(|t| t.op == op)
            .map(|t| crate::compare::tokens::count_words(&t.text))
            .sum::<usize>()
}

/// The columns a section's tables gained and lost: the columns of a modified
/// table header that the engine's column map finds on one side only (a
/// renamed column is the same column; a table added or removed whole is not
/// a column change).
fn columns_changed(
    e: &SectionChange,
    old_body: Option<&str>,
    new_body: Option<&str>,
) -> (Vec<String>, Vec<String>) {
    use crate::compare::table;
    let (mut added, mut removed) = (Vec::new(), Vec::new());
    let (Some(ob), Some(nb)) = (old_body, new_body) else {
        return (added, removed);
    };
    let header_cells = |body: &str, r: crate::model::ByteRange| -> Vec<String> {
        let first_line = crate::markdown::lines(&body[r.range()])
            .next()
            .map(crate::markdown::trim_line_end)
            .unwrap_or_default();
        table::cells(first_line)
            .into_iter()
            .map(|c| first_line[c].trim().to_owned())
            .collect()
    };
    for b in e.blocks.iter().flatten() {
        if b.kind != crate::model::BlockKind::TableHeader || b.change != ChangeKind::Modified {
            continue;
        }
        let (Some(o), Some(n)) = (b.old, b.new) else {
            continue;
        };
        let Some(map) = table::header_map(&ob[o.range()], &nb[n.range()]) else {
            continue;
        };
        let (old_cells, new_cells) = (header_cells(ob, o), header_cells(nb, n));
        for column in map {
            match column {
                (None, Some(j)) => added.extend(new_cells.get(j).cloned()),
                (Some(i), None) => removed.extend(old_cells.get(i).cloned()),
                _ => {}
            }
        }
    }
    added.retain(|c| !c.is_empty());
    removed.retain(|c| !c.is_empty());
    (added, removed)
}

/// One row per aligned block of a changed body, each side rendered alone
/// with the changes that fall in it.
fn cuadro_rows(
    e: &SectionChange,
    input: &ReportInput<'_>,
    old_body: Option<&str>,
    new_body: Option<&str>,
    changes: &Changes,
) -> Vec<CuadroRow> {
    let Some(blocks) = e
        .blocks
        .as_ref()
        .filter(|_| e.change != ChangeKind::Unchanged)
    else {
        return Vec::new();
    };
    let name_of = |p: crate::model::Place, went: bool| moved_end_name(input, p, went);
    // The tables' header rows on each side, found once for all the rows.
    let headers = |old_side: bool| -> Vec<crate::model::ByteRange> {
        blocks
            .iter()
            .filter(|b| b.kind == crate::model::BlockKind::TableHeader)
            .filter_map(|b| if old_side { b.old } else { b.new })
            .collect()
    };
    let (old_headers, new_headers) = (headers(true), headers(false));
    blocks
        .iter()
        .map(|b| {
            let side = |body: Option<&str>,
                        range: Option<crate::model::ByteRange>,
                        marks: Side<'_>,
                        headers: &[crate::model::ByteRange]| {
                let (body, range) = (body?, range?.range());
                Some(Html::new(render_block(body, range, b.kind, headers, marks)))
            };
            CuadroRow {
                change: b.change.name(),
                old_html: side(old_body, b.old, changes.old_side(), &old_headers),
                new_html: side(new_body, b.new, changes.new_side(), &new_headers),
                moved_to: b.moved_to.map(|p| name_of(p, true)),
                moved_from: b.moved_from.map(|p| name_of(p, false)),
            }
        })
        .collect()
}

/// A block of `body` rendered alone, with the marks of `side` that fall in
/// it. A table row is rendered under its table's header (hidden by the
/// page's CSS) so that it reads as a row of cells.
fn render_block(
    body: &str,
    range: std::ops::Range<usize>,
    kind: crate::model::BlockKind,
    headers: &[crate::model::ByteRange],
    side: Side<'_>,
) -> String {
    // The nearest table header before the row, on the same side.
    let header = (kind == crate::model::BlockKind::TableRow)
        .then(|| {
            headers
                .iter()
                .filter(|h| h.end <= range.start)
                .max_by_key(|h| h.end)
                .copied()
        })
        .flatten();
    let prefix = header.map_or(String::new(), |h| format!("{}\n", &body[h.range()]));
    let text = format!("{prefix}{}", &body[range.clone()]);
    let shift = prefix.len();
    // The ranges that fall in the block, moved to the block's own text.
    let inside = |ranges: &[std::ops::Range<usize>]| -> Vec<std::ops::Range<usize>> {
        ranges
            .iter()
            .filter_map(|m| {
                let (a, b) = (m.start.max(range.start), m.end.min(range.end));
                (a < b).then(|| a - range.start + shift..b - range.start + shift)
            })
            .collect()
    };
    let (changed, moved) = (inside(side.changed), inside(side.moved));
    let html = redline::render_excerpt(
        &text,
        &Side {
            changed: &changed,
            moved: &moved,
            mark: side.mark,
        },
    );
    if header.is_some() {
        format!("<div class=\"row-alone\">{html}</div>")
    } else {
        html
    }
}

/// The tokens as escaped Markdown source, changes marked.
fn source_diff(tokens: &[crate::model::DiffToken]) -> String {
    let mut out = String::new();
    for t in tokens {
        let text = redline::escape(&t.text);
        match t.op {
            Op::Equal => out.push_str(&text),
            Op::Insert => out.push_str(&format!("<ins>{text}</ins>")),
            Op::Delete => out.push_str(&format!("<del>{text}</del>")),
        }
    }
    out
}

/// The numbering prefix as the heading writes it (`5.` in `5. Ejes`, where the
/// model's number is `5`), for display.
pub fn display_number(heading: &str, title: &str, number: Option<&str>) -> Option<String> {
    let number = number?;
    match heading.strip_suffix(title).map(str::trim_end) {
        Some(p) if !p.is_empty() && p.starts_with(number) => Some(
            p.trim_end_matches(['-', '–', '—', ':'])
                .trim_end()
                .to_owned(),
        ),
        _ => Some(number.to_owned()),
    }
}
