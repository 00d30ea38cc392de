//! `bench/gen_history_repo.py`, the repository of issue 5's benchmark
//! (`bench/vs-git-log.sh`): deterministic, one commit per edit of the document,
//! and a manifest whose drafts cotejo reads. Run here with 30 commits instead
//! of 1,000; needs `python3` and `git` on PATH, as CI has.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use cotejo::document::Document;
use support::cotejo_in;

const COMMITS: usize = 30;
const DOC: &str = "policy/pnda/politica.md";
const SECTION: &str = "Conjuntos de datos prioritarios";

fn git(repo: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs the generator into `dir/name`; returns the folder and the summary it printed.
fn generate(dir: &Path, name: &str) -> (PathBuf, serde_json::Value) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen_history_repo.py");
    let out_dir = dir.join(name);
    let out = Command::new("python3")
        .arg(&script)
        .arg(&out_dir)
        .args(["--commits", &COMMITS.to_string()])
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed to run {}: {e}", script.display()));
    assert!(
        out.status.success(),
        "the generator failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info = serde_json::from_slice(&out.stdout).expect("the generator prints JSON");
    (out_dir, info)
}

#[test]
fn generator_is_deterministic_and_writes_one_commit_per_edit_and_a_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, info) = generate(tmp.path(), "a");
    let (b, info_b) = generate(tmp.path(), "b");

    // Deterministic: the same commit ids, the same summary.
    let head = git(&a, &["rev-parse", "HEAD"]).trim().to_owned();
    assert_eq!(head, git(&b, &["rev-parse", "HEAD"]).trim());
    assert_eq!(info["head"], head.as_str());
    assert_eq!(info, info_b);

    // COMMITS commits that each change the document, then the manifest's commit.
    let count = |args: &[&str]| git(&a, args).trim().parse::<usize>().unwrap();
    assert_eq!(count(&["rev-list", "--count", "HEAD"]), COMMITS + 1);
    assert_eq!(count(&["rev-list", "--count", "HEAD", "--", DOC]), COMMITS);
    assert_eq!(
        git(&a, &["log", "-1", "--format=%s", "--name-only"]),
        "Manifiesto de cotejo\n\npolicy/pnda.yaml\n"
    );
    assert_eq!(
        git(&a, &["status", "--porcelain"]),
        "",
        "checked out, clean"
    );

    // The manifest names four drafts by full commit id: the commits at 1/4,
    // 2/4, 3/4 and 4/4 of the document's history.
    let history: Vec<String> = git(&a, &["rev-list", "--reverse", "HEAD", "--", DOC])
        .lines()
        .map(str::to_owned)
        .collect();
    let manifest = cotejo::manifest::load(&a.join("policy/pnda.yaml")).expect("manifest loads");
    assert_eq!(manifest.manifest.files.len(), 1);
    assert_eq!(manifest.manifest.files[0].value, "pnda/politica.md");
    let drafts = &manifest.manifest.drafts;
    let ids: Vec<&str> = drafts.iter().map(|d| d.id.value.as_str()).collect();
    assert_eq!(
        ids,
        ["borrador-1", "borrador-2", "borrador-3", "borrador-4"]
    );
    for (draft, nth) in drafts.iter().zip([8, 15, 22, 30]) {
        assert_eq!(
            draft.reference.value,
            history[nth - 1],
            "{}",
            draft.id.value
        );
    }

    // cotejo reads every draft; each is ~200 KB of 300-500 sections and has the
    // section the benchmark follows.
    let listing = cotejo_in(&a, &["drafts"]);
    for draft in drafts {
        assert!(listing.ok().contains(&draft.reference.value[..12]));
        let text = git(&a, &["show", &format!("{}:{DOC}", draft.reference.value)]);
        assert!(
            (190_000..215_000).contains(&text.len()),
            "{} bytes",
            text.len()
        );
        let doc = Document::parse(text);
        let n = doc.sections().len();
        assert!((300..=500).contains(&n), "{n} sections");
        let levels: Vec<u8> = doc.sections().iter().map(|s| s.level).collect();
        for level in 2..=4 {
            assert!(levels.contains(&level), "no heading of level {level}");
        }
        let tracked: Vec<_> = doc
            .sections()
            .iter()
            .filter(|s| s.title == SECTION)
            .collect();
        assert_eq!(tracked.len(), 1, "{SECTION} in {}", draft.id.value);
        assert_eq!(tracked[0].level, 3);
    }
    assert_eq!(info["section"], SECTION);
}

#[test]
fn draft_spacing_puts_the_drafts_that_many_commits_apart_at_the_end() {
    // bench/history-memory.sh's default since the sixth round of issue 12:
    // the drafts the same distance apart whatever the number of commits.
    let tmp = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen_history_repo.py");
    let out_dir = tmp.path().join("r");
    let run = |spacing: &str, dir: &Path| {
        Command::new("python3")
            .arg(&script)
            .arg(dir)
            .args([
                "--commits",
                &COMMITS.to_string(),
                "--draft-spacing",
                spacing,
            ])
            .output()
            .expect("python3 runs")
    };
    let out = run("5", &out_dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let commits: Vec<u64> = info["drafts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["commit"].as_u64().unwrap())
        .collect();
    assert_eq!(commits, [15, 20, 25, 30]);
    assert_eq!(info["draft_spacing"], 5);
    let history: Vec<String> = git(&out_dir, &["rev-list", "--reverse", "HEAD", "--", DOC])
        .lines()
        .map(str::to_owned)
        .collect();
    let manifest =
        cotejo::manifest::load(&out_dir.join("policy/pnda.yaml")).expect("manifest loads");
    for (draft, nth) in manifest.manifest.drafts.iter().zip([15, 20, 25, 30]) {
        assert_eq!(
            draft.reference.value,
            history[nth - 1],
            "{}",
            draft.id.value
        );
    }
    // Spacing that leaves no room for the first draft is refused.
    let out = run("10", &tmp.path().join("s"));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--draft-spacing"));
}

#[test]
fn generator_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("x"), "x").unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen_history_repo.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(tmp.path())
        .output()
        .expect("python3 runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
}

/// `bench/same-output.sh` compares two builds named on its command line: it
/// refuses, before building anything, a binary that is not there and two
/// that are the same bytes (a comparison that could not fail).
#[test]
fn same_output_refuses_what_it_cannot_compare() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/same-output.sh");
    let bin = env!("CARGO_BIN_EXE_cotejo");
    let run = |before: &str, after: &str| {
        let out = Command::new("bash")
            .arg(&script)
            .args([before, after])
            // Were it to build, it would build here, not in the shell's target.
            .env("SAME_OUTPUT_TARGET_DIR", "/nonexistent/same-output")
            .output()
            .expect("bash runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run(bin, bin);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("the same bytes"), "{err}");
    let (code, err) = run("/nonexistent/cotejo", bin);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("/nonexistent/cotejo is not an executable file"),
        "{err}"
    );
}
