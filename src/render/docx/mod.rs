//! The Word redline (`cotejo report OLD NEW -o cambios.docx`): the new
//! version's text with every change a real tracked change, for reviewers
//! who work in Word or LibreOffice.
//!
//! - Words inserted and deleted are `w:ins` / `w:del`, by the new draft's
//!   stage (the manifest's `stage`; a version outside the manifest, by its
//!   name) on the new draft's date.
//! - Text that moved between sections (the model's moved blocks) and
//!   sections that moved in the document's order are `w:moveFrom` /
//!   `w:moveTo`, their two ends named alike (`w:name="moveN"`).
//! - Headings keep Word's heading styles (`Heading1`…`Heading6`, with their
//!   outline level), so the navigation pane lists the sections; lists,
//!   emphasis, code and footnote labels keep their form; a table is a Word
//!   table whose header row repeats on each page, a row inserted or deleted
//!   is tracked as such, and its cells' words carry their changes (`table`).
//! - The editors' notes are comments on the heading of the section they explain.
//! - Everything cotejo adds (the comparison's line in the running head, the
//!   notes, the properties) stays out of the body: accepting every change
//!   leaves exactly the new version's text, rejecting every change the old one's.
//!
//! Why not a crate such as `docx-rs`: it numbers changes from a counter
//! global to the process (two documents made in one run differ), writes
//! `w:moveFrom` / `w:moveTo` without the named move ranges that pair them,
//! and dates the zip's entries by the clock. The parts are written here as
//! XML (`ooxml`, `package`) and packed with the `zip` crate at a fixed
//! date, so the same comparison gives the same bytes.

mod flow;
mod ooxml;
mod package;
mod slots;
mod table;

use std::collections::BTreeMap;

use flow::{Body, LastMark, Lists, Para, Region, Run, Side, Style, Track};
use ooxml::{Author, Comment, DocumentWriter};
use slots::Slot;

use super::labels::{self, Lang};
use super::view::{NoteView, NotesBySection, notes_by_section};
use super::{Form, Out, Renderer, Subject};
use crate::error::Result;
use crate::model::{Comparison, DiffToken, Op, SectionChange, SectionRef};
use crate::project::{Pair, Project};

/// The Word redline of a comparison: one `.docx` file.
pub struct Docx {
    pub lang: Lang,
}

impl Renderer for Docx {
    fn name(&self) -> &'static str {
        "docx"
    }

    fn form(&self) -> Form {
        Form::Stream
    }

    fn render(&self, project: &Project, subject: Subject<'_>, out: Out<'_>) -> Result<()> {
        let pair = super::pair_of(self.name(), subject)?;
        let bytes = document(project, pair, self.lang)?;
        out.put_whole(self.name(), bytes)
    }
}

/// The `.docx` bytes of `pair`.
pub fn document(project: &Project, pair: &Pair, lang: Lang) -> Result<Vec<u8>> {
    let author = match project.draft_meta(&pair.new.label) {
        Some(meta) => Author {
            name: if meta.stage.trim().is_empty() {
                meta.title.clone()
            } else {
                meta.stage.clone()
            },
            date: Some(format!("{}T00:00:00Z", meta.date)),
        },
        None => Author {
            name: pair.new.label.clone(),
            date: None,
        },
    };
    let notes = notes_by_section(
        &project.transition_notes(&pair.old.label, &pair.new.label)?,
        lang,
    );
    let built = build(pair, &notes, &author, lang);
    let mut writer = DocumentWriter::new(&author, &built.section_moves);
    let paragraphs = &built.paragraphs;
    let mut k = 0;
    while k < paragraphs.len() {
        if !paragraphs[k].style.is_table() {
            writer.paragraph(&paragraphs[k], paragraphs.get(k + 1));
            k += 1;
            continue;
        }
        // A table: its rows up to the next paragraph, or to the next
        // table's header row.
        let end = k
            + 1
            + paragraphs[k + 1..]
                .iter()
                .take_while(|p| p.style == Style::TableRow)
                .count();
        writer.table(&table::rows(&paragraphs[k..end]));
        k = end;
    }
    // Word ends a body with a paragraph, not a table.
    if paragraphs.last().is_some_and(|p| p.style.is_table()) {
        writer.paragraph(
            &Para {
                style: Style::Body,
                runs: Vec::new(),
                mark: Track::None,
                comments: Vec::new(),
            },
            None,
        );
    }
    let document = writer.finish();
    let comments = ooxml::comments_xml(&built.comments);
    let title = project.title_of(&pair.new);
    let name = |label: &str| {
        project
            .draft_meta(label)
            .map_or_else(|| label.to_owned(), |m| m.title)
    };
    let header = format!(
        "{title} — {}",
        labels::transition(lang, &name(&pair.old.label), &name(&pair.new.label))
    );
    let subject = format!(
        "{}: {}",
        labels::label(lang, "report_title"),
        labels::transition(lang, &name(&pair.old.label), &name(&pair.new.label))
    );
    package::zip(&package::Parts {
        document: &document,
        comments: &comments,
        header: &header,
        title: &title,
        subject: &subject,
        language: project.language().unwrap_or(lang.code()),
        ordered: &built.ordered,
    })
}

