//! The annotated report of one comparison (`cotejo report`) and the changelog
//! of every transition between the manifest's drafts (`cotejo changelog`):
//! HTML from the templates, over the view models of [`super::view`].

use super::labels::Lang;
use super::templates::Templates;
use super::view::{self, Paper, ReportInput, ReportView};
use super::{Form, Out, Renderer, Subject, unsupported};
use crate::error::Result;
use crate::model::Comparison;
use crate::project::{DraftPairs, Project};
use crate::version::Version;

/// The comparison of `old` → `new` as the report's view model, with the
/// manifest's draft details and the editors' notes of the transition.
pub fn report_view(
    project: &Project,
    old: &Version,
    new: &Version,
    comparison: &Comparison,
    title: String,
    lang: Lang,
) -> Result<ReportView> {
    let notes = project.transition_notes(&old.label, &new.label)?;
    Ok(view::report(ReportInput {
        lang,
        title,
        comparison,
        old: &old.document,
        new: &new.document,
        old_draft: project.draft_meta(&old.label),
        new_draft: project.draft_meta(&new.label),
        notes: view::notes_by_section(&notes, lang),
    }))
}

/// The annotated report of a comparison: one self-contained HTML file.
pub struct Report<'a> {
    pub templates: &'a Templates,
    pub lang: Lang,
}

impl Renderer for Report<'_> {
    fn name(&self) -> &'static str {
        "report"
    }

    fn form(&self) -> Form {
        Form::Stream
    }

    fn render(&self, project: &Project, subject: Subject<'_>, out: Out<'_>) -> Result<()> {
        let pair = super::pair_of(self.name(), subject)?;
        let title = project.title_of(&pair.new);
        let mut view = report_view(
            project,
            &pair.old,
            &pair.new,
            &pair.comparison,
            title,
            self.lang,
        )?;
        view.provenance = project.provenance([&pair.old, &pair.new]).map(Into::into);
        let html = self
            .templates
            .render_value("report.html", view::report_context(view))?;
        out.put_whole(self.name(), html.into_bytes())
    }
}

/// Every transition between consecutive drafts of the manifest, a chapter
/// each, as one HTML file made for paper.
pub struct Changelog<'a> {
    pub templates: &'a Templates,
    pub lang: Lang,
    pub paper: Paper,
}

impl Renderer for Changelog<'_> {
    fn name(&self) -> &'static str {
        "changelog"
    }

    fn form(&self) -> Form {
        Form::Stream
    }

    fn render(&self, project: &Project, subject: Subject<'_>, out: Out<'_>) -> Result<()> {
        let Subject::Drafts = subject else {
            return Err(unsupported(self.name(), subject));
        };
        let drafts = project.require_drafts("changelog", 2)?;
        let title = project.drafts_title("changelog")?;
        let mut chapters = Vec::new();
        for (k, step) in project
            .draft_comparisons("changelog", DraftPairs::Consecutive)?
            .enumerate()
        {
            let (old, new) = (&drafts[step.old].version, &drafts[step.new].version);
            let report = report_view(
                project,
                old,
                new,
                &step.comparison,
                title.clone(),
                self.lang,
            )?;
            chapters.push(view::changelog_chapter(k + 1, report));
        }
        let mut view = view::changelog(self.lang, title, self.paper, chapters);
        view.provenance = project
            .provenance(drafts.iter().map(|d| &*d.version))
            .map(Into::into);
        let html = self.templates.render("changelog.html", &view)?;
        out.put_whole(self.name(), html.into_bytes())
    }
}
