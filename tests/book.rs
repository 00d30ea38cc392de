//! `cotejo book`: the history as an mdBook source, through the real binary.
//!
//! On the sample in `policy/` and on small repositories built here: the
//! summary names every chapter and every chapter exists; a chapter per draft
//! and per pair of drafts; two runs write the same bytes; the folder is
//! replaced whole, and never when cotejo did not write it; its stylesheet is
//! the template `book.css`, which `--templates` replaces; hostile text (the
//! corpus of `tests/fixtures/untrusted/`, plus mdBook's own directives) stays
//! text. And the real thing: `mdbook build` with the repository's `book.toml`
//! turns the source into pages, a search index and a print view.
//!
//! mdBook is found as `$MDBOOK`, else `mdbook` on `PATH`, else in cargo's bin
//! folder. Without it the tests that need it fail when `CI` is set and are
//! skipped (saying why) otherwise; `tests/run.sh` installs it.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use pulldown_cmark::{Event, Options, Parser, Tag};
use scraper::{Html, Selector};
use support::{TestRepo, corpus, cotejo_in, one_line};

const BOOK_PAYLOADS: &str = include_str!("fixtures/untrusted/book.txt");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------
// Reading a book source

/// Every file of a folder, by path relative to it (`/`-separated).
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap();
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_str().unwrap())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The options mdBook 0.5 reads chapters with (mdbook-markdown).
fn mdbook_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

/// The chapters `SUMMARY.md` links to, with their titles as mdBook reads them.
fn summary_links(summary: &str) -> Vec<(String, String)> {
    let mut links = Vec::new();
    let mut current: Option<(String, String)> = None;
    for ev in Parser::new_ext(summary, mdbook_options()) {
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) => {
                current = Some((dest_url.to_string(), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = current.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::End(pulldown_cmark::TagEnd::Link) => links.extend(current.take()),
            _ => {}
        }
    }
    links
}

/// Runs `cotejo book` in `dir` (a repository) into `out`.
fn write_book(dir: &Path, out: &Path, extra: &[&str]) -> String {
    let out_s = out.to_str().unwrap();
    let mut args = vec!["book", "-o", out_s];
    args.extend(extra);
    cotejo_in(dir, &args).ok().to_owned()
}

/// The source's structure holds: the summary links every chapter, every
/// chapter file it names exists, every `.md` file is named once, file names
/// are cotejo's slugs. Returns the links.
fn check_structure(src: &Path) -> Vec<(String, String)> {
    let tree = read_tree(src);
    let summary = String::from_utf8(tree["SUMMARY.md"].clone()).unwrap();
    let links = summary_links(&summary);
    let linked: BTreeSet<&str> = links.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(linked.len(), links.len(), "a chapter is linked twice");
    for (link, title) in &links {
        assert!(
            tree.contains_key(link),
            "SUMMARY.md links {link}, not written"
        );
        assert!(!title.trim().is_empty(), "{link} has no title");
    }
    for name in tree.keys() {
        if name.ends_with(".md") && name != "SUMMARY.md" {
            assert!(
                linked.contains(name.as_str()),
                "{name} is not in SUMMARY.md"
            );
        }
        assert!(
            name == "SUMMARY.md"
                || name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-./".contains(c)),
            "file name {name:?} is not a slug"
        );
    }
    assert!(tree.contains_key(".cotejo-book"), "the marker");
    // Every label was found and filled in: no empty emphasis, no placeholder.
    for (name, bytes) in tree.iter().filter(|(n, _)| n.ends_with(".md")) {
        let text = String::from_utf8(bytes.clone()).unwrap();
        for bad in [
            "**:**", "****", "*:*", "{n}", "{old}", "{new}", "{draft}", "{title}", "{first}",
        ] {
            assert!(!text.contains(bad), "{name} holds {bad:?}");
        }
    }
    assert!(tree.contains_key("cotejo.css"));
    links
}

// ---------------------------------------------------------------------------
// mdBook

/// The mdbook binary, or `None` (said on stderr) when it is missing and `CI`
/// is not set. With `CI` set, a missing mdbook fails the test.
fn mdbook() -> Option<PathBuf> {
    let candidates = std::env::var_os("MDBOOK")
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from("mdbook")])
        .chain(
            std::env::var_os("CARGO_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
                .map(|c| c.join("bin/mdbook")),
        );
    // The book.toml is mdBook 0.5's; an older mdbook found first is passed over.
    for c in candidates {
        if Command::new(&c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success() && o.stdout.starts_with(b"mdbook v0.5."))
        {
            return Some(c);
        }
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "mdbook 0.5 is not installed and CI is set: install it with `cargo install mdbook --locked \
         --no-default-features --features search --version 0.5.4` (tests/run.sh does)"
    );
    eprintln!(
        "skipped: mdbook 0.5 is not installed (set MDBOOK, or run tests/run.sh, which installs it; \
         with CI set this test fails instead)"
    );
    None
}

