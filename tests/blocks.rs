//! Blocks inside a section and text that moved between sections
//! (`cotejo.diff/2`), through the command line: two plain files compared,
//! the JSON validated against the schema and the contract.

mod support;

use cotejo::document::Document;
use serde_json::Value;
use support::{assert_contract, assert_valid_json, cotejo_in};

fn bodies(text: &str) -> Vec<String> {
    let doc = Document::parse(text);
    (0..doc.sections().len())
        .map(|i| doc.body(i).to_owned())
        .collect()
}

/// `cotejo diff old.md new.md --format json` on the two texts, checked.
fn diff(old: &str, new: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.md"), old).unwrap();
    std::fs::write(dir.path().join("new.md"), new).unwrap();
    let json = cotejo_in(
        dir.path(),
        &["diff", "old.md", "new.md", "--format", "json"],
    )
    .json();
    assert_valid_json(&json);
    assert_contract(&json, &bodies(old), &bodies(new));
    assert_eq!(json["schema"], "cotejo.diff/2");
    json
}

/// The entry whose new (else old) heading is `heading`.
fn entry<'a>(json: &'a Value, heading: &str) -> (usize, &'a Value) {
    json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .find(|(_, e)| {
            e["new"]["heading"] == heading || (e["new"].is_null() && e["old"]["heading"] == heading)
        })
        .unwrap_or_else(|| panic!("no entry {heading}"))
}

/// The text of a block on one side (`old` or `new`) of an entry.
fn text<'a>(body: &'a str, block: &Value, side: &str) -> &'a str {
    let r = &block[side];
    &body[r["start"].as_u64().unwrap() as usize..r["end"].as_u64().unwrap() as usize]
}

fn blocks(e: &Value) -> &Vec<Value> {
    e["blocks"].as_array().expect("the entry has blocks")
}

/// Each block's kind and change, in order.
fn kinds(e: &Value) -> Vec<(&str, &str)> {
    blocks(e)
        .iter()
        .map(|b| (b["kind"].as_str().unwrap(), b["change"].as_str().unwrap()))
        .collect()
}

const P1: &str =
    "La política establece principios comunes para la apertura de datos en todo el país.";
const P2: &str = "Las instituciones publicarán sus inventarios de datos con una periodicidad anual y verificable.";
const P3: &str =
    "Cada entidad federativa designará una persona enlace responsable de coordinar la publicación.";

#[test]
fn a_table_row_inserted_is_one_added_row() {
    let old = "# Calendario\n\n| Acción | Responsables |\n|---|---|\n| Inventario | INAI, SNT |\n| Portal | SNT |\n";
    let new = "# Calendario\n\n| Acción | Responsables |\n|---|---|\n| Diagnóstico | SESNA |\n| Inventario | INAI, SNT |\n| Portal | SNT |\n";
    let json = diff(old, new);
    let (_, e) = entry(&json, "Calendario");
    assert_eq!(
        kinds(e),
        [
            ("table_header", "unchanged"),
            ("table_row", "added"),
            ("table_row", "unchanged"),
            ("table_row", "unchanged"),
        ]
    );
    let new_body = &bodies(new)[e["new"]["index"].as_u64().unwrap() as usize];
    assert_eq!(
        text(new_body, &blocks(e)[1], "new"),
        "| Diagnóstico | SESNA |"
    );
}

#[test]
fn a_table_row_deleted_and_one_edited() {
    let old = "# Calendario\n\n| Acción | Responsables |\n|---|---|\n| Inventario | INAI, SNT |\n| Portal de datos | SNT |\n";
    let new =
        "# Calendario\n\n| Acción | Responsables |\n|---|---|\n| Portal de datos | SNT, SESNA |\n";
    let json = diff(old, new);
    let (_, e) = entry(&json, "Calendario");
    assert_eq!(
        kinds(e),
        [
            ("table_header", "unchanged"),
            ("table_row", "removed"),
            ("table_row", "modified"),
        ]
    );
}

#[test]
fn a_list_item_inserted_is_one_added_item() {
    let old =
        "# Principios\n\n- Apertura por defecto.\n- Calidad de los datos.\n  - Oportunidad.\n";
    let new = "# Principios\n\n- Apertura por defecto.\n- Inclusión y accesibilidad.\n- Calidad de los datos.\n  - Oportunidad.\n";
    let json = diff(old, new);
    let (_, e) = entry(&json, "Principios");
    assert_eq!(
        kinds(e),
        [
            ("list_item", "unchanged"),
            ("list_item", "added"),
            ("list_item", "unchanged"),
            ("list_item", "unchanged"),
        ]
    );
}

