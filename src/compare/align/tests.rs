use super::*;
use crate::compare::tokens::{Kind, kind};
use unicode_segmentation::UnicodeSegmentation;

fn pairs(old: &str, new: &str) -> (Vec<Option<usize>>, Vec<bool>) {
    let al = align(&Document::parse(old), &Document::parse(new));
    (al.new_to_old, al.moved)
}

#[test]
fn lis_keeps_the_longest_run() {
    assert_eq!(
        longest_increasing(&[0, 1, 5, 2, 3, 4]),
        [true, true, false, true, true, true]
    );
    assert_eq!(longest_increasing(&[]), Vec::<bool>::new());
    assert_eq!(
        longest_increasing(&[2, 1, 0])
            .iter()
            .filter(|&&k| k)
            .count(),
        1
    );
}

#[test]
fn inserted_section_renumbers_but_moves_nothing() {
    let old = "# 1. Uno\nalfa beta gamma\n# 2. Dos\ndelta épsilon\n# 3. Tres\nzeta eta theta\n";
    let new = "# 1. Uno\nalfa beta gamma\n# 2. Nuevo\nnada que ver aquí\n# 3. Dos\ndelta épsilon\n# 4. Tres\nzeta eta theta\n";
    let (map, moved) = pairs(old, new);
    assert_eq!(map, [Some(0), None, Some(1), Some(2)]);
    assert!(moved.iter().all(|m| !m));
}

#[test]
fn renamed_section_pairs_by_body() {
    let old = "# A\nuno dos tres cuatro cinco seis\n# Objetivos generales\nlos datos abiertos deben publicarse en formatos abiertos y reutilizables\n";
    let new = "# A\nuno dos tres cuatro cinco seis\n# Propósitos\nlos datos abiertos deben publicarse en formatos abiertos y reutilizables por todos\n";
    assert_eq!(pairs(old, new).0, [Some(0), Some(1)]);
}

#[test]
fn moved_section_is_the_only_move() {
    let old = "# A\n## a1\nx1 y1 z1\n## a2\nx2 y2 z2\n# B\n## b1\nx3 y3 z3\n## b2\nx4 y4\n";
    let new = "# A\n## a1\nx1 y1 z1\n# B\n## b1\nx3 y3 z3\n## a2\nx2 y2 z2\n## b2\nx4 y4\n";
    let (map, moved) = pairs(old, new);
    assert_eq!(map, [Some(0), Some(1), Some(3), Some(4), Some(2), Some(5)]);
    assert_eq!(moved, [false, false, false, false, true, false]);
}

#[test]
fn reordered_siblings_flag_the_fewest() {
    let old = "# P\n## a\n1\n## b\n2\n## c\n3\n## d\n4\n";
    let new = "# P\n## b\n2\n## c\n3\n## d\n4\n## a\n1\n";
    let (_, moved) = pairs(old, new);
    assert_eq!(moved, [false, false, false, false, true]);
}

#[test]
fn repeated_titles_follow_their_parents() {
    let old = "# 1. Planeación\n## Objetivo\nplanear\n# 2. Evaluación\n## Objetivo\nevaluar\n";
    let new =
        "# 1. Evaluación\n## Objetivo\nevaluar mejor\n# 2. Planeación\n## Objetivo\nplanear\n";
    let (map, _) = pairs(old, new);
    assert_eq!(map, [Some(2), Some(3), Some(0), Some(1)]);
}

#[test]
fn explicit_id_wins_over_title() {
    let old = "# Metas {#metas}\nuno\n# Indicadores\ndos\n";
    let new = "# Indicadores {#metas}\nuno\n# Metas\ndos\n";
    assert_eq!(pairs(old, new).0, [Some(0), Some(1)]);
}

#[test]
fn unrelated_sections_stay_unpaired() {
    let old = "# Alfa\nlos datos abiertos del gobierno federal\n";
    let new = "# Omega\nel presupuesto municipal para obras públicas\n";
    assert_eq!(pairs(old, new).0, [None]);
}

/// Issue 10: a heading that is only a number is no title. One article inserted
/// at the start: each old article pairs with its text, one number further on.
#[test]
fn number_only_articles_pair_by_text_not_number() {
    let old = "# Ley\n## Artículo 1\nuno dos tres cuatro\n## Artículo 2\ncinco seis siete ocho\n";
    let new = "# Ley\n## Artículo 1\nnueve diez once doce\n## Artículo 2\nuno dos tres cuatro\n## Artículo 3\ncinco seis siete ocho\n";
    let (map, moved) = pairs(old, new);
    assert_eq!(map, [Some(0), None, Some(1), Some(2)]);
    assert!(moved.iter().all(|m| !m));
}