/// The body and the comments, before they are written.
struct Built {
    paragraphs: Vec<Para>,
    /// The names of the moves of whole sections.
    section_moves: std::collections::BTreeSet<u32>,
    comments: Vec<Comment>,
    ordered: Vec<(u32, u64)>,
}

/// How an entry is shown in one place of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// In its one place: insertions, deletions and moved text marked.
    Normal,
    /// Where a moved section stood: all of it moved away.
    OldPlace(u32),
    /// Where a moved section stands now: all of it moved here, with the
    /// words it gained inserted.
    NewPlace(u32),
}

/// Ordered lists' numberings, one per list of each place.
#[derive(Default)]
struct Numbering {
    place: usize,
    ids: BTreeMap<(usize, bool, usize), u32>,
    ordered: Vec<(u32, u64)>,
}

impl Lists for Numbering {
    fn ordered(&mut self, side: Side, at: usize, start: u64) -> u32 {
        let key = (self.place, side == Side::New, at);
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        // 1 is the bullets'.
        let id = self.ordered.len() as u32 + 2;
        self.ids.insert(key, id);
        self.ordered.push((id, start));
        id
    }
}

/// Names of moves, numbered as they are first met.
#[derive(Default)]
struct Moves {
    names: BTreeMap<(bool, usize, usize), u32>,
    sections: std::collections::BTreeSet<u32>,
}

impl Moves {
    /// A section moved in the document's order (entry `e`).
    fn section(&mut self, e: usize) -> u32 {
        let name = self.name((true, e, 0));
        self.sections.insert(name);
        name
    }

    /// A block that left entry `e` (block `b`) for another section.
    fn block(&mut self, e: usize, b: usize) -> u32 {
        self.name((false, e, b))
    }

    fn name(&mut self, key: (bool, usize, usize)) -> u32 {
        let next = self.names.len() as u32 + 1;
        *self.names.entry(key).or_insert(next)
    }
}

fn build(pair: &Pair, notes: &NotesBySection, author: &Author, lang: Lang) -> Built {
    let cmp = &pair.comparison;
    let mut numbering = Numbering::default();
    let mut moves = Moves::default();
    let mut paragraphs = Vec::new();
    let mut comments = Vec::new();
    for (place, slot) in slots::order(cmp).into_iter().enumerate() {
        numbering.place = place;
        let (e, mode) = match slot {
            Slot::Entry(e) => (e, Mode::Normal),
            Slot::Old(e) => (e, Mode::OldPlace(moves.section(e))),
            Slot::New(e) => (e, Mode::NewPlace(moves.section(e))),
        };
        let entry = &cmp.sections[e];
        let first = paragraphs.len();
        if let Some(heading) = heading(entry, mode) {
            paragraphs.push(heading);
        }
        body(pair, e, mode, &mut numbering, &mut moves, &mut paragraphs);
        if matches!(mode, Mode::OldPlace(_)) {
            continue;
        }
        let key = match (&entry.new, &entry.old) {
            (Some(n), _) => (n.id.to_string(), false),
            (None, Some(o)) => (o.id.to_string(), true),
            (None, None) => continue,
        };
        let Some(anchor) = paragraphs.get_mut(first) else {
            continue;
        };
        for note in notes.get(&key).into_iter().flatten() {
            let id = comments.len() as u32;
            anchor.comments.push(id);
            comments.push(comment(id, note, author, lang));
        }
    }
    paragraphs.retain(|p| !p.runs.is_empty() || !p.comments.is_empty());
    table::settle_marks_before_tables(&mut paragraphs);
    Built {
        paragraphs,
        section_moves: moves.sections,
        comments,
        ordered: numbering.ordered,
    }
}

