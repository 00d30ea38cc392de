//! Property tests of the engine's invariants: the section splitter partitions any
//! text, the word diff rebuilds both texts, the tokenizer loses nothing, and a
//! comparison lists every section of each version once, in the documented order,
//! with counts that agree with its entries.
//!
//! Documents come from a generator of Markdown-ish text: ATX headings (levels
//! 1–4, numbering prefixes, `{#id}` attributes), setext headings, paragraphs of
//! Spanish words with accents and punctuation, blank lines, fenced code holding
//! `# not a heading`, list items, YAML front matter, CRLF or mixed line endings,
//! and now and then arbitrary Unicode.

use cotejo::compare::{self, Side, tokens, worddiff};
use cotejo::document::Document;
use cotejo::model::{ChangeKind, Comparison, DiffToken, Flag, Op, VersionInfo};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::Config;

// ---------------------------------------------------------------------------
// The generator.
// ---------------------------------------------------------------------------

const WORDS: &[&str] = &[
    "datos",
    "abiertos",
    "información",
    "pública",
    "política",
    "gobierno",
    "México",
    "acción",
    "año",
    "niños",
    "según",
    "también",
    "él",
    "está",
    "órganos",
    "región",
    "ñandú",
    "pingüino",
    "evaluación",
    "participación",
    "sujetos",
    "obligados",
    "portal",
    "calidad",
    "2024",
    "3.2",
    "y",
    "de",
    "la",
    "los",
    "en",
    "con",
    "por",
    "para",
];

const TITLE_WORDS: &[&str] = &[
    "Introducción",
    "Diagnóstico",
    "Objetivos",
    "Alcance",
    "Glosario",
    "Principios",
    "Definiciones",
    "Gobernanza",
    "Evaluación",
    "Transparencia",
    "datos",
    "abiertos",
    "públicos",
    "de",
    "y",
    "la",
    "participación",
    "ciudadana",
];

const PUNCT: &[&str] = &[
    ",", ".", ";", ":", "¿", "?", "¡", "!", "«", "»", "—", "(", ")", "…", "\"", "*", "_",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(WORDS).prop_map(str::to_owned),
        1 => (select(WORDS), select(PUNCT)).prop_map(|(w, p)| format!("{w}{p}")),
        1 => (select(PUNCT), select(WORDS)).prop_map(|(p, w)| format!("{p}{w}")),
    ]
}

fn sentence(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..max).prop_map(|w| w.join(" "))
}

/// Short strings of any characters, with Markdown's special ones (and line
/// breaks, tabs, no-break spaces…) over-represented.
fn any_unicode() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => any::<char>(),
            1 => select(vec![
                '#', ' ', '\n', '\r', '=', '-', '`', '{', '}', '*', '>', '\t', '\u{a0}',
                '\u{2028}', 'é', 'ñ', '1', '.',
            ]),
        ],
        0..24,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

/// Arbitrary text, lone carriage returns included (CommonMark ends a line at
/// one; see [`lone_carriage_returns_end_lines`]).
fn unicode() -> impl Strategy<Value = String> {
    any_unicode()
}

#[derive(Debug, Clone)]
enum Block {
    Blank,
    /// Lines of words.
    Paragraph(Vec<Vec<String>>),
    /// A fenced code block whose lines look like headings.
    Code(Vec<String>),
    List(Vec<String>),
    /// A pipe table: header cells, rows of cells, and whether its lines
    /// have outer pipes.
    Table(Vec<String>, Vec<Vec<String>>, bool),
    /// Arbitrary text, written as it is.
    Raw(String),
}

/// A table cell: words, now and then empty, an escaped pipe or a sign.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => sentence(3),
        1 => Just(String::new()),
        1 => Just(r"a \| b".to_owned()),
        1 => Just(r"a \\| b".to_owned()),
        1 => Just("50 %".to_owned()),
    ]
}

fn table() -> impl Strategy<Value = Block> {
    (1..5usize).prop_flat_map(|width| {
        (
            prop::collection::vec(cell(), width),
            prop::collection::vec(prop::collection::vec(cell(), width), 0..4),
            prop::bool::weighted(0.8),
        )
            .prop_map(|(header, rows, outer)| Block::Table(header, rows, outer))
    })
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        4 => Just(Block::Blank),
        5 => prop::collection::vec(prop::collection::vec(word(), 1..10), 1..4)
            .prop_map(Block::Paragraph),
        1 => prop::collection::vec(
            prop_oneof![
                Just("# not a heading".to_owned()),
                Just("## tampoco es un título".to_owned()),
                sentence(5),
            ],
            0..3
        )
        .prop_map(Block::Code),
        1 => prop::collection::vec(sentence(6), 1..4).prop_map(Block::List),
        1 => table(),
        1 => unicode().prop_map(Block::Raw),
    ]
}

