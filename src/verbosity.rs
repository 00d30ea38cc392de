//! What cotejo says on standard error besides its errors and warnings, as the
//! global flags `--quiet` and `--verbose` set it: with `--quiet`, nothing (no
//! progress bar, no notice); by default, the progress bar on a terminal and
//! the notices of what a command did beside its output (a repository
//! created); with `--verbose`, also what it reads and writes — the manifest
//! found, each version resolved to its commit, each file written — and how
//! long the command took.
//!
//! None of it ever reaches an output file or standard output, so what a
//! command writes stays the same bytes whatever the level (timings included).
//! The level is one setting of the whole process, set once by `cli::run`
//! before any work, as a logger's level is: threading it through every
//! function that reads or writes would say nothing more.

use std::fmt::Display;
use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};

/// How much cotejo says on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Errors and warnings only.
    Quiet,
    /// Also the progress bar (on a terminal) and notices.
    Normal,
    /// Also what is read and written, and timings.
    Verbose,
}

static LEVEL: AtomicU8 = AtomicU8::new(Level::Normal as u8);

/// Sets the level for the rest of the process.
pub fn set(level: Level) {
    LEVEL.store(level as u8, Ordering::Relaxed);
}

/// The level in force.
pub fn level() -> Level {
    match LEVEL.load(Ordering::Relaxed) {
        0 => Level::Quiet,
        1 => Level::Normal,
        _ => Level::Verbose,
    }
}

/// A notice, said unless `--quiet`: something the user should know that is
/// neither the output nor a problem ("created a git repository in …").
pub fn notice(text: impl Display) {
    if level() >= Level::Normal {
        say(&text);
    }
}

/// A detail, said only with `--verbose`: what is read, resolved or written.
/// `text` is only built when it is said.
pub fn detail<T: Display>(text: impl FnOnce() -> T) {
    if level() >= Level::Verbose {
        say(&text());
    }
}

fn say(text: &dyn Display) {
    // Standard error is for the user's eyes: a failed write there is no
    // reason to fail the command.
    let _ = writeln!(std::io::stderr().lock(), "cotejo: {text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered_and_round_trip() {
        assert!(Level::Quiet < Level::Normal && Level::Normal < Level::Verbose);
        for l in [Level::Quiet, Level::Verbose, Level::Normal] {
            set(l);
            assert_eq!(level(), l);
        }
    }
}
