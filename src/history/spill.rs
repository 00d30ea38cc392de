//! An unlinked temporary file that a history of every commit writes its
//! steps' records to as they are made, and reads back when a page asks for
//! one (issue 12, sixth round): written once and read rarely, they were
//! what still grew in memory with the number of commits. Its store's new
//! bodies go there too (`body`, ninth round), and its points and heads in
//! pages (`paged`, thirteenth and fourteenth rounds).
//!
//! The file is made by [`tempfile::tempfile`] in the system's temporary
//! folder ([`std::env::temp_dir`], `TMPDIR`): opened with `O_TMPFILE` where
//! the system has it, else created and unlinked at once, so it has no name
//! and goes with the process, whatever way it ends; never in the user's
//! repository or output folder. When it cannot be made or written (no such
//! folder, a read-only one, a full disk), the records stay in memory: the
//! same output, more memory. Each record read back is checked against its
//! length and a hash taken when it was written, so a file changed under
//! the process is an error that says so: the command fails before it keeps
//! what it made (`history` and `blame` hold their output until then, and
//! write none).

use std::borrow::Cow;
use std::fs::File;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

/// The temporary file and where its next record goes.
#[derive(Debug)]
pub(super) struct Spill {
    file: File,
    end: Mutex<u64>,
    written: AtomicU64,
    /// Why the first record that did not read back did not, when it was
    /// one whose reader has no error to return (a body, a page of points or
    /// headings: [`Spill::note`]).
    failed: OnceLock<String>,
}

/// Where a record is in the file, and what it must read back as.
#[derive(Debug, Clone, Copy)]
pub(super) struct Record {
    at: u64,
    len: u32,
    sum: u64,
}

/// A block of bytes a history keeps out of memory where it can (a page of
/// records): in the file, or in memory when there is none or it did not
/// take the block.
#[derive(Debug, Clone)]
pub(super) enum Stored {
    Spilled(Record),
    Kept(Box<[u8]>),
}

impl Stored {
    /// `bytes`, written to `spill` if there is one and it takes them, else
    /// kept.
    pub(super) fn of(bytes: Vec<u8>, spill: Option<&Spill>) -> Stored {
        match spill.and_then(|s| s.write(&bytes)) {
            Some(record) => Stored::Spilled(record),
            None => Stored::Kept(bytes.into_boxed_slice()),
        }
    }

    /// The bytes it keeps in memory.
    pub(super) fn kept_bytes(&self) -> usize {
        match self {
            Stored::Kept(bytes) => bytes.len(),
            Stored::Spilled(_) => 0,
        }
    }

    /// Its bytes: borrowed when kept, read back from `spill` and checked
    /// when spilled.
    pub(super) fn bytes(&self, spill: Option<&Spill>) -> Result<Cow<'_, [u8]>, ReadBack> {
        match self {
            Stored::Kept(bytes) => Ok(Cow::Borrowed(bytes)),
            Stored::Spilled(record) => {
                let spill = spill.ok_or_else(|| {
                    ReadBack("a page kept in a temporary file the history no longer has".into())
                })?;
                spill.read(*record).map(Cow::Owned)
            }
        }
    }
}

/// A record that did not read back as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ReadBack(pub(super) String);

impl std::fmt::Display for ReadBack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Spill {
    /// A new unlinked file in the system's temporary folder; `None` (the
    /// records then stay in memory) when it cannot be made.
    pub(super) fn create() -> Option<Spill> {
        match tempfile::tempfile().and_then(positioned::usable) {
            Ok(file) => Some(Spill {
                file,
                end: Mutex::new(0),
                written: AtomicU64::new(0),
                failed: OnceLock::new(),
            }),
            Err(e) => {
                crate::verbosity::detail(|| {
                    format!(
                        "no temporary file in {} ({e}): the history's steps and texts are kept in memory",
                        std::env::temp_dir().display()
                    )
                });
                None
            }
        }
    }

    /// Writes `bytes` as a record; `None` when they could not be written
    /// (the caller keeps them in memory).
    pub(super) fn write(&self, bytes: &[u8]) -> Option<Record> {
        self.write_summed(bytes, checksum(bytes))
    }

    /// [`Spill::write`] for a caller that has hashed `bytes` already
    /// (`sum` is their [`checksum`]): the store hashes each new body to look
    /// it up, and a core run's first version is a megabyte of them.
    pub(super) fn write_summed(&self, bytes: &[u8], sum: u64) -> Option<Record> {
        debug_assert_eq!(sum, checksum(bytes), "the bytes' checksum");
        let len = u32::try_from(bytes.len()).ok()?;
        let at = {
            let mut end = self.end.lock().unwrap_or_else(|e| e.into_inner());
            let at = *end;
            *end += u64::from(len);
            at
        };
        match positioned::write_all_at(&self.file, bytes, at) {
            Ok(()) => {
                self.written.fetch_add(u64::from(len), Ordering::Relaxed);
                Some(Record { at, len, sum })
            }
            Err(e) => {
                crate::verbosity::detail(|| {
                    format!("cannot write the history's temporary file ({e}): kept in memory")
                });
                None
            }
        }
    }

