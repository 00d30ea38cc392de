//! `cotejo site [-o DIR]`: the public change history as a static site.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::error::Result;
use crate::render::labels::Lang;
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

pub fn run(_sources: &Sources, _args: &SiteArgs, _out: &mut dyn Write) -> Result<ExitCode> {
    todo!("cotejo site")
}
