//! `cotejo check --strict`: the trace of the drafts is complete. Every section
//! changed between two consecutive drafts has a note, and every comment taken
//! up names a change (a note lists its folio); each gap fails with its draft,
//! section and line.

mod support;

use std::path::Path;

use support::{TestRepo, cotejo_in};

const FIRST: &str = "# Documento\n\n## 1. Introducción\n\nTexto de la introducción.\n\n\
## 2. Objetivo\n\nEl objetivo es publicar datos.\n\n## 3. Alcance\n\nTodo el país.\n\n\
## 4. Glosario\n\n- **Dato:** un hecho.\n";

/// `FIRST` with a section inserted before `Objetivo` (which is renumbered
/// only), `Alcance` removed and `Glosario` rewritten.
const SECOND: &str = "# Documento\n\n## 1. Introducción\n\nTexto de la introducción.\n\n\
## 2. Antecedentes\n\nLo que se hizo antes.\n\n## 3. Objetivo\n\nEl objetivo es publicar datos.\n\n\
## 4. Glosario\n\n- **Dato:** un hecho registrado.\n";

const NOTE_ADDED: &str = "  - section: antecedentes\n    change: \"Se añade.\"\n    \
    why: \"Faltaba contexto.\"\n    source: {kind: grupo-tecnico, name: \"Sesión del Grupo Técnico\"}\n";
const NOTE_REMOVED: &str = "  - section: alcance\n    removed: true\n    change: \"Se suprime.\"\n    \
    why: \"Repetía la introducción.\"\n    source: {kind: revision-editorial, name: \"Revisión\"}\n";
const NOTE_GLOSSARY: &str = "  - section: glosario\n    change: \"Se precisa «dato».\"\n    \
    why: \"Lo pidió un comentario.\"\n    \
    source: {kind: consulta-publica, name: \"Consulta pública\", folios: [CP-0001]}\n";

/// Two drafts, the consultation of the first (one comment taken up, one not)
/// and the notes into the second made of `notes`.
fn repo(notes: &[&str]) -> TestRepo {
    let repo = TestRepo::new();
    let one = repo.commit("borrador 1", &[("policy/doc/01.md", FIRST)]);
    let two = repo.commit("borrador 2", &[("policy/doc/01.md", SECOND)]);
    repo.write(
        "policy/pnda.yaml",
        format!(
            "title: Documento\nfiles:\n  - doc/01.md\nnotes: notas\n\
             consultation: consulta/comentarios.yaml\ndrafts:\n\
             \x20 - id: borrador-1\n    title: Primero\n    date: 2022-01-01\n    stage: Uno\n    ref: {one}\n\
             \x20 - id: borrador-2\n    title: Segundo\n    date: 2022-03-01\n    stage: Dos\n    ref: {two}\n"
        ),
    );
    repo.write(
        "policy/notas/borrador-2.yaml",
        format!(
            "draft: borrador-2\nprevious: borrador-1\nnotes:\n{}",
            if notes.is_empty() {
                "  []\n".to_owned()
            } else {
                notes.concat()
            }
        ),
    );
    repo.write(
        "policy/consulta/comentarios.yaml",
        "consultation:\n  title: Consulta\n  draft: borrador-1\n  result: borrador-2\n  \
         opened: 2022-02-01\n  closed: 2022-02-28\ncomments:\n\
         \x20 - folio: CP-0001\n    date: 2022-02-02\n    participant: academia\n    section: glosario\n    \
         text: \"Definir mejor «dato».\"\n    outcome: procedente\n    response: \"Se precisa.\"\n\
         \x20 - folio: CP-0002\n    date: 2022-02-03\n    participant: persona\n    section: introduccion\n    \
         text: \"Muy larga.\"\n    outcome: no-procedente\n    response: \"Es breve.\"\n",
    );
    repo
}

