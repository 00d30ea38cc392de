//! `cotejo init`: adopts an existing repository. It finds the Markdown
//! document, proposes a manifest — its files in order, and drafts from the
//! tags (or, without tags, the commits whose message names a draft) that
//! changed it — and shows it. It writes `cotejo.yaml` at the repository's
//! root only with `--yes`, and never over an existing file.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Args;
use git2::{ObjectType, Oid, Repository, Sort, TreeWalkMode, TreeWalkResult};

use crate::error::{Error, Result};
use crate::manifest;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Write the proposed manifest (without it, it is only shown).
    #[arg(long)]
    pub yes: bool,
}

/// Commits looked at, newest first, for drafts.
const MAX_COMMITS: usize = 20_000;

/// Markdown files that are about the repository, not the document.
const NOT_THE_DOCUMENT: [&str; 8] = [
    "readme",
    "changelog",
    "contributing",
    "license",
    "licence",
    "code_of_conduct",
    "security",
    "authors",
];

pub(crate) fn run(
    cwd: &Path,
    manifest_arg: Option<&Path>,
    args: &InitArgs,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let refuse = |why: String| Error::Init { why };
    let repo = Repository::discover(cwd).map_err(|_| {
        refuse(format!(
            "{} is not inside a git repository: run `git init` and commit the document first, \
             or run cotejo init inside the repository",
            cwd.display()
        ))
    })?;
    let root = repo
        .workdir()
        .ok_or_else(|| refuse("the repository is bare: run cotejo init in a clone".into()))?
        .to_owned();
    let target = match manifest_arg {
        Some(m) => cwd.join(m),
        None => root.join(manifest::ROOT_PATH),
    };
    if let Some(found) = [target.clone()]
        .into_iter()
        .chain(manifest::discover(cwd))
        .find(|p| p.exists())
    {
        return Err(refuse(format!(
            "a manifest is already there: {} (cotejo init never overwrites one; edit it, or \
             remove it to start again)",
            found.display()
        )));
    }
    let base = target
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .unwrap_or_else(|| root.clone());
    let head = repo
        .head()
        .ok()
        .and_then(|h| h.peel_to_commit().ok())
        .ok_or_else(|| {
            refuse(
                "the repository has no commit yet: commit the document, then run cotejo init"
                    .into(),
            )
        })?;
    let documents = markdown_files(&repo, &head)?;
    let Some((folder, files)) = the_document(&documents) else {
        return Err(refuse(
            "no Markdown document (`.md`) is committed at HEAD besides README-like files: \
             commit the document, or record drafts kept as separate files with cotejo import"
                .into(),
        ));
    };
    // Files are named from the manifest's folder, which must hold them.
    let root_canon = root.canonicalize().unwrap_or(root.clone());
    let prefix = base
        .strip_prefix(&root_canon)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let relative: Vec<String> = files
        .iter()
        .map(|f| match prefix.as_str() {
            "" => Some(f.clone()),
            p => f.strip_prefix(&format!("{p}/")).map(str::to_owned),
        })
        .collect::<Option<_>>()
        .ok_or_else(|| {
            refuse(format!(
                "the document's files ({folder}) are not inside {}: put the manifest at the \
                 repository's root (the default) or above them",
                base.display()
            ))
        })?;
    let drafts = drafts(&repo, &head, &files)?;
    let title = title_of(&repo, &head, &files[0]).unwrap_or_else(|| folder.clone());
    let text = proposal(&title, &relative, &drafts, &documents, &files);
    // What cotejo reads back must be a valid manifest.
    manifest::from_bytes(&target, text.clone().into_bytes())?;
    let write_err = |source| Error::Write {
        path: target.clone(),
        source,
    };
    let shown = target
        .strip_prefix(cwd)
        .unwrap_or(&target)
        .display()
        .to_string();
    if args.yes {
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(write_err)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(write_err)?;
        file.write_all(text.as_bytes()).map_err(write_err)?;
        say(
            out,
            &format!(
                "wrote {shown}: {} file(s), {} draft(s). Check the titles, dates and stages, then \
                 run `cotejo drafts`.",
                relative.len(),
                drafts.len()
            ),
        )?;
    } else {
        say(out, &text)?;
        say(
            out,
            &format!("# Not written. To write it to {shown}: cotejo init --yes"),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn say(out: &mut dyn Write, text: &str) -> Result<()> {
    writeln!(out, "{text}").map_err(|source| Error::Write {
        path: "standard output".into(),
        source,
    })
}

/// The Markdown files of HEAD's tree with their sizes, `/`-separated paths,
/// leaving out hidden folders and files about the repository.
fn markdown_files(repo: &Repository, head: &git2::Commit<'_>) -> Result<Vec<(String, usize)>> {
    let tree = head.tree().map_err(git_error)?;
    let mut found: Vec<(String, Oid)> = Vec::new();
    tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
        let name = entry.name().unwrap_or_default();
        if entry.kind() == Some(ObjectType::Tree) {
            let skip =
                name.starts_with('.') || matches!(name, "node_modules" | "target" | "vendor");
            return if skip {
                TreeWalkResult::Skip
            } else {
                TreeWalkResult::Ok
            };
        }
        let lower = name.to_lowercase();
        let markdown = lower.ends_with(".md") || lower.ends_with(".markdown");
        let about_repo = NOT_THE_DOCUMENT.iter().any(|n| lower.starts_with(n));
        if markdown && !about_repo && entry.filemode() == 0o100644 {
            found.push((format!("{dir}{name}"), entry.id()));
        }
        TreeWalkResult::Ok
    })
    .map_err(git_error)?;
    found
        .into_iter()
        .map(|(path, id)| {
            let size = repo.find_blob(id).map_err(git_error)?.size();
            Ok((path, size))
        })
        .collect()
}

/// The document: the folder whose Markdown files are largest together, its
/// files in order of name (numbered files, `01-…`, `02-…`, read in order).
fn the_document(files: &[(String, usize)]) -> Option<(String, Vec<String>)> {
    let mut folders: BTreeMap<&str, (usize, Vec<String>)> = BTreeMap::new();
    for (path, size) in files {
        let folder = path.rsplit_once('/').map_or("", |(f, _)| f);
        let entry = folders.entry(folder).or_default();
        entry.0 += size;
        entry.1.push(path.clone());
    }
    let (folder, (_, mut paths)) = folders
        .into_iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(a.0)))?;
    paths.sort();
    let name = if folder.is_empty() { "." } else { folder };
    Some((name.to_owned(), paths))
}

