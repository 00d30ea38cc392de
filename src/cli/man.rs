//! `cotejo man`: the manual pages, made by clap_mangen from the command
//! line's own definitions: `cotejo.1` on standard output, or with `-o DIR`
//! that page and one per command (`cotejo-report.1`, …) written into DIR.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory};

use crate::error::{Error, Result};

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A folder to write every page into (made if missing; files of other
    /// names in it are left alone), e.g. `~/.local/share/man/man1`.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

pub(crate) fn run(args: &ManArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let pages = pages()?;
    match &args.output {
        None => {
            let (_, page) = &pages[0];
            out.write_all(page).map_err(|source| Error::Write {
                path: "standard output".into(),
                source,
            })?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.clone(),
                source,
            })?;
            for (name, page) in &pages {
                crate::output::write_file(&dir.join(name), page)?;
            }
            writeln!(out, "{} manual pages in {}", pages.len(), dir.display()).map_err(
                |source| Error::Write {
                    path: "standard output".into(),
                    source,
                },
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `cotejo.1`, then a page per command, each as (file name, roff).
fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    let cotejo = super::Cli::command();
    let mut pages = vec![("cotejo.1".to_owned(), render(cotejo.clone())?)];
    for sub in cotejo.get_subcommands() {
        let name = format!("cotejo-{}", sub.get_name());
        pages.push((format!("{name}.1"), render(sub.clone().name(name))?));
    }
    Ok(pages)
}

fn render(command: clap::Command) -> Result<Vec<u8>> {
    let mut page: Vec<u8> = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|source| Error::Write {
            path: "a manual page".into(),
            source,
        })?;
    Ok(page)
}
