//! `cotejo changelog`, `cotejo report --pdf` and `cotejo pdf`, end to end: the
//! sample's history printed by a real headless Chromium and read back with
//! poppler's `pdftotext` and `pdfinfo`.
//!
//! Tests that need Chromium and poppler-utils are skipped, with a message, on
//! a machine without them, except in CI (`CI` set), where they must be there
//! (tests/run.sh installs Debian's `chromium` and `poppler-utils`). The
//! printed HTML carries its own typefaces (src/render/fonts.rs): the line grid
//! holds, and the layout is the same, with only the DejaVu fonts and none of
//! the machine's fontconfig settings (`FONTCONFIG_FILE`).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{Run, TestRepo, cotejo_in, have, printing_tools};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs cotejo in `dir` with extra environment variables.
fn cotejo_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cotejo"));
    cmd.args(args).current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("run cotejo");
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8(o.stdout).unwrap(),
        stderr: String::from_utf8(o.stderr).unwrap(),
    }
}

fn tool(program: &str, args: &[&str]) -> String {
    let o = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        o.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8")
}

fn pdf_pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

fn page_size(pdf: &Path) -> String {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .expect("pdfinfo gives the page size")
        .trim()
        .to_owned()
}

/// The text of each page, laid out as printed (`pdftotext -layout`).
fn pages_text(pdf: &Path) -> Vec<String> {
    let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Whitespace collapsed, so that a phrase wrapped over lines is still found.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text in reading order, flattened.
fn reading_text(pdf: &Path) -> String {
    flat(&tool("pdftotext", &[pdf.to_str().unwrap(), "-"]))
}

/// A word of `pdftotext -bbox`: page, box and text.
struct Word {
    page: usize,
    x_min: f64,
    x_max: f64,
    y_min: f64,
    y_max: f64,
    text: String,
}

fn words(pdf: &Path) -> Vec<Word> {
    let xml = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let attr = |s: &str, name: &str| -> f64 {
        let at = s.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        s[at..at + s[at..].find('"').unwrap()].parse().unwrap()
    };
    let mut out = Vec::new();
    for (k, page) in xml.split("<page ").skip(1).enumerate() {
        for w in page.split("<word ").skip(1) {
            let (head, rest) = w.split_once('>').unwrap();
            let text = rest.split("</word>").next().unwrap();
            out.push(Word {
                page: k + 1,
                x_min: attr(head, "xMin"),
                x_max: attr(head, "xMax"),
                y_min: attr(head, "yMin"),
                y_max: attr(head, "yMax"),
                text: text
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">"),
            });
        }
    }
    out
}

/// The middle of a word's box. Poppler's box runs from the font's ascent to
/// its descent, and Chromium centres that content area in a line box of a
/// fixed height: the middle is the middle of the word's line, whatever its
/// font and size (a baseline would depend on both).
fn middle(w: &Word) -> f64 {
    (w.y_min + w.y_max) / 2.0
}

/// How far (pt) a word's middle may be from its line's: the rounding of the
/// fonts' ascent and descent to whole pixels, for the sizes the CSS uses. A
/// line off the grid is off by a quarter of a line (3.4 pt) or more.
const ON_THE_LINE: f64 = 1.6;

/// A footnote marker, `[12]`: a superscript, raised within its line.
fn is_marker(w: &Word) -> bool {
    w.text.len() > 2
        && w.text.starts_with('[')
        && w.text.ends_with(']')
        && w.text[1..w.text.len() - 1]
            .chars()
            .all(|c| c.is_ascii_digit())
}

/// What the grid check saw, for tests that want some of it present.
#[derive(Default)]
struct GridSeen {
    words: usize,
    markers: usize,
    /// Words of 7.5 pt text (the drafts' tables): a box under 11 pt.
    small: usize,
}

