//! One output file. A regular file (or a new one) is replaced whole: a
//! temporary file beside it, renamed into place, with the old file's mode (a
//! new file gets the umask's). Anything else that takes bytes (a character
//! device such as `/dev/null`, a FIFO, `/dev/stdout`) is opened and written
//! through: renaming over it would replace the device or the pipe with a file.
//! A symlink is followed: the file it points to is replaced and the link kept.

use std::fs::Metadata;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// How an output went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A file or a folder was put in place whole.
    Whole,
    /// The bytes went through to a stream, a device or a pipe.
    Through,
}

/// More links than this in a row is a loop (Linux's own limit is 40).
const MAX_LINKS: usize = 40;

/// Where the bytes for a path go.
enum Target {
    /// A regular file (`existing`) or none yet at `path`, replaced whole.
    Replace {
        path: PathBuf,
        existing: Option<Metadata>,
    },
    /// Opened and written as it is; `append` for a regular file reached
    /// through `/proc` (`/dev/stdout` redirected to a file by the shell).
    Through { append: bool },
}

/// Writes `bytes` to `path`: see the module documentation.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<Written> {
    crate::verbosity::detail(|| format!("writing {} ({} bytes)", path.display(), bytes.len()));
    match target(path)? {
        Target::Replace {
            path: real,
            existing,
        } => {
            replace(&real, existing.as_ref(), bytes).map_err(|source| Error::Write {
                path: path.to_owned(),
                source,
            })?;
            Ok(Written::Whole)
        }
        Target::Through { append } => {
            write_through(path, bytes, append).map_err(|source| Error::Write {
                path: path.to_owned(),
                source,
            })?;
            Ok(Written::Through)
        }
    }
}

/// Whether `path` would be written through rather than replaced (a device, a
/// FIFO, standard output): commands that need a real file beside it ask first.
pub fn writes_through(path: &Path) -> Result<bool> {
    Ok(matches!(target(path)?, Target::Through { .. }))
}

/// What `path` is, following symlinks; an error for what takes no output
/// (a folder, a block device, a socket).
fn target(path: &Path) -> Result<Target> {
    let not_a_file = |what: &'static str| Error::NotAnOutputFile {
        path: path.to_owned(),
        what,
    };
    let followed = match std::fs::metadata(path) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(Error::Write {
                path: path.to_owned(),
                source,
            });
        }
    };
    if let Some(meta) = &followed {
        let kind = meta.file_type();
        if kind.is_dir() {
            return Err(not_a_file("a folder"));
        }
        if !kind.is_file() {
            return special(path, meta);
        }
    }
    // A regular file or nothing yet: find the real path behind the links (a
    // dangling link names the file to create), so the temporary file goes in
    // the same folder as the file it replaces and the link stays a link.
    let mut current = path.to_owned();
    let mut through_proc = path.starts_with("/proc");
    for _ in 0..MAX_LINKS {
        let meta = match std::fs::symlink_metadata(&current) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Target::Replace {
                    path: current,
                    existing: None,
                });
            }
            Err(source) => {
                return Err(Error::Write {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        if !meta.file_type().is_symlink() {
            // `/dev/stdout` (a link into `/proc`) that the shell sent to a
            // file: that file belongs to the shell's redirection, not to us.
            if through_proc {
                return Ok(Target::Through { append: true });
            }
            return Ok(Target::Replace {
                path: current,
                existing: Some(meta),
            });
        }
        let link = std::fs::read_link(&current).map_err(|source| Error::Write {
            path: path.to_owned(),
            source,
        })?;
        through_proc |= link.starts_with("/proc");
        current = match current.parent() {
            Some(folder) => folder.join(&link),
            None => link,
        };
    }
    Err(Error::Write {
        path: path.to_owned(),
        source: std::io::Error::other("too many levels of symbolic links"),
    })
}

/// A path that is neither a folder nor a regular file.
#[cfg(unix)]
fn special(path: &Path, meta: &Metadata) -> Result<Target> {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_char_device() || kind.is_fifo() {
        return Ok(Target::Through { append: false });
    }
    let what = if kind.is_block_device() {
        "a block device (a disk)"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    };
    Err(Error::NotAnOutputFile {
        path: path.to_owned(),
        what,
    })
}

#[cfg(not(unix))]
fn special(path: &Path, _meta: &Metadata) -> Result<Target> {
    Err(Error::NotAnOutputFile {
        path: path.to_owned(),
        what: "not a regular file",
    })
}

/// Writes into what is there, without truncating: a device or a pipe has
/// nothing to truncate, and a file behind `/proc` is the shell's to manage.
fn write_through(path: &Path, bytes: &[u8], append: bool) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .append(append)
        .open(path)?;
    file.write_all(bytes)?;
    file.flush()
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into
/// place: a reader never sees a half-written file, and a failure leaves any
/// earlier file as it was. (No fsync: the rename is what makes the write
/// whole; surviving a power cut is not asked of a report.)
fn replace(path: &Path, existing: Option<&Metadata>, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".cotejo-");
    // tempfile makes private (0600) files; a report is meant to be read by
    // others. The mode passed to open(2) goes through the umask, as for any
    // file a program creates.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(folder)?;
    tmp.write_all(bytes)?;
    if let Some(old) = existing {
        keep_owner(tmp.as_file(), old);
        // After the owner: chown(2) clears set-id bits.
        tmp.as_file().set_permissions(old.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Gives the new file the old one's owner and group where this process may
/// (root replacing a user's report should not make it root's); where it may
/// not, the file is the writer's, as with any editor that saves by renaming.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, old: &Metadata) {
    use std::os::unix::fs::MetadataExt;
    let Ok(new) = file.metadata() else { return };
    if new.uid() != old.uid() || new.gid() != old.gid() {
        let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &std::fs::File, _old: &Metadata) {}
