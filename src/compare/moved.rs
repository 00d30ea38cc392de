//! Text that moved between sections: a block that left one section (removed
//! there, or in a section that is gone) and arrived, whole or edited, in
//! another (added there, or in a new section). Merges, splits and paragraphs
//! moved across the document are such blocks.
//!
//! Found after every section's blocks are aligned: identical texts first
//! (whitespace folded), then texts that share most of their words. The two
//! blocks then point at each other (`moved_to` / `moved_from`), the tokens
//! that carry the text are marked `moved`, and the summary counts the text
//! as moved words, not as deleted and inserted ones.

// foldhash: std's HashMap with a faster hash, seeded at random as std's is.
use foldhash::{HashMap, HashMapExt};
use std::ops::Range;

use super::blocks::Bag;
use super::tokens::{count_words, has_words};
use super::worddiff;
use crate::document::Document;
use crate::model::{ChangeKind, DiffToken, Op, Place, SectionChange, Summary};

/// A block shorter than this many words is not followed across sections: a
/// "Se deroga." or a one-word item says nothing about where text went.
const MIN_WORDS: usize = 5;

/// An edited block is the moved text of another when at least this share of
/// their words is common.
const MOVE_SIMILARITY: f64 = 0.6;

/// A word in more blocks than this is too common to find candidates by.
const COMMON_WORD: usize = 64;

/// How many candidates, sharing the most words, an old block is scored against.
const CANDIDATES: usize = 16;

/// A block on one side only, a candidate end of a move.
struct Loose<'a> {
    entry: usize,
    block: usize,
    text: &'a str,
}

/// Finds the moved blocks among `entries` (whose blocks are aligned) and
/// marks them, their tokens and `summary`.
pub(super) fn find(
    od: &Document,
    nd: &Document,
    entries: &mut [SectionChange],
    summary: &mut Summary,
) {
    let (gone, arrived) = loose_blocks(od, nd, entries);
    if gone.is_empty() || arrived.is_empty() {
        return;
    }
    let pairs = match_blocks(&gone, &arrived);
    if pairs.is_empty() {
        return;
    }
    let mut diffs: Vec<(usize, usize, Option<Vec<DiffToken>>)> = Vec::new();
    for &(g, a) in &pairs {
        let (from, to) = (&gone[g], &arrived[a]);
        let edited = from.text != to.text;
        let diff = edited.then(|| worddiff::diff_text(from.text, to.text));
        summary.words_moved += count_words(from.text);
        if let Some(d) = &diff {
            summary.words_inserted += super::count_words(d, Op::Insert);
            summary.words_deleted += super::count_words(d, Op::Delete);
        }
        diffs.push((g, a, diff));
    }
    for (g, a, diff) in diffs {
        let (from, to) = (&gone[g], &arrived[a]);
        let (fe, fb, te, tb) = (from.entry, from.block, to.entry, to.block);
        if let Some(blocks) = entries[fe].blocks.as_mut() {
            blocks[fb].moved_to = Some(Place {
                section: te,
                block: tb,
            });
        }
        let Some(blocks) = entries[te].blocks.as_mut() else {
            continue;
        };
        let arriving = &mut blocks[tb];
        arriving.moved_from = Some(Place {
            section: fe,
            block: fb,
        });
        arriving.diff = diff;
    }
    for entry in entries.iter_mut() {
        mark_tokens(entry, summary);
    }
}

/// The blocks that exist on one side only, with at least [`MIN_WORDS`] words:
/// those gone from the old version and those arrived in the new.
fn loose_blocks<'a>(
    od: &'a Document,
    nd: &'a Document,
    entries: &[SectionChange],
) -> (Vec<Loose<'a>>, Vec<Loose<'a>>) {
    let (mut gone, mut arrived) = (Vec::new(), Vec::new());
    for (e, entry) in entries.iter().enumerate() {
        let Some(blocks) = &entry.blocks else {
            continue;
        };
        for (b, block) in blocks.iter().enumerate() {
            let loose = match (block.change, &block.old, &block.new, &entry.old, &entry.new) {
                (ChangeKind::Removed, Some(r), None, Some(s), _) => {
                    Some((&mut gone, &od.body(s.index)[r.range()]))
                }
                (ChangeKind::Added, None, Some(r), _, Some(s)) => {
                    Some((&mut arrived, &nd.body(s.index)[r.range()]))
                }
                _ => None,
            };
            if let Some((list, text)) = loose
                && has_words(text, MIN_WORDS)
            {
                list.push(Loose {
                    entry: e,
                    block: b,
                    text,
                });
            }
        }
    }
    (gone, arrived)
}

