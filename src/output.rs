//! Writing output files and folders: whole or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::project::Project;
use crate::render::{Form, Out, Pages, Renderer, Subject};

/// Where a renderer's output goes.
pub enum Destination<'a> {
    /// A stream (standard output), written as the renderer goes.
    Stream(&'a mut dyn Write),
    /// One file, written whole ([`write_atomic`]).
    File(&'a Path),
    /// One folder, replaced whole ([`replace_folder`]): only a folder with
    /// this marker, or an empty one.
    Folder(&'a Path, &'a Marker),
}

/// Renders `subject` of `project` with `renderer` and writes it to
/// `destination`, whole or not at all: a stream renderer goes to a stream or
/// a file, a pages renderer to a folder.
pub fn emit(
    renderer: &dyn Renderer,
    project: &Project,
    subject: Subject<'_>,
    destination: Destination<'_>,
) -> Result<()> {
    let mismatch = |to: &str| Error::Renderer {
        renderer: renderer.name(),
        message: format!("was asked to write {to}"),
    };
    match (renderer.form(), destination) {
        (Form::Stream, Destination::Stream(out)) => {
            renderer.render(project, subject, Out::Stream(out))
        }
        (Form::Stream, Destination::File(path)) => {
            let mut bytes = Vec::new();
            renderer.render(project, subject, Out::Stream(&mut bytes))?;
            write_atomic(path, &bytes)
        }
        (Form::Pages, Destination::Folder(dir, marker)) => {
            // A folder that is not ours is refused before any work, not after.
            check_ours(dir, marker)?;
            let mut pages = Pages::new();
            renderer.render(project, subject, Out::Pages(&mut pages))?;
            replace_folder(
                dir,
                pages.iter().map(|(p, b)| (p.as_str(), b.as_slice())),
                marker,
            )
        }
        (Form::Stream, Destination::Folder(..)) => Err(mismatch("a folder")),
        (Form::Pages, Destination::Stream(_)) => Err(mismatch("a stream")),
        (Form::Pages, Destination::File(_)) => Err(mismatch("one file")),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder, then
/// renames it into place: a reader never sees a half-written file, and a
/// failure leaves any earlier file as it was. (No fsync: the rename is what
/// makes the write whole; surviving a power cut is not asked of a report.)
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let write_err = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".cotejo-")
        .tempfile_in(dir)
        .map_err(write_err)?;
    tmp.write_all(bytes).map_err(write_err)?;
    // The temporary file is private (0600); the output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(write_err)?;
    }
    tmp.persist(path).map_err(|e| write_err(e.error))?;
    Ok(())
}

/// What marks a folder as cotejo's: a file of this name, with this text,
/// written by this command (named in errors).
pub struct Marker {
    pub file: &'static str,
    pub text: String,
    pub command: &'static str,
}

/// Replaces the folder `dir` with one holding exactly `files` (paths relative
/// to `dir`, `/`-separated, made by cotejo) and the marker: every file goes
/// into a new folder beside `dir`, which then takes `dir`'s place (the old
/// one aside, the new one in, the old one removed; if the new one cannot go
/// in, the old one goes back). An existing `dir` is replaced only when it
/// holds the marker or is empty: cotejo never deletes a folder of someone
/// else's files because `-o` named it. Files are 0644, folders 0755.
pub fn replace_folder<'a>(
    dir: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    marker: &Marker,
) -> Result<()> {
    let write_err = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Write { path, source }
    };
    let exists = check_ours(dir, marker)?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(write_err(&parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".cotejo-new-")
        .tempdir_in(&parent)
        .map_err(write_err(&parent))?;
    for (path, bytes) in files {
        debug_assert!(
            !path.starts_with('/') && !path.split('/').any(|p| p == ".." || p.is_empty()),
            "{path}"
        );
        let file = staging.path().join(path);
        if let Some(folder) = file.parent() {
            std::fs::create_dir_all(folder).map_err(write_err(folder))?;
        }
        std::fs::write(&file, bytes).map_err(write_err(&file))?;
    }
    let file = staging.path().join(marker.file);
    std::fs::write(&file, &marker.text).map_err(write_err(&file))?;
    set_modes(staging.path())?;
    let aside = if exists {
        let holder = tempfile::Builder::new()
            .prefix(".cotejo-old-")
            .tempdir_in(&parent)
            .map_err(write_err(&parent))?;
        let aside = holder.path().join("old");
        std::fs::rename(dir, &aside).map_err(write_err(dir))?;
        Some((holder, aside))
    } else {
        None
    };
    let staged = staging.keep();
    if let Err(source) = std::fs::rename(&staged, dir) {
        if let Some((_, aside)) = &aside {
            let _ = std::fs::rename(aside, dir);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::Write {
            path: dir.to_owned(),
            source,
        });
    }
    // The old folder goes with its holder (dropped here).
    drop(aside);
    Ok(())
}

