//! `cotejo import`: drafts kept as separate files or folders (`borrador_1.md`,
//! `v2/`, `borrador_3.docx`) recorded as successive commits of a repository,
//! each dated by its draft, and the manifest (`cotejo.yaml`) that declares
//! them, so that every other command works on them.
//!
//! All or nothing: every draft is listed, read and converted, and every
//! check made, before the repository is touched (or created); the commits
//! are then written as objects no reference names, and the branch moves to
//! them in one step, so a failure leaves no partial history.

pub mod natural;
pub mod read;
mod record;
pub mod table;

use std::path::PathBuf;

use crate::error::{Error, Result};
use read::{Kind, Listed};

/// One draft to import, as the command line or the table names it.
#[derive(Debug, Clone)]
pub struct Request {
    /// The draft's file or folder.
    pub path: PathBuf,
    /// How the user named it, for messages (`borrador_1.md`, `tabla.csv:3: v2/`).
    pub shown: String,
    pub date: Option<String>,
    pub stage: Option<String>,
    pub title: Option<String>,
    pub id: Option<String>,
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The folder of the repository to record into (created, and a
    /// repository made in it, when it is none).
    pub into: PathBuf,
    /// Where the document goes, from `into`: a file for drafts that are one
    /// file each, a folder when any is a folder. Default `documento.md` or
    /// `documento`.
    pub path: Option<String>,
    /// The document's title (default: its first level-1 heading).
    pub title: Option<String>,
    /// The commits' author, `Name <email>` (default: git's configuration).
    pub author: Option<String>,
    /// Tag each draft's commit with its id.
    pub tags: bool,
}

/// A draft recorded.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub id: String,
    pub date: String,
    pub commit: String,
    pub shown: String,
}

/// What `import` did.
#[derive(Debug, Clone)]
pub struct Imported {
    pub drafts: Vec<Recorded>,
    /// The repository's folder.
    pub root: PathBuf,
    /// The branch the drafts were recorded on (`main`).
    pub branch: String,
    /// The manifest written (and committed), from the repository's root.
    pub manifest: String,
    /// Whether the repository was created.
    pub created: bool,
}

fn refuse(why: String) -> Error {
    Error::Import { why }
}

/// A draft checked and listed, ready to read.
struct Planned {
    id: String,
    title: String,
    date: String,
    stage: String,
    shown: String,
    listed: Listed,
}

/// Imports `requests`, oldest first; see the module documentation.
pub fn import(requests: Vec<Request>, settings: &Settings) -> Result<Imported> {
    if requests.is_empty() {
        return Err(refuse(
            "no draft named: give the drafts' files or folders, oldest first (or in any order: \
             they are sorted by name, borrador_2 before borrador_10), or --table FILE"
                .into(),
        ));
    }
    // Every draft listed, and pandoc found if one needs it, before any is
    // read or dated.
    let listed = requests
        .iter()
        .map(|r| read::list(&r.path, &r.shown))
        .collect::<Result<Vec<_>>>()?;
    let pandoc = read::first_to_convert(&listed)
        .map(read::find_pandoc)
        .transpose()?;
    let folder = listed.iter().any(|l| l.folder);
    let doc_path = document_path(settings.path.as_deref(), folder)?;
    let planned = plan(requests, listed)?;
    // Every draft read (and converted) before anything is written.
    let mut contents: Vec<Vec<(String, Vec<u8>)>> = Vec::with_capacity(planned.len());
    for d in &planned {
        let mut files = Vec::with_capacity(d.listed.files.len());
        for f in &d.listed.files {
            let name = if folder && d.listed.folder {
                format!("{doc_path}/{}", f.name)
            } else if folder {
                // A draft kept as one file, among drafts kept as folders.
                format!("{doc_path}/{}.md", last_component(&doc_path))
            } else {
                doc_path.clone()
            };
            let bytes = read::read(f, pandoc.as_deref())?;
            crate::verbosity::detail(|| {
                format!(
                    "{}: read {} ({} bytes) as {name}",
                    d.shown,
                    f.source.display(),
                    bytes.len()
                )
            });
            files.push((name, bytes));
        }
        contents.push(files);
    }
    let markdown: Vec<Vec<String>> = planned
        .iter()
        .zip(&contents)
        .map(|(d, files)| {
            d.listed
                .files
                .iter()
                .zip(files)
                .filter(|(f, _)| f.kind != Kind::Picture)
                .map(|(_, (name, _))| name.clone())
                .collect()
        })
        .collect();
    let title = match &settings.title {
        Some(t) => t.clone(),
        None => first_title(&contents, &markdown)
            .unwrap_or_else(|| last_component(&doc_path).trim_end_matches(".md").to_owned()),
    };
    let target = record::Target::find(&settings.into)?;
    let prefix = target.prefix();
    let in_repo = |name: &str| format!("{prefix}{name}");
    let document = Document {
        title,
        files: markdown
            .iter()
            .map(|names| names.iter().map(|n| in_repo(n)).collect())
            .collect(),
    };
    // The manifest must be one cotejo reads: checked now, with stand-in
    // commit ids, before anything is written.
    let stand_in = vec!["0".repeat(40); planned.len()];
    crate::manifest::from_bytes(
        &target.manifest_path(),
        manifest_text(&document, &planned, &stand_in).into_bytes(),
    )?;
    let tags: Vec<String> = if settings.tags {
        planned.iter().map(|d| d.id.clone()).collect()
    } else {
        Vec::new()
    };
    let commits: Vec<record::DraftCommit> = planned
        .iter()
        .zip(contents)
        .map(|(d, files)| record::DraftCommit {
            message: commit_message(d),
            date: d.date.clone(),
            files: files
                .into_iter()
                .map(|(name, bytes)| (in_repo(&name), bytes))
                .collect(),
        })
        .collect();
    let written = target.record(
        &in_repo(&doc_path),
        &commits,
        |ids| manifest_text(&document, &planned, ids),
        settings.author.as_deref(),
        &tags,
    )?;
    Ok(Imported {
        drafts: planned
            .iter()
            .zip(&written.commits)
            .map(|(d, c)| Recorded {
                id: d.id.clone(),
                date: d.date.clone(),
                commit: c.clone(),
                shown: d.shown.clone(),
            })
            .collect(),
        root: written.root,
        branch: written.branch,
        manifest: crate::manifest::ROOT_PATH.to_owned(),
        created: written.created,
    })
}

