//! What the sections of a history are called ([`Head`]), each distinct head
//! kept once ([`Heads`]).
//!
//! A long history holds thousands of heads (an inserted article renumbers
//! every later one of its chapter, each a new head: ~2.5 a commit on the
//! generated 1 MB document). Each head is its text (the heading, then the
//! number, title and id where they are not already a part of it: the number
//! and the title mostly are) and where its parts are in it. Four owned
//! strings were ~330 bytes a head in five allocations (tenth round); one
//! text of all heads and a 24-byte record each, ~70 (thirteenth). Now each
//! head is a record written in pages to the history's temporary file
//! ([`Paged`]), and memory keeps its level and cut, 2 bytes (fourteenth):
//! a head is read back when a page names it, or a new section's head is
//! compared with it.
//!
//! An id is mostly its title's slug, which renumbering leaves alone: such an
//! id is not kept but made again when asked for (~40 bytes a head, a third
//! of its record).

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::sync::Arc;

use super::bytes::{Corrupt, Reader, Writer};
use super::chunks::{Cut, cut_after};
use super::growth;
use super::paged::Paged;
use super::spill::Spill;
use crate::document::{Section, slug};

/// What a section is called, as the history's pages and commands name it:
/// the fields of [`Section`] that do not depend on where it stands, read
/// back from the history's heads.
#[derive(Debug, Clone)]
pub struct Head {
    /// Heading level 1–6; 0 for the preamble.
    pub level: u8,
    /// The heading, then what of the number, title and id it does not hold.
    text: Arc<str>,
    /// Where in `text` the heading ends.
    heading: u32,
    /// Where in `text` the number is; [`ABSENT`] when the heading has none.
    number: Span,
    /// Where in `text` the title is.
    title: Span,
    /// Where in `text` the id is; [`ABSENT`] when it is the title's slug,
    /// not kept.
    id: Span,
}

/// A part of a head's text: its start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span(u32, u32);

/// A part a head does not have: no number, or an id made again from the
/// title.
const ABSENT: Span = Span(u32::MAX, u32::MAX);

/// The distinct heads of a history, by number.
#[derive(Debug, Clone)]
pub(crate) struct Heads {
    /// Each head's text and places, [`encode`]d.
    records: Paged,
    /// Each head's level and cut, which outlines ask for without its text.
    marks: Vec<(u8, Cut)>,
    /// The bytes of every head's text.
    text_bytes: usize,
}

/// A parsed section's head as it is looked up: its key
/// ([`Heads::key`]) and whether its id is its title's slug.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sought<'s> {
    section: &'s Section,
    slug_id: bool,
    /// A hash of the head's parts.
    pub(crate) key: u64,
}

impl Head {
    /// The heading's inline text.
    pub fn heading(&self) -> &str {
        &self.text[..self.heading as usize]
    }

    /// Numbering prefix, if the heading has one.
    pub fn number(&self) -> Option<&str> {
        (self.number != ABSENT).then(|| self.part(self.number))
    }

    /// The heading without its numbering prefix.
    pub fn title(&self) -> &str {
        self.part(self.title)
    }

    /// The section's id (its anchor): made again from the title when it is
    /// the title's slug.
    pub fn id(&self) -> Cow<'_, str> {
        if self.id == ABSENT {
            Cow::Owned(slug::slugify(self.title()))
        } else {
            Cow::Borrowed(self.part(self.id))
        }
    }

    /// Whether `other` has the same heading and id, without making either
    /// id again where both are their titles' slugs.
    pub(crate) fn same_heading_and_id(&self, other: &Head) -> bool {
        self.heading() == other.heading()
            && match (self.id == ABSENT, other.id == ABSENT) {
                (true, true) => self.title() == other.title(),
                (false, false) => self.part(self.id) == other.part(other.id),
                _ => self.id() == other.id(),
            }
    }

    fn part(&self, Span(start, end): Span) -> &str {
        &self.text[start as usize..end as usize]
    }

    /// What a head that does not read back gives: nothing, at `level`
    /// (the history's check of what it read back fails the command).
    fn stand_in(level: u8) -> Head {
        Head {
            level,
            text: Arc::from(""),
            heading: 0,
            number: ABSENT,
            title: Span(0, 0),
            id: Span(0, 0),
        }
    }
}

/// What the records are, in the note of a page that does not read back.
const WHAT: &str = "the history's headings";

