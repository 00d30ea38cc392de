//! The manifest (`policy/pnda.yaml`): the document, its files and its drafts.

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
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
    /// A notice every page of the site shows at its top: that the document is
    /// an illustrative reconstruction, a working copy, not the official text…
    #[serde(default)]
    pub notice: Option<Spanned<String>>,
    /// The licence the document is published under, on every page of the
    /// site: `license: {name: "CC BY 4.0", url: "https://…"}` (the link is
    /// optional).
    #[serde(default)]
    pub license: Option<License>,
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
    /// The record of the text's approval: only on the last draft, the version
    /// the body approved.
    #[serde(default)]
    pub approval: Option<Approval>,
}

/// The record of a version's approval and publication, as the manifest
/// writes it under a draft's `approval` key:
///
/// ```yaml
/// approval:
///   body: "Consejo Nacional del Sistema Nacional de Transparencia"
///   session: "Segunda Sesión Ordinaria de 2023"
///   date: 2023-10-09
///   vote: unanimidad
///   agreement: "CONAIP/SNT/ACUERDO/ORD02-09/10/2023-04"
///   illustrative: [session, agreement]
///   publication:
///     name: "Diario Oficial de la Federación"
///     date: 2023-11-10
///     url: "https://www.dof.gob.mx/"
/// ```
///
/// [`load`] has checked it: the dates are real calendar dates (`YYYY-MM-DD`),
/// the publication is not earlier than the approval nor the approval than its
/// draft, the link is `http(s)`, no field is empty, and only the manifest's
/// last draft carries one. Every value is text from the repository: a
/// renderer escapes it like any other.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// The body that approved the text.
    pub body: Spanned<String>,
    /// The session in which it was approved.
    pub session: Spanned<String>,
    /// The day of the approval, `YYYY-MM-DD`.
    pub date: Spanned<String>,
    /// The vote, as the minutes say it (`unanimidad`).
    pub vote: Spanned<String>,
    /// The identifier of the agreement that approved it.
    pub agreement: Spanned<String>,
    /// Where the approved text was published.
    pub publication: Publication,
    /// The identifiers above that are illustrative (not public, or not
    /// verified): a reader must be told they are not the official ones.
    #[serde(default)]
    pub illustrative: Vec<Illustrative>,
}

impl Approval {
    /// Whether `field` is marked illustrative.
    pub fn is_illustrative(&self, field: Illustrative) -> bool {
        self.illustrative.contains(&field)
    }
}

/// The official publication of an approved text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// The gazette or medium (`Diario Oficial de la Federación`).
    pub name: Spanned<String>,
    /// The day of the publication, `YYYY-MM-DD`.
    pub date: Spanned<String>,
    /// A link to the publication: `http` or `https`.
    pub url: Spanned<String>,
}

/// The licence of the document's text, as the manifest's `license` key
/// writes it:
///
/// ```yaml
/// license:
///   name: "Creative Commons Atribución 4.0 Internacional (CC BY 4.0)"
///   url: "https://creativecommons.org/licenses/by/4.0/deed.es"
/// ```
///
/// [`load`] has checked it: the name is not empty and the link, when given,
/// is `http(s)` with a host.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct License {
    /// The licence's name, as a reader should see it.
    pub name: Spanned<String>,
    /// Where its terms are.
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

/// An identifier of an [`Approval`] that may be marked illustrative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Illustrative {
    /// The session's name or number.
    Session,
    /// The agreement's identifier.
    Agreement,
    /// The publication's link.
    Url,
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

/// The manifest `cotejo init` writes at a repository's root, its files named
/// from there.
pub const ROOT_PATH: &str = "cotejo.yaml";

