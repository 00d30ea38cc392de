//! The versions of a history as it keeps them once compared: each section's
//! heading and body, and nothing else. A long history repeats most sections
//! unchanged in thousands of versions; a [`Store`] holds each distinct body
//! and heading once, and every [`Outline`] that has it names it by its
//! number there, so what a history holds grows with what changed, not with
//! the number of versions times the size of the document. The outline's
//! list of sections itself is [`Chunked`]: a version shares with its
//! neighbour every run of sections the two have alike.
//!
//! A section names its head and body by number, not by a shared pointer
//! (twelfth round): 8 bytes a section of every outline and edit, where two
//! pointers were 16, and each head and body one record in a list, where
//! each was an allocation of its own with its reference counts.

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, OnceLock};

use foldhash::HashMap;

use super::body::Body;
use super::chunks::{Chunked, Cut};
use super::patched::View;
use super::spill::{self, Spill};
use crate::document::{Bodies, Document, Section, slug};

/// What a section is called, as the history's pages and commands name it:
/// the fields of [`Section`] that do not depend on where it stands.
///
/// A long history holds thousands of heads (an inserted article renumbers
/// every later one of its chapter, each a new head), so a head is one
/// allocation of text beside its record: the heading, then the number,
/// title and id where they are not already a part of it (the number and the
/// title mostly are). Four owned strings were ~330 bytes a head in five
/// allocations; its places in the text are 32-bit (88 bytes a record with
/// 64-bit ones, 56 now: renumbering makes ~4 new heads a commit). An id is
/// mostly its title's slug, which renumbering leaves alone: such an id is
/// not kept but made again when asked for (~40 bytes a head, a third of
/// its text; eleventh round).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Head {
    /// Heading level 1–6; 0 for the preamble.
    pub level: u8,
    /// Whether an outline's chunk, or its group of chunks, ends after this
    /// section: decided by the id alone, so a section ends a chunk in every
    /// version that has it.
    cut: Cut,
    /// The heading, then what of the number, title and id it does not hold.
    text: Box<str>,
    /// Where in `text` the heading ends.
    heading: u32,
    /// Where in `text` the number is, if the heading has one.
    number: Option<Span>,
    /// Where in `text` the title is.
    title: Span,
    /// Where in `text` the id is; [`SLUG_OF_TITLE`] when it is the title's
    /// slug, not kept.
    id: Span,
}

/// The id of a head whose id is its title's slug ([`slug::slugify`]).
const SLUG_OF_TITLE: Span = Span(u32::MAX, u32::MAX);

/// A part of a [`Head`]'s text: its start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Span(u32, u32);

impl Head {
    fn of(s: &Section) -> Head {
        let made_again = slug::slugify(&s.title) == s.id;
        let kept_id = if made_again { 0 } else { s.id.len() };
        let mut text = String::with_capacity(s.heading.len() + kept_id);
        text.push_str(&s.heading);
        let number = s.number.as_deref().map(|n| place(&mut text, n));
        let title = place(&mut text, &s.title);
        let id = if made_again {
            SLUG_OF_TITLE
        } else {
            place(&mut text, &s.id)
        };
        Head {
            level: s.level,
            cut: cut_after(&s.id),
            heading: offset(s.heading.len()),
            text: text.into_boxed_str(),
            number,
            title,
            id,
        }
    }

    /// The heading's inline text.
    pub fn heading(&self) -> &str {
        &self.text[..self.heading as usize]
    }

    /// Numbering prefix, if the heading has one.
    pub fn number(&self) -> Option<&str> {
        self.number.map(|n| self.part(n))
    }

    /// The heading without its numbering prefix.
    pub fn title(&self) -> &str {
        self.part(self.title)
    }

    /// The section's id (its anchor): made again from the title when it is
    /// the title's slug.
    pub fn id(&self) -> Cow<'_, str> {
        if self.id == SLUG_OF_TITLE {
            Cow::Owned(slug::slugify(self.title()))
        } else {
            Cow::Borrowed(self.part(self.id))
        }
    }

    /// Whether `other` has the same heading and id, without making either
    /// id again where both are their titles' slugs.
    pub(crate) fn same_heading_and_id(&self, other: &Head) -> bool {
        self.heading() == other.heading()
            && match (self.id == SLUG_OF_TITLE, other.id == SLUG_OF_TITLE) {
                (true, true) => self.title() == other.title(),
                (false, false) => self.part(self.id) == other.part(other.id),
                _ => self.id() == other.id(),
            }
    }

    fn part(&self, Span(start, end): Span) -> &str {
        &self.text[start as usize..end as usize]
    }

    /// The bytes this head takes in memory: its record and its text.
    pub(crate) fn bytes(&self) -> usize {
        std::mem::size_of::<Head>() + self.text.len()
    }
}

