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
//! borradores/<draft>.md               each draft's text as written (its Markdown)
//! borradores/<draft>.pdf,             with `--pdf`: each draft and comparison
//!   comparaciones/<old>--<new>.pdf      printed (by `cotejo site`, not here)
//! consulta.csv, consulta.json         the consultation as open data
//! novedades.xml                       the Atom feed of drafts and steps
//! buscar.html, buscar.js,             offline search over the drafts' text,
//!   indice-busqueda.js                  the comments and the editors' notes
//! estilo.css, informe.js, consulta.js the shared stylesheet and scripts
//! .cotejo-site                        the marker that says cotejo wrote the folder
//! .nojekyll                           so GitHub Pages serves the files as they are
//! ```
//!
//! `cotejo site` hands each page, as it is made, to the folder being written
//! beside the site's ([`crate::output::Staged`]), which then takes the old
//! folder's place whole: a site is never left half-written, two runs give the
//! same bytes, and a site of thousands of pages is never held in memory.
//! [`build`] makes the same pages into a [`Site`] in memory (a sorted map from
//! path to bytes), which [`write()`] writes.
//! Here [`build_from`] puts the pages together; each kind is made in its own
//! module (`home`, `drafts`, `comparisons`, `consultation`, `search`), on the
//! frame every page shares (`frame`), and `writing` writes the folder;
//! [`sections`] adds the sections' histories.
//!
//! Every piece of text from the repository (draft text, headings, the
//! manifest's titles, notes, comments) reaches a page escaped by the templates
//! or sanitized by [`crate::render::redline`]; the search index is JSON in a
//! script file, read by the search script as text only.

pub mod sections;

mod comparisons;
mod consultation;
mod drafts;
mod feed;
mod frame;
mod home;
mod open_data;
mod search;
mod writing;

use crate::error::Result;
use crate::notes::ConsultationFile;
use crate::project::Project;
use crate::render::labels::Lang;
use crate::render::templates::Templates;
use crate::render::view::{LatestDraft, LicenseView};
use crate::render::{Form, Out, PageSink, Renderer, Subject, unsupported};

use consultation::consultation_page;
use search::{SearchPage, search_index};

pub use consultation::{OUTCOMES, chapters};
pub use drafts::SiteDrafts;
pub use feed::FEED;
pub use frame::{PageBase, Site, folio_url};
pub use open_data::{COLUMNS, CSV, JSON};
pub use search::SEARCH_GLOBAL;
pub use writing::{MARKER, marker, write};

pub use crate::render::Pages;

/// The pages `cotejo site --pdf` prints, each to the PDF beside it (same
/// name, `.pdf`): every draft's and every comparison's. The site links those
/// PDFs when [`Options::pdf`] is set.
pub fn printed(pages: &Pages) -> Vec<String> {
    pages
        .keys()
        .filter(|p| {
            (p.starts_with("borradores/") || p.starts_with("comparaciones/"))
                && p.ends_with(".html")
        })
        .cloned()
        .collect()
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
    /// Whether each draft and comparison gets a PDF beside its page: the
    /// pages link them (the caller prints them: [`printed`]).
    pub pdf: bool,
    /// The address the site will be published at, ending in `/`: the feed's
    /// ids and links and the citations are absolute under it.
    pub base_url: Option<String>,
}

/// The static site of a history of the project's drafts: every draft, every
/// comparison, the consultation, the search, and each section's history.
pub struct SiteRenderer<'a> {
    pub templates: &'a Templates,
    pub lang: Lang,
    /// See [`Options::pdf`].
    pub pdf: bool,
    /// See [`Options::base_url`].
    pub base_url: Option<String>,
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
            pdf: self.pdf,
            base_url: self.base_url.clone(),
        };
        // Each page goes out as it is made: a site of every commit has
        // thousands, tens of megabytes that are never held together.
        let sink = out.pages(self.name())?;
        let site = build_into(project, self.templates, &drafts, &options, sink)?;
        let notes = crate::render::history::draft_notes(project, history, self.lang)?;
        sections::add(
            &site,
            history,
            &drafts,
            self.templates,
            &notes,
            self.lang,
            sink,
        )?;
        // A step or a body the history could not read back from its
        // temporary file made a page wrong: the new folder is not swapped in.
        history.check_read_back("The site's folder was left as it was.")
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
    let mut pages = Pages::new();
    let mut site = build_into(project, templates, drafts, options, &mut pages)?;
    site.pages = pages;
    Ok(site)
}

/// Builds the site of `drafts` into `sink`, each page handed over once it
/// is made (or a few at a time); returns the site without its pages.
fn build_into(
    project: &Project,
    templates: &Templates,
    drafts: &SiteDrafts<'_>,
    options: &Options<'_>,
    sink: &mut dyn PageSink,
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
        notice: project.notice().map(str::to_owned),
        provenance: project
            .provenance(project.drafts("site")?.iter().map(|d| &*d.version))
            .map(Into::into),
        folios: consultation
            .iter()
            .flat_map(|c| &c.comments)
            .map(|c| c.folio.value.clone())
            .collect(),
        latest: drafts.len().checked_sub(1).map(|k| LatestDraft {
            title: drafts.drafts[k].meta.title.clone(),
            date: drafts.drafts[k].meta.date.clone(),
            url: drafts.draft_url(k),
        }),
        license: project.license().map(|l| LicenseView {
            name: l.name.value.clone(),
            url: l.url.as_ref().map(|u| u.value.clone()),
        }),
        pdf: options.pdf,
        base_url: options.base_url.clone(),
        ..Site::default()
    };
    let compared = b.comparisons(&mut site, sink)?;
    b.draft_pages(&mut site, sink)?;
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
        site.insert(CSV, open_data::csv(c, drafts, &site));
        site.insert(JSON, open_data::json(c, drafts, &site)?);
    }
    site.flush_into(sink)?;
    b.sources(&mut site);
    site.flush_into(sink)?;
    // GitHub Pages runs Jekyll on a folder unless it holds `.nojekyll`, and
    // Jekyll renders a Markdown file that starts with front matter as HTML:
    // a draft's source must stay the text it is, never a page.
    site.insert(".nojekyll", Vec::new());
    site.insert(FEED, feed::feed(&site, drafts, &compared));
    let search = SearchPage {
        base: site.page_base(0, "search"),
        drafts: (0..drafts.len()).map(|k| b.summary(k, 0)).collect(),
    };
    site.insert(
        "buscar.html",
        templates.render("site_buscar.html", &search)?,
    );
    site.insert("buscar.js", templates.source("site_buscar.js")?);
    let index = search_index(
        project,
        drafts,
        options.section_history,
        b.consultation,
        &site,
    )?;
    site.insert("indice-busqueda.js", index);
    // What every page shares.
    site.insert(
        "estilo.css",
        templates.render("site.css", &site.page_base(0, "home"))?,
    );
    site.insert("informe.js", templates.source("report.js")?);
    site.flush_into(sink)?;
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

impl Builder<'_> {
    fn lang(&self) -> Lang {
        self.options.lang
    }

    /// "Del Primer borrador al Segundo borrador".
    fn transition(&self, i: usize, j: usize) -> String {
        let name = |k: usize| &self.drafts.drafts[k].meta.title;
        crate::render::labels::transition(self.lang(), name(i), name(j))
    }
}
