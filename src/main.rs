use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    let cli = parse_arguments();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = cotejo::cli::run(cli, &mut out).and_then(|code| {
        out.flush().map_err(|source| cotejo::error::Error::Write {
            path: "standard output".into(),
            source,
        })?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        Err(cotejo::error::Error::Write { source, .. })
            if source.kind() == io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cotejo: error: {e}");
            ExitCode::from(2)
        }
    }
}

/// The command line, as `Cli::parse` reads it, but without freeing clap's
/// description of every subcommand and option afterwards: the process keeps
/// it to its end, and its thousands of small allocations cost as much to free
/// as a third of building it (a tenth of a small diff's instructions).
fn parse_arguments() -> cotejo::cli::Cli {
    let mut command = cotejo::cli::Cli::command();
    let mut matches = command
        .try_get_matches_from_mut(std::env::args_os())
        .unwrap_or_else(|e| e.exit());
    let cli = cotejo::cli::Cli::from_arg_matches_mut(&mut matches)
        .unwrap_or_else(|e| e.format(&mut command).exit());
    std::mem::forget(command);
    cli
}