/// Whether two parsed sections have the same [`Head`]: a section whose
/// counterpart in the neighbouring version is named alike shares its head,
/// found without reading the head's text (nor making its id again).
fn named_alike(a: &Section, b: &Section) -> bool {
    a.level == b.level
        && a.heading == b.heading
        && a.id == b.id
        && a.title == b.title
        && a.number == b.number
}

/// Where `part` is in `text`, appended to it when it is not already there.
fn place(text: &mut String, part: &str) -> Span {
    let start = match text.find(part) {
        Some(at) => at,
        None => {
            text.push_str(part);
            text.len() - part.len()
        }
    };
    Span(offset(start), offset(start + part.len()))
}

/// A place in a head's text, which holds a heading, its number, title and
/// id: fewer than 2³² bytes (a heading is one line of the document).
fn offset(at: usize) -> u32 {
    u32::try_from(at).expect("a heading of fewer than 2³² bytes")
}

/// A [`Cut`] in the two bits an [`Entry`] keeps it in.
const fn cut_bits(cut: Cut) -> u32 {
    match cut {
        Cut::None => 0,
        Cut::Chunk => 1 << 30,
        Cut::Group => 2 << 30,
    }
}

/// Whether a section with id `id` ends an outline's chunk (about one in
/// [`CHUNK`] ids) or its group of chunks (one in [`CHUNK`] × [`GROUP`]), by
/// a hash of the id (FNV-1a, then mixed: the same on every run and machine).
fn cut_after(id: &str) -> Cut {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in id.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    cut_of_hash(h)
}

/// Whether an entry whose content hashes to `h` ends its chunk or group:
/// the hash mixed first, so that any bits of it decide alike.
pub(super) fn cut_of_hash(mut h: u64) -> Cut {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    if h.is_multiple_of(CHUNK * GROUP) {
        Cut::Group
    } else if h.is_multiple_of(CHUNK) {
        Cut::Chunk
    } else {
        Cut::None
    }
}

/// The mean number of sections of an outline's chunk. An edit copies one
/// chunk (8 bytes a section, and 4 of the lineage table's).
const CHUNK: u64 = 16;

/// The mean number of chunks of a group. An edit copies the references of
/// one group (16 bytes a chunk); each group costs every version 28 bytes,
/// for its outline and again for its lineage table. On 1,000 commits of a
/// 1,800-section document (`examples/history_heap`), chunks of 16 sections
/// in groups of 16 held 8.8 MiB; chunks of 32 without groups, 11.0 (a
/// reference to each chunk at every point was 2.2 KB a commit); in groups
/// of 8, 9.3; chunks of 8 in groups of 16 or 32, 8.6 and 8.5.
const GROUP: u64 = 16;

/// One section of an outline: its head and body by their numbers in the
/// history's [`Store`] (8 bytes). The head's number carries in its two top
/// bits whether the section ends a chunk ([`Head`]'s `cut`), which cutting
/// a version into chunks asks of every section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    head: u32,
    body: u32,
}

/// The bits of [`Entry::head`] that are the head's number.
const HEAD_NUMBER: u32 = (1 << 30) - 1;

impl Entry {
    fn of(head: u32, cut: Cut, body: u32) -> Entry {
        Entry {
            head: head | cut_bits(cut),
            body,
        }
    }

    /// The number of its head in the store.
    fn head_number(self) -> usize {
        (self.head & HEAD_NUMBER) as usize
    }

    /// Whether the section ends an outline's chunk or group.
    fn cut(self) -> Cut {
        match self.head >> 30 {
            0 => Cut::None,
            1 => Cut::Chunk,
            _ => Cut::Group,
        }
    }

    /// The same stored heading and body (not only equal text).
    pub(super) fn is(&self, other: &Entry) -> bool {
        self == other
    }
}