#[test]
fn an_emphasis_only_change_is_a_formatting_only_block() {
    let old = format!("# Objeto\n\n{P1}\n\n{P2}\n");
    let new = format!("# Objeto\n\n{P1}\n\n{}\n", P2.replace("anual", "**anual**"));
    let json = diff(&old, &new);
    let (_, e) = entry(&json, "Objeto");
    let b = blocks(e);
    assert_eq!(b[0]["change"], "unchanged");
    assert_eq!(b[1]["change"], "modified");
    assert_eq!(b[1]["formatting_only"], true);
    assert!(
        e["flags"]
            .as_array()
            .unwrap()
            .contains(&"formatting_only".into())
    );
}

#[test]
fn a_paragraph_moved_between_sections_is_moved_text() {
    let old = format!("# Uno\n\n{P1}\n\n{P2}\n\n# Dos\n\n{P3}\n");
    let new = format!("# Uno\n\n{P1}\n\n# Dos\n\n{P3}\n\n{P2}\n");
    let json = diff(&old, &new);
    let (u, uno) = entry(&json, "Uno");
    let (d, dos) = entry(&json, "Dos");
    let left = &blocks(uno)[1];
    assert_eq!(left["change"], "removed");
    assert_eq!(left["moved_to"]["section"], d);
    let arrived = &blocks(dos)[left["moved_to"]["block"].as_u64().unwrap() as usize];
    assert_eq!(arrived["change"], "added");
    assert_eq!(arrived["moved_from"]["section"], u);
    assert!(arrived.get("diff").is_none(), "moved whole, not edited");
    // Moved words are counted once, as moved; nothing was written or struck.
    let s = &json["summary"];
    assert_eq!(s["words_moved"], 13);
    assert_eq!(
        (s["words_inserted"].as_u64(), s["words_deleted"].as_u64()),
        (Some(0), Some(0))
    );
    // The tokens that carry it are marked.
    let moved: Vec<&Value> = uno["diff"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["moved"] == true)
        .collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0]["op"], "delete");
    assert_eq!(moved[0]["text"], P2);
}