/// Line numbers: 1, 2, 3… down the margin of every page of `pdf`, as many as
/// the text area holds (`lines`), and every word of every page — body,
/// headings, tables, notes, footnotes — on the line of a number: its middle
/// within [`ON_THE_LINE`] of the number's, a footnote marker raised by at
/// most 3.5 pt and never lowered. Nothing between the last number and the
/// page's foot but the page number.
fn assert_lines_numbered(pdf: &Path, n: usize, lines: usize) -> GridSeen {
    let words = words(pdf);
    let margin = |w: &Word| w.x_max < 70.0 && w.text.chars().all(|c| c.is_ascii_digit());
    let mut off = Vec::new();
    let mut seen = GridSeen::default();
    for page in 1..=n {
        let on_page: Vec<&Word> = words.iter().filter(|w| w.page == page).collect();
        let mut numbers: Vec<(usize, f64)> = on_page
            .iter()
            .filter(|w| margin(w))
            .map(|w| (w.text.parse().unwrap(), middle(w)))
            .collect();
        numbers.sort_by(|a, b| a.1.total_cmp(&b.1));
        let expected: Vec<usize> = (1..=lines).collect();
        let got: Vec<usize> = numbers.iter().map(|(k, _)| *k).collect();
        assert_eq!(got, expected, "line numbers of page {page}");
        let (top, bottom) = (numbers[0].1, numbers[lines - 1].1);
        for w in on_page.iter().filter(|w| !margin(w)) {
            let m = middle(w);
            if m < top - 9.0 {
                continue; // the running head
            }
            if m > bottom + 9.0 {
                // Below the last line: only "página X de N".
                if m < bottom + 20.0
                    || !(w.text == "página"
                        || w.text == "page"
                        || w.text == "de"
                        || w.text == "of"
                        || w.text.chars().all(|c| c.is_ascii_digit()))
                {
                    off.push(format!(
                        "page {page}: {:?} below the last numbered line",
                        w.text
                    ));
                }
                continue;
            }
            let nearest = numbers
                .iter()
                .map(|(_, y)| m - y)
                .min_by(|a, b| a.abs().total_cmp(&b.abs()))
                .unwrap();
            seen.words += 1;
            if w.y_max - w.y_min < 11.0 && !is_marker(w) {
                seen.small += 1;
            }
            let on_line = if is_marker(w) {
                seen.markers += 1;
                (-3.5..=ON_THE_LINE).contains(&nearest)
            } else {
                nearest.abs() <= ON_THE_LINE
            };
            if !on_line {
                off.push(format!(
                    "page {page}: {:?} at x {:.0} is {nearest:.1}pt off its line",
                    w.text, w.x_min
                ));
            }
        }
    }
    assert!(
        off.is_empty(),
        "{} words off the line grid:\n{}",
        off.len(),
        off[..off.len().min(20)].join("\n")
    );
    seen
}