impl Default for Heads {
    fn default() -> Heads {
        Heads::spilling(None)
    }
}

impl Heads {
    /// No head yet; their records will go to `spill`, if there is one.
    pub(crate) fn spilling(spill: Option<Arc<Spill>>) -> Heads {
        Heads {
            records: Paged::spilling(spill, WHAT),
            marks: Vec::new(),
            text_bytes: 0,
        }
    }

    /// Head number `h`: read back from its page, or a stand-in when the
    /// page does not read back ([`Paged::read`]).
    pub(crate) fn get(&self, h: usize) -> Head {
        let level = self.level(h);
        self.records
            .read(h, |bytes| decode(bytes, level))
            .unwrap_or_else(|| Head::stand_in(level))
    }

    /// Head `h`'s level, without reading its text.
    pub(crate) fn level(&self, h: usize) -> u8 {
        self.marks[h].0
    }

    /// Whether head `h`'s section ends an outline's chunk or group.
    pub(crate) fn cut(&self, h: usize) -> Cut {
        self.marks[h].1
    }

    /// The number of heads.
    pub(crate) fn len(&self) -> usize {
        self.marks.len()
    }

    /// `s`'s head, to look up: its id compared with its title's slug once.
    pub(crate) fn sought(s: &Section) -> Sought<'_> {
        let slug_id = slug::slugify(&s.title) == s.id;
        let id = (!slug_id).then_some(s.id.as_str());
        let key = foldhash::fast::FixedState::with_seed(0x636f_7465_6a6f).hash_one((
            s.level,
            &s.heading,
            s.number.as_deref(),
            &s.title,
            id,
        ));
        Sought {
            section: s,
            slug_id,
            key,
        }
    }

    /// Whether head `h` is `sought`'s: the fields `outline::named_alike`
    /// compares two parsed sections by.
    pub(crate) fn is(&self, h: usize, sought: &Sought<'_>) -> bool {
        let s = sought.section;
        if self.level(h) != s.level {
            return false;
        }
        let head = self.get(h);
        head.heading() == s.heading
            && head.number() == s.number.as_deref()
            && head.title() == s.title
            && if sought.slug_id {
                head.id == ABSENT
            } else {
                head.id != ABSENT && head.part(head.id) == s.id
            }
    }

    /// Keeps `sought`'s head; returns its number.
    pub(crate) fn add(&mut self, sought: &Sought<'_>) -> usize {
        let s = sought.section;
        let mut text = s.heading.clone();
        let mut place = |part: &str| {
            let at = match text.find(part) {
                Some(at) => at,
                None => {
                    text.push_str(part);
                    text.len() - part.len()
                }
            };
            Span(offset(at), offset(at + part.len()))
        };
        let number = s.number.as_deref().map_or(ABSENT, &mut place);
        let title = place(&s.title);
        let id = if sought.slug_id { ABSENT } else { place(&s.id) };
        let head = Head {
            level: s.level,
            heading: offset(s.heading.len()),
            text: Arc::from(text),
            number,
            title,
            id,
        };
        self.records.push(&encode(&head));
        self.text_bytes += head.text.len();
        growth::push(&mut self.marks, (s.level, cut_after(&s.id)));
        self.marks.len() - 1
    }

    /// The bytes of every head's text.
    pub(crate) fn text_bytes(&self) -> usize {
        self.text_bytes
    }

    /// The bytes the heads take in memory: their marks, where their pages
    /// are, the page being filled (and the pages kept in memory when the
    /// history has no temporary file).
    pub(crate) fn bytes(&self) -> usize {
        self.records.bytes() + self.marks.capacity() * std::mem::size_of::<(u8, Cut)>()
    }

    /// Gives back the spare capacity of lists built by pushing.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.records.shrink_to_fit();
        self.marks.shrink_to_fit();
    }
}

/// A place in a head's text: a heading of fewer than 2³² bytes.
fn offset(at: usize) -> u32 {
    u32::try_from(at).expect("a heading of fewer than 2³² bytes")
}

/// `head`'s record: its text, where its heading ends, and its parts'
/// places (its level is kept in memory).
fn encode(head: &Head) -> Vec<u8> {
    let mut w = Writer::default();
    w.str(&head.text);
    w.uint(u64::from(head.heading));
    for span in [head.number, head.title, head.id] {
        if span == ABSENT {
            w.uint(0);
        } else {
            w.uint(u64::from(span.0) + 1);
            w.uint(u64::from(span.1));
        }
    }
    w.bytes
}

