//! `cotejo blame [DRAFT]`: for each paragraph of a draft, the draft that introduced it.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use crate::error::Result;
use crate::source::Sources;

#[derive(Debug, Args)]
pub struct BlameArgs {
    /// The draft (default: the manifest's last).
    pub draft: Option<String>,
    /// Follow every commit that touched the document, not only the declared drafts.
    #[arg(long)]
    pub all_commits: bool,
}

pub fn run(_sources: &Sources, _args: &BlameArgs, _out: &mut dyn Write) -> Result<ExitCode> {
    todo!("cotejo blame")
}
