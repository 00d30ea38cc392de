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

use std::sync::{Arc, Mutex, OnceLock};

use foldhash::HashMap;

use super::body::Body;
use super::chunks::{Chunked, Cut};
use super::heads::{Head, Heads};
use super::patched::View;
use super::spill::{self, Spill};
use crate::document::{Bodies, Document, Section};

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

/// A [`Cut`] in the two bits an [`Entry`] keeps it in.
const fn cut_bits(cut: Cut) -> u32 {
    match cut {
        Cut::None => 0,
        Cut::Chunk => 1 << 30,
        Cut::Group => 2 << 30,
    }
}

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
    pub fn head(&self, s: usize) -> Head<'_> {
        self.shelf.head(*self.sections.get(s))
    }

    /// What section `s` is called, and its number in the store: two
    /// sections of one number are the same head.
    pub(super) fn numbered_head(&self, s: usize) -> (usize, Head<'_>) {
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
    pub fn heads(&self) -> impl Iterator<Item = Head<'_>> {
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
    heads: Heads,
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
    pub(super) fn head(&self, e: Entry) -> Head<'_> {
        self.heads.get(e.head_number())
    }

    /// Whether head number `h` has the same heading and id as `head`
    /// ([`Head::same_heading_and_id`]).
    pub(super) fn heads_alike(&self, h: usize, head: &Head<'_>) -> bool {
        self.heads.get(h).same_heading_and_id(head)
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
        let heads = &mut self.shelf.heads;
        let sought = Heads::sought(s);
        if let Some(&h) = self.heads.get(&sought.key)
            && heads.is(h as usize, &sought)
        {
            return (h, heads.cut(h as usize));
        }
        let h = heads.add(&sought);
        self.shelf.bytes += heads.text_len(h);
        self.shelf.head_bytes += heads.bytes(h);
        let h = number(h);
        self.heads.entry(sought.key).or_insert(h);
        (h, heads.cut(h as usize))
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
