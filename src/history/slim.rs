//! A step's comparison as a history keeps it: without the names of its
//! sections, which the history's outlines hold already.
//!
//! Each entry of a comparison names its section on both sides (a
//! [`SectionRef`]: id, heading, title, number, its parent's title and the
//! headings of its ancestors, as owned strings). Over a thousand commits
//! those names were most of what the steps held (a step that renumbers a
//! chapter has an entry for each of its articles), and each of them is in
//! the point's [`Outline`], which the history keeps anyway (shared with every
//! point that has the section alike): the section's [`Head`] and those of
//! the sections that enclose it. So a history stores its steps' comparisons
//! with those fields empty ([`strip`]) and puts them back from the outlines
//! when a page or command reads an entry ([`fill`]). Only the index, the
//! level and the line of a reference stay.
//!
//! Nor does it keep a [`SectionChange`] per entry: that struct is sized for
//! both references whole (~430 bytes), most of it the empty names. An
//! [`Entry`] holds the kind, flags, similarity, word diff and blocks, and
//! of each side three numbers (~100 bytes); a reference whose names could
//! not be checked against the document stays whole, boxed.

use crate::document::Document;
use crate::model::{
    BlockChange, ChangeKind, Comparison, DiffToken, Flag, Op, SectionChange, SectionRef,
};

use super::bytes::{Corrupt, Reader, Writer, index_in};
use super::heads::Head;
use super::outline::Outline;
use super::step_head::StepHead;

/// Every [`Op`], in the order a record numbers them.
const OPS: [Op; 3] = [Op::Equal, Op::Insert, Op::Delete];

/// A step's comparison as a history keeps it.
#[derive(Debug)]
pub(super) struct Step {
    /// The comparison's schema, versions and summary, without entries.
    head: StepHead,
    entries: Box<[Entry]>,
}

/// An entry of a step's comparison, without its sections' names.
#[derive(Debug)]
pub(super) struct Entry {
    change: ChangeKind,
    flags: Box<[Flag]>,
    old: Option<Side>,
    new: Option<Side>,
    similarity: f64,
    diff: Option<Diff>,
    blocks: Option<Box<[BlockChange]>>,
}

/// An entry's word diff. The equal and deleted tokens, in order, are the old
/// body; the equal and inserted ones the new body: both bodies are in the
/// points' outlines, so a token is its operation and its length.
#[derive(Debug)]
enum Diff {
    /// Each token as a [`Piece`], its text cut from the bodies.
    Pieces(Box<[Piece]>),
    /// The tokens whole, where they are not cut from the bodies.
    Whole(Box<[DiffToken]>),
}

/// A word-diff token without its text: 8 bytes, where a [`DiffToken`] is 32
/// and an allocation of its text.
#[derive(Debug, Clone, Copy)]
struct Piece {
    len: u32,
    op: Op,
    moved: bool,
}

impl Diff {
    /// `tokens` as pieces of `old` and `new` (the bodies they are a diff of)
    /// when they are cut from them, else kept whole.
    fn of(tokens: Vec<DiffToken>, old: &str, new: &str) -> Diff {
        match pieces(&tokens, old, new) {
            Some(pieces) => Diff::Pieces(pieces),
            None => Diff::Whole(tokens.into_boxed_slice()),
        }
    }

    /// The operation and length of each token, in order.
    fn ops(&self) -> Box<dyn Iterator<Item = (Op, usize)> + '_> {
        match self {
            Diff::Pieces(p) => Box::new(p.iter().map(|p| (p.op, p.len as usize))),
            Diff::Whole(t) => Box::new(t.iter().map(|t| (t.op, t.text.len()))),
        }
    }

    /// The tokens, their text cut from the bodies `old` and `new`.
    fn tokens(&self, old: &str, new: &str) -> Vec<DiffToken> {
        let pieces = match self {
            Diff::Whole(t) => return t.to_vec(),
            Diff::Pieces(p) => p,
        };
        let (mut o, mut n) = (0, 0);
        pieces
            .iter()
            .map(|p| {
                let len = p.len as usize;
                let text = match p.op {
                    Op::Equal => {
                        n += len;
                        o += len;
                        &old[o - len..o]
                    }
                    Op::Delete => {
                        o += len;
                        &old[o - len..o]
                    }
                    Op::Insert => {
                        n += len;
                        &new[n - len..n]
                    }
                };
                DiffToken {
                    op: p.op,
                    text: text.to_owned(),
                    moved: p.moved,
                }
            })
            .collect()
    }

    /// Bytes it holds: the tokens, and the text of those kept whole.
    fn bytes(&self) -> usize {
        match self {
            Diff::Pieces(p) => std::mem::size_of_val(&**p),
            Diff::Whole(t) => {
                std::mem::size_of_val(&**t) + t.iter().map(|t| t.text.len()).sum::<usize>()
            }
        }
    }
}

