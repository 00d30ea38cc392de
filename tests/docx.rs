//! `cotejo report OLD NEW -o FILE.docx`: the Word redline, through the CLI,
//! on a small project of two drafts and on the sample: the package and its
//! tracked changes, moves, comments and headings, its bytes from one run to
//! the next, its errors, and a real client — LibreOffice, headless — that
//! opens it, prints it to PDF, and accepts or rejects every change: the text
//! it is left with is the new draft's words, or the old draft's.
//!
//! The LibreOffice tests skip, saying so, on a machine without `soffice`,
//! except in CI or with COTEJO_REQUIRE_TOOLS set, where its absence fails
//! them (tests/run.sh installs Debian's `libreoffice-writer-nogui`).

mod support;

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use cotejo::project::Project;
use pulldown_cmark::{Event, Tag, TagEnd};
use support::{TestRepo, cotejo_in};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const B1: &str = "# Política de ejemplo\n\n## 1. Objetivo\n\n\
Publicar datos *abiertos* de calidad.\n\n- uno\n- dos\n\n\
## 2. Alcance\n\nTodas las dependencias.\n\n\
Las dependencias publicarán sus conjuntos de datos en el portal nacional con una licencia libre.\n\n\
| Año | Meta |\n|---|---|\n| 2023 | 10 |\n\n\
## 3. Glosario\n\nDatos abiertos: datos digitales de carácter público.\n\n\
## 4. Plazos\n\nUn año.\n";

const B2: &str = "# Política de ejemplo\n\n## 1. Objetivo\n\n\
Publicar datos **abiertos** y útiles de calidad.\n\n- uno\n- dos\n- tres\n\n\
## 2. Alcance\n\nTodas las dependencias y los municipios.\n\n\
| Año | Meta |\n|---|---|\n| 2023 | 12 |\n\n\
## 3. Plazos\n\nUn año.\n\n\
Las dependencias publicarán sus conjuntos de datos en el portal nacional con una licencia libre.\n\n\
## 4. Glosario\n\nDatos abiertos: datos digitales de carácter público.\n";

const NOTES: &str = r#"draft: borrador-2
previous: borrador-1
notes:
  - section: objetivo
    change: "Se pide que los datos sean útiles."
    why: "Lo propuso la mesa."
    source: {kind: mesa-expertos, name: "Mesa 1", date: 2022-09-01}
"#;

/// Two drafts with the notes of the second: words written and struck, a
/// list grown, a table cell changed, a paragraph moved to another section,
/// and a section moved after its sibling.
fn project() -> TestRepo {
    let repo = TestRepo::new();
    let c1 = repo.commit("borrador 1", &[("policy/doc.md", B1)]);
    let c2 = repo.commit("borrador 2", &[("policy/doc.md", B2)]);
    repo.write(
        "policy/pnda.yaml",
        format!(
            "title: Política de ejemplo\nlanguage: es\nfiles: [doc.md]\nnotes: notas\ndrafts:\n\
             - id: borrador-1\n  title: Primer borrador\n  date: 2022-01-01\n  stage: Etapa 1\n  ref: {c1}\n\
             - id: borrador-2\n  title: Segundo borrador\n  date: 2022-02-01\n  stage: Etapa 2\n  ref: {c2}\n"
        ),
    );
    repo.write("policy/notas/borrador-2.yaml", NOTES);
    repo.commit("manifiesto y notas", &[]);
    repo
}

/// Two drafts whose tables change: a header word and a cell rewritten, a
/// row added, one removed and one moved within its table, a column added;
/// a table written anew in one section and one struck from another, with
/// the paragraphs around them edited; and a section with its table moved
/// after its sibling.
const T1: &str = "# Metas\n\n## 1. Calendario\n\nLas metas de cada año.\n\n\
| Año | Meta |\n|---|---|\n| 2023 | 10 conjuntos |\n| 2024 | 20 conjuntos |\n| 2025 | 30 |\n| 2026 | 40 |\n\n\
Texto después.\n\n\
## 2. Responsables\n\nCada dependencia.\n\n\
## 3. Indicadores\n\nSe medirán así\n\n| Indicador | Fuente |\n|---|---|\n| Conjuntos | Portal |\n\n\
## 4. Revisión\n\nCada año.\n\n| Fecha | Órgano |\n|---|---|\n| enero | Consejo |\n";

