//! `cotejo site`: the public change history as a static site.
//!
//! Plain files that work from `file://` and from any static host, every
//! internal link relative:
//!
//! ```text
//! index.html                          the document, the process, the drafts, each step
//! borradores/<draft>.html             each draft's full text, a section per anchor
//! comparaciones/<old>--<new>.html     every pair of drafts: the report's redline and cuadro
//! secciones/<key>.html                each section's history (added by the history pages)
//! consulta.html                       the response to the consultation's comments
//! buscar.html, buscar.js,             offline search over the drafts' text
//!   indice-busqueda.js
//! estilo.css, informe.js, consulta.js the shared stylesheet and scripts
//! .cotejo-site                        the marker that says cotejo wrote the folder
//! ```
//!
//! The site is built whole in memory ([`Site`], a sorted map from path to
//! bytes) and then written by [`write()`], which swaps the complete folder into
//! place: a site is never left half-written, and two runs give the same bytes.
//!
//! Every piece of text from the repository (draft text, headings, the
//! manifest's titles, notes, comments) reaches a page escaped by the templates
//! or sanitized by [`crate::render::redline`]; the search index is JSON in a
//! script file, read by the search script as text only.

pub mod sections;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::compare::tokens::count_words;
use crate::document::Document;
use crate::document::numbering::split_number;
use crate::error::{Error, Result};
use crate::model::Summary;
use crate::notes::{ConsultationFile, Outcome};
use crate::project::{ConsultationSummary, Draft, DraftPairs, Project};
use crate::render::labels::{Lang, label, labels};
use crate::render::redline::{self, Mark};
use crate::render::report::report_view;
use crate::render::templates::Templates;
use crate::render::view::{self, SiteFrame, anchor_of_id, display_number};
use crate::render::{Form, Out, Renderer, Subject, unsupported};
use crate::version::short_commit;

/// The file in a site's folder that says cotejo wrote it: only such a folder
/// (or an empty one) is ever replaced.
pub const MARKER: &str = ".cotejo-site";

pub use crate::render::Pages;

/// A whole site in memory, ready for [`write()`].
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Site {
    pub pages: Pages,
    /// The labels' language, the document's title and whether there is a
    /// consultation report: what [`Site::page_base`] needs.
    pub lang: Lang,
    pub document: String,
    pub consultation: bool,
    /// Whether it has the sections' history pages (the navigation links them).
    pub sections: bool,
    /// The manifest's `language`.
    pub doc_lang: Option<String>,
    /// The consultation's folios: a page that cites one links its comment
    /// ([`folio_url`]).
    pub folios: std::collections::BTreeSet<String>,
}

impl Site {
    /// The frame of a page to add to this site, `depth` folders below its
    /// root (`secciones/…` is 1), in the part `current` of the navigation.
    /// A page template extends `site_layout.html` and gets a view that
    /// flattens this (`#[serde(flatten)] base: PageBase`).
    pub fn page_base(&self, depth: usize, current: &'static str) -> PageBase {
        let mut base = PageBase::new(self.lang, &self.document, depth, current, self.consultation);
        base.site.sections = self.sections;
        base.with_doc_lang(self.doc_lang.as_deref())
    }

    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.pages.insert(path.into(), bytes.into());
    }
}

/// A link from the site's root to section `section_index` of draft
/// `draft_index` (manifest order): its history page, when there is one.
pub type SectionLinks<'a> = &'a dyn Fn(usize, usize) -> Option<String>;

