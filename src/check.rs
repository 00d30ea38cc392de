//! `cotejo check`: every note and every public comment must name a real section
//! of the draft it speaks of, and must point at a real change. With
//! `--strict` ([`check_strict`]), the trace must also be complete: every
//! section that changed between two consecutive drafts has a note, and every
//! comment taken up (`procedente`, `parcialmente-procedente`) is answered by a
//! note that names its folio.
//!
//! What "changed" means for the trace: a section added, removed, moved, renamed
//! or with any difference in its body, formatting included (a word put in bold
//! or a list re-wrapped is visible to a reader, who may ask why). A section
//! whose only news is a new number is not a change of its own: the insertion,
//! removal or move that renumbered it carries the note.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::compare;
use crate::error::{Error, Result};
use crate::model::{ChangeKind, Comparison};
use crate::notes::{ConsultationFile, NotesFile, Problem, SourceKind};
use crate::project::{Project, notes_path};
use crate::version::Version;

/// What was checked, for the closing line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Checked {
    pub drafts: usize,
    pub note_files: usize,
    pub notes: usize,
    pub comments: usize,
    /// Notes or comments that point at nothing real.
    pub problems: Vec<Problem>,
    /// What the trace lacks (found only by [`check_strict`]): changes with no
    /// note, comments taken up that no note answers.
    pub gaps: Vec<Problem>,
}

/// The project's drafts by id, and their comparisons, computed once.
pub struct Drafts<'p> {
    versions: HashMap<&'p str, &'p Version>,
    comparisons: HashMap<(String, String), Comparison>,
}

impl<'p> Drafts<'p> {
    pub fn of(project: &'p Project) -> Result<Drafts<'p>> {
        let versions = project
            .drafts("check")?
            .iter()
            .map(|d| (d.meta.id.as_str(), &*d.version))
            .collect();
        Ok(Drafts {
            versions,
            comparisons: HashMap::new(),
        })
    }

    pub fn version(&self, id: &str) -> Option<&Version> {
        self.versions.get(id).copied()
    }

    /// The comparison of two drafts (both must exist).
    pub fn compare(&mut self, old: &str, new: &str) -> &Comparison {
        let key = (old.to_owned(), new.to_owned());
        if !self.comparisons.contains_key(&key) {
            let (o, n) = (self.versions[old], self.versions[new]);
            let cmp = compare::compare(o.side(), n.side(), &compare::Options::default());
            self.comparisons.insert(key.clone(), cmp);
        }
        &self.comparisons[&key]
    }

    fn has_section(&self, draft: &str, id: &str) -> bool {
        self.versions
            .get(draft)
            .is_some_and(|v| v.document.find_id(id).is_some())
    }
}

/// Runs every check of the notes and comments; `Err` only for input that
/// cannot be read at all.
pub fn check(project: &Project) -> Result<Checked> {
    run(project, false)
}

/// [`check`], and the completeness of the trace: each gap in [`Checked::gaps`].
pub fn check_strict(project: &Project) -> Result<Checked> {
    run(project, true)
}

fn run(project: &Project, strict: bool) -> Result<Checked> {
    let manifest = project.require_manifest("check")?;
    let mut drafts = Drafts::of(project)?;
    let mut out = Checked {
        drafts: manifest.manifest.drafts.len(),
        ..Checked::default()
    };
    let consultation = match project.read_consultation(manifest) {
        Err(Error::ConsultationMissing {
            path,
            manifest,
            line,
        }) => {
            out.problems.push(Problem {
                path: manifest,
                line,
                message: format!("the consultation file {} does not exist", path.display()),
            });
            None
        }
        other => other?,
    };
    // A draft may have no notes file (the first never has), but a declared
    // folder that is missing is a typo that would silence every note.
    if let Some(dir) = &manifest.manifest.notes {
        let path = manifest.dir().join(&dir.value);
        if !path.is_dir() {
            out.problems.push(Problem {
                path: manifest.path.clone(),
                line: dir.referenced.line(),
                message: format!(
                    "the notes folder {} does not exist: create it (a file `<draft id>.yaml` \
                     per draft) or correct `notes:`",
                    path.display()
                ),
            });
        }
    }
    let folios: HashSet<String> = consultation
        .iter()
        .flat_map(|(c, _)| c.comments.iter().map(|k| k.folio.value.clone()))
        .collect();
    let ids: Vec<String> = manifest
        .manifest
        .drafts
        .iter()
        .map(|d| d.id.value.clone())
        .collect();
    // The folios each draft's notes answer, for the strict check of comments.
    let mut answered: HashMap<String, HashSet<String>> = HashMap::new();
    for (k, id) in ids.iter().enumerate().skip(1) {
        let path = notes_path(manifest, id);
        let file: Option<NotesFile> = match &path {
            Some(p) if p.exists() => Some(project.read_yaml(p)?),
            _ => None,
        };
        if let (Some(path), Some(file)) = (&path, &file) {
            out.note_files += 1;
            out.notes += file.notes.len();
            check_notes(
                path,
                file,
                id,
                &ids[k - 1],
                &folios,
                &mut drafts,
                &mut out.problems,
            );
            answered.entry(id.clone()).or_default().extend(
                file.notes
                    .iter()
                    .flat_map(|n| n.source.folios.iter().map(|f| f.value.clone())),
            );
        }
        if strict {
            let notes = file.as_ref().map_or(&[][..], |f| &f.notes[..]);
            let place = NotesPlace {
                path: path.as_deref(),
                draft: id,
                previous: &ids[k - 1],
            };
            unexplained_changes(&place, notes, &mut drafts, &mut out.gaps);
        }
    }
    if let Some((file, path)) = &consultation {
        out.comments = file.comments.len();
        check_comments(path, file, &mut drafts, &mut out.problems);
        if strict {
            let none = HashSet::new();
            let result = &file.consultation.result.value;
            let folios = answered.get(result).unwrap_or(&none);
            unanswered_comments(
                path,
                file,
                folios,
                notes_path(manifest, result),
                &mut out.gaps,
            );
        }
    }
    Ok(out)
}

/// The notes file of one transition, for the messages of its gaps.
struct NotesPlace<'a> {
    /// `None` when the manifest declares no notes folder.
    path: Option<&'a Path>,
    draft: &'a str,
    previous: &'a str,
}

