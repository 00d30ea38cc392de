//! Issue 10: articles headed by their number alone (`Artículo 7`), through the
//! command line. Inserting, deleting or moving one article renumbers the rest;
//! cotejo must report that, not a cascade of rewrites. Every JSON output is
//! validated against the schema and the contract.

mod support;

use cotejo::document::Document;
use serde_json::Value;
use support::{TestRepo, assert_contract, assert_valid_json};

/// Distinct article texts, long enough to be evidence.
const TEXTS: &[&str] = &[
    "Esta ley tiene por objeto regular el acceso a la información pública en poder de las autoridades.",
    "Toda persona tiene derecho a solicitar información sin acreditar interés alguno ni justificar su uso.",
    "Las autoridades publicarán de oficio la información que establece el presente capítulo.",
    "Los sujetos obligados designarán una unidad de transparencia con personal capacitado.",
    "El organismo garante resolverá los recursos de revisión en un plazo de cuarenta días.",
    "Las sanciones por incumplimiento se aplicarán conforme a la ley de responsabilidades administrativas.",
    "Los datos personales en posesión de los sujetos obligados serán protegidos en todo momento.",
    "El reglamento de esta ley se expedirá dentro de los noventa días siguientes a su publicación.",
];

const INSERTED: &str =
    "Los datos abiertos se publicarán en formatos que permitan su reutilización libre y gratuita.";

/// A law whose articles are `## Artículo 1`, `## Artículo 2`… with these bodies.
fn law(bodies: &[&str]) -> String {
    law_with(|n| format!("Artículo {n}"), bodies)
}

fn law_with(heading: impl Fn(usize) -> String, bodies: &[&str]) -> String {
    let mut out = String::from("# Ley de prueba\n\n");
    for (k, body) in bodies.iter().enumerate() {
        out += &format!("## {}\n\n{body}\n\n", heading(k + 1));
    }
    out
}

fn bodies(text: &str) -> Vec<String> {
    let doc = Document::parse(text);
    (0..doc.sections().len())
        .map(|i| doc.body(i).to_owned())
        .collect()
}

/// `cotejo diff old.md new.md`, as text and as JSON (checked against the
/// schema and the contract).
struct Diff {
    text: String,
    json: Value,
}

impl Diff {
    fn run(old: &str, new: &str) -> Diff {
        let repo = TestRepo::new();
        repo.write("old.md", old).write("new.md", new);
        let text = repo.cotejo(&["diff", "old.md", "new.md"]).ok().to_owned();
        let json = repo
            .cotejo(&["diff", "old.md", "new.md", "--format", "json"])
            .json();
        assert_valid_json(&json);
        assert_contract(&json, &bodies(old), &bodies(new));
        Diff { text, json }
    }

    /// The summary line, without the word counts.
    fn summary(&self) -> &str {
        let line = self.text.lines().nth(1).expect("a summary line");
        line.split(';').next().unwrap()
    }

    /// The new index paired with each old section (by old index).
    fn old_to_new(&self) -> Vec<Option<u64>> {
        let mut out = vec![None; self.json["old"]["sections"].as_u64().unwrap() as usize];
        for s in self.json["sections"].as_array().unwrap() {
            if let Some(o) = s["old"]["index"].as_u64() {
                out[o as usize] = s["new"]["index"].as_u64();
            }
        }
        out
    }

