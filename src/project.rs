//! The project: everything a command knows before it renders, loaded once.
//!
//! A [`Project`] holds the manifest (when there is one), resolves version
//! names through [`Sources`], and reads — each at most once, and only when a
//! command asks — the manifest's drafts, the editors' notes of each draft and
//! the public consultation. Renderers receive a project and a subject (a
//! comparison or a history: [`crate::render::Subject`]) and nothing else: no
//! renderer resolves a name or reads a file.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::compare;
use crate::error::{Error, Result};
use crate::history::History;
use crate::manifest::LoadedManifest;
use crate::model::Comparison;
use crate::notes::{ConsultationFile, Note, NotesFile};
use crate::progress::Progress;
use crate::render::templates::{EMBEDDED, Overrides, Templates};
use crate::source::{Sources, Version, decode, read_and_assemble_pair};

/// What the manifest says of a draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DraftMeta {
    pub id: String,
    /// "Segundo borrador".
    pub title: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub stage: String,
    /// The record of its approval, on the version the body approved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval: Option<crate::manifest::Approval>,
}

/// A draft of the manifest, read and parsed.
#[derive(Debug, Clone)]
pub struct Draft {
    pub meta: DraftMeta,
    /// Shared with any history built from the same drafts.
    pub version: Arc<Version>,
}

/// Two versions and their comparison: what the diff, the report and the
/// text and JSON outputs show.
#[derive(Debug)]
pub struct Pair {
    pub old: Version,
    pub new: Version,
    pub comparison: Comparison,
}

impl Pair {
    /// Compares two versions.
    pub fn compare(old: Version, new: Version) -> Pair {
        let options = compare::Options::default();
        let (comparison, _) = std::thread::scope(|scope| {
            // The texts' hashes go only into the comparison's header: a second
            // core works them out while this one pairs the sections, which it
            // mostly does alone (35 ms of the 26 MB pair's critical path).
            let hashing = scope.spawn(|| {
                old.sha256();
                new.sha256();
            });
            compare::compare_then_describe(&old.document, &new.document, &options, || {
                hashing.join().expect("hashing does not panic");
                (old.info(), new.info())
            })
        });
        Pair {
            old,
            new,
            comparison,
        }
    }
}

/// The comparison of two of the manifest's drafts, by their places in it
/// (`old < new`).
#[derive(Debug)]
pub struct DraftComparison {
    pub old: usize,
    pub new: usize,
    pub comparison: Comparison,
}

/// The public consultation in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsultationSummary {
    pub title: String,
    /// The draft put to consultation, and the draft that answers it (ids).
    pub draft: String,
    pub result: String,
    /// YYYY-MM-DD.
    pub opened: String,
    pub closed: String,
    pub comments: usize,
}

/// Which pairs of drafts [`Project::draft_comparisons`] compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftPairs {
    Consecutive,
    Every,
}

/// An editors' note with the draft whose notes file holds it (the draft the
/// change led into).
#[derive(Debug, Clone, Copy)]
pub struct DraftNote<'a> {
    pub draft: &'a str,
    pub note: &'a Note,
}

/// The manifest, its drafts, notes and consultation, and the resolver of
/// version names, for one working folder.
pub struct Project {
    sources: Sources,
    drafts: OnceCell<Vec<Draft>>,
    /// Each draft's notes, by draft id (a draft without a notes file has none).
    notes: OnceCell<BTreeMap<String, Vec<Note>>>,
    consultation: OnceCell<Option<ConsultationFile>>,
    /// The command line that makes the current output again, for its
    /// provenance (`None`: the output says no command).
    args: Option<Vec<String>>,
}

impl Project {
    /// `manifest`: an explicit path (`--manifest`); else `policy/pnda.yaml` is
    /// looked for from `cwd` upwards, and its absence is fine for plain files.
    pub fn open(cwd: &Path, manifest: Option<&Path>) -> Result<Project> {
        Ok(Project::from_sources(Sources::open(cwd, manifest)?))
    }

    pub fn from_sources(sources: Sources) -> Project {
        Project {
            sources,
            drafts: OnceCell::new(),
            notes: OnceCell::new(),
            consultation: OnceCell::new(),
            args: None,
        }
    }

    /// The same project, its outputs saying that `args` make them again.
    pub fn with_args(self, args: Vec<String>) -> Project {
        Project {
            args: Some(args),
            ..self
        }
    }