/// `tokens` as pieces, when the equal and deleted ones are, in order, the
/// whole of `old` and the equal and inserted ones the whole of `new`.
fn pieces(tokens: &[DiffToken], old: &str, new: &str) -> Option<Box<[Piece]>> {
    let (mut o, mut n) = (0, 0);
    let mut out = Vec::with_capacity(tokens.len());
    for t in tokens {
        let text = t.text.as_str();
        let len = text.len();
        let cut = |body: &str, at: usize| body.get(at..at + len) == Some(text);
        let fits = match t.op {
            Op::Equal => cut(old, o) && cut(new, n),
            Op::Delete => cut(old, o),
            Op::Insert => cut(new, n),
        };
        if !fits {
            return None;
        }
        if t.op != Op::Insert {
            o += len;
        }
        if t.op != Op::Delete {
            n += len;
        }
        out.push(Piece {
            len: u32::try_from(len).ok()?,
            op: t.op,
            moved: t.moved,
        });
    }
    (o == old.len() && n == new.len()).then(|| out.into_boxed_slice())
}

/// One side's section of an entry.
#[derive(Debug)]
enum Side {
    /// A section the point's outline names, at its index there.
    Named { index: u32, line: u32, level: u8 },
    /// A section whose names are not the outline's, kept whole.
    Whole(Box<SectionRef>),
}

impl Side {
    fn index(&self) -> usize {
        match self {
            Side::Named { index, .. } => *index as usize,
            Side::Whole(r) => r.index,
        }
    }
}

impl Step {
    /// `cmp` without the names of the sections it refers to, each once
    /// checked to be those of `old`'s and `new`'s sections at the same index
    /// (what a point's outline gives back); a reference that is not keeps its
    /// names.
    pub(super) fn strip<'a>(mut cmp: Comparison, old: &'a Document, new: &'a Document) -> Step {
        let entries = std::mem::take(&mut cmp.sections)
            .into_iter()
            .map(|e| {
                // A side's body ("" for no section), as the outline will
                // give it back; `None` where it cannot.
                let body = |r: &Option<SectionRef>, doc: &'a Document| match r {
                    None => Some(""),
                    Some(r) => (r.index < doc.sections().len()).then(|| doc.body(r.index)),
                };
                let diff = e
                    .diff
                    .map(|d| match (body(&e.old, old), body(&e.new, new)) {
                        (Some(o), Some(n)) => Diff::of(d, o, n),
                        _ => Diff::Whole(d.into_boxed_slice()),
                    });
                Entry {
                    change: e.change,
                    flags: e.flags.into_boxed_slice(),
                    diff,
                    old: e.old.map(|r| side(r, old)),
                    new: e.new.map(|r| side(r, new)),
                    similarity: e.similarity,
                    blocks: e.blocks.map(Vec::into_boxed_slice),
                }
            })
            .collect();
        Step {
            head: StepHead::of(&cmp),
            entries,
        }
    }

    /// The two texts compared ([`StepHead::texts`]).
    pub(super) fn texts(&self) -> [[u8; 32]; 2] {
        self.head.texts()
    }

    /// Bytes of the step's own record, beside its entries: the versions'
    /// labels, commits and hashes, and the summary.
    pub(super) fn head_bytes(&self) -> usize {
        self.head.bytes()
    }

    /// The entries, in the comparison's order.
    pub(super) fn entries(&self) -> &[Entry] {
        &self.entries
    }
}

