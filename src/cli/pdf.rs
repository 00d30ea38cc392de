//! `cotejo pdf FILE.html [-o FILE.pdf]`: prints a report or changelog that
//! cotejo wrote to PDF, with a headless Chromium.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::html_output::say;
use crate::error::{Error, Result};
use crate::output::Written;

#[derive(Debug, Args)]
pub struct PdfArgs {
    /// The HTML file (from `cotejo report` or `cotejo changelog`).
    pub html: PathBuf,
    /// Where to write the PDF (default: beside the HTML, same name, .pdf; `-`
    /// for standard output). Written as `report -o` writes, and never the
    /// HTML itself.
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
    let to_stdout = pdf.as_os_str() == "-";
    if to_stdout && std::io::stdout().is_terminal() {
        return Err(Error::BinaryToTerminal {
            what: "PDF",
            extension: "pdf",
        });
    }
    // Before Chromium starts: refusing costs nothing. The input itself
    // (however named: `./x`, a link) first, then a PDF named like HTML.
    if !to_stdout {
        crate::output::refuse_input(&pdf, std::slice::from_ref(&args.html))?;
        let names_html = pdf
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        if names_html {
            return Err(Error::PdfNamedHtml {
                pdf: pdf.with_extension("pdf"),
                output: pdf,
            });
        }
        crate::output::writes_through(&pdf)?;
    }
    let chromium = crate::pdf::find_chromium(args.chromium.as_deref(), &args.html)?;
    let bytes = crate::pdf::print_to_pdf(&chromium, &args.html)?;
    if to_stdout {
        out.write_all(&bytes).map_err(|source| Error::Write {
            path: "standard output".into(),
            source,
        })?;
    } else if crate::output::write_file(&pdf, &bytes)? == Written::Whole {
        say(out, &pdf)?;
    }
    Ok(ExitCode::SUCCESS)
}