/// Pairs gone blocks with arrived ones in other entries: identical texts
/// (whitespace folded) in document order, then the most similar pairs
/// first. Returns `(gone, arrived)` indices.
fn match_blocks(gone: &[Loose<'_>], arrived: &[Loose<'_>]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut taken_gone = vec![false; gone.len()];
    let mut taken_arrived = vec![false; arrived.len()];
    let mut by_text: HashMap<String, Vec<usize>> = HashMap::new();
    for (a, block) in arrived.iter().enumerate().rev() {
        by_text.entry(fold(block.text)).or_default().push(a);
    }
    for (g, block) in gone.iter().enumerate() {
        let Some(list) = by_text.get_mut(&fold(block.text)) else {
            continue;
        };
        if let Some(k) = list.iter().rposition(|&a| arrived[a].entry != block.entry) {
            let a = list.remove(k);
            taken_gone[g] = true;
            taken_arrived[a] = true;
            pairs.push((g, a));
        }
    }
    // Edited text: candidates that share words with the block, scored. The
    // bags and the scores of the blocks are independent: spread over the cores.
    let bags: Vec<Bag<'_>> = crate::parallel::map(arrived, PARALLEL_BLOCKS, |b| Bag::of(b.text));
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
    for (a, bag) in bags.iter().enumerate() {
        if !taken_arrived[a] {
            for w in bag.words() {
                postings.entry(w).or_default().push(a);
            }
        }
    }
    let open: Vec<usize> = (0..gone.len()).filter(|&g| !taken_gone[g]).collect();
    let index = ArrivedIndex {
        arrived,
        bags: &bags,
        postings: &postings,
    };
    let mut scored: Vec<(u64, usize, usize)> =
        crate::parallel::map(&open, PARALLEL_BLOCKS, |&g| index.score(g, &gone[g]))
            .into_iter()
            .flatten()
            .collect();
    scored.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, g, a) in scored {
        if !taken_gone[g] && !taken_arrived[a] {
            taken_gone[g] = true;
            taken_arrived[a] = true;
            pairs.push((g, a));
        }
    }
    pairs.sort_unstable();
    pairs
}

/// Below this many blocks, bags and scores are computed on the calling
/// thread: starting threads would cost more.
const PARALLEL_BLOCKS: usize = 64;

/// The arrived blocks not taken as identical text, with their words indexed.
struct ArrivedIndex<'a, 'b> {
    arrived: &'b [Loose<'a>],
    bags: &'b [Bag<'a>],
    postings: &'b HashMap<&'b str, Vec<usize>>,
}

impl ArrivedIndex<'_, '_> {
    /// The arrived blocks in other entries that gone block `g` is like enough,
    /// as `(similarity key, g, arrived)`: among the [`CANDIDATES`] sharing the
    /// most words (a word in more than [`COMMON_WORD`] blocks aside).
    fn score(&self, g: usize, block: &Loose<'_>) -> Vec<(u64, usize, usize)> {
        let bag = Bag::of(block.text);
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for w in bag.words() {
            match self.postings.get(w) {
                Some(list) if list.len() <= COMMON_WORD => {
                    for &a in list {
                        *shared.entry(a).or_insert(0) += 1;
                    }
                }
                _ => {}
            }
        }
        let mut candidates: Vec<(usize, usize)> = shared
            .into_iter()
            .filter(|&(a, _)| self.arrived[a].entry != block.entry)
            .collect();
        candidates.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let mut scored = Vec::new();
        for &(a, _) in candidates.iter().take(CANDIDATES) {
            let s = bag.similarity(&self.bags[a], block.text, self.arrived[a].text);
            if s >= MOVE_SIMILARITY {
                // Similarity as an integer key keeps the sort total and stable.
                scored.push(((s * 1_000_000.0) as u64, g, a));
            }
        }
        scored
    }
}

/// Whitespace runs folded into one space, ends trimmed: the words joined by
/// a space, into one string of the text's size (no list of the words first:
/// a comparison folds every block that left or arrived).
fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    folded
}

/// Splits the entry's delete tokens at the edges of its blocks that left and
/// its insert tokens at the edges of its blocks that arrived, marks the parts
/// inside them `moved`, and takes their words out of the summary's deleted
/// and inserted words (the moved words are counted once, as moved).
fn mark_tokens(entry: &mut SectionChange, summary: &mut Summary) {
    let Some(blocks) = &entry.blocks else {
        return;
    };
    let left: Vec<Range<usize>> = blocks
        .iter()
        .filter(|b| b.moved_to.is_some())
        .filter_map(|b| Some(b.old?.range()))
        .collect();
    let came: Vec<Range<usize>> = blocks
        .iter()
        .filter(|b| b.moved_from.is_some())
        .filter_map(|b| Some(b.new?.range()))
        .collect();
    if left.is_empty() && came.is_empty() {
        return;
    }
    let Some(tokens) = entry.diff.take() else {
        return;
    };
    let (mut old_at, mut new_at) = (0, 0);
    let mut out = Vec::with_capacity(tokens.len());
    for t in tokens {
        let len = t.text.len();
        match t.op {
            Op::Equal => {
                old_at += len;
                new_at += len;
                out.push(t);
            }
            Op::Delete => {
                split_marked(t, old_at, &left, &mut out, &mut summary.words_deleted);
                old_at += len;
            }
            Op::Insert => {
                split_marked(t, new_at, &came, &mut out, &mut summary.words_inserted);
                new_at += len;
            }
        }
    }
    entry.diff = Some(out);
}

/// Pushes `token` (at byte `at` of its side's body) split at the edges of
/// `ranges`, the parts inside them marked moved and their words taken from
/// `words`.
fn split_marked(
    token: DiffToken,
    at: usize,
    ranges: &[Range<usize>],
    out: &mut Vec<DiffToken>,
    words: &mut usize,
) {
    let end = at + token.text.len();
    let mut cuts: Vec<usize> = vec![at, end];
    for r in ranges {
        for edge in [r.start, r.end] {
            if edge > at && edge < end {
                cuts.push(edge);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let text = &token.text[a - at..b - at];
        let moved = ranges.iter().any(|r| r.start <= a && b <= r.end);
        if moved {
            *words = words.saturating_sub(count_words(text));
        }
        out.push(DiffToken {
            op: token.op,
            text: text.to_owned(),
            moved,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn fold_is_the_words_joined_by_one_space() {
        for text in ["", "  \n", "uno", " a  b\n\tc ", "a\u{a0}b\u{2003} c\r\n"] {
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(fold(text), joined, "{text:?}");
        }
    }
}
