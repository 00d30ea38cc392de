//! `cotejo report OLD NEW -o FILE.html`: the annotated comparison report.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::html_output::HtmlOutput;
use crate::compare;
use crate::error::Result;
use crate::render::labels::Lang;
use crate::render::templates::Templates;
use crate::render::view::{self, DraftInfo, NotesBySection, ReportInput};
use crate::source::{Sources, Version, assemble_pair};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The older version (draft id, revision, WORKTREE or file).
    pub old: String,
    /// The newer version.
    pub new: String,
    #[command(flatten)]
    pub html: HtmlOutput,
}

pub fn run(sources: &Sources, args: &ReportArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let templates = args.html.templates()?;
    let (old, new) = assemble_pair(sources.read(&args.old)?, sources.read(&args.new)?);
    let html = render_report(sources, &templates, &old, &new, args.html.lang)?;
    args.html.write(&html, out)?;
    Ok(ExitCode::SUCCESS)
}

/// The report of `old` → `new` as HTML.
pub fn render_report(
    sources: &Sources,
    templates: &Templates,
    old: &Version,
    new: &Version,
    lang: Lang,
) -> Result<String> {
    let view = report_view(sources, old, new, document_title(sources, new), lang)?;
    templates.render("report.html", &view)
}

/// The comparison of `old` → `new` as the report's view model, with the
/// manifest's draft details and the editors' notes of the transition.
pub fn report_view(
    sources: &Sources,
    old: &Version,
    new: &Version,
    title: String,
    lang: Lang,
) -> Result<view::ReportView> {
    let cmp = compare::compare(old.side(), new.side(), &compare::Options::default());
    Ok(view::report(ReportInput {
        lang,
        title,
        comparison: &cmp,
        old,
        new,
        old_draft: draft_info(sources, &old.label),
        new_draft: draft_info(sources, &new.label),
        notes: transition_notes(sources, &old.label, &new.label, lang)?,
    }))
}

/// The manifest's title when the version is the manifest's document, else the
/// version's first heading, else its label.
pub fn document_title(sources: &Sources, version: &Version) -> String {
    if let Some(m) = sources.manifest().filter(|_| version.from_manifest) {
        return m.manifest.title.clone();
    }
    version
        .document
        .sections()
        .iter()
        .find(|s| s.level > 0)
        .map_or_else(|| version.label.clone(), |s| s.heading.clone())
}

pub fn draft_info(sources: &Sources, label: &str) -> DraftInfo {
    match sources.manifest().and_then(|m| m.draft(label)) {
        Some(d) => DraftInfo {
            title: Some(d.title.clone()),
            stage: Some(d.stage.clone()),
            date: Some(d.date.clone()),
        },
        None => DraftInfo::default(),
    }
}

/// The editors' notes of every draft after `old` up to `new`, when both are
/// drafts of the manifest in that order.
pub fn transition_notes(
    sources: &Sources,
    old: &str,
    new: &str,
    lang: Lang,
) -> Result<NotesBySection> {
    let mut notes = NotesBySection::new();
    let Some(m) = sources.manifest() else {
        return Ok(notes);
    };
    let ids = m.draft_ids();
    let (Some(from), Some(to)) = (
        ids.iter().position(|i| *i == old),
        ids.iter().position(|i| *i == new),
    ) else {
        return Ok(notes);
    };
    for id in ids.iter().take(to + 1).skip(from + 1) {
        view::add_draft_notes(m, id, lang, &mut notes)?;
    }
    Ok(notes)
}
