//! The word diff's tokenizer reads ASCII by UAX #29's rules written out and
//! leaves the rest to `unicode-segmentation` (issue 14): on every CommonMark
//! spec example, every fixture and every document of `../shared/corpora`, it
//! gives the tokens the segmenter alone gives, at the same offsets; and so do
//! the words the pairing and the counts read (`tokens::words`).
//!
//! The corpora are read when `../shared/corpora` is there; without it the
//! test says it skipped them, unless `COTEJO_REQUIRE_SHARED=1` requires them.

use std::path::PathBuf;

mod support;

use cotejo::compare::tokens::{Kind, for_each_token, for_each_token_segmented, kind, words};
use support::{markdown_files, shared_corpora};
use unicode_segmentation::UnicodeSegmentation;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The first token where the two tokenizers part, or the first word where
/// `words` and the segmenter's words do, if any.
fn first_difference(text: &str) -> Option<String> {
    let fast_words: Vec<(usize, &str)> = words(text)
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    let segmenter_words: Vec<(usize, &str)> = text
        .split_word_bound_indices()
        .filter(|(_, t)| kind(t) == Kind::Word)
        .collect();
    if fast_words != segmenter_words {
        let k = fast_words
            .iter()
            .zip(&segmenter_words)
            .position(|(a, b)| a != b)
            .unwrap_or(fast_words.len().min(segmenter_words.len()));
        return Some(format!(
            "word {k}: fast {:?}, segmenter {:?}",
            fast_words.get(k),
            segmenter_words.get(k)
        ));
    }
    let (mut fast, mut reference) = (Vec::new(), Vec::new());
    for_each_token(text, |at, t| fast.push((at, t)));
    for_each_token_segmented(text, |at, t| reference.push((at, t)));
    if fast == reference {
        return None;
    }
    let k = fast
        .iter()
        .zip(&reference)
        .position(|(a, b)| a != b)
        .unwrap_or(fast.len().min(reference.len()));
    Some(format!(
        "token {k}: fast {:?}, segmenter {:?}",
        fast.get(k),
        reference.get(k)
    ))
}

fn check_all(files: &[PathBuf]) -> usize {
    let mut checked = 0;
    for path in files {
        let bytes = std::fs::read(path).unwrap();
        // A file that is not UTF-8 is not diffed at all.
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        if let Some(diff) = first_difference(&text) {
            panic!("{}: {diff}", path.display());
        }
        checked += 1;
    }
    checked
}

#[test]
fn fixtures_and_the_sample_tokenize_as_the_segmenter_does() {
    let mut files = Vec::new();
    markdown_files(&root().join("tests/fixtures"), &mut files);
    markdown_files(&root().join("policy"), &mut files);
    assert!(check_all(&files) > 10);
}

#[test]
fn the_commonmark_examples_and_the_corpora_tokenize_as_the_segmenter_does() {
    let Some(dir) = shared_corpora() else {
        return;
    };
    let mut files = Vec::new();
    markdown_files(&dir, &mut files);
    let commonmark = files
        .iter()
        .filter(|p| p.starts_with(dir.join("commonmark")))
        .count();
    assert!(commonmark >= 600, "{commonmark} CommonMark examples");
    assert!(check_all(&files) >= 900);
}
