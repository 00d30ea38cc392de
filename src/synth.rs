//! Generated comparison cases with a known answer, for tests and benchmarks.
//!
//! [`Outline::from_document`] takes the sections of a real document and renumbers
//! them as a policy would (`## 3.`, `### 3.2`, `#### 3.2.1`). [`mutate`] then
//! applies the operations real drafts see — sections inserted (renumbering every
//! later sibling), deleted, moved under another parent, renamed, bodies edited —
//! and records what it did, so that cotejo's pairing can be scored against the
//! truth. Everything is driven by a seeded generator: a seed is a reproducible case.

use std::collections::HashSet;

use crate::document::Document;
use crate::document::slug::slugify;

mod law;
pub use law::{ARTICLE_STYLES, Law, LawMix, LawNode, REPEALED, mutate_law};

/// A small, fast, seeded random generator (SplitMix64): reproducible cases
/// without a dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// One section of an outline. `key` identifies it across versions (the truth).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub key: usize,
    /// Depth: 1 (chapter) to 3.
    pub depth: u8,
    pub title: String,
    pub body: String,
}

/// A policy-style document as a flat list of nodes in order; depths say the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub title: String,
    pub nodes: Vec<Node>,
}

impl Outline {
    /// The sections of `doc` (preamble aside) as an outline: titles without their
    /// numbers, bodies as they are, levels made into depths 1–3 with no skipped
    /// level. Sections with an empty title get their old heading as title.
    pub fn from_document(doc: &Document, title: &str) -> Outline {
        let mut nodes = Vec::new();
        let mut stack: Vec<(u8, u8)> = Vec::new(); // (source level, depth)
        for (i, s) in doc.sections().iter().enumerate() {
            if s.level == 0 {
                continue;
            }
            while stack.last().is_some_and(|&(l, _)| l >= s.level) {
                stack.pop();
            }
            let depth = stack.last().map_or(1, |&(_, d)| (d + 1).min(3));
            stack.push((s.level, depth));
            let title = if s.title.trim().is_empty() {
                s.heading.clone()
            } else {
                s.title.clone()
            };
            // Bodies start right after the heading's blank line and end with a
            // blank line, so headings stay apart when rendered.
            let trimmed = doc.body(i).trim_start_matches(['\r', '\n']).trim_end();
            let body = if trimmed.is_empty() {
                String::new()
            } else {
                format!("{trimmed}\n\n")
            };
            nodes.push(Node {
                key: nodes.len(),
                depth,
                title: one_line(&title),
                body: defuse_headings(&body),
            });
        }
        Outline {
            title: title.to_owned(),
            nodes,
        }
    }

    /// Markdown with hierarchical numbers: depth 1 `## 3. T`, 2 `### 3.2 T`, 3 `#### 3.2.1 T`.
    pub fn render(&self) -> String {
        let mut out = format!("# {}\n\n", self.title);
        for (node, number) in self.nodes.iter().zip(self.numbers()) {
            let hashes = "#".repeat(node.depth as usize + 1);
            let sep = if node.depth == 1 { ". " } else { " " };
            out += &format!("{hashes} {number}{sep}{}\n\n{}", node.title, node.body);
        }
        out
    }

    /// The number each node gets, in order.
    pub fn numbers(&self) -> Vec<String> {
        let mut counters = [0usize; 3];
        self.nodes
            .iter()
            .map(|n| {
                let d = n.depth as usize;
                counters[d - 1] += 1;
                for c in counters.iter_mut().skip(d) {
                    *c = 0;
                }
                counters[..d]
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(".")
            })
            .collect()
    }

    /// Index of the parent node of node `i`.
    fn parent(&self, i: usize) -> Option<usize> {
        let d = self.nodes[i].depth;
        (0..i).rev().find(|&j| self.nodes[j].depth < d)
    }

