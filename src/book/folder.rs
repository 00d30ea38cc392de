//! Writing a folder whole: everything goes into a temporary folder beside the
//! target, which then takes the target's place.
//!
//! A folder cotejo wrote holds a marker file ([`MARKER`]). An existing target
//! is replaced only when it holds that marker or is empty: cotejo never
//! deletes a folder of someone else's files because `-o` named it.
//!
//! The swap is two renames (the old folder aside, the new one in), so a reader
//! may for a moment find no folder, but never a half-written one; if the second
//! rename fails, the old folder is put back.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The file that says a folder was written by `cotejo book`.
pub const MARKER: &str = ".cotejo-book";

const MARKER_TEXT: &str = "Written by `cotejo book`: the next run replaces this folder whole.\n";

/// Replaces the folder `dir` with one holding exactly `files` (paths relative
/// to `dir`, `/`-separated, made by cotejo) and the marker.
pub fn replace(dir: &Path, files: &[(String, String)]) -> Result<()> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let write_err = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Write { path, source }
    };
    let exists = check_ours(dir)?;
    fs::create_dir_all(&parent).map_err(write_err(&parent))?;
    let tmp = tempfile::Builder::new()
        .prefix(".cotejo-book-")
        .tempdir_in(&parent)
        .map_err(write_err(dir))?;
    for (rel, contents) in files {
        debug_assert!(
            !rel.starts_with('/') && !rel.split('/').any(|p| p == ".." || p.is_empty()),
            "{rel}"
        );
        let path = tmp.path().join(rel);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).map_err(write_err(dir))?;
        }
        fs::write(&path, contents).map_err(write_err(&dir.join(rel)))?;
    }
    fs::write(tmp.path().join(MARKER), MARKER_TEXT).map_err(write_err(dir))?;
    // The temporary folder is private (0700); the book is an ordinary folder.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755))
            .map_err(write_err(dir))?;
    }
    if !exists {
        let tmp_path = tmp.keep();
        return fs::rename(&tmp_path, dir).map_err(|e| {
            let _ = fs::remove_dir_all(&tmp_path);
            write_err(dir)(e)
        });
    }
    // A free name beside the target for the old folder.
    let aside = tempfile::Builder::new()
        .prefix(".cotejo-book-old-")
        .tempdir_in(&parent)
        .map_err(write_err(dir))?
        .keep();
    fs::remove_dir(&aside).map_err(write_err(dir))?;
    fs::rename(dir, &aside).map_err(write_err(dir))?;
    let tmp_path = tmp.keep();
    if let Err(e) = fs::rename(&tmp_path, dir) {
        let _ = fs::rename(&aside, dir);
        let _ = fs::remove_dir_all(&tmp_path);
        return Err(write_err(dir)(e));
    }
    fs::remove_dir_all(&aside).map_err(write_err(&aside))?;
    Ok(())
}

/// Whether `dir` exists; an error when it exists and cotejo may not replace it
/// (not a folder, or a folder with files and no marker).
fn check_ours(dir: &Path) -> Result<bool> {
    let foreign = || Error::ForeignFolder {
        path: dir.to_owned(),
        marker: MARKER,
    };
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => {
            if dir.join(MARKER).is_file() {
                return Ok(true);
            }
            let mut entries = fs::read_dir(dir).map_err(|source| Error::Read {
                path: dir.to_owned(),
                source,
            })?;
            if entries.next().is_some() {
                return Err(foreign());
            }
            Ok(true)
        }
        Ok(_) => Err(foreign()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(Error::Read {
            path: dir.to_owned(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(text: &str) -> Vec<(String, String)> {
        vec![
            ("SUMMARY.md".to_owned(), text.to_owned()),
            ("a/b.md".to_owned(), "b".to_owned()),
        ]
    }

    #[test]
    fn writes_replaces_and_refuses() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("book/src");
        replace(&dir, &files("one")).unwrap();
        assert_eq!(fs::read_to_string(dir.join("SUMMARY.md")).unwrap(), "one");
        assert!(dir.join(MARKER).is_file());
        fs::write(dir.join("stale.md"), "x").unwrap();
        replace(&dir, &files("two")).unwrap();
        assert_eq!(fs::read_to_string(dir.join("SUMMARY.md")).unwrap(), "two");
        assert!(
            !dir.join("stale.md").exists(),
            "the folder is replaced whole"
        );
        // Nothing left beside it.
        let beside: Vec<_> = fs::read_dir(root.path().join("book")).unwrap().collect();
        assert_eq!(beside.len(), 1);

        let theirs = root.path().join("theirs");
        fs::create_dir(&theirs).unwrap();
        fs::write(theirs.join("notes.txt"), "mine").unwrap();
        let err = replace(&theirs, &files("x")).unwrap_err();
        assert!(matches!(err, Error::ForeignFolder { .. }), "{err}");
        assert_eq!(
            fs::read_to_string(theirs.join("notes.txt")).unwrap(),
            "mine"
        );

        let empty = root.path().join("empty");
        fs::create_dir(&empty).unwrap();
        replace(&empty, &files("x")).unwrap();
        assert!(empty.join("a/b.md").is_file());

        let file = root.path().join("file");
        fs::write(&file, "x").unwrap();
        assert!(replace(&file, &files("x")).is_err());
        assert_eq!(fs::read_to_string(&file).unwrap(), "x");
    }
}