/// The change a piece of an entry carries in `mode`, and the body it is
/// read from; `None`: not shown in this place. `moved`: the move of text
/// that went to or came from another section.
fn track(op: Op, moved: Option<u32>, mode: Mode) -> Option<(Side, Track)> {
    Some(match (mode, op) {
        (Mode::Normal, Op::Equal) => (Side::New, Track::None),
        (Mode::Normal, Op::Insert) => (Side::New, moved.map_or(Track::Ins, Track::MoveTo)),
        (Mode::Normal, Op::Delete) => (Side::Old, moved.map_or(Track::Del, Track::MoveFrom)),
        (Mode::OldPlace(s), Op::Equal) => (Side::Old, Track::MoveFrom(s)),
        (Mode::OldPlace(s), Op::Delete) => (Side::Old, Track::MoveFrom(moved.unwrap_or(s))),
        (Mode::OldPlace(_), Op::Insert) => return None,
        (Mode::NewPlace(s), Op::Equal) => (Side::New, Track::MoveTo(s)),
        (Mode::NewPlace(_), Op::Insert) => (Side::New, moved.map_or(Track::Ins, Track::MoveTo)),
        (Mode::NewPlace(_), Op::Delete) => return None,
    })
}

/// The heading's paragraph (none for the preamble).
fn heading(entry: &SectionChange, mode: Mode) -> Option<Para> {
    let shown = entry.new.as_ref().or(entry.old.as_ref())?;
    if shown.level == 0 {
        return None;
    }
    let ops = heading_ops(entry.old.as_ref(), entry.new.as_ref());
    let mut runs: Vec<Run> = Vec::new();
    for (op, text) in ops {
        let t = match (mode, track(op, None, mode)) {
            // A new number on a moved section's heading moves with it:
            // LibreOffice (7.4) joins a paragraph that opens with an
            // insertion and whose mark is moved to the paragraph before
            // when it rejects the changes.
            (Mode::NewPlace(s), Some(_)) => Track::MoveTo(s),
            (_, Some((_, t))) => t,
            (_, None) => continue,
        };
        flow::push_run(&mut runs, text, flow::Format::default(), t);
    }
    let mark = match (mode, &entry.old, &entry.new) {
        (Mode::OldPlace(s), ..) => Track::MoveFrom(s),
        (Mode::NewPlace(s), ..) => Track::MoveTo(s),
        (Mode::Normal, None, Some(_)) => Track::Ins,
        (Mode::Normal, Some(_), None) => Track::Del,
        _ => Track::None,
    };
    let level = match mode {
        Mode::OldPlace(_) => entry.old.as_ref().unwrap_or(shown).level,
        _ => shown.level,
    };
    Some(Para {
        style: Style::Heading(level),
        runs,
        mark,
        comments: Vec::new(),
    })
}

/// A heading's change as the model states it: the number and the title
/// apart, each kept, or struck and written anew.
fn heading_ops(old: Option<&SectionRef>, new: Option<&SectionRef>) -> Vec<(Op, String)> {
    let (o, n) = match (old, new) {
        (Some(o), Some(n)) => (o, n),
        (Some(o), None) => return vec![(Op::Delete, o.heading.to_string())],
        (None, Some(n)) => return vec![(Op::Insert, n.heading.to_string())],
        (None, None) => return Vec::new(),
    };
    if o.heading == n.heading {
        return vec![(Op::Equal, n.heading.to_string())];
    }
    let prefix = |r: &SectionRef| r.heading.strip_suffix(&*r.title).map(str::to_owned);
    let suffix = |r: &SectionRef| r.heading.strip_prefix(&*r.title).map(str::to_owned);
    let mut ops = Vec::new();
    let change = |ops: &mut Vec<(Op, String)>, a: String, b: String| {
        if a == b {
            ops.push((Op::Equal, b));
        } else {
            ops.push((Op::Delete, a));
            ops.push((Op::Insert, b));
        }
    };
    match (prefix(o), prefix(n)) {
        // "4.6 Responsables" → "6.7 Responsables": the number alone.
        (Some(po), Some(pn)) if !o.title.is_empty() && !n.title.is_empty() => {
            change(&mut ops, po, pn);
            change(&mut ops, o.title.to_string(), n.title.to_string());
        }
        _ => match (suffix(o), suffix(n)) {
            (Some(so), Some(sn)) if o.title == n.title && !n.title.is_empty() => {
                ops.push((Op::Equal, n.title.to_string()));
                change(&mut ops, so, sn);
            }
            _ => change(&mut ops, o.heading.to_string(), n.heading.to_string()),
        },
    }
    ops.retain(|(_, t)| !t.is_empty());
    ops
}

