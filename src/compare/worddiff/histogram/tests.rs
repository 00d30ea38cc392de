use super::*;
use crate::compare::worddiff::{TokenIds, Vocabulary};
use proptest::prelude::*;

/// The reference: what similar gives for the same lists.
fn similar(old: &[u32], new: &[u32]) -> Vec<DiffOp> {
    capture_diff_slices(Algorithm::Histogram, old, new)
}

fn assert_same(old: &[u32], new: &[u32]) {
    assert_eq!(capture(old, new), similar(old, new), "{old:?} / {new:?}");
}

#[test]
fn small_cases_equal_similar() {
    let cases: &[(&[u32], &[u32])] = &[
        (&[], &[]),
        (&[1], &[]),
        (&[], &[1]),
        (&[1, 2, 3], &[1, 2, 3]),
        (&[1, 2, 3], &[4, 5, 6]),
        (&[1, 2, 3, 4], &[1, 9, 3, 4]),
        (&[0, 1, 0, 1, 0], &[1, 0, 1, 0, 1]),
        (&[7, 7, 7, 8, 7, 7], &[7, 8, 7, 7, 7, 7, 7]),
        (&[5, 1, 2, 3, 5], &[1, 2, 3, 5, 5, 1, 2]),
    ];
    for (old, new) in cases {
        assert_same(old, new);
    }
}

/// A value repeated more than the chain limit, with nothing rarer in
/// common: the search falls back to similar's Myers.
#[test]
fn frequent_values_fall_back_to_myers_as_similar_does() {
    let old: Vec<u32> = (0..200).map(|i| (i % 3 == 0) as u32).collect();
    let new: Vec<u32> = (0..180).map(|i| (i % 4 == 1) as u32).collect();
    assert_same(&old, &new);
    // Past the preflight's threshold on both sides: similar itself.
    let old: Vec<u32> = (0..700).map(|i| (i % 5) as u32).collect();
    let new: Vec<u32> = (0..600).map(|i| (i % 7) as u32).collect();
    assert_same(&old, &new);
}

/// Large numbers first, then small ones on the same thread: the tables,
/// grown by the first diff, are left clean for the next.
#[test]
fn tables_are_reused_clean() {
    assert_same(&[1000, 3, 1000, 4], &[3, 1000, 4, 1000, 9]);
    assert_same(&[1, 2, 1, 2], &[2, 1, 2, 1]);
    assert_same(&[0; 100], &[0; 99]);
    assert_same(&[1, 2, 3], &[3, 2, 1]);
}

/// The tokens of the sample policy's paragraphs, each against the next one
/// and against itself with words dropped: real word frequencies (many
/// `de`, `la`, `,`), through the vocabulary the word diff numbers them with.
#[test]
fn policy_paragraphs_equal_similar() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policy/pnda");
    let mut paragraphs = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("policy/pnda is in the repository")
        .map(|e| e.expect("readable entry").path())
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable draft");
        paragraphs.extend(
            text.split("\n\n")
                .filter(|p| !p.trim().is_empty())
                .map(str::to_owned),
        );
    }
    assert!(paragraphs.len() > 100, "{} paragraphs", paragraphs.len());
    let mut compared = 0;
    for pair in paragraphs.windows(2) {
        let (old, new) = (&pair[0], &pair[1]);
        let dropped: String = new
            .split(' ')
            .enumerate()
            .filter(|(i, _)| i % 5 != 2)
            .map(|(_, w)| w)
            .collect::<Vec<_>>()
            .join(" ");
        for (a, b) in [
            (old.as_str(), new.as_str()),
            (new.as_str(), dropped.as_str()),
        ] {
            let mut vocabulary = Vocabulary::for_texts(a, b);
            let a_ids = TokenIds::new(a, &mut vocabulary).expect("short text").ids;
            let b_ids = TokenIds::new(b, &mut vocabulary).expect("short text").ids;
            assert_same(&a_ids, &b_ids);
            compared += 1;
        }
    }
    assert!(compared > 200);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Few distinct values (long equal runs, repeated anchors, Myers
    /// fallbacks) and many (mostly unique): the same script as similar's.
    #[test]
    fn random_lists_equal_similar(
        old in prop::collection::vec(0u32..4, 0..120),
        new in prop::collection::vec(0u32..4, 0..120),
        wide_old in prop::collection::vec(0u32..40, 0..60),
        wide_new in prop::collection::vec(0u32..40, 0..60),
    ) {
        prop_assert_eq!(capture(&old, &new), similar(&old, &new));
        prop_assert_eq!(capture(&wide_old, &wide_new), similar(&wide_old, &wide_new));
    }

    /// One list and an edit of it (runs dropped, values changed, inserted):
    /// the case of a rewritten sentence, and long enough to reach the chain
    /// limit and the preflight's threshold.
    #[test]
    fn edited_lists_equal_similar(
        old in prop::collection::vec(0u32..30, 0..700),
        edits in prop::collection::vec((0usize..700, 0u32..3, 0u32..30), 0..20),
    ) {
        let mut new = old.clone();
        for (at, kind, value) in edits {
            let at = at.min(new.len());
            match kind {
                0 => new.insert(at, value),
                1 if at < new.len() => { new.remove(at); }
                _ if at < new.len() => new[at] = value,
                _ => new.push(value),
            }
        }
        prop_assert_eq!(capture(&old, &new), similar(&old, &new));
    }
}