#[test]
fn two_sections_merged_send_their_text_to_one() {
    let old = format!(
        "# Experiencia nacional\n\n{P1}\n\n# Experiencia local\n\n{P2}\n\n{P3}\n\n# Retos\n\nTexto.\n"
    );
    let new = format!(
        "# Experiencia nacional\n\n{P1}\n\n{P2}\n\n{}\n\n# Retos\n\nTexto.\n",
        P3.replace("designará", "nombrará")
    );
    let json = diff(&old, &new);
    let (n, merged) = entry(&json, "Experiencia nacional");
    let (_, gone) = entry(&json, "Experiencia local");
    assert_eq!(gone["change"], "removed");
    for b in blocks(gone) {
        assert_eq!(b["moved_to"]["section"], n, "{b}");
    }
    let arrived: Vec<&Value> = blocks(merged)
        .iter()
        .filter(|b| b.get("moved_from").is_some())
        .collect();
    assert_eq!(arrived.len(), 2);
    // The edited one carries its own diff from the text it came from.
    let edited = arrived
        .iter()
        .find(|b| b.get("diff").is_some())
        .expect("an edited move");
    let ops: Vec<(&str, &str)> = edited["diff"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["op"] != "equal")
        .map(|t| (t["op"].as_str().unwrap(), t["text"].as_str().unwrap()))
        .collect();
    assert_eq!(ops, [("delete", "designará"), ("insert", "nombrará")]);
    let s = &json["summary"];
    assert_eq!(
        (s["words_inserted"].as_u64(), s["words_deleted"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(s["words_moved"], 25);
}

#[test]
fn a_section_split_in_two_sends_part_of_its_text() {
    let old = format!("# Evaluación\n\n{P1}\n\n{P2}\n\n{P3}\n");
    let new = format!("# Evaluación\n\n{P1}\n\n# Evaluación externa\n\n{P2}\n\n{P3}\n");
    let json = diff(&old, &new);
    let (_, kept) = entry(&json, "Evaluación");
    let (x, split) = entry(&json, "Evaluación externa");
    assert_eq!(split["change"], "added");
    let sent: Vec<&Value> = blocks(kept)
        .iter()
        .filter(|b| b.get("moved_to").is_some())
        .collect();
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|b| b["moved_to"]["section"] == x));
    assert!(blocks(split).iter().all(|b| b.get("moved_from").is_some()));
    assert_eq!(json["summary"]["words_inserted"], 0);
}

#[test]
fn short_placeholders_are_not_followed_across_sections() {
    // "Se deroga." in one article and a new "Se deroga." in another say
    // nothing about text moving.
    let old = "# Artículo 1. Objeto\n\nTexto del objeto de la ley.\n\n# Artículo 2. Vigencia\n\nSe deroga.\n";
    let new = "# Artículo 1. Objeto\n\nSe deroga.\n\n# Artículo 2. Vigencia\n\nTexto nuevo de la vigencia.\n";
    let json = diff(old, new);
    for e in json["sections"].as_array().unwrap() {
        for b in e["blocks"].as_array().into_iter().flatten() {
            assert!(
                b.get("moved_to").is_none() && b.get("moved_from").is_none(),
                "{b}"
            );
        }
    }
    assert_eq!(json["summary"]["words_moved"], 0);
}

#[test]
fn the_samples_merge_of_2_1_2_into_2_1_1_is_moved_text() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let json = cotejo_in(
        root,
        &["diff", "borrador-2", "borrador-3", "--format", "json"],
    )
    .json();
    assert_valid_json(&json);
    let sections = json["sections"].as_array().unwrap();
    let (gone_at, gone) = sections
        .iter()
        .enumerate()
        .find(|(_, e)| e["change"] == "removed" && e["old"]["number"] == "2.1.2")
        .expect("2.1.2 is removed in borrador-3");
    let blocks = gone["blocks"].as_array().unwrap();
    assert!(!blocks.is_empty());
    for b in blocks {
        let to = &sections[b["moved_to"]["section"].as_u64().unwrap() as usize];
        assert_eq!(to["new"]["number"], "2.1.1", "{b}");
        let back = &to["blocks"][b["moved_to"]["block"].as_u64().unwrap() as usize];
        assert_eq!(back["moved_from"]["section"], gone_at);
    }
    assert!(json["summary"]["words_moved"].as_u64().unwrap() > 150);
}

#[test]
fn the_text_output_says_where_moved_text_went() {
    let dir = tempfile::tempdir().unwrap();
    let old = format!("# Uno\n\n{P1}\n\n{P2}\n\n# Dos\n\n{P3}\n");
    let new = format!("# Uno\n\n{P1}\n\n# Dos\n\n{P3}\n\n{P2}\n");
    std::fs::write(dir.path().join("old.md"), old).unwrap();
    std::fs::write(dir.path().join("new.md"), new).unwrap();
    let out = cotejo_in(
        dir.path(),
        &["diff", "old.md", "new.md", "--color", "never"],
    );
    let out = out.ok();
    assert!(
        out.contains("+0 −0 words, 13 moved between sections"),
        "{out}"
    );
    assert!(
        out.contains("@@ Uno (line 1) @@ modified, text moved to \"Dos\""),
        "{out}"
    );
    assert!(
        out.contains("@@ Dos (line 5) @@ modified, text from \"Uno\""),
        "{out}"
    );
    // The moved paragraph is marked as moved at both ends, never as a
    // deletion or an insertion.
    assert!(out.contains(&format!("[~{P2}~]")), "{out}");
    assert!(out.contains(&format!("{{~{P2}~}}")), "{out}");
    assert!(!out.contains("[-") && !out.contains("{+"), "{out}");
    // Coloured as git colours moved lines.
    let out = cotejo_in(
        dir.path(),
        &["diff", "old.md", "new.md", "--color", "always"],
    );
    assert!(
        out.ok().contains(&format!("\x1b[35m[~{P2}~]")),
        "{}",
        out.ok()
    );
}

/// Text moved keeps the draft that wrote it: 2.1.2's paragraphs, written in
/// borrador-2 and folded into 2.1.1 in borrador-3, are blamed on borrador-2.
#[test]
fn blame_follows_text_that_moved() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = cotejo_in(root, &["blame", "borrador-3"]);
    let out = out.ok();
    let line = out
        .lines()
        .find(|l| l.contains("Las mesas de personas expertas identificaron tres rasgos comunes"))
        .expect("the moved paragraph is in 2.1.1 of borrador-3");
    assert!(line.starts_with("borrador-2 "), "{line}");
    assert!(
        !line.contains("rev. borrador-3"),
        "moved whole, not reworded: {line}"
    );
}

