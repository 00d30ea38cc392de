//! Pairing the sections of two versions.
//!
//! Evidence is used strongest first, each phase only on what earlier phases left
//! unpaired:
//! 1. the preamble with the preamble;
//! 2. the same id where at least one side wrote it explicitly (`{#objetivos}`);
//! 3. the same title (number stripped) where it is unique on both sides;
//! 4. a section whose children were paired with the children of one old
//!    section pairs with it (a chapter renamed, or one of many "(derogado)"
//!    chapters, is found through its articles);
//! 5. the same title next to a pair: when `o` and `n` are paired and `o + 1`,
//!    `n + 1` have the same title and level, they pair too (and backwards), so
//!    runs of repeated headings ("(derogado)", "Objetivo") follow their anchors;
//! 6. a score of body similarity (word bigrams), title similarity and paired
//!    parents, above [`PAIR_THRESHOLD`], best scores first, nearer positions
//!    first among equals; then steps 4 and 5 again;
//! 7. last, repeated titles left under parents already paired, in order, when
//!    both sides have as many of them.
//!
//! A heading that is only a number (`Artículo 7`) has no title to go by: once a
//! draft is renumbered its number names another section. Such sections take
//! no part in the title phases (3, 5, 7 and the title vote of 4); they pair by
//! their text (right after 2, and in 6 when their text is distinctive), then by
//! order and number between the pairs found (after 6): see `number_only`.
//!
//! Then each pair gets its flags: *moved* when its parent changed or when it is
//! outside the longest increasing subsequence of old positions among its siblings
//! (so one section moved is one move, and the sections it jumped over are not);
//! *renamed* when the title changed; *renumbered* when the number changed.

// foldhash: std's HashMap with a faster hash, seeded at random as std's is.
use foldhash::{HashMap, HashMapExt};
use std::hash::{BuildHasher, Hash};
use std::ops::Range;
use std::sync::OnceLock;

use crate::document::{Document, Section};

use number_only::NumberOnly;

#[path = "align/number_only.rs"]
mod number_only;

/// Score (0–1) a pair found by similarity must reach.
pub const PAIR_THRESHOLD: f64 = 0.45;

/// Bigrams shared by more old sections than this are too common to be evidence.
const COMMON_SHINGLE: usize = 64;

/// How many candidates, those sharing the most bigrams and title words, a
/// section is scored against: the cost of a section is bounded by its size,
/// not by how many others share a few of its words (thousands of articles of
/// one law do).
const MAX_CANDIDATES: usize = 24;

/// Which old section each new section is paired with, and the reverse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    pub old_to_new: Vec<Option<usize>>,
    pub new_to_old: Vec<Option<usize>>,
    /// For each new section: whether its pair is flagged as moved.
    pub moved: Vec<bool>,
}

impl Alignment {
    fn new(old_len: usize, new_len: usize) -> Self {
        Alignment {
            old_to_new: vec![None; old_len],
            new_to_old: vec![None; new_len],
            moved: vec![false; new_len],
        }
    }

    fn pair(&mut self, old: usize, new: usize) {
        debug_assert!(self.old_to_new[old].is_none() && self.new_to_old[new].is_none());
        self.old_to_new[old] = Some(new);
        self.new_to_old[new] = Some(old);
    }

    fn unpaired_old(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.old_to_new.len()).filter(|&i| self.old_to_new[i].is_none())
    }

    fn unpaired_new(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.new_to_old.len()).filter(|&i| self.new_to_old[i].is_none())
    }

    /// Whether the parents of `old` and `new` are paired with each other (or both absent).
    fn same_parent(&self, old: &Section, new: &Section) -> bool {
        match (old.parent, new.parent) {
            (None, None) => true,
            (Some(a), Some(b)) => self.old_to_new[a] == Some(b),
            _ => false,
        }
    }
}

/// Pairs the sections of `old` and `new` and flags the moves.
pub fn align(old: &Document, new: &Document) -> Alignment {
    if let Some(al) = same_outline(old, new) {
        debug_assert_eq!(
            al,
            align_by_evidence(old, new),
            "the outline shortcut agrees"
        );
        return al;
    }
    align_by_evidence(old, new)
}

