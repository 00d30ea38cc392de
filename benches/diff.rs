//! Benchmarks of the library (not the CLI): `cargo bench --bench diff`.
//!
//! Inputs come from the generator of `examples/gen_bench_pair.rs` (same code,
//! seed 1), built once, outside the timings:
//! - `parse_1mb`: [`Document::parse`] of the ~1 MB old draft;
//! - `parse_pair_1mb`: [`Document::parse_pair`] of the ~1 MB pair, as the
//!   comparison of two versions parses them (together, stretch by stretch);
//! - `tokenize_1mb`: the word diff's tokenizer ([`compare::tokens::for_each_token`])
//!   over the ~1 MB old draft;
//! - `align_1mb`: the pairing of sections alone ([`compare::align::align`]);
//! - `compare_1mb`: [`compare::compare`] of the ~1 MB pair (pairing and word diffs);
//! - `worddiff_rewrite_1mb`: [`compare::worddiff::diff_text`] of one ~1 MB section
//!   rewritten entirely (two unrelated texts from the same vocabulary), one
//!   paragraph a line: each hunk is a paragraph, diffed word by word;
//!   `worddiff_rewrite_1mb_one_line` is the same text as one line, one hunk
//!   past [`compare::worddiff::HUNK_TOKENS`]: the sentence pass, then whole;
//! - `tiny_bodies_10k`: the body diff of 10,000 one-sentence articles, every
//!   one rewritten (12 words a side from 21, as `bench/cliffs.py`'s `unique`
//!   case), each as `compare` diffs a paired body: its blocks aligned
//!   ([`compare::blocks::changes`]), then its words
//!   ([`compare::worddiff::diff_by_blocks`]): the cost of many small diffs;
//! - `report_render_1mb`: the HTML report of the ~1 MB pair from its comparison,
//!   computed once outside the timing: the view ([`view::report`]: every
//!   section's redlines) and the template's render, as `cotejo report` does after
//!   comparing; `report_view_1mb` is the view alone.

use std::sync::LazyLock;

use cotejo::compare::{self, Side};
use cotejo::document::Document;
use cotejo::model::{Comparison, VersionInfo};
use cotejo::render::labels::Lang;
use cotejo::render::templates::Templates;
use cotejo::render::view::{self, NotesBySection, ReportInput, ReportView};
use cotejo::source::Version;
use cotejo::synth::Rng;
use divan::Bencher;

// The example is a program of its own: its `pub` items are its interface to
// this benchmark, not the library's API.
#[allow(unreachable_pub)]
#[path = "../examples/gen_bench_pair.rs"]
#[allow(dead_code)]
mod gen_bench_pair;

const SIZE: usize = 1_000_000;

/// The ~1 MB pair, as text.
static PAIR: LazyLock<(String, String)> = LazyLock::new(|| {
    let (old, new, _) = gen_bench_pair::pair(SIZE, 1);
    (old, new)
});

/// The ~1 MB pair, parsed.
static DOCS: LazyLock<(Document, Document)> = LazyLock::new(|| {
    (
        Document::parse(PAIR.0.as_str()),
        Document::parse(PAIR.1.as_str()),
    )
});

/// The ~1 MB pair as versions of two plain files, and their comparison.
static REPORT_INPUT: LazyLock<(Version, Version, Comparison)> = LazyLock::new(|| {
    let version = |label: &str, text: &str| {
        Version::assemble(
            label.to_owned(),
            None,
            vec![(label.to_owned(), text.to_owned())],
        )
    };
    let old = version("old.md", &PAIR.0);
    let new = version("new.md", &PAIR.1);
    let cmp = compare::compare(old.side(), new.side(), &compare::Options::default());
    (old, new, cmp)
});

/// Two unrelated ~1 MB section bodies.
static REWRITE: LazyLock<(String, String)> = LazyLock::new(|| {
    (
        gen_bench_pair::prose(SIZE, &mut Rng::new(11)),
        gen_bench_pair::prose(SIZE, &mut Rng::new(12)),
    )
});

