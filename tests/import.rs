//! `cotejo import`: drafts kept as files or folders recorded as a dated
//! history with its manifest, then read by the other commands; Word drafts
//! through pandoc; and every refusal leaves the repository as it was.
//!
//! The Word test needs pandoc: it is skipped, saying so, on a machine
//! without it, except in CI (`CI` set), where its absence fails the test
//! (tests/run.sh installs Debian's `pandoc`).

mod support;

use std::path::Path;
use std::process::Command;

use git2::Repository;
use support::{Run, TestRepo};

const AUTHOR: &str = "Grupo Técnico <gt@example.org>";

/// The four drafts of a small policy: the second rewords a sentence, the
/// third adds a section, the fourth removes one.
const DRAFTS: [&str; 4] = [
    "# Política de Datos\n\n## Objetivo\n\nPublicar los datos del gobierno.\n\n## Alcance\n\nTodas las dependencias.\n",
    "# Política de Datos\n\n## Objetivo\n\nPublicar los datos abiertos del gobierno federal.\n\n## Alcance\n\nTodas las dependencias.\n",
    "# Política de Datos\n\n## Objetivo\n\nPublicar los datos abiertos del gobierno federal.\n\n## Alcance\n\nTodas las dependencias.\n\n## Seguimiento\n\nUn informe anual.\n",
    "# Política de Datos\n\n## Objetivo\n\nPublicar los datos abiertos del gobierno federal.\n\n## Seguimiento\n\nUn informe anual.\n",
];

/// Runs cotejo in `dir` with extra environment variables.
fn cotejo_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cotejo"));
    cmd.args(args).current_dir(dir).env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run cotejo");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Asserts the run was refused with an error (status 2, no panic), notices