/// The shortcut for the commonest step of a history: the same headings in the
/// same order, only bodies changed. Then every section pairs with the one in
/// its place — what the phases below find too, as long as no changed body
/// sits under a repeated title (two "Notas" could have traded bodies).
fn same_outline(old: &Document, new: &Document) -> Option<Alignment> {
    let (os, ns) = (old.sections(), new.sections());
    if os.len() != ns.len() {
        return None;
    }
    let same = os.iter().zip(ns).all(|(o, n)| {
        o.level == n.level && o.heading == n.heading && o.id == n.id && o.parent == n.parent
    });
    if !same {
        return None;
    }
    // Few bodies change at a step: each changed one looks for its title
    // elsewhere, with no table of every title for the sake of one or two;
    // past a handful, the titles are counted once (every body changed in a
    // 100,000-section draft once scanned every title for each: 70 s).
    let changed: Vec<usize> = (0..ns.len())
        .filter(|&i| old.body(i) != new.body(i))
        .collect();
    let changed_under_repeated_title = if changed.len() <= 4 {
        changed.iter().any(|&i| {
            ns.iter()
                .enumerate()
                .any(|(k, s)| k != i && s.title_key == ns[i].title_key)
        })
    } else {
        let mut titles: HashMap<&str, usize> = HashMap::with_capacity(ns.len());
        for s in ns {
            *titles.entry(s.title_key.as_str()).or_default() += 1;
        }
        changed
            .iter()
            .any(|&i| titles[ns[i].title_key.as_str()] > 1)
    };
    if changed_under_repeated_title {
        return None;
    }
    // A heading that is only a number is no title either: two such sections
    // whose bodies changed may have traded them (an article moved and the
    // numbers kept), which only the evidence tells. One alone is paired by
    // order there too.
    let changed_number_only = changed
        .iter()
        .filter(|&&i| number_only::is_number_only(&ns[i]))
        .nth(1)
        .is_some();
    if changed_number_only {
        return None;
    }
    let mut al = Alignment::new(os.len(), ns.len());
    for i in 0..ns.len() {
        al.pair(i, i);
    }
    Some(al)
}

fn align_by_evidence(old: &Document, new: &Document) -> Alignment {
    let (os, ns) = (old.sections(), new.sections());
    let mut al = Alignment::new(os.len(), ns.len());
    let (mut old_only, mut new_only) = number_only_of_both(old, new);
    pair_preambles(os, ns, &mut al);
    pair_by_explicit_id(os, ns, &mut al);
    number_only::pair_by_unique_text(&old_only, &new_only, &mut al);
    number_only::quoted_numbers_as_names(os, ns, &mut old_only, &mut new_only, &al);
    let (old_only, new_only) = (old_only, new_only);
    // A heading that is only a number has no title key: the number would name
    // another section as soon as the draft is renumbered.
    fn key(s: &Section, only: bool) -> &str {
        if only { "" } else { s.title_key.as_str() }
    }
    let old_keys: Vec<&str> = os
        .iter()
        .zip(&old_only.only)
        .map(|(s, &b)| key(s, b))
        .collect();
    let new_keys: Vec<&str> = ns
        .iter()
        .zip(&new_only.only)
        .map(|(s, &b)| key(s, b))
        .collect();
    let titles = Titles {
        old: &old_keys,
        new: &new_keys,
        old_only: &old_only.only,
        new_only: &new_only.only,
    };
    pair_by_unique_title(&old_keys, &new_keys, &mut al);
    pair_parents_by_children(os, ns, &titles, &mut al);
    extend_through_neighbours(os, ns, &titles, &mut al);
    let (old_shingles, new_shingles) = (BodyShingles::new(old), BodyShingles::new(new));
    pair_by_similarity(&old_shingles, &new_shingles, &old_only, &new_only, &mut al);
    pair_parents_by_children(os, ns, &titles, &mut al);
    extend_through_neighbours(os, ns, &titles, &mut al);
    if !(old_only.is_empty() || new_only.is_empty()) {
        let shingles = (&old_shingles, &new_shingles);
        number_only::pair_in_gaps(shingles, &old_only, &new_only, &mut al);
        pair_parents_by_children(os, ns, &titles, &mut al);
        number_only::pair_in_gaps(shingles, &old_only, &new_only, &mut al);
    }
    pair_repeated_titles_under_paired_parents(os, ns, &titles, &mut al);
    flag_moves(os, ns, &mut al);
    al
}

/// [`NumberOnly::new`] of each version: each reads the words of all its
/// number-only bodies, so on two threads when those are large (a law of
/// thousands of `§ N`; not a policy whose headings all have a title).
fn number_only_of_both(old: &Document, new: &Document) -> (NumberOnly, NumberOnly) {
    let bytes = |doc: &Document| -> usize {
        (doc.sections().iter().enumerate())
            .filter(|(_, s)| number_only::is_number_only(s))
            .map(|(i, _)| doc.body(i).len())
            .sum()
    };
    if !worth_spreading(bytes(old) + bytes(new)) {
        return (NumberOnly::new(old), NumberOnly::new(new));
    }
    std::thread::scope(|scope| {
        let new_only = scope.spawn(|| NumberOnly::new(new));
        let old_only = NumberOnly::new(old);
        (old_only, new_only.join().expect("a worker does not panic"))
    })
}

