//! The manifest (`policy/pnda.yaml`): the document, its files and its drafts.

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::{Error, Result};

/// Where the manifest is looked for, from the current folder upwards.
pub const DEFAULT_PATH: &str = "policy/pnda.yaml";

/// The manifest as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The document's title.
    pub title: String,
    /// Language of the document (BCP 47, e.g. `es`).
    #[serde(default)]
    pub language: Option<String>,
    /// The Markdown files that make up the document, in order, relative to the
    /// manifest's folder. Concatenated, they are the document.
    pub files: Vec<Spanned<String>>,
    /// Folder of the editors' notes (`notas/borrador-N.yaml`), relative to the manifest.
    #[serde(default)]
    pub notes: Option<Spanned<String>>,
    /// File of the public consultation's comments, relative to the manifest.
    #[serde(default)]
    pub consultation: Option<Spanned<String>>,
    /// The drafts, oldest first.
    pub drafts: Vec<Draft>,
}

/// One declared draft.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub id: Spanned<String>,
    pub title: String,
    pub date: String,
    pub stage: String,
    /// A full commit id (preferred: tags do not survive every clone), tag or branch.
    #[serde(rename = "ref")]
    pub reference: Spanned<String>,
    /// Files of this draft when they differ from the manifest's `files`.
    #[serde(default)]
    pub files: Option<Vec<Spanned<String>>>,
}

impl Draft {
    /// The files that make up this draft.
    pub fn files<'a>(&'a self, manifest: &'a Manifest) -> impl Iterator<Item = &'a str> {
        self.files
            .as_ref()
            .unwrap_or(&manifest.files)
            .iter()
            .map(|f| f.value.as_str())
    }
}

/// A manifest read from disk, with where it lives.
#[derive(Debug, Clone)]
pub struct LoadedManifest {
    pub path: PathBuf,
    pub manifest: Manifest,
}

impl LoadedManifest {
    /// The folder the manifest's paths are relative to.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    pub fn draft(&self, id: &str) -> Option<&Draft> {
        self.manifest.drafts.iter().find(|d| d.id.value == id)
    }

    /// The draft ids, for error messages.
    /// The drafts' ids, in the manifest's order.
    pub fn draft_ids(&self) -> Vec<&str> {
        self.manifest
            .drafts
            .iter()
            .map(|d| d.id.value.as_str())
            .collect()
    }

    pub fn draft_list(&self) -> String {
        format!(
            "Drafts in {}: {}.\n",
            self.path.display(),
            self.draft_ids().join(", ")
        )
    }
}

/// Finds `policy/pnda.yaml` in `start` or the nearest ancestor that has one.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(DEFAULT_PATH))
        .find(|p| p.is_file())
}

/// Reads and checks a manifest.
pub fn load(path: &Path) -> Result<LoadedManifest> {
    from_bytes(path, crate::input::read_regular(path)?)
}

/// Checks a manifest given as the bytes of the file at `path` (which is not
/// read: `path` only names it in errors and is what `LoadedManifest::dir`
/// resolves against). `load` without the disk, for the fuzz targets.
pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<LoadedManifest> {
    let text = crate::input::decode(bytes, || path.display().to_string())?;
    let manifest: Manifest = crate::yaml::parse(&text).map_err(|p| Error::ManifestSyntax {
        path: path.to_owned(),
        line: p.line,
        column: p.column,
        message: p.message,
    })?;
    let loaded = LoadedManifest {
        path: path.to_owned(),
        manifest,
    };
    check(&loaded)?;
    Ok(loaded)
}

fn check(loaded: &LoadedManifest) -> Result<()> {
    let m = &loaded.manifest;
    let invalid = |line: u64, message: String| Error::ManifestInvalid {
        path: loaded.path.clone(),
        line,
        message,
    };
    if m.files.is_empty() {
        return Err(invalid(
            1,
            "`files` is empty: list the document's Markdown files, in order".into(),
        ));
    }
    if m.drafts.is_empty() {
        return Err(invalid(
            1,
            "`drafts` is empty: declare at least one draft".into(),
        ));
    }
    let all_files = m
        .files
        .iter()
        .chain(m.drafts.iter().flat_map(|d| d.files.iter().flatten()));
    for f in all_files {
        if !is_plain_relative(&f.value) {
            return Err(invalid(
                f.referenced.line(),
                format!(
                    "file `{}` must be a relative path inside the manifest's folder (no `..`, not absolute)",
                    f.value
                ),
            ));
        }
    }
    let folders = [("notes", &m.notes), ("consultation", &m.consultation)];
    for (key, value) in folders {
        if let Some(v) = value
            && !is_plain_relative(&v.value)
        {
            return Err(invalid(
                v.referenced.line(),
                format!(
                    "`{key}: {}` must be a relative path inside the manifest's folder (no `..`, \
                     not absolute), as `files` are",
                    v.value
                ),
            ));
        }
    }
    for (k, d) in m.drafts.iter().enumerate() {
        let id = &d.id.value;
        if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c == ':') || id == "WORKTREE" {
            return Err(invalid(
                d.id.referenced.line(),
                format!("draft id `{id}` must be a single word without `:` (and not WORKTREE)"),
            ));
        }
        if let Some(first) = m.drafts[..k].iter().find(|e| e.id.value == *id) {
            return Err(invalid(
                d.id.referenced.line(),
                format!(
                    "draft id `{id}` is declared twice (first at line {}); give each draft its own id",
                    first.id.referenced.line()
                ),
            ));
        }
        if d.reference.value.trim().is_empty() {
            return Err(invalid(
                d.reference.referenced.line(),
                format!("draft `{id}` has an empty `ref`: give the commit id of the draft"),
            ));
        }
    }
    Ok(())
}

fn is_plain_relative(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty()
        && p.components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}
