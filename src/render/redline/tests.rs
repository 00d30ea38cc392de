use super::*;
use crate::compare::worddiff::diff_text;
use crate::model::Op;

fn merged(old: &str, new: &str) -> String {
    render_merged(old, new, &diff_text(old, new))
}

#[test]
fn marks_inserted_words_of_one_side() {
    let html = render_side(
        "Hola mundo\n",
        &Side {
            changed: std::slice::from_ref(&(5..10)),
            moved: &[],
            mark: Mark::Ins,
        },
    );
    assert_eq!(html, "<p>Hola <ins>mundo</ins></p>\n");
}

#[test]
fn inline_replacement() {
    let html = merged(
        "Vigente desde **enero** de 2023.\n",
        "Vigente desde **marzo** de 2023.\n",
    );
    assert_eq!(
        html,
        "<p>Vigente desde <strong><del>enero</del><ins>marzo</ins></strong> de 2023.</p>\n"
    );
}

#[test]
fn markdown_is_rendered_never_shown() {
    let html = merged(
        "Los *datos* abiertos.\n",
        "Los **datos** abiertos y [útiles](https://datos.gob.mx).\n",
    );
    assert!(!html.contains('*'), "{html}");
    assert!(html.contains("<a href=\"https://datos.gob.mx\">"), "{html}");
}

#[test]
fn deleted_paragraph_stays_a_block_in_its_place() {
    let html = merged("Uno.\n\nDos.\n\nTres.\n", "Uno.\n\nTres.\n");
    assert_eq!(
        html,
        "<p>Uno.</p>\n<p class=\"del-block\"><del>Dos.</del></p>\n<p>Tres.</p>\n"
    );
}

#[test]
fn inserted_paragraph_is_an_inserted_block() {
    let html = merged("Uno.\n", "Uno.\n\nNuevo párrafo.\n");
    assert!(
        html.contains("<p class=\"ins-block\"><ins>Nuevo párrafo.</ins></p>"),
        "{html}"
    );
}

#[test]
fn deleted_list_item_and_table_row() {
    let html = merged("- a\n- b\n- c\n", "- a\n- c\n");
    assert_eq!(
        html,
        "<ul>\n<li>a</li>\n<li class=\"del-block\"><del>b</del></li>\n<li>c</li>\n</ul>\n"
    );
    let old = "| x | y |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |\n";
    let new = "| x | y |\n|---|---|\n| 1 | 2 |\n| 5 | 6 |\n";
    let html = merged(old, new);
    assert!(
        html.contains("<tr class=\"del-block\"><td><del>3</del></td><td><del>4</del></td></tr>"),
        "{html}"
    );
    assert_eq!(html.matches("<tr").count(), 4, "{html}");
}

#[test]
fn deleted_words_at_a_paragraph_start_stay_inside_it() {
    let html = merged("Texto previo y final.\n", "Final.\n");
    assert!(html.starts_with("<p><del>"), "{html}");
    assert_eq!(html.matches("<p").count(), 1, "{html}");
}

#[test]
fn untrusted_html_is_sanitized() {
    let body = "<div onclick=\"x()\"><script>alert(1)</script><style>p{}</style>ok</div>\n\n\
                Texto <img src=x onerror=alert(1)> y [enlace](javascript:alert(1)) y \
                [otro](JaVa\tScRiPt:alert(2)).\n";
    let html = render_side(body, &Side::PLAIN);
    for bad in [
        "<script",
        "onclick",
        "onerror",
        "<style",
        "javascript",
        "<img",
    ] {
        assert!(!html.to_lowercase().contains(bad), "{bad} in {html}");
    }
    assert!(html.contains("ok"), "{html}");
    assert!(html.contains("enlace"), "{html}");
}

#[test]
fn url_schemes() {
    assert_eq!(
        safe_url("https://datos.gob.mx"),
        Some("https://datos.gob.mx")
    );
    assert_eq!(safe_url("#objetivos"), Some("#objetivos"));
    assert_eq!(safe_url("../a:b"), Some("../a:b"));
    assert_eq!(safe_url("mailto:a@b.mx"), Some("mailto:a@b.mx"));
    assert_eq!(safe_url(" javascript:alert(1)"), None);
    assert_eq!(safe_url("data:text/html,x"), None);
    assert_eq!(safe_url("java\nscript:x"), None);
}

