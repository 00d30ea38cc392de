//! The manifest's `approval` record: validated with the file, line and fix,
//! and shown by `cotejo drafts`, the site's home and process line, and the
//! changelog.

mod support;

use support::TestRepo;

const APPROVAL: &str = "    approval:
      body: \"Consejo Nacional\"
      session: \"Segunda Sesión Ordinaria de 2023\"
      date: 2023-10-09
      vote: unanimidad
      agreement: \"ACUERDO/ORD02/2023-04\"
      illustrative: [session, agreement]
      publication:
        name: \"Diario Oficial de la Federación\"
        date: 2023-11-10
        url: \"https://www.dof.gob.mx/\"
";

/// Two drafts; `first` and `second` are appended to each draft's entry.
fn repo(first: &str, second: &str) -> TestRepo {
    let repo = TestRepo::new();
    let one = repo.commit(
        "uno",
        &[("policy/doc/01.md", "# Documento\n\n## 1. Uno\n\nTexto.\n")],
    );
    let two = repo.commit(
        "dos",
        &[(
            "policy/doc/01.md",
            "# Documento\n\n## 1. Uno\n\nTexto aprobado.\n",
        )],
    );
    repo.write(
        "policy/pnda.yaml",
        format!(
            "title: Documento\nlanguage: es\nfiles:\n  - doc/01.md\ndrafts:\n\
             \x20 - id: borrador-1\n    title: Primer borrador\n    date: 2023-07-28\n    stage: Consulta\n    ref: {one}\n{first}\
             \x20 - id: aprobada\n    title: Versión aprobada\n    date: 2023-10-09\n    stage: Consejo Nacional\n    ref: {two}\n{second}"
        ),
    );
    repo
}

fn with(replace: &str, by: &str) -> String {
    assert!(APPROVAL.contains(replace), "{replace}");
    APPROVAL.replace(replace, by)
}

#[test]
fn the_record_is_shown_by_drafts_in_a_line_and_in_json() {
    let repo = repo("", APPROVAL);
    let out = repo.cotejo(&["drafts"]).ok().to_owned();
    assert!(
        out.contains(
            "aprobada approved by Consejo Nacional, Segunda Sesión Ordinaria de 2023 (illustrative), \
             on 2023-10-09, vote: unanimidad; agreement ACUERDO/ORD02/2023-04 (illustrative); \
             published in Diario Oficial de la Federación on 2023-11-10: https://www.dof.gob.mx/"
        ),
        "{out}"
    );
    let json = repo.cotejo(&["drafts", "--json"]).json();
    assert!(json[0].get("approval").is_none(), "{json}");
    let a = &json[1]["approval"];
    assert_eq!(a["vote"], "unanimidad");
    assert_eq!(a["publication"]["date"], "2023-11-10");
    assert_eq!(
        a["illustrative"],
        serde_json::json!(["session", "agreement"])
    );
}

