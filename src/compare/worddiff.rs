//! Word diff of two section bodies, cleaned up for people.
//!
//! Two passes, as git's `--word-diff` does: lines first (similar's Histogram),
//! then words inside each changed block of lines. Line diffing keeps large,
//! mostly equal bodies cheap; the word pass never sees more than a hunk.
//!
//! The work is bounded by the input, not by a clock, so the same texts always
//! give the same diff: a hunk of more than [`HUNK_TOKENS`] tokens is diffed
//! sentence by sentence (and the changed sentences word by word, when they are
//! few enough), and one of more than [`HUNK_TOKENS`] sentences is shown whole
//! (deleted, then inserted): coarser, never slow.
//!
//! The raw edit script is then cleaned: a run of equal whitespace or punctuation
//! between two changes (or a word or two dwarfed by them) joins the change, so a
//! reader sees `[-a b-]{+c d+}` rather than `[-a-]{+c+} [-b-]{+d+}`. Tokens are whole
//! words, so a word is never cut (`Janu|M|ar`).

use foldhash::{HashMap, HashMapExt};
use similar::{Algorithm, DiffOp, DiffTag, capture_diff_slices};
use std::ops::Range;

use super::tokens::{Kind, kind, tokenize};
use crate::model::{DiffToken, Op};

mod histogram;

/// The most tokens (both sides together) a hunk may have to be diffed word
/// by word, and the most sentences to be diffed sentence by sentence. similar's
/// diff costs a few microseconds per token on a rewrite whose words all repeat
/// (its cost limits make it about linear), so one hunk at the bound takes a
/// few tenths of a second, and a section's work stays proportional to its
/// size. About 250 KB of prose a side: no paragraph comes near it.
pub const HUNK_TOKENS: usize = 100_000;

/// The word diff of `old` and `new`. Equal and deleted texts concatenate to
/// `old`; equal and inserted texts to `new`.
pub fn diff_text(old: &str, new: &str) -> Vec<DiffToken> {
    diff_counted(old, new).0
}

/// The word diff of two bodies whose blocks are aligned (`blocks`, in the
/// order of both bodies): each pair of blocks is diffed alone, and each
/// stretch of unpaired blocks between two pairs as one text (a paragraph
/// split in two still reads as a few words changed). A pair of table rows is
/// diffed cell by cell along its table's columns ([`super::table`]). `None`
/// when the blocks are not in the order of both bodies (some were
/// reordered): the caller diffs the bodies whole.
pub fn diff_by_blocks(
    old: &str,
    new: &str,
    blocks: &[crate::model::BlockChange],
) -> Option<(Vec<DiffToken>, WordCounts)> {
    use crate::model::BlockKind;
    if blocks.iter().any(|b| b.reordered) {
        return None;
    }
    let mut out = Joined::default();
    let (mut old_at, mut new_at) = (0usize, 0usize);
    // The column map of the table the rows being paired belong to: from the
    // last pair of header rows, until a block that is no row.
    let mut columns: Option<super::table::ColumnMap> = None;
    for b in blocks {
        let (Some(o), Some(n)) = (b.old, b.new) else {
            continue;
        };
        if o.start < old_at || n.start < new_at {
            return None;
        }
        // The stretch before the pair (unpaired blocks and the blank lines
        // between), then the pair itself.
        out.push(diff_counted(&old[old_at..o.start], &new[new_at..n.start]));
        let (old_block, new_block) = (&old[o.range()], &new[n.range()]);
        match b.kind {
            BlockKind::TableHeader => {
                columns = super::table::header_map(old_block, new_block);
            }
            BlockKind::TableRow => {}
            _ => columns = None,
        }
        let by_cells = matches!(b.kind, BlockKind::TableHeader | BlockKind::TableRow)
            && old_block != new_block;
        let pair = by_cells
            .then(|| super::table::diff_table_lines(old_block, new_block, columns.as_ref()))
            .flatten()
            .unwrap_or_else(|| diff_counted(old_block, new_block));
        out.push(pair);
        (old_at, new_at) = (o.end, n.end);
    }
    out.push(diff_counted(&old[old_at..], &new[new_at..]));
    Some(out.finish())
}

