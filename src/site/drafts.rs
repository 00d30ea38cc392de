//! The drafts as the site names and shows them: [`SiteDrafts`] (each draft's
//! file name and the urls of its pages), a draft as the home page lists it,
//! and each draft's page, its full text a section per anchor.

use serde::Serialize;

use super::{Builder, PageBase, Site};
use crate::compare::tokens::count_words;
use crate::document::Document;
use crate::error::Result;
use crate::project::{Draft, Project};
use crate::render::labels::{Lang, label};
use crate::render::redline::{self, Side};
use crate::render::view::{anchor_of_id, display_number};
use crate::version::short_commit;

/// The manifest's drafts as the site names them, oldest first.
pub struct SiteDrafts<'p> {
    /// Read once by the project, shared with the history of the same drafts.
    pub drafts: &'p [Draft],
    /// File name of each draft's page (without `.html`): its id, or `d<N>`
    /// when the id is not a safe file name.
    pub files: Vec<String>,
}

impl<'p> SiteDrafts<'p> {
    /// Every draft of the project.
    pub fn of(project: &'p Project) -> Result<SiteDrafts<'p>> {
        let drafts = project.drafts("site")?;
        let ids: Vec<&str> = drafts.iter().map(|d| d.meta.id.as_str()).collect();
        let files = ids
            .iter()
            .enumerate()
            .map(|(k, id)| file_name(k, id, &ids))
            .collect();
        Ok(SiteDrafts { drafts, files })
    }

    pub fn id(&self, k: usize) -> &str {
        &self.drafts[k].meta.id
    }

    pub fn len(&self) -> usize {
        self.drafts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.drafts.is_empty()
    }

    /// The page of draft `k`, from the site's root.
    pub fn draft_url(&self, k: usize) -> String {
        format!("borradores/{}.html", self.files[k])
    }

    /// The comparison page of drafts `old` → `new` (`old < new`), from the root.
    pub fn comparison_url(&self, old: usize, new: usize) -> String {
        format!(
            "comparaciones/{}--{}.html",
            self.files[old], self.files[new]
        )
    }

    pub(super) fn position(&self, id: &str) -> Option<usize> {
        self.drafts.iter().position(|d| d.meta.id == id)
    }
}

/// A draft id as a file name: kept when it is plainly safe (letters, digits,
/// `.`, `_`, `-`; not starting with `.`) and unique without regard to case,
/// else `d<N>` (N from 1, the draft's place in the manifest).
fn file_name(k: usize, id: &str, ids: &[&str]) -> String {
    let safe = !id.is_empty()
        && id.len() <= 100
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && !id.contains("--")
        && ids.iter().filter(|o| o.eq_ignore_ascii_case(id)).count() == 1
        && !(id.len() > 1 && id.starts_with('d') && id[1..].chars().all(|c| c.is_ascii_digit()));
    if safe {
        id.to_owned()
    } else {
        format!("d{}", k + 1)
    }
}

/// A draft as the home page and the navigation list it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct DraftSummary {
    id: String,
    title: String,
    stage: String,
    date: String,
    commit: Option<String>,
    commit_short: Option<String>,
    sha256: String,
    sections: usize,
    words: usize,
    /// Relative to the page that shows it.
    url: String,
    approval: Option<crate::manifest::Approval>,
}

#[derive(Debug, Clone, Serialize)]
struct Neighbour {
    title: String,
    url: String,
    compare_url: String,
}

#[derive(Debug, Clone, Serialize)]
struct DraftSection {
    anchor: String,
    level: u8,
    /// The heading element: h2 for the document's level 1, down to h6.
    h: u8,
    number: Option<String>,
    title: String,
    html: String,
    history_url: Option<String>,
}

#[derive(Serialize)]
struct DraftPage {
    #[serde(flatten)]
    base: PageBase,
    draft: DraftSummary,
    previous: Option<Neighbour>,
    next: Option<Neighbour>,
    sections: Vec<DraftSection>,
}

impl Builder<'_> {
    /// Draft `k` as the home page lists it, linked from `depth` folders down.
    pub(super) fn summary(&self, k: usize, depth: usize) -> DraftSummary {
        let d = &self.drafts.drafts[k].meta;
        let v = &self.drafts.drafts[k].version;
        DraftSummary {
            id: d.id.clone(),
            title: d.title.clone(),
            stage: d.stage.clone(),
            date: d.date.clone(),
            commit: v.commit.clone(),
            commit_short: v.commit.as_deref().map(|c| short_commit(c).to_owned()),
            sha256: v.sha256.clone(),
            sections: v.document.sections().len(),
            words: count_words(v.document.text()),
            url: format!("{}{}", "../".repeat(depth), self.drafts.draft_url(k)),
            approval: d.approval.clone(),
        }
    }

    /// Each draft's full text.
    pub(super) fn draft_pages(&self, site: &mut Site) -> Result<()> {
        let (drafts, n) = (self.drafts, self.drafts.len());
        for k in 0..n {
            let neighbour = |o: usize| Neighbour {
                title: drafts.drafts[o].meta.title.clone(),
                url: format!("{}.html", drafts.files[o]),
                compare_url: format!("../{}", drafts.comparison_url(o.min(k), o.max(k))),
            };
            let page = DraftPage {
                base: site.page_base(1, "drafts"),
                draft: self.summary(k, 1),
                previous: k.checked_sub(1).map(neighbour),
                next: (k + 1 < n).then(|| neighbour(k + 1)),
                sections: draft_sections(&drafts.drafts[k].version.document, self.lang(), |s| {
                    (self.options.section_history)(k, s).map(|u| format!("../{u}"))
                }),
            };
            let html = self.templates.render("site_draft.html", &page)?;
            site.insert(drafts.draft_url(k), html);
        }
        Ok(())
    }
}

/// A section's number (as the heading writes it) and title; the preamble's
/// title is its label.
pub(super) fn name_of(doc: &Document, k: usize, lang: Lang) -> (Option<String>, String) {
    let s = &doc.sections()[k];
    if s.level == 0 {
        return (None, label(lang, "preamble").to_owned());
    }
    (
        display_number(&s.heading, &s.title, s.number.as_deref()),
        s.title.clone(),
    )
}

fn draft_sections(
    doc: &Document,
    lang: Lang,
    history: impl Fn(usize) -> Option<String>,
) -> Vec<DraftSection> {
    doc.sections()
        .iter()
        .map(|s| {
            let (number, title) = name_of(doc, s.index, lang);
            DraftSection {
                anchor: anchor_of_id(&s.id),
                level: s.level,
                h: (s.level.max(1) + 1).min(6),
                number,
                title,
                html: redline::render_side(doc.body(s.index), &Side::PLAIN),
                history_url: history(s.index),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draft_ids_become_safe_file_names() {
        let ids = ["borrador-1", "../x", "a/b", "B1", "b1", ".h", "d3", "x--y"];
        let names: Vec<String> = ids
            .iter()
            .enumerate()
            .map(|(k, id)| file_name(k, id, &ids))
            .collect();
        assert_eq!(
            names,
            ["borrador-1", "d2", "d3", "d4", "d5", "d6", "d7", "d8"]
        );
    }
}
