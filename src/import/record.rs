//! Recording the drafts in the repository with git2: the repository found (or
//! made), checked to have nothing uncommitted, then one commit per draft and
//! one for the manifest written as objects, the working folder brought to
//! the last, and the branch moved to it in one step.

use std::path::{Path, PathBuf};

use git2::{Index, IndexEntry, IndexTime, Oid, Repository, Signature, Status, StatusOptions};

use crate::error::{Error, Result};

fn refuse(why: String) -> Error {
    Error::Import { why }
}

fn git(what: &str) -> impl Fn(git2::Error) -> Error + '_ {
    move |e| refuse(format!("{what}: {}", e.message()))
}

/// One draft's commit: its message, its day and its files (paths from the
/// repository's root).
pub(super) struct DraftCommit {
    pub(super) message: String,
    pub(super) date: String,
    pub(super) files: Vec<(String, Vec<u8>)>,
}

/// What was written.
pub(super) struct Written {
    pub(super) commits: Vec<String>,
    pub(super) root: PathBuf,
    pub(super) branch: String,
    pub(super) created: bool,
}

/// The folder to record into: in a repository already, or not yet.
pub(super) struct Target {
    into: PathBuf,
    repo: Option<Repository>,
}

impl Target {
    /// The repository that holds `into`, if any. A folder that does not exist
    /// yet holds none: it will be made, with a repository in it — unless it
    /// would be made inside a repository, which is refused rather than
    /// guessed (a repository nested in another, or commits on a repository
    /// that was not named).
    pub(super) fn find(into: &Path) -> Result<Target> {
        let repo = if into.exists() {
            if !into.is_dir() {
                return Err(refuse(format!(
                    "{} is not a folder: name the folder of the repository to record the drafts in",
                    into.display()
                )));
            }
            Repository::discover(into).ok()
        } else {
            let outer = into
                .ancestors()
                .skip(1)
                .find(|a| a.is_dir())
                .and_then(|a| Repository::discover(a).ok());
            if let Some(outer) = outer {
                let root = outer.workdir().unwrap_or(outer.path());
                return Err(refuse(format!(
                    "{} does not exist, and its place is inside the repository {}: to record the                      drafts there, make the folder first (mkdir); to make a new repository, name a                      folder outside it. Nothing was recorded.",
                    into.display(),
                    root.display()
                )));
            }
            None
        };
        if let Some(r) = &repo
            && r.is_bare()
        {
            return Err(refuse(format!(
                "{} is a bare repository: import into a clone of it, then push",
                into.display()
            )));
        }
        Ok(Target {
            into: into.to_owned(),
            repo,
        })
    }

    fn root(&self) -> PathBuf {
        match self.repo.as_ref().and_then(Repository::workdir) {
            Some(dir) => dir.to_owned(),
            None => self.into.clone(),
        }
    }

    /// The folder `into` from the repository's root, `/`-separated with a
    /// trailing `/` ("" at the root).
    pub(super) fn prefix(&self) -> String {
        let (Ok(root), Ok(into)) = (self.root().canonicalize(), self.into.canonicalize()) else {
            return String::new();
        };
        match into.strip_prefix(&root) {
            Ok(inside) if inside.as_os_str().is_empty() => String::new(),
            Ok(inside) => format!("{}/", inside.to_string_lossy().replace('\\', "/")),
            Err(_) => String::new(),
        }
    }

    /// Where the manifest goes: the repository's root.
    pub(super) fn manifest_path(&self) -> PathBuf {
        self.root().join(crate::manifest::ROOT_PATH)
    }