/// The title keys the phases compare, and which headings are only a number
/// (whose empty key is no title, and never equal to another).
struct Titles<'a> {
    old: &'a [&'a str],
    new: &'a [&'a str],
    old_only: &'a [bool],
    new_only: &'a [bool],
}

impl Titles<'_> {
    /// Whether old section `o` and new section `n` have the same title, as evidence.
    fn same(&self, o: usize, n: usize) -> bool {
        !self.old_only[o] && !self.new_only[n] && self.old[o] == self.new[n]
    }
}

fn pair_preambles(os: &[Section], ns: &[Section], al: &mut Alignment) {
    if os.first().is_some_and(|s| s.level == 0) && ns.first().is_some_and(|s| s.level == 0) {
        al.pair(0, 0);
    }
}

/// Indices by key, keeping only keys that occur once.
fn unique_index<'a>(keys: impl Iterator<Item = (usize, &'a str)>) -> HashMap<&'a str, usize> {
    let mut seen: HashMap<&str, Option<usize>> = HashMap::new();
    for (i, k) in keys {
        seen.entry(k).and_modify(|v| *v = None).or_insert(Some(i));
    }
    seen.into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect()
}

fn pair_by_explicit_id(os: &[Section], ns: &[Section], al: &mut Alignment) {
    // Only a pair with an explicit id on one side pairs here: most documents
    // have none, and indexing every id of a law's thousands costs.
    if !os.iter().chain(ns).any(|s| s.explicit_id) {
        return;
    }
    let old_ids = unique_index(
        os.iter()
            .filter(|s| s.level > 0)
            .map(|s| (s.index, s.id.as_str())),
    );
    let new_ids = unique_index(
        ns.iter()
            .filter(|s| s.level > 0)
            .map(|s| (s.index, s.id.as_str())),
    );
    for n in ns {
        let Some(&o) = old_ids.get(n.id.as_str()) else {
            continue;
        };
        if new_ids.get(n.id.as_str()) != Some(&n.index) {
            continue;
        }
        if (n.explicit_id || os[o].explicit_id)
            && al.new_to_old[n.index].is_none()
            && al.old_to_new[o].is_none()
        {
            al.pair(o, n.index);
        }
    }
}

fn pair_by_unique_title(old_keys: &[&str], new_keys: &[&str], al: &mut Alignment) {
    let old_unique = unique_index(al.unpaired_old().map(|i| (i, old_keys[i])));
    let new_unique = unique_index(al.unpaired_new().map(|i| (i, new_keys[i])));
    let mut pairs: Vec<(usize, usize)> = new_unique
        .iter()
        .filter(|(k, _)| !k.is_empty())
        .filter_map(|(k, &n)| Some((*old_unique.get(k)?, n)))
        .collect();
    pairs.sort_unstable();
    for (o, n) in pairs {
        al.pair(o, n);
    }
}

/// Bottom-up: an unpaired new section whose paired children mostly come from
/// one unpaired old section of the same level pairs with it.
fn pair_parents_by_children(
    os: &[Section],
    ns: &[Section],
    titles: &Titles<'_>,
    al: &mut Alignment,
) {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); ns.len()];
    for (n, s) in ns.iter().enumerate() {
        if let Some(q) = s.parent {
            children[q].push(n);
        }
    }
    // Children come after their parent: walking backwards decides grandchildren,
    // then children, then parents, so a parent paired here can vote upwards.
    for q in (0..ns.len()).rev() {
        if al.new_to_old[q].is_some() || children[q].is_empty() {
            continue;
        }
        let mut tally: HashMap<usize, usize> = HashMap::new();
        let mut paired = 0;
        for &c in &children[q] {
            if let Some(o) = al.new_to_old[c] {
                paired += 1;
                if let Some(p) = os[o].parent {
                    *tally.entry(p).or_default() += 1;
                }
            }
        }
        let best = tally
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
        let Some((p, votes)) = best else { continue };
        // A majority both ways among paired children: most of q's come from p,
        // and most of p's went to q (one section moved in is no evidence).
        let p_paired = os
            .iter()
            .enumerate()
            .skip(p + 1)
            .take_while(|(_, s)| s.level > os[p].level)
            .filter(|(o, s)| s.parent == Some(p) && al.old_to_new[*o].is_some())
            .count();
        // One vote alone is weak: a section moved in looks just like it.
        let enough = votes >= 2 || titles.same(p, q);
        if enough
            && 2 * votes > paired
            && 2 * votes > p_paired
            && al.old_to_new[p].is_none()
            && os[p].level == ns[q].level
        {
            al.pair(p, q);
        }
    }
}

