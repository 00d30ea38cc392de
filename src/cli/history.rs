//! `cotejo history SECTION`: the life of one section across the drafts (or,
//! with `--all-commits`, across every commit that touched the document).

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::ColorChoice;
use crate::error::{Error, Result};
use crate::history::{Found, History};
use crate::progress::Progress;
use crate::project::Project;
use crate::render::text;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The section: its id, its heading (with or without number) or its number.
    pub section: String,
    /// Follow every commit that touched the document, not only the declared drafts.
    #[arg(long)]
    pub all_commits: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

pub(crate) fn run(project: &Project, args: &HistoryArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let history = project.history("history", args.all_commits, &Progress::stderr())?;
    warn_if_truncated(&history);
    // The candidates an error lists are named by their points: one read
    // from a page that did not read back would be blank, and that failure
    // is the one to tell.
    let lineage = find(&history, &args.section).map_err(|e| {
        history
            .check_read_back(History::NOTHING_WRITTEN)
            .err()
            .unwrap_or(e)
    })?;
    write_checked(&history, out, |text| {
        write(&history, lineage, args.color.enabled(), text)
    })?;
    leave(history);
    Ok(ExitCode::SUCCESS)
}

/// Writes to `out` what `make` writes, once every step and text of the
/// history it read has read back from the history's temporary file: when
/// one did not, the command fails with nothing on standard output, rather
/// than with what it made before the check (a page or a blame cut from a
/// stand-in). The output is held whole until then: one section's history,
/// or one version's blame.
pub(super) fn write_checked(
    history: &History,
    out: &mut dyn Write,
    make: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
) -> Result<()> {
    let failed = |source| Error::Write {
        path: "standard output".into(),
        source,
    };
    let mut text = Vec::new();
    make(&mut text).map_err(failed)?;
    history.check_read_back(History::NOTHING_WRITTEN)?;
    out.write_all(&text).map_err(failed)
}

/// Says on standard error when a shallow clone cuts the history.
pub(super) fn warn_if_truncated(history: &History) {
    if let Some(commit) = history.truncated_at() {
        eprintln!("cotejo: warning: {}", History::truncation_notice(commit));
    }
}

/// Lets a history go without freeing it: the process ends right after, and
/// freeing the versions of a long history one allocation at a time takes
/// longer than the operating system takes to reclaim them all at once.
pub(super) fn leave<T>(value: T) {
    std::mem::forget(value);
}

/// The one lineage `query` names, or an error that lists the candidates.
pub(super) fn find(history: &History, query: &str) -> Result<usize> {
    let name = |l: usize| {
        let (p, section) = history.last_section(l);
        let heading = if section.level == 0 {
            "(preamble)"
        } else {
            section.heading()
        };
        format!(
            "  {:<40} {heading} (in {})",
            section.id(),
            history.points().label(p)
        )
    };
    match history.find(query) {
        Found::One(l) => Ok(l),
        Found::Many(ls) => Err(Error::SectionAmbiguous {
            query: query.to_owned(),
            candidates: ls.into_iter().map(name).collect::<Vec<_>>().join("\n"),
        }),
        Found::None(near) => Err(Error::SectionNotFound {
            query: query.to_owned(),
            suggestions: if near.is_empty() {
                String::new()
            } else {
                format!(
                    " Sections whose heading contains it:\n{}",
                    near.into_iter().map(name).collect::<Vec<_>>().join("\n")
                )
            },
        }),
    }
}

/// Where the section was in each version, then each step that changed it.
fn write(
    history: &History,
    lineage: usize,
    color: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let l = &history.lineages()[lineage];
    let (p, s) = l.last();
    let section = history.section(p, s);
    let bold = |t: &str| {
        if color {
            format!("\x1b[1m{t}\x1b[0m")
        } else {
            t.to_owned()
        }
    };
    writeln!(
        out,
        "{}",
        bold(&format!(
            "History of \"{}\" (#{})",
            if section.level == 0 {
                "(preamble)"
            } else {
                section.heading()
            },
            section.id()
        ))
    )?;
    if let Some(commit) = history.truncated_at() {
        writeln!(out, "Note: {}", History::truncation_notice(commit))?;
    }
    let events = history.events(lineage);
    let first = l.first();
    writeln!(
        out,
        "changed at {} of {} steps; in {} of {} versions, first in {}, {}.",
        events.len(),
        history.step_count(),
        l.versions(),
        history.points().len(),
        point_name(history, first),
        if history.is_last(p) {
            format!("still in {}", point_name(history, p))
        } else {
            format!("last in {}", point_name(history, p))
        }
    )?;
    // A section added later has that step among its events.
    if first == 0 {
        writeln!(out)?;
        writeln!(out, "{}", bold(&format!("── {}", point_name(history, 0))))?;
        writeln!(out, "present from the first version")?;
    }
    for e in events {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            bold(&format!(
                "── {} → {}",
                short_name(history, e.step),
                point_name(history, e.step + 1)
            ))
        )?;
        text::write_section(&history.step(e.step), &e.change, color, out)?;
    }
    Ok(())
}

/// `borrador-2 (2022-10-14)` or `1a2b3c4d (2024-01-02)`: where a step starts.
fn short_name(history: &History, point: usize) -> String {
    let points = history.points();
    match points.date(point) {
        Some(d) => format!("{} ({d})", points.label(point)),
        None => points.label(point),
    }
}

/// `borrador-2 (2022-10-14)`, or `1a2b3c4d (2024-01-02, "commit summary")`:
/// a version, with what its commit says it did.
pub(super) fn point_name(history: &History, point: usize) -> String {
    let points = history.points();
    let label = points.label(point);
    match (points.date(point), points.summary(point)) {
        (Some(d), Some(s)) if points.draft(point).is_none() => format!("{label} ({d}, \"{s}\")"),
        (Some(d), _) => format!("{label} ({d})"),
        _ => label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_written_only_once_the_history_read_back_and_else_nothing_is() {
        let mut out = Vec::new();
        write_checked(&History::empty(), &mut out, |text| {
            text.write_all(b"Historia de la seccion")
        })
        .expect("a history that read back");
        assert_eq!(out, b"Historia de la seccion");

        let mut out = Vec::new();
        let broken = History::not_read_back("a step changed in the temporary file");
        let err = write_checked(&broken, &mut out, |text| {
            text.write_all(b"Historia a medias")
        })
        .expect_err("a history that did not read back")
        .to_string();
        assert!(
            out.is_empty(),
            "{:?} written",
            String::from_utf8_lossy(&out)
        );
        assert!(
            err.contains("a step changed in the temporary file")
                && err.contains(History::NOTHING_WRITTEN),
            "{err}"
        );
    }
}