/// Finds the manifest in `start` or the nearest ancestor that has one:
/// `cotejo.yaml`, else `policy/pnda.yaml`.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .flat_map(|dir| [dir.join(ROOT_PATH), dir.join(DEFAULT_PATH)])
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
    if let Some(notice) = &m.notice
        && notice.value.trim().is_empty()
    {
        return Err(invalid(
            notice.referenced.line(),
            "`notice` is empty: write the notice every page should show, or remove the key".into(),
        ));
    }
    if let Some(license) = &m.license {
        if license.name.value.trim().is_empty() {
            return Err(invalid(
                license.name.referenced.line(),
                "`license.name` is empty: write the licence's name (e.g. \"CC BY 4.0\"), or \
                 remove the `license` key"
                    .into(),
            ));
        }
        if let Some(url) = &license.url
            && !is_web_link(&url.value)
        {
            return Err(invalid(
                url.referenced.line(),
                format!(
                    "`license.url: {}` is not a web link: write the address of the licence's \
                     terms, starting with https:// (or remove `url`)",
                    url.value
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
    check_approvals(m).map_err(|(line, message)| invalid(line, message))
}

/// The approval record: on one draft only, the last, and well formed.
fn check_approvals(m: &Manifest) -> std::result::Result<(), (u64, String)> {
    let mut approved = m
        .drafts
        .iter()
        .enumerate()
        .filter_map(|(k, d)| Some((k, d, d.approval.as_ref()?)));
    let Some((k, draft, approval)) = approved.next() else {
        return Ok(());
    };
    let id = &draft.id.value;
    if let Some((_, other, second)) = approved.next() {
        return Err((
            second.date.referenced.line(),
            format!(
                "draft `{}` has an `approval` but draft `{id}` already has one (line {}): \
                 only the version the body approved carries the record; remove one",
                other.id.value,
                approval.date.referenced.line()
            ),
        ));
    }
    if let Some(later) = m.drafts.get(k + 1) {
        return Err((
            approval.date.referenced.line(),
            format!(
                "draft `{id}` has an `approval` but draft `{}` comes after it: the approved \
                 text is the last version, so move `approval` to the last draft (or remove the \
                 drafts after the approved one)",
                later.id.value
            ),
        ));
    }
    let p = &approval.publication;
    let texts = [
        ("body", &approval.body),
        ("session", &approval.session),
        ("vote", &approval.vote),
        ("agreement", &approval.agreement),
        ("publication.name", &p.name),
    ];
    for (key, value) in texts {
        if value.value.trim().is_empty() {
            return Err((
                value.referenced.line(),
                format!("`approval.{key}` of draft `{id}` is empty: write it, or remove the key"),
            ));
        }
    }
    for (key, date) in [("date", &approval.date), ("publication.date", &p.date)] {
        if !is_date(&date.value) {
            return Err((
                date.referenced.line(),
                format!(
                    "`approval.{key}: {}` of draft `{id}` is not a date: write it as YYYY-MM-DD \
                     (e.g. 2023-10-09)",
                    date.value
                ),
            ));
        }
    }
    if p.date.value < approval.date.value {
        return Err((
            p.date.referenced.line(),
            format!(
                "draft `{id}` is published on {} before it was approved on {}: check both dates",
                p.date.value, approval.date.value
            ),
        ));
    }
    if is_date(&draft.date) && approval.date.value < draft.date {
        return Err((
            approval.date.referenced.line(),
            format!(
                "draft `{id}` is approved on {} before its own date, {}: check both dates",
                approval.date.value, draft.date
            ),
        ));
    }
    if !is_web_link(&p.url.value) {
        return Err((
            p.url.referenced.line(),
            format!(
                "`approval.publication.url` of draft `{id}` must be an http or https link \
                 (https://…), without spaces: `{}` is not",
                p.url.value
            ),
        ));
    }
    Ok(())
}

/// Whether `text` is a calendar date written `YYYY-MM-DD`.
pub(crate) fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) {
        return false;
    }
    if !digits(8..10) {
        return false;
    }
    let number = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Whether `url` is an absolute `http(s)` link with a host: the only links an
/// approval record may carry into a page.
pub(crate) fn is_web_link(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty()
            && !url
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '`'))
    })
}

fn is_plain_relative(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty()
        && p.components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

#[cfg(test)]
mod tests {
    use super::{is_date, is_web_link};

    #[test]
    fn dates_are_calendar_dates() {
        assert!(is_date("2023-10-09"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2023-13-01"));
        assert!(!is_date("2023-04-31"));
        assert!(!is_date("9 oct 2023"));
        assert!(!is_date("2023-1-09"));
    }

    #[test]
    fn links_are_http_or_https_with_a_host() {
        assert!(is_web_link("https://www.dof.gob.mx/"));
        assert!(is_web_link("http://dof.gob.mx/nota_detalle.php?codigo=1"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("https://"));
        assert!(!is_web_link("https:///ruta"));
        assert!(!is_web_link("www.dof.gob.mx"));
        assert!(!is_web_link("https://dof.gob.mx/a b"));
    }
}