/// How to build a site.
pub struct Options<'a> {
    pub lang: Lang,
    /// The history page of a section, from the site's root; a section whose
    /// link is `None` has none.
    pub section_history: SectionLinks<'a>,
    /// Whether the site will have the sections' history pages
    /// ([`sections::add`]): the navigation of every page links their index.
    pub sections: bool,
}

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

    fn position(&self, id: &str) -> Option<usize> {
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

/// What every page's view starts with.
#[derive(Debug, Clone, Serialize)]
pub struct PageBase {
    pub lang: Lang,
    pub t: BTreeMap<&'static str, &'static str>,
    pub tool: String,
    pub site: SiteFrame,
}

impl PageBase {
    /// The frame of a page `depth` folders below the root (0 or 1), with
    /// `current` the part of the navigation it belongs to.
    pub fn new(
        lang: Lang,
        document: &str,
        depth: usize,
        current: &'static str,
        consultation: bool,
    ) -> PageBase {
        PageBase {
            lang,
            t: labels(lang),
            tool: view::tool(),
            site: SiteFrame {
                root: "../".repeat(depth),
                current,
                document: document.to_owned(),
                consultation,
                sections: false,
                doc_lang: None,
            },
        }
    }

    /// With the document's language, when it is a plain BCP 47 tag other than
    /// the labels' language.
    pub fn with_doc_lang(mut self, doc_lang: Option<&str>) -> PageBase {
        self.site.doc_lang = doc_lang
            .filter(|l| {
                !l.is_empty()
                    && l.len() <= 35
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !l.eq_ignore_ascii_case(self.lang.code())
            })
            .map(str::to_owned);
        self
    }
}

/// A draft as the home page and the navigation list it.
#[derive(Debug, Clone, Serialize)]
struct DraftSummary {
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
}

#[derive(Debug, Clone, Serialize)]
struct Step {
    heading: String,
    line: String,
    url: String,
}

#[derive(Debug, Clone, Serialize)]
struct Pair {
    heading: String,
    changed: usize,
    url: String,
}

#[derive(Serialize)]
struct IndexPage {
    #[serde(flatten)]
    base: PageBase,
    drafts: Vec<DraftSummary>,
    steps: Vec<Step>,
    pairs: Vec<Pair>,
    consultation: Option<ConsultationSummary>,
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

/// The static site of a history of the project's drafts: every draft, every
/// comparison, the consultation, the search, and each section's history.
pub struct SiteRenderer<'a> {
    pub templates: &'a Templates,
    pub lang: Lang,
}

impl Renderer for SiteRenderer<'_> {
    fn name(&self) -> &'static str {
        "site"
    }

    fn form(&self) -> Form {
        Form::Pages
    }

    fn render(&self, project: &Project, subject: Subject<'_>, out: Out<'_>) -> Result<()> {
        let Subject::History(history) = subject else {
            return Err(unsupported(self.name(), subject));
        };
        let drafts = SiteDrafts::of(project)?;
        let links = |draft: usize, section: usize| {
            sections::draft_section_url(history, &drafts, draft, section)
        };
        let options = Options {
            lang: self.lang,
            section_history: &links,
            sections: true,
        };
        let mut site = build_from(project, self.templates, &drafts, &options)?;
        let notes = crate::render::history::draft_notes(project, history, self.lang)?;
        sections::add(
            &mut site,
            history,
            &drafts,
            self.templates,
            &notes,
            self.lang,
        )?;
        out.pages(self.name())?.append(&mut site.pages);
        Ok(())
    }
}

/// Builds the whole site of the project's drafts.
pub fn build(project: &Project, templates: &Templates, options: &Options<'_>) -> Result<Site> {
    build_from(project, templates, &SiteDrafts::of(project)?, options)
}

/// Builds the site of `drafts` (the project's, already named).
pub fn build_from(
    project: &Project,
    templates: &Templates,
    drafts: &SiteDrafts<'_>,
    options: &Options<'_>,
) -> Result<Site> {
    let title = project.drafts_title("site")?;
    let consultation = project.consultation()?;
    let b = Builder {
        project,
        templates,
        drafts,
        options,
        consultation,
    };
    let mut site = Site {
        lang: options.lang,
        document: title,
        consultation: consultation.is_some(),
        sections: options.sections,
        doc_lang: project.language().map(str::to_owned),
        folios: consultation
            .iter()
            .flat_map(|c| &c.comments)
            .map(|c| c.folio.value.clone())
            .collect(),
        ..Site::default()
    };
    let compared = b.comparisons(&mut site)?;
    b.draft_pages(&mut site)?;
    b.home(&mut site, &compared)?;
    if let Some(c) = b.consultation {
        let page = consultation_page(
            c,
            drafts,
            site.page_base(0, "consultation"),
            compared.consulted_pair,
            &compared.consulted_anchors,
        );
        site.insert(
            "consulta.html",
            templates.render("site_consulta.html", &page)?,
        );
        site.insert("consulta.js", templates.source("site_consulta.js")?);
    }
    let search = SearchPage {
        base: site.page_base(0, "search"),
        drafts: (0..drafts.len()).map(|k| b.summary(k, 0)).collect(),
    };
    site.insert(
        "buscar.html",
        templates.render("site_buscar.html", &search)?,
    );
    site.insert("buscar.js", templates.source("site_buscar.js")?);
    site.insert("indice-busqueda.js", search_index(drafts)?);
    // What every page shares.
    site.insert(
        "estilo.css",
        templates.render("site.css", &site.page_base(0, "home"))?,
    );
    site.insert("informe.js", templates.source("report.js")?);
    Ok(site)
}

