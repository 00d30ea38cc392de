//! What the sections of a history are called ([`Head`]), each distinct head
//! kept once ([`Heads`]).
//!
//! A long history holds thousands of heads (an inserted article renumbers
//! every later one of its chapter, each a new head: ~2.5 a commit on the
//! generated 1 MB document). Each head is a record of where its parts are,
//! and its text in one text of all heads: the heading, then the number,
//! title and id where they are not already a part of it (the number and the
//! title mostly are). Four owned strings were ~330 bytes a head in five
//! allocations (tenth round); a record and its text boxed beside, ~120 in
//! two (eleventh); a 40-byte record and the text alone, in no allocation
//! of its own (twelfth); a 24-byte record, its places in 16 bits
//! (thirteenth).
//!
//! An id is mostly its title's slug, which renumbering leaves alone: such an
//! id is not kept but made again when asked for (~40 bytes a head, a third
//! of its text).

use std::borrow::Cow;
use std::hash::BuildHasher;

use super::chunks::{Cut, cut_after};
use super::growth;
use crate::document::{Section, slug};

/// What a section is called, as the history's pages and commands name it:
/// the fields of [`Section`] that do not depend on where it stands, read
/// from the history's heads.
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    /// Heading level 1–6; 0 for the preamble.
    pub level: u8,
    /// The heading, then what of the number, title and id it does not hold.
    text: &'a str,
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

/// A head as [`Heads`] keeps it: its text's place among all heads', and
/// its parts' places in that text in 16 bits (24 bytes, where 32-bit places
/// were 40: a head is ~2.5 new records a commit). A head of [`WIDE`] bytes or
/// more (a heading of a whole page) keeps its places in a [`Wide`] record
/// apart, which `start` numbers.
#[derive(Debug, Clone, Copy)]
struct Record {
    /// Where the head's text starts in [`Heads::text`]; for a wide head,
    /// its number in [`Heads::wide`].
    start: u32,
    /// Its length; [`WIDE`]: a wide head.
    len: u16,
    heading: u16,
    number: Short,
    title: Short,
    id: Short,
    level: u8,
    /// Whether an outline's chunk, or its group of chunks, ends after this
    /// section: decided by the id alone, so a section ends a chunk in every
    /// version that has it.
    cut: Cut,
}

/// A [`Span`] within a head of fewer than [`WIDE`] bytes.
#[derive(Debug, Clone, Copy)]
struct Short(u16, u16);

/// The length that marks a wide head, whose places take 32 bits.
const WIDE: u16 = u16::MAX;

/// The places of a head of [`WIDE`] bytes or more.
#[derive(Debug, Clone, Copy)]
struct Wide {
    start: u32,
    len: u32,
    heading: u32,
    number: Span,
    title: Span,
    id: Span,
}

impl Short {
    /// `span` of a head shorter than [`WIDE`] (so [`ABSENT`] stays apart:
    /// no place in it is `u16::MAX`).
    fn of(span: Span) -> Short {
        debug_assert!(
            span == ABSENT || span.1 < u32::from(WIDE),
            "{span:?} fits 16 bits"
        );
        let narrow = |at: u32| u16::try_from(at).unwrap_or(u16::MAX);
        Short(narrow(span.0), narrow(span.1))
    }

    fn span(self) -> Span {
        let wide = |at: u16| {
            if at == u16::MAX {
                u32::MAX
            } else {
                u32::from(at)
            }
        };
        Span(wide(self.0), wide(self.1))
    }
}

/// A part of a head's text: its start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span(u32, u32);

/// A part a head does not have: no number, or an id made again from the
/// title.
const ABSENT: Span = Span(u32::MAX, u32::MAX);

/// The distinct heads of a history, by number.
#[derive(Debug, Clone, Default)]
pub(crate) struct Heads {
    records: Vec<Record>,
    /// The places of the heads of [`WIDE`] bytes or more.
    wide: Vec<Wide>,
    /// Every head's text, end to end.
    text: String,
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

impl<'a> Head<'a> {
    /// The heading's inline text.
    pub fn heading(&self) -> &'a str {
        &self.text[..self.heading as usize]
    }

    /// Numbering prefix, if the heading has one.
    pub fn number(&self) -> Option<&'a str> {
        (self.number != ABSENT).then(|| self.part(self.number))
    }

    /// The heading without its numbering prefix.
    pub fn title(&self) -> &'a str {
        self.part(self.title)
    }

    /// The section's id (its anchor): made again from the title when it is
    /// the title's slug.
    pub fn id(&self) -> Cow<'a, str> {
        if self.id == ABSENT {
            Cow::Owned(slug::slugify(self.title()))
        } else {
            Cow::Borrowed(self.part(self.id))
        }
    }

    /// Whether `other` has the same heading and id, without making either
    /// id again where both are their titles' slugs.
    pub(crate) fn same_heading_and_id(&self, other: Head<'_>) -> bool {
        self.heading() == other.heading()
            && match (self.id == ABSENT, other.id == ABSENT) {
                (true, true) => self.title() == other.title(),
                (false, false) => self.part(self.id) == other.part(other.id),
                _ => self.id() == other.id(),
            }
    }

    fn part(&self, Span(start, end): Span) -> &'a str {
        &self.text[start as usize..end as usize]
    }
}

