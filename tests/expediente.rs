//! `cotejo expediente`: the review dossier of one draft, through the CLI, on
//! a small project of three drafts (notes, a consultation of the second) and
//! on the sample: its parts, its folios, the gaps a missing note leaves, its
//! labels in English, its errors, `cotejo verify` on it, and its PDF.

mod support;

use std::path::Path;
use std::process::Command;

use support::{TestRepo, cotejo_in, printing_tools};

const B1: &str = "# Política de ejemplo\n\n## 1. Objetivo\n\nPublicar datos abiertos.\n\n\
                  ## 2. Alcance\n\nTodas las dependencias.\n\n## 3. Plazos\n\nUn año.\n";
const B2: &str = "# Política de ejemplo\n\n## 1. Objetivo\n\nPublicar datos abiertos de calidad.\n\n\
                  ## 2. Alcance\n\nTodas las dependencias.\n\n## 3. Participación\n\n\
                  Mesas con la sociedad civil.\n\n## 4. Plazos\n\nUn año.\n";
const B3: &str = "# Política de ejemplo\n\n## 1. Objetivo\n\nPublicar datos abiertos de calidad.\n\n\
                  ## 2. Alcance\n\nTodas las dependencias y los municipios.\n\n## 3. Participación\n\n\
                  Mesas con la sociedad civil.\n\n## 4. Plazos\n\nDos años.\n";

const NOTES_2: &str = r#"draft: borrador-2
previous: borrador-1
notes:
  - section: objetivo
    change: "Se pide calidad."
    why: "Lo propuso la mesa."
    source: {kind: mesa-expertos, name: "Mesa 1", date: 2022-09-01}
  - section: participacion
    change: "Nueva sección de participación."
    why: "Lo pidió el foro."
    source: {kind: foro-regional, name: "Foro del norte"}
"#;

const NOTE_ALCANCE: &str = r#"  - section: alcance
    change: "Se añaden los municipios."
    why: "Lo pidió una organización."
    source: {kind: consulta-publica, name: "Consulta 2023", folios: [CP-0001]}
"#;

const NOTE_PLAZOS: &str = r#"  - section: plazos
    change: "Dos años en lugar de uno."
    why: "Un año no alcanza."
    source: {kind: consulta-publica, name: "Consulta 2023", folios: [CP-0002]}
"#;

const CONSULTATION: &str = r#"consultation:
  title: "Consulta del segundo borrador"
  draft: borrador-2
  result: borrador-3
  opened: 2023-03-01
  closed: 2023-04-30
comments:
  - {folio: CP-0001, date: 2023-03-02, participant: organizacion-sociedad-civil, section: alcance, text: "Incluir a los municipios.", outcome: procedente, response: "Procedente. Se incluyen."}
  - {folio: CP-0002, date: 2023-03-03, participant: persona, section: plazos, text: "Un año es poco.", outcome: parcialmente-procedente, response: "Parcialmente procedente. Dos años."}
  - {folio: CP-0003, date: 2023-03-04, participant: academia, section: objetivo, text: "Quitar la palabra calidad.", outcome: no-procedente, response: "No procedente: la calidad es el propósito de la política."}
"#;

fn notes_3(with_alcance: bool) -> String {
    let alcance = if with_alcance { NOTE_ALCANCE } else { "" };
    format!("draft: borrador-3\nprevious: borrador-2\nnotes:\n{alcance}{NOTE_PLAZOS}")
}

fn manifest(commits: &[String], consultation: bool) -> String {
    let names = ["Primer borrador", "Segundo borrador", "Tercer borrador"];
    let mut m =
        "title: Política de ejemplo\nlanguage: es\nfiles: [doc.md]\nnotes: notas\n".to_owned();
    if consultation {
        m.push_str("consultation: consulta/comentarios.yaml\n");
    }
    m.push_str("drafts:\n");
    for (k, c) in commits.iter().enumerate() {
        m.push_str(&format!(
            "  - id: borrador-{n}\n    title: {title}\n    date: 2022-0{n}-01\n    stage: Etapa {n}\n    ref: {c}\n",
            n = k + 1,
            title = names[k],
        ));
    }
    m
}