/// Texts no one can tell apart pair by their place: between the pairs found
/// by text, in order.
#[test]
fn placeholders_pair_in_order_between_anchors() {
    let old = "# Ley\n## Art. 1\nuno dos tres cuatro\n## Art. 2\nSe deroga.\n## Art. 3\nSe deroga.\n## Art. 4\ncinco seis siete ocho\n## Art. 5\nSe deroga.\n";
    let new = "# Ley\n## Art. 1\nnueve diez once doce\n## Art. 2\nuno dos tres cuatro\n## Art. 3\nSe deroga.\n## Art. 4\nSe deroga.\n## Art. 5\ncinco seis siete ocho\n## Art. 6\nSe deroga.\n";
    let (map, _) = pairs(old, new);
    assert_eq!(
        map,
        [Some(0), None, Some(1), Some(2), Some(3), Some(4), Some(5)]
    );
}

/// A law's number after an outline's is a name, like a title, while the pairs
/// found by text show it unshifted; once they show it renumbered too, it is
/// no evidence.
#[test]
fn quoted_numbers_are_names_until_they_shift() {
    // `§ 3` moved from chapter 1 to chapter 2, its text too short to tell.
    let old = "# 1. A\n## 1.1 § 1\nuno dos tres cuatro\n## 1.2 § 3\n(weggefallen)\n# 2. B\n## 2.1 § 2\ncinco seis siete ocho\n";
    let new = "# 1. A\n## 1.1 § 1\nuno dos tres cuatro\n# 2. B\n## 2.1 § 2\ncinco seis siete ocho\n## 2.2 § 3\n(weggefallen)\n";
    let (map, moved) = pairs(old, new);
    assert_eq!(map, [Some(0), Some(1), Some(3), Some(4), Some(2)]);
    assert_eq!(moved, [false, false, false, false, true]);
    // The texts show `CAPITULO III` became `CAPITULO IV`: the new `CAPITULO
    // III` is another chapter.
    let old =
        "# Ley\n## 1 CAPITULO II\nuno dos tres cuatro\n## 2 CAPITULO III\ncinco seis siete ocho\n";
    let new = "# Ley\n## 1 CAPITULO II\nuno dos tres cuatro\n## 2 CAPITULO III\nnueve diez once doce\n## 3 CAPITULO IV\ncinco seis siete ocho\n";
    assert_eq!(pairs(old, new).0, [Some(0), Some(1), None, Some(2)]);
}