    /// Whether node `i` has children.
    fn has_children(&self, i: usize) -> bool {
        self.nodes
            .get(i + 1)
            .is_some_and(|n| n.depth > self.nodes[i].depth)
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Indents lines that would be read as headings in the generated document, so a
/// body never adds sections of its own; also closes nothing it did not open.
fn defuse_headings(body: &str) -> String {
    let doc = Document::parse(body);
    if doc.sections().iter().all(|s| s.level == 0) {
        return body.to_owned();
    }
    body.lines()
        .map(|l| {
            let t = l.trim_start();
            if t.starts_with('#') || t.starts_with("===") || t.starts_with("---") {
                format!("\\{t}")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n\n"
}

/// How much of each operation to apply, as fractions of the sections.
#[derive(Debug, Clone, Copy)]
pub struct Mix {
    pub insert: f64,
    pub delete: f64,
    pub moved: f64,
    pub rename: f64,
    /// Fraction of sections whose body gets word edits.
    pub edit: f64,
}

impl Default for Mix {
    /// The mix of the engine issue: ~5% inserted, ~5% deleted, ~3% moved, ~4% renamed.
    fn default() -> Self {
        Mix {
            insert: 0.05,
            delete: 0.05,
            moved: 0.03,
            rename: 0.04,
            edit: 0.10,
        }
    }
}

/// A generated pair with its ground truth.
#[derive(Debug, Clone)]
pub struct Case {
    pub old: String,
    pub new: String,
    /// For each old section index (of `old` parsed): its new index, if kept.
    pub old_to_new: Vec<Option<usize>>,
    /// New section indices of the pairs the generator moved, renamed, or whose
    /// number changed.
    pub moved: HashSet<usize>,
    pub renamed: HashSet<usize>,
    pub renumbered: HashSet<usize>,
    /// Old section indices that no text can tell apart: another section has the
    /// same title and body ("(derogado)", empty "Inkrafttreten"). Which of them
    /// moved is unknowable, so flags are not scored on them.
    pub indistinct: HashSet<usize>,
}

/// Applies `mix` to `outline` with sections from `donor` as inserted text.
pub fn mutate(outline: &Outline, donor: &Outline, mix: Mix, rng: &mut Rng) -> Case {
    let mut new = outline.clone();
    let n = outline.nodes.len();
    let count = |f: f64| ((n as f64) * f).round() as usize;
    let mut moved_keys = HashSet::new();
    let mut renamed_keys = HashSet::new();
    let mut used_titles: HashSet<String> =
        outline.nodes.iter().map(|n| slugify(&n.title)).collect();

    for _ in 0..count(mix.delete) {
        let leaves: Vec<usize> = (0..new.nodes.len())
            .filter(|&i| !new.has_children(i) && !moved_keys.contains(&new.nodes[i].key))
            .collect();
        if leaves.len() < 2 {
            break;
        }
        new.nodes.remove(leaves[rng.below(leaves.len())]);
    }
    for _ in 0..count(mix.moved) {
        let leaves: Vec<usize> = (0..new.nodes.len())
            .filter(|&i| new.nodes[i].depth > 1 && !new.has_children(i))
            .filter(|&i| !moved_keys.contains(&new.nodes[i].key))
            .collect();
        if leaves.is_empty() {
            break;
        }
        let from = leaves[rng.below(leaves.len())];
        let old_parent_key = new.parent(from).map(|p| new.nodes[p].key);
        let node = new.nodes.remove(from);
        // Under another parent of the level above, as its last or first child.
        let parents: Vec<usize> = (0..new.nodes.len())
            .filter(|&i| new.nodes[i].depth == node.depth - 1)
            .filter(|&i| Some(new.nodes[i].key) != old_parent_key)
            .collect();
        if parents.is_empty() {
            new.nodes.insert(from, node);
            continue;
        }
        let p = parents[rng.below(parents.len())];
        let at = if rng.chance(0.5) {
            p + 1
        } else {
            subtree_end(&new, p)
        };
        moved_keys.insert(node.key);
        new.nodes.insert(at, node);
    }
    for _ in 0..count(mix.rename) {
        let i = rng.below(new.nodes.len());
        if renamed_keys.contains(&new.nodes[i].key) {
            continue;
        }
        let title = rename(&new.nodes[i].title, rng);
        let key = slugify(&title);
        if key.is_empty() || used_titles.contains(&key) {
            continue;
        }
        used_titles.insert(key);
        new.nodes[i].title = title;
        renamed_keys.insert(new.nodes[i].key);
    }
    for _ in 0..count(mix.edit) {
        let i = rng.below(new.nodes.len());
        let body = edit_words(&new.nodes[i].body, donor, rng);
        new.nodes[i].body = body;
    }
    let mut donor_at = rng.below(donor.nodes.len().max(1));
    let first_new_key = outline.nodes.len();
    for next_key in first_new_key..first_new_key + count(mix.insert) {
        // A donor section whose title is new to the document.
        let mut picked = None;
        for _ in 0..donor.nodes.len() {
            donor_at = (donor_at + 1) % donor.nodes.len();
            let d = &donor.nodes[donor_at];
            let key = slugify(&d.title);
            if !key.is_empty()
                && !used_titles.contains(&key)
                && d.body.split_whitespace().count() >= 8
            {
                used_titles.insert(key);
                picked = Some(d.clone());
                break;
            }
        }
        let Some(mut node) = picked else { break };
        // Mid-chapter: before an existing sibling, so later siblings renumber.
        let anchors: Vec<usize> = (0..new.nodes.len())
            .filter(|&i| new.nodes[i].depth > 1)
            .collect();
        if anchors.is_empty() {
            break;
        }
        let at = anchors[rng.below(anchors.len())];
        node.depth = new.nodes[at].depth;
        node.key = next_key;
        new.nodes.insert(at, node);
    }
    truth(outline, &new, &moved_keys, &renamed_keys)
}

/// Index just past the subtree of node `i`.
fn subtree_end(outline: &Outline, i: usize) -> usize {
    let d = outline.nodes[i].depth;
    (i + 1..outline.nodes.len())
        .find(|&j| outline.nodes[j].depth <= d)
        .unwrap_or(outline.nodes.len())
}

const QUALIFIERS: &[&str] = &[
    "general",
    "nacional",
    "complementario",
    "institucional",
    "prioritario",
    "transitorio",
    "específico",
    "estratégico",
    "público",
    "abierto",
];

/// A new title for a section: a word replaced, one added, or a qualifier.
fn rename(title: &str, rng: &mut Rng) -> String {
    let mut words: Vec<String> = title.split_whitespace().map(str::to_owned).collect();
    let q = QUALIFIERS[rng.below(QUALIFIERS.len())].to_owned();
    match rng.below(3) {
        0 if words.len() > 2 => {
            let i = rng.below(words.len());
            words[i] = q;
        }
        1 => words.insert(0, capitalize(&q)),
        _ => words.push(q),
    }
    words.join(" ")
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Replaces, drops or inserts a few words of a body (~5% of them, at least one).
fn edit_words(body: &str, donor: &Outline, rng: &mut Rng) -> String {
    edit_words_with(
        body,
        |rng| {
            donor
                .nodes
                .get(rng.below(donor.nodes.len().max(1)))
                .map(|n| n.body.as_str())
        },
        rng,
    )
}

/// [`edit_words`] with the new words taken from the body `donor` picks.
fn edit_words_with<'d>(
    body: &str,
    donor: impl FnOnce(&mut Rng) -> Option<&'d str>,
    rng: &mut Rng,
) -> String {
    let mut words: Vec<&str> = body.split(' ').collect();
    if words.len() < 4 {
        return body.to_owned();
    }
    let donor_words: Vec<&str> = donor(rng)
        .map(|b| {
            b.split_whitespace()
                .filter(|w| w.chars().all(char::is_alphabetic))
                .collect()
        })
        .unwrap_or_default();
    let edits = (words.len() / 20).max(1);
    for _ in 0..edits {
        let i = rng.below(words.len());
        if words[i].contains('\n') || words[i].starts_with(['|', '#', '-', '*', '>']) {
            continue;
        }
        let replacement = donor_words
            .get(rng.below(donor_words.len().max(1)))
            .copied()
            .unwrap_or("datos");
        match rng.below(3) {
            0 => words[i] = replacement,
            1 if words.len() > 4 => {
                words.remove(i);
            }
            _ => words.insert(i, replacement),
        }
    }
    words.join(" ")
}

/// Renders both outlines and derives the truth from the nodes' keys.
fn truth(old: &Outline, new: &Outline, moved: &HashSet<usize>, renamed: &HashSet<usize>) -> Case {
    let old_text = old.render();
    let new_text = new.render();
    // Section 0 of each rendered text is the `# title` heading; nodes follow.
    let offset = 1;
    let new_pos: std::collections::HashMap<usize, usize> = new
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.key, i))
        .collect();
    let mut old_to_new = vec![Some(0)];
    old_to_new.extend(
        old.nodes
            .iter()
            .map(|n| new_pos.get(&n.key).map(|i| i + offset)),
    );
    let old_numbers = old.numbers();
    let new_numbers = new.numbers();
    let mut case = Case {
        old: old_text,
        new: new_text,
        old_to_new,
        moved: HashSet::new(),
        renamed: HashSet::new(),
        renumbered: HashSet::new(),
        indistinct: HashSet::new(),
    };
    let mut seen: std::collections::HashMap<(String, &str), usize> =
        std::collections::HashMap::new();
    for n in &old.nodes {
        *seen.entry((slugify(&n.title), n.body.trim())).or_default() += 1;
    }
    for (oi, n) in old.nodes.iter().enumerate() {
        if seen[&(slugify(&n.title), n.body.trim())] > 1 {
            case.indistinct.insert(oi + offset);
        }
    }
    for (oi, n) in old.nodes.iter().enumerate() {
        let Some(&ni) = new_pos.get(&n.key) else {
            continue;
        };
        if moved.contains(&n.key) {
            case.moved.insert(ni + offset);
        }
        if renamed.contains(&n.key) {
            case.renamed.insert(ni + offset);
        }
        if old_numbers[oi] != new_numbers[ni] {
            case.renumbered.insert(ni + offset);
        }
    }
    case
}

/// How one flag fared: pairs where engine and truth agree, out of pairs where
/// either one sets it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlagScore {
    pub agree: usize,
    pub union: usize,
}

impl FlagScore {
    pub fn ratio(&self) -> f64 {
        if self.union == 0 {
            1.0
        } else {
            self.agree as f64 / self.union as f64
        }
    }

    fn add(&mut self, other: FlagScore) {
        self.agree += other.agree;
        self.union += other.union;
    }
}

/// How a comparison's pairing matches a case's truth.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    /// Sections of both versions.
    pub sections: usize,
    /// Sections whose pairing (or absence of one) is the truth's.
    pub correct: usize,
    pub moved: FlagScore,
    pub renamed: FlagScore,
    pub renumbered: FlagScore,
}

impl Score {
    pub fn pairing(&self) -> f64 {
        self.correct as f64 / self.sections.max(1) as f64
    }

