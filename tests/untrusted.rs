//! Draft text, headings, notes, consultation comments and the manifest's
//! titles are untrusted.
//!
//! A corpus of hostile payloads (`tests/fixtures/untrusted/payloads.txt`: script
//! tags, event handlers, `javascript:` URLs hidden by case, entities and control
//! characters, SVG and MathML, frames, styles, unclosed tags, Markdown link
//! tricks, heading attributes…) is put in every place a draft, a note or the
//! manifest can carry text: headings, paragraphs, raw HTML blocks, list items,
//! table cells, footnotes, block quotes, code, link and image targets, reference
//! definitions; the manifest's title and the drafts' ids, titles, stages and
//! dates; every field of the editors' notes and of the consultation's comments.
//! The real binary writes the report (old → new and back) and the changelog
//! from a real git repository, and an HTML5 parser (html5ever, through scraper:
//! it builds the tree a browser builds) reads them to check that
//!
//! - nothing became live markup: the template's scripts and no other (for the
//!   report, exactly `templates/report.js`); the template's `<style>` elements,
//!   their CSS the same outside its strings; no `on*` attribute; no
//!   `javascript:`/`vbscript:`/`data:` URL in any URL attribute; no `srcdoc`; no
//!   frame, object, embed, base, form, svg, math, img or link element; no
//!   `<meta http-equiv>`;
//! - the page's own structure is whole: one `<main>` holding one `<article>` per
//!   changed section (as `cotejo diff --format json` counts them), the others
//!   folded, one `<h1>`, unique ids, and in the redlines only what a document
//!   body holds;
//! - text stayed text: the title, the drafts' fields, each section's title (and
//!   old heading when renamed), each note, each piece of visible body text (as
//!   pulldown-cmark reads it) is in the page's text, where it belongs.
//!
//! `the_checks_catch_live_markup` checks the checks. Raw HTML that runs nothing
//! but fakes the report's marks or outline, and explicit ids equal to the page's
//! own, are in `structure.txt`, for a test ignored until those bugs are fixed.

mod support;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use cotejo::document::numbering::split_number;
use cotejo::source::Version;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use support::{TestRepo, corpus, one_line, payloads};

const STRUCTURE: &str = include_str!("fixtures/untrusted/structure.txt");
const REPORT_JS: &str = include_str!("../templates/report.js");

// ---------------------------------------------------------------------------
// The corpus

/// The payload as a block of its own, then a line that ends whatever HTML block
/// it may have opened (a comment, CDATA, `<script>`, `<textarea>`…), so that it
/// eats its own section's text and not the rest of the document; then the
/// payload again inside a `<div>`, which makes a raw HTML block of any line (a
/// line such as `<a href=…>x</a>` alone is a paragraph with inline HTML).
fn block(p: &str) -> String {
    let l = one_line(p);
    format!("{p}\n--> ?> ]]> </script></pre></style></textarea>\n\n<div>\n{l}\n</div>\n")
}

/// A section whose body is changed in the new draft: every context holds the
/// payload in both drafts, and some hold it only in one of them, so that it is
/// rendered as equal, inserted and deleted text.
fn modified(i: usize, p: &str, new: bool) -> String {
    let l = one_line(p);
    let b = block(p);
    let (word, only) = if new {
        ("nuevo", format!("Añadido {i}: {l}"))
    } else {
        ("viejo", format!("Suprimido {i}: {l}"))
    };
    let code = if new {
        format!("{p}\nañadido {p}")
    } else {
        p.to_owned()
    };
    format!(
        "### 1.{i} Modificada {i}: {l}\n\n\
         Párrafo común {i} con {l} en línea, texto {word}.\n\n\
         {only}\n\n\
         {b}\n\
         - elemento común {i}\n\
         - elemento {word} {i}: {l}\n\n\
         | n | valor |\n|---|---|\n| {i} | {l} |\n| {i}{word} | fila {word} {l} |\n\n\
         Pie[^m{i}], enlace [enlace {i}]({l}), referencia [ref {i}][rm{i}] e imagen ![alt {i}]({l}).\n\n\
         > Cita {word} {i}: {l}\n\n\
         ~~~~\n{code}\n~~~~\n\n\
         [^m{i}]: Nota al pie {word} {l}\n\n\
         [rm{i}]: {l}\n\n"
    )
}

/// A section of one draft only (removed from the old, or added to the new).
/// Removed and added sections carry different payloads and words, so that
/// pairing does not take them for one section renamed.
fn one_sided(i: usize, p: &str, new: bool) -> String {
    let l = one_line(p);
    let b = block(p);
    let (chapter, name, tag, filler) = if new {
        (
            3,
            "Añadida",
            "a",
            "Se incorpora un mecanismo de seguimiento trimestral con indicadores públicos",
        )
    } else {
        (
            2,
            "Suprimida",
            "s",
            "Quedó sin efecto la disposición transitoria sobre el inventario de archivos",
        )
    };
    format!(
        "### {chapter}.{i} {name} {i}: {l}\n\n\
         {filler} ({i}), con {l} en línea.\n\n\
         {b}\n\
         - {name} {i}: {l}\n\n\
         | {name} | {l} |\n|---|---|\n| {i} | {l} |\n\n\
         Pie[^{tag}{i}] y enlace [enlace {name} {i}]({l}).\n\n\
         ~~~~\n{p}\n~~~~\n\n\
         [^{tag}{i}]: Nota {name} {l}\n\n"
    )
}

/// A section renamed in the new draft, its body kept: the old heading (with the
/// payload) is shown as "renamed from".
fn renamed(i: usize, p: &str, new: bool) -> String {
    let l = one_line(p);
    let heading = if new {
        format!("4.{i} Rebautizada {i}")
    } else {
        format!("4.{i} Renombrada {i}: {l}")
    };
    format!(
        "### {heading}\n\nCuerpo estable de la sección renombrada número {i}, que no cambia \
         entre los borradores y que por eso se empareja por su texto: {l}.\n\n"
    )
}