/// Settles each listed draft's id, title, date and stage.
fn plan(requests: Vec<Request>, listed: Vec<Listed>) -> Result<Vec<Planned>> {
    let mut planned: Vec<Planned> = Vec::with_capacity(requests.len());
    for (k, (r, listed)) in requests.into_iter().zip(listed).enumerate() {
        let date = match r.date {
            Some(date) => {
                if !crate::manifest::is_date(&date) {
                    return Err(refuse(format!(
                        "{}: the date `{date}` is not a calendar date written YYYY-MM-DD \
                         (2022-06-30)",
                        r.shown
                    )));
                }
                date
            }
            None => {
                let date = modified(&listed)?;
                crate::verbosity::notice(format!(
                    "{}: no date given; dated {date}, the day it was last modified (give \
                     --date, or a table, to date it)",
                    r.shown
                ));
                date
            }
        };
        if let Some(before) = planned.last()
            && date < before.date
        {
            return Err(refuse(format!(
                "{} is dated {date}, before the draft before it ({}, {}): drafts are recorded \
                 oldest first. Fix the dates, or the order (a table keeps its rows' order)",
                r.shown, before.shown, before.date
            )));
        }
        let n = k + 1;
        let id = r.id.unwrap_or_else(|| format!("borrador-{n}"));
        check_id(&id, &r.shown)?;
        if let Some(same) = planned.iter().find(|d| d.id == id) {
            return Err(refuse(format!(
                "{} and {} are both `{id}`: give each draft its own id",
                same.shown, r.shown
            )));
        }
        planned.push(Planned {
            id,
            title: r.title.unwrap_or_else(|| format!("Borrador {n}")),
            date,
            stage: r.stage.unwrap_or_default(),
            shown: r.shown,
            listed,
        });
    }
    Ok(planned)
}

/// A draft id must be a manifest's (one word, no `:`) and a tag's name.
fn check_id(id: &str, shown: &str) -> Result<()> {
    let word = !id.is_empty() && !id.chars().any(|c| c.is_whitespace() || c == ':');
    if !word
        || id == crate::source::WORKTREE
        || !git2::Reference::is_valid_name(&format!("refs/tags/{id}"))
    {
        return Err(refuse(format!(
            "{shown}: the id `{id}` cannot name a draft: use letters, digits and `-` \
             (borrador-1)"
        )));
    }
    Ok(())
}

/// The day (UTC) the draft's newest file was last modified.
fn modified(listed: &Listed) -> Result<String> {
    let mut newest = 0i64;
    for f in &listed.files {
        let meta = std::fs::metadata(&f.source).map_err(|source| Error::Read {
            path: f.source.clone(),
            source,
        })?;
        let seconds = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
        newest = newest.max(seconds);
    }
    Ok(crate::history::commits::civil_date(newest))
}

