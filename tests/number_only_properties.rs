//! Property tests for laws whose articles are headed by their number alone
//! (issue 10): any such law, edited as drafters edit (articles inserted,
//! deleted, moved, edited, repealed, two bodies swapped) and renumbered in
//! order, compares under the contract: every section once, tokens that rebuild
//! both bodies, the schema. Debug builds also check, on each case, that the
//! shortcut for unchanged outlines agrees with the full pairing (`align`).
//! And where the only change is one article inserted, nothing else is reported
//! but that article and the renumbering it caused.

mod support;

use cotejo::compare::{self, Side};
use cotejo::document::Document;
use cotejo::model::{Comparison, Flag, VersionInfo};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::Config;
use support::{assert_contract, assert_valid_json};

const WORDS: &[&str] = &[
    "datos",
    "abiertos",
    "información",
    "pública",
    "autoridad",
    "sujetos",
    "obligados",
    "plazo",
    "días",
    "sanción",
    "órgano",
    "garante",
    "reglamento",
    "publicación",
];

const PLACEHOLDERS: &[&str] = &["Se deroga.", "(Derogado)", "(weggefallen)", ""];

const STYLES: &[&str] = &["Artículo {}", "ARTÍCULO {}o.", "Art. {}.", "§ {}", "{}."];

/// An article's text: a placeholder, or words (with its own number among them
/// now and then, so that texts repeat or nearly repeat).
fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => select(PLACEHOLDERS).prop_map(str::to_owned),
        3 => prop::collection::vec(select(WORDS), 1..12).prop_map(|w| w.join(" ") + "."),
    ]
}

#[derive(Debug, Clone)]
enum Change {
    Insert(Index, String),
    Delete(Index),
    Move(Index, Index),
    Reword(Index, String),
    Repeal(Index),
    Swap(Index, Index),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (any::<Index>(), body()).prop_map(|(i, b)| Change::Insert(i, b)),
        any::<Index>().prop_map(Change::Delete),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Change::Move(a, b)),
        (any::<Index>(), select(WORDS)).prop_map(|(i, w)| Change::Reword(i, w.to_owned())),
        any::<Index>().prop_map(Change::Repeal),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Change::Swap(a, b)),
    ]
}

fn apply(bodies: &mut Vec<String>, change: &Change) {
    let len = bodies.len();
    match change {
        Change::Insert(i, b) => bodies.insert(i.index(len + 1), b.clone()),
        Change::Delete(i) if len > 0 => {
            bodies.remove(i.index(len));
        }
        Change::Move(a, b) if len > 0 => {
            let item = bodies.remove(a.index(len));
            bodies.insert(b.index(len), item);
        }
        Change::Reword(i, w) if len > 0 => {
            let at = i.index(len);
            bodies[at] = format!("{w} {}", bodies[at]);
        }
        Change::Repeal(i) if len > 0 => bodies[i.index(len)] = "Se deroga.".to_owned(),
        Change::Swap(a, b) if len > 0 => bodies.swap(a.index(len), b.index(len)),
        _ => {}
    }
}

/// A law with a chapter heading now and then, its articles numbered in order.
fn render(bodies: &[String], style: &str, chapters: usize) -> String {
    let mut out = String::from("# Ley\n\n");
    for (k, b) in bodies.iter().enumerate() {
        if chapters > 0 && k % chapters == 0 {
            out += &format!("## CAPÍTULO {}\n\n", k / chapters + 1);
        }
        out += &format!("### {}\n\n", style.replace("{}", &(k + 1).to_string()));
        if !b.is_empty() {
            out += &format!("{b}\n\n");
        }
    }
    out
}

fn compare_texts(old: &str, new: &str) -> Comparison {
    let (od, nd) = (Document::parse(old), Document::parse(new));
    let info = |label: &str, doc: &Document| VersionInfo {
        label: label.to_owned(),
        commit: None,
        sha256: "0".repeat(64),
        sections: doc.sections().len(),
    };
    compare::compare(
        Side {
            info: info("old", &od),
            document: &od,
        },
        Side {
            info: info("new", &nd),
            document: &nd,
        },
        &compare::Options::default(),
    )
}

fn bodies_of(text: &str) -> Vec<String> {
    let doc = Document::parse(text);
    (0..doc.sections().len())
        .map(|i| doc.body(i).to_owned())
        .collect()
}

fn config(cases: u32) -> Config {
    let cases = match std::env::var("PROPTEST_CASES") {
        Ok(_) => Config::default().cases,
        Err(_) => cases,
    };
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn edited_laws_compare_under_the_contract(
        bodies in prop::collection::vec(body(), 0..16),
        changes in prop::collection::vec(change(), 0..5),
        style in select(STYLES),
        chapters in 0..6usize,
    ) {
        let mut edited = bodies.clone();
        for c in &changes {
            apply(&mut edited, c);
        }
        let (old, new) = (render(&bodies, style, chapters), render(&edited, style, chapters));
        let cmp = compare_texts(&old, &new);
        let json = serde_json::to_value(&cmp).unwrap();
        assert_valid_json(&json);
        assert_contract(&json, &bodies_of(&old), &bodies_of(&new));
    }

    #[test]
    fn a_law_compared_with_itself_is_unchanged(
        bodies in prop::collection::vec(body(), 0..16),
        style in select(STYLES),
        chapters in 0..6usize,
    ) {
        let text = render(&bodies, style, chapters);
        let cmp = compare_texts(&text, &text);
        for (k, e) in cmp.sections.iter().enumerate() {
            prop_assert_eq!(e.old.as_ref().map(|r| r.index), Some(k));
            prop_assert_eq!(e.new.as_ref().map(|r| r.index), Some(k));
            prop_assert!(e.flags.is_empty(), "entry {}: {:?}", k, e);
        }
    }

    /// Distinct texts, one article inserted: that article is added, the ones
    /// after it are renumbered, nothing else.
    #[test]
    fn one_inserted_article_is_all_that_changed(
        n in 1..14usize,
        at in any::<Index>(),
        style in select(STYLES),
    ) {
        let text = |k: usize| format!("{} {} {} disposición número {k} de esta ley.", WORDS[k % 14], WORDS[(k / 3) % 14], WORDS[(k * 7) % 14]);
        let bodies: Vec<String> = (0..n).map(text).collect();
        let at = at.index(n + 1);
        let mut edited = bodies.clone();
        edited.insert(at, "Los datos abiertos se publicarán en formatos reutilizables.".to_owned());
        let cmp = compare_texts(&render(&bodies, style, 0), &render(&edited, style, 0));
        let s = cmp.summary;
        prop_assert_eq!(
            (s.added, s.removed, s.modified, s.moved, s.renamed, s.renumbered),
            (1, 0, 0, 0, 0, n - at)
        );
        for e in &cmp.sections {
            if let (Some(o), Some(n)) = (&e.old, &e.new) {
                prop_assert_eq!(n.index, o.index + usize::from(o.index > at));
                prop_assert_eq!(e.has(Flag::Renumbered), o.index > at);
            }
        }
    }
}