/// A word diff made of the diffs of consecutive stretches of two texts:
/// their tokens joined (neighbours of one operation become one token) and
/// their words counted.
#[derive(Default)]
pub(crate) struct Joined {
    tokens: Vec<DiffToken>,
    counts: WordCounts,
}

impl Joined {
    /// Appends the diff of the next stretch.
    pub(crate) fn push(&mut self, (tokens, counts): (Vec<DiffToken>, WordCounts)) {
        self.counts.add(counts);
        for t in tokens {
            DiffToken::push_joined(&mut self.tokens, t);
        }
    }

    pub(crate) fn finish(self) -> (Vec<DiffToken>, WordCounts) {
        (self.tokens, self.counts)
    }
}

/// [`diff_text`] and the words of each operation, counted on the way.
pub fn diff_counted(old: &str, new: &str) -> (Vec<DiffToken>, WordCounts) {
    if old == new {
        let words = super::tokens::count_words(old);
        let tokens = if old.is_empty() {
            Vec::new()
        } else {
            vec![token(Op::Equal, old)]
        };
        return (
            tokens,
            WordCounts {
                equal: words,
                ..WordCounts::default()
            },
        );
    }
    let mut raw = RawScript::default();
    if at_most_one_line(old) && at_most_one_line(new) {
        // The line diff of a line against a line (or nothing) is one change:
        // the hunk is the whole of both, with no line diff to make.
        raw.hunk(old, new);
        return cleanup(raw.0);
    }
    let old_lines = split_lines(old);
    let new_lines = split_lines(new);
    if let Some((head, old_tail, new_tail)) = one_line_changed(&old_lines, &new_lines) {
        // The line diff is the lines in common at both ends and one
        // replaced line between: no line diff to make.
        let (old_end, new_end) = (old.len() - old_tail, new.len() - new_tail);
        raw.push_equal_lines(&old[..head]);
        raw.hunk(&old[head..old_end], &new[head..new_end]);
        raw.push_equal_lines(&old[old_end..]);
        return cleanup(raw.0);
    }
    by_lines(old, new, &old_lines, &new_lines, raw)
}

/// [`diff_counted`] of two texts of several lines: similar's Histogram on
/// the lines, then each changed block of lines word by word.
fn by_lines<'a>(
    old: &'a str,
    new: &'a str,
    old_lines: &[&'a str],
    new_lines: &[&'a str],
    mut raw: RawScript<'a>,
) -> (Vec<DiffToken>, WordCounts) {
    let ops = capture_diff_slices(Algorithm::Histogram, old_lines, new_lines);
    let mut pending: Option<(usize, usize, usize, usize)> = None;
    let (mut old_at, mut new_at) = (0usize, 0usize);
    let line_offsets_old = offsets(old_lines);
    let line_offsets_new = offsets(new_lines);
    for op in ops {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                if let Some((os, oe, ns, ne)) = pending.take() {
                    raw.hunk(&old[os..oe], &new[ns..ne]);
                }
                let start = line_offsets_old[old_index];
                let end = line_offsets_old[old_index + len];
                raw.push_equal_lines(&old[start..end]);
                old_at = end;
                new_at += end - start;
            }
            other => {
                let (os, olen, ns, nlen) = match other {
                    DiffOp::Delete {
                        old_index,
                        old_len,
                        new_index,
                    } => (old_index, old_len, new_index, 0),
                    DiffOp::Insert {
                        old_index,
                        new_index,
                        new_len,
                    } => (old_index, 0, new_index, new_len),
                    DiffOp::Replace {
                        old_index,
                        old_len,
                        new_index,
                        new_len,
                    } => (old_index, old_len, new_index, new_len),
                    DiffOp::Equal { .. } => unreachable!("handled above"),
                };
                let (ob, oe) = (line_offsets_old[os], line_offsets_old[os + olen]);
                let (nb, ne) = (line_offsets_new[ns], line_offsets_new[ns + nlen]);
                pending = Some(match pending {
                    Some((ps, _, pns, _)) => (ps, oe, pns, ne),
                    None => (ob, oe, nb, ne),
                });
                old_at = oe;
                new_at = ne;
            }
        }
    }
    if let Some((os, oe, ns, ne)) = pending.take() {
        raw.hunk(&old[os..oe], &new[ns..ne]);
    }
    debug_assert_eq!(old_at, old.len());
    debug_assert_eq!(new_at, new.len());
    cleanup(raw.0)
}