/// The head [`encode`] wrote, at `level`: each place within its text and
/// on a character's boundary, so that reading a part never panics.
fn decode(bytes: &[u8], level: u8) -> Result<Head, Corrupt> {
    let mut r = Reader::new(bytes);
    let text = r.str()?;
    let place = |at: u64| -> Result<u32, Corrupt> {
        usize::try_from(at)
            .ok()
            .filter(|&at| text.is_char_boundary(at))
            .map(offset)
            .ok_or(Corrupt("a place outside the heading"))
    };
    let heading = place(r.uint()?)?;
    let mut span = || -> Result<Span, Corrupt> {
        match r.uint()? {
            0 => Ok(ABSENT),
            start => {
                let (start, end) = (place(start - 1)?, place(r.uint()?)?);
                if start > end {
                    return Err(Corrupt("a part that ends before it starts"));
                }
                Ok(Span(start, end))
            }
        }
    };
    let (number, title, id) = (span()?, span()?, span()?);
    if title == ABSENT || !r.done() {
        return Err(Corrupt("a heading not as written"));
    }
    Ok(Head {
        level,
        text: Arc::from(text),
        heading,
        number,
        title,
        id,
    })
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::super::paged::PAGE;
    use super::*;
    use crate::document::Document;

    /// The heads of `doc`'s sections, each added as new.
    fn heads_of(doc: &Document) -> Heads {
        let mut heads = Heads::default();
        for s in doc.sections() {
            heads.add(&Heads::sought(s));
        }
        heads
    }

    #[test]
    fn an_id_that_is_its_titles_slug_is_made_again_and_any_other_is_kept() {
        let doc = Document::parse(
            "# Política\n\n## 1. De los datos\n\nUno.\n\n## 2. De los datos\n\nDos.\n\n\
             ## 3. Alcance {#mi-ancla}\n\nTres.\n\n## Artículo 4\n\nCuatro.\n",
        );
        let all = heads_of(&doc);
        let heads: Vec<Head> = (0..all.len()).map(|h| all.get(h)).collect();
        for (h, (head, s)) in heads.iter().zip(doc.sections()).enumerate() {
            assert_eq!(head.id(), s.id.as_str(), "{}", s.heading);
            assert_eq!(
                (head.level, head.heading(), head.number(), head.title()),
                (
                    s.level,
                    s.heading.as_str(),
                    s.number.as_deref(),
                    s.title.as_str()
                )
            );
            // Each is found again by its section, and no other is.
            let sought = Heads::sought(s);
            assert!(
                (0..all.len()).all(|k| all.is(k, &sought) == (k == h)),
                "{h}"
            );
        }
        let kept = |k: usize| matches!(heads[k].id(), Cow::Borrowed(_));
        // The title's slug is not kept: the text is the heading alone.
        assert!(!kept(1));
        assert_eq!(heads[1].text.len(), heads[1].heading().len());
        // A repeated title's id is not its slug alone, an explicit id is the
        // author's: both kept.
        assert_ne!(heads[2].id(), heads[1].id());
        assert!(kept(2) && kept(3));
        // Heads compared by heading and id, made again or kept.
        for a in &heads {
            for b in &heads {
                assert_eq!(
                    a.same_heading_and_id(b),
                    a.heading() == b.heading() && a.id() == b.id(),
                    "{} / {}",
                    a.heading(),
                    b.heading()
                );
            }
        }
        let twin = Document::parse("## 1. De los datos {#de-los-datos}\n\nUno.\n");
        let twin = heads_of(&twin);
        let twin = twin.get(twin.len() - 1);
        assert!(twin.same_heading_and_id(&heads[1]) && heads[1].same_heading_and_id(&twin));
        // The same section written with its slug as an explicit id is the
        // same head.
        let explicit = Document::parse("## 1. De los datos {#de-los-datos}\n\nUno.\n");
        let sought = Heads::sought(explicit.sections().last().expect("a section"));
        assert!(all.is(1, &sought));
    }

    /// A history's heads with a temporary file (on Unix: there is none
    /// elsewhere): `n` numbered articles, each a new head.
    #[cfg(unix)]
    fn spilled(n: usize) -> (Heads, Document, Arc<Spill>) {
        let text: String = (1..=n)
            .map(|k| format!("## Artículo {k}. Del registro número {k}\n\nTexto.\n\n"))
            .collect();
        let doc = Document::parse(&text);
        let spill = Arc::new(Spill::create().expect("a temporary file"));
        let mut heads = Heads::spilling(Some(Arc::clone(&spill)));
        for s in doc.sections() {
            heads.add(&Heads::sought(s));
        }
        heads.shrink_to_fit();
        (heads, doc, spill)
    }

    #[cfg(unix)]
    #[test]
    fn heads_go_to_the_file_and_memory_keeps_two_bytes_a_head() {
        let n = 20 * PAGE + 3;
        let (heads, doc, spill) = spilled(n);
        assert_eq!(heads.len(), n);
        // Their marks, where twenty pages are, the three heads of the page
        // being filled: not their text, ~40 bytes each.
        assert!(
            heads.bytes() <= 2 * n + 20 * 32 + 3 * 64,
            "{} bytes",
            heads.bytes()
        );
        assert!(heads.text_bytes() > 40 * n);
        for h in (0..n).rev().step_by(3) {
            let s = &doc.sections()[h];
            assert_eq!(heads.get(h).heading(), s.heading);
            assert!(heads.is(h, &Heads::sought(s)));
        }
        assert_eq!(spill.failure(), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_head_whose_page_changed_in_the_file_is_a_stand_in_and_fails_the_history() {
        use std::os::unix::fs::FileExt;
        let (heads, doc, spill) = spilled(2 * PAGE);
        spill.file().write_all_at(b"X", 40).unwrap();
        let s = &doc.sections()[0];
        assert!(!heads.is(0, &Heads::sought(s)), "not taken for what it was");
        let stand_in = heads.get(0);
        assert_eq!((stand_in.level, stand_in.heading()), (2, ""));
        assert!(
            spill
                .failure()
                .is_some_and(|f| f.contains("the history's headings")),
            "{:?}",
            spill.failure()
        );
    }

    #[test]
    fn a_record_cut_short_or_changed_is_corrupt_never_a_panic() {
        let doc = Document::parse("## 3.10 Conjuntos de datos {#prioritarios}\n\nUno.\n");
        let mut heads = Heads::default();
        let h = heads.add(&Heads::sought(&doc.sections()[0]));
        let bytes = encode(&heads.get(h));
        assert_eq!(
            decode(&bytes, 2)
                .map(|d| d.id().into_owned())
                .ok()
                .as_deref(),
            Some("prioritarios")
        );
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut], 2).is_err(), "cut at {cut}");
        }
        for at in 0..bytes.len() {
            for bit in 0..8 {
                let mut changed = bytes.clone();
                changed[at] ^= 1 << bit;
                // Read back or refused; every part of one read back is a
                // slice of its text.
                if let Ok(head) = decode(&changed, 2) {
                    let _ = (head.heading(), head.number(), head.title(), head.id());
                }
            }
        }
    }

    #[test]
    fn heads_of_any_length_read_back_each_part() {
        // Up to headings of a whole page, with a number, a title and an
        // explicit id, and without.
        let title = |n: usize| "palabra ".repeat(n / 8 + 1)[..n].trim_end().to_owned();
        let mut text = String::new();
        for n in [10, 65_535, 70_000] {
            text.push_str(&format!(
                "## {n}. {} {{#ancla-{n}}}\n\nCuerpo.\n\n",
                title(n)
            ));
            text.push_str(&format!("## {}\n\nCuerpo.\n\n", title(n + 3)));
            text.push_str(&format!("## {}\n\nCuerpo.\n\n", "a".repeat(n)));
        }
        let doc = Document::parse(&text);
        let all = heads_of(&doc);
        assert_eq!(all.len(), doc.sections().len());
        for (h, s) in doc.sections().iter().enumerate() {
            let head = all.get(h);
            assert_eq!(
                (
                    head.level,
                    head.heading(),
                    head.number(),
                    head.title(),
                    head.id()
                ),
                (
                    s.level,
                    s.heading.as_str(),
                    s.number.as_deref(),
                    s.title.as_str(),
                    Cow::Borrowed(s.id.as_str())
                ),
                "section {h}"
            );
            assert_eq!(all.cut(h), cut_after(&s.id));
            let sought = Heads::sought(s);
            assert!(
                (0..all.len()).all(|k| all.is(k, &sought) == (k == h)),
                "{h}"
            );
        }
    }
}