/// Three drafts, the notes of each step, a consultation of the second.
fn project() -> (TestRepo, Vec<String>) {
    let repo = TestRepo::new();
    let commits: Vec<String> = [B1, B2, B3]
        .iter()
        .enumerate()
        .map(|(k, text)| {
            repo.commit(&format!("borrador {}", k + 1), &[("policy/doc.md", text)])
                .to_string()
        })
        .collect();
    repo.write("policy/pnda.yaml", manifest(&commits, true));
    repo.write("policy/notas/borrador-2.yaml", NOTES_2);
    repo.write("policy/notas/borrador-3.yaml", notes_3(true));
    repo.write("policy/consulta/comentarios.yaml", CONSULTATION);
    repo.commit("policy: manifiesto, notas y consulta", &[]);
    (repo, commits)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The part of the page between two of its ids.
fn part<'h>(html: &'h str, from: &str, to: &str) -> &'h str {
    let a = html
        .find(&format!("id=\"{from}\""))
        .unwrap_or_else(|| panic!("no #{from}"));
    let b = html[a..]
        .find(&format!("id=\"{to}\""))
        .map_or(html.len(), |b| a + b);
    &html[a..b]
}

#[test]
fn the_dossier_has_its_cover_text_cuadro_trace_and_response() {
    let (repo, commits) = project();
    let before = repo.fingerprint();
    // Written outside the repository, which must be left as it was.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("expediente.html");
    let run = repo.cotejo(&["expediente", "-o", out.to_str().unwrap()]);
    assert_eq!(run.ok(), format!("{}\n", out.display()));
    let html = read(&out);
    let sha = repo
        .cotejo(&["diff", "borrador-2", "borrador-3", "--format", "json"])
        .json()["new"]["sha256"]
        .as_str()
        .unwrap()
        .to_owned();

    // The cover: the last draft by default, its commit, the SHA-256 of its
    // text, the approval still pending, the tool.
    let cover = part(&html, "_portada", "_texto");
    assert!(
        cover.contains("<strong>Tercer borrador</strong> (borrador-3)"),
        "{cover}"
    );
    assert!(cover.contains(&commits[2]), "the full commit");
    assert!(cover.contains(&sha), "the text's SHA-256");
    assert!(
        cover.contains("<dd class=\"approval\">pendiente</dd>"),
        "{cover}"
    );
    assert!(cover.contains(&format!("cotejo {}", env!("CARGO_PKG_VERSION"))));
    for anchor in ["#_texto", "#_cuadro", "#_traza", "#_respuesta"] {
        assert!(
            cover.contains(&format!("href=\"{anchor}\"")),
            "contents: {anchor}"
        );
    }

    // The clean text: every section, the final words, no marks.
    let text = part(&html, "_texto", "_cuadro");
    for words in [
        "Objetivo",
        "Participación",
        "Todas las dependencias y los municipios.",
        "Dos años.",
    ] {
        assert!(text.contains(words), "text: {words}");
    }
    assert!(!text.contains("<ins") && !text.contains("<del"), "{text}");
    assert!(
        text.contains("id=\"alcance\""),
        "the sections keep their anchors"
    );

    // The cuadro: from the text put to consultation (borrador-2), with the
    // notes and their folios.
    let cuadro = part(&html, "_cuadro", "_traza");
    assert!(cuadro.contains("Del texto sometido a consulta pública al texto en revisión"));
    assert!(cuadro.contains("<strong>Segundo borrador</strong> (borrador-2)"));
    assert!(cuadro.contains("<ins> y los municipios</ins>"), "{cuadro}");
    assert!(cuadro.contains("Se añaden los municipios."));
    assert!(
        cuadro.contains("<a href=\"#_folio-CP-0001\">CP-0001</a>")
            && cuadro.contains("<a href=\"#_folio-CP-0002\">CP-0002</a>"),
        "the notes' folios link their row of the response"
    );
    assert!(
        !cuadro.contains("Publicar datos abiertos de calidad"),
        "unchanged since the consultation: folded"
    );

    // The trace: every section changed since the first draft, each step with
    // its note and source; a new number alone is no step; no gap here.
    let trace = part(&html, "_traza", "_respuesta");
    assert!(
        trace.contains("4 secciones cambiaron · 0 cambios sin nota"),
        "{trace}"
    );
    assert!(trace.contains("Cada cambio tiene al menos una nota que lo explica."));
    assert!(trace.contains("Primer borrador → Segundo borrador</strong>: Modificada"));
    assert!(trace.contains("Mesa de personas expertas — Mesa 1"));
    assert!(
        trace.contains("<a href=\"#_folio-CP-0001\">CP-0001</a>"),
        "folios link their row"
    );
    let plazos = &trace[trace.find("Plazos</h3>").expect("plazos traced")..];
    let plazos = &plazos[..plazos.find("</section>").unwrap()];
    assert_eq!(
        plazos.matches("<li class=\"step").count(),
        1,
        "renumbering alone is no step: {plazos}"
    );

    // The response: legal basis, participants by kind, one row per folio,
    // the comments not accepted with their reasons.
    let response = part(&html, "_respuesta", "_none_");
    assert!(response.contains("Consulta del segundo borrador"));
    assert!(
        response.contains("Se publica una respuesta a cada comentario recibido"),
        "the neutral legal basis"
    );
    assert!(
        response.contains("<td>Organización de la sociedad civil</td><td class=\"num\">1</td>")
    );
    for head in [
        "Folio",
        "Fecha",
        "Promovente",
        "Comentario",
        "Respuesta",
        "Resultado",
    ] {
        assert!(
            response.contains(&format!("<th scope=\"col\">{head}</th>")),
            "column {head}"
        );
    }
    for folio in ["CP-0001", "CP-0002", "CP-0003"] {
        assert!(
            response.contains(&format!("<tr id=\"_folio-{folio}\"")),
            "row {folio}"
        );
    }
    assert!(response.contains("Sección: 2. Alcance"));
    let refused = &response[response.find("class=\"not-accepted\"").expect("list")..];
    assert!(refused.contains("CP-0003") && refused.contains("la calidad es el propósito"));
    assert!(!refused.contains("CP-0001"));

    assert_eq!(
        repo.fingerprint(),
        before,
        "the repository is left as it was"
    );
}

