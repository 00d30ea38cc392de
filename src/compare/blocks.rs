//! A section's body cut into blocks — the smallest units a reader cites — and
//! the blocks of two bodies aligned.
//!
//! A block is a paragraph; a list item's own text (a nested list's items are
//! blocks of their own); a table row (the header row, with the delimiter row
//! under it, is `table_header`); a fenced or indented code block; a paragraph
//! inside a block quote; a footnote definition; a raw HTML block; a thematic
//! break. The blocks of a body are found with pulldown-cmark's offset
//! iterator, then each runs from the start of its first line to the start of
//! the next block, trailing blank space left out: so the blocks are disjoint
//! and cover every non-blank byte of the body, container markup (`>`, list
//! markers, indentation) included.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use crate::model::{BlockChange, BlockKind, ByteRange, ChangeKind};

/// One block of a body: its kind and its byte range in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub range: Range<usize>,
}

/// The blocks of `body`, in order.
pub fn split(body: &str) -> Vec<Block> {
    if let Some(block) = one_paragraph(body) {
        debug_assert_eq!(split_parsed(body), std::slice::from_ref(&block), "{body:?}");
        return vec![block];
    }
    split_parsed(body)
}

/// The one block of a body that is a single line of text between blank
/// lines, starting at the line's start with a letter, when `body` is such:
/// a paragraph whatever the line holds, since no block of Markdown (a list,
/// a heading, a table, a footnote, a quote, HTML, code, a rule) starts with
/// a letter, and a table or a setext heading needs a second line. Found
/// without the parser, which a one-sentence article (a law of thousands of
/// them) would otherwise be set up for twice per comparison.
fn one_paragraph(body: &str) -> Option<Block> {
    // Blank as CommonMark counts a blank line's characters and line ends.
    let blank_line_byte = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    let line = body.trim_matches(blank_line_byte);
    let start = body.len() - body.trim_start_matches(blank_line_byte).len();
    let at_line_start = start == 0 || matches!(body.as_bytes()[start - 1], b'\n' | b'\r');
    let first_is_letter = line.chars().next().is_some_and(char::is_alphabetic);
    if !at_line_start || !first_is_letter || line.contains(['\n', '\r']) {
        return None;
    }
    let end = start + body[start..].trim_end_matches(blank).len();
    Some(Block {
        kind: BlockKind::Paragraph,
        range: start..end,
    })
}

/// [`split`] by pulldown-cmark's events.
fn split_parsed(body: &str) -> Vec<Block> {
    let mut starts: Vec<(usize, BlockKind)> = Vec::new();
    // The containers open around the current event, innermost last.
    let mut open: Vec<Container> = Vec::new();
    for (event, range) in crate::markdown::parse(body) {
        match event {
            Event::Start(tag) => {
                let inside_leaf = open.iter().any(|c| c.is_leaf());
                let in_quote = open.iter().any(|c| matches!(c, Container::Quote));
                let kind = match &tag {
                    Tag::Item => Some(BlockKind::ListItem),
                    Tag::FootnoteDefinition(_) => Some(BlockKind::Footnote),
                    Tag::TableHead => Some(BlockKind::TableHeader),
                    Tag::TableRow => Some(BlockKind::TableRow),
                    _ if inside_leaf => None,
                    Tag::Paragraph if in_quote => Some(BlockKind::Quote),
                    Tag::Paragraph => Some(BlockKind::Paragraph),
                    Tag::CodeBlock(_) if in_quote => Some(BlockKind::Quote),
                    Tag::CodeBlock(_) => Some(BlockKind::Code),
                    Tag::HtmlBlock => Some(BlockKind::Html),
                    Tag::Heading { .. } | Tag::MetadataBlock(_) => Some(BlockKind::Other),
                    _ => None,
                };
                // A nested list's items are blocks; anything else inside an
                // item, a footnote or a table row belongs to it.
                let nested_item = matches!(tag, Tag::Item);
                if let Some(kind) = kind
                    && (!inside_leaf || nested_item || matches!(tag, Tag::TableRow))
                {
                    starts.push((range.start, kind));
                }
                open.push(Container::of(&tag));
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Rule if !open.iter().any(|c| c.is_leaf()) => {
                starts.push((range.start, BlockKind::Rule));
            }
            Event::Html(_) | Event::Text(_) if open.is_empty() => {
                // Text outside any block (pulldown-cmark gives none today):
                // kept as its own block so nothing goes uncovered.
                starts.push((range.start, BlockKind::Other));
            }
            _ => {}
        }
    }
    partition(body, starts)
}

/// What an open tag is, for deciding where blocks start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Quote,
    /// A block whose inside belongs to it: an item, a footnote, a table row
    /// or head, a paragraph, a code or HTML block.
    Leaf,
    Other,
}

