//! Where outputs go, through the CLI: never over an input, never replacing a
//! device, a pipe or a link, never leaving a site folder missing or litter
//! beside it.
//!
//! - a pipe or `/dev/null` as `-o` is written through and stays what it was;
//! - a symlinked `-o` is followed: the file it points to is replaced, the
//!   link kept (a dangling link makes its file);
//! - a replaced file keeps its mode; a new one gets the umask's (not 0600);
//! - `-o` naming one of the command's inputs (however spelled) is refused
//!   and the input left as it was, for `report`, `changelog` and `pdf` (before
//!   any browser is looked for);
//! - `-o -` is standard output for `report` and `changelog`, an error for
//!   `site`, and `site -o .` says why it cannot be;
//! - `site` removes what a killed run left beside its folder (only that), and
//!   concurrent runs to one folder all succeed.
//!
//! Unix only: FIFOs, devices, modes and symlinks are what it is about.
#![cfg(unix)]

mod support;

use std::path::Path;
use std::process::Command;

use support::{TestRepo, cotejo_in};

const OLD: &str = "# Política\n\n## 1. Objeto\n\nEl objeto es uno.\n\n## 2. Alcance\n\nTodo.\n";
const NEW: &str = "# Política\n\n## 1. Objeto\n\nEl objeto es otro.\n\n## 2. Alcance\n\nTodo.\n";

/// Two plain files to compare, in a temporary folder (no repository).
fn two_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), OLD).unwrap();
    std::fs::write(dir.path().join("b.md"), NEW).unwrap();
    dir
}

/// The report of `a.md` and `b.md` as `-o -` writes it.
fn report_bytes(dir: &Path) -> String {
    cotejo_in(dir, &["report", "a.md", "b.md", "-o", "-"])
        .ok()
        .to_owned()
}

/// Two drafts of one file, with a manifest.
fn drafts_repo() -> TestRepo {
    let repo = TestRepo::new();
    let one = repo.commit("borrador 1", &[("policy/doc/01.md", OLD)]);
    let two = repo.commit("borrador 2", &[("policy/doc/01.md", NEW)]);
    let mut manifest = "title: Política\nlanguage: es\nfiles:\n  - doc/01.md\ndrafts:\n".to_owned();
    for (k, commit) in [one, two].iter().enumerate() {
        manifest += &format!(
            "  - id: borrador-{n}\n    title: Borrador {n}\n    date: 2022-0{n}-01\n    \
             stage: Etapa {n}\n    ref: {commit}\n",
            n = k + 1
        );
    }
    repo.write("policy/pnda.yaml", manifest);
    repo
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn a_fifo_output_is_written_through_and_stays_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let dir = two_files();
    let fifo = dir.path().join("pipe.html");
    match Command::new("mkfifo").arg(&fifo).status() {
        Ok(s) if s.success() => {}
        _ => {
            println!("skipped: mkfifo is not available to make a FIFO");
            return;
        }
    }
    let (sender, received) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        // Opening a FIFO for reading waits for the writer: cotejo. (A cotejo
        // that replaced the FIFO instead never comes: the wait is bounded.)
        std::thread::spawn(move || sender.send(std::fs::read_to_string(fifo).unwrap()));
    }
    let run = cotejo_in(dir.path(), &["report", "a.md", "b.md", "-o", "pipe.html"]);
    run.ok();
    let read = received
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("nothing was written into the FIFO");
    assert_eq!(
        read,
        report_bytes(dir.path()),
        "the whole report went through"
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "the FIFO is still a FIFO"
    );
    assert_eq!(run.stdout, "", "no name printed after what went through");
}

#[test]
fn dev_null_as_output_stays_a_character_device() {
    use std::os::unix::fs::FileTypeExt;
    let null = Path::new("/dev/null");
    if std::fs::OpenOptions::new().write(true).open(null).is_err() {
        println!("skipped: /dev/null is not writable here");
        return;
    }
    let dir = two_files();
    cotejo_in(dir.path(), &["report", "a.md", "b.md", "-o", "/dev/null"]).ok();
    let meta = std::fs::symlink_metadata(null).unwrap();
    assert!(
        meta.file_type().is_char_device(),
        "/dev/null is no longer a device: {meta:?}"
    );
    // A temporary file beside it would have been left in /dev on failure.
    let litter: Vec<_> = std::fs::read_dir("/dev")
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".cotejo-"))
        .collect();
    assert!(litter.is_empty(), "{litter:?}");
}

