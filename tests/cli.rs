//! The command line, end to end: real git repositories, the real binary.

mod support;

use std::path::Path;

use cotejo::document::Document;
use support::{TestRepo, assert_contract, assert_valid_json, cotejo_in};

const OLD: &str = include_str!("fixtures/small/old.md");
const NEW: &str = include_str!("fixtures/small/new.md");

fn bodies(text: &str) -> Vec<String> {
    let doc = Document::parse(text);
    (0..doc.sections().len())
        .map(|i| doc.body(i).to_owned())
        .collect()
}

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small"))
}

/// A repository with the manifest and a two-file document in two drafts.
fn drafts_repo() -> (TestRepo, [String; 2]) {
    let repo = TestRepo::new();
    let (old_a, old_b) = OLD.split_at(OLD.find("## 3.").unwrap());
    let (new_a, new_b) = NEW.split_at(NEW.find("## 3.").unwrap());
    let first = repo.commit(
        "policy: borrador 1",
        &[("policy/doc/01.md", old_a), ("policy/doc/02.md", old_b)],
    );
    let second = repo.commit(
        "policy: borrador 2",
        &[("policy/doc/01.md", new_a), ("policy/doc/02.md", new_b)],
    );
    let manifest = format!(
        "title: Política de ejemplo\nlanguage: es\nfiles:\n  - doc/01.md\n  - doc/02.md\ndrafts:\n  - id: borrador-1\n    title: Primer borrador\n    date: 2022-06-30\n    stage: Grupo Técnico\n    ref: {first}\n  - id: borrador-2\n    title: Segundo borrador\n    date: 2022-10-14\n    stage: Mesas de personas expertas\n    ref: {second}\n"
    );
    repo.commit("policy: manifest", &[("policy/pnda.yaml", &manifest)]);
    (repo, [first.to_string(), second.to_string()])
}

