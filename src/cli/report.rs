//! `cotejo report OLD NEW -o FILE.html`: the annotated comparison report.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::html_output::HtmlOutput;
use crate::error::Result;
use crate::project::Project;
use crate::render::Subject;
use crate::render::report::Report;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The older version (draft id, revision, WORKTREE or file).
    pub old: String,
    /// The newer version.
    pub new: String,
    #[command(flatten)]
    pub html: HtmlOutput,
}

pub(crate) fn run(project: &Project, args: &ReportArgs, out: &mut dyn Write) -> Result<ExitCode> {
    args.html.check(project, &[&args.old, &args.new])?;
    let templates = args.html.templates()?;
    let pair = project.pair(&args.old, &args.new)?;
    let renderer = Report {
        templates: &templates,
        lang: args.html.lang,
    };
    args.html
        .emit(&renderer, project, Subject::Pair(&pair), out)?;
    Ok(ExitCode::SUCCESS)
}
