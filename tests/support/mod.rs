//! Test fixtures: real git repositories in temporary folders, and a way to run
//! the `cotejo` binary in them.
#![allow(dead_code)]

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use git2::{Oid, Repository, Signature, Time};
use tempfile::TempDir;

/// A git repository whose commits have a fixed author and increasing fixed
/// dates, so that every run builds the same commit ids.
pub(crate) struct TestRepo {
    dir: TempDir,
    pub repo: Repository,
    clock: Cell<i64>,
}

impl TestRepo {
    pub(crate) fn new() -> TestRepo {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Repository::init(dir.path()).expect("git init");
        TestRepo {
            dir,
            repo,
            clock: Cell::new(1_656_547_200), // 2022-06-30
        }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file in the working tree (creating folders), without committing.
    pub(crate) fn write(&self, path: &str, content: impl AsRef<[u8]>) -> &Self {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
        self
    }

    /// Writes `files` and commits the whole working tree on HEAD.
    pub(crate) fn commit(&self, message: &str, files: &[(&str, &str)]) -> Oid {
        for (path, content) in files {
            self.write(path, content);
        }
        let mut index = self.repo.index().unwrap();
        index
            .add_all(["*"].iter(), git2::IndexAddOption::DEFAULT, None)
            .unwrap();
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let time = self.clock.get();
        self.clock.set(time + 86_400);
        let sig = Signature::new("Grupo Técnico", "gt@example.org", &Time::new(time, 0)).unwrap();
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap()
    }

    /// Commits `policy/pnda.yaml`: a manifest of one document,
    /// `policy/doc.md`, whose one draft (`b1`) is commit `draft`.
    pub(crate) fn commit_one_draft_manifest(&self, draft: Oid) -> Oid {
        self.commit(
            "manifest",
            &[(
                "policy/pnda.yaml",
                &format!(
                    "title: T\nlanguage: es\nfiles: [doc.md]\ndrafts:\n  - id: b1\n    \
                     title: B1\n    date: 2022-01-01\n    stage: x\n    ref: {draft}\n"
                ),
            )],
        )
    }

    pub(crate) fn tag(&self, name: &str, oid: Oid) {
        let obj = self.repo.find_object(oid, None).unwrap();
        self.repo.tag_lightweight(name, &obj, false).unwrap();
    }

    /// Runs cotejo in the repository's folder.
    pub(crate) fn cotejo(&self, args: &[&str]) -> Run {
        cotejo_in(self.path(), args)
    }

    /// Everything that identifies the repository's state: refs, HEAD, index and
    /// working-tree status, so tests can assert cotejo changed nothing.
    pub(crate) fn fingerprint(&self) -> String {
        let mut out = String::new();
        for r in self.repo.references().unwrap() {
            let r = r.unwrap();
            out += &format!("{} {:?}\n", r.name().unwrap_or("?"), r.target());
        }
        out += &format!(
            "HEAD {:?}\n",
            self.repo.head().ok().and_then(|h| h.target())
        );
        for s in self.repo.statuses(None).unwrap().iter() {
            out += &format!("{} {:?}\n", s.path().unwrap_or("?"), s.status());
        }
        out += &format!(
            "{:?}",
            std::fs::read(self.path().join(".git/index"))
                .ok()
                .map(|b| b.len())
        );
        out
    }
}

/// The result of one run of the binary.
pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Asserts success and returns stdout.
    pub(crate) fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "cotejo failed:\n{}", self.stderr);
        &self.stdout
    }

    /// Asserts exit status 2 with an error and no panic, and returns stderr.
    pub(crate) fn error(&self) -> &str {
        assert_eq!(
            self.code, 2,
            "expected an error, got {}:\n{}{}",
            self.code, self.stdout, self.stderr
        );
        assert!(
            self.stderr.starts_with("cotejo: error: "),
            "{}",
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        &self.stderr
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.ok()).expect("valid JSON")
    }
}

pub(crate) fn cotejo_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_cotejo"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("run cotejo");
    Run::from(out)
}

/// Validates `instance` against `cotejo.diff/2`; panics listing every error.
pub(crate) fn assert_valid_json(instance: &serde_json::Value) {
    let schema_path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/schema/diff-v2.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "JSON does not match the schema:\n{}",
        errors.join("\n")
    );
}

