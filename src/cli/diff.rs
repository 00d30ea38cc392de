//! `cotejo diff OLD NEW`.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::ColorChoice;
use crate::compare;
use crate::error::{Error, Result};
use crate::render;
use crate::source::Sources;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older version.
    pub old: String,
    /// The newer version.
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Colour the text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only the summary and one line per changed section.
    #[arg(long)]
    pub stat: bool,
    /// Exit with status 1 when the versions differ (0 when they do not).
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(sources: &Sources, args: &DiffArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let (old, new) =
        crate::source::assemble_pair(sources.read(&args.old)?, sources.read(&args.new)?);
    let cmp = compare::compare(old.side(), new.side(), &compare::Options::default());
    let written = match args.format {
        Format::Json => render::json::write(&cmp, out),
        Format::Text => render::text::write(
            &cmp,
            render::text::TextOptions {
                color: args.color.enabled(),
                stat: args.stat,
            },
            out,
        ),
    };
    written.map_err(|source| Error::Write {
        path: "standard output".into(),
        source,
    })?;
    let differ = cmp.summary.has_differences();
    // The process ends right after this: freeing megabytes of sections and
    // tokens one by one would only delay the exit.
    std::mem::forget((old, new, cmp));
    Ok(if args.exit_code && differ {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
