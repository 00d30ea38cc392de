//! The review dossier's view (`cotejo expediente`): what a council member
//! reads before voting on one draft — a cover, the clean text, the cuadro
//! comparativo from the text put to consultation, the trace of every change
//! since the first draft with its note (or the gap where none explains it),
//! and the response to the comments received. Laid out for paper on the
//! changelog's grid ([`PageView`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{ChapterView, NoteView, PageView, Paper, ProvenanceView, VersionView};
use crate::document::Document;
use crate::history::History;
use crate::model::{ChangeKind, SectionChange};
use crate::notes::{ConsultationFile, Note, Outcome, Participant};
use crate::render::labels::{Lang, label, labels};
use crate::render::redline::{self, Side};

/// One section of the clean text.
#[derive(Debug, Clone, Serialize)]
pub struct TextSection {
    pub anchor: String,
    /// The HTML heading level (`h3`…`h6`: the dossier's own headings take 1 and 2).
    pub h: u8,
    pub is_preamble: bool,
    pub number: Option<String>,
    pub title: String,
    /// The body rendered, no marks ([`redline::render_side`] escapes and sanitizes it).
    pub html: String,
}

/// The cuadro comparativo of the dossier: the text put to consultation (or
/// the draft before the one under review) against the one under review.
#[derive(Debug, Clone, Serialize)]
pub struct CuadroPart {
    /// Whether `chapter.old` is the draft the consultation commented on
    /// (else it is the draft before the one under review).
    pub from_consultation: bool,
    pub chapter: ChapterView,
}

/// One step of a section's life: from one draft to the next.
#[derive(Debug, Clone, Serialize)]
pub struct TraceStep {
    /// "Tercer borrador → Cuarto borrador".
    pub transition: String,
    /// What happened: "Modificada, renombrada".
    pub change: String,
    pub words_inserted: usize,
    pub words_deleted: usize,
    pub notes: Vec<NoteView>,
    /// No note explains the change: a gap in the record.
    pub gap: bool,
}

/// A section that changed at least once since the first draft.
#[derive(Debug, Clone, Serialize)]
pub struct TraceSection {
    pub anchor: String,
    pub number: Option<String>,
    pub title: String,
    /// The section is not in the version under review (removed on the way).
    pub removed: bool,
    pub steps: Vec<TraceStep>,
}

/// Participants of one kind and how many comments they sent.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantCount {
    pub label: &'static str,
    pub comments: usize,
    /// The organisations of this kind that the consultation file names,
    /// sorted, each once (never persons).
    pub names: Vec<String>,
}

/// One comment of the consultation, as the response table shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CommentRow {
    pub folio: String,
    pub anchor: String,
    pub date: String,
    /// The participant's kind, and an organisation's name when the file
    /// gives one: a person is never named.
    pub promovente: String,
    /// The commented section of the consulted draft ("2.1 Antecedentes").
    pub section: String,
    pub text: String,
    pub response: String,
    pub outcome: &'static str,
    pub outcome_label: &'static str,
}

/// The *Respuesta a los comentarios recibidos*.
#[derive(Debug, Clone, Serialize)]
pub struct RespuestaView {
    pub title: String,
    pub opened: String,
    pub closed: String,
    /// The draft put to consultation and the one that answers it (titles).
    pub draft: String,
    pub result: String,
    /// The consultation file's own paragraph, else a neutral sentence.
    pub legal_basis: String,
    /// The session that approved the answers, when the file says.
    pub answers_approved: Option<String>,
    pub participants: Vec<ParticipantCount>,
    pub outcomes: Vec<ParticipantCount>,
    pub comments: Vec<CommentRow>,
    /// The folios not accepted, with their reasons (the response).
    pub not_accepted: Vec<CommentRow>,
}

/// What the dossier says of the consultation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsultationState {
    /// The response to the comments is shown.
    Shown,
    /// The manifest declares no consultation.
    None,
    /// The consultation commented on this draft, a later one or one the
    /// manifest does not have: its response is not part of this draft's record.
    Later,
}

