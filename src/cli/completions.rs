//! `cotejo completions SHELL`: the shell's completion script, on standard
//! output, made by clap_complete from the same definitions that parse the
//! command line (so it never falls behind a new flag).

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::error::{Error, Result};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish. For bash, e.g.
    /// `cotejo completions bash > ~/.local/share/bash-completion/completions/cotejo`.
    pub shell: Shell,
}

pub(crate) fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let mut script: Vec<u8> = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut super::Cli::command(),
        "cotejo",
        &mut script,
    );
    out.write_all(&script).map_err(|source| Error::Write {
        path: "standard output".into(),
        source,
    })?;
    Ok(ExitCode::SUCCESS)
}
