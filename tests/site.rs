//! `cotejo site`: the public change history as a static site, built by the
//! real binary on the sample in `policy/` and on small repositories.
//!
//! - every page is there, and no internal link is broken: every relative
//!   `href`, `src` and form `action` of every page names a file of the site,
//!   and its `#fragment` an id of that file;
//! - the consultation report says what `policy/consulta/comentarios.yaml`
//!   says: every folio with its outcome, the counts by outcome and by chapter,
//!   and each accepted comment links to its section's change in the comparison;
//! - two runs write byte-identical sites;
//! - the folder is written whole: a folder cotejo did not write is refused and
//!   left as it was, cotejo's own is replaced;
//! - `--lang en` labels, and hostile text in every place stays inert text.

mod support;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use cotejo::notes::{ConsultationFile, read_yaml};
use cotejo::render::labels::Lang;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use support::{Run, TestRepo, cotejo_in, payloads};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s}: {e:?}"))
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(el: ElementRef<'_>) -> String {
    normalize(&el.text().collect::<String>())
}

/// Builds the sample's site into a new temporary folder (`sitio` inside it).
fn sample_site(extra: &[&str]) -> (tempfile::TempDir, PathBuf, Run) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sitio");
    let out = dir.to_str().unwrap().to_owned();
    let run = cotejo_in(root(), &[&["site", "-o", &out], extra].concat());
    (tmp, dir, run)
}

/// Every file of a site, by its path from the root.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn page(dir: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

