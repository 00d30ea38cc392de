//! The chain of every commit that changed the document: HEAD's first-parent
//! line, oldest first, keeping only the commits whose files differ from the
//! commit before. Texts are read by blob id, so a text seen before (a revert)
//! is the same parsed version, never parsed twice.

use std::collections::HashMap;
use std::sync::Arc;

use git2::{Oid, Repository, Sort};

use super::Point;
use crate::error::{Error, Result};
use crate::manifest::LoadedManifest;
use crate::progress::Progress;
use crate::source::{Sources, Text, Version, decode_blob};
use crate::version::short_commit;

/// The blob of each of the document's files at one commit (`None`: absent).
type Blobs = Vec<Option<Oid>>;

/// A commit that changed the document.
struct Change {
    /// Position on the first-parent line (all commits counted).
    position: usize,
    commit: Oid,
    summary: String,
    date: String,
    blobs: Blobs,
}

pub(super) fn points(
    sources: &Sources,
    manifest: &LoadedManifest,
    progress: &Progress,
) -> Result<Vec<Point>> {
    let what = "--all-commits";
    let (repo, files) = sources.document_files(what)?;
    // Blobs are found by their id; checking each one's hash again as it is
    // read would be a tenth of the run.
    git2::opts::strict_hash_verification(false);
    let line = first_parent_line(repo)?;
    progress.start("reading commits", line.len());
    let mut changes: Vec<Change> = Vec::new();
    for (position, &oid) in line.iter().enumerate() {
        progress.advance(1);
        let commit = repo.find_commit(oid).map_err(|e| Error::git(what, e))?;
        let tree = commit.tree().map_err(|e| Error::git(what, e))?;
        let mut tree = crate::git_tree::TreeFiles::new(repo, tree);
        let blobs: Blobs = files
            .iter()
            .map(|(_, path)| {
                crate::links::blob_in_tree(repo, &mut tree, path, || {
                    format!("`{path}` at commit {}", short_commit(&oid.to_string()))
                })
            })
            .collect::<Result<_>>()?;
        if blobs.iter().all(Option::is_none) || changes.last().is_some_and(|c| c.blobs == blobs) {
            continue;
        }
        changes.push(Change {
            position,
            commit: oid,
            summary: commit
                .summary()
                .ok()
                .flatten()
                .unwrap_or_default()
                .to_owned(),
            date: civil_date(
                commit.time().seconds() + i64::from(commit.time().offset_minutes()) * 60,
            ),
            blobs,
        });
    }
    progress.finish();
    if changes.is_empty() {
        return Err(Error::NoDocumentCommits {
            files: files
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            manifest: manifest.path.clone(),
        });
    }
    let drafts = draft_points(repo, manifest, &line, &changes)?;
    let versions = parse_once(repo, &files, &changes, progress)?;
    Ok(changes
        .iter()
        .zip(versions)
        .enumerate()
        .map(|(k, (c, version))| {
            let id = c.commit.to_string();
            let draft = drafts.get(&k).cloned();
            // A draft is dated as the manifest dates it, not by its commit.
            let date = draft
                .as_deref()
                .and_then(|d| manifest.draft(d))
                .map_or_else(|| c.date.clone(), |d| d.date.clone());
            Point {
                label: draft.clone().unwrap_or_else(|| id[..8].to_owned()),
                draft,
                commit: Some(id),
                summary: Some(c.summary.clone()),
                date: Some(date),
                version,
            }
        })
        .collect())
}

/// In a shallow clone, the commit where HEAD's first-parent line is cut (git
/// lists such commits in `.git/shallow`): the commits before it are absent, so
/// it seems to have written everything they wrote. `None` in a full clone.
pub(super) fn shallow_boundary(sources: &Sources) -> Option<String> {
    let repo = sources.repo().filter(|r| r.is_shallow())?;
    let listed = std::fs::read_to_string(repo.path().join("shallow")).unwrap_or_default();
    let line = first_parent_line(repo).ok()?;
    let oldest = line.first()?.to_string();
    if listed.lines().any(|l| l.trim() == oldest) || listed.is_empty() {
        Some(oldest)
    } else {
        None
    }
}

/// HEAD's first-parent line, oldest first.
fn first_parent_line(repo: &Repository) -> Result<Vec<Oid>> {
    let what = "--all-commits";
    let mut walk = repo.revwalk().map_err(|e| Error::git(what, e))?;
    walk.push_head().map_err(|e| Error::git("HEAD", e))?;
    walk.simplify_first_parent()
        .map_err(|e| Error::git(what, e))?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
        .map_err(|e| Error::git(what, e))?;
    walk.collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::git(what, e))
}

