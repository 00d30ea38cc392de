//! `cotejo site [-o DIR]`: the public change history as a static site.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::history::leave;
use super::html_output::say;
use crate::error::{Error, Result};
use crate::output::Destination;
use crate::progress::Progress;
use crate::project::Project;
use crate::render::labels::Lang;
use crate::render::{Form, Out, Pages, Renderer, Subject};
use crate::site::{self, SiteRenderer};

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The folder to write the site to (replaced whole, only once the new site is complete).
    #[arg(short, long, value_name = "DIR", default_value = "site")]
    pub output: PathBuf,
    /// Language of the labels.
    #[arg(long, value_enum, default_value_t = Lang::Es)]
    pub lang: Lang,
    /// A folder of templates that replace the built-in ones of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Follow every commit that touched the document, not only the declared
    /// drafts: each section's history page shows every commit that changed it.
    #[arg(long)]
    pub all_commits: bool,
    /// Also print each draft and each comparison to PDF beside its page, with
    /// a headless Chromium, and offer them for download.
    #[arg(long)]
    pub pdf: bool,
    /// The Chromium (or Chrome) to print with, for --pdf (default: $CHROMIUM,
    /// else chromium on PATH).
    #[arg(long, value_name = "PATH")]
    pub chromium: Option<PathBuf>,
    /// The address the site will be published at (http or https): the feed's
    /// links and the citations' addresses become absolute under it.
    #[arg(long, value_name = "URL", value_parser = base_url)]
    pub base_url: Option<String>,
}

/// A `--base-url`: an `http(s)` address with a host, ending in `/`.
fn base_url(value: &str) -> std::result::Result<String, String> {
    if !crate::manifest::is_web_link(value) || value.contains(['?', '#']) {
        return Err(format!(
            "`{value}` is not a web address: write where the site will be published, \
             e.g. https://example.org/politica/"
        ));
    }
    Ok(if value.ends_with('/') {
        value.to_owned()
    } else {
        format!("{value}/")
    })
}

pub(crate) fn run(project: &Project, args: &SiteArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let marker = site::marker();
    crate::output::refuse_pdf_folder(&args.output, "cotejo site")?;
    // A folder that is not ours is refused before any work, not after.
    crate::output::check_ours(&args.output, &marker)?;
    // Without a browser there are no PDFs: said before any work.
    let chromium = if args.pdf {
        Some(
            crate::pdf::find_chromium(args.chromium.as_deref(), &args.output).map_err(
                |e| match e {
                    Error::NoChromium { looked, .. } => Error::SiteNoChromium { looked },
                    other => other,
                },
            )?,
        )
    } else {
        None
    };
    let templates = crate::project::load_templates(args.templates.as_deref())?;
    // The drafts the site shows are the history's points (read once), or
    // with --all-commits, marked among every commit.
    let history = project.history("site", args.all_commits, &Progress::stderr())?;
    super::history::warn_if_truncated(&history);
    let site = SiteRenderer {
        templates: &templates,
        lang: args.lang,
        pdf: args.pdf,
        base_url: args.base_url.clone(),
    };
    let printed = Printed {
        site: &site,
        chromium: chromium.as_deref(),
    };
    crate::output::emit(
        &printed,
        project,
        Subject::History(&history),
        Destination::Folder(&args.output, &marker),
    )?;
    say(out, &args.output)?;
    leave(history);
    Ok(ExitCode::SUCCESS)
}

/// The site, and with a Chromium each draft's and comparison's page printed
/// to the PDF beside it, before the folder is written (whole, PDFs included).
struct Printed<'a> {
    site: &'a SiteRenderer<'a>,
    chromium: Option<&'a Path>,
}

impl Renderer for Printed<'_> {
    fn name(&self) -> &'static str {
        self.site.name()
    }

    fn form(&self) -> Form {
        Form::Pages
    }

    fn render(&self, project: &Project, subject: Subject<'_>, out: Out<'_>) -> Result<()> {
        let Some(chromium) = self.chromium else {
            // Without PDFs, each page goes out as it is made.
            return self.site.render(project, subject, out);
        };
        // The printer reads every page from a folder of its own: the pages
        // are held until they are printed.
        let mut pages = Pages::new();
        self.site.render(project, subject, Out::Pages(&mut pages))?;
        print_pages(chromium, &mut pages)?;
        let sink = out.pages(self.name())?;
        for (path, bytes) in pages {
            sink.put(path, bytes)?;
        }
        Ok(())
    }
}

/// Writes `pages` into a private temporary folder (the pages' styles and
/// fonts beside them, as on the site) and prints each of
/// [`site::printed`] to its PDF, added to `pages`.
fn print_pages(chromium: &Path, pages: &mut Pages) -> Result<()> {
    let work = tempfile::Builder::new()
        .prefix("cotejo-site-print-")
        .tempdir()
        .map_err(|source| Error::Write {
            path: std::env::temp_dir(),
            source,
        })?;
    for (path, bytes) in pages.iter() {
        let file = work.path().join(path);
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_owned(),
                source,
            })?;
        }
        std::fs::write(&file, bytes).map_err(|source| Error::Write {
            path: file.clone(),
            source,
        })?;
    }
    let names = site::printed(pages);
    let progress = Progress::stderr();
    progress.start("printing", names.len());
    let printed = crate::parallel::map(&names, 1, |name| {
        let pdf = crate::pdf::print_to_pdf(chromium, &work.path().join(name));
        progress.advance(1);
        pdf.map(|bytes| (crate::pdf::beside(Path::new(name)), bytes))
    });
    progress.finish();
    for result in printed {
        let (path, bytes) = result?;
        pages.insert(path.to_string_lossy().into_owned(), bytes);
    }
    Ok(())
}