/// One version of a history: its sections in order, each its [`Head`] and
/// its body. A history keeps most of its points' outlines as edits of a
/// neighbour's (`patched`): an outline it gives back is read back from
/// those.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    sections: View<Entry>,
    /// The heads and bodies its sections name.
    shelf: Arc<Shelf>,
    /// The bodies read back from the temporary file, by section, as they are
    /// asked for: an outline lends its bodies as long as it lives (a page
    /// reads one or two of them; `blame` all of the last version's).
    read: OnceLock<Box<[OnceLock<Box<str>>]>>,
}

impl Outline {
    /// The number of sections.
    pub fn len(&self) -> usize {
        self.sections.len()
    }

    /// Whether the version has no section (an empty text).
    pub fn is_empty(&self) -> bool {
        self.sections.len() == 0
    }

    /// What section `s` is called.
    pub fn head(&self, s: usize) -> &Head {
        self.shelf.head(*self.sections.get(s))
    }

    /// What section `s` is called, and its number in the store: two
    /// sections of one number are the same head.
    pub(super) fn numbered_head(&self, s: usize) -> (usize, &Head) {
        let e = *self.sections.get(s);
        (e.head_number(), self.shelf.head(e))
    }

    /// The body of section `s`, as [`Document::body`] gives it.
    pub fn body(&self, s: usize) -> &str {
        let body = self.shelf.body(*self.sections.get(s));
        if let Some(text) = body.held() {
            return text;
        }
        let read = self
            .read
            .get_or_init(|| (0..self.len()).map(|_| OnceLock::new()).collect());
        read[s].get_or_init(|| body.text().into_owned().into_boxed_str())
    }

    /// The length of section `s`'s body, without reading it back.
    pub fn body_len(&self, s: usize) -> usize {
        self.shelf.body(*self.sections.get(s)).len()
    }

    /// Every section's head, in order.
    pub fn heads(&self) -> impl Iterator<Item = &Head> {
        self.sections.iter().map(|e| self.shelf.head(*e))
    }

    fn level(&self, e: &Entry) -> u8 {
        self.shelf.head(*e).level
    }

    /// The section that encloses section `s` (the nearest earlier one of a
    /// lower level), as [`Section::parent`] says.
    pub fn parent(&self, s: usize) -> Option<usize> {
        let level = self.head(s).level;
        self.sections.rposition_before(s, |e| self.level(e) < level)
    }

    /// The section that encloses section `s` exactly as the parsed
    /// [`Section::parent`] has it: the nearest earlier heading of a lower
    /// level, never the preamble (which encloses nothing).
    pub(crate) fn enclosing(&self, s: usize) -> Option<usize> {
        let level = self.head(s).level;
        if level == 0 {
            return None;
        }
        self.sections.rposition_before(s, |e| {
            let l = self.level(e);
            l > 0 && l < level
        })
    }

    /// Whether every section of both is the same stored heading and body
    /// (not only equal text): what the store shares.
    pub fn shares_all_with(&self, other: &Outline) -> bool {
        self.len() == other.len()
            && self
                .sections
                .iter()
                .zip(other.sections.iter())
                .all(|(a, b)| a.is(b))
    }

    /// The outline read back from its sections, which name heads and
    /// bodies on `shelf`.
    pub(super) fn of(sections: View<Entry>, shelf: Arc<Shelf>) -> Outline {
        Outline {
            sections,
            shelf,
            read: OnceLock::new(),
        }
    }
}

impl Bodies for Outline {
    fn body(&self, index: usize) -> &str {
        Outline::body(self, index)
    }
}

/// A section's head (its number and cut) and body, each `None` until found.
type Shared = (Option<(u32, Cut)>, Option<u32>);

/// A neighbouring version as [`Store::sections`] shares with it: its
/// sections, its parsed document, and for each section of the version
/// stored its counterpart there (the step's pairing).
pub(super) type Like<'a> = (&'a Chunked<Entry>, &'a Document, &'a [Option<usize>]);

/// The distinct bodies and heads of a history as it is built, each held
/// once: found by their text under a lock, as the cores that compare the
/// commits add them. Once built, a [`Shelf`].
#[derive(Debug, Default)]
pub struct Store {
    interned: Mutex<Interned>,
    /// Where the bodies go, in a history of every commit.
    spill: Option<Arc<Spill>>,
}