    /// What an output made from `versions` now carries to be checked
    /// ([`crate::provenance`]); `None` when no command line was recorded.
    pub fn provenance<'v>(
        &self,
        versions: impl IntoIterator<Item = &'v Version>,
    ) -> Option<crate::provenance::Provenance> {
        let args = self.args.clone()?;
        let repo = self.sources.repo();
        Some(crate::provenance::Provenance::new(
            args,
            versions,
            |commit| {
                let repo = repo?;
                let oid = git2::Oid::from_str(commit).ok()?;
                Some(repo.find_commit(oid).ok()?.tree_id().to_string())
            },
        ))
    }

    /// The resolver of version names (drafts, revisions, `WORKTREE`, files).
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    pub fn manifest(&self) -> Option<&LoadedManifest> {
        self.sources.manifest()
    }

    /// The manifest, or an error saying the command `what` needs one.
    pub fn require_manifest(&self, what: &str) -> Result<&LoadedManifest> {
        self.sources.require_manifest_for(what)
    }

    /// Reads and parses the two versions `old` and `new` name (side by side)
    /// and compares them.
    pub fn pair(&self, old: &str, new: &str) -> Result<Pair> {
        let (old, new) =
            read_and_assemble_pair(self.sources.reader(old)?, self.sources.reader(new)?)?;
        Ok(Pair::compare(old, new))
    }

    /// The manifest's drafts, oldest first, read once (side by side) on first
    /// use; `what` names the command in the error when there is no manifest.
    pub fn drafts(&self, what: &str) -> Result<&[Draft]> {
        if let Some(drafts) = self.drafts.get() {
            return Ok(drafts);
        }
        let m = self.require_manifest(what)?;
        let versions = self.sources.load_all(&m.draft_ids())?;
        let drafts = m
            .manifest
            .drafts
            .iter()
            .zip(versions)
            .map(|(d, version)| Draft {
                meta: meta_of(d),
                version: Arc::new(version),
            })
            .collect();
        Ok(self.drafts.get_or_init(|| drafts))
    }

    /// The manifest's drafts, oldest first, without reading them.
    pub fn draft_metas(&self) -> Vec<DraftMeta> {
        self.manifest()
            .map(|m| m.manifest.drafts.iter().map(meta_of).collect())
            .unwrap_or_default()
    }

    /// What the manifest says of the draft `label` names, if it is one.
    pub fn draft_meta(&self, label: &str) -> Option<DraftMeta> {
        self.manifest()?.draft(label).map(meta_of)
    }

    /// The place of draft `id` in the manifest's order.
    pub fn draft_position(&self, id: &str) -> Option<usize> {
        self.manifest()?
            .manifest
            .drafts
            .iter()
            .position(|d| d.id.value == id)
    }

    /// The document's title: the manifest's when `version` is the manifest's
    /// document, else the version's first heading, else its label.
    pub fn title_of(&self, version: &Version) -> String {
        if let Some(m) = self.manifest().filter(|_| version.from_manifest) {
            return m.manifest.title.clone();
        }
        heading_title(version)
    }

    /// The document's title as the manifest's drafts tell it: the title of the
    /// last draft (the manifest's title when there is no draft).
    pub fn drafts_title(&self, what: &str) -> Result<String> {
        let m = self.require_manifest(what)?;
        Ok(match self.drafts(what)?.last() {
            Some(d) => self.title_of(&d.version),
            None => m.manifest.title.clone(),
        })
    }

    /// The manifest's `language`.
    pub fn language(&self) -> Option<&str> {
        self.manifest()?.manifest.language.as_deref()
    }

    /// The manifest's `notice`, shown on every page of the site.
    pub fn notice(&self) -> Option<&str> {
        Some(self.manifest()?.manifest.notice.as_ref()?.value.as_str())
    }

    /// The manifest's `license`, on every page of the site.
    pub fn license(&self) -> Option<&crate::manifest::License> {
        self.manifest()?.manifest.license.as_ref()
    }

    /// The editors' notes of draft `id` (the notes of the transition into it).
    pub fn notes_of(&self, id: &str) -> Result<&[Note]> {
        Ok(self
            .all_notes()?
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or_default())
    }

    /// The editors' notes of every draft after `old` up to `new`, when both
    /// are drafts of the manifest in that order (else none).
    pub fn transition_notes(&self, old: &str, new: &str) -> Result<Vec<DraftNote<'_>>> {
        let (Some(from), Some(to)) = (self.draft_position(old), self.draft_position(new)) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for meta in self.draft_metas().iter().take(to + 1).skip(from + 1) {
            let (draft, notes) = self
                .all_notes()?
                .get_key_value(&meta.id)
                .map_or(("", &[][..]), |(k, v)| (k.as_str(), v.as_slice()));
            out.extend(notes.iter().map(|note| DraftNote { draft, note }));
        }
        Ok(out)
    }

    /// Every draft's notes file, read once.
    fn all_notes(&self) -> Result<&BTreeMap<String, Vec<Note>>> {
        if let Some(notes) = self.notes.get() {
            return Ok(notes);
        }
        let mut notes = BTreeMap::new();
        if let Some(m) = self.manifest() {
            for d in &m.manifest.drafts {
                let Some(path) = notes_path(m, &d.id.value).filter(|p| p.exists()) else {
                    continue;
                };
                let file: NotesFile = self.read_yaml(&path)?;
                notes.insert(d.id.value.clone(), file.notes);
            }
        }
        Ok(self.notes.get_or_init(|| notes))
    }

    /// The public consultation, when the manifest declares one; a declared
    /// file that does not exist is an error naming the manifest's line.
    pub fn consultation(&self) -> Result<Option<&ConsultationFile>> {
        if let Some(c) = self.consultation.get() {
            return Ok(c.as_ref());
        }
        let file = match self.manifest() {
            Some(m) => self.read_consultation(m)?.map(|(file, _)| file),
            None => None,
        };
        Ok(self.consultation.get_or_init(|| file).as_ref())
    }

    /// The consultation `manifest` declares, read, with its path.
    pub fn read_consultation(
        &self,
        manifest: &LoadedManifest,
    ) -> Result<Option<(ConsultationFile, PathBuf)>> {
        let Some(path) = consultation_path(manifest) else {
            return Ok(None);
        };
        if !path.exists() {
            return Err(Error::ConsultationMissing {
                path,
                manifest: manifest.path.clone(),
                line: manifest
                    .manifest
                    .consultation
                    .as_ref()
                    .map_or(1, |c| c.referenced.line()),
            });
        }
        Ok(Some((self.read_yaml(&path)?, path)))
    }

    /// Reads a YAML file of the project (notes, consultation): a regular
    /// file, reached through no symbolic link that leaves the repository.
    pub fn read_yaml<T: for<'de> serde::Deserialize<'de>>(&self, path: &Path) -> Result<T> {
        crate::verbosity::detail(|| format!("reading {}", path.display()));
        crate::yaml::from_bytes(path, self.sources.read_project_file(path)?)
    }

    /// The consultation in brief, as the site's home and the book's
    /// introduction tell it.
    pub fn consultation_summary(&self) -> Result<Option<ConsultationSummary>> {
        Ok(self.consultation()?.map(|file| {
            let c = &file.consultation;
            ConsultationSummary {
                title: c.title.clone(),
                draft: c.draft.value.clone(),
                result: c.result.value.clone(),
                opened: c.opened.clone(),
                closed: c.closed.clone(),
                comments: file.comments.len(),
            }
        }))
    }

    /// The repository's root folder, when the project is in one.
    pub fn repository_root(&self) -> Option<PathBuf> {
        self.sources
            .repo()
            .and_then(|r| r.workdir())
            .map(Path::to_owned)
    }

    /// The files on disk the project may read: the manifest, the document's
    /// files in the working tree (every draft's), the notes and the
    /// consultation. Paths that do not exist are listed too (nothing is read
    /// here). An output never replaces one of them
    /// ([`crate::output::refuse_input`]).
    pub fn files_on_disk(&self) -> Vec<PathBuf> {
        let Some(m) = self.manifest() else {
            return Vec::new();
        };
        let mut files = vec![m.path.clone()];
        let drafts_files = m.manifest.drafts.iter().filter_map(|d| d.files.as_ref());
        for file in m.manifest.files.iter().chain(drafts_files.flatten()) {
            files.push(m.dir().join(&file.value));
        }
        for draft in &m.manifest.drafts {
            files.extend(notes_path(m, &draft.id.value));
        }
        files.extend(consultation_path(m));
        files
    }

    /// The manifest's drafts compared, one comparison at a time: each with the next
    /// ([`DraftPairs::Consecutive`]) or every pair, earlier to later in the
    /// manifest's order: (1,2), (1,3), (1,4), (2,3)… ([`DraftPairs::Every`]).
    pub fn draft_comparisons(
        &self,
        what: &str,
        which: DraftPairs,
    ) -> Result<impl Iterator<Item = DraftComparison> + '_> {
        let drafts = self.drafts(what)?;
        let pairs: Vec<(usize, usize)> = match which {
            DraftPairs::Consecutive => (1..drafts.len()).map(|k| (k - 1, k)).collect(),
            DraftPairs::Every => (0..drafts.len())
                .flat_map(|old| (old + 1..drafts.len()).map(move |new| (old, new)))
                .collect(),
        };
        // Compared one at a time, as the caller takes them.
        Ok(pairs.into_iter().map(move |(old, new)| {
            let (o, n) = (&drafts[old].version, &drafts[new].version);
            DraftComparison {
                old,
                new,
                comparison: compare::compare(o.side(), n.side(), &compare::Options::default()),
            }
        }))
    }

    /// The history of the manifest's drafts or, with `all_commits`, of every
    /// commit of HEAD's history that changed the document (the
    /// drafts marked among them); `what` names the command in errors.
    pub fn history(&self, what: &str, all_commits: bool, progress: &Progress) -> Result<History> {
        let m = self.require_manifest(what)?;
        if all_commits {
            return History::of_commits(&self.sources, m, progress);
        }
        let drafts = self.require_drafts(what, 1)?;
        Ok(History::of_versions(
            m,
            drafts.iter().map(|d| Arc::clone(&d.version)).collect(),
        ))
    }

    /// At least `min` drafts, or the error that says the manifest has too few.
    pub fn require_drafts(&self, what: &str, min: usize) -> Result<&[Draft]> {
        let m = self.require_manifest(what)?;
        let count = m.manifest.drafts.len();
        if count < min {
            return Err(Error::NoHistory {
                manifest: m.path.clone(),
                count,
            });
        }
        self.drafts(what)
    }
}