/// before it allowed, and returns its standard error.
fn refused(run: &Run) -> &str {
    assert_eq!(
        run.code, 2,
        "expected an error:\n{}{}",
        run.stdout, run.stderr
    );
    assert!(run.stderr.contains("cotejo: error: "), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    &run.stderr
}

fn cotejo(dir: &Path, args: &[&str]) -> Run {
    cotejo_env(dir, args, &[])
}

fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Whether the repository at `dir` has nothing uncommitted (untracked files
/// included).
fn clean(dir: &Path) -> bool {
    let repo = Repository::open(dir).unwrap();
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true);
    let statuses = repo.statuses(Some(&mut options)).unwrap();
    let left: Vec<String> = statuses
        .iter()
        .map(|s| format!("{} {:?}", s.path().unwrap_or("?"), s.status()))
        .collect();
    assert!(left.is_empty(), "not clean: {left:?}");
    true
}

/// The file at `path` in the commit `rev` of `repo`.
fn at(repo: &Repository, rev: &str, path: &str) -> Option<String> {
    let commit = repo.revparse_single(rev).ok()?.peel_to_commit().ok()?;
    let entry = commit.tree().ok()?.get_path(Path::new(path)).ok()?;
    let blob = repo.find_blob(entry.id()).ok()?;
    Some(String::from_utf8_lossy(blob.content()).into_owned())
}

#[test]
fn four_drafts_kept_as_files_become_a_history_the_commands_read() {
    let work = tempfile::tempdir().unwrap();
    let drafts = work.path().join("borradores");
    // Named so that byte order is wrong: borrador_10 is the fourth.
    for (name, text) in [
        "borrador_1.md",
        "borrador_2.md",
        "borrador_3.md",
        "borrador_10.md",
    ]
    .iter()
    .zip(DRAFTS)
    {
        write(&drafts.join(name), text);
    }
    let run = cotejo(
        work.path(),
        &[
            "import",
            "borradores/borrador_10.md",
            "borradores/borrador_3.md",
            "borradores/borrador_1.md",
            "borradores/borrador_2.md",
            "--into",
            "politica",
            "--date",
            "2022-06-30",
            "--date",
            "2022-10-14",
            "--date",
            "2023-02-24",
            "--date",
            "2023-06-15",
            "--stage",
            "Grupo Técnico",
            "--stage",
            "Mesas de personas expertas",
            "--stage",
            "Foros regionales",
            "--stage",
            "Consulta pública",
            "--author",
            AUTHOR,
        ],
    );
    let said = run.ok();
    assert!(said.contains("recorded 4 draft(s) on branch"), "{said}");
    assert!(said.contains("(a new repository)"), "{said}");
    let order: Vec<&str> = said
        .lines()
        .filter(|l| l.starts_with("  borrador-"))
        .map(|l| l.rsplit("  ").next().unwrap())
        .collect();
    assert_eq!(
        order,
        [
            "borradores/borrador_1.md",
            "borradores/borrador_2.md",
            "borradores/borrador_3.md",
            "borradores/borrador_10.md"
        ],
        "{said}"
    );
    assert!(
        run.stderr
            .contains("is not in a git repository: made one there"),
        "{}",
        run.stderr
    );

    let dir = work.path().join("politica");
    assert!(clean(&dir));
    let repo = Repository::open(&dir).unwrap();
    // Each draft is a tagged commit dated by its draft, authored as asked,
    // whose message names it; the manifest is the last commit.
    for (k, date) in ["2022-06-30", "2022-10-14", "2023-02-24", "2023-06-15"]
        .iter()
        .enumerate()
    {
        let tag = format!("borrador-{}", k + 1);
        let commit = repo
            .revparse_single(&tag)
            .unwrap()
            .peel_to_commit()
            .unwrap();
        assert_eq!(at(&repo, &tag, "documento.md").unwrap(), DRAFTS[k]);
        let days = commit.time().seconds().div_euclid(86_400);
        let expected = match *date {
            "2022-06-30" => 19_173,
            "2022-10-14" => 19_279,
            "2023-02-24" => 19_412,
            _ => 19_523,
        };
        assert_eq!(days, expected, "{tag} dated {date}");
        assert_eq!(commit.author().name(), Ok("Grupo Técnico"));
        assert!(commit.message().unwrap().contains(&tag));
        if k > 0 {
            let parent = commit.parent(0).unwrap().id();
            let previous = format!("borrador-{k}");
            assert_eq!(parent, repo.revparse_single(&previous).unwrap().id());
        }
    }
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(
        head.parent(0).unwrap().id(),
        repo.revparse_single("borrador-4").unwrap().id()
    );
    let manifest = at(&repo, "HEAD", "cotejo.yaml").unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("cotejo.yaml")).unwrap(),
        manifest
    );
    assert!(
        manifest.contains("title: \"Política de Datos\""),
        "{manifest}"
    );
    assert!(
        manifest.contains("stage: \"Mesas de personas expertas\""),
        "{manifest}"
    );

    let listed = cotejo(&dir, &["drafts"]).ok().to_owned();
    for stage in ["Grupo Técnico", "Foros regionales", "Consulta pública"] {
        assert!(listed.contains(stage), "{listed}");
    }
    assert!(listed.contains("2023-02-24"), "{listed}");
    let diff = cotejo(
        &dir,
        &["diff", "borrador-1", "borrador-2", "--color", "never"],
    );
    let diff = diff.ok();
    assert!(
        diff.contains("Publicar los datos {+abiertos +}del gobierno{+ federal+}."),
        "{diff}"
    );
    let diff = cotejo(&dir, &["diff", "borrador-3", "borrador-4", "--stat"]);
    assert!(diff.ok().contains("1 removed"), "{}", diff.stdout);

    // And it is refused the second time: the manifest is there now.
    let again = cotejo(
        work.path(),
        &["import", "borradores/borrador_1.md", "--into", "politica"],
    );
    assert!(refused(&again).contains("a manifest is already there"));
}