#[derive(Debug, Default)]
struct Interned {
    shelf: Shelf,
    /// Each body's number by the hash of its text: a body in the file is not
    /// read back to be hashed, only to be compared when a new text has its
    /// hash.
    bodies: HashMap<u64, u32>,
    /// Each head's number by its hash.
    heads: HashMap<u64, u32>,
}

/// The distinct bodies and heads of a history, by number: what its
/// outlines' sections name.
#[derive(Debug, Default)]
pub(crate) struct Shelf {
    heads: Vec<Head>,
    bodies: Vec<Body>,
    /// Bytes of text stored, in memory or in the file: every distinct body
    /// and heading once.
    bytes: usize,
    /// Bytes of the bodies in the temporary file.
    spilled_bytes: usize,
    /// Bytes the distinct heads take, records and text.
    head_bytes: usize,
}

/// What a store holds, for the bounds the tests put on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    /// Distinct bodies.
    pub bodies: usize,
    /// Distinct heads.
    pub heads: usize,
    /// Bytes of their text (bodies, and each head's text as kept), in
    /// memory or in the history's temporary file.
    pub bytes: usize,
    /// Bytes of those bodies kept in the history's temporary file, not in
    /// memory.
    pub spilled_bytes: usize,
    /// Bytes the distinct heads take in memory, their records and text
    /// (~330 a head when each held four owned strings).
    pub head_bytes: usize,
}

impl Store {
    /// A store whose bodies go to `spill`, the history's temporary file
    /// (those too short to be worth it stay in memory).
    pub(super) fn spilling(spill: Option<Arc<Spill>>) -> Store {
        Store {
            interned: Mutex::default(),
            spill,
        }
    }

    /// `doc` as an outline, on a copy of what the store holds now.
    #[cfg(test)]
    pub(super) fn outline(&self, doc: &Document) -> Outline {
        let sections = self.sections(doc, None);
        let store = self.interned.lock().expect("the store is not poisoned");
        Outline::of(View::whole(sections), Arc::new(store.shelf.copy()))
    }

    /// What it holds, to read without a lock: the history is built.
    pub(super) fn into_shelf(self) -> Shelf {
        let mut shelf = self
            .interned
            .into_inner()
            .expect("the store is not poisoned")
            .shelf;
        shelf.heads.shrink_to_fit();
        shelf.bodies.shrink_to_fit();
        shelf
    }

    /// `doc`'s sections, as a history keeps them. `like`, when given, is a
    /// neighbouring version's ([`Like`]): a counterpart with the same head,
    /// or the same body in the neighbour's document, is shared without
    /// looking the store up (or reading a body back from the file), so most
    /// sections of most versions cost one comparison of bytes, no hashing
    /// and no lock; and so is each chunk of them the two have alike.
    pub(super) fn sections(&self, doc: &Document, like: Option<Like<'_>>) -> Chunked<Entry> {
        // Each section's head and body where the neighbour shares them.
        let mut entries: Vec<Shared> = Vec::with_capacity(doc.sections().len());
        for (i, s) in doc.sections().iter().enumerate() {
            let body = doc.body(i);
            // The counterpart's entry was made from its parsed section and
            // body: alike, they are shared.
            let twin = like.and_then(|(o, d, map)| {
                let j = (*map.get(i)?)?;
                Some((o.get(j), d.sections().get(j)?, d.body(j)))
            });
            entries.push((
                twin.filter(|(_, t, _)| named_alike(t, s))
                    .map(|(e, _, _)| (e.head & HEAD_NUMBER, e.cut())),
                twin.filter(|(_, _, b)| *b == body).map(|(e, _, _)| e.body),
            ));
        }
        if entries.iter().any(|(h, b)| h.is_none() || b.is_none()) {
            let mut store = self.interned.lock().expect("the store is not poisoned");
            for ((head, body), (i, s)) in entries.iter_mut().zip(doc.sections().iter().enumerate())
            {
                if head.is_none() {
                    *head = Some(store.head(s));
                }
                if body.is_none() {
                    *body = Some(store.body(doc.body(i), self.spill.as_ref()));
                }
            }
        }
        let entries: Vec<Entry> = entries
            .into_iter()
            .map(|(head, body)| {
                let (head, cut) = head.expect("filled above");
                Entry::of(head, cut, body.expect("filled above"))
            })
            .collect();
        Chunked::cut(
            entries,
            |e| e.cut(),
            like.map(|(o, _, map)| (o, map)),
            Entry::is,
        )
    }

