//! `cotejo drafts`: the manifest's drafts, each read from git.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use crate::compare::tokens::count_words;
use crate::error::{Error, Result};
use crate::manifest::{Approval, Illustrative};
use crate::project::{DraftMeta, Project};
use crate::version::short_commit;

#[derive(Debug, Args)]
pub struct DraftsArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One row of the listing: what the manifest says of the draft, and what
/// reading it found.
#[derive(Debug, Serialize)]
pub(crate) struct DraftRow {
    #[serde(flatten)]
    meta: DraftMeta,
    commit: Option<String>,
    sections: usize,
    words: usize,
}

pub(crate) fn run(project: &Project, args: &DraftsArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let manifest = project.require_manifest("drafts")?;
    let rows: Vec<DraftRow> = project
        .drafts("drafts")?
        .iter()
        .map(|d| DraftRow {
            meta: d.meta.clone(),
            commit: d.version.commit.clone(),
            sections: d.version.document.sections().len(),
            words: count_words(d.version.document.text()),
        })
        .collect();
    let written = if args.json {
        crate::render::json::write(&rows, out)
    } else {
        write_table(&manifest.manifest.title, &rows, out)
    };
    written.map_err(|source| Error::Write {
        path: "standard output".into(),
        source,
    })?;
    Ok(ExitCode::SUCCESS)
}

fn write_table(title: &str, rows: &[DraftRow], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{title}")?;
    let header = [
        "ID", "TITLE", "DATE", "STAGE", "COMMIT", "SECTIONS", "WORDS",
    ];
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            [
                r.meta.id.clone(),
                r.meta.title.clone(),
                r.meta.date.clone(),
                r.meta.stage.clone(),
                r.commit
                    .as_deref()
                    .map_or("-".into(), |c| short_commit(c).to_owned()),
                r.sections.to_string(),
                r.words.to_string(),
            ]
        })
        .collect();
    let width = |k: usize| {
        cells
            .iter()
            .map(|c| c[k].chars().count())
            .chain([header[k].len()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..7).map(width).collect();
    let line = |cols: Vec<&str>| {
        cols.iter()
            .enumerate()
            .map(|(k, c)| {
                let pad = widths[k] - c.chars().count();
                if k >= 5 {
                    format!("{}{c}", " ".repeat(pad))
                } else {
                    format!("{c}{}", " ".repeat(pad))
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for c in &cells {
        writeln!(out, "{}", line(c.iter().map(String::as_str).collect()))?;
    }
    for r in rows {
        if let Some(a) = &r.meta.approval {
            writeln!(out, "\n{}", approval_line(&r.meta.id, a))?;
        }
    }
    Ok(())
}

/// The approval record in one line, each illustrative identifier said to be so.
fn approval_line(id: &str, a: &Approval) -> String {
    let mark = |field: Illustrative| {
        if a.is_illustrative(field) {
            " (illustrative)"
        } else {
            ""
        }
    };
    let p = &a.publication;
    format!(
        "{id} approved by {}, {}{}, on {}, vote: {}; agreement {}{}; published in {} on {}: {}{}",
        a.body.value,
        a.session.value,
        mark(Illustrative::Session),
        a.date.value,
        a.vote.value,
        a.agreement.value,
        mark(Illustrative::Agreement),
        p.name.value,
        p.date.value,
        p.url.value,
        mark(Illustrative::Url),
    )
}
