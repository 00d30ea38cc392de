//! The command line: clap definitions and one module per subcommand.
//! `main.rs` only parses, calls [`run`] and maps errors to exit codes.

mod blame;
mod book;
mod changelog;
mod check;
mod completions;
mod diff;
mod drafts;
mod expediente;
mod history;
mod html_output;
mod import;
mod init;
mod man;
mod pdf;
mod report;
mod site;
mod verify;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use std::time::Instant;

use crate::error::Result;
use crate::project::Project;
use crate::verbosity::Level;

/// cotejo: what changed between the drafts of a policy document, section by section.
#[derive(Debug, Parser)]
#[command(name = "cotejo", version, about, long_about = None)]
pub struct Cli {
    /// The manifest (default: policy/pnda.yaml in this folder or the nearest parent that has one).
    #[arg(long, global = true, value_name = "PATH")]
    pub manifest: Option<PathBuf>,

    /// Run as if cotejo was started in DIR (as `git -C`): paths on the
    /// command line, the repository and the manifest are found from there.
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub directory: Option<PathBuf>,

    /// Say nothing on standard error but errors and warnings: no progress
    /// bar, no notices. What the command writes is the same.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also say on standard error what is read and written: the manifest
    /// found, each version resolved to its commit, each file written, and
    /// how long the command took. What the command writes is the same.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare two versions section by section.
    ///
    /// OLD and NEW may be draft ids of the manifest (borrador-2), git revisions
    /// (main~3, a SHA, a tag; REV:path/to/file.md for one file), WORKTREE (the
    /// manifest's files on disk, uncommitted edits included) or file paths.
    Diff(diff::DiffArgs),
    /// List the manifest's drafts with their commit, sections and words.
    Drafts(drafts::DraftsArgs),
    /// Write the annotated comparison report: one self-contained HTML file
    /// (its PDF with `-o FILE.pdf`), or the Word redline with `-o FILE.docx`:
    /// every change a tracked change, the editors' notes as comments.
    Report(report::ReportArgs),
    /// Write the whole history of the manifest's drafts, a chapter per
    /// transition, as one HTML file made for paper (and with --pdf, a PDF).
    Changelog(changelog::ChangelogArgs),
    /// Write the review dossier of one draft (the last by default): a cover,
    /// the clean text with line numbers, the cuadro comparativo from the text
    /// put to consultation, the trace of every change with its note (and the
    /// gaps), and the response to the comments received; made for paper (and
    /// with --pdf, a PDF).
    Expediente(expediente::ExpedienteArgs),
    /// Print an HTML report, changelog or review dossier that cotejo wrote to PDF, with a
    /// headless Chromium found on this machine.
    Pdf(pdf::PdfArgs),
    /// Check that every editors' note and public comment names a real section
    /// of its draft, and that the sections they speak of really changed.
    Check(check::CheckArgs),
    /// Build the public change history as a static site: every draft, every
    /// comparison, each section's history and blame, the consultation report.
    Site(site::SiteArgs),
    /// Show the life of one section across the drafts (or every commit).
    History(history::HistoryArgs),
    /// Show, for each paragraph of a draft, the draft that introduced it.
    Blame(blame::BlameArgs),
    /// Write the change history as an mdBook source (`mdbook build` makes a book of it).
    Book(book::BookArgs),
    /// Check a report, changelog, review dossier, JSON comparison or site that cotejo wrote
    /// against the repository: made again from the versions it names, it
    /// must be the same, byte for byte.
    Verify(verify::VerifyArgs),
    /// Adopt an existing repository: find the Markdown document and propose a
    /// manifest (its files, drafts from tags or commits), written with --yes.
    Init(init::InitArgs),
    /// Record drafts kept as separate files or folders (borrador_1.md, v2/,
    /// borrador_3.docx) as successive commits of a repository, dated by
    /// their drafts, and write the manifest: a history every command reads.
    Import(import::ImportArgs),
    /// Print the completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionsArgs),
    /// Print the manual page, or write every command's page into a folder (-o).
    Man(man::ManArgs),
}

/// When to colour the terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// `auto` colours only a terminal, and never when `NO_COLOR` is set.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        }
    }
}

/// Runs a parsed command line in the current folder, writing to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<ExitCode> {
    crate::verbosity::set(if cli.quiet {
        Level::Quiet
    } else if cli.verbose {
        Level::Verbose
    } else {
        Level::Normal
    });
    let started = Instant::now();
    let result = run_command(cli, out);
    crate::verbosity::detail(|| format!("took {:.2} s", started.elapsed().as_secs_f64()));
    result
}

