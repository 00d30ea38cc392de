//! Comparing two versions: pairing sections ([`align`]), then diffing each
//! pair's words ([`worddiff`]), into the [`Comparison`] model.

pub mod align;
pub mod blocks;
mod moved;
pub mod table;
pub mod tokens;
pub mod worddiff;

use std::sync::Arc;

use crate::document::Document;
use crate::document::numbering::same_number;
use crate::model::{
    ChangeKind, Comparison, DiffToken, Flag, Op, SCHEMA, SectionChange, SectionRef, Summary,
    VersionInfo,
};

/// How to compare.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Leave out the entries of sections that did not change at all (the
    /// summary still counts them). The JSON contract lists every section, so
    /// only a history, which keeps thousands of comparisons, asks for this.
    pub changes_only: bool,
}

/// One side of a comparison: the parsed text and where it came from.
pub struct Side<'a> {
    pub info: VersionInfo,
    pub document: &'a Document,
}

/// Compares two versions of a document section by section.
pub fn compare(old: Side<'_>, new: Side<'_>, options: &Options) -> Comparison {
    compare_aligned(old, new, options).0
}

/// [`compare`], also returning the pairing it found (which, with
/// [`Options::changes_only`], the comparison alone no longer shows).
pub fn compare_aligned(
    old: Side<'_>,
    new: Side<'_>,
    options: &Options,
) -> (Comparison, align::Alignment) {
    compare_then_describe(old.document, new.document, options, || (old.info, new.info))
}

/// [`compare_aligned`] of two documents whose descriptions are asked of
/// `describe` only once their sections are compared, so that what they need
/// (the texts' hashes) can be worked out meanwhile on another core.
pub fn compare_then_describe(
    od: &Document,
    nd: &Document,
    options: &Options,
    describe: impl FnOnce() -> (VersionInfo, VersionInfo),
) -> (Comparison, align::Alignment) {
    let al = align::align(od, nd);
    let mut bodies = diff_changed_bodies(od, nd, &al);
    let (mut entries, mut summary) = entries_in_order(od, nd, &al, &mut bodies, options);
    moved::find(od, nd, &mut entries, &mut summary);
    if options.changes_only {
        // Room was made for every section; a history keeps thousands of
        // these lists, most holding a change or two.
        entries.shrink_to_fit();
    }
    let (old, new) = describe();
    let cmp = Comparison {
        schema: SCHEMA.to_owned(),
        old,
        new,
        summary,
        sections: entries,
    };
    (cmp, al)
}

/// Below this many new sections, the entries are made on the calling
/// thread: a policy's few hundred take a millisecond. A law's tens of
/// thousands took a tenth of the 26 MB pair's time with the other core idle.
const ENTRIES_SPREAD: usize = 4096;

/// The comparison's entries, ordered by the new version, each removed section
/// right after the entry of the section that preceded it in the old version,
/// and their counts. Each new section's entries depend on it alone, so runs
/// of them are made on separate threads and joined in order.
fn entries_in_order(
    od: &Document,
    nd: &Document,
    al: &align::Alignment,
    bodies: &mut [Option<BodyDiff>],
    options: &Options,
) -> (Vec<SectionChange>, Summary) {
    let run = |first: usize, bodies: &mut [Option<BodyDiff>]| {
        entries_of_run(od, nd, al, first, bodies, options)
    };
    let threads = crate::parallel::threads();
    if threads < 2 || bodies.len() < ENTRIES_SPREAD {
        return run(0, bodies);
    }
    let per_run = bodies.len().div_ceil(threads);
    let mut runs: Vec<(Vec<SectionChange>, Summary)> = std::thread::scope(|scope| {
        let mut chunks = bodies.chunks_mut(per_run).enumerate();
        let (_, first) = chunks.next().expect("a section at least");
        let others: Vec<_> = chunks
            .map(|(k, chunk)| scope.spawn(move || run(k * per_run, chunk)))
            .collect();
        let mut runs = vec![run(0, first)];
        runs.extend(
            others
                .into_iter()
                .map(|h| h.join().expect("a worker does not panic")),
        );
        runs
    });
    let (mut entries, mut summary) = runs.remove(0);
    entries.reserve_exact(runs.iter().map(|(e, _)| e.len()).sum());
    for (more, counts) in runs {
        entries.extend(more);
        summary += counts;
    }
    (entries, summary)
}

