//! `cotejo book [-o DIR]`: the change history as an mdBook source.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::html_output::say;
use crate::book::{self, BookRenderer};
use crate::error::Result;
use crate::output::Destination;
use crate::progress::Progress;
use crate::project::Project;
use crate::render::Subject;
use crate::render::labels::Lang;

#[derive(Debug, Args)]
pub struct BookArgs {
    /// The mdBook source folder to write [default: book/src at the root of
    /// the repository, where book.toml reads it; else in this folder].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Language of the labels.
    #[arg(long, value_enum, default_value_t = Lang::Es)]
    pub lang: Lang,
    /// A folder of templates that replace the built-in ones of the same name
    /// (the book uses `book.css`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

pub(crate) fn run(project: &Project, args: &BookArgs, out: &mut dyn Write) -> Result<ExitCode> {
    project.require_drafts("book", 1)?;
    let output = match &args.output {
        Some(dir) => dir.clone(),
        None => project
            .repository_root()
            .map_or_else(|| PathBuf::from("book/src"), |root| root.join("book/src")),
    };
    let marker = book::marker();
    crate::output::refuse_pdf_folder(&output, "cotejo book")?;
    // A folder that is not ours is refused before any work, not after.
    crate::output::check_ours(&output, &marker)?;
    let templates = crate::project::load_templates(args.templates.as_deref())?;
    // Each draft is read and parsed once; the history compares each with the
    // next and follows every section through them.
    let history = project.history("book", false, &Progress::hidden())?;
    crate::output::emit(
        &BookRenderer {
            templates: &templates,
            lang: args.lang,
        },
        project,
        Subject::History(&history),
        Destination::Folder(&output, &marker),
    )?;
    say(out, &output)?;
    Ok(ExitCode::SUCCESS)
}