impl Block {
    fn lines(&self, out: &mut Vec<String>) {
        match self {
            Block::Blank => out.push(String::new()),
            Block::Paragraph(lines) => out.extend(lines.iter().map(|l| l.join(" "))),
            Block::Code(lines) => {
                out.push("```md".to_owned());
                out.extend(lines.iter().cloned());
                out.push("```".to_owned());
            }
            Block::List(items) => out.extend(items.iter().enumerate().map(|(k, item)| {
                if k % 2 == 0 {
                    format!("- {item}")
                } else {
                    format!("{}. {item}", k + 1)
                }
            })),
            Block::Table(header, rows, outer) => {
                let line = |cells: &[String]| {
                    let inner = cells.join(" | ");
                    if *outer {
                        format!("| {inner} |")
                    } else {
                        inner
                    }
                };
                out.push(String::new());
                out.push(line(header));
                out.push(line(&vec!["---".to_owned(); header.len()]));
                out.extend(rows.iter().map(|r| line(r)));
                out.push(String::new());
            }
            Block::Raw(text) => out.push(text.clone()),
        }
    }
}

#[derive(Debug, Clone)]
enum Heading {
    Atx {
        level: u8,
        number: Option<String>,
        title: String,
        explicit_id: bool,
    },
    Setext {
        level: u8,
        title: String,
    },
}

fn number() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        3 => Just(None),
        1 => (1..20u32, 1..9u32).prop_map(|(a, b)| Some(format!("{a}.{b} "))),
        1 => (1..9u32).prop_map(|a| Some(format!("{a}. "))),
        1 => (1..60u32).prop_map(|n| Some(format!("Artículo {n}. "))),
        1 => select(vec!["I", "II", "III", "IV", "V", "IX", "X"])
            .prop_map(|r| Some(format!("{r}. "))),
    ]
}

fn title() -> impl Strategy<Value = String> {
    prop::collection::vec(select(TITLE_WORDS), 1..4).prop_map(|w| w.join(" "))
}

fn heading() -> impl Strategy<Value = Heading> {
    prop_oneof![
        5 => (1..=4u8, number(), title(), prop::bool::weighted(0.2)).prop_map(
            |(level, number, title, explicit_id)| Heading::Atx {
                level,
                number,
                title,
                explicit_id,
            }
        ),
        1 => (1..=2u8, title()).prop_map(|(level, title)| Heading::Setext { level, title }),
    ]
}

/// A heading and its body. `key` is unique in a document and follows the
/// section through edits; it names the explicit id, so ids stay unique.
#[derive(Debug, Clone)]
struct GenSection {
    key: usize,
    /// A blank line before the heading, as most documents have.
    blank_before: bool,
    heading: Heading,
    body: Vec<Block>,
}

fn gen_section() -> impl Strategy<Value = GenSection> {
    (
        prop::bool::weighted(0.7),
        heading(),
        prop::collection::vec(block(), 0..6),
    )
        .prop_map(|(blank_before, heading, body)| GenSection {
            key: 0,
            blank_before,
            heading,
            body,
        })
}

impl GenSection {
    fn lines(&self, out: &mut Vec<String>) {
        if self.blank_before {
            out.push(String::new());
        }
        match &self.heading {
            Heading::Atx {
                level,
                number,
                title,
                explicit_id,
            } => {
                let hashes = "#".repeat(*level as usize);
                let number = number.as_deref().unwrap_or("");
                let id = if *explicit_id {
                    format!(" {{#sec-{}}}", self.key)
                } else {
                    String::new()
                };
                out.push(format!("{hashes} {number}{title}{id}"));
            }
            Heading::Setext { level, title } => {
                out.push(title.clone());
                out.push(if *level == 1 { "===" } else { "---" }.to_owned());
            }
        }
        for b in &self.body {
            b.lines(out);
        }
    }