/// A book folder in a fresh temporary directory: the repository's `book.toml`
/// beside a source that `cotejo book` writes from `repo` (the sample when `None`).
fn book_dir(repo: Option<&Path>, extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("book.toml"), dir.path().join("book.toml")).unwrap();
    let said = write_book(repo.unwrap_or(root()), &dir.path().join("book/src"), extra);
    assert_eq!(said.trim(), dir.path().join("book/src").to_str().unwrap());
    dir
}

/// `mdbook build` in `dir` (its book.toml); the built folder.
fn mdbook_build(mdbook: &Path, dir: &Path) -> PathBuf {
    let out = Command::new(mdbook)
        .arg("build")
        .current_dir(dir)
        .output()
        .expect("run mdbook");
    assert!(
        out.status.success(),
        "mdbook build failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join("book/html")
}

/// The search index mdBook wrote (`searchindex.json`, or `searchindex*.js`
/// when file names are hashed).
fn search_index(html: &Path) -> String {
    let name = std::fs::read_dir(html)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|n| n.starts_with("searchindex") && (n.ends_with(".js") || n.ends_with(".json")))
        .expect("a search index");
    std::fs::read_to_string(html.join(name)).unwrap()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The visible text of a page's `<main>`, whitespace collapsed.
fn main_text(page: &str) -> String {
    let doc = Html::parse_document(page);
    let main = doc.select(&sel("main")).next().expect("a <main>");
    main.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------
// The sample

#[test]
fn the_sample_has_a_chapter_per_draft_and_per_pair() {
    let dir = book_dir(None, &[]);
    let src = dir.path().join("book/src");
    let links = check_structure(&src);
    let files: Vec<&str> = links.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(files[0], "introduction.md");
    let drafts: Vec<&str> = files
        .iter()
        .copied()
        .filter(|f| f.starts_with("drafts/"))
        .collect();
    let ids = [
        "borrador-1",
        "borrador-2",
        "borrador-3",
        "borrador-4",
        "aprobada",
    ];
    assert_eq!(drafts, ids.map(|id| format!("drafts/{id}.md")));
    let pairs: Vec<&str> = files
        .iter()
        .copied()
        .filter(|f| f.starts_with("comparisons/"))
        .collect();
    let expected: Vec<String> = (0..ids.len())
        .flat_map(|a| (a + 1..ids.len()).map(move |b| (a, b)))
        .map(|(a, b)| format!("comparisons/{}--{}.md", ids[a], ids[b]))
        .collect();
    assert_eq!(pairs, expected);
    let read = |f: &str| std::fs::read_to_string(src.join(f)).unwrap();
    assert!(
        links
            .iter()
            .any(|(_, t)| t == "Primer borrador (borrador-1)")
    );
    assert!(
        links
            .iter()
            .any(|(_, t)| t == "Del Tercer borrador al Cuarto borrador")
    );

    // Each draft chapter has every heading of its draft, in order.
    let sources = cotejo::source::Sources::open(root(), None).unwrap();
    for k in 1..=4 {
        let v = sources.load(&format!("borrador-{k}")).unwrap();
        let chapter = read(&format!("drafts/borrador-{k}.md"));
        let headings: Vec<String> = heading_texts(&chapter);
        let expected: Vec<String> = std::iter::once(
            ["Primer", "Segundo", "Tercer", "Cuarto"][k - 1].to_owned() + " borrador",
        )
        .chain(
            v.document
                .sections()
                .iter()
                .filter(|s| s.level > 0)
                .map(|s| s.heading.clone()),
        )
        .collect();
        assert_eq!(headings, expected, "borrador-{k}");
        assert!(chapter.contains(&v.commit.clone().unwrap()));
    }
    // The introduction: stages and dates, the drafts, a line per step.
    let intro = read("introduction.md");
    for needle in [
        "14 de octubre de 2022",
        "Mesas de personas expertas",
        "Consulta pública del tercer borrador",
        "(comparisons/borrador-1--borrador-2.md)",
        "(comparisons/borrador-3--borrador-4.md)",
        "| 13ca3cdf0d3f |",
    ] {
        assert!(intro.contains(needle), "the introduction lacks {needle}");
    }
    assert!(!intro.contains("(comparisons/borrador-1--borrador-3.md)"));
    // A history per section of any draft, the removed ones said so.
    let history =
        cotejo::history::History::of_drafts(&sources, sources.manifest().unwrap()).unwrap();
    let histories = files.iter().filter(|f| f.starts_with("sections/")).count();
    assert_eq!(histories, history.lineages().len());
    assert!(links.iter().any(|(l, t)| l == "sections/experiencia-de-las-entidades-federativas.md"
        && t == "2.1.2 Experiencia de las entidades federativas (eliminada en el Tercer borrador)"));
    let h = read("sections/objetivos-especificos.md");
    let text = md_text(&h);
    assert!(text.contains("Del Primer borrador al Segundo borrador"));
    assert!(text.contains("Del Tercer borrador al Cuarto borrador"));
    assert!(
        !text.contains("Del Segundo borrador al Tercer borrador"),
        "it did not change then"
    );
    assert!(
        text.contains("Segundo borrador: Cada objetivo cuenta con al menos un indicador"),
        "{text}"
    );
    // Every step of every history shows its change from the comparison of
    // the two drafts, and links to it there.
    for f in files.iter().filter(|f| f.starts_with("sections/")) {
        let h = read(f);
        let steps = h.matches("\n## Del ").count();
        let links = h
            .matches("[Ver en la comparación de los dos borradores](../comparisons/")
            .count();
        assert_eq!(steps, links, "{f}: a step without its comparison");
    }
    assert!(
        md_text(&read(
            "sections/eje-de-participacion-ciudadana-y-colaboracion.md"
        ))
        .contains("Trasladada")
    );
    // A comparison: the changed sections with their redline and notes.
    let c = read("comparisons/borrador-1--borrador-2.md");
    assert!(c.contains("<div class=\"cotejo-redline\"><p>"), "a redline");
    assert!(c.contains("<ins>") && c.contains("<del>"));
    assert!(c.contains("**Notas del equipo editor**"));
    let notes = std::fs::read_to_string(root().join("policy/notas/borrador-2.yaml")).unwrap();
    let first_why = notes
        .lines()
        .find_map(|l| l.trim().strip_prefix("why: "))
        .unwrap()
        .trim_matches('"');
    let first_words: String = first_why
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        Parser::new_ext(&c, mdbook_options())
            .any(|e| matches!(&e, Event::Text(t) if t.contains(&first_words))),
        "the note {first_words:?}"
    );
}

/// The text of a Markdown source as mdBook reads it (raw HTML left out).
fn md_text(md: &str) -> String {
    Parser::new_ext(md, mdbook_options())
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.into_string()),
            Event::SoftBreak | Event::HardBreak => Some(" ".to_owned()),
            _ => None,
        })
        .collect()
}