#[test]
fn drafts_kept_as_folders_and_a_csv_table_in_its_own_order() {
    let work = tempfile::tempdir().unwrap();
    let p = work.path();
    let intro = "# Ley de Datos\n\n## Artículo 1\n\nObjeto de la ley.\n";
    write(&p.join("v1/01-titulo.md"), intro);
    write(
        &p.join("v1/02-articulos.md"),
        "## Artículo 2\n\nSe deroga.\n",
    );
    write(&p.join("v1/logo.png"), b"\x89PNG\r\n\x1a\n".as_slice());
    write(&p.join("v1/.oculto.md"), "no es parte del borrador\n");
    write(&p.join("v1/acta.pdf"), "%PDF-1.4\n");
    // The table puts "final" after "v2", whatever the names' order.
    write(
        &p.join("final/01-titulo.md"),
        intro.replace("Objeto", "El objeto"),
    );
    write(
        &p.join("final/02-articulos.md"),
        "## Artículo 2\n\nDerogado.\n",
    );
    write(&p.join("final/03-anexo.md"), "## Anexo\n\nTabla.\n");
    write(
        &p.join("v2/01-titulo.md"),
        intro.replace("Objeto", "El objeto"),
    );
    write(
        &p.join("v2/02-articulos.md"),
        "## Artículo 2\n\nSe deroga.\n",
    );
    write(
        &p.join("tabla.csv"),
        "file,date,stage,label\n\
         v1/,2021-01-10,Grupo Técnico,Primer borrador\n\
         v2,2021-03-01,\"Mesas, foros y consulta\",\n\
         final,2021-05-20,Consejo,Versión aprobada\n",
    );
    let run = cotejo(
        p,
        &[
            "import",
            "--table",
            "tabla.csv",
            "--into",
            "repo",
            "--path",
            "ley",
            "--author",
            AUTHOR,
        ],
    );
    let said = run.ok();
    assert!(said.contains("tabla.csv:4: final"), "{said}");
    assert!(
        run.stderr.contains("acta.pdf: not Markdown"),
        "{}",
        run.stderr
    );
    let dir = p.join("repo");
    assert!(clean(&dir));
    let repo = Repository::open(&dir).unwrap();
    assert!(at(&repo, "borrador-1", "ley/logo.png").is_some());
    assert!(at(&repo, "borrador-1", "ley/.oculto.md").is_none());
    assert!(at(&repo, "borrador-1", "ley/acta.pdf").is_none());
    assert!(at(&repo, "borrador-2", "ley/03-anexo.md").is_none());
    assert_eq!(
        at(&repo, "borrador-3", "ley/03-anexo.md").as_deref(),
        Some("## Anexo\n\nTabla.\n")
    );
    let manifest = std::fs::read_to_string(dir.join("cotejo.yaml")).unwrap();
    // The last draft's files are the document's; earlier drafts list theirs.
    assert!(
        manifest.contains(
            "files:\n  - \"ley/01-titulo.md\"\n  - \"ley/02-articulos.md\"\n  - \"ley/03-anexo.md\"\n"
        ),
        "{manifest}"
    );
    assert!(
        manifest.contains(
            "    files:\n      - \"ley/01-titulo.md\"\n      - \"ley/02-articulos.md\"\n"
        ),
        "{manifest}"
    );
    assert!(
        manifest.contains("title: \"Primer borrador\""),
        "{manifest}"
    );
    assert!(manifest.contains("title: \"Borrador 2\""), "{manifest}");
    assert!(
        manifest.contains("stage: \"Mesas, foros y consulta\""),
        "{manifest}"
    );

    let drafts = cotejo(&dir, &["drafts"]).ok().to_owned();
    assert!(drafts.contains("Versión aprobada"), "{drafts}");
    let diff = cotejo(
        &dir,
        &["diff", "borrador-1", "borrador-2", "--color", "never"],
    );
    assert!(
        diff.ok().contains("[-Objeto-]{+El objeto+}"),
        "{}",
        diff.stdout
    );
    let diff = cotejo(
        &dir,
        &["diff", "borrador-2", "borrador-3", "--color", "never"],
    );
    let diff = diff.ok();
    assert!(diff.contains("1 added"), "{diff}");
    assert!(diff.contains("[-Se deroga-]{+Derogado+}"), "{diff}");
}