/// Whether `dir` exists; an error when it exists and cotejo may not replace
/// it (not a folder, or a folder with files and no marker). Commands call it
/// before their work too, so a refusal costs nothing.
pub fn check_ours(dir: &Path, marker: &Marker) -> Result<bool> {
    let foreign = || Error::ForeignFolder {
        path: dir.to_owned(),
        marker: marker.file,
        command: marker.command,
    };
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => {
            if dir.join(marker.file).is_file() {
                return Ok(true);
            }
            let mut entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
                path: dir.to_owned(),
                source,
            })?;
            if entries.next().is_some() {
                return Err(foreign());
            }
            Ok(true)
        }
        Ok(_) => Err(foreign()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(Error::Read {
            path: dir.to_owned(),
            source,
        }),
    }
}

/// 0755 for folders, 0644 for files, under `root` (a temporary folder is 0700).
fn set_modes(root: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let set = |path: &Path, mode: u32| {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(
                |source| Error::Write {
                    path: path.to_owned(),
                    source,
                },
            )
        };
        let mut stack = vec![root.to_owned()];
        while let Some(folder) = stack.pop() {
            set(&folder, 0o755)?;
            let entries = std::fs::read_dir(&folder).map_err(|source| Error::Read {
                path: folder.clone(),
                source,
            })?;
            for entry in entries {
                let entry = entry.map_err(|source| Error::Read {
                    path: folder.clone(),
                    source,
                })?;
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    set(&path, 0o644)?;
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = root;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker() -> Marker {
        Marker {
            file: ".cotejo-test",
            text: "written by a test\n".to_owned(),
            command: "cotejo test",
        }
    }

    fn files(text: &'static str) -> Vec<(&'static str, &'static [u8])> {
        vec![("SUMMARY.md", text.as_bytes()), ("a/b.md", b"b")]
    }

    #[test]
    fn a_folder_is_written_replaced_whole_and_refused_when_not_ours() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("book/src");
        replace_folder(&dir, files("one"), &marker()).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("SUMMARY.md")).unwrap(),
            "one"
        );
        assert!(dir.join(".cotejo-test").is_file());
        std::fs::write(dir.join("stale.md"), "x").unwrap();
        replace_folder(&dir, files("two"), &marker()).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("SUMMARY.md")).unwrap(),
            "two"
        );
        assert!(
            !dir.join("stale.md").exists(),
            "the folder is replaced whole"
        );
        let beside: Vec<_> = std::fs::read_dir(root.path().join("book"))
            .unwrap()
            .collect();
        assert_eq!(beside.len(), 1, "nothing left beside it");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&dir), 0o755);
            assert_eq!(mode(&dir.join("a/b.md")), 0o644);
        }

        let theirs = root.path().join("theirs");
        std::fs::create_dir(&theirs).unwrap();
        std::fs::write(theirs.join("notes.txt"), "mine").unwrap();
        let err = replace_folder(&theirs, files("x"), &marker()).unwrap_err();
        assert!(matches!(err, Error::ForeignFolder { .. }), "{err}");
        assert!(err.to_string().contains("`cotejo test`"), "{err}");
        assert_eq!(
            std::fs::read_to_string(theirs.join("notes.txt")).unwrap(),
            "mine"
        );

        let empty = root.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        replace_folder(&empty, files("x"), &marker()).unwrap();
        assert!(empty.join("a/b.md").is_file());

        let file = root.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(replace_folder(&file, files("x"), &marker()).is_err());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    }

    #[test]
    fn a_folder_that_cannot_be_written_whole_leaves_the_old_one() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        replace_folder(&dir, files("one"), &marker()).unwrap();
        // A file where a folder must go: the staging fails.
        let broken: Vec<(&str, &[u8])> = vec![("a", b"file"), ("a/b.md", b"b")];
        assert!(replace_folder(&dir, broken, &marker()).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.join("SUMMARY.md")).unwrap(),
            "one"
        );
        let beside: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(beside.len(), 1, "nothing left beside it");
    }
}
