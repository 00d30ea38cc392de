//! Sections headed by their number alone (`Artículo 7`, `§ 10`, `CAPITULO III`).
//!
//! Such a heading says nothing about which section it is once a draft was
//! renumbered: inserting one article renumbers every later one, so the new
//! `Artículo 7` is usually the old `Artículo 6`. Their titles are therefore no
//! evidence (the other phases leave them alone), and they pair here:
//! 1. by text: a *distinctive* body (at least [`MIN_WORDS`] words, and no other
//!    number-only section of its version with the same words) pairs with the
//!    one of the other version with the same words ([`pair_by_unique_text`]),
//!    then by similarity (`pair_by_similarity`, distinctive bodies only);
//! 2. by order: between two pairs that keep their order (*anchors*), the
//!    sections left pair in order when both versions left as many, of the
//!    same levels ([`pair_in_gaps`]);
//! 3. by number, and by equal text, only inside such a gap: equal numbers pair
//!    where the numbering is known not to have shifted (the nearest anchors of
//!    that level kept their numbers), and texts alike (the many "Se deroga.")
//!    pair in order.
//!
//! A law's number after an outline's (`2.10 § 10`, `11 CAPITULO III`) is the
//! exception: a new section shifts the outline's number, and the law's, quoted
//! after it, names the section as a title would. Such headings pair by that
//! name in the title phases, unless the pairs found by text show the quoted
//! numbers of their level shifted too ([`quoted_numbers_as_names`]).
//!
//! So a placeholder ("Se deroga.", "(Derogado)", "(weggefallen)") never pairs by
//! its text across the document: many articles have it, and which one is only
//! told by its place.

// foldhash: std's HashMap with a faster hash, seeded at random as std's is.
use std::sync::OnceLock;

use foldhash::{HashMap, HashMapExt};

use super::{Alignment, BodyShingles, dice, hash_of, longest_increasing, parents_agree, word_keys};
use crate::document::numbering::{number_key, own_number};
use crate::document::{Document, Section};

/// Fewer words than this are no evidence of which section a body belongs to:
/// "Se deroga.", "(Derogado)", "Disposiciones generales".
pub(crate) const MIN_WORDS: usize = 4;

/// Similarity two bodies in the same gap must reach to pair there when their
/// numbers say nothing; far below the document-wide threshold, because the
/// place already narrows the candidates to a handful.
const GAP_SIMILARITY: f64 = 0.3;

/// A gap's pairing by similarity and number weighs every pair of its
/// sections; above this many pairs it pairs by order alone, or not at all,
/// rather than slowly. The pairs weighed in all gaps together are then at most
/// √ of this (200) times the sections: linear.
const MAX_GAP_CELLS: usize = 40_000;

/// Whether a heading is a number and nothing else (`Artículo 7`, `§ 10`,
/// `11 CAPITULO III`).
pub(crate) fn is_number_only(s: &Section) -> bool {
    s.level > 0 && s.title.is_empty() && s.number.is_some()
}

/// What each section of one version offers as evidence when its heading is
/// only a number.
pub(crate) struct NumberOnly {
    /// Whether each section's heading is only a number.
    pub only: Vec<bool>,
    /// Whether its body is distinctive (see the module's notes).
    pub distinct: Vec<bool>,
    /// Hash of its body's words, for number-only sections (0 for the others).
    words: Vec<u64>,
    /// For a law's number after an outline's (`2.10 § 10`), the law's, folded.
    quoted: Vec<Option<String>>,
    /// Its number's [`number_key`], worked out when a gap first weighs it:
    /// the gaps' phase runs twice, on one thread.
    keys: Vec<OnceLock<Option<String>>>,
}

