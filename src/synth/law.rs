//! Generated cases for laws whose articles are headed by their number alone
//! (`##### Artículo 7`), as Mexican laws and regulations head them.
//!
//! [`Law::from_document`] keeps a real law's divisions (`CAPITULO I`, `SECCION II`)
//! as they are and turns each article into a number-only heading: whatever its
//! heading said after the number becomes the first line of its body. [`mutate_law`]
//! then inserts, deletes, moves, edits and repeals articles and renumbers every
//! article in order, as a drafter does, so nearly every article's heading changes
//! while its text does not.
//!
//! Articles deleted or moved are picked among those whose text is their own:
//! of twenty identical "(Artículo derogado por …)" in a row, which one a drafter
//! deleted has no answer a comparison could find (any of them gives the same
//! text), so such a case would score chance, not pairing.

use std::collections::{HashMap, HashSet};

use super::{Case, Rng, defuse_headings, edit_words_with, one_line};
use crate::document::Document;
use crate::document::numbering::split_number;
use crate::document::slug::slugify;

/// One section of a [`Law`]: a division, or an article with its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawNode {
    /// Identifies the node across versions (the truth).
    pub key: usize,
    /// `Some(heading)` for a division (`CAPITULO I`), `None` for an article.
    pub division: Option<String>,
    /// Depth of a division, 1–3 (rendered as `##` to `####`); articles are `#####`.
    pub depth: u8,
    pub body: String,
}

/// A law as a flat list of divisions and articles in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Law {
    pub title: String,
    pub nodes: Vec<LawNode>,
}

/// How a drafter writes an article's heading; `{}` is the number.
pub const ARTICLE_STYLES: &[&str] = &[
    "Artículo {}",
    "Artículo {}.",
    "ARTÍCULO {}o.",
    "Articulo {}º",
    "ARTICULO {}°.-",
    "Art. {}.",
];

impl Law {
    /// The sections of a real law: those numbered as articles (`ARTICULO 5º — …`,
    /// `Article 12`, `§ 3 Title`) become articles with their heading's words after
    /// the number moved into the body; the others become divisions, depths 1–3 by
    /// their nesting among divisions.
    pub fn from_document(doc: &Document, title: &str) -> Law {
        let mut nodes = Vec::new();
        let mut stack: Vec<(u8, u8)> = Vec::new(); // (source level, depth) of divisions
        for (i, s) in doc.sections().iter().enumerate() {
            if s.level == 0 {
                continue;
            }
            let trimmed = doc.body(i).trim_start_matches(['\r', '\n']).trim_end();
            let split = split_number(&s.heading);
            if split.number.is_some_and(is_article) {
                let first = one_line(split.title);
                let text = match (first.is_empty(), trimmed.is_empty()) {
                    (true, true) => String::new(),
                    (true, false) => format!("{trimmed}\n\n"),
                    (false, true) => format!("{first}\n\n"),
                    (false, false) => format!("{first}\n\n{trimmed}\n\n"),
                };
                nodes.push(LawNode {
                    key: nodes.len(),
                    division: None,
                    depth: 4,
                    body: defuse_headings(&text),
                });
                continue;
            }
            while stack.last().is_some_and(|&(l, _)| l >= s.level) {
                stack.pop();
            }
            let depth = stack.last().map_or(1, |&(_, d)| (d + 1).min(3));
            stack.push((s.level, depth));
            let body = if trimmed.is_empty() {
                String::new()
            } else {
                format!("{trimmed}\n\n")
            };
            nodes.push(LawNode {
                key: nodes.len(),
                division: Some(one_line(&s.heading)),
                depth,
                body: defuse_headings(&body),
            });
        }
        Law {
            title: title.to_owned(),
            nodes,
        }
    }

    /// How many articles the law has.
    pub fn articles(&self) -> usize {
        self.nodes.iter().filter(|n| n.division.is_none()).count()
    }

    /// Markdown with the articles numbered 1, 2, 3… in order in `style`
    /// (one of [`ARTICLE_STYLES`]).
    pub fn render(&self, style: &str) -> String {
        let mut out = format!("# {}\n\n", self.title);
        let mut number = 0;
        for node in &self.nodes {
            match &node.division {
                Some(heading) => {
                    let hashes = "#".repeat(node.depth as usize + 1);
                    out += &format!("{hashes} {heading}\n\n{}", node.body);
                }
                None => {
                    number += 1;
                    let heading = style.replace("{}", &number.to_string());
                    out += &format!("##### {heading}\n\n{}", node.body);
                }
            }
        }
        out
    }

