//! Where a version comes from: a draft id of the manifest, a git revision
//! (`borrador-2`, `main~3`, a SHA, `REV:path/to/file.md`), `WORKTREE` (the
//! manifest's files as they are on disk) or a plain file path.
//!
//! Git objects are read with git2 at the commit: nothing is checked out and the
//! repository is never written.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::manifest::{self, LoadedManifest};
use git2::{Commit, ObjectType, Repository};

/// The name that means "the files as they are on disk".
pub const WORKTREE: &str = "WORKTREE";

pub use crate::version::{Part, Text, Version, assemble_pair};

/// Turns bytes into text: a leading UTF-8 byte-order mark is dropped; anything
/// that is not UTF-8 is an error naming `what`, the byte offset and the line.
pub fn decode(mut bytes: Vec<u8>, what: impl FnOnce() -> String) -> Result<String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Error::NotUtf8 {
            what: what(),
            offset,
            line,
        }
    })
}

/// Resolves version names into versions, for one working folder.
pub struct Sources {
    cwd: PathBuf,
    manifest: Option<LoadedManifest>,
    repo: OnceCell<Option<Repository>>,
}

impl Sources {
    /// `manifest`: an explicit path (`--manifest`); else `policy/pnda.yaml` is
    /// looked for from `cwd` upwards, and its absence is fine for plain files.
    pub fn open(cwd: &Path, manifest: Option<&Path>) -> Result<Sources> {
        let manifest = match manifest {
            Some(p) => Some(manifest::load(&cwd.join(p))?),
            None => manifest::discover(cwd)
                .map(|p| manifest::load(&p))
                .transpose()?,
        };
        Ok(Sources {
            cwd: cwd.to_owned(),
            manifest,
            repo: OnceCell::new(),
        })
    }

    pub fn manifest(&self) -> Option<&LoadedManifest> {
        self.manifest.as_ref()
    }

    /// The manifest, or an error saying `spec` needs one.
    pub fn require_manifest(&self, spec: &str) -> Result<&LoadedManifest> {
        self.manifest.as_ref().ok_or_else(|| Error::NeedsManifest {
            spec: spec.to_owned(),
            cwd: self.cwd.clone(),
        })
    }

    /// The git repository holding the manifest (or the working folder), if any.
    pub fn repo(&self) -> Option<&Repository> {
        self.repo
            .get_or_init(|| {
                let start = self
                    .manifest
                    .as_ref()
                    .map_or(self.cwd.clone(), |m| self.cwd.join(m.dir()));
                Repository::discover(start).ok()
            })
            .as_ref()
    }

    fn require_repo(&self, spec: &str) -> Result<&Repository> {
        self.repo().ok_or_else(|| Error::NotARepository {
            path: self.cwd.clone(),
            spec: spec.to_owned(),
        })
    }

    /// Reads and parses the version that `spec` names; see the module documentation.
    pub fn load(&self, spec: &str) -> Result<Version> {
        Ok(self.read(spec)?.assemble())
    }