/// Runs `check --strict`, expecting the gaps' status (1); returns standard error.
fn gaps(dir: &Path) -> String {
    let run = cotejo_in(dir, &["check", "--strict"]);
    assert_eq!(
        run.code, 1,
        "check --strict must find gaps:\n{}\n{}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    run.stderr.clone()
}

#[test]
fn a_complete_trace_passes_strict() {
    let repo = repo(&[NOTE_ADDED, NOTE_REMOVED, NOTE_GLOSSARY]);
    let out = repo.cotejo(&["check", "--strict"]).ok().to_owned();
    assert!(out.contains("every change has its note"), "{out}");
}

#[test]
fn a_changed_section_with_no_note_fails_with_draft_section_and_line() {
    let repo = repo(&[NOTE_ADDED, NOTE_REMOVED]);
    // Without --strict the notes that exist are all sound.
    repo.cotejo(&["check"]).ok();
    let err = gaps(repo.path());
    // The glossary's heading is line 15 of doc/01.md in borrador-2.
    assert!(
        err.contains(
            "borrador-2:doc/01.md:15: section 4 «Glosario» (`glosario`) changed between \
             borrador-1 and borrador-2 and no note explains it: add a note for it to "
        ),
        "{err}"
    );
    assert!(err.contains("notas/borrador-2.yaml"), "{err}");
    // Without that note, CP-0001 (taken up) is answered by no change either.
    assert!(err.contains("2 gap(s)"), "{err}");
    assert!(err.contains("CP-0001 is procedente but no note"), "{err}");
    // `Objetivo` only has a new number: the insertion's note explains it.
    assert!(!err.contains("objetivo"), "{err}");
}

#[test]
fn an_added_section_with_no_note_is_a_gap() {
    let repo = repo(&[NOTE_REMOVED, NOTE_GLOSSARY]);
    let err = gaps(repo.path());
    assert!(
        err.contains("borrador-2:doc/01.md:7: section 2 «Antecedentes» (`antecedentes`) changed"),
        "{err}"
    );
}

#[test]
fn a_removed_section_with_no_note_is_a_gap_in_the_draft_it_left() {
    let repo = repo(&[NOTE_ADDED, NOTE_GLOSSARY]);
    let err = gaps(repo.path());
    assert!(
        err.contains(
            "borrador-1:doc/01.md:11: section 3 «Alcance» (`alcance`) was removed in borrador-2 \
             and no note explains it"
        ),
        "{err}"
    );
    assert!(err.contains("with `removed: true`"), "{err}");
}

#[test]
fn a_formatting_only_change_needs_a_note_too() {
    let repo = TestRepo::new();
    let one = repo.commit("uno", &[("policy/doc/01.md", FIRST)]);
    let two = repo.commit(
        "dos",
        &[(
            "policy/doc/01.md",
            &FIRST.replace("publicar datos", "**publicar** datos"),
        )],
    );
    repo.write(
        "policy/pnda.yaml",
        format!(
            "title: Documento\nfiles: [doc/01.md]\nnotes: notas\ndrafts:\n\
             \x20 - {{id: b1, title: Uno, date: 2022-01-01, stage: Uno, ref: {one}}}\n\
             \x20 - {{id: b2, title: Dos, date: 2022-02-01, stage: Dos, ref: {two}}}\n"
        ),
    );
    std::fs::create_dir(repo.path().join("policy/notas")).unwrap();
    let err = gaps(repo.path());
    assert!(
        err.contains("b2:doc/01.md:7: section 2 «Objetivo»"),
        "{err}"
    );
}

#[test]
fn a_comment_taken_up_that_names_no_change_is_a_gap() {
    let glossary_without_folio = NOTE_GLOSSARY.replace(
        "{kind: consulta-publica, name: \"Consulta pública\", folios: [CP-0001]}",
        "{kind: grupo-tecnico, name: \"Sesión del Grupo Técnico\"}",
    );
    let repo = repo(&[NOTE_ADDED, NOTE_REMOVED, &glossary_without_folio]);
    repo.cotejo(&["check"]).ok();
    let err = gaps(repo.path());
    // CP-0001's folio is line 8 of the consultation file.
    assert!(
        err.contains(
            "comentarios.yaml:8: CP-0001 is procedente but no note names the change that answers it"
        ),
        "{err}"
    );
    assert!(err.contains("(section `glosario`)"), "{err}");
    // A comment not taken up needs no change.
    assert!(!err.contains("CP-0002"), "{err}");
}

#[test]
fn a_partly_accepted_comment_needs_a_change_as_well() {
    let repo = repo(&[NOTE_ADDED, NOTE_REMOVED, NOTE_GLOSSARY]);
    let path = repo.path().join("policy/consulta/comentarios.yaml");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "section: introduccion\n    text: \"Muy larga.\"\n    outcome: no-procedente",
        "section: glosario\n    text: \"Muy larga.\"\n    outcome: parcialmente-procedente",
    );
    std::fs::write(&path, text).unwrap();
    let err = gaps(repo.path());
    assert!(
        err.contains("CP-0002 is parcialmente-procedente but no note names the change"),
        "{err}"
    );
}