fn token(op: Op, text: &str) -> DiffToken {
    DiffToken::new(op, text.to_owned())
}

/// When the line diff of `old_lines` against `new_lines` is the lines
/// they have in common at their start, one line replaced by another, and
/// the lines in common at their end: the bytes of the lines at the start,
/// and of those at the end of each side. That is what similar's Histogram
/// gives such lists (it trims the common ends first, and two distinct
/// values have no anchor), as long as its `Compact` pass cannot slide the
/// replaced line up or down, which it can only past a line equal to it:
/// so the replaced lines must differ from their neighbours. A rewritten
/// one-paragraph article (a blank line, its line, a blank line) is such.
fn one_line_changed(old_lines: &[&str], new_lines: &[&str]) -> Option<(usize, usize, usize)> {
    let prefix = old_lines
        .iter()
        .zip(new_lines)
        .take_while(|(a, b)| a == b)
        .count();
    let (old_rest, new_rest) = (&old_lines[prefix..], &new_lines[prefix..]);
    let suffix = old_rest
        .iter()
        .rev()
        .zip(new_rest.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    if old_rest.len() != suffix + 1 || new_rest.len() != suffix + 1 {
        return None;
    }
    // The replaced line against its neighbours, on each side.
    let apart = |lines: &[&str]| {
        let line = lines[prefix];
        (prefix == 0 || lines[prefix - 1] != line)
            && lines.get(prefix + 1).is_none_or(|next| *next != line)
    };
    if !apart(old_lines) || !apart(new_lines) {
        return None;
    }
    let bytes = |lines: &[&str]| lines.iter().map(|l| l.len()).sum::<usize>();
    Some((
        bytes(&old_lines[..prefix]),
        bytes(&old_rest[1..]),
        bytes(&new_rest[1..]),
    ))
}

/// Whether `text` has no line break but, perhaps, one that ends it: one
/// line or none, as [`split_lines`] cuts it.
fn at_most_one_line(text: &str) -> bool {
    crate::markdown::lines(text).nth(1).is_none()
}

/// Lines with their terminators.
fn split_lines(text: &str) -> Vec<&str> {
    crate::markdown::lines(text).collect()
}

/// Byte offset of each line's (or unit's) start, plus the end.
fn offsets(lines: &[&str]) -> Vec<usize> {
    let mut v = Vec::with_capacity(lines.len() + 1);
    let mut at = 0;
    v.push(0);
    for l in lines {
        at += l.len();
        v.push(at);
    }
    v
}

/// The edit script at token granularity, before cleanup.
/// The edit script at token granularity (unchanged lines as whole blocks),
/// each piece with its number of words.
#[derive(Default)]
struct RawScript<'a>(Vec<Piece<'a>>);

#[derive(Debug, Clone, Copy)]
struct Piece<'a> {
    op: Op,
    text: &'a str,
    words: usize,
}

impl<'a> RawScript<'a> {
    /// Unchanged lines: kept whole (they are never absorbed, holding a line
    /// break), their words counted now.
    fn push_equal_lines(&mut self, text: &'a str) {
        if !text.is_empty() {
            let words = super::tokens::count_words(text);
            self.0.push(Piece {
                op: Op::Equal,
                text,
                words,
            });
        }
    }

    /// Diffs one changed block of lines: word by word, or else sentence by
    /// sentence, or else whole (see [`HUNK_TOKENS`]).
    fn hunk(&mut self, old: &'a str, new: &'a str) {
        if !self.by_words(old, new) && !self.by_sentences(old, new) {
            self.whole(old, new);
        }
    }