impl Heads {
    /// Head number `h`.
    pub(crate) fn get(&self, h: usize) -> Head<'_> {
        let r = &self.records[h];
        let w = if r.len == WIDE {
            self.wide[r.start as usize]
        } else {
            Wide {
                start: r.start,
                len: u32::from(r.len),
                heading: u32::from(r.heading),
                number: r.number.span(),
                title: r.title.span(),
                id: r.id.span(),
            }
        };
        Head {
            level: r.level,
            text: &self.text[w.start as usize..(w.start + w.len) as usize],
            heading: w.heading,
            number: w.number,
            title: w.title,
            id: w.id,
        }
    }

    /// Head `h`'s level, without reading its text.
    pub(crate) fn level(&self, h: usize) -> u8 {
        self.records[h].level
    }

    /// Whether head `h`'s section ends an outline's chunk or group.
    pub(crate) fn cut(&self, h: usize) -> Cut {
        self.records[h].cut
    }

    /// The number of heads.
    pub(crate) fn len(&self) -> usize {
        self.records.len()
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
        let (head, s) = (self.get(h), sought.section);
        head.level == s.level
            && head.heading() == s.heading
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
        let start = self.text.len();
        // At most all four parts, each after the heading.
        let most =
            s.heading.len() + s.number.as_ref().map_or(0, String::len) + s.title.len() + s.id.len();
        growth::reserve_text(&mut self.text, most);
        self.text.push_str(&s.heading);
        let mut place = |part: &str| {
            let at = match self.text[start..].find(part) {
                Some(at) => at,
                None => {
                    self.text.push_str(part);
                    self.text.len() - start - part.len()
                }
            };
            Span(offset(at), offset(at + part.len()))
        };
        let number = s.number.as_deref().map_or(ABSENT, &mut place);
        let title = place(&s.title);
        let id = if sought.slug_id { ABSENT } else { place(&s.id) };
        // Where it ends is a place too: its start and length fit then.
        let len = offset(self.text.len()) as usize - start;
        let wide = Wide {
            start: offset(start),
            len: offset(len),
            heading: offset(s.heading.len()),
            number,
            title,
            id,
        };
        let record = match u16::try_from(len).ok().filter(|&len| len < WIDE) {
            Some(short) => Record {
                start: wide.start,
                len: short,
                heading: u16::try_from(s.heading.len()).expect("within the head's text"),
                number: Short::of(number),
                title: Short::of(title),
                id: Short::of(id),
                level: s.level,
                cut: cut_after(&s.id),
            },
            None => {
                self.wide.push(wide);
                Record {
                    start: offset(self.wide.len() - 1),
                    len: WIDE,
                    heading: 0,
                    number: Short::of(ABSENT),
                    title: Short::of(ABSENT),
                    id: Short::of(ABSENT),
                    level: s.level,
                    cut: cut_after(&s.id),
                }
            }
        };
        growth::push(&mut self.records, record);
        self.records.len() - 1
    }

    /// The bytes of every head's text.
    pub(crate) fn text_bytes(&self) -> usize {
        self.text.len()
    }

    /// The bytes the heads take in memory: their records and their text.
    pub(crate) fn bytes(&self) -> usize {
        std::mem::size_of_val(self.records.as_slice())
            + std::mem::size_of_val(self.wide.as_slice())
            + self.text.len()
    }

    /// Gives back the spare capacity of lists built by pushing.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.records.shrink_to_fit();
        self.wide.shrink_to_fit();
        self.text.shrink_to_fit();
    }
}

/// A place in the heads' text: fewer than 2³² bytes of distinct headings in
/// a history.
fn offset(at: usize) -> u32 {
    u32::try_from(at).expect("fewer than 2³² bytes of distinct headings")
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

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
                    a.same_heading_and_id(*b),
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
        assert!(twin.same_heading_and_id(heads[1]) && heads[1].same_heading_and_id(twin));
        // The same section written with its slug as an explicit id is the
        // same head.
        let explicit = Document::parse("## 1. De los datos {#de-los-datos}\n\nUno.\n");
        let sought = Heads::sought(explicit.sections().last().expect("a section"));
        assert!(all.is(1, &sought));
    }

    #[test]
    fn a_head_costs_its_record_and_its_text_alone() {
        let doc =
            Document::parse("# Política\n\n## 3.10 Conjuntos de datos prioritarios\n\nUno.\n");
        let mut heads = Heads::default();
        let last = doc.sections().last().expect("a section");
        let h = heads.add(&Heads::sought(last));
        assert_eq!(std::mem::size_of::<Record>(), 24);
        assert_eq!(heads.bytes(), 24 + last.heading.len());
        assert_eq!(heads.get(h).number(), Some("3.10"));
    }

    #[test]
    fn heads_of_any_length_read_back_each_part_short_and_wide() {
        // Either side of the length whose places no longer fit 16 bits,
        // with a number, a title and an explicit id, and without.
        let title = |n: usize| "palabra ".repeat(n / 8 + 1)[..n].trim_end().to_owned();
        let mut text = String::new();
        for n in [10, 65_000, 65_520, 65_535, 70_000] {
            text.push_str(&format!(
                "## {n}. {} {{#ancla-{n}}}\n\nCuerpo.\n\n",
                title(n)
            ));
            text.push_str(&format!("## {}\n\nCuerpo.\n\n", title(n + 3)));
        }
        // A head that is its heading alone, of one byte under the limit (the
        // last short one) and of the limit (the first wide one).
        for n in [65_534, 65_535] {
            text.push_str(&format!("## {}\n\nCuerpo.\n\n", "a".repeat(n)));
        }
        let doc = Document::parse(&text);
        let all = heads_of(&doc);
        assert_eq!(all.len(), doc.sections().len());
        assert!(!all.wide.is_empty() && all.wide.len() < all.len());
        let last = all.len() - 1;
        assert_eq!(
            (all.records[last - 1].len, all.records[last].len),
            (65_534, WIDE),
            "the last short head and the first wide one"
        );
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