/// The document's path from the repository folder: relative, inside it.
fn document_path(given: Option<&str>, folder: bool) -> Result<String> {
    let path = given
        .map(|p| p.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| if folder { "documento" } else { "documento.md" }.to_owned());
    let plain = !path.is_empty()
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != ".." && !c.starts_with(".git"))
        && !path.contains('\\')
        && !path.starts_with('/');
    if !plain {
        return Err(refuse(format!(
            "--path `{path}` must be a relative path inside the repository's folder (no `..`, \
             not absolute, not in .git)"
        )));
    }
    let markdown = path.ends_with(".md") || path.ends_with(".markdown");
    if !folder && !markdown {
        return Err(refuse(format!(
            "--path `{path}` names the document's file: end it in .md"
        )));
    }
    if folder && markdown {
        return Err(refuse(format!(
            "--path `{path}` names a file, but a draft is a folder: name the folder the \
             document's files go in (documento)"
        )));
    }
    Ok(path)
}

fn last_component(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The document's title: the first level-1 heading of the last draft.
fn first_title(contents: &[Vec<(String, Vec<u8>)>], markdown: &[Vec<String>]) -> Option<String> {
    let (files, names) = (contents.last()?, markdown.last()?);
    names.iter().find_map(|name| {
        let (_, bytes) = files.iter().find(|(n, _)| n == name)?;
        let text = std::str::from_utf8(bytes).ok()?;
        crate::document::Document::parse(text)
            .sections()
            .iter()
            .find(|s| s.level == 1)
            .map(|s| s.heading.clone())
            .filter(|h| !h.trim().is_empty())
    })
}

fn commit_message(d: &Planned) -> String {
    let mut m = format!("{} ({})\n\n", d.title, d.id);
    if !d.stage.is_empty() {
        m += &format!("Stage: {}\n", d.stage);
    }
    m += &format!(
        "Date: {}\nRecorded by cotejo import from {}.\n",
        d.date, d.shown
    );
    m
}

/// The document as the manifest declares it.
struct Document {
    title: String,
    /// Each draft's Markdown files, from the repository's root.
    files: Vec<Vec<String>>,
}

/// The manifest's text: the last draft's files are the document's, and a
/// draft whose files differ lists its own.
fn manifest_text(document: &Document, drafts: &[Planned], commits: &[String]) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("a string is JSON");
    let last = document.files.last().cloned().unwrap_or_default();
    let mut t = String::from(
        "# Written by `cotejo import`: each draft below is a commit it recorded from the file\n\
         # or folder named above it. Check the titles and stages; `cotejo drafts` lists them.\n",
    );
    t += &format!("title: {}\n", q(&document.title));
    t += "# language: es        # the document's language (BCP 47), for readers and hyphenation\n";
    t += "files:\n";
    for f in &last {
        t += &format!("  - {}\n", q(f));
    }
    t += "drafts:\n";
    for ((d, files), commit) in drafts.iter().zip(&document.files).zip(commits) {
        t += &format!("  # from {}\n", d.shown.replace('\n', " "));
        t += &format!("  - id: {}\n", q(&d.id));
        t += &format!("    title: {}\n", q(&d.title));
        t += &format!("    date: {}\n", q(&d.date));
        if d.stage.is_empty() {
            t += "    stage: \"\"   # the stage of the process that produced it, e.g. \"Consulta pública\"\n";
        } else {
            t += &format!("    stage: {}\n", q(&d.stage));
        }
        t += &format!("    ref: {}\n", q(commit));
        if *files != last {
            t += "    files:\n";
            for f in files {
                t += &format!("      - {}\n", q(f));
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_path_stays_inside_and_fits_the_drafts() {
        assert_eq!(document_path(None, false).unwrap(), "documento.md");
        assert_eq!(document_path(None, true).unwrap(), "documento");
        assert_eq!(document_path(Some("politica/"), true).unwrap(), "politica");
        for bad in ["../x.md", "/x.md", "a/./b.md", ".git/x.md", ""] {
            assert!(document_path(Some(bad), false).is_err(), "{bad}");
        }
        assert!(document_path(Some("politica"), false).is_err());
        assert!(document_path(Some("politica.md"), true).is_err());
    }

    #[test]
    fn ids_must_name_a_draft_and_a_tag() {
        assert!(check_id("borrador-1", "x").is_ok());
        for bad in ["dos palabras", "a:b", "WORKTREE", "a..b", ""] {
            assert!(check_id(bad, "x").is_err(), "{bad}");
        }
    }
}