#[test]
fn a_symlinked_output_is_followed_and_the_link_kept() {
    let dir = two_files();
    let d = dir.path();
    std::fs::create_dir(d.join("published")).unwrap();
    std::fs::write(d.join("published/informe.html"), "old report").unwrap();
    std::os::unix::fs::symlink("published/informe.html", d.join("link.html")).unwrap();
    cotejo_in(d, &["report", "a.md", "b.md", "-o", "link.html"]).ok();
    assert!(
        std::fs::symlink_metadata(d.join("link.html"))
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is kept"
    );
    let expected = report_bytes(d);
    assert_eq!(
        std::fs::read_to_string(d.join("published/informe.html")).unwrap(),
        expected,
        "the file it points to is replaced"
    );
    // A dangling link names the file to create.
    std::os::unix::fs::symlink("published/nuevo.html", d.join("dangling.html")).unwrap();
    cotejo_in(d, &["report", "a.md", "b.md", "-o", "dangling.html"]).ok();
    assert_eq!(
        std::fs::read_to_string(d.join("published/nuevo.html")).unwrap(),
        expected
    );
    let beside: Vec<_> = std::fs::read_dir(d.join("published"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(beside.len(), 2, "no temporary left: {beside:?}");
}

/// A folder output is replaced whole, so a link to one would be replaced,
/// not the site it points to: refused, saying so and naming the folder.
#[test]
fn a_symlinked_site_folder_is_refused_with_the_folder_to_name() {
    let repo = drafts_repo();
    let d = repo.path();
    repo.cotejo(&["site", "-o", "publicado"]).ok();
    std::os::unix::fs::symlink("publicado", d.join("sitio")).unwrap();
    let before = repo.fingerprint();
    let err = repo.cotejo(&["site", "-o", "sitio"]).error().to_owned();
    assert!(err.contains("is a symbolic link to publicado"), "{err}");
    assert!(err.contains("`-o publicado`"), "{err}");
    assert_eq!(
        repo.fingerprint(),
        before,
        "the link and the site untouched"
    );
    repo.cotejo(&["site", "-o", "publicado"]).ok();
}

#[test]
fn a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask() {
    let dir = two_files();
    let d = dir.path();
    let out = d.join("informe.html");
    for kept in [0o600, 0o664, 0o640] {
        std::fs::write(&out, "old").unwrap();
        std::fs::set_permissions(&out, std::os::unix::fs::PermissionsExt::from_mode(kept)).unwrap();
        cotejo_in(d, &["report", "a.md", "b.md", "-o", "informe.html"]).ok();
        assert_ne!(std::fs::read_to_string(&out).unwrap(), "old");
        assert_eq!(mode(&out), kept, "mode {kept:o} kept on replacement");
    }
    // New files, under three umasks (through the shell, which sets it).
    let bin = env!("CARGO_BIN_EXE_cotejo");
    for (umask, expected) in [("022", 0o644), ("027", 0o640), ("002", 0o664)] {
        let name = format!("nuevo-{umask}.html");
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec \"$0\" report a.md b.md -o {name}"
            ))
            .arg(bin)
            .current_dir(d)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(
            mode(&d.join(&name)),
            expected,
            "a new file under umask {umask}"
        );
    }
}

#[test]
fn report_refuses_to_write_over_its_inputs_however_named() {
    let dir = two_files();
    let d = dir.path();
    std::os::unix::fs::symlink("b.md", d.join("link.md")).unwrap();
    std::fs::hard_link(d.join("a.md"), d.join("hard.md")).unwrap();
    for (output, input) in [
        ("b.md", "b.md"),
        ("./b.md", "b.md"),
        ("a.md", "a.md"),
        ("link.md", "b.md"),
        ("hard.md", "a.md"),
    ] {
        let err = cotejo_in(d, &["report", "a.md", "b.md", "-o", output])
            .error()
            .to_owned();
        assert!(
            err.contains(&format!("`-o {output}` would overwrite")) && err.contains(input),
            "{output}: {err}"
        );
        assert!(err.contains("Name another file with `-o FILE`"), "{err}");
    }
    let absolute = d.join("b.md");
    cotejo_in(
        d,
        &["report", "a.md", "b.md", "-o", absolute.to_str().unwrap()],
    )
    .error();
    assert_eq!(std::fs::read_to_string(d.join("a.md")).unwrap(), OLD);
    assert_eq!(std::fs::read_to_string(d.join("b.md")).unwrap(), NEW);
    // The PDF beside the HTML is an output too.
    std::fs::write(d.join("b.pdf"), "x").unwrap();
    let err = cotejo_in(
        d,
        &[
            "report",
            "b.pdf",
            "b.md",
            "-o",
            "b.html",
            "--pdf",
            "--chromium",
            "/nonexistent",
        ],
    )
    .error()
    .to_owned();
    assert!(err.contains("would overwrite b.pdf"), "{err}");
    // A folder takes no output file.
    std::fs::create_dir(d.join("carpeta")).unwrap();
    let err = cotejo_in(d, &["report", "a.md", "b.md", "-o", "carpeta"])
        .error()
        .to_owned();
    assert!(
        err.contains("it is a folder") && err.contains("-o FILE"),
        "{err}"
    );
}

