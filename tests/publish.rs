//! `docs/ci/publish.sh`, the publishing recipe's one script, run as CI runs it:
//! a repository pushed to a local bare repository, cloned, built and
//! published — into a folder (what GitHub Actions Pages and GitLab Pages
//! upload) and as a `pages` branch pushed back to the bare repository — then
//! again after a new draft is pushed. The recipes themselves
//! (`docs/ci/github-pages.yml`, `docs/ci/gitlab-pages.yml`) are read as YAML:
//! each runs the script and nothing of its own, on the triggers and with the
//! whole history it needs.
//!
//! The script prints PDFs, so it needs Chromium: without one the tests that
//! run it are skipped, with a message, except in CI (`CI` set), where
//! tests/run.sh installs it and its absence fails them. They also need `git`
//! and `bash`, as the recipes do.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{TestRepo, chromium_found};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn script() -> PathBuf {
    root().join("docs/ci/publish.sh")
}

/// True when Chromium is here; false (skip, said) when not, except in CI.
fn printing() -> bool {
    let ok = chromium_found();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs Chromium to publish the PDFs: apt-get install chromium"
        );
        eprintln!("skipped: Chromium is not installed (docs/ci/publish.sh prints PDFs)");
    }
    ok
}

/// Runs `git` in `dir`; panics with its output when it fails.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Runs publish.sh in `dir` with the cotejo under test, and `env` added.
fn publish(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new("bash");
    cmd.arg(script())
        .args(args)
        .current_dir(dir)
        .env("COTEJO", env!("CARGO_BIN_EXE_cotejo"))
        .env("GIT_CONFIG_NOSYSTEM", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("bash runs")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "publish.sh failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Every file under `dir`, by its path from `dir` (with `/`), and its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, into: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, into);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                into.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut map = BTreeMap::new();
    walk(dir, dir, &mut map);
    map
}

const DRAFTS: [(&str, &str, &str); 3] = [
    (
        "borrador-1",
        "Primer borrador",
        "# Política de ejemplo\n\n## 1. Introducción\n\nEl primer texto de la política.\n\n\
         ## 2. Objetivos\n\nPublicar datos abiertos.\n",
    ),
    (
        "borrador-2",
        "Segundo borrador",
        "# Política de ejemplo\n\n## 1. Introducción\n\nEl texto revisado de la política.\n\n\
         ## 2. Objetivos\n\nPublicar datos abiertos de calidad.\n\n## 3. Glosario\n\nTérminos.\n",
    ),
    (
        "borrador-3",
        "Tercer borrador",
        "# Política de ejemplo\n\n## 1. Introducción\n\nEl texto revisado de la política.\n\n\
         ## 2. Objetivos\n\nPublicar datos abiertos de calidad, con metadatos.\n\n\
         ## 3. Glosario\n\nTérminos usados.\n",
    ),
];

/// The manifest of the first `n` drafts, whose commits are `commits`.
fn manifest(commits: &[String]) -> String {
    let mut m = String::from(
        "title: Política de ejemplo\nlanguage: es\nfiles:\n  - doc/politica.md\ndrafts:\n",
    );
    for (k, commit) in commits.iter().enumerate() {
        let (id, title, _) = DRAFTS[k];
        m += &format!(
            "  - id: {id}\n    title: {title}\n    date: 2022-0{}-01\n    stage: Etapa {}\n    ref: {commit}\n",
            k + 1,
            k + 1
        );
    }
    m
}

/// Commits draft `k` of DRAFTS, then the manifest that declares drafts 0..=k.
fn add_draft(repo: &TestRepo, commits: &mut Vec<String>, k: usize) {
    let (id, _, text) = DRAFTS[k];
    commits.push(
        repo.commit(id, &[("policy/doc/politica.md", text)])
            .to_string(),
    );
    repo.commit(
        &format!("manifest: {id}"),
        &[("policy/pnda.yaml", &manifest(commits))],
    );
}

/// The place CI works in: a repository with two drafts pushed to a bare
/// repository (the "remote"), and a clone of it (the CI checkout).
struct Remote {
    work: TestRepo,
    commits: Vec<String>,
    _dir: tempfile::TempDir,
    bare: PathBuf,
    checkout: PathBuf,
    out: PathBuf,
}

impl Remote {
    fn new() -> Remote {
        let work = TestRepo::new();
        let mut commits = Vec::new();
        add_draft(&work, &mut commits, 0);
        add_draft(&work, &mut commits, 1);
        let dir = tempfile::tempdir().unwrap();
        let bare = dir.path().join("politica.git");
        git(
            dir.path(),
            &["init", "--quiet", "--bare", bare.to_str().unwrap()],
        );
        git(
            work.path(),
            &[
                "push",
                "--quiet",
                bare.to_str().unwrap(),
                "HEAD:refs/heads/main",
            ],
        );
        let checkout = dir.path().join("checkout");
        git(
            dir.path(),
            &[
                "clone",
                "--quiet",
                "--branch",
                "main",
                bare.to_str().unwrap(),
                checkout.to_str().unwrap(),
            ],
        );
        let out = dir.path().join("public");
        Remote {
            work,
            commits,
            _dir: dir,
            bare,
            checkout,
            out,
        }
    }

    fn bare_git(&self, args: &[&str]) -> String {
        git(&self.bare, args)
    }
}

/// What the published folder must hold for `drafts` drafts, with the site
/// byte for byte as `cotejo site` writes it in the checkout.
fn assert_published(remote: &Remote, drafts: usize) {
    let published = files(&remote.out);
    for (id, ..) in &DRAFTS[..drafts] {
        let page = format!("borradores/{id}.html");
        assert!(
            published.contains_key(&page),
            "no {page}: {:?}",
            published.keys()
        );
    }
    for pair in DRAFTS[..drafts].windows(2) {
        let page = format!("comparaciones/{}--{}.html", pair[0].0, pair[1].0);
        assert!(published.contains_key(&page), "no {page}");
    }
    for pdf in ["descargas/historial.pdf", "descargas/expediente.pdf"] {
        assert!(published[pdf].starts_with(b"%PDF-"), "{pdf} is not a PDF");
    }
    // The dossier reviews the last draft.
    let dossier = String::from_utf8_lossy(&published["descargas/expediente.html"]);
    assert!(
        dossier.contains(DRAFTS[drafts - 1].1),
        "the dossier does not name «{}»",
        DRAFTS[drafts - 1].1
    );
    assert!(published.contains_key(".nojekyll"));

    // The site is cotejo's, untouched: the same bytes as a run of its own.
    let fresh = tempfile::tempdir().unwrap();
    let site = fresh.path().join("sitio");
    support::cotejo_in(&remote.checkout, &["site", "-o", site.to_str().unwrap()]).ok();
    for (path, bytes) in files(&site) {
        assert_eq!(
            published.get(&path),
            Some(&bytes),
            "{path} differs from `cotejo site`'s"
        );
    }
}

#[test]
fn publishes_into_a_folder_and_a_pages_branch_and_again_on_a_new_draft() {
    if !printing() {
        return;
    }
    let remote = Remote::new();
    let main_before = remote.bare_git(&["rev-parse", "refs/heads/main"]);
    let head_before = git(&remote.checkout, &["rev-parse", "HEAD"]);

    let stdout = ok(&publish(
        &remote.checkout,
        &["--out", remote.out.to_str().unwrap(), "--branch", "pages"],
        &[],
    ));
    assert_eq!(stdout, format!("{}\norigin pages\n", remote.out.display()));
    assert_published(&remote, 2);

    // The branch holds exactly the published folder.
    let listed = remote.bare_git(&["ls-tree", "-r", "--name-only", "pages"]);
    let listed: std::collections::BTreeSet<&str> = listed.lines().collect();
    let on_disk = files(&remote.out);
    assert_eq!(listed, on_disk.keys().map(String::as_str).collect());
    let index = remote.bare_git(&["show", "pages:index.html"]);
    assert_eq!(index.as_bytes(), on_disk["index.html"].trim_ascii_end());
    let first = remote.bare_git(&["rev-parse", "refs/heads/pages"]);

    // Nothing else changed: the remote's main, the checkout's HEAD, index and files.
    assert_eq!(
        remote.bare_git(&["rev-parse", "refs/heads/main"]),
        main_before
    );
    assert_eq!(git(&remote.checkout, &["rev-parse", "HEAD"]), head_before);
    assert_eq!(
        git(&remote.checkout, &["status", "--porcelain", "--ignored"]),
        ""
    );

    // Published again with nothing new: the branch does not move.
    ok(&publish(&remote.checkout, &["--branch", "pages"], &[]));
    assert_eq!(remote.bare_git(&["rev-parse", "refs/heads/pages"]), first);

    // A new draft is pushed: CI pulls it and publishes again.
    let mut commits = remote.commits.clone();
    add_draft(&remote.work, &mut commits, 2);
    git(
        remote.work.path(),
        &[
            "push",
            "--quiet",
            remote.bare.to_str().unwrap(),
            "HEAD:refs/heads/main",
        ],
    );
    git(&remote.checkout, &["pull", "--quiet", "--ff-only"]);
    ok(&publish(
        &remote.checkout,
        &["--out", remote.out.to_str().unwrap(), "--branch", "pages"],
        &[],
    ));
    assert_published(&remote, 3);
    let second = remote.bare_git(&["rev-parse", "refs/heads/pages"]);
    assert_ne!(second, first);
    assert_eq!(
        remote.bare_git(&["rev-parse", "refs/heads/pages^"]),
        first,
        "the branch keeps its history"
    );
    assert!(
        remote
            .bare_git(&["ls-tree", "-r", "--name-only", "pages"])
            .contains("borradores/borrador-3.html")
    );
    // Without the last draft's leftovers: the folder is replaced whole.
    assert!(
        !files(&remote.out)
            .keys()
            .any(|k| k.contains(".new.") || k.contains(".old."))
    );
}

#[test]
fn a_failing_step_publishes_nothing_and_leaves_the_last_publication() {
    if !printing() {
        return;
    }
    let remote = Remote::new();
    ok(&publish(
        &remote.checkout,
        &["--out", remote.out.to_str().unwrap(), "--branch", "pages"],
        &[],
    ));
    let before = files(&remote.out);
    let pages = remote.bare_git(&["rev-parse", "refs/heads/pages"]);

    // A new draft arrives, but the machine has no browser to print it.
    let mut commits = remote.commits.clone();
    add_draft(&remote.work, &mut commits, 2);
    git(
        remote.work.path(),
        &[
            "push",
            "--quiet",
            remote.bare.to_str().unwrap(),
            "HEAD:refs/heads/main",
        ],
    );
    git(&remote.checkout, &["pull", "--quiet", "--ff-only"]);
    let out = publish(
        &remote.checkout,
        &["--out", remote.out.to_str().unwrap(), "--branch", "pages"],
        &[("CHROMIUM", "/nonexistent/chromium")],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "cotejo's exit status passes through"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("apt-get install chromium"), "{err}");
    assert_eq!(
        files(&remote.out),
        before,
        "the last publication stays whole"
    );
    assert_eq!(remote.bare_git(&["rev-parse", "refs/heads/pages"]), pages);
    assert_eq!(
        git(&remote.checkout, &["status", "--porcelain", "--ignored"]),
        ""
    );
    let parent = remote.out.parent().unwrap();
    let leftovers: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("public."))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_folder_it_did_not_write_is_refused() {
    let remote = Remote::new();
    std::fs::create_dir_all(&remote.out).unwrap();
    std::fs::write(remote.out.join("notas.txt"), "mías").unwrap();
    let out = publish(
        &remote.checkout,
        &["--out", remote.out.to_str().unwrap()],
        &[("CHROMIUM", "/nonexistent/chromium")],
    );
    // The folder is checked before any work, browser or not.
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not empty and was not written by publish.sh"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(remote.out.join("notas.txt")).unwrap(),
        "mías"
    );
}