const T2: &str = "# Metas\n\n## 1. Calendario\n\nLas metas de cada año, revisadas.\n\n\
| Año | Meta anual | Avance |\n|---|---|---|\n| 2023 | 12 conjuntos | 80% |\n| 2026 | 40 | 0% |\n| 2025 | 30 | 10% |\n| 2027 | 50 | 0% |\n\n\
Texto después.\n\n\
## 2. Revisión\n\nCada año.\n\n| Fecha | Órgano |\n|---|---|\n| enero | Consejo |\n\n\
## 3. Responsables\n\nCada dependencia y cada municipio\n\n| Orden | Enlace |\n|---|---|\n| federal | Unidad de datos |\n\n\
## 4. Indicadores\n\nSe medirán así, cada trimestre.\n";

/// Like [`project`], with the drafts [`T1`] and [`T2`].
fn tables_project() -> TestRepo {
    let repo = TestRepo::new();
    let c1 = repo.commit("borrador 1", &[("policy/doc.md", T1)]);
    let c2 = repo.commit("borrador 2", &[("policy/doc.md", T2)]);
    repo.write(
        "policy/pnda.yaml",
        format!(
            "title: Metas\nlanguage: es\nfiles: [doc.md]\ndrafts:\n\
             - id: borrador-1\n  title: Primer borrador\n  date: 2022-01-01\n  stage: Etapa 1\n  ref: {c1}\n\
             - id: borrador-2\n  title: Segundo borrador\n  date: 2022-02-01\n  stage: Etapa 2\n  ref: {c2}\n"
        ),
    );
    repo.commit("manifiesto", &[]);
    repo
}

/// The parts of a .docx by name.
fn parts(docx: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip");
    let mut out = std::collections::BTreeMap::new();
    for k in 0..zip.len() {
        let mut f = zip.by_index(k).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).expect("UTF-8 XML");
        out.insert(f.name().unwrap().to_string(), s);
    }
    out
}

/// The values of attribute `name` on elements `tag`.
fn attributes(xml: &str, tag: &str, name: &str) -> Vec<String> {
    xml.match_indices(&format!("<{tag} "))
        .filter_map(|(at, _)| {
            let element = &xml[at..at + xml[at..].find('>')?];
            let v = element.split(&format!(" {name}=\"")).nth(1)?;
            Some(v[..v.find('"')?].to_owned())
        })
        .collect()
}

fn report_docx(dir: &Path, args: &[&str]) -> (Vec<u8>, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("cambios.docx");
    let mut all: Vec<&str> = vec!["report"];
    all.extend(args);
    all.extend(["-o", file.to_str().unwrap()]);
    let run = cotejo_in(dir, &all);
    assert_eq!(run.ok(), format!("{}\n", file.display()));
    (std::fs::read(&file).unwrap(), out)
}