/// The entries of new sections `first..first + bodies.len()` (`bodies` are
/// theirs), with the removed sections that follow each; the run that starts
/// the document also has the removed sections before any paired one.
fn entries_of_run(
    od: &Document,
    nd: &Document,
    al: &align::Alignment,
    first: usize,
    bodies: &mut [Option<BodyDiff>],
    options: &Options,
) -> (Vec<SectionChange>, Summary) {
    // The whole document's entries are one per new section and one per
    // removed old one: exactly that many, or the vector doubles and copies
    // every entry once the last few arrive. A history's steps keep only the
    // changes, mostly one or two: reserving ~340 bytes for each of a 1 MB
    // document's sections was 600 KB allocated and freed every commit.
    let mut entries: Vec<SectionChange> = if options.changes_only {
        Vec::new()
    } else if first == 0 && bodies.len() == nd.sections().len() {
        Vec::with_capacity(
            nd.sections().len() + al.old_to_new.iter().filter(|n| n.is_none()).count(),
        )
    } else {
        Vec::with_capacity(bodies.len())
    };
    let mut summary = Summary::default();
    let removed_after = |entries: &mut Vec<SectionChange>, summary: &mut Summary, from: usize| {
        let mut o = from;
        while o < od.sections().len() && al.old_to_new[o].is_none() {
            entries.push(removed(od, o, summary));
            o += 1;
        }
    };
    if first == 0 {
        removed_after(&mut entries, &mut summary, 0);
    }
    for (n, body) in (first..).zip(bodies) {
        match al.new_to_old[n] {
            None => entries.push(added(nd, n, &mut summary)),
            Some(o) => {
                let body = body.take();
                let (os, ns) = (&od.sections()[o], &nd.sections()[n]);
                if options.changes_only
                    && body.is_none()
                    && !al.moved[n]
                    && os.title == ns.title
                    && same_number(os.number.as_deref(), ns.number.as_deref())
                {
                    summary.unchanged += 1;
                } else {
                    entries.push(paired(od, o, nd, n, al.moved[n], body, &mut summary));
                }
                removed_after(&mut entries, &mut summary, o + 1);
            }
        }
    }
    (entries, summary)
}

fn section_ref(doc: &Document, index: usize) -> SectionRef {
    section_ref_beside(doc, index, None)
}

/// [`section_ref`], sharing the strings that `beside` (the section in the
/// other version) has alike: a comparison has an entry for every section,
/// and most keep their names, so the new version's references cost no
/// allocation of their own.
fn section_ref_beside(doc: &Document, index: usize, beside: Option<&SectionRef>) -> SectionRef {
    let s = &doc.sections()[index];
    let shared = |mine: &str, theirs: Option<&Arc<str>>| match theirs {
        Some(theirs) if **theirs == *mine => Arc::clone(theirs),
        _ => Arc::from(mine),
    };
    let path = doc.path(index);
    SectionRef {
        index,
        id: shared(&s.id, beside.map(|b| &b.id)),
        level: s.level,
        heading: Arc::clone(path.last().expect("a path ends with its own heading")),
        title: shared(&s.title, beside.map(|b| &b.title)),
        parent_title: s.parent.map(|p| {
            let theirs = beside.and_then(|b| b.parent_title.as_ref());
            shared(&doc.sections()[p].title, theirs)
        }),
        number: (s.number.as_deref()).map(|n| shared(n, beside.and_then(|b| b.number.as_ref()))),
        path,
        line: s.line,
    }
}

/// The words of the `op` tokens.
fn count_words(tokens: &[DiffToken], op: Op) -> usize {
    tokens
        .iter()
        .filter(|t| t.op == op)
        .map(|t| tokens::count_words(&t.text))
        .sum()
}

fn whole(op: Op, text: &str) -> Vec<DiffToken> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![DiffToken::new(op, text.to_owned())]
    }
}

fn added(doc: &Document, n: usize, summary: &mut Summary) -> SectionChange {
    let diff = whole(Op::Insert, doc.body(n));
    summary.added += 1;
    summary.words_inserted += count_words(&diff, Op::Insert);
    SectionChange {
        change: ChangeKind::Added,
        flags: Vec::new(),
        old: None,
        new: Some(section_ref(doc, n)),
        similarity: 0.0,
        diff: Some(diff),
        blocks: Some(blocks::one_sided(doc.body(n), ChangeKind::Added)),
    }
}

fn removed(doc: &Document, o: usize, summary: &mut Summary) -> SectionChange {
    let diff = whole(Op::Delete, doc.body(o));
    summary.removed += 1;
    summary.words_deleted += count_words(&diff, Op::Delete);
    SectionChange {
        change: ChangeKind::Removed,
        flags: Vec::new(),
        old: Some(section_ref(doc, o)),
        new: None,
        similarity: 0.0,
        diff: Some(diff),
        blocks: Some(blocks::one_sided(doc.body(o), ChangeKind::Removed)),
    }
}

/// The diff of a paired section whose body changed.
struct BodyDiff {
    tokens: Vec<DiffToken>,
    words: worddiff::WordCounts,
    formatting_only: bool,
    blocks: Vec<crate::model::BlockChange>,
}