    /// Word-diffs a hunk; `false` (and nothing pushed) when it has more than
    /// [`HUNK_TOKENS`] tokens.
    fn by_words(&mut self, old: &'a str, new: &'a str) -> bool {
        if old.is_empty() || new.is_empty() {
            self.whole(old, new);
            return true;
        }
        let mut vocabulary = Vocabulary::for_texts(old, new);
        let (Some(old_tokens), Some(new_tokens)) = (
            TokenIds::new(old, &mut vocabulary),
            TokenIds::new(new, &mut vocabulary),
        ) else {
            return false;
        };
        if old_tokens.len() + new_tokens.len() > HUNK_TOKENS {
            return false;
        }
        let ops = histogram::capture(&old_tokens.ids, &new_tokens.ids);
        // The cleanup only ever looks at a run's words, characters, line
        // breaks and text: one piece per operation of the diff says the same
        // as one per token, in a fraction of the memory (a rewritten 5 MB
        // section once held three million pieces).
        let is_word = &vocabulary.is_word;
        for op in ops {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            let (old_side, new_side) = ((&old_tokens, old_range), (&new_tokens, new_range));
            let mut push = |op: Op, (tokens, range): (&TokenIds<'a>, Range<usize>)| {
                let text = tokens.text(range.clone());
                if !text.is_empty() {
                    let words = tokens.words(range, is_word);
                    self.0.push(Piece { op, text, words });
                }
            };
            match tag {
                DiffTag::Equal => push(Op::Equal, old_side),
                DiffTag::Delete => push(Op::Delete, old_side),
                DiffTag::Insert => push(Op::Insert, new_side),
                DiffTag::Replace => {
                    push(Op::Delete, old_side);
                    push(Op::Insert, new_side);
                }
            }
        }
        true
    }

    /// Diffs a hunk too large for [`Self::by_words`] sentence by sentence,
    /// then each changed stretch of sentences word by word where it is small
    /// enough (else whole); `false` (and nothing pushed) when the hunk has
    /// more than [`HUNK_TOKENS`] sentences.
    fn by_sentences(&mut self, old: &'a str, new: &'a str) -> bool {
        let (old_units, new_units) = (sentences(old), sentences(new));
        if old_units.len() + new_units.len() > HUNK_TOKENS {
            return false;
        }
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut number = |units: &[&'a str]| -> Vec<u32> {
            units
                .iter()
                .map(|u| {
                    let next = ids.len() as u32;
                    *ids.entry(u).or_insert(next)
                })
                .collect()
        };
        let (old_ids, new_ids) = (number(&old_units), number(&new_units));
        let (old_at, new_at) = (offsets(&old_units), offsets(&new_units));
        for op in capture_diff_slices(Algorithm::Histogram, &old_ids, &new_ids) {
            let (tag, o, n) = op.as_tag_tuple();
            let old_text = &old[old_at[o.start]..old_at[o.end]];
            let new_text = &new[new_at[n.start]..new_at[n.end]];
            match tag {
                DiffTag::Equal => self.push_counted(Op::Equal, old_text),
                DiffTag::Delete | DiffTag::Insert => self.whole(old_text, new_text),
                DiffTag::Replace => {
                    if !self.by_words(old_text, new_text) {
                        self.whole(old_text, new_text);
                    }
                }
            }
        }
        true
    }

    /// Pushes `text` as one piece, its words counted.
    fn push_counted(&mut self, op: Op, text: &'a str) {
        if !text.is_empty() {
            let words = super::tokens::count_words(text);
            self.0.push(Piece { op, text, words });
        }
    }

    /// A hunk shown whole: its old text deleted, its new text inserted.
    fn whole(&mut self, old: &'a str, new: &'a str) {
        self.push_counted(Op::Delete, old);
        self.push_counted(Op::Insert, new);
    }
}

/// `text` cut into sentences, for a hunk too large to diff word by word: a
/// sentence ends after the whitespace that follows `.`, `?`, `!`, `;` or `:`,
/// and after any whitespace holding a line break. The pieces concatenate to
/// `text`.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut after_stop) = (0usize, false);
    super::tokens::for_each_token(text, |at, token| {
        let space = kind(token) == Kind::Space;
        if space && (after_stop || token.contains(['\n', '\r'])) {
            out.push(&text[start..at + token.len()]);
            start = at + token.len();
        }
        after_stop = matches!(token, "." | "?" | "!" | ";" | ":");
    });
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The distinct tokens of a hunk's two sides, numbered, with whether each
/// is a word. Hashed with foldhash (seeded at random, as std's SipHash, and
/// several times faster on short keys): the numbers are given in order of
/// first appearance, whatever the hash.
#[derive(Default)]
struct Vocabulary<'a> {
    ids: HashMap<&'a str, u32>,
    is_word: Vec<bool>,
}