    fn title_mut(&mut self) -> &mut String {
        match &mut self.heading {
            Heading::Atx { title, .. } | Heading::Setext { title, .. } => title,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum LineEnd {
    Lf,
    Crlf,
    /// CRLF on some lines, LF on others.
    Mixed(u8),
}

#[derive(Debug, Clone)]
struct GenDoc {
    front_matter: bool,
    preamble: Vec<Block>,
    sections: Vec<GenSection>,
    line_end: LineEnd,
    final_line_end: bool,
}

fn gen_doc() -> impl Strategy<Value = GenDoc> {
    (
        prop::bool::weighted(0.2),
        prop::collection::vec(block(), 0..3),
        prop::collection::vec(gen_section(), 0..14),
        prop_oneof![
            3 => Just(LineEnd::Lf),
            1 => Just(LineEnd::Crlf),
            1 => any::<u8>().prop_map(LineEnd::Mixed),
        ],
        prop::bool::weighted(0.8),
    )
        .prop_map(
            |(front_matter, preamble, mut sections, line_end, final_line_end)| {
                for (k, s) in sections.iter_mut().enumerate() {
                    s.key = k;
                }
                GenDoc {
                    front_matter,
                    preamble,
                    sections,
                    line_end,
                    final_line_end,
                }
            },
        )
}

impl GenDoc {
    fn render(&self) -> String {
        let mut lines = Vec::new();
        if self.front_matter {
            lines.extend(
                ["---", "título: Política de datos", "versión: 3", "---"].map(str::to_owned),
            );
        }
        for b in &self.preamble {
            b.lines(&mut lines);
        }
        for s in &self.sections {
            s.lines(&mut lines);
        }
        let mut text = String::new();
        for (k, line) in lines.iter().enumerate() {
            text.push_str(line);
            if k + 1 < lines.len() || self.final_line_end {
                let crlf = match self.line_end {
                    LineEnd::Lf => false,
                    LineEnd::Crlf => true,
                    LineEnd::Mixed(seed) => (seed as usize >> (k % 8)) & 1 == 1,
                };
                text.push_str(if crlf { "\r\n" } else { "\n" });
            }
        }
        text
    }
}

/// One random edit of a generated document, turning it into a "new version".
#[derive(Debug, Clone)]
enum Edit {
    Delete(Index),
    Insert(Index, GenSection),
    Move(Index, Index),
    Words(Index, Index, Index, WordEdit),
    Rename(Index, String),
    Renumber(Index, Option<String>),
    Table(Index, Index, TableEdit),
}

/// An edit of a section's table (the first one, else one is added).
#[derive(Debug, Clone)]
enum TableEdit {
    /// A cell's text replaced: row (0 is the header), column.
    Cell(Index, Index, String),
    /// A column inserted at a place, with a header.
    AddColumn(Index, String),
    RemoveColumn(Index),
    AddRow(Index, String),
    RemoveRow(Index),
}

#[derive(Debug, Clone)]
enum WordEdit {
    Replace(String),
    Insert(String),
    Delete,
}

fn edit() -> impl Strategy<Value = Edit> {
    let word_edit = prop_oneof![
        word().prop_map(WordEdit::Replace),
        word().prop_map(WordEdit::Insert),
        Just(WordEdit::Delete),
    ];
    prop_oneof![
        2 => any::<Index>().prop_map(Edit::Delete),
        2 => (any::<Index>(), gen_section()).prop_map(|(i, s)| Edit::Insert(i, s)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::Move(a, b)),
        4 => (any::<Index>(), any::<Index>(), any::<Index>(), word_edit)
            .prop_map(|(s, b, w, e)| Edit::Words(s, b, w, e)),
        1 => (any::<Index>(), title()).prop_map(|(i, t)| Edit::Rename(i, t)),
        1 => (any::<Index>(), number()).prop_map(|(i, n)| Edit::Renumber(i, n)),
        2 => (any::<Index>(), any::<Index>(), table_edit())
            .prop_map(|(s, t, e)| Edit::Table(s, t, e)),
    ]
}

fn table_edit() -> impl Strategy<Value = TableEdit> {
    prop_oneof![
        3 => (any::<Index>(), any::<Index>(), cell()).prop_map(|(r, c, x)| TableEdit::Cell(r, c, x)),
        1 => (any::<Index>(), cell()).prop_map(|(c, x)| TableEdit::AddColumn(c, x)),
        1 => any::<Index>().prop_map(TableEdit::RemoveColumn),
        1 => (any::<Index>(), cell()).prop_map(|(r, x)| TableEdit::AddRow(r, x)),
        1 => any::<Index>().prop_map(TableEdit::RemoveRow),
    ]
}

impl TableEdit {
    fn apply(&self, header: &mut Vec<String>, rows: &mut Vec<Vec<String>>) {
        let width = header.len();
        match self {
            TableEdit::Cell(r, c, x) => {
                let r = r.index(rows.len() + 1);
                let row = if r == 0 { header } else { &mut rows[r - 1] };
                row[c.index(width)] = x.clone();
            }
            TableEdit::AddColumn(c, x) => {
                let at = c.index(width + 1);
                header.insert(at, x.clone());
                for row in rows.iter_mut() {
                    row.insert(at, "nuevo".to_owned());
                }
            }
            TableEdit::RemoveColumn(c) if width > 1 => {
                let at = c.index(width);
                header.remove(at);
                for row in rows.iter_mut() {
                    row.remove(at);
                }
            }
            TableEdit::AddRow(r, x) => {
                rows.insert(r.index(rows.len() + 1), vec![x.clone(); width]);
            }
            TableEdit::RemoveRow(r) if !rows.is_empty() => {
                rows.remove(r.index(rows.len()));
            }
            _ => {}
        }
    }
}

impl GenDoc {
    fn apply(&mut self, edit: &Edit, next_key: &mut usize) {
        let len = self.sections.len();
        match edit {
            Edit::Delete(i) if len > 0 => {
                self.sections.remove(i.index(len));
            }
            Edit::Insert(i, s) => {
                let mut s = s.clone();
                s.key = *next_key;
                *next_key += 1;
                self.sections.insert(i.index(len + 1), s);
            }
            Edit::Move(from, to) if len > 0 => {
                let s = self.sections.remove(from.index(len));
                self.sections.insert(to.index(len), s);
            }
            Edit::Words(s, b, w, e) if len > 0 => {
                let section = &mut self.sections[s.index(len)];
                let paragraphs: Vec<usize> = (0..section.body.len())
                    .filter(|&k| matches!(section.body[k], Block::Paragraph(_)))
                    .collect();
                if paragraphs.is_empty() {
                    section.body.push(Block::Blank);
                    section
                        .body
                        .push(Block::Paragraph(vec![vec!["nuevo".to_owned()]]));
                    return;
                }
                let Block::Paragraph(lines) =
                    &mut section.body[paragraphs[b.index(paragraphs.len())]]
                else {
                    unreachable!()
                };
                let words: &mut Vec<String> = lines.last_mut().expect("paragraphs have lines");
                let at = w.index(words.len());
                match e {
                    WordEdit::Replace(x) => words[at] = x.clone(),
                    WordEdit::Insert(x) => words.insert(at, x.clone()),
                    WordEdit::Delete if words.len() > 1 => {
                        words.remove(at);
                    }
                    WordEdit::Delete => words[at] = "borrado".to_owned(),
                }
            }
            Edit::Rename(i, t) if len > 0 => *self.sections[i.index(len)].title_mut() = t.clone(),
            Edit::Table(s, t, e) if len > 0 => {
                let section = &mut self.sections[s.index(len)];
                let tables: Vec<usize> = (0..section.body.len())
                    .filter(|&k| matches!(section.body[k], Block::Table(..)))
                    .collect();
                if tables.is_empty() {
                    section.body.push(Block::Table(
                        vec!["Acción".to_owned(), "Plazo".to_owned()],
                        vec![vec!["Publicar".to_owned(), "2025".to_owned()]],
                        true,
                    ));
                    return;
                }
                let Block::Table(header, rows, _) =
                    &mut section.body[tables[t.index(tables.len())]]
                else {
                    unreachable!()
                };
                e.apply(header, rows);
            }
            Edit::Renumber(i, n) if len > 0 => {
                if let Heading::Atx { number, .. } = &mut self.sections[i.index(len)].heading {
                    *number = n.clone();
                }
            }
            _ => {}
        }
    }
}

/// An old document and a new one made from it by a few edits.
fn doc_pair() -> impl Strategy<Value = (String, String)> {
    (gen_doc(), prop::collection::vec(edit(), 0..6)).prop_map(|(doc, edits)| {
        let mut new = doc.clone();
        let mut next_key = doc.sections.len() + 1000;
        for e in &edits {
            new.apply(e, &mut next_key);
        }
        (doc.render(), new.render())
    })
}

/// A text for the word diff: generated paragraphs, or arbitrary characters.
fn diff_input() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => gen_doc().prop_map(|d| d.render()),
        1 => any_unicode(),
        1 => any::<String>(),
    ]
}

/// A second text for the word diff: an edited version of `old`, or anything.
fn diff_pair() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        3 => doc_pair(),
        1 => (diff_input(), diff_input()),
        1 => diff_input().prop_map(|s| (s.clone(), s)),
    ]
}