impl Container {
    fn of(tag: &Tag<'_>) -> Container {
        match tag {
            Tag::BlockQuote(_) => Container::Quote,
            Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::Paragraph
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::Heading { .. } => Container::Leaf,
            _ => Container::Other,
        }
    }

    fn is_leaf(self) -> bool {
        self == Container::Leaf
    }
}

/// Each block from the start of its first line (container markup before it
/// on that line included) to the start of the next, trailing blank space
/// left out; non-blank text before the first block is a block of its own.
fn partition(body: &str, mut starts: Vec<(usize, BlockKind)>) -> Vec<Block> {
    for (start, _) in &mut starts {
        let line_start = crate::markdown::line_start(body, *start);
        if body[line_start..*start]
            .chars()
            .all(|c| blank(c) || c == '>')
        {
            *start = line_start;
        }
    }
    starts.sort_by_key(|(s, _)| *s);
    starts.dedup_by_key(|(s, _)| *s);
    let first = starts.first().map_or(body.len(), |(s, _)| *s);
    if !body[..first].trim_matches(blank).is_empty() {
        starts.insert(0, (0, BlockKind::Other));
    }
    let mut blocks = Vec::with_capacity(starts.len());
    for (k, &(start, kind)) in starts.iter().enumerate() {
        let next = starts.get(k + 1).map_or(body.len(), |(s, _)| *s);
        let end = start + body[start..next].trim_end_matches(blank).len();
        if end > start {
            blocks.push(Block {
                kind,
                range: start..end,
            });
        }
    }
    blocks
}

/// The blocks of a body that exists on one side only: all `added` (a new
/// section) or all `removed` (a section that is gone).
pub fn one_sided(body: &str, change: ChangeKind) -> Vec<BlockChange> {
    split(body)
        .into_iter()
        .map(|b| {
            let range = Some(ByteRange::of(&b.range));
            let (old, new) = match change {
                ChangeKind::Removed => (range, None),
                _ => (None, range),
            };
            block_change(b.kind, old, new, change)
        })
        .collect()
}

/// The blocks of a paired section's two bodies, aligned: each `unchanged`
/// (byte-identical), `modified` (with `formatting_only` when only the
/// formatting changed), `added` or `removed`, and `reordered` where it moved
/// among its siblings.
pub fn changes(old_body: &str, new_body: &str) -> Vec<BlockChange> {
    let (old, new) = (split(old_body), split(new_body));
    align(old_body, &old, new_body, &new)
        .into_iter()
        .map(|a| match (a.old, a.new) {
            (Some(o), Some(n)) => {
                let (ot, nt) = (
                    &old_body[old[o].range.clone()],
                    &new_body[new[n].range.clone()],
                );
                let change = if ot == nt {
                    ChangeKind::Unchanged
                } else {
                    ChangeKind::Modified
                };
                let mut c = block_change(
                    new[n].kind,
                    Some(ByteRange::of(&old[o].range)),
                    Some(ByteRange::of(&new[n].range)),
                    change,
                );
                c.formatting_only = change == ChangeKind::Modified
                    && crate::compare::worddiff::is_formatting_only(ot, nt);
                c.reordered = a.reordered;
                c
            }
            (Some(o), None) => block_change(
                old[o].kind,
                Some(ByteRange::of(&old[o].range)),
                None,
                ChangeKind::Removed,
            ),
            (None, Some(n)) => block_change(
                new[n].kind,
                None,
                Some(ByteRange::of(&new[n].range)),
                ChangeKind::Added,
            ),
            (None, None) => unreachable!("an aligned block has a side"),
        })
        .collect()
}

