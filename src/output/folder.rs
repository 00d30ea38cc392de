//! One output folder, replaced whole: every file goes into a new folder
//! beside it, which then takes its place in one step (see [`super::swap`]).
//! Runs writing the same place take turns (an advisory lock), and each
//! cleans what an earlier, killed run left beside the folder.

use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};

use super::swap::{Swap, swap};
use super::temporaries;
use crate::error::{Error, Result};

/// What marks a folder as cotejo's: a file of this name, with this text,
/// written by this command (named in errors).
pub struct Marker {
    pub file: &'static str,
    pub text: String,
    pub command: &'static str,
}

/// Replaces the folder `dir` with one holding exactly `files` (paths relative
/// to `dir`, `/`-separated, made by cotejo) and the marker. An existing `dir`
/// is replaced only when it holds the marker or is empty: cotejo never
/// deletes a folder of someone else's files because `-o` named it. Files are
/// 0644, folders 0755. While one run writes, another run for a folder of the
/// same parent waits.
pub fn replace_folder<'a>(
    dir: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    marker: &Marker,
) -> Result<()> {
    let mut staged = Staged::open(dir, marker)?;
    for (path, bytes) in files {
        staged.write(path, bytes)?;
    }
    staged.finish()
}

/// A folder being written to replace `dir` whole ([`replace_folder`]), file
/// by file as the files are made: a command with many pages writes each as
/// it is made rather than holding them all until the end. Nothing is in
/// `dir` until [`Staged::finish`]; dropped unfinished (an error), the new
/// folder is removed and `dir` is left as it was.
pub struct Staged<'m> {
    dir: PathBuf,
    /// The folder `dir` is in, and its name.
    parent: PathBuf,
    name: OsString,
    marker: &'m Marker,
    /// Whether `dir` exists (and is ours to replace).
    exists: bool,
    staging: tempfile::TempDir,
    /// The folders made so far under the staging folder, so each is made once.
    folders: std::collections::HashSet<PathBuf>,
    /// Files written, and their bytes (for what `-v` says).
    files: usize,
    bytes: usize,
    /// Held until the folder is in place: runs to the same place take turns.
    _turn: File,
}