// ---------------------------------------------------------------------------
// Checks.
// ---------------------------------------------------------------------------

/// `cases` per property, unless `PROPTEST_CASES` asks for another number (for a
/// longer hunt: `PROPTEST_CASES=20000 cargo test --release --test properties`).
fn config(cases: u32) -> Config {
    let cases = match std::env::var("PROPTEST_CASES") {
        Ok(_) => Config::default().cases,
        Err(_) => cases,
    };
    Config {
        cases,
        // Shrunk failures are printed; no regression files in the source tree.
        failure_persistence: None,
        ..Config::default()
    }
}

fn check_sections(text: &str) -> Result<(), TestCaseError> {
    let doc = Document::parse(text);
    let sections = doc.sections();
    prop_assert_eq!(doc.text(), text);
    let Some(first) = sections.first() else {
        prop_assert!(text.trim().is_empty(), "no sections in a non-blank text");
        return Ok(());
    };
    prop_assert!(
        text[..first.range.start].trim().is_empty(),
        "bytes before the first section are not blank: {:?}",
        &text[..first.range.start]
    );
    prop_assert_eq!(sections.last().unwrap().range.end, text.len());
    let mut ids = std::collections::HashSet::new();
    for (k, s) in sections.iter().enumerate() {
        prop_assert_eq!(s.index, k);
        if k > 0 {
            prop_assert_eq!(
                s.range.start,
                sections[k - 1].range.end,
                "section {} does not start where {} ends",
                k,
                k - 1
            );
        }
        prop_assert!(s.range.start <= s.range.end, "range {:?}", s.range);
        prop_assert!(
            s.range.start <= s.body.start
                && s.body.start <= s.body.end
                && s.body.end == s.range.end,
            "section {}: body {:?} is not a suffix of range {:?}",
            k,
            s.body,
            s.range
        );
        prop_assert!(
            text.get(s.range.clone()).is_some(),
            "range off char boundary"
        );
        prop_assert!(text.get(s.body.clone()).is_some(), "body off char boundary");
        // Lines end at `\n`, `\r\n` or a lone `\r`, as CommonMark reads them
        // (a section never starts between the two bytes of a `\r\n`).
        let before = text[..s.range.start]
            .replace("\r\n", "\n")
            .replace('\r', "\n");
        let line = before.matches('\n').count() + 1;
        prop_assert_eq!(s.line, line, "line of section {}", k);
        if s.level == 0 {
            prop_assert_eq!(k, 0, "only the first section may be the preamble");
            prop_assert_eq!(s.parent, None);
        } else {
            prop_assert!((1..=6).contains(&s.level));
            // The nearest earlier heading of a lower level (never the preamble).
            let expected = (0..k)
                .rev()
                .find(|&j| sections[j].level > 0 && sections[j].level < s.level);
            prop_assert_eq!(s.parent, expected, "parent of section {}", k);
        }
        if let Some(p) = s.parent {
            prop_assert!(p < k);
            prop_assert!(sections[p].level < s.level);
        }
        prop_assert!(ids.insert(s.id.clone()), "duplicate id {:?}", s.id);
    }
    Ok(())
}