fn block_change(
    kind: BlockKind,
    old: Option<ByteRange>,
    new: Option<ByteRange>,
    change: ChangeKind,
) -> BlockChange {
    BlockChange {
        kind,
        old,
        new,
        change,
        formatting_only: false,
        moved_from: None,
        moved_to: None,
        diff: None,
        reordered: false,
    }
}

/// Blank as CommonMark counts it: ASCII spaces, tabs and line ends (a
/// no-break space is text).
fn blank(c: char) -> bool {
    c.is_ascii_whitespace()
}

/// How one block of the old body and one of the new are related.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aligned {
    pub old: Option<usize>,
    pub new: Option<usize>,
    /// Paired inside the section but out of its old order among the blocks.
    pub reordered: bool,
}

/// Two blocks' texts are the same block edited when at least this share of
/// their words is common.
const PAIR_SIMILARITY: f64 = 0.5;

/// How many unpaired new blocks an old block is compared with, at most: the
/// work of a section rewritten whole stays linear in its size.
const PAIR_WINDOW: usize = 16;

/// Aligns the blocks of two bodies: identical blocks in order first (the
/// longest common subsequence of their texts), then identical blocks out of
/// order (reordered), then, in each stretch between anchors, edited blocks of
/// the same kind by word similarity, in order. The result follows the new
/// body, each old-only block right after the block that preceded it in the
/// old body.
pub fn align(old_body: &str, old: &[Block], new_body: &str, new: &[Block]) -> Vec<Aligned> {
    if let ([old_block], [new_block]) = (old, new) {
        // One block a side (a one-paragraph article): paired when identical
        // or alike; nothing to find in order or out of it, and no tables to
        // make for it.
        let (old_text, new_text) = (
            &old_body[old_block.range.clone()],
            &new_body[new_block.range.clone()],
        );
        return one_to_one(old_text, old_block, new_text, new_block);
    }
    let old_texts: Vec<&str> = old.iter().map(|b| &old_body[b.range.clone()]).collect();
    let new_texts: Vec<&str> = new.iter().map(|b| &new_body[b.range.clone()]).collect();
    let mut old_to_new: Vec<Option<usize>> = vec![None; old.len()];
    let mut new_to_old: Vec<Option<usize>> = vec![None; new.len()];
    let mut reordered = vec![false; new.len()];

    // 1. Identical blocks, in order.
    let ops = similar::capture_diff_slices(similar::Algorithm::Patience, &old_texts, &new_texts);
    for op in &ops {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = *op
        {
            for k in 0..len {
                old_to_new[old_index + k] = Some(new_index + k);
                new_to_old[new_index + k] = Some(old_index + k);
            }
        }
    }
    // 2. Identical blocks out of order: a block that moved among its siblings.
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (o, t) in old_texts.iter().enumerate().rev() {
        if old_to_new[o].is_none() {
            by_text.entry(t).or_default().push(o);
        }
    }
    for (n, t) in new_texts.iter().enumerate() {
        if new_to_old[n].is_some() {
            continue;
        }
        if let Some(o) = by_text.get_mut(t).and_then(Vec::pop) {
            old_to_new[o] = Some(n);
            new_to_old[n] = Some(o);
            reordered[n] = true;
        }
    }
    // 3. Edited blocks: in each stretch between paired blocks, in order.
    pair_edited(
        &old_texts,
        old,
        &new_texts,
        new,
        &mut old_to_new,
        &mut new_to_old,
    );
    order(&old_to_new, &new_to_old, &reordered)
}

/// [`align`] of one block against one: the same pairing (identical, or
/// of one kind and alike), without the tables that find blocks among many.
fn one_to_one(old_text: &str, old: &Block, new_text: &str, new: &Block) -> Vec<Aligned> {
    let paired = old_text == new_text
        || (old.kind == new.kind && similarity(old_text, new_text) >= PAIR_SIMILARITY);
    let aligned = |old, new| Aligned {
        old,
        new,
        reordered: false,
    };
    if paired {
        vec![aligned(Some(0), Some(0))]
    } else {
        vec![aligned(Some(0), None), aligned(None, Some(0))]
    }
}