impl<'m> Staged<'m> {
    /// Takes the place's turn, cleans what a killed run left beside `dir`,
    /// checks again that `dir` is ours, and makes the new folder beside it
    /// (the marker first: a run killed while writing leaves a temporary
    /// folder that the next run knows as its own).
    pub fn open(dir: &Path, marker: &'m Marker) -> Result<Staged<'m>> {
        let (parent, name) = place(dir)?;
        std::fs::create_dir_all(&parent).map_err(write_err(&parent))?;
        let turn = lock(&parent, &name).map_err(write_err(dir))?;
        temporaries::clean(&parent, &name, marker);
        // Again under the lock: another run may have written it meanwhile.
        let exists = check_ours(dir, marker)?;
        let staging = temporaries::staging(&parent, &name).map_err(write_err(&parent))?;
        let file = staging.path().join(marker.file);
        std::fs::write(&file, &marker.text).map_err(write_err(&file))?;
        Ok(Staged {
            dir: dir.to_owned(),
            parent,
            name,
            marker,
            exists,
            staging,
            folders: std::collections::HashSet::new(),
            files: 0,
            bytes: 0,
            _turn: turn,
        })
    }

    /// Writes the file `path` (relative, `/`-separated, made by cotejo) of
    /// the new folder, replacing one written before under that path.
    pub fn write(&mut self, path: &str, bytes: &[u8]) -> Result<()> {
        debug_assert!(
            !path.starts_with('/') && !path.split('/').any(|p| p == ".." || p.is_empty()),
            "{path}"
        );
        let file = self.staging.path().join(path);
        if let Some(folder) = file.parent()
            && !self.folders.contains(folder)
        {
            std::fs::create_dir_all(folder).map_err(write_err(folder))?;
            self.folders.insert(folder.to_owned());
        }
        std::fs::write(&file, bytes).map_err(write_err(&file))?;
        self.files += 1;
        self.bytes += bytes.len();
        Ok(())
    }

    /// How many files were written, and their bytes.
    pub fn written(&self) -> (usize, usize) {
        (self.files, self.bytes)
    }

    /// Puts the new folder in `dir`'s place, in one step.
    pub fn finish(self) -> Result<()> {
        let Staged {
            dir,
            parent,
            name,
            marker,
            exists,
            staging,
            _turn,
            ..
        } = self;
        let dir = dir.as_path();
        set_modes(staging.path())?;
        if !exists {
            // Nothing to replace: one rename. (On an error the staging folder
            // goes with its `TempDir`.)
            std::fs::rename(staging.path(), dir).map_err(write_err(dir))?;
            let _ = staging.keep();
            return Ok(());
        }
        let holder = temporaries::holder(&parent, &name).map_err(write_err(&parent))?;
        let aside = holder.path().join("old");
        let how = swap(staging.path(), dir, &aside).map_err(write_err(dir))?;
        // The old folder is now where the staging one was, or aside. Removing it
        // is tidying: the new folder is in place, and a failure here leaves a
        // temporary the next run removes.
        let old = match how {
            Swap::Exchanged => staging.keep(),
            Swap::Renamed => {
                let _ = staging.keep();
                aside
            }
        };
        let _ = temporaries::remove_marked(&old, marker);
        Ok(())
    }
}

/// The error of a failed write to `path`.
fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + use<> {
    let path = path.to_owned();
    move |source| Error::Write { path, source }
}

/// Refuses `-o x.pdf` for a command that writes a folder (`command`, as the
/// user types it): a folder named like a PDF is a mistake nobody means.
pub fn refuse_pdf_folder(output: &Path, command: &'static str) -> Result<()> {
    if output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
    {
        return Err(Error::FolderNamedPdf {
            output: output.to_owned(),
            command,
        });
    }
    Ok(())
}

/// Whether `dir` exists; an error when it exists and cotejo may not replace
/// it (not a folder, or a folder with files and no marker), or when it is no
/// folder of its own (`.`, `..`, the folder cotejo runs in, `-`: standard
/// output, which a folder cannot go to). Commands call it
/// before their work too, so a refusal costs nothing.
pub fn check_ours(dir: &Path, marker: &Marker) -> Result<bool> {
    if dir.as_os_str() == "-" {
        return Err(Error::FolderToStdout {
            command: marker.command,
        });
    }
    place(dir)?;
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
        Ok(meta) if meta.file_type().is_symlink() => Err(Error::SymlinkedFolder {
            path: dir.to_owned(),
            target: std::fs::read_link(dir).unwrap_or_default(),
            command: marker.command,
        }),
        Ok(_) => Err(foreign()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(Error::Read {
            path: dir.to_owned(),
            source,
        }),
    }
}

/// The folder `dir` is in, and its name. A path without a name of its own
/// (`.`, `..`, `/`) cannot take a new folder's place, nor can the folder
/// cotejo runs in or one that holds it (the system refuses to rename them:
/// "Device or resource busy").
fn place(dir: &Path) -> Result<(PathBuf, OsString)> {
    let refuse = |why: &'static str| Error::UnreplaceableFolder {
        path: dir.to_owned(),
        why,
    };
    if let (Ok(cwd), Ok(real)) = (std::env::current_dir(), dir.canonicalize())
        && cwd.starts_with(&real)
    {
        return Err(refuse("it is the folder cotejo runs in, or holds it"));
    }
    let name = dir
        .file_name()
        .ok_or_else(|| refuse("the path ends in `..`, not in the folder's own name"))?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name.to_owned()))
}

/// Waits for and takes the advisory lock of the folder `parent` (released
/// when the file is dropped, or when the process ends however it ends).
/// Where a folder cannot be locked, a lock file beside the target serves.
fn lock(parent: &Path, name: &std::ffi::OsStr) -> std::io::Result<File> {
    let folder = File::open(parent).and_then(|f| f.lock().map(|()| f));
    match folder {
        Ok(file) => Ok(file),
        Err(_) => {
            let mut file_name = OsString::from(".cotejo-lock-");
            file_name.push(name);
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(parent.join(file_name))?;
            file.lock()?;
            Ok(file)
        }
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

    /// A run that finds another writing beside the same folder waits for it
    /// (and then writes), rather than failing or mixing their renames.
    #[test]
    fn a_run_waits_while_another_holds_the_folders_turn() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("site");
        let turn = lock(root.path(), dir.file_name().unwrap()).unwrap();
        let writer = {
            let dir = dir.clone();
            std::thread::spawn(move || replace_folder(&dir, files("late"), &marker()))
        };
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(!dir.exists(), "it did not wait for its turn");
        drop(turn);
        writer.join().unwrap().unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("SUMMARY.md")).unwrap(),
            "late"
        );
    }
}
