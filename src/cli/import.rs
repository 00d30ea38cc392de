//! `cotejo import`: drafts kept as files or folders recorded as commits, with
//! their manifest (`crate::import` does the work; this reads the arguments).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::error::{Error, Result};
use crate::import::{Request, Settings};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The drafts: Markdown files (.md), Word files (.docx, converted with
    /// pandoc), OpenDocument texts (.odt) or folders of them, one per draft.
    /// Sorted by name, numbers by value (borrador_2 before borrador_10).
    #[arg(value_name = "DRAFT", conflicts_with = "table")]
    pub drafts: Vec<PathBuf>,
    /// A table of the drafts, one row per draft in the history's order: CSV
    /// (first line `file,date,stage,title,id`; `,` or `;` between fields) or
    /// YAML (a list of `{file, date, stage, title, id}`). `file` is from the
    /// table's folder; only `file` is required.
    #[arg(long, value_name = "FILE")]
    pub table: Option<PathBuf>,
    /// The folder of the repository to record into (the document goes below
    /// it). A folder that is in no repository is made one, and said so.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub into: PathBuf,
    /// Where the document goes in the repository (from --into): a Markdown
    /// file [default: documento.md], or a folder when a draft is a folder
    /// [default: documento].
    #[arg(long, value_name = "PATH")]
    pub path: Option<String>,
    /// The document's title [default: its first level-1 heading].
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Each draft's date, YYYY-MM-DD, once per draft in their order
    /// [default: the day its file was last modified].
    #[arg(long, value_name = "DATE", conflicts_with = "table")]
    pub date: Vec<String>,
    /// Each draft's stage (the step of the process that produced it), once
    /// per draft in their order.
    #[arg(long, value_name = "STAGE", conflicts_with = "table")]
    pub stage: Vec<String>,
    /// Each draft's title, once per draft in their order [default: Borrador N].
    #[arg(long, value_name = "TITLE", conflicts_with = "table")]
    pub label: Vec<String>,
    /// The commits' author, "Name <email>" [default: git's user.name and user.email].
    #[arg(long, value_name = "AUTHOR")]
    pub author: Option<String>,
    /// Do not tag each draft's commit with its id.
    #[arg(long)]
    pub no_tags: bool,
}

pub(crate) fn run(
    cwd: &Path,
    manifest_arg: Option<&Path>,
    args: &ImportArgs,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let refuse = |why: String| Error::Import { why };
    if manifest_arg.is_some() {
        return Err(refuse(
            "--manifest: import writes cotejo.yaml at the repository's root, where every \
             command finds it; run it without --manifest"
                .into(),
        ));
    }
    let requests = match &args.table {
        Some(table) => {
            let path = cwd.join(table);
            crate::import::table::read(&path)?
                .into_iter()
                .map(|row| Request {
                    path: row.path(&path),
                    shown: format!("{}:{}: {}", table.display(), row.line, row.file),
                    date: row.date,
                    stage: row.stage,
                    title: row.title,
                    id: row.id,
                })
                .collect()
        }
        None => from_arguments(cwd, args)?,
    };
    let settings = Settings {
        into: cwd.join(&args.into),
        path: args.path.clone(),
        title: args.title.clone(),
        author: args.author.clone(),
        tags: !args.no_tags,
    };
    let imported = crate::import::import(requests, &settings)?;
    let write = |out: &mut dyn Write, text: String| {
        writeln!(out, "{text}").map_err(|source| Error::Write {
            path: "standard output".into(),
            source,
        })
    };
    write(
        out,
        format!(
            "recorded {} draft(s) on branch {} of {}{}:",
            imported.drafts.len(),
            imported.branch,
            imported.root.display(),
            if imported.created {
                " (a new repository)"
            } else {
                ""
            }
        ),
    )?;
    let width = imported
        .drafts
        .iter()
        .map(|d| d.id.chars().count())
        .max()
        .unwrap_or(0);
    for d in &imported.drafts {
        write(
            out,
            format!(
                "  {:width$}  {}  {}  {}",
                d.id,
                d.date,
                crate::version::short_commit(&d.commit),
                d.shown
            ),
        )?;
    }
    write(
        out,
        format!(
            "wrote and committed {}. Next: `cotejo drafts`, then `cotejo diff {} {}`.",
            imported.manifest,
            imported.drafts.first().map_or("", |d| d.id.as_str()),
            imported.drafts.get(1).map_or("WORKTREE", |d| d.id.as_str()),
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The drafts named on the command line, in natural order of their names,
/// with the dates, stages and titles given once per draft.
fn from_arguments(cwd: &Path, args: &ImportArgs) -> Result<Vec<Request>> {
    let mut names: Vec<String> = args
        .drafts
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    names.sort_by(|a, b| crate::import::natural::compare(a, b));
    let n = names.len();
    let per_draft = |values: &[String], flag: &str| -> Result<Vec<Option<String>>> {
        match values.len() {
            0 => Ok(vec![None; n]),
            k if k == n => Ok(values.iter().cloned().map(Some).collect()),
            k => Err(Error::Import {
                why: format!(
                    "{n} draft(s) and {k} {flag}: give one {flag} per draft, in the drafts' order \
                     ({}), or use --table",
                    names.join(", ")
                ),
            }),
        }
    };
    let dates = per_draft(&args.date, "--date")?;
    let stages = per_draft(&args.stage, "--stage")?;
    let labels = per_draft(&args.label, "--label")?;
    Ok(names
        .iter()
        .zip(dates)
        .zip(stages)
        .zip(labels)
        .map(|(((name, date), stage), title)| Request {
            path: cwd.join(name),
            shown: name.clone(),
            date,
            stage,
            title,
            id: None,
        })
        .collect())
}