/// `%XX` escapes decoded (as a browser resolves a URL to a file or an id).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut k = 0;
    while k < bytes.len() {
        if bytes[k] == b'%'
            && k + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[k + 1..k + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            k += 3;
            continue;
        }
        out.push(bytes[k]);
        k += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A URL that leaves the site (a scheme, or `//host`): not checked here.
fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(p) => {
            let scheme = &url[..p];
            !scheme.is_empty()
                && !scheme.contains(['/', '?', '#'])
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// `base/rel` with `.` and `..` resolved; `None` when it leaves the site.
fn resolve(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<String> = base.split('/').map(str::to_owned).collect();
    parts.pop(); // the page's own name
    for c in Path::new(rel).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// Every broken internal link of the site in `dir`, as `page: url (why)`.
/// With `site_only`, the links a draft's text wrote (inside its rendered
/// bodies) are left out: a hostile draft may link to anything.
fn broken_links(dir: &Path, site_only: bool) -> Vec<String> {
    let files = tree(dir);
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    let mut ids_of = |rel: &str| -> HashSet<String> {
        ids.entry(rel.to_owned())
            .or_insert_with(|| {
                page(dir, rel)
                    .select(&sel("[id]"))
                    .map(|e| e.value().id().unwrap().to_owned())
                    .collect()
            })
            .clone()
    };
    let mut bad = Vec::new();
    let mut checked = 0;
    for rel in files.keys().filter(|p| p.ends_with(".html")) {
        let doc = page(dir, rel);
        for (selector, attr) in [
            ("[href]", "href"),
            ("[src]", "src"),
            ("form[action]", "action"),
        ] {
            for el in doc.select(&sel(selector)) {
                let url = el.value().attr(attr).unwrap();
                let in_body = el.ancestors().filter_map(ElementRef::wrap).any(|a| {
                    ["section-text", "redline", "source-diff"].iter().any(|c| {
                        a.value()
                            .has_class(c, scraper::CaseSensitivity::CaseSensitive)
                    })
                });
                if is_external(url) || (site_only && in_body) {
                    continue;
                }
                checked += 1;
                let (path, fragment) = match url.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (url, None),
                };
                let path = path.split('?').next().unwrap();
                let target = if path.is_empty() {
                    Some(rel.clone())
                } else {
                    resolve(rel, &percent_decode(path))
                };
                let Some(target) = target else {
                    bad.push(format!("{rel}: {url} (leaves the site)"));
                    continue;
                };
                if !files.contains_key(&target) {
                    bad.push(format!("{rel}: {url} (no file {target})"));
                    continue;
                }
                if let Some(f) = fragment.filter(|f| !f.is_empty())
                    && (!target.ends_with(".html") || !ids_of(&target).contains(&percent_decode(f)))
                {
                    bad.push(format!("{rel}: {url} (no id {f} in {target})"));
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} links checked");
    bad
}

fn assert_no_broken_links(dir: &Path) {
    assert_links(dir, false);
}

fn assert_links(dir: &Path, site_only: bool) {
    let bad = broken_links(dir, site_only);
    assert!(
        bad.is_empty(),
        "{} broken internal link(s):\n  {}",
        bad.len(),
        bad.join("\n  ")
    );
}

// ---------------------------------------------------------------------------
// The sample

const DRAFTS: [&str; 5] = [
    "borrador-1",
    "borrador-2",
    "borrador-3",
    "borrador-4",
    "aprobada",
];

#[test]
fn the_sample_site_has_every_page_and_no_broken_link() {
    let (_tmp, dir, run) = sample_site(&[]);
    assert_eq!(run.ok().trim(), dir.to_str().unwrap(), "prints the folder");
    let files = tree(&dir);
    let mut expected: Vec<String> = vec![
        "index.html".into(),
        "consulta.html".into(),
        "buscar.html".into(),
        "buscar.js".into(),
        "consulta.js".into(),
        "informe.js".into(),
        "indice-busqueda.js".into(),
        "estilo.css".into(),
        "consulta.csv".into(),
        "consulta.json".into(),
        "novedades.xml".into(),
        ".nojekyll".into(),
        ".cotejo-site".into(),
    ];
    for d in DRAFTS {
        expected.push(format!("borradores/{d}.html"));
        expected.push(format!("borradores/{d}.md"));
    }
    for (i, a) in DRAFTS.iter().enumerate() {
        for b in &DRAFTS[i + 1..] {
            expected.push(format!("comparaciones/{a}--{b}.html"));
        }
    }
    // A history page per section that ever was (the lineages of the drafts),
    // and their index.
    let sources = cotejo::source::Sources::open(root(), None).unwrap();
    let history =
        cotejo::history::History::of_drafts(&sources, sources.manifest().unwrap()).unwrap();
    expected.push("secciones/index.html".into());
    for l in history.lineages() {
        expected.push(format!("secciones/{}.html", l.key));
    }
    assert!(
        history.lineages().len() > 55,
        "{}",
        history.lineages().len()
    );
    let mut got: Vec<&String> = files.keys().collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected.iter().collect::<Vec<_>>());
    assert_no_broken_links(&dir);

    // Every page says, at its top, that the sample is an illustrative
    // reconstruction with synthetic comments (the manifest's `notice`).
    for (name, bytes) in &files {
        if name.ends_with(".html") {
            let doc = Html::parse_document(std::str::from_utf8(bytes).unwrap());
            let notice: Vec<String> = doc.select(&sel(".site-notice p")).map(text_of).collect();
            assert_eq!(notice.len(), 1, "{name}");
            assert!(
                notice[0].starts_with("Aviso: Reconstrucción ilustrativa")
                    && notice[0].contains("sintéticos"),
                "{name}: {notice:?}"
            );
        }
    }

    // The home page: the drafts with their stage, date and counts, and
    // one line per step.
    let home = page(&dir, "index.html");
    let rows: Vec<String> = home
        .select(&sel(".drafts-table tbody tr"))
        .map(text_of)
        .collect();
    assert_eq!(rows.len(), 5);
    assert!(
        rows[0].contains("Primer borrador") && rows[0].contains("Grupo Técnico"),
        "{}",
        rows[0]
    );
    // People's words: the date as people write it, not the commit (that is
    // in the verification).
    assert!(
        rows[0].contains("30 de junio de 2022") && !rows[0].contains("13ca3cdf0d3f"),
        "{}",
        rows[0]
    );
    let steps: Vec<String> = home.select(&sel(".steps li")).map(text_of).collect();
    assert_eq!(steps.len(), 4, "{steps:?}");
    assert!(
        steps[2].starts_with("Del Tercer borrador al Cuarto borrador:"),
        "{}",
        steps[2]
    );
    assert_eq!(home.select(&sel(".pairs li")).count(), 10);
    // The approval closes the process line, and has its record.
    let stages: Vec<String> = home.select(&sel(".stages li")).map(text_of).collect();
    let n = stages.len();
    assert!(
        stages[n - 2].contains("Aprobación") && stages[n - 2].contains("9 de octubre de 2023"),
        "{stages:?}"
    );
    assert!(
        stages[n - 1].contains("Diario Oficial de la Federación")
            && stages[n - 1].contains("10 de noviembre de 2023"),
        "{stages:?}"
    );
    let record = home
        .select(&sel(".approval-record"))
        .map(text_of)
        .collect::<String>();
    assert!(
        record.contains("unanimidad") && record.contains("(ilustrativo)"),
        "{record}"
    );

    // A draft page: every section with its anchor, in order, with its text.
    let sources = cotejo::source::Sources::open(root(), None).unwrap();
    let v = sources.load("borrador-3").unwrap();
    let draft = page(&dir, "borradores/borrador-3.html");
    let anchors: Vec<String> = draft
        .select(&sel(".document > section"))
        .map(|s| s.value().id().unwrap().to_owned())
        .collect();
    let ids: Vec<String> = v
        .document
        .sections()
        .iter()
        .map(|s| cotejo::render::view::anchor_of_id(&s.id))
        .collect();
    assert_eq!(anchors, ids);
    assert!(
        text_of(draft.select(&sel("#objetivos-especificos")).next().unwrap())
            .contains("Objetivos específicos")
    );

    // A comparison page is the report, with the site's navigation.
    let cmp = page(&dir, "comparaciones/borrador-2--borrador-4.html");
    assert_eq!(cmp.select(&sel("nav.site-nav")).count(), 1);
    assert!(cmp.select(&sel("#view-side")).next().is_some());
    assert!(cmp.select(&sel("table.cuadro")).count() > 10);
    // The editors' notes link their folios to the consultation report.
    let folios = page(&dir, "comparaciones/borrador-3--borrador-4.html")
        .select(&sel("aside.notes a.folio"))
        .count();
    assert!(folios > 20, "{folios} folio links");
    assert_eq!(
        cmp.select(&sel("script[src]"))
            .next()
            .unwrap()
            .value()
            .attr("src"),
        Some("../informe.js")
    );
}

/// The chapter of a section of the consulted draft, as the JSON model gives
/// its path: the heading at the chapters' level (the sample's `## N.`, below
/// the document's one `#` title).
fn chapter_of(section: &Value) -> String {
    section["path"][1].as_str().unwrap_or("").to_owned()
}

#[test]
fn the_consultation_report_says_what_the_comments_file_says() {
    let (_tmp, dir, run) = sample_site(&[]);
    run.ok();
    let file: ConsultationFile =
        read_yaml(&root().join("policy/consulta/comentarios.yaml")).unwrap();
    assert_eq!(file.comments.len(), 125);
    let json = cotejo_in(
        root(),
        &["diff", "borrador-3", "borrador-4", "--format", "json"],
    )
    .json();
    let by_old_id: HashMap<&str, &Value> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| !s["old"].is_null())
        .map(|s| (s["old"]["id"].as_str().unwrap(), s))
        .collect();
    let key = |o: &cotejo::notes::Outcome| {
        serde_json::to_value(o)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    };

    let doc = page(&dir, "consulta.html");
    let comparison = page(&dir, "comparaciones/borrador-3--borrador-4.html");
    let items: Vec<ElementRef<'_>> = doc.select(&sel("ol.comments > li")).collect();
    assert_eq!(
        items.len(),
        file.comments.len(),
        "every comment listed once"
    );
    let mut by_outcome: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_chapter: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (comment, li) in file.comments.iter().zip(&items) {
        let folio = &comment.folio.value;
        let outcome = key(&comment.outcome);
        assert_eq!(li.value().id(), Some(folio.as_str()), "in the file's order");
        assert_eq!(
            li.value().attr("data-outcome"),
            Some(outcome.as_str()),
            "{folio}"
        );
        assert_eq!(
            li.value().attr("data-section"),
            Some(comment.section.value.as_str()),
            "{folio}"
        );
        let text = text_of(*li);
        let date = cotejo::render::labels::long_date(Lang::Es, &comment.date.value);
        for part in [folio, &comment.text, &comment.response, &date] {
            assert!(
                text.contains(&normalize(part)),
                "{folio}: {part} not in {text}"
            );
        }
        *by_outcome.entry(outcome.clone()).or_default() += 1;
        let entry = by_old_id[comment.section.value.as_str()];
        *by_chapter
            .entry(chapter_of(&entry["old"]))
            .or_default()
            .entry(outcome.clone())
            .or_default() += 1;
        // An accepted comment links to its section's change, which exists.
        let links: Vec<&str> = li
            .select(&sel(".comment-change a"))
            .map(|a| a.value().attr("href").unwrap())
            .collect();
        if comment.outcome.accepted() {
            assert_eq!(links.len(), 1, "{folio}: {links:?}");
            let (file, anchor) = links[0].split_once('#').unwrap();
            assert_eq!(file, "comparaciones/borrador-3--borrador-4.html", "{folio}");
            let target = comparison
                .select(&sel("article.section"))
                .find(|a| a.value().id() == Some(anchor))
                .unwrap_or_else(|| panic!("{folio}: no changed section #{anchor}"));
            let is_change =
                entry["change"] != "unchanged" || !entry["flags"].as_array().unwrap().is_empty();
            assert!(is_change, "{folio}: {anchor} did not change");
            assert!(
                text_of(target)
                    .contains(&normalize(entry["new"]["heading"].as_str().unwrap_or("")))
            );
        } else {
            assert!(
                links.is_empty(),
                "{folio}: a comment not accepted links to a change"
            );
        }
    }

    // Counts by outcome.
    let counts: BTreeMap<String, usize> = doc
        .select(&sel("#_por-resultado tbody tr"))
        .map(|tr| {
            let n = text_of(tr.select(&sel("td")).next().unwrap());
            (
                tr.value().attr("data-outcome").unwrap().to_owned(),
                n.parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(counts, by_outcome);
    let total = text_of(doc.select(&sel("#_por-resultado tfoot td")).next().unwrap());
    assert_eq!(total, "125");

    // Counts by chapter: the header names the outcomes' columns.
    let header: Vec<String> = doc
        .select(&sel("#_por-capitulo thead th"))
        .map(text_of)
        .collect();
    assert_eq!(
        header,
        [
            "Capítulo",
            "Procedente",
            "Parcialmente procedente",
            "No procedente",
            "Total"
        ]
    );
    let outcomes = ["procedente", "parcialmente-procedente", "no-procedente"];
    let mut table: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for tr in doc.select(&sel("#_por-capitulo tbody tr")) {
        let name = text_of(tr.select(&sel("th")).next().unwrap());
        let cells: Vec<usize> = tr
            .select(&sel("td"))
            .map(|td| text_of(td).parse().unwrap())
            .collect();
        assert_eq!(cells.len(), 4, "{name}");
        assert_eq!(cells[..3].iter().sum::<usize>(), cells[3], "{name}: total");
        let row: BTreeMap<String, usize> = outcomes
            .iter()
            .zip(&cells)
            .filter(|(_, n)| **n > 0)
            .map(|(o, n)| (o.to_string(), *n))
            .collect();
        table.insert(name, row);
    }
    assert_eq!(table, by_chapter);
}

#[test]
fn two_runs_write_the_same_bytes() {
    let (_a, first, run) = sample_site(&[]);
    run.ok();
    let (_b, second, run) = sample_site(&[]);
    run.ok();
    let (a, b) = (tree(&first), tree(&second));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs between two runs");
    }
}

#[test]
fn english_labels() {
    let (_tmp, dir, run) = sample_site(&["--lang", "en"]);
    run.ok();
    let home = page(&dir, "index.html");
    let html = home.select(&sel("html")).next().unwrap();
    assert_eq!(html.value().attr("lang"), Some("en"));
    assert!(text_of(home.root_element()).contains("Public change history"));
    let consultation = text_of(page(&dir, "consulta.html").root_element());
    for words in [
        "Response to the comments received",
        "Partly accepted",
        "Comments by chapter and outcome",
    ] {
        assert!(consultation.contains(words), "{words}");
    }
    assert!(
        text_of(page(&dir, "comparaciones/borrador-1--borrador-2.html").root_element())
            .contains("Side by side")
    );
    // The drafts' text is in the document's language, the labels in English.
    let draft = page(&dir, "borradores/borrador-1.html");
    let document = draft.select(&sel("div.document")).next().unwrap();
    assert_eq!(document.value().attr("lang"), Some("es"));
    // Dates in English words; the ISO form for machines.
    let dates: Vec<(String, &str)> = draft
        .select(&sel(".doc-header time"))
        .map(|t| (text_of(t), t.value().attr("datetime").unwrap()))
        .collect();
    assert!(
        dates.contains(&("30 June 2022".to_owned(), "2022-06-30")),
        "{dates:?}"
    );
    let citation = draft.select(&sel(".citation")).map(text_of).next().unwrap();
    assert!(
        citation.contains("Primer borrador, 30 June 2022"),
        "{citation}"
    );
    let banner = draft
        .select(&sel(".older-draft"))
        .map(text_of)
        .next()
        .unwrap();
    assert!(
        banner.starts_with(
            "This text has been superseded. The latest version is Texto aprobado (9 October 2023)."
        ),
        "{banner}"
    );
    let feed = std::fs::read_to_string(dir.join("novedades.xml")).unwrap();
    assert!(feed.contains("<summary>Sections: "), "{feed}");
    let css = std::fs::read_to_string(dir.join("estilo.css")).unwrap();
    assert!(
        css.contains("Inserted text:"),
        "the screen reader's words in English"
    );
    assert_no_broken_links(&dir);
}

/// The hook for the section history pages: a link on every section of the
/// draft pages and of the comparisons, exactly where the provider says, and
/// none where it says `None`; extra pages share the site's frame.
#[test]
fn section_history_links_come_from_the_provider() {
    let project = cotejo::project::Project::open(root(), None).unwrap();
    let sources = project.sources();
    let templates = cotejo::render::templates::Templates::embedded().unwrap();
    let links = |d: usize, s: usize| {
        s.is_multiple_of(2)
            .then(|| format!("secciones/{d}-{s}.html"))
    };
    let options = cotejo::site::Options {
        lang: cotejo::render::labels::Lang::Es,
        section_history: &links,
        sections: false,
        pdf: false,
        base_url: None,
    };
    let site = cotejo::site::build(&project, &templates, &options).unwrap();
    let html = |p: &str| Html::parse_document(std::str::from_utf8(&site.pages[p]).unwrap());
    let v = sources.load("borrador-2").unwrap();
    let hrefs: Vec<String> = html("borradores/borrador-2.html")
        .select(&sel(".doc-section .history-link"))
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    let expected: Vec<String> = (0..v.document.sections().len())
        .filter(|s| s.is_multiple_of(2))
        .map(|s| format!("../secciones/1-{s}.html"))
        .collect();
    assert_eq!(hrefs, expected);
    let cmp = html("comparaciones/borrador-1--borrador-2.html");
    let links: Vec<&str> = cmp
        .select(&sel(".history-link"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert!(
        links.len() > 10 && links.iter().all(|l| l.starts_with("../secciones/")),
        "{links:?}"
    );
    // A page the history adds: the site's frame around it.
    let base = site.page_base(1, "sections");
    assert_eq!(base.site.root, "../");
    assert_eq!(base.site.document, "Política Nacional de Datos Abiertos");
    assert!(base.site.consultation);
}

#[test]
fn the_readme_builds_the_site() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let first = readme.lines().find(|l| l.starts_with("cargo run")).unwrap();
    assert!(first.starts_with("cargo run --release -- site"), "{first}");
}

// ---------------------------------------------------------------------------
// Writing whole

#[test]
fn a_folder_cotejo_did_not_write_is_refused_and_left_alone() {
    let repo = small_repo();
    std::fs::create_dir(repo.path().join("mio")).unwrap();
    repo.write("mio/index.html", "mi página");
    let err = repo.cotejo(&["site", "-o", "mio"]).error().to_owned();
    assert!(
        err.contains("mio") && err.contains("not a folder `cotejo site` wrote"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join("mio/index.html")).unwrap(),
        "mi página"
    );
    assert_eq!(tree(&repo.path().join("mio")).len(), 1);
    // A plain file is not a folder to replace either.
    repo.write("archivo", "x");
    repo.cotejo(&["site", "-o", "archivo"]).error();
    assert_eq!(
        std::fs::read_to_string(repo.path().join("archivo")).unwrap(),
        "x"
    );
    // Nothing was left beside them.
    let leftovers: Vec<String> = std::fs::read_dir(repo.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".cotejo"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn its_own_site_and_an_empty_folder_are_replaced_whole() {
    let repo = small_repo();
    std::fs::create_dir(repo.path().join("vacio")).unwrap();
    assert_eq!(repo.cotejo(&["site", "-o", "vacio"]).ok().trim(), "vacio");
    assert!(repo.path().join("vacio/index.html").is_file());
    let out = repo.cotejo(&["site"]).ok().to_owned();
    assert_eq!(out.trim(), "site", "the default folder");
    let dir = repo.path().join("site");
    let before = tree(&dir);
    std::fs::write(dir.join("sobrante.html"), "de otra versión").unwrap();
    repo.cotejo(&["site", "--lang", "en"]).ok();
    let after = tree(&dir);
    assert!(
        !after.contains_key("sobrante.html"),
        "the old site is gone whole"
    );
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert_ne!(before["index.html"], after["index.html"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o755);
        assert_eq!(mode(&dir.join("borradores")), 0o755);
        assert_eq!(mode(&dir.join("index.html")), 0o644);
    }
    let names: Vec<String> = std::fs::read_dir(repo.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".cotejo"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
    // A broken template leaves the site as it was.
    std::fs::create_dir(repo.path().join("plantillas")).unwrap();
    repo.write("plantillas/site_index.html", "{% if %}");
    repo.cotejo(&["site", "--templates", "plantillas"]).error();
    assert_eq!(tree(&dir), after);
}

/// The history pages tell what the sample is known to do (tests/sample.rs):
/// a section moved to another chapter, one renamed, one added then removed,
/// and the blame of a section edited in two drafts.
#[test]
fn section_history_pages_tell_the_samples_known_changes() {
    let (_tmp, dir, run) = sample_site(&[]);
    run.ok();
    let steps = |key: &str| -> Vec<String> {
        page(&dir, &format!("secciones/{key}.html"))
            .select(&sel("ol.steps > li h3"))
            .map(text_of)
            .collect()
    };
    // 4.6 → 6.7, from "4. Planeación y diseño" to another chapter, in borrador-3.
    let moved = page(
        &dir,
        "secciones/responsables-del-diseno-implementacion-y-evaluacion.html",
    );
    let step = moved
        .select(&sel("ol.steps > li"))
        .map(text_of)
        .find(|t| t.starts_with("Segundo borrador (14 de octubre de 2022) → Tercer borrador"))
        .expect("the step of the move");
    assert!(
        step.contains("Trasladada") && step.contains("4.6"),
        "{step}"
    );
    // Drafts are named by their titles. Renamed in borrador-2: one page under the new id, which names the old heading.
    let renamed = page(
        &dir,
        "secciones/eje-de-participacion-ciudadana-y-colaboracion.html",
    );
    assert!(
        text_of(renamed.select(&sel(".former")).next().unwrap())
            .contains("5.4 Participación ciudadana y colaboración con la comunidad de datos")
    );
    assert!(
        !dir.join(
            "secciones/participacion-ciudadana-y-colaboracion-con-la-comunidad-de-datos.html"
        )
        .exists()
    );
    // Added in borrador-2, removed in borrador-3.
    let brief = page(
        &dir,
        "secciones/experiencia-de-las-entidades-federativas.html",
    );
    let life = text_of(brief.select(&sel(".lifespan")).next().unwrap());
    assert!(
        life.contains("Añadida en Segundo borrador")
            && life.contains("Eliminada en Tercer borrador"),
        "{life}"
    );
    assert_eq!(steps("experiencia-de-las-entidades-federativas").len(), 2);
    // Blame: the sentence borrador-2 added, and one borrador-4 reworded, each
    // with a link to the note of that draft on this page.
    let objetivos = page(&dir, "secciones/objetivos-especificos.html");
    let row = |needle: &str| -> Vec<String> {
        objetivos
            .select(&sel(".blame-table tbody tr"))
            .find(|r| text_of(*r).contains(needle))
            .unwrap_or_else(|| panic!("no row with {needle:?}"))
            .select(&sel("td"))
            .map(text_of)
            .collect()
    };
    let added = row("Cada objetivo cuenta con al menos un indicador");
    assert_eq!(added[1], "Segundo borrador");
    assert!(added[2].starts_with('—'), "never reworded: {added:?}");
    let reworded = row("sin comprometer la protección de los datos personales");
    assert_eq!(
        reworded[1..3],
        ["Primer borrador".to_owned(), "Cuarto borrador".to_owned()]
    );
    let note_link = objetivos
        .select(&sel(".blame-table tbody tr"))
        .find(|r| text_of(*r).contains("sin comprometer"))
        .and_then(|r| r.select(&sel("a")).next())
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .expect("a link to the note");
    let note = objetivos
        .select(&sel(&note_link))
        .next()
        .expect("the note is on the page");
    assert!(
        text_of(note).contains("Consulta pública 2023"),
        "{}",
        text_of(note)
    );
    // The folios of that note link to their comments.
    assert!(
        note.select(&sel("a.folio"))
            .any(|a| a.value().attr("href") == Some("../consulta.html#CP-0005"))
    );
    // Draft pages and comparisons link each section to its history.
    let draft = page(&dir, "borradores/borrador-4.html");
    let link = draft
        .select(&sel("#objetivos-especificos .history-link"))
        .next()
        .unwrap();
    assert_eq!(
        link.value().attr("href"),
        Some("../secciones/objetivos-especificos.html")
    );
    // The index lists the current sections, then the removed ones.
    let index = page(&dir, "secciones/index.html");
    let removed: Vec<String> = index
        .select(&sel("#_eliminadas + ul li"))
        .map(text_of)
        .collect();
    assert!(
        removed
            .iter()
            .any(|r| r.contains("Experiencia de las entidades federativas")
                && r.contains("Eliminada en Tercer borrador")),
        "{removed:?}"
    );
}

/// `--all-commits`: the section pages follow every commit that changed the
/// document, each step named by its commit and message; drafts keep their pages.
#[test]
fn all_commits_follows_every_commit_on_the_section_pages() {
    let repo = small_repo();
    repo.commit("todo el trabajo", &[]);
    let extra = std::fs::read_to_string(repo.path().join("policy/doc/01.md"))
        .unwrap()
        .replace("## 4. Glosario", "Un párrafo más.\n\n## 4. Glosario");
    repo.commit(
        "un párrafo entre borradores",
        &[("policy/doc/01.md", &extra)],
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    repo.cotejo(&["site", "--all-commits", "-o", out.to_str().unwrap()])
        .ok();
    assert_no_broken_links(&out);
    let pages: Vec<String> = tree(&out)
        .keys()
        .filter(|k| k.starts_with("secciones/") && *k != "secciones/index.html")
        .cloned()
        .collect();
    let with_commit_step = pages.iter().any(|p| {
        page(&out, p)
            .select(&sel("ol.steps > li h3"))
            .map(text_of)
            .any(|h| h.contains("«un párrafo entre borradores»"))
    });
    assert!(with_commit_step, "a step named by its commit message");
    // The same site without --all-commits has no such step.
    let drafts_only = tmp.path().join("d");
    repo.cotejo(&["site", "-o", drafts_only.to_str().unwrap()])
        .ok();
    assert!(
        !tree(&drafts_only)
            .values()
            .any(|b| String::from_utf8_lossy(b).contains("un párrafo entre borradores"))
    );
}

// ---------------------------------------------------------------------------
// Small repositories

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A manifest of `drafts` (id, title, commit) over `doc/01.md`, with notes
/// and the consultation.
fn manifest(title: &str, drafts: &[(&str, &str, String)]) -> String {
    let mut m = format!(
        "title: {}\nlanguage: es\nfiles:\n  - doc/01.md\nnotes: notas\n\
         consultation: consulta/comentarios.yaml\ndrafts:\n",
        q(title)
    );
    for (k, (id, t, commit)) in drafts.iter().enumerate() {
        m += &format!(
            "  - id: {}\n    title: {}\n    date: 2022-0{}-01\n    stage: {}\n    ref: {commit}\n",
            q(id),
            q(t),
            k + 1,
            q(&format!("Etapa {}", k + 1)),
        );
    }
    m
}

/// Three drafts of `tests/fixtures/small`, a note and three comments.
fn small_repo() -> TestRepo {
    let fixtures = root().join("tests/fixtures/small");
    let read = |f: &str| std::fs::read_to_string(fixtures.join(f)).unwrap();
    let repo = TestRepo::new();
    let third = read("new.md").replace(
        "## 4. Glosario",
        "## 4. Glosario\n\nTérminos usados en la política.",
    );
    let commits = [
        repo.commit("borrador 1", &[("policy/doc/01.md", &read("old.md"))]),
        repo.commit("borrador 2", &[("policy/doc/01.md", &read("new.md"))]),
        repo.commit("borrador 3", &[("policy/doc/01.md", &third)]),
    ];
    let drafts = [
        ("borrador-1", "Primer borrador", commits[0].to_string()),
        ("borrador-2", "Segundo borrador", commits[1].to_string()),
        ("borrador-3", "Tercer borrador", commits[2].to_string()),
    ];
    repo.write("policy/pnda.yaml", manifest("Política de ejemplo", &drafts));
    repo.write(
        "policy/notas/borrador-3.yaml",
        "draft: borrador-3\nprevious: borrador-2\nnotes:\n  - section: glosario\n    \
         change: \"Se presenta el glosario.\"\n    why: \"Lo pidió un comentario.\"\n    \
         source: {kind: consulta-publica, name: \"Consulta pública\", folios: [CP-0002]}\n",
    );
    repo.write(
        "policy/consulta/comentarios.yaml",
        "consultation:\n  title: \"Consulta del segundo borrador\"\n  draft: borrador-2\n  \
         result: borrador-3\n  opened: 2022-02-01\n  closed: 2022-02-28\ncomments:\n\
         \x20 - folio: CP-0001\n    date: 2022-02-02\n    participant: persona\n    section: introduccion\n    \
         text: \"Más claridad.\"\n    outcome: no-procedente\n    response: \"Ya es clara.\"\n\
         \x20 - folio: CP-0002\n    date: 2022-02-03\n    participant: academia\n    section: glosario\n    \
         text: \"Falta presentar el glosario.\"\n    outcome: procedente\n    response: \"Se añade.\"\n\
         \x20 - folio: CP-0003\n    date: 2022-02-04\n    participant: empresa\n    section: glosario\n    \
         text: \"Definir «metadato».\"\n    outcome: parcialmente-procedente\n    response: \"Se presenta el glosario.\"\n",
    );
    repo
}

#[test]
fn one_draft_makes_a_site_without_comparisons() {
    let repo = TestRepo::new();
    let c = repo.commit(
        "borrador 1",
        &[("policy/doc/01.md", "# Documento\n\n## 1. Uno\n\nTexto.\n")],
    );
    repo.write(
        "policy/pnda.yaml",
        manifest(
            "Documento",
            &[("borrador-1", "Primer borrador", c.to_string())],
        )
        .replace(
            "notes: notas\nconsultation: consulta/comentarios.yaml\n",
            "",
        ),
    );
    repo.cotejo(&["site", "-o", "sitio"]).ok();
    let dir = repo.path().join("sitio");
    let files = tree(&dir);
    assert!(
        !files
            .keys()
            .any(|k| k.starts_with("comparaciones/") || k == "consulta.html")
    );
    assert!(files.contains_key("borradores/borrador-1.html"));
    assert_links(&dir, false);
}

#[test]
fn a_small_site_checks_and_links() {
    let repo = small_repo();
    repo.cotejo(&["check"]).ok();
    repo.cotejo(&["site", "-o", "sitio"]).ok();
    let dir = repo.path().join("sitio");
    assert_no_broken_links(&dir);
    let doc = page(&dir, "consulta.html");
    let links: Vec<&str> = doc
        .select(&sel(".comment-change a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        links,
        [
            "comparaciones/borrador-2--borrador-3.html#glosario",
            "comparaciones/borrador-2--borrador-3.html#glosario"
        ]
    );
    let chapters: Vec<String> = doc
        .select(&sel("#_por-capitulo tbody th"))
        .map(text_of)
        .collect();
    assert_eq!(chapters, ["1. Introducción", "4. Glosario"]);
}

/// The home page and the consultation report of the small repository, as
/// written (the tool's version filtered).
#[test]
fn snapshot_of_small_pages() {
    let repo = small_repo();
    repo.cotejo(&["site", "-o", "sitio"]).ok();
    let dir = repo.path().join("sitio");
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"cotejo \d+\.\d+\.\d+", "cotejo [version]");
    settings.bind(|| {
        for name in [
            "index.html",
            "consulta.html",
            "secciones/index.html",
            "secciones/glosario.html",
        ] {
            let html = std::fs::read_to_string(dir.join(name)).unwrap();
            insta::assert_snapshot!(name.replace(['.', '/'], "_"), html);
        }
    });
}

// ---------------------------------------------------------------------------
// Hostile text

/// A draft with every payload in a heading, a paragraph, a raw HTML block, a
/// list item, a link target and a table cell.
fn hostile_draft(payloads: &[String], word: &str) -> String {
    let mut d = String::from("# Documento\n\n");
    for (k, p) in payloads.iter().enumerate() {
        let line = p.replace(['\n', '\r'], " ");
        d += &format!(
            "## {k}. Sección {line}\n\nTexto {word} {line}\n\n{p}\n--> ?> ]]> </script></pre></style></textarea>\n\n\
             <div>\n{line}\n</div>\n\n- {line}\n- [enlace]({}) y <{line}>\n\n| a | b |\n|---|---|\n| {} | {word} |\n\n",
            line.replace(' ', "%20").replace(['(', ')'], ""),
            line.replace('|', "\\|"),
        );
    }
    d
}

/// Text as a reader gets it: control characters (which an HTML parser drops
/// or replaces) left out, whitespace runs as one space.
fn visible(s: &str) -> String {
    let kept: String = s
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|c| c.is_whitespace() || !(c.is_control() || *c == '\u{fffd}'))
        .collect();
    normalize(&kept)
}

/// Every way a page could run or load something a draft put there.
fn live_markup(rel: &str, doc: &Html) -> Vec<String> {
    let mut bad = Vec::new();
    let depth = rel.matches('/').count();
    let prefix = "../".repeat(depth);
    let ours: Vec<String> = [
        "informe.js",
        "consulta.js",
        "buscar.js",
        "indice-busqueda.js",
    ]
    .iter()
    .map(|s| format!("{prefix}{s}"))
    .collect();
    for s in doc.select(&sel("script")) {
        match s.value().attr("src") {
            Some(src) if ours.iter().any(|o| o == src) && s.text().all(|t| t.trim().is_empty()) => {
            }
            // The provenance: inert data, JSON with no markup in it.
            None if is_provenance(&s) => {}
            _ => bad.push(format!("{rel}: a script not the site's own: {}", s.html())),
        }
    }
    for tag in [
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "base",
        "svg",
        "math",
        "img",
        "applet",
        "meta[http-equiv]",
        "textarea",
        "select:not(#_f-resultado):not(#_f-seccion)",
    ] {
        for el in doc.select(&sel(tag)) {
            bad.push(format!("{rel}: a <{tag}>: {}", el.html()));
        }
    }
    // The site's own stylesheet and feed, and nothing else.
    for el in doc.select(&sel("link")) {
        let href = el.value().attr("href");
        let feed = el.value().attr("rel") == Some("alternate")
            && el.value().attr("type") == Some("application/atom+xml")
            && href == Some(&format!("{prefix}novedades.xml"));
        if href != Some(&format!("{prefix}estilo.css")) && !feed {
            bad.push(format!("{rel}: a <link>: {}", el.html()));
        }
    }
    for el in doc.select(&sel("form")) {
        let v = el.value();
        let own = v.has_class("site-search", scraper::CaseSensitivity::CaseSensitive)
            || matches!(v.id(), Some("_filtros" | "_buscar"));
        if !own {
            bad.push(format!("{rel}: a <form>: {}", el.html()));
        }
    }
    for el in doc.select(&sel("style")) {
        let css = strip_strings(&el.text().collect::<String>());
        if css.contains("XSS") || css.to_ascii_lowercase().contains("@import") {
            bad.push(format!("{rel}: payload in a <style>: {css}"));
        }
    }
    for el in doc.select(&sel("*")) {
        for (name, value) in el.value().attrs() {
            let lower = name.to_ascii_lowercase();
            if lower.starts_with("on") || lower == "srcdoc" || lower == "style" {
                bad.push(format!(
                    "{rel}: {name}={value:?} on <{}>",
                    el.value().name()
                ));
            }
            if [
                "href",
                "src",
                "action",
                "formaction",
                "xlink:href",
                "cite",
                "poster",
                "data",
            ]
            .contains(&lower.as_str())
            {
                let squeezed: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if ["javascript:", "vbscript:", "data:", "livescript:"]
                    .iter()
                    .any(|s| squeezed.starts_with(s))
                {
                    bad.push(format!(
                        "{rel}: {name}={value:?} on <{}>",
                        el.value().name()
                    ));
                }
            }
        }
    }
    bad
}

/// CSS without the contents of its strings.
fn strip_strings(css: &str) -> String {
    let mut out = String::new();
    let mut chars = css.chars();
    while let Some(c) = chars.next() {
        if c == '"' || c == '\'' {
            out.push(c);
            while let Some(d) = chars.next() {
                if d == '\\' {
                    chars.next();
                } else if d == c {
                    break;
                }
            }
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out
}

fn hostile_site(
    payloads: &[String],
    title: &str,
    ids: [&str; 2],
    comments: &[String],
) -> (TestRepo, PathBuf) {
    let repo = TestRepo::new();
    let first = repo.commit(
        "borrador 1",
        &[("policy/doc/01.md", &hostile_draft(payloads, "viejo"))],
    );
    let second = repo.commit(
        "borrador 2",
        &[("policy/doc/01.md", &hostile_draft(payloads, "nuevo"))],
    );
    let drafts = [
        (ids[0], payloads[0].as_str(), first.to_string()),
        (ids[1], payloads[1].as_str(), second.to_string()),
    ];
    repo.write("policy/pnda.yaml", manifest(title, &drafts));
    repo.write(
        &format!("policy/notas/{}.yaml", ids[1]),
        format!("draft: {}\nprevious: {}\nnotes: []\n", q(ids[1]), q(ids[0])),
    );
    let mut y = format!(
        "consultation:\n  title: {}\n  draft: {}\n  result: {}\n  opened: 2023-03-04\n  closed: 2023-05-04\ncomments:\n",
        q(title),
        q(ids[0]),
        q(ids[1])
    );
    for (k, p) in comments.iter().enumerate() {
        y += &format!(
            "  - folio: {}\n    date: 2023-03-05\n    participant: persona\n    section: {}\n    text: {}\n    \
             outcome: procedente\n    response: {}\n",
            q(&format!("CP-{k:04} {p}")),
            q(&format!("{k}-seccion")),
            q(p),
            q(p),
        );
    }
    repo.write("policy/consulta/comentarios.yaml", y);
    repo.cotejo(&["site", "-o", "sitio"]).ok();
    let dir = repo.path().join("sitio");
    (repo, dir)
}

fn assert_inert(dir: &Path) {
    let files = tree(dir);
    let mut bad = Vec::new();
    for (rel, bytes) in &files {
        if rel.ends_with(".html") {
            let doc = Html::parse_document(std::str::from_utf8(bytes).unwrap());
            bad.extend(live_markup(rel, &doc));
        }
    }
    // The scripts are the templates', byte for byte; the index is one JSON value.
    let templates = root().join("templates");
    for (file, template) in [
        ("informe.js", "report.js"),
        ("buscar.js", "site_buscar.js"),
        ("consulta.js", "site_consulta.js"),
    ] {
        assert_eq!(
            files[file],
            std::fs::read(templates.join(template)).unwrap(),
            "{file}"
        );
    }
    let index = std::str::from_utf8(&files["indice-busqueda.js"]).unwrap();
    let json = index
        .strip_prefix("window.COTEJO_BUSQUEDA = ")
        .and_then(|s| s.strip_suffix(";\n"))
        .expect("one assignment");
    let value: Value = serde_json::from_str(json).expect("the index is JSON");
    assert!(!value["entries"].as_array().unwrap().is_empty());
    assert!(!index.contains('<'), "no markup in the index");
    assert!(
        bad.is_empty(),
        "{} problem(s):\n  {}",
        bad.len(),
        bad.join("\n  ")
    );
}

#[test]
fn hostile_text_stays_text() {
    let payloads = payloads();
    let (_repo, dir) = hostile_site(
        &payloads,
        &payloads[2],
        ["borrador-1", "borrador-2"],
        &payloads,
    );
    assert_inert(&dir);
    assert_links(&dir, true);
    // Text stayed text: the title, every comment.
    let home = page(&dir, "index.html");
    let h1 = visible(&text_of(home.select(&sel("h1")).next().unwrap()));
    assert_eq!(h1, visible(&payloads[2]));
    let consultation = visible(&text_of(page(&dir, "consulta.html").root_element()));
    for p in &payloads {
        assert!(
            consultation.contains(&visible(p)),
            "comment {p:?} not shown as text"
        );
    }
}

#[test]
fn hostile_draft_ids_do_not_make_paths() {
    let payloads: Vec<String> = payloads().into_iter().take(3).collect();
    let ids = [
        "../../b1<script>alert('XSS-A1')</script>",
        "b2\"><svg/onload=alert('XSS-A2')>",
    ];
    let (repo, dir) = hostile_site(&payloads, "Documento", ids, &payloads);
    let files = tree(&dir);
    assert!(
        files.contains_key("borradores/d1.html") && files.contains_key("comparaciones/d1--d2.html")
    );
    assert_inert(&dir);
    assert_links(&dir, true);
    // Nothing was written outside the site's folder.
    let outside: Vec<String> = std::fs::read_dir(repo.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut outside = outside;
    outside.sort();
    assert_eq!(outside, [".git", "policy", "sitio"]);
}

/// Whether `script` is the page's provenance: `type="application/json"`, its
/// id, and a JSON object with no `<` that could close the element.
fn is_provenance(script: &scraper::ElementRef<'_>) -> bool {
    let text: String = script.text().collect();
    script.value().attr("type") == Some("application/json")
        && script.value().attr("id") == Some("_cotejo-provenance")
        && !text.contains('<')
        && serde_json::from_str::<Value>(&text).is_ok_and(|v| v["tool"].is_string())
}

#[test]
fn the_manifests_notice_is_on_every_page_and_only_when_given() {
    let repo = small_repo();
    repo.cotejo(&["site", "-o", "sin-aviso"]).ok();
    let manifest = repo.path().join("policy/pnda.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace(
            "drafts:\n",
            "notice: \"Texto <b>de prueba</b>.\"\ndrafts:\n",
        ),
    )
    .unwrap();
    repo.cotejo(&["site", "-o", "sitio"]).ok();
    for (name, bytes) in tree(&repo.path().join("sitio")) {
        if name.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            let doc = Html::parse_document(&html);
            let notice: Vec<String> = doc.select(&sel(".site-notice p")).map(text_of).collect();
            assert_eq!(notice, ["Aviso: Texto <b>de prueba</b>."], "{name}");
        }
    }
    for (name, bytes) in tree(&repo.path().join("sin-aviso")) {
        let html = String::from_utf8_lossy(&bytes);
        assert!(!html.contains("site-notice\""), "{name}");
    }
    std::fs::write(
        &manifest,
        text.replace("drafts:\n", "notice: \" \"\ndrafts:\n"),
    )
    .unwrap();
    let err = repo.cotejo(&["site", "-o", "sitio"]).error().to_owned();
    assert!(err.contains("pnda.yaml:7: `notice` is empty"), "{err}");
}

// ---------------------------------------------------------------------------
// Publishing: what a visitor expects (issue 13)

/// Every HTML page of a site, parsed.
fn html_pages(dir: &Path) -> Vec<(String, Html)> {
    tree(dir)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, Html::parse_document(std::str::from_utf8(&b).unwrap())))
        .collect()
}

/// The Atom feed parses as XML, in Atom's namespace, with what RFC 4287
/// requires: the feed's id, title and updated, and entries each with an id,
/// a title, an updated date and a link.
fn assert_atom(xml: &str) -> Vec<(String, String, String)> {
    const ATOM: &str = "http://www.w3.org/2005/Atom";
    let doc = roxmltree::Document::parse(xml).expect("the feed is well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    let child = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children()
            .find(|c| c.is_element() && c.tag_name().name() == name)
            .and_then(|c| c.text().map(str::to_owned))
            .unwrap_or_default()
    };
    let is_date = |d: &str| d.len() == 20 && d.ends_with("T00:00:00Z");
    for name in ["id", "title", "updated"] {
        assert!(!child(feed, name).is_empty(), "the feed has no {name}");
    }
    assert!(
        is_date(&child(feed, "updated")),
        "{}",
        child(feed, "updated")
    );
    assert!(
        feed.children()
            .any(|c| c.tag_name().name() == "author" && !child(c, "name").is_empty())
    );
    let entries: Vec<(String, String, String)> = feed
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "entry")
        .map(|e| {
            let link = e
                .children()
                .find(|c| c.tag_name().name() == "link")
                .and_then(|l| l.attribute("href"))
                .expect("an entry has a link")
                .to_owned();
            assert!(!child(e, "id").is_empty() && !child(e, "title").is_empty());
            assert!(is_date(&child(e, "updated")), "{}", child(e, "updated"));
            (child(e, "title"), child(e, "updated"), link)
        })
        .collect();
    let ids: HashSet<String> = feed
        .descendants()
        .filter(|c| c.tag_name().name() == "id")
        .map(|c| c.text().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(ids.len(), entries.len() + 1, "ids are unique");
    entries
}

#[test]
fn the_site_publishes_sources_open_data_and_a_feed() {
    let repo = small_repo();
    // A licence from the manifest, on every page.
    let manifest = std::fs::read_to_string(repo.path().join("policy/pnda.yaml")).unwrap();
    repo.write(
        "policy/pnda.yaml",
        manifest.replace(
            "drafts:\n",
            "license:\n  name: \"CC BY 4.0\"\n  url: \"https://creativecommons.org/licenses/by/4.0/\"\ndrafts:\n",
        ),
    );
    repo.cotejo(&["site", "-o", "sitio"]).ok();
    let dir = repo.path().join("sitio");
    let files = tree(&dir);
    assert_no_broken_links(&dir);

    // Each draft's Markdown, exactly as its commit holds it.
    let fixtures = root().join("tests/fixtures/small");
    assert_eq!(
        files["borradores/borrador-1.md"],
        std::fs::read(fixtures.join("old.md")).unwrap()
    );
    assert_eq!(
        files["borradores/borrador-2.md"],
        std::fs::read(fixtures.join("new.md")).unwrap()
    );

    // The feed: every draft and every step, newest first, dates from the
    // manifest.
    let entries = assert_atom(std::str::from_utf8(&files["novedades.xml"]).unwrap());
    let links: Vec<&str> = entries.iter().map(|e| e.2.as_str()).collect();
    assert_eq!(
        links,
        [
            "comparaciones/borrador-2--borrador-3.html",
            "borradores/borrador-3.html",
            "comparaciones/borrador-1--borrador-2.html",
            "borradores/borrador-2.html",
            "borradores/borrador-1.html",
        ]
    );
    assert_eq!(entries[1].1, "2022-03-01T00:00:00Z");
    // A step's summary says what its counts count.
    let xml = std::str::from_utf8(&files["novedades.xml"]).unwrap();
    let feed = roxmltree::Document::parse(xml).unwrap();
    let summaries: Vec<&str> = feed
        .descendants()
        .filter(|n| n.tag_name().name() == "summary")
        .map(|n| n.text().unwrap_or_default())
        .collect();
    assert_eq!(summaries.len(), links.len());
    for (summary, link) in summaries.iter().zip(&links) {
        if link.starts_with("comparaciones/") {
            assert!(summary.starts_with("Secciones: "), "{summary}");
            assert!(summary.contains("modificada"), "{summary}");
        } else {
            assert!(summary.starts_with("Etapa: "), "{summary}");
        }
    }
    assert!(files.contains_key(links[0]));

    // The consultation as open data: the documented columns, a row per
    // comment, in the comments file's order.
    let columns: Vec<&str> = cotejo::site::COLUMNS.iter().map(|c| c.0).collect();
    let csv = std::str::from_utf8(&files["consulta.csv"]).unwrap();
    // UTF-8 after a byte-order mark, so that Excel reads the accents.
    let csv = csv.strip_prefix('\u{feff}').expect("a byte-order mark");
    let lines: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert_eq!(lines[0], columns.join(","));
    assert_eq!(lines.len(), 1 + 3);
    assert!(
        lines[2].starts_with("CP-0002,2022-02-03,academia,glosario,4. Glosario,4. Glosario,"),
        "{}",
        lines[2]
    );
    assert!(lines[2].ends_with(",procedente,Se añade.,consulta.html#CP-0002"));
    let json: Value = serde_json::from_slice(&files["consulta.json"]).unwrap();
    assert_eq!(json["columnas"], serde_json::json!(columns));
    let comments = json["comentarios"].as_array().unwrap();
    assert_eq!(comments.len(), 3);
    for c in comments {
        let keys: Vec<&String> = c.as_object().unwrap().keys().collect();
        let mut expected = columns.clone();
        expected.sort();
        assert_eq!(keys, expected);
    }
    assert_eq!(comments[2]["comentario"], "Definir «metadato».");
    assert_eq!(json["consulta"]["borrador_consultado"], "borrador-2");
    let doc = page(&dir, "consulta.html");
    let documented: Vec<String> = doc.select(&sel(".open-data dt")).map(text_of).collect();
    assert_eq!(documented, columns);
    // Each comment's permalink, visible, to its own anchor.
    let permalinks: Vec<&str> = doc
        .select(&sel(".comment .permalink a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(permalinks, ["#CP-0001", "#CP-0002", "#CP-0003"]);

    for (name, doc) in html_pages(&dir) {
        // The last update is the latest draft's date, on every page.
        let meta: Vec<String> = doc.select(&sel("footer .site-meta")).map(text_of).collect();
        assert_eq!(meta.len(), 1, "{name}");
        assert!(
            meta[0].contains("Última actualización: 1 de marzo de 2022 (Tercer borrador)")
                && meta[0].contains("Licencia: CC BY 4.0")
                && meta[0].contains("Novedades (Atom)"),
            "{name}: {meta:?}"
        );
        // Machines read the ISO date.
        let datetime: Vec<&str> = doc
            .select(&sel("footer .site-meta time"))
            .filter_map(|t| t.value().attr("datetime"))
            .collect();
        assert_eq!(datetime, ["2022-03-01"], "{name}");
        // Every date a reader sees is worded, never ISO.
        for time in doc.select(&sel("time")) {
            let (shown, iso) = (text_of(time), time.value().attr("datetime").unwrap());
            assert_eq!(
                shown,
                cotejo::render::labels::long_date(Lang::Es, iso),
                "{name}"
            );
            assert!(is_iso_date(iso), "{name}: {iso}");
        }
        assert_eq!(
            doc.select(&sel("link[rel=alternate][type='application/atom+xml']"))
                .count(),
            1,
            "{name}"
        );
        // People's words: no draft id, commit or hash outside the
        // verification's disclosure; no PDF without --pdf.
        let mut outside = String::new();
        for node in doc.select(&sel("body")).next().unwrap().descendants() {
            if let Some(t) = node.value().as_text()
                && !node.ancestors().filter_map(ElementRef::wrap).any(|a| {
                    let class = |c| {
                        a.value()
                            .has_class(c, scraper::CaseSensitivity::CaseSensitive)
                    };
                    // The citations' addresses hold the pages' file names.
                    class("verification") || class("citation") || a.value().name() == "script"
                })
            {
                outside.push_str(t);
            }
        }
        for word in ["borrador-1", "borrador-2", "SHA-256", "Commit"] {
            let at = outside.find(word);
            assert!(
                at.is_none() || name.starts_with("secciones/"),
                "{name} says {word}: {}",
                at.map(|k| &outside[k.saturating_sub(80)..(k + 40).min(outside.len())])
                    .unwrap_or_default()
            );
        }
        assert!(
            doc.select(&sel("a[href$='.pdf']")).next().is_none(),
            "{name}"
        );
    }

    // The banner on older drafts, pointing to the latest; none on the latest.
    for (d, banner) in [
        ("borrador-1", true),
        ("borrador-2", true),
        ("borrador-3", false),
    ] {
        let doc = page(&dir, &format!("borradores/{d}.html"));
        let found: Vec<String> = doc.select(&sel(".older-draft")).map(text_of).collect();
        assert_eq!(found.len(), usize::from(banner), "{d}");
        if banner {
            assert!(found[0].contains("Tercer borrador"), "{found:?}");
            // Said once, not twice.
            assert_eq!(found[0].matches("más reciente").count(), 1, "{found:?}");
            assert!(
                found[0].starts_with(
                    "Este no es el texto más reciente. El último es Tercer borrador (1 de marzo de 2022)."
                ),
                "{found:?}"
            );
            let hrefs: Vec<&str> = doc
                .select(&sel(".older-draft a"))
                .map(|a| a.value().attr("href").unwrap())
                .collect();
            assert_eq!(
                hrefs,
                [
                    "borrador-3.html".to_owned(),
                    format!("../comparaciones/{d}--borrador-3.html")
                ]
            );
        }
        let downloads: Vec<&str> = doc
            .select(&sel(".downloads a"))
            .map(|a| a.value().attr("href").unwrap())
            .collect();
        assert_eq!(downloads, [format!("{d}.md")]);
    }

    // How to cite a draft and a section: title, draft, date, section, address.
    let doc = page(&dir, "borradores/borrador-2.html");
    let cites: Vec<String> = doc.select(&sel(".citation")).map(text_of).collect();
    assert_eq!(
        cites[0],
        "Política de ejemplo. Segundo borrador, 1 de febrero de 2022. Disponible en: borradores/borrador-2.html"
    );
    assert!(
        cites.contains(
            &"Política de ejemplo. Segundo borrador, 1 de febrero de 2022, sección 4 «Glosario». Disponible en: borradores/borrador-2.html#glosario"
                .to_owned()
        ),
        "{cites:?}"
    );

    // Search: the comments (by folio and words) and the notes are in the
    // index, each with where it is and its section's history.
    let index = std::str::from_utf8(&files["indice-busqueda.js"]).unwrap();
    let index: Value = serde_json::from_str(
        index
            .strip_prefix("window.COTEJO_BUSQUEDA = ")
            .and_then(|s| s.strip_suffix(";\n"))
            .unwrap(),
    )
    .unwrap();
    let items = index["items"].as_array().unwrap();
    let kinds: Vec<&str> = items.iter().map(|i| i["k"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["comment", "comment", "comment", "note"]);
    assert_eq!(items[1]["t"], "CP-0002 — 4. Glosario");
    assert_eq!(items[1]["u"], "consulta.html#CP-0002");
    assert_eq!(items[1]["h"], "secciones/glosario.html");
    assert!(
        items[3]["x"]
            .as_str()
            .unwrap()
            .contains("Lo pidió un comentario.")
    );
    assert_eq!(
        items[3]["u"],
        "comparaciones/borrador-2--borrador-3.html#glosario"
    );
    assert!(
        index["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["h"].as_str().is_some_and(|h| files.contains_key(h)))
    );

    // The same bytes again.
    repo.cotejo(&["site", "-o", "otra"]).ok();
    assert_eq!(files, tree(&repo.path().join("otra")));
}

#[test]
fn base_url_makes_the_feed_and_citations_absolute() {
    let repo = small_repo();
    repo.cotejo(&[
        "site",
        "-o",
        "sitio",
        "--base-url",
        "https://example.org/politica",
    ])
    .ok();
    let dir = repo.path().join("sitio");
    let xml = std::fs::read_to_string(dir.join("novedades.xml")).unwrap();
    let entries = assert_atom(&xml);
    assert!(
        entries
            .iter()
            .all(|e| e.2.starts_with("https://example.org/politica/")),
        "{entries:?}"
    );
    assert!(
        xml.contains("<id>https://example.org/politica/</id>"),
        "{xml}"
    );
    let cite = page(&dir, "borradores/borrador-1.html")
        .select(&sel(".citation"))
        .map(text_of)
        .next()
        .unwrap();
    assert!(
        cite.ends_with("Disponible en: https://example.org/politica/borradores/borrador-1.html"),
        "{cite}"
    );
    let csv = std::fs::read_to_string(dir.join("consulta.csv")).unwrap();
    assert!(csv.contains(",https://example.org/politica/consulta.html#CP-0001\r\n"));
    // Not a web address: refused before anything is written.
    let run = repo.cotejo(&["site", "-o", "otro", "--base-url", "javascript:alert(1)"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is not a web address"),
        "{}",
        run.stderr
    );
    assert!(!repo.path().join("otro").exists());
}

/// `YYYY-MM-DD`.
fn is_iso_date(s: &str) -> bool {
    s.len() == 10
        && s.bytes().enumerate().all(|(k, b)| {
            if k == 4 || k == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// Comments are anyone's text: in `consulta.csv` a cell a spreadsheet would
/// take for a formula starts with `'` (OWASP's advice against CSV injection),
/// as does one that starts with `'`, and the consultation page says so;
/// `consulta.json` keeps every text exactly.
#[test]
fn open_data_csv_cells_are_never_formulas_and_the_json_keeps_the_text() {
    let repo = small_repo();
    let path = repo.path().join("policy/consulta/comentarios.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let texts = [
        (
            "\"Más claridad.\"",
            "=HYPERLINK(\"http://x.example/?\"&A1,\"Ver\")",
        ),
        ("\"Falta presentar el glosario.\"", "- primero\n- segundo"),
        ("\"Definir «metadato».\"", "@SUMA(A1:A9)"),
        ("\"Ya es clara.\"", "+52 55 5555 5555"),
        ("\"Se añade.\"", "\tcon tabulador"),
        ("\"Se presenta el glosario.\"", "'entre apóstrofos'"),
    ];
    let mut changed = yaml.clone();
    for (old, new) in texts {
        changed = changed.replace(old, &serde_json::to_string(new).unwrap());
    }
    assert_ne!(changed, yaml);
    std::fs::write(&path, changed).unwrap();
    repo.cotejo(&["site", "-o", "sitio"]).ok();
    let dir = repo.path().join("sitio");
    let bytes = std::fs::read(dir.join("consulta.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a UTF-8 byte-order mark"
    );
    let csv = std::str::from_utf8(&bytes[3..]).unwrap();
    // Read back as RFC 4180 by the csv crate: every cell of a comment's row.
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let (comentario, respuesta) = (6, 8);
    assert_eq!(
        rows.iter()
            .map(|r| (r[comentario].as_str(), r[respuesta].as_str()))
            .collect::<Vec<_>>(),
        [
            (
                "'=HYPERLINK(\"http://x.example/?\"&A1,\"Ver\")",
                "'+52 55 5555 5555"
            ),
            ("'- primero\n- segundo", "'\tcon tabulador"),
            ("'@SUMA(A1:A9)", "''entre apóstrofos'"),
        ]
    );
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
    let json: Value =
        serde_json::from_slice(&std::fs::read(dir.join("consulta.json")).unwrap()).unwrap();
    let comments = json["comentarios"].as_array().unwrap();
    assert_eq!(comments[0]["comentario"], texts[0].1);
    assert_eq!(comments[1]["comentario"], texts[1].1);
    assert_eq!(comments[1]["respuesta"], texts[4].1);
    assert_eq!(comments[2]["respuesta"], texts[5].1);
    let note = page(&dir, "consulta.html")
        .select(&sel(".open-data details p"))
        .map(text_of)
        .next()
        .expect("the CSV's note");
    assert!(note.contains("UTF-8 con marca de orden de bytes"), "{note}");
    assert!(note.contains("lleva delante un apóstrofo"), "{note}");
}

#[test]
fn pdf_without_a_browser_is_refused_with_the_fix() {
    let repo = small_repo();
    let run = repo.cotejo(&[
        "site",
        "-o",
        "sitio",
        "--pdf",
        "--chromium",
        "/nonexistent/chromium",
    ]);
    let err = run.error();
    assert!(
        err.contains("--pdf")
            && err.contains("apt-get install chromium")
            && err.contains("without --pdf"),
        "{err}"
    );
    assert!(!repo.path().join("sitio").exists());
}

#[test]
fn a_malformed_license_is_refused_with_its_line() {
    let repo = small_repo();
    let manifest = std::fs::read_to_string(repo.path().join("policy/pnda.yaml")).unwrap();
    for (license, says) in [
        ("license:\n  name: \"  \"\n", "`license.name` is empty"),
        (
            "license:\n  name: CC BY 4.0\n  url: \"javascript:alert(1)\"\n",
            "`license.url: javascript:alert(1)` is not a web link",
        ),
        ("license:\n  name: CC BY 4.0\n  link: x\n", "link"),
    ] {
        repo.write(
            "policy/pnda.yaml",
            manifest.replace("drafts:\n", &format!("{license}drafts:\n")),
        );
        let err = repo.cotejo(&["site", "-o", "sitio"]).error().to_owned();
        assert!(err.contains("pnda.yaml:"), "{err}");
        assert!(err.contains(says), "{err}");
        assert!(!repo.path().join("sitio").exists());
    }
}