    /// The entry of new section `n`.
    fn entry(&self, n: u64) -> &Value {
        self.json["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["new"]["index"] == n)
            .unwrap_or_else(|| panic!("no entry for new section {n}"))
    }

    fn flags(&self, n: u64) -> Vec<&str> {
        self.entry(n)["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect()
    }
}

/// The example: a new Artículo 2, the rest shifted, the last one a
/// repealed placeholder.
/// A law whose headings were restyled (`Artículo 1` → `ARTÍCULO 1º`), as a
/// consolidated edition does: every article keeps its number, none is
/// renumbered, and an edit among them is the only change.
#[test]
fn restyled_article_numbers_are_not_renumberings() {
    let mut edited: Vec<&str> = TEXTS.to_vec();
    edited[2] = INSERTED;
    let diff = Diff::run(
        &law(TEXTS),
        &law_with(|n| format!("ARTÍCULO {n}º"), &edited),
    );
    assert_eq!(
        diff.summary(),
        "0 added, 0 removed, 1 modified, 0 moved, 0 renamed, 0 renumbered"
    );
    for n in 1..=TEXTS.len() as u64 {
        assert!(diff.flags(n).is_empty(), "{n}: {:?}", diff.flags(n));
    }
    assert_eq!(diff.entry(3)["change"], "modified");
}

#[test]
fn an_inserted_article_renumbers_the_rest() {
    let old = law(&[TEXTS[0], TEXTS[1], TEXTS[2], "Se deroga."]);
    let new = law(&[TEXTS[0], INSERTED, TEXTS[1], TEXTS[2], "Se deroga."]);
    let d = Diff::run(&old, &new);
    assert_eq!(
        d.summary(),
        "1 added, 0 removed, 0 modified, 0 moved, 0 renamed, 3 renumbered",
        "{}",
        d.text
    );
    assert_eq!(
        d.old_to_new(),
        [Some(0), Some(1), Some(3), Some(4), Some(5)]
    );
    assert_eq!(d.entry(2)["change"], "added");
    for n in 3..=5 {
        assert_eq!(d.entry(n)["change"], "unchanged");
        assert_eq!(d.flags(n), ["renumbered"]);
    }
    assert_eq!(d.json["summary"]["words_deleted"], 0);
}

#[test]
fn a_deleted_article_renumbers_the_rest() {
    let old = law(&TEXTS[..5]);
    let new = law(&[TEXTS[0], TEXTS[2], TEXTS[3], TEXTS[4]]);
    let d = Diff::run(&old, &new);
    assert_eq!(
        d.summary(),
        "0 added, 1 removed, 0 modified, 0 moved, 0 renamed, 3 renumbered",
        "{}",
        d.text
    );
    assert_eq!(
        d.old_to_new(),
        [Some(0), Some(1), None, Some(2), Some(3), Some(4)]
    );
}

#[test]
fn a_moved_article_is_one_move() {
    // Artículo 2 becomes the last article: 3–6 move up a number.
    let old = law(&TEXTS[..6]);
    let new = law(&[TEXTS[0], TEXTS[2], TEXTS[3], TEXTS[4], TEXTS[5], TEXTS[1]]);
    let d = Diff::run(&old, &new);
    assert_eq!(
        d.summary(),
        "0 added, 0 removed, 0 modified, 1 moved, 0 renamed, 5 renumbered",
        "{}",
        d.text
    );
    assert_eq!(d.old_to_new()[2], Some(6));
    assert_eq!(d.flags(6), ["moved", "renumbered"]);
    assert_eq!(d.flags(2), ["renumbered"]);
}

#[test]
fn an_edited_article_among_renumbered_ones() {
    // A new Artículo 1, and the old Artículo 3 (now 4) edited.
    let edited = TEXTS[2].replace("de oficio", "de oficio y en datos abiertos");
    let old = law(&TEXTS[..5]);
    let new = law(&[INSERTED, TEXTS[0], TEXTS[1], &edited, TEXTS[3], TEXTS[4]]);
    let d = Diff::run(&old, &new);
    assert_eq!(
        d.summary(),
        "1 added, 0 removed, 1 modified, 0 moved, 0 renamed, 5 renumbered",
        "{}",
        d.text
    );
    assert_eq!(
        d.old_to_new(),
        [Some(0), Some(2), Some(3), Some(4), Some(5), Some(6)]
    );
    let e = d.entry(4);
    assert_eq!(e["change"], "modified");
    assert_eq!(e["old"]["heading"], "Artículo 3");
    assert!(
        d.text
            .contains("de oficio {+y en datos abiertos +}la información"),
        "{}",
        d.text
    );
}

/// Where the numbering still lines up (nothing inserted or deleted before
/// them), repealed placeholders pair by number: deleting one of three keeps
/// the first two on their numbers.
#[test]
fn placeholders_pair_by_number_where_it_lines_up() {
    let old = law(&[TEXTS[0], "Se deroga.", "Se deroga.", "Se deroga.", TEXTS[1]]);
    let new = law(&[TEXTS[0], "Se deroga.", "Se deroga.", TEXTS[1]]);
    let d = Diff::run(&old, &new);
    assert_eq!(
        d.old_to_new(),
        [Some(0), Some(1), Some(2), Some(3), None, Some(4)]
    );
    assert_eq!(
        d.summary(),
        "0 added, 1 removed, 0 modified, 0 moved, 0 renamed, 1 renumbered",
        "{}",
        d.text
    );
}

/// Where the document was renumbered, placeholders pair by order: after an
/// article inserted at the start, the old Artículo 2 "(Derogado)" is the new
/// Artículo 3, not the new Artículo 2.
#[test]
fn placeholders_pair_by_order_where_renumbered() {
    let old = law(&[TEXTS[0], "(Derogado)", "(Derogado)", TEXTS[1]]);
    let new = law(&[INSERTED, TEXTS[0], "(Derogado)", "(Derogado)", TEXTS[1]]);
    let d = Diff::run(&old, &new);
    assert_eq!(
        d.old_to_new(),
        [Some(0), Some(2), Some(3), Some(4), Some(5)]
    );
    assert_eq!(
        d.summary(),
        "1 added, 0 removed, 0 modified, 0 moved, 0 renamed, 4 renumbered",
        "{}",
        d.text
    );
}

/// A placeholder is never paired by its text across the document: the
/// repealed Artículo 2 deleted, and the old Artículo 5 repealed ("Se deroga."
/// in its place), are one removal and one modification, not a move.
#[test]
fn placeholders_never_pair_across_the_document() {
    let old = law(&[
        TEXTS[0],
        "Se deroga.",
        TEXTS[1],
        TEXTS[2],
        TEXTS[3],
        TEXTS[4],
    ]);
    let new = law(&[TEXTS[0], TEXTS[1], TEXTS[2], "Se deroga.", TEXTS[4]]);
    let d = Diff::run(&old, &new);
    assert_eq!(
        d.old_to_new(),
        [Some(0), Some(1), None, Some(2), Some(3), Some(4), Some(5)]
    );
    assert_eq!(d.entry(4)["change"], "modified");
    assert_eq!(d.entry(4)["old"]["heading"], "Artículo 5");
    assert_eq!(
        d.summary(),
        "0 added, 1 removed, 1 modified, 0 moved, 0 renamed, 4 renumbered",
        "{}",
        d.text
    );
}

/// German laws keep repealed paragraphs as `§ 10` "(weggefallen)": one
/// inserted before them shifts them by order too.
#[test]
fn weggefallen_paragraphs_follow_the_order() {
    let old = law_with(
        |n| format!("§ {n}"),
        &[TEXTS[0], "(weggefallen)", "(weggefallen)", TEXTS[1]],
    );
    let new = law_with(
        |n| format!("§ {n}"),
        &[
            TEXTS[0],
            INSERTED,
            "(weggefallen)",
            "(weggefallen)",
            TEXTS[1],
        ],
    );
    let d = Diff::run(&old, &new);
    assert_eq!(
        d.old_to_new(),
        [Some(0), Some(1), Some(3), Some(4), Some(5)]
    );
}

/// `11 CAPITULO III`: an outline's number before the law's own is all number;
/// the heading is renamed only when words after them change.
#[test]
fn two_numbering_prefixes_are_renumbered_not_renamed() {
    let old = "# Ley\n\n## 10 CAPITULO II\n\nDe los sujetos obligados y sus deberes.\n\n\
               ## 11 CAPITULO III\n\nDel procedimiento de acceso a la información.\n\n\
               ## 12 CAPITULO IV Sanciones\n\nDe las infracciones y sus sanciones administrativas.\n";
    let new = "# Ley\n\n## 10 CAPITULO II\n\nDe los sujetos obligados y sus deberes.\n\n\
               ## 11 CAPITULO III\n\nDe los datos abiertos y su publicación periódica.\n\n\
               ## 12 CAPITULO IV\n\nDel procedimiento de acceso a la información.\n\n\
               ## 13 CAPITULO V Sanciones y multas\n\nDe las infracciones y sus sanciones administrativas.\n";
    let d = Diff::run(old, new);
    assert_eq!(d.old_to_new(), [Some(0), Some(1), Some(3), Some(4)]);
    assert_eq!(d.flags(3), ["renumbered"]);
    assert_eq!(d.entry(3)["old"]["number"], "11 CAPITULO III");
    assert_eq!(d.entry(3)["new"]["number"], "12 CAPITULO IV");
    assert_eq!(d.flags(4), ["renamed", "renumbered"]);
    assert_eq!(
        d.summary(),
        "1 added, 0 removed, 0 modified, 0 moved, 1 renamed, 2 renumbered",
        "{}",
        d.text
    );
}

/// `Articulo`, `ARTICULO`, `Art.`, ordinal marks (`1o.`, `1º`, `1°`) and a
/// closing `.` are all numbering: each heading is a number alone, and an
/// article inserted at the start renumbers the rest.
#[test]
fn every_way_of_writing_the_number() {
    let styles = [
        "Articulo {}",
        "ARTICULO {}",
        "Art. {}",
        "Artículo {}o.",
        "ARTÍCULO {}º",
        "Artículo {}°.-",
        "Artículo {}.",
    ];
    let heading = |n: usize| styles[(n - 1) % styles.len()].replace("{}", &n.to_string());
    let texts: Vec<&str> = TEXTS[..7].to_vec();
    let old = law_with(heading, &texts);
    let mut shifted = vec![INSERTED];
    shifted.extend(&texts);
    let new = law_with(heading, &shifted);
    let d = Diff::run(&old, &new);
    for s in d.json["sections"].as_array().unwrap() {
        let Some(h) = s["new"]["heading"].as_str() else {
            continue;
        };
        if h.starts_with("Ley") {
            continue;
        }
        let number = s["new"]["number"].as_str().unwrap_or_else(|| panic!("{h}"));
        assert!(
            h.trim_end_matches(['.', '-']) == number,
            "{h}: number {number}"
        );
    }
    assert_eq!(
        d.summary(),
        "1 added, 0 removed, 0 modified, 0 moved, 0 renamed, 7 renumbered",
        "{}",
        d.text
    );
}

/// The same through git: two commits of one file, compared by revision.
#[test]
fn renumbered_articles_between_commits() {
    let repo = TestRepo::new();
    repo.commit("ley: texto vigente", &[("ley.md", &law(&TEXTS[..6]))]);
    // A new Artículo 2; the old Artículo 5 repealed and removed.
    let mut reform: Vec<&str> = TEXTS[..6].to_vec();
    reform.insert(1, INSERTED);
    reform.remove(5);
    repo.commit("ley: reforma", &[("ley.md", &law(&reform))]);
    let run = repo.cotejo(&["diff", "HEAD~1:ley.md", "HEAD:ley.md", "--stat"]);
    let out = run.ok();
    assert!(
        out.contains("1 added, 1 removed, 0 modified, 0 moved, 0 renamed, 3 renumbered"),
        "{out}"
    );
    let json = repo
        .cotejo(&["diff", "HEAD~1:ley.md", "HEAD:ley.md", "--format", "json"])
        .json();
    assert_valid_json(&json);
    assert_contract(&json, &bodies(&law(&TEXTS[..6])), &bodies(&law(&reform)));
}