#[test]
fn changelog_and_report_refuse_to_write_over_the_projects_files() {
    let repo = drafts_repo();
    let before = repo.fingerprint();
    for output in ["policy/doc/01.md", "policy/pnda.yaml"] {
        for args in [
            &["changelog", "-o", output][..],
            &["report", "borrador-1", "borrador-2", "-o", output][..],
            &["report", "borrador-1", "WORKTREE", "-o", output][..],
        ] {
            let err = repo.cotejo(args).error().to_owned();
            assert!(err.contains("would overwrite"), "{args:?}: {err}");
        }
    }
    assert_eq!(repo.fingerprint(), before, "the repository is as it was");
    assert_eq!(
        std::fs::read_to_string(repo.path().join("policy/doc/01.md")).unwrap(),
        NEW
    );
}

#[test]
fn pdf_refuses_to_print_over_its_html_before_looking_for_a_browser() {
    let dir = two_files();
    let d = dir.path();
    cotejo_in(d, &["report", "a.md", "b.md", "-o", "x.html"]).ok();
    let html = std::fs::read(d.join("x.html")).unwrap();
    std::os::unix::fs::symlink("x.html", d.join("y.pdf")).unwrap();
    for output in ["x.html", "./x.html", "y.pdf"] {
        let err = cotejo_in(
            d,
            &[
                "pdf",
                "x.html",
                "-o",
                output,
                "--chromium",
                "/nonexistent/chromium",
            ],
        )
        .error()
        .to_owned();
        assert!(err.contains("would overwrite x.html"), "{output}: {err}");
        assert!(
            !err.contains("Chromium"),
            "no browser was looked for: {err}"
        );
    }
    assert_eq!(std::fs::read(d.join("x.html")).unwrap(), html);
}

#[test]
fn a_dash_is_standard_output_for_one_file_and_an_error_for_a_folder() {
    let dir = two_files();
    let d = dir.path();
    let out = report_bytes(d);
    assert!(out.starts_with("<!DOCTYPE html>"), "{out}");
    assert!(!d.join("-").exists(), "no file named `-`");
    let err = cotejo_in(d, &["report", "a.md", "b.md", "-o", "-", "--pdf"])
        .error()
        .to_owned();
    assert!(
        err.contains("--pdf") && err.contains("-o FILE.html"),
        "{err}"
    );

    let repo = drafts_repo();
    let changelog = repo.cotejo(&["changelog", "-o", "-"]).ok().to_owned();
    assert!(changelog.starts_with("<!DOCTYPE html>"));
    assert!(!repo.path().join("-").exists());
    for command in ["site", "book"] {
        let err = repo.cotejo(&[command, "-o", "-"]).error().to_owned();
        assert!(
            err.contains("standard output") && err.contains("-o DIR"),
            "{err}"
        );
        assert!(!repo.path().join("-").exists());
    }
}

#[test]
fn site_says_why_it_cannot_replace_the_folder_it_runs_in() {
    let repo = drafts_repo();
    let inside = repo.path().join("vacia");
    std::fs::create_dir(&inside).unwrap();
    for (dir, output) in [
        (&inside, "."),
        (&inside, ".."),
        (&inside.clone(), "../vacia"),
    ] {
        let err = cotejo_in(dir, &["site", "-o", output]).error().to_owned();
        assert!(
            err.contains("it is the folder cotejo runs in") && err.contains("-o DIR"),
            "{output}: {err}"
        );
        assert!(!err.contains("busy"), "{err}");
    }
    assert!(inside.is_dir());
}