#[test]
fn a_yaml_table_into_a_folder_of_a_repository_with_history() {
    let repo = TestRepo::new();
    repo.commit("README", &[("README.md", "# Proyecto\n")]);
    let inputs = tempfile::tempdir().unwrap();
    write(&inputs.path().join("a.md"), DRAFTS[0]);
    write(&inputs.path().join("b.md"), DRAFTS[1]);
    write(
        &inputs.path().join("borradores.yaml"),
        "- file: a.md\n  date: 2022-06-30\n  id: anteproyecto\n  title: Anteproyecto\n\
         - file: b.md\n  date: 2022-10-14\n  id: proyecto\n  stage: Consulta pública\n",
    );
    std::fs::create_dir(repo.path().join("docs")).unwrap();
    let table = inputs.path().join("borradores.yaml");
    let run = cotejo(
        &repo.path().join("docs"),
        &[
            "import",
            "--table",
            table.to_str().unwrap(),
            "--author",
            AUTHOR,
        ],
    );
    run.ok();
    assert!(clean(repo.path()));
    // On top of the history that was there; the document in docs/, the
    // manifest at the root.
    let readme = repo.repo.revparse_single("anteproyecto~1").unwrap();
    assert_eq!(
        at(&repo.repo, &readme.id().to_string(), "README.md").unwrap(),
        "# Proyecto\n"
    );
    assert_eq!(
        at(&repo.repo, "proyecto", "docs/documento.md").unwrap(),
        DRAFTS[1]
    );
    assert!(at(&repo.repo, "proyecto", "README.md").is_some());
    let manifest = std::fs::read_to_string(repo.path().join("cotejo.yaml")).unwrap();
    assert!(manifest.contains("  - \"docs/documento.md\""), "{manifest}");
    let diff = repo.cotejo(&["diff", "anteproyecto", "proyecto", "--stat"]);
    assert!(diff.ok().contains("1 modified"), "{}", diff.stdout);
}

/// Whether pandoc is here: false (skip, said) when not, except in CI.
fn pandoc() -> bool {
    let found = Command::new("pandoc")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        assert!(
            !ci,
            "CI needs pandoc: apt-get install pandoc (tests/run.sh does)"
        );
        eprintln!("skipped: pandoc is not installed (apt-get install pandoc; tests/run.sh does)");
    }
    found
}

#[test]
fn word_drafts_are_converted_with_pandoc() {
    if !pandoc() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let p = work.path();
    write(&p.join("borrador_1.md"), DRAFTS[0]);
    // A real Word file, made by pandoc from the second draft's Markdown.
    write(&p.join("fuente.md"), DRAFTS[1]);
    let made = Command::new("pandoc")
        .args(["fuente.md", "-o", "borrador_2.docx"])
        .current_dir(p)
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::remove_file(p.join("fuente.md")).unwrap();
    let run = cotejo(
        p,
        &[
            "import",
            "borrador_1.md",
            "borrador_2.docx",
            "--into",
            "repo",
            "--date",
            "2022-06-30",
            "--date",
            "2022-10-14",
            "--author",
            AUTHOR,
        ],
    );
    run.ok();
    let dir = p.join("repo");
    let repo = Repository::open(&dir).unwrap();
    let converted = at(&repo, "borrador-2", "documento.md").unwrap();
    assert!(converted.contains("## Objetivo"), "{converted}");
    let diff = cotejo(
        &dir,
        &["diff", "borrador-1", "borrador-2", "--color", "never"],
    );
    let diff = diff.ok();
    assert!(
        diff.contains("Publicar los datos {+abiertos +}del gobierno{+ federal+}."),
        "{diff}"
    );
    assert!(diff.contains("1 modified"), "{diff}");
}