/// Pairs the neighbours of every pair that share its title key and level,
/// forwards then backwards, until nothing changes.
fn extend_through_neighbours(
    os: &[Section],
    ns: &[Section],
    titles: &Titles<'_>,
    al: &mut Alignment,
) {
    let fits = |al: &Alignment, o: usize, n: usize| {
        al.old_to_new[o].is_none()
            && al.new_to_old[n].is_none()
            && os[o].level > 0
            && os[o].level == ns[n].level
            && titles.same(o, n)
            && parents_agree(al, &os[o], &ns[n])
    };
    loop {
        let mut changed = false;
        for o in 0..os.len() {
            if let Some(n) = al.old_to_new[o]
                && o + 1 < os.len()
                && n + 1 < ns.len()
                && fits(al, o + 1, n + 1)
            {
                al.pair(o + 1, n + 1);
                changed = true;
            }
        }
        for o in (1..os.len()).rev() {
            if let Some(n) = al.old_to_new[o]
                && n > 0
                && fits(al, o - 1, n - 1)
            {
                al.pair(o - 1, n - 1);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// Parents paired with each other, or not yet paired at all (so no evidence
/// against the pair).
fn parents_agree(al: &Alignment, old: &Section, new: &Section) -> bool {
    match (old.parent, new.parent) {
        (Some(a), Some(b)) => match (al.old_to_new[a], al.new_to_old[b]) {
            (Some(x), _) => x == b,
            (None, None) => true,
            (None, Some(_)) => false,
        },
        (None, None) => true,
        _ => false,
    }
}

/// Repeated titles ("Objetivo" in every chapter): the k-th one under a parent pairs
/// with the k-th one of the same title under that parent's pair, when both
/// parents have the same number of them left.
fn pair_repeated_titles_under_paired_parents(
    os: &[Section],
    ns: &[Section],
    titles: &Titles<'_>,
    al: &mut Alignment,
) {
    let (old_keys, new_keys) = (titles.old, titles.new);
    let mut old_groups: HashMap<(Option<usize>, &str), Vec<usize>> = HashMap::new();
    // Headings that are only a number are no repeated title: their order was
    // the last phase of their own (`number_only::pair_in_gaps`).
    for o in al
        .unpaired_old()
        .filter(|&o| !titles.old_only[o])
        .collect::<Vec<_>>()
    {
        old_groups
            .entry((os[o].parent, old_keys[o]))
            .or_default()
            .push(o);
    }
    let mut new_groups: HashMap<(Option<usize>, &str), usize> = HashMap::new();
    for n in al.unpaired_new().filter(|&n| !titles.new_only[n]) {
        let old_parent = match ns[n].parent {
            None => None,
            Some(p) => match al.new_to_old[p] {
                Some(op) => Some(op),
                None => continue,
            },
        };
        *new_groups.entry((old_parent, new_keys[n])).or_default() += 1;
    }
    old_groups.retain(|key, group| new_groups.get(key) == Some(&group.len()));
    let mut taken: HashMap<(Option<usize>, &str), usize> = HashMap::new();
    for n in 0..ns.len() {
        if al.new_to_old[n].is_some() || ns[n].level == 0 || titles.new_only[n] {
            continue;
        }
        let old_parent = match ns[n].parent {
            None => None,
            Some(p) => match al.new_to_old[p] {
                Some(op) => Some(op),
                None => continue,
            },
        };
        let key = (old_parent, new_keys[n]);
        let Some(group) = old_groups.get(&key) else {
            continue;
        };
        let k = taken.entry(key).or_insert(0);
        if let Some(&o) = group.get(*k) {
            *k += 1;
            if al.old_to_new[o].is_none() {
                al.pair(o, n);
            }
        }
    }
}

/// Hashed word bigrams of a text (lowercased words); single words for texts of
/// fewer than three words, so short bodies still have evidence. A bigram is
/// the pair of its words' keys (each word's lowercase hashed once), and a
/// single word the one key alone: a slice of one and a slice of two never
/// hash alike.
fn shingles(text: &str) -> Vec<u64> {
    let keys = word_keys(text);
    let mut out: Vec<u64> = if keys.len() < 3 {
        keys.iter().map(|k| hash_of(&[*k])).collect()
    } else {
        keys.windows(2).map(hash_of).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Each section's body bigrams ([`shingles`]), worked out on first use and
/// kept for the pairing's later phases: the similarity phase reads those of
/// every section left, and the gaps' phase (after it, on one thread) those of
/// the number-only ones among them, read again from here, not from the text.
pub(crate) struct BodyShingles<'a> {
    doc: &'a Document,
    cells: Vec<OnceLock<Vec<u64>>>,
}

impl<'a> BodyShingles<'a> {
    pub(crate) fn new(doc: &'a Document) -> Self {
        BodyShingles {
            doc,
            cells: (0..doc.sections().len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The sections of the document.
    pub(crate) fn sections(&self) -> &'a [Section] {
        self.doc.sections()
    }

    /// The bigrams of section `index`'s body.
    pub(crate) fn of(&self, index: usize) -> &[u64] {
        self.cells[index].get_or_init(|| shingles(self.doc.body(index)))
    }
}

/// The key of each word of a text (UAX #29): its lowercase, hashed. A
/// capitalised word (every German noun) is lowercased into one buffer kept
/// for the whole text, not into a string of its own.
pub(crate) fn word_keys(text: &str) -> Vec<u64> {
    let mut lower = String::new();
    super::tokens::words(text)
        .map(|word| hash_of(lowercase_into(word, &mut lower)))
        .collect()
}

/// `word.to_lowercase()`, in `buffer` when it differs from `word`. `Σ` is
/// the one character `str::to_lowercase` maps by its context: a word
/// holding one is lowercased by it; every other character by itself, as
/// `str::to_lowercase` does.
fn lowercase_into<'a>(word: &'a str, buffer: &'a mut String) -> &'a str {
    if word.is_ascii() {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return word;
        }
        buffer.clear();
        buffer.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return buffer;
    }
    if word.contains('Σ') {
        *buffer = word.to_lowercase();
        return buffer;
    }
    buffer.clear();
    buffer.extend(word.chars().flat_map(char::to_lowercase));
    buffer
}

/// A shingle's or a title word's key: foldhash with a fixed seed, so the
/// same words give the same keys on every run (only their equality is used).
/// SipHash, std's, was a tenth of the pairing on a law of 22,000 sections.
fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    foldhash::fast::FixedState::with_seed(0x636f_7465_6a6f).hash_one(value)
}

/// Dice coefficient of two sorted, deduplicated sets.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    dice_of_count(common_count(a, b), a, b)
}

/// Dice coefficient of two sets that have `common` values in common. Rises
/// with `common`, so that a bound on it bounds the coefficient.
fn dice_of_count(common: usize, a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// How many values two sorted lists without repeats have in common.
///
/// Four of each at a time, all sixteen pairs compared (no order between
/// them, so the processor does them side by side), then the block with the
/// smaller last value steps (both when equal): a value of one block is
/// compared once with each block of the other that can hold it, as a merge
/// would, in about a third of the merge's time on a law's bigrams. The last
/// few values are merged one by one.
fn common_count(a: &[u64], b: &[u64]) -> usize {
    const BLOCK: usize = 4;
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i + BLOCK <= a.len() && j + BLOCK <= b.len() {
        let (x, y): (&[u64; BLOCK], &[u64; BLOCK]) = (
            a[i..i + BLOCK].try_into().expect("a block"),
            b[j..j + BLOCK].try_into().expect("a block"),
        );
        for u in x {
            for v in y {
                common += usize::from(u == v);
            }
        }
        let (last_x, last_y) = (x[BLOCK - 1], y[BLOCK - 1]);
        i += BLOCK * usize::from(last_x <= last_y);
        j += BLOCK * usize::from(last_y <= last_x);
    }
    common + merge_count(&a[i..], &b[j..])
}

/// [`common_count`] by a plain merge, without branches on the comparison:
/// the smaller side steps (both when equal), which random hashes would
/// mispredict half the time.
fn merge_count(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        common += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    common
}

fn title_words(key: &str) -> Vec<u64> {
    let mut v: Vec<u64> = key
        .split('-')
        .filter(|w| !w.is_empty())
        .map(hash_of)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn pair_by_similarity(
    old_shingles: &BodyShingles<'_>,
    new_shingles: &BodyShingles<'_>,
    old_only: &NumberOnly,
    new_only: &NumberOnly,
    al: &mut Alignment,
) {
    let (old, new) = (old_shingles.doc, new_shingles.doc);
    let old_left: Vec<usize> = al
        .unpaired_old()
        .filter(|&i| old.sections()[i].level > 0)
        .collect();
    let new_left: Vec<usize> = al
        .unpaired_new()
        .filter(|&i| new.sections()[i].level > 0)
        .collect();
    if old_left.is_empty() || new_left.is_empty() {
        return;
    }
    let bytes =
        |doc: &Document, left: &[usize]| left.iter().map(|&i| doc.body(i).len()).sum::<usize>();
    let spread = worth_spreading(bytes(old, &old_left) + bytes(new, &new_left));
    let scorer = Scorer {
        old,
        new,
        old_only,
        new_only,
        al,
        old_shingles,
        new_shingles,
        index: OldIndex::new(old_shingles, &old_left, spread),
    };
    // Each new section is scored on its own: a run of them per thread when
    // the bodies are large (a law of thousands of sections), each run with
    // its own tally. The scores are sorted below by a total order.
    let runs: Vec<Scores> = if spread {
        crate::parallel::map_runs(&new_left, |run| scorer.score_run(run))
    } else {
        vec![scorer.score_run(&new_left)]
    };
    let Scores {
        mut scored,
        blocked_old,
        blocked_new,
    } = Scores::merge(runs);
    scored.retain(|&(score, _, o, n)| {
        !(old_only.only[o] && new_only.only[n])
            || (blocked_old.get(&o).is_none_or(|&b| score > b)
                && blocked_new.get(&n).is_none_or(|&b| score > b))
    });
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    for (_, _, o, n) in scored {
        if al.old_to_new[o].is_none() && al.new_to_old[n].is_none() {
            al.pair(o, n);
        }
    }
}

/// Below this many bytes of bodies to read, pairing stays on the calling
/// thread (the number-only words, the similarity phase): threads cost more
/// than they save on a policy of a few hundred kilobytes, and a history
/// already compares its steps over the cores.
const PARALLEL_BYTES: usize = 256 * 1024;

fn worth_spreading(bytes: usize) -> bool {
    bytes >= PARALLEL_BYTES && crate::parallel::threads() > 1
}

/// The old sections left for the similarity phase: their title words
/// (indexed by section), and which of them hold each bigram and title word.
struct OldIndex {
    title_words: Vec<Vec<u64>>,
    /// Inverted index: the old sections that hold each key (a body bigram, or
    /// a title word salted), as a range of `holders`. One list for all keys,
    /// not one per key: a law has hundreds of thousands of bigrams, and
    /// allocating and freeing a list for each cost more than the scoring.
    by_key: HashMap<u64, Range<usize>>,
    holders: Vec<usize>,
}

impl OldIndex {
    fn new(old: &BodyShingles<'_>, left: &[usize], spread: bool) -> OldIndex {
        let sections = old.doc.sections();
        if spread {
            crate::parallel::map(left, 2, |&i| old.of(i).len());
        }
        let mut title_words_of: Vec<Vec<u64>> = vec![Vec::new(); sections.len()];
        for &o in left {
            // Title words come from the title key even for a heading that is
            // only a number (its number's words): see `Scorer::score`.
            title_words_of[o] = title_words(&sections[o].title_key);
        }
        let keys = |o: usize| {
            let salted = title_words_of[o].iter().map(|&h| h ^ TITLE_SALT);
            old.of(o).iter().copied().chain(salted)
        };
        // Each key's holders in document order, in one list: counted first
        // (a range's end is its count), given their places, then placed as
        // `left` lists them. Sorting the (key, section) pairs did the same in
        // several times the time, on one thread, for a law's 300,000.
        debug_assert!(left.is_sorted(), "sections in document order");
        let mut by_key: HashMap<u64, Range<usize>> = HashMap::new();
        for &o in left {
            for key in keys(o) {
                by_key.entry(key).or_insert(0..0).end += 1;
            }
        }
        let mut start = 0;
        for range in by_key.values_mut() {
            let count = range.end;
            *range = start..start;
            start += count;
        }
        let mut holders = vec![0; start];
        for &o in left {
            for key in keys(o) {
                let range = by_key.get_mut(&key).expect("counted above");
                holders[range.end] = o;
                range.end += 1;
            }
        }
        OldIndex {
            title_words: title_words_of,
            by_key,
            holders,
        }
    }

    /// The old sections that hold `key`, in document order.
    fn holders(&self, key: u64) -> &[usize] {
        self.by_key
            .get(&key)
            .map_or(&[], |range| &self.holders[range.clone()])
    }
}

/// What the scoring of new sections needs, read only.
struct Scorer<'a> {
    old: &'a Document,
    new: &'a Document,
    old_shingles: &'a BodyShingles<'a>,
    new_shingles: &'a BodyShingles<'a>,
    old_only: &'a NumberOnly,
    new_only: &'a NumberOnly,
    al: &'a Alignment,
    index: OldIndex,
}

/// The scores of some new sections: the pairs that reach the threshold, as
/// `(score, distance, old, new)`, and the best score of each section against a
/// placeholder of the other side (which blocks its weaker number-only pairs).
#[derive(Default)]
struct Scores {
    scored: Vec<(f64, f64, usize, usize)>,
    blocked_old: HashMap<usize, f64>,
    blocked_new: HashMap<usize, f64>,
}

impl Scores {
    fn block(&mut self, o: usize, n: usize, score: f64) {
        let b = self.blocked_new.entry(n).or_insert(0.0);
        *b = b.max(score);
        let b = self.blocked_old.entry(o).or_insert(0.0);
        *b = b.max(score);
    }

    /// The scores of consecutive runs, as one run would have them.
    fn merge(runs: Vec<Scores>) -> Scores {
        let mut all = Scores::default();
        for run in runs {
            all.scored.extend(run.scored);
            for (n, s) in run.blocked_new {
                let b = all.blocked_new.entry(n).or_insert(0.0);
                *b = b.max(s);
            }
            for (o, s) in run.blocked_old {
                let b = all.blocked_old.entry(o).or_insert(0.0);
                *b = b.max(s);
            }
        }
        all
    }
}

impl Scorer<'_> {
    fn score_run(&self, run: &[usize]) -> Scores {
        let mut scores = Scores::default();
        let mut shared = Tally::new(self.old.sections().len());
        for &n in run {
            self.score(n, &mut shared, &mut scores);
        }
        scores
    }

    /// Each old section that shares a key (body bigram or title word) held
    /// by at most [`COMMON_SHINGLE`] old sections with a new section of
    /// bigrams `sh` and title words `tw`, with how many it shares; and how
    /// many keys were too common to count. The bigrams an old section and the
    /// new one both hold are at most the two counts added (a bound the
    /// scoring uses, checked in the tests).
    fn shared_keys(
        &self,
        sh: &[u64],
        tw: &[u64],
        shared: &mut Tally,
    ) -> (Vec<(usize, usize)>, usize) {
        let mut uncounted = 0;
        for h in sh.iter().copied().chain(tw.iter().map(|h| h ^ TITLE_SALT)) {
            let list = self.index.holders(h);
            if list.len() <= COMMON_SHINGLE {
                for &o in list {
                    shared.add(o);
                }
            } else {
                uncounted += 1;
            }
        }
        (shared.drain(), uncounted)
    }

    /// Scores new section `n` against the [`MAX_CANDIDATES`] old sections
    /// that share the most bigrams and title words with it.
    fn score(&self, n: usize, shared: &mut Tally, scores: &mut Scores) {
        let (os, ns) = (self.old.sections(), self.new.sections());
        let (old_only, new_only, index) = (self.old_only, self.new_only, &self.index);
        let sh = self.new_shingles.of(n);
        let tw = title_words(&ns[n].title_key);
        let (mut candidates, uncounted) = self.shared_keys(sh, &tw, shared);
        if candidates.len() > MAX_CANDIDATES {
            // The most shared first, the earlier on a tie: a total order, so
            // its first MAX_CANDIDATES are one set, found without sorting the
            // thousands a common word brings (a law's articles share many).
            candidates.select_nth_unstable_by(MAX_CANDIDATES - 1, |a, b| {
                b.1.cmp(&a.1).then(a.0.cmp(&b.0))
            });
            candidates.truncate(MAX_CANDIDATES);
        }
        candidates.sort_unstable();
        let (old_len, new_len) = (os.len() as f64, ns.len() as f64);
        // A section headed by its number alone pairs here only with a
        // distinctive body: "Se deroga." is the text of many, and pairs by its
        // place. And a text as like one of those as like its best distinctive
        // candidate (one of twenty "derogado" notes, edited) is no evidence
        // either: each side's best score against a placeholder of the other
        // blocks its weaker pairs.
        let placeholder_old = |o: usize| old_only.only[o] && !old_only.distinct[o];
        let placeholder_new = |n: usize| new_only.only[n] && !new_only.distinct[n];
        for (o, counted) in candidates {
            let (only_o, only_n) = (old_only.only[o], new_only.only[n]);
            let old_sh = self.old_shingles.of(o);
            let parents = if self.al.same_parent(&os[o], &ns[n]) {
                1.0
            } else {
                0.0
            };
            // The bigrams both bodies hold are at most those counted (title
            // words among them) and those too common to count: a pair that
            // could not reach the threshold with that many is not scored. A
            // bound, so the pairs scored are those a full count scores.
            let common_at_most = (counted + uncounted).min(old_sh.len()).min(sh.len());
            let most_alike = dice_of_count(common_at_most, old_sh, sh);
            let score = if only_o && only_n {
                let placeholder = placeholder_old(o) || placeholder_new(n);
                let score_of =
                    |body: f64| NUMBER_ONLY_BODY * body + (1.0 - NUMBER_ONLY_BODY) * parents;
                // A placeholder's score blocks weaker pairs whatever it is.
                if !placeholder && score_of(most_alike) < PAIR_THRESHOLD {
                    continue;
                }
                let score = score_of(dice(old_sh, sh));
                if placeholder {
                    scores.block(o, n, score);
                    continue;
                }
                score
            } else {
                // Title words between two headings that are only a number are
                // not weighed; against a titled heading they count only where
                // its key shows the same number, as a law's number quoted after
                // an outline's does: `1.2 Artículo 58` → `1.2 Artículo 58. Objeto`.
                let title = dice(&index.title_words[o], &tw);
                // A placeholder meets a titled heading only through the
                // number that both headings show.
                if title == 0.0 && (placeholder_old(o) || placeholder_new(n)) {
                    continue;
                }
                if !(old_sh.is_empty() && sh.is_empty()) {
                    let score_of = |body: f64| 0.7 * body + 0.2 * title + 0.1 * parents;
                    if score_of(most_alike) < PAIR_THRESHOLD {
                        continue;
                    }
                    score_of(dice(old_sh, sh))
                } else {
                    0.8 * title + 0.2 * parents
                }
            };
            if score >= PAIR_THRESHOLD {
                let distance = (o as f64 / old_len - n as f64 / new_len).abs();
                scores.scored.push((score, distance, o, n));
            }
        }
    }
}

/// How many keys each old section shares with the section being scored: a
/// count per old section rather than a hash map, as a section of a long law
/// adds tens of thousands of counts; `drain` visits only those it touched.
struct Tally {
    counts: Vec<u32>,
    touched: Vec<usize>,
}

impl Tally {
    fn new(len: usize) -> Tally {
        Tally {
            counts: vec![0; len],
            touched: Vec::new(),
        }
    }

    fn add(&mut self, index: usize) {
        if self.counts[index] == 0 {
            self.touched.push(index);
        }
        self.counts[index] += 1;
    }

    /// Each index counted since the last drain, with its count (in no
    /// particular order: the caller sorts), the counts back at zero.
    fn drain(&mut self) -> Vec<(usize, usize)> {
        let counts = &mut self.counts;
        self.touched
            .drain(..)
            .map(|i| (i, std::mem::take(&mut counts[i]) as usize))
            .collect()
    }
}

/// Weight of the body in the similarity of two sections headed by their
/// number alone (the rest is their parents'): there is no title to weigh.
const NUMBER_ONLY_BODY: f64 = 0.9;

/// Keeps title words apart from body bigrams in the shared inverted index.
const TITLE_SALT: u64 = 0x9e37_79b9_7f4a_7c15;

fn flag_moves(os: &[Section], ns: &[Section], al: &mut Alignment) {
    let mut siblings: HashMap<Option<usize>, Vec<(usize, usize)>> = HashMap::new();
    for (n, section) in ns.iter().enumerate() {
        let Some(o) = al.new_to_old[n] else { continue };
        if al.same_parent(&os[o], section) {
            siblings.entry(section.parent).or_default().push((n, o));
        } else {
            al.moved[n] = true;
        }
    }
    for group in siblings.values() {
        let olds: Vec<usize> = group.iter().map(|&(_, o)| o).collect();
        let keep = longest_increasing(&olds);
        for (k, &(n, _)) in group.iter().enumerate() {
            if !keep[k] {
                al.moved[n] = true;
            }
        }
    }
}

/// Marks the members of one longest strictly increasing subsequence of `values`.
/// Among equally long ones it keeps the one ending earliest, so the result is
/// deterministic.
pub fn longest_increasing(values: &[usize]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new(); // index into values of the tail of each length
    let mut prev: Vec<Option<usize>> = vec![None; values.len()];
    for (i, &v) in values.iter().enumerate() {
        let pos = tails.partition_point(|&t| values[t] < v);
        prev[i] = pos.checked_sub(1).map(|p| tails[p]);
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut keep = vec![false; values.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = prev[i];
    }
    keep
}

#[cfg(test)]
#[path = "align/tests.rs"]
mod tests;
