//! Reading only what it should (issue 12): no input that is not a regular file
//! is opened, no path of the manifest and no symbolic link leaves the
//! repository, a stand-in for the text (an LFS pointer, UTF-16) is named as
//! such, a shallow history says it is cut, a lone `\r` ends a line, a large
//! consultation is read and a YAML bomb is not; and every message says what is
//! wrong in the reader's terms, with the next step.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{Run, TestRepo, cotejo_in, git};

const DOC: &str =
    "# Política\n\n## Objetivo\n\nTexto del objetivo.\n\n## Alcance\n\nTexto del alcance.\n";

fn manifest(extra: &str, reference: &str) -> String {
    format!(
        "title: Prueba\nfiles:\n  - doc.md\n{extra}drafts:\n  - id: b1\n    title: Uno\n    \
         date: 2022-01-01\n    stage: Grupo Técnico\n    ref: {reference}\n"
    )
}

/// A repository with the document committed and a manifest (uncommitted)
/// naming that commit as draft `b1`.
fn project(extra: &str) -> TestRepo {
    let repo = TestRepo::new();
    let c = repo.commit("doc", &[("policy/doc.md", DOC)]);
    repo.write("policy/pnda.yaml", manifest(extra, &c.to_string()));
    repo
}

/// Runs cotejo, killing it after a few seconds: a test of something that used
/// to hang fails instead of hanging.
fn cotejo_within(dir: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cotejo"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cotejo");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().expect("kill");
            child.wait().expect("wait");
            panic!("cotejo {args:?} still ran after 20 s: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    }
}

/// Makes a FIFO at `path`; `false` (with a printed line) where the system has
/// no `mkfifo`.
fn mkfifo(path: &Path) -> bool {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        println!("skipped: no mkfifo on this system");
    }
    made
}

#[test]
fn a_fifo_as_the_manifest_is_refused_without_waiting() {
    let repo = project("");
    let fifo = repo.path().join("pnda-fifo.yaml");
    if !mkfifo(&fifo) {
        return;
    }
    let run = cotejo_within(repo.path(), &["drafts", "--manifest", "pnda-fifo.yaml"]);
    let err = run.error();
    assert!(
        err.contains("pnda-fifo.yaml is a named pipe (FIFO), not a regular file"),
        "{err}"
    );
}

#[test]
fn a_fifo_as_a_document_file_in_the_worktree_is_refused_without_waiting() {
    let repo = project("");
    std::fs::remove_file(repo.path().join("policy/doc.md")).unwrap();
    if !mkfifo(&repo.path().join("policy/doc.md")) {
        return;
    }
    let run = cotejo_within(repo.path(), &["diff", "b1", "WORKTREE"]);
    let err = run.error();
    assert!(err.contains("doc.md is a named pipe (FIFO)"), "{err}");
}

#[test]
fn diff_says_what_a_path_is_when_it_is_not_a_file() {
    let repo = project("");
    let err = repo.cotejo(&["diff", "policy", "b1"]).error().to_owned();
    assert!(
        err.contains("policy is a folder, not a regular file"),
        "{err}"
    );
    if mkfifo(&repo.path().join("pipe.md")) {
        let run = cotejo_within(repo.path(), &["diff", "pipe.md", "b1"]);
        assert!(run.error().contains("pipe.md is a named pipe (FIFO)"));
    }
    // Outside any repository: a missing file is said to be missing.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("b.md"), DOC).unwrap();
    let run = cotejo_in(outside.path(), &["diff", "nothere.md", "b.md"]);
    let err = run.error();
    assert!(err.contains("`nothere.md` is not a file in"), "{err}");
    assert!(err.contains("(no such file)"), "{err}");
    std::fs::create_dir(outside.path().join("carpeta")).unwrap();
    let err = cotejo_in(outside.path(), &["diff", "carpeta", "b.md"])
        .error()
        .to_owned();
    assert!(err.contains("carpeta is a folder"), "{err}");
    assert!(!err.contains("not inside a git repository"), "{err}");
}

#[test]
fn consultation_and_notes_are_held_to_the_manifests_folder() {
    for (extra, line) in [
        ("consultation: /etc/passwd\n", 4),
        ("notes: ../../etc\n", 4),
        ("notes: notas\nconsultation: ../../x.yaml\n", 5),
    ] {
        let repo = project(extra);
        let err = repo.cotejo(&["drafts"]).error().to_owned();
        assert!(
            err.contains(&format!("pnda.yaml:{line}:")),
            "{extra}: {err}"
        );
        assert!(
            err.contains("must be a relative path inside the manifest's folder"),
            "{err}"
        );
    }
}

