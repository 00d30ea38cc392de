//! `cotejo init`: adopting a repository that was not made for cotejo. It
//! proposes a manifest (the document's files, drafts from tags or commits
//! named like drafts), writes it only with --yes, and never over one.

mod support;

use support::{TestRepo, cotejo_in};

/// A law kept in two files, a README and notes beside it, three commits of
/// which the first and the last say they are drafts and the second is tagged.
fn law() -> TestRepo {
    let repo = TestRepo::new();
    let one = "# Ley de Datos Abiertos\n\n## Artículo 1\n\nObjeto de la ley.\n";
    let two = "## Artículo 2\n\nSe deroga.\n";
    repo.commit(
        "Primer borrador de la ley",
        &[
            (
                "README.md",
                "# Repositorio\n\nTexto largo que no es el documento. "
                    .repeat(40)
                    .as_str(),
            ),
            ("docs/ley/01-titulo.md", one),
            ("docs/ley/02-articulos.md", two),
            ("docs/notas.md", "apuntes\n"),
        ],
    );
    let tagged = repo.commit(
        "Ajustes de redacción",
        &[("docs/ley/01-titulo.md", &one.replace("Objeto", "El objeto"))],
    );
    repo.tag("mesas-2023", tagged);
    repo.commit("README: enlaces", &[("README.md", "# Repositorio\n")]);
    repo.commit(
        "Segundo borrador",
        &[("docs/ley/02-articulos.md", "## Artículo 2\n\nDerogado.\n")],
    );
    repo
}