/// What a history keeps in memory of an entry whose step is in its
/// temporary file: what following the lineages and counting their changes
/// read, for every step (12 bytes, where an [`Entry`] is ~100 and its
/// diff and blocks).
#[derive(Debug, Clone, Copy)]
pub(super) struct Brief {
    /// `u32::MAX`: none.
    old: u32,
    new: u32,
    change: bool,
    /// Added, removed, moved, renamed or renumbered: a change that can
    /// change other sections' ids (`find`).
    outline: bool,
}

impl Brief {
    const NONE: u32 = u32::MAX;

    fn of(e: &Entry) -> Brief {
        let index = |s: &Option<Side>| {
            s.as_ref().map_or(Brief::NONE, |s| {
                u32::try_from(s.index())
                    .ok()
                    .filter(|&i| i != Brief::NONE)
                    .expect("fewer than 2³² - 1 sections")
            })
        };
        Brief {
            old: index(&e.old),
            new: index(&e.new),
            change: e.is_change(),
            outline: e.old.is_none()
                || e.new.is_none()
                || e.flags
                    .iter()
                    .any(|f| matches!(f, Flag::Moved | Flag::Renamed | Flag::Renumbered)),
        }
    }

    pub(super) fn old_index(&self) -> Option<usize> {
        (self.old != Brief::NONE).then_some(self.old as usize)
    }

    pub(super) fn new_index(&self) -> Option<usize> {
        (self.new != Brief::NONE).then_some(self.new as usize)
    }

    pub(super) fn is_change(&self) -> bool {
        self.change
    }

    /// Whether the entry is added, removed, moved, renamed or renumbered.
    pub(super) fn changes_outline(&self) -> bool {
        self.outline
    }

    /// `n` briefs of changes to sections `0..n`.
    #[cfg(test)]
    pub(super) fn all_for_test(n: usize) -> Box<[Brief]> {
        (0..n)
            .map(|i| {
                let i = u32::try_from(i).expect("a few");
                Brief {
                    old: i,
                    new: i,
                    change: i % 2 == 0,
                    outline: false,
                }
            })
            .collect()
    }

    /// Written for a page of comparisons (`comparisons`): each section
    /// plus one (none is 0), and the two flags.
    pub(super) fn write(&self, w: &mut Writer) {
        w.uint(u64::from(self.old.wrapping_add(1)));
        w.uint(u64::from(self.new.wrapping_add(1)));
        w.u8(u8::from(self.change) | u8::from(self.outline) << 1);
    }

    pub(super) fn read(r: &mut Reader<'_>) -> Result<Brief, Corrupt> {
        let old = r.u32()?.wrapping_sub(1);
        let new = r.u32()?.wrapping_sub(1);
        let flags = r.u8()?;
        if flags > 3 {
            return Err(Corrupt("an unknown kind"));
        }
        Ok(Brief {
            old,
            new,
            change: flags & 1 != 0,
            outline: flags & 2 != 0,
        })
    }
}

/// Whether entry `entry` of a step's briefs shows a change; none does past
/// their end (a step whose page did not read back).
pub(super) fn shows_change(briefs: &[Brief], entry: usize) -> bool {
    briefs.get(entry).is_some_and(Brief::is_change)
}

impl Step {
    /// Each entry's [`Brief`], in order.
    pub(super) fn briefs(&self) -> Box<[Brief]> {
        self.entries.iter().map(Brief::of).collect()
    }

    /// The step as one record, for [`Step::read_some`].
    pub(super) fn write(&self) -> Vec<u8> {
        let mut w = Writer::default();
        self.head.write(&mut w);
        w.usize(self.entries.len());
        for e in self.entries.iter() {
            e.write(&mut w);
        }
        w.bytes
    }

    /// The step [`Step::write`] wrote, its entries read whole only where
    /// `whole` says: the others as [`stand_in`] reads them (their kind and
    /// similarity), their sections, diff and blocks skipped. A page about
    /// one section reads its entry of a step that renumbers hundreds.
    pub(super) fn read_some(bytes: &[u8], whole: impl Fn(usize) -> bool) -> Result<Step, Corrupt> {
        let mut r = Reader::new(bytes);
        let head = StepHead::read(&mut r)?;
        let n = r.usize()?;
        // Each entry takes at least a byte: a count past the bytes left is
        // not as written (and is not allocated).
        if n > bytes.len() {
            return Err(Corrupt("more entries than bytes"));
        }
        let entries = (0..n)
            .map(|k| Entry::read(&mut r, whole(k)))
            .collect::<Result<Box<[Entry]>, Corrupt>>()?;
        if !r.done() {
            return Err(Corrupt("bytes after the last entry"));
        }
        Ok(Step { head, entries })
    }
}

