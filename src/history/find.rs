//! Finding a section's lineage by what a person types: its id, its heading
//! (with or without the number) or its number.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Head, History, Outline};
use crate::document::numbering::split_number;

/// What a query found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    One(usize),
    /// Several lineages match equally well (their indices, in order).
    Many(Vec<usize>),
    /// Nothing matched; lineages whose title contains the query, as suggestions.
    None(Vec<usize>),
}

impl History {
    /// Looks `query` up, strongest evidence first: an id at any point; then a
    /// heading or a title (number aside, case and accents ignored) at any
    /// point; then a number, at the latest point that has it (numbers move).
    pub fn find(&self, query: &str) -> Found {
        let q = query.trim();
        let by_id = self.matching(|_, s| s.id() == q);
        if let Some(found) = decide(by_id) {
            return found;
        }
        let key = fold(q);
        let title_key = fold(split_number(q).title);
        let by_heading = self.matching(|_, s| {
            fold(s.heading()) == key || (!title_key.is_empty() && fold(s.title()) == title_key)
        });
        if let Some(found) = decide(by_heading) {
            return found;
        }
        let number = number_key(q);
        if !number.is_empty() {
            // Whether each head has the number, by the head's number in
            // the store: each head read back once, not once a point.
            let mut numbered: HashMap<usize, bool> = HashMap::new();
            for p in (0..self.points.len()).rev() {
                // Not `History::outline`: a walk over every point would only
                // push out of its cache the views the pages read again.
                let outline = Outline::of(self.outlines.view(p), Arc::clone(&self.shelf));
                let hits: Vec<usize> = outline
                    .head_numbers()
                    .enumerate()
                    .filter(|&(_, h)| {
                        *numbered.entry(h).or_insert_with(|| {
                            let head = self.shelf.head_numbered(h);
                            head.number().is_some_and(|n| number_key(n) == number)
                        })
                    })
                    .map(|(index, _)| self.lineage_of(p, index))
                    .collect();
                if let Some(found) = decide(hits) {
                    return found;
                }
            }
        }
        let mut near = self.matching(|_, s| !key.is_empty() && fold(s.heading()).contains(&key));
        near.truncate(8);
        Found::None(near)
    }

    /// Lineages with a section, at some point, for which `test` holds; in order.
    /// A section is tested where it first appears and after each step that
    /// could have changed its heading or id: one that changed it, or one that
    /// changed the outline anywhere (ids of same-titled sections depend on
    /// each other). A long history repeats each heading in thousands of
    /// versions; testing them all would cost more than the history.
    ///
    /// The points are gone through in order, each read back once: a point's
    /// sections are found through its kept edits, and finding each
    /// candidate on its own, thousands of times, walked them again each
    /// time.
    fn matching(&self, test: impl Fn(usize, Head) -> bool) -> Vec<usize> {
        let mut hit = vec![false; self.lineages.len()];
        // Each lineage's last head tested.
        let mut tested: Vec<Option<usize>> = vec![None; self.lineages.len()];
        for p in 0..self.points.len() {
            // Where each section first appears, and after a step that changed
            // the outline: every section; else those the step changed.
            let briefs = p.checked_sub(1).map(|k| self.steps.briefs(k));
            let sections: Vec<usize> = match briefs {
                Some(b) if !b.iter().any(|e| e.changes_outline()) => {
                    b.iter().filter_map(|e| e.new_index()).collect()
                }
                _ => (0..self.section_count(p)).collect(),
            };
            if sections.is_empty() {
                continue;
            }
            let outline = Outline::of(self.outlines.view(p), Arc::clone(&self.shelf));
            let table = self.by_point.view(p);
            for s in sections {
                let l = self.rank[*table.get(s) as usize] as usize;
                if hit[l] {
                    continue;
                }
                // The same head as the last one tested: same answer, found
                // without reading it back.
                let number = outline.head_number(s);
                if tested[l] == Some(number) {
                    continue;
                }
                // The same heading and id: same answer, found without making
                // an id again.
                let section = self.shelf.head_numbered(number);
                if tested[l].is_some_and(|t| self.shelf.heads_alike(t, &section)) {
                    continue;
                }
                tested[l] = Some(number);
                hit[l] = test(p, section);
            }
        }
        (0..hit.len()).filter(|&l| hit[l]).collect()
    }
}

fn decide(mut hits: Vec<usize>) -> Option<Found> {
    hits.sort_unstable();
    hits.dedup();
    match hits.len() {
        0 => None,
        1 => Some(Found::One(hits[0])),
        _ => Some(Found::Many(hits)),
    }
}

/// A number as people type it: `Artículo 1` for `ARTICULO 1º`, `4.2` for
/// `4.2.` (case, accents, ordinal marks and closing punctuation aside).
fn number_key(number: &str) -> String {
    let mut key = fold(number);
    for mark in ['º', 'ª', '°'] {
        if let Some(k) = key.strip_suffix(mark) {
            key = k.trim_end_matches('-').to_owned();
        }
    }
    key
}

/// Lowercase, accents off, spaces collapsed: how people retype a heading.
fn fold(text: &str) -> String {
    crate::document::slug::slugify(text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_compared_as_people_type_them() {
        use super::number_key;
        assert_eq!(number_key("ARTICULO 1º"), number_key("Artículo 1"));
        assert_eq!(number_key("4.2."), number_key("4.2"));
        assert_eq!(number_key("4.2"), "4-2");
        assert_ne!(number_key("4.2"), number_key("4.21"));
    }
}
