//! The drafts as the site names and shows them: [`SiteDrafts`] (each draft's
//! file name and the urls of its pages), a draft as the home page lists it,
//! and each draft's page, its full text a section per anchor.

use serde::Serialize;

use super::{Builder, PageBase, Site};
use crate::compare::tokens::count_words;
use crate::document::Document;
use crate::error::Result;
use crate::project::{Draft, Project};
use crate::render::PageSink;
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
    /// How to cite this section of this draft.
    cite: String,
}

/// On a draft that is not the latest: the latest, and the way to what changed
/// since.
#[derive(Debug, Clone, Serialize)]
struct LatestBanner {
    title: String,
    date: String,
    url: String,
    compare_url: String,
}

/// What a draft's page offers to download, relative to the page.
#[derive(Debug, Clone, Serialize)]
struct Downloads {
    /// The draft's text as written: its Markdown.
    markdown: String,
    /// Its page printed (`cotejo site --pdf`).
    pdf: Option<String>,
}

#[derive(Serialize)]
struct DraftPage {
    #[serde(flatten)]
    base: PageBase,
    draft: DraftSummary,
    previous: Option<Neighbour>,
    next: Option<Neighbour>,
    latest: Option<LatestBanner>,
    downloads: Downloads,
    /// How to cite the whole draft.
    cite: String,
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
            sha256: v.sha256().to_owned(),
            sections: v.document.sections().len(),
            words: count_words(v.document.text()),
            url: format!("{}{}", "../".repeat(depth), self.drafts.draft_url(k)),
            approval: d.approval.clone(),
        }
    }

    /// Each draft's full text.
    pub(super) fn draft_pages(&self, site: &mut Site, sink: &mut dyn PageSink) -> Result<()> {
        let (drafts, n) = (self.drafts, self.drafts.len());
        for k in 0..n {
            let neighbour = |o: usize| Neighbour {
                title: drafts.drafts[o].meta.title.clone(),
                url: format!("{}.html", drafts.files[o]),
                compare_url: format!("../{}", drafts.comparison_url(o.min(k), o.max(k))),
            };
            let file = &drafts.files[k];
            let mut base = site.page_base(1, "drafts");
            base.site.pdf = site.pdf.then(|| format!("{file}.pdf"));
            let latest = (k + 1 < n).then(|| LatestBanner {
                title: drafts.drafts[n - 1].meta.title.clone(),
                date: drafts.drafts[n - 1].meta.date.clone(),
                url: format!("{}.html", drafts.files[n - 1]),
                compare_url: format!("../{}", drafts.comparison_url(k, n - 1)),
            });
            let cite = |section: Option<&DraftSection>| {
                let url = match section {
                    Some(s) => format!(
                        "{}#{}",
                        drafts.draft_url(k),
                        super::frame::fragment(&s.anchor)
                    ),
                    None => drafts.draft_url(k),
                };
                citation(
                    self.lang(),
                    &site.document,
                    &drafts.drafts[k].meta,
                    section.map(|s| (s.level, s.number.as_deref(), s.title.as_str())),
                    &site.public_url(&url),
                )
            };
            let mut sections =
                draft_sections(&drafts.drafts[k].version.document, self.lang(), |s| {
                    (self.options.section_history)(k, s).map(|u| format!("../{u}"))
                });
            for s in &mut sections {
                s.cite = cite(Some(s));
            }
            let page = DraftPage {
                base,
                draft: self.summary(k, 1),
                previous: k.checked_sub(1).map(neighbour),
                next: (k + 1 < n).then(|| neighbour(k + 1)),
                latest,
                downloads: Downloads {
                    markdown: format!("{file}.md"),
                    pdf: site.pdf.then(|| format!("{file}.pdf")),
                },
                cite: cite(None),
                sections,
            };
            let html = self.templates.render("site_draft.html", &page)?;
            site.insert(drafts.draft_url(k), html);
            site.flush_into(sink)?;
            // A draft's page is megabytes of temporaries: given back before
            // the next one (see the comparisons').
            crate::memory::release_free_pages();
        }
        Ok(())
    }

    /// Each draft's text as written, the Markdown its page shows, beside the
    /// page (`borradores/<draft>.md`): the bytes its SHA-256 is of.
    pub(super) fn sources(&self, site: &mut Site) {
        for (k, d) in self.drafts.drafts.iter().enumerate() {
            let path = format!("borradores/{}.md", self.drafts.files[k]);
            site.insert(path, d.version.document.text().as_bytes().to_vec());
        }
    }
}

/// A short citation of draft `draft` (or of one of its sections: level,
/// number and title) at `url`: "Título. Segundo borrador, 14 de octubre de
/// 2022, sección 2.1 «Antecedentes». Disponible en: URL".
fn citation(
    lang: Lang,
    document: &str,
    draft: &crate::project::DraftMeta,
    section: Option<(u8, Option<&str>, &str)>,
    url: &str,
) -> String {
    let mut text = format!(
        "{document}. {}, {}",
        draft.title,
        crate::render::labels::long_date(lang, &draft.date)
    );
    // The preamble (level 0) is cited as the draft.
    if let Some((_, number, title)) = section.filter(|(level, ..)| *level > 0) {
        text.push_str(", ");
        // "sección 2.1", but "Anexo E" and "Artículo 7" as they are: a
        // number that begins with a word names its own kind. A chapter's
        // number loses its period ("sección 4", not "sección 4.").
        let number = number.map(|n| n.trim_end_matches('.'));
        match number {
            Some(n) if n.starts_with(|c: char| c.is_alphabetic()) => text.push_str(n),
            Some(n) => {
                text.push_str(label(lang, "cite_section"));
                text.push(' ');
                text.push_str(n);
            }
            None => text.push_str(label(lang, "cite_section")),
        }
        if !title.is_empty() {
            let (open, close) = match lang {
                Lang::Es => ("«", "»"),
                Lang::En => ("“", "”"),
            };
            text.push_str(&format!(" {open}{title}{close}"));
        }
    }
    text.push_str(&format!(". {}: {url}", label(lang, "cite_available")));
    text
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
                cite: String::new(),
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

    #[test]
    fn a_citation_names_the_section_as_the_text_numbers_it() {
        let draft = crate::project::DraftMeta {
            id: "aprobada".into(),
            title: "Texto aprobado".into(),
            date: "2023-10-09".into(),
            stage: "Consejo".into(),
            approval: None,
        };
        let cite = |number: Option<&str>, title: &str| {
            citation(Lang::Es, "PNDA", &draft, Some((2, number, title)), "u.html")
        };
        assert_eq!(
            cite(Some("4."), "Glosario"),
            "PNDA. Texto aprobado, 9 de octubre de 2023, sección 4 «Glosario». Disponible en: u.html"
        );
        assert_eq!(
            cite(Some("Anexo E."), "Propuestas"),
            "PNDA. Texto aprobado, 9 de octubre de 2023, Anexo E «Propuestas». Disponible en: u.html"
        );
        assert_eq!(
            cite(Some("Artículo 7"), ""),
            "PNDA. Texto aprobado, 9 de octubre de 2023, Artículo 7. Disponible en: u.html"
        );
    }
}