#[test]
fn a_change_without_a_note_is_listed_as_a_gap() {
    let (repo, _) = project();
    repo.write("policy/notas/borrador-3.yaml", notes_3(false));
    repo.cotejo(&["expediente", "-o", "e.html"]).ok();
    let html = read(&repo.path().join("e.html"));
    let trace = part(&html, "_traza", "_respuesta");
    assert!(
        trace.contains("4 secciones cambiaron · 1 cambios sin nota"),
        "{trace}"
    );
    let gaps = &trace[trace.find("<ul class=\"gaps\">").expect("the gaps listed")..];
    let gaps = &gaps[..gaps.find("</ul>").unwrap()];
    assert_eq!(gaps.matches("<li>").count(), 1, "{gaps}");
    assert!(gaps.contains("href=\"#_traza-alcance\">2. Alcance</a> — Segundo borrador → Tercer borrador: modificada"), "{gaps}");
    assert!(gaps.contains("sin nota"));
    let alcance = &trace[trace.find("id=\"_traza-alcance\"").unwrap()..];
    assert!(
        alcance.contains("<strong class=\"gap\">Sin nota.</strong>"),
        "{alcance}"
    );
}

#[test]
fn english_labels_with_lang_en() {
    let (repo, _) = project();
    repo.write("policy/notas/borrador-3.yaml", notes_3(false));
    repo.cotejo(&["expediente", "-o", "e.html", "--lang", "en"])
        .ok();
    let html = read(&repo.path().join("e.html"));
    assert!(html.contains("<html lang=\"en\">"));
    for words in [
        "Review dossier",
        "Version under review",
        "<dd class=\"approval\">pending</dd>",
        "Final text",
        "From the text put to public consultation to the text under review",
        "Trace of the process",
        "Changes with no note",
        "(<span class=\"gap\">no note</span>)",
        "Response to the comments received",
        "Participants by kind",
        "<th scope=\"col\">Submitted by</th>",
        "Comments not accepted and why",
        "Not accepted",
    ] {
        assert!(html.contains(words), "{words}");
    }
    for spanish in ["pendiente", "Sin nota", "Promovente", "Texto final"] {
        assert!(!html.contains(spanish), "{spanish}");
    }
}