/// What building the pages needs, once.
struct Builder<'a> {
    project: &'a Project,
    templates: &'a Templates,
    drafts: &'a SiteDrafts<'a>,
    options: &'a Options<'a>,
    consultation: Option<&'a ConsultationFile>,
}

/// What the comparisons tell the other pages.
struct Compared {
    /// Each pair's summary and number of changed sections.
    summaries: BTreeMap<(usize, usize), (Summary, usize)>,
    /// The consulted draft and the one that answers it, as a pair of pages.
    consulted_pair: Option<(usize, usize)>,
    /// In that pair's page: each consulted section's anchor (by its id in the
    /// consulted draft), and whether it is shown as a change.
    consulted_anchors: BTreeMap<String, (String, bool)>,
}

impl Builder<'_> {
    fn lang(&self) -> Lang {
        self.options.lang
    }

    /// "Del Primer borrador al Segundo borrador".
    fn transition(&self, i: usize, j: usize) -> String {
        let name = |k: usize| &self.drafts.drafts[k].meta.title;
        crate::render::labels::transition(self.lang(), name(i), name(j))
    }

    /// Draft `k` as the home page lists it, linked from `depth` folders down.
    fn summary(&self, k: usize, depth: usize) -> DraftSummary {
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
        }
    }

    /// A comparison page for every pair of drafts, old before new in the
    /// manifest's order: the report, with the site's frame and links.
    fn comparisons(&self, site: &mut Site) -> Result<Compared> {
        let (drafts, lang) = (self.drafts, self.lang());
        let consulted_pair = self.consultation.and_then(|c| {
            let (a, b) = (
                drafts.position(&c.consultation.draft.value)?,
                drafts.position(&c.consultation.result.value)?,
            );
            (a < b).then_some((a, b))
        });
        let mut out = Compared {
            summaries: BTreeMap::new(),
            consulted_pair,
            consulted_anchors: BTreeMap::new(),
        };
        for pair in self.project.draft_comparisons("site", DraftPairs::Every)? {
            let (i, j, cmp) = (pair.old, pair.new, pair.comparison);
            let (old, new) = (&drafts.drafts[i].version, &drafts.drafts[j].version);
            let mut report =
                report_view(self.project, old, new, &cmp, site.document.clone(), lang)?;
            report.site = Some(site.page_base(1, "comparisons").site);
            for (entry, section) in cmp.sections.iter().zip(report.sections.iter_mut()) {
                let at = match (&entry.new, &entry.old) {
                    (Some(s), _) => Some((j, s.index)),
                    (None, Some(s)) => Some((i, s.index)),
                    _ => None,
                };
                section.history_url = at
                    .and_then(|(d, k)| (self.options.section_history)(d, k))
                    .map(|u| format!("../{u}"));
                for note in &mut section.notes {
                    note.folio_links = note.folios.iter().map(|f| folio_url(site, f, 1)).collect();
                }
                if consulted_pair == Some((i, j))
                    && let Some(o) = &entry.old
                {
                    out.consulted_anchors
                        .insert(o.id.clone(), (section.anchor.clone(), section.changed));
                }
            }
            out.summaries
                .insert((i, j), (cmp.summary, report.changed_sections));
            let html = self.templates.render("report.html", &report)?;
            site.insert(drafts.comparison_url(i, j), html);
        }
        Ok(out)
    }

    /// Each draft's full text.
    fn draft_pages(&self, site: &mut Site) -> Result<()> {
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

    /// The home page: the process, the drafts, each step, every pair.
    fn home(&self, site: &mut Site, compared: &Compared) -> Result<()> {
        let (drafts, n) = (self.drafts, self.drafts.len());
        let steps = (1..n)
            .map(|j| Step {
                heading: self.transition(j - 1, j),
                line: crate::render::labels::change_counts(
                    self.lang(),
                    &compared.summaries[&(j - 1, j)].0,
                ),
                url: drafts.comparison_url(j - 1, j),
            })
            .collect();
        let pairs = compared
            .summaries
            .iter()
            .map(|(&(i, j), &(_, changed))| Pair {
                heading: self.transition(i, j),
                changed,
                url: drafts.comparison_url(i, j),
            })
            .collect();
        let index = IndexPage {
            base: site.page_base(0, "home"),
            drafts: (0..n).map(|k| self.summary(k, 0)).collect(),
            steps,
            pairs,
            consultation: self.project.consultation_summary()?,
        };
        let html = self.templates.render("site_index.html", &index)?;
        site.insert("index.html", html);
        Ok(())
    }
}

/// The marker file's text: what wrote the folder (no date: two runs give the
/// same bytes).
fn marker_text() -> String {
    format!(
        "This folder was written by {} (`cotejo site`); the next run replaces it whole.\n",
        view::tool()
    )
}