fn heading_texts(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for ev in Parser::new_ext(md, mdbook_options()) {
        match ev {
            Event::Start(Tag::Heading { .. }) => current = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = current.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

#[test]
fn two_runs_write_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    write_book(root(), &a, &[]);
    write_book(root(), &b, &[]);
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (name, bytes) in &ta {
        assert!(bytes == &tb[name], "{name} differs between two runs");
    }
}

/// The repository's own book, built as its README says: `cotejo book` at the
/// root (writing book/src, which .gitignore leaves out), then `mdbook build`
/// there, with the root book.toml (writing book/html).
#[test]
fn mdbook_builds_the_repository_book() {
    let Some(mdbook) = mdbook() else { return };
    // From a subfolder too: the source goes beside the root's book.toml.
    let said = cotejo_in(&root().join("policy"), &["book"]).ok().to_owned();
    assert_eq!(
        std::fs::canonicalize(said.trim()).unwrap(),
        std::fs::canonicalize(root().join("book/src")).unwrap()
    );
    let html = mdbook_build(&mdbook, root());
    for page in [
        "index.html",
        "introduction.html",
        "drafts/borrador-1.html",
        "drafts/borrador-4.html",
        "comparisons/borrador-1--borrador-2.html",
        "comparisons/borrador-1--borrador-4.html",
        "sections/objetivos-especificos.html",
        "print.html",
    ] {
        assert!(html.join(page).is_file(), "{page} was not built");
    }
    let page = |p: &str| std::fs::read_to_string(html.join(p)).unwrap();
    let draft = main_text(&page("drafts/borrador-3.html"));
    assert!(draft.contains("Tercer borrador"));
    assert!(draft.contains("Antecedentes"), "a section of the draft");
    let cmp = page("comparisons/borrador-2--borrador-3.html");
    let doc = Html::parse_document(&cmp);
    assert!(
        doc.select(&sel("main .cotejo-redline ins"))
            .next()
            .is_some()
    );
    assert!(
        doc.select(&sel("main .cotejo-redline del"))
            .next()
            .is_some()
    );
    assert!(cmp.contains("cotejo"), "the stylesheet is linked");
    // Search and print.
    let index = search_index(&html);
    for word in [
        "Antecedentes",
        "Segundo borrador",
        "Del Primer borrador al Cuarto borrador",
    ] {
        assert!(index.contains(word), "the search index lacks {word}");
    }
    let print = main_text(&page("print.html"));
    for needle in [
        "Introducción",
        "Del Primer borrador al Segundo borrador",
        "Del Tercer borrador al Cuarto borrador",
        "Cuarto borrador",
        "Notas del equipo editor",
        "Quién escribió su texto actual",
    ] {
        assert!(print.contains(needle), "print.html lacks {needle}");
    }
}

// ---------------------------------------------------------------------------
// A small repository

/// Three drafts of `tests/fixtures/small` (the third a light edit of the second),
/// with a manifest, a note and no consultation.
fn small_repo() -> TestRepo {
    let fixtures = root().join("tests/fixtures/small");
    let read = |f: &str| std::fs::read_to_string(fixtures.join(f)).unwrap();
    let repo = TestRepo::new();
    let new = read("new.md");
    let third = new.replacen("los tres poderes", "los cuatro poderes", 1);
    assert_ne!(third, new);
    let a = repo.commit("borrador 1", &[("policy/doc.md", &read("old.md"))]);
    let b = repo.commit("borrador 2", &[("policy/doc.md", &new)]);
    let c = repo.commit("borrador 3", &[("policy/doc.md", &third)]);
    repo.write(
        "policy/pnda.yaml",
        format!(
            "title: Política de ejemplo\nlanguage: es\nfiles: [doc.md]\nnotes: notas\ndrafts:\n\
             - {{id: b1, title: Uno, date: 2022-01-01, stage: Grupo, ref: {a}}}\n\
             - {{id: b2, title: Dos, date: 2022-02-01, stage: Mesas, ref: {b}}}\n\
             - {{id: b3, title: Tres, date: 2022-03-01, stage: Consulta, ref: {c}}}\n"
        ),
    );
    repo.write(
        "policy/notas/b3.yaml",
        "draft: b3\nprevious: b2\nnotes:\n  - section: introduccion\n    change: Se amplía el alcance.\n    \
         why: Lo pidió la mesa.\n    source: {kind: mesa-expertos, name: Mesa 1}\n",
    );
    repo
}

#[test]
fn a_small_repository_in_english() {
    let repo = small_repo();
    let out = repo.path().join("libro");
    let said = write_book(repo.path(), &out, &["--lang", "en"]);
    assert_eq!(said.trim(), out.to_str().unwrap());
    let links = check_structure(&out);
    let files: Vec<&str> = links.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        files[..7],
        [
            "introduction.md",
            "drafts/b1.md",
            "drafts/b2.md",
            "drafts/b3.md",
            "comparisons/b1--b2.md",
            "comparisons/b1--b3.md",
            "comparisons/b2--b3.md",
        ]
    );
    // Then a history per section: those of the last draft in order, then the
    // removed one.
    assert_eq!(
        files[7..],
        [
            "sections/politica-de-ejemplo.md",
            "sections/introduccion.md",
            "sections/diagnostico.md",
            "sections/experiencia-nacional.md",
            "sections/relevancia-de-los-datos-abiertos.md",
            "sections/problema-identificado.md",
            "sections/objetivos.md",
            "sections/proposito-general.md",
            "sections/contexto-internacional.md",
            "sections/glosario.md",
            "sections/metas-de-corto-plazo.md",
        ]
    );
    assert!(
        links
            .iter()
            .any(|(l, t)| l == "sections/metas-de-corto-plazo.md"
                && t == "3.2 Metas de corto plazo (removed in Dos)")
    );
    let read = |f: &str| std::fs::read_to_string(out.join(f)).unwrap();
    let summary = read("SUMMARY.md");
    assert!(summary.contains("# Comparisons"), "{summary}");
    assert!(summary.contains("[From Dos to Tres](comparisons/b2--b3.md)"));
    let c = read("comparisons/b2--b3.md");
    assert!(
        c.contains("<del>tres</del>") && c.contains("<ins>cuatro</ins>"),
        "{c}"
    );
    let text = md_text(&c);
    assert!(text.contains("Editors' notes") && text.contains("Lo pidió la mesa."));
    // The note on b2 → b3 is also a note of b1 → b3.
    assert!(md_text(&read("comparisons/b1--b3.md")).contains("Lo pidió la mesa."));
    assert!(!read("comparisons/b1--b2.md").contains("Lo pidió la mesa"));

    // A section history: renamed at one step, reworded at the next, with the
    // redline and the note of each step, and the blame of its text.
    let h = md_text(&read("sections/introduccion.md"));
    assert!(
        h.contains("In 3 of 3 drafts, from Uno to Tres; changed at 2 of 2 steps."),
        "{h}"
    );
    assert!(h.contains("From Uno to Dos") && h.contains("From Dos to Tres"));
    assert!(h.contains("Lo pidió la mesa."));
    assert!(h.contains("Who wrote its current text"));
    let raw = read("sections/introduccion.md");
    assert!(raw.contains("<ins>cuatro</ins>"), "{raw}");
    assert!(raw.contains("(../comparisons/b2--b3.md#introduccion)"));
    assert!(raw.contains("(../drafts/b1.md#introduccion)"));
    // Most of its words are the first draft's; the last rewording is the third's.
    assert!(raw.contains("- **Uno:** La política establece"), "{raw}");
    assert!(raw.contains("*(revised in Tres)*"), "{raw}");
    let renamed = md_text(&read("sections/proposito-general.md"));
    assert!(
        renamed.contains("Formerly titled «3.1 Objetivo general»"),
        "{renamed}"
    );
    let removed = md_text(&read("sections/metas-de-corto-plazo.md"));
    assert!(
        removed.contains("Only in Uno;") && removed.contains("Removed"),
        "{removed}"
    );
    assert!(removed.contains("Who wrote its last text"));
    // The repository itself is untouched (the book is written outside git's view
    // of it only in the sense that cotejo never writes git objects).
    assert!(repo.repo.head().is_ok());
}

#[test]
fn a_preamble_is_not_the_parent_of_the_chapters_in_the_summary() {
    // Text before the first heading is the preamble; the chapters after it
    // are not inside it, so the summary lists them beside it.
    let repo = TestRepo::new();
    let text = |v: &str| {
        format!(
            "Texto antes de todo encabezado.\n\n# Capítulo uno\n\n{v}\n\n## Sección uno\n\n\
             Uno uno.\n\n# Capítulo dos\n\nDos.\n"
        )
    };
    let a = repo.commit("uno", &[("policy/doc.md", &text("Uno."))]);
    let b = repo.commit("dos", &[("policy/doc.md", &text("Uno cambiado."))]);
    repo.write(
        "policy/pnda.yaml",
        format!(
            "title: Prueba\nlanguage: es\nfiles: [doc.md]\ndrafts:\n\
             - {{id: b1, title: Uno, date: 2022-01-01, stage: Grupo, ref: {a}}}\n\
             - {{id: b2, title: Dos, date: 2022-02-01, stage: Mesas, ref: {b}}}\n"
        ),
    );
    let out = repo.path().join("libro");
    write_book(repo.path(), &out, &[]);
    check_structure(&out);
    let summary = std::fs::read_to_string(out.join("SUMMARY.md")).unwrap();
    let sections = &summary[summary.find("# Historia de cada sección").unwrap()..];
    let entries: Vec<&str> = sections.lines().filter(|l| l.contains("](")).collect();
    assert_eq!(
        entries,
        [
            "- [Preámbulo](sections/preambulo.md)",
            "- [Capítulo uno](sections/capitulo-uno.md)",
            "  - [Sección uno](sections/seccion-uno.md)",
            "- [Capítulo dos](sections/capitulo-dos.md)",
        ],
        "{summary}"
    );
}

#[test]
fn the_folder_is_replaced_whole_and_only_when_cotejo_wrote_it() {
    let repo = small_repo();
    let out = repo.path().join("book/src");
    write_book(repo.path(), &out, &[]);
    let before = read_tree(&out);
    std::fs::write(out.join("stale.md"), "left over").unwrap();
    std::fs::create_dir(out.join("old")).unwrap();
    write_book(repo.path(), &out, &[]);
    assert_eq!(read_tree(&out), before, "the folder is replaced whole");
    // Nothing is left beside it.
    let beside: Vec<String> = std::fs::read_dir(repo.path().join("book"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(beside, ["src"]);

    // A folder of someone else's files is refused and left as it was.
    let theirs = repo.path().join("notas-propias");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("borrador.md"), "mío").unwrap();
    let err = repo
        .cotejo(&["book", "-o", theirs.to_str().unwrap()])
        .error()
        .to_owned();
    assert!(err.contains("not a folder `cotejo book` wrote"), "{err}");
    assert_eq!(read_tree(&theirs).len(), 1);
    // So is a file.
    let file = repo.path().join("file.md");
    std::fs::write(&file, "x").unwrap();
    repo.cotejo(&["book", "-o", file.to_str().unwrap()]).error();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    // An empty folder is taken.
    let empty = repo.path().join("vacio");
    std::fs::create_dir(&empty).unwrap();
    write_book(repo.path(), &empty, &[]);
    assert!(empty.join("SUMMARY.md").is_file());
}

#[test]
fn the_stylesheet_is_a_template_a_folder_can_replace() {
    let repo = small_repo();
    let out = repo.path().join("libro");
    write_book(repo.path(), &out, &[]);
    let built_in = std::fs::read_to_string(out.join("cotejo.css")).unwrap();
    assert!(
        built_in.starts_with(include_str!("../templates/book.css")),
        "{built_in}"
    );
    let labels = &built_in[include_str!("../templates/book.css").len()..];
    assert!(
        labels.starts_with(".cotejo-redline ins::before { content: "),
        "{labels}"
    );

    let dir = repo.path().join("plantillas");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("book.css"), "/* estilo institucional */\n").unwrap();
    write_book(repo.path(), &out, &["--templates", dir.to_str().unwrap()]);
    let css = std::fs::read_to_string(out.join("cotejo.css")).unwrap();
    // The override in place of the built-in rules; the screen reader's words
    // are still added after it.
    assert_eq!(css, format!("/* estilo institucional */\n{labels}"));

    // A misspelt name is not silently ignored, and the book is left as it was.
    std::fs::write(dir.join("libro.css"), "x").unwrap();
    let err = repo
        .cotejo(&[
            "book",
            "-o",
            out.to_str().unwrap(),
            "--templates",
            dir.to_str().unwrap(),
        ])
        .error()
        .to_owned();
    assert!(err.contains("libro.css"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("cotejo.css")).unwrap(),
        css
    );
}

// ---------------------------------------------------------------------------
// Untrusted text

/// YAML double-quoted scalar.
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// One draft: a section per payload, the payload in its heading, in a
/// paragraph, as a raw block and in a code block; the new draft adds a line.
fn hostile_document(payloads: &[String], new: bool) -> String {
    let mut doc = format!("# Documento {}\n\n", one_line(&payloads[0]));
    for (i, p) in payloads.iter().enumerate() {
        let l = one_line(p);
        doc += &format!(
            "## {} Sección {i}: {l}\n\nPárrafo común {i}: {l}.\n\n{p}\n--> ?> ]]> </script></pre></style></textarea>\n\n\
             ~~~~\n{p}\n\n{p}\n~~~~\n\n",
            i + 1
        );
        if new {
            doc += &format!("Añadido {i}: {l}\n\n");
        }
    }
    doc
}

/// Everything in a built page that could run or load something a draft put
/// there: a script with a payload's marker, an element no chapter body holds
/// inside `<main>`, an event handler (any in `<main>`, one with a marker
/// anywhere), a `javascript:`/`vbscript:`/`data:` URL, a `srcdoc`.
fn live_markup(name: &str, page: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let doc = Html::parse_document(page);
    for el in doc.select(&sel("script")) {
        let code = el.text().collect::<String>();
        if code.contains("XSS") || el.value().attr("src").is_some_and(|s| s.contains("evil")) {
            bad.push(format!("{name}: a script from a draft: {:.120}", el.html()));
        }
    }
    for tag in [
        "script", "iframe", "frame", "object", "embed", "style", "base", "form", "svg", "math",
        "img", "link", "meta", "textarea", "input", "button",
    ] {
        for el in doc.select(&sel(&format!("main {tag}"))) {
            bad.push(format!("{name}: <{tag}> in <main>: {:.120}", el.html()));
        }
    }
    for el in doc.select(&sel("*")) {
        let in_main = el
            .ancestors()
            .any(|a| a.value().as_element().is_some_and(|e| e.name() == "main"));
        for (attr, value) in el.value().attrs() {
            let lower = attr.to_ascii_lowercase();
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            let url = ["href", "src", "action", "formaction", "data", "xlink:href"]
                .contains(&lower.as_str())
                && ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| squeezed.starts_with(s));
            if (lower.starts_with("on") && (in_main || value.contains("XSS")))
                || lower == "srcdoc"
                || url
            {
                bad.push(format!(
                    "{name}: {attr}={value:.80?} on <{}>",
                    el.value().name()
                ));
            }
        }
    }
    bad
}

