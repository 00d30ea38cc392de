//! Writes a large pair of policy-style drafts for benchmarks:
//! `cargo run --release --example gen_bench_pair -- SIZE_BYTES OUT_DIR [SEED]`
//! writes `OUT_DIR/old.md` and `OUT_DIR/new.md`.
//!
//! The old draft is chapters (`## 3.`) of numbered articles (`### 3.2`, some with
//! sub-articles `#### 3.2.1`) of Spanish-like prose from a fixed vocabulary:
//! paragraphs of 40–120 words, a list now and then, a table more rarely. The new
//! draft has exactly one article inserted early (the second article of the first
//! chapter, so every later article of that chapter, and its sub-articles, is
//! renumbered), then [`synth::mutate`]: ~5% of the sections get word edits (in
//! practice about 5% of the paragraphs), four articles or sub-articles move
//! under another parent, two sections are deleted (never the inserted one). The
//! same size and seed always give the same files.
//!
//! `benches/diff.rs` includes this file as a module for [`pair`] and [`prose`].

use std::collections::HashSet;
use std::path::PathBuf;

use cotejo::document::Document;
use cotejo::document::slug::slugify;
use cotejo::synth::{self, Mix, Node, Outline, Rng};

/// Nouns with their article.
const NOUNS: &[&str] = &[
    "la información",
    "los datos",
    "los conjuntos de datos",
    "las dependencias",
    "las entidades",
    "los órganos garantes",
    "los sujetos obligados",
    "las unidades de transparencia",
    "el catálogo nacional",
    "el portal de datos",
    "el registro",
    "los metadatos",
    "los formatos abiertos",
    "las licencias",
    "la ciudadanía",
    "la sociedad civil",
    "los organismos autónomos",
    "los gobiernos locales",
    "los municipios",
    "los administradores de datos",
    "los lineamientos",
    "los estándares",
    "los indicadores",
    "el plan de apertura",
    "el inventario",
    "la publicación",
    "la calidad",
    "la interoperabilidad",
    "la protección de datos personales",
    "la rendición de cuentas",
    "la política",
    "el programa",
    "la evaluación",
    "la consulta pública",
    "el comité técnico",
    "la secretaría ejecutiva",
    "la infraestructura",
    "los servicios digitales",
    "el presupuesto",
    "las capacidades institucionales",
    "los archivos",
    "los padrones",
    "las contrataciones",
    "las estadísticas",
    "las reglas de operación",
    "las solicitudes de acceso",
];

const VERBS: &[&str] = &[
    "deberán publicar",
    "promoverán",
    "garantizarán",
    "establecerán",
    "actualizarán",
    "coordinarán",
    "podrán solicitar",
    "integrarán",
    "documentarán",
    "revisarán",
    "difundirán",
    "asegurarán",
    "emitirán",
    "someterán a consulta",
    "pondrán a disposición",
    "incorporarán",
    "verificarán",
    "informarán sobre",
];

const ADJECTIVES: &[&str] = &[
    "abiertos",
    "públicos",
    "oportunos",
    "completos",
    "accesibles",
    "verificables",
    "interoperables",
    "nacionales",
    "estratégicos",
    "prioritarios",
    "institucionales",
    "anuales",
    "vigentes",
    "integrales",
    "estructurados",
    "reutilizables",
];

const CONNECTORS: &[&str] = &[
    "de conformidad con",
    "en términos de",
    "a través de",
    "con base en",
    "en coordinación con",
    "sin perjuicio de",
    "para efectos de",
    "en el marco de",
    "respecto de",
    "mediante",
];

const ADVERBIALS: &[&str] = &[
    "en un plazo no mayor a noventa días naturales",
    "de manera periódica",
    "al menos una vez al año",
    "conforme a la normativa aplicable",
    "en formatos legibles por máquina",
    "de forma gratuita",
    "sin restricciones de uso",
    "con la debida anticipación",
    "en el ámbito de sus competencias",
    "según lo disponga el reglamento",
];

fn pick<'a>(rng: &mut Rng, words: &[&'a str]) -> &'a str {
    words[rng.below(words.len())]
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// One sentence of 8–30 words, capitalized, ending with a period.
fn sentence(rng: &mut Rng) -> String {
    let mut s = format!(
        "{} {} {}",
        pick(rng, NOUNS),
        pick(rng, VERBS),
        pick(rng, NOUNS)
    );
    if rng.chance(0.6) {
        s += &format!(" {}", pick(rng, ADJECTIVES));
    }
    for _ in 0..rng.below(3) {
        s += &format!(
            "{} {} {}",
            if rng.chance(0.3) { "," } else { "" },
            pick(rng, CONNECTORS),
            pick(rng, NOUNS)
        );
    }
    if rng.chance(0.4) {
        s += &format!(", {}", pick(rng, ADVERBIALS));
    }
    if rng.chance(0.15) {
        s += &format!(" (artículo {})", 1 + rng.below(120));
    }
    capitalize(&s.replace(" de el ", " del ")) + "."
}

