//! The consultation report (`consulta.html`): the comments counted by
//! outcome, by chapter and by section, and each comment with its response and
//! the change it led to.

use std::collections::BTreeMap;

use serde::Serialize;

use super::drafts::name_of;
use super::frame::folio_anchor;
use super::{PageBase, SiteDrafts};
use crate::document::Document;
use crate::notes::{ConsultationFile, Outcome};
use crate::render::labels::{Lang, label};
use crate::render::view::anchor_of_id;

#[derive(Serialize)]
pub(super) struct ConsultationPage {
    #[serde(flatten)]
    base: PageBase,
    consultation: ConsultationHead,
    outcomes: Vec<OutcomeCount>,
    total: usize,
    chapters: Vec<ChapterCount>,
    comments: Vec<CommentView>,
    open_data: OpenData,
}

/// The consultation as open data: its files and their columns.
#[derive(Serialize)]
struct OpenData {
    csv: &'static str,
    json: &'static str,
    columns: Vec<super::open_data::ColumnView>,
}

#[derive(Serialize)]
struct ConsultationHead {
    title: String,
    opened: String,
    closed: String,
    draft_title: String,
    draft_url: Option<String>,
    result_title: String,
    result_url: Option<String>,
    compare_url: Option<String>,
}

#[derive(Serialize)]
struct OutcomeCount {
    key: &'static str,
    label: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct ChapterCount {
    key: String,
    name: String,
    /// By outcome, in the order of [`OUTCOMES`].
    counts: Vec<usize>,
    total: usize,
    sections: Vec<SectionCount>,
}

#[derive(Serialize)]
struct SectionCount {
    id: String,
    name: String,
    count: usize,
}

#[derive(Serialize)]
struct CommentView {
    folio: String,
    anchor: String,
    /// The anchor as a link's fragment.
    href: String,
    date: String,
    participant_label: &'static str,
    section: String,
    section_name: String,
    section_url: Option<String>,
    chapter_name: String,
    text: String,
    outcome: &'static str,
    outcome_label: &'static str,
    response: String,
    /// The change it led to: its section in the comparison of the consulted
    /// draft and the one that answers it, when that section changed.
    change_url: Option<String>,
}

/// The outcomes, in the order the report counts them.
pub const OUTCOMES: [Outcome; 3] = [
    Outcome::Procedente,
    Outcome::ParcialmenteProcedente,
    Outcome::NoProcedente,
];

/// An enum's kebab-case name, as its YAML writes it.
fn key_of<T: Serialize>(value: &T) -> &'static str {
    let name = serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    // The names are a handful of constants: find the label table's own copy.
    let key = crate::render::labels::key(&name);
    debug_assert!(key.is_some(), "no label has the key `{name}`");
    key.unwrap_or("")
}

/// The chapter of each section of `doc`: its ancestor at the shallowest
/// heading level that occurs more than once (so a lone title heading over the
/// whole document is not a chapter). A section above that level, or the
/// preamble, has no chapter (`None`).
pub fn chapters(doc: &Document) -> Vec<Option<usize>> {
    let sections = doc.sections();
    let level = (1..=6u8).find(|l| sections.iter().filter(|s| s.level == *l).count() > 1);
    sections
        .iter()
        .map(|s| {
            let level = level?;
            let mut at = Some(s.index);
            while let Some(k) = at {
                let here = &sections[k];
                if here.level == level {
                    return Some(k);
                }
                if here.level < level {
                    return None;
                }
                at = here.parent;
            }
            None
        })
        .collect()
}

