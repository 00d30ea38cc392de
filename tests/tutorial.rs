//! The README's five-minute tutorial, run as written: its `sh` block (the one
//! after the `<!-- tutorial: … -->` comment) is cut into commands, each run in
//! turn by one bash in an empty temporary folder, with the built `cotejo` first
//! on `PATH` and a home of its own (no git configuration of this machine).
//! Each command must succeed, and the files it promises must be there.

use std::path::{Path, PathBuf};
use std::process::Command;

const MARKER: &str = "<!-- tutorial: tests/tutorial.rs runs the sh block below -->";

/// The tutorial's `sh` block in `readme`.
fn tutorial_block(readme: &str) -> &str {
    let after = readme
        .split_once(MARKER)
        .unwrap_or_else(|| panic!("README.md has no `{MARKER}`"))
        .1;
    let body = after
        .trim_start()
        .strip_prefix("```sh\n")
        .expect("the marker is followed by a ```sh block");
    &body[..body.find("\n```").expect("the block is closed")]
}

/// The block's commands: a line, with the lines a trailing `\` continues or a
/// here-document (`<<'EOF'` … `EOF`) holds; comments and blank lines left out.
fn commands(block: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut lines = block.lines();
    while let Some(line) = lines.next() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let mut command = line.to_owned();
        while command.ends_with('\\') {
            command.push('\n');
            command.push_str(lines.next().expect("a continued line continues"));
        }
        if let Some((_, word)) = command.split_once("<<'") {
            let end = word.split('\'').next().unwrap().to_owned();
            for body in lines.by_ref() {
                command.push('\n');
                command.push_str(body);
                if body == end {
                    break;
                }
            }
        }
        commands.push(command);
    }
    commands
}

/// A bash script that runs each command in turn (in braces, so `cd` holds)
/// and stops at the first that fails, naming it.
fn script(commands: &[String]) -> String {
    let mut s = String::from("set -u -o pipefail\n");
    for (k, c) in commands.iter().enumerate() {
        let first = c.lines().next().unwrap().replace('\'', "'\\''");
        s += &format!(
            "{{ {c}\n}}\nstatus=$?\n\
             if [ $status -ne 0 ]; then echo 'tutorial step {k} failed ('$status'): {first}' >&2; exit 1; fi\n\
             echo 'tutorial step {k} ok' >&2\n"
        );
    }
    s
}

fn binary_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_cotejo"))
        .parent()
        .unwrap()
        .to_owned()
}

#[test]
fn the_commands_are_cut_as_bash_reads_them() {
    let block = "# a comment\nmkdir a && cd a\n\ncat > f <<'EOF'\n# not a comment\nEOF\n\
                 cotejo import x \\\n  --date 1\necho done\n";
    assert_eq!(
        commands(block),
        [
            "mkdir a && cd a",
            "cat > f <<'EOF'\n# not a comment\nEOF",
            "cotejo import x \\\n  --date 1",
            "echo done"
        ]
    );
}

#[test]
fn the_readme_tutorial_runs_as_written() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let commands = commands(tutorial_block(&readme));
    assert!(commands.len() >= 10, "{commands:?}");
    for needed in [
        "cotejo init --yes",
        "cotejo import",
        "cotejo diff",
        "cotejo report",
        "cotejo site",
    ] {
        assert!(
            commands.iter().any(|c| c.starts_with(needed)),
            "the tutorial runs `{needed}`"
        );
    }
    let work = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let path = std::env::join_paths(std::iter::once(binary_dir()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let out = Command::new("bash")
        .arg("-c")
        .arg(script(&commands))
        .current_dir(work.path())
        .env("PATH", path)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("NO_COLOR")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the tutorial failed:\n{stdout}\n{stderr}"
    );
    for (k, command) in commands.iter().enumerate() {
        assert!(
            stderr.contains(&format!("tutorial step {k} ok")),
            "step {k} ({command}) did not run:\n{stderr}"
        );
    }
    let w = work.path();
    for file in [
        "politica/cotejo.yaml",
        "politica/informe.html",
        "politica/sitio/index.html",
        "importada/cotejo.yaml",
        "importada/documento.md",
    ] {
        assert!(
            w.join(file).is_file(),
            "{file} is made:\n{stdout}\n{stderr}"
        );
    }
    // What the tutorial says it shows.
    assert!(
        stdout.contains("borrador-1 ") && stdout.contains("borrador-2 "),
        "drafts listed:\n{stdout}"
    );
    assert_eq!(
        stdout.matches("1 added, 0 removed, 0 modified").count(),
        2,
        "both comparisons show the added section:\n{stdout}"
    );
    assert!(stdout.contains("recorded 2 draft(s)"), "{stdout}");
    assert!(stdout.contains("Seguimiento"), "{stdout}");
}