    /// Checks the repository (the one there, or none), makes it when there is
    /// none, and records `drafts` and the manifest `manifest(commit ids)`
    /// gives. `document` is the document's path from the root; `tags` the
    /// tags to make, one per draft (none: no tags).
    pub(super) fn record(
        self,
        document: &str,
        drafts: &[DraftCommit],
        manifest: impl Fn(&[String]) -> String,
        author: Option<&str>,
        tags: &[String],
    ) -> Result<Written> {
        let root = self.root();
        self.check(document, tags)?;
        let author = parse_author(author)?;
        let created = self.repo.is_none();
        let repo = match self.repo {
            Some(repo) => repo,
            None => {
                std::fs::create_dir_all(&self.into).map_err(|source| Error::Write {
                    path: self.into.clone(),
                    source,
                })?;
                let repo = Repository::init(&self.into).map_err(git("cannot make a repository"))?;
                crate::verbosity::notice(format!(
                    "{} is not in a git repository: made one there (git init)",
                    self.into.display()
                ));
                repo
            }
        };
        let (name, email) = match author {
            Some(a) => a,
            None => configured_author(&repo),
        };
        let head = repo
            .find_reference("HEAD")
            .map_err(git("cannot read HEAD"))?;
        let Some(branch) = head.symbolic_target().ok().flatten().map(str::to_owned) else {
            return Err(refuse(
                "HEAD is detached (no branch is checked out): `git switch` to the branch the \
                 drafts go on, then import"
                    .into(),
            ));
        };
        let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let mut index = Index::new().map_err(git("cannot make an index"))?;
        if let Some(p) = &parent {
            let tree = p.tree().map_err(git("cannot read HEAD's tree"))?;
            index
                .read_tree(&tree)
                .map_err(git("cannot read HEAD's tree"))?;
        }
        let mut last = parent.as_ref().map(git2::Commit::id);
        let mut ids = Vec::with_capacity(drafts.len());
        for d in drafts {
            // The draft replaces the whole document: files a folder draft no
            // longer has are gone from its commit.
            let _ = index.remove_path(Path::new(document));
            index
                .remove_dir(Path::new(document), 0)
                .map_err(git("cannot build a draft's tree"))?;
            for (path, bytes) in &d.files {
                add(&repo, &mut index, path, bytes)?;
            }
            let sig = signature(&name, &email, &d.date)?;
            let id = commit(&repo, &mut index, &sig, &d.message, last)?;
            crate::verbosity::detail(|| {
                format!(
                    "commit {id}: {}",
                    d.message.lines().next().unwrap_or_default()
                )
            });
            ids.push(id.to_string());
            last = Some(id);
        }
        let text = manifest(&ids);
        add(
            &repo,
            &mut index,
            crate::manifest::ROOT_PATH,
            text.as_bytes(),
        )?;
        let date = drafts.last().map(|d| d.date.as_str()).unwrap_or_default();
        let sig = signature(&name, &email, date)?;
        let message = "cotejo.yaml: the manifest of the imported drafts\n\n\
                       Written by cotejo import: the drafts, their dates and stages, each at its commit.\n";
        let top = commit(&repo, &mut index, &sig, message, last)?;
        publish(&repo, &branch, parent.as_ref().map(git2::Commit::id), top)?;
        crate::verbosity::detail(|| format!("{branch} is now {top}: the drafts and the manifest"));
        for (tag, id) in tags.iter().zip(&ids) {
            let object = repo
                .find_object(Oid::from_str(id).map_err(git("bad id"))?, None)
                .map_err(git("cannot tag a draft"))?;
            repo.tag_lightweight(tag, &object, false)
                .map_err(git("cannot tag a draft"))?;
        }
        Ok(Written {
            commits: ids,
            root: root.canonicalize().unwrap_or(root),
            branch: branch.trim_start_matches("refs/heads/").to_owned(),
            created,
        })
    }

    /// Refuses, before anything is written: uncommitted changes, a manifest
    /// already there, a document path already taken, tags already taken.
    fn check(&self, document: &str, tags: &[String]) -> Result<()> {
        let root = self.root();
        // A manifest above the repository belongs to another project.
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.clone());
        let above = self
            .repo
            .as_ref()
            .and_then(|_| crate::manifest::discover(&self.into))
            .filter(|p| {
                p.canonicalize()
                    .is_ok_and(|p| p.starts_with(&canonical_root))
            });
        if let Some(found) = [self.manifest_path()]
            .into_iter()
            .chain(above)
            .find(|p| p.exists())
        {
            return Err(refuse(format!(
                "a manifest is already there: {}. cotejo import records drafts into a repository \
                 that has none; to add a draft to this one, commit it and add it to the manifest's \
                 drafts. Nothing was recorded.",
                found.display()
            )));
        }
        if root.join(document).exists() {
            return Err(refuse(format!(
                "{} is already there: import writes the document there. Name another place \
                 with --path. Nothing was recorded.",
                root.join(document).display()
            )));
        }
        let Some(repo) = &self.repo else {
            return Ok(());
        };
        let mut options = StatusOptions::new();
        options.include_untracked(false).include_ignored(false);
        let statuses = repo
            .statuses(Some(&mut options))
            .map_err(git("cannot read the repository's status"))?;
        let changed: Vec<String> = statuses
            .iter()
            .filter(|s| s.status() != Status::CURRENT)
            .map(|s| s.path().unwrap_or("?").to_owned())
            .collect();
        if !changed.is_empty() {
            let shown: Vec<&str> = changed.iter().take(5).map(String::as_str).collect();
            let more = match changed.len() {
                n if n > 5 => format!(" and {} more", n - 5),
                _ => String::new(),
            };
            return Err(refuse(format!(
                "the repository {} has uncommitted changes ({}{more}): commit or stash them \
                 (`git stash`), then import. Nothing was recorded.",
                root.display(),
                shown.join(", ")
            )));
        }
        for tag in tags {
            if repo.find_reference(&format!("refs/tags/{tag}")).is_ok() {
                return Err(refuse(format!(
                    "the tag `{tag}` is already there: give the drafts other ids (a table's `id` \
                     column), or import with --no-tags. Nothing was recorded."
                )));
            }
        }
        Ok(())
    }
}