pub(super) fn consultation_page(
    file: &ConsultationFile,
    drafts: &SiteDrafts<'_>,
    base: PageBase,
    pair: Option<(usize, usize)>,
    anchors: &BTreeMap<String, (String, bool)>,
) -> ConsultationPage {
    let lang = base.lang;
    let c = &file.consultation;
    let draft_k = drafts.position(&c.draft.value);
    let result_k = drafts.position(&c.result.value);
    let title_of = |k: Option<usize>, id: &str| {
        k.map_or_else(|| id.to_owned(), |k| drafts.drafts[k].meta.title.clone())
    };
    let head = ConsultationHead {
        title: c.title.clone(),
        opened: c.opened.clone(),
        closed: c.closed.clone(),
        draft_title: title_of(draft_k, &c.draft.value),
        draft_url: draft_k.map(|k| drafts.draft_url(k)),
        result_title: title_of(result_k, &c.result.value),
        result_url: result_k.map(|k| drafts.draft_url(k)),
        compare_url: pair.map(|(i, j)| drafts.comparison_url(i, j)),
    };
    let doc = draft_k.map(|k| &drafts.drafts[k].version.document);
    let chapter_of = doc.map(chapters).unwrap_or_default();
    // (chapter section index or None) → counts; sections in document order.
    let mut by_chapter: BTreeMap<Option<usize>, Tally> = BTreeMap::new();
    let mut unknown_sections: BTreeMap<String, usize> = BTreeMap::new();
    let mut outcomes: Vec<OutcomeCount> = OUTCOMES
        .iter()
        .map(|o| OutcomeCount {
            key: key_of(o),
            label: label(lang, key_of(o)),
            count: 0,
        })
        .collect();
    let mut comments = Vec::new();
    for comment in &file.comments {
        let outcome_at = OUTCOMES
            .iter()
            .position(|o| *o == comment.outcome)
            .expect("every outcome is listed");
        outcomes[outcome_at].count += 1;
        let id = &comment.section.value;
        let found = doc.and_then(|d| d.find_id(id).map(|k| (d, k)));
        let chapter = found.and_then(|(_, k)| chapter_of[k]);
        let entry = by_chapter
            .entry(chapter)
            .or_insert_with(|| (vec![0; OUTCOMES.len()], BTreeMap::new()));
        entry.0[outcome_at] += 1;
        match found {
            Some((_, k)) => *entry.1.entry(k).or_default() += 1,
            None => *unknown_sections.entry(id.clone()).or_default() += 1,
        }
        let section_name = match found {
            Some((d, k)) => full_name(d, k, lang),
            None => id.clone(),
        };
        let chapter_name = match (found, chapter) {
            (Some((d, _)), Some(ch)) => full_name(d, ch, lang),
            _ => label(lang, "no_chapter").to_owned(),
        };
        let change_url = match (pair, anchors.get(id)) {
            (Some((i, j)), Some((anchor, true))) if comment.outcome.accepted() => {
                Some(format!("{}#{anchor}", drafts.comparison_url(i, j)))
            }
            _ => None,
        };
        comments.push(CommentView {
            folio: comment.folio.value.clone(),
            anchor: folio_anchor(&comment.folio.value),
            href: super::frame::fragment(&folio_anchor(&comment.folio.value)),
            date: comment.date.value.clone(),
            participant_label: label(lang, key_of(&comment.participant)),
            section: id.clone(),
            section_url: found.zip(draft_k).map(|((d, k), dk)| {
                format!(
                    "{}#{}",
                    drafts.draft_url(dk),
                    anchor_of_id(&d.sections()[k].id)
                )
            }),
            section_name,
            chapter_name,
            text: comment.text.clone(),
            outcome: key_of(&comment.outcome),
            outcome_label: label(lang, key_of(&comment.outcome)),
            response: comment.response.clone(),
            change_url,
        });
    }
    let chapters = by_chapter
        .into_iter()
        .map(|(chapter, (counts, sections))| {
            let (key, name) = match (chapter, doc) {
                (Some(ch), Some(d)) => (anchor_of_id(&d.sections()[ch].id), full_name(d, ch, lang)),
                _ => ("_".to_owned(), label(lang, "no_chapter").to_owned()),
            };
            let mut listed: Vec<SectionCount> = sections
                .into_iter()
                .filter_map(|(k, count)| {
                    let d = doc?;
                    Some(SectionCount {
                        id: d.sections()[k].id.clone(),
                        name: full_name(d, k, lang),
                        count,
                    })
                })
                .collect();
            if chapter.is_none() {
                listed.extend(unknown_sections.iter().map(|(id, &count)| SectionCount {
                    id: id.clone(),
                    name: id.clone(),
                    count,
                }));
            }
            ChapterCount {
                key,
                name,
                total: counts.iter().sum(),
                counts,
                sections: listed,
            }
        })
        .collect();
    ConsultationPage {
        open_data: OpenData {
            csv: super::open_data::CSV,
            json: super::open_data::JSON,
            columns: super::open_data::columns(lang),
        },
        base,
        consultation: head,
        total: file.comments.len(),
        outcomes,
        chapters,
        comments,
    }
}

/// A chapter's counts by outcome, and by section (index in the consulted draft).
type Tally = (Vec<usize>, BTreeMap<usize, usize>);

/// "4.2 Objetivos específicos".
pub(super) fn full_name(doc: &Document, k: usize, lang: Lang) -> String {
    match name_of(doc, k, lang) {
        (Some(n), t) if !t.is_empty() => format!("{n} {t}"),
        (Some(n), _) => n,
        (None, t) => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_skip_a_lone_title() {
        let doc = Document::parse("# T\n\n## 1. A\n\n### 1.1 B\n\n## 2. C\n");
        let names: Vec<Option<String>> = chapters(&doc)
            .iter()
            .map(|c| c.map(|k| doc.sections()[k].heading.clone()))
            .collect();
        assert_eq!(
            names,
            [
                None,
                Some("1. A".into()),
                Some("1. A".into()),
                Some("2. C".into())
            ]
        );
    }
}
