//! `cotejo site [-o DIR]`: the public change history as a static site.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::history::{leave, load};
use super::html_output::say;
use crate::error::Result;
use crate::history::History;
use crate::render::history as history_view;
use crate::render::labels::Lang;
use crate::render::templates::Templates;
use crate::site;
use crate::source::Sources;

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

pub fn run(sources: &Sources, args: &SiteArgs, out: &mut dyn Write) -> Result<ExitCode> {
    // A folder that is not ours is refused before any work, not after.
    crate::output::check_ours(&args.output, &site::marker())?;
    let templates = Templates::load(args.templates.as_deref())?;
    let drafts = site::SiteDrafts::load(sources)?;
    // The drafts the site shows are the history's points (read once), or
    // with --all-commits, marked among every commit.
    let history = if args.all_commits {
        load(sources, true, "cotejo site")?
    } else {
        History::of_versions(drafts.manifest, drafts.versions.clone())
    };
    let links = |draft: usize, section: usize| {
        site::sections::draft_section_url(&history, &drafts, draft, section)
    };
    let options = site::Options {
        lang: args.lang,
        section_history: &links,
        sections: true,
    };
    let mut built = site::build_from(sources, &templates, &drafts, &options)?;
    let notes = history_view::load_notes(sources, &history, args.lang)?;
    site::sections::add(&mut built, &history, &drafts, &templates, &notes, args.lang)?;
    site::write(&args.output, &built)?;
    say(out, &args.output)?;
    leave((history, built, drafts));
    Ok(ExitCode::SUCCESS)
}
