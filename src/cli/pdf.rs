//! `cotejo pdf FILE.html [-o FILE.pdf]`: prints a report or changelog that
//! cotejo wrote to PDF, with a headless Chromium.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::error::{Error, Result};

use super::html_output::print_pdf;

#[derive(Debug, Args)]
pub struct PdfArgs {
    /// The HTML file (from `cotejo report` or `cotejo changelog`).
    pub html: PathBuf,
    /// Where to write the PDF (default: beside the HTML, same name, .pdf).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The Chromium (or Chrome) to print with (default: $CHROMIUM, else chromium on PATH).
    #[arg(long, value_name = "PATH")]
    pub chromium: Option<PathBuf>,
}

pub(crate) fn run(args: &PdfArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let pdf = args
        .output
        .clone()
        .unwrap_or_else(|| crate::pdf::beside(&args.html));
    print_pdf(args.chromium.as_deref(), &args.html, &pdf)?;
    writeln!(out, "{}", pdf.display()).map_err(|source| Error::Write {
        path: "standard output".into(),
        source,
    })?;
    Ok(ExitCode::SUCCESS)
}