impl NotesPlace<'_> {
    fn fix(&self) -> String {
        match self.path {
            Some(p) => format!("add a note for it to {}", p.display()),
            None => format!(
                "declare `notes:` in the manifest and add a note for it to <notes>/{}.yaml",
                self.draft
            ),
        }
    }
}

/// Each section changed between `previous` and `draft` that no note names.
fn unexplained_changes(
    place: &NotesPlace,
    notes: &[crate::notes::Note],
    drafts: &mut Drafts,
    gaps: &mut Vec<Problem>,
) {
    let noted = |removed: bool, id: &str| {
        notes
            .iter()
            .any(|n| n.removed == removed && n.section.value == id)
    };
    let (draft, previous) = (place.draft, place.previous);
    let unexplained: Vec<(crate::model::SectionRef, bool)> = drafts
        .compare(previous, draft)
        .sections
        .iter()
        .filter(|e| e.needs_note())
        .filter_map(|e| match (&e.new, &e.old) {
            (Some(new), _) => Some((new.clone(), false)),
            (None, Some(old)) => Some((old.clone(), true)),
            (None, None) => None,
        })
        .filter(|(side, removed)| !noted(*removed, &side.id))
        .collect();
    for (side, removed) in unexplained {
        let version = if removed { previous } else { draft };
        let Some(v) = drafts.version(version) else {
            continue;
        };
        let (file, line) = locate(v, side.index);
        let what = if removed {
            format!("was removed in {draft}")
        } else {
            format!("changed between {previous} and {draft}")
        };
        gaps.push(Problem {
            path: file.into(),
            line,
            message: format!(
                "section {} (`{}`) {what} and no note explains it: {}{}",
                quoted_heading(&side),
                side.id,
                place.fix(),
                if removed { " with `removed: true`" } else { "" }
            ),
        });
    }
}

/// A section's heading as the reader sees it: `3.1 «Solución planteada»`.
fn quoted_heading(side: &crate::model::SectionRef) -> String {
    match &side.number {
        Some(n) if !side.title.is_empty() => format!("{n} «{}»", side.title),
        _ => format!("«{}»", side.heading),
    }
}

/// The file and line (1-based, in that file) where section `index` of `v` starts.
fn locate(v: &Version, index: usize) -> (String, u64) {
    let section = &v.document.sections()[index];
    let start = section.range.start;
    let text = v.document.text();
    let part = v
        .parts
        .iter()
        .rev()
        .find(|p| p.start <= start)
        .or(v.parts.first());
    let (name, from) = part.map_or((v.label.as_str(), 0), |p| (p.path.as_str(), p.start));
    // Lines count `\n`, as git and editors do.
    let line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[from..start]).count();
    (format!("{}:{name}", v.label), line as u64)
}

/// Each comment taken up (`procedente`, `parcialmente-procedente`) whose folio
/// no note of the consultation's result names.
fn unanswered_comments(
    path: &Path,
    file: &ConsultationFile,
    answered: &HashSet<String>,
    notes: Option<std::path::PathBuf>,
    gaps: &mut Vec<Problem>,
) {
    let result = &file.consultation.result.value;
    let notes = notes.map_or_else(
        || format!("<notes>/{result}.yaml"),
        |p| p.display().to_string(),
    );
    for comment in &file.comments {
        let folio = &comment.folio.value;
        if !comment.outcome.accepted() || answered.contains(folio) {
            continue;
        }
        gaps.push(Problem {
            path: path.to_owned(),
            line: comment.folio.referenced.line(),
            message: format!(
                "{folio} is {} but no note names the change that answers it: add `{folio}` to \
                 the `folios` of the note in {notes} for the change it led to (section `{}`), \
                 or mark it `no-procedente`",
                comment.outcome.name(),
                comment.section.value
            ),
        });
    }
}