/// The whole dossier.
#[derive(Debug, Clone, Serialize)]
pub struct ExpedienteView {
    pub lang: Lang,
    pub t: BTreeMap<&'static str, &'static str>,
    pub tool: String,
    pub title: String,
    pub paper: Paper,
    pub page: PageView,
    pub running_head: String,
    /// The version under review.
    pub version: VersionView,
    /// The drafts from the first to the one under review.
    pub drafts: Vec<VersionView>,
    /// The approval record of the version under review (the manifest's
    /// `approval`); `None` while it is pending.
    pub approval: Option<crate::manifest::Approval>,
    pub text: Vec<TextSection>,
    /// `None` when the version under review is the first draft.
    pub cuadro: Option<CuadroPart>,
    pub trace: Vec<TraceSection>,
    /// How many steps of the trace have no note.
    pub gaps: usize,
    /// `None` unless `consultation` is [`ConsultationState::Shown`].
    pub respuesta: Option<RespuestaView>,
    pub consultation: ConsultationState,
    pub provenance: Option<ProvenanceView>,
}

/// Everything the dossier is built from.
pub struct ExpedienteInput<'a> {
    pub lang: Lang,
    pub title: String,
    pub paper: Paper,
    pub version: VersionView,
    /// The drafts from the first to the one under review.
    pub drafts: Vec<VersionView>,
    pub document: &'a Document,
    pub cuadro: Option<CuadroPart>,
    /// The drafts from the first to the one under review.
    pub history: &'a History,
    /// Each draft's title, by id (the trace names steps by them).
    pub draft_titles: BTreeMap<String, String>,
    /// Each draft's notes, by id.
    pub notes: BTreeMap<String, &'a [Note]>,
    pub consultation: Option<&'a ConsultationFile>,
    /// The draft the consultation commented on, when the manifest has it.
    pub consulted: Option<&'a Document>,
    pub consultation_state: ConsultationState,
}

/// The dossier's view.
pub fn expediente(input: ExpedienteInput<'_>) -> ExpedienteView {
    let lang = input.lang;
    let mut trace = trace(&input);
    let gaps = trace
        .iter()
        .flat_map(|s| &s.steps)
        .filter(|s| s.gap)
        .count();
    let respuesta = input
        .consultation
        .map(|c| respuesta(c, input.consulted, &input.draft_titles, lang));
    let mut cuadro = input.cuadro;
    if let Some(r) = &respuesta {
        let trace_notes = trace
            .iter_mut()
            .flat_map(|s| &mut s.steps)
            .flat_map(|st| &mut st.notes);
        let cuadro_notes = cuadro
            .iter_mut()
            .flat_map(|c| &mut c.chapter.rows)
            .flat_map(|row| &mut row.sections)
            .flat_map(|s| &mut s.notes);
        link_folios(trace_notes.chain(cuadro_notes), r);
    }
    let version_name = input
        .version
        .title
        .clone()
        .unwrap_or_else(|| input.version.label.clone());
    ExpedienteView {
        lang,
        t: labels(lang),
        tool: super::tool(),
        title: input.title,
        paper: input.paper,
        page: PageView::new(input.paper),
        running_head: format!("{} — {version_name}", label(lang, "dossier_title")),
        approval: input.version.approval.clone(),
        text: clean_text(input.document, lang),
        cuadro,
        trace,
        gaps,
        respuesta,
        consultation: input.consultation_state,
        version: input.version,
        drafts: input.drafts,
        provenance: None,
    }
}

/// The section's number and title as the dossier shows them (the preamble
/// by its label).
fn name_of(doc: &Document, k: usize, lang: Lang) -> (Option<String>, String) {
    let s = &doc.sections()[k];
    name_parts(s.level, &s.heading, &s.title, s.number.as_deref(), lang)
}

/// [`name_of`] from the parts of a heading.
fn name_parts(
    level: u8,
    heading: &str,
    title: &str,
    number: Option<&str>,
    lang: Lang,
) -> (Option<String>, String) {
    if level == 0 {
        return (None, label(lang, "preamble").to_owned());
    }
    (
        super::display_number(heading, title, number),
        title.to_owned(),
    )
}