/// A draft proposed.
struct Proposed {
    id: String,
    title: String,
    date: String,
    commit: String,
    why: String,
}

/// The drafts: commits HEAD reaches through any parent that changed the
/// files, oldest first; those with a tag or whose message names a draft or a
/// version, else the first and the last.
fn drafts(repo: &Repository, head: &git2::Commit<'_>, files: &[String]) -> Result<Vec<Proposed>> {
    let tags = tags_by_commit(repo);
    let changed = changes(repo, head, files)?;
    // Tagged commits and those whose message names a draft, in order.
    let marked: Vec<&git2::Commit<'_>> = changed
        .iter()
        .filter(|c| tags.contains_key(&c.id()) || looks_like_a_draft(summary_of(c)))
        .collect();
    let (chosen, why): (Vec<&git2::Commit<'_>>, &str) = if marked.is_empty() {
        let mut ends: Vec<&git2::Commit<'_>> = changed.iter().take(1).collect();
        ends.extend(changed.iter().skip(1).last());
        (
            ends,
            "first or last change to the document; no tag or message names a draft",
        )
    } else {
        (marked, "its message names a draft")
    };
    let mut ids: HashMap<String, usize> = HashMap::new();
    Ok(chosen
        .into_iter()
        .enumerate()
        .map(|(k, c)| {
            let tag = tags.get(&c.id()).and_then(|t| t.first()).cloned();
            let summary = summary_of(c).trim().to_owned();
            let mut id = match &tag {
                Some(t) => slug(t),
                None => format!("borrador-{}", k + 1),
            };
            if id.is_empty() {
                id = format!("borrador-{}", k + 1);
            }
            let n = ids.entry(id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                id = format!("{id}-{n}");
            }
            let title = tag
                .clone()
                .unwrap_or_else(|| summary.chars().take(80).collect());
            let why = match &tag {
                Some(t) => format!("tag {t}; {summary}"),
                None => format!("{why}: {summary}"),
            };
            Proposed {
                id,
                title,
                date: date_of(c),
                commit: c.id().to_string(),
                why,
            }
        })
        .collect())
}

/// The commits HEAD reaches that changed `files`, oldest first. Every parent
/// is followed, so drafts a `--no-ff` merge brought in are found, and each
/// commit is read once (libgit2's walk); parents come before their children,
/// and commits no ancestry orders, by date. A merge counts only when its
/// files differ from every parent's, as `git log` simplifies history: one
/// that took a branch's text as it was is not a change of its own.
fn changes<'r>(
    repo: &'r Repository,
    head: &git2::Commit<'r>,
    files: &[String],
) -> Result<Vec<git2::Commit<'r>>> {
    // The files' blobs at a commit, read once per commit: a commit is read
    // as a parent (by each child) and on its own turn.
    let mut known: HashMap<Oid, Vec<Option<Oid>>> = HashMap::new();
    let mut ids = |commit: Option<&git2::Commit<'_>>| -> Vec<Option<Oid>> {
        let Some(commit) = commit else {
            return vec![None; files.len()];
        };
        known
            .entry(commit.id())
            .or_insert_with(|| {
                let tree = commit.tree().ok();
                files
                    .iter()
                    .map(|f| {
                        tree.as_ref()
                            .and_then(|t| t.get_path(Path::new(f)).ok())
                            .map(|e| e.id())
                    })
                    .collect()
            })
            .clone()
    };
    let mut walk = repo.revwalk().map_err(git_error)?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
        .map_err(git_error)?;
    walk.push(head.id()).map_err(git_error)?;
    let mut changed = Vec::new();
    for oid in walk.take(MAX_COMMITS) {
        let commit = repo
            .find_commit(oid.map_err(git_error)?)
            .map_err(git_error)?;
        let here = ids(Some(&commit));
        // A parent a shallow clone left out reads as none, as a root's.
        let parents: Vec<Option<git2::Commit<'_>>> = match commit.parent_count() {
            0 => vec![None],
            n => (0..n).map(|k| commit.parent(k).ok()).collect(),
        };
        if parents.iter().all(|p| ids(p.as_ref()) != here) {
            changed.push(commit);
        }
    }
    changed.reverse();
    Ok(changed)
}