#[test]
fn an_earlier_draft_and_a_project_without_consultation() {
    let (repo, commits) = project();
    // The draft consulted: its cuadro is from the draft before, and the
    // consultation of itself is not part of its record.
    repo.cotejo(&["expediente", "borrador-2", "-o", "e2.html"])
        .ok();
    let html = read(&repo.path().join("e2.html"));
    assert!(html.contains("<strong>Segundo borrador</strong> (borrador-2)"));
    assert!(html.contains("Del borrador anterior al texto en revisión"));
    assert!(
        html.contains(
            "La consulta pública no comentó un borrador anterior a la versión en revisión"
        )
    );
    assert!(!html.contains("_folio-CP-0001"));
    assert!(html.contains("Publicar datos abiertos de calidad."));

    // The first draft: no cuadro, no trace.
    repo.cotejo(&["expediente", "borrador-1", "-o", "e1.html"])
        .ok();
    let html = read(&repo.path().join("e1.html"));
    assert!(html.contains("La versión en revisión es el primer borrador"));
    assert!(html.contains("Ninguna sección cambió desde el primer borrador."));

    // The consultation's own legal basis, when it gives one.
    let consultation = CONSULTATION.replace(
        "  closed: 2023-04-30\n",
        "  closed: 2023-04-30\n  legal_basis: \"Artículo 1 de los <lineamientos> del Consejo.\"\n  \
         answers_approved: \"Sesión del Grupo Técnico, 20 de julio de 2023\"\n",
    );
    repo.write("policy/consulta/comentarios.yaml", &consultation);
    repo.cotejo(&["expediente", "-o", "e4.html"]).ok();
    let html = read(&repo.path().join("e4.html"));
    assert!(html.contains(
        "<p class=\"legal-basis\">Artículo 1 de los &lt;lineamientos&gt; del Consejo.</p>"
    ));
    assert!(html.contains(
        "<strong>Respuestas aprobadas en:</strong> Sesión del Grupo Técnico, 20 de julio de 2023</p>"
    ));
    repo.cotejo(&["check"]).ok();

    // No consultation declared: the parts that need it say so.
    repo.write("policy/pnda.yaml", manifest(&commits, false));
    repo.cotejo(&["expediente", "-o", "e3.html"]).ok();
    let html = read(&repo.path().join("e3.html"));
    assert!(html.contains("El manifiesto no declara una consulta pública"));
    assert!(html.contains("Del borrador anterior al texto en revisión"));
    assert!(
        html.contains("id=\"_traza-alcance\""),
        "the trace needs no consultation"
    );
}