fn clean_text(doc: &Document, lang: Lang) -> Vec<TextSection> {
    doc.sections()
        .iter()
        // A blank preamble has nothing to show.
        .filter(|s| s.level > 0 || !doc.body(s.index).trim().is_empty())
        .map(|s| {
            let (number, title) = name_of(doc, s.index, lang);
            TextSection {
                anchor: super::anchor_of_id(&s.id),
                h: (s.level.max(1) + 2).min(6),
                is_preamble: s.level == 0,
                number,
                title,
                html: redline::render_side(doc.body(s.index), &Side::PLAIN),
            }
        })
        .collect()
}

/// "Modificada, renombrada": the change of an entry and its flags.
fn change_words(e: &SectionChange, lang: Lang) -> String {
    let mut words = Vec::new();
    if e.change != ChangeKind::Unchanged {
        words.push(label(lang, e.change.name()).to_owned());
    }
    words.extend(e.flags.iter().map(|f| label(lang, f.name()).to_lowercase()));
    let mut line = words.join(", ");
    if let Some(first) = line.get(..1) {
        // Capitalize the first word of a line that starts with a flag.
        let upper = first.to_uppercase();
        line.replace_range(..first.len(), &upper);
    }
    line
}

/// The notes that explain an entry of the step into draft `draft`: by the
/// section's id in that draft, or for a removed section by its old id.
fn notes_for(e: &SectionChange, notes: &[Note], draft: &str, lang: Lang) -> Vec<NoteView> {
    notes
        .iter()
        .filter(|n| match (&e.new, &e.old) {
            (Some(new), _) => !n.removed && *n.section.value == *new.id,
            (None, Some(old)) => n.removed && *n.section.value == *old.id,
            (None, None) => false,
        })
        .map(|n| NoteView::new(n, draft, lang))
        .collect()
}

/// Every section that changed since the first draft, each step with its
/// notes; a step no note explains is a gap. A new number alone (a section
/// added before it) is not a change of the section and is left out.
fn trace(input: &ExpedienteInput<'_>) -> Vec<TraceSection> {
    let (h, lang) = (input.history, input.lang);
    let points = h.points();
    let name = |p: usize| {
        let id = points.draft(p).unwrap_or_default().to_owned();
        input.draft_titles.get(&id).cloned().unwrap_or(id)
    };
    let last = points.len().saturating_sub(1);
    let mut out = Vec::new();
    for (k, lineage) in h.lineages().iter().enumerate() {
        let events: Vec<_> = h
            .events(k)
            .into_iter()
            .filter(|e| e.change.needs_note())
            .collect();
        if events.is_empty() {
            continue;
        }
        let (p, s) = lineage.last();
        let head = h.section(p, s);
        let (number, title) = name_parts(
            head.level,
            head.heading(),
            head.title(),
            head.number(),
            lang,
        );
        let steps = events
            .iter()
            .map(|ev| {
                let draft = points.draft(ev.step + 1).unwrap_or_default().to_owned();
                let notes = input.notes.get(&draft).copied().unwrap_or_default();
                let notes = notes_for(&ev.change, notes, &draft, lang);
                TraceStep {
                    transition: format!("{} → {}", name(ev.step), name(ev.step + 1)),
                    change: change_words(&ev.change, lang),
                    words_inserted: super::words_of(&ev.change, crate::model::Op::Insert),
                    words_deleted: super::words_of(&ev.change, crate::model::Op::Delete),
                    gap: notes.is_empty(),
                    notes,
                }
            })
            .collect();
        out.push(TraceSection {
            anchor: format!("_traza-{}", lineage.key),
            number,
            title,
            removed: p != last,
            steps,
        });
    }
    out
}

/// Links each folio of `notes` to its row of the response table, when the
/// table has it.
fn link_folios<'n>(notes: impl Iterator<Item = &'n mut NoteView>, respuesta: &RespuestaView) {
    let rows: BTreeMap<&str, &str> = respuesta
        .comments
        .iter()
        .map(|k| (k.folio.as_str(), k.anchor.as_str()))
        .collect();
    for note in notes {
        note.folio_links = note
            .folios
            .iter()
            .map(|f| rows.get(f.as_str()).map(|a| format!("#{a}")))
            .collect();
    }
}

