//! Two versions of a document parsed together, stretch by stretch.
//!
//! A top-level ATX heading (`## 3. Alcance`) leaves no block open behind it:
//! what follows it parses the same whether the text before it is there or
//! not. So each version is cut before every line that opens like such a
//! heading, and each stretch is parsed on its own: on every core, and once for
//! a stretch the two versions have alike byte for byte (drafts share most of
//! their text; two versions of the German federal laws, 26 MB each, share
//! 99.7% of their stretches).
//!
//! Whether such a line is a heading depends on what is open before it (a code
//! fence, an HTML block, front matter). So each stretch is parsed with the
//! next one's first line after it, and the cut holds only when that line
//! comes out a top-level heading in its place. Where it does not, the stretch
//! is parsed again with the ones after it, twice as far each time, until a
//! cut holds: a document of fences full of `# comments` costs a few parses of
//! its size, never one per line.
//!
//! Link reference and footnote definitions reach across stretches: `# [a]`
//! reads `a` once `[a]: /url` is defined anywhere in the document. A version
//! whose headings have a bracket that one of its definitions could fill is
//! parsed whole, as is one with a lone `\r` line break.
//!
//! The sections are always [`split_sections`]'s; debug builds check it.

use std::hash::BuildHasher;

use foldhash::{HashMap, HashSet};

use super::{Heading, Scan, Section, scan, sections_of, split_sections};

/// The sections of two versions of a document: [`split_sections`] of each.
pub(super) fn split_pair(old: &str, new: &str) -> (Vec<Section>, Vec<Section>) {
    // Each version's cuts and stretches, on a core of its own.
    let (old_plan, new_plan) = on_two_cores(|| Plan::of(old), || Plan::of(new));
    let mut stretches = Stretches::default();
    let old_ids = old_plan.as_ref().map(|p| stretches.add(p));
    let new_ids = new_plan.as_ref().map(|p| stretches.add(p));
    let scans = crate::parallel::map_interleaved(&stretches.list, 2, |s| s.scan());
    let sections = |text: &str, plan: Option<Plan>, ids: Option<Vec<usize>>| {
        let sections = plan
            .zip(ids)
            .and_then(|(plan, ids)| assemble(text, &plan.cuts, &ids, &scans))
            .map_or_else(|| split_sections(text), |h| sections_of(text, h));
        debug_assert_eq!(sections, split_sections(text), "the stretches agree");
        sections
    };
    on_two_cores(
        || sections(old, old_plan, old_ids),
        || sections(new, new_plan, new_ids),
    )
}

/// `a` on another thread and `b` on this one.
fn on_two_cores<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        (a.join().expect("parsing does not panic"), b)
    })
}

/// A version's cuts, and its stretches between neighbouring cuts, each with
/// a hash of its length and its ends (see [`Stretch::sketch`]).
struct Plan<'t> {
    cuts: Vec<usize>,
    stretches: Vec<(u64, Stretch<'t>)>,
}

