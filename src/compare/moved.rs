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

use std::borrow::Cow;

use super::blocks;
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
    #[cfg(debug_assertions)]
    debug_assert_eq!(pairs, reference::match_blocks(&gone, &arrived));
    if pairs.is_empty() {
        return;
    }
    let mut diffs: Vec<(usize, usize, Option<Vec<DiffToken>>)> = Vec::new();
    for &(g, a) in &pairs {
        let (from, to) = (&gone[g].loose, &arrived[a].loose);
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
        let (from, to) = (&gone[g].loose, &arrived[a].loose);
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

/// A loose block with at least [`MIN_WORDS`] words, and its text with
/// whitespace folded (borrowed when it is folded already, as a one-line
/// paragraph is).
struct Candidate<'a> {
    loose: Loose<'a>,
    folded: Cow<'a, str>,
}

/// The blocks that exist on one side only, with at least [`MIN_WORDS`] words:
/// those gone from the old version and those arrived in the new. Their
/// words are counted and their texts folded on every core: a comparison
/// whose every body was rewritten has a loose block or two per section.
fn loose_blocks<'a>(
    od: &'a Document,
    nd: &'a Document,
    entries: &[SectionChange],
) -> (Vec<Candidate<'a>>, Vec<Candidate<'a>>) {
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
            if let Some((list, text)) = loose {
                list.push(Loose {
                    entry: e,
                    block: b,
                    text,
                });
            }
        }
    }
    let keep = |list: Vec<Loose<'a>>| -> Vec<Candidate<'a>> {
        let folded: Vec<Option<Cow<'a, str>>> = crate::parallel::map(&list, PARALLEL_BLOCKS, |l| {
            has_words(l.text, MIN_WORDS).then(|| fold(l.text))
        });
        list.into_iter()
            .zip(folded)
            .filter_map(|(loose, folded)| {
                Some(Candidate {
                    loose,
                    folded: folded?,
                })
            })
            .collect()
    };
    (keep(gone), keep(arrived))
}

/// No further block in a chain of [`match_blocks`]'s identical texts.
const NONE: usize = usize::MAX;

/// Pairs gone blocks with arrived ones in other entries: identical texts
/// (whitespace folded) in document order, then the most similar pairs
/// first. Returns `(gone, arrived)` indices.
fn match_blocks(gone: &[Candidate<'_>], arrived: &[Candidate<'_>]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut taken_gone = vec![false; gone.len()];
    let mut taken_arrived = vec![false; arrived.len()];
    // Identical text: each gone block takes the first arrived block of the
    // same folded text in another entry. The arrived blocks of one text are
    // chained in order (`first`, then `next_same`), taken ones skipped.
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(arrived.len());
    let mut next_same = vec![NONE; arrived.len()];
    for (a, block) in arrived.iter().enumerate().rev() {
        let head = first.entry(&block.folded).or_insert(NONE);
        next_same[a] = *head;
        *head = a;
    }
    for (g, block) in gone.iter().enumerate() {
        let Some(head) = first.get_mut(&*block.folded) else {
            continue;
        };
        while *head != NONE && taken_arrived[*head] {
            *head = next_same[*head];
        }
        let mut a = *head;
        while a != NONE && (taken_arrived[a] || arrived[a].loose.entry == block.loose.entry) {
            a = next_same[a];
        }
        if a != NONE {
            taken_gone[g] = true;
            taken_arrived[a] = true;
            pairs.push((g, a));
        }
    }
    // Edited text: candidates that share words with the block, scored. The
    // words and the scores of the blocks are independent: spread over the
    // cores.
    let open_arrived: Vec<usize> = (0..arrived.len()).filter(|&a| !taken_arrived[a]).collect();
    let index = ArrivedIndex::new(arrived, &open_arrived);
    let open: Vec<usize> = (0..gone.len()).filter(|&g| !taken_gone[g]).collect();
    let scored: Vec<(u64, usize, usize)> =
        crate::parallel::map(&open, PARALLEL_BLOCKS, |&g| index.score(g, &gone[g].loose))
            .into_iter()
            .flatten()
            .collect();
    take_best(scored, &mut taken_gone, &mut taken_arrived, pairs)
}