impl Entry {
    /// Its kind and similarity, then the rest as one record that a reader
    /// can skip ([`Entry::read`]).
    fn write(&self, w: &mut Writer) {
        w.u8(index_in(&ChangeKind::ALL, &self.change));
        w.u64_fixed(self.similarity.to_bits());
        let mut rest = Writer::default();
        self.write_rest(&mut rest);
        w.raw(&rest.bytes);
    }

    fn write_rest(&self, w: &mut Writer) {
        w.usize(self.flags.len());
        for f in self.flags.iter() {
            w.u8(index_in(&Flag::ALL, f));
        }
        for side in [&self.old, &self.new] {
            match side {
                None => w.u8(0),
                Some(Side::Named { index, line, level }) => {
                    w.u8(1);
                    w.uint(u64::from(*index));
                    w.uint(u64::from(*line));
                    w.u8(*level);
                }
                Some(Side::Whole(r)) => {
                    w.u8(2);
                    w.json(r);
                }
            }
        }
        match &self.diff {
            None => w.u8(0),
            Some(Diff::Pieces(pieces)) => {
                w.u8(1);
                w.usize(pieces.len());
                for p in pieces.iter() {
                    let op = u64::from(index_in(&OPS, &p.op));
                    w.uint(u64::from(p.len) << 3 | op << 1 | u64::from(p.moved));
                }
            }
            Some(Diff::Whole(tokens)) => {
                w.u8(2);
                w.json(tokens);
            }
        }
        match &self.blocks {
            None => w.u8(0),
            Some(blocks) => {
                w.u8(1);
                w.json(blocks);
            }
        }
    }

    /// An entry [`Entry::write`] wrote: whole, or its kind and similarity
    /// alone (as [`stand_in`] reads it).
    fn read(r: &mut Reader<'_>, whole: bool) -> Result<Entry, Corrupt> {
        let change = r.one_of(&ChangeKind::ALL)?;
        let similarity = f64::from_bits(r.u64_fixed()?);
        let rest = r.raw()?;
        let mut entry = Entry {
            change,
            flags: Box::new([]),
            old: None,
            new: None,
            similarity,
            diff: None,
            blocks: None,
        };
        if whole {
            let mut r = Reader::new(rest);
            entry.read_rest(&mut r)?;
            if !r.done() {
                return Err(Corrupt("bytes after an entry"));
            }
        }
        Ok(entry)
    }

    fn read_rest(&mut self, r: &mut Reader<'_>) -> Result<(), Corrupt> {
        let n = r.usize()?;
        if n > Flag::ALL.len() {
            return Err(Corrupt("more flags than there are"));
        }
        let flags = (0..n)
            .map(|_| r.one_of(&Flag::ALL))
            .collect::<Result<Box<[Flag]>, Corrupt>>()?;
        let mut side = || -> Result<Option<Side>, Corrupt> {
            Ok(match r.u8()? {
                0 => None,
                1 => Some(Side::Named {
                    index: r.u32()?,
                    line: r.u32()?,
                    level: r.u8()?,
                }),
                2 => Some(Side::Whole(Box::new(r.json()?))),
                _ => return Err(Corrupt("an unknown side mark")),
            })
        };
        let old = side()?;
        let new = side()?;
        let diff = match r.u8()? {
            0 => None,
            1 => {
                let n = r.usize()?;
                let mut pieces = Vec::with_capacity(n.min(1 << 16));
                for _ in 0..n {
                    let v = r.uint()?;
                    pieces.push(Piece {
                        len: u32::try_from(v >> 3).map_err(|_| Corrupt("a token too long"))?,
                        op: *OPS
                            .get(((v >> 1) & 3) as usize)
                            .ok_or(Corrupt("an unknown operation"))?,
                        moved: v & 1 == 1,
                    });
                }
                Some(Diff::Pieces(pieces.into_boxed_slice()))
            }
            2 => Some(Diff::Whole(r.json()?)),
            _ => return Err(Corrupt("an unknown diff mark")),
        };
        let blocks = match r.u8()? {
            0 => None,
            1 => Some(r.json()?),
            _ => return Err(Corrupt("an unknown blocks mark")),
        };
        *self = Entry {
            flags,
            old,
            new,
            diff,
            blocks,
            ..*self
        };
        Ok(())
    }