#[test]
fn changes_from_tokens() {
    let t = diff_text("a b c", "a x c");
    let c = Changes::from_tokens(&t);
    assert_eq!(c.inserted, vec![2..3]);
    assert_eq!(c.deleted, vec![2..3]);
    assert_eq!(c.anchors, vec![2]);
}

#[test]
fn raw_html_cannot_fake_structure_or_marks() {
    let body = "<article class=\"section\"><h1>Falso</h1><nav>x</nav><ins>nunca añadido</ins> <del>nunca</del></article>\n";
    let html = render_side(body, &Side::PLAIN);
    for bad in ["<article", "<h1", "<nav", "<ins", "<del", "class=\"section"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(
        html.contains("Falso") && html.contains("nunca añadido"),
        "{html}"
    );
}

#[test]
fn front_matter_changes_are_shown() {
    let html = merged(
        "---\ntitle: viejo\n---\n\nTexto.\n",
        "---\ntitle: nuevo\n---\n\nTexto.\n",
    );
    assert!(html.contains("<del>viejo</del><ins>nuevo</ins>"), "{html}");
}

#[test]
fn deleted_words_keep_their_space_in_a_table_cell() {
    let old = "| a | b |\n|---|---|\n| uno | dos tres |\n";
    let new = "| a | b |\n|---|---|\n| uno |tres |\n";
    let html = merged(old, new);
    assert!(html.contains("<td><del> dos </del>tres</td>"), "{html}");
}

#[test]
fn emphasis_removed_from_kept_words_is_a_change_of_format() {
    let html = merged(
        "La política establece **principios comunes** para todos.\n",
        "La política establece principios comunes para *todos*.\n",
    );
    assert_eq!(
        html,
        "<p>La política establece <span class=\"fmt-changed\">principios comunes</span> \
         para <em class=\"fmt-changed\">todos</em>.</p>\n"
    );
}

#[test]
fn each_column_marks_its_own_change_of_format() {
    let (old, new) = ("Los **datos** abiertos.\n", "Los datos abiertos.\n");
    let changes = Changes::from_tokens(&diff_text(old, new));
    assert_eq!(
        render_side(old, &changes.old_side()),
        "<p>Los <strong class=\"fmt-changed\">datos</strong> abiertos.</p>\n"
    );
    assert_eq!(
        render_side(new, &changes.new_side()),
        "<p>Los datos abiertos.</p>\n"
    );
}

fn token(op: Op, text: &str, moved: bool) -> DiffToken {
    let mut t = DiffToken::new(op, text);
    t.moved = moved;
    t
}

#[test]
fn moved_text_is_marked_apart_from_words_written_here() {
    let old = "Uno.\n\nTexto que se fue a otra sección.\n";
    let new = "Uno nuevo.\n\nTexto traído de otra sección.\n";
    let tokens = [
        token(Op::Equal, "Uno", false),
        token(Op::Insert, " nuevo", false),
        token(Op::Equal, ".\n", false),
        token(Op::Delete, "\n", false),
        token(Op::Delete, "Texto que se fue a otra sección.\n", true),
        token(Op::Insert, "\n", false),
        token(Op::Insert, "Texto traído de otra sección.\n", true),
    ];
    let changes = Changes::from_tokens(&tokens);
    // The blank line beside the moved paragraph moved with it.
    let blank_line = new.find("\n\n").unwrap() + 1;
    assert_eq!(changes.moved_in, vec![blank_line..new.len()]);
    assert_eq!(changes.inserted.len(), 2);
    let html = render_merged(old, new, &tokens);
    assert!(html.contains("Uno<ins> nuevo</ins>."), "{html}");
    assert!(
        html.contains(
            "<p class=\"del-block moved\"><del class=\"moved\">Texto que se fue a otra sección.</del></p>"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "<p class=\"ins-block moved\"><ins class=\"moved\">Texto traído de otra sección.</ins></p>"
        ),
        "{html}"
    );
}

#[test]
fn old_offsets_carried_to_the_new_body() {
    let tokens = [
        token(Op::Equal, "ab", false),
        token(Op::Delete, "**", false),
        token(Op::Equal, "cd", false),
        token(Op::Insert, "XY", false),
        token(Op::Equal, "e", false),
    ];
    let map = OldToNew::new(&tokens);
    // old: ab**cde   new: abcdXYe
    assert_eq!(map.map(0), 0);
    assert_eq!(map.map(2), 2);
    assert_eq!(map.map(3), 2);
    assert_eq!(map.map(4), 2);
    assert_eq!(map.map(6), 6);
    assert_eq!(map.map(7), 7);
}

#[test]
fn a_block_alone_keeps_its_footnote_references() {
    let html = render_excerpt("Según la encuesta[^7], el uso creció.", &Side::PLAIN);
    assert_eq!(
        html,
        "<p>Según la encuesta<sup class=\"fnref\">[7]</sup>, el uso creció.</p>\n"
    );
}

#[test]
fn italic_made_bold_is_a_change_of_format() {
    let html = merged("Cinco *seis* siete.\n", "Cinco **seis** siete.\n");
    assert_eq!(
        html,
        "<p>Cinco <strong class=\"fmt-changed\">seis</strong> siete.</p>\n"
    );
}

/// A short row rendered alone gets the empty cell the parser adds at the
/// very end of the text, and its row and table are closed.
#[test]
fn a_short_row_alone_is_a_whole_table() {
    let html = render_excerpt("| A | B |\n|---|---|\n| Abrir |", &Side::PLAIN);
    assert_eq!(
        html.matches("<table").count(),
        html.matches("</table>").count()
    );
    assert!(html.contains("<td>Abrir</td><td></td></tr>"), "{html}");
}

/// A block left open at its end (a fence never closed, as in a section cut
/// short) once swallowed the footnote stand-ins, and its `</code></pre>` was
/// cut off with them (found by the `redline` fuzz target).
#[test]
fn a_block_left_open_keeps_its_end_tags_and_shows_no_stand_in() {
    for block in [
        "```\nver [^6]",
        "[^6]\n```",
        "<pre>\nver [^6]",
        "- a [^6]\n\n  ```\n  b",
    ] {
        let html = render_excerpt(block, &Side::PLAIN);
        for tag in ["pre", "code", "li", "ul", "p"] {
            assert_eq!(
                html.matches(&format!("<{tag}>")).count()
                    + html.matches(&format!("<{tag} ")).count(),
                html.matches(&format!("</{tag}>")).count(),
                "<{tag}> of {block:?}: {html}"
            );
        }
        assert!(!html.contains("[^6]: ."), "a stand-in is shown: {html}");
    }
    // A list item's references still read as references.
    let html = render_excerpt("- a[^6]\n- b", &Side::PLAIN);
    assert!(html.contains("<sup class=\"fnref\">[6]</sup>"), "{html}");
}

/// The same as a whole body and with footnote stand-ins after the row, as
/// the `redline` fuzz target found it (`a||\n-|-\nb`): the cells that
/// complete the row start where the text ends, and cutting the events there
/// once lost `</tr></tbody></table></div>`.
#[test]
fn a_short_last_row_at_the_end_closes_its_table() {
    for html in [
        render_side("a||\n-|-\nb", &Side::PLAIN),
        render_excerpt("a||\n-|-\nb", &Side::PLAIN),
        render_excerpt("| a | c |\n|---|---|\n| b[^1] |", &Side::PLAIN),
    ] {
        for tag in ["div", "table", "tbody", "tr", "td"] {
            assert_eq!(
                html.matches(&format!("<{tag}>")).count()
                    + html.matches(&format!("<{tag} ")).count(),
                html.matches(&format!("</{tag}>")).count(),
                "<{tag}>: {html}"
            );
        }
        assert!(html.ends_with("</tbody></table></div>\n"), "{html}");
    }
}

/// Raw HTML keeps only the attributes listed per tag: ammonia's generic
/// `lang` and `title` once passed on any element (found by the `redline`
/// fuzz target, from `<p lang>`).
#[test]
fn raw_html_keeps_only_the_listed_attributes() {
    let clean = escaping::sanitize_html(
        "<p lang=\"en\" title=\"Aprobado\">x</p><abbr title=\"Ley\">L</abbr>",
    );
    assert_eq!(clean, "<p>x</p><abbr title=\"Ley\">L</abbr>");
}
