//! `cotejo diff OLD NEW`.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::ColorChoice;
use crate::error::Result;
use crate::output::Destination;
use crate::project::{Pair, Project};
use crate::render::Subject;
use crate::render::text::{Text, TextOptions};

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
    let differ = pair.comparison.summary.has_differences();
    let code = if args.exit_code && differ {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if args.format == Format::Json {
        // The JSON says each text's hash, not the text: the two texts (10 MB
        // of the 5 MB bench pair) are freed before it is written, which makes
        // room for its formatting on every core.
        let provenance = project.provenance([&pair.old, &pair.new]);
        let Pair {
            old,
            new,
            comparison,
        } = pair;
        old.free_text_at_exit();
        new.free_text_at_exit();
        crate::render::json::write_json(&comparison, provenance, out)?;
        std::mem::forget(comparison);
        return Ok(code);
    }
    let text = Text(TextOptions {
        color: args.color.enabled(),
        stat: args.stat,
    });
    crate::output::emit(
        &text,
        project,
        Subject::Pair(&pair),
        Destination::Stream(out),
    )?;
    // The process ends right after this: freeing megabytes of sections and
    // tokens one by one would only delay the exit.
    std::mem::forget(pair);
    Ok(code)
}