    /// The index of its section in the old version (`None`: added).
    pub(super) fn old_index(&self) -> Option<usize> {
        self.old.as_ref().map(Side::index)
    }

    /// The index of its section in the new version (`None`: removed).
    pub(super) fn new_index(&self) -> Option<usize> {
        self.new.as_ref().map(Side::index)
    }

    /// The body's word diff, as [`SectionChange::diff`] has it: each
    /// token's operation and length (its text is of the sections' bodies).
    pub(super) fn diff_ops(&self) -> Option<impl Iterator<Item = (Op, usize)> + '_> {
        self.diff.as_ref().map(Diff::ops)
    }

    /// The body's blocks, as [`SectionChange::blocks`].
    pub(super) fn blocks(&self) -> Option<&[BlockChange]> {
        self.blocks.as_deref()
    }

    /// Whether the entry shows a change, as [`SectionChange::is_change`]
    /// says (it reads neither side's names).
    pub(super) fn is_change(&self) -> bool {
        SectionChange {
            flags: self.flags.to_vec(),
            ..stand_in(self)
        }
        .is_change()
    }

    /// Bytes of its word diff: the tokens, and the text they hold.
    pub(super) fn diff_bytes(&self) -> usize {
        self.diff.as_ref().map_or(0, Diff::bytes)
    }

    /// Bytes of section names the entry holds (a side kept whole).
    pub(super) fn name_bytes(&self) -> usize {
        [&self.old, &self.new]
            .into_iter()
            .flatten()
            .map(|side| match side {
                Side::Named { .. } => 0,
                Side::Whole(r) => {
                    r.id.len()
                        + r.heading.len()
                        + r.title.len()
                        + r.number.as_ref().map_or(0, |n| n.len())
                        + r.parent_title.as_ref().map_or(0, |t| t.len())
                        + r.path.iter().map(|h| h.len()).sum::<usize>()
                }
            })
            .sum()
    }
}

/// `r` as a side of a kept entry: its numbers alone when its names are those
/// the outline of `doc` gives back.
fn side(r: SectionRef, doc: &Document) -> Side {
    match (u32::try_from(r.index), u32::try_from(r.line)) {
        (Ok(index), Ok(line)) if outline_names(&r, doc) => Side::Named {
            index,
            line,
            level: r.level,
        },
        _ => Side::Whole(Box::new(r)),
    }
}

/// Whether the outline of `doc` gives back every name of `r`: id, heading,
/// title, number, parent's title and the ancestors' headings.
fn outline_names(r: &SectionRef, doc: &Document) -> bool {
    let sections = doc.sections();
    let Some(s) = sections.get(r.index) else {
        return false;
    };
    let names = *s.id == *r.id
        && *s.heading == *r.heading
        && *s.title == *r.title
        && s.number.as_deref() == r.number.as_deref();
    // The ancestors the outline will give back, by its rule, are the ones
    // the document parsed.
    let ancestors = std::iter::successors(Some(r.index), |&i| sections[i].parent);
    let same_rule = ancestors
        .clone()
        .all(|i| enclosing(sections, i) == sections[i].parent);
    let parent = s.parent.map(|p| sections[p].title.as_str());
    let path = ancestors
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(|i| sections[i].heading.as_str());
    names
        && same_rule
        && r.parent_title.as_deref() == parent
        && r.path.iter().map(|h| &**h).eq(path)
}

/// The section that encloses section `i` of a parsed document, by the rule
/// [`Outline::parent`] follows.
fn enclosing(sections: &[crate::document::Section], i: usize) -> Option<usize> {
    let level = sections[i].level;
    if level == 0 {
        return None;
    }
    sections[..i]
        .iter()
        .rposition(|s| s.level > 0 && s.level < level)
}

