//! `cotejo history SECTION`: the life of one section across the drafts.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::ColorChoice;
use crate::error::Result;
use crate::source::Sources;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The section: its id, its heading (with or without number) or its number.
    pub section: String,
    /// Follow every commit that touched the document, not only the declared drafts.
    #[arg(long)]
    pub all_commits: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

pub fn run(_sources: &Sources, _args: &HistoryArgs, _out: &mut dyn Write) -> Result<ExitCode> {
    todo!("cotejo history")
}