    /// Reads and parses several versions: read one after another (git), then
    /// parsed side by side.
    pub fn load_all<S: AsRef<str>>(&self, specs: &[S]) -> Result<Vec<Version>> {
        let texts = specs
            .iter()
            .map(|s| self.read(s.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        Ok(crate::parallel::map_owned(texts, 2, Text::assemble))
    }

    /// Reads the version that `spec` names, without parsing it.
    pub fn read(&self, spec: &str) -> Result<Text> {
        if let Some(m) = &self.manifest
            && let Some(draft) = m.draft(spec)
        {
            let repo = self.require_repo(spec)?;
            let commit = repo
                .revparse_single(&draft.reference.value)
                .and_then(|o| o.peel_to_commit())
                .map_err(|_| Error::MissingCommit {
                    draft: spec.to_owned(),
                    reference: draft.reference.value.clone(),
                    manifest: m.path.clone(),
                    line: draft.reference.referenced.line(),
                })?;
            let files = self.manifest_files(repo, draft.files(&m.manifest));
            return self
                .read_commit(spec, repo, &commit, files)
                .map(Text::of_manifest);
        }
        if spec == WORKTREE {
            let m = self.require_manifest(spec)?;
            let mut files = Vec::new();
            for f in &m.manifest.files {
                let path = self.cwd.join(m.dir()).join(&f.value);
                files.push((f.value.clone(), read_file(&path)?));
            }
            return Ok(Text {
                label: spec.to_owned(),
                commit: None,
                from_manifest: true,
                files,
            });
        }
        let on_disk = self.cwd.join(spec);
        if on_disk.is_file() {
            let text = read_file(&on_disk)?;
            return Ok(Text {
                label: spec.to_owned(),
                commit: None,
                from_manifest: false,
                files: vec![(spec.to_owned(), text)],
            });
        }
        if let Some((rev, path)) = spec.split_once(':')
            && !rev.is_empty()
            && let Some(repo) = self.repo()
            && let Ok(commit) = repo
                .revparse_single(self.draft_ref(rev).unwrap_or(rev))
                .and_then(|o| o.peel_to_commit())
        {
            let from_cwd = path.starts_with("./") || path.starts_with("../");
            let repo_path = self.repo_relative(repo, Path::new(path), from_cwd);
            return self.read_commit(spec, repo, &commit, vec![(path.to_owned(), repo_path)]);
        }
        let repo = self.require_repo(spec)?;
        let Ok(commit) = repo.revparse_single(spec).and_then(|o| o.peel_to_commit()) else {
            return Err(self.unknown(spec));
        };
        let m = self.require_manifest(spec)?;
        let files = self.manifest_files(repo, m.manifest.files.iter().map(|f| f.value.as_str()));
        self.read_commit(spec, repo, &commit, files)
            .map(Text::of_manifest)
    }

    /// The repository and the manifest's files as `(name, path from the
    /// repository root)`, for reading the document at any commit. `what` names
    /// the command in errors.
    pub fn document_files(&self, what: &str) -> Result<(&Repository, Vec<(String, String)>)> {
        let m = self.require_manifest(what)?;
        let repo = self.require_repo(what)?;
        let files = self.manifest_files(repo, m.manifest.files.iter().map(|f| f.value.as_str()));
        Ok((repo, files))
    }

    /// The commit a draft id names, so `borrador-2:path` reads like `REV:path`.
    fn draft_ref(&self, id: &str) -> Option<&str> {
        Some(self.manifest.as_ref()?.draft(id)?.reference.value.as_str())
    }

    fn unknown(&self, spec: &str) -> Error {
        Error::UnknownVersion {
            spec: spec.to_owned(),
            drafts: self
                .manifest
                .as_ref()
                .map(|m| m.draft_list())
                .unwrap_or_default(),
        }
    }

    /// `path` as a path from the repository's root. Manifest files are relative
    /// to the manifest's folder; `./x` in `REV:./x` to the working folder.
    fn repo_relative(&self, repo: &Repository, path: &Path, from_cwd: bool) -> String {
        if !from_cwd {
            return path.to_string_lossy().replace('\\', "/");
        }
        let joined = normalize(&canonical(&self.cwd).join(path));
        let root = repo.workdir().map(|w| normalize(&canonical(w)));
        match root.and_then(|r| joined.strip_prefix(&r).ok().map(Path::to_owned)) {
            Some(rel) => rel.to_string_lossy().replace('\\', "/"),
            None => path.to_string_lossy().replace('\\', "/"),
        }
    }

    /// Reads `files` — `(name shown to the user, path from the repository root)` —
    /// from `commit`'s tree.
    fn read_commit(
        &self,
        spec: &str,
        repo: &Repository,
        commit: &Commit<'_>,
        files: Vec<(String, String)>,
    ) -> Result<Text> {
        let tree = commit.tree().map_err(|e| Error::git(spec, e))?;
        let mut tree = crate::git_tree::TreeFiles::new(repo, tree);
        let id = commit.id().to_string();
        let short = crate::version::short_commit(&id);
        let mut texts = Vec::with_capacity(files.len());
        for (name, repo_path) in files {
            let missing = || Error::MissingFile {
                revision: spec.to_owned(),
                commit: short.to_owned(),
                path: repo_path.clone(),
            };
            let entry = tree.entry(&repo_path).ok_or_else(missing)?;
            if entry.kind() != Some(ObjectType::Blob) {
                return Err(missing());
            }
            let blob = repo
                .find_blob(entry.id())
                .map_err(|e| Error::git(spec, e))?;
            let what = || format!("`{repo_path}` at {spec} (commit {short})");
            texts.push((name, decode(blob.content().to_vec(), what)?));
        }
        Ok(Text {
            label: spec.to_owned(),
            commit: Some(commit.id().to_string()),
            from_manifest: false,
            files: texts,
        })
    }

    /// Manifest file names paired with their paths from the repository root.
    fn manifest_files<'a>(
        &self,
        repo: &Repository,
        files: impl Iterator<Item = &'a str>,
    ) -> Vec<(String, String)> {
        let prefix = self.manifest_prefix(repo).unwrap_or_default();
        files
            .map(|f| {
                let repo_path = if prefix.is_empty() {
                    f.to_owned()
                } else {
                    format!("{prefix}/{f}")
                };
                (f.to_owned(), repo_path)
            })
            .collect()
    }

    /// The manifest's folder as a path from the repository root (`policy`).
    fn manifest_prefix(&self, repo: &Repository) -> Option<String> {
        let m = self.manifest.as_ref()?;
        let dir = normalize(&canonical(&self.cwd.join(m.dir())));
        let root = normalize(&canonical(repo.workdir()?));
        let rel = dir.strip_prefix(&root).ok()?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    }
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_owned())
}

/// Removes `.` and resolves `..` lexically.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn read_file(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    decode(bytes, || path.display().to_string())
}
