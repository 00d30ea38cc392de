use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cotejo::cli::Cli::parse();
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