/// The body's paragraphs of entry `e` in `mode`, appended to `out`.
fn body(
    pair: &Pair,
    e: usize,
    mode: Mode,
    lists: &mut Numbering,
    moves: &mut Moves,
    out: &mut Vec<Para>,
) {
    let cmp = &pair.comparison;
    let entry = &cmp.sections[e];
    let old_text = entry
        .old
        .as_ref()
        .map_or("", |s| pair.old.document.body(s.index));
    let new_text = entry
        .new
        .as_ref()
        .map_or("", |s| pair.new.document.body(s.index));
    let tokens: Vec<DiffToken> = match &entry.diff {
        Some(t) => t.clone(),
        None if entry.new.is_some() => vec![DiffToken::new(Op::Equal, new_text)],
        None => vec![DiffToken::new(Op::Delete, old_text)],
    };
    let old = Body::parse(old_text, Side::Old, lists);
    let new = Body::parse(new_text, Side::New, lists);
    let mut regions = Vec::with_capacity(tokens.len());
    let (mut o, mut n) = (0usize, 0usize);
    for t in &tokens {
        let len = t.text.len();
        let at = match t.op {
            Op::Delete => o,
            _ => n,
        };
        let moved = t
            .moved
            .then(|| moved_name(cmp, e, t.op, at..at + len, moves))
            .flatten();
        if let Some((side, track)) = track(t.op, moved, mode) {
            let range = match side {
                Side::Old => o..o + len,
                Side::New => n..n + len,
            };
            regions.push(Region { side, range, track });
        }
        match t.op {
            Op::Equal => {
                o += len;
                n += len;
            }
            Op::Insert => n += len,
            Op::Delete => o += len,
        }
    }
    let last = match mode {
        Mode::Normal => LastMark::Shared,
        Mode::OldPlace(s) => LastMark::Moved(Track::MoveFrom(s)),
        Mode::NewPlace(s) => LastMark::Moved(Track::MoveTo(s)),
    };
    flow::paragraphs(&old, &new, &regions, last, out);
}

/// The name of the move that carries moved text `range` of entry `e` (old
/// bytes for a deletion, new bytes for an insertion): the move of the block
/// that holds it, named by the block the text left.
fn moved_name(
    cmp: &Comparison,
    e: usize,
    op: Op,
    range: std::ops::Range<usize>,
    moves: &mut Moves,
) -> Option<u32> {
    let blocks = cmp.sections.get(e)?.blocks.as_ref()?;
    let meets = |r: Option<crate::model::ByteRange>| {
        r.is_some_and(|r| r.start < range.end.max(range.start + 1) && range.start < r.end)
    };
    match op {
        Op::Delete => blocks
            .iter()
            .enumerate()
            .find(|(_, b)| b.moved_to.is_some() && meets(b.old))
            .map(|(k, _)| moves.block(e, k)),
        Op::Insert => blocks
            .iter()
            .find(|b| meets(b.new))
            .and_then(|b| b.moved_from)
            .map(|p| moves.block(p.section, p.block)),
        Op::Equal => None,
    }
}

/// An editors' note as a comment: what changed, why, where it came from,
/// the consultation's folios it answers.
fn comment(id: u32, note: &NoteView, author: &Author, lang: Lang) -> Comment {
    let who = labels::label(lang, "notes").to_owned();
    let initials: String = who
        .split_whitespace()
        .filter(|w| w.chars().count() > 3)
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .take(3)
        .collect();
    let mut paragraphs = vec![
        note.change.clone(),
        format!("{}: {}", labels::label(lang, "why"), note.why),
    ];
    let mut source = format!(
        "{}: {} — {}",
        labels::label(lang, "source"),
        note.source_label,
        note.source_name
    );
    if let Some(d) = &note.date {
        source.push_str(&format!(" ({d})"));
    }
    paragraphs.push(source);
    if !note.folios.is_empty() {
        paragraphs.push(format!(
            "{}: {}",
            labels::label(lang, "folios"),
            note.folios.join(", ")
        ));
    }
    Comment {
        id,
        author: who,
        initials,
        date: author.date.clone(),
        paragraphs,
    }
}
