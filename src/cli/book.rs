//! `cotejo book [-o DIR]`: the change history as an mdBook source.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::error::Result;
use crate::render::labels::Lang;
use crate::source::Sources;

#[derive(Debug, Args)]
pub struct BookArgs {
    /// The mdBook source folder to write (book.toml at the repository root reads book/src).
    #[arg(short, long, value_name = "DIR", default_value = "book/src")]
    pub output: PathBuf,
    /// Language of the labels.
    #[arg(long, value_enum, default_value_t = Lang::Es)]
    pub lang: Lang,
}

pub fn run(_sources: &Sources, _args: &BookArgs, _out: &mut dyn Write) -> Result<ExitCode> {
    todo!("cotejo book")
}
