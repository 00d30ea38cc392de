//! What `report` and `changelog` share: where the HTML goes, its labels, its
//! templates, and the optional PDF beside it.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::error::{Error, Result};
use crate::output::{Destination, Written};
use crate::project::Project;
use crate::render::labels::Lang;
use crate::render::templates::Templates;
use crate::render::{Renderer, Subject};

#[derive(Debug, Args)]
pub struct HtmlOutput {
    /// Where to write the HTML (one self-contained file; `-` for standard
    /// output), or the PDF when FILE ends in `.pdf` (printed with a headless
    /// Chromium, as --pdf does; no HTML is left). A file is replaced whole, keeping its mode; a symlink is
    /// followed (the file it points to is replaced, the link kept); a pipe or
    /// a device such as /dev/null is written through. Never one of the
    /// command's own input files.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Language of the labels.
    #[arg(long, value_enum, default_value_t = Lang::Es)]
    pub lang: Lang,
    /// A folder of templates that replace the built-in ones of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Also print it to PDF beside the HTML (same name, .pdf), with a headless Chromium.
    #[arg(long)]
    pub pdf: bool,
    /// The Chromium (or Chrome) to print with, for --pdf or `-o FILE.pdf`
    /// (default: $CHROMIUM, else chromium on PATH).
    #[arg(long, value_name = "PATH")]
    pub chromium: Option<PathBuf>,
}

impl HtmlOutput {
    pub fn templates(&self) -> Result<Templates> {
        crate::project::load_templates(self.templates.as_deref())
    }

    /// `-o -`: standard output.
    fn to_stdout(&self) -> bool {
        self.output.as_os_str() == "-"
    }

    /// `-o FILE.pdf`: the output is the PDF (the format follows the name).
    pub(crate) fn pdf_only(&self) -> bool {
        self.output
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
    }

    /// Refuses, before any work, an output that would overwrite a file the
    /// command reads (the project's files, the templates, and `named`: the
    /// files named on the command line), and --pdf without an HTML file of
    /// its own to print.
    pub fn check(&self, project: &Project, named: &[&str]) -> Result<()> {
        let no_file = || Error::PdfNeedsFile {
            output: self.output.clone(),
        };
        if self.to_stdout() {
            return if self.pdf { Err(no_file()) } else { Ok(()) };
        }
        // Also refuses what takes no output (a folder) before any work.
        let through = crate::output::writes_through(&self.output)?;
        if self.pdf && through && !self.pdf_only() {
            return Err(no_file());
        }
        let mut inputs = project.files_on_disk();
        inputs.extend(named.iter().map(PathBuf::from));
        if let Some(dir) = &self.templates {
            inputs.extend(
                std::fs::read_dir(dir)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.path()),
            );
        }
        crate::output::refuse_input(&self.output, &inputs)?;
        if self.pdf_only() {
            // Before any work: without a browser there is no PDF to write.
            self.chromium_for_pdf()?;
        } else if self.pdf {
            crate::output::refuse_input(&crate::pdf::beside(&self.output), &inputs)?;
        }
        Ok(())
    }

    /// Renders into the HTML file (written whole) or standard output, then
    /// prints the PDF when asked, naming each file on `out` as it is done
    /// (not a pipe or a device written through: the name would follow the
    /// HTML there).
    pub fn emit(
        &self,
        renderer: &dyn Renderer,
        project: &Project,
        subject: Subject<'_>,
        out: &mut dyn Write,
    ) -> Result<()> {
        if self.to_stdout() {
            crate::output::emit(renderer, project, subject, Destination::Stream(out))?;
            return Ok(());
        }
        if self.pdf_only() {
            return self.emit_pdf(renderer, project, subject, out);
        }
        let written =
            crate::output::emit(renderer, project, subject, Destination::File(&self.output))?;
        if written == Written::Whole {
            say(out, &self.output)?;
        }
        if self.pdf {
            let pdf = crate::pdf::beside(&self.output);
            let chromium = crate::pdf::find_chromium(self.chromium.as_deref(), &self.output)?;
            let bytes = crate::pdf::print_to_pdf(&chromium, &self.output)?;
            if crate::output::write_file(&pdf, &bytes)? == Written::Whole {
                say(out, &pdf)?;
            }
        }
        Ok(())
    }
}

impl HtmlOutput {
    /// The Chromium for `-o FILE.pdf`, or an error that says how to get one
    /// or how to have the HTML instead.
    fn chromium_for_pdf(&self) -> Result<PathBuf> {
        crate::pdf::find_chromium(self.chromium.as_deref(), &self.output).map_err(|e| match e {
            Error::NoChromium { looked, .. } => Error::NoChromiumForPdf {
                looked,
                output: self.output.clone(),
                html: self.output.with_extension("html"),
            },
            other => other,
        })
    }

    /// `-o FILE.pdf`: the HTML rendered into a private temporary folder,
    /// printed, and only the PDF written (whole, or not at all).
    fn emit_pdf(
        &self,
        renderer: &dyn Renderer,
        project: &Project,
        subject: Subject<'_>,
        out: &mut dyn Write,
    ) -> Result<()> {
        let chromium = self.chromium_for_pdf()?;
        let work = tempfile::Builder::new()
            .prefix("cotejo-print-")
            .tempdir()
            .map_err(|source| Error::Write {
                path: std::env::temp_dir(),
                source,
            })?;
        let name = self.output.with_extension("html");
        let html = work
            .path()
            .join(name.file_name().unwrap_or("cotejo.html".as_ref()));
        crate::output::emit(renderer, project, subject, Destination::File(&html))?;
        let bytes = crate::pdf::print_to_pdf(&chromium, &html)?;
        if crate::output::write_file(&self.output, &bytes)? == Written::Whole {
            say(out, &self.output)?;
        }
        Ok(())
    }
}

pub(crate) fn say(out: &mut dyn Write, path: &Path) -> Result<()> {
    writeln!(out, "{}", path.display()).map_err(|source| Error::Write {
        path: "standard output".into(),
        source,
    })
}