/// Which change each draft is: the last change at or before the draft's
/// commit on the line. A draft off the line is an error.
fn draft_points(
    repo: &Repository,
    manifest: &LoadedManifest,
    line: &[Oid],
    changes: &[Change],
) -> Result<HashMap<usize, String>> {
    let position: HashMap<Oid, usize> = line.iter().enumerate().map(|(k, o)| (*o, k)).collect();
    let mut out = HashMap::new();
    for d in &manifest.manifest.drafts {
        let commit = repo
            .revparse_single(&d.reference.value)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| Error::MissingCommit {
                draft: d.id.value.clone(),
                reference: d.reference.value.clone(),
                manifest: manifest.path.clone(),
                line: d.reference.referenced.line(),
            })?;
        let Some(&at) = position.get(&commit.id()) else {
            return Err(Error::DraftOffLine {
                draft: d.id.value.clone(),
                commit: short_commit(&commit.id().to_string()).to_owned(),
                manifest: manifest.path.clone(),
                line: d.reference.referenced.line(),
            });
        };
        if let Some(k) = changes.iter().rposition(|c| c.position <= at) {
            out.insert(k, d.id.value.clone());
        }
    }
    Ok(out)
}

/// Reads and parses each distinct set of blobs once, over the cores: each
/// core takes a run of consecutive texts, reads them with a repository handle
/// of its own (git2's are not shared between threads), parses the newest
/// whole and each older one from the one after it (most commits touch a
/// section or two).
fn parse_once(
    repo: &Repository,
    files: &[(String, String)],
    changes: &[Change],
    progress: &Progress,
) -> Result<Vec<Arc<Version>>> {
    let mut seen: HashMap<&Blobs, usize> = HashMap::new();
    let mut distinct: Vec<&Change> = Vec::new();
    let mut which = Vec::with_capacity(changes.len());
    for c in changes {
        let k = *seen.entry(&c.blobs).or_insert_with(|| {
            distinct.push(c);
            distinct.len() - 1
        });
        which.push(k);
    }
    progress.start("reading and parsing", distinct.len());
    let git_dir = repo.path();
    let versions: Vec<Result<Vec<Arc<Version>>>> = crate::parallel::map_runs(&distinct, |run| {
        let repo = Repository::open(git_dir).map_err(|e| Error::git("--all-commits", e))?;
        // Newest first: git packs a file's newest text whole and older ones
        // as deltas against newer ones, so each read builds on the one
        // before (oldest first, every read would replay a chain of deltas).
        // `edited` works in either direction.
        let mut out: Vec<Arc<Version>> = Vec::with_capacity(run.len());
        for c in run.iter().rev() {
            let text = read_text(&repo, files, c)?;
            let v = match out.last() {
                Some(next) => text.assemble_as_edit_of(next),
                None => text.assemble(),
            };
            out.push(Arc::new(v));
            progress.advance(1);
        }
        out.reverse();
        Ok(out)
    });
    progress.finish();
    let mut all: Vec<Arc<Version>> = Vec::with_capacity(distinct.len());
    for run in versions {
        all.extend(run?);
    }
    Ok(which.into_iter().map(|k| Arc::clone(&all[k])).collect())
}

/// The document's files at one change, as text.
fn read_text(repo: &Repository, files: &[(String, String)], c: &Change) -> Result<Text> {
    let id = c.commit.to_string();
    let short = short_commit(&id);
    let mut contents = Vec::with_capacity(files.len());
    for ((name, path), blob) in files.iter().zip(&c.blobs) {
        let Some(blob) = blob else { continue };
        let bytes = repo
            .find_blob(*blob)
            .map_err(|e| Error::git(short, e))?
            .content()
            .to_vec();
        contents.push((
            name.clone(),
            decode_blob(bytes, || format!("`{path}` at commit {short}"))?,
        ));
    }
    Ok(Text {
        label: id[..8].to_owned(),
        commit: Some(id.clone()),
        from_manifest: true,
        files: contents,
    })
}

/// `YYYY-MM-DD` of a count of seconds since 1970 (the commit's own time zone
/// added by the caller).
pub(crate) fn civil_date(seconds: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = seconds.div_euclid(86_400) + 719_468;
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

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_date(0), "1970-01-01");
        assert_eq!(super::civil_date(951_782_400), "2000-02-29");
        assert_eq!(super::civil_date(1_700_000_000), "2023-11-14");
    }
}
