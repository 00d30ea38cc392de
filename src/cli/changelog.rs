//! `cotejo changelog -o FILE.html`: the whole history declared in the manifest,
//! a chapter per transition between consecutive drafts, made for paper.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::html_output::HtmlOutput;
use crate::error::Result;
use crate::project::Project;
use crate::render::Subject;
use crate::render::report::Changelog;
use crate::render::view::Paper;

#[derive(Debug, Args)]
pub struct ChangelogArgs {
    /// The paper the pages are laid out for.
    #[arg(long, value_enum, default_value_t = Paper::Letter)]
    pub paper: Paper,
    #[command(flatten)]
    pub html: HtmlOutput,
}

pub(crate) fn run(
    project: &Project,
    args: &ChangelogArgs,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    args.html.check(project, &[])?;
    let templates = args.html.templates()?;
    let renderer = Changelog {
        templates: &templates,
        lang: args.html.lang,
        paper: args.paper,
    };
    args.html.emit(&renderer, project, Subject::Drafts, out)?;
    Ok(ExitCode::SUCCESS)
}