fn rebuild(tokens: &[DiffToken]) -> (String, String) {
    let (mut old, mut new) = (String::new(), String::new());
    for t in tokens {
        match t.op {
            Op::Equal => {
                old += &t.text;
                new += &t.text;
            }
            Op::Delete => old += &t.text,
            Op::Insert => new += &t.text,
        }
    }
    (old, new)
}

fn check_word_diff(old: &str, new: &str, tokens: &[DiffToken]) -> Result<(), TestCaseError> {
    let (o, n) = rebuild(tokens);
    prop_assert_eq!(o, old, "equal + delete must give the old text");
    prop_assert_eq!(n, new, "equal + insert must give the new text");
    for t in tokens {
        prop_assert!(!t.text.is_empty(), "empty token in {:?}", tokens);
    }
    // Two tokens of one op in a row only where one carries moved text and
    // the other does not.
    for w in tokens.windows(2) {
        prop_assert!(
            w[0].op != w[1].op || w[0].moved != w[1].moved,
            "adjacent tokens with one op: {:?}",
            w
        );
    }
    Ok(())
}

fn info(label: &str, doc: &Document) -> VersionInfo {
    VersionInfo {
        label: label.to_owned(),
        commit: None,
        sha256: "0".repeat(64),
        sections: doc.sections().len(),
    }
}

fn compare_docs(old: &Document, new: &Document) -> Comparison {
    compare::compare(
        Side {
            info: info("old", old),
            document: old,
        },
        Side {
            info: info("new", new),
            document: new,
        },
        &compare::Options::default(),
    )
}