/// `pairs` with the `(score, gone, arrived)` of `scored` added best first
/// (on a tie, the earlier gone block, then the earlier arrived one), each
/// block taken once; sorted.
fn take_best(
    mut scored: Vec<(u64, usize, usize)>,
    taken_gone: &mut [bool],
    taken_arrived: &mut [bool],
    mut pairs: Vec<(usize, usize)>,
) -> Vec<(usize, usize)> {
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

/// Below this many blocks, words and scores are computed on the calling
/// thread: starting threads would cost more.
const PARALLEL_BLOCKS: usize = 64;

/// A word's arrived blocks, in order; `None` once they are more than
/// [`COMMON_WORD`] (a word too common to find candidates by).
type Postings = Option<Vec<usize>>;

/// Adds block `a` to a word's postings.
fn post(postings: &mut Postings, a: usize) {
    if let Some(list) = postings {
        if list.len() == COMMON_WORD {
            *postings = None;
        } else {
            list.push(a);
        }
    }
}

/// The arrived blocks not taken as identical text, with their words
/// indexed.
struct ArrivedIndex<'a, 'b> {
    arrived: &'b [Candidate<'a>],
    /// Each arrived block's words, sorted ([`blocks::sorted_words`]); empty
    /// for blocks taken as identical text.
    words: Vec<Vec<Cow<'a, str>>>,
    /// The blocks each word is in, but for common words.
    postings: HashMap<Cow<'a, str>, Postings>,
}