#[test]
fn bad_input_is_a_clear_error() {
    let (repo, _) = project();
    let err = repo
        .cotejo(&["expediente", "borrador-9", "-o", "e.html"])
        .error()
        .to_owned();
    assert!(err.contains("`borrador-9` is not a draft of"), "{err}");
    assert!(
        err.contains("(borrador-1, borrador-2, borrador-3)"),
        "{err}"
    );
    assert!(err.contains("cotejo drafts"), "{err}");
    assert!(!repo.path().join("e.html").exists(), "nothing written");

    // `-o e.pdf` gives a PDF, as for the changelog; without a browser it is
    // refused before any work, and nothing is written.
    let err = repo
        .cotejo(&[
            "expediente",
            "-o",
            "e.pdf",
            "--chromium",
            "/nonexistent/chromium",
        ])
        .error()
        .to_owned();
    assert!(err.contains("no headless Chromium"), "{err}");
    assert!(err.contains("-o e.html"), "{err}");
    assert!(!repo.path().join("e.pdf").exists() && !repo.path().join("e.html").exists());

    let err = repo
        .cotejo(&["expediente", "-o", "policy/doc.md"])
        .error()
        .to_owned();
    assert!(err.contains("a file this command reads"), "{err}");

    // A manifest with no draft is refused by the manifest's own rules.
    repo.write(
        "policy/pnda.yaml",
        "title: P\nfiles: [doc.md]\ndrafts: []\n",
    );
    let err = repo
        .cotejo(&["expediente", "-o", "e.html"])
        .error()
        .to_owned();
    assert!(err.contains("declare at least one draft"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let err = cotejo_in(dir.path(), &["expediente", "-o", "e.html"])
        .error()
        .to_owned();
    assert!(
        err.contains("`cotejo expediente` needs the manifest"),
        "{err}"
    );
}

#[test]
fn verify_remakes_the_dossier_of_the_draft_it_reviewed() {
    let (repo, commits) = project();
    repo.cotejo(&["expediente", "-o", "e.html"]).ok();
    let html = read(&repo.path().join("e.html"));
    // The draft is recorded, not "the last one".
    assert!(
        html.contains("cotejo expediente borrador-3 --paper letter --lang es"),
        "the command"
    );
    let said = repo.cotejo(&["verify", "e.html"]).ok().to_owned();
    assert!(said.contains("e.html: matches the repository"), "{said}");

    // A later draft does not change what the dossier of borrador-3 is.
    let fourth = repo.commit(
        "borrador 4",
        &[("policy/doc.md", &B3.replace("Dos años", "Tres años"))],
    );
    let mut m = manifest(&commits, true);
    m.push_str(&format!(
        "  - id: borrador-4\n    title: Cuarto borrador\n    date: 2022-04-01\n    stage: Etapa 4\n    ref: {fourth}\n"
    ));
    repo.write("policy/pnda.yaml", m);
    let said = repo.cotejo(&["verify", "e.html"]).ok().to_owned();
    assert!(said.contains("matches the repository"), "{said}");

    // A word changed by hand is found.
    std::fs::write(
        repo.path().join("e.html"),
        html.replacen("Dos años.", "Diez años.", 1),
    )
    .unwrap();
    let run = repo.cotejo(&["verify", "e.html"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("does not match the repository"),
        "{}",
        run.stdout
    );
}

/// The dossier of a small project, as a snapshot of its body.
#[test]
fn dossier_html_snapshot() {
    let (repo, _) = project();
    repo.write("policy/notas/borrador-3.yaml", notes_3(false));
    repo.cotejo(&["expediente", "-o", "e.html"]).ok();
    let html = read(&repo.path().join("e.html"));
    let body = html[html.find("<body").unwrap()..].replace(
        &format!("cotejo {}", env!("CARGO_PKG_VERSION")),
        "cotejo [version]",
    );
    insta::assert_snapshot!("expediente_small", body);
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_sample_dossier_has_its_parts_and_folios() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("expediente.html");
    cotejo_in(root(), &["expediente", "-o", out.to_str().unwrap()]).ok();
    let html = read(&out);
    for id in ["_portada", "_texto", "_cuadro", "_traza", "_respuesta"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(html.contains("Del texto sometido a consulta pública al texto en revisión"));
    assert!(
        html.contains("<strong>Tercer borrador</strong> (borrador-3)"),
        "the draft consulted"
    );
    // Every comment has its row, and the notes' folios link to them.
    let rows = html.matches("<tr id=\"_folio-CP-").count();
    let comments = read(&root().join("policy/consulta/comentarios.yaml"))
        .matches("- folio: ")
        .count();
    assert!(comments > 100);
    assert_eq!(rows, comments);
    assert!(html.contains("<a href=\"#_folio-CP-0092\">CP-0092</a>"));
    // The text under review was approved: the cover gives the manifest's
    // record, its illustrative identifiers said to be so.
    let cover = part(&html, "_portada", "_texto");
    let at = cover
        .find("<dd class=\"approval\">")
        .expect("the approval line");
    let approval = &cover[at..at + cover[at..].find("</dd>").unwrap()];
    assert!(!approval.contains("pendiente"), "{approval}");
    for said in [
        "unanimidad",
        "<time datetime=\"2023-10-09\">",
        "Diario Oficial de la Federación",
        "(ilustrativo)",
    ] {
        assert!(approval.contains(said), "{said}: {approval}");
    }
}

// ---------------------------------------------------------------------------
// On paper

fn pdftotext(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Every page numbers its lines 1, 2, 3… in the margin, and every word of
/// the text sits on the line of a number (as tests/pdf.rs checks the
/// changelog's; the cover, with its two-line title, aside).
fn assert_on_the_line_grid(pdf: &Path) {
    let o = Command::new("pdftotext")
        .args(["-bbox", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let xml = String::from_utf8(o.stdout).unwrap();
    let attr = |s: &str, name: &str| -> f64 {
        let at = s.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        s[at..at + s[at..].find('"').unwrap()].parse().unwrap()
    };
    let mut off = Vec::new();
    for (k, page) in xml.split("<page ").skip(1).enumerate() {
        // (x_max, baseline, text)
        let words: Vec<(f64, f64, &str)> = page
            .split("<word ")
            .skip(1)
            .map(|w| {
                let (head, rest) = w.split_once('>').unwrap();
                let (y_min, y_max) = (attr(head, "yMin"), attr(head, "yMax"));
                let text = rest.split("</word>").next().unwrap();
                (attr(head, "xMax"), y_max - 0.19 * (y_max - y_min), text)
            })
            .collect();
        let margin = |w: &(f64, f64, &str)| w.0 < 70.0 && w.2.chars().all(|c| c.is_ascii_digit());
        let mut numbers: Vec<(usize, f64)> = words
            .iter()
            .filter(|w| margin(w))
            .map(|w| (w.2.parse().unwrap(), w.1))
            .collect();
        numbers.sort_by(|a, b| a.1.total_cmp(&b.1));
        let got: Vec<usize> = numbers.iter().map(|n| n.0).collect();
        assert_eq!(
            got,
            (1..=got.len()).collect::<Vec<_>>(),
            "line numbers of page {}",
            k + 1
        );
        assert!(
            numbers.len() >= 45,
            "page {}: {} lines",
            k + 1,
            numbers.len()
        );
        let (top, bottom) = (numbers[0].1 - 12.0, numbers[numbers.len() - 1].1 + 4.0);
        for w in words
            .iter()
            .filter(|w| !margin(w) && w.1 >= top && w.1 <= bottom)
        {
            let nearest = numbers
                .iter()
                .map(|n| (w.1 - n.1).abs())
                .fold(f64::INFINITY, f64::min);
            if nearest > 2.5 && k > 0 {
                off.push(format!("page {}: {:?} {nearest:.1}pt off", k + 1, w.2));
            }
        }
    }
    assert!(
        off.is_empty(),
        "{} words off the line grid:\n{}",
        off.len(),
        off[..off.len().min(20)].join("\n")
    );
}

#[test]
fn the_sample_dossier_prints_to_pdf_each_part_on_its_own_pages() {
    if !printing_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("expediente.html");
    let run = cotejo_in(
        root(),
        &["expediente", "-o", html.to_str().unwrap(), "--pdf"],
    );
    let pdf = html.with_extension("pdf");
    assert_eq!(run.ok(), format!("{}\n{}\n", html.display(), pdf.display()));
    let pages = pdftotext(&pdf);
    let n = pages.len();
    assert!(n > 20, "{n} pages");
    for (k, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("página {} de {n}", k + 1)),
            "page {}",
            k + 1
        );
        assert!(
            page.contains("Política Nacional de Datos Abiertos"),
            "running head, page {}",
            k + 1
        );
        assert!(
            page.contains("Expediente de revisión —"),
            "running head, page {}",
            k + 1
        );
    }
    assert!(pages[0].contains("EXPEDIENTE DE REVISIÓN") && pages[0].contains("unanimidad"));
    // Each part opens a page of its own, in order.
    let starts: Vec<usize> = [
        "Texto final",
        "Cuadro comparativo",
        "Trazabilidad del proceso",
        "Respuesta a los comentarios recibidos",
    ]
    .iter()
    .map(|heading| {
        (1..n)
            .find(|&k| pages[k].lines().take(6).any(|l| l.contains(heading)))
            .unwrap_or_else(|| panic!("no page opens {heading}"))
    })
    .collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    let last = pages[starts[3]..].join("\n");
    assert!(last.contains("CP-0001") && last.contains("PROMOVENTE"));
    // The contents give each part's page, and the PDF's bookmarks lead there.
    let contents: String = pages[..starts[0]].join("\n");
    for (heading, start) in [
        "Texto final",
        "Cuadro comparativo",
        "Trazabilidad del proceso",
        "Respuesta a los comentarios recibidos",
    ]
    .iter()
    .zip(&starts)
    {
        let line = contents
            .lines()
            .find(|l| l.contains(heading) && l.trim_end().ends_with(|c: char| c.is_ascii_digit()))
            .unwrap_or_else(|| panic!("no page number for {heading} in the contents:\n{contents}"));
        let page: usize = line.split_whitespace().last().unwrap().parse().unwrap();
        assert_eq!(page, start + 1, "{heading}: {line}");
    }
    let xml = String::from_utf8(
        std::process::Command::new("pdftohtml")
            .args(["-xml", "-i", "-q", "-stdout", pdf.to_str().unwrap()])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let at = xml.find("<outline>").expect("the PDF has bookmarks");
    for (heading, start) in [
        ("Texto final", starts[0]),
        ("Trazabilidad del proceso", starts[2]),
    ] {
        assert!(
            xml[at..].contains(&format!("<item page=\"{}\">{heading}</item>", start + 1)),
            "bookmark {heading}: {}",
            &xml[at..xml.len().min(at + 2000)]
        );
    }
    assert_on_the_line_grid(&pdf);
}

#[test]
fn organisations_are_named_and_persons_never() {
    let (repo, _) = project();
    let consultation = CONSULTATION
        .replace(
            "participant: organizacion-sociedad-civil,",
            "participant: organizacion-sociedad-civil, organization: \"Colectivo <Datos> del Norte\",",
        )
        .replace(
            "participant: persona,",
            "participant: persona, organization: \"Juana Pérez Ejemplo\",",
        );
    repo.write("policy/consulta/comentarios.yaml", &consultation);
    repo.cotejo(&["expediente", "-o", "e.html"]).ok();
    let html = read(&repo.path().join("e.html"));
    assert!(html.contains(
        "<td>Organización de la sociedad civil: Colectivo &lt;Datos&gt; del Norte</td><td class=\"num\">1</td>"
    ));
    assert!(html.contains(
        "<td>Organización de la sociedad civil: Colectivo &lt;Datos&gt; del Norte</td><td><p class=\"quiet\">"
    ));
    assert!(html.contains("<td>Persona</td>"));
    assert!(!html.contains("Juana"), "a person is never named");
}