/// The document of one draft, as two files.
fn document(payloads: &[String], new: bool) -> Vec<(String, String)> {
    let word = if new { "nueva" } else { "vieja" };
    let mut first = format!(
        "Presentación {word}: {}\n\n# Documento de prueba\n\n## 1. Modificadas\n\n",
        one_line(&payloads[0])
    );
    for (i, p) in payloads.iter().enumerate() {
        first += &modified(i + 1, p, new);
    }
    first += "## 2. Supresiones\n\nCapítulo de las secciones suprimidas.\n\n";
    if !new {
        for (i, p) in payloads.iter().enumerate() {
            first += &one_sided(i + 1, p, false);
        }
    }
    first += "## 3. Adiciones\n\nCapítulo de las secciones añadidas.\n\n";
    if new {
        let n = payloads.len();
        for i in 0..n {
            first += &one_sided(i + 1, &payloads[(i + n / 2) % n], true);
        }
    }
    let mut second = "## 4. Renombradas\n\n".to_owned();
    for (i, p) in payloads.iter().enumerate() {
        second += &renamed(i + 1, p, new);
    }
    // Unchanged: the redline of an unchanged section has no marks at all, so a
    // draft's own `<ins>`/`<del>` would show there.
    second += "## 5. Sin cambios\n\n### 5.1 Intacta\n\n";
    for p in payloads {
        second += &format!(
            "Igual: {}\n\n{}\n- igual {}\n\n",
            one_line(p),
            block(p),
            one_line(p)
        );
    }
    // Last: unclosed blocks that eat the rest of the document.
    second += &format!(
        "## 6. Sin cerrar\n\n### 6.1 Bloques abiertos\n\nÚltimo párrafo {word}.\n\n{}\n",
        if new {
            "<textarea>XSS-90 come hasta el final\n\n<!-- XSS-91"
        } else {
            "<!-- XSS-92 come hasta el final\n\n<textarea>XSS-93"
        }
    );
    vec![
        ("policy/doc/01.md".to_owned(), first),
        ("policy/doc/02.md".to_owned(), second),
    ]
}

/// YAML double-quoted scalar (JSON's escapes are a subset of YAML's).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// Header fields of the manifest.
struct Header<'a> {
    title: &'a str,
    ids: [&'a str; 2],
    titles: [&'a str; 2],
    stages: [&'a str; 2],
    dates: [&'a str; 2],
}

fn manifest(h: &Header<'_>, commits: [&str; 2]) -> String {
    let mut m = format!(
        "title: {}\nlanguage: es\nfiles:\n  - doc/01.md\n  - doc/02.md\nnotes: notas\n\
         consultation: consulta/comentarios.yaml\ndrafts:\n",
        q(h.title)
    );
    for (k, commit) in commits.iter().enumerate() {
        m += &format!(
            "  - id: {}\n    title: {}\n    date: {}\n    stage: {}\n    ref: {commit}\n",
            q(h.ids[k]),
            q(h.titles[k]),
            q(h.dates[k]),
            q(h.stages[k]),
        );
    }
    m
}

/// A note on one section, every text field a payload.
struct NoteSpec {
    section: String,
    removed: bool,
    text: String,
}

fn notes_yaml(ids: [&str; 2], notes: &[NoteSpec]) -> String {
    if notes.is_empty() {
        return format!("draft: {}\nprevious: {}\nnotes: []\n", q(ids[1]), q(ids[0]));
    }
    let mut y = format!("draft: {}\nprevious: {}\nnotes:\n", q(ids[1]), q(ids[0]));
    for n in notes {
        let p = q(&n.text);
        y += &format!(
            "  - section: {}\n    removed: {}\n    change: {p}\n    why: {}\n    source:\n      kind: consulta-publica\n      name: {p}\n      date: {p}\n      folios: [{p}, \"CP-0001\"]\n",
            q(&n.section),
            n.removed,
            q(&format!("Porque {}", n.text)),
        );
    }
    y
}

/// The public consultation on the old draft: one comment per `(section, text)`,
/// the text in every free field. (The report and the changelog do not show
/// comments yet, only the folios of notes; when they do, these are checked too.)
fn consultation_yaml(ids: [&str; 2], comments: &[(&str, &str)]) -> String {
    let mut y = format!(
        "consultation:\n  title: \"Consulta pública\"\n  draft: {}\n  result: {}\n  \
         opened: 2023-03-04\n  closed: 2023-05-04\ncomments:\n",
        q(ids[0]),
        q(ids[1])
    );
    if comments.is_empty() {
        y = y.replace("comments:\n", "comments: []\n");
    }
    for (k, (section, text)) in comments.iter().enumerate() {
        let p = q(text);
        y += &format!(
            "  - folio: {}\n    date: 2023-03-05\n    participant: persona\n    section: {}\n    \
             text: {p}\n    outcome: procedente\n    response: {p}\n",
            q(&format!("CP-{k:04} {text}")),
            q(section),
        );
    }
    y
}

/// The notes and the consultation of the transition `ids[0]` → `ids[1]`.
fn write_notes(repo: &TestRepo, ids: [&str; 2], notes: &[NoteSpec]) {
    repo.write("policy/notas/borrador-2.yaml", notes_yaml(ids, notes));
    let comments: Vec<(&str, &str)> = notes
        .iter()
        .map(|n| (n.section.as_str(), n.text.as_str()))
        .collect();
    repo.write(
        "policy/consulta/comentarios.yaml",
        consultation_yaml(ids, &comments),
    );
}

// ---------------------------------------------------------------------------
// Reading the page

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s}: {e:?}"))
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(el: ElementRef<'_>) -> String {
    normalize(&el.text().collect::<String>())
}

fn is_inside(el: ElementRef<'_>, name: &str) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == name)
}

fn has_class_ancestor(el: ElementRef<'_>, class: &str) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        a.value()
            .has_class(class, scraper::CaseSensitivity::CaseSensitive)
    })
}