/// [`Bag::similarity`] of two texts, each compared once: their words
/// sorted and merged rather than counted into two hash tables (the same
/// multisets, so the same share).
fn similarity(a: &str, b: &str) -> f64 {
    let share = sorted_similarity(&sorted_words(a), &sorted_words(b), a, b);
    debug_assert_eq!(share, Bag::of(a).similarity(&Bag::of(b), a, b));
    share
}

/// The words a [`Bag`] counts, sorted: the same multiset as the bag's, in
/// one vector (no hash table), for [`sorted_similarity`].
pub(crate) fn sorted_words(text: &str) -> Vec<Cow<'_, str>> {
    // Room for a word every six bytes: one allocation for most blocks.
    let mut words = Vec::with_capacity(text.len() / 6 + 1);
    words.extend(bag_words(text));
    words.sort_unstable();
    words
}

/// [`Bag::similarity`] of two texts from their [`sorted_words`]: the words
/// in common counted by merging the two lists, the share worked out by the
/// same expression, so the same number to the bit.
pub(crate) fn sorted_similarity(
    a_words: &[Cow<'_, str>],
    b_words: &[Cow<'_, str>],
    a: &str,
    b: &str,
) -> f64 {
    if a_words.is_empty() && b_words.is_empty() {
        return if a.trim() == b.trim() { 1.0 } else { 0.0 };
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a_words.len() && j < b_words.len() {
        match a_words[i].cmp(&b_words[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a_words.len() + b_words.len()) as f64
}

/// Pairs unpaired blocks of the same kind whose words are similar enough,
/// within each stretch of unpaired blocks that lie between the same two
/// paired neighbours, keeping their order (a greedy walk: each old block
/// takes the first later new block it resembles).
fn pair_edited(
    old_texts: &[&str],
    old: &[Block],
    new_texts: &[&str],
    new: &[Block],
    old_to_new: &mut [Option<usize>],
    new_to_old: &mut [Option<usize>],
) {
    // Words are counted only for the blocks compared, once each: most blocks
    // of an edited section pair as identical text, and a block is compared
    // only with blocks of its kind nearby.
    let mut old_bags: Vec<Option<Bag>> = (0..old.len()).map(|_| None).collect();
    let mut new_bags: Vec<Option<Bag>> = (0..new.len()).map(|_| None).collect();
    let mut n_start = 0;
    let mut o = 0;
    while o < old.len() {
        if let Some(n) = old_to_new[o] {
            n_start = n_start.max(n + 1);
            o += 1;
            continue;
        }
        // The new blocks this old block may pair with: unpaired, after the
        // last pairing, before the next paired new block.
        let mut n = n_start;
        while n < new.len() && n < n_start + PAIR_WINDOW && new_to_old[n].is_none() {
            let alike = old[o].kind == new[n].kind && {
                let a = old_bags[o].get_or_insert_with(|| Bag::of(old_texts[o]));
                let b = new_bags[n].get_or_insert_with(|| Bag::of(new_texts[n]));
                a.similarity(b, old_texts[o], new_texts[n]) >= PAIR_SIMILARITY
            };
            if alike {
                old_to_new[o] = Some(n);
                new_to_old[n] = Some(o);
                n_start = n + 1;
                break;
            }
            n += 1;
        }
        o += 1;
    }
}

/// A text's words (lower case) and how often each occurs.
pub struct Bag<'a> {
    /// Borrowed from the text, copied only when lowered: no allocation per
    /// word of a text already in lower case.
    words: foldhash::HashMap<Cow<'a, str>, usize>,
    total: usize,
}

impl<'a> Bag<'a> {
    /// Words here are runs of letters and digits: cheaper than the word
    /// diff's Unicode segmentation, and as good for telling how alike two
    /// blocks are.
    pub fn of(text: &'a str) -> Bag<'a> {
        let mut words: foldhash::HashMap<Cow<'a, str>, usize> = Default::default();
        let mut total = 0;
        for w in bag_words(text) {
            *words.entry(w).or_insert(0) += 1;
            total += 1;
        }
        Bag { words, total }
    }

    /// How many words the text has.
    pub fn len(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The words, each once.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.keys().map(|w| w.as_ref())
    }

    /// The share of words this text and `other` have in common (as
    /// multisets), 0 to 1; two texts without words are alike when equal.
    pub fn similarity(&self, other: &Bag<'_>, text: &str, other_text: &str) -> f64 {
        if self.total + other.total == 0 {
            return if text.trim() == other_text.trim() {
                1.0
            } else {
                0.0
            };
        }
        // The words in common, as multisets, looked up from the smaller bag.
        let (small, large) = if self.words.len() <= other.words.len() {
            (&self.words, &other.words)
        } else {
            (&other.words, &self.words)
        };
        let common: usize = small
            .iter()
            .map(|(w, c)| (*c).min(large.get(w).copied().unwrap_or(0)))
            .sum();
        2.0 * common as f64 / (self.total + other.total) as f64
    }
}

/// The words a [`Bag`] counts: the runs of letters and digits of `text`
/// (`text.split(|c: char| !c.is_alphanumeric())`, empty pieces left out),
/// each lower-cased when it holds a capital. ASCII is read a byte at a time,
/// other characters decoded.
fn bag_words(text: &str) -> BagWords<'_> {
    BagWords { text, at: 0 }
}

struct BagWords<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for BagWords<'a> {
    type Item = Cow<'a, str>;

    fn next(&mut self) -> Option<Cow<'a, str>> {
        let (text, bytes) = (self.text, self.text.as_bytes());
        // The character at `at`, past ASCII (decoded only there).
        let char_at = |at: usize| text[at..].chars().next().expect("at a character");
        let mut at = self.at;
        let start = loop {
            let Some(&b) = bytes.get(at) else {
                self.at = at;
                return None;
            };
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    break at;
                }
                at += 1;
            } else {
                let c = char_at(at);
                if c.is_alphanumeric() {
                    break at;
                }
                at += c.len_utf8();
            }
        };
        let (mut ascii, mut capital) = (true, false);
        while let Some(&b) = bytes.get(at) {
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                capital |= b.is_ascii_uppercase();
                at += 1;
            } else {
                let c = char_at(at);
                if !c.is_alphanumeric() {
                    break;
                }
                ascii = false;
                at += c.len_utf8();
            }
        }
        self.at = at;
        let word = &text[start..at];
        Some(if ascii {
            if capital {
                Cow::Owned(word.to_ascii_lowercase())
            } else {
                Cow::Borrowed(word)
            }
        } else if word.chars().any(char::is_uppercase) {
            Cow::Owned(word.to_lowercase())
        } else {
            Cow::Borrowed(word)
        })
    }
}

