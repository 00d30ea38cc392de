//! Pairing accuracy on laws whose articles are headed by their number alone
//! (issue 10): real laws with every article heading rewritten to `Artículo N`
//! (in the styles of [`synth::ARTICLE_STYLES`]), then about 5% of the articles
//! each inserted, deleted, moved and edited, 1% repealed ("Se deroga."), and
//! every article renumbered in order as a drafter does (see `cotejo::synth::law`).
//! Required: ≥ 99% of sections paired as in the truth, and the renumbered and
//! moved flags right on ≥ 95% of the pairs that carry them.
//!
//! The cases made from `tests/fixtures/real` always run; those made from the
//! shared corpora (`../shared/corpora`) are skipped with a line on standard
//! error when that folder is absent, unless `COTEJO_REQUIRE_SHARED=1` makes
//! them required.

use std::path::{Path, PathBuf};

use cotejo::document::Document;
use cotejo::synth::{self, ARTICLE_STYLES, Law, LawMix, LawNode, Rng, Score};
use support::shared_corpora;

mod support;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn law(path: &Path) -> Law {
    Law::from_document(&Document::parse(read(path)), "Ley de prueba")
}

/// Scores `seeds` cases made from `law` with `donor`'s articles as new text;
/// each seed writes its headings in another of the styles.
fn run_cases(law: &Law, donor: &Law, seeds: std::ops::Range<u64>) -> Score {
    let mut total = Score::default();
    for seed in seeds {
        let mut rng = Rng::new(seed);
        let style = ARTICLE_STYLES[seed as usize % ARTICLE_STYLES.len()];
        let case = synth::mutate_law(law, donor, LawMix::default(), style, &mut rng);
        total.add(&synth::compare_and_score(&case, &format!("seed {seed}")));
    }
    total
}

fn report(name: &str, s: &Score) {
    eprintln!(
        "{name}: {} sections, pairing {:.4}, moved {:.4} ({}/{}), renumbered {:.4} ({}/{})",
        s.sections,
        s.pairing(),
        s.moved.ratio(),
        s.moved.agree,
        s.moved.union,
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
    for (flag, f) in [("moved", s.moved), ("renumbered", s.renumbered)] {
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

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The PNDA sample's sections as articles: Spanish text from another
/// document, to be inserted into the law.
fn pnda_donor() -> Law {
    let dir = root().join("policy/pnda");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let text: String = files.iter().map(|p| read(p)).collect();
    let doc = Document::parse(text);
    let nodes = (0..doc.sections().len())
        .map(|i| doc.body(i).trim())
        .filter(|b| !b.is_empty() && !b.contains('#'))
        .enumerate()
        .map(|(key, b)| LawNode {
            key,
            division: None,
            depth: 4,
            body: format!("{b}\n\n"),
        })
        .collect();
    Law {
        title: "PNDA".to_owned(),
        nodes,
    }
}

#[test]
fn argentine_company_law_with_number_only_articles() {
    let doc = law(&root().join("tests/fixtures/real/ar-ley-19550.md"));
    assert!(doc.articles() > 300, "{} articles", doc.articles());
    let s = run_cases(&doc, &pnda_donor(), 0..12);
    assert_targets("ar-ley-19550 (fixture)", &s);
}

/// The last version of a law in a corpus folder (`v01.md`, `v02.md`, …).
fn last_version(dir: &Path) -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    versions.sort();
    versions.pop().expect("a version")
}

#[test]
fn argentine_laws_of_the_shared_corpus() {
    let Some(corpora) = shared_corpora() else {
        return;
    };
    let names = [
        "DL-333-1958",
        "LEY-11672",
        "LEY-19550",
        "LEY-22520",
        "LEY-24241",
        "LEY-25246",
    ];
    let laws: Vec<Law> = names
        .iter()
        .map(|n| law(&last_version(&corpora.join("ar-leyes").join(n))))
        .collect();
    let mut all = Score::default();
    for (k, (name, doc)) in names.iter().zip(&laws).enumerate() {
        // The next law of the corpus gives the inserted articles.
        let donor = &laws[(k + 1) % laws.len()];
        let s = run_cases(doc, donor, 0..6);
        report(name, &s);
        all.add(&s);
    }
    assert_targets("Argentine laws (shared corpus)", &all);
}

#[test]
fn french_civil_code_and_german_laws_of_the_shared_corpus() {
    let Some(corpora) = shared_corpora() else {
        return;
    };
    // The Civil Code's articles are headed `Article N` already. Its two halves
    // make a law and its donor: its later versions would give near-copies of
    // its own articles (revised), which no comparison can tell from a move.
    let code = law(&corpora.join("fr-code-civil/code-civil/v08.md"));
    let half = code.nodes.len() / 2;
    let first = Law {
        title: code.title.clone(),
        nodes: code.nodes[..half].to_vec(),
    };
    let second = Law {
        title: code.title.clone(),
        nodes: code.nodes[half..].to_vec(),
    };
    let s = run_cases(&first, &second, 0..3);
    report("fr-code-civil (first half of v08)", &s);
    let mut all = s;
    // The German laws' `§ N Title` lose their titles to the body; their many
    // "(weggefallen)" placeholders stay.
    for (doc, donor) in [
        ("stgb/v08.md", "aufenthg_2004/v08.md"),
        ("kredwg/v11.md", "stgb/v08.md"),
    ] {
        let dir = corpora.join("de-gesetze");
        let s = run_cases(&law(&dir.join(doc)), &law(&dir.join(donor)), 0..3);
        report(doc, &s);
        all.add(&s);
    }
    assert_targets("French and German laws (shared corpus)", &all);
}