/// Writes the sample's changelog (and its PDF) into a temporary folder.
fn sample_changelog(extra: &[&str]) -> (tempfile::TempDir, PathBuf, Run) {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("historial.html");
    let mut args = vec!["changelog", "-o", html.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = cotejo_in(root(), &args);
    (dir, html, run)
}

const TRANSITIONS: [(&str, &str, &str, &[&str]); 4] = [
    (
        "Del Primer borrador al Segundo borrador",
        "Primer borrador → Segundo borrador",
        "Mesas de personas expertas (Conferencia Nacional de Datos Abiertos 2022)",
        &[
            "2.2 Demanda de datos de las personas usuarias",
            "6.3 Criterios de calidad de los datos",
            "7.1.2 Verificación de la información reportada",
            "Antes titulada «7.4 Rendición de cuentas y publicación de resultados»",
        ],
    ),
    (
        "Del Segundo borrador al Tercer borrador",
        "Segundo borrador → Tercer borrador",
        "Mesas de la Semana Nacional de Transparencia y foros regionales",
        &[
            "7.4 Evaluación externa e independiente",
            "6.7 Responsables del diseño, implementación y evaluación",
            "Trasladada desde 4.6",
            "plantillas",
        ],
    ),
    (
        "Del Tercer borrador al Cuarto borrador",
        "Tercer borrador → Cuarto borrador",
        "Consulta pública",
        &[
            "7.1.1 Instancias responsables del seguimiento",
            "paritaria",
            "máximo de veinte días hábiles",
        ],
    ),
    (
        "Del Cuarto borrador al Texto aprobado",
        "Cuarto borrador → Texto aprobado",
        "Consejo Nacional del SNT",
        &["Consejo Nacional", "fracción I"],
    ),
];

#[test]
fn the_sample_changelog_prints_to_pdf_with_its_chapters_pages_and_line_numbers() {
    if !printing_tools() {
        return;
    }
    let (_dir, html, run) = sample_changelog(&["--pdf"]);
    let pdf = html.with_extension("pdf");
    assert_eq!(
        run.ok(),
        format!("{}\n{}\n", html.display(), pdf.display()),
        "stdout names the HTML, then the PDF"
    );
    assert!(page_size(&pdf).contains("612 x 792"), "{}", page_size(&pdf));

    // Pages: a cover, then four chapters; every page numbered "página X de N".
    let n = pdf_pages(&pdf);
    assert!((70..=170).contains(&n), "{n} pages");
    let pages = pages_text(&pdf);
    assert_eq!(pages.len(), n);
    for (k, page) in pages.iter().enumerate() {
        let numbered = format!("página {} de {n}", k + 1);
        assert!(
            page.contains(&numbered),
            "page {} lacks {numbered:?}",
            k + 1
        );
        assert!(
            page.contains("Política Nacional de Datos Abiertos"),
            "page {} lacks the running head's title",
            k + 1
        );
    }
    assert!(pages[0].contains("Primer borrador → Texto aprobado"));
    assert!(pages[0].contains("HISTORIAL DE CAMBIOS"));

    // Each chapter opens a page with its heading, its stage and its running
    // head, in order; its changed words are within its pages.
    let mut starts = Vec::new();
    for (i, (heading, head, stage, _)) in TRANSITIONS.iter().enumerate() {
        let kicker = format!("TRANSICIÓN {} DE 4", i + 1);
        let at = pages
            .iter()
            .position(|p| p.contains(&kicker))
            .unwrap_or_else(|| panic!("no page opens chapter {}", i + 1));
        let page = flat(&pages[at]);
        assert!(page.contains(heading), "page {}: {heading}", at + 1);
        assert!(page.contains(stage), "page {}: {stage}", at + 1);
        assert!(page.contains(head), "page {}: running head {head}", at + 1);
        starts.push(at);
    }
    assert!(starts[0] > 0 && starts.windows(2).all(|w| w[0] < w[1]));
    for (i, (_, head, _, changed)) in TRANSITIONS.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(n);
        let chapter = flat(&pages[starts[i]..end].join("\n"));
        for page in &pages[starts[i]..end] {
            assert!(
                page.contains(head),
                "a page of chapter {} lacks {head}",
                i + 1
            );
        }
        for words in *changed {
            assert!(chapter.contains(words), "chapter {} lacks {words:?}", i + 1);
        }
    }
    let text = reading_text(&pdf);
    for (_, _, stage, _) in TRANSITIONS {
        assert!(text.contains(stage), "{stage}");
    }

    // Every page, tables (small type) and footnote markers included.
    let seen = assert_lines_numbered(&pdf, n, 50);
    assert!(seen.small > 100, "{} words of tables checked", seen.small);
    assert!(
        seen.markers > 10,
        "{} footnote markers checked",
        seen.markers
    );

    // The contents give each chapter's first page: they begin on the cover
    // and may run on until the first chapter.
    let front = pages[..starts[0]].join("\n");
    let cover: Vec<&str> = front.lines().collect();
    for (i, (heading, ..)) in TRANSITIONS.iter().enumerate() {
        let line = cover
            .iter()
            .find(|l| l.contains(heading))
            .unwrap_or_else(|| panic!("the contents lack {heading:?}"));
        let number = line.split_whitespace().last().unwrap();
        assert_eq!(
            number,
            (starts[i] + 1).to_string(),
            "the contents' page of {heading:?}: {line:?}"
        );
    }

    // Bookmarks: the title, the chapters at their pages, each changed
    // section by its heading alone.
    let outline = outline(&pdf);
    assert_eq!(
        outline[0],
        (1, "Política Nacional de Datos Abiertos".to_owned())
    );
    for (i, (heading, ..)) in TRANSITIONS.iter().enumerate() {
        assert!(
            outline.contains(&(starts[i] + 1, heading.to_string())),
            "no bookmark {heading:?} at page {}: {outline:?}",
            starts[i] + 1
        );
    }
    assert!(
        outline.iter().any(|(_, t)| t == "1.1 Antecedentes"),
        "{outline:?}"
    );
    assert!(
        !outline.iter().any(|(_, t)| t.contains("MODIFICADA")),
        "badges are not in the bookmarks: {outline:?}"
    );

    // No table head alone at a page's foot: the last line of text of every
    // page is not a head (the cuadro's, or the list of changes').
    for (k, page) in pages.iter().enumerate() {
        let last = page
            .lines()
            .filter(|l| !l.contains("página"))
            .map(|l| {
                l.trim_start()
                    .trim_start_matches(|c: char| c.is_ascii_digit())
            })
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or_default();
        let head = last.contains("TEXTO ANTERIOR")
            || (last.contains("Sección") && last.contains("Cambio") && last.contains("Palabras"));
        assert!(!head, "page {} ends with a table head: {last:?}", k + 1);
    }

    // No empty continuation row: under the cuadro's head repeated on a page,
    // at most one blank line (a new row's space), never the empty slice of
    // a row that ended on the page before.
    for (k, page) in pages.iter().enumerate() {
        let numbered: Vec<&str> = page
            .lines()
            .filter(|l| {
                let t = l.trim_start();
                l.len() - t.len() <= 6 && t.starts_with(|c: char| c.is_ascii_digit())
            })
            .map(|l| {
                l.trim_start()
                    .trim_start_matches(|c: char| c.is_ascii_digit())
            })
            .collect();
        if !numbered
            .first()
            .is_some_and(|l| l.contains("TEXTO ANTERIOR"))
        {
            continue;
        }
        let blank = numbered[1..]
            .iter()
            .take_while(|l| l.trim().is_empty())
            .count();
        assert!(
            blank <= 1,
            "page {}: {blank} blank lines under the head",
            k + 1
        );
    }

    // On paper: no fold triangle and no `#anchor` text.
    let text = reading_text(&pdf);
    assert!(!text.contains('▸') && !text.contains('▶') && !text.contains('▾'));
    assert!(!text.contains("Ancla cambiada: #"), "anchor notes on paper");
}

