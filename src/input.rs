//! Reading input files only when they are what they should be: a regular
//! file (a FIFO or a device would block or stream forever), holding UTF-8
//! text (not UTF-16, not a Git LFS pointer standing in for the text).
//!
//! Every file cotejo reads from disk (manifest, document files, notes,
//! consultation, templates) comes through [`read_regular`]; every text, from
//! disk or from git, through [`decode`] or [`decode_blob`].

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// The first line of every Git LFS pointer file (the LFS specification,
/// version 1).
const LFS_POINTER_START: &[u8] = b"version https://git-lfs.github.com/spec/v1\n";

/// LFS pointers are small: the specification caps them below 1024 bytes.
const LFS_POINTER_MAX: usize = 1024;

/// Reads `path` whole when it is a regular file (a symbolic link to one is
/// followed); anything else is refused before it is opened.
pub fn read_regular(path: &Path) -> Result<Vec<u8>> {
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_error)?;
    refuse_unless_regular(path, &meta)?;
    let mut file = File::open(path).map_err(read_error)?;
    // The path may have been replaced between the look and the open: check the
    // file actually opened too.
    refuse_unless_regular(path, &file.metadata().map_err(read_error)?)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    map_spare_capacity_now(&mut bytes);
    file.read_to_end(&mut bytes).map_err(read_error)?;
    Ok(bytes)
}

/// Below this, a buffer's pages are left to be mapped as `read` fills them.
const MAP_AT_ONCE_MIN_BYTES: usize = 256 << 10;

/// Asks the system to map the pages of `buffer`'s spare capacity now, in one
/// call, instead of one page fault per 4 KiB page while `read` copies into it.
///
/// A large buffer is fresh memory the allocator has just asked the system for,
/// so every page of it faults once when first written. On a virtual machine
/// (this project's measurements run on one) each fault costs 1–2 µs: a 1 MB
/// draft's 245 faults were a tenth of a millisecond of the 1 MB pair's
/// ~13 ms, and `MADV_POPULATE_WRITE` maps them for half that. It changes no
/// byte and reserves nothing beyond the capacity already allocated; where the
/// system lacks it (Linux before 5.14, other systems) the call fails and the
/// pages fault as before.
fn map_spare_capacity_now(buffer: &mut Vec<u8>) {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        const MADV_POPULATE_WRITE: std::ffi::c_int = 23;
        unsafe extern "C" {
            fn madvise(
                addr: *mut std::ffi::c_void,
                len: usize,
                advice: std::ffi::c_int,
            ) -> std::ffi::c_int;
        }
        let spare = buffer.spare_capacity_mut();
        if spare.len() < MAP_AT_ONCE_MIN_BYTES {
            return;
        }
        let start = spare.as_mut_ptr() as usize;
        let first = start.next_multiple_of(PAGE);
        let end = (start + spare.len()) / PAGE * PAGE;
        if end > first {
            // SAFETY: [first, end) lies inside the buffer's own allocation
            // (whole pages of its spare capacity), which nothing else uses;
            // MADV_POPULATE_WRITE only maps those pages, as a write would,
            // and reads or changes no byte. A failure (EINVAL on an older
            // kernel or another page size) changes nothing.
            unsafe {
                madvise(
                    first as *mut std::ffi::c_void,
                    end - first,
                    MADV_POPULATE_WRITE,
                );
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = buffer;
}

fn refuse_unless_regular(path: &Path, meta: &Metadata) -> Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    Err(Error::NotAFile {
        path: path.to_owned(),
        kind: kind_of(meta),
    })
}

/// What a file that is not a regular file is, in a reader's words.
pub fn kind_of(meta: &Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    if kind.is_file() {
        return "a regular file";
    }
    "not a regular file"
}

/// Turns the bytes of a file read from disk into text: see [`decode_blob`];
/// an LFS pointer's fix is to fetch the file.
pub fn decode(bytes: Vec<u8>, what: impl FnOnce() -> String) -> Result<String> {
    if is_lfs_pointer(&bytes) {
        return Err(Error::LfsPointer { what: what() });
    }
    decode_text(bytes, what)
}

/// Turns the bytes of a git blob into text: a leading UTF-8 byte-order mark
/// is dropped; UTF-16, an LFS pointer or anything else that is not UTF-8 is an
/// error naming `what` (and, for bytes that are not UTF-8, the offset and line).
pub fn decode_blob(bytes: Vec<u8>, what: impl FnOnce() -> String) -> Result<String> {
    if is_lfs_pointer(&bytes) {
        return Err(Error::LfsPointerInGit { what: what() });
    }
    decode_text(bytes, what)
}

fn decode_text(mut bytes: Vec<u8>, what: impl FnOnce() -> String) -> Result<String> {
    if let Some(encoding) = utf16(&bytes) {
        return Err(Error::Utf16 {
            what: what(),
            encoding,
        });
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // Validate with SIMD first; std's validator is run again only on failure,
    // for the offset of the first bad byte.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just validated the bytes as UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Error::NotUtf8 {
            what: what(),
            offset,
            line,
        }
    })
}

