//! `cotejo verify`: every report, changelog, JSON comparison and site carries
//! its provenance, and verify makes it again from the repository: a faithful
//! file passes, a hand-edited one or one whose draft was re-pointed fails,
//! naming what moved.

mod support;

use std::path::Path;

use support::TestRepo;

const OLD: &str = "# Objeto\n\nLa política establece principios comunes para la apertura de datos.\n\n## Alcance\n\nAplica a los sujetos obligados del país.\n";
const NEW: &str = "# Objeto\n\nLa política establece principios comunes para la apertura de datos públicos.\n\n## Alcance\n\nAplica a los sujetos obligados de todo el país.\n";
const THIRD: &str = "# Objeto\n\nLa política fija principios.\n\n## Alcance\n\nAplica a todos.\n";

/// A project of two drafts (and a third commit no draft names yet).
fn project() -> (TestRepo, String) {
    let repo = TestRepo::new();
    let a = repo.commit("uno", &[("policy/doc.md", OLD)]);
    let b = repo.commit("dos", &[("policy/doc.md", NEW)]);
    let c = repo.commit("tres", &[("policy/doc.md", THIRD)]);
    repo.write("policy/pnda.yaml", manifest(&a.to_string(), &b.to_string()));
    (repo, c.to_string())
}

fn manifest(a: &str, b: &str) -> String {
    format!(
        "title: Política de ejemplo\nlanguage: es\nfiles: [doc.md]\ndrafts:\n\
         - {{id: b1, title: Uno, date: 2022-01-01, stage: Grupo, ref: {a}}}\n\
         - {{id: b2, title: Dos, date: 2022-02-01, stage: Mesas, ref: {b}}}\n"
    )
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn a_faithful_report_passes_and_a_tampered_one_fails() {
    let (repo, _) = project();
    let report = repo.path().join("informe.html");
    repo.cotejo(&["report", "b1", "b2", "-o", report.to_str().unwrap()])
        .ok();
    let html = read(&report);
    // The provenance, for machines and for readers.
    assert!(html.contains("<script type=\"application/json\" id=\"_cotejo-provenance\">"));
    assert!(html.contains("<summary>Verificación</summary>"), "{html}");
    assert!(html.contains("cotejo report b1 b2 --lang es"));
    let said = repo.cotejo(&["verify", "informe.html"]).ok().to_owned();
    assert!(
        said.contains("informe.html: matches the repository"),
        "{said}"
    );

    // One word changed by hand in a section's text.
    std::fs::write(&report, html.replacen("públicos", "privados", 1)).unwrap();
    let run = repo.cotejo(&["verify", "informe.html"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("does not match the repository"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("«objeto»"), "{}", run.stdout);
}

#[test]
fn a_draft_pointed_at_another_commit_is_caught() {
    let (repo, third) = project();
    repo.cotejo(&["diff", "b1", "b2", "--format", "json"]).ok();
    let json = repo
        .cotejo(&["diff", "b1", "b2", "--format", "json"])
        .ok()
        .to_owned();
    std::fs::write(repo.path().join("cambios.json"), &json).unwrap();
    let provenance = &repo
        .cotejo(&["diff", "b1", "b2", "--format", "json"])
        .json()["provenance"];
    assert_eq!(provenance["args"][0], "diff");
    assert_eq!(provenance["versions"][1]["label"], "b2");
    assert_eq!(
        provenance["versions"][1]["tree"].as_str().unwrap().len(),
        40
    );
    let said = repo.cotejo(&["verify", "cambios.json"]).ok().to_owned();
    assert!(said.contains("matches the repository"), "{said}");

    // b2 now names the third commit: the file no longer says what b2 is.
    let manifest_now = read(&repo.path().join("policy/pnda.yaml"));
    let b2 = manifest_now.lines().last().unwrap().to_owned();
    let old_ref = b2.split("ref: ").nth(1).unwrap().trim_end_matches('}');
    std::fs::write(
        repo.path().join("policy/pnda.yaml"),
        manifest_now.replace(old_ref, &third),
    )
    .unwrap();
    let run = repo.cotejo(&["verify", "cambios.json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("«b2» was commit"), "{}", run.stdout);
    assert!(run.stdout.contains(&third), "{}", run.stdout);
}

#[test]
fn a_changelog_and_a_site_are_verified_whole() {
    let (repo, _) = project();
    repo.cotejo(&["changelog", "-o", "historial.html"]).ok();
    let html = read(&repo.path().join("historial.html"));
    // On paper the verification is printed open.
    assert!(
        html.contains("<details class=\"verification\" open>"),
        "{html}"
    );
    let said = repo.cotejo(&["verify", "historial.html"]).ok().to_owned();
    assert!(said.contains("matches the repository"), "{said}");

    repo.cotejo(&["site", "-o", "sitio"]).ok();
    let said = repo.cotejo(&["verify", "sitio"]).ok().to_owned();
    assert!(said.contains("sitio: matches the repository"), "{said}");
    let page = repo.path().join("sitio/index.html");
    assert!(read(&page).contains("id=\"_cotejo-provenance\""));
    // One page alone, against the same page of the site made again.
    let said = repo.cotejo(&["verify", "sitio/index.html"]).ok().to_owned();
    assert!(said.contains("matches the repository"), "{said}");
    // A hidden file is the site's too (an .htaccess can redirect it all).
    std::fs::write(
        repo.path().join("sitio/.htaccess"),
        "Redirect 301 / https://x/",
    )
    .unwrap();
    let run = repo.cotejo(&["verify", "sitio"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(".htaccess is not cotejo's"),
        "{}",
        run.stdout
    );
    std::fs::remove_file(repo.path().join("sitio/.htaccess")).unwrap();
    let extra = repo.path().join("sitio/otra.html");
    std::fs::write(&extra, "<p>no es de cotejo</p>").unwrap();
    let run = repo.cotejo(&["verify", "sitio"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("otra.html is not cotejo's"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_file_without_provenance_is_said_so() {
    let (repo, _) = project();
    std::fs::write(repo.path().join("nota.html"), "<p>Hola</p>").unwrap();
    let err = repo.cotejo(&["verify", "nota.html"]).error().to_owned();
    assert!(err.contains("cannot verify nota.html"), "{err}");
    assert!(err.contains("carries no provenance"), "{err}");
}

/// A commit signed with an SSH key: the signature made by `ssh-keygen -Y
/// sign` over `data` (`good`), or over other bytes (`bad`).
fn ssh_signed_commit(repo: &TestRepo, good: bool) -> Option<String> {
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("clave");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&key)
        .status();
    if !made.is_ok_and(|s| s.success()) {
        println!("skipped: ssh-keygen is not on this machine");
        return None;
    }
    let r = &repo.repo;
    let head = r.head().unwrap().peel_to_commit().unwrap();
    let who = git2::Signature::new(
        "Grupo Técnico",
        "gt@example.org",
        &git2::Time::new(1_700_000_000, 0),
    )
    .unwrap();
    let buffer = r
        .commit_create_buffer(&who, &who, "firmado", &head.tree().unwrap(), &[&head])
        .unwrap();
    let data = keys.path().join("datos");
    let signed = if good {
        buffer.to_vec()
    } else {
        b"otro texto".to_vec()
    };
    std::fs::write(&data, signed).unwrap();
    let status = std::process::Command::new("ssh-keygen")
        .args(["-Y", "sign", "-n", "git", "-f"])
        .arg(&key)
        .arg(&data)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let signature = std::fs::read_to_string(data.with_extension("sig")).unwrap();
    let oid = r
        .commit_signed(std::str::from_utf8(&buffer).unwrap(), &signature, None)
        .unwrap();
    Some(oid.to_string())
}

/// Where a draft's commit is signed, verify says whether the signature
/// holds and by which key; an unsigned one is said plainly.
#[test]
fn verify_says_whether_each_drafts_commit_is_signed() {
    let (repo, _) = project();
    let (Some(good), Some(bad)) = (
        ssh_signed_commit(&repo, true),
        ssh_signed_commit(&repo, false),
    ) else {
        return;
    };
    let manifest_now = read(&repo.path().join("policy/pnda.yaml"));
    let b2 = manifest_now.lines().last().unwrap().to_owned();
    let old_ref = b2
        .split("ref: ")
        .nth(1)
        .unwrap()
        .trim_end_matches('}')
        .to_owned();
    let b1 = manifest_now.lines().rev().nth(1).unwrap().to_owned();
    let first_ref = b1
        .split("ref: ")
        .nth(1)
        .unwrap()
        .trim_end_matches('}')
        .to_owned();
    for (signed, says) in [
        (&good, "signed (SSH), signature good, key SHA256:"),
        (&bad, "signed (SSH), signature BAD"),
    ] {
        std::fs::write(
            repo.path().join("policy/pnda.yaml"),
            manifest_now.replace(&old_ref, signed),
        )
        .unwrap();
        let json = repo
            .cotejo(&["diff", "b1", "b2", "--format", "json"])
            .ok()
            .to_owned();
        std::fs::write(repo.path().join("cambios.json"), &json).unwrap();
        let said = repo.cotejo(&["verify", "cambios.json"]).ok().to_owned();
        assert!(said.contains(&format!("b1: commit {first_ref}")), "{said}");
        assert!(said.contains("; not signed"), "{said}");
        assert!(said.contains(says), "{said}");
    }
}

/// The provenance is read from an untrusted file: a recorded command that
/// cotejo never records (one that writes elsewhere, or another command) is
/// refused, not run.
#[test]
fn a_forged_command_is_refused_not_run() {
    let (repo, _) = project();
    let json = repo
        .cotejo(&["diff", "b1", "b2", "--format", "json"])
        .ok()
        .to_owned();
    let target = repo.path().join("no-debe-existir");
    for forged in [
        format!(
            r#""args": ["report", "b1", "b2", "-o", "{}"]"#,
            target.display()
        ),
        r#""args": ["check"]"#.to_owned(),
        r#""args": ["verify", "cambios.json"]"#.to_owned(),
        r#""args": ["report", "b1", "b2", "--pdf"]"#.to_owned(),
    ] {
        let start = json.find(r#""args": ["#).unwrap();
        let end = start + json[start..].find(']').unwrap() + 1;
        let edited = format!("{}{}{}", &json[..start], forged, &json[end..]);
        std::fs::write(repo.path().join("cambios.json"), edited).unwrap();
        let err = repo.cotejo(&["verify", "cambios.json"]).error().to_owned();
        assert!(err.contains("is not one cotejo records"), "{forged}: {err}");
        assert!(!target.exists());
    }
}

/// Verify vouches only for what the repository holds: a report of two files
/// outside git, or one made with custom templates (which decide what the
/// page shows), is refused, not said to match.
#[test]
fn what_the_repository_cannot_vouch_for_is_refused() {
    let (repo, _) = project();
    repo.write("fuera/a.md", OLD).write("fuera/b.md", NEW);
    repo.cotejo(&["report", "fuera/a.md", "fuera/b.md", "-o", "archivos.html"])
        .ok();
    let err = repo.cotejo(&["verify", "archivos.html"]).error().to_owned();
    assert!(err.contains("read from a file outside git"), "{err}");

    let templates = repo.path().join("plantillas");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("_section.html"), "<p>Sin cambios.</p>").unwrap();
    repo.cotejo(&[
        "report",
        "b1",
        "b2",
        "--templates",
        templates.to_str().unwrap(),
        "-o",
        "propio.html",
    ])
    .ok();
    let err = repo.cotejo(&["verify", "propio.html"]).error().to_owned();
    assert!(err.contains("custom templates"), "{err}");
    let err = repo
        .cotejo(&["--manifest", "policy/pnda.yaml", "verify", "propio.html"])
        .error()
        .to_owned();
    assert!(err.contains("takes no --manifest"), "{err}");
}

/// A manifest named from a subfolder is recorded from the repository's root,
/// so the file is verified from any folder of the repository.
#[test]
fn a_manifest_named_from_a_subfolder_is_found_from_any_folder() {
    let (repo, _) = project();
    let policy = repo.path().join("policy");
    let json = support::cotejo_in(
        &policy,
        &[
            "--manifest",
            "pnda.yaml",
            "diff",
            "b1",
            "b2",
            "--format",
            "json",
        ],
    )
    .ok()
    .to_owned();
    assert!(
        json.contains("\"--manifest\",\n      \"policy/pnda.yaml\""),
        "{json}"
    );
    std::fs::write(policy.join("cambios.json"), &json).unwrap();
    for dir in [repo.path().to_owned(), policy.clone()] {
        let said = support::cotejo_in(
            &dir,
            &["verify", policy.join("cambios.json").to_str().unwrap()],
        )
        .ok()
        .to_owned();
        assert!(said.contains("matches the repository"), "{said}");
    }
}