/// The words of `op` tokens that are not moved text (moved words are
/// counted once, as moved).
fn words(tokens: &[DiffToken], op: Op) -> usize {
    tokens
        .iter()
        .filter(|t| t.op == op && !t.moved)
        .map(|t| tokens::count_words(&t.text))
        .sum()
}

/// Blocks (`cotejo.diff/2`): on every changed entry; on each side disjoint,
/// covering every non-blank byte of the body, `unchanged` only when
/// byte-identical; `moved_from` and `moved_to` answer each other; a token
/// marked moved lies inside a moved block. Adds the moved words, and the
/// words edited inside moved text, to `summary`.
fn check_blocks(
    od: &Document,
    nd: &Document,
    cmp: &Comparison,
    summary: &mut cotejo::model::Summary,
) -> Result<(), TestCaseError> {
    for (k, e) in cmp.sections.iter().enumerate() {
        let Some(blocks) = &e.blocks else {
            prop_assert_eq!(e.change, ChangeKind::Unchanged, "entry {} has no blocks", k);
            continue;
        };
        let old_body = e.old.as_ref().map(|r| od.body(r.index));
        let new_body = e.new.as_ref().map(|r| nd.body(r.index));
        for (body, side) in [(old_body, true), (new_body, false)] {
            let ranges: Vec<std::ops::Range<usize>> = blocks
                .iter()
                .filter_map(|b| if side { b.old } else { b.new })
                .map(|r| r.range())
                .collect();
            let Some(body) = body else {
                prop_assert!(ranges.is_empty(), "entry {}: ranges on a missing side", k);
                continue;
            };
            let mut covered = vec![false; body.len()];
            for r in &ranges {
                prop_assert!(
                    r.start < r.end && r.end <= body.len(),
                    "entry {}: {:?}",
                    k,
                    r
                );
                for c in &mut covered[r.clone()] {
                    prop_assert!(!*c, "entry {}: blocks overlap at {:?}", k, r);
                    *c = true;
                }
            }
            for (i, b) in body.bytes().enumerate() {
                prop_assert!(
                    covered[i] || b.is_ascii_whitespace(),
                    "entry {}: byte {} of {:?} in no block",
                    k,
                    i,
                    body
                );
            }
        }
        for (j, b) in blocks.iter().enumerate() {
            if let (Some(o), Some(n), Some(ob), Some(nb)) = (b.old, b.new, old_body, new_body) {
                prop_assert_eq!(
                    b.change == ChangeKind::Unchanged,
                    ob[o.range()] == nb[n.range()],
                    "entry {} block {}: unchanged iff identical",
                    k,
                    j
                );
            }
            if let Some(p) = b.moved_to {
                let other = &cmp.sections[p.section].blocks.as_ref().unwrap()[p.block];
                prop_assert_eq!(other.moved_from.map(|q| (q.section, q.block)), Some((k, j)));
                summary.words_moved +=
                    tokens::count_words(&old_body.unwrap()[b.old.unwrap().range()]);
            }
            if let Some(p) = b.moved_from {
                let other = &cmp.sections[p.section].blocks.as_ref().unwrap()[p.block];
                prop_assert_eq!(other.moved_to.map(|q| (q.section, q.block)), Some((k, j)));
                if let Some(d) = &b.diff {
                    summary.words_inserted += words(d, Op::Insert);
                    summary.words_deleted += words(d, Op::Delete);
                }
            }
        }
    }
    Ok(())
}

