//! The site's section histories: `secciones/index.html` and a page per
//! section (per lineage of the [`History`]): its steps, its notes, the blame
//! of its text.

use serde::Serialize;

use super::{PageBase, Site, SiteDrafts};
use crate::error::Result;
use crate::history::History;
use crate::render::PageSink;
use crate::render::history::{
    self as hv, DraftNotes, IndexItem, Links, PointView, SectionHistoryView,
};
use crate::render::labels::Lang;
use crate::render::templates::Templates;

#[derive(Serialize)]
struct SectionPage<'a> {
    #[serde(flatten)]
    base: PageBase,
    #[serde(flatten)]
    view: &'a SectionHistoryView,
    points: &'a [PointView],
    /// In a shallow clone followed commit by commit: the short commit where
    /// the history is cut (credited with everything written before it).
    truncated_at: Option<String>,
}

#[derive(Serialize)]
struct IndexPage<'a> {
    #[serde(flatten)]
    base: PageBase,
    items: Vec<IndexItem>,
    points: &'a [PointView],
}

/// The history page of lineage `lineage`, from the site's root.
pub fn url(history: &History, lineage: usize) -> String {
    format!("secciones/{}.html", history.lineages()[lineage].key)
}

/// The history page of section `section` of draft `draft` (the manifest's
/// order), when the history follows that draft and its sections are the
/// ones the site shows.
pub fn draft_section_url(
    history: &History,
    drafts: &SiteDrafts<'_>,
    draft: usize,
    section: usize,
) -> Option<String> {
    let point = history.draft_point(drafts.id(draft))?;
    let shown = drafts.drafts[draft]
        .version
        .document
        .sections()
        .get(section)?;
    let followed =
        (section < history.section_count(point)).then(|| history.section(point, section))?;
    // With --all-commits a draft is read as the manifest's files at its
    // commit; a draft that lists files of its own may differ: no link then.
    (shown.id == followed.id()).then(|| url(history, history.lineage_of(point, section)))
}

/// How many sections' pages are made (on every core) before they are handed
/// over: enough to keep both cores busy, few enough that the pages of a long
/// history are never held together.
const PAGES_AT_ONCE: usize = 64;

/// Makes the index of sections and every section's history page, in the
/// frame of `site`, and hands them to `sink` a few at a time.
pub fn add(
    site: &Site,
    history: &History,
    drafts: &SiteDrafts<'_>,
    templates: &Templates,
    notes: &DraftNotes,
    lang: Lang,
    sink: &mut dyn PageSink,
) -> Result<()> {
    let position = |id: &str| (0..drafts.len()).find(|&k| drafts.id(k) == id);
    let draft_url = |id: &str| position(id).map(|k| drafts.draft_url(k));
    let comparison_url = |a: &str, b: &str| {
        let (a, b) = (position(a)?, position(b)?);
        (a < b).then(|| drafts.comparison_url(a, b))
    };
    let section_url = |l: usize| Some(format!("{}.html", history.lineages()[l].key));
    let links = Links {
        draft: &draft_url,
        comparison: &comparison_url,
        section: &section_url,
    };
    let metas: Vec<_> = drafts.drafts.iter().map(|d| d.meta.clone()).collect();
    // A draft is named by its title on the public pages, not by its id.
    let mut points = hv::points(history, &links, &metas);
    for p in &mut points {
        if let Some(title) = &p.title {
            p.label = title.clone();
        }
    }
    let lineages: Vec<usize> = (0..history.lineages().len()).collect();
    let page = |&l: &usize| -> Result<(String, String)> {
        let mut view = hv::section_history(history, l, &points, notes, &links, lang);
        for note in view
            .steps
            .iter_mut()
            .flat_map(|s| s.section.notes.iter_mut())
        {
            // A note's folios link to their comments in the consultation report.
            note.folio_links = note
                .folios
                .iter()
                .map(|f| super::folio_url(site, f, 1))
                .collect();
        }
        let page = SectionPage {
            base: site.page_base(1, "sections"),
            view: &view,
            points: &points,
            truncated_at: history
                .truncated_at()
                .map(|c| crate::version::short_commit(c).to_owned()),
        };
        Ok((
            url(history, l),
            templates.render("site_section.html", &page)?,
        ))
    };
    for batch in lineages.chunks(PAGES_AT_ONCE) {
        for made in crate::parallel::map(batch, 16, page) {
            let (path, html) = made?;
            sink.put(path, html.into_bytes())?;
        }
        // The batch's views and pages, freed on both cores among what the
        // history keeps: given back before the next batch is made.
        crate::memory::release_free_pages();
    }
    let index = IndexPage {
        base: site.page_base(1, "sections"),
        items: hv::index(history, lang),
        points: &points,
    };
    let html = templates.render("site_sections.html", &index)?;
    sink.put("secciones/index.html".to_owned(), html.into_bytes())
}
