//! Inputs the fuzz targets (`fuzz/`) found wrong, minimized, each with the
//! behaviour it must have now, through the command line. See fuzz/README.md.

mod support;

use support::cotejo_in;

/// `redline` target, minimized to `[^6]\n```` (a footnote reference, then a
/// code fence never closed). A block of the cuadro is rendered alone, with a
/// stand-in definition after it for each footnote reference it holds; a fence
/// left open at the end of the section swallowed the stand-in as code, which
/// the cell then showed (`[^6]: .`), and cut off its `</code></pre>`, so the
/// rest of the report fell inside a `<pre>`. Now the block is rendered as it
/// is: its text, its end tags.
#[test]
fn a_fence_left_open_after_a_footnote_reference_closes_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let doc = |word: &str| format!("# Anexo\n\nUn párrafo {word}.\n\n```\nver la nota [^6]\n");
    std::fs::write(dir.path().join("old.md"), doc("breve")).unwrap();
    std::fs::write(dir.path().join("new.md"), doc("largo")).unwrap();
    cotejo_in(dir.path(), &["report", "old.md", "new.md", "-o", "r.html"]).ok();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    let cuadro = &html[html.find("<table class=\"cuadro\">").expect("a cuadro")..];
    let cuadro = &cuadro[..cuadro.find("</table>").expect("the cuadro ends")];
    assert!(
        cuadro.contains("ver la nota [^6]"),
        "the code is shown in the cuadro: {cuadro}"
    );
    assert!(!html.contains("[^6]: ."), "a stand-in is shown: {cuadro}");
    for tag in ["pre", "code", "td", "tr"] {
        let opened = cuadro.matches(&format!("<{tag}>")).count()
            + cuadro.matches(&format!("<{tag} ")).count();
        assert_eq!(
            opened,
            cuadro.matches(&format!("</{tag}>")).count(),
            "<{tag}> left open in the cuadro: {cuadro}"
        );
    }
}

/// `redline` target, minimized to `a||\n-|-\nb` (a table whose last row has
/// fewer cells than its header, at the end of the text). The cuadro renders
/// each row alone, under its header: the empty cells that complete the row
/// start where that text ends, and cutting the events there lost the end
/// tags of the row and the table, so the rest of the cuadro fell inside it.
/// Now every table of the report closes (`render_until` keeps the events that
/// start at the text's end: fixed on main at the same time, from a review).
#[test]
fn a_short_table_row_closes_its_table_in_the_cuadro() {
    let dir = tempfile::tempdir().unwrap();
    let doc = |word: &str| {
        format!(
            "# Anexo\n\nUn párrafo {word}.\n\n| Instancia | Plazo |\n|---|---|\n| Enlace {word} |\n"
        )
    };
    std::fs::write(dir.path().join("old.md"), doc("breve")).unwrap();
    std::fs::write(dir.path().join("new.md"), doc("largo")).unwrap();
    cotejo_in(dir.path(), &["report", "old.md", "new.md", "-o", "r.html"]).ok();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(html.contains("Enlace"), "the row is shown");
    for tag in ["table", "tbody", "tr", "td", "div"] {
        let opened =
            html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count();
        assert_eq!(
            opened,
            html.matches(&format!("</{tag}>")).count(),
            "<{tag}> left open in the report"
        );
    }
}

/// `redline` target again, on main's fix of the case above, minimized to
/// `[^1]||\n-|-\nA`: the same short row under a header that holds a footnote
/// reference. The cuadro's excerpt then has stand-in definitions after the
/// row, the empty cells start where the row's line ends, past the block, and
/// keeping only what starts up to the block's end lost the end tags again.
/// Now the events are cut only between top-level elements.
#[test]
fn a_short_table_row_under_a_footnote_reference_closes_its_table() {
    let dir = tempfile::tempdir().unwrap();
    let doc = |word: &str| {
        format!(
            "# Anexo\n\nUn párrafo {word}.\n\n| Instancia[^1] | Plazo |\n|---|---|\n| Enlace {word} |\n\n[^1]: Según la ley.\n"
        )
    };
    std::fs::write(dir.path().join("old.md"), doc("breve")).unwrap();
    std::fs::write(dir.path().join("new.md"), doc("largo")).unwrap();
    cotejo_in(dir.path(), &["report", "old.md", "new.md", "-o", "r.html"]).ok();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(html.contains("Enlace"), "the row is shown");
    for tag in ["table", "tbody", "tr", "td", "div"] {
        let opened =
            html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count();
        assert_eq!(
            opened,
            html.matches(&format!("</{tag}>")).count(),
            "<{tag}> left open in the report"
        );
    }
}

/// `redline` target, minimized to `<p lang>`: a draft's raw HTML kept
/// ammonia's generic attributes, `lang` and `title`, on any element, so a
/// paragraph could carry a tooltip of its own (`title="Sin cambios"`) in the
/// report. Now only the attributes listed per tag survive (`title` on `<a>`
/// and `<abbr>`).
#[test]
fn raw_html_keeps_no_generic_title_or_lang() {
    let dir = tempfile::tempdir().unwrap();
    let doc = |word: &str| {
        format!(
            "# Anexo\n\nUn párrafo {word}.\n\n<p title=\"Sin cambios\" lang=\"en\">Texto {word}</p>\n"
        )
    };
    std::fs::write(dir.path().join("old.md"), doc("breve")).unwrap();
    std::fs::write(dir.path().join("new.md"), doc("largo")).unwrap();
    cotejo_in(dir.path(), &["report", "old.md", "new.md", "-o", "r.html"]).ok();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(html.contains("Texto largo"), "the raw HTML's text is shown");
    assert!(
        !html.contains("Sin cambios"),
        "a draft's title attribute is kept"
    );
    assert!(
        !html.contains("lang=\"en\""),
        "a draft's lang attribute is kept"
    );
}