/// `Name <email>` as given.
fn parse_author(author: Option<&str>) -> Result<Option<(String, String)>> {
    let Some(author) = author else {
        return Ok(None);
    };
    let parsed = author.trim().strip_suffix('>').and_then(|rest| {
        let (name, email) = rest.rsplit_once('<')?;
        let name = name.trim();
        (!name.is_empty() && !email.trim().is_empty())
            .then(|| (name.to_owned(), email.trim().to_owned()))
    });
    parsed.map(Some).ok_or_else(|| {
        refuse(format!(
            "--author `{author}` is not `Name <email>` (\"Grupo Técnico <gt@example.org>\")"
        ))
    })
}

/// git's `user.name` and `user.email`, else a name that says who recorded it.
fn configured_author(repo: &Repository) -> (String, String) {
    match repo.signature() {
        Ok(s) => (
            s.name().unwrap_or("cotejo import").to_owned(),
            s.email().unwrap_or("").to_owned(),
        ),
        Err(_) => {
            crate::verbosity::notice(
                "git's user.name and user.email are not set: the drafts' commits are authored \
                 by \"cotejo import\" (--author names the drafting team)",
            );
            (
                "cotejo import".to_owned(),
                "import@cotejo.invalid".to_owned(),
            )
        }
    }
}

/// A signature at noon (UTC) of `date`, a `YYYY-MM-DD` day.
fn signature(name: &str, email: &str, date: &str) -> Result<Signature<'static>> {
    let number = |r: std::ops::Range<usize>| date.get(r).and_then(|s| s.parse::<i64>().ok());
    let (Some(y), Some(m), Some(d)) = (number(0..4), number(5..7), number(8..10)) else {
        return Err(refuse(format!("the date `{date}` is not YYYY-MM-DD")));
    };
    let seconds = days_from_civil(y, m, d) * 86_400 + 12 * 3_600;
    Signature::new(name, email, &git2::Time::new(seconds, 0)).map_err(git("bad author"))
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Puts `bytes` in the index at `path` as a regular file.
fn add(repo: &Repository, index: &mut Index, path: &str, bytes: &[u8]) -> Result<()> {
    let id = repo.blob(bytes).map_err(git("cannot write a file"))?;
    let entry = IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100_644,
        uid: 0,
        gid: 0,
        file_size: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
        id,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    };
    index
        .add(&entry)
        .map_err(git(&format!("cannot add {path}")))
}

/// A commit of the index's tree on `parent`, named by no reference yet.
fn commit(
    repo: &Repository,
    index: &mut Index,
    sig: &Signature<'_>,
    message: &str,
    parent: Option<Oid>,
) -> Result<Oid> {
    let tree = index
        .write_tree_to(repo)
        .map_err(git("cannot write a tree"))?;
    let tree = repo.find_tree(tree).map_err(git("cannot read a tree"))?;
    let parent = parent
        .map(|p| repo.find_commit(p))
        .transpose()
        .map_err(git("cannot read a commit"))?;
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(None, sig, sig, message, &tree, &parents)
        .map_err(git("cannot write a commit"))
}

/// Brings the working folder and the index to `top`, then moves `branch` to
/// it, from `old` (none: the branch is born). Checkout is safe: a file in the
/// way is never overwritten, and then nothing has moved.
fn publish(repo: &Repository, branch: &str, old: Option<Oid>, top: Oid) -> Result<()> {
    let commit = repo.find_commit(top).map_err(git("cannot read a commit"))?;
    let mut checkout = git2::build::CheckoutBuilder::new();
    checkout.safe();
    repo.checkout_tree(commit.as_object(), Some(&mut checkout))
        .map_err(git(
            "cannot write the drafts' files into the working folder",
        ))?;
    let message = "cotejo import: the drafts and their manifest";
    let moved = match old {
        Some(old) => repo.reference_matching(branch, top, true, old, message),
        None => repo.reference(branch, top, false, message),
    };
    if let Err(e) = moved {
        // Someone moved the branch meanwhile: the working folder goes back
        // to what the branch holds, and nothing is recorded.
        if let Some(old) = old.and_then(|o| repo.find_commit(o).ok()) {
            let mut back = git2::build::CheckoutBuilder::new();
            back.force();
            let _ = repo.checkout_tree(old.as_object(), Some(&mut back));
        }
        return Err(git(&format!("cannot move {branch}"))(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2022, 6, 30), (2024, 2, 29), (1999, 12, 31)] {
            let days = days_from_civil(y, m, d);
            assert_eq!(
                crate::history::commits::civil_date(days * 86_400),
                format!("{y:04}-{m:02}-{d:02}")
            );
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }

    #[test]
    fn authors_are_name_and_email() {
        assert_eq!(
            parse_author(Some("Grupo Técnico <gt@example.org>")).unwrap(),
            Some(("Grupo Técnico".into(), "gt@example.org".into()))
        );
        assert!(parse_author(Some("Grupo Técnico")).is_err());
        assert!(parse_author(Some("<gt@example.org>")).is_err());
    }
}