/// A file outside every repository of the test, to link to.
fn outside_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secreto.md");
    std::fs::write(&path, "# Secreto\n\nroot:x:0:0\n").unwrap();
    (dir, path)
}

#[cfg(unix)]
#[test]
fn a_document_linked_outside_the_repository_is_refused_in_the_worktree() {
    let (_dir, secret) = outside_file();
    let repo = project("");
    std::fs::remove_file(repo.path().join("policy/doc.md")).unwrap();
    std::os::unix::fs::symlink(&secret, repo.path().join("policy/doc.md")).unwrap();
    let err = repo.cotejo(&["diff", "b1", "WORKTREE"]).error().to_owned();
    assert!(err.contains("is a symbolic link to"), "{err}");
    assert!(err.contains("outside the repository"), "{err}");
    assert!(!err.contains("root:x"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_committed_link_outside_the_repository_is_refused_not_diffed_as_its_text() {
    let (_dir, secret) = outside_file();
    let repo = TestRepo::new();
    std::fs::create_dir_all(repo.path().join("policy")).unwrap();
    std::os::unix::fs::symlink(&secret, repo.path().join("policy/doc.md")).unwrap();
    let absolute = repo.commit("absolute link", &[]);
    std::fs::remove_file(repo.path().join("policy/doc.md")).unwrap();
    std::os::unix::fs::symlink(
        "../../../../../../etc/passwd",
        repo.path().join("policy/doc.md"),
    )
    .unwrap();
    let climbing = repo.commit("relative link", &[]);
    for commit in [absolute, climbing] {
        repo.write("policy/pnda.yaml", manifest("", &commit.to_string()));
        let err = repo.cotejo(&["drafts"]).error().to_owned();
        assert!(err.contains("`policy/doc.md` at b1"), "{err}");
        assert!(err.contains("outside the repository"), "{err}");
        let err = repo.cotejo(&["blame", "--all-commits"]).error().to_owned();
        assert!(err.contains("outside the repository"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_repository_is_followed_alike_in_the_worktree_and_at_a_commit() {
    let repo = TestRepo::new();
    repo.write("textos/politica.md", DOC);
    std::fs::create_dir_all(repo.path().join("policy")).unwrap();
    std::os::unix::fs::symlink("../textos/politica.md", repo.path().join("policy/doc.md")).unwrap();
    let c = repo.commit("linked document", &[]);
    repo.write("policy/pnda.yaml", manifest("", &c.to_string()));
    let json = repo
        .cotejo(&["diff", "b1", "WORKTREE", "--format", "json"])
        .json();
    assert_eq!(json["old"]["sha256"], json["new"]["sha256"], "{json}");
    let text = repo.cotejo(&["diff", "b1", "WORKTREE"]).ok().to_owned();
    assert!(text.contains("0 modified"), "{text}");
    let drafts = repo.cotejo(&["drafts"]).ok().to_owned();
    assert!(
        drafts.contains("   3 "),
        "the linked text's 3 sections: {drafts}"
    );
}

const LFS_POINTER: &str = "version https://git-lfs.github.com/spec/v1\n\
    oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n\
    size 12345\n";

#[test]
fn an_lfs_pointer_is_named_with_the_fix_not_diffed() {
    let repo = TestRepo::new();
    let c = repo.commit("pointer", &[("policy/doc.md", LFS_POINTER)]);
    repo.write("policy/pnda.yaml", manifest("", &c.to_string()));
    let err = repo.cotejo(&["diff", "b1", "WORKTREE"]).error().to_owned();
    assert!(err.contains("is a Git LFS pointer"), "{err}");
    assert!(err.contains("git lfs"), "{err}");
    // On disk: fetch the file.
    repo.write("policy/doc.md", DOC);
    repo.write("policy/otro.md", LFS_POINTER);
    let err = repo
        .cotejo(&["diff", "policy/doc.md", "policy/otro.md"])
        .error()
        .to_owned();
    assert!(err.contains("otro.md is a Git LFS pointer"), "{err}");
    assert!(err.contains("git lfs pull"), "{err}");
    assert!(err.contains("git lfs install && git lfs checkout"), "{err}");
}

#[test]
fn a_declared_consultation_that_is_missing_stops_the_site() {
    let repo = project("consultation: consulta/comentarios.yaml\n");
    let run = repo.cotejo(&["site", "-o", "sitio"]);
    let err = run.error();
    assert!(err.contains("pnda.yaml:4: the consultation file"), "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert!(!repo.path().join("sitio").exists(), "no site written");
}

/// A declared notes folder that is missing silences every note: `check`
/// says so (the other commands read the drafts without notes, as before the
/// first note is written).
#[test]
fn check_names_a_declared_notes_folder_that_is_missing() {
    let repo = project("notes: notas\n");
    let err = repo.cotejo(&["check"]).error().to_owned();
    assert!(err.contains("pnda.yaml:4: the notes folder"), "{err}");
    assert!(err.contains("notas does not exist"), "{err}");
    // The folder, even empty, is enough: a draft may have no notes.
    std::fs::create_dir(repo.path().join("policy/notas")).unwrap();
    repo.cotejo(&["check"]).ok();
}

#[test]
fn a_shallow_history_says_where_it_is_cut_and_how_to_fetch_the_rest() {
    let repo = TestRepo::new();
    repo.commit("uno", &[("policy/doc.md", DOC)]);
    let cut = repo.commit(
        "dos",
        &[("policy/doc.md", &DOC.replace("objetivo.", "objetivo, dos."))],
    );
    let last = repo.commit(
        "tres",
        &[("policy/doc.md", &DOC.replace("alcance.", "alcance, tres."))],
    );
    repo.write("policy/pnda.yaml", manifest("", &last.to_string()));
    let full = repo.cotejo(&["blame", "--all-commits"]);
    assert!(!full.ok().contains("shallow"), "{}", full.stdout);
    assert!(!full.stderr.contains("shallow"), "{}", full.stderr);
    // What a shallow clone leaves: `.git/shallow` names the commit whose
    // parents are absent, and git reads it as having none.
    std::fs::write(repo.path().join(".git/shallow"), format!("{cut}\n")).unwrap();
    let short = &cut.to_string()[..12];
    for args in [
        &["blame", "--all-commits"][..],
        &["history", "objetivo", "--all-commits"][..],
    ] {
        let run = repo.cotejo(args);
        let out = run.ok();
        assert!(
            out.contains(&format!("the history stops at commit {short}")),
            "{out}"
        );
        assert!(out.contains("git fetch --unshallow"), "{out}");
        assert!(
            run.stderr
                .contains("cotejo: warning: this clone is shallow"),
            "{}",
            run.stderr
        );
    }
    // The site's section pages say it too, where a reader sees the history.
    let run = repo.cotejo(&["site", "--all-commits", "-o", "sitio"]);
    run.ok();
    assert!(
        run.stderr.contains("this clone is shallow"),
        "{}",
        run.stderr
    );
    let page = std::fs::read_to_string(repo.path().join("sitio/secciones/objetivo.html")).unwrap();
    assert!(
        page.contains("copia superficial") && page.contains(short),
        "{page}"
    );
    assert!(page.contains("git fetch --unshallow"), "{page}");
}

/// A real shallow clone of a history whose first-parent line is whole (it
/// reaches the root) while a branch a `--no-ff` merge brought in is cut: the
/// cut is said, at the branch's commit, as a cut of the first-parent line is.
#[test]
fn a_shallow_cut_reached_through_a_merge_is_reported() {
    let origin = TestRepo::new();
    let root = origin.commit("uno", &[("policy/doc.md", DOC)]);
    let (branch, _) = origin.branch_and_merge(
        "rama",
        |r| {
            (1..=4)
                .map(|k| {
                    let text = DOC.replace("alcance.", &format!("alcance, paso {k}."));
                    r.commit(&format!("paso {k}"), &[("policy/doc.md", &text)])
                })
                .collect::<Vec<_>>()
        },
        |r| r.commit("notas", &[("notas.txt", "Notas.\n")]),
    );
    let head = origin.repo.head().unwrap().target().unwrap();
    // Depth 4: the main line (merge, notas, uno) is whole; the branch keeps
    // paso 4, 3 and 2, and paso 2 is listed as cut.
    let dir = tempfile::tempdir().unwrap();
    let clone = dir.path().join("c");
    let url = format!("file://{}", origin.path().display());
    git(
        dir.path(),
        &["clone", "-q", "--depth", "4", &url, clone.to_str().unwrap()],
    );
    let listed = std::fs::read_to_string(clone.join(".git/shallow")).unwrap();
    let cut = branch[1].to_string();
    assert_eq!(
        listed.trim(),
        cut,
        "the clone is cut where the test means it"
    );
    assert!(!listed.contains(&root.to_string()));
    std::fs::write(
        clone.join("policy/pnda.yaml"),
        manifest("", &head.to_string()),
    )
    .unwrap();
    let short = &cut[..12];
    for args in [
        &["blame", "--all-commits"][..],
        &["history", "alcance", "--all-commits"][..],
    ] {
        let run = cotejo_in(&clone, args);
        let out = run.ok();
        assert!(
            out.contains(&format!("the history stops at commit {short}")),
            "{out}"
        );
        assert!(out.contains("git fetch --unshallow"), "{out}");
        assert!(
            run.stderr
                .contains("cotejo: warning: this clone is shallow"),
            "{}",
            run.stderr
        );
    }
    // The full history says nothing of a cut.
    origin.write("policy/pnda.yaml", manifest("", &head.to_string()));
    let full = origin.cotejo(&["blame", "--all-commits"]);
    assert!(!full.ok().contains("shallow"), "{}", full.stdout);
    assert!(!full.stderr.contains("shallow"), "{}", full.stderr);
}

#[test]
fn lone_carriage_returns_end_lines_in_the_diff_and_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let old = "# T\r\r## A\r\rtexto uno\r\rsegundo párrafo\r\r## B\r\rtexto dos\rlínea dos\r";
    let new = old
        .replace("texto uno", "texto uno cambiado")
        .replace("línea dos", "línea tres");
    std::fs::write(dir.path().join("old.md"), old).unwrap();
    std::fs::write(dir.path().join("new.md"), new).unwrap();
    let text = cotejo_in(
        dir.path(),
        &["diff", "old.md", "new.md", "--color", "never"],
    );
    let text = text.ok();
    assert!(text.contains("2 modified, 0 moved, 0 renamed"), "{text}");
    assert!(text.contains("@@ T › A (line 3) @@"), "{text}");
    assert!(text.contains("@@ T › B (line 9) @@"), "{text}");
    assert!(text.contains("texto uno{+ cambiado+}\n"), "{text}");
    assert!(text.contains("\nlínea [-dos-]{+tres+}\n"), "{text}");
    assert!(
        !text.contains("segundo"),
        "unchanged lines are folded: {text}"
    );
    let json = cotejo_in(
        dir.path(),
        &["diff", "old.md", "new.md", "--format", "json"],
    )
    .json();
    assert_eq!(json["new"]["sections"], 3, "{json}");
    assert_eq!(json["summary"]["modified"], 2, "{json}");
    cotejo_in(dir.path(), &["report", "old.md", "new.md", "-o", "r.html"]).ok();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(html.contains("<p>segundo párrafo"), "its own paragraph");
    assert!(!html.contains("T ## A"), "no heading swallows the text");
}

fn consultation(comments: usize) -> String {
    let mut out = String::from(
        "consultation:\n  title: Consulta\n  draft: b1\n  result: b1\n  opened: 2022-01-01\n  \
         closed: 2022-02-01\ncomments:\n",
    );
    for k in 0..comments {
        out += &format!(
            "  - folio: CP-{k:05}\n    date: 2022-01-15\n    participant: persona\n    \
             section: objetivo\n    text: \"Comentario {k}.\"\n    outcome: no-procedente\n    \
             response: \"Gracias.\"\n"
        );
    }
    out
}

#[test]
fn a_consultation_of_tens_of_thousands_of_comments_is_read() {
    let repo = project("consultation: consulta/comentarios.yaml\n");
    repo.write("policy/consulta/comentarios.yaml", consultation(20_000));
    let out = repo.cotejo(&["check"]).ok().to_owned();
    assert!(out.contains("20000 comment"), "{out}");
}

#[test]
fn a_yaml_bomb_is_refused_in_the_readers_terms() {
    // One long text anchored, then aliased by every comment: a file of 1 MB
    // that reads as 300 MB of text (aliases nested in lists are refused the
    // same way: see the unit tests of `yaml`).
    let repo = project("consultation: consulta/comentarios.yaml\n");
    let long = "x".repeat(1 << 20);
    let mut bomb = consultation(1).replace("\"Comentario 0.\"", &format!("&a \"{long}\""));
    for k in 1..300 {
        bomb += &format!(
            "  - folio: CP-{k:05}\n    date: 2022-01-15\n    participant: persona\n    \
             section: objetivo\n    text: *a\n    outcome: no-procedente\n    response: x\n"
        );
    }
    repo.write("policy/consulta/comentarios.yaml", bomb);
    // Refused by counting aliases, not by a clock: no timing assertion here
    // (one that can flake under load); the message says which rule refused it.
    let run = repo.cotejo(&["check"]);
    let err = run.error();
    assert!(err.contains("comentarios.yaml:"), "{err}");
    assert!(err.contains("aliases (`*name`)"), "{err}");
    assert!(!err.contains("budget"), "{err}");
    assert!(!err.contains("ScalarBytes"), "{err}");
}

#[test]
fn yaml_errors_speak_of_the_file_not_of_the_parser() {
    let base = manifest("", "HEAD");
    let cases = [
        (
            format!("{base}title: Otra\n"),
            "`title` is written twice here",
        ),
        (
            format!("{base}---\ntitle: Otra\n"),
            "more than one YAML document",
        ),
        (
            base.replace("title: Prueba", "title:"),
            "a value is missing here",
        ),
        (
            base.replace("title: Prueba", "titulo: Prueba"),
            "unknown key `titulo`",
        ),
        (base.replace("  - doc.md", "  doc.md"), "expected a list"),
    ];
    for (text, expected) in cases {
        let repo = project("");
        repo.write("policy/pnda.yaml", &text);
        let err = repo.cotejo(&["drafts"]).error().to_owned();
        assert!(err.contains(expected), "{expected}: {err}");
        assert!(err.contains("pnda.yaml:"), "{err}");
        for internal in [
            "DuplicateKeyPolicy",
            "from_str_multiple",
            "Option<String>",
            "budget breached",
        ] {
            assert!(!err.contains(internal), "{err}");
        }
    }
}

#[test]
fn a_command_outside_a_project_says_where_to_run_it() {
    let outside = tempfile::tempdir().unwrap();
    let err = cotejo_in(outside.path(), &["drafts"]).error().to_owned();
    assert!(err.contains("`cotejo drafts` needs the manifest"), "{err}");
    assert!(err.contains("--manifest PATH"), "{err}");
    assert!(!err.contains("drafts:path"), "{err}");
}

#[test]
fn a_tree_or_a_blob_is_said_not_to_be_a_commit() {
    let repo = project("");
    let head = repo.repo.head().unwrap().peel_to_commit().unwrap();
    let tree = head.tree_id().to_string();
    let blob = head
        .tree()
        .unwrap()
        .get_path(Path::new("policy/doc.md"))
        .unwrap()
        .id()
        .to_string();
    for (object, kind) in [(&tree, "tree"), (&blob, "blob")] {
        let err = repo.cotejo(&["diff", object, "b1"]).error().to_owned();
        assert!(err.contains(&format!("names a git {kind}")), "{err}");
        assert!(!err.contains("unshallow"), "{err}");
        repo.write("policy/pnda.yaml", manifest("", object));
        let err = repo.cotejo(&["drafts"]).error().to_owned();
        assert!(err.contains(&format!("which is a git {kind}")), "{err}");
        assert!(!err.contains("unshallow"), "{err}");
        repo.write("policy/pnda.yaml", manifest("", &head.id().to_string()));
    }
}

#[test]
fn utf16_is_called_utf16_with_the_command_that_converts_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), DOC).unwrap();
    let le: Vec<u8> = "\u{feff}# Política\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let be_no_bom: Vec<u8> = "# Política\n\nTexto.\n"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    for (bytes, encoding) in [(le, "UTF-16LE"), (be_no_bom, "UTF-16BE")] {
        std::fs::write(dir.path().join("b.md"), bytes).unwrap();
        let err = cotejo_in(dir.path(), &["diff", "a.md", "b.md"])
            .error()
            .to_owned();
        assert!(err.contains(&format!("is UTF-16 ({encoding})")), "{err}");
        assert!(
            err.contains(&format!("iconv -f {encoding} -t UTF-8")),
            "{err}"
        );
        assert!(!err.contains("LATIN1"), "{err}");
    }
}