#[test]
fn wrong_arguments_say_what_is_expected() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (&["--lang", "fr"][..], "--lang is es or en"),
        (&["--paper", "legal"][..], "--paper is letter or a4"),
        (&["--bogus"][..], "unknown argument «--bogus»"),
        (&["--out"][..], "--out needs a folder"),
    ] {
        let out = publish(dir.path(), args, &[]);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // Outside a repository.
    let out = publish(dir.path(), &[], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not in a git repository"));
}

/// The recipes run the script, on each new draft, with the whole history, and
/// publish the folder it wrote; they run no cotejo step of their own.
#[test]
fn the_recipes_call_the_script_and_publish_its_folder() {
    let read = |name: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(root().join("docs/ci").join(name)).unwrap();
        for step in ["cotejo site", "cotejo changelog", "cotejo expediente"] {
            assert!(
                !text.contains(step),
                "{name} runs `{step}` itself: call publish.sh"
            );
        }
        serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name} is not YAML: {e}"))
    };

    let gh = read("github-pages.yml");
    let on = &gh["on"];
    assert_eq!(on["push"]["branches"], serde_json::json!(["main"]));
    assert!(on["push"]["tags"].is_array(), "a tag publishes too");
    let steps = gh["jobs"]["build"]["steps"].as_array().unwrap();
    let checkout = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/checkout@"))
        })
        .unwrap();
    assert_eq!(
        checkout["with"]["fetch-depth"], 0,
        "the drafts are commits: the whole history"
    );
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter()
            .any(|r| r.contains("bash docs/ci/publish.sh --out public")),
        "{runs:?}"
    );
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact@"))
        })
        .unwrap();
    assert_eq!(upload["with"]["path"], "public");
    assert!(
        gh["jobs"]["deploy"]["steps"][0]["uses"]
            .as_str()
            .unwrap()
            .starts_with("actions/deploy-pages@")
    );
    assert_eq!(gh["permissions"]["pages"], "write");

    let gl = read("gitlab-pages.yml");
    let job = &gl["pages"];
    assert_eq!(
        job["variables"]["GIT_DEPTH"], "0",
        "the drafts are commits: the whole history"
    );
    let script: Vec<&str> = job["script"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert!(
        script
            .iter()
            .any(|r| r.contains("bash docs/ci/publish.sh --out public")),
        "{script:?}"
    );
    assert_eq!(job["artifacts"]["paths"], serde_json::json!(["public"]));
    let rules = serde_json::to_string(&job["rules"]).unwrap();
    assert!(
        rules.contains("CI_DEFAULT_BRANCH") && rules.contains("CI_COMMIT_TAG"),
        "{rules}"
    );
}