fn check_comparison(od: &Document, nd: &Document, cmp: &Comparison) -> Result<(), TestCaseError> {
    let (on, nn) = (od.sections().len(), nd.sections().len());
    prop_assert_eq!(cmp.old.sections, on);
    prop_assert_eq!(cmp.new.sections, nn);
    let mut seen_old = vec![0usize; on];
    let mut seen_new = vec![0usize; nn];
    let mut last_new: Option<usize> = None;
    let mut summary = cotejo::model::Summary::default();
    for (k, e) in cmp.sections.iter().enumerate() {
        // Kind and sides agree.
        match (e.change, &e.old, &e.new) {
            (ChangeKind::Added, None, Some(_)) | (ChangeKind::Removed, Some(_), None) => {}
            (ChangeKind::Modified | ChangeKind::Unchanged, Some(_), Some(_)) => {}
            _ => prop_assert!(
                false,
                "entry {} has kind {:?} and sides {:?}",
                k,
                e.change,
                e
            ),
        }
        if let Some(o) = &e.old {
            prop_assert!(o.index < on);
            seen_old[o.index] += 1;
            prop_assert_eq!(&*o.id, od.sections()[o.index].id.as_str());
            prop_assert_eq!(o.line, od.sections()[o.index].line);
        }
        if let Some(n) = &e.new {
            prop_assert!(n.index < nn);
            seen_new[n.index] += 1;
            prop_assert_eq!(&*n.id, nd.sections()[n.index].id.as_str());
            prop_assert_eq!(n.line, nd.sections()[n.index].line);
            // Ordered by the new version.
            prop_assert!(
                last_new.is_none_or(|l| l < n.index),
                "entry {} (new {}) after new {:?}",
                k,
                n.index,
                last_new
            );
            last_new = Some(n.index);
        }
        // A removed section sits right after the entry of its old predecessor.
        if e.change == ChangeKind::Removed {
            let o = e.old.as_ref().unwrap().index;
            if o == 0 {
                prop_assert_eq!(k, 0, "removed old section 0 is not the first entry");
            } else {
                prop_assert!(k > 0, "removed old section {} is the first entry", o);
                let before = cmp.sections[k - 1].old.as_ref().map(|r| r.index);
                prop_assert_eq!(
                    before,
                    Some(o - 1),
                    "removed old section {} follows entry {}",
                    o,
                    k - 1
                );
            }
        }
        // Bodies, tokens, similarity and flags.
        let old_body = e.old.as_ref().map(|r| od.body(r.index));
        let new_body = e.new.as_ref().map(|r| nd.body(r.index));
        match e.change {
            ChangeKind::Unchanged => {
                prop_assert!(e.diff.is_none(), "unchanged entry {} has a diff", k);
                prop_assert_eq!(old_body, new_body, "unchanged entry {} has other bodies", k);
                prop_assert_eq!(e.similarity, 1.0);
                prop_assert!(!e.has(Flag::FormattingOnly));
            }
            _ => {
                let diff = e.diff.as_deref();
                prop_assert!(diff.is_some(), "entry {} ({:?}) has no diff", k, e.change);
                let diff = diff.unwrap();
                let (o, n) = rebuild(diff);
                prop_assert_eq!(
                    o.as_str(),
                    old_body.unwrap_or(""),
                    "old body of entry {}",
                    k
                );
                prop_assert_eq!(
                    n.as_str(),
                    new_body.unwrap_or(""),
                    "new body of entry {}",
                    k
                );
                if e.change == ChangeKind::Modified {
                    prop_assert_ne!(old_body, new_body);
                    check_word_diff(old_body.unwrap(), new_body.unwrap(), diff)?;
                } else {
                    prop_assert_eq!(e.similarity, 0.0);
                    prop_assert!(e.flags.is_empty(), "added/removed entry {} has flags", k);
                }
                summary.words_inserted += words(diff, Op::Insert);
                summary.words_deleted += words(diff, Op::Delete);
            }
        }
        prop_assert!((0.0..=1.0).contains(&e.similarity));
        if let (Some(o), Some(n)) = (&e.old, &e.new) {
            let (os, ns) = (&od.sections()[o.index], &nd.sections()[n.index]);
            prop_assert_eq!(
                e.has(Flag::Renamed),
                os.title != ns.title,
                "renamed, entry {}",
                k
            );
            prop_assert_eq!(
                e.has(Flag::Renumbered),
                os.number != ns.number,
                "renumbered, entry {}",
                k
            );
        }
        match e.change {
            ChangeKind::Added => summary.added += 1,
            ChangeKind::Removed => summary.removed += 1,
            ChangeKind::Modified => summary.modified += 1,
            ChangeKind::Unchanged => summary.unchanged += 1,
        }
        summary.moved += e.has(Flag::Moved) as usize;
        summary.renamed += e.has(Flag::Renamed) as usize;
        summary.renumbered += e.has(Flag::Renumbered) as usize;
    }
    prop_assert!(
        seen_old.iter().all(|&n| n == 1),
        "old sections seen {:?}",
        seen_old
    );
    prop_assert!(
        seen_new.iter().all(|&n| n == 1),
        "new sections seen {:?}",
        seen_new
    );
    check_blocks(od, nd, cmp, &mut summary)?;
    prop_assert_eq!(cmp.summary, summary);
    Ok(())
}