/// The CSS with string contents and comments taken out: a title or label put
/// in a CSS string may change the strings, never the rules.
fn css_skeleton(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                out.push(c);
                out.push(c);
                while let Some(d) = chars.next() {
                    if d == '\\' {
                        chars.next();
                    } else if d == c || d == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Elements the page has of its own, whose number a draft must not change
/// (the report's buttons are the sticky bar's ◀ ▶; a draft can add none).
const OWN: &[&str] = &[
    "html", "head", "body", "title", "meta", "style", "script", "main", "button",
];
/// Elements that must never appear.
const FORBIDDEN: &[&str] = &[
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "form",
    "svg",
    "math",
    "img",
    "image",
    "link",
    "video",
    "audio",
    "source",
    "track",
    "canvas",
    "template",
    "noscript",
    "textarea",
    "select",
    "xmp",
    "plaintext",
    "isindex",
    "marquee",
    "portal",
];
/// Attributes that hold a URL.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "ping",
    "codebase",
    "lowsrc",
    "dynsrc",
    "manifest",
    "icon",
    "profile",
    "usemap",
    "xlink:href",
];

/// What a redline may hold: what the Markdown renderer writes and what the
/// sanitizer lets through of raw HTML, less what would break the page's outline
/// (`h1`–`h3`, `article`, landmarks) or take input.
const REDLINE_TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h4",
    "h5",
    "h6",
    "hgroup",
    "hr",
    "i",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// What the template writes on its own: counts of its elements, its scripts,
/// its CSS outside strings.
struct Census {
    counts: BTreeMap<&'static str, usize>,
    scripts: Vec<String>,
    css: Vec<String>,
    style_attrs: usize,
}

impl Census {
    fn of(doc: &Html) -> Census {
        let counts = OWN
            .iter()
            .map(|t| (*t, doc.select(&sel(t)).count()))
            .collect();
        // The provenance is inert data (JSON, no markup in it), not a
        // script: checked apart, and left out of the census.
        for p in doc.select(&sel("script#_cotejo-provenance")) {
            let text: String = p.text().collect();
            assert_eq!(p.value().attr("type"), Some("application/json"));
            assert!(!text.contains('<'), "markup in the provenance: {text}");
            serde_json::from_str::<serde_json::Value>(&text).expect("the provenance is JSON");
        }
        let scripts = doc
            .select(&sel("script:not(#_cotejo-provenance)"))
            .map(|s| s.text().collect::<String>().trim().to_owned())
            .collect();
        let css = doc
            .select(&sel("style"))
            .map(|s| css_skeleton(&s.text().collect::<String>()))
            .collect();
        Census {
            counts,
            scripts,
            css,
            style_attrs: doc.select(&sel("[style]")).count(),
        }
    }

    /// The census of a page the binary writes for a harmless repository.
    fn baseline(command: &str) -> Census {
        let census = Census::of(&Html::parse_document(&harmless_page(command)));
        if command == "report" {
            // The report's one script is templates/report.js, byte for byte.
            assert_eq!(census.scripts, [REPORT_JS.trim()], "the report's script");
        }
        census
    }
}

/// The arguments of `cotejo report` (the two drafts), `cotejo changelog` or
/// `cotejo expediente` (of the last draft).
fn command_args(command: &str) -> &'static [&'static str] {
    match command {
        "report" => &["report", "borrador-1", "borrador-2"],
        "changelog" => &["changelog"],
        "expediente" => &["expediente"],
        other => panic!("no command {other}"),
    }
}

/// The page `command` writes for [`harmless_repo`].
fn harmless_page(command: &str) -> String {
    let repo = harmless_repo();
    repo.cotejo(&[command_args(command), &["-o", "out.html"]].concat())
        .ok();
    std::fs::read_to_string(repo.path().join("out.html")).unwrap()
}

/// Two drafts of `tests/fixtures/small` with a manifest, nothing hostile.
fn harmless_repo() -> TestRepo {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
    let read = |f: &str| std::fs::read_to_string(fixtures.join(f)).unwrap();
    let repo = TestRepo::new();
    let first = repo.commit("borrador 1", &[("policy/doc/01.md", &read("old.md"))]);
    let second = repo.commit("borrador 2", &[("policy/doc/01.md", &read("new.md"))]);
    let header = Header {
        title: "Política de ejemplo",
        ids: ["borrador-1", "borrador-2"],
        titles: ["Primer borrador", "Segundo borrador"],
        stages: ["Grupo Técnico", "Mesas de personas expertas"],
        dates: ["2022-06-30", "2022-10-14"],
    };
    let m = manifest(&header, [&first.to_string(), &second.to_string()]);
    repo.write("policy/pnda.yaml", m.replace("  - doc/02.md\n", ""));
    write_notes(&repo, header.ids, &[]);
    repo
}

/// Whether a URL's scheme runs script or carries a document, as a browser
/// reads it: whitespace and control characters dropped, any case.
fn dangerous_url(value: &str) -> bool {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "livescript:", "mocha:"]
        .iter()
        .any(|s| squeezed.starts_with(s))
}