/// Every output says where moved text went: the report links the section at
/// the other end and counts the words apart; the site's history page of the
/// removed 2.1.2 links the history of 2.1.1; the book and the changelog say it.
#[test]
fn reports_site_and_book_say_where_text_moved() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("informe.html");
    cotejo_in(
        root,
        &[
            "report",
            "borrador-2",
            "borrador-3",
            "-o",
            report.to_str().unwrap(),
        ],
    )
    .ok();
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains(
            "Texto trasladado a <a href=\"#experiencia-nacional\">2.1.1 Experiencia nacional</a>"
        ),
        "the removed 2.1.2 says where its text went"
    );
    assert!(html.contains(
        "Texto procedente de <a href=\"#experiencia-de-las-entidades-federativas\">2.1.2 Experiencia de las entidades federativas</a>"
    ));
    assert!(
        html.contains("palabras trasladadas entre secciones"),
        "the summary counts moved words"
    );
    // Inside the text, what moved is marked apart from what was written or
    // struck here, with its own words for a screen reader.
    assert!(html.contains("<ins class=\"moved\">"), "moved text marked");
    assert!(html.contains("<del class=\"moved\">"), "moved text marked");
    assert!(html.contains("ins.moved::before { content: \" [Texto traído de otra sección: \"; }"));

    let site = dir.path().join("sitio");
    cotejo_in(root, &["site", "-o", site.to_str().unwrap()]).ok();
    let page = std::fs::read_to_string(
        site.join("secciones/experiencia-de-las-entidades-federativas.html"),
    )
    .unwrap();
    assert!(
        page.contains("Texto trasladado a <a href=\"experiencia-nacional.html\">2.1.1 Experiencia nacional</a>"),
        "a removed section's history links where its text went"
    );

    let book = dir.path().join("libro");
    cotejo_in(root, &["book", "-o", book.to_str().unwrap()]).ok();
    let chapter =
        std::fs::read_to_string(book.join("comparisons/borrador-2--borrador-3.md")).unwrap();
    assert!(chapter.contains("<ins class=\"moved\">"), "{chapter}");
    assert!(
        chapter.contains("Texto trasladado a «2\\.1\\.1 Experiencia nacional»"),
        "{chapter}"
    );

    let changelog = dir.path().join("historial.html");
    cotejo_in(root, &["changelog", "-o", changelog.to_str().unwrap()]).ok();
    let html = std::fs::read_to_string(&changelog).unwrap();
    assert!(html.contains("Texto procedente de «2.1.2 Experiencia de las entidades federativas»"));
    assert!(
        html.contains("<ins class=\"moved\">"),
        "moved text marked on paper"
    );
}

/// Emphasis added to words that did not change is marked in the report, with
/// words a screen reader says, and the section stays hideable as format only.
#[test]
fn emphasis_added_to_unchanged_words_is_marked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.md"), format!("# Objeto\n\n{P2}\n")).unwrap();
    std::fs::write(
        dir.path().join("new.md"),
        format!("# Objeto\n\n{}\n", P2.replace("anual", "**anual**")),
    )
    .unwrap();
    cotejo_in(dir.path(), &["report", "old.md", "new.md", "-o", "r.html"]).ok();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(
        html.contains("<strong class=\"fmt-changed\">anual</strong>"),
        "{html}"
    );
    assert!(html.contains(".fmt-changed::before { content: \" [cambió solo el formato: \"; }"));
    assert!(html.contains("formatting-only") || html.contains("formatting_only"));
}

/// Emphasis removed from words that did not change is marked too: in the
/// redline (the words, now plain) and in both columns of the cuadro.
#[test]
fn emphasis_removed_from_unchanged_words_is_marked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("old.md"),
        format!("# Objeto\n\n{}\n", P2.replace("anual", "*anual*")),
    )
    .unwrap();
    std::fs::write(dir.path().join("new.md"), format!("# Objeto\n\n{P2}\n")).unwrap();
    cotejo_in(dir.path(), &["report", "old.md", "new.md", "-o", "r.html"]).ok();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(
        html.contains("periodicidad <span class=\"fmt-changed\">anual</span> y"),
        "{html}"
    );
    assert!(
        html.contains("periodicidad <em class=\"fmt-changed\">anual</em> y"),
        "the old column marks the emphasis that went: {html}"
    );
    assert!(html.contains("formatting-only"));
}

