//! `cotejo expediente [VERSION] -o FILE.html`: the review dossier of one of
//! the manifest's drafts (the last by default), made for paper.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::html_output::HtmlOutput;
use crate::error::{Error, Result};
use crate::project::Project;
use crate::render::Subject;
use crate::render::expediente::Expediente;
use crate::render::view::Paper;

#[derive(Debug, Args)]
pub struct ExpedienteArgs {
    /// The draft under review: a draft id of the manifest (default: the last draft).
    #[arg(value_name = "VERSION")]
    pub version: Option<String>,
    /// The paper the pages are laid out for.
    #[arg(long, value_enum, default_value_t = Paper::Letter)]
    pub paper: Paper,
    #[command(flatten)]
    pub html: HtmlOutput,
}

/// The last draft's id, which VERSION defaults to (`None` without a
/// manifest or drafts: the command then says what it needs).
pub(crate) fn last_draft(project: &Project) -> Option<String> {
    project.draft_metas().pop().map(|d| d.id)
}

pub(crate) fn run(
    project: &Project,
    args: &ExpedienteArgs,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let manifest = project.require_manifest("expediente")?;
    let drafts = project.draft_metas();
    let version = match &args.version {
        Some(v) => v.clone(),
        // The manifest declares at least one draft (it is refused otherwise).
        None => drafts.last().map(|d| d.id.clone()).unwrap_or_default(),
    };
    let draft = project
        .draft_position(&version)
        .ok_or_else(|| Error::NotADraft {
            version: version.clone(),
            manifest: manifest.path.clone(),
            drafts: drafts
                .iter()
                .map(|d| d.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    args.html.check(project, &[])?;
    let templates = args.html.templates()?;
    let renderer = Expediente {
        templates: &templates,
        lang: args.html.lang,
        paper: args.paper,
        draft,
    };
    args.html.emit(&renderer, project, Subject::Drafts, out)?;
    Ok(ExitCode::SUCCESS)
}