/// Every way the page could run or load something a draft put there.
fn inert(doc: &Html, census: &Census) -> Vec<String> {
    let mut bad = Vec::new();
    let now = Census::of(doc);
    if now.scripts != census.scripts {
        bad.push(format!(
            "{} <script> elements, not the template's {}: {:?}",
            now.scripts.len(),
            census.scripts.len(),
            now.scripts
                .iter()
                .map(|s| s.chars().take(120).collect::<String>())
                .collect::<Vec<_>>()
        ));
    }
    for s in doc.select(&sel("script[src]")) {
        bad.push(format!("a <script src>: {}", s.html()));
    }
    for (tag, n) in &census.counts {
        if now.counts[tag] != *n {
            bad.push(format!(
                "{} <{tag}> elements, the template writes {n}",
                now.counts[tag]
            ));
        }
    }
    if now.css != census.css {
        bad.push(format!(
            "the CSS differs from the template's outside its strings:\n{:#?}",
            now.css
        ));
    }
    for css in &now.css {
        if css.contains("XSS") || css.to_ascii_lowercase().contains("@import") {
            bad.push(format!("payload text in a <style>, outside strings: {css}"));
        }
    }
    if now.style_attrs != census.style_attrs {
        bad.push(format!(
            "{} style attributes, the template writes {}",
            now.style_attrs, census.style_attrs
        ));
    }
    for tag in FORBIDDEN {
        for el in doc.select(&sel(tag)) {
            bad.push(format!("a <{tag}> element: {}", el.html()));
        }
    }
    for el in doc.select(&sel("meta[http-equiv]")) {
        bad.push(format!("a <meta http-equiv>: {}", el.html()));
    }
    for el in doc.select(&sel("*")) {
        let e = el.value();
        for (name, value) in e.attrs() {
            let lower = name.to_ascii_lowercase();
            if lower.starts_with("on") {
                bad.push(format!("event handler {name}={value:?} on <{}>", e.name()));
            }
            if lower == "srcdoc" {
                bad.push(format!("srcdoc on <{}>", e.name()));
            }
            if URL_ATTRS.contains(&lower.as_str()) && dangerous_url(value) {
                bad.push(format!("{name}={value:?} on <{}>", e.name()));
            }
            if lower == "style" || lower == "class" {
                // Classes come from the template only; a draft's would restyle.
                if value.contains("XSS") || value.contains("cls") {
                    bad.push(format!("{name}={value:?} from a draft on <{}>", e.name()));
                }
            }
        }
    }
    bad
}

/// One entry of the JSON model, as the test needs it.
struct Entry<'a> {
    json: &'a Value,
    changed: bool,
}

/// Whether the report shows the entry as a change (an `<article>`) rather than
/// folded: as `render::view` decides it, from the JSON alone. Renumbering alone
/// is folded; a section whose anchor changed is shown.
fn entries(json: &Value) -> Vec<Entry<'_>> {
    json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let flags: Vec<&str> = s["flags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap())
                .collect();
            let unchanged = s["change"] == "unchanged";
            let is_change = !unchanged || !flags.is_empty();
            let anchor_moved =
                !s["old"].is_null() && !s["new"].is_null() && s["old"]["id"] != s["new"]["id"];
            Entry {
                json: s,
                changed: (is_change && !(unchanged && flags == ["renumbered"])) || anchor_moved,
            }
        })
        .collect()
}

/// The text a reader sees of a Markdown body, piece by piece (text and code
/// spans outside raw HTML and front matter), whitespace collapsed.
fn visible_pieces(body: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut pieces = Vec::new();
    let mut hidden = 0usize;
    for ev in Parser::new_ext(body, cotejo::markdown::options()) {
        match ev {
            Event::Start(Tag::HtmlBlock | Tag::MetadataBlock(_)) => hidden += 1,
            Event::End(TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => hidden -= 1,
            Event::Text(t) | Event::Code(t) if hidden == 0 => {
                let n = normalize(&t);
                if !n.is_empty() {
                    pieces.push(n);
                }
            }
            _ => {}
        }
    }
    pieces
}

/// What the page must show as text.
struct Expect<'a> {
    json: &'a Value,
    old: &'a Version,
    new: &'a Version,
    header: &'a Header<'a>,
    /// Notes by `(section id, removed)`.
    notes: &'a [NoteSpec],
}

/// What the report and the changelog share: one `<main>`, unique ids, one
/// `<h1>` that is the manifest's title, the drafts' fields shown as text, and
/// redlines that hold only a document body's elements.
fn outline(doc: &Html, ex: &Expect<'_>) -> Vec<String> {
    let mut bad = Vec::new();
    let mains: Vec<ElementRef<'_>> = doc.select(&sel("main")).collect();
    if mains.len() != 1 || !is_inside(mains[0], "body") {
        bad.push(format!("{} <main> elements in <body>", mains.len()));
    }
    let mut ids = HashSet::new();
    for el in doc.select(&sel("[id]")) {
        let id = el.attr("id").unwrap();
        if !ids.insert(id.to_owned()) {
            bad.push(format!(
                "id {id:?} appears twice (on <{}>)",
                el.value().name()
            ));
        }
    }
    let h1: Vec<ElementRef<'_>> = doc.select(&sel("h1")).collect();
    if h1.len() != 1 {
        bad.push(format!("{} <h1> elements", h1.len()));
    }
    // Inside a redline only the elements of a document's body stand: headings
    // below the page's outline, no landmarks, no controls.
    for el in doc.select(&sel(".redline *")) {
        let name = el.value().name();
        if !REDLINE_TAGS.contains(&name) {
            bad.push(format!(
                "a <{name}> in a redline: {}",
                el.html().chars().take(160).collect::<String>()
            ));
        }
    }
    // The header: the manifest's title and the drafts' fields, as text.
    let h = ex.header;
    if let Some(h1) = h1.first()
        && text_of(*h1) != normalize(h.title)
    {
        bad.push(format!(
            "<h1> shows {:?}, not the title {:?}",
            text_of(*h1),
            h.title
        ));
    }
    let title = doc
        .select(&sel("title"))
        .next()
        .map(text_of)
        .unwrap_or_default();
    if !title.contains(&normalize(h.title)) {
        bad.push(format!("<title> {title:?} lacks the title {:?}", h.title));
    }
    let header = doc
        .select(&sel("header"))
        .next()
        .map(text_of)
        .unwrap_or_default();
    // A date is shown as a reader writes it (a text that is no date, as it is).
    let dates = h
        .dates
        .map(|d| cotejo::render::labels::long_date(cotejo::render::labels::Lang::Es, d));
    for field in h
        .ids
        .iter()
        .chain(&h.titles)
        .chain(&h.stages)
        .map(|f| f.to_string())
        .chain(dates)
    {
        if !header.contains(&normalize(&field)) {
            bad.push(format!("the header does not show {field:?}"));
        }
    }
    bad
}

