use super::*;

fn headings(text: &str) -> Vec<(u8, String)> {
    Document::parse(text)
        .sections()
        .iter()
        .map(|s| (s.level, s.heading.clone()))
        .collect()
}

#[test]
fn sections_partition_the_text() {
    let text = "Intro\n\n# 1. Uno\n\ncuerpo\n\n## 1.1 Dos\ntexto\n# 2. Tres";
    let doc = Document::parse(text);
    let s = doc.sections();
    assert_eq!(s.len(), 4);
    assert_eq!(s[0].level, 0);
    assert_eq!(s[0].range, 0..7);
    let joined: String = s.iter().map(|s| &text[s.range.clone()]).collect();
    assert_eq!(joined, text);
    assert_eq!(doc.body(1), "\ncuerpo\n\n");
    assert_eq!(doc.heading_source(2), "## 1.1 Dos\n");
    assert_eq!(doc.body(3), "");
    assert_eq!(s[2].parent, Some(1));
    assert_eq!(s[2].line, 7);
    assert_eq!(s[3].line, 9);
    assert_eq!(
        doc.path(2),
        ["1. Uno", "1.1 Dos"].map(std::sync::Arc::<str>::from)
    );
}

#[test]
fn blank_preamble_is_not_a_section() {
    let doc = Document::parse("\n\n# Título\n");
    assert_eq!(doc.sections().len(), 1);
    assert_eq!(doc.sections()[0].line, 3);
}

#[test]
fn setext_headings_and_ids() {
    let doc = Document::parse("Política\n========\n\nObjetivos {#obj}\n---------\nx\n");
    let s = doc.sections();
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].heading, "Política");
    assert_eq!(s[0].id, "politica");
    assert_eq!(s[1].id, "obj");
    assert!(s[1].explicit_id);
    assert_eq!(s[1].heading, "Objetivos");
    assert_eq!(doc.body(1), "x\n");
}

#[test]
fn no_headings_in_code_html_lists_or_quotes() {
    let text =
        "# A\n\n```\n# not\n```\n\n<div>\n# not\n</div>\n\n- # not\n\n> # not\n\n    # not\n";
    assert_eq!(headings(text), vec![(1, "A".to_owned())]);
}

#[test]
fn front_matter_belongs_to_the_preamble() {
    let text = "---\ntitle: Ley\nlayout: law\n---\n\nTexto\n\n# § 1\n";
    let doc = Document::parse(text);
    assert_eq!(doc.sections().len(), 2);
    assert_eq!(doc.sections()[0].level, 0);
    assert_eq!(doc.sections()[1].heading, "§ 1");
    assert_eq!(doc.sections()[1].number.as_deref(), Some("§ 1"));
    assert_eq!(doc.sections()[1].id, "1");
}

#[test]
fn inline_markup_is_dropped_from_headings() {
    let doc = Document::parse("## 2.1 *Diagnóstico* de `datos` ##\n");
    let s = &doc.sections()[0];
    assert_eq!(s.heading, "2.1 Diagnóstico de datos");
    assert_eq!(s.number.as_deref(), Some("2.1"));
    assert_eq!(s.title, "Diagnóstico de datos");
    assert_eq!(s.id, "diagnostico-de-datos");
}

#[test]
fn duplicate_titles_get_qualified_ids() {
    let text = "# 1. Planeación\n## Objetivo\n# 2. Evaluación\n## Objetivo\n## Objetivo\n";
    let ids: Vec<_> = Document::parse(text)
        .sections()
        .iter()
        .map(|s| s.id.clone())
        .collect();
    assert_eq!(
        ids,
        [
            "planeacion",
            "objetivo",
            "evaluacion",
            "evaluacion-objetivo",
            "evaluacion-objetivo-2"
        ]
    );
}

#[test]
fn crlf_and_no_final_newline() {
    let doc = Document::parse("# Uno\r\ntexto\r\n# Dos");
    assert_eq!(doc.body(0), "texto\r\n");
    assert_eq!(doc.sections()[1].line, 3);
}

#[test]
fn empty_text_has_no_sections() {
    assert!(Document::parse("").sections().is_empty());
    assert!(Document::parse("  \n").sections().is_empty());
}

#[test]
fn lone_carriage_returns_end_lines() {
    let doc = Document::parse("# Uno\r\rtexto\r# Dos\r\r# Tres\r\n\r\n# Cuatro\n");
    let lines: Vec<usize> = doc.sections().iter().map(|s| s.line).collect();
    assert_eq!(lines, [1, 4, 6, 8]);
    // pulldown-cmark ends the preamble's line at a lone `\r`; the preamble must
    // keep its text (it used to vanish into the heading's line).
    let text = "Texto viejo\r# Título\n\ncuerpo\n";
    let doc = Document::parse(text);
    let s = doc.sections();
    assert_eq!(s.len(), 2);
    assert_eq!(doc.body(0), "Texto viejo\r");
    // A lone `\r` ends a line, as it does for CommonMark and editors: a file
    // saved with old Mac line endings would otherwise be all on line 1.
    assert_eq!(s[1].line, 2, "a lone \\r ends a line");
    assert_eq!(doc.body(1), "\ncuerpo\n");
    let doc = Document::parse("#\rx\ny\n=\n");
    for (i, s) in doc.sections().iter().enumerate() {
        assert!(s.body.start <= s.body.end, "section {i}: {s:?}");
    }
}

#[test]
fn repeated_explicit_ids_stay_unique() {
    let doc = Document::parse("# A {#x}\n# B {#x}\n# x\n");
    let ids: Vec<_> = doc.sections().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["x", "x-2", "x-3"]);
}

/// Ten thousand sections titled alike get `-2` … `-10000` with one probe
/// each (the suffix search once restarted at `-2` for every section:
/// fifty million probes, 5.5 s).
#[test]
fn ids_of_many_sections_titled_alike_cost_linear_work() {
    let mut taken = super::TakenIds::default();
    let ids: Vec<String> = (0..10_000)
        .map(|_| taken.claim("disposiciones".to_owned()))
        .collect();
    assert_eq!(ids[0], "disposiciones");
    assert_eq!(ids[1], "disposiciones-2");
    assert_eq!(ids[9_999], "disposiciones-10000");
    assert!(taken.probes <= 2 * ids.len(), "{} probes", taken.probes);
    // An id a section wrote itself that looks like a suffix is skipped.
    let mut taken = super::TakenIds::default();
    taken.claim("a-2".to_owned());
    taken.claim("a".to_owned());
    assert_eq!(taken.claim("a".to_owned()), "a-3");
}

proptest::proptest! {
    /// A heading already collapsed is kept as it is; any other is collapsed
    /// the way `split_whitespace` and one space between words say.
    #[test]
    fn collapsing_spaces_is_splitting_and_joining(
        text in "[a \\t\\n\\r\u{a0}\u{2003}\u{3000}é]{0,12}"
    ) {
        let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
        proptest::prop_assert_eq!(is_collapsed(&text), text == expected);
        proptest::prop_assert_eq!(collapse_spaces(text), expected);
    }
}