fn problem(path: &Path, line: u64, message: String) -> Problem {
    Problem {
        path: path.to_owned(),
        line,
        message,
    }
}

fn check_notes(
    path: &Path,
    file: &NotesFile,
    draft: &str,
    previous: &str,
    folios: &HashSet<String>,
    drafts: &mut Drafts,
    problems: &mut Vec<Problem>,
) {
    if file.draft.value != draft {
        problems.push(problem(
            path,
            file.draft.referenced.line(),
            format!(
                "`draft: {}` but this is the notes file of `{draft}`",
                file.draft.value
            ),
        ));
        return;
    }
    if file.previous.value != previous {
        problems.push(problem(
            path,
            file.previous.referenced.line(),
            format!(
                "`previous: {}` but the draft before `{draft}` in the manifest is `{previous}`",
                file.previous.value
            ),
        ));
        return;
    }
    for note in &file.notes {
        let id = &note.section.value;
        let line = note.section.referenced.line();
        let cmp = drafts.compare(previous, draft);
        if note.removed {
            let entry = cmp
                .sections
                .iter()
                .find(|e| e.old.as_ref().is_some_and(|o| *o.id == **id));
            match entry {
                None => problems.push(problem(
                    path,
                    line,
                    format!("section `{id}` (removed) does not exist in {previous}"),
                )),
                Some(e) if e.change != ChangeKind::Removed => problems.push(problem(
                    path,
                    line,
                    format!("section `{id}` is marked removed but it is still in {draft}"),
                )),
                Some(_) => {}
            }
        } else {
            let entry = cmp
                .sections
                .iter()
                .find(|e| e.new.as_ref().is_some_and(|n| *n.id == **id));
            match entry {
                None => problems.push(problem(
                    path,
                    line,
                    format!("section `{id}` does not exist in {draft}{}", hint_removed(drafts, previous, id)),
                )),
                Some(e) if !e.is_change() && e.old.as_ref().is_some_and(|o| *o.id == **id) => problems.push(problem(
                    path,
                    line,
                    format!("section `{id}` did not change between {previous} and {draft}: the note explains nothing"),
                )),
                Some(_) => {}
            }
        }
        if !note.source.folios.is_empty() && note.source.kind != SourceKind::ConsultaPublica {
            problems.push(problem(
                path,
                line,
                "folios are given but the source kind is not consulta-publica".to_owned(),
            ));
        }
        for folio in &note.source.folios {
            if !folios.contains(&folio.value) {
                problems.push(problem(
                    path,
                    folio.referenced.line(),
                    format!(
                        "folio `{}` is not in the consultation's comments",
                        folio.value
                    ),
                ));
            }
        }
    }
}

fn hint_removed(drafts: &Drafts, previous: &str, id: &str) -> String {
    if drafts.has_section(previous, id) {
        format!(" (it is in {previous}: if it was removed, say `removed: true`)")
    } else {
        String::new()
    }
}

fn check_comments(
    path: &Path,
    file: &ConsultationFile,
    drafts: &mut Drafts,
    problems: &mut Vec<Problem>,
) {
    let c = &file.consultation;
    let (draft, result) = (&c.draft.value, &c.result.value);
    for (field, value) in [(&c.draft, draft), (&c.result, result)] {
        if drafts.version(value).is_none() {
            problems.push(problem(
                path,
                field.referenced.line(),
                format!("draft `{value}` is not in the manifest"),
            ));
        }
    }
    if drafts.version(draft).is_none() || drafts.version(result).is_none() {
        return;
    }
    let mut seen: HashMap<&str, u64> = HashMap::new();
    for comment in &file.comments {
        let folio = &comment.folio.value;
        let line = comment.folio.referenced.line();
        if let Some(first) = seen.insert(folio, line) {
            problems.push(problem(
                path,
                line,
                format!("folio `{folio}` is used twice (first at line {first})"),
            ));
        }
        let date = &comment.date.value;
        if date.as_str() < c.opened.as_str() || date.as_str() > c.closed.as_str() {
            problems.push(problem(
                path,
                comment.date.referenced.line(),
                format!(
                    "{folio}: date {date} is outside the consultation ({} to {})",
                    c.opened, c.closed
                ),
            ));
        }
        let id = &comment.section.value;
        let cmp = drafts.compare(draft, result);
        let entry = cmp
            .sections
            .iter()
            .find(|e| e.old.as_ref().is_some_and(|o| *o.id == **id));
        match entry {
            None => problems.push(problem(
                path,
                comment.section.referenced.line(),
                format!("{folio}: section `{id}` does not exist in {draft}, the draft consulted"),
            )),
            Some(e) if comment.outcome.accepted() && !e.is_change() => problems.push(problem(
                path,
                comment.section.referenced.line(),
                format!(
                    "{folio} is {} but section `{id}` did not change between {draft} and {result}",
                    comment.outcome.name()
                ),
            )),
            Some(_) => {}
        }
    }
}