/// The first line of a commit's message ("" when it is not UTF-8).
fn summary_of<'c>(c: &'c git2::Commit<'_>) -> &'c str {
    c.summary().ok().flatten().unwrap_or_default()
}

/// Whether a commit message reads as the making of a draft or version.
fn looks_like_a_draft(summary: &str) -> bool {
    let lower = summary.to_lowercase();
    [
        "borrador",
        "draft",
        "versión",
        "version",
        "anteproyecto",
        "dictamen",
    ]
    .iter()
    .any(|w| lower.contains(w))
        || lower
            .split(|c: char| !c.is_alphanumeric() && c != '.')
            .any(|w| {
                w.strip_prefix('v')
                    .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
            })
}

/// Each commit's tags, by name.
fn tags_by_commit(repo: &Repository) -> HashMap<Oid, Vec<String>> {
    let mut tags: HashMap<Oid, Vec<String>> = HashMap::new();
    let names = repo.tag_names(None).ok();
    for name in names
        .iter()
        .flat_map(|n| n.iter().filter_map(|name| name.ok().flatten()))
    {
        let commit = repo
            .revparse_single(&format!("refs/tags/{name}"))
            .ok()
            .and_then(|o| o.peel_to_commit().ok());
        if let Some(c) = commit {
            tags.entry(c.id()).or_default().push(name.to_owned());
        }
    }
    for list in tags.values_mut() {
        list.sort();
    }
    tags
}

/// The commit's date, in its own time zone, as YYYY-MM-DD.
fn date_of(c: &git2::Commit<'_>) -> String {
    let t = c.time();
    let seconds = t.seconds() + i64::from(t.offset_minutes()) * 60;
    let days = seconds.div_euclid(86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A tag as a draft id: lowercase letters, digits and `-`.
fn slug(tag: &str) -> String {
    let mut id = String::new();
    for c in tag.to_lowercase().chars() {
        if c.is_alphanumeric() || c == '.' {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_matches('-').to_owned()
}

/// The text of the first level-1 heading of `file` at HEAD.
fn title_of(repo: &Repository, head: &git2::Commit<'_>, file: &str) -> Option<String> {
    let tree = head.tree().ok()?;
    let blob = repo
        .find_blob(tree.get_path(Path::new(file)).ok()?.id())
        .ok()?;
    let text = std::str::from_utf8(blob.content()).ok()?;
    let doc = crate::document::Document::parse(text);
    doc.sections()
        .iter()
        .find(|s| s.level == 1)
        .map(|s| s.heading.clone())
        .filter(|h| !h.is_empty())
}

/// The manifest's text, with comments that say where each part came from.
fn proposal(
    title: &str,
    files: &[String],
    drafts: &[Proposed],
    all: &[(String, usize)],
    chosen: &[String],
) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("a string is JSON");
    let mut t = String::from(
        "# Proposed by `cotejo init`: check each field. The document is the files below,\n\
         # joined in this order; each draft is the document at its commit.\n",
    );
    t += &format!("title: {}\n", q(title));
    t += "# language: es        # the document's language (BCP 47), for readers and hyphenation\n";
    t += "files:\n";
    for f in files {
        t += &format!("  - {}\n", q(f));
    }
    let others: Vec<&str> = all
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| !chosen.iter().any(|c| c == p))
        .collect();
    if !others.is_empty() {
        t += "# Other Markdown files in the repository, not taken as the document:\n";
        for o in others.iter().take(20) {
            t += &format!("#   {o}\n");
        }
        if others.len() > 20 {
            t += &format!("#   … and {} more\n", others.len() - 20);
        }
    }
    t += "drafts:\n";
    for d in drafts {
        t += &format!("  # {}\n", d.why.replace('\n', " "));
        t += &format!("  - id: {}\n", q(&d.id));
        t += &format!("    title: {}\n", q(&d.title));
        t += &format!("    date: {}\n", q(&d.date));
        t += "    stage: \"\"   # the stage of the process that produced it, e.g. \"Consulta pública\"\n";
        t += &format!("    ref: {}\n", q(&d.commit));
    }
    t
}

fn git_error(e: git2::Error) -> Error {
    Error::Init {
        why: format!("the repository could not be read: {}", e.message()),
    }
}
