//! `cotejo site [-o DIR]`: the public change history as a static site.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::history::leave;
use super::html_output::say;
use crate::error::Result;
use crate::output::Destination;
use crate::progress::Progress;
use crate::project::Project;
use crate::render::Subject;
use crate::render::labels::Lang;
use crate::site::{self, SiteRenderer};

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The folder to write the site to (replaced whole, only once the new site is complete).
    #[arg(short, long, value_name = "DIR", default_value = "site")]
    pub output: PathBuf,
    /// Language of the labels.
    #[arg(long, value_enum, default_value_t = Lang::Es)]
    pub lang: Lang,
    /// A folder of templates that replace the built-in ones of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Follow every commit that touched the document, not only the declared
    /// drafts: each section's history page shows every commit that changed it.
    #[arg(long)]
    pub all_commits: bool,
}

pub(crate) fn run(project: &Project, args: &SiteArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let marker = site::marker();
    crate::output::refuse_pdf_folder(&args.output, "cotejo site")?;
    // A folder that is not ours is refused before any work, not after.
    crate::output::check_ours(&args.output, &marker)?;
    let templates = crate::project::load_templates(args.templates.as_deref())?;
    // The drafts the site shows are the history's points (read once), or
    // with --all-commits, marked among every commit.
    let history = project.history("site", args.all_commits, &Progress::stderr())?;
    super::history::warn_if_truncated(&history);
    let renderer = SiteRenderer {
        templates: &templates,
        lang: args.lang,
    };
    crate::output::emit(
        &renderer,
        project,
        Subject::History(&history),
        Destination::Folder(&args.output, &marker),
    )?;
    say(out, &args.output)?;
    leave(history);
    Ok(ExitCode::SUCCESS)
}
