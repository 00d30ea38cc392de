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
use super::bytes::{Corrupt, Reader, Writer};
use super::chunks::{Chunked, Cut};
use super::growth;
use super::heads::{Head, Heads};
use super::patched::{Coded, View};
use super::spill::{self, Spill};
use crate::document::{Bodies, Document, Section};

/// Whether two parsed sections have the same [`Head`]: a section whose
/// counterpart in the neighbouring version is named alike shares its head,
/// found without reading the head's text (nor making its id again). The
/// fields [`Heads::is`] compares a stored head by.
fn named_alike(a: &Section, b: &Section) -> bool {
    a.level == b.level
        && a.heading == b.heading
        && a.id == b.id
        && a.title == b.title
        && a.number == b.number
}

/// One section of an outline: its head and body by their numbers in the
/// history's [`Store`] (8 bytes). The head's number carries in its two top
/// bits whether the section ends a chunk ([`Heads::cut`]), which cutting a
/// version into chunks asks of every section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    head: u32,
    body: u32,
}

/// The bits of [`Entry::head`] that are the head's number.
const HEAD_NUMBER: u32 = (1 << CUT_SHIFT) - 1;

/// Where an [`Entry`]'s head keeps its cut: the top two bits.
const CUT_SHIFT: u32 = 30;

/// Each [`Cut`] in those two bits, by its discriminant.
const CUTS: [Cut; 3] = [Cut::None, Cut::Chunk, Cut::Group];

impl Entry {
    fn of(head: u32, cut: Cut, body: u32) -> Entry {
        debug_assert!(head <= HEAD_NUMBER);
        Entry {
            head: head | (cut as u32) << CUT_SHIFT,
            body,
        }
    }

    /// The number of its head in the store.
    pub(super) fn head_number(self) -> usize {
        (self.head & HEAD_NUMBER) as usize
    }

    /// Whether the section ends an outline's chunk or group.
    fn cut(self) -> Cut {
        CUTS[(self.head >> CUT_SHIFT) as usize]
    }

    /// The same stored heading and body (not only equal text).
    pub(super) fn is(&self, other: &Entry) -> bool {
        self == other
    }
}

impl Coded for Entry {
    fn put(self, w: &mut Writer) {
        w.uint(u64::from(self.head));
        w.uint(u64::from(self.body));
    }