// ---------------------------------------------------------------------------
// Properties.
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn sections_partition_generated_documents(doc in gen_doc()) {
        check_sections(&doc.render())?;
    }

    #[test]
    fn sections_partition_any_text(
        text in prop_oneof![unicode(), any::<String>()]
    ) {
        check_sections(&text)?;
    }

    #[test]
    fn tokens_concatenate_to_the_text(
        text in prop_oneof![any::<String>(), any_unicode(), sentence(30)]
    ) {
        prop_assert_eq!(tokens::tokenize(&text).concat(), text);
    }

    #[test]
    fn word_diff_rebuilds_both_texts((old, new) in diff_pair()) {
        let tokens = worddiff::diff_text(&old, &new);
        check_word_diff(&old, &new, &tokens)?;
        if old == new {
            prop_assert!(tokens.iter().all(|t| t.op == Op::Equal), "{:?}", tokens);
        }
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn comparison_follows_the_contract((old, new) in doc_pair()) {
        let (od, nd) = (Document::parse(old), Document::parse(new));
        let cmp = compare_docs(&od, &nd);
        check_comparison(&od, &nd, &cmp)?;
    }

    #[test]
    fn a_document_compared_with_itself_is_unchanged(doc in gen_doc()) {
        let doc = Document::parse(doc.render());
        let cmp = compare_docs(&doc, &doc);
        check_comparison(&doc, &doc, &cmp)?;
        for (k, e) in cmp.sections.iter().enumerate() {
            prop_assert_eq!(e.change, ChangeKind::Unchanged, "entry {}: {:?}", k, e);
            prop_assert!(e.flags.is_empty(), "entry {}: {:?}", k, e);
            prop_assert_eq!(e.similarity, 1.0);
            prop_assert_eq!(e.old.as_ref().map(|r| r.index), Some(k));
            prop_assert_eq!(e.new.as_ref().map(|r| r.index), Some(k));
        }
        prop_assert!(!cmp.summary.has_differences(), "{:?}", cmp.summary);
        prop_assert_eq!(cmp.summary.unchanged, doc.sections().len());
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// A lone `\r` ends a line as `\n` does (CommonMark): a document saved
    /// with classic Mac line endings compares exactly as with Unix ones —
    /// same sections, same changes, same word diff — where it once was one
    /// heading swallowing the document.
    #[test]
    fn lone_carriage_returns_compare_as_newlines((old, new) in doc_pair()) {
        // Unix endings only (the generator writes some `\r\n`), then each
        // made a lone `\r`.
        let (old, new) = (old.replace('\r', ""), new.replace('\r', ""));
        let cr = |t: &str| t.replace('\n', "\r");
        let (od, nd) = (Document::parse(old.clone()), Document::parse(new.clone()));
        let (ocr, ncr) = (Document::parse(cr(&old)), Document::parse(cr(&new)));
        let lf = compare_docs(&od, &nd);
        let mac = compare_docs(&ocr, &ncr);
        check_comparison(&ocr, &ncr, &mac)?;
        prop_assert_eq!(format!("{:?}", lf.summary), format!("{:?}", mac.summary));
        prop_assert_eq!(lf.sections.len(), mac.sections.len());
        for (a, b) in lf.sections.iter().zip(&mac.sections) {
            prop_assert_eq!(a.change, b.change);
            prop_assert_eq!(&a.flags, &b.flags);
            prop_assert_eq!(
                a.new.as_ref().map(|r| &r.heading),
                b.new.as_ref().map(|r| &r.heading)
            );
            let texts = |d: &Option<Vec<DiffToken>>| {
                d.iter()
                    .flatten()
                    .map(|t| (t.op, t.text.replace('\r', "\n")))
                    .collect::<Vec<_>>()
            };
            prop_assert_eq!(texts(&a.diff), texts(&b.diff));
        }
    }
}

/// Regression: a lone `\r` ends a line for CommonMark; the splitter once looked
/// only for `\n`, gave a body that started after its range ended, and panicked.
#[test]
fn lone_carriage_returns_end_lines() {
    for text in [
        "#\rx\ny\n=\n",
        "# Introducción\ndatos\n=\r0\nIntroducción\n===",
    ] {
        check_sections(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let doc = Document::parse(text);
        for k in 0..doc.sections().len() {
            let _ = doc.body(k);
        }
    }
}

/// Regression: the text before a lone `\r` and a heading was once neither a
/// preamble nor a body, so an edit to it went unreported.
#[test]
fn lone_carriage_return_keeps_the_preamble() {
    let (old, new) = (
        Document::parse("Texto viejo\r# Título\ncuerpo\n"),
        Document::parse("Texto nuevo\r# Título\ncuerpo\n"),
    );
    let cmp = compare_docs(&old, &new);
    assert!(
        cmp.summary.has_differences(),
        "an edited preamble goes unreported: {:?}",
        cmp.sections
    );
}
