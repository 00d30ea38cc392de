//! `cotejo blame [DRAFT]`: for each paragraph of a draft, the draft that
//! introduced it and, when it was reworded since, the last that revised it.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::history::{leave, point_name, write_checked};
use crate::error::{Error, Result};
use crate::history::{History, blame};
use crate::progress::Progress;
use crate::project::Project;

#[derive(Debug, Args)]
pub struct BlameArgs {
    /// The draft (default: the last one; with --all-commits, the last commit
    /// that changed the document).
    pub draft: Option<String>,
    /// Follow every commit that touched the document, not only the declared
    /// drafts: each paragraph is dated by the commit that wrote it.
    #[arg(long)]
    pub all_commits: bool,
}

pub(crate) fn run(project: &Project, args: &BlameArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let history = project.history("blame", args.all_commits, &Progress::stderr())?;
    super::history::warn_if_truncated(&history);
    let point = match &args.draft {
        None => history.points().len() - 1,
        Some(id) => history
            .draft_point(id)
            .ok_or_else(|| Error::UnknownVersion {
                spec: id.clone(),
                drafts: project
                    .manifest()
                    .map(|m| m.draft_list())
                    .unwrap_or_default(),
            })?,
    };
    write_checked(&history, out, |text| write(&history, point, text))?;
    leave(history);
    Ok(ExitCode::SUCCESS)
}

fn write(history: &History, point: usize, out: &mut dyn Write) -> std::io::Result<()> {
    let outline = history.outline(point);
    let spans = history.blame_at(point);
    let width = (0..=point)
        .map(|p| history.points().label(p).chars().count())
        .max()
        .unwrap_or(0);
    writeln!(
        out,
        "Blame of {}: each paragraph, the version that introduced it and, after \"rev.\", \
         the last that reworded it.",
        point_name(history, point)
    )?;
    if let Some(commit) = history.truncated_at() {
        writeln!(out, "Note: {}", History::truncation_notice(commit))?;
    }

    for (index, section) in outline.heads().enumerate() {
        let units = blame::paragraphs(outline.body(index), &spans[index]);
        writeln!(out)?;
        let heading = if section.level == 0 {
            "(preamble)".to_owned()
        } else {
            format!(
                "{} {}",
                "#".repeat(usize::from(section.level)),
                section.heading()
            )
        };
        writeln!(out, "{heading}")?;
        for u in units {
            let introduced = history.points().label(u.introduced);
            let revised = if u.revised == u.introduced {
                String::new()
            } else {
                format!("rev. {}", history.points().label(u.revised))
            };
            writeln!(
                out,
                "{introduced:<width$}  {revised:<rw$}  {}",
                u.text,
                rw = width + 5
            )?;
        }
    }
    Ok(())
}
