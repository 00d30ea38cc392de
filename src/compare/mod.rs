//! Comparing two versions: pairing sections ([`align`]), then diffing each
//! pair's words ([`worddiff`]), into the [`Comparison`] model.

pub mod align;
pub mod blocks;
mod moved;
pub mod table;
pub mod tokens;
pub mod worddiff;

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
    let mut entries: Vec<SectionChange> =
        Vec::with_capacity(od.sections().len().max(nd.sections().len()));
    let mut summary = Summary::default();
    let removed_after = |entries: &mut Vec<SectionChange>, summary: &mut Summary, from: usize| {
        let mut o = from;
        while o < od.sections().len() && al.old_to_new[o].is_none() {
            entries.push(removed(od, o, summary));
            o += 1;
        }
    };
    removed_after(&mut entries, &mut summary, 0);
    for (n, body) in bodies.iter_mut().enumerate() {
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

fn section_ref(doc: &Document, index: usize) -> SectionRef {
    let s = &doc.sections()[index];
    SectionRef {
        index,
        id: s.id.clone(),
        level: s.level,
        heading: s.heading.clone(),
        title: s.title.clone(),
        parent_title: s.parent.map(|p| doc.sections()[p].title.clone()),
        number: s.number.clone(),
        path: doc.path(index),
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
    SectionChange {
        change,
        flags,
        old: Some(section_ref(od, o)),
        new: Some(section_ref(nd, n)),
        similarity,
        diff,
        blocks,
    }
}

/// Four decimals are enough for people and keep the JSON stable across platforms.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