/// `e` as the comparison had it, its sections' names back from the
/// outlines of the step's two points.
pub(super) fn fill(e: &Entry, old: &Outline, new: &Outline) -> SectionChange {
    SectionChange {
        change: e.change,
        flags: e.flags.to_vec(),
        old: e.old.as_ref().map(|s| section_ref(s, old)),
        new: e.new.as_ref().map(|s| section_ref(s, new)),
        similarity: e.similarity,
        diff: e.diff.as_ref().map(|d| {
            let old_body = e.old.as_ref().map_or("", |s| old.body(s.index()));
            let new_body = e.new.as_ref().map_or("", |s| new.body(s.index()));
            d.tokens(old_body, new_body)
        }),
        blocks: e.blocks.as_ref().map(|b| b.to_vec()),
    }
}

fn section_ref(side: &Side, outline: &Outline) -> SectionRef {
    let (index, line, level) = match side {
        Side::Whole(r) => return SectionRef::clone(r),
        Side::Named { index, line, level } => (*index as usize, *line as usize, *level),
    };
    // The section's head, then each enclosing one's: each read back once.
    let heads: Vec<Head> = std::iter::successors(Some(index), |&i| outline.parent(i))
        .map(|i| outline.head(i))
        .collect();
    let head = &heads[0];
    let path: Vec<std::sync::Arc<str>> = heads
        .iter()
        .rev()
        .map(|h| std::sync::Arc::from(h.heading()))
        .collect();
    SectionRef {
        index,
        id: std::sync::Arc::from(head.id()),
        level,
        heading: std::sync::Arc::from(head.heading()),
        title: std::sync::Arc::from(head.title()),
        parent_title: heads.get(1).map(|p| std::sync::Arc::from(p.title())),
        number: head.number().map(std::sync::Arc::from),
        path,
        line,
    }
}

/// The step's comparison with every entry's names back.
pub(super) fn fill_all(step: &Step, old: &Outline, new: &Outline) -> Comparison {
    fill_some(step, old, new, |_| true)
}

/// The step's comparison with the names back in the entries `wanted` says,
/// and every other entry an empty stand-in (no section on either side) at
/// its index, so that the entries' references to each other (moved text)
/// still hold: what a page that shows one entry reads, without copying the
/// whole step.
pub(super) fn fill_some(
    step: &Step,
    old: &Outline,
    new: &Outline,
    wanted: impl Fn(usize) -> bool,
) -> Comparison {
    Comparison {
        sections: step
            .entries
            .iter()
            .enumerate()
            .map(|(k, e)| {
                if wanted(k) {
                    fill(e, old, new)
                } else {
                    stand_in(e)
                }
            })
            .collect(),
        ..step.head.comparison()
    }
}

impl Step {
    /// What stands for a step that could not be read back: its entries'
    /// sections at their indices, nothing else (the command that read it
    /// ends in an error, [`super::History::check_read_back`]).
    pub(super) fn stand_in(briefs: &[Brief]) -> Step {
        let side = |i: Option<usize>| {
            i.map(|i| Side::Named {
                index: u32::try_from(i).expect("fewer than 2³² sections"),
                line: 0,
                level: 0,
            })
        };
        Step {
            head: StepHead::stand_in(),
            entries: briefs
                .iter()
                .map(|b| Entry {
                    change: match (b.old_index(), b.new_index()) {
                        (None, Some(_)) => ChangeKind::Added,
                        (Some(_), None) => ChangeKind::Removed,
                        _ => ChangeKind::Modified,
                    },
                    flags: Box::new([]),
                    old: side(b.old_index()),
                    new: side(b.new_index()),
                    similarity: 0.0,
                    diff: None,
                    blocks: None,
                })
                .collect(),
        }
    }
}

/// An entry with neither side, nor flags, diff or blocks.
fn stand_in(e: &Entry) -> SectionChange {
    SectionChange {
        change: e.change,
        flags: Vec::new(),
        old: None,
        new: None,
        similarity: e.similarity,
        diff: None,
        blocks: None,
    }
}