/// The PDF's bookmarks, in order: (page, title), from `pdftohtml -xml`.
fn outline(pdf: &Path) -> Vec<(usize, String)> {
    let xml = tool(
        "pdftohtml",
        &["-xml", "-i", "-q", "-stdout", pdf.to_str().unwrap()],
    );
    let at = xml.find("<outline>").expect("the PDF has bookmarks");
    xml[at..]
        .split("<item page=\"")
        .skip(1)
        .map(|item| {
            let (page, rest) = item.split_once("\">").unwrap();
            let title = rest.split("</item>").next().unwrap();
            (page.parse().unwrap(), title.replace("&amp;", "&"))
        })
        .collect()
}

/// A fontconfig configuration that knows only the DejaVu fonts (copied into
/// `dir`) and none of the machine's settings (hinting, aliases), or `None`
/// (a skip, said) when the machine has no DejaVu to copy.
fn dejavu_only_fontconfig(dir: &Path) -> Option<PathBuf> {
    let files = tool("fc-list", &["--format", "%{file}\n"]);
    let fonts = dir.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    let mut copied = 0;
    for file in files.lines().filter(|f| f.contains("DejaVu")) {
        let file = Path::new(file);
        std::fs::copy(file, fonts.join(file.file_name().unwrap())).unwrap();
        copied += 1;
    }
    if copied == 0 {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs the DejaVu fonts: apt-get install fonts-dejavu-core"
        );
        eprintln!("skipped: no DejaVu font to build a machine without Liberation");
        return None;
    }
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n\
             <fontconfig><dir>{}</dir><cachedir>{}</cachedir></fontconfig>\n",
            fonts.display(),
            dir.join("cache").display()
        ),
    )
    .unwrap();
    let families = Command::new("fc-list")
        .args([":", "family"])
        .env("FONTCONFIG_FILE", &conf)
        .output()
        .unwrap();
    let families = String::from_utf8_lossy(&families.stdout);
    assert!(
        families.contains("DejaVu") && !families.contains("Liberation"),
        "{families}"
    );
    Some(conf)
}

/// Every word's page, text and box, to a hundredth of a point.
fn layout(pdf: &Path) -> Vec<(usize, String, [i64; 4])> {
    let r = |v: f64| (v * 100.0).round() as i64;
    words(pdf)
        .into_iter()
        .map(|w| {
            (
                w.page,
                w.text,
                [r(w.x_min), r(w.y_min), r(w.x_max), r(w.y_max)],
            )
        })
        .collect()
}

