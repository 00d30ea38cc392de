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
use git2::{Commit, Object, ObjectType, Repository};

/// The name that means "the files as they are on disk".
pub const WORKTREE: &str = "WORKTREE";

pub use crate::version::{Part, Text, Version, read_and_assemble_pair};

pub use crate::input::{decode, decode_blob};

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
        crate::verbosity::detail(|| match &manifest {
            Some(m) => format!(
                "manifest {}: {} draft(s), {} file(s)",
                m.path.display(),
                m.manifest.drafts.len(),
                m.manifest.files.len()
            ),
            None => format!(
                "no manifest in {} or above it ({} or {}): only files and revisions can be named",
                cwd.display(),
                manifest::ROOT_PATH,
                manifest::DEFAULT_PATH
            ),
        });
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

    /// The manifest, or an error saying `cotejo command` needs one.
    pub fn require_manifest_for(&self, command: &str) -> Result<&LoadedManifest> {
        self.manifest
            .as_ref()
            .ok_or_else(|| Error::CommandNeedsManifest {
                command: command.to_owned(),
                cwd: self.cwd.clone(),
            })
    }

    /// The folder the project's files must stay in: the repository's, or the
    /// manifest's when there is no repository.
    fn project_root(&self) -> Option<PathBuf> {
        if let Some(dir) = self.repo().and_then(Repository::workdir) {
            return Some(dir.to_owned());
        }
        Some(self.cwd.join(self.manifest.as_ref()?.dir()))
    }

    /// Reads a file of the project (a document file, the notes, the
    /// consultation) from disk: a regular file, reached through no symbolic
    /// link that leaves the repository.
    pub fn read_project_file(&self, path: &Path) -> Result<Vec<u8>> {
        if let Some(root) = self.project_root() {
            crate::links::check_inside(path, &root, || path.display().to_string())?;
        }
        crate::input::read_regular(path)
    }

    fn read_project_text(&self, path: &Path) -> Result<String> {
        decode(self.read_project_file(path)?, || path.display().to_string())
    }

    /// The git repository holding the manifest (or the working folder), if any.
    pub fn repo(&self) -> Option<&Repository> {
        self.repo
            .get_or_init(|| {
                let start = self
                    .manifest
                    .as_ref()
                    .map_or(self.cwd.clone(), |m| self.cwd.join(m.dir()));
                let repo = Repository::discover(start).ok();
                crate::verbosity::detail(|| match repo.as_ref().and_then(Repository::workdir) {
                    Some(dir) => format!("repository {}", dir.display()),
                    None => "no git repository".to_owned(),
                });
                repo
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

    /// Reads and parses several versions, side by side (each thread with its
    /// own handle on the repository). The first error in `specs`' order is
    /// the one returned.
    pub fn load_all<S: AsRef<str>>(&self, specs: &[S]) -> Result<Vec<Version>> {
        let readers = specs
            .iter()
            .map(|s| self.reader(s.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        crate::parallel::map_owned(readers, 2, |r| r.read().map(Text::assemble))
            .into_iter()
            .collect()
    }

    /// Reads the version that `spec` names, without parsing it.
    pub fn read(&self, spec: &str) -> Result<Text> {
        self.reader(spec)?.read_in(self.repo())
    }

    /// What reading `spec` takes, resolved now (every error of a name that
    /// names nothing comes from here) and read later, on any thread: a file's
    /// megabytes to copy and validate, or a commit's blobs to inflate, one
    /// version beside the other.
    pub fn reader(&self, spec: &str) -> Result<Reader> {
        match self.plain_file(spec) {
            Some(path) => {
                crate::verbosity::detail(|| format!("{spec}: the file {}", path.display()));
                Ok(Reader::File {
                    spec: spec.to_owned(),
                    path,
                })
            }
            None => self.resolve(spec),
        }
    }

    /// The file on disk `spec` names, when it names one and is neither a
    /// draft of the manifest nor `WORKTREE` (which come first).
    fn plain_file(&self, spec: &str) -> Option<PathBuf> {
        let draft = self.manifest.as_ref().and_then(|m| m.draft(spec));
        if draft.is_some() || spec == WORKTREE {
            return None;
        }
        let on_disk = self.cwd.join(spec);
        std::fs::metadata(&on_disk)
            .is_ok_and(|meta| meta.is_file())
            .then_some(on_disk)
    }

    /// [`Sources::reader`] of anything but a plain file.
    fn resolve(&self, spec: &str) -> Result<Reader> {
        if let Some(m) = &self.manifest
            && let Some(draft) = m.draft(spec)
        {
            let repo = self.require_repo(spec)?;
            let reference = &draft.reference.value;
            let object = repo
                .revparse_single(reference)
                .map_err(|_| Error::MissingCommit {
                    draft: spec.to_owned(),
                    reference: reference.clone(),
                    manifest: m.path.clone(),
                    line: draft.reference.referenced.line(),
                })?;
            let commit = object
                .peel_to_commit()
                .map_err(|_| Error::DraftNotACommit {
                    draft: spec.to_owned(),
                    reference: reference.clone(),
                    kind: object_kind(&object),
                    manifest: m.path.clone(),
                    line: draft.reference.referenced.line(),
                })?;
            let files = self.manifest_files(repo, draft.files(&m.manifest));
            return Ok(Reader::at_commit(spec, repo, &commit, files, true));
        }
        if spec == WORKTREE {
            let m = self.require_manifest(spec)?;
            let mut files = Vec::new();
            for f in &m.manifest.files {
                let path = self.cwd.join(m.dir()).join(&f.value);
                files.push((f.value.clone(), self.read_project_text(&path)?));
                crate::verbosity::detail(|| format!("{spec}: {} on disk", path.display()));
            }
            return Ok(Reader::Read(Text {
                label: spec.to_owned(),
                commit: None,
                from_manifest: true,
                files,
            }));
        }
        // A plain file was taken by `reader`; what is on disk here is not one.
        let on_disk = self.cwd.join(spec);
        let on_disk_meta = std::fs::metadata(&on_disk).ok();
        if let Some((rev, path)) = spec.split_once(':')
            && !rev.is_empty()
            && let Some(repo) = self.repo()
            && let Ok(commit) = repo
                .revparse_single(self.draft_ref(rev).unwrap_or(rev))
                .and_then(|o| o.peel_to_commit())
        {
            let from_cwd = path.starts_with("./") || path.starts_with("../");
            let repo_path = self.repo_relative(repo, Path::new(path), from_cwd);
            let files = vec![(path.to_owned(), repo_path)];
            return Ok(Reader::at_commit(spec, repo, &commit, files, false));
        }
        // Neither a file nor `REV:path`: a revision, or a path that is not a file.
        let not_a_file = || {
            on_disk_meta.as_ref().map(|meta| Error::NotAFile {
                path: on_disk.clone(),
                kind: crate::input::kind_of(meta),
            })
        };
        let Some(repo) = self.repo() else {
            return Err(not_a_file().unwrap_or_else(|| Error::NoSuchFile {
                spec: spec.to_owned(),
                cwd: self.cwd.clone(),
            }));
        };
        let commit = match repo.revparse_single(spec) {
            Err(_) => return Err(not_a_file().unwrap_or_else(|| self.unknown(spec))),
            Ok(object) => match object.peel_to_commit() {
                Ok(commit) => commit,
                Err(_) => {
                    return Err(not_a_file().unwrap_or_else(|| Error::NotACommit {
                        spec: spec.to_owned(),
                        kind: object_kind(&object),
                    }));
                }
            },
        };
        let m = self.require_manifest(spec)?;
        let files = self.manifest_files(repo, m.manifest.files.iter().map(|f| f.value.as_str()));
        Ok(Reader::at_commit(spec, repo, &commit, files, true))
    }

    /// The repository and the manifest's files as `(name, path from the
    /// repository root)`, for reading the document at any commit. `what` names
    /// the command in errors.
    pub fn document_files(&self, what: &str) -> Result<(&Repository, Vec<(String, String)>)> {
        let m = self.require_manifest_for(what)?;
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

/// A version about to be read: see [`Sources::reader`].
pub enum Reader {
    /// A file on disk.
    File { spec: String, path: PathBuf },
    /// Files at a commit. A `Repository` cannot be shared between threads:
    /// another thread opens its own.
    Commit {
        spec: String,
        git_dir: PathBuf,
        commit: git2::Oid,
        /// `(name shown to the user, path from the repository root)`.
        files: Vec<(String, String)>,
        from_manifest: bool,
    },
    /// Read already (`WORKTREE`, through the project's checks).
    Read(Text),
}

impl Reader {
    fn at_commit(
        spec: &str,
        repo: &Repository,
        commit: &Commit<'_>,
        files: Vec<(String, String)>,
        from_manifest: bool,
    ) -> Reader {
        crate::verbosity::detail(|| match files.as_slice() {
            [(one, _)] => format!("{spec}: commit {}, {one}", commit.id()),
            all => format!("{spec}: commit {}, {} files", commit.id(), all.len()),
        });
        Reader::Commit {
            spec: spec.to_owned(),
            git_dir: repo.path().to_owned(),
            commit: commit.id(),
            files,
            from_manifest,
        }
    }

    /// The version's text, read now on the calling thread; `repo`, when
    /// given, is the repository a commit is read from (else it is opened
    /// again here).
    pub fn read_in(self, repo: Option<&Repository>) -> Result<Text> {
        match self {
            Reader::Read(text) => Ok(text),
            Reader::File { spec, path } => Ok(Text {
                label: spec.clone(),
                commit: None,
                from_manifest: false,
                files: vec![(spec, read_file(&path)?)],
            }),
            Reader::Commit {
                spec,
                git_dir,
                commit,
                files,
                from_manifest,
            } => {
                let opened;
                let repo = match repo {
                    Some(repo) => repo,
                    None => {
                        opened = Repository::open(&git_dir).map_err(|e| Error::git(&spec, e))?;
                        &opened
                    }
                };
                let commit = repo.find_commit(commit).map_err(|e| Error::git(&spec, e))?;
                let text = read_commit(&spec, repo, &commit, files)?;
                Ok(Text {
                    from_manifest,
                    ..text
                })
            }
        }
    }

    /// [`Reader::read_in`] on a thread of its own.
    pub fn read(self) -> Result<Text> {
        self.read_in(None)
    }
}

/// Reads `files` — `(name shown to the user, path from the repository root)` —
/// from `commit`'s tree.
fn read_commit(
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
        let what = || format!("`{repo_path}` at {spec} (commit {short})");
        let blob =
            crate::links::blob_in_tree(repo, &mut tree, &repo_path, what)?.ok_or_else(missing)?;
        let blob = repo.find_blob(blob).map_err(|e| Error::git(spec, e))?;
        texts.push((name, decode_blob(blob.content().to_vec(), what)?));
    }
    Ok(Text {
        label: spec.to_owned(),
        commit: Some(commit.id().to_string()),
        from_manifest: false,
        files: texts,
    })
}

fn read_file(path: &Path) -> Result<String> {
    decode(crate::input::read_regular(path)?, || {
        path.display().to_string()
    })
}

/// What a git object that is not a commit is, for errors.
fn object_kind(object: &Object<'_>) -> &'static str {
    match object.kind() {
        Some(ObjectType::Tree) => "tree (a folder)",
        Some(ObjectType::Blob) => "blob (a file's content)",
        Some(ObjectType::Tag) => "tag of something that is not a commit",
        _ => "object",
    }
}