#[test]
fn problems_with_the_notes_are_errors_before_gaps() {
    // A note naming a section that does not exist is an error (status 2),
    // with or without --strict.
    let bad = NOTE_ADDED.replace("section: antecedentes", "section: inexistente");
    let repo = repo(&[&bad, NOTE_REMOVED, NOTE_GLOSSARY]);
    let err = repo.cotejo(&["check", "--strict"]).error().to_owned();
    assert!(
        err.contains("section `inexistente` does not exist in borrador-2"),
        "{err}"
    );
}

/// A section added after the last one gives the old last one a blank line
/// before the new heading: its body is not byte-identical, so the JSON calls
/// it `modified` and `formatting_only`, but nobody can see that line and the
/// trace owes no note for it. A space inside the text still needs one.
#[test]
fn a_blank_line_gained_at_a_sections_end_needs_no_note() {
    let repo = TestRepo::new();
    let one = repo.commit("borrador 1", &[("policy/doc/01.md", FIRST)]);
    let appended = format!("{FIRST}\n## 5. Anexo\n\nTabla.\n");
    let two = repo.commit("borrador 2", &[("policy/doc/01.md", appended.as_str())]);
    let spaced = appended.replace("Todo el país.", "Todo  el país.");
    let three = repo.commit("borrador 3", &[("policy/doc/01.md", spaced.as_str())]);
    repo.write(
        "policy/pnda.yaml",
        format!(
            "title: Documento\nfiles:\n  - doc/01.md\nnotes: notas\ndrafts:\n\
             \x20 - id: borrador-1\n    title: B1\n    date: 2022-01-01\n    stage: E1\n    ref: {one}\n\
             \x20 - id: borrador-2\n    title: B2\n    date: 2022-03-01\n    stage: E2\n    ref: {two}\n\
             \x20 - id: borrador-3\n    title: B3\n    date: 2022-05-01\n    stage: E3\n    ref: {three}\n"
        ),
    );
    repo.write(
        "policy/notas/borrador-2.yaml",
        "draft: borrador-2\nprevious: borrador-1\nnotes:\n  - section: anexo\n    \
         change: \"Se añade.\"\n    why: \"Faltaba.\"\n    source: {kind: grupo-tecnico, name: \"Sesión\"}\n",
    );
    let json = repo
        .cotejo(&["diff", "borrador-1", "borrador-2", "--format", "json"])
        .json();
    let glossary = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["new"]["id"] == "glosario")
        .unwrap();
    assert_eq!(glossary["change"], "modified");
    assert_eq!(glossary["flags"], serde_json::json!(["formatting_only"]));
    // borrador-3 adds a space inside Alcance: that is a change to explain.
    let err = gaps(repo.path());
    assert!(err.contains("borrador-3"), "{err}");
    assert!(err.contains("`alcance`"), "{err}");
    assert!(!err.contains("`glosario`"), "{err}");
    assert!(!err.contains("borrador-2:"), "{err}");
}