/// The body of one side of an entry.
fn side_body(ex: &Expect<'_>, s: &Value, side: &str) -> Option<String> {
    let v = if side == "old" { ex.old } else { ex.new };
    s[side]["index"]
        .as_u64()
        .map(|i| v.document.body(i as usize).to_owned())
}

fn section_name(s: &Value) -> String {
    format!(
        "section {}",
        s["new"]["id"].as_str().or(s["old"]["id"].as_str()).unwrap()
    )
}

/// The notes written on the entry's section.
fn notes_of<'a>(ex: &'a Expect<'_>, s: &Value) -> impl Iterator<Item = &'a NoteSpec> {
    let key = match (s["new"]["id"].as_str(), s["old"]["id"].as_str()) {
        (Some(id), _) => (id.to_owned(), false),
        (None, Some(id)) => (id.to_owned(), true),
        _ => unreachable!("an entry has a side"),
    };
    ex.notes
        .iter()
        .filter(move |n| (n.section.clone(), n.removed) == key)
}

/// The changelog (or any page): every changed section's title, old heading
/// when renamed, both bodies' visible text and its notes are in `<main>`.
fn all_text_shown(doc: &Html, ex: &Expect<'_>) -> Vec<String> {
    let mut bad = Vec::new();
    let Some(main) = doc.select(&sel("main")).next() else {
        return vec!["no <main>".to_owned()];
    };
    let text = text_of(main);
    for e in entries(ex.json).iter().filter(|e| e.changed) {
        let s = e.json;
        let what = section_name(s);
        let shown = if s["new"].is_null() { "old" } else { "new" };
        let title = normalize(split_number(s[shown]["heading"].as_str().unwrap()).title);
        if !text.contains(&title) {
            bad.push(format!("{what}: the title {title:?} is not shown"));
        }
        if s["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "renamed")
        {
            let old_heading = normalize(s["old"]["heading"].as_str().unwrap());
            if !text.contains(&old_heading) {
                bad.push(format!(
                    "{what}: the old heading {old_heading:?} is not shown"
                ));
            }
        }
        if s["change"] != "unchanged" {
            for side in ["old", "new"] {
                for piece in side_body(ex, s, side)
                    .map(|b| visible_pieces(&b))
                    .unwrap_or_default()
                {
                    if !text.contains(&piece) {
                        bad.push(format!("{what}: {side} text {piece:?} not shown"));
                    }
                }
            }
        }
        for n in notes_of(ex, s) {
            if !text.contains(&normalize(&n.text)) {
                bad.push(format!(
                    "{what}: the note {:?} is not shown as text",
                    n.text
                ));
            }
        }
    }
    bad
}

/// The report: one `<article>` per changed section, in `<main>`, the others
/// folded; marks only where the diff put them; every piece of untrusted text
/// shown as text where it belongs.
fn whole(doc: &Html, ex: &Expect<'_>) -> Vec<String> {
    let mut bad = Vec::new();
    let entries = entries(ex.json);
    let changed = entries.iter().filter(|e| e.changed).count();
    let articles: Vec<ElementRef<'_>> = doc.select(&sel("article")).collect();
    if articles.len() != changed {
        bad.push(format!(
            "{} <article> elements for {changed} changed sections",
            articles.len()
        ));
    }
    for a in &articles {
        if !is_inside(*a, "main") {
            bad.push(format!(
                "an <article> outside <main>: id {:?}",
                a.attr("id")
            ));
        }
        if is_inside(*a, "article") || has_class_ancestor(*a, "redline") {
            bad.push(format!("an <article> inside a section: {:?}", a.attr("id")));
        }
    }
    // The marks are the diff's: an unchanged body has none, whatever the
    // draft's raw HTML says.
    for el in doc.select(&sel(
        "details.section ins, details.section del, .body-fold ins, .body-fold del",
    )) {
        bad.push(format!(
            "a mark in an unchanged body (a draft's own <{}>): {}",
            el.value().name(),
            el.html().chars().take(160).collect::<String>()
        ));
    }
    // Each section in order: a changed one as an <article>, the others folded.
    let shown: Vec<ElementRef<'_>> = doc
        .select(&sel("article.section, details.section"))
        .collect();
    if shown.len() != entries.len() {
        bad.push(format!(
            "{} sections shown for {} entries",
            shown.len(),
            entries.len()
        ));
        return bad;
    }
    for (e, el) in entries.iter().zip(&shown) {
        let s = e.json;
        let what = section_name(s);
        let is_article = el.value().name() == "article";
        if is_article != e.changed {
            bad.push(format!("{what}: shown as <{}>", el.value().name()));
            continue;
        }
        if !is_article {
            let text = text_of(*el);
            for piece in visible_pieces(&side_body(ex, s, "new").unwrap()) {
                if !text.contains(&piece) {
                    bad.push(format!("{what} (folded): text {piece:?} not shown"));
                }
            }
            continue;
        }
        let shown_side = if s["new"].is_null() { "old" } else { "new" };
        let heading = s[shown_side]["heading"].as_str().unwrap();
        let h3 = el
            .select(&sel("h3"))
            .next()
            .map(text_of)
            .unwrap_or_default();
        if !h3.contains(&normalize(split_number(heading).title)) {
            bad.push(format!(
                "{what}: <h3> {h3:?} lacks the title of {heading:?}"
            ));
        }
        if s["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "renamed")
        {
            let old_heading = normalize(s["old"]["heading"].as_str().unwrap());
            if !text_of(*el).contains(&old_heading) {
                bad.push(format!(
                    "{what}: the old heading {old_heading:?} is not shown"
                ));
            }
        }
        // Each side's text in its column of the cuadro comparativo, or, where
        // the body did not change and there is no cuadro, in the article.
        for (side, cell) in [("old", "td.old"), ("new", "td.new")] {
            let Some(body) = side_body(ex, s, side) else {
                continue;
            };
            // The cuadro has a row per block: the side's cells, in order.
            let cells: Vec<String> = el.select(&sel(cell)).map(text_of).collect();
            let text = match cells.is_empty() {
                false => cells.join(" "),
                true if s["change"] == "unchanged" => text_of(*el),
                true => {
                    bad.push(format!("{what}: no {cell} in the cuadro comparativo"));
                    continue;
                }
            };
            for piece in visible_pieces(&body) {
                if !text.contains(&piece) {
                    bad.push(format!("{what}: {side} text {piece:?} not shown"));
                }
            }
        }
        // The notes on this section, every field as text, beside it.
        let aside = el.select(&sel("aside")).next().map(text_of);
        for n in notes_of(ex, s) {
            let shown = aside.as_ref().is_some_and(|a| {
                a.contains(&normalize(&n.text))
                    && a.contains(&normalize(&format!("Porque {}", n.text)))
            });
            if !shown {
                bad.push(format!(
                    "{what}: the note {:?} is not shown as text",
                    n.text
                ));
            }
        }
    }
    bad
}

fn assert_clean(what: &str, bad: &[String]) {
    // The same problem in many places is said once, with its count.
    let mut seen: Vec<(&String, usize)> = Vec::new();
    for b in bad {
        match seen.iter_mut().find(|(s, _)| *s == b) {
            Some((_, n)) => *n += 1,
            None => seen.push((b, 1)),
        }
    }
    let lines: Vec<String> = seen
        .iter()
        .map(|(s, n)| {
            if *n > 1 {
                format!("{s} (×{n})")
            } else {
                s.to_string()
            }
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{what}: {} problems:\n{}",
        bad.len(),
        lines.join("\n")
    );
}

// ---------------------------------------------------------------------------
// The tests

/// The two drafts committed, with the files of each.
fn payload_repo(payloads: &[String]) -> (TestRepo, [String; 2], [Version; 2]) {
    let repo = TestRepo::new();
    let old = document(payloads, false);
    let new = document(payloads, true);
    let first = repo.commit("policy: borrador 1", &as_refs(&old));
    let second = repo.commit("policy: borrador 2", &as_refs(&new));
    (
        repo,
        [first.to_string(), second.to_string()],
        [version("old", &old), version("new", &new)],
    )
}

fn as_refs(files: &[(String, String)]) -> Vec<(&str, &str)> {
    files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect()
}

fn version(label: &str, files: &[(String, String)]) -> Version {
    Version::assemble(label.to_owned(), None, files.to_vec())
}

/// A note on every changed section of `json`, each field a payload.
fn notes_for(json: &Value, payloads: &[String]) -> Vec<NoteSpec> {
    entries(json)
        .iter()
        .filter(|e| e.changed)
        .enumerate()
        .map(|(k, e)| {
            let s = e.json;
            let (section, removed) = match s["new"]["id"].as_str() {
                Some(id) => (id, false),
                None => (s["old"]["id"].as_str().unwrap(), true),
            };
            NoteSpec {
                section: section.to_owned(),
                removed,
                text: payloads[k % payloads.len()].clone(),
            }
        })
        .collect()
}

/// Renders `from` → `to` with `command` (`report`, or `changelog`: the
/// manifest's two drafts) in the repository and checks the page.
fn render_and_check(
    command: &str,
    repo: &TestRepo,
    census: &Census,
    header: &Header<'_>,
    [from, to]: [usize; 2],
    versions: &[Version; 2],
    notes: &[NoteSpec],
) -> String {
    let (a, b) = (header.ids[from], header.ids[to]);
    let json = repo.cotejo(&["diff", a, b, "--format", "json"]).json();
    let out = repo.path().join("out.html");
    let mut args = match command {
        "report" => vec!["report", a, b],
        _ => command_args(command).to_vec(),
    };
    args.extend(["-o", out.to_str().unwrap()]);
    repo.cotejo(&args).ok();
    let html = std::fs::read_to_string(&out).unwrap();
    let doc = Html::parse_document(&html);
    let expect = Expect {
        json: &json,
        old: &versions[from],
        new: &versions[to],
        header,
        notes: if from < to { notes } else { &[] },
    };
    let mut bad = inert(&doc, census);
    bad.extend(outline(&doc, &expect));
    if command == "report" {
        bad.extend(whole(&doc, &expect));
    } else {
        bad.extend(all_text_shown(&doc, &expect));
    }
    if !bad.is_empty() {
        let kept = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "untrusted-{command}-{}.html",
            header.title.len() * 10 + from
        ));
        std::fs::write(&kept, &html).unwrap();
        bad.push(format!("the page is kept in {}", kept.display()));
    }
    assert_clean(&format!("{command} {a} → {b}"), &bad);
    html
}

/// The header of the payload repository: a title that tries to end a CSS
/// string and rule (it is the running head of printed pages), payloads in the
/// drafts' titles, stages and dates.
fn payload_header(payloads: &[String]) -> Header<'_> {
    let pick = |marker: &str| {
        payloads
            .iter()
            .find(|p| p.contains(marker))
            .unwrap_or_else(|| panic!("no payload {marker}"))
            .as_str()
    };
    Header {
        title: pick("XSS-60"),
        ids: ["borrador-1", "borrador-2"],
        titles: [pick("XSS-01"), pick("XSS-11")],
        stages: [pick("XSS-54"), pick("XSS-52")],
        dates: [pick("XSS-13"), pick("XSS-53")],
    }
}