#[test]
fn the_page_checks_catch_live_markup() {
    let page = |main: &str| {
        format!(
            "<!DOCTYPE html><html><head><script src=\"book.js\"></script></head><body><main>{main}</main></body></html>"
        )
    };
    assert!(live_markup("ok", &page("<p>texto <ins>a</ins></p>")).is_empty());
    for hostile in [
        "<script>alert('XSS-01')</script>",
        "<p onclick=\"x\">a</p>",
        "<a href=\" java\tscript:alert(1)\">a</a>",
        "<a href=\"DATA:text/html,x\">a</a>",
        "<img src=x>",
        "<svg></svg>",
        "<iframe srcdoc=\"x\"></iframe>",
        "<style>p{}</style>",
    ] {
        assert!(!live_markup("x", &page(hostile)).is_empty(), "{hostile}");
    }
}

/// The first draft's id: a path out of the book and an mdBook directive
/// (draft ids are one word without `:`); its files are named by slug.
const OLD_ID: &str = "../../{{#include}}<b1>";

#[test]
fn hostile_text_stays_text() {
    let repo = TestRepo::new();
    let secret = repo.path().join("secreto.txt");
    std::fs::write(&secret, "CONTENIDO-SECRETO-7731\n").unwrap();
    let secret_path = secret.to_str().unwrap();
    let mut payloads = corpus(BOOK_PAYLOADS);
    payloads
        .iter_mut()
        .for_each(|p| *p = p.replace("SECRET", secret_path));
    payloads.extend(support::payloads());
    let include = payloads[0].clone();
    assert!(include.starts_with("{{#include /"), "{include}");

    let a = repo.commit(
        "b1",
        &[("policy/doc.md", &hostile_document(&payloads, false))],
    );
    let b = repo.commit(
        "b2",
        &[("policy/doc.md", &hostile_document(&payloads, true))],
    );
    let pick = |k: usize| q(&payloads[k % payloads.len()]);
    repo.write(
        "policy/pnda.yaml",
        format!(
            "title: {}\nlanguage: es\nfiles: [doc.md]\nnotes: notas\ndrafts:\n\
             - {{id: {}, title: {}, date: {}, stage: {}, ref: {a}}}\n\
             - {{id: b2, title: {}, date: {}, stage: {}, ref: {b}}}\n",
            q(&format!("{include} {}", payloads[13])),
            q(OLD_ID),
            pick(13),
            pick(1),
            pick(2),
            pick(5),
            pick(9),
            pick(10),
        ),
    );
    // A note on every section, every field a payload.
    let json = repo
        .cotejo(&["diff", OLD_ID, "b2", "--format", "json"])
        .json();
    let mut notes = format!("draft: b2\nprevious: {}\nnotes:\n", q(OLD_ID));
    for (k, s) in json["sections"].as_array().unwrap().iter().enumerate() {
        let Some(id) = s["new"]["id"].as_str() else {
            continue;
        };
        if s["change"] == "unchanged" {
            continue;
        }
        let p = pick(k);
        notes += &format!(
            "  - section: {}\n    change: {p}\n    why: {p}\n    source:\n      kind: consulta-publica\n      \
             name: {p}\n      date: {p}\n      folios: [{p}]\n",
            q(id)
        );
    }
    repo.write("policy/notas/b2.yaml", &notes);

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("book.toml"), dir.path().join("book.toml")).unwrap();
    let src = dir.path().join("book/src");
    write_book(repo.path(), &src, &[]);
    check_structure(&src);

    // The source: the only raw HTML is cotejo's own blocks, no `{{` anywhere,
    // and every heading reads back as the draft wrote it.
    let tree = read_tree(&src);
    let mut bad = Vec::new();
    for (name, bytes) in &tree {
        let text = String::from_utf8(bytes.clone()).unwrap();
        if text.contains("{{") {
            bad.push(format!("{name}: a `{{{{`"));
        }
        if !name.ends_with(".md") {
            continue;
        }
        let mut block: Option<String> = None;
        for ev in Parser::new_ext(&text, mdbook_options()) {
            match ev {
                Event::Start(Tag::HtmlBlock) => block = Some(String::new()),
                Event::End(pulldown_cmark::TagEnd::HtmlBlock) => {
                    let h = block.take().unwrap_or_default();
                    // One block per line of cotejo's: `<div class="cotejo-…">…</div>`.
                    if !h.starts_with("<div class=\"cotejo-") || !h.ends_with("</div>\n") {
                        bad.push(format!("{name}: a raw HTML block not cotejo's: {h:.120}"));
                    }
                }
                Event::Html(h) if block.is_some() => block.as_mut().unwrap().push_str(&h),
                Event::Html(h) | Event::InlineHtml(h) => {
                    bad.push(format!("{name}: raw HTML outside a block: {h:.120}"))
                }
                _ => {}
            }
        }
    }
    // Every heading reads back as the document model read it.
    let draft = String::from_utf8(tree["drafts/include-b1.md"].clone()).unwrap();
    let model = cotejo::document::Document::parse(hostile_document(&payloads, false));
    let expected: Vec<String> = std::iter::once(payloads[13].clone())
        .chain(
            model
                .sections()
                .iter()
                .filter(|s| s.level > 0)
                .map(|s| s.heading.clone()),
        )
        // Line breaks and other control characters are shown as spaces; in a
        // heading `<` is shown as `‹` (see cotejo::book::escape::heading).
        .map(|h| {
            h.replace(|c: char| c.is_control(), " ")
                .replace('<', "‹")
                .trim()
                .to_owned()
        })
        .collect();
    let headings = heading_texts(&draft);
    if headings != expected {
        for (k, (h, e)) in headings.iter().zip(&expected).enumerate() {
            if h != e {
                bad.push(format!("heading {k}: {h:.120?} shown for {e:.120?}"));
            }
        }
        if headings.len() != expected.len() {
            bad.push(format!(
                "{} headings, not {}",
                headings.len(),
                expected.len()
            ));
        }
    }

    // The built book: no live markup from a draft, the secret never read, the
    // directive shown as text.
    let Some(mdbook) = mdbook() else {
        assert!(
            bad.is_empty(),
            "{} problems:\n{}",
            bad.len(),
            bad.join("\n")
        );
        return;
    };
    let html = mdbook_build(&mdbook, dir.path());
    let built = read_tree(&html);
    for (name, bytes) in &built {
        let text = String::from_utf8_lossy(bytes);
        if text.contains("CONTENIDO-SECRETO") {
            bad.push(format!("{name}: the secret file was included"));
        }
        // The sidebar is a script that writes the chapters' titles as one
        // string of HTML: checked as if it were a page's main content.
        if name.starts_with("toc") && name.ends_with(".js") {
            let sidebar = text
                .split_once("innerHTML = '")
                .and_then(|(_, rest)| rest.split_once("';"))
                .map(|(html, _)| html)
                .unwrap_or_else(|| panic!("{name}: no sidebar HTML found"));
            assert!(sidebar.contains("<ol class=\"chapter\">"), "{name}");
            bad.extend(live_markup(name, &format!("<main>{sidebar}</main>")));
        }
        if !name.ends_with(".html") {
            continue;
        }
        bad.extend(live_markup(name, &text));
    }
    // The search index: mdBook's searcher shows each result's breadcrumbs
    // (chapter titles and headings) as HTML, so none may hold a `<`.
    let index = search_index(&html);
    let json = index
        .split_once("JSON.parse('")
        .and_then(|(_, rest)| rest.rsplit_once("'))"))
        .map(|(j, _)| j.replace("\\'", "'").replace("\\\\", "\\"))
        .expect("the search index's JSON");
    let index: serde_json::Value = serde_json::from_str(&json).expect("the index parses");
    let docs = index["index"]["documentStore"]["docs"]
        .as_object()
        .expect("the index stores its documents");
    assert!(docs.len() > 100, "{} documents", docs.len());
    for (k, doc) in docs {
        let crumbs = doc["breadcrumbs"].as_str().unwrap_or_default();
        if crumbs.contains('<') {
            bad.push(format!(
                "search document {k}: breadcrumbs hold a `<`: {crumbs:.120}"
            ));
        }
    }
    let page = main_text(&String::from_utf8_lossy(&built["drafts/include-b1.html"]));
    for p in payloads.iter().filter(|p| p.contains("{{#include")) {
        let shown = one_line(p).split_whitespace().collect::<Vec<_>>().join(" ");
        let shown = shown.trim_start_matches("<div>").trim_end_matches("</div>");
        let shown = shown.trim_start_matches("<!-- ");
        if !page.contains(shown.split(" XSS").next().unwrap()) {
            bad.push(format!("the directive is not shown as text: {shown:.120}"));
        }
    }
    if !page.contains(&format!("{{{{#include {secret_path}}}}} XSS-B01")) {
        bad.push("the first directive is not shown literally".to_owned());
    }
    assert!(
        bad.is_empty(),
        "{} problems:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
