//! The site's section histories: `secciones/index.html` and a page per
//! section (per lineage of the [`History`]): its steps, its notes, the blame
//! of its text.

use std::sync::Arc;

use minijinja::value::{Enumerator, Object, ObjectRepr, Serde, Value};
use serde::Serialize;

use super::{PageBase, Site, SiteDrafts};
use crate::error::Result;
use crate::history::History;
use crate::render::PageSink;
use crate::render::history::{self as hv, DraftNotes, IndexItem, Links, SectionHistoryView};
use crate::render::labels::Lang;
use crate::render::templates::Templates;

#[derive(Serialize)]
struct SectionPage<'a> {
    #[serde(flatten)]
    base: PageBase,
    #[serde(flatten)]
    view: &'a SectionHistoryView,
    /// A [`PointList`].
    points: Value,
    /// In a shallow clone followed commit by commit: the short commit where
    /// the history is cut (credited with everything written before it).
    truncated_at: Option<String>,
}

#[derive(Serialize)]
struct IndexPage {
    #[serde(flatten)]
    base: PageBase,
    items: Vec<IndexItem>,
    /// A [`PointList`].
    points: Value,
}

/// The history's points as the section pages' templates read them: a
/// point becomes a template value when a page reads it (`points[k]`).
/// Through serde, every page copied every point into template values to
/// read the three or four it names: with every commit followed, the
/// history's length times its sections (10,000 points on each of 2,341
/// pages at 10,000 commits), and a copy of all of them held per page being
/// made.
#[derive(Debug)]
struct PointList(hv::PointNames);

impl Object for PointList {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let k = key.as_usize().filter(|&k| k < self.0.len())?;
        Some(Value::from(Serde(self.0.view(k))))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.len())
    }
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
    let points = hv::PointNames::new(history, &links, &metas).titled();
    let points_value = Value::from_object(PointList(points.clone()));
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
            points: points_value.clone(),
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
        points: points_value,
    };
    let html = templates.render("site_sections.html", &index)?;
    sink.put("secciones/index.html".to_owned(), html.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{Point, Points};
    use crate::project::DraftMeta;

    fn point(label: &str, draft: bool, commit: &str) -> Point {
        Point {
            label: label.to_owned(),
            draft: draft.then(|| label.to_owned()),
            commit: Some(commit.repeat(40)),
            summary: Some(format!("Cambio {label}")),
            date: Some("2023-08-20".to_owned()),
        }
    }

    /// What the section pages' templates do with `points`, read through the
    /// list and through serde's copy of every point's view: the same text.
    #[test]
    fn the_point_list_reads_as_serdes_copy_of_the_points() {
        let points: Points = [
            point("borrador-1", true, "a"),
            point("0123abcd", false, "b"),
            point("borrador-2", true, "c"),
        ]
        .into_iter()
        .collect();
        let meta = |id: &str, title: &str| DraftMeta {
            id: id.to_owned(),
            title: title.to_owned(),
            date: "2023-08-20".to_owned(),
            stage: String::new(),
            approval: None,
        };
        let metas = [
            meta("borrador-1", "Primer borrador"),
            meta("borrador-2", "Segundo borrador"),
        ];
        let names = hv::PointNames::of(Arc::new(points), &Links::NONE, &metas).titled();
        let views: Vec<_> = (0..names.len()).map(|k| names.view(k)).collect();
        let as_serde = Value::from(Serde(&views));
        let as_list = Value::from_object(PointList(names));
        assert_eq!(
            serde_json::to_string(&as_list).unwrap(),
            serde_json::to_string(&as_serde).unwrap()
        );
        let mut env = minijinja::Environment::new();
        env.add_template(
            "t",
            "{{ points | length }}|{{ points[0].label }}|{{ points[points | length - 1].title }}\
             |{{ points[1] }}|{{ points[3] is undefined }}\
             |{% for p in points %}{{ p.index }}:{{ p.summary or p.draft }};{% endfor %}",
        )
        .unwrap();
        let t = env.get_template("t").unwrap();
        let render = |points: &Value| t.render(minijinja::context! { points }).unwrap();
        assert_eq!(render(&as_list), render(&as_serde));
        assert!(
            render(&as_list).starts_with("3|Primer borrador|Segundo borrador|"),
            "{}",
            render(&as_list)
        );
    }
}