/// The cuadro comparativo is one row per aligned block: an inserted table row
/// stands beside "(sin correlativo)", the rows around it beside themselves.
#[test]
fn the_cuadro_has_a_row_per_block() {
    let dir = tempfile::tempdir().unwrap();
    let old = "# Calendario\n\nEl calendario es indicativo.\n\n| Acción | Responsables |\n|---|---|\n| Inventario | INAI, SNT |\n| Portal | SNT |\n";
    let new = "# Calendario\n\nEl calendario es indicativo.\n\n| Acción | Responsables |\n|---|---|\n| Diagnóstico | SESNA |\n| Inventario | INAI, SNT |\n| Portal | SNT |\n";
    std::fs::write(dir.path().join("old.md"), old).unwrap();
    std::fs::write(dir.path().join("new.md"), new).unwrap();
    cotejo_in(dir.path(), &["report", "old.md", "new.md", "-o", "r.html"]).ok();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let rows = scraper::Selector::parse("table.cuadro > tbody > tr").unwrap();
    let classes: Vec<&str> = doc
        .select(&rows)
        .map(|r| r.value().attr("class").unwrap_or(""))
        .collect();
    assert_eq!(
        classes,
        [
            "block-unchanged",
            "block-unchanged",
            "block-added",
            "block-unchanged",
            "block-unchanged"
        ]
    );
    let added = doc.select(&rows).nth(2).unwrap().html();
    assert!(added.contains("(sin correlativo)"), "{added}");
    assert!(added.contains("<ins>Diagnóstico</ins>"), "{added}");
    assert!(
        !added.contains("INAI"),
        "the row is inserted whole: {added}"
    );
}

/// A column added to a table is said as such, and each row that gains the
/// cell is a modified row (not a row deleted and another inserted).
#[test]
fn a_column_added_is_said() {
    let old = "# Indicadores\n\n| Indicador | Meta |\n|---|---|\n| Municipios con datos | 50 % |\n| Conjuntos publicados | 40 % |\n";
    let new = "# Indicadores\n\n| Indicador | Objetivo | Meta |\n|---|---|---|\n| Municipios con datos | 1 | 50 % |\n| Conjuntos publicados | 3 | 40 % |\n";
    let json = diff(old, new);
    let (_, e) = entry(&json, "Indicadores");
    assert_eq!(
        kinds(e),
        [
            ("table_header", "modified"),
            ("table_row", "modified"),
            ("table_row", "modified"),
        ]
    );
    let html = report_html(old, new);
    assert!(
        html.contains("Columnas añadidas a la tabla: «Objetivo»"),
        "{html}"
    );
}

/// The changed words of an entry's diff, trimmed: `-struck`, `+written`.
fn changed_words(e: &Value) -> Vec<String> {
    e["diff"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["op"] != "equal")
        .map(|t| {
            let sign = if t["op"] == "delete" { "-" } else { "+" };
            format!("{sign}{}", t["text"].as_str().unwrap().trim())
        })
        .collect()
}

/// `cotejo report old.md new.md` of the two texts: the HTML.
fn report_html(old: &str, new: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.md"), old).unwrap();
    std::fs::write(dir.path().join("new.md"), new).unwrap();
    cotejo_in(dir.path(), &["report", "old.md", "new.md", "-o", "r.html"]).ok();
    std::fs::read_to_string(dir.path().join("r.html")).unwrap()
}

/// Inside an edited row the words are diffed cell by cell: "INAI" struck in
/// one column and written in the next is two cells changed, never one word
/// kept across the `|`.
#[test]
fn an_edited_row_is_diffed_cell_by_cell() {
    let old = "# Calendario\n\n| Acción | Responsable | Apoyo |\n|---|---|---|\n| Inventario | INAI | SESNA |\n";
    let new = "# Calendario\n\n| Acción | Responsable | Apoyo |\n|---|---|---|\n| Inventario | SNT | INAI |\n";
    let json = diff(old, new);
    let (_, e) = entry(&json, "Calendario");
    assert_eq!(changed_words(e), ["-INAI", "+SNT", "-SESNA", "+INAI"]);
    assert_eq!(json["summary"]["words_deleted"], 2);
    assert_eq!(json["summary"]["words_inserted"], 2);
}