/// A paragraph of 40–120 words, on one line.
fn paragraph(rng: &mut Rng) -> String {
    let target = 40 + rng.below(81);
    let mut p = String::new();
    let mut words = 0;
    while words < target {
        let s = sentence(rng);
        words += s.split_whitespace().count();
        if !p.is_empty() {
            p.push(' ');
        }
        p += &s;
    }
    p
}

fn list(rng: &mut Rng) -> String {
    let numbered = rng.chance(0.3);
    (0..3 + rng.below(4))
        .map(|i| {
            let marker = if numbered {
                format!("{}.", i + 1)
            } else {
                "-".to_owned()
            };
            let mut item = sentence(rng);
            item.pop();
            format!("{marker} {item};\n")
        })
        .collect()
}

fn table(rng: &mut Rng) -> String {
    let mut t = String::from("| Actividad | Responsable | Plazo |\n|---|---|---|\n");
    for _ in 0..3 + rng.below(4) {
        t += &format!(
            "| {} {} | {} | {} meses |\n",
            capitalize(pick(rng, VERBS)),
            pick(rng, NOUNS),
            pick(rng, NOUNS)
                .split_once(' ')
                .map_or(String::new(), |(_, n)| capitalize(n)),
            1 + rng.below(24)
        );
    }
    t
}

/// A section body: `paragraphs` paragraphs, sometimes a list or a table after
/// the first, blocks apart by blank lines and a blank line at the end.
fn body(rng: &mut Rng, paragraphs: usize) -> String {
    let mut blocks = Vec::new();
    for k in 0..paragraphs {
        blocks.push(paragraph(rng));
        if k == 0 && rng.chance(0.15) {
            blocks.push(list(rng).trim_end().to_owned());
        }
        if k == 0 && rng.chance(0.04) {
            blocks.push(table(rng).trim_end().to_owned());
        }
    }
    blocks.join("\n\n") + "\n\n"
}

/// A title not used yet (its slug, which is what cotejo pairs titles by).
fn title(rng: &mut Rng, used: &mut HashSet<String>) -> String {
    for attempt in 0..20 {
        let mut t = format!("{} de {}", capitalize(pick(rng, NOUNS)), pick(rng, NOUNS))
            .replace(" de el ", " del ");
        if attempt > 0 || rng.chance(0.3) {
            t += &format!(" {}", pick(rng, ADJECTIVES));
        }
        if used.insert(slugify(&t)) {
            return t;
        }
    }
    format!("{} {}", capitalize(pick(rng, NOUNS)), used.len())
}

/// Prose of about `size` bytes: paragraphs apart by blank lines, no headings.
pub fn prose(size: usize, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(size + 1024);
    while out.len() < size {
        out += &paragraph(rng);
        out += "\n\n";
    }
    out
}

/// The old draft's outline: about `size` bytes once rendered.
pub fn outline(size: usize, rng: &mut Rng, used: &mut HashSet<String>) -> Outline {
    let mut nodes: Vec<Node> = Vec::new();
    let mut bytes = 0;
    let mut push = |nodes: &mut Vec<Node>, depth: u8, title: String, body: String| {
        bytes += title.len() + body.len() + 16;
        nodes.push(Node {
            key: nodes.len(),
            depth,
            title,
            body,
        });
        bytes
    };
    'chapters: loop {
        let t = title(rng, used);
        let b = body(rng, 1);
        push(&mut nodes, 1, t, b);
        for _ in 0..8 + rng.below(23) {
            let t = title(rng, used);
            let paragraphs = 1 + rng.below(4);
            let b = body(rng, paragraphs);
            if push(&mut nodes, 2, t, b) >= size {
                break 'chapters;
            }
            if rng.chance(0.15) {
                for _ in 0..2 + rng.below(3) {
                    let t = title(rng, used);
                    let paragraphs = 1 + rng.below(2);
                    let b = body(rng, paragraphs);
                    if push(&mut nodes, 3, t, b) >= size {
                        break 'chapters;
                    }
                }
            }
        }
    }
    Outline {
        title: "Política Nacional de Datos Abiertos (documento de prueba)".to_owned(),
        nodes,
    }
}

/// Counts of a generated pair, from the truth and from cotejo's own parse.
pub struct Stats {
    pub old_sections: usize,
    pub new_sections: usize,
    pub articles: usize,
    pub inserted_at: String,
    pub moved: usize,
    pub deleted: usize,
    pub bodies_edited: usize,
    pub paragraphs: usize,
    pub paragraphs_edited: usize,
    pub renumbered: usize,
}