impl<'t> Plan<'t> {
    /// `None` when `text` cannot be cut (see [`cuts`]).
    fn of(text: &'t str) -> Option<Plan<'t>> {
        let cuts = cuts(text)?;
        let hasher = foldhash::fast::FixedState::default();
        let stretches = (0..cuts.len())
            .map(|k| {
                let stretch = Stretch::of(text, &cuts, k, k + 1);
                (hasher.hash_one(stretch.sketch()), stretch)
            })
            .collect();
        Some(Plan { cuts, stretches })
    }
}

/// Where `text` is cut: its start, and lines that open like an ATX heading
/// (see [`candidate_cuts`]), but not between two short stretches unless the
/// line's hash says so: a parse costs a few microseconds before it reads a
/// byte, and a draft of 100,000 one-line articles would pay it 100,000 times.
/// Whether a line is a cut depends on it and its two stretches alone, so an
/// edit moves no cut farther than its own stretches, and two versions cut
/// the text they have alike in the same places.
fn cuts(text: &str) -> Option<Vec<usize>> {
    // The unit tests cut at every candidate, to try as many cuts as they can.
    cuts_between_short_stretches(text, if cfg!(test) { 0 } else { SHORT_STRETCH })
}

/// A stretch this long is worth a parse of its own.
const SHORT_STRETCH: usize = 256;

/// [`cuts`], stretches shorter than `short` being short.
fn cuts_between_short_stretches(text: &str, short: usize) -> Option<Vec<usize>> {
    /// Between two short stretches, one line in about this many is a cut.
    const ONE_IN: u64 = 8;
    let candidates = candidate_cuts(text)?;
    let end = |k: usize| candidates.get(k + 1).copied().unwrap_or(text.len());
    let hasher = foldhash::fast::FixedState::default();
    let mut cuts = Vec::with_capacity(candidates.len());
    cuts.push(0);
    for k in 1..candidates.len() {
        let at = candidates[k];
        let (before, after) = (at - candidates[k - 1], end(k) - at);
        let keep = before >= short || after >= short || {
            let line = &text.as_bytes()[at..end(k)];
            let line = &line[..memchr::memchr(b'\n', line).unwrap_or(line.len())];
            hasher.hash_one(line) % ONE_IN == 0
        };
        if keep {
            cuts.push(at);
        }
    }
    Some(cuts)
}

/// Where `text` may be cut: its start, and each line after any front matter
/// that opens like an ATX heading (one to six `#`, then a space, a tab or the
/// line's end). `None` when it has a lone `\r`, which the parse reads as a
/// line break (see [`crate::markdown::parse`]) and this would not.
fn candidate_cuts(text: &str) -> Option<Vec<usize>> {
    if crate::markdown::has_lone_carriage_return(text) {
        return None;
    }
    let bytes = text.as_bytes();
    let after_front_matter = crate::markdown::front_matter(text).map_or(0, |fm| fm.end);
    let mut cuts = vec![0];
    cuts.extend(
        memchr::memmem::find_iter(bytes, b"\n#")
            .map(|at| at + 1)
            .filter(|&at| at >= after_front_matter && opens_atx_heading(&bytes[at..])),
    );
    Some(cuts)
}

fn opens_atx_heading(line: &[u8]) -> bool {
    let hashes = line.iter().take(7).take_while(|&&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && matches!(line.get(hashes), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
}

/// A stretch of text to parse: from a cut to the next cut that should hold,
/// with that cut's line after it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stretch<'t> {
    /// The stretch and, last, the next cut's line.
    text: &'t str,
    /// Where the next cut's line starts; `None` at the end of the text.
    next: Option<usize>,
}

/// What parsing a [`Stretch`] found.
struct StretchScan {
    /// Its headings, the next cut's line's left out; offsets from its start.
    headings: Vec<Heading>,
    /// Whether the next cut's line came out a top-level heading in its place,
    /// so that the cut holds.
    holds: bool,
    /// Its definitions' labels (see [`Scan::labels`]).
    labels: Vec<String>,
}

impl Stretch<'_> {
    /// The stretch of `text` from `cuts[from]` to `cuts[to]` (the end when
    /// `to` is past the last cut).
    fn of<'t>(text: &'t str, cuts: &[usize], from: usize, to: usize) -> Stretch<'t> {
        match cuts.get(to) {
            None => Stretch {
                text: &text[cuts[from]..],
                next: None,
            },
            Some(&next) => {
                let line_end = memchr::memchr(b'\n', &text.as_bytes()[next..])
                    .map_or(text.len(), |p| next + p + 1);
                Stretch {
                    text: &text[cuts[from]..line_end],
                    next: Some(next - cuts[from]),
                }
            }
        }
    }

    /// What a stretch is hashed by: its length, where its next cut's line
    /// starts, and its first and last bytes. Stretches alike have one
    /// sketch; hashing whole stretches cost more than comparing those alike
    /// byte for byte, which [`Stretches::add`] does anyway.
    fn sketch(&self) -> (usize, Option<usize>, &[u8], &[u8]) {
        const END: usize = 64;
        let bytes = self.text.as_bytes();
        let (head, tail) = (END.min(bytes.len()), bytes.len().saturating_sub(END));
        (bytes.len(), self.next, &bytes[..head], &bytes[tail..])
    }

    fn scan(&self) -> StretchScan {
        let Scan {
            mut headings,
            labels,
        } = scan(self.text);
        let holds = match self.next {
            None => true,
            Some(at) => headings.last().is_some_and(|h| h.line_start == at),
        };
        if self.next.is_some() && holds {
            headings.pop();
        }
        StretchScan {
            headings: headings.into_iter().map(Heading::of).collect(),
            holds,
            labels,
        }
    }
}

/// The distinct stretches between neighbouring cuts of both versions.
#[derive(Default)]
struct Stretches<'t> {
    list: Vec<Stretch<'t>>,
    /// The first stretch of each hash. Two stretches alike have one hash;
    /// a stretch whose hash another has (an edit that kept a stretch's
    /// length and ends) is parsed apart.
    by_hash: HashMap<u64, usize>,
}

