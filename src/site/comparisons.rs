//! The comparison pages: the report of every pair of drafts, in the site's
//! frame, with links to the sections' histories and the consultation.

use std::collections::BTreeMap;

use super::{Builder, Site, folio_url};
use crate::error::Result;
use crate::model::Summary;
use crate::project::DraftPairs;
use crate::render::PageSink;
use crate::render::report::report_view;

/// What the comparisons tell the other pages.
pub(super) struct Compared {
    /// Each pair's summary and number of changed sections.
    pub(super) summaries: BTreeMap<(usize, usize), (Summary, usize)>,
    /// The consulted draft and the one that answers it, as a pair of pages.
    pub(super) consulted_pair: Option<(usize, usize)>,
    /// In that pair's page: each consulted section's anchor (by its id in the
    /// consulted draft), and whether it is shown as a change.
    pub(super) consulted_anchors: BTreeMap<String, (String, bool)>,
}

impl Builder<'_> {
    /// A comparison page for every pair of drafts, old before new in the
    /// manifest's order: the report, with the site's frame and links.
    pub(super) fn comparisons(&self, site: &mut Site, sink: &mut dyn PageSink) -> Result<Compared> {
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
            let mut frame = site.page_base(1, "comparisons").site;
            frame.pdf = site
                .pdf
                .then(|| format!("{}--{}.pdf", drafts.files[i], drafts.files[j]));
            report.site = Some(frame);
            report.provenance = site.provenance.clone();
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
                        .insert(o.id.to_string(), (section.anchor.clone(), section.changed));
                }
            }
            out.summaries
                .insert((i, j), (cmp.summary, report.changed_sections));
            let html = self.templates.render("report.html", &report)?;
            site.insert(drafts.comparison_url(i, j), html);
            site.flush_into(sink)?;
            // A comparison of two drafts far apart is tens of megabytes of
            // temporaries, freed among what the site keeps (the history, the
            // drafts): given back before the next one is made.
            crate::memory::release_free_pages();
        }
        Ok(out)
    }
}