#[test]
fn json_of_two_files_follows_the_contract() {
    let run = cotejo_in(
        fixtures(),
        &["diff", "old.md", "new.md", "--format", "json"],
    );
    let json = run.json();
    assert_valid_json(&json);
    assert_contract(&json, &bodies(OLD), &bodies(NEW));
    assert_eq!(json["old"]["commit"], serde_json::Value::Null);
    assert_eq!(json["old"]["label"], "old.md");
    let s = &json["summary"];
    assert_eq!(
        (s["added"].as_u64(), s["removed"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(s["renamed"], 1);
    assert_eq!(s["moved"], 1);
}

#[test]
fn json_flags_each_kind_of_change() {
    let json = cotejo_in(
        fixtures(),
        &["diff", "old.md", "new.md", "--format", "json"],
    )
    .json();
    let find = |id: &str| {
        json["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["new"]["id"] == id || (s["new"].is_null() && s["old"]["id"] == id))
            .unwrap_or_else(|| panic!("no section {id}"))
            .clone()
    };
    let flags = |id: &str| -> Vec<String> {
        find(id)["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(find("introduccion")["change"], "modified");
    assert_eq!(find("experiencia-nacional")["change"], "modified");
    assert_eq!(flags("experiencia-nacional"), ["formatting_only"]);
    assert_eq!(find("relevancia-de-los-datos-abiertos")["change"], "added");
    assert_eq!(flags("problema-identificado"), ["renumbered"]);
    assert_eq!(find("problema-identificado")["change"], "unchanged");
    assert_eq!(flags("proposito-general"), ["renamed"]);
    assert_eq!(
        find("proposito-general")["old"]["heading"],
        "3.1 Objetivo general"
    );
    assert_eq!(flags("contexto-internacional"), ["moved", "renumbered"]);
    assert_eq!(find("metas-de-corto-plazo")["change"], "removed");
    assert_eq!(find("glosario")["change"], "unchanged");
    assert!(find("glosario").get("diff").is_none());
}

#[test]
fn drafts_from_git_with_a_manifest() {
    let (repo, [first, second]) = drafts_repo();
    let before = repo.fingerprint();
    let json = repo
        .cotejo(&["diff", "borrador-1", "borrador-2", "--format", "json"])
        .json();
    assert_valid_json(&json);
    assert_contract(&json, &bodies(OLD), &bodies(NEW));
    assert_eq!(json["old"]["commit"], first.as_str());
    assert_eq!(json["new"]["commit"], second.as_str());
    assert_eq!(json["old"]["label"], "borrador-1");
    // The same text from plain files gives the same sections and hashes.
    let files = cotejo_in(
        fixtures(),
        &["diff", "old.md", "new.md", "--format", "json"],
    )
    .json();
    assert_eq!(json["sections"], files["sections"]);
    assert_eq!(json["old"]["sha256"], files["old"]["sha256"]);
    assert_eq!(
        repo.fingerprint(),
        before,
        "cotejo must not change the repository"
    );
}

#[test]
fn revisions_paths_and_worktree() {
    let (repo, [first, _]) = drafts_repo();
    let by_sha = repo
        .cotejo(&["diff", &first[..10], "HEAD", "--format", "json"])
        .json();
    assert_eq!(by_sha["old"]["commit"], first.as_str());
    assert_eq!(by_sha["summary"]["added"], 1);
    let one_file = repo
        .cotejo(&[
            "diff",
            "HEAD~2:policy/doc/02.md",
            "HEAD:policy/doc/02.md",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(one_file["summary"]["renamed"], 1);
    let by_draft = repo
        .cotejo(&[
            "diff",
            "borrador-1:policy/doc/02.md",
            "borrador-2:policy/doc/02.md",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(by_draft["sections"], one_file["sections"]);
    // WORKTREE sees uncommitted edits.
    repo.write("policy/doc/02.md", "## 3. Objetivos\n\nNuevo texto.\n");
    let wt = repo
        .cotejo(&["diff", "borrador-2", "WORKTREE", "--format", "json"])
        .json();
    assert_eq!(wt["new"]["commit"], serde_json::Value::Null);
    assert_eq!(wt["new"]["label"], "WORKTREE");
    assert!(wt["summary"]["removed"].as_u64().unwrap() >= 3);
    repo.tag("borrador-2-tag", git2::Oid::from_str(&first).unwrap());
    let tagged = repo.cotejo(&["diff", "borrador-2-tag", "HEAD", "--stat"]);
    assert!(tagged.ok().contains("1 added"), "{}", tagged.stdout);
}

#[test]
fn drafts_lists_stage_commit_sections_and_words() {
    let (repo, [first, second]) = drafts_repo();
    let out = repo.cotejo(&["drafts"]).ok().to_owned();
    assert!(out.starts_with("Política de ejemplo\n"), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[1].starts_with("ID"), "{out}");
    assert!(lines[2].contains("borrador-1") && lines[2].contains("Grupo Técnico"));
    assert!(lines[2].contains(&first[..12]) && lines[3].contains(&second[..12]));
    let json = repo.cotejo(&["drafts", "--json"]).json();
    assert_eq!(json[0]["sections"], Document::parse(OLD).sections().len());
    assert_eq!(json[1]["stage"], "Mesas de personas expertas");
    assert_eq!(json[1]["words"], cotejo::compare::tokens::count_words(NEW));
}

#[test]
fn text_output_summary_markers_and_colour() {
    let run = cotejo_in(fixtures(), &["diff", "old.md", "new.md"]);
    let out = run.ok();
    assert!(
        out.contains(
            "1 added, 1 removed, 2 modified, 1 moved, 1 renamed, 2 renumbered; +18 −10 words"
        ),
        "{out}"
    );
    assert!(
        out.contains("las bases {+y la ruta +}para abrir datos en los tres {+poderes y +}órdenes"),
        "{out}"
    );
    assert!(!out.contains("\x1b["), "no colour when not a terminal");
    let colour = cotejo_in(
        fixtures(),
        &["diff", "old.md", "new.md", "--color", "always"],
    );
    assert!(colour.ok().contains("\x1b[32m{+y la ruta +}\x1b[0m"));
    let stat = cotejo_in(fixtures(), &["diff", "old.md", "new.md", "--stat"]);
    assert!(!stat.ok().contains("{+"));
    assert!(
        stat.ok()
            .contains("added      2.2 Relevancia de los datos abiertos"),
        "{}",
        stat.stdout
    );
}

#[test]
fn exit_code_says_whether_versions_differ() {
    let differ = cotejo_in(
        fixtures(),
        &["diff", "old.md", "new.md", "--exit-code", "--stat"],
    );
    assert_eq!(differ.code, 1);
    let same = cotejo_in(fixtures(), &["diff", "old.md", "old.md", "--exit-code"]);
    assert_eq!(same.code, 0, "{}", same.stderr);
    assert!(same.stdout.contains("0 added, 0 removed, 0 modified"));
}

#[test]
fn bom_and_crlf() {
    let repo = TestRepo::new();
    repo.write("lf.md", OLD);
    repo.write(
        "bom-crlf.md",
        format!("\u{feff}{}", OLD.replace('\n', "\r\n")),
    );
    let json = repo
        .cotejo(&["diff", "lf.md", "bom-crlf.md", "--format", "json"])
        .json();
    assert_valid_json(&json);
    let s = &json["summary"];
    assert_eq!(
        (
            s["added"].as_u64(),
            s["removed"].as_u64(),
            s["renamed"].as_u64()
        ),
        (Some(0), Some(0), Some(0))
    );
    for sec in json["sections"].as_array().unwrap() {
        if sec["change"] == "modified" {
            assert_eq!(
                sec["flags"],
                serde_json::json!(["formatting_only"]),
                "{sec}"
            );
        }
    }
}

#[test]
fn json_output_is_deterministic() {
    let a = cotejo_in(
        fixtures(),
        &["diff", "old.md", "new.md", "--format", "json"],
    );
    let b = cotejo_in(
        fixtures(),
        &["diff", "old.md", "new.md", "--format", "json"],
    );
    assert_eq!(a.ok(), b.ok());
}

#[test]
fn report_is_one_self_contained_html_file() {
    let (repo, [first, second]) = drafts_repo();
    let before = repo.fingerprint();
    let out = repo.path().join("informe.html");
    let run = repo.cotejo(&[
        "report",
        "borrador-1",
        "borrador-2",
        "-o",
        out.to_str().unwrap(),
    ]);
    run.ok();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"es\">"),
        "{}",
        &html[..80]
    );
    assert!(
        html.contains(&first) && html.contains(&second),
        "commit ids in the header"
    );
    assert!(html.contains("Cuadro comparativo") && html.contains("(sin correlativo)"));
    assert!(html.contains("<ins>y la ruta </ins>"), "rendered redline");
    assert!(
        !html.contains("src=\"http") && !html.contains("<link"),
        "nothing loaded from the network"
    );
    std::fs::remove_file(&out).unwrap();
    assert_eq!(repo.fingerprint(), before);
    let en = repo.cotejo(&[
        "report",
        "borrador-1",
        "borrador-2",
        "-o",
        out.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    en.ok();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Side by side"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // A large output, read only in part: `cotejo diff … | head -1`.
    let big: String = (0..3000)
        .map(|i| format!("# {i}. Sección\n\ntexto {i} uno dos tres\n\n"))
        .collect();
    let changed = big.replace("uno", "cuatro");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), &big).unwrap();
    std::fs::write(dir.path().join("b.md"), &changed).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cotejo"))
        .args(["diff", "a.md", "b.md", "--format", "json"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn templates_can_be_replaced_by_name() {
    let (repo, _) = drafts_repo();
    let dir = repo.path().join("plantillas");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("style.css"),
        "/* estilo institucional */ body { color: #123456; }",
    )
    .unwrap();
    let out = repo.path().join("r.html");
    let args = [
        "report",
        "borrador-1",
        "borrador-2",
        "-o",
        out.to_str().unwrap(),
        "--templates",
        dir.to_str().unwrap(),
    ];
    repo.cotejo(&args).ok();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("/* estilo institucional */"),
        "the override is used"
    );
    assert!(
        html.contains("Cuadro comparativo"),
        "the other templates stay built in"
    );
    // A template that does not parse: the error names the file and the line.
    std::fs::write(dir.join("_header.html"), "<header>\n{% if %}\n</header>\n").unwrap();
    let err = repo.cotejo(&args).error().to_owned();
    assert!(err.contains("_header.html:2"), "{err}");
    // A name the context does not have, piped into `| safe`: the error names
    // the override's file and line, the expression, the template that
    // included it, and what to do; no report is written.
    std::fs::remove_file(&out).unwrap();
    std::fs::write(
        dir.join("_header.html"),
        "<header>\n<h1>{{ title }}</h1>\n<p>{{ doc.subtitulo | safe }}</p>\n</header>\n",
    )
    .unwrap();
    let err = repo.cotejo(&args).error().to_owned();
    let file = dir.join("_header.html").display().to_string();
    assert!(err.contains(&format!("{file}:3: ")), "{err}");
    assert!(err.contains("`doc` is undefined"), "{err}");
    assert!(
        err.contains("included from templates/report.html:"),
        "{err}"
    );
    assert!(
        err.contains("guard it with `{% if doc is defined %}`")
            && err.contains(&format!("remove {file} to use the built-in template")),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written");
    // The same for an attribute of a value the context has.
    std::fs::write(
        dir.join("_header.html"),
        "<header>\n<p>{{ old.subtitulo | safe }}</p>\n</header>\n",
    )
    .unwrap();
    let err = repo.cotejo(&args).error().to_owned();
    assert!(err.contains(&format!("{file}:2: ")), "{err}");
    assert!(err.contains("`old.subtitulo` is undefined"), "{err}");
    std::fs::remove_file(dir.join("_header.html")).unwrap();
    // Two includes deep: the one that included it first, then the next.
    std::fs::write(dir.join("_notes.html"), "{{ nota | safe }}\n").unwrap();
    let err = repo.cotejo(&args).error().to_owned();
    let notes = dir.join("_notes.html").display().to_string();
    assert!(err.contains(&format!("{notes}:1: ")), "{err}");
    assert!(
        err.contains("(included from templates/_section.html:42, from templates/report.html:"),
        "{err}"
    );
    std::fs::remove_file(dir.join("_notes.html")).unwrap();
    // A misspelt name is not silently ignored.
    std::fs::write(dir.join("estilo.css"), "x").unwrap();
    let err = repo.cotejo(&args).error().to_owned();
    assert!(
        err.contains("estilo.css") && err.contains("style.css"),
        "{err}"
    );
}

/// `cotejo pdf x.html -o -` to a terminal is refused before any browser is
/// looked for: a PDF's bytes would scroll over it.
#[test]
fn a_pdf_is_not_written_to_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.html"), "<!doctype html><title>x</title>").unwrap();
    let (code, shown) = support::cotejo_in_terminal(dir.path(), "pdf x.html -o -");
    assert_eq!(code, Some(2), "{shown}");
    assert!(
        shown.contains("PDF is binary") && shown.contains("-o x.pdf"),
        "{shown}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
