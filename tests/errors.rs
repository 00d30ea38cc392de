//! Bad input: every case exits 2 with one clear paragraph naming what, where and
//! what to do; no panic; the repository is left as it was.

mod support;

use support::{TestRepo, cotejo_in};

const DOC: &str = "# 1. Uno\n\nTexto.\n";

fn manifest(refs: &[(&str, &str)]) -> String {
    let mut m = String::from("title: Prueba\nfiles:\n  - doc.md\ndrafts:\n");
    for (id, r) in refs {
        m += &format!(
            "  - id: {id}\n    title: T\n    date: 2022-01-01\n    stage: Grupo Técnico\n    ref: {r}\n"
        );
    }
    m
}

fn repo_with_manifest(refs: &[(&str, &str)]) -> TestRepo {
    let repo = TestRepo::new();
    repo.commit("doc", &[("policy/doc.md", DOC)]);
    repo.write("policy/pnda.yaml", manifest(refs));
    repo
}

#[test]
fn unknown_version_lists_the_drafts() {
    let repo = TestRepo::new();
    let c = repo.commit("doc", &[("policy/doc.md", DOC)]);
    repo.write(
        "policy/pnda.yaml",
        manifest(&[("borrador-1", &c.to_string())]),
    );
    let before = repo.fingerprint();
    let run = repo.cotejo(&["diff", "borrador-9", "borrador-1"]);
    let err = run.error();
    assert!(err.contains("`borrador-9`"), "{err}");
    assert!(err.contains("borrador-1"), "{err}");
    assert!(
        err.contains("cotejo drafts") && err.contains("git tag"),
        "{err}"
    );
    assert_eq!(repo.fingerprint(), before);
}

#[test]
fn missing_commit_says_how_to_fetch() {
    let repo = repo_with_manifest(&[("borrador-1", "0123456789abcdef0123456789abcdef01234567")]);
    let err = repo
        .cotejo(&["diff", "borrador-1", "WORKTREE"])
        .error()
        .to_owned();
    assert!(err.contains("draft `borrador-1`"), "{err}");
    assert!(err.contains("pnda.yaml, line 9"), "{err}");
    assert!(err.contains("git fetch --unshallow"), "{err}");
}

#[test]
fn shallow_clone_gives_the_fetch_hint() {
    let origin = TestRepo::new();
    let first = origin.commit("one", &[("policy/doc.md", DOC)]);
    origin.commit("two", &[("policy/doc.md", "# 1. Uno\n\nOtro texto.\n")]);
    let head = origin.commit(
        "manifest",
        &[(
            "policy/pnda.yaml",
            &manifest(&[("borrador-1", &first.to_string())]),
        )],
    );
    let clone_dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    let status = std::process::Command::new("git")
        .args(["clone", "--quiet", "--depth", "1", &url])
        .arg(clone_dir.path().join("c"))
        .status()
        .unwrap();
    assert!(status.success());
    let run = cotejo_in(
        &clone_dir.path().join("c"),
        &["diff", "borrador-1", &head.to_string()],
    );
    let err = run.error();
    assert!(
        err.contains(&first.to_string()) && err.contains("shallow"),
        "{err}"
    );
}

#[test]
fn missing_file_at_revision() {
    let repo = TestRepo::new();
    repo.commit("doc", &[("doc.md", DOC)]);
    let err = repo
        .cotejo(&["diff", "HEAD:nada.md", "HEAD:doc.md"])
        .error()
        .to_owned();
    assert!(
        err.contains("`nada.md` does not exist at HEAD:nada.md"),
        "{err}"
    );
    assert!(err.contains("git ls-tree"), "{err}");
}

#[test]
fn manifest_file_missing_at_draft() {
    let repo = TestRepo::new();
    let c = repo.commit("other", &[("policy/otro.md", DOC)]);
    repo.write(
        "policy/pnda.yaml",
        manifest(&[("borrador-1", &c.to_string())]),
    );
    let err = repo.cotejo(&["drafts"]).error().to_owned();
    assert!(
        err.contains("`policy/doc.md` does not exist at borrador-1"),
        "{err}"
    );
}

#[test]
fn not_utf8_names_offset_and_line() {
    let repo = TestRepo::new();
    repo.write("latin1.md", b"# T\xedtulo\n\nPol\xedtica\n".as_slice());
    repo.write("ok.md", DOC);
    let err = repo
        .cotejo(&["diff", "latin1.md", "ok.md"])
        .error()
        .to_owned();
    assert!(
        err.contains("latin1.md is not valid UTF-8: invalid byte at offset 3 (line 1)"),
        "{err}"
    );
    repo.commit("latin", &[]);
    let err = repo
        .cotejo(&["diff", "HEAD:latin1.md", "ok.md"])
        .error()
        .to_owned();
    assert!(
        err.contains("`latin1.md` at HEAD:latin1.md (commit"),
        "{err}"
    );
}

#[test]
fn manifest_syntax_and_unknown_keys() {
    let repo = TestRepo::new();
    repo.write("doc.md", DOC);
    repo.write(
        "policy/pnda.yaml",
        "title: Prueba\nfiles: [doc.md\ndrafts: []\n",
    );
    let err = repo
        .cotejo(&["diff", "doc.md", "doc.md"])
        .error()
        .to_owned();
    assert!(err.contains("pnda.yaml:"), "{err}");
    assert!(err.contains("the manifest does not parse"), "{err}");
    repo.write(
        "policy/pnda.yaml",
        "title: Prueba\nfiles: [doc.md]\nborradores: []\n",
    );
    let err = repo.cotejo(&["drafts"]).error().to_owned();
    assert!(err.contains("pnda.yaml:3:"), "{err}");
    assert!(err.contains("borradores"), "{err}");
}

#[test]
fn manifest_duplicate_draft_names_the_line() {
    let repo = repo_with_manifest(&[("b1", "HEAD"), ("b1", "HEAD")]);
    let err = repo.cotejo(&["drafts"]).error().to_owned();
    assert!(
        err.contains("pnda.yaml:10: draft id `b1` is declared twice (first at line 5)"),
        "{err}"
    );
}

#[test]
fn not_a_repository() {
    let dir = tempfile::tempdir().unwrap();
    let err = cotejo_in(dir.path(), &["diff", "HEAD~1", "HEAD"])
        .error()
        .to_owned();
    assert!(err.contains("is not inside a git repository"), "{err}");
    assert!(err.contains("cotejo diff OLD.md NEW.md"), "{err}");
}

#[test]
fn drafts_without_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let err = cotejo_in(dir.path(), &["drafts"]).error().to_owned();
    assert!(err.contains("needs the manifest"), "{err}");
    assert!(err.contains("--manifest"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = cotejo_in(dir.path(), &["diff", "only-one"]);
    assert_eq!(run.code, 2);
    let run = cotejo_in(dir.path(), &["diff", "a", "b", "--format", "pdf"]);
    assert_eq!(run.code, 2);
}