/// A version's own title: its first heading, else its label.
pub fn heading_title(version: &Version) -> String {
    version
        .document
        .sections()
        .iter()
        .find(|s| s.level > 0)
        .map_or_else(|| version.label.clone(), |s| s.heading.clone())
}

fn meta_of(d: &crate::manifest::Draft) -> DraftMeta {
    DraftMeta {
        id: d.id.value.clone(),
        title: d.title.clone(),
        date: d.date.clone(),
        stage: d.stage.clone(),
        approval: d.approval.clone(),
    }
}

/// Where the notes of draft `id` are: `<notes>/<id>.yaml` beside the manifest.
pub fn notes_path(manifest: &LoadedManifest, id: &str) -> Option<PathBuf> {
    let dir = &manifest.manifest.notes.as_ref()?.value;
    Some(manifest.dir().join(dir).join(format!("{id}.yaml")))
}

/// Where the consultation's comments are, when the manifest declares them.
pub fn consultation_path(manifest: &LoadedManifest) -> Option<PathBuf> {
    let file = &manifest.manifest.consultation.as_ref()?.value;
    Some(manifest.dir().join(file))
}

/// Reads a `--templates DIR` folder: every file in it must replace an
/// embedded template (a misspelt name would otherwise be ignored without a
/// word).
pub fn template_overrides(dir: &Path) -> Result<Overrides> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_owned(),
        source,
    })?;
    let mut sources = BTreeMap::new();
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !EMBEDDED.iter().any(|(n, _)| *n == name) {
            let known: Vec<&str> = EMBEDDED.iter().map(|(n, _)| *n).collect();
            return Err(Error::Template {
                name: path.display().to_string(),
                line: 0,
                message: format!(
                    "is not one of cotejo's templates ({}); rename it to the template it replaces",
                    known.join(", ")
                ),
            });
        }
        let bytes = crate::input::read_regular(&path)?;
        sources.insert(name, decode(bytes, || path.display().to_string())?);
    }
    Ok(Overrides {
        dir: Some(dir.to_owned()),
        sources,
    })
}

/// The templates, with those of `dir` (if given) in their place.
pub fn load_templates(dir: Option<&Path>) -> Result<Templates> {
    match dir {
        Some(dir) => {
            crate::verbosity::detail(|| format!("templates from {}", dir.display()));
            Templates::with(&template_overrides(dir)?)
        }
        None => Templates::embedded(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_template_override_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("reporte.html"), "x").unwrap();
        let err = load_templates(Some(dir.path())).err().unwrap().to_string();
        assert!(
            err.contains("reporte.html") && err.contains("report.html"),
            "{err}"
        );
    }
}