/// A column renamed is the same column with its header edited: the report
/// says no column was added or removed, and its cells are compared with the
/// old column's.
#[test]
fn a_renamed_column_is_the_same_column() {
    let old = "# Indicadores\n\n| Indicador | Fecha | Meta |\n|---|---|---|\n| Municipios con datos | 2025 | 50 % |\n";
    let new = "# Indicadores\n\n| Indicador | Plazo | Meta |\n|---|---|---|\n| Municipios con datos | 2026 | 50 % |\n";
    let json = diff(old, new);
    let (_, e) = entry(&json, "Indicadores");
    assert_eq!(changed_words(e), ["-Fecha", "+Plazo", "-2025", "+2026"]);
    let html = report_html(old, new);
    assert!(!html.contains("Columnas añadidas"), "{html}");
    assert!(!html.contains("Columnas eliminadas"), "{html}");
}

/// A column removed: its cells are deleted whole in every row, the other
/// cells unchanged, and the report names it.
#[test]
fn a_removed_column_deletes_its_cells() {
    let old = "# Indicadores\n\n| Indicador | Línea base | Meta |\n|---|---|---|\n| Municipios con datos | 12 % | 50 % |\n| Conjuntos publicados | 8 % | 40 % |\n";
    let new = "# Indicadores\n\n| Indicador | Meta |\n|---|---|\n| Municipios con datos | 50 % |\n| Conjuntos publicados | 40 % |\n";
    let json = diff(old, new);
    let (_, e) = entry(&json, "Indicadores");
    let words = changed_words(e);
    assert!(words.iter().all(|w| w.starts_with('-')), "{words:?}");
    // "Línea base", "12", "8": the signs are no words.
    assert_eq!(json["summary"]["words_deleted"], 4, "{words:?}");
    assert_eq!(json["summary"]["words_inserted"], 0);
    let html = report_html(old, new);
    assert!(
        html.contains("Columnas eliminadas de la tabla: «Línea base»"),
        "{html}"
    );
}

/// A change the rendering does not show (a word in a cell beyond the header's
/// columns, a link's target) beside changes it does: the report shows the
/// source lines that hold it, so "+3 words" can be found.
#[test]
fn changes_the_rendering_hides_are_shown_as_source_beside_marked_text() {
    let old = "# Anexo\n\nVer la [ley](https://dof.gob.mx/ley-1).\n\n| Meta | Año |\n|---|---|\n| Inventario | 2024 | trimestral |\n| Portal | 2025 |\n";
    let new = "# Anexo\n\nVer la [ley vigente](https://dof.gob.mx/ley-2).\n\n| Meta | Año |\n|---|---|\n| Inventario | 2024 | trimestral revisada |\n| Portal | 2026 |\n";
    let html = report_html(old, new);
    let note = html
        .find("class=\"source-diff-note\"")
        .expect("a note on the hidden changes");
    let source = &html[note..];
    assert!(source.contains("Parte del cambio"), "{source}");
    assert!(source.contains("ley-<del>1</del><ins>2</ins>"), "{source}");
    assert!(
        source.contains("trimestral <ins>revisada </ins>|"),
        "{source}"
    );
    // The changes that show are marked in the text, not repeated as source.
    assert!(html.contains("<ins> vigente</ins>"), "{html}");
    assert!(!source.contains("2026"), "{source}");
}

/// Both ends of a move give the same count (the words as they left), and
/// both say when the text was edited on the way.
#[test]
fn both_ends_of_a_move_count_the_same_words_and_say_it_was_edited() {
    let moved = "Las instituciones publicarán sus inventarios de datos en formatos abiertos, con metadatos completos y una licencia de uso libre que permita la reutilización.";
    let old = format!(
        "# Uno\n\nPrimer párrafo propio de la sección uno.\n\n{moved}\n\n# Dos\n\nPárrafo propio de la sección dos que se queda.\n"
    );
    let arrived = moved.replace("con metadatos", "con metadatos actualizados");
    let new = format!(
        "# Uno\n\nPrimer párrafo propio de la sección uno.\n\n# Dos\n\nPárrafo propio de la sección dos que se queda.\n\n{arrived}\n"
    );
    let html = report_html(&old, &new);
    let ends: Vec<&str> = html
        .match_indices("meta-text-moved")
        .map(|(at, _)| &html[at..at + html[at..].find("</li>").unwrap()])
        .collect();
    assert_eq!(ends.len(), 2, "{html}");
    for end in ends {
        assert!(
            end.contains("(23 palabras, con cambios en el traslado)"),
            "{end}"
        );
    }
}
