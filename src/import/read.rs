//! The files of a draft kept outside git: one file (`borrador_1.md`,
//! `borrador_3.docx`) or a folder of them (`v2/`), listed first — so that
//! every draft is known to be readable before any is read — then read, Word
//! and OpenDocument files converted to Markdown by pandoc.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

/// What a draft's file is to cotejo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Markdown, recorded as it is.
    Markdown,
    /// A word processor's file, converted to Markdown by pandoc, whose input
    /// format this is (`docx`, `odt`).
    Converted(&'static str),
    /// A picture the Markdown may show, recorded as it is.
    Picture,
}

/// One file of a draft, found and not yet read.
#[derive(Debug, Clone)]
pub struct Found {
    /// Where it is on disk.
    pub source: PathBuf,
    /// Its path inside the draft's folder (`/`-separated; a converted file
    /// ends in `.md`), or its file name for a draft that is one file.
    pub name: String,
    pub kind: Kind,
}

/// A draft's files, in natural order of their paths.
#[derive(Debug, Clone)]
pub struct Listed {
    pub files: Vec<Found>,
    /// Whether the draft is a folder (else one file).
    pub folder: bool,
}

fn refuse(why: String) -> Error {
    Error::Import { why }
}

/// What a file is, by its name; `None` for a file that is no part of a
/// document (a PDF, a spreadsheet…).
fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" => Some(Kind::Markdown),
        "docx" => Some(Kind::Converted("docx")),
        "odt" => Some(Kind::Converted("odt")),
        "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" => Some(Kind::Picture),
        _ => None,
    }
}

/// The name a file has in the repository: a converted one ends in `.md`.
fn recorded_name(name: &str, kind: Kind) -> String {
    match kind {
        Kind::Converted(_) => match name.rsplit_once('.') {
            Some((stem, _)) => format!("{stem}.md"),
            None => format!("{name}.md"),
        },
        _ => name.to_owned(),
    }
}

