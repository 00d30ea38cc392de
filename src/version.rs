//! A version of the document as read: its files' texts joined, hashed and
//! parsed. Where a version comes from (a draft, a revision, a file) is
//! [`crate::source`]'s job; this is the data every later step shares.

use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::document::Document;
use crate::model::VersionInfo;

/// One file of a version and where its text sits in the concatenation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Path as the user or the manifest named it.
    pub path: String,
    /// Byte range in the version's text ([`Document::text`] of [`Version::document`]).
    pub start: usize,
    pub end: usize,
}

/// A version as read, before it is assembled and parsed: what needs git (and
/// so one thread) is done; what does not can run beside another version's.
#[derive(Debug, Clone)]
pub struct Text {
    pub label: String,
    pub commit: Option<String>,
    /// Whether the files are the manifest's (a draft, `WORKTREE`, a revision of
    /// the whole document) rather than one file the user named.
    pub from_manifest: bool,
    /// `(name, content)` of each file, in order.
    pub files: Vec<(String, String)>,
}

impl Text {
    /// Joins the files, hashes and parses them.
    pub fn assemble(self) -> Version {
        self.assemble_with(Document::parse)
    }

    /// Like [`Text::assemble`], knowing the text is another version (earlier
    /// or later) of `other`: only what changed is parsed again when that is
    /// enough (see [`Document::edited`]).
    pub fn assemble_as_edit_of(self, other: &Version) -> Version {
        self.assemble_with(|text| other.document.edited(text))
    }

    fn assemble_with(self, parse: impl FnOnce(String) -> Document) -> Version {
        let mut v = Version::assemble_with(self.label, self.commit, self.files, parse);
        v.from_manifest = self.from_manifest;
        v
    }

    /// Joins each version's files and parses the two together (see
    /// [`Document::parse_pair`]).
    pub fn assemble_pair(old: Text, new: Text) -> (Version, Version) {
        let ((old_text, old_parts), (new_text, new_parts)) = (join(old.files), join(new.files));
        let (old_document, new_document) = Document::parse_pair(old_text, new_text);
        let version = |label, commit, parts, document, from_manifest| Version {
            label,
            commit,
            sha256: OnceLock::new(),
            parts,
            document,
            from_manifest,
        };
        (
            version(
                old.label,
                old.commit,
                old_parts,
                old_document,
                old.from_manifest,
            ),
            version(
                new.label,
                new.commit,
                new_parts,
                new_document,
                new.from_manifest,
            ),
        )
    }
}

/// A commit id as cotejo quotes it: its first 12 hex digits (an id shorter
/// than that whole).
pub fn short_commit(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

/// Reads and parses two versions at once, one on another thread: reading
/// and parsing are most of the time of a large comparison. Two large
/// versions are read first and then parsed together (see
/// [`Text::assemble_pair`]: a stretch they have alike is parsed once, on
/// either core); smaller ones are parsed each on its thread as soon as it is
/// read, which waits for nothing. When both fail, the old version's error is
/// the one returned.
pub fn read_and_assemble_pair(
    old: crate::source::Reader,
    new: crate::source::Reader,
) -> crate::error::Result<(Version, Version)> {
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(move || old.read().map(ReadText::parse_if_small));
        let new = new.read().map(ReadText::parse_if_small);
        (old.join().expect("reading a version does not panic"), new)
    });
    Ok(match (old?, new?) {
        (ReadText::Large(old), ReadText::Large(new)) => Text::assemble_pair(old, new),
        (old, new) => (old.assemble(), new.assemble()),
    })
}

/// Each version at least this large is parsed together with the other. On
/// the generated 5 MB pair, parsing together (its phases' waits, and putting
/// each version's headings together) cost ~3 ms more than it saved; on the
/// German laws, whose parse costs four times as much a byte, it saves a
/// third of the parse from 3 MB up (the 26 MB pair: 1.09x -> 0.76x git's).
const PARSE_TOGETHER_BYTES: usize = 8 << 20;

