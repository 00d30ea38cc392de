//! The offline search: `buscar.html` and its index, `indice-busqueda.js`,
//! the drafts' plain text with each section once however many drafts hold it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::drafts::{DraftSummary, name_of};
use super::{PageBase, SiteDrafts};
use crate::error::{Error, Result};
use crate::render::labels::Lang;
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
}

/// The name of the global the index assigns.
pub const SEARCH_GLOBAL: &str = "COTEJO_BUSQUEDA";

/// `indice-busqueda.js`: the index as one JSON value assigned to a global (a
/// page opened from `file://` cannot fetch a JSON file). A section that
/// several drafts hold unchanged (same anchor, heading and text) is one entry.
pub(super) fn search_index(drafts: &SiteDrafts<'_>) -> Result<String> {
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