/// A pair of drafts of about `size` bytes each, deterministic for `seed`.
pub fn pair(size: usize, seed: u64) -> (String, String, Stats) {
    let mut rng = Rng::new(seed);
    let mut used = HashSet::new();
    let old = outline(size, &mut rng, &mut used);
    // Donor of the replacement words of the edits: the same vocabulary.
    let donor = outline(20_000, &mut Rng::new(seed ^ 0xD0D0), &mut HashSet::new());

    // One article inserted by hand before the second article of chapter 1.
    let at = old
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.depth == 2)
        .map(|(i, _)| i)
        .nth(1)
        .expect("chapter 1 has two articles");
    let mut with_insert = old.clone();
    let paragraphs = 1 + rng.below(3);
    with_insert.nodes.insert(
        at,
        Node {
            key: old.nodes.len(),
            depth: 2,
            title: title(&mut rng, &mut used),
            body: body(&mut rng, paragraphs),
        },
    );

    let n = with_insert.nodes.len() as f64;
    let mix = Mix {
        insert: 0.0,
        delete: 2.0 / n,
        moved: 4.0 / n,
        rename: 0.0,
        edit: 0.05,
    };
    // The inserted article must survive the deletes: draw again if it did not.
    let case = loop {
        let case = synth::mutate(&with_insert, &donor, mix, &mut rng);
        if case.old_to_new[at + 1].is_some() {
            break case;
        }
    };
    let old_text = old.render();
    let new_text = case.new;

    // The truth of `case` is about `with_insert`; drop the inserted entry to
    // get old-draft indices (the `# title` heading is section 0).
    let mut old_to_new = case.old_to_new;
    old_to_new.remove(at + 1);
    let (od, nd) = (
        Document::parse(old_text.as_str()),
        Document::parse(new_text.as_str()),
    );
    let paired: Vec<(usize, usize)> = old_to_new
        .iter()
        .enumerate()
        .filter_map(|(o, n)| Some((o, (*n)?)))
        .collect();
    let paras = |t: &str| -> Vec<String> {
        t.split("\n\n")
            .filter(|p| !p.trim().is_empty() && !p.starts_with('#'))
            .map(str::to_owned)
            .collect()
    };
    let new_paras: HashSet<String> = paras(&new_text).into_iter().collect();
    let old_paras = paras(&old_text);
    let inserted_number = nd.sections()[with_insert_index(&old_to_new, nd.sections().len())]
        .number
        .clone()
        .unwrap_or_default();
    let stats = Stats {
        old_sections: od.sections().len(),
        new_sections: nd.sections().len(),
        articles: old.nodes.iter().filter(|n| n.depth > 1).count(),
        inserted_at: inserted_number,
        moved: case.moved.len(),
        deleted: old_to_new.iter().filter(|n| n.is_none()).count(),
        bodies_edited: paired
            .iter()
            .filter(|&&(o, n)| od.body(o).trim_end() != nd.body(n).trim_end())
            .count(),
        paragraphs: old_paras.len(),
        paragraphs_edited: old_paras.iter().filter(|p| !new_paras.contains(*p)).count(),
        renumbered: paired
            .iter()
            .filter(|&&(o, n)| od.sections()[o].number != nd.sections()[n].number)
            .count(),
    };
    (old_text, new_text, stats)
}

/// The new section no old section maps to: the inserted article.
fn with_insert_index(old_to_new: &[Option<usize>], new_len: usize) -> usize {
    let mapped: HashSet<usize> = old_to_new.iter().filter_map(|n| *n).collect();
    (0..new_len).find(|n| !mapped.contains(n)).unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (size, dir, seed) = match args.as_slice() {
        [size, dir] => (size, dir, "1"),
        [size, dir, seed] => (size, dir, seed.as_str()),
        _ => {
            eprintln!("usage: gen_bench_pair SIZE_BYTES OUT_DIR [SEED]");
            std::process::exit(2);
        }
    };
    let (Ok(size), Ok(seed)) = (size.parse::<usize>(), seed.parse::<u64>()) else {
        eprintln!("gen_bench_pair: SIZE_BYTES and SEED must be whole numbers");
        std::process::exit(2);
    };
    let (old, new, s) = pair(size, seed);
    let dir = PathBuf::from(dir);
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, text)) {
            eprintln!("gen_bench_pair: {}: {e}", path.display());
            std::process::exit(1);
        }
        path
    };
    let old_path = write("old.md", &old);
    let new_path = write("new.md", &new);
    println!(
        "{}: {} bytes, {} sections ({} articles)",
        old_path.display(),
        old.len(),
        s.old_sections,
        s.articles
    );
    println!(
        "{}: {} bytes, {} sections",
        new_path.display(),
        new.len(),
        s.new_sections
    );
    println!(
        "changes: 1 inserted (as {}), {} moved, {} deleted, {} renumbered, {} bodies edited; {} of {} paragraphs edited ({:.1}%)",
        s.inserted_at,
        s.moved,
        s.deleted,
        s.renumbered,
        s.bodies_edited,
        s.paragraphs_edited,
        s.paragraphs,
        100.0 * s.paragraphs_edited as f64 / s.paragraphs.max(1) as f64
    );
}