#[test]
fn the_changelog_prints_the_same_on_a_machine_without_the_liberation_fonts() {
    if !printing_tools() || !have("fc-list") {
        return;
    }
    let (dir, html, run) = sample_changelog(&["--pdf"]);
    run.ok();
    let pdf = html.with_extension("pdf");
    let Some(conf) = dejavu_only_fontconfig(&dir.path().join("fontconfig")) else {
        return;
    };
    let bare = dir.path().join("dejavu.pdf");
    let run = cotejo_env(
        dir.path(),
        &["pdf", "historial.html", "-o", bare.to_str().unwrap()],
        &[("FONTCONFIG_FILE", conf.to_str().unwrap())],
    );
    run.ok();
    let n = pdf_pages(&pdf);
    assert_eq!(pdf_pages(&bare), n, "the same number of pages");
    let (here, there) = (layout(&pdf), layout(&bare));
    assert_eq!(here.len(), there.len(), "the same words");
    // The same page, word and box. Chromium itself places a superscript a
    // tenth of a point higher or lower now and then between two prints of
    // the same page with the same fonts (one footnote marker of 70,926 words,
    // in one print of six, on a loaded machine): half a point of play, far
    // below a line (12 pt) or a letter, is the same layout.
    let same = |(pa, ta, a): &(usize, String, [i64; 4]),
                (pb, tb, b): &(usize, String, [i64; 4])| {
        pa == pb && ta == tb && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 50)
    };
    if let Some(k) = (0..here.len()).find(|&k| !same(&here[k], &there[k])) {
        panic!(
            "the layouts differ first at word {k}: {:?} here, {:?} with DejaVu only",
            here[k], there[k]
        );
    }
    assert_lines_numbered(&bare, n, 50);
}

#[test]
fn the_changelog_follows_paper_and_language() {
    if !printing_tools() {
        return;
    }
    let (_dir, html, run) = sample_changelog(&["--pdf", "--paper", "a4", "--lang", "en"]);
    run.ok();
    let pdf = html.with_extension("pdf");
    assert!(page_size(&pdf).contains("(A4)"), "{}", page_size(&pdf));
    let n = pdf_pages(&pdf);
    let pages = pages_text(&pdf);
    assert!(pages[0].contains("CHANGE HISTORY"));
    assert!(pages[n - 1].contains(&format!("page {n} of {n}")));
    assert_lines_numbered(&pdf, n, 54);
    assert!(
        pages
            .iter()
            .any(|p| p.contains("TRANSITION 4 OF 4")
                && p.contains("Cuarto borrador → Texto aprobado"))
    );
}

#[test]
fn the_report_prints_to_pdf_beside_its_html() {
    if !printing_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("informe.html");
    let run = cotejo_in(
        root(),
        &[
            "report",
            "borrador-2",
            "borrador-3",
            "-o",
            html.to_str().unwrap(),
            "--pdf",
        ],
    );
    let pdf = html.with_extension("pdf");
    assert_eq!(run.ok(), format!("{}\n{}\n", html.display(), pdf.display()));
    let n = pdf_pages(&pdf);
    assert!(n >= 5, "{n} pages");
    let pages = pages_text(&pdf);
    assert!(pages[0].contains(&format!("página 1 de {n}")));
    assert!(
        flat(&pages[0]).contains("Segundo borrador (borrador-2) → Tercer borrador (borrador-3)")
    );
    let text = reading_text(&pdf);
    assert!(text.contains("Evaluación externa e independiente"));
    // On paper, no `#anchor` permalink or anchor note: nothing to follow.
    let anchors: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.len() > 1 && w.starts_with('#'))
        .collect();
    assert!(anchors.is_empty(), "{anchors:?}");

    // `cotejo pdf` prints any HTML file cotejo wrote, wherever it is told to.
    let other = dir.path().join("copia.pdf");
    let run = cotejo_in(
        dir.path(),
        &["pdf", "informe.html", "-o", other.to_str().unwrap()],
    );
    assert_eq!(run.ok(), format!("{}\n", other.display()));
    assert_eq!(pdf_pages(&other), n);
    // The same HTML gives the same PDF, dated as the newer draft is (its
    // manifest date), not when it was printed.
    let (first, again) = (std::fs::read(&pdf).unwrap(), std::fs::read(&other).unwrap());
    assert!(first == again, "two prints of one HTML differ");
    let info = tool("pdfinfo", &["-isodates", pdf.to_str().unwrap()]);
    for key in ["CreationDate:", "ModDate:"] {
        let line = info
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_default();
        assert!(line.ends_with("2023-03-02T00:00:00Z"), "{info}");
    }
}

