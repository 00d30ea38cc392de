//! Pairing accuracy on generated cases with a known answer (see `cotejo::synth`):
//! real documents renumbered as policies, then ~5% of sections inserted, ~5%
//! deleted, ~3% moved under another parent, ~4% renamed and ~10% edited.
//! Required: ≥ 99% of sections paired as in the truth; the moved, renamed and
//! renumbered flags right on ≥ 95% of the pairs that carry them (in truth or in
//! cotejo's answer), leaving out sections no text can tell apart (same title
//! and body as another, such as the many empty "(weggefallen)" of German law).

use std::io::Write;
use std::path::{Path, PathBuf};

use cotejo::document::Document;
use cotejo::synth::{self, Mix, Outline, Rng, Score};

fn outline(path: &Path) -> Outline {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Outline::from_document(&Document::parse(text), "Documento de prueba")
}

/// Scores `seeds` cases made from `doc` with `donor`'s sections as new text.
fn run_cases(doc: &Outline, donor: &Outline, seeds: std::ops::Range<u64>) -> Score {
    let mut total = Score::default();
    for seed in seeds {
        let mut rng = Rng::new(seed);
        let case = synth::mutate(doc, donor, Mix::default(), &mut rng);
        total.add(&synth::compare_and_score(&case, &format!("seed {seed}")));
    }
    total
}

fn report(name: &str, s: &Score) {
    eprintln!(
        "{name}: {} sections, pairing {:.4}, moved {:.4} ({}/{}), renamed {:.4} ({}/{}), renumbered {:.4} ({}/{})",
        s.sections,
        s.pairing(),
        s.moved.ratio(),
        s.moved.agree,
        s.moved.union,
        s.renamed.ratio(),
        s.renamed.agree,
        s.renamed.union,
        s.renumbered.ratio(),
        s.renumbered.agree,
        s.renumbered.union,
    );
}

fn assert_targets(name: &str, s: &Score) {
    report(name, s);
    assert!(
        s.pairing() >= 0.99,
        "{name}: pairing {:.4} < 0.99",
        s.pairing()
    );
    for (flag, f) in [
        ("moved", s.moved),
        ("renamed", s.renamed),
        ("renumbered", s.renumbered),
    ] {
        assert!(f.union > 0, "{name}: the cases never exercised `{flag}`");
        assert!(
            f.ratio() >= 0.95,
            "{name}: {flag} right on {:.4} < 0.95 ({}/{})",
            f.ratio(),
            f.agree,
            f.union
        );
    }
}

fn fixture(name: &str) -> Outline {
    outline(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/real")
            .join(name),
    )
}

#[test]
fn policy_documents_from_real_laws_and_terms() {
    let docs = [
        ("de-stgb.md", "ar-ley-19550.md", 0..6),
        ("de-aufenthg.md", "de-stgb.md", 0..6),
        ("ar-ley-19550.md", "de-aufenthg.md", 0..6),
        (
            "github-terms-of-service.md",
            "github-corporate-terms.md",
            0..40,
        ),
        (
            "github-corporate-terms.md",
            "github-terms-of-service.md",
            0..40,
        ),
    ];
    let mut all = Score::default();
    for (doc, donor, seeds) in docs {
        let s = run_cases(&fixture(doc), &fixture(donor), seeds);
        report(doc, &s);
        all.add(&s);
    }
    assert_targets("all real documents", &all);
}

#[test]
fn the_pnda_sample_drafts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("policy/pnda");
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let text: String = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let doc = Outline::from_document(&Document::parse(text), "PNDA");
    let s = run_cases(&doc, &fixture("ar-ley-19550.md"), 0..60);
    assert_targets("PNDA sample", &s);
}

/// `shared/corpora`, beside the project's root as on CI; `None` when a clone
/// has no `../shared` beside it: the test then skips, saying so on stderr.
/// With `COTEJO_REQUIRE_SHARED=1` (`.ci/run` sets it) its absence fails the
/// test instead.
fn corpora(test: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    if dir.is_dir() {
        return Some(dir);
    }
    let required = std::env::var("COTEJO_REQUIRE_SHARED").is_ok_and(|v| !v.is_empty() && v != "0");
    assert!(
        !required,
        "{test}: {} is missing, and COTEJO_REQUIRE_SHARED is set: this test must run on the \
         shared corpora (put shared/ beside the clone, or unset COTEJO_REQUIRE_SHARED to skip)",
        dir.display()
    );
    // Straight to stderr, past the test harness's capture, so the skip shows.
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test}: {} is missing (it is beside the clone on CI; \
         COTEJO_REQUIRE_SHARED=1 makes its absence fail)",
        dir.display()
    );
    None
}

#[test]
fn ten_thousand_sections() {
    let Some(corpora) = corpora("ten_thousand_sections") else {
        return;
    };
    let gz = corpora.join("big-concat/old.md.gz");
    let out = std::process::Command::new("gunzip")
        .arg("-c")
        .arg(&gz)
        .output()
        .unwrap_or_else(|e| panic!("gunzip {}: {e}", gz.display()));
    assert!(out.status.success(), "gunzip {} failed", gz.display());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let mut all = Outline::from_document(&Document::parse(text), "Bundesrecht");
    all.nodes.truncate(10_000);
    let donor = fixture("ar-ley-19550.md");
    let s = run_cases(&all, &donor, 0..1);
    assert!(
        s.sections >= 19_500,
        "{} sections in both versions",
        s.sections
    );
    assert_targets("10,000 sections (German federal law)", &s);
}
