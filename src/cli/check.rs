//! `cotejo check`: the notes and the consultation against the drafts.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use crate::error::{Error, Result};
use crate::project::Project;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Also require a complete trace: every section changed between two
    /// consecutive drafts has a note, and every comment taken up (procedente,
    /// parcialmente-procedente) is answered by a note that names its folio.
    /// Gaps are listed on standard error and exit with status 1.
    #[arg(long)]
    pub strict: bool,
}

pub(crate) fn run(project: &Project, args: &CheckArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let checked = if args.strict {
        crate::check::check_strict(project)?
    } else {
        crate::check::check(project)?
    };
    if !checked.problems.is_empty() {
        let list: Vec<String> = checked.problems.iter().map(|p| format!("  {p}")).collect();
        return Err(Error::Check {
            count: checked.problems.len(),
            list: list.join("\n"),
        });
    }
    if !checked.gaps.is_empty() {
        // A gap is a finding about the document, not a failure to read it:
        // status 1, as `diff` tools use for "differences found".
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "cotejo: check --strict: {} gap(s) in the trace of the drafts:",
            checked.gaps.len()
        );
        for gap in &checked.gaps {
            let _ = writeln!(err, "  {gap}");
        }
        let _ = writeln!(
            err,
            "Each change needs a note in notas/<draft>.yaml saying what changed, why and its \
             source (`cotejo diff PREVIOUS DRAFT --stat` lists the changes); each comment \
             taken up needs its folio in the `folios` of the note of the change it led to."
        );
        return Ok(ExitCode::from(1));
    }
    let trace = if args.strict {
        "; every change has its note and every comment taken up its change"
    } else {
        ""
    };
    writeln!(
        out,
        "ok: {} drafts, {} notes in {} files, {} comments; every section they name exists and changed{trace}",
        checked.drafts, checked.notes, checked.note_files, checked.comments
    )
    .map_err(|source| Error::Write {
        path: "standard output".into(),
        source,
    })?;
    Ok(ExitCode::SUCCESS)
}
