//! cotejo as a command-line tool among others: shell completions and manual
//! pages made from its own definitions, and `-C DIR` as git has it.

mod support;

use std::process::Command;

use support::{TestRepo, cotejo_in};

const COMMANDS: [&str; 6] = [
    "diff",
    "report",
    "changelog",
    "site",
    "verify",
    "completions",
];

#[test]
fn completions_name_every_command_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = cotejo_in(dir.path(), &["completions", shell]);
        let script = run.ok();
        for command in COMMANDS {
            assert!(script.contains(command), "{shell}: no {command}");
        }
        assert!(script.contains("manifest"), "{shell}");
    }
    // The bash script is bash: it parses.
    let script = cotejo_in(dir.path(), &["completions", "bash"])
        .ok()
        .to_owned();
    let path = dir.path().join("cotejo.bash");
    std::fs::write(&path, script).unwrap();
    let parsed = Command::new("bash").arg("-n").arg(&path).status().unwrap();
    assert!(parsed.success());
    let run = cotejo_in(dir.path(), &["completions", "tcsh"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bash"), "{}", run.stderr);
}

#[test]
fn manual_pages_cover_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let page = cotejo_in(dir.path(), &["man"]).ok().to_owned();
    assert!(page.contains(".TH cotejo 1"), "{page}");
    assert!(page.contains("verify"), "{page}");
    let said = cotejo_in(dir.path(), &["man", "-o", "man1"])
        .ok()
        .to_owned();
    assert!(said.contains("manual pages in man1"), "{said}");
    // A page per command, and nothing else of the folder touched.
    std::fs::write(dir.path().join("man1/otra.1"), "ajena").unwrap();
    cotejo_in(dir.path(), &["man", "-o", "man1"]).ok();
    for command in COMMANDS {
        let page = std::fs::read_to_string(dir.path().join(format!("man1/cotejo-{command}.1")))
            .unwrap_or_else(|e| panic!("cotejo-{command}.1: {e}"));
        assert!(page.contains(&format!(".TH cotejo-{command} 1")), "{page}");
    }
    let report = std::fs::read_to_string(dir.path().join("man1/cotejo-report.1")).unwrap();
    assert!(report.contains("\\-\\-output"), "{report}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("man1/otra.1")).unwrap(),
        "ajena"
    );
}

#[test]
fn dash_c_runs_as_if_started_in_that_folder() {
    let repo = TestRepo::new();
    repo.commit("uno", &[("doc.md", "# A\n\nuno\n")]);
    repo.commit("dos", &[("doc.md", "# A\n\nuno dos\n")]);
    let elsewhere = tempfile::tempdir().unwrap();
    let root = repo.path().to_str().unwrap();
    let text = cotejo_in(
        elsewhere.path(),
        &[
            "-C",
            root,
            "diff",
            "HEAD~1:doc.md",
            "HEAD:doc.md",
            "--color",
            "never",
        ],
    )
    .ok()
    .to_owned();
    assert!(text.contains("uno{+ dos+}"), "{text}");
    // Relative paths, outputs included, are from that folder.
    cotejo_in(
        elsewhere.path(),
        &[
            "report",
            "-C",
            root,
            "HEAD~1:doc.md",
            "HEAD:doc.md",
            "-o",
            "r.html",
        ],
    )
    .ok();
    assert!(repo.path().join("r.html").is_file());
    assert!(!elsewhere.path().join("r.html").exists());
    let run = cotejo_in(elsewhere.path(), &["-C", "no-existe", "drafts"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot run in no-existe (-C)"),
        "{}",
        run.stderr
    );
}