#[test]
fn init_proposes_a_manifest_and_writes_it_only_when_asked() {
    let repo = law();
    let before = repo.fingerprint();
    let shown = repo.cotejo(&["init"]).ok().to_owned();
    assert!(
        shown.contains("title: \"Ley de Datos Abiertos\""),
        "{shown}"
    );
    assert!(
        shown.contains("files:\n  - \"docs/ley/01-titulo.md\"\n  - \"docs/ley/02-articulos.md\"\n"),
        "{shown}"
    );
    assert!(shown.contains("#   docs/notas.md"), "{shown}");
    assert!(!shown.contains("README"), "{shown}");
    // Three drafts in order: the named one, the tagged one, the named one;
    // the README's commit changed nothing of the document.
    let ids: Vec<&str> = shown
        .lines()
        .filter_map(|l| l.strip_prefix("  - id: "))
        .collect();
    assert_eq!(
        ids,
        ["\"borrador-1\"", "\"mesas-2023\"", "\"borrador-3\""],
        "{shown}"
    );
    assert!(shown.contains("cotejo init --yes"), "{shown}");
    assert!(!repo.path().join("cotejo.yaml").exists());
    assert_eq!(
        repo.fingerprint(),
        before,
        "init without --yes wrote nothing"
    );

    let said = repo.cotejo(&["init", "--yes"]).ok().to_owned();
    assert!(
        said.contains("wrote cotejo.yaml: 2 file(s), 3 draft(s)"),
        "{said}"
    );
    // The manifest is found with no --manifest, and it works.
    let drafts = repo.cotejo(&["drafts"]).ok().to_owned();
    assert!(drafts.contains("mesas-2023"), "{drafts}");
    let diff = repo
        .cotejo(&["diff", "borrador-1", "borrador-3", "--color", "never"])
        .ok()
        .to_owned();
    assert!(diff.contains("[-Se deroga-]{+Derogado+}."), "{diff}");

    // Never over an existing manifest.
    let written = std::fs::read_to_string(repo.path().join("cotejo.yaml")).unwrap();
    let run = repo.cotejo(&["init", "--yes"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("never overwrites"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(repo.path().join("cotejo.yaml")).unwrap(),
        written
    );
}

#[test]
fn without_tags_or_draft_messages_the_first_and_last_changes_are_proposed() {
    let repo = TestRepo::new();
    repo.commit("uno", &[("politica.md", "# Política\n\nA.\n")]);
    repo.commit("dos", &[("politica.md", "# Política\n\nA b.\n")]);
    let last = repo.commit("tres", &[("politica.md", "# Política\n\nA b c.\n")]);
    let shown = repo.cotejo(&["init"]).ok().to_owned();
    assert!(shown.contains("files:\n  - \"politica.md\"\n"), "{shown}");
    assert_eq!(shown.matches("  - id: ").count(), 2, "{shown}");
    assert!(shown.contains(&format!("ref: \"{last}\"")), "{shown}");
}

#[test]
fn init_refuses_what_it_cannot_adopt() {
    let outside = tempfile::tempdir().unwrap();
    let run = cotejo_in(outside.path(), &["init"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not inside a git repository"),
        "{}",
        run.stderr
    );

    let repo = TestRepo::new();
    repo.commit("solo un README", &[("README.md", "# Hola\n")]);
    let run = repo.cotejo(&["init"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no Markdown document"),
        "{}",
        run.stderr
    );

    let repo = TestRepo::new();
    repo.commit("uno", &[("politica.md", "# P\n")]);
    repo.write("policy/pnda.yaml", "title: x\n");
    let run = repo.cotejo(&["init"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already there"), "{}", run.stderr);
}

/// Drafts written on a branch and brought in by a `--no-ff` merge: HEAD's
/// first-parent line holds only the first draft and the merge, but every
/// draft is proposed, at its own commit, oldest first, and the merge (which
/// took the branch's text as it was) is not one of them.
#[test]
fn drafts_that_arrived_through_a_no_ff_merge_are_proposed() {
    let repo = TestRepo::new();
    let doc = |alcance: &str| format!("# Política\n\n## 1. Alcance\n\n{alcance}\n");
    let first = repo.commit("Primer borrador", &[("politica.md", &doc("Uno."))]);
    let ((second, third), _) = repo.branch_and_merge(
        "revision",
        |r| {
            let second = r.commit("Segundo borrador", &[("politica.md", &doc("Uno. Dos."))]);
            r.commit("retoque", &[("politica.md", &doc("Uno. Dos. Tres."))]);
            let third = r.commit(
                "Tercer borrador",
                &[("politica.md", &doc("Uno, dos y tres."))],
            );
            (second, third)
        },
        |r| r.commit("README", &[("README.md", "# Repositorio\n")]),
    );
    let shown = repo.cotejo(&["init"]).ok().to_owned();
    let refs: Vec<&str> = shown
        .lines()
        .filter_map(|l| l.trim().strip_prefix("ref: "))
        .collect();
    let expected: Vec<String> = [first, second, third]
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect();
    assert_eq!(refs, expected, "{shown}");
    let ids: Vec<&str> = shown
        .lines()
        .filter_map(|l| l.strip_prefix("  - id: "))
        .collect();
    assert_eq!(
        ids,
        ["\"borrador-1\"", "\"borrador-2\"", "\"borrador-3\""],
        "{shown}"
    );
    // The same repository, the same proposal.
    assert_eq!(repo.cotejo(&["init"]).ok(), shown);

    // Without a draft's name in any message, the first and the last change
    // are the first commit and the branch's last, not the merge.
    let plain = TestRepo::new();
    let first = plain.commit("uno", &[("politica.md", &doc("Uno."))]);
    let (last, _) = plain.branch_and_merge(
        "rama",
        |r| {
            r.commit("dos", &[("politica.md", &doc("Uno. Dos."))]);
            r.commit("tres", &[("politica.md", &doc("Uno. Dos. Tres."))])
        },
        |r| r.commit("otro", &[("otro.txt", "Otro.\n")]),
    );
    let shown = plain.cotejo(&["init"]).ok().to_owned();
    let refs: Vec<&str> = shown
        .lines()
        .filter_map(|l| l.trim().strip_prefix("ref: "))
        .collect();
    assert_eq!(
        refs,
        [format!("\"{first}\""), format!("\"{last}\"")],
        "{shown}"
    );
}