#[test]
fn the_word_redline_tracks_insertions_deletions_moves_with_stage_and_date() {
    let repo = project();
    let before = repo.fingerprint();
    let (docx, _dir) = report_docx(repo.path(), &["borrador-1", "borrador-2"]);
    assert_eq!(
        repo.fingerprint(),
        before,
        "the repository is left as it was"
    );
    let parts = parts(&docx);
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/numbering.xml",
        "word/comments.xml",
        "word/settings.xml",
        "word/header1.xml",
        "docProps/core.xml",
    ] {
        assert!(parts.contains_key(part), "no {part}");
    }
    let doc = &parts["word/document.xml"];
    // Every change by the new draft's stage, on its date.
    for tag in ["w:ins", "w:del", "w:moveFrom", "w:moveTo"] {
        let authors = attributes(doc, tag, "w:author");
        assert!(!authors.is_empty(), "no {tag} in {doc}");
        assert!(authors.iter().all(|a| a == "Etapa 2"), "{tag}: {authors:?}");
        let dates = attributes(doc, tag, "w:date");
        assert!(
            dates.iter().all(|d| d == "2022-02-01T00:00:00Z"),
            "{dates:?}"
        );
    }
    assert!(doc.contains("<w:delText xml:space=\"preserve\">10</w:delText>"));
    assert!(doc.contains("<w:t xml:space=\"preserve\">12</w:t>"));
    // Each move's two ends carry the same name.
    let mut from = attributes(doc, "w:moveFromRangeStart", "w:name");
    let mut to = attributes(doc, "w:moveToRangeStart", "w:name");
    from.sort();
    to.sort();
    assert!(
        from.len() >= 2,
        "the paragraph and the section moved: {from:?}"
    );
    assert_eq!(from, to);
    // Ids are unique.
    let mut ids = attributes(doc, "w:ins", "w:id");
    ids.extend(attributes(doc, "w:del", "w:id"));
    ids.extend(attributes(doc, "w:moveFrom", "w:id"));
    ids.extend(attributes(doc, "w:moveTo", "w:id"));
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate change ids");
    // Headings are Word's headings, with their outline level in the styles.
    assert!(doc.contains("<w:pStyle w:val=\"Heading1\"/>"));
    assert!(doc.contains("<w:pStyle w:val=\"Heading2\"/>"));
    assert!(parts["word/styles.xml"].contains("<w:outlineLvl w:val=\"1\"/>"));
    // The note is a comment on the section's heading.
    let comments = &parts["word/comments.xml"];
    assert!(
        comments.contains("Se pide que los datos sean útiles."),
        "{comments}"
    );
    assert!(
        comments.contains("Motivo: Lo propuso la mesa."),
        "{comments}"
    );
    let objetivo = doc.find("1. Objetivo").unwrap();
    let anchor = doc.find("<w:commentRangeStart w:id=\"0\"/>").unwrap();
    assert!(anchor < objetivo && doc[anchor..].contains("<w:commentReference w:id=\"0\"/>"));
    // The list and the emphasis keep their form.
    assert!(doc.contains("<w:numId w:val=\"1\"/>"));
    assert!(doc.contains("<w:b/>"));
    // Reviewers' own edits are tracked too.
    assert!(parts["word/settings.xml"].contains("<w:trackRevisions/>"));
    assert!(parts["word/header1.xml"].contains("Del Primer borrador al Segundo borrador"));
}

/// Tables are Word tables: a grid, the header row repeated, a row added or
/// removed tracked on the row, and the words of a changed cell tracked in it.
#[test]
fn tables_are_word_tables_with_tracked_rows_and_words() {
    let repo = tables_project();
    let (docx, _dir) = report_docx(repo.path(), &["borrador-1", "borrador-2"]);
    let doc = &parts(&docx)["word/document.xml"];
    // Four tables: the calendar, the one added, the one removed, the one
    // that moved with its section (its two places).
    let tables = doc.matches("<w:tbl>").count();
    assert_eq!(tables, 5, "{doc}");
    assert_eq!(doc.matches("</w:tbl>").count(), tables);
    assert_eq!(doc.matches("<w:tblHeader/>").count(), tables, "{doc}");
    // No row is a paragraph of tabs any more.
    assert!(!doc.contains("<w:tab/>"), "{doc}");
    assert!(!doc.contains("TableRow\"/><w:numPr"), "{doc}");
    // Rows added and removed are tracked on the row, by the stage.
    let rows = |change: &str| {
        doc.match_indices(&format!("<w:trPr><w:tblHeader/><w:{change} "))
            .count()
            + doc.match_indices(&format!("<w:trPr><w:{change} ")).count()
    };
    assert!(rows("ins") >= 3, "the 2027 row, the new table's two: {doc}");
    assert!(
        rows("del") >= 3,
        "the 2024 row, the struck table's two: {doc}"
    );
    // A rewritten cell holds its old and new words, tracked.
    let calendar = &doc[..doc.find("Texto después").unwrap()];
    assert!(
        calendar.contains("<w:delText xml:space=\"preserve\">10</w:delText>")
            && calendar.contains("<w:t xml:space=\"preserve\">12</w:t>"),
        "{calendar}"
    );
    // A row replaced by another (2024 by 2026, 2026 by 2027) is struck
    // and written as two rows, so the calendar keeps the new draft's three
    // columns, cells in line.
    let first = &doc[doc.find("<w:tbl>").unwrap()..doc.find("</w:tbl>").unwrap()];
    assert_eq!(first.matches("<w:gridCol ").count(), 3, "{first}");
    assert_eq!(first.matches("<w:tr>").count(), 7, "{first}");
    // Every row of a table has as many cells as its grid has columns.
    for table in doc.split("<w:tbl>").skip(1) {
        let table = &table[..table.find("</w:tbl>").unwrap()];
        let columns = table.matches("<w:gridCol ").count();
        for row in table.split("<w:tr>").skip(1) {
            assert_eq!(row.matches("<w:tc>").count(), columns, "{table}");
        }
    }
    // The same bytes again.
    let (again, _d) = report_docx(repo.path(), &["borrador-1", "borrador-2"]);
    assert!(docx == again, "two runs wrote different bytes");
}

