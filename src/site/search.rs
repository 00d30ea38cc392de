//! The offline search: `buscar.html` and its index, `indice-busqueda.js`,
//! the drafts' plain text with each section once however many drafts hold it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::consultation::full_name;
use super::drafts::{DraftSummary, name_of};
use super::frame::{folio_anchor, fragment};
use super::{PageBase, SectionLinks, Site, SiteDrafts};
use crate::error::{Error, Result};
use crate::notes::ConsultationFile;
use crate::project::Project;
use crate::render::labels::{Lang, label};
use crate::render::view::anchor_of_id;

#[derive(Serialize)]
pub(super) struct SearchPage {
    #[serde(flatten)]
    pub(super) base: PageBase,
    pub(super) drafts: Vec<DraftSummary>,
}

#[derive(Serialize)]
struct SearchIndex {
    drafts: Vec<SearchDraft>,
    entries: Vec<SearchEntry>,
    items: Vec<SearchItem>,
}

/// A comment of the consultation or an editors' note, found by its words
/// (and a comment by its folio).
#[derive(Serialize)]
struct SearchItem {
    /// `comment` or `note`.
    k: &'static str,
    /// What the result is called: the folio or the draft, and the section.
    t: String,
    /// Its words.
    x: String,
    /// Where it is, from the site's root.
    u: String,
    /// The history of its section, from the site's root.
    h: Option<String>,
}

/// A draft: its title and its page, from the site's root.
#[derive(Serialize)]
struct SearchDraft {
    t: String,
    u: String,
}

/// A section as one or more drafts hold it, word for word. Short keys: the
/// index is loaded whole.
#[derive(Serialize)]
struct SearchEntry {
    /// The drafts that hold it (positions, oldest first).
    d: Vec<usize>,
    /// Its anchor in each of their pages.
    a: String,
    /// Number, title and plain text.
    n: Option<String>,
    t: String,
    x: String,
    /// The section's history page, from the site's root.
    h: Option<String>,
}

/// The name of the global the index assigns.
pub const SEARCH_GLOBAL: &str = "COTEJO_BUSQUEDA";

/// `indice-busqueda.js`: the index as one JSON value assigned to a global (a
/// page opened from `file://` cannot fetch a JSON file). A section that
/// several drafts hold unchanged (same anchor, heading and text) is one entry.
pub(super) fn search_index(
    project: &Project,
    drafts: &SiteDrafts<'_>,
    history: SectionLinks<'_>,
    consultation: Option<&ConsultationFile>,
    site: &Site,
) -> Result<String> {
    let mut entries: Vec<SearchEntry> = Vec::new();
    let mut seen: BTreeMap<(String, Option<String>, String, String), usize> = BTreeMap::new();
    for (k, d) in drafts.drafts.iter().enumerate() {
        let doc = &d.version.document;
        for s in doc.sections() {
            let (number, title) = name_of(doc, s.index, Lang::Es);
            let title = if s.level == 0 { String::new() } else { title };
            let anchor = anchor_of_id(&s.id);
            let text = plain_text(doc.body(s.index));
            let key = (anchor.clone(), number.clone(), title.clone(), text.clone());
            match seen.get(&key) {
                Some(&at) if entries[at].d.last() != Some(&k) => entries[at].d.push(k),
                Some(_) => {}
                None => {
                    seen.insert(key, entries.len());
                    entries.push(SearchEntry {
                        d: vec![k],
                        a: anchor,
                        n: number,
                        t: title,
                        x: text,
                        h: history(k, s.index),
                    });
                }
            }
        }
    }
    let index = SearchIndex {
        drafts: drafts
            .drafts
            .iter()
            .enumerate()
            .map(|(k, d)| SearchDraft {
                t: d.meta.title.clone(),
                u: drafts.draft_url(k),
            })
            .collect(),
        entries,
        items: items(project, drafts, history, consultation, site)?,
    };
    let json = serde_json::to_string(&index).map_err(|e| Error::Write {
        path: PathBuf::from("indice-busqueda.js"),
        source: std::io::Error::other(e),
    })?;
    // JSON is a JavaScript expression once U+2028 and U+2029 are escaped (they
    // end a line in older engines); `<` is escaped too, for a reader that
    // inlines the file.
    let json = json
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
        .replace('<', "\\u003c");
    Ok(format!("window.{SEARCH_GLOBAL} = {json};\n"))
}

/// The consultation's comments and the editors' notes, in that order.
fn items(
    project: &Project,
    drafts: &SiteDrafts<'_>,
    history: SectionLinks<'_>,
    consultation: Option<&ConsultationFile>,
    site: &Site,
) -> Result<Vec<SearchItem>> {
    let lang = site.lang;
    let mut items = Vec::new();
    // The section named by `id` in draft `k`: its name and history page.
    let section = |k: usize, id: &str| {
        let doc = &drafts.drafts[k].version.document;
        doc.find_id(id)
            .map(|s| (full_name(doc, s, lang), history(k, s)))
    };
    if let Some(c) = consultation {
        let consulted = drafts.position(&c.consultation.draft.value);
        for comment in &c.comments {
            let id = &comment.section.value;
            let (name, h) = consulted
                .and_then(|k| section(k, id))
                .unwrap_or_else(|| (id.clone(), None));
            items.push(SearchItem {
                k: "comment",
                t: format!("{} — {name}", comment.folio.value),
                x: format!(
                    "{} {}: {}",
                    comment.text,
                    label(lang, "response"),
                    comment.response
                ),
                u: format!(
                    "consulta.html#{}",
                    fragment(&folio_anchor(&comment.folio.value))
                ),
                h,
            });
        }
    }
    for k in 1..drafts.len() {
        for note in project.notes_of(drafts.id(k))? {
            let id = &note.section.value;
            let at = if note.removed { k - 1 } else { k };
            let (name, h) = section(at, id).unwrap_or_else(|| (id.clone(), None));
            let folios: Vec<&str> = note
                .source
                .folios
                .iter()
                .map(|f| f.value.as_str())
                .collect();
            items.push(SearchItem {
                k: "note",
                t: format!("{} — {name}", drafts.drafts[k].meta.title),
                x: [
                    note.change.as_str(),
                    note.why.as_str(),
                    note.source.name.as_str(),
                    &folios.join(" "),
                ]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" "),
                u: format!("{}#{}", drafts.comparison_url(k - 1, k), anchor_of_id(id)),
                h,
            });
        }
    }
    Ok(items)
}

/// The words a reader sees in a Markdown body, one space between blocks.
fn plain_text(body: &str) -> String {
    use pulldown_cmark::{Event, TagEnd};
    let mut out = String::new();
    let space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    for (ev, _) in crate::markdown::parse(body) {
        match ev {
            Event::Text(t) | Event::Code(t) => {
                for (k, piece) in t.split_whitespace().enumerate() {
                    if k > 0 || t.starts_with(char::is_whitespace) {
                        space(&mut out);
                    }
                    out.push_str(piece);
                }
                if t.ends_with(char::is_whitespace) {
                    space(&mut out);
                }
            }
            Event::SoftBreak | Event::HardBreak => space(&mut out),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_),
            ) => space(&mut out),
            _ => {}
        }
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_reads_as_a_reader_sees() {
        let text = plain_text(
            "Uno **dos**\ntres.\n\n- cuatro\n- `cinco`\n\n| a | b |\n|---|---|\n| c | d |\n",
        );
        assert_eq!(text, "Uno dos tres. cuatro cinco a b c d");
    }
}