/// A section's number (as the heading writes it) and title; the preamble's
/// title is its label.
fn name_of(doc: &Document, k: usize, lang: Lang) -> (Option<String>, String) {
    let s = &doc.sections()[k];
    if s.level == 0 {
        return (None, label(lang, "preamble").to_owned());
    }
    let title = split_number(&s.heading).title.to_owned();
    (
        display_number(&s.heading, &title, s.number.as_deref()),
        title,
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
                html: redline::render_side(doc.body(s.index), &[], Mark::Ins),
                history_url: history(s.index),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The consultation report

#[derive(Serialize)]
struct ConsultationPage {
    #[serde(flatten)]
    base: PageBase,
    consultation: ConsultationHead,
    outcomes: Vec<OutcomeCount>,
    total: usize,
    chapters: Vec<ChapterCount>,
    comments: Vec<CommentView>,
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

fn consultation_page(
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
fn full_name(doc: &Document, k: usize, lang: Lang) -> String {
    match name_of(doc, k, lang) {
        (Some(n), t) if !t.is_empty() => format!("{n} {t}"),
        (Some(n), _) => n,
        (None, t) => t,
    }
}

/// Where the comment of `folio` is, from a page `depth` folders below the
/// root, when the consultation has it.
pub fn folio_url(site: &Site, folio: &str, depth: usize) -> Option<String> {
    site.folios.contains(folio).then(|| {
        format!(
            "{}consulta.html#{}",
            "../".repeat(depth),
            folio_anchor(folio)
        )
    })
}

/// A comment's anchor: its folio, whitespace made `-`, never one of the
/// page's own ids (those start with `_`).
fn folio_anchor(folio: &str) -> String {
    let id: String = folio
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    if id.is_empty() || id.starts_with('_') {
        format!("folio-{id}")
    } else {
        id
    }
}

// ---------------------------------------------------------------------------
// Search

#[derive(Serialize)]
struct SearchPage {
    #[serde(flatten)]
    base: PageBase,
    drafts: Vec<DraftSummary>,
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
fn search_index(drafts: &SiteDrafts<'_>) -> Result<String> {
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

// ---------------------------------------------------------------------------
// Writing

/// Writes `site` as the folder `dir`, whole or not at all: every file goes
/// into a new folder beside `dir`, which then takes `dir`'s place. An existing
/// `dir` is replaced only when cotejo wrote it (it holds [`MARKER`]) or it is
/// empty; anything else is refused and left untouched. Files are 0644,
/// folders 0755.
pub fn write(dir: &Path, site: &Site) -> Result<()> {
    let files = site.pages.iter().map(|(p, b)| (p.as_str(), b.as_slice()));
    crate::output::replace_folder(dir, files, &marker())
}

/// What marks a folder as a site cotejo wrote.
pub fn marker() -> crate::output::Marker {
    crate::output::Marker {
        file: MARKER,
        text: marker_text(),
        command: "cotejo site",
    }
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
    fn plain_text_reads_as_a_reader_sees() {
        let text = plain_text(
            "Uno **dos**\ntres.\n\n- cuatro\n- `cinco`\n\n| a | b |\n|---|---|\n| c | d |\n",
        );
        assert_eq!(text, "Uno dos tres. cuatro cinco a b c d");
    }

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

    #[test]
    fn the_site_writes_whole_and_refuses_what_is_not_its_own() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("sitio");
        let mut site = Site::default();
        site.insert("index.html", "uno");
        site.insert("borradores/a.html", "a");
        site.insert(MARKER, "x");
        write(&dir, &site).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "uno"
        );
        site.pages.remove("borradores/a.html");
        site.insert("index.html", "dos");
        write(&dir, &site).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "dos"
        );
        assert!(!dir.join("borradores").exists());
        // Nothing left beside it.
        let beside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(beside.len(), 1);
        // A site that cannot be written whole (a file where a folder must go)
        // leaves the previous one as it was, and nothing beside it.
        let mut broken = Site::default();
        broken.insert("index.html", "tres");
        broken.insert("borradores", "un archivo");
        broken.insert("borradores/b.html", "b");
        assert!(write(&dir, &broken).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "dos"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
        let other = tmp.path().join("otro");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("notas.txt"), "mío").unwrap();
        let err = write(&other, &site).unwrap_err().to_string();
        assert!(err.contains("otro"), "{err}");
        assert_eq!(
            std::fs::read_to_string(other.join("notas.txt")).unwrap(),
            "mío"
        );
    }
}