impl<'a, 'b> ArrivedIndex<'a, 'b> {
    /// Indexes the blocks `open` of `arrived`: each core (past
    /// [`PARALLEL_BLOCKS`]) sorts the words of a run of them and indexes its
    /// run; the runs' postings are then
    /// joined in order (so each list is in the blocks' order, as one
    /// table's would be), a word common in one run being common in all.
    fn new(arrived: &'b [Candidate<'a>], open: &[usize]) -> Self {
        let index_run = |run: &[usize]| {
            let mut postings: HashMap<Cow<'a, str>, Postings> = HashMap::new();
            let words: Vec<(usize, Vec<Cow<'a, str>>)> = run
                .iter()
                .map(|&a| {
                    let words = blocks::sorted_words(arrived[a].loose.text);
                    let mut previous: Option<&str> = None;
                    for w in &words {
                        if previous != Some(w) {
                            // The word copied only when it is new here.
                            match postings.get_mut(w.as_ref()) {
                                Some(list) => post(list, a),
                                None => {
                                    postings.insert(w.clone(), Some(vec![a]));
                                }
                            }
                            previous = Some(w);
                        }
                    }
                    (a, words)
                })
                .collect();
            (words, postings)
        };
        let runs = if open.len() < PARALLEL_BLOCKS {
            vec![index_run(open)]
        } else {
            crate::parallel::map_runs(open, index_run)
        };
        let mut words: Vec<Vec<Cow<'a, str>>> = (0..arrived.len()).map(|_| Vec::new()).collect();
        let mut postings: HashMap<Cow<'a, str>, Postings> = HashMap::new();
        for (run_words, run_postings) in runs {
            for (a, w) in run_words {
                words[a] = w;
            }
            for (word, list) in run_postings {
                let joined = postings.entry(word).or_insert_with(|| Some(Vec::new()));
                match list {
                    None => *joined = None,
                    Some(list) => {
                        for a in list {
                            post(joined, a);
                        }
                    }
                }
            }
        }
        ArrivedIndex {
            arrived,
            words,
            postings,
        }
    }

    /// The arrived blocks in other entries that gone block `g` is like enough,
    /// as `(similarity key, g, arrived)`: among the [`CANDIDATES`] sharing the
    /// most words (a word in more than [`COMMON_WORD`] blocks aside).
    fn score(&self, g: usize, block: &Loose<'_>) -> Vec<(u64, usize, usize)> {
        let words = blocks::sorted_words(block.text);
        let mut shared: HashMap<usize, usize> = HashMap::new();
        let mut previous: Option<&str> = None;
        for w in &words {
            if previous == Some(w) {
                continue;
            }
            previous = Some(w);
            if let Some(Some(list)) = self.postings.get(w.as_ref()) {
                for &a in list {
                    *shared.entry(a).or_insert(0) += 1;
                }
            }
        }
        let mut candidates: Vec<(usize, usize)> = shared
            .into_iter()
            .filter(|&(a, _)| self.arrived[a].loose.entry != block.entry)
            .collect();
        candidates.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let mut scored = Vec::new();
        for &(a, _) in candidates.iter().take(CANDIDATES) {
            let other = &self.arrived[a].loose;
            let s = blocks::sorted_similarity(&words, &self.words[a], block.text, other.text);
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
/// a comparison folds every block that left or arrived); the text itself
/// when it is folded already (no whitespace but single spaces between
/// words), as a one-line paragraph is.
fn fold(text: &str) -> Cow<'_, str> {
    if is_folded(text) {
        return Cow::Borrowed(text);
    }
    let mut folded = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    Cow::Owned(folded)
}

/// Whether [`fold`] would give `text` back: no whitespace at either end,
/// none but single ASCII spaces inside.
fn is_folded(text: &str) -> bool {
    let mut after_space = true;
    for c in text.chars() {
        if c == ' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if c.is_whitespace() {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || text.is_empty()
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

/// The pairing of [`match_blocks`] as it was first written (a hash table of
/// words per block, a list per folded text), which debug builds compare
/// with the faster one on every comparison.
#[cfg(any(test, debug_assertions))]
mod reference {
    use super::{CANDIDATES, COMMON_WORD, Candidate, MOVE_SIMILARITY};
    use crate::compare::blocks::Bag;
    use foldhash::HashMap;

    pub(super) fn match_blocks(
        gone: &[Candidate<'_>],
        arrived: &[Candidate<'_>],
    ) -> Vec<(usize, usize)> {
        let mut pairs = Vec::new();
        let mut taken_gone = vec![false; gone.len()];
        let mut taken_arrived = vec![false; arrived.len()];
        let mut by_text: HashMap<String, Vec<usize>> = HashMap::default();
        for (a, block) in arrived.iter().enumerate().rev() {
            by_text.entry(block.folded.to_string()).or_default().push(a);
        }
        for (g, block) in gone.iter().enumerate() {
            let Some(list) = by_text.get_mut(&*block.folded) else {
                continue;
            };
            if let Some(k) = list
                .iter()
                .rposition(|&a| arrived[a].loose.entry != block.loose.entry)
            {
                let a = list.remove(k);
                taken_gone[g] = true;
                taken_arrived[a] = true;
                pairs.push((g, a));
            }
        }
        let bags: Vec<Bag<'_>> = arrived.iter().map(|b| Bag::of(b.loose.text)).collect();
        let mut postings: HashMap<&str, Vec<usize>> = HashMap::default();
        for (a, bag) in bags.iter().enumerate() {
            if !taken_arrived[a] {
                for w in bag.words() {
                    postings.entry(w).or_default().push(a);
                }
            }
        }
        let mut scored: Vec<(u64, usize, usize)> = Vec::new();
        for (g, block) in gone.iter().enumerate().filter(|&(g, _)| !taken_gone[g]) {
            let block = &block.loose;
            let bag = Bag::of(block.text);
            let mut shared: HashMap<usize, usize> = HashMap::default();
            for w in bag.words() {
                match postings.get(w) {
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
                .filter(|&(a, _)| arrived[a].loose.entry != block.entry)
                .collect();
            candidates.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            for &(a, _) in candidates.iter().take(CANDIDATES) {
                let s = bag.similarity(&bags[a], block.text, arrived[a].loose.text);
                if s >= MOVE_SIMILARITY {
                    scored.push(((s * 1_000_000.0) as u64, g, a));
                }
            }
        }
        super::take_best(scored, &mut taken_gone, &mut taken_arrived, pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_is_the_words_joined_by_one_space() {
        for text in [
            "",
            "  \n",
            "uno",
            " a  b\n\tc ",
            "a\u{a0}b\u{2003} c\r\n",
            "uno dos.",
            "uno  dos",
            "uno ",
            " uno",
        ] {
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(fold(text), joined, "{text:?}");
            assert_eq!(matches!(fold(text), Cow::Borrowed(_)), text == joined);
        }
    }

    /// Loose blocks of `texts` (`(entry, text)`), as `loose_blocks` keeps them.
    fn candidates(texts: &[(usize, String)]) -> Vec<Candidate<'_>> {
        texts
            .iter()
            .enumerate()
            .filter(|(_, (_, text))| has_words(text, MIN_WORDS))
            .map(|(block, (entry, text))| Candidate {
                loose: Loose {
                    entry: *entry,
                    block,
                    text,
                },
                folded: fold(text),
            })
            .collect()
    }

    /// Blocks of `words` words drawn from a vocabulary of `vocabulary`,
    /// spaced one way or another, in entries `0..entries`.
    fn blocks(
        seed: u64,
        n: usize,
        entries: usize,
        vocabulary: usize,
        words: usize,
    ) -> Vec<(usize, String)> {
        let mut rng = crate::synth::Rng::new(seed);
        (0..n)
            .map(|_| {
                let count = 3 + rng.below(words);
                let mut text = String::new();
                for k in 0..count {
                    if k > 0 {
                        text.push_str([" ", " ", " ", "  ", "\n"][rng.below(5)]);
                    }
                    let w = rng.below(vocabulary);
                    text.push_str(if w.is_multiple_of(7) {
                        "Palabra"
                    } else {
                        "palabra"
                    });
                    text.push_str(&w.to_string());
                }
                (rng.below(entries), text)
            })
            .collect()
    }

    /// The pairing equals the first one's (tables of words per block, a list
    /// per text) on blocks that repeat, differ by a word or two, share
    /// common and rare words, across a few entries or many, on one core's
    /// worth of blocks and on several cores' (past `PARALLEL_BLOCKS`).
    #[test]
    fn pairing_is_the_references() {
        let (mut identical, mut edited) = (0, 0);
        for seed in 0..60u64 {
            let n = [5, 40, 300][seed as usize % 3];
            let vocabulary = [6, 30, 400][seed as usize / 3 % 3];
            let entries = [2, 8, 100][seed as usize / 9 % 3];
            let gone_texts = blocks(seed, n, entries, vocabulary, 12);
            // Some arrived blocks are gone ones again, some edited a little.
            let mut arrived_texts = blocks(seed + 1000, n, entries, vocabulary, 12);
            let mut rng = crate::synth::Rng::new(seed + 7);
            for (k, (entry, text)) in gone_texts.iter().enumerate() {
                match rng.below(4) {
                    0 => arrived_texts[k] = (rng.below(entries), text.clone()),
                    1 => arrived_texts[k] = (*entry, format!("{text} otra palabra1")),
                    2 => arrived_texts[k] = (rng.below(entries), text.replace("  ", " ")),
                    _ => {}
                }
            }
            let (gone, arrived) = (candidates(&gone_texts), candidates(&arrived_texts));
            let pairs = match_blocks(&gone, &arrived);
            assert_eq!(
                pairs,
                reference::match_blocks(&gone, &arrived),
                "seed {seed}"
            );
            for (g, a) in pairs {
                if gone[g].folded == arrived[a].folded {
                    identical += 1;
                } else {
                    edited += 1;
                }
            }
        }
        // Both ways of pairing were exercised, many times.
        assert!(identical > 1000 && edited > 200, "{identical} {edited}");
    }
}