impl NumberOnly {
    pub(crate) fn new(doc: &Document) -> NumberOnly {
        let sections = doc.sections();
        let only: Vec<bool> = sections.iter().map(is_number_only).collect();
        let mut words = vec![0u64; sections.len()];
        let mut long = vec![false; sections.len()];
        let mut count: HashMap<u64, usize> = HashMap::new();
        for i in (0..sections.len()).filter(|&i| only[i]) {
            let keys = word_keys(doc.body(i));
            words[i] = hash_of(&keys);
            long[i] = keys.len() >= MIN_WORDS;
            *count.entry(words[i]).or_default() += 1;
        }
        let distinct = (0..sections.len())
            .map(|i| only[i] && long[i] && count[&words[i]] == 1)
            .collect();
        let quoted = sections
            .iter()
            .zip(&only)
            .map(|(s, &only)| {
                let number = s.number.as_deref().filter(|_| only)?;
                let own = own_number(number);
                (own.len() < number.len()).then(|| number_key(own))
            })
            .collect();
        // Only number-only sections are keyed (a gap holds no other): none,
        // no cells.
        let keys = match only.contains(&true) {
            true => sections.iter().map(|_| OnceLock::new()).collect(),
            false => Vec::new(),
        };
        NumberOnly {
            only,
            distinct,
            words,
            quoted,
            keys,
        }
    }

    /// The [`number_key`] of section `i`'s number, if it has one.
    fn key<'a>(&'a self, sections: &[Section], i: usize) -> Option<&'a str> {
        self.keys[i]
            .get_or_init(|| sections[i].number.as_deref().map(number_key))
            .as_deref()
    }

    /// Whether nothing in the version is headed by a number alone.
    pub(crate) fn is_empty(&self) -> bool {
        !self.only.contains(&true)
    }
}

/// A law's number quoted after an outline's (`2.10 § 10`, `11 CAPITULO III`)
/// is a name, as a title is: the outline's number is the one a new section
/// shifts. Unless the pairs found by text show that a level's quoted numbers
/// shifted too (the law was renumbered as well), such headings leave the
/// number-only phases and pair by that name in the title phases (`title_key`
/// is made of it).
pub(crate) fn quoted_numbers_as_names(
    os: &[Section],
    ns: &[Section],
    old: &mut NumberOnly,
    new: &mut NumberOnly,
    al: &Alignment,
) {
    let mut shifted = [false; 7];
    for (n, &o) in al.new_to_old.iter().enumerate() {
        if let Some(o) = o
            && let (Some(a), Some(b)) = (&old.quoted[o], &new.quoted[n])
        {
            shifted[os[o].level as usize] |= a != b;
        }
    }
    for (sections, side) in [(os, old), (ns, new)] {
        for (i, s) in sections.iter().enumerate() {
            if side.quoted[i].is_some() && !shifted[s.level as usize] {
                side.only[i] = false;
            }
        }
    }
}

/// Number-only sections with the same distinctive words pair, wherever they are.
pub(crate) fn pair_by_unique_text(old: &NumberOnly, new: &NumberOnly, al: &mut Alignment) {
    let old_by_words: HashMap<u64, usize> = al
        .unpaired_old()
        .filter(|&o| old.distinct[o])
        .map(|o| (old.words[o], o))
        .collect();
    for n in (0..new.only.len()).filter(|&n| new.distinct[n]) {
        if al.new_to_old[n].is_some() {
            continue;
        }
        if let Some(&o) = old_by_words.get(&new.words[n])
            && al.old_to_new[o].is_none()
        {
            al.pair(o, n);
        }
    }
}