/// The entries of a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn site_removes_what_a_killed_run_left_beside_its_folder_and_only_that() {
    let repo = drafts_repo();
    let out = tempfile::tempdir().unwrap();
    let o = out.path();
    let site = o.join("sitio");
    cotejo_in(repo.path(), &["site", "-o", site.to_str().unwrap()]).ok();
    let write = |path: &str, text: &str| {
        let path = o.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    // A build killed midway (the marker is written first).
    write(".cotejo-new-sitio.Ab12Cd/.cotejo-site", "marker");
    write(".cotejo-new-sitio.Ab12Cd/index.html", "half");
    // A swap killed before the old folder was removed: as an exchange leaves
    // it, as two renames leave it, and as earlier versions left it.
    write(".cotejo-new-sitio.Ex12Ch/.cotejo-site", "marker");
    write(".cotejo-old-sitio.Xy34Zw/old/.cotejo-site", "marker");
    write(".cotejo-old-Qw12Er/old/.cotejo-site", "marker");
    write(".cotejo-old-Qw12Er/old/a/b.html", "old");
    std::fs::create_dir(o.join(".cotejo-old-sitio.Em12Pt")).unwrap();
    // Not ours to remove: no marker, another folder's, not a temporary's name.
    write(".cotejo-new-sitio.Fo12Rn/notas.txt", "mine");
    write(".cotejo-new-otro.Ab12Cd/.cotejo-site", "marker");
    write(".cotejo-new-sitio.Ab12Cd.bak/.cotejo-site", "marker");
    cotejo_in(repo.path(), &["site", "-o", site.to_str().unwrap()]).ok();
    assert_eq!(
        listing(o),
        [
            ".cotejo-new-otro.Ab12Cd",
            ".cotejo-new-sitio.Ab12Cd.bak",
            ".cotejo-new-sitio.Fo12Rn",
            "sitio"
        ]
    );
    assert!(site.join("index.html").is_file());
}

#[test]
fn concurrent_site_runs_to_one_folder_all_succeed() {
    let repo = drafts_repo();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("sitio");
    let target = site.to_str().unwrap().to_owned();
    for round in 0..4 {
        let runs: Vec<_> = (0..3)
            .map(|_| {
                let (dir, target) = (repo.path().to_owned(), target.clone());
                std::thread::spawn(move || cotejo_in(&dir, &["site", "-o", &target]))
            })
            .collect();
        for run in runs {
            let run = run.join().unwrap();
            assert_eq!(run.code, 0, "round {round}: {}", run.stderr);
        }
        assert!(site.join("index.html").is_file(), "round {round}");
        assert!(site.join(".cotejo-site").is_file(), "round {round}");
        assert_eq!(
            listing(out.path()),
            ["sitio"],
            "round {round}: nothing beside"
        );
    }
}

#[test]
fn book_output_is_swapped_in_whole_too() {
    let repo = drafts_repo();
    repo.cotejo(&["book"]).ok();
    repo.cotejo(&["book"]).ok();
    assert!(repo.path().join("book/src/SUMMARY.md").is_file());
    assert_eq!(listing(&repo.path().join("book")), ["src"]);
}

/// `-o x.pdf` gives a PDF (the format follows the name): without a browser
/// it is refused before any work, saying how to get one or the HTML instead;
/// nothing is written, neither `x.pdf`, nor an HTML file, nor `x.pdf.pdf`.
/// (tests/pdf.rs prints it with a real Chromium.)
#[test]
fn an_output_named_pdf_needs_a_browser_and_leaves_nothing_without_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n\nUno.\n").unwrap();
    std::fs::write(dir.path().join("b.md"), "# A\n\nDos.\n").unwrap();
    for args in [
        &["report", "a.md", "b.md", "-o", "informe.pdf"][..],
        &["report", "a.md", "b.md", "-o", "informe.PDF", "--pdf"][..],
    ] {
        let mut args = args.to_vec();
        args.extend(["--chromium", "/nonexistent/chromium"]);
        let err = cotejo_in(dir.path(), &args).error().to_owned();
        assert!(err.contains("no headless Chromium"), "{err}");
        assert!(err.contains("--chromium PATH"), "{err}");
        assert!(err.contains("-o informe.html"), "the HTML instead: {err}");
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["a.md", "b.md"], "nothing written");
    }
}

/// The commands that write a folder refuse a name like a PDF, and `cotejo
/// pdf` refuses to write a PDF into a file named .html; nothing is written.
#[test]
fn folders_named_pdf_and_pdfs_named_html_are_refused_with_the_fix() {
    let repo = drafts_repo();
    let before = repo.fingerprint();
    for args in [
        &["site", "-o", "sitio.pdf"][..],
        &["book", "-o", "libro.pdf"][..],
    ] {
        let err = repo.cotejo(args).error().to_owned();
        assert!(err.contains("names a PDF"), "{args:?}: {err}");
        assert!(err.contains("cotejo changelog -o historial.pdf"), "{err}");
        assert!(!repo.path().join(args[2]).exists());
    }
    assert_eq!(repo.fingerprint(), before);

    let dir = two_files();
    let d = dir.path();
    cotejo_in(d, &["report", "a.md", "b.md", "-o", "x.html"]).ok();
    for output in ["copia.html", "copia.HTM"] {
        let err = cotejo_in(
            d,
            &[
                "pdf",
                "x.html",
                "-o",
                output,
                "--chromium",
                "/nonexistent/chromium",
            ],
        )
        .error()
        .to_owned();
        assert!(err.contains("names an HTML file"), "{err}");
        assert!(err.contains("-o copia.pdf"), "{err}");
        assert!(!d.join(output).exists());
    }
}