/// The shingles as defined: every word (the segmenter's) copied into a
/// lowercased `String`, then hashed. The words lowercased into one buffer
/// must give the same keys.
fn shingles_by_strings(text: &str) -> Vec<u64> {
    let keys: Vec<u64> = text
        .split_word_bounds()
        .filter(|t| kind(t) == Kind::Word)
        .map(|w| hash_of(w.to_lowercase().as_str()))
        .collect();
    let mut out: Vec<u64> = if keys.len() < 3 {
        keys.iter().map(|k| hash_of(&[*k])).collect()
    } else {
        keys.windows(2).map(hash_of).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

#[test]
fn lowercase_into_is_str_to_lowercase() {
    // Σ is lowercased by its context, İ into two characters, ǅ is titlecase.
    for w in [
        "ley",
        "Ley",
        "für",
        "Änderung",
        "ΣΑΣ",
        "ΌΣΟΣ",
        "σας",
        "ǅemal",
        "İstanbul",
        "straße",
        "2.1",
    ] {
        assert_eq!(
            lowercase_into(w, &mut String::new()),
            w.to_lowercase(),
            "{w}"
        );
    }
    let text = "Artículo 3. Die Änderung ΣΑΣ des § 12";
    assert_eq!(shingles(text), shingles_by_strings(text));
    assert_eq!(shingles("Se deroga."), shingles_by_strings("Se deroga."));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

    /// Any text, Greek, Turkish and German capitals included, gives the
    /// shingles the copying version gave.
    #[test]
    fn borrowed_shingles_equal_copied_ones(text in "[a-zA-Z0-9 .,ÄäÖößΣσςΌİıǅǄ§\n-]{0,80}") {
        proptest::prop_assert_eq!(shingles(&text), shingles_by_strings(&text));
    }

    /// Any string at all.
    #[test]
    fn shingles_of_any_text_equal_copied_ones(text in "\\PC{0,80}") {
        proptest::prop_assert_eq!(shingles(&text), shingles_by_strings(&text));
    }
}

#[test]
fn tally_counts_and_starts_again_at_zero() {
    let mut t = Tally::new(5);
    for i in [3, 1, 3, 3] {
        t.add(i);
    }
    let mut got = t.drain();
    got.sort_unstable();
    assert_eq!(got, [(1, 1), (3, 3)]);
    t.add(1);
    assert_eq!(t.drain(), [(1, 1)]);
    assert_eq!(t.drain(), []);
}

#[test]
fn dice_counts_the_common_hashes() {
    assert_eq!(dice(&[], &[]), 1.0);
    assert_eq!(dice(&[1, 2, 3], &[]), 0.0);
    assert_eq!(dice(&[1, 2, 3], &[2, 3, 4, 5]), 4.0 / 7.0);
    assert_eq!(dice(&[1, 5, 9], &[1, 5, 9]), 1.0);
    assert_eq!(dice(&[7], &[1, 2, 7]), 0.5);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
    /// The blockwise count is the merge's, on lists of every length and
    /// overlap (values from a small range so that they often coincide).
    #[test]
    fn blockwise_common_count_is_the_merges(
        a in proptest::collection::btree_set(0u64..64, 0..40),
        b in proptest::collection::btree_set(0u64..64, 0..40),
    ) {
        let (a, b): (Vec<u64>, Vec<u64>) = (a.into_iter().collect(), b.into_iter().collect());
        let expected = a.iter().filter(|x| b.contains(x)).count();
        proptest::prop_assert_eq!(common_count(&a, &b), expected);
        proptest::prop_assert_eq!(merge_count(&a, &b), expected);
    }
}

/// The similarity phase skips a candidate whose score could not reach the
/// threshold even if it shared every key it was not counted for: the bound
/// must hold for every old section, counted or not, common words or rare.
#[test]
fn shared_bigrams_are_at_most_those_counted_and_those_too_common_to_count() {
    // 160 sections a side from a vocabulary of a few common words and many
    // rare ones: many bigrams are held by more than COMMON_SHINGLE sections.
    let mut seed = 7u64;
    let mut next = |m: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) % m
    };
    let mut doc = |sections: usize| {
        let mut text = String::new();
        for s in 0..sections {
            text.push_str(&format!("## Artículo {s}\n\n"));
            for _ in 0..(5 + next(40)) {
                let word = match next(10) {
                    0..=6 => ["datos", "de", "la", "los", "abiertos"][next(5) as usize].to_owned(),
                    _ => format!("r{}", next(300)),
                };
                text.push_str(&word);
                text.push(' ');
            }
            text.push_str("\n\n");
        }
        Document::parse(text)
    };
    let (old, new) = (doc(160), doc(160));
    let (old_shingles, new_shingles) = (BodyShingles::new(&old), BodyShingles::new(&new));
    let (old_only, new_only) = (NumberOnly::new(&old), NumberOnly::new(&new));
    let al = Alignment::new(old.sections().len(), new.sections().len());
    let left: Vec<usize> = (0..old.sections().len()).collect();
    let scorer = Scorer {
        old: &old,
        new: &new,
        old_only: &old_only,
        new_only: &new_only,
        al: &al,
        old_shingles: &old_shingles,
        new_shingles: &new_shingles,
        index: OldIndex::new(&old_shingles, &left, false),
    };
    let mut tally = Tally::new(old.sections().len());
    let mut too_common = 0;
    for n in 0..new.sections().len() {
        let sh = new_shingles.of(n);
        let tw = title_words(&new.sections()[n].title_key);
        let (counted, uncounted) = scorer.shared_keys(sh, &tw, &mut tally);
        too_common += uncounted;
        for &o in &left {
            let count = counted
                .iter()
                .find(|&&(c, _)| c == o)
                .map_or(0, |&(_, k)| k);
            let common = common_count(old_shingles.of(o), sh);
            assert!(
                common <= count + uncounted,
                "new {n}, old {o}: {common} in common, {count} counted, {uncounted} uncounted"
            );
        }
    }
    assert!(
        too_common > 300,
        "common bigrams were exercised: {too_common}"
    );
}