#[test]
fn without_pandoc_a_word_draft_is_refused_before_anything_is_made() {
    let work = tempfile::tempdir().unwrap();
    let p = work.path();
    write(&p.join("borrador_1.md"), DRAFTS[0]);
    write(
        &p.join("borrador_2.docx"),
        b"PK\x03\x04 not really".as_slice(),
    );
    let run = cotejo_env(
        p,
        &[
            "import",
            "borrador_1.md",
            "borrador_2.docx",
            "--into",
            "repo",
        ],
        &[("PANDOC", "/nonexistent/pandoc")],
    );
    let said = refused(&run);
    assert!(said.contains("borrador_2.docx"), "{said}");
    assert!(said.contains("apt-get install pandoc"), "{said}");
    assert!(said.contains("/nonexistent/pandoc"), "{said}");
    assert!(!p.join("repo").exists(), "nothing is made");
}

#[test]
fn a_repository_with_uncommitted_changes_is_refused_untouched() {
    let repo = TestRepo::new();
    repo.commit("uno", &[("notas.txt", "uno\n")]);
    repo.write("notas.txt", "dos\n");
    let inputs = tempfile::tempdir().unwrap();
    write(&inputs.path().join("b1.md"), DRAFTS[0]);
    let before = repo.fingerprint();
    let draft = inputs.path().join("b1.md");
    let run = repo.cotejo(&["import", draft.to_str().unwrap(), "--date", "2022-01-01"]);
    let said = refused(&run);
    assert!(said.contains("uncommitted changes (notas.txt)"), "{said}");
    assert!(said.contains("git stash"), "{said}");
    assert_eq!(repo.fingerprint(), before);
    assert!(!repo.path().join("documento.md").exists());
    assert!(!repo.path().join("cotejo.yaml").exists());
}

#[test]
fn a_draft_that_fails_late_leaves_no_partial_history() {
    let repo = TestRepo::new();
    repo.commit("uno", &[("README.md", "# R\n")]);
    let inputs = tempfile::tempdir().unwrap();
    let p = inputs.path();
    write(&p.join("b1.md"), DRAFTS[0]);
    write(&p.join("b2.md"), DRAFTS[1]);
    // The third draft is UTF-16: found only when it is read, after the
    // first two were.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("# Política\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    write(&p.join("b3.md"), utf16);
    let before = repo.fingerprint();
    let objects = count_objects(repo.path());
    let run = repo.cotejo(&[
        "import",
        p.join("b1.md").to_str().unwrap(),
        p.join("b2.md").to_str().unwrap(),
        p.join("b3.md").to_str().unwrap(),
        "--date",
        "2022-01-01",
        "--date",
        "2022-02-01",
        "--date",
        "2022-03-01",
    ]);
    let said = refused(&run);
    assert!(said.contains("b3.md") && said.contains("UTF-16"), "{said}");
    assert_eq!(repo.fingerprint(), before);
    assert_eq!(count_objects(repo.path()), objects, "no object was written");

    // Nor when a draft is not a document at all, or the dates go backwards.
    write(&p.join("b4.pdf"), "%PDF");
    let run = repo.cotejo(&[
        "import",
        p.join("b1.md").to_str().unwrap(),
        p.join("b4.pdf").to_str().unwrap(),
    ]);
    assert!(
        refused(&run).contains("import the Word or Markdown file"),
        "{}",
        run.stderr
    );
    let run = repo.cotejo(&[
        "import",
        p.join("b1.md").to_str().unwrap(),
        p.join("b2.md").to_str().unwrap(),
        "--date",
        "2022-05-01",
        "--date",
        "2022-02-01",
    ]);
    assert!(
        refused(&run).contains("before the draft before it"),
        "{}",
        run.stderr
    );
    let run = repo.cotejo(&[
        "import",
        p.join("b1.md").to_str().unwrap(),
        "--date",
        "30/06/2022",
    ]);
    assert!(refused(&run).contains("YYYY-MM-DD"), "{}", run.stderr);
    let run = repo.cotejo(&[
        "import",
        p.join("b1.md").to_str().unwrap(),
        p.join("b2.md").to_str().unwrap(),
        "--stage",
        "Solo una",
    ]);
    assert!(
        refused(&run).contains("2 draft(s) and 1 --stage"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.fingerprint(), before);
}

/// The loose objects of the repository at `dir`.
fn count_objects(dir: &Path) -> usize {
    let objects = dir.join(".git/objects");
    std::fs::read_dir(objects)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().len() == 2)
        .map(|e| std::fs::read_dir(e.path()).unwrap().count())
        .sum()
}