/// The aligned list: the new body's order, each old-only block right after
/// the block that preceded it in the old body.
fn order(
    old_to_new: &[Option<usize>],
    new_to_old: &[Option<usize>],
    reordered: &[bool],
) -> Vec<Aligned> {
    let mut out = Vec::with_capacity(old_to_new.len().max(new_to_old.len()));
    let old_only_after = |out: &mut Vec<Aligned>, from: usize| {
        let mut o = from;
        while o < old_to_new.len() && old_to_new[o].is_none() {
            out.push(Aligned {
                old: Some(o),
                new: None,
                reordered: false,
            });
            o += 1;
        }
    };
    old_only_after(&mut out, 0);
    for (n, o) in new_to_old.iter().enumerate() {
        out.push(Aligned {
            old: *o,
            new: Some(n),
            reordered: reordered[n],
        });
        if let Some(o) = o {
            old_only_after(&mut out, o + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(body: &str) -> Vec<(BlockKind, &str)> {
        split(body)
            .into_iter()
            .map(|b| (b.kind, &body[b.range]))
            .collect()
    }

    #[test]
    fn paragraphs_items_rows_and_quotes_are_blocks() {
        let body = "\nUno dos.\n\n- a\n  - b\n- c\n\n| x | y |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\n> cita\n\n```\ncode\n```\n\n---\n\n[^1]: nota\n";
        let got = kinds(body);
        assert_eq!(
            got,
            vec![
                (BlockKind::Paragraph, "Uno dos."),
                (BlockKind::ListItem, "- a"),
                (BlockKind::ListItem, "  - b"),
                (BlockKind::ListItem, "- c"),
                (BlockKind::TableHeader, "| x | y |\n|---|---|"),
                (BlockKind::TableRow, "| 1 | 2 |"),
                (BlockKind::TableRow, "| 3 | 4 |"),
                (BlockKind::Quote, "> cita"),
                (BlockKind::Code, "```\ncode\n```"),
                (BlockKind::Rule, "---"),
                (BlockKind::Footnote, "[^1]: nota"),
            ]
        );
    }

    /// What the parser makes of a body, for the one-paragraph path to equal.
    #[test]
    fn one_paragraph_is_what_the_parser_finds() {
        for body in [
            "\nUno dos tres.\n\n",
            "Uno dos.",
            "\r\nÚnico artículo.\r\n\r\n",
            "\n  \nuno | dos | tres\n",
            "\nárbol *énfasis* [^1] <b>x</b> `code`  \n \t\n",
            "\nUno\x0c\n",
        ] {
            let fast = one_paragraph(body);
            assert!(fast.is_some(), "{body:?}");
            assert_eq!(split_parsed(body), [fast.unwrap()], "{body:?}");
        }
        // Not one plain line at a line's start: left to the parser.
        for body in [
            "",
            "\n\n",
            "    indented code\n",
            " Uno\n",
            "\tUno\n",
            "Uno\ndos\n",
            "Uno\n===\n",
            "Uno\rdos",
            "- item\n",
            "1. item\n",
            "# Título\n",
            "> cita\n",
            "| a | b |\n",
            "[^1]: nota\n",
            "<div>\n",
            "---\n",
            "¿Qué?\n",
        ] {
            assert_eq!(one_paragraph(body), None, "{body:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Any body of letters, Markdown's block markers and blank lines:
        /// the one-paragraph path, when it answers, answers as the parser.
        #[test]
        fn one_paragraph_equals_the_parser(
            body in "([ \t\r\n]|[aZé]|[-*+#>|=`~<:\\[\\]^0-9.!]|\x0c){0,24}|\
                     [ \t\r\n]{0,3}[aZé]([ \t\\\\]|[aZé]|[-*+#>|=`~<:\\[\\]^0-9.!]|\x0c){0,20}[ \t\r\n]{0,3}"
        ) {
            if let Some(block) = one_paragraph(&body) {
                proptest::prop_assert_eq!(split_parsed(&body), vec![block]);
            }
        }

        /// The words of a bag are the split on what is neither letter nor
        /// digit, lower-cased where they hold a capital.
        #[test]
        fn bag_words_are_the_split_words(text in "\\PC{0,40}|[aZ0 ,.É\u{301}ß\u{130}]{0,30}") {
            let expected: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| {
                    if w.chars().any(char::is_uppercase) {
                        w.to_lowercase()
                    } else {
                        w.to_owned()
                    }
                })
                .collect();
            let got: Vec<String> = bag_words(&text).map(Cow::into_owned).collect();
            proptest::prop_assert_eq!(got, expected);
        }

        /// The one-to-one share is the bags' share.
        #[test]
        fn sorted_similarity_is_the_bags(a in "[abcAB ,é]{0,20}", b in "[abcAB ,é]{0,20}") {
            proptest::prop_assert_eq!(
                similarity(&a, &b),
                Bag::of(&a).similarity(&Bag::of(&b), &a, &b)
            );
        }
    }

    #[test]
    fn an_inserted_row_is_one_added_block() {
        let old = "| a | b |\n|---|---|\n| INAI | SNT |\n| x | y |\n";
        let new = "| a | b |\n|---|---|\n| nuevo | fila |\n| INAI | SNT |\n| x | y |\n";
        let (ob, nb) = (split(old), split(new));
        let al = align(old, &ob, new, &nb);
        let added: Vec<_> = al.iter().filter(|a| a.old.is_none()).collect();
        assert_eq!(added.len(), 1);
        assert_eq!(
            &new[nb[added[0].new.unwrap()].range.clone()],
            "| nuevo | fila |"
        );
        assert!(al.iter().all(|a| a.old.is_some() || a.new == Some(1)));
    }
}