    /// The article number of each node (`None` for divisions).
    fn numbers(&self) -> Vec<Option<usize>> {
        let mut number = 0;
        self.nodes
            .iter()
            .map(|n| {
                n.division.is_none().then(|| {
                    number += 1;
                    number
                })
            })
            .collect()
    }

    /// Indices of the articles.
    fn article_positions(&self) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&i| self.nodes[i].division.is_none())
            .collect()
    }
}

/// Whether a numbering prefix numbers an article: `Artículo`, `ARTICULO`, `Art.`,
/// `Article`, `Artikel` or `§`.
fn is_article(number: &str) -> bool {
    let folded = slugify(number);
    number.starts_with('§')
        || ["art-", "arts-", "articulo-", "article-", "artikel-"]
            .iter()
            .any(|k| folded.starts_with(k))
}

/// How much of each operation to apply, as fractions of the articles.
#[derive(Debug, Clone, Copy)]
pub struct LawMix {
    pub insert: f64,
    pub delete: f64,
    /// Articles taken out and put back at least three articles away.
    pub moved: f64,
    /// Articles whose text gets word edits (~5% of their words).
    pub edit: f64,
    /// Articles whose text becomes "Se deroga." (repealed, number kept).
    pub repeal: f64,
}

impl Default for LawMix {
    /// The mix of issue 10: about 5% of the articles each inserted, deleted,
    /// moved and edited, and 1% repealed; every article renumbered in order.
    fn default() -> Self {
        LawMix {
            insert: 0.05,
            delete: 0.05,
            moved: 0.05,
            edit: 0.05,
            repeal: 0.01,
        }
    }
}

/// The text of a repealed article in Mexican laws.
pub const REPEALED: &str = "Se deroga.\n\n";

/// Applies `mix` to `law` with articles of `donor` as inserted text, renumbers
/// the articles in order and renders both versions in `style`.
pub fn mutate_law(law: &Law, donor: &Law, mix: LawMix, style: &str, rng: &mut Rng) -> Case {
    let mut new = law.clone();
    let count = |f: f64| ((law.articles() as f64) * f).round() as usize;
    let mut moved_keys = HashSet::new();
    let mut touched = HashSet::new();
    let mut bodies: HashMap<&str, usize> = HashMap::new();
    for n in law.nodes.iter().filter(|n| n.division.is_none()) {
        *bodies.entry(n.body.trim()).or_default() += 1;
    }
    let own_text: HashSet<usize> = law
        .nodes
        .iter()
        .filter(|n| n.division.is_none() && bodies[n.body.trim()] == 1)
        .map(|n| n.key)
        .collect();
    for _ in 0..count(mix.delete) {
        let articles: Vec<usize> = new
            .article_positions()
            .into_iter()
            .filter(|&i| own_text.contains(&new.nodes[i].key))
            .collect();
        if articles.len() < 2 {
            break;
        }
        new.nodes.remove(articles[rng.below(articles.len())]);
    }
    for _ in 0..count(mix.moved) {
        let articles: Vec<usize> = new
            .article_positions()
            .into_iter()
            .filter(|&i| !moved_keys.contains(&new.nodes[i].key))
            .collect();
        if articles.len() < 8 {
            break;
        }
        let k = rng.below(articles.len());
        if !own_text.contains(&new.nodes[articles[k]].key) {
            continue;
        }
        let node = new.nodes.remove(articles[k]);
        // Before another article at least three articles away, so the move is
        // one and no other article's order changes.
        let rest = new.article_positions();
        let mut to = rng.below(rest.len() - 5);
        if to + 2 >= k {
            to += 5;
        }
        let at = rest[to];
        moved_keys.insert(node.key);
        new.nodes.insert(at, node);
    }
    let donor_words = |rng: &mut Rng| {
        let bodies = donor.nodes.len().max(1);
        donor.nodes.get(rng.below(bodies)).map(|n| n.body.as_str())
    };
    for _ in 0..count(mix.edit) {
        let articles = new.article_positions();
        let i = articles[rng.below(articles.len())];
        new.nodes[i].body = edit_words_with(&new.nodes[i].body, donor_words, rng);
        touched.insert(new.nodes[i].key);
    }
    for _ in 0..count(mix.repeal) {
        let articles = new.article_positions();
        let i = articles[rng.below(articles.len())];
        // Only an article with text of its own, and in its place: repealing a
        // moved one would leave nothing that tells where it went.
        let key = new.nodes[i].key;
        if own_text.contains(&key) && !moved_keys.contains(&key) && touched.insert(key) {
            new.nodes[i].body = REPEALED.to_owned();
        }
    }
    let donated: Vec<&LawNode> = donor
        .nodes
        .iter()
        .filter(|n| n.division.is_none() && n.body.split_whitespace().count() >= 8)
        .collect();
    let mut donor_at = rng.below(donated.len().max(1));
    let first_new_key = law.nodes.len();
    for next_key in first_new_key..first_new_key + count(mix.insert) {
        if donated.is_empty() {
            break;
        }
        donor_at = (donor_at + 1) % donated.len();
        let mut node = donated[donor_at].clone();
        node.key = next_key;
        // Before an existing article, so every later article is renumbered.
        let articles = new.article_positions();
        let at = articles[rng.below(articles.len())];
        new.nodes.insert(at, node);
    }
    law_truth(law, &new, &moved_keys, style)
}