impl Vocabulary<'_> {
    /// Room for the distinct tokens of two texts, guessed from their size
    /// (a token and the space after it are about eight bytes of prose, and
    /// half of a short hunk's tokens repeat): a table of a line's words is
    /// made once, not grown three or four times (a comparison may make a
    /// hundred thousand of them).
    fn for_texts(old: &str, new: &str) -> Self {
        let guess = ((old.len() + new.len()) / 8).clamp(8, 1 << 12);
        Vocabulary {
            ids: HashMap::with_capacity(guess),
            is_word: Vec::with_capacity(guess),
        }
    }
}

/// One side of a hunk as token numbers: the diff compares 4-byte numbers,
/// not 16-byte slices (a 5 MB side is 1.3 million tokens).
struct TokenIds<'a> {
    text: &'a str,
    ids: Vec<u32>,
    /// Each token's start in `text`, then `text`'s length.
    starts: Vec<u32>,
}

impl<'a> TokenIds<'a> {
    /// `None` when `text` is too long for 32-bit offsets.
    fn new(text: &'a str, vocabulary: &mut Vocabulary<'a>) -> Option<TokenIds<'a>> {
        let end = u32::try_from(text.len()).ok()?;
        // Room for a token every four bytes (a word and a space are about
        // eight), so that a line's tokens are rarely grown into; a long
        // text grows from there as before (no more memory than growing).
        let room = (text.len() / 4 + 4).min(1 << 12);
        let (mut ids, mut starts) = (Vec::with_capacity(room), Vec::with_capacity(room + 1));
        super::tokens::for_each_token(text, |start, token| {
            let next = vocabulary.is_word.len() as u32;
            let id = *vocabulary.ids.entry(token).or_insert_with(|| {
                vocabulary.is_word.push(kind(token) == Kind::Word);
                next
            });
            ids.push(id);
            // At most `end`, checked above.
            starts.push(start as u32);
        });
        starts.push(end);
        Some(TokenIds { text, ids, starts })
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    /// The text of tokens `range`.
    fn text(&self, range: Range<usize>) -> &'a str {
        &self.text[self.starts[range.start] as usize..self.starts[range.end] as usize]
    }

    /// The words among tokens `range`, by the vocabulary's `is_word`.
    fn words(&self, range: Range<usize>, is_word: &[bool]) -> usize {
        self.ids[range]
            .iter()
            .filter(|&&id| is_word[id as usize])
            .count()
    }
}

/// A stretch of the raw script, as the range of its pieces: equal text, or a
/// change. A change's deleted text is its pieces that are not inserts, its
/// inserted text those that are not deletes: so a change that absorbed the
/// equal run after it and the change after that (`[-a-]{+b+} [-c-]{+d+}`
/// becoming `[-a c-]{+b d+}`) is still one range of pieces, and runs are
/// joined without copying a piece.
#[derive(Debug, Clone)]
struct Run {
    equal: bool,
    pieces: Range<usize>,
    /// A change's characters, deleted and inserted (absorbed equal text
    /// counted on both sides), kept as it grows so that absorbing runs stays
    /// linear on a rewritten megabyte.
    chars: usize,
}

impl Run {
    fn change_chars(&self) -> usize {
        if self.equal { 0 } else { self.chars }
    }

    /// Appends to a change the equal run after it and the change after that.
    fn absorb(&mut self, equal_chars: usize, other: &Run) {
        debug_assert!(!self.equal && !other.equal);
        debug_assert!(self.pieces.end <= other.pieces.start);
        self.pieces.end = other.pieces.end;
        self.chars += 2 * equal_chars + other.chars;
    }
}

/// Word counts of a diff, by operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordCounts {
    pub equal: usize,
    pub deleted: usize,
    pub inserted: usize,
}

impl WordCounts {
    /// Adds another diff's counts to these.
    pub fn add(&mut self, other: WordCounts) {
        self.equal += other.equal;
        self.deleted += other.deleted;
        self.inserted += other.inserted;
    }
}

