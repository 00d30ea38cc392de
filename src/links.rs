//! Symbolic links among the project's files, treated alike on disk and at a
//! commit: a link that stays inside the repository is followed (on disk as
//! the system follows it; in a commit's tree, where a link is a blob of mode
//! `120000` holding its target, by looking the target up in the same tree),
//! and a link that leaves the repository is refused, so a draft is never
//! `/etc/passwd` read through a link, nor a link's own text diffed as prose.

use std::collections::VecDeque;
use std::path::Path;

use git2::{ObjectType, Oid, Repository};

use crate::git_tree::TreeFiles;

use crate::error::{Error, Result};

/// Links followed before giving up, as Linux's own limit for one path.
pub const MAX_HOPS: usize = 40;

/// The git file mode of a symbolic link.
const LINK_MODE: i32 = 0o120_000;

/// The blob at `path` (from the repository root, `/`-separated) in `tree`,
/// following symbolic links on the way; `Ok(None)` when there is no file
/// there. `what` names the file in errors.
pub(crate) fn blob_in_tree(
    repo: &Repository,
    tree: &mut TreeFiles<'_>,
    path: &str,
    what: impl Fn() -> String,
) -> Result<Option<Oid>> {
    // The usual case, one lookup: a path through folders to a file that is no link.
    if !path.split('/').any(|p| matches!(p, ".." | "." | ""))
        && let Some(entry) = tree.entry(path)
        && entry.filemode() != LINK_MODE
    {
        return Ok((entry.kind() == Some(ObjectType::Blob)).then(|| entry.id()));
    }
    let mut pending: VecDeque<String> = parts(path).collect();
    let mut reached: Vec<String> = Vec::new();
    let mut hops = 0;
    while let Some(part) = pending.pop_front() {
        if part == ".." {
            if reached.pop().is_none() {
                return Err(escape(repo, tree, path, &what));
            }
            continue;
        }
        reached.push(part);
        let Some(entry) = tree.entry(&reached.join("/")) else {
            return Ok(None);
        };
        if entry.filemode() != LINK_MODE {
            if pending.is_empty() {
                return Ok((entry.kind() == Some(ObjectType::Blob)).then(|| entry.id()));
            }
            continue;
        }
        hops += 1;
        if hops > MAX_HOPS {
            return Err(Error::LinkLoop {
                what: what(),
                hops: MAX_HOPS,
            });
        }
        let target = link_target(repo, entry.id()).map_err(|e| Error::git(&what(), e))?;
        if target.starts_with('/') {
            return Err(Error::LinkLeavesRepository {
                what: what(),
                target,
            });
        }
        // The target is relative to the link's folder.
        reached.pop();
        for part in parts(&target).collect::<Vec<_>>().into_iter().rev() {
            pending.push_front(part);
        }
    }
    // Only `..` parts, ending at the root: a folder, not a file.
    Ok(None)
}

/// The error for a link that climbs above the root: it names the first link
/// on `path`, whose target the user sees in `git ls-tree`.
fn escape(
    repo: &Repository,
    tree: &mut TreeFiles<'_>,
    path: &str,
    what: &impl Fn() -> String,
) -> Error {
    let mut prefix = Vec::new();
    for part in parts(path) {
        prefix.push(part);
        if let Some(entry) = tree.entry(&prefix.join("/"))
            && entry.filemode() == LINK_MODE
            && let Ok(target) = link_target(repo, entry.id())
        {
            return Error::LinkLeavesRepository {
                what: what(),
                target,
            };
        }
    }
    Error::LinkLeavesRepository {
        what: what(),
        target: path.to_owned(),
    }
}

fn link_target(repo: &Repository, blob: Oid) -> std::result::Result<String, git2::Error> {
    let blob = repo.find_blob(blob)?;
    Ok(String::from_utf8_lossy(blob.content()).into_owned())
}

fn parts(path: &str) -> impl Iterator<Item = String> + '_ {
    path.split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .map(str::to_owned)
}

/// Refuses a file on disk that is, or lies under, a symbolic link leading
/// outside `root` (the repository's folder, or the manifest's when there is
/// no repository). Links inside `root` are left for the system to follow.
pub fn check_inside(path: &Path, root: &Path, what: impl Fn() -> String) -> Result<()> {
    let Ok(real) = path.canonicalize() else {
        // A missing file (or a loop) is said by the read that follows.
        return Ok(());
    };
    let root = root.canonicalize().unwrap_or_else(|_| root.to_owned());
    if real.starts_with(&root) {
        return Ok(());
    }
    let target = std::fs::read_link(path).unwrap_or(real);
    Err(Error::LinkLeavesRepository {
        what: what(),
        target: target.display().to_string(),
    })
}