/// `-o x.pdf` gives a PDF and only a PDF: no HTML left beside it, no
/// `x.pdf.pdf` (they were, before: HTML written into `x.pdf`).
#[test]
fn an_output_named_pdf_is_a_pdf() {
    if !printing_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("historial.pdf");
    let run = cotejo_in(root(), &["changelog", "-o", pdf.to_str().unwrap()]);
    assert_eq!(run.ok(), format!("{}\n", pdf.display()));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let n = pdf_pages(&pdf);
    assert!(pages_text(&pdf)[0].contains(&format!("página 1 de {n}")));
    let report = dir.path().join("informe.PDF");
    let run = cotejo_in(
        root(),
        &[
            "report",
            "borrador-3",
            "borrador-4",
            "-o",
            report.to_str().unwrap(),
            "--pdf",
        ],
    );
    assert_eq!(run.ok(), format!("{}\n", report.display()));
    assert!(reading_text(&report).contains("Tercer borrador (borrador-3) → Cuarto borrador"));
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["historial.pdf", "informe.PDF"]);
}

#[test]
fn without_chromium_the_html_is_still_written_and_the_error_says_how_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("historial.html");
    let run = cotejo_in(
        root(),
        &[
            "changelog",
            "-o",
            html.to_str().unwrap(),
            "--pdf",
            "--chromium",
            "/nonexistent/chromium",
        ],
    );
    let err = run.error();
    assert!(err.contains("no headless Chromium"), "{err}");
    assert!(err.contains("apt-get install chromium"), "{err}");
    assert!(err.contains("--chromium PATH"), "{err}");
    assert!(err.contains(html.to_str().unwrap()), "{err}");
    assert!(html.is_file(), "the HTML is written");
    assert!(!html.with_extension("pdf").exists());
    assert_eq!(run.stdout, format!("{}\n", html.display()));

    // Nothing on PATH and no CHROMIUM: the same error, from `cotejo pdf` too.
    let empty = tempfile::tempdir().unwrap();
    let run = cotejo_env(
        dir.path(),
        &["pdf", "historial.html"],
        &[("PATH", empty.path().to_str().unwrap()), ("CHROMIUM", "")],
    );
    let err = run.error();
    assert!(
        err.contains("no headless Chromium") && err.contains("historial.html"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_failing_chromium_is_reported_with_its_stderr() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("chromium");
    std::fs::write(
        &fake,
        "#!/bin/sh\necho '[1:1:ERROR:dbus/bus.cc] Failed to connect to the bus' >&2\n\
         echo 'cannot open display: :0' >&2\nexit 3\n",
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let html = dir.path().join("x.html");
    std::fs::write(&html, "<!DOCTYPE html><title>x</title><p>x</p>").unwrap();
    let run = cotejo_in(
        dir.path(),
        &["pdf", "x.html", "--chromium", fake.to_str().unwrap()],
    );
    let err = run.error();
    assert!(err.contains("could not print"), "{err}");
    assert!(err.contains("cannot open display"), "{err}");
    assert!(!err.contains("dbus"), "noise is left out: {err}");
    assert!(!dir.path().join("x.pdf").exists());
}

/// A two-draft repository: the changelog's HTML, as a snapshot of its body.
#[test]
fn changelog_html_of_two_drafts() {
    let repo = TestRepo::new();
    let first = repo.commit(
        "policy: borrador 1",
        &[(
            "policy/doc.md",
            "# Política de ejemplo\n\n## 1. Objetivo\n\nPublicar datos abiertos.\n\n\
             ## 2. Alcance\n\nTodas las dependencias.\n\n## 3. Plazos\n\nUn año.\n",
        )],
    );
    let second = repo.commit(
        "policy: borrador 2",
        &[(
            "policy/doc.md",
            "# Política de ejemplo\n\n## 1. Objetivo\n\nPublicar datos abiertos de calidad.\n\n\
             ## 2. Alcance\n\nTodas las dependencias.\n\n## 3. Participación\n\nMesas con la sociedad civil.\n\n\
             ## 4. Plazos\n\nUn año.\n",
        )],
    );
    let manifest = format!(
        "title: \"Política de ejemplo \\\"A\\\"\"\nfiles:\n  - doc.md\ndrafts:\n  - id: borrador-1\n    title: Primer borrador\n    date: 2022-06-30\n    stage: Grupo Técnico\n    ref: {first}\n  - id: borrador-2\n    title: Segundo borrador\n    date: 2022-10-14\n    stage: Mesas de personas expertas\n    ref: {second}\n"
    );
    repo.commit("policy: manifest", &[("policy/pnda.yaml", &manifest)]);
    let out = repo.path().join("historial.html");
    repo.cotejo(&["changelog", "-o", "historial.html"]).ok();
    let html = std::fs::read_to_string(&out).unwrap();
    // The title reaches the CSS only escaped.
    assert!(
        html.contains("content: \"Política de ejemplo \\22 A\\22 \";"),
        "title in CSS"
    );
    assert!(
        html.contains(
            "@page t1 { @top-right { content: \"Primer borrador → Segundo borrador\"; } }"
        )
    );
    assert!(html.contains("size: letter;"));
    let body = html[html.find("<body").unwrap()..].replace(
        &format!("cotejo {}", env!("CARGO_PKG_VERSION")),
        "cotejo [version]",
    );
    insta::assert_snapshot!("changelog_two_drafts", body);

    let a4 = repo.cotejo(&["changelog", "-o", "a4.html", "--paper", "a4"]);
    a4.ok();
    let html = std::fs::read_to_string(repo.path().join("a4.html")).unwrap();
    assert!(html.contains("size: A4;"));

    // One draft is no history.
    let one = "title: P\nfiles:\n  - doc.md\ndrafts:\n  - id: b1\n    title: B\n    date: 2022-06-30\n    stage: S\n    ref: HEAD\n";
    repo.write("policy/pnda.yaml", one);
    let err = repo.cotejo(&["changelog", "-o", "x.html"]);
    assert!(
        err.error().contains("at least two drafts"),
        "{}",
        err.stderr
    );
}

/// `cotejo site --pdf`: each draft and each comparison printed beside its
/// page, linked from it, with the page's text; the folder written whole.
#[test]
fn the_site_offers_each_draft_and_comparison_as_pdf() {
    if !printing_tools() {
        return;
    }
    let repo = TestRepo::new();
    let first = repo.commit(
        "policy: borrador 1",
        &[(
            "policy/doc.md",
            "# Política de ejemplo\n\n## 1. Objetivo\n\nPublicar datos abiertos.\n\n## 2. Plazos\n\nUn año.\n",
        )],
    );
    let second = repo.commit(
        "policy: borrador 2",
        &[(
            "policy/doc.md",
            "# Política de ejemplo\n\n## 1. Objetivo\n\nPublicar datos abiertos de calidad.\n\n## 2. Plazos\n\nDos años.\n",
        )],
    );
    let manifest = format!(
        "title: Política de ejemplo\nfiles:\n  - doc.md\ndrafts:\n  - id: borrador-1\n    title: Primer borrador\n    date: 2022-06-30\n    stage: Grupo Técnico\n    ref: {first}\n  - id: borrador-2\n    title: Segundo borrador\n    date: 2022-10-14\n    stage: Mesas de personas expertas\n    ref: {second}\n"
    );
    repo.commit("policy: manifest", &[("policy/pnda.yaml", &manifest)]);
    repo.cotejo(&["site", "-o", "sitio", "--pdf"]).ok();
    let dir = repo.path().join("sitio");
    for (page, pdf, words) in [
        (
            "borradores/borrador-1.html",
            "borrador-1.pdf",
            "Publicar datos abiertos.",
        ),
        ("borradores/borrador-2.html", "borrador-2.pdf", "Dos años."),
        (
            "comparaciones/borrador-1--borrador-2.html",
            "borrador-1--borrador-2.pdf",
            "de calidad",
        ),
    ] {
        let html = std::fs::read_to_string(dir.join(page)).unwrap();
        assert!(
            html.contains(&format!("<a href=\"{pdf}\" type=\"application/pdf\">")),
            "{page} does not link {pdf}"
        );
        let file = dir.join(page).with_file_name(pdf);
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{}", file.display());
        let text = Command::new("pdftotext")
            .args([file.as_os_str(), "-".as_ref()])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains(words), "{pdf}: {text}");
        // Paper has no navigation, search box or citation boxes.
        assert!(
            !text.contains("Buscar…") && !text.contains("Cómo citar"),
            "{pdf}: {text}"
        );
    }
}
