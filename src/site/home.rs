//! The home page: the document, the process, the drafts, each step and every
//! pair of drafts.

use serde::Serialize;

use super::comparisons::Compared;
use super::drafts::DraftSummary;
use super::{Builder, PageBase, Site};
use crate::error::Result;
use crate::project::ConsultationSummary;

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

impl Builder<'_> {
    /// The home page: the process, the drafts, each step, every pair.
    pub(super) fn home(&self, site: &mut Site, compared: &Compared) -> Result<()> {
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
