//! Snapshots of whole comparisons, one case per folder of `tests/fixtures/` that
//! holds an `old.md` and a `new.md`: the model (`Debug`), the JSON output, the
//! text output and the `--stat` text output, colour off.
//!
//! The files are read and assembled as `cotejo diff old.md new.md` reads two
//! plain files (byte-order mark dropped, SHA-256 of the text), without git, so
//! no commit id appears. After a deliberate change of output, review and accept
//! the new snapshots: `INSTA_UPDATE=always cargo test --test snapshots`, then
//! read the `.snap` files' diff before committing.

mod support;

use std::path::Path;

use cotejo::compare::{self, Side};
use cotejo::model::Comparison;
use cotejo::render::{self, text::TextOptions};
use cotejo::source::{Version, decode};

/// One version read from a file, labelled with its file name.
fn load(path: &Path) -> Version {
    let label = path.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = decode(bytes, || path.display().to_string()).expect("UTF-8 fixture");
    Version::assemble(label.clone(), None, vec![(label, text)])
}

fn bodies(version: &Version) -> Vec<String> {
    let doc = &version.document;
    (0..doc.sections().len())
        .map(|i| doc.body(i).to_owned())
        .collect()
}

fn text(cmp: &Comparison, stat: bool) -> String {
    let mut out = Vec::new();
    render::text::write(cmp, TextOptions { color: false, stat }, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn json(cmp: &Comparison) -> String {
    let mut out = Vec::new();
    render::json::write(cmp, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// All snapshots of one fixture folder, named `<what>@<folder>`.
fn check_fixture(folder: &Path) {
    let old_path = folder.join("old.md");
    let old = load(&old_path);
    let new = load(&folder.join("new.md"));
    let cmp = compare::compare(
        Side {
            info: old.info(),
            document: &old.document,
        },
        Side {
            info: new.info(),
            document: &new.document,
        },
        &compare::Options::default(),
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_input_file(&old_path);
    settings.set_snapshot_suffix(folder.file_name().unwrap().to_string_lossy());
    settings.bind(|| {
        insta::assert_debug_snapshot!("model", cmp);
        insta::assert_snapshot!("json", json(&cmp));
        insta::assert_snapshot!("text", text(&cmp, false));
        insta::assert_snapshot!("stat", text(&cmp, true));
    });
    // The JSON is the model, nothing more and nothing less (but the sections'
    // titles, which renderers get beside the headings they come from), and
    // keeps the contract.
    let back: Comparison = serde_json::from_str(&json(&cmp)).unwrap();
    let mut untitled = cmp.clone();
    for e in &mut untitled.sections {
        for r in [&mut e.old, &mut e.new].into_iter().flatten() {
            r.title = std::sync::Arc::from("");
            r.parent_title = None;
        }
    }
    assert_eq!(back, untitled);
    let value = serde_json::to_value(&cmp).unwrap();
    support::assert_valid_json(&value);
    support::assert_contract(&value, &bodies(&old), &bodies(&new));
}

#[test]
fn fixture_pairs() {
    support::check_each_fixture(check_fixture);
}