/// Pairs the number-only sections left between anchors: in order when both
/// versions left as many, else by number where it lines up and by like text.
pub(crate) fn pair_in_gaps(
    (old_shingles, new_shingles): (&BodyShingles<'_>, &BodyShingles<'_>),
    old_only: &NumberOnly,
    new_only: &NumberOnly,
    al: &mut Alignment,
) {
    let (os, ns) = (old_shingles.sections(), new_shingles.sections());
    // Anchors: the pairs that keep their order (moved sections are no anchor).
    let by_new: Vec<(usize, usize)> = (0..ns.len())
        .filter_map(|n| Some((al.new_to_old[n]?, n)))
        .collect();
    let olds: Vec<usize> = by_new.iter().map(|&(o, _)| o).collect();
    let keep = longest_increasing(&olds);
    let anchors: Vec<(usize, usize)> = by_new
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(&p, _)| p)
        .collect();
    let lined_up = LinedUp::new(os, ns, &anchors);
    // Gap k lies between anchor k - 1 (or the start) and anchor k (or the end).
    for k in 0..=anchors.len() {
        let (o_from, n_from) = match k {
            0 => (0, 0),
            _ => (anchors[k - 1].0 + 1, anchors[k - 1].1 + 1),
        };
        let (o_to, n_to) = anchors.get(k).copied().unwrap_or((os.len(), ns.len()));
        let gap_old: Vec<usize> = (o_from..o_to)
            .filter(|&o| old_only.only[o] && al.old_to_new[o].is_none())
            .collect();
        let gap_new: Vec<usize> = (n_from..n_to)
            .filter(|&n| new_only.only[n] && al.new_to_old[n].is_none())
            .collect();
        if gap_old.is_empty() || gap_new.is_empty() {
            continue;
        }
        let fits = |al: &Alignment, o: usize, n: usize| {
            os[o].level == ns[n].level && parents_agree(al, &os[o], &ns[n])
        };
        // As many left on both sides: order pairs them, unless their texts
        // say otherwise (a run of "Se deroga." with an article deleted at
        // one end and another inserted at the other).
        let same_count = gap_old.len() == gap_new.len();
        let old_sh: Vec<&[u64]> = gap_old.iter().map(|&o| old_shingles.of(o)).collect();
        let new_sh: Vec<&[u64]> = gap_new.iter().map(|&n| new_shingles.of(n)).collect();
        if gap_old.len() * gap_new.len() > MAX_GAP_CELLS {
            // Too many to weigh every pair: order alone, or a walk along both
            // sides that pairs like texts and steps over the rest.
            if same_count && gap_old.iter().zip(&gap_new).all(|(&o, &n)| fits(al, o, n)) {
                for (&o, &n) in gap_old.iter().zip(&gap_new) {
                    al.pair(o, n);
                }
            } else {
                let alike = |al: &Alignment, i: usize, j: usize| -> u64 {
                    let sim = dice(old_sh[i], new_sh[j]);
                    let fit = fits(al, gap_old[i], gap_new[j]) && sim >= GAP_SIMILARITY;
                    if fit {
                        (sim * 1000.0).round() as u64
                    } else {
                        0
                    }
                };
                for (i, j) in
                    walk_ordered_matching(gap_old.len(), gap_new.len(), |i, j| alike(al, i, j))
                {
                    al.pair(gap_old[i], gap_new[j]);
                }
            }
            continue;
        }
        let old_keys: Vec<Option<&str>> = gap_old.iter().map(|&o| old_only.key(os, o)).collect();
        let new_keys: Vec<Option<&str>> = gap_new.iter().map(|&n| new_only.key(ns, n)).collect();
        // Integer weights, so that equal choices compare exactly. Like text
        // outweighs a number (an article inserted before a run of "Se deroga."
        // takes the first one's number); a number that lines up pairs texts
        // unlike, and decides between texts alike.
        let weight = |al: &Alignment, i: usize, j: usize| -> u64 {
            let (o, n) = (gap_old[i], gap_new[j]);
            if !fits(al, o, n) {
                return 0;
            }
            let same_number =
                old_keys[i].is_some() && old_keys[i] == new_keys[j] && lined_up.at(k, os[o].level);
            let in_order = 500 * (same_count && i == j) as u64;
            let sim = dice(old_sh[i], new_sh[j]);
            in_order
                + match (sim >= GAP_SIMILARITY, same_number) {
                    (true, number) => 2000 + (sim * 1000.0).round() as u64 + 10 * number as u64,
                    (false, true) => 1000,
                    (false, false) => 0,
                }
        };
        let weights: Vec<Vec<u64>> = (0..gap_old.len())
            .map(|i| (0..gap_new.len()).map(|j| weight(al, i, j)).collect())
            .collect();
        for (i, j) in heaviest_ordered_matching(&weights) {
            al.pair(gap_old[i], gap_new[j]);
        }
    }
}