/// The payload repository with its manifest and a note on every changed section.
fn payload_repo_with_notes(
    payloads: &[String],
    header: &Header<'_>,
) -> (TestRepo, [Version; 2], Vec<NoteSpec>, Value) {
    let (repo, commits, versions) = payload_repo(payloads);
    repo.write(
        "policy/pnda.yaml",
        manifest(header, [&commits[0], &commits[1]]),
    );
    let json = repo
        .cotejo(&["diff", header.ids[0], header.ids[1], "--format", "json"])
        .json();
    let notes = notes_for(&json, payloads);
    write_notes(&repo, header.ids, &notes);
    (repo, versions, notes, json)
}

/// The checks themselves: each finds what it is for in a page that has it.
#[test]
fn the_checks_catch_live_markup() {
    let page = harmless_page("report");
    let census = Census::baseline("report");
    let header = Header {
        title: "Política de ejemplo",
        ids: ["borrador-1", "borrador-2"],
        titles: ["Primer borrador", "Segundo borrador"],
        stages: ["Grupo Técnico", "Mesas de personas expertas"],
        dates: ["2022-06-30", "2022-10-14"],
    };
    let json = serde_json::json!({"sections": []});
    let (old, new) = (version("old", &[]), version("new", &[]));
    let expect = Expect {
        json: &json,
        old: &old,
        new: &new,
        header: &header,
        notes: &[],
    };
    let check = |html: &str| {
        let doc = Html::parse_document(html);
        let mut bad = inert(&doc, &census);
        bad.extend(outline(&doc, &expect));
        bad
    };
    assert_clean("the harmless report", &check(&page));
    let first_id = page
        .split("id=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let in_main = |html: &str| page.replacen("<main>", &format!("<main>{html}"), 1);
    let cases = [
        (in_main("<p onclick=x>a</p>"), "event handler"),
        (
            in_main("<a href=\" java&#x09;script:alert(1)\">a</a>"),
            "href=",
        ),
        (in_main("<a href=\"DATA:text/html,x\">a</a>"), "href="),
        (
            in_main("<svg><a xlink:href=\"javascript:x\">a</a></svg>"),
            "<svg>",
        ),
        (
            in_main("<svg><a xlink:href=\"javascript:x\">a</a></svg>"),
            "href=",
        ),
        (in_main("<script>x</script>"), "<script>"),
        (in_main("<iframe srcdoc=x></iframe>"), "srcdoc"),
        (in_main("<meta http-equiv=refresh content=0>"), "http-equiv"),
        (in_main("<style>p{}</style>"), "<style>"),
        (in_main("<p style=\"color:red\">a</p>"), "style attributes"),
        (in_main("<h1>a</h1>"), "<h1>"),
        (
            in_main(&format!("<p id=\"{first_id}\">a</p>")),
            "appears twice",
        ),
        (
            in_main("<div class=\"redline\"><article>a</article></div>"),
            "in a redline",
        ),
        (
            page.replacen("</style>", "body{display:none}</style>", 1),
            "the CSS differs",
        ),
        (
            page.replacen("</main>", "</main><main></main>", 1),
            "<main>",
        ),
    ];
    for (html, expected) in &cases {
        let bad = check(html);
        assert!(
            bad.iter().any(|b| b.contains(expected)),
            "{expected:?} not found in {bad:#?}"
        );
    }
}

#[test]
fn report_of_hostile_drafts_is_inert_and_whole() {
    let payloads = payloads();
    let census = Census::baseline("report");
    let header = payload_header(&payloads);
    let (repo, versions, notes, json) = payload_repo_with_notes(&payloads, &header);
    let summary = &json["summary"];
    assert!(
        ["added", "removed", "modified", "renamed"]
            .iter()
            .all(|k| summary[k].as_u64() > Some(0)),
        "the drafts hold every kind of change: {summary}"
    );
    let html = render_and_check("report", &repo, &census, &header, [0, 1], &versions, &notes);
    // The payloads really went through each kind of mark and each path.
    let doc = Html::parse_document(&html);
    for mark in [
        "article ins",
        "article del",
        ".ins-block",
        ".del-block",
        ".raw-html",
        "aside.notes",
        "pre code",
    ] {
        let marked = doc
            .select(&sel(mark))
            .filter(|m| text_of(*m).contains("XSS-"))
            .count();
        assert!(marked > 10, "only {marked} payloads in {mark}");
    }
    // And backwards: what was inserted is now deleted.
    render_and_check("report", &repo, &census, &header, [1, 0], &versions, &notes);
}

#[test]
fn changelog_of_hostile_drafts_is_inert() {
    let payloads = payloads();
    let census = Census::baseline("changelog");
    let header = payload_header(&payloads);
    let (repo, versions, notes, _) = payload_repo_with_notes(&payloads, &header);
    render_and_check(
        "changelog",
        &repo,
        &census,
        &header,
        [0, 1],
        &versions,
        &notes,
    );
}

/// The review dossier shows every field of the notes and of the comments
/// (the response table): all of it stays text.
#[test]
fn expediente_of_hostile_drafts_is_inert() {
    let payloads = payloads();
    let census = Census::baseline("expediente");
    let header = payload_header(&payloads);
    let (repo, versions, notes, _) = payload_repo_with_notes(&payloads, &header);
    let html = render_and_check(
        "expediente",
        &repo,
        &census,
        &header,
        [0, 1],
        &versions,
        &notes,
    );
    // Each comment's text and response (the same payload) is in the response
    // table as text.
    let doc = Html::parse_document(&html);
    let table = doc
        .select(&sel("#_respuesta table.respuestas"))
        .next()
        .map(text_of)
        .expect("the response table");
    let mut missing = Vec::new();
    for n in &notes {
        if !table.contains(&normalize(&n.text)) {
            missing.push(format!("the response table lacks {:?}", n.text));
        }
    }
    assert_clean("expediente: the comments", &missing);
}

#[test]
fn payloads_in_the_manifest_and_the_notes_stay_text() {
    let payloads = payloads();
    let census = [Census::baseline("report"), Census::baseline("changelog")];
    let repo = TestRepo::new();
    let draft = |word: &str| {
        vec![
            (
                "policy/doc/01.md".to_owned(),
                format!("# Documento\n\n## 1. Uno\n\nTexto {word}.\n"),
            ),
            (
                "policy/doc/02.md".to_owned(),
                "## 2. Dos\n\nIgual.\n".to_owned(),
            ),
        ]
    };
    let (old, new) = (draft("viejo"), draft("nuevo"));
    let first = repo.commit("borrador 1", &as_refs(&old)).to_string();
    let second = repo.commit("borrador 2", &as_refs(&new)).to_string();
    let versions = [version("old", &old), version("new", &new)];
    let n = payloads.len();
    for (k, p) in payloads.iter().enumerate() {
        let header = Header {
            title: p,
            ids: ["borrador-1", "borrador-2"],
            titles: [p, &payloads[(k + 1) % n]],
            stages: [&payloads[(k + 2) % n], p],
            dates: [p, &payloads[(k + 3) % n]],
        };
        repo.write("policy/pnda.yaml", manifest(&header, [&first, &second]));
        let notes = [NoteSpec {
            section: "uno".to_owned(),
            removed: false,
            text: p.clone(),
        }];
        write_notes(&repo, header.ids, &notes);
        for (command, census) in ["report", "changelog"].iter().zip(&census) {
            render_and_check(command, &repo, census, &header, [0, 1], &versions, &notes);
        }
    }
}

/// Draft ids are one word without `:`, which still leaves room for markup; they
/// are shown as labels in the header, the title and the cuadro's columns.
#[test]
fn payloads_as_draft_ids_stay_text() {
    let census = [Census::baseline("report"), Census::baseline("changelog")];
    let repo = TestRepo::new();
    let draft = |word: &str| {
        vec![(
            "policy/doc/01.md".to_owned(),
            format!("# Documento\n\n## 1. Uno\n\nTexto {word}.\n"),
        )]
    };
    let (old, new) = (draft("viejo"), draft("nuevo"));
    let first = repo.commit("borrador 1", &as_refs(&old)).to_string();
    let second = repo.commit("borrador 2", &as_refs(&new)).to_string();
    let versions = [version("old", &old), version("new", &new)];
    let ids = [
        [
            "b1<script>alert('XSS-A1')</script>",
            "b2\"><svg/onload=alert('XSS-A2')>",
        ],
        [
            "'onmouseover='alert(`XSS-A3`)'",
            "<img/src=x/onerror=alert('XSS-A4')>",
        ],
        [
            "</title><script>alert('XSS-A5')</script>",
            "&lt;b&gt;XSS-A6",
        ],
    ];
    for pair in ids {
        let header = Header {
            title: "Documento",
            ids: pair,
            titles: ["Primero", "Segundo"],
            stages: ["Etapa 1", "Etapa 2"],
            dates: ["2022-06-30", "2022-10-14"],
        };
        let m = manifest(&header, [&first, &second]).replace("  - doc/02.md\n", "");
        repo.write("policy/pnda.yaml", m);
        write_notes(&repo, header.ids, &[]);
        for (command, census) in ["report", "changelog"].iter().zip(&census) {
            render_and_check(command, &repo, census, &header, [0, 1], &versions, &[]);
        }
    }
}

/// Raw HTML that runs nothing but would fake the report's own marks (`<ins>`,
/// `<del>`) or break its outline (`<article>`, `<h1>`–`<h3>`, landmarks), and
/// explicit heading ids equal to the page's own ids (`{#_cambios}`,
/// `{#view-inline}`): the sanitizer's allow-list drops the first, anchors that
/// could clash are prefixed.
#[test]
fn drafts_cannot_fake_marks_outline_or_anchors() {
    let payloads = corpus(STRUCTURE);
    let census = [Census::baseline("report"), Census::baseline("changelog")];
    let header = Header {
        title: "Documento",
        ids: ["borrador-1", "borrador-2"],
        titles: ["Primero", "Segundo"],
        stages: ["Etapa 1", "Etapa 2"],
        dates: ["2022-06-30", "2022-10-14"],
    };
    let (repo, versions, notes, _) = payload_repo_with_notes(&payloads, &header);
    let failed: Vec<String> = ["report", "changelog"]
        .iter()
        .zip(&census)
        .filter_map(|(command, census)| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                render_and_check(command, &repo, census, &header, [0, 1], &versions, &notes)
            }))
            .err()
            .map(|_| command.to_string())
        })
        .collect();
    assert!(failed.is_empty(), "failed: {failed:?}");
}
