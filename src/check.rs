//! `cotejo check`: every note and every public comment must name a real section
//! of the draft it speaks of, and must point at a real change.

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
    pub problems: Vec<Problem>,
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

/// Runs every check; `Err` only for input that cannot be read at all.
pub fn check(project: &Project) -> Result<Checked> {
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
    for (k, id) in ids.iter().enumerate().skip(1) {
        let Some(path) = notes_path(manifest, id) else {
            break;
        };
        if !path.exists() {
            continue;
        }
        let file: NotesFile = project.read_yaml(&path)?;
        out.note_files += 1;
        out.notes += file.notes.len();
        check_notes(
            &path,
            &file,
            id,
            &ids[k - 1],
            &folios,
            &mut drafts,
            &mut out.problems,
        );
    }
    if let Some((file, path)) = &consultation {
        out.comments = file.comments.len();
        check_comments(path, file, &mut drafts, &mut out.problems);
    }
    Ok(out)
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
                .find(|e| e.old.as_ref().is_some_and(|o| o.id == *id));
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
                .find(|e| e.new.as_ref().is_some_and(|n| n.id == *id));
            match entry {
                None => problems.push(problem(
                    path,
                    line,
                    format!("section `{id}` does not exist in {draft}{}", hint_removed(drafts, previous, id)),
                )),
                Some(e) if !e.is_change() && e.old.as_ref().is_some_and(|o| o.id == *id) => problems.push(problem(
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
            .find(|e| e.old.as_ref().is_some_and(|o| o.id == *id));
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
                    "{folio} is {:?} but section `{id}` did not change between {draft} and {result}",
                    comment.outcome
                ),
            )),
            Some(_) => {}
        }
    }
}
