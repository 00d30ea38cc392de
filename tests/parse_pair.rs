//! Two versions parsed together, stretch by stretch (`Document::parse_pair`,
//! issue 14), give the sections each version parsed alone gives: on the
//! sample's drafts, the fixtures, every CommonMark spec example set among
//! headings (fences, HTML blocks, lists, definitions left open where a
//! stretch ends), and every pair of neighbouring versions in
//! `../shared/corpora`.
//!
//! The corpora are read when `../shared/corpora` is there; without it the
//! test says it skipped them, unless `COTEJO_REQUIRE_SHARED=1` requires them.

use std::path::{Path, PathBuf};

use cotejo::document::Document;

mod support;

use support::{markdown_files, shared_corpora};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Option<String> {
    String::from_utf8(std::fs::read(path).unwrap()).ok()
}

/// Panics, naming `what`, where parsing together differs from parsing alone.
fn check_pair(what: &str, old: &str, new: &str) {
    let (together_old, together_new) = Document::parse_pair(old.to_owned(), new.to_owned());
    assert_eq!(
        together_old.sections(),
        Document::parse(old).sections(),
        "{what}: the old version"
    );
    assert_eq!(
        together_new.sections(),
        Document::parse(new).sections(),
        "{what}: the new version"
    );
}

#[test]
fn the_sample_drafts_and_the_fixtures_parse_together_as_alone() {
    let mut files = Vec::new();
    markdown_files(&root().join("policy"), &mut files);
    markdown_files(&root().join("tests/fixtures"), &mut files);
    let texts: Vec<(PathBuf, String)> = files
        .into_iter()
        .filter_map(|p| read(&p).map(|t| (p, t)))
        .collect();
    assert!(texts.len() > 10);
    for pair in texts.windows(2) {
        let what = format!("{} → {}", pair[0].0.display(), pair[1].0.display());
        check_pair(&what, &pair[0].1, &pair[1].1);
    }
}

/// A document of `examples` set among headings, each example after a blank
/// line, so that what an example leaves open meets the next heading.
fn among_headings(examples: &[&str]) -> String {
    let mut doc = String::from("---\ntitle: prueba\n---\n# Título\n\n");
    for (k, example) in examples.iter().enumerate() {
        doc.push_str(example);
        if !example.ends_with('\n') {
            doc.push('\n');
        }
        doc.push_str(&format!("\n## {k}. Sección [{k}]\n\nTexto.\n"));
    }
    doc
}

#[test]
fn the_commonmark_examples_among_headings_parse_together_as_alone() {
    let Some(dir) = shared_corpora() else {
        return;
    };
    let mut files = Vec::new();
    markdown_files(&dir.join("commonmark"), &mut files);
    let examples: Vec<String> = files.iter().filter_map(|p| read(p)).collect();
    assert!(
        examples.len() >= 600,
        "{} CommonMark examples",
        examples.len()
    );
    let examples: Vec<&str> = examples.iter().map(String::as_str).collect();
    for (k, window) in examples.windows(3).enumerate() {
        // The old version has three examples; the new one drops the middle
        // one, so that the stretches around it are alike and parsed once.
        let old = among_headings(window);
        let new = among_headings(&[window[0], window[2]]);
        check_pair(&format!("examples {k}–{}", k + 2), &old, &new);
        // Each example alone before a heading, and the same after an edit.
        let alone = format!("{}\n# Después\n\nTexto.\n", window[0]);
        let edited = format!("{}\n# Después\n\nOtro texto.\n", window[0]);
        check_pair(&format!("example {k} alone"), &alone, &edited);
    }
}

#[test]
fn neighbouring_versions_in_the_corpora_parse_together_as_alone() {
    let Some(dir) = shared_corpora() else {
        return;
    };
    let mut files = Vec::new();
    markdown_files(&dir, &mut files);
    files.retain(|p| !p.starts_with(dir.join("commonmark")));
    let mut pairs = 0;
    for pair in files.windows(2) {
        if pair[0].parent() != pair[1].parent() {
            continue;
        }
        let (Some(old), Some(new)) = (read(&pair[0]), read(&pair[1])) else {
            continue;
        };
        check_pair(
            &format!("{} → {}", pair[0].display(), pair[1].display()),
            &old,
            &new,
        );
        pairs += 1;
    }
    assert!(pairs >= 200, "{pairs} pairs of versions");
}
