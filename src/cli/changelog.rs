//! `cotejo changelog -o FILE.html`: the whole history declared in the manifest,
//! a chapter per transition between consecutive drafts, made for paper.

use std::io::Write;

use std::process::ExitCode;

use clap::Args;

use crate::error::{Error, Result};
use crate::render::labels::Lang;
use crate::render::templates::Templates;
use crate::render::view::{self, Paper};
use crate::source::Sources;

use super::html_output::HtmlOutput;
use super::report::{document_title, report_view};

#[derive(Debug, Args)]
pub struct ChangelogArgs {
    /// The paper the pages are laid out for.
    #[arg(long, value_enum, default_value_t = Paper::Letter)]
    pub paper: Paper,
    #[command(flatten)]
    pub html: HtmlOutput,
}

pub fn run(sources: &Sources, args: &ChangelogArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let templates = args.html.templates()?;
    let html = render_changelog(sources, &templates, args.paper, args.html.lang)?;
    args.html.write(&html, out)?;
    Ok(ExitCode::SUCCESS)
}

/// The changelog of every draft of the manifest, as HTML.
pub fn render_changelog(
    sources: &Sources,
    templates: &Templates,
    paper: Paper,
    lang: Lang,
) -> Result<String> {
    let m = sources.require_manifest("changelog")?;
    let ids = m.draft_ids();
    if ids.len() < 2 {
        return Err(Error::NoHistory {
            manifest: m.path.clone(),
            count: ids.len(),
        });
    }
    // Each draft is read and parsed once, all of them side by side.
    let versions = sources.load_all(&ids)?;
    let title = document_title(sources, versions.last().expect("two drafts or more"));
    let mut chapters = Vec::new();
    for (k, pair) in versions.windows(2).enumerate() {
        let (old, new) = (&pair[0], &pair[1]);
        let report = report_view(sources, old, new, title.clone(), lang)?;
        chapters.push(view::changelog_chapter(k + 1, report));
    }
    let view = view::changelog(lang, title, paper, chapters);
    templates.render("changelog.html", &view)
}
