//! `cotejo book [-o DIR]`: the change history as an mdBook source.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::html_output::say;
use super::report::{document_title, report_view};
use crate::book::{self, BookInput, ComparisonPage, ConsultationInfo, DraftPage};
use crate::error::{Error, Result};
use crate::history::History;
use crate::render::labels::Lang;
use crate::source::{Sources, Version};

#[derive(Debug, Args)]
pub struct BookArgs {
    /// The mdBook source folder to write [default: book/src at the root of
    /// the repository, where book.toml reads it; else in this folder].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Language of the labels.
    #[arg(long, value_enum, default_value_t = Lang::Es)]
    pub lang: Lang,
}

pub fn run(sources: &Sources, args: &BookArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let m = sources.require_manifest("book")?;
    let drafts = &m.manifest.drafts;
    if drafts.is_empty() {
        return Err(Error::NoHistory {
            manifest: m.path.clone(),
            count: 0,
        });
    }
    let output = match &args.output {
        Some(dir) => dir.clone(),
        None => sources
            .repo()
            .and_then(|r| r.workdir())
            .map_or_else(|| PathBuf::from("book/src"), |root| root.join("book/src")),
    };
    // A folder that is not ours is refused before any work, not after.
    crate::output::check_ours(&output, &book::marker())?;
    // Each draft is read and parsed once; the history compares each with the
    // next and follows every section through them.
    let history = History::of_drafts(sources, m)?;
    let versions: Vec<&Version> = history.points.iter().map(|p| &*p.version).collect();
    let title = document_title(sources, versions.last().expect("one draft or more"));
    // Every pair of drafts, earlier to later, in the manifest's order:
    // (1,2), (1,3), (1,4), (2,3)…
    let mut comparisons = Vec::new();
    for old in 0..versions.len() {
        for new in old + 1..versions.len() {
            let view = report_view(
                sources,
                versions[old],
                versions[new],
                title.clone(),
                args.lang,
            )?;
            comparisons.push(ComparisonPage { old, new, view });
        }
    }
    let consultation = match crate::check::consultation_path(m).filter(|p| p.is_file()) {
        Some(path) => {
            let file: crate::notes::ConsultationFile = crate::notes::read_yaml(&path)?;
            Some(ConsultationInfo {
                title: file.consultation.title,
                draft: file.consultation.draft.value,
                result: file.consultation.result.value,
                opened: file.consultation.opened,
                closed: file.consultation.closed,
                comments: file.comments.len(),
            })
        }
        None => None,
    };
    let input = BookInput {
        lang: args.lang,
        title,
        drafts: drafts
            .iter()
            .zip(versions.iter().copied())
            .map(|(d, version)| DraftPage {
                id: d.id.value.clone(),
                title: d.title.clone(),
                stage: d.stage.clone(),
                date: d.date.clone(),
                version,
            })
            .collect(),
        comparisons,
        consultation,
        history: &history,
    };
    let built = book::build(&input);
    book::write(&output, &built)?;
    say(out, &output)?;
    Ok(ExitCode::SUCCESS)
}
