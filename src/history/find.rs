//! Finding a section's lineage by what a person types: its id, its heading
//! (with or without the number) or its number.

use std::collections::HashMap;

use super::{Head, History};
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
            let mut numbers: HashMap<&str, bool> = HashMap::new();
            for p in (0..self.points.len()).rev() {
                let hits: Vec<usize> = self.points[p]
                    .outline
                    .heads()
                    .enumerate()
                    .filter(|(_, s)| {
                        s.number().is_some_and(|n| {
                            *numbers.entry(n).or_insert_with(|| number_key(n) == number)
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
    fn matching(&self, test: impl Fn(usize, &Head) -> bool) -> Vec<usize> {
        let outline_changed: Vec<bool> = self
            .steps
            .iter()
            .map(|cmp| cmp.briefs().iter().any(|e| e.changes_outline()))
            .collect();
        let mut hits: Vec<usize> = Vec::new();
        for (l, lineage) in self.lineages.iter().enumerate() {
            let first = lineage.first();
            let (last, _) = lineage.last();
            let candidates = std::iter::once(first).chain(
                (first..last)
                    .filter(|&k| lineage.entry(k).is_some() || outline_changed[k])
                    .map(|k| k + 1),
            );
            let mut tested: Option<&Head> = None;
            // The candidates come in order: its places are walked once.
            let mut places = lineage.points().peekable();
            for p in candidates {
                while places.next_if(|&(q, _)| q < p).is_some() {}
                let Some(&(q, s)) = places.peek() else { break };
                if q != p {
                    continue;
                }
                let section = self.points[p].outline.head(s);
                // The same heading and id as the last one tested: same answer.
                if tested
                    .is_some_and(|t| t.heading() == section.heading() && t.id() == section.id())
                {
                    continue;
                }
                tested = Some(section);
                if test(p, section) {
                    hits.push(l);
                    break;
                }
            }
        }
        hits
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