    /// What the store holds now.
    pub fn held(&self) -> Held {
        self.interned
            .lock()
            .expect("the store is not poisoned")
            .shelf
            .held()
    }
}

impl Shelf {
    /// What it holds.
    pub(crate) fn held(&self) -> Held {
        Held {
            bodies: self.bodies.len(),
            heads: self.heads.len(),
            bytes: self.bytes,
            spilled_bytes: self.spilled_bytes,
            head_bytes: self.head_bytes,
        }
    }

    /// The head `e` names.
    pub(super) fn head(&self, e: Entry) -> &Head {
        &self.heads[e.head_number()]
    }

    /// Whether head number `h` has the same heading and id as `head`
    /// ([`Head::same_heading_and_id`]).
    pub(super) fn heads_alike(&self, h: usize, head: &Head) -> bool {
        self.heads[h].same_heading_and_id(head)
    }

    /// The body `e` names.
    pub(super) fn body(&self, e: Entry) -> &Body {
        &self.bodies[e.body as usize]
    }

    /// A copy, for an outline made while the store is still added to.
    #[cfg(test)]
    fn copy(&self) -> Shelf {
        Shelf {
            heads: self.heads.clone(),
            bodies: self.bodies.clone(),
            ..*self
        }
    }
}

impl Interned {
    /// The number of the stored body whose text is `text`, or of a new one
    /// (written to `spill` when it takes it). A body of the same hash is
    /// compared, read back if it is in the file; one whose text differs
    /// (two texts of one hash) is not replaced, and the new text is stored
    /// apart.
    fn body(&mut self, text: &str, spill: Option<&Arc<Spill>>) -> u32 {
        let shelf = &mut self.shelf;
        let sum = spill::checksum(text.as_bytes());
        if let Some(&b) = self.bodies.get(&sum) {
            let body = &shelf.bodies[b as usize];
            if body.len() == text.len() && body.text() == text {
                return b;
            }
        }
        let body = Body::keep(text, sum, spill);
        shelf.bytes += text.len();
        if body.is_spilled() {
            shelf.spilled_bytes += text.len();
        }
        let b = number(shelf.bodies.len());
        shelf.bodies.push(body);
        self.bodies.entry(sum).or_insert(b);
        b
    }

    /// The number of the stored head of `s`, or of a new one, and its cut.
    /// A head of the same hash that differs (two heads of one hash) is not
    /// replaced, and the new one is stored apart.
    fn head(&mut self, s: &Section) -> (u32, Cut) {
        let head = Head::of(s);
        let cut = head.cut;
        let shelf = &mut self.shelf;
        let sum = foldhash::fast::FixedState::with_seed(0x636f_7465_6a6f).hash_one(&head);
        if let Some(&h) = self.heads.get(&sum)
            && shelf.heads[h as usize] == head
        {
            return (h, cut);
        }
        shelf.bytes += head.text.len();
        shelf.head_bytes += head.bytes();
        let h = number(shelf.heads.len());
        shelf.heads.push(head);
        self.heads.entry(sum).or_insert(h);
        (h, cut)
    }
}

/// A head's or body's number in the store: fewer than 2³⁰ of each (the top
/// bits of an [`Entry`]'s head carry its cut).
fn number(n: usize) -> u32 {
    u32::try_from(n)
        .ok()
        .filter(|&n| n <= HEAD_NUMBER)
        .expect("fewer than 2³⁰ distinct heads and bodies")
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::Head;
    use crate::document::Document;

    #[test]
    fn an_id_that_is_its_titles_slug_is_made_again_and_any_other_is_kept() {
        let doc = Document::parse(
            "# Política\n\n## 1. De los datos\n\nUno.\n\n## 2. De los datos\n\nDos.\n\n\
             ## 3. Alcance {#mi-ancla}\n\nTres.\n\n## Artículo 4\n\nCuatro.\n",
        );
        let heads: Vec<Head> = doc.sections().iter().map(Head::of).collect();
        for (head, s) in heads.iter().zip(doc.sections()) {
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
        let twin = Head::of(twin.sections().last().expect("a section"));
        assert!(twin.same_heading_and_id(&heads[1]) && heads[1].same_heading_and_id(&twin));
    }
}
