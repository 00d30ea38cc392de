//! What `report` and `changelog` share: where the HTML goes, its labels, its
//! templates, and the optional PDF beside it.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::error::{Error, Result};
use crate::output::Destination;
use crate::project::Project;
use crate::render::labels::Lang;
use crate::render::templates::Templates;
use crate::render::{Renderer, Subject};

#[derive(Debug, Args)]
pub struct HtmlOutput {
    /// Where to write the HTML (one self-contained file).
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
    /// The Chromium (or Chrome) to print with (default: $CHROMIUM, else chromium on PATH).
    #[arg(long, value_name = "PATH", requires = "pdf")]
    pub chromium: Option<PathBuf>,
}

impl HtmlOutput {
    pub fn templates(&self) -> Result<Templates> {
        crate::project::load_templates(self.templates.as_deref())
    }

    /// Renders into the HTML file (written whole), then prints the PDF when
    /// asked, naming each file on `out` as it is done.
    pub fn emit(
        &self,
        renderer: &dyn Renderer,
        project: &Project,
        subject: Subject<'_>,
        out: &mut dyn Write,
    ) -> Result<()> {
        crate::output::emit(renderer, project, subject, Destination::File(&self.output))?;
        say(out, &self.output)?;
        if self.pdf {
            let pdf = crate::pdf::beside(&self.output);
            print_pdf(self.chromium.as_deref(), &self.output, &pdf)?;
            say(out, &pdf)?;
        }
        Ok(())
    }
}

/// Prints `html` (already written) to `pdf` with the Chromium `chromium` names
/// or the first one found.
pub(crate) fn print_pdf(chromium: Option<&Path>, html: &Path, pdf: &Path) -> Result<()> {
    let chromium = crate::pdf::find_chromium(chromium, html)?;
    crate::pdf::print_to_pdf(&chromium, html, pdf)
}

pub(crate) fn say(out: &mut dyn Write, path: &Path) -> Result<()> {
    writeln!(out, "{}", path.display()).map_err(|source| Error::Write {
        path: "standard output".into(),
        source,
    })
}