/// A version as its thread leaves it: parsed when small, else read only.
enum ReadText {
    Parsed(Version),
    Large(Text),
}

impl ReadText {
    fn parse_if_small(text: Text) -> ReadText {
        let bytes: usize = text.files.iter().map(|(_, t)| t.len()).sum();
        if bytes >= PARSE_TOGETHER_BYTES {
            ReadText::Large(text)
        } else {
            ReadText::Parsed(text.assemble())
        }
    }

    fn assemble(self) -> Version {
        match self {
            ReadText::Parsed(version) => version,
            ReadText::Large(text) => text.assemble(),
        }
    }
}

/// A version of the document, read and parsed.
#[derive(Debug, Clone)]
pub struct Version {
    /// Draft id, revision or path as the user named it.
    pub label: String,
    /// Full commit id when read from git.
    pub commit: Option<String>,
    /// SHA-256 (hex) of the text compared, worked out on first use (see
    /// [`Version::sha256`]).
    sha256: OnceLock<String>,
    /// The files the text was assembled from.
    pub parts: Vec<Part>,
    pub document: Document,
    /// Whether the files are the manifest's document (see [`Text::from_manifest`]).
    pub from_manifest: bool,
}

impl Version {
    /// Assembles a version from its files' texts. Files are joined as they are,
    /// with a line break added only where a file does not end with one.
    pub fn assemble(
        label: String,
        commit: Option<String>,
        files: Vec<(String, String)>,
    ) -> Version {
        Version::assemble_with(label, commit, files, Document::parse)
    }

    fn assemble_with(
        label: String,
        commit: Option<String>,
        files: Vec<(String, String)>,
        parse: impl FnOnce(String) -> Document,
    ) -> Version {
        let (text, parts) = join(files);
        Version {
            label,
            commit,
            sha256: OnceLock::new(),
            parts,
            document: parse(text),
            from_manifest: false,
        }
    }

    /// SHA-256 (hex) of the text compared. Hashed on the first call, not when
    /// the version is read: a comparison needs it only for its header, so
    /// [`crate::project::Pair::compare`] hashes on a second core while the
    /// first pairs sections alone (35 ms of the 26 MB pair's critical path).
    pub fn sha256(&self) -> &str {
        self.sha256
            .get_or_init(|| hex(&Sha256::digest(self.document.text().as_bytes())))
    }

    /// Frees the text now and leaves the rest (thousands of sections' small
    /// allocations) to the process's end, which is near: for a command done
    /// with the version, the hash worked out, about to write and exit.
    pub fn free_text_at_exit(self) {
        self.sha256();
        let Version { document, .. } = self;
        document.free_text_at_exit();
    }

    /// What the JSON output says of this version.
    pub fn info(&self) -> VersionInfo {
        VersionInfo {
            label: self.label.clone(),
            commit: self.commit.clone(),
            sha256: self.sha256().to_owned(),
            sections: self.document.sections().len(),
        }
    }

    /// This version as one side of a comparison.
    pub fn side(&self) -> crate::compare::Side<'_> {
        crate::compare::Side {
            info: self.info(),
            document: &self.document,
        }
    }
}

/// The files' texts one after the other, a line break added only where a
/// file does not end with one; one file is its text as it is, not copied.
fn join(files: Vec<(String, String)>) -> (String, Vec<Part>) {
    let count = files.len();
    let mut parts = Vec::with_capacity(count);
    if count == 1 {
        let (path, text) = files.into_iter().next().expect("one file");
        parts.push(Part {
            path,
            start: 0,
            end: text.len(),
        });
        return (text, parts);
    }
    let mut text = String::with_capacity(files.iter().map(|(_, t)| t.len() + 1).sum());
    for (k, (path, content)) in files.into_iter().enumerate() {
        let start = text.len();
        text.push_str(&content);
        if k + 1 < count && !content.is_empty() && !content.ends_with('\n') {
            text.push('\n');
        }
        parts.push(Part {
            path,
            start,
            end: text.len(),
        });
    }
    (text, parts)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
