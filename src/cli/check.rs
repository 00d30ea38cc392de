//! `cotejo check`: the notes and the consultation against the drafts.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use crate::error::{Error, Result};
use crate::project::Project;

#[derive(Debug, Args)]
pub struct CheckArgs {}

pub(crate) fn run(project: &Project, _args: &CheckArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let checked = crate::check::check(project)?;
    if !checked.problems.is_empty() {
        let list: Vec<String> = checked.problems.iter().map(|p| format!("  {p}")).collect();
        return Err(Error::Check {
            count: checked.problems.len(),
            list: list.join("\n"),
        });
    }
    writeln!(
        out,
        "ok: {} drafts, {} notes in {} files, {} comments; every section they name exists and changed",
        checked.drafts, checked.notes, checked.note_files, checked.comments
    )
    .map_err(|source| Error::Write {
        path: "standard output".into(),
        source,
    })?;
    Ok(ExitCode::SUCCESS)
}