/// Lists the draft at `path` (`shown` as the user named it).
pub fn list(path: &Path, shown: &str) -> Result<Listed> {
    let meta = std::fs::symlink_metadata(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    if meta.is_dir() {
        let mut files = Vec::new();
        walk(path, "", &mut files)?;
        files.sort_by(|a, b| super::natural::compare(&a.name, &b.name));
        if let Some(pair) = files.windows(2).find(|w| w[0].name == w[1].name) {
            return Err(refuse(format!(
                "{} and {} would both be recorded as {}: keep one of them in {shown}",
                pair[0].source.display(),
                pair[1].source.display(),
                pair[0].name
            )));
        }
        if !files.iter().any(|f| f.kind != Kind::Picture) {
            return Err(refuse(format!(
                "the folder {shown} holds no Markdown (.md) or Word (.docx, .odt) file: a draft \
                 kept as a folder is the document's files"
            )));
        }
        return Ok(Listed {
            files,
            folder: true,
        });
    }
    if !meta.is_file() {
        // A link is followed for a draft named on the command line, as any
        // input file is; a pipe or a device is refused.
        let target = std::fs::metadata(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        if !target.is_file() {
            return Err(Error::NotAFile {
                path: path.to_owned(),
                kind: crate::input::kind_of(&target),
            });
        }
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let kind = match kind_of(path) {
        Some(Kind::Picture) | None => return Err(unsupported(shown)),
        Some(kind) => kind,
    };
    Ok(Listed {
        files: vec![Found {
            source: path.to_owned(),
            name: recorded_name(&name, kind),
            kind,
        }],
        folder: false,
    })
}

fn unsupported(shown: &str) -> Error {
    let lower = shown.to_lowercase();
    let advice = if lower.ends_with(".doc") || lower.ends_with(".rtf") {
        "save it as .docx (Word: File › Save As › Word Document)"
    } else if lower.ends_with(".pdf") {
        "a PDF holds pages, not the text's structure: import the Word or Markdown file it was made from"
    } else {
        "a draft is a Markdown file (.md), a Word file (.docx), an OpenDocument text (.odt), or a folder of them"
    };
    refuse(format!("{shown} is not a draft cotejo can read: {advice}"))
}

/// Adds the files under `dir` (its path inside the draft is `prefix`) to
/// `found`: documents and pictures; hidden files and folders are left out,
/// other files skipped with a notice, and a link or a device refused.
fn walk(dir: &Path, prefix: &str, found: &mut Vec<Found>) -> Result<()> {
    let read_error = |source| Error::Read {
        path: dir.to_owned(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("~$") {
            // Hidden files, and the lock files Word leaves beside an open document.
            continue;
        }
        let path = entry.path();
        let inside = format!("{prefix}{name}");
        let meta = std::fs::symlink_metadata(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        if meta.is_dir() {
            walk(&path, &format!("{inside}/"), found)?;
        } else if meta.is_file() {
            match kind_of(&path) {
                Some(kind) => found.push(Found {
                    source: path,
                    name: recorded_name(&inside, kind),
                    kind,
                }),
                None => crate::verbosity::notice(format!(
                    "left out {}: not Markdown, Word, OpenDocument or a picture",
                    path.display()
                )),
            }
        } else if meta.file_type().is_symlink() {
            return Err(refuse(format!(
                "{} is a symbolic link: put the file itself in the draft's folder",
                path.display()
            )));
        } else {
            return Err(Error::NotAFile {
                path,
                kind: crate::input::kind_of(&meta),
            });
        }
    }
    Ok(())
}

/// The first file of `drafts` that pandoc must convert.
pub fn first_to_convert<'a>(drafts: impl IntoIterator<Item = &'a Listed>) -> Option<&'a Path> {
    drafts
        .into_iter()
        .flat_map(|d| &d.files)
        .find(|f| matches!(f.kind, Kind::Converted(_)))
        .map(|f| f.source.as_path())
}

/// The pandoc to convert `file` with: `$PANDOC`, else `pandoc` on `PATH`; an
/// error naming `file` and how to install pandoc when there is none.
pub fn find_pandoc(file: &Path) -> Result<PathBuf> {
    let explicit = std::env::var_os("PANDOC").filter(|v| !v.is_empty());
    let found = match &explicit {
        Some(p) => Some(PathBuf::from(p)).filter(|p| p.is_file()),
        None => std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .map(|dir| dir.join("pandoc"))
            .find(|p| p.is_file()),
    };
    let looked = match &explicit {
        Some(p) => format!("`{}` (from the PANDOC environment variable)", p.display()),
        None => "`pandoc` on PATH".to_owned(),
    };
    found.ok_or_else(|| {
        refuse(format!(
            "{} is a word processor's file: cotejo converts it to Markdown with pandoc, and found \
             none ({looked}).\n\
             Install pandoc (`apt-get install pandoc` on Debian and Ubuntu; \
             https://pandoc.org/installing.html elsewhere), or save the draft as Markdown (.md). \
             Nothing was recorded.",
            file.display()
        ))
    })
}

/// The bytes to record for `file`: a Markdown file or picture as it is (a
/// Markdown file must be text cotejo can read), a converted one as the
/// Markdown pandoc makes of it.
pub fn read(file: &Found, pandoc: Option<&Path>) -> Result<Vec<u8>> {
    match file.kind {
        Kind::Picture => crate::input::read_regular(&file.source),
        Kind::Markdown => {
            let bytes = crate::input::read_regular(&file.source)?;
            crate::input::decode(bytes.clone(), || file.source.display().to_string())?;
            Ok(bytes)
        }
        Kind::Converted(format) => {
            let pandoc = match pandoc {
                Some(p) => p.to_owned(),
                None => find_pandoc(&file.source)?,
            };
            convert(&pandoc, format, &file.source)
        }
    }
}

/// Markdown (GitHub's, one line per paragraph so that a word diff follows
/// paragraphs) that pandoc makes of a `format` file.
fn convert(pandoc: &Path, format: &str, file: &Path) -> Result<Vec<u8>> {
    crate::verbosity::detail(|| {
        format!(
            "converting {} to Markdown with {}",
            file.display(),
            pandoc.display()
        )
    });
    let output = Command::new(pandoc)
        .arg(format!("--from={format}"))
        .args(["--to=gfm", "--wrap=none", "--"])
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            refuse(format!(
                "cannot run pandoc ({}) to convert {}: {e}",
                pandoc.display(),
                file.display()
            ))
        })?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        return Err(refuse(format!(
            "pandoc could not convert {}: {}\n\
             Open it in Word or LibreOffice and save it again (as .docx), or save the draft as \
             Markdown (.md). Nothing was recorded.",
            file.display(),
            said.trim()
        )));
    }
    if output.stdout.iter().all(u8::is_ascii_whitespace) {
        return Err(refuse(format!(
            "{} has no text once converted by pandoc: is it the right file?",
            file.display()
        )));
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converted_files_are_recorded_as_markdown() {
        assert_eq!(
            recorded_name("cap/uno.docx", Kind::Converted("docx")),
            "cap/uno.md"
        );
        assert_eq!(recorded_name("uno.md", Kind::Markdown), "uno.md");
        assert_eq!(kind_of(Path::new("A.DOCX")), Some(Kind::Converted("docx")));
        assert_eq!(kind_of(Path::new("a.pdf")), None);
    }

    #[test]
    fn unreadable_formats_say_what_to_do() {
        let e = unsupported("borrador.doc").to_string();
        assert!(e.contains("save it as .docx"), "{e}");
        let e = unsupported("borrador.pdf").to_string();
        assert!(e.contains("PDF"), "{e}");
    }
}
