//! Benchmarks of the library (not the CLI): `cargo bench --bench diff`.
//!
//! Inputs come from the generator of `examples/gen_bench_pair.rs` (same code,
//! seed 1), built once, outside the timings:
//! - `parse_1mb`: [`Document::parse`] of the ~1 MB old draft;
//! - `compare_1mb`: [`compare::compare`] of the ~1 MB pair (pairing and word diffs);
//! - `worddiff_rewrite_1mb`: [`compare::worddiff::diff_text`] of one ~1 MB section
//!   rewritten entirely (two unrelated texts from the same vocabulary) under the
//!   default per-section deadline (500 ms); `worddiff_rewrite_1mb_deadline_5ms`
//!   is the same under a 5 ms deadline, so that the deadline is surely reached
//!   and the coarse fallback is what is measured (see bench/README.md: with
//!   similar 3's own cost limits the default deadline is not reached at 1 MB).

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use cotejo::compare::{self, Side};
use cotejo::document::Document;
use cotejo::model::VersionInfo;
use cotejo::synth::Rng;
use divan::Bencher;

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

/// Two unrelated ~1 MB section bodies.
static REWRITE: LazyLock<(String, String)> = LazyLock::new(|| {
    (
        gen_bench_pair::prose(SIZE, &mut Rng::new(11)),
        gen_bench_pair::prose(SIZE, &mut Rng::new(12)),
    )
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

#[divan::bench(sample_count = 3, sample_size = 1)]
fn worddiff_rewrite_1mb(bencher: Bencher) {
    rewrite(bencher, compare::Options::default().section_deadline);
}

/// The same with a deadline short enough to be reached: what is left after it
/// (hunks shown whole, then the cleanup of the script) is not bounded by it.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn worddiff_rewrite_1mb_deadline_5ms(bencher: Bencher) {
    rewrite(bencher, Duration::from_millis(5));
}

fn rewrite(bencher: Bencher, deadline: Duration) {
    let (old, new) = &*REWRITE;
    bencher.bench(|| compare::worddiff::diff_text(old, new, Some(Instant::now() + deadline)));
}