    fn take(r: &mut Reader<'_>) -> Result<Entry, Corrupt> {
        let head = r.u32()?;
        if (head >> CUT_SHIFT) as usize >= CUTS.len() {
            return Err(Corrupt("an unknown kind"));
        }
        Ok(Entry {
            head,
            body: r.u32()?,
        })
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
    pub fn head(&self, s: usize) -> Head {
        self.shelf.head(*self.sections.get(s))
    }

    /// The number in the store of what section `s` is called: two sections
    /// of one number are the same head (found without reading it back).
    pub(super) fn head_number(&self, s: usize) -> usize {
        self.sections.get(s).head_number()
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

    /// Every section's head's number in the store, in order
    /// ([`Outline::head_number`]).
    pub(super) fn head_numbers(&self) -> impl Iterator<Item = usize> {
        self.sections.iter().map(|e| e.head_number())
    }

    /// Every section's head, in order.
    pub fn heads(&self) -> impl Iterator<Item = Head> {
        self.sections.iter().map(|e| self.shelf.head(*e))
    }

    fn level(&self, e: &Entry) -> u8 {
        self.shelf.heads.level(e.head_number())
    }

    /// The section that encloses section `s` exactly as the parsed
    /// [`Section::parent`] has it: the nearest earlier heading of a lower
    /// level, never the preamble (which encloses nothing).
    pub fn parent(&self, s: usize) -> Option<usize> {
        let level = self.level(self.sections.get(s));
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
/// commits add them. Once built, a `Shelf`. Its heads and long bodies go
/// to the history's temporary file, when it has one.
#[derive(Debug, Default)]
pub struct Store {
    interned: Mutex<Interned>,
    /// Where the bodies go, in a history of every commit.
    spill: Option<Arc<Spill>>,
}

#[derive(Debug, Default)]
struct Interned {
    shelf: Shelf,
    /// Each body's number by its text's hash's key ([`key_of`], [`probe`]):
    /// a body in the file is not read back to be hashed, only to be
    /// compared when a new text has its hash.
    bodies: HashMap<u32, u32>,
    /// Each head's number by its hash's key ([`probe`]).
    heads: HashMap<u32, u32>,
}

/// The distinct bodies and heads of a history, by number: what its
/// outlines' sections name.
#[derive(Debug, Default)]
pub(crate) struct Shelf {
    heads: Heads,
    bodies: Vec<Body>,
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
    /// Bytes the distinct heads take in memory: 2 a head, where their pages
    /// are in the history's temporary file and the page being filled (~330
    /// a head when each held four owned strings, ~70 as a record and text
    /// in memory).
    pub head_bytes: usize,
}

impl Store {
    /// A store whose heads and bodies go to `spill`, the history's
    /// temporary file (bodies too short to be worth it stay in memory).
    pub(super) fn spilling(spill: Option<Arc<Spill>>) -> Store {
        let interned = Interned {
            shelf: Shelf {
                heads: Heads::spilling(spill.clone()),
                bodies: Vec::new(),
            },
            ..Interned::default()
        };
        Store {
            interned: Mutex::new(interned),
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
                    .map(|(e, _, _)| (e.head_number() as u32, e.cut())),
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
        let body_bytes = |spilled: bool| -> usize {
            self.bodies
                .iter()
                .filter(|b| !spilled || b.is_spilled())
                .map(Body::len)
                .sum()
        };
        Held {
            bodies: self.bodies.len(),
            heads: self.heads.len(),
            bytes: self.heads.text_bytes() + body_bytes(false),
            spilled_bytes: body_bytes(true),
            head_bytes: self.heads.bytes(),
        }
    }

    /// The head `e` names.
    pub(super) fn head(&self, e: Entry) -> Head {
        self.head_numbered(e.head_number())
    }

    /// Head number `h`.
    pub(super) fn head_numbered(&self, h: usize) -> Head {
        self.heads.get(h)
    }

    /// Whether head number `h` has the same heading and id as `head`
    /// ([`Head::same_heading_and_id`]).
    pub(super) fn heads_alike(&self, h: usize, head: &Head) -> bool {
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
        }
    }
}

impl Interned {
    /// The number of the stored body whose text is `text`, or of a new one
    /// (written to `spill` when it takes it). A body under the same key is
    /// compared, read back if it is in the file and has the same hash
    /// ([`probe`]).
    fn body(&mut self, text: &str, spill: Option<&Arc<Spill>>) -> u32 {
        let shelf = &mut self.shelf;
        let sum = spill::checksum(text.as_bytes());
        let free = match probe(&self.bodies, sum, |b| {
            let body = &shelf.bodies[b as usize];
            body.len() == text.len() && body.may_be(sum) && body.text() == text
        }) {
            Ok(b) => return b,
            Err(free) => free,
        };
        let body = Body::keep(text, sum, spill);
        let b = u32::try_from(shelf.bodies.len()).expect("fewer than 2³² distinct bodies");
        growth::push(&mut shelf.bodies, body);
        if let Some(key) = free {
            self.bodies.insert(key, b);
        }
        b
    }

    /// The number of the stored head of `s`, or of a new one, and its cut
    /// ([`probe`]). A head under the same key is read back to be compared,
    /// under the store's lock: a page of the file, mostly one of those read
    /// last; only the sections a commit does not share with its neighbour
    /// are looked up.
    fn head(&mut self, s: &Section) -> (u32, Cut) {
        let heads = &mut self.shelf.heads;
        let sought = Heads::sought(s);
        let free = match probe(&self.heads, sought.key, |h| heads.is(h as usize, &sought)) {
            Ok(h) => return (h, heads.cut(h as usize)),
            Err(free) => free,
        };
        let h = heads.add(&sought);
        let h = u32::try_from(h)
            .ok()
            .filter(|&h| h <= HEAD_NUMBER)
            .expect("fewer than 2³⁰ distinct heads");
        if let Some(key) = free {
            self.heads.insert(key, h);
        }
        (h, heads.cut(h as usize))
    }
}

/// The most keys past its own a lookup tries.
const PROBES: u32 = 8;

/// The key a hash is kept under: 32 bits of it. A table entry is then 8
/// bytes, where a 64-bit key beside a number was 16 (4.2 MB of the peak
/// at 30,000 commits, half of it now: fifteenth round). Two heads or
/// bodies of one key are told apart as two of one hash are ([`probe`]):
/// by reading them back, which a 32-bit key asks for once in ~2³² / n
/// lookups among n of them.
fn key_of(hash: u64) -> u32 {
    (hash ^ (hash >> 32)) as u32
}

/// Finds a head or body by its `hash`: the number under its key
/// ([`key_of`]), or under one of the [`PROBES`] keys after it, whose item
/// `is_it`; else the first of those keys that is free, where a new one
/// goes. So two of one key are two, each found again; and past that many
/// (keys made to collide) a new one is stored apart and not found again:
/// more held, never one taken for another, and the work of a lookup
/// bounded.
fn probe(
    map: &HashMap<u32, u32>,
    hash: u64,
    is_it: impl Fn(u32) -> bool,
) -> Result<u32, Option<u32>> {
    let first = key_of(hash);
    for k in 0..=PROBES {
        let key = first.wrapping_add(k);
        match map.get(&key) {
            None => return Err(Some(key)),
            Some(&n) if is_it(n) => return Ok(n),
            Some(_) => {}
        }
    }
    Err(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_gives_back_its_head_cut_and_body() {
        for head in [0, 1, 12_345, HEAD_NUMBER] {
            for cut in [Cut::None, Cut::Chunk, Cut::Group] {
                for body in [0, 7, u32::MAX] {
                    let e = Entry::of(head, cut, body);
                    assert_eq!(
                        (e.head_number(), e.cut(), e.body),
                        (head as usize, cut, body)
                    );
                }
            }
        }
        assert_eq!(std::mem::size_of::<Entry>(), 8);
    }

    const TWO_ARTICLES: &str = "# T\n\n## 1. Alcance\n\nUno.\n\n## 2. Objetivos\n\nDos.\n";

    /// A store that holds `s`'s head, and that head's number.
    fn store_of(s: &Section) -> (Interned, u32) {
        let mut store = Interned::default();
        let (head, _) = store.head(s);
        (store, head)
    }

    /// Two heads or bodies of one key are two: the second stored apart,
    /// never taken for the first.
    #[test]
    fn a_head_or_body_whose_hash_another_has_is_stored_apart() {
        let doc = Document::parse(TWO_ARTICLES);
        let (a, b) = (&doc.sections()[1], &doc.sections()[2]);
        let (mut store, first) = store_of(a);
        let body = store.body(doc.body(1), None);
        // Section b's head and body have a's keys.
        store.heads.insert(key_of(Heads::sought(b).key), first);
        store
            .bodies
            .insert(key_of(spill::checksum(doc.body(2).as_bytes())), body);
        let (second, _) = store.head(b);
        let other_body = store.body(doc.body(2), None);
        assert_ne!((second, other_body), (first, body));
        let shelf = &store.shelf;
        let read = |h: u32, b: u32| {
            let e = Entry::of(h, Cut::None, b);
            (
                shelf.head(e).heading().to_owned(),
                shelf.body(e).text().into_owned(),
            )
        };
        assert_eq!(
            read(first, body),
            ("1. Alcance".to_owned(), doc.body(1).to_owned())
        );
        assert_eq!(
            read(second, other_body),
            ("2. Objetivos".to_owned(), doc.body(2).to_owned())
        );
        // Each is found again, the second too.
        assert_eq!(store.head(a).0, first);
        assert_eq!(store.body(doc.body(1), None), body);
        assert_eq!(store.head(b).0, second);
        assert_eq!(store.body(doc.body(2), None), other_body);
        assert_eq!(store.shelf.held().heads, 2);
        assert_eq!(store.shelf.held().bodies, 2);
    }

    /// Past the keys a lookup tries, a new head is stored apart: never
    /// taken for another, the work of each lookup bounded.
    #[test]
    fn heads_made_to_collide_past_the_probes_are_stored_apart() {
        let doc = Document::parse(TWO_ARTICLES);
        let (a, b) = (&doc.sections()[1], &doc.sections()[2]);
        let (mut store, first) = store_of(a);
        let key = key_of(Heads::sought(b).key);
        for k in 0..=PROBES {
            store.heads.insert(key.wrapping_add(k), first);
        }
        let (x, _) = store.head(b);
        let (y, _) = store.head(b);
        assert!(x != first && y != first && x != y);
        let heading = |h: u32| {
            let head = store.shelf.head(Entry::of(h, Cut::None, 0));
            head.heading().to_owned()
        };
        assert_eq!([heading(x), heading(y)], ["2. Objetivos", "2. Objetivos"]);
        assert_eq!(store.head(a).0, first);
    }
}