/// The contract's invariants beyond the schema: every section of each version
/// exactly once, and the tokens rebuild both bodies.
pub(crate) fn assert_contract(
    json: &serde_json::Value,
    old_bodies: &[String],
    new_bodies: &[String],
) {
    let sections = json["sections"].as_array().unwrap();
    let mut seen_old = vec![0; old_bodies.len()];
    let mut seen_new = vec![0; new_bodies.len()];
    for s in sections {
        let mut old_text = String::new();
        let mut new_text = String::new();
        for t in s["diff"].as_array().into_iter().flatten() {
            let text = t["text"].as_str().unwrap();
            match t["op"].as_str().unwrap() {
                "equal" => {
                    old_text += text;
                    new_text += text;
                }
                "delete" => old_text += text,
                "insert" => new_text += text,
                other => panic!("op {other}"),
            }
        }
        let unchanged = s["change"] == "unchanged";
        if let Some(i) = s["old"]["index"].as_u64() {
            seen_old[i as usize] += 1;
            if !unchanged {
                assert_eq!(old_text, old_bodies[i as usize], "old body {i}");
            }
        }
        if let Some(i) = s["new"]["index"].as_u64() {
            seen_new[i as usize] += 1;
            if !unchanged {
                assert_eq!(new_text, new_bodies[i as usize], "new body {i}");
            }
        }
    }
    assert!(
        seen_old.iter().all(|&n| n == 1),
        "old sections seen {seen_old:?}"
    );
    assert!(
        seen_new.iter().all(|&n| n == 1),
        "new sections seen {seen_new:?}"
    );
    assert_blocks(sections, old_bodies, new_bodies);
}

/// The blocks' invariants (`cotejo.diff/2`): present on every changed entry;
/// on each side their ranges are disjoint and cover every non-blank byte of
/// the body; `moved_from` and `moved_to` point at each other; the words of
/// the summary add up.
pub(crate) fn assert_blocks(
    sections: &[serde_json::Value],
    old_bodies: &[String],
    new_bodies: &[String],
) {
    for (e, s) in sections.iter().enumerate() {
        let blocks = match s["blocks"].as_array() {
            Some(b) => b,
            None => {
                assert_eq!(
                    s["change"], "unchanged",
                    "entry {e} changed but has no blocks"
                );
                continue;
            }
        };
        for (side, bodies) in [("old", old_bodies), ("new", new_bodies)] {
            let Some(i) = s[side]["index"].as_u64() else {
                assert!(
                    blocks.iter().all(|b| b[side].is_null()),
                    "entry {e}: {side} ranges without an {side} section"
                );
                continue;
            };
            let body = &bodies[i as usize];
            let mut covered = vec![false; body.len()];
            for b in blocks {
                let Some(r) = b[side].as_object() else {
                    continue;
                };
                let (start, end) = (
                    r["start"].as_u64().unwrap() as usize,
                    r["end"].as_u64().unwrap() as usize,
                );
                assert!(
                    start < end && end <= body.len(),
                    "entry {e}: {side} range {start}..{end}"
                );
                for c in &mut covered[start..end] {
                    assert!(!*c, "entry {e}: {side} ranges overlap at {start}..{end}");
                    *c = true;
                }
            }
            for (k, byte) in body.bytes().enumerate() {
                assert!(
                    covered[k] || byte.is_ascii_whitespace(),
                    "entry {e}: {side} byte {k} ({:?}) in no block",
                    byte as char
                );
            }
        }
        for (k, b) in blocks.iter().enumerate() {
            for (here, there) in [("moved_to", "moved_from"), ("moved_from", "moved_to")] {
                if let Some(p) = b[here].as_object() {
                    let (se, sb) = (p["section"].as_u64().unwrap(), p["block"].as_u64().unwrap());
                    let other = &sections[se as usize]["blocks"][sb as usize];
                    assert_eq!(
                        other[there]["section"].as_u64(),
                        Some(e as u64),
                        "entry {e} block {k}: {here} is not answered"
                    );
                    assert_eq!(other[there]["block"].as_u64(), Some(k as u64));
                }
            }
        }
    }
}

/// The fixture pairs: folders of `tests/fixtures` holding `old.md` and `new.md`.
pub(crate) fn fixture_folders() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut folders: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("old.md").is_file() && p.join("new.md").is_file())
        .collect();
    folders.sort();
    assert!(folders.len() >= 5, "fixtures missing in {}", root.display());
    folders
}

/// Runs `check` on every fixture pair, each before the test fails (as
/// `insta::glob!` would), and names the folders whose check failed.
pub(crate) fn check_each_fixture(check: impl Fn(&Path)) {
    let failed: Vec<String> = fixture_folders()
        .iter()
        .filter(|folder| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(folder))).is_err()
        })
        .map(|folder| folder.display().to_string())
        .collect();
    assert!(failed.is_empty(), "snapshots differ for {failed:#?}");
}

