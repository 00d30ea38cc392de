//! `cotejo report OLD NEW -o FILE.html`: the annotated comparison report;
//! `-o FILE.docx` (or `--format docx`): the Word redline.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::html_output::HtmlOutput;
use crate::error::{Error, Result};
use crate::project::Project;
use crate::render::Subject;
use crate::render::docx::Docx;
use crate::render::report::Report;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The older version (draft id, revision, WORKTREE or file).
    pub old: String,
    /// The newer version.
    pub new: String,
    #[command(flatten)]
    pub html: HtmlOutput,
    /// What to write: the HTML report (or its PDF, for `-o FILE.pdf`), or
    /// `docx`, a Word document whose every change is a tracked change
    /// (insertions, deletions and moves by the new draft's stage, on its
    /// date; the editors' notes as comments). Without it, the format follows
    /// the name: `-o FILE.docx` is the Word document.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ReportFormat>,
}

/// The forms of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Html,
    Docx,
}

impl ReportArgs {
    /// Whether to write the Word redline: asked for, or named `.docx`.
    fn docx(&self) -> bool {
        match self.format {
            Some(f) => f == ReportFormat::Docx,
            None => self
                .html
                .output
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("docx")),
        }
    }
}

pub(crate) fn run(project: &Project, args: &ReportArgs, out: &mut dyn Write) -> Result<ExitCode> {
    if args.docx() {
        return run_docx(project, args, out);
    }
    args.html.check(project, &[&args.old, &args.new])?;
    let templates = args.html.templates()?;
    let pair = project.pair(&args.old, &args.new)?;
    let renderer = Report {
        templates: &templates,
        lang: args.html.lang,
    };
    args.html
        .emit(&renderer, project, Subject::Pair(&pair), out)?;
    Ok(ExitCode::SUCCESS)
}

/// The Word redline: options that shape HTML are refused before any work.
fn run_docx(project: &Project, args: &ReportArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let refuse = |option| Error::NotForDocx {
        option,
        output: args.html.output.clone(),
    };
    if args.html.pdf {
        return Err(refuse("--pdf"));
    }
    if args.html.templates.is_some() {
        return Err(refuse("--templates"));
    }
    if args.html.chromium.is_some() {
        return Err(refuse("--chromium"));
    }
    if args.html.pdf_only() {
        return Err(refuse("a name ending in .pdf"));
    }
    args.html.check(project, &[&args.old, &args.new])?;
    if args.html.output.as_os_str() == "-" && std::io::stdout().is_terminal() {
        return Err(Error::BinaryToTerminal {
            what: "Word document",
            extension: "docx",
        });
    }
    let pair = project.pair(&args.old, &args.new)?;
    let renderer = Docx {
        lang: args.html.lang,
    };
    args.html
        .emit(&renderer, project, Subject::Pair(&pair), out)?;
    Ok(ExitCode::SUCCESS)
}
