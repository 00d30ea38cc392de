//! The review dossier (`cotejo expediente`): one HTML document made for
//! paper, over the view of [`super::view::expediente`]. Its cuadro is a
//! changelog chapter ([`super::view::changelog_chapter`]) of the text put to
//! consultation against the draft under review, rendered by the changelog's
//! own template part (`_cuadro.html`).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::labels::Lang;
use super::report::report_view;
use super::templates::Templates;
use super::view::{
    self, ChapterView, ConsultationState, CuadroPart, ExpedienteInput, Paper, VersionView,
};
use super::{Form, Out, Renderer, Subject, unsupported};
use crate::compare;
use crate::error::{Error, Result};
use crate::history::History;
use crate::project::Project;
use crate::version::Version;

/// The dossier of one of the manifest's drafts.
pub struct Expediente<'a> {
    pub templates: &'a Templates,
    pub lang: Lang,
    pub paper: Paper,
    /// The draft under review: its place in the manifest's order.
    pub draft: usize,
}

impl Expediente<'_> {
    /// The comparison of `old` → `new` as a changelog chapter, its notes
    /// those of every step between them.
    fn chapter(
        &self,
        project: &Project,
        old: &Version,
        new: &Version,
        title: &str,
    ) -> Result<ChapterView> {
        let comparison = compare::compare(old.side(), new.side(), &compare::Options::default());
        let report = report_view(project, old, new, &comparison, title.to_owned(), self.lang)?;
        let mut chapter = view::changelog_chapter(1, report);
        // The dossier's own ids start with `_`: a draft's ids never do.
        chapter.id = "_c".to_owned();
        Ok(chapter)
    }
}

impl Renderer for Expediente<'_> {
    fn name(&self) -> &'static str {
        "expediente"
    }

    fn form(&self) -> Form {
        Form::Stream
    }

    fn render(&self, project: &Project, subject: Subject<'_>, out: Out<'_>) -> Result<()> {
        let Subject::Drafts = subject else {
            return Err(unsupported(self.name(), subject));
        };
        let drafts = project.require_drafts("expediente", 1)?;
        let Some(target) = drafts.get(self.draft) else {
            return Err(Error::Renderer {
                renderer: self.name(),
                message: format!("was given draft {} of {}", self.draft + 1, drafts.len()),
            });
        };
        let manifest = project.require_manifest("expediente")?;
        let title = project.title_of(&target.version);
        let consultation = project.consultation()?;
        let consulted = consultation
            .and_then(|c| project.draft_position(&c.consultation.draft.value))
            .filter(|&k| k < self.draft);
        let state = match (consultation, consulted) {
            (None, _) => ConsultationState::None,
            (Some(_), None) => ConsultationState::Later,
            (Some(_), Some(_)) => ConsultationState::Shown,
        };

        // The cuadro: from the text put to consultation, else from the draft before.
        let from = consulted
            .map(|k| (k, true))
            .or_else(|| self.draft.checked_sub(1).map(|k| (k, false)));
        let cuadro = match from {
            Some((k, from_consultation)) => Some(CuadroPart {
                from_consultation,
                chapter: self.chapter(project, &drafts[k].version, &target.version, &title)?,
            }),
            None => None,
        };

        let chain = &drafts[..=self.draft];
        let history = History::of_versions(
            manifest,
            chain.iter().map(|d| Arc::clone(&d.version)).collect(),
        );
        let mut notes = BTreeMap::new();
        for d in chain {
            notes.insert(d.meta.id.clone(), project.notes_of(&d.meta.id)?);
        }
        let draft_titles = drafts
            .iter()
            .map(|d| (d.meta.id.clone(), d.meta.title.clone()))
            .collect();
        let mut view = view::expediente(ExpedienteInput {
            lang: self.lang,
            title,
            paper: self.paper,
            version: VersionView::new(&target.version.info(), Some(&target.meta)),
            drafts: chain
                .iter()
                .map(|d| VersionView::new(&d.version.info(), Some(&d.meta)))
                .collect(),
            document: &target.version.document,
            cuadro,
            history: &history,
            draft_titles,
            notes,
            consultation: consultation.filter(|_| state == ConsultationState::Shown),
            consulted: consulted.map(|k| &drafts[k].version.document),
            consultation_state: state,
        });
        view.provenance = project
            .provenance(chain.iter().map(|d| &*d.version))
            .map(Into::into);
        let html = self.templates.render("expediente.html", &view)?;
        out.put_whole(self.name(), html.into_bytes())
    }
}