/// The hostile-text corpus (tests/fixtures/untrusted/payloads.txt): one
/// payload a line, blank lines and `%%` comments left out, escapes decoded.
pub(crate) fn payloads() -> Vec<String> {
    let list = corpus(include_str!("../fixtures/untrusted/payloads.txt"));
    assert!(list.len() >= 40, "the corpus has {} payloads", list.len());
    list
}

/// The lines of a corpus file, blank lines and `%%` comments left out, with
/// their escapes decoded (see [`unescape`]).
pub(crate) fn corpus(file: &str) -> Vec<String> {
    file.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("%%"))
        .map(unescape)
        .collect()
}

/// A corpus line's escapes decoded: `\t`, `\n`, `\r`, `\\` and `\xHH`
/// (ASCII only); any other backslash stays as written.
pub(crate) fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                let byte = u8::from_str_radix(&hex, 16).expect("\\xHH");
                assert!(byte < 0x80, "\\x{hex}: ASCII only");
                out.push(byte as char);
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// A payload on one line, for the contexts a line break would end.
pub(crate) fn one_line(p: &str) -> String {
    p.replace(['\n', '\r'], " ")
}

/// Whether a program answers on PATH.
pub(crate) fn have(program: &str) -> bool {
    Command::new(program)
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
}

/// Whether a Chromium cotejo would print with is here (`CHROMIUM`, or one of
/// the names cotejo looks for on PATH).
pub(crate) fn chromium_found() -> bool {
    if std::env::var_os("CHROMIUM").is_some_and(|v| Path::new(&v).is_file()) {
        return true;
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).any(|dir| {
        cotejo::pdf::CANDIDATES
            .iter()
            .any(|name| dir.join(name).is_file())
    })
}

/// True when Chromium and poppler-utils are here; false (skip) when not,
/// except in CI, where their absence fails the test.
pub(crate) fn printing_tools() -> bool {
    let ok = chromium_found() && have("pdftotext") && have("pdfinfo");
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs Chromium and poppler-utils: apt-get install chromium poppler-utils"
        );
        eprintln!("skipped: Chromium or poppler-utils (pdftotext, pdfinfo) is not installed");
    }
    ok
}

/// Runs cotejo with `args` in `dir` with a terminal as its standard output
/// (a pseudo-terminal from util-linux's `script`, part of every Debian):
/// its exit code and what the terminal showed.
pub(crate) fn cotejo_in_terminal(dir: &Path, args: &str) -> (Option<i32>, String) {
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_cotejo"));
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir)
        .output()
        .expect("util-linux's script runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// `../shared/corpora`, or `None` (with a line saying so) when it is absent and
/// `COTEJO_REQUIRE_SHARED=1` does not require it.
pub(crate) fn shared_corpora() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    if dir.is_dir() {
        return Some(dir);
    }
    let required = std::env::var("COTEJO_REQUIRE_SHARED").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "{} is missing and COTEJO_REQUIRE_SHARED=1 requires it",
        dir.display()
    );
    eprintln!(
        "skipped: {} is absent (set COTEJO_REQUIRE_SHARED=1 to require it)",
        dir.display()
    );
    None
}

/// Every `.md` file under `dir`, sorted (a folder's files and folders by
/// name, each folder's files where the folder sorts).
pub(crate) fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "md") {
            out.push(path);
        }
    }
}

/// Runs git in `dir` with a fixed identity; panics if it fails.
pub(crate) fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Grupo Técnico",
            "-c",
            "user.email=gt@example.org",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl TestRepo {
    /// Runs `on_branch` on a new branch `branch`, then goes back and runs
    /// `on_main`, then merges the branch with `--no-ff` (git's own message).
    /// What each closure returns is returned.
    pub(crate) fn branch_and_merge<A, B>(
        &self,
        branch: &str,
        on_branch: impl FnOnce(&TestRepo) -> A,
        on_main: impl FnOnce(&TestRepo) -> B,
    ) -> (A, B) {
        git(self.path(), &["checkout", "-q", "-b", branch]);
        let a = on_branch(self);
        git(self.path(), &["checkout", "-q", "-"]);
        let b = on_main(self);
        let message = format!("Merge branch '{branch}'");
        git(
            self.path(),
            &["merge", "-q", "--no-ff", "-m", &message, branch],
        );
        (a, b)
    }
}
