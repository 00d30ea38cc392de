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
    /// A report, changelog or JSON comparison cotejo wrote, or a site folder.
    pub path: PathBuf,
}

pub(crate) fn run(
    cwd: &Path,
    manifest: Option<&Path>,
    args: &VerifyArgs,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let _ = manifest; // The recorded command names its own manifest.
    let path = cwd.join(&args.path);
    let folder = path.is_dir();
    let carrier = if folder {
        path.join("index.html")
    } else {
        path.clone()
    };
    let claimed = provenance_of(&carrier, &args.path)?;
    // One page of a site is checked against that page of the site made again.
    let page_of_site = (!folder && claimed.args.iter().any(|a| a == "site"))
        .then(|| site_page(&path))
        .flatten();
    let made = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let site = folder || page_of_site.is_some();
    let remade = made.path().join(if site { "site" } else { "again" });
    remake(&claimed, &remade)?;
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
                    describe(
                        &claimed.versions,
                        git2::Repository::discover(cwd).ok().as_ref()
                    )
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
    let text = std::fs::read_to_string(file).map_err(|source| Error::Read {
        path: file.to_owned(),
        source,
    })?;
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
                  `diff --format json` or `site` (or by a cotejo older than `verify`)"
                .to_owned(),
        }),
    }
}

/// Runs the recorded command again, its output at `target`.
fn remake(claimed: &Provenance, target: &Path) -> Result<()> {
    let mut argv: Vec<String> = vec!["cotejo".to_owned()];
    argv.extend(claimed.args.iter().cloned());
    let to_stdout = claimed.args.iter().any(|a| a == "diff");
    if !to_stdout {
        argv.extend(["-o".to_owned(), target.display().to_string()]);
    }
    // The file is untrusted: its recorded command may only be one of the
    // commands that record one, writing nowhere but the temporary place.
    let command = claimed
        .args
        .iter()
        .find(|a| !a.starts_with('-') && !is_manifest_value(&claimed.args, a));
    let allowed = matches!(
        command.map(String::as_str),
        Some("diff" | "report" | "changelog" | "site")
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
                 diff --format json, site, with no output path): the file was edited",
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

/// Whether `arg` is the value of a `--manifest` option in `args`.
fn is_manifest_value(args: &[String], arg: &String) -> bool {
    args.windows(2)
        .any(|w| w[0] == "--manifest" && std::ptr::eq(&w[1], arg))
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
    let read = |p: &Path| {
        std::fs::read(p).map_err(|source| Error::Read {
            path: p.to_owned(),
            source,
        })
    };
    let (a, b) = (read(claimed)?, read(again)?);
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
    if let Some(name) = a.iter().find(|n| !b.contains(n) && !n.starts_with('.')) {
        return Ok(Some(format!("{name} is not cotejo's")));
    }
    for name in &a {
        if name.starts_with('.') {
            continue;
        }
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
            if entry.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                pending.push(path);
            } else {
                out.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}
