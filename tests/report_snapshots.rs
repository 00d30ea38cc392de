//! Snapshots of the HTML report, one per folder of `tests/fixtures/` that holds
//! an `old.md` and a `new.md`, rendered through the library as `cotejo report
//! old.md new.md` renders two plain files: no manifest, so no drafts' titles,
//! stages or notes, and no commit ids.
//!
//! Filtered out, so that a snapshot says what the report shows and not what it
//! is styled with: the tool's version, and the contents of `<style>` (style.css,
//! print.css and the labels for screen readers) and of `<script>` (report.js;
//! `tests/untrusted.rs` checks it is the report's only script, byte for byte).
//!
//! After a deliberate change of the templates or the redline, review and accept:
//! `INSTA_UPDATE=always cargo test --test report_snapshots`, then read the diff
//! of `tests/snapshots/report_snapshots__*.snap` before committing.

mod support;

use std::path::Path;

use cotejo::compare;
use cotejo::project::heading_title;
use cotejo::render::labels::Lang;
use cotejo::render::templates::Templates;
use cotejo::render::view::{self, NotesBySection, ReportInput};
use cotejo::source::{Version, decode};
use minijinja::value::{Serde, Value};

/// One version read from a file, labelled with its file name.
fn load(path: &Path) -> Version {
    let label = path.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = decode(bytes, || path.display().to_string()).expect("UTF-8 fixture");
    Version::assemble(label.clone(), None, vec![(label, text)])
}

/// The title `cotejo report` gives two plain files: the new version's first
/// heading, else its label.
fn report(old: &Version, new: &Version, lang: Lang) -> String {
    let cmp = compare::compare(old.side(), new.side(), &compare::Options::default());
    let view = view::report(ReportInput {
        lang,
        title: heading_title(new),
        comparison: &cmp,
        old: &old.document,
        new: &new.document,
        old_draft: None,
        new_draft: None,
        notes: NotesBySection::new(),
    });
    let templates = Templates::embedded().expect("embedded templates");
    // `cotejo report` hands the templates the sections as objects over the
    // view (`view::report_context`), not as serde's copy: the same fields
    // with the same values, so the same bytes.
    let through_serde = templates
        .render("report.html", &view)
        .expect("report renders");
    let as_serde = Value::from(Serde(&view)).get_attr("sections").unwrap();
    let objects = view::report_context(view);
    let as_objects = objects.get_attr("sections").unwrap();
    let json = serde_json::to_string(&as_objects).unwrap();
    assert!(json.contains(r#""inline_html":"#), "{json}");
    assert_eq!(
        json,
        serde_json::to_string(&as_serde).unwrap(),
        "every section's fields, as objects and through serde"
    );
    let html = templates
        .render_value("report.html", objects)
        .expect("report renders");
    assert_eq!(
        html, through_serde,
        "the report, as objects and through serde"
    );
    html
}

fn check_fixture(folder: &Path) {
    let old_path = folder.join("old.md");
    let old = load(&old_path);
    let new = load(&folder.join("new.md"));
    let html = report(&old, &new, Lang::Es);
    // The same inputs give the same bytes.
    assert_eq!(html, report(&old, &new, Lang::Es), "deterministic");
    let mut settings = insta::Settings::clone_current();
    settings.set_input_file(&old_path);
    settings.set_snapshot_suffix(folder.file_name().unwrap().to_string_lossy());
    settings.add_filter(&regex_escape(&view::tool()), "cotejo [version]");
    settings.add_filter(
        r"(?s)<style>.*?</style>",
        "<style>[style.css, print.css]</style>",
    );
    settings.add_filter(r"(?s)<script>.*?</script>", "<script>[report.js]</script>");
    settings.bind(|| insta::assert_snapshot!("report", html));
}

/// `text` as a regular expression that matches it literally.
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if r"\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[test]
fn report_of_each_fixture_pair() {
    support::check_each_fixture(check_fixture);
}