/// An enum's kebab-case name, as its YAML writes it: also its label's key.
fn key_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

const PARTICIPANTS: [Participant; 5] = [
    Participant::OrganizacionSociedadCivil,
    Participant::Academia,
    Participant::SujetoObligado,
    Participant::Empresa,
    Participant::Persona,
];

const OUTCOMES: [Outcome; 3] = [
    Outcome::Procedente,
    Outcome::ParcialmenteProcedente,
    Outcome::NoProcedente,
];

/// The organisation a comment names, never a person's name: a comment of
/// `participant: persona` shows none, whatever the file says.
fn organization(comment: &crate::notes::Comment) -> Option<String> {
    comment
        .organization
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty() && comment.participant != Participant::Persona)
        .map(str::to_owned)
}

/// The folio's anchor on the page: the dossier's own ids start with `_`.
fn folio_anchor(folio: &str) -> String {
    let id: String = folio
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    format!("_folio-{id}")
}

fn respuesta(
    file: &ConsultationFile,
    consulted: Option<&Document>,
    draft_titles: &BTreeMap<String, String>,
    lang: Lang,
) -> RespuestaView {
    let c = &file.consultation;
    let title_of = |id: &str| {
        draft_titles
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    };
    let count =
        |f: &dyn Fn(&crate::notes::Comment) -> bool| file.comments.iter().filter(|k| f(k)).count();
    let participants = PARTICIPANTS
        .iter()
        .map(|p| {
            let names: BTreeSet<String> = file
                .comments
                .iter()
                .filter(|k| k.participant == *p)
                .filter_map(organization)
                .collect();
            ParticipantCount {
                label: label(lang, &key_of(p)),
                comments: count(&|k| k.participant == *p),
                names: names.into_iter().collect(),
            }
        })
        .filter(|p| p.comments > 0)
        .collect();
    let outcomes = OUTCOMES
        .iter()
        .map(|o| ParticipantCount {
            label: label(lang, &key_of(o)),
            comments: count(&|k| k.outcome == *o),
            names: Vec::new(),
        })
        .collect();
    let comments: Vec<CommentRow> = file
        .comments
        .iter()
        .map(|k| {
            let id = &k.section.value;
            let section = match consulted.and_then(|d| d.find_id(id).map(|s| (d, s))) {
                Some((d, s)) => match name_of(d, s, lang) {
                    (Some(n), t) => format!("{n} {t}"),
                    (None, t) => t,
                },
                None => id.clone(),
            };
            CommentRow {
                folio: k.folio.value.clone(),
                anchor: folio_anchor(&k.folio.value),
                date: k.date.value.clone(),
                promovente: match organization(k) {
                    Some(name) => format!("{}: {name}", label(lang, &key_of(&k.participant))),
                    None => label(lang, &key_of(&k.participant)).to_owned(),
                },
                section,
                text: k.text.clone(),
                response: k.response.clone(),
                outcome: crate::render::labels::key(&key_of(&k.outcome)).unwrap_or(""),
                outcome_label: label(lang, &key_of(&k.outcome)),
            }
        })
        .collect();
    let not_accepted = file
        .comments
        .iter()
        .zip(&comments)
        .filter(|(k, _)| !k.outcome.accepted())
        .map(|(_, row)| row.clone())
        .collect();
    RespuestaView {
        title: c.title.clone(),
        opened: c.opened.clone(),
        closed: c.closed.clone(),
        draft: title_of(&c.draft.value),
        result: title_of(&c.result.value),
        legal_basis: c
            .legal_basis
            .clone()
            .unwrap_or_else(|| label(lang, "legal_basis_default").to_owned()),
        answers_approved: c.answers_approved.clone(),
        participants,
        outcomes,
        comments,
        not_accepted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folio_anchors_are_the_pages_own() {
        assert_eq!(folio_anchor("CP-0001"), "_folio-CP-0001");
        assert_eq!(folio_anchor("CP 1"), "_folio-CP-1");
    }
}