/// Renders both laws and derives the truth from the nodes' keys.
fn law_truth(old: &Law, new: &Law, moved: &HashSet<usize>, style: &str) -> Case {
    // Section 0 of each rendered text is the `# title` heading; nodes follow.
    let offset = 1;
    let new_pos: HashMap<usize, usize> = new
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.key, i))
        .collect();
    let mut old_to_new = vec![Some(0)];
    old_to_new.extend(
        old.nodes
            .iter()
            .map(|n| new_pos.get(&n.key).map(|i| i + offset)),
    );
    let mut case = Case {
        old: old.render(style),
        new: new.render(style),
        old_to_new,
        moved: HashSet::new(),
        renamed: HashSet::new(),
        renumbered: HashSet::new(),
        indistinct: HashSet::new(),
    };
    let mut seen: HashMap<(Option<&str>, &str), usize> = HashMap::new();
    for n in &old.nodes {
        *seen
            .entry((n.division.as_deref(), n.body.trim()))
            .or_default() += 1;
    }
    for (oi, n) in old.nodes.iter().enumerate() {
        if seen[&(n.division.as_deref(), n.body.trim())] > 1 {
            case.indistinct.insert(oi + offset);
        }
    }
    let (old_numbers, new_numbers) = (old.numbers(), new.numbers());
    for (oi, n) in old.nodes.iter().enumerate() {
        let Some(&ni) = new_pos.get(&n.key) else {
            continue;
        };
        if moved.contains(&n.key) {
            case.moved.insert(ni + offset);
        }
        if old_numbers[oi] != new_numbers[ni] {
            case.renumbered.insert(ni + offset);
        }
    }
    case
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "# LEY\n\n### CAPITULO I\n\nDISPOSICIONES GENERALES\n\n\
        ##### ARTICULO 1º — Habrá sociedad si una o más\n\npersonas se obligan.\n\n\
        ##### ARTICULO 2.—\n\nLa sociedad es un sujeto de derecho.\n\n\
        ### CAPITULO II\n\n##### § 3 Forma\n\nPor escrito.\n";

    #[test]
    fn articles_lose_everything_but_their_number() {
        let law = Law::from_document(&Document::parse(SOURCE), "Ley de prueba");
        assert_eq!(law.articles(), 3);
        let text = law.render("Artículo {}");
        assert!(
            text.starts_with(
                "# Ley de prueba\n\n## LEY\n\n### CAPITULO I\n\nDISPOSICIONES GENERALES\n\n\
                 ##### Artículo 1\n\nHabrá sociedad si una o más\n\npersonas se obligan.\n\n\
                 ##### Artículo 2\n\nLa sociedad es un sujeto de derecho.\n\n"
            ),
            "{text}"
        );
        assert!(text.ends_with("### CAPITULO II\n\n##### Artículo 3\n\nForma\n\nPor escrito.\n\n"));
        let doc = Document::parse(text);
        assert!(
            doc.sections()[4].title.is_empty(),
            "{:?}",
            doc.sections()[4]
        );
    }

    #[test]
    fn the_truth_follows_the_renumbering() {
        let law = Law::from_document(&Document::parse(SOURCE), "Ley");
        let mix = LawMix {
            insert: 0.0,
            delete: 0.34,
            moved: 0.0,
            edit: 0.0,
            repeal: 0.0,
        };
        let case = mutate_law(&law, &law, mix, "Art. {}.", &mut Rng::new(3));
        let (old, new) = (Document::parse(case.old), Document::parse(case.new));
        assert_eq!(old.sections().len(), case.old_to_new.len());
        assert_eq!(new.sections().len(), old.sections().len() - 1);
        // Every article after the deleted one is renumbered, nothing else.
        for (o, n) in case.old_to_new.iter().enumerate() {
            let Some(n) = *n else { continue };
            let (os, ns) = (&old.sections()[o], &new.sections()[n]);
            assert_eq!(old.body(o), new.body(n));
            assert_eq!(case.renumbered.contains(&n), os.number != ns.number);
        }
    }
}