#[test]
fn the_record_is_on_the_sites_home_and_process_line() {
    let repo = repo("", APPROVAL);
    repo.cotejo(&["site", "-o", "sitio"]).ok();
    let home = std::fs::read_to_string(repo.path().join("sitio/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&home);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let text = |s: &str| -> Vec<String> {
        doc.select(&sel(s))
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    assert_eq!(
        text(".stages .stage-approval"),
        [
            "9 de octubre de 2023 Aprobación: Consejo Nacional (unanimidad) → registro de la aprobación"
        ]
    );
    assert_eq!(
        text(".stages .stage-publication"),
        [
            "10 de noviembre de 2023 Publicación en el Diario Oficial de la Federación → https://www.dof.gob.mx/"
        ]
    );
    let record = text(".approval-record dd");
    assert_eq!(record[1], "Segunda Sesión Ordinaria de 2023 (ilustrativo)");
    assert_eq!(record[3], "unanimidad");
    assert_eq!(record[4], "ACUERDO/ORD02/2023-04 (ilustrativo)");
    let link = doc
        .select(&sel(".approval-record a[rel~=external]"))
        .next()
        .unwrap();
    assert_eq!(link.value().attr("href"), Some("https://www.dof.gob.mx/"));
    assert!(
        home.contains("no son los oficiales"),
        "the illustrative marks are explained"
    );
}

#[test]
fn the_record_is_in_the_changelog() {
    let repo = repo("", APPROVAL);
    repo.cotejo(&["changelog", "-o", "historial.html", "--lang", "en"])
        .ok();
    let html = std::fs::read_to_string(repo.path().join("historial.html")).unwrap();
    assert!(
        html.contains("<h2>Approval: Versión aprobada</h2>"),
        "{html}"
    );
    assert!(html.contains(
        "<dt>Approval</dt><dd>Consejo Nacional, <time datetime=\"2023-10-09\">9 October 2023</time>"
    ));
    let doc = scraper::Html::parse_document(&html);
    let dd = scraper::Selector::parse("dl.approval dd").unwrap();
    let agreement: String = doc.select(&dd).nth(4).unwrap().text().collect();
    assert_eq!(agreement, "ACUERDO/ORD02/2023-04 (illustrative)");
}

#[test]
fn no_record_shows_nothing() {
    let repo = repo("", "");
    let out = repo.cotejo(&["drafts"]).ok().to_owned();
    assert!(!out.contains("approved by"), "{out}");
    repo.cotejo(&["site", "-o", "sitio"]).ok();
    let home = std::fs::read_to_string(repo.path().join("sitio/index.html")).unwrap();
    assert!(!home.contains("stage-approval"));
    assert!(!home.contains("approval-record"));
}

/// `cotejo drafts` fails (status 2) naming the manifest's line and `needle`.
fn refused(first: &str, second: &str, line: u32, needle: &str) {
    let repo = repo(first, second);
    let err = repo.cotejo(&["drafts"]).error().to_owned();
    assert!(
        err.contains(&format!("pnda.yaml:{line}: ")) && err.contains(needle),
        "expected line {line} and {needle:?} in:\n{err}"
    );
    // Every command reads the manifest the same way.
    repo.cotejo(&["check"]).error();
}

#[test]
fn a_bad_date_is_refused_with_its_line_and_the_form() {
    // The approval's date is line 19 of the manifest, the publication's line 25.
    refused(
        "",
        &with("date: 2023-10-09", "date: 9 de octubre de 2023"),
        19,
        "`approval.date: 9 de octubre de 2023` of draft `aprobada` is not a date: write it as YYYY-MM-DD",
    );
    refused(
        "",
        &with("date: 2023-11-10", "date: 2023-11-31"),
        25,
        "`approval.publication.date: 2023-11-31` of draft `aprobada` is not a date",
    );
}

#[test]
fn dates_out_of_order_are_refused() {
    refused(
        "",
        &with("date: 2023-11-10", "date: 2023-10-01"),
        25,
        "draft `aprobada` is published on 2023-10-01 before it was approved on 2023-10-09",
    );
    refused(
        "",
        &with("date: 2023-10-09", "date: 2023-09-30"),
        19,
        "draft `aprobada` is approved on 2023-09-30 before its own date, 2023-10-09",
    );
}

#[test]
fn a_link_that_is_not_http_is_refused() {
    for url in [
        "javascript:alert(1)",
        "www.dof.gob.mx",
        "https://dof.gob.mx/a b",
        "",
    ] {
        refused(
            "",
            &with("https://www.dof.gob.mx/", url),
            26,
            "`approval.publication.url` of draft `aprobada` must be an http or https link",
        );
    }
}

#[test]
fn an_empty_field_is_refused() {
    refused(
        "",
        &with("vote: unanimidad", "vote: \"\""),
        20,
        "`approval.vote` of draft `aprobada` is empty",
    );
}

#[test]
fn an_unknown_illustrative_field_or_key_is_refused() {
    let repo = repo("", &with("[session, agreement]", "[session, fecha]"));
    let err = repo.cotejo(&["drafts"]).error().to_owned();
    assert!(
        err.contains("pnda.yaml:22:") && err.contains("fecha"),
        "{err}"
    );
    let repo = repo_with_extra_key();
    let err = repo.cotejo(&["drafts"]).error().to_owned();
    assert!(
        err.contains("pnda.yaml:") && err.contains("quorum"),
        "{err}"
    );
}

fn repo_with_extra_key() -> TestRepo {
    repo(
        "",
        &with("vote: unanimidad\n", "vote: unanimidad\n      quorum: 32\n"),
    )
}

#[test]
fn the_record_is_only_on_the_last_draft_and_only_once() {
    // On the first draft only: another draft comes after it.
    refused(
        APPROVAL,
        "",
        14,
        "draft `borrador-1` has an `approval` but draft `aprobada` comes after it: the approved \
         text is the last version",
    );
    // On both: the second is named, with the line of the first.
    refused(
        APPROVAL,
        APPROVAL,
        30,
        "draft `aprobada` has an `approval` but draft `borrador-1` already has one (line 14)",
    );
}

#[test]
fn the_record_is_text_never_markup() {
    let hostile = with(
        "body: \"Consejo Nacional\"",
        "body: \"<script>alert(1)</script><b>x</b>\"",
    )
    .replace(
        "https://www.dof.gob.mx/",
        "https://dof.gob.mx/\\\"onmouseover=alert(1)",
    );
    // A quote in the link is refused: the link goes into an attribute.
    let refused = repo("", &hostile);
    let err = refused.cotejo(&["drafts"]).error().to_owned();
    assert!(err.contains("must be an http or https link"), "{err}");
    let hostile = with(
        "body: \"Consejo Nacional\"",
        "body: \"<script>alert(1)</script><b>x</b>\"",
    );
    let repo = repo("", &hostile);
    repo.cotejo(&["site", "-o", "sitio"]).ok();
    repo.cotejo(&["changelog", "-o", "historial.html"]).ok();
    for page in ["sitio/index.html", "historial.html"] {
        let html = std::fs::read_to_string(repo.path().join(page)).unwrap();
        assert!(!html.contains("<script>alert"), "{page}");
        assert!(!html.contains("<b>x"), "{page}");
        assert!(html.contains("&lt;script&gt;alert(1)"), "{page}");
    }
}
