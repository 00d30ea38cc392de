//! `cotejo diff OLD NEW`.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::ColorChoice;
use crate::error::Result;
use crate::output::Destination;
use crate::project::Project;
use crate::render::json::Json;
use crate::render::text::{Text, TextOptions};
use crate::render::{Renderer, Subject};

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

pub(crate) fn run(project: &Project, args: &DiffArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let pair = project.pair(&args.old, &args.new)?;
    let text = Text(TextOptions {
        color: args.color.enabled(),
        stat: args.stat,
    });
    let renderer: &dyn Renderer = match args.format {
        Format::Json => &Json,
        Format::Text => &text,
    };
    crate::output::emit(
        renderer,
        project,
        Subject::Pair(&pair),
        Destination::Stream(out),
    )?;
    let differ = pair.comparison.summary.has_differences();
    // The process ends right after this: freeing megabytes of sections and
    // tokens one by one would only delay the exit.
    std::mem::forget(pair);
    Ok(if args.exit_code && differ {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