/// 10,000 pairs of one-sentence article bodies, all different.
static TINY_BODIES: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    // `bench/cliffs.py`'s vocabulary.
    const WORDS: [&str; 21] = [
        "datos",
        "abiertos",
        "política",
        "pública",
        "gobierno",
        "transparencia",
        "institución",
        "portal",
        "calidad",
        "apertura",
        "federal",
        "estatal",
        "municipio",
        "información",
        "acceso",
        "sujetos",
        "obligados",
        "evaluación",
        "indicador",
        "meta",
        "plazo",
    ];
    let mut rng = Rng::new(7);
    let body = |rng: &mut Rng| {
        let words: Vec<&str> = (0..12).map(|_| WORDS[rng.below(WORDS.len())]).collect();
        format!("\n{}.\n\n", words.join(" "))
    };
    (0..10_000)
        .map(|_| (body(&mut rng), body(&mut rng)))
        .collect()
});

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn parse_1mb(bencher: Bencher) {
    let text = &PAIR.0;
    bencher
        .with_inputs(|| text.clone())
        .bench_values(Document::parse);
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn parse_pair_1mb(bencher: Bencher) {
    let (old, new) = &*PAIR;
    bencher
        .with_inputs(|| (old.clone(), new.clone()))
        .bench_values(|(old, new)| Document::parse_pair(old, new));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn compare_1mb(bencher: Bencher) {
    let (old, new) = &*DOCS;
    let info = |label: &str, doc: &Document| VersionInfo {
        label: label.to_owned(),
        commit: None,
        sha256: String::new(),
        sections: doc.sections().len(),
    };
    let options = compare::Options::default();
    bencher
        .with_inputs(|| (info("old.md", old), info("new.md", new)))
        .bench_values(|(old_info, new_info)| {
            compare::compare(
                Side {
                    info: old_info,
                    document: old,
                },
                Side {
                    info: new_info,
                    document: new,
                },
                &options,
            )
        });
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn tokenize_1mb(bencher: Bencher) {
    let text = PAIR.0.as_str();
    bencher.bench(|| {
        let mut n = 0usize;
        compare::tokens::for_each_token(text, |_, _| n += 1);
        n
    });
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn align_1mb(bencher: Bencher) {
    let (old, new) = &*DOCS;
    bencher.bench(|| compare::align::align(old, new));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn worddiff_rewrite_1mb(bencher: Bencher) {
    let (old, new) = &*REWRITE;
    bencher.bench(|| compare::worddiff::diff_text(old, new));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn worddiff_rewrite_1mb_one_line(bencher: Bencher) {
    let (old, new) = &*REWRITE;
    let one_line = |t: &str| t.replace(['\n', '\r'], " ");
    let (old, new) = (one_line(old), one_line(new));
    bencher.bench(|| compare::worddiff::diff_text(&old, &new));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn tiny_bodies_10k(bencher: Bencher) {
    let pairs = &*TINY_BODIES;
    bencher.bench(|| {
        pairs
            .iter()
            .map(|(old, new)| {
                let blocks = compare::blocks::changes(old, new);
                compare::worddiff::diff_by_blocks(old, new, &blocks)
                    .unwrap_or_else(|| compare::worddiff::diff_counted(old, new))
                    .0
                    .len()
            })
            .sum::<usize>()
    });
}

/// The report's view of the ~1 MB pair, as `cotejo report old.md new.md` builds
/// it (two plain files: no manifest, no notes).
fn report_view() -> ReportView {
    let (old, new, cmp) = &*REPORT_INPUT;
    view::report(ReportInput {
        lang: Lang::Es,
        title: "Documento".to_owned(),
        comparison: cmp,
        old: &old.document,
        new: &new.document,
        old_draft: None,
        new_draft: None,
        notes: NotesBySection::new(),
    })
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn report_render_1mb(bencher: Bencher) {
    let templates = Templates::embedded().expect("embedded templates");
    LazyLock::force(&REPORT_INPUT);
    bencher.bench(|| {
        templates
            .render("report.html", &report_view())
            .expect("report renders")
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn report_view_1mb(bencher: Bencher) {
    LazyLock::force(&REPORT_INPUT);
    bencher.bench(report_view);
}