/// Whether `bytes` are a Git LFS pointer rather than the file it stands for.
pub fn is_lfs_pointer(bytes: &[u8]) -> bool {
    bytes.len() < LFS_POINTER_MAX && bytes.starts_with(LFS_POINTER_START)
}

/// `UTF-16LE` or `UTF-16BE` when `bytes` look like UTF-16 text: a UTF-16
/// byte-order mark, or (without one) text whose every other byte is NUL, as
/// Latin text in UTF-16 is. A NUL-free file is never taken for UTF-16.
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some("UTF-16LE");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16BE");
    }
    let head = &bytes[..bytes.len().min(4096) & !1];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0, 0);
    for pair in head.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // Mostly ASCII-range UTF-16: NULs on one side of at least half the pairs,
    // never on the other.
    if odd * 2 >= pairs && even == 0 {
        Some("UTF-16LE")
    } else if even * 2 >= pairs && odd == 0 {
        Some("UTF-16BE")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn utf16be(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    #[test]
    fn utf16_is_recognised_with_and_without_a_byte_order_mark() {
        assert_eq!(utf16(&utf16le("\u{feff}# Título")), Some("UTF-16LE"));
        assert_eq!(utf16(&utf16be("\u{feff}# Título")), Some("UTF-16BE"));
        assert_eq!(utf16(&utf16le("# Política nacional")), Some("UTF-16LE"));
        assert_eq!(utf16(&utf16be("# Política nacional")), Some("UTF-16BE"));
        assert_eq!(utf16("# Política nacional".as_bytes()), None);
        assert_eq!(utf16(b"a\0"), None);
    }

    #[test]
    fn text_is_validated_whole_and_a_bad_byte_is_placed() {
        let what = || "x.md".to_owned();
        // Long enough for the SIMD validator's wide path, accented throughout.
        let good = "# Política\n\nDatos abiertos, región, año.\n".repeat(200);
        assert_eq!(decode(good.clone().into_bytes(), what).unwrap(), good);
        let mut bad = good.clone().into_bytes();
        bad.extend_from_slice(b"l\xednea\n");
        bad.extend_from_slice(good.as_bytes());
        match decode(bad, what) {
            Err(Error::NotUtf8 { offset, line, .. }) => {
                assert_eq!(offset, good.len() + 1);
                assert_eq!(line, 601);
            }
            other => panic!("expected NotUtf8, got {other:?}"),
        }
        let bom = [b"\xEF\xBB\xBF".as_slice(), good.as_bytes()].concat();
        assert_eq!(decode(bom, what).unwrap(), good);
    }

    #[test]
    fn lfs_pointers_are_recognised() {
        let pointer = b"version https://git-lfs.github.com/spec/v1\n\
            oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n\
            size 12345\n";
        assert!(is_lfs_pointer(pointer));
        assert!(!is_lfs_pointer(
            b"# version https://git-lfs.github.com/spec/v1\n"
        ));
    }
}