impl<'t> Stretches<'t> {
    /// Adds the stretches of a version; returns the place in
    /// [`Stretches::list`] of each.
    fn add(&mut self, plan: &Plan<'t>) -> Vec<usize> {
        self.by_hash.reserve(plan.stretches.len());
        plan.stretches
            .iter()
            .map(|&(hash, stretch)| match self.by_hash.get(&hash) {
                Some(&id) if self.list[id] == stretch => id,
                found => {
                    self.list.push(stretch);
                    let id = self.list.len() - 1;
                    if found.is_none() {
                        self.by_hash.insert(hash, id);
                    }
                    id
                }
            })
            .collect()
    }
}

/// The headings of `text`, from the scans of its stretches between
/// neighbouring cuts (`ids[k]` is the scan of the one at `cuts[k]`); `None`
/// when a definition may change how a heading reads.
fn assemble(
    text: &str,
    cuts: &[usize],
    ids: &[usize],
    scans: &[StretchScan],
) -> Option<Vec<Heading>> {
    let mut headings = Vec::new();
    let mut labels: Vec<&str> = Vec::new();
    let mut rescans = Vec::new();
    let mut k = 0;
    while k < cuts.len() {
        let (scan, next) = match &scans[ids[k]] {
            scan if scan.holds => (scan, k + 1),
            _ => {
                let (scan, next) = scan_until_a_cut_holds(text, cuts, k);
                rescans.push(scan);
                (rescans.last().expect("just pushed"), next)
            }
        };
        headings.extend(scan.headings.iter().map(|h| h.clone().shifted(cuts[k])));
        k = next;
    }
    for scan in ids
        .iter()
        .map(|&id| &scans[id])
        .filter(|s| s.holds)
        .chain(&rescans)
    {
        labels.extend(scan.labels.iter().map(String::as_str));
    }
    (!definitions_may_fill(text, &headings, &labels)).then_some(headings)
}

/// The scan of the stretch from `cuts[from]` to the first cut after it that
/// holds, and that cut's place, when the cut right after it does not hold:
/// each try reaches twice as far into the text as the one before.
fn scan_until_a_cut_holds(text: &str, cuts: &[usize], from: usize) -> (StretchScan, usize) {
    let mut to = from + 2;
    loop {
        let to_clamped = to.min(cuts.len());
        let scan = Stretch::of(text, cuts, from, to_clamped).scan();
        if scan.holds {
            return (scan, to_clamped);
        }
        let reached = cuts[to_clamped] - cuts[from];
        to = cuts
            .partition_point(|&c| c < cuts[from] + 2 * reached)
            .max(to_clamped + 1);
    }
}

/// Whether a definition labelled as in `labels` could be what a bracket in
/// one of `headings` refers to (`# [a]`, `# Art. 3[^1]`). Said conservatively:
/// labels and brackets are compared by their ASCII letters and digits, and
/// any with another character, or a heading with code or HTML beside a
/// bracket, may match anything.
fn definitions_may_fill(text: &str, headings: &[Heading], labels: &[&str]) -> bool {
    if labels.is_empty() {
        return false;
    }
    let mut brackets = Vec::new();
    for h in headings {
        let source = &text[h.raw.line_start..h.raw.body_start];
        if source.contains('[') {
            bracket_keys(source, &mut brackets);
        }
    }
    if brackets.is_empty() {
        return false;
    }
    let labels: Vec<Option<String>> = labels.iter().map(|l| label_key(l)).collect();
    if labels.iter().chain(&brackets).any(Option::is_none) {
        return true;
    }
    let labels: HashSet<&str> = labels.iter().flatten().map(String::as_str).collect();
    brackets
        .iter()
        .flatten()
        .any(|b| labels.contains(b.as_str()))
}

/// The key of what each bracket of a heading's `source` holds: the text
/// between a `[` and the next `]` with no `[` between (a label has no
/// unescaped bracket), escaped brackets skipped. `None` (anything) for all
/// of them when code or HTML could hide an escape.
fn bracket_keys(source: &str, keys: &mut Vec<Option<String>>) {
    if source.contains(['`', '<']) {
        keys.push(None);
        return;
    }
    let bytes = source.as_bytes();
    let mut open = None;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 1,
            b'[' => open = Some(at + 1),
            b']' => {
                if let Some(start) = open.take() {
                    keys.push(label_key(&source[start..at]));
                }
            }
            _ => {}
        }
        at += 1;
    }
}

/// A label as compared here: its ASCII letters and digits, lowercased. Labels
/// match case-insensitively with their spaces collapsed, and footnotes'
/// carry a `^`; this key is coarser, so it never tells two matching labels
/// apart. `None` for a label with another character: Unicode case folding
/// can make it match an ASCII one (the Kelvin sign folds to `k`).
fn label_key(label: &str) -> Option<String> {
    label.is_ascii().then(|| {
        label
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase() as char)
            .collect()
    })
}

#[cfg(test)]
mod tests;