fn run_command(mut cli: Cli, out: &mut dyn Write) -> Result<ExitCode> {
    if let Some(dir) = &cli.directory {
        crate::verbosity::detail(|| format!("running in {} (-C)", dir.display()));
        std::env::set_current_dir(dir).map_err(|source| crate::error::Error::Directory {
            path: dir.clone(),
            source,
        })?;
    }
    if let Command::Init(args) = &cli.command {
        let cwd = std::env::current_dir().map_err(|source| crate::error::Error::Read {
            path: PathBuf::from("."),
            source,
        })?;
        return init::run(&cwd, cli.manifest.as_deref(), args, out);
    }
    if let Command::Import(args) = &cli.command {
        let cwd = std::env::current_dir().map_err(|source| crate::error::Error::Read {
            path: PathBuf::from("."),
            source,
        })?;
        return import::run(&cwd, cli.manifest.as_deref(), args, out);
    }
    match &cli.command {
        Command::Pdf(args) => return pdf::run(args, out),
        Command::Completions(args) => return completions::run(args, out),
        Command::Man(args) => return man::run(args, out),
        _ => {}
    }
    let cwd = std::env::current_dir().map_err(|source| crate::error::Error::Read {
        path: PathBuf::from("."),
        source,
    })?;
    let mut project = Project::open(&cwd, cli.manifest.as_deref())?;
    // The dossier records the draft it reviews, not "the last": a later
    // draft must not change what `cotejo verify` remakes.
    if let Command::Expediente(args) = &mut cli.command
        && args.version.is_none()
    {
        args.version = expediente::last_draft(&project);
    }
    let manifest = cli
        .manifest
        .as_deref()
        .map(|m| recorded_manifest(&project, &cwd, m));
    if let Some(args) = regenerating_args(&cli, manifest) {
        project = project.with_args(args);
    }
    match cli.command {
        Command::Diff(args) => diff::run(&project, &args, out),
        Command::Drafts(args) => drafts::run(&project, &args, out),
        Command::Check(args) => check::run(&project, &args, out),
        Command::Report(args) => report::run(&project, &args, out),
        Command::Changelog(args) => changelog::run(&project, &args, out),
        Command::Expediente(args) => expediente::run(&project, &args, out),
        Command::Site(args) => site::run(&project, &args, out),
        Command::History(args) => history::run(&project, &args, out),
        Command::Blame(args) => blame::run(&project, &args, out),
        Command::Book(args) => book::run(&project, &args, out),
        Command::Verify(args) => verify::run(&cwd, cli.manifest.as_deref(), &args, out),
        Command::Pdf(_)
        | Command::Completions(_)
        | Command::Man(_)
        | Command::Init(_)
        | Command::Import(_) => {
            unreachable!("handled above")
        }
    }
}

/// The manifest `named` on the command line as the recorded command names it:
/// from the repository's root (`policy/pnda.yaml`, with `/`), so `cotejo
/// verify` finds it from any folder of the repository; as given when it is
/// outside the repository (verify refuses that).
fn recorded_manifest(project: &Project, cwd: &Path, named: &Path) -> String {
    let root = project
        .sources()
        .repo()
        .and_then(|r| r.workdir())
        .and_then(|w| w.canonicalize().ok());
    let full = cwd.join(named).canonicalize().ok();
    match (root, full) {
        (Some(root), Some(full)) => match full.strip_prefix(&root) {
            Ok(inside) => inside
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            Err(_) => named.display().to_string(),
        },
        _ => named.display().to_string(),
    }
}

/// The arguments that make the output of `cli` again, its own path left out,
/// for the outputs `cotejo verify` can check (`None` for the others).
fn regenerating_args(cli: &Cli, manifest: Option<String>) -> Option<Vec<String>> {
    fn name<T: ValueEnum>(value: &T) -> String {
        value
            .to_possible_value()
            .map(|v| v.get_name().to_owned())
            .unwrap_or_default()
    }
    fn templates(dir: &Option<PathBuf>) -> Vec<String> {
        dir.iter()
            .flat_map(|d| ["--templates".to_owned(), d.display().to_string()])
            .collect()
    }
    let mut args: Vec<String> = Vec::new();
    if let Some(m) = manifest {
        args.extend(["--manifest".to_owned(), m]);
    }
    match &cli.command {
        Command::Diff(a) if a.format == diff::Format::Json => {
            args.extend(["diff", &a.old, &a.new, "--format", "json"].map(str::to_owned));
        }
        Command::Report(a) => {
            args.extend(["report".to_owned(), a.old.clone(), a.new.clone()]);
            args.extend(["--lang".to_owned(), name(&a.html.lang)]);
            args.extend(templates(&a.html.templates));
        }
        Command::Changelog(a) => {
            args.extend(["changelog".to_owned(), "--paper".to_owned(), name(&a.paper)]);
            args.extend(["--lang".to_owned(), name(&a.html.lang)]);
            args.extend(templates(&a.html.templates));
        }
        Command::Expediente(a) => {
            args.push("expediente".to_owned());
            args.extend(a.version.clone());
            args.extend(["--paper".to_owned(), name(&a.paper)]);
            args.extend(["--lang".to_owned(), name(&a.html.lang)]);
            args.extend(templates(&a.html.templates));
        }
        Command::Site(a) => {
            args.extend(["site".to_owned(), "--lang".to_owned(), name(&a.lang)]);
            if a.all_commits {
                args.push("--all-commits".to_owned());
            }
            // The pages link their PDFs and name their address: both change
            // the bytes (a site made with --pdf is checked by printing again).
            if a.pdf {
                args.push("--pdf".to_owned());
            }
            if let Some(url) = &a.base_url {
                args.extend(["--base-url".to_owned(), url.clone()]);
            }
            args.extend(templates(&a.templates));
        }
        _ => return None,
    }
    Some(args)
}