    pub fn add(&mut self, other: &Score) {
        self.sections += other.sections;
        self.correct += other.correct;
        self.moved.add(other.moved);
        self.renamed.add(other.renamed);
        self.renumbered.add(other.renumbered);
    }
}

/// Scores `cmp` (the comparison of `case.old` with `case.new`) against the truth.
/// Compares a case's two texts as cotejo does (plain files, default
/// options) and scores the result against the case's truth. Panics when the
/// generator and the parser disagree on the sections of the old text.
pub fn compare_and_score(case: &Case, what: &str) -> Score {
    use crate::compare::{self, Side};
    use crate::document::Document;
    let (old, new) = (
        Document::parse(case.old.as_str()),
        Document::parse(case.new.as_str()),
    );
    assert_eq!(
        old.sections().len(),
        case.old_to_new.len(),
        "{what}: generator and parser disagree"
    );
    let info = |label: &str, doc: &Document| crate::model::VersionInfo {
        label: label.to_owned(),
        commit: None,
        sha256: "0".repeat(64),
        sections: doc.sections().len(),
    };
    let cmp = compare::compare(
        Side {
            info: info("old", &old),
            document: &old,
        },
        Side {
            info: info("new", &new),
            document: &new,
        },
        &compare::Options::default(),
    );
    score(case, &cmp)
}

pub fn score(case: &Case, cmp: &crate::model::Comparison) -> Score {
    use crate::model::Flag;
    let old_len = case.old_to_new.len();
    let new_len = cmp.new.sections;
    let mut truth_new_to_old = vec![None; new_len];
    for (o, n) in case.old_to_new.iter().enumerate() {
        if let Some(n) = *n {
            truth_new_to_old[n] = Some(o);
        }
    }
    let mut old_to_new = vec![None; old_len];
    let mut new_to_old = vec![None; new_len];
    let mut flagged: [HashSet<usize>; 3] = Default::default();
    for e in &cmp.sections {
        if let (Some(o), Some(n)) = (&e.old, &e.new) {
            old_to_new[o.index] = Some(n.index);
            new_to_old[n.index] = Some(o.index);
            for (k, f) in [Flag::Moved, Flag::Renamed, Flag::Renumbered]
                .iter()
                .enumerate()
            {
                if e.has(*f) {
                    flagged[k].insert(n.index);
                }
            }
        }
    }
    let correct = (0..old_len)
        .filter(|&o| old_to_new[o] == case.old_to_new[o])
        .count()
        + (0..new_len)
            .filter(|&n| new_to_old[n] == truth_new_to_old[n])
            .count();
    let distinct = |n: &usize| {
        [new_to_old[*n], truth_new_to_old[*n]]
            .iter()
            .flatten()
            .all(|o| !case.indistinct.contains(o))
    };
    let flag_score = |engine: &HashSet<usize>, truth: &HashSet<usize>| FlagScore {
        agree: engine
            .intersection(truth)
            .filter(|n| distinct(n))
            .filter(|&&n| new_to_old[n] == truth_new_to_old[n])
            .count(),
        union: engine.union(truth).filter(|n| distinct(n)).count(),
    };
    Score {
        sections: old_len + new_len,
        correct,
        moved: flag_score(&flagged[0], &case.moved),
        renamed: flag_score(&flagged[1], &case.renamed),
        renumbered: flag_score(&flagged[2], &case.renumbered),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Outline {
        let text = "# A\n\nuno\n\n## A1\n\ndos\n\n#### A1a\n\ntres\n\n# B\n\ncuatro\n";
        Outline::from_document(&Document::parse(text), "Doc")
    }

    #[test]
    fn outlines_renumber_and_fix_skipped_levels() {
        let o = sample();
        assert_eq!(o.numbers(), ["1", "1.1", "1.1.1", "2"]);
        assert_eq!(o.nodes[2].depth, 3);
        let text = o.render();
        assert!(text.contains("## 1. A\n\nuno\n\n### 1.1 A1\n\ndos\n\n#### 1.1.1 A1a\n\ntres\n\n## 2. B\n\ncuatro\n\n"), "{text}");
        let doc = Document::parse(text);
        assert_eq!(doc.sections().len(), 5);
    }

    #[test]
    fn mutation_truth_matches_the_rendered_texts() {
        let o = sample();
        let mut rng = Rng::new(7);
        let mix = Mix {
            insert: 0.0,
            delete: 0.0,
            moved: 0.0,
            rename: 0.0,
            edit: 0.0,
        };
        let case = mutate(&o, &o, mix, &mut rng);
        assert_eq!(case.old, case.new);
        assert_eq!(
            case.old_to_new,
            [Some(0), Some(1), Some(2), Some(3), Some(4)]
        );
    }

    #[test]
    fn rng_is_reproducible() {
        let a: Vec<u64> = (0..4)
            .scan(Rng::new(1), |r, _| Some(r.next_u64()))
            .collect();
        let b: Vec<u64> = (0..4)
            .scan(Rng::new(1), |r, _| Some(r.next_u64()))
            .collect();
        assert_eq!(a, b);
    }
}
