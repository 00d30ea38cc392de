//! `cotejo site [-o DIR]`: the public change history as a static site.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::html_output::say;
use crate::error::{Error, Result};
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
    /// Follow every commit that touched the document, not only the declared drafts.
    #[arg(long)]
    pub all_commits: bool,
}

pub fn run(sources: &Sources, args: &SiteArgs, out: &mut dyn Write) -> Result<ExitCode> {
    if args.all_commits {
        return Err(Error::NotYet {
            what: "`cotejo site --all-commits`".to_owned(),
        });
    }
    let templates = Templates::load(args.templates.as_deref())?;
    let no_history = |_: usize, _: usize| None;
    let options = site::Options {
        lang: args.lang,
        section_history: &no_history,
    };
    let built = site::build(sources, &templates, &options)?;
    site::write(&args.output, &built)?;
    say(out, &args.output)?;
    Ok(ExitCode::SUCCESS)
}