/// Groups the raw script into runs, absorbs trivial equal runs sitting between
/// two changes, and merges what is left into one token per run and operation.
fn cleanup(raw: Vec<Piece<'_>>) -> (Vec<DiffToken>, WordCounts) {
    let chars = |p: &Piece| p.text.chars().count();
    let mut runs: Vec<Run> = Vec::new();
    for (k, piece) in raw.iter().enumerate() {
        let equal = piece.op == Op::Equal;
        match runs.last_mut() {
            Some(run) if run.equal == equal => {
                run.pieces.end = k + 1;
                if !equal {
                    run.chars += chars(piece);
                }
            }
            _ => runs.push(Run {
                equal,
                pieces: k..k + 1,
                chars: if equal { 0 } else { chars(piece) },
            }),
        }
    }
    let mut merged: Vec<Run> = Vec::with_capacity(runs.len());
    let mut iter = runs.into_iter().peekable();
    while let Some(run) = iter.next() {
        let absorb = match (merged.last(), iter.peek()) {
            (Some(left), Some(right)) if run.equal && !left.equal && !right.equal => is_trivial(
                &raw[run.pieces.clone()],
                left.change_chars().min(right.change_chars()),
            ),
            _ => false,
        };
        if absorb {
            let right = iter.next().expect("peeked");
            let equal_chars = raw[run.pieces].iter().map(chars).sum();
            merged
                .last_mut()
                .expect("checked")
                .absorb(equal_chars, &right);
        } else if !run.equal && merged.last().is_some_and(|left| !left.equal) {
            merged.last_mut().expect("checked").absorb(0, &run);
        } else {
            merged.push(run);
        }
    }
    let mut counts = WordCounts::default();
    let mut out = Vec::with_capacity(merged.len() * 2);
    // The text and words of the pieces of `run` that are not `skip`.
    let side = |run: &Run, skip: Option<Op>| -> Option<(String, usize)> {
        let pieces = || {
            raw[run.pieces.clone()]
                .iter()
                .filter(|p| Some(p.op) != skip)
        };
        let len: usize = pieces().map(|p| p.text.len()).sum();
        if len == 0 {
            return None;
        }
        let mut text = String::with_capacity(len);
        let mut words = 0;
        for p in pieces() {
            text.push_str(p.text);
            words += p.words;
        }
        Some((text, words))
    };
    for run in &merged {
        if run.equal {
            let (text, words) = side(run, None).expect("pieces are never empty");
            counts.equal += words;
            out.push(DiffToken::new(Op::Equal, text));
        } else {
            if let Some((text, words)) = side(run, Some(Op::Insert)) {
                counts.deleted += words;
                out.push(DiffToken::new(Op::Delete, text));
            }
            if let Some((text, words)) = side(run, Some(Op::Delete)) {
                counts.inserted += words;
                out.push(DiffToken::new(Op::Insert, text));
            }
        }
    }
    (out, counts)
}

/// An equal run between two changes, within a line, is noise to a reader when
/// it holds no word, or one or two short words next to changes at least twice
/// its length.
fn is_trivial(equal: &[Piece], smaller_neighbour: usize) -> bool {
    let words: usize = equal.iter().map(|p| p.words).sum();
    // Never across a line break: changes in two lines stay two changes.
    if equal.iter().any(|p| p.text.contains(['\n', '\r'])) {
        return false;
    }
    if words == 0 {
        return true;
    }
    let chars: usize = equal.iter().map(|p| p.text.chars().count()).sum();
    words <= 2 && chars * 2 < smaller_neighbour
}

/// Whether two bodies differ only in whitespace, line wrapping or emphasis
/// markers (`*`, `_`, `~`): their remaining tokens are the same.
pub fn is_formatting_only(old: &str, new: &str) -> bool {
    // Cheap necessary condition first: the same characters once whitespace and
    // emphasis markers are dropped. Most edits fail here without tokenizing.
    // Compared as they are read: no copy of two large bodies.
    fn visible(t: &str) -> impl Iterator<Item = char> + '_ {
        t.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '_' | '~'))
    }
    if old == new || !visible(old).eq(visible(new)) {
        return false;
    }
    fn significant(text: &str) -> impl Iterator<Item = &str> {
        tokenize(text)
            .into_iter()
            .filter(|t| kind(t) != Kind::Space && !matches!(*t, "*" | "_" | "~"))
    }
    old != new && significant(old).eq(significant(new))
}

#[cfg(test)]
#[path = "worddiff/tests.rs"]
mod tests;