/// The order-keeping matching of rows with columns whose weights add up the
/// most (pairs of weight 0 are not allowed); ties keep the earlier pairs.
fn heaviest_ordered_matching(weights: &[Vec<u64>]) -> Vec<(usize, usize)> {
    let rows = weights.len();
    let cols = weights.first().map_or(0, Vec::len);
    // best[i][j]: the most weight matching the first i rows with the first j columns.
    let mut best = vec![vec![0u64; cols + 1]; rows + 1];
    for i in 1..=rows {
        for j in 1..=cols {
            let w = weights[i - 1][j - 1];
            let diagonal = if w > 0 { best[i - 1][j - 1] + w } else { 0 };
            best[i][j] = best[i - 1][j].max(best[i][j - 1]).max(diagonal);
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (rows, cols);
    while i > 0 && j > 0 {
        let w = weights[i - 1][j - 1];
        if best[i][j] == best[i - 1][j] {
            i -= 1;
        } else if best[i][j] == best[i][j - 1] {
            j -= 1;
        } else {
            debug_assert!(w > 0 && best[i][j] == best[i - 1][j - 1] + w);
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

/// A linear stand-in for [`heaviest_ordered_matching`] on gaps too large for
/// it: walks both sides in order, pairing the rows and columns where they meet
/// unless the next column or the next row is the better partner (a section
/// inserted or deleted there), and stepping over both where nothing is alike.
fn walk_ordered_matching(
    rows: usize,
    cols: usize,
    weight: impl Fn(usize, usize) -> u64,
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < rows && j < cols {
        let here = weight(i, j);
        let next_col = if j + 1 < cols { weight(i, j + 1) } else { 0 };
        let next_row = if i + 1 < rows { weight(i + 1, j) } else { 0 };
        if here > 0 && here >= next_col && here >= next_row {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if next_col > next_row {
            j += 1;
        } else if next_row > 0 {
            i += 1;
        } else {
            i += 1;
            j += 1;
        }
    }
    pairs
}

/// For each gap between anchors, and each heading level: whether the
/// numbering is known not to have shifted there, that is whether the nearest
/// anchor of that level before the gap (or the start of the document, where
/// both numberings begin) or the nearest after it kept its number.
struct LinedUp {
    /// Per gap: the status before it and after it, per level (1–6).
    before: Vec<[Option<bool>; 7]>,
    after: Vec<[Option<bool>; 7]>,
}

impl LinedUp {
    fn new(os: &[Section], ns: &[Section], anchors: &[(usize, usize)]) -> LinedUp {
        let status = |&(o, n): &(usize, usize)| -> Option<(usize, bool)> {
            let (a, b) = (os[o].number.as_deref()?, ns[n].number.as_deref()?);
            Some((os[o].level as usize, number_key(a) == number_key(b)))
        };
        let statuses: Vec<Option<(usize, bool)>> = anchors.iter().map(status).collect();
        let mut before = Vec::with_capacity(anchors.len() + 1);
        let mut current = [None; 7];
        for k in 0..=anchors.len() {
            if k > 0
                && let Some((level, same)) = statuses[k - 1]
            {
                current[level] = Some(same);
            }
            before.push(current);
        }
        let mut after = vec![[None; 7]; anchors.len() + 1];
        let mut current = [None; 7];
        for k in (0..=anchors.len()).rev() {
            if let Some(Some((level, same))) = statuses.get(k) {
                current[*level] = Some(*same);
            }
            after[k] = current;
        }
        LinedUp { before, after }
    }

    fn at(&self, gap: usize, level: u8) -> bool {
        let level = level as usize;
        self.before[gap][level].unwrap_or(true) || self.after[gap][level] == Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heaviest_matching_keeps_order_and_prefers_weight() {
        assert_eq!(
            heaviest_ordered_matching(&[vec![1, 0], vec![0, 1]]),
            [(0, 0), (1, 1)]
        );
        // Crossing pairs cannot both be kept: the heavier wins.
        assert_eq!(
            heaviest_ordered_matching(&[vec![0, 5], vec![3, 0]]),
            [(0, 1)]
        );
        assert_eq!(heaviest_ordered_matching(&[vec![0, 0]]), []);
        assert_eq!(heaviest_ordered_matching(&[]), []);
    }

    #[test]
    fn the_walk_steps_over_insertions_and_deletions() {
        // Rows 0..4 alike columns 0, 2, 3 (column 1 inserted, row 2 deleted).
        let alike = [(0, 0), (1, 2), (3, 3)];
        let w = |i, j| alike.contains(&(i, j)) as u64 * 10;
        assert_eq!(walk_ordered_matching(4, 4, w), alike);
        let none = |_, _| 0;
        assert_eq!(walk_ordered_matching(3, 5, none), []);
    }
}