/// Diffs the bodies of every pair whose body changed, spread over the
/// machine's cores. Indexed by new section.
fn diff_changed_bodies(
    od: &Document,
    nd: &Document,
    al: &align::Alignment,
) -> Vec<Option<BodyDiff>> {
    let work: Vec<(usize, usize)> = (0..nd.sections().len())
        .filter_map(|n| Some((al.new_to_old[n]?, n)))
        .filter(|&(o, n)| od.body(o) != nd.body(n))
        .collect();
    let diff = |&(o, n): &(usize, usize)| {
        let (old_body, new_body) = (od.body(o), nd.body(n));
        let blocks = blocks::changes(old_body, new_body);
        // Words are diffed inside each pair of aligned blocks, so a word of
        // one table row or paragraph is never matched with another's; where
        // blocks moved among themselves, the body is diffed whole.
        let (tokens, words) = worddiff::diff_by_blocks(old_body, new_body, &blocks)
            .unwrap_or_else(|| worddiff::diff_counted(old_body, new_body));
        let formatting_only = worddiff::is_formatting_only(old_body, new_body);
        (
            n,
            BodyDiff {
                tokens,
                words,
                formatting_only,
                blocks,
            },
        )
    };
    // Interleaved shares balance large and small sections across threads.
    let results: Vec<(usize, BodyDiff)> = crate::parallel::map_interleaved(&work, 2, diff);
    let mut out: Vec<Option<BodyDiff>> = (0..nd.sections().len()).map(|_| None).collect();
    for (n, d) in results {
        out[n] = Some(d);
    }
    out
}

fn paired(
    od: &Document,
    o: usize,
    nd: &Document,
    n: usize,
    moved: bool,
    body: Option<BodyDiff>,
    summary: &mut Summary,
) -> SectionChange {
    let (os, ns) = (&od.sections()[o], &nd.sections()[n]);
    let mut flags = Vec::new();
    if moved {
        flags.push(Flag::Moved);
        summary.moved += 1;
    }
    if os.title != ns.title {
        flags.push(Flag::Renamed);
        summary.renamed += 1;
    }
    // A number written another way (`Artículo 1` → `ARTÍCULO 1º`) is the
    // same number: not a renumbering.
    if !same_number(os.number.as_deref(), ns.number.as_deref()) {
        flags.push(Flag::Renumbered);
        summary.renumbered += 1;
    }
    let (change, diff, similarity, blocks) = match body {
        None => {
            summary.unchanged += 1;
            (ChangeKind::Unchanged, None, 1.0, None)
        }
        Some(body) => {
            summary.modified += 1;
            if body.formatting_only {
                flags.push(Flag::FormattingOnly);
            }
            let w = body.words;
            summary.words_deleted += w.deleted;
            summary.words_inserted += w.inserted;
            let total = 2 * w.equal + w.deleted + w.inserted;
            let similarity = if total == 0 {
                1.0
            } else {
                2.0 * w.equal as f64 / total as f64
            };
            (
                ChangeKind::Modified,
                Some(body.tokens),
                round(similarity),
                Some(body.blocks),
            )
        }
    };
    let old = section_ref(od, o);
    SectionChange {
        change,
        flags,
        new: Some(section_ref_beside(nd, n, Some(&old))),
        old: Some(old),
        similarity,
        diff,
        blocks,
    }
}

/// Four decimals are enough for people and keep the JSON stable across platforms.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A law-sized pair: sections removed before the first paired one, in
    /// runs after paired ones (also across the threads' boundaries), added,
    /// edited and renumbered.
    fn law(sections: usize, edition: usize) -> String {
        let mut text = String::new();
        for k in 0..sections {
            let gone = match edition {
                0 => k % 97 == 5,
                _ => k < 3 || k % 89 == 7 || (2040..2060).contains(&k),
            };
            if gone {
                continue;
            }
            let title = if k % 7 == 0 {
                "Objeto".to_owned()
            } else {
                format!("Regla {k}")
            };
            let body = if edition == 1 && k % 13 == 0 {
                "se deroga"
            } else {
                "texto de la regla"
            };
            text.push_str(&format!("## Artículo {k}. {title}\n\n{body} {k}.\n\n"));
            if edition == 1 && k % 101 == 0 {
                text.push_str(&format!("## Artículo nuevo {k}\n\nañadido {k}.\n\n"));
            }
        }
        text
    }

    #[test]
    fn entries_made_on_several_threads_are_the_entries_made_on_one() {
        let (od, nd) = (Document::parse(law(5000, 0)), Document::parse(law(5000, 1)));
        assert!(nd.sections().len() >= ENTRIES_SPREAD);
        let al = align::align(&od, &nd);
        for options in [Options::default(), Options { changes_only: true }] {
            let mut bodies = diff_changed_bodies(&od, &nd, &al);
            let spread = entries_in_order(&od, &nd, &al, &mut bodies, &options);
            let mut bodies = diff_changed_bodies(&od, &nd, &al);
            let one = entries_of_run(&od, &nd, &al, 0, &mut bodies, &options);
            assert!(spread.1.added > 0 && spread.1.removed > 3 && spread.1.modified > 0);
            assert_eq!(spread.1, one.1);
            assert!(spread.0 == one.0, "the same entries in the same order");
        }
    }
}
