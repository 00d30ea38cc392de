//! The temporary folders beside an output folder: `.cotejo-new-NAME.XXXXXX`
//! (the folder being written) and `.cotejo-old-NAME.XXXXXX` (where the old
//! one goes when it cannot be exchanged in one step). A run killed midway
//! leaves them behind; the next run for the same folder removes them, and only
//! them: the target's name is in theirs, and each holds the command's marker
//! (written first) or nothing at all.

use std::ffi::{OsStr, OsString};
use std::path::Path;

use tempfile::TempDir;

use super::folder::Marker;

const NEW: &str = ".cotejo-new-";
const OLD: &str = ".cotejo-old-";
/// The random part of a temporary's name (tempfile's letters and digits).
const RANDOM: usize = 6;

/// A new, empty folder beside `parent/name`, for the new output.
pub(crate) fn staging(parent: &Path, name: &OsStr) -> std::io::Result<TempDir> {
    make(parent, name, NEW)
}

/// A new, empty folder beside `parent/name`, to hold the old output.
pub(crate) fn holder(parent: &Path, name: &OsStr) -> std::io::Result<TempDir> {
    make(parent, name, OLD)
}

fn make(parent: &Path, name: &OsStr, kind: &str) -> std::io::Result<TempDir> {
    let mut prefix = OsString::from(kind);
    prefix.push(name);
    prefix.push(".");
    tempfile::Builder::new()
        .prefix(&prefix)
        .rand_bytes(RANDOM)
        .tempdir_in(parent)
}

/// Removes what earlier runs for `parent/name` left beside it. Best effort:
/// what cannot be removed stays for a later run, and never stops this one.
pub(crate) fn clean(parent: &Path, name: &OsStr, marker: &Marker) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if !named_for(&entry.file_name(), name) {
            continue;
        }
        let path = entry.path();
        if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            continue;
        }
        let old = path.join("old");
        if path.join(marker.file).is_file() {
            let _ = remove_marked(&path, marker);
        } else if old.join(marker.file).is_file() {
            // A holder (this version's or an earlier one's): `old/` inside.
            let _ = remove_marked(&old, marker);
            let _ = std::fs::remove_dir(&path);
        } else {
            // Only an empty folder goes: one without the marker may be anyone's.
            let _ = std::fs::remove_dir(&path);
        }
    }
}

/// Whether `entry` is the name of a temporary of the folder `target`: the
/// kind, the target's name, a dot and the random part; or the form of earlier
/// versions of cotejo, without the target's name.
fn named_for(entry: &OsStr, target: &OsStr) -> bool {
    let entry = entry.as_encoded_bytes();
    let target = target.as_encoded_bytes();
    let random = |s: &[u8]| s.len() == RANDOM && s.iter().all(u8::is_ascii_alphanumeric);
    [NEW, OLD].iter().any(|kind| {
        entry.strip_prefix(kind.as_bytes()).is_some_and(|rest| {
            random(rest)
                || rest
                    .strip_prefix(target)
                    .and_then(|r| r.strip_prefix(b"."))
                    .is_some_and(random)
        })
    })
}

/// Removes the folder `dir` that holds `marker`, the marker last: a run
/// killed midway leaves a folder the next run still knows as cotejo's.
pub(crate) fn remove_marked(dir: &Path, marker: &Marker) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == marker.file {
            continue;
        }
        let path = entry.path();
        // `file_type` does not follow links: a link inside is removed, never
        // what it points to.
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(&path)?;
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    match std::fs::remove_file(dir.join(marker.file)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_targets_own_temporaries_are_recognised() {
        let named = |e: &str, t: &str| named_for(OsStr::new(e), OsStr::new(t));
        assert!(named(".cotejo-new-site.Ab12Cd", "site"));
        assert!(named(".cotejo-old-site.Ab12Cd", "site"));
        assert!(
            named(".cotejo-old-Ab12Cd", "site"),
            "earlier versions' form"
        );
        assert!(!named(".cotejo-new-site.x.Ab12Cd", "site"), "site.x's");
        assert!(!named(".cotejo-new-site-2.Ab12Cd", "site"));
        assert!(!named(".cotejo-new-site.Ab12Cd.bak", "site"));
        assert!(!named(".cotejo-new-site.Ab1", "site"));
        assert!(!named("site", "site"));
        assert!(!named(".cotejo-Ab12Cd", "site"), "a file's temporary");
    }
}
