//! An output never replaces a file its command reads: `cotejo pdf x.html -o
//! x.html` or `cotejo report a.md b.md -o b.md` would destroy the input.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// An error when `output` is one of `inputs`: the same file however it is
/// named (`./b.md`, an absolute path, a symlink or a hard link to it), not
/// the same spelling. Only existing regular files can be inputs; devices
/// (`/dev/null` as both) are never refused.
pub fn refuse_input(output: &Path, inputs: &[PathBuf]) -> Result<()> {
    let Some(written) = identity(output) else {
        return Ok(());
    };
    match inputs
        .iter()
        .find(|input| identity(input).as_ref() == Some(&written))
    {
        Some(input) => Err(Error::OutputIsInput {
            output: output.to_owned(),
            input: input.clone(),
        }),
        None => Ok(()),
    }
}

/// The file behind `path` (links followed): device and inode.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    meta.is_file().then(|| (meta.dev(), meta.ino()))
}

/// The file behind `path` (links followed): its canonical path.
#[cfg(not(unix))]
fn identity(path: &Path) -> Option<PathBuf> {
    std::fs::metadata(path).ok()?.is_file().then_some(())?;
    path.canonicalize().ok()
}