    /// The record's bytes, as written.
    pub(super) fn read(&self, r: Record) -> Result<Vec<u8>, ReadBack> {
        let mut bytes = vec![0; r.len as usize];
        positioned::read_exact_at(&self.file, &mut bytes, r.at).map_err(|e| {
            ReadBack(format!(
                "cannot read back the history's temporary file in {} ({} bytes at {}): {e}",
                std::env::temp_dir().display(),
                r.len,
                r.at
            ))
        })?;
        if checksum(&bytes) != r.sum {
            return Err(ReadBack(format!(
                "the history's temporary file in {} changed while cotejo ran ({} bytes at {} \
                 are not as written)",
                std::env::temp_dir().display(),
                r.len,
                r.at
            )));
        }
        Ok(bytes)
    }

    /// Records that a record did not read back, for a reader that goes on
    /// with a stand-in: the history's check then fails the command.
    pub(super) fn note(&self, e: ReadBack) {
        let _ = self.failed.set(e.0);
    }

    /// Why a record noted did not read back, if one did not.
    pub(super) fn failure(&self) -> Option<&str> {
        self.failed.get().map(String::as_str)
    }

    /// Bytes written to the file.
    pub(super) fn bytes(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
    }

    /// The file itself, for the tests that change it under a history.
    #[cfg(test)]
    pub(super) fn file(&self) -> &File {
        &self.file
    }
}

/// Reading and writing at an offset, which several threads do at once
/// without a shared cursor: on Unix through `pread`/`pwrite`; elsewhere no
/// file is used (the records stay in memory).
mod positioned {
    use std::fs::File;
    use std::io;

    #[cfg(unix)]
    pub(super) fn usable(file: File) -> io::Result<File> {
        Ok(file)
    }

    #[cfg(unix)]
    pub(super) fn write_all_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
        std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
    }

    #[cfg(unix)]
    pub(super) fn read_exact_at(file: &File, bytes: &mut [u8], at: u64) -> io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
    }

    #[cfg(not(unix))]
    pub(super) fn usable(_: File) -> io::Result<File> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "positioned reads need Unix",
        ))
    }

    #[cfg(not(unix))]
    pub(super) fn write_all_at(_: &File, _: &[u8], _: u64) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
    }

    #[cfg(not(unix))]
    pub(super) fn read_exact_at(_: &File, _: &mut [u8], _: u64) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
    }
}

impl Record {
    /// Written for a page of records of records (`comparisons`).
    pub(super) fn write(&self, w: &mut super::bytes::Writer) {
        w.uint(self.at);
        w.uint(u64::from(self.len));
        w.u64_fixed(self.sum);
    }

    pub(super) fn read(r: &mut super::bytes::Reader<'_>) -> Result<Record, super::bytes::Corrupt> {
        Ok(Record {
            at: r.uint()?,
            len: r.u32()?,
            sum: r.u64_fixed()?,
        })
    }

    /// The record's length in bytes.
    pub(super) fn len(&self) -> usize {
        self.len as usize
    }

    /// The [`checksum`] of its bytes as written.
    pub(super) fn sum(&self) -> u64 {
        self.sum
    }
}

/// A hash of a record's bytes, the same in every run.
pub(super) fn checksum(bytes: &[u8]) -> u64 {
    foldhash::quality::FixedState::with_seed(0x636f_7465_6a6f).hash_one(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    use std::os::unix::fs::FileExt;

    #[test]
    fn records_read_back_as_written_and_a_changed_byte_is_an_error() {
        let spill = Spill::create().expect("a temporary file");
        let a = spill.write(b"primer registro").unwrap();
        let b = spill.write(&[7; 1000]).unwrap();
        assert_eq!(spill.read(a).unwrap(), b"primer registro");
        assert_eq!(spill.read(b).unwrap(), vec![7; 1000]);
        assert_eq!(spill.bytes(), 1015);
        spill.file().write_all_at(b"X", 3).unwrap();
        let err = spill.read(a).unwrap_err();
        assert!(err.0.contains("changed while cotejo ran"), "{err}");
        assert_eq!(spill.read(b).unwrap(), vec![7; 1000]);
        spill.file().set_len(500).unwrap();
        let err = spill.read(b).unwrap_err();
        assert!(err.0.contains("cannot read back"), "{err}");
    }
}
