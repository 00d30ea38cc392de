//! `cotejo verify FILE|FOLDER`: checks an output cotejo wrote against the
//! repository. The output says what made it (its provenance: the command,
//! and each version's commit, tree and SHA-256); the same command is run
//! again into a temporary place, and the two must be the same, byte for
//! byte. A hand-edited report, or a draft whose `ref` was pointed at another
//! commit since, is caught and named: the version that moved, else the first
//! file and section that differ.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser};

use crate::error::{Error, Result};
use crate::provenance::{Origin, Provenance};

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A report, changelog, review dossier or JSON comparison cotejo wrote, or a site folder.
    pub path: PathBuf,
}

pub(crate) fn run(
    cwd: &Path,
    manifest: Option<&Path>,
    args: &VerifyArgs,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    if manifest.is_some() {
        return Err(Error::Unverifiable {
            path: args.path.clone(),
            why: "`verify` takes no --manifest: it reads the one the file's recorded command \
                  names, and the repository of the folder it runs in"
                .to_owned(),
        });
    }
    let path = cwd.join(&args.path);
    let folder = path.is_dir();
    let carrier = if folder {
        path.join("index.html")
    } else {
        path.clone()
    };
    let claimed = provenance_of(&carrier, &args.path)?;
    let repo = git2::Repository::discover(cwd).map_err(|_| Error::Unverifiable {
        path: args.path.clone(),
        why: "this folder is not inside a git repository: run verify in the project the file \
              was made from"
            .to_owned(),
    })?;
    vouchable(&claimed, &repo, &args.path)?;
    // One page of a site is checked against that page of the site made again.
    let page_of_site = (!folder && recorded_command(&claimed.args).is_some_and(|c| c == "site"))
        .then(|| site_page(&path))
        .flatten();
    let made = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let site = folder || page_of_site.is_some();
    let remade = made.path().join(if site { "site" } else { "again" });
    remake(&claimed, &repo, &remade)?;
    let again = match &page_of_site {
        Some(page) => remade.join(page),
        None => remade.clone(),
    };
    let again_carrier = if folder {
        again.join("index.html")
    } else {
        again.clone()
    };
    let now = provenance_of(&again_carrier, &args.path)?;
    let say = |out: &mut dyn Write, text: String| {
        writeln!(out, "{text}").map_err(|source| Error::Write {
            path: "standard output".into(),
            source,
        })
    };
    if let Some(moved) = moved_version(&claimed.versions, &now.versions) {
        say(
            out,
            format!(
                "{}: does not match the repository.\n{moved}",
                args.path.display()
            ),
        )?;
        return Ok(ExitCode::from(1));
    }
    let difference = if folder {
        first_difference_in_folders(&path, &again)?
    } else {
        first_difference_in_files(&path, &again)?
    };
    match difference {
        None => {
            say(
                out,
                format!(
                    "{}: matches the repository (made again with `{}`).\n{}",
                    args.path.display(),
                    claimed.command(),
                    describe(&claimed.versions, Some(&repo))
                ),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Some(where_) => {
            say(
                out,
                format!(
                    "{}: does not match the repository: made again with `{}`, {where_}.\n\
                     The versions it names are unchanged, so the file was changed after cotejo \
                     wrote it (or made with other templates or another cotejo version: {}).",
                    args.path.display(),
                    claimed.command(),
                    claimed.tool
                ),
            )?;
            Ok(ExitCode::from(1))
        }
    }
}

/// For a page of a site cotejo wrote: the page's path in the site's folder
/// (the nearest one up that holds the site's marker).
fn site_page(page: &Path) -> Option<PathBuf> {
    let marker = crate::site::marker().file;
    page.ancestors()
        .skip(1)
        .find(|dir| dir.join(marker).is_file())
        .and_then(|root| Some(page.strip_prefix(root).ok()?.to_owned()))
}

/// The provenance `file` carries; `shown` names it in errors.
fn provenance_of(file: &Path, shown: &Path) -> Result<Provenance> {
    let bytes = crate::input::read_regular(file)?;
    let text = String::from_utf8_lossy(&bytes);
    let found = if text.trim_start().starts_with('{') {
        serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("provenance").cloned())
            .map(serde_json::from_value::<Provenance>)
    } else {
        Provenance::from_html(&text)
    };
    match found {
        Some(Ok(p)) => Ok(p),
        Some(Err(e)) => Err(Error::Unverifiable {
            path: shown.to_owned(),
            why: format!("its provenance does not read ({e}): it was edited by hand"),
        }),
        None => Err(Error::Unverifiable {
            path: shown.to_owned(),
            why: "it carries no provenance: it was not written by `cotejo report`, `changelog`, \
                  `expediente`, `diff --format json` or `site` (or by a cotejo older than \
                  `verify`)"
                .to_owned(),
        }),
    }
}

/// Runs the recorded command again, its output at `target`.
fn remake(claimed: &Provenance, repo: &git2::Repository, target: &Path) -> Result<()> {
    // The file is untrusted: its recorded command may only be one of the
    // commands that record one, writing nowhere but the temporary place.
    let command = recorded_command(&claimed.args);
    let to_stdout = command.is_some_and(|c| c == "diff");
    let mut argv: Vec<String> = vec!["cotejo".to_owned()];
    argv.extend(claimed.args.iter().cloned());
    // A recorded manifest is named from the repository's root.
    if argv.get(1).is_some_and(|a| a == "--manifest")
        && let (Some(named), Some(root)) = (argv.get(2), repo.workdir())
    {
        argv[2] = root.join(named).display().to_string();
    }
    if !to_stdout {
        argv.extend(["-o".to_owned(), target.display().to_string()]);
    }
    let allowed = matches!(
        command.map(String::as_str),
        Some("diff" | "report" | "changelog" | "expediente" | "site")
    );
    let writes = claimed.args.iter().any(|a| {
        a.starts_with("-o")
            || a.starts_with("--output")
            || a == "--pdf"
            || a.starts_with("--chromium")
    });
    if !allowed || writes {
        return Err(Error::Unverifiable {
            path: target.to_owned(),
            why: format!(
                "its recorded command `{}` is not one cotejo records (report, changelog, \
                 expediente, diff --format json, site, with no output path): the file was edited",
                claimed.command()
            ),
        });
    }
    let cli = super::Cli::try_parse_from(&argv).map_err(|e| Error::Unverifiable {
        path: target.to_owned(),
        why: format!(
            "its recorded command `{}` is not one this cotejo runs: {}",
            claimed.command(),
            e.kind()
        ),
    })?;
    let mut sink: Vec<u8> = Vec::new();
    super::run(cli, &mut sink)?;
    if to_stdout {
        std::fs::write(target, &sink).map_err(|source| Error::Write {
            path: target.to_owned(),
            source,
        })?;
    }
    Ok(())
}

/// The subcommand of recorded arguments: the first that is no option and
/// no `--manifest` value (the only option recorded before it).
fn recorded_command(args: &[String]) -> Option<&String> {
    let skip = if args.first().is_some_and(|a| a == "--manifest") {
        2
    } else {
        0
    };
    args.get(skip)
}

/// Refuses what verify cannot vouch for, before anything runs: versions
/// read from outside git (there is nothing in the repository to check them
/// against), commits this repository does not have, a manifest outside it,
/// and custom templates (they decide what the page shows).
fn vouchable(claimed: &Provenance, repo: &git2::Repository, shown: &Path) -> Result<()> {
    let refuse = |why: String| {
        Err(Error::Unverifiable {
            path: shown.to_owned(),
            why,
        })
    };
    if let Some(k) = claimed.args.iter().position(|a| a == "--templates") {
        let dir = claimed.args.get(k + 1).map_or("", String::as_str);
        return refuse(format!(
            "it was made with custom templates (`{dir}`), which decide what the page shows: \
             verify vouches only for cotejo's own"
        ));
    }
    if claimed.args.first().is_some_and(|a| a == "--manifest") {
        let named = claimed.args.get(1).map(PathBuf::from).unwrap_or_default();
        let inside = repo
            .workdir()
            .and_then(|w| {
                let root = w.canonicalize().ok()?;
                Some((root.join(&named).canonicalize().ok()?, root))
            })
            .is_some_and(|(m, root)| m.starts_with(root));
        if !inside {
            return refuse(format!(
                "its recorded manifest `{}` is not in this repository",
                named.display()
            ));
        }
    }
    for v in &claimed.versions {
        let Some(commit) = &v.commit else {
            return refuse(format!(
                "«{}» was read from a file outside git, not from a commit: there is nothing in \
                 the repository to check it against",
                v.label
            ));
        };
        let known = git2::Oid::from_str(commit)
            .ok()
            .is_some_and(|oid| repo.find_commit(oid).is_ok());
        if !known {
            return refuse(format!(
                "«{}» names commit {commit}, which this repository does not have (fetch it, or \
                 run verify in the repository the file was made from)",
                v.label
            ));
        }
    }
    Ok(())
}

/// A version whose label now names other text than the output was made
/// from: said in the reader's terms.
fn moved_version(claimed: &[Origin], now: &[Origin]) -> Option<String> {
    for (c, n) in claimed.iter().zip(now) {
        if c.commit != n.commit || c.sha256 != n.sha256 {
            let at = |o: &Origin| match &o.commit {
                Some(commit) => format!("commit {commit} (SHA-256 {})", o.sha256),
                None => format!("text with SHA-256 {}", o.sha256),
            };
            return Some(format!(
                "«{}» was {} when the file was made; it is {} now. Its draft was pointed at \
                 another commit, or its file changed since.",
                c.label,
                at(c),
                at(n)
            ));
        }
    }
    (claimed.len() != now.len()).then(|| {
        format!(
            "the file was made from {} versions; the same command now reads {}.",
            claimed.len(),
            now.len()
        )
    })
}

/// Each version, a line: its commit, its text's SHA-256 and, with the
/// repository at hand, whether its commit is signed and the signature holds.
fn describe(versions: &[Origin], repo: Option<&git2::Repository>) -> String {
    versions
        .iter()
        .map(|v| match (&v.commit, repo) {
            (Some(c), Some(repo)) => format!(
                "  {}: commit {c}, SHA-256 {}; {}",
                v.label,
                v.sha256,
                crate::signature::of_commit(repo, c).describe()
            ),
            (Some(c), None) => format!("  {}: commit {c}, SHA-256 {}", v.label, v.sha256),
            (None, _) => format!("  {}: SHA-256 {}", v.label, v.sha256),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where two files first differ, in a reader's terms; `None` when equal.
fn first_difference_in_files(claimed: &Path, again: &Path) -> Result<Option<String>> {
    let is_link = std::fs::symlink_metadata(claimed)
        .map(|m| m.file_type().is_symlink())
        .unwrap_or(false);
    if is_link {
        return Ok(Some(
            "it is a symbolic link, which cotejo never writes".to_owned(),
        ));
    }
    let (a, b) = (
        crate::input::read_regular(claimed)?,
        crate::input::read_regular(again)?,
    );
    Ok(first_difference(&a, &b))
}

/// Where two byte strings first differ: the line, and the section it
/// belongs to (the last anchor, link to an anchor or JSON heading before it
/// in the file made again).
fn first_difference(claimed: &[u8], again: &[u8]) -> Option<String> {
    let at = claimed
        .iter()
        .zip(again)
        .position(|(x, y)| x != y)
        .or_else(|| (claimed.len() != again.len()).then(|| claimed.len().min(again.len())))?;
    let line = claimed[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let before = String::from_utf8_lossy(&again[..at]);
    // The page's own anchors start with `_`: they name no section.
    let section = ["id=\"", "href=\"#", "\"heading\": \""]
        .iter()
        .filter_map(|marker| {
            before
                .rmatch_indices(marker)
                .map(|(k, _)| k + marker.len())
                .find(|&k| !before[k..].starts_with('_') && !before[k..].starts_with('"'))
        })
        .max()
        .and_then(|k| before[k..].split('"').next())
        .map(|s| format!(", in or near section «{s}»"))
        .unwrap_or_default();
    Some(format!("the first difference is at line {line}{section}"))
}

/// Where two folders first differ (a file missing, extra or changed).
fn first_difference_in_folders(claimed: &Path, again: &Path) -> Result<Option<String>> {
    let (a, b) = (files_under(claimed)?, files_under(again)?);
    if let Some(name) = b.iter().find(|n| !a.contains(n)) {
        return Ok(Some(format!("{name} is missing")));
    }
    if let Some(name) = a.iter().find(|n| !b.contains(n)) {
        return Ok(Some(format!("{name} is not cotejo's")));
    }
    for name in &a {
        if let Some(d) = first_difference_in_files(&claimed.join(name), &again.join(name))? {
            return Ok(Some(format!("{name}: {d}")));
        }
    }
    Ok(None)
}

/// The files under `dir`, as `/`-separated paths from it, sorted.
fn files_under(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(rel) = pending.pop() {
        let entries = std::fs::read_dir(dir.join(&rel)).map_err(|source| Error::Read {
            path: dir.join(&rel),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| Error::Read {
                path: dir.join(&rel),
                source,
            })?;
            let path = rel.join(entry.file_name());
            let kind = entry.file_type().map_err(|source| Error::Read {
                path: dir.join(&path),
                source,
            })?;
            if kind.is_dir() {
                pending.push(path);
            } else {
                // A link (cotejo writes none) is listed under its own name,
                // and reading it is refused: never followed out of the folder.
                out.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}