#[test]
fn what_is_in_the_way_is_refused() {
    let repo = TestRepo::new();
    let first = repo.commit("uno", &[("documento.md", "# Ya existe\n")]);
    let inputs = tempfile::tempdir().unwrap();
    let draft = inputs.path().join("b1.md");
    write(&draft, DRAFTS[0]);
    let d = draft.to_str().unwrap();
    let run = repo.cotejo(&["import", d, "--date", "2022-01-01"]);
    assert!(
        refused(&run).contains("documento.md is already there"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--path"), "{}", run.stderr);

    // A folder that does not exist yet, inside the repository: refused, not
    // guessed (a repository nested in it, or commits on it).
    let run = repo.cotejo(&[
        "import",
        d,
        "--date",
        "2022-01-01",
        "--into",
        "nueva/carpeta",
    ]);
    assert!(
        refused(&run).contains("make the folder first"),
        "{}",
        run.stderr
    );
    assert!(!repo.path().join("nueva").exists());

    repo.tag("borrador-1", first);
    let run = repo.cotejo(&["import", d, "--date", "2022-01-01", "--path", "otro.md"]);
    assert!(
        refused(&run).contains("the tag `borrador-1` is already there"),
        "{}",
        run.stderr
    );
    let before = repo.fingerprint();
    // Without tags it goes through.
    let run = repo.cotejo(&[
        "import",
        d,
        "--date",
        "2022-01-01",
        "--path",
        "otro.md",
        "--no-tags",
        "--author",
        AUTHOR,
    ]);
    run.ok();
    assert_ne!(repo.fingerprint(), before);
    assert!(clean(repo.path()));
    assert_eq!(
        repo.repo.revparse_single("borrador-1").unwrap().id(),
        first,
        "the tag that was there is kept"
    );
}

#[test]
fn quiet_and_verbose_change_only_what_is_said_on_standard_error() {
    let work = tempfile::tempdir().unwrap();
    let p = work.path();
    write(&p.join("b1.md"), DRAFTS[0]);
    write(&p.join("b2.md"), DRAFTS[1]);
    let args = |into: &'static str, extra: &'static str| {
        let mut a = vec![
            "import",
            "b1.md",
            "b2.md",
            "--into",
            into,
            "--author",
            AUTHOR,
            "--date",
            "2022-01-01",
            "--date",
            "2022-02-01",
        ];
        if !extra.is_empty() {
            a.insert(0, extra);
        }
        a
    };
    // Quiet: no notice; the same output.
    let loud = cotejo(p, &args("uno", ""));
    let quiet = cotejo(p, &args("dos", "--quiet"));
    assert!(loud.stderr.contains("made one there"), "{}", loud.stderr);
    assert_eq!(quiet.stderr, "", "quiet says nothing");
    assert_eq!(
        loud.ok().replace("uno", "X"),
        quiet.ok().replace("dos", "X"),
    );
    // The same commits: dates, author and text make them.
    let ids = |dir: &str| {
        let r = Repository::open(p.join(dir)).unwrap();
        r.revparse_single("borrador-2").unwrap().id()
    };
    assert_eq!(ids("uno"), ids("dos"));

    let verbose = cotejo(p, &args("tres", "--verbose"));
    assert_eq!(
        loud.ok().replace("uno", "X"),
        verbose.ok().replace("tres", "X"),
    );
    for expected in [
        "b1.md: read ",
        "as documento.md",
        "commit ",
        ": Borrador 2 (borrador-2)",
        "the drafts and the manifest",
        "made one there",
    ] {
        assert!(
            verbose.stderr.contains(expected),
            "{expected:?} in {}",
            verbose.stderr
        );
    }

    // Verbose says what is read and written, and the output stays the same bytes.
    let dir = p.join("uno");
    let plain = cotejo(
        &dir,
        &["report", "borrador-1", "borrador-2", "-o", "a.html"],
    );
    let verbose = cotejo(
        &dir,
        &["-v", "report", "borrador-1", "borrador-2", "-o", "b.html"],
    );
    assert_eq!(plain.ok().replace("a.html", "b.html"), verbose.ok());
    assert_eq!(plain.stderr, "");
    let said = &verbose.stderr;
    for expected in [
        "cotejo: manifest ",
        "cotejo.yaml: 2 draft(s), 1 file(s)",
        "cotejo: repository ",
        "cotejo: borrador-1: commit ",
        ", documento.md",
        "cotejo: writing b.html (",
        "cotejo: took ",
    ] {
        assert!(said.contains(expected), "{expected:?} in {said}");
    }
    assert_eq!(
        std::fs::read(dir.join("a.html")).unwrap(),
        std::fs::read(dir.join("b.html")).unwrap()
    );
    let diff = ["diff", "borrador-1", "borrador-2", "--color", "never"];
    let plain = cotejo(&dir, &diff);
    let quiet = cotejo(&dir, &[&["-q"], diff.as_slice()].concat());
    let verbose = cotejo(&dir, &[&["--verbose"], diff.as_slice()].concat());
    assert_eq!(plain.ok(), quiet.ok());
    assert_eq!(plain.ok(), verbose.ok());
    assert!(quiet.stderr.is_empty());
    // Errors are said whatever the level.
    let run = cotejo(&dir, &["-q", "diff", "borrador-1", "borrador-9"]);
    assert!(refused(&run).contains("borrador-9"));
    let run = cotejo(&dir, &["-q", "-v", "drafts"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}

#[test]
fn init_finds_the_imported_drafts_by_their_tags() {
    let work = tempfile::tempdir().unwrap();
    let p = work.path();
    for (k, text) in DRAFTS.iter().enumerate() {
        write(&p.join(format!("b{}.md", k + 1)), text);
    }
    let run = cotejo(
        p,
        &[
            "import",
            "b1.md",
            "b2.md",
            "b3.md",
            "b4.md",
            "--into",
            "repo",
            "--author",
            AUTHOR,
            "--date",
            "2022-01-01",
            "--date",
            "2022-02-01",
            "--date",
            "2022-03-01",
            "--date",
            "2022-04-01",
        ],
    );
    run.ok();
    // Without the manifest, `cotejo init` proposes the same four drafts.
    let dir = p.join("repo");
    std::fs::remove_file(dir.join("cotejo.yaml")).unwrap();
    let shown = cotejo(&dir, &["init"]).ok().to_owned();
    let ids: Vec<&str> = shown
        .lines()
        .filter_map(|l| l.strip_prefix("  - id: "))
        .collect();
    assert_eq!(
        ids,
        [
            "\"borrador-1\"",
            "\"borrador-2\"",
            "\"borrador-3\"",
            "\"borrador-4\""
        ],
        "{shown}"
    );
    assert!(shown.contains("  - \"documento.md\""), "{shown}");
}
