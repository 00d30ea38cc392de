//! Renderers: each turns a [`Subject`] (a comparison, the drafts, a history)
//! of a [`Project`] into one stream of bytes or a set of pages, and none
//! recomputes a diff, resolves a version name or reads a file. The command
//! line picks a renderer and where its output goes; [`crate::output::emit`]
//! writes it there whole.
//!
//! | renderer | subject | output |
//! |---|---|---|
//! | [`text::Text`] | a pair | stream: the terminal view |
//! | [`json::Json`] | a pair | stream: the model (`cotejo.diff/1`) |
//! | [`report::Report`] | a pair | stream: one self-contained HTML file |
//! | [`docx::Docx`] | a pair | stream: a Word document with tracked changes |
//! | [`report::Changelog`] | the drafts | stream: one HTML file for paper |
//! | [`expediente::Expediente`] | the drafts | stream: the review dossier, for paper |
//! | [`crate::site::SiteRenderer`] | a history of the drafts | pages: the static site |
//! | [`crate::book::BookRenderer`] | a history of the drafts | pages: an mdBook source |

pub mod docx;
pub mod expediente;
pub mod fonts;
pub mod history;
pub mod json;
pub mod labels;
pub mod redline;
pub mod report;
pub mod templates;
pub mod text;
pub mod view;

use std::collections::BTreeMap;
use std::io::Write;

use crate::error::{Error, Result};
use crate::history::History;
use crate::project::{Pair, Project};

/// A set of pages: every file by its path from the folder's root
/// (`/`-separated), sorted, so two runs write the same folder.
pub type Pages = BTreeMap<String, Vec<u8>>;

/// Where a renderer of [`Form::Pages`] puts its files: a set of pages in
/// memory, or a folder being written ([`crate::output::Staged`]), which
/// takes each file as it is made so that a site of thousands of pages is
/// never held whole.
pub trait PageSink {
    /// Adds (or replaces) the file `path` (from the folder's root,
    /// `/`-separated).
    fn put(&mut self, path: String, bytes: Vec<u8>) -> Result<()>;
}

impl PageSink for Pages {
    fn put(&mut self, path: String, bytes: Vec<u8>) -> Result<()> {
        self.insert(path, bytes);
        Ok(())
    }
}

impl PageSink for crate::output::Staged<'_> {
    fn put(&mut self, path: String, bytes: Vec<u8>) -> Result<()> {
        self.write(&path, &bytes)
    }
}

/// What a renderer shows.
#[derive(Clone, Copy)]
pub enum Subject<'a> {
    /// Two versions and their comparison.
    Pair(&'a Pair),
    /// The manifest's drafts, in order (the project reads them).
    Drafts,
    /// A chain of versions followed section by section.
    History(&'a History),
}

impl Subject<'_> {
    fn name(&self) -> &'static str {
        match self {
            Subject::Pair(_) => "a comparison",
            Subject::Drafts => "the drafts",
            Subject::History(_) => "a history",
        }
    }
}

/// What a renderer makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// One stream: standard output or one file.
    Stream,
    /// A set of pages: one folder.
    Pages,
}

/// Where a renderer writes, of the [`Form`] it declared.
pub enum Out<'a> {
    Stream(&'a mut dyn Write),
    /// One stream gathered in memory (then written whole as one file): a
    /// renderer that has its bytes whole hands them over ([`Out::put_whole`])
    /// rather than having them copied.
    Buffer(&'a mut Vec<u8>),
    Pages(&'a mut dyn PageSink),
}

impl<'a> Out<'a> {
    /// The stream, for a renderer of [`Form::Stream`].
    pub fn stream(self, renderer: &'static str) -> Result<&'a mut dyn Write> {
        match self {
            Out::Stream(w) => Ok(w),
            Out::Buffer(b) => Ok(b),
            Out::Pages(_) => Err(Error::Renderer {
                renderer,
                message: "writes one stream, not a set of pages".into(),
            }),
        }
    }

    /// The whole stream at once, for a renderer of [`Form::Stream`]: handed
    /// over without a copy when it is gathered in memory (a report of 60,000
    /// sections is 130 MB), else written.
    pub fn put_whole(self, renderer: &'static str, bytes: Vec<u8>) -> Result<()> {
        match self {
            Out::Buffer(buffer) if buffer.is_empty() => {
                *buffer = bytes;
                Ok(())
            }
            out => put(out.stream(renderer)?, &bytes),
        }
    }

    /// The pages, for a renderer of [`Form::Pages`].
    pub fn pages(self, renderer: &'static str) -> Result<&'a mut dyn PageSink> {
        match self {
            Out::Pages(p) => Ok(p),
            Out::Stream(_) | Out::Buffer(_) => Err(Error::Renderer {
                renderer,
                message: "writes a set of pages, not one stream".into(),
            }),
        }
    }
}

/// An output of cotejo's.
pub trait Renderer {
    /// Its name in messages (`report`, `site`).
    fn name(&self) -> &'static str;
    /// Whether it writes one stream or a set of pages.
    fn form(&self) -> Form;
    /// Renders `subject` of `project` into `out`.
    fn render(&self, project: &Project, subject: Subject<'_>, out: Out<'_>) -> Result<()>;
}

/// The error for a subject a renderer does not show.
pub fn unsupported(renderer: &'static str, subject: Subject<'_>) -> Error {
    Error::Renderer {
        renderer,
        message: format!("cannot show {}", subject.name()),
    }
}

/// The pair a renderer of comparisons shows, or the error for another subject.
pub fn pair_of<'a>(renderer: &'static str, subject: Subject<'a>) -> Result<&'a Pair> {
    match subject {
        Subject::Pair(pair) => Ok(pair),
        other => Err(unsupported(renderer, other)),
    }
}

/// Writes to a renderer's stream; an error names standard output, where
/// streams usually go (a file's stream is a buffer and does not fail).
pub fn put(out: &mut dyn Write, bytes: &[u8]) -> Result<()> {
    out.write_all(bytes).map_err(stream_error)
}

/// An error writing a renderer's stream.
pub fn stream_error(source: std::io::Error) -> Error {
    Error::Write {
        path: "standard output".into(),
        source,
    }
}