#[test]
fn the_word_redline_is_the_same_bytes_every_time_and_follows_format_and_lang() {
    let repo = project();
    let (a, _d1) = report_docx(repo.path(), &["borrador-1", "borrador-2"]);
    let (b, _d2) = report_docx(repo.path(), &["borrador-1", "borrador-2"]);
    assert!(a == b, "two runs wrote different bytes");
    // --format docx whatever the name; --lang en for what cotejo adds.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cambios.bin");
    let run = repo.cotejo(&[
        "report",
        "borrador-1",
        "borrador-2",
        "--format",
        "docx",
        "--lang",
        "en",
        "-o",
        file.to_str().unwrap(),
    ]);
    run.ok();
    let parts = parts(&std::fs::read(&file).unwrap());
    assert!(parts["word/header1.xml"].contains("From Primer borrador to Segundo borrador"));
    assert!(parts["word/comments.xml"].contains("Reason: Lo propuso la mesa."));
    // The document's words are not translated.
    assert_eq!(
        parts["word/document.xml"],
        self::parts(&a)["word/document.xml"]
    );
}

#[test]
fn options_of_the_html_report_and_bad_versions_are_refused_without_a_file() {
    let repo = project();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cambios.docx");
    let out = file.to_str().unwrap();
    for extra in [&["--pdf"][..], &["--templates", "."][..]] {
        let mut args = vec!["report", "borrador-1", "borrador-2", "-o", out];
        args.extend(extra);
        let err = repo.cotejo(&args).error().to_owned();
        assert!(err.contains(extra[0]) && err.contains("Word"), "{err}");
    }
    let err = repo
        .cotejo(&["report", "borrador-1", "borrador-9", "-o", out])
        .error()
        .to_owned();
    assert!(err.contains("borrador-9"), "{err}");
    let pdf = dir.path().join("cambios.pdf");
    let err = repo
        .cotejo(&[
            "report",
            "borrador-1",
            "borrador-2",
            "--format",
            "docx",
            "-o",
            pdf.to_str().unwrap(),
        ])
        .error()
        .to_owned();
    assert!(err.contains(".pdf"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// `-o -` to a terminal would scroll a zip archive's bytes over it: refused,
/// and nothing is written.
#[test]
fn a_word_document_is_not_written_to_a_terminal() {
    const ARGS: &str = "report borrador-1 borrador-2 --format docx -o -";
    let repo = project();
    let (code, shown) = support::cotejo_in_terminal(repo.path(), ARGS);
    assert_eq!(code, Some(2), "{shown}");
    assert!(
        shown.contains("binary") && shown.contains("-o x.docx"),
        "{shown}"
    );
    assert!(
        !shown.contains("PK"),
        "no zip bytes reach the terminal: {shown}"
    );
    // Into a pipe, the same command writes the document.
    let piped = std::process::Command::new(env!("CARGO_BIN_EXE_cotejo"))
        .args(ARGS.split(' '))
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert!(piped.status.success());
    assert!(piped.stdout.starts_with(b"PK\x03\x04"));
}

/// document.xml of the small project, a paragraph a line.
#[test]
fn document_xml_snapshot() {
    let repo = project();
    let (docx, _d) = report_docx(repo.path(), &["borrador-1", "borrador-2"]);
    let doc = parts(&docx)["word/document.xml"].replace("<w:p>", "\n<w:p>");
    insta::assert_snapshot!("docx_document_xml", doc);
}

fn sample_available() -> bool {
    let ok = Command::new("git")
        .args([
            "-C",
            root().to_str().unwrap(),
            "rev-parse",
            "--is-shallow-repository",
        ])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "false");
    if !ok {
        eprintln!("skipped: the sample's drafts need the repository's whole history");
    }
    ok
}

#[test]
fn the_sample_redline_has_moves_and_comments_and_the_same_bytes_twice() {
    if !sample_available() {
        return;
    }
    let (a, _d1) = report_docx(root(), &["borrador-2", "borrador-3"]);
    let (b, _d2) = report_docx(root(), &["borrador-2", "borrador-3"]);
    assert!(a == b, "two runs wrote different bytes");
    let parts = parts(&a);
    let doc = &parts["word/document.xml"];
    let stage = "Mesas de la Semana Nacional de Transparencia y foros regionales";
    for tag in ["w:ins", "w:del", "w:moveFrom", "w:moveTo"] {
        let authors = attributes(doc, tag, "w:author");
        assert!(!authors.is_empty(), "no {tag}");
        assert!(authors.iter().all(|a| a == stage));
    }
    // The section moved to another chapter stands where it was, moved away,
    // and where it is, moved here.
    let from = attributes(doc, "w:moveFromRangeStart", "w:name");
    let to = attributes(doc, "w:moveToRangeStart", "w:name");
    assert!(!from.is_empty() && from.iter().all(|n| to.contains(n)));
    let notes = doc.matches("<w:commentReference ").count();
    assert!(notes >= 5, "{notes} comments");
    assert_eq!(
        parts["word/comments.xml"].matches("<w:comment ").count(),
        notes
    );
}

// --- LibreOffice ------------------------------------------------------------

/// `soffice` when it is here; `None` (skip) when not, except in CI or with
/// COTEJO_REQUIRE_TOOLS, where its absence fails the test.
fn soffice() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|d| d.join("soffice"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none() && std::env::var_os("COTEJO_REQUIRE_TOOLS").is_none(),
            "LibreOffice is needed: apt-get install libreoffice-writer-nogui"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed");
    }
    found
}

/// Runs LibreOffice headless with a private profile, in its own process
/// group, killed whole if it has not finished in time.
fn run_office(soffice: &Path, profile: &Path, args: &[&str]) {
    use std::os::unix::process::CommandExt;
    let mut child = Command::new(soffice)
        .arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .process_group(0)
        .spawn()
        .expect("run soffice");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "soffice {args:?}: {status}");
            return;
        }
        if start.elapsed() > Duration::from_secs(240) {
            let _ = Command::new("kill")
                .args(["-KILL", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            panic!("soffice {args:?} did not finish in 240 s");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A LibreOffice profile whose Standard library holds tests/support/Redline.bas.
fn office_profile(soffice: &Path, dir: &Path) -> PathBuf {
    let profile = dir.join("profile");
    run_office(soffice, &profile, &["--terminate_after_init"]);
    let source = std::fs::read_to_string(root().join("tests/support/Redline.bas")).unwrap();
    let escaped = source
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let module = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE script:module PUBLIC \
         \"-//OpenOffice.org//DTD OfficeDocument 1.0//EN\" \"module.dtd\">\n<script:module \
         xmlns:script=\"http://openoffice.org/2000/script\" script:name=\"Module1\" \
         script:language=\"StarBasic\">{escaped}</script:module>"
    );
    let xba = profile.join("user/basic/Standard/Module1.xba");
    assert!(
        xba.is_file(),
        "LibreOffice made no Basic library in its profile"
    );
    std::fs::write(xba, module).unwrap();
    profile
}

/// The copy of a .docx without its comments. LibreOffice 7.4 (Debian 12)
/// hangs when a document with comments is loaded into a frame, as the
/// macro that accepts or rejects changes must; its conversions (PDF, flat
/// ODF) open the real file, comments and all.
fn without_comments(docx: &[u8]) -> Vec<u8> {
    let parts = parts(docx);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, content) in &parts {
        let content = match name.as_str() {
            "word/comments.xml" => continue,
            "word/_rels/document.xml.rels" => {
                let at = content.find("<Relationship Id=\"rIdComments\"").unwrap();
                let end = at + content[at..].find("/>").unwrap() + 2;
                format!("{}{}", &content[..at], &content[end..])
            }
            "word/document.xml" => strip_elements(
                &strip_elements(
                    &strip_elements(content, "<w:commentRangeStart ", "/>"),
                    "<w:commentRangeEnd ",
                    "/>",
                ),
                "<w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/>",
                "</w:r>",
            ),
            "[Content_Types].xml" => {
                let at = content
                    .find("<Override PartName=\"/word/comments.xml\"")
                    .unwrap();
                let end = at + content[at..].find("/>").unwrap() + 2;
                format!("{}{}", &content[..at], &content[end..])
            }
            _ => content.clone(),
        };
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// `text` without every stretch from `start` to the next `end` (inclusive).
fn strip_elements(text: &str, start: &str, end: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(start) {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        rest = &after[after.find(end).unwrap() + end.len()..];
    }
    out.push_str(rest);
    out
}

/// The words of a text: its runs of letters and digits, in order.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The words of a version as the redline shows them: each section's heading
/// and the rendered text of its body (Markdown's text, code, raw HTML blocks
/// and footnote labels; no markup).
fn version_words(dir: &Path, name: &str) -> Vec<String> {
    let project = Project::open(dir, None).unwrap();
    let pair = project.pair(name, name).unwrap();
    let doc = &pair.new.document;
    let mut text = String::new();
    for (k, s) in doc.sections().iter().enumerate() {
        text.push_str(&s.heading);
        text.push('\n');
        for (event, _) in cotejo::markdown::parse(doc.body(k)) {
            match event {
                Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::FootnoteReference(t) => {
                    text.push_str(&t)
                }
                Event::Start(Tag::FootnoteDefinition(l)) => {
                    text.push_str(&format!(" {l} "));
                }
                // Blocks and lines end words; emphasis and links do not.
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                Event::End(end) if !is_inline(end) => text.push(' '),
                _ => {}
            }
        }
    }
    words(&text)
}

fn is_inline(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Opens the redline of `old` → `new` in LibreOffice: converted to PDF (with
/// its comments) and to flat ODF, and with every change accepted, then
/// rejected; the texts left are the two versions' words.
fn check_in_libreoffice(dir: &Path, old: &str, new: &str, min_changes: usize) {
    let Some(soffice) = soffice() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let (docx, _d) = report_docx(dir, &[old, new]);
    let file = work.path().join("cambios.docx");
    std::fs::write(&file, &docx).unwrap();
    let profile = office_profile(&soffice, work.path());
    let to = |format: &str| {
        run_office(
            &soffice,
            &profile,
            &[
                "--convert-to",
                format,
                "--outdir",
                work.path().to_str().unwrap(),
                file.to_str().unwrap(),
            ],
        )
    };
    to("pdf");
    let pdf = std::fs::read(work.path().join("cambios.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "LibreOffice printed no PDF");
    to("fodt");
    let flat = std::fs::read_to_string(work.path().join("cambios.fodt")).unwrap();
    let changes = flat.matches("<text:changed-region ").count();
    assert!(changes >= min_changes, "LibreOffice read {changes} changes");
    assert!(flat.contains("<text:insertion>") && flat.contains("<text:deletion>"));
    let comments = docx_comments(&docx);
    assert_eq!(flat.matches("<office:annotation ").count(), comments);
    // Every table is a table to LibreOffice too.
    let tables = parts(&docx)["word/document.xml"].matches("<w:tbl>").count();
    assert_eq!(flat.matches("<table:table ").count(), tables);

    let bare = work.path().join("sin-comentarios.docx");
    std::fs::write(&bare, without_comments(&docx)).unwrap();
    for (command, version) in [
        ("AcceptAllTrackedChanges", new),
        ("RejectAllTrackedChanges", old),
    ] {
        let out = work.path().join(format!("{command}.txt"));
        let macro_call = format!(
            "macro:///Standard.Module1.Redline(\"{}\",\"{command}\",\"{}\")",
            bare.display(),
            out.display()
        );
        run_office(&soffice, &profile, &[&macro_call]);
        let text = std::fs::read_to_string(&out).expect("the macro wrote the text");
        let got = words(&text);
        let want = version_words(dir, version);
        if got != want {
            let first = got.iter().zip(&want).take_while(|(a, b)| a == b).count();
            panic!(
                "{command}: the text differs from {version}'s words at word {first}:\n got: {:?}\nwant: {:?}",
                &got[first.saturating_sub(5)..(first + 15).min(got.len())],
                &want[first.saturating_sub(5)..(first + 15).min(want.len())]
            );
        }
    }
}

fn docx_comments(docx: &[u8]) -> usize {
    parts(docx)["word/comments.xml"]
        .matches("<w:comment ")
        .count()
}

#[test]
fn libreoffice_opens_the_redline_and_accepting_or_rejecting_gives_each_draft() {
    let repo = project();
    check_in_libreoffice(repo.path(), "borrador-1", "borrador-2", 8);
}

#[test]
fn libreoffice_opens_a_redline_of_changed_tables_and_accepting_or_rejecting_gives_each_draft() {
    let repo = tables_project();
    check_in_libreoffice(repo.path(), "borrador-1", "borrador-2", 8);
}

#[test]
fn libreoffice_opens_each_sample_redline_and_accepting_or_rejecting_gives_each_draft() {
    if !sample_available() {
        return;
    }
    for (old, new, changes) in [
        ("borrador-1", "borrador-2", 50),
        ("borrador-2", "borrador-3", 50),
        ("borrador-3", "borrador-4", 20),
        ("borrador-4", "aprobada", 5),
    ] {
        check_in_libreoffice(root(), old, new, changes);
    }
}

/// A draft is untrusted: markup is text, and characters XML cannot hold
/// (a stray control character) are left out, never a package Word refuses.
#[test]
fn untrusted_text_is_escaped_and_characters_xml_cannot_hold_are_dropped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# T\n\nUno <b onclick=\"x\">dos</b> & \u{1}tres\u{b} ]]> \u{FFFF}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b.md"), "# T\n\nUno \"cuatro\" 1 < 2\n").unwrap();
    let out = dir.path().join("x.docx");
    cotejo_in(
        dir.path(),
        &["report", "a.md", "b.md", "-o", out.to_str().unwrap()],
    )
    .ok();
    let parts = parts(&std::fs::read(&out).unwrap());
    let doc = &parts["word/document.xml"];
    assert!(!doc.contains("onclick") && !doc.contains("<b "), "{doc}");
    assert!(
        doc.contains("&amp;") && doc.contains("]]&gt;") && doc.contains("1 &lt; 2"),
        "{doc}"
    );
    assert!(!doc.contains(['\u{1}', '\u{b}', '\u{FFFF}']), "{doc}");
    // Every part is well-formed enough for its tags to balance.
    for (name, xml) in &parts {
        let opens = xml.matches("<w:p>").count() + xml.matches("<w:p ").count();
        assert_eq!(opens, xml.matches("</w:p>").count(), "{name}");
    }
}
