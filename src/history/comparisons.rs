//! Every step of a history, as the comparisons it shares: a step whose two
//! texts came before (a revert, then the same edit again) is the comparison
//! of the first such pair. Each distinct comparison is kept once: where its
//! record is (in the history's temporary file when following commits), its
//! entries' briefs and its pairing.
//!
//! A comparison kept on its own was five allocations a commit (eleventh
//! round); then they were end to end in memory, ~0.1 KiB a commit. Now they
//! are in pages of [`PAGE`] comparisons, each written to the temporary file
//! as it fills and read back a page at a time (issue 12, sixteenth round):
//! memory keeps a number a step, where each page is, the page being filled
//! and the few pages read back last, decoded. Without a temporary file the
//! full pages stay in memory, decoded, and so do the records.

use std::sync::Arc;

use super::bytes::{Corrupt, Reader, Writer};
use super::end_to_end::EndToEnd;
use super::growth;
use super::kept::{Body, Kept, KeptView};
use super::lru::{self, Lru};
use super::pairing::{Pairing, PairingView, Pairings};
use super::slim::{Brief, Step};
use super::spill::{ReadBack, Record, Spill};

/// The comparisons a page holds: a few kilobytes of briefs and pairings,
/// and a lineage followed through the steps reads a page every 128 steps.
const PAGE: usize = 128;

/// The steps of a history and their distinct comparisons.
#[derive(Debug, Default)]
pub(super) struct Comparisons {
    /// For each step, the distinct comparison it is.
    of_step: Vec<u32>,
    /// Every full page of comparisons, in order.
    pages: Vec<At>,
    /// The comparisons of the page being filled.
    open: Arc<Page>,
    /// The records held in memory (no temporary file), by the number a page
    /// gives them; each taken once when a core's part is joined
    /// ([`Comparisons::add_from`]).
    held: Vec<Option<Box<Step>>>,
    /// Where full pages go; `None`: they stay in memory.
    spill: Option<Arc<Spill>>,
    /// The full pages read back last, decoded, by number.
    recent: Lru<usize, Page>,
}

/// A full page: in the file, or in memory when there is none.
#[derive(Debug)]
enum At {
    Spilled(Record),
    Kept(Arc<Page>),
}

/// Comparisons, each where its record is, its briefs and its pairing.
#[derive(Debug, Clone, Default)]
struct Page {
    places: Vec<Place>,
    briefs: EndToEnd<Brief>,
    pairings: Pairings,
}

/// Where a comparison's record is.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// In [`Comparisons::held`].
    Held(u32),
    Spilled(Record),
}

/// Written before each comparison of a page: where its record is.
const HELD: u8 = 0;
const SPILLED: u8 = 1;

/// A comparison's briefs, as read: they stay in their page.
#[derive(Debug, Clone)]
pub(super) struct Briefs {
    page: Arc<Page>,
    k: usize,
}

impl std::ops::Deref for Briefs {
    type Target = [Brief];

    fn deref(&self) -> &[Brief] {
        self.page.briefs.get(self.k)
    }
}

/// A comparison's pairing, as read: it stays in its page.
#[derive(Debug, Clone)]
pub(super) struct Paired {
    page: Arc<Page>,
    k: usize,
}

impl Paired {
    pub(super) fn view(&self) -> PairingView<'_> {
        self.page.pairings.get(self.k)
    }
}

impl Comparisons {
    /// No comparison yet; full pages will go to `spill`, if there is one.
    pub(super) fn spilling(spill: Option<Arc<Spill>>) -> Comparisons {
        Comparisons {
            spill,
            ..Comparisons::default()
        }
    }

    /// Keeps a comparison not kept before; returns its number, for
    /// [`Comparisons::push_step`].
    pub(super) fn add(&mut self, kept: Kept, pairing: &Pairing) -> usize {
        let Kept { briefs, body } = kept;
        let place = match body {
            Body::Spilled(record) => Place::Spilled(record),
            Body::Held(step) => self.hold(step),
        };
        self.add_parts(place, &briefs, pairing.view())
    }

    /// Keeps comparison `c` of `part`, its record taken from the part;
    /// returns its number here. A core keeps the comparisons it makes in a
    /// part of its own, so that none waits for the others; the parts are
    /// taken in the steps' order. A part's page that does not read back is
    /// noted (the command fails) and stands as a comparison of no entry.
    pub(super) fn add_from(&mut self, part: &mut Comparisons, c: usize) -> usize {
        let Some((page, k)) = part.page_of(c) else {
            return self.add_parts(Place::Held(u32::MAX), &[], Pairing::default().view());
        };
        let place = match page.places[k] {
            Place::Spilled(record) => Place::Spilled(record),
            Place::Held(h) => {
                let step = part.held.get_mut(h as usize).and_then(Option::take);
                match step {
                    Some(step) => self.hold(step),
                    None => Place::Held(u32::MAX),
                }
            }
        };
        self.add_parts(place, page.briefs.get(k), page.pairings.get(k))
    }

    fn hold(&mut self, step: Box<Step>) -> Place {
        growth::push(&mut self.held, Some(step));
        Place::Held(u32::try_from(self.held.len() - 1).expect("fewer than 2³² steps"))
    }

    fn add_parts(&mut self, place: Place, briefs: &[Brief], pairing: PairingView<'_>) -> usize {
        let c = self.count();
        let open = Arc::make_mut(&mut self.open);
        growth::push(&mut open.places, place);
        open.briefs.push(briefs);
        open.pairings.push(pairing);
        if open.places.len() == PAGE {
            self.close_page();
        }
        c
    }

    /// The page being filled, written out: to the file if there is one and
    /// it takes it, else kept in memory.
    fn close_page(&mut self) {
        let mut page = std::mem::take(&mut self.open);
        let written = self.spill.as_deref().and_then(|s| s.write(&page.write()));
        let at = match written {
            Some(record) => At::Spilled(record),
            None => {
                Arc::make_mut(&mut page).shrink_to_fit();
                At::Kept(page)
            }
        };
        growth::push(&mut self.pages, at);
    }

    /// The number of distinct comparisons.
    fn count(&self) -> usize {
        self.pages.len() * PAGE + self.open.places.len()
    }

    /// The next step: distinct comparison `comparison`.
    pub(super) fn push_step(&mut self, comparison: usize) {
        debug_assert!(comparison < self.count());
        growth::push(
            &mut self.of_step,
            u32::try_from(comparison).expect("fewer than 2³² comparisons"),
        );
    }

    /// The number of steps.
    pub(super) fn len(&self) -> usize {
        self.of_step.len()
    }

    /// The distinct comparison step `step` is.
    pub(super) fn comparison_of(&self, step: usize) -> usize {
        self.of_step[step] as usize
    }

    /// The page comparison `c` is in, and its place there; `None` when the
    /// page did not read back (noted: the command fails).
    fn page_of(&self, c: usize) -> Option<(Arc<Page>, usize)> {
        let (page, k) = (c / PAGE, c % PAGE);
        let decoded = match self.pages.get(page) {
            None => Arc::clone(&self.open),
            Some(At::Kept(decoded)) => Arc::clone(decoded),
            Some(At::Spilled(record)) => {
                self.recent
                    .get_or_load(page, lru::pages_per_list(), || self.read(*record))?
            }
        };
        debug_assert!(k < decoded.places.len(), "comparison {c}");
        Some((decoded, k))
    }

    /// A full page read back from the file and decoded; `None`, noted,
    /// when it is not as written.
    fn read(&self, record: Record) -> Option<Page> {
        let spill = self.spill.as_deref().expect("a spilled page has its file");
        spill
            .read(record)
            .and_then(|bytes| {
                Page::read(&bytes).map_err(|c| {
                    ReadBack(format!(
                        "a page of the steps read back from the history's temporary file is \
                         not as written ({})",
                        c.0
                    ))
                })
            })
            .and_then(|page| {
                if page.places.len() == PAGE {
                    Ok(page)
                } else {
                    Err(ReadBack(format!(
                        "a page of the steps read back from the history's temporary file holds \
                         {} comparisons, not {PAGE}",
                        page.places.len()
                    )))
                }
            })
            .map_err(|e| spill.note(e))
            .ok()
    }

    /// Distinct comparison `c`: its briefs and its record.
    pub(super) fn kept(&self, c: usize) -> KeptView<'_> {
        let Some((page, k)) = self.page_of(c) else {
            return KeptView::unread(Briefs::none());
        };
        let place = page.places[k];
        let briefs = Briefs { page, k };
        match place {
            Place::Spilled(record) => KeptView::spilled(briefs, record),
            Place::Held(h) => match self.held.get(h as usize).and_then(Option::as_deref) {
                Some(step) => KeptView::held(briefs, step),
                None => KeptView::unread(briefs),
            },
        }
    }

    /// Step `step`'s comparison.
    pub(super) fn step(&self, step: usize) -> KeptView<'_> {
        self.kept(self.comparison_of(step))
    }

    /// Step `step`'s entries: each its two sections and whether it is a
    /// change (none when its page did not read back).
    pub(super) fn briefs(&self, step: usize) -> Briefs {
        match self.page_of(self.comparison_of(step)) {
            Some((page, k)) => Briefs { page, k },
            None => Briefs::none(),
        }
    }

    /// Step `step`'s pairing (of no section when its page did not read
    /// back).
    pub(super) fn pairing(&self, step: usize) -> Paired {
        match self.page_of(self.comparison_of(step)) {
            Some((page, k)) => Paired { page, k },
            None => Paired {
                page: Arc::new(Page::of_none()),
                k: 0,
            },
        }
    }

    /// A reader of steps one after another (a lineage followed through
    /// them): it holds the page it read last, so the page cache's lock is
    /// taken once a page, not once a step.
    pub(super) fn reader(&self) -> StepReader<'_> {
        StepReader {
            steps: self,
            held: None,
        }
    }

    /// The bytes the steps hold in memory beside the records held (which
    /// the footprint counts apart): the steps' numbers, where the pages
    /// are, the page being filled and the pages kept in memory.
    pub(super) fn step_bytes(&self) -> usize {
        let kept: usize = self
            .pages
            .iter()
            .map(|p| match p {
                At::Kept(page) => page.bytes(),
                At::Spilled(_) => 0,
            })
            .sum();
        std::mem::size_of_val(self.of_step.as_slice())
            + std::mem::size_of_val(self.pages.as_slice())
            + std::mem::size_of_val(self.held.as_slice())
            + self.open.bytes()
            + kept
    }

    /// The bytes of the pairings in memory: those of the page being filled
    /// and of the pages kept in memory (counted in
    /// [`Comparisons::step_bytes`] too).
    pub(super) fn pairing_bytes(&self) -> usize {
        let kept: usize = self
            .pages
            .iter()
            .map(|p| match p {
                At::Kept(page) => page.pairings.bytes(),
                At::Spilled(_) => 0,
            })
            .sum();
        self.open.pairings.bytes() + kept
    }

    /// Gives back the spare capacity of lists built by pushing.
    pub(super) fn shrink_to_fit(&mut self) {
        self.of_step.shrink_to_fit();
        self.pages.shrink_to_fit();
        self.held.shrink_to_fit();
        Arc::make_mut(&mut self.open).shrink_to_fit();
    }

    /// The pages read back last, forgotten: the next reads read again.
    #[cfg(test)]
    pub(super) fn forget_recent(&self) {
        self.recent.clear();
    }
}

/// Steps read one after another; see [`Comparisons::reader`].
pub(super) struct StepReader<'a> {
    steps: &'a Comparisons,
    /// The page read last, by number.
    held: Option<(usize, Arc<Page>)>,
}

impl StepReader<'_> {
    /// Step `step`'s page and its comparison's place there; `None` when
    /// the page did not read back (noted: the command fails).
    fn at(&mut self, step: usize) -> Option<(&Page, usize)> {
        let c = self.steps.comparison_of(step);
        let number = c / PAGE;
        if self.held.as_ref().is_none_or(|(held, _)| *held != number) {
            self.held = None;
            let (page, _) = self.steps.page_of(c)?;
            self.held = Some((number, page));
        }
        let (_, page) = self.held.as_ref()?;
        Some((page, c % PAGE))
    }

    /// Step `step`'s entries' briefs (none when its page did not read
    /// back).
    pub(super) fn briefs(&mut self, step: usize) -> &[Brief] {
        self.at(step).map_or(&[], |(page, k)| page.briefs.get(k))
    }

    /// Step `step`'s pairing; `None` when its page did not read back.
    pub(super) fn pairing(&mut self, step: usize) -> Option<PairingView<'_>> {
        self.at(step).map(|(page, k)| page.pairings.get(k))
    }
}

impl Briefs {
    /// `briefs`, in a page of their own.
    #[cfg(test)]
    pub(super) fn of_slice(briefs: &[Brief]) -> Briefs {
        let mut page = Page::default();
        page.briefs.push(briefs);
        Briefs {
            page: Arc::new(page),
            k: 0,
        }
    }

    /// A stand-in: no entry.
    fn none() -> Briefs {
        Briefs {
            page: Arc::new(Page::of_none()),
            k: 0,
        }
    }
}

impl Page {
    /// A page of one comparison of no entry and no section.
    fn of_none() -> Page {
        let mut page = Page::default();
        page.places.push(Place::Held(u32::MAX));
        page.briefs.push(&[]);
        page.pairings.push(Pairing::default().view());
        page
    }

    fn bytes(&self) -> usize {
        std::mem::size_of_val(self.places.as_slice()) + self.briefs.bytes() + self.pairings.bytes()
    }

    fn shrink_to_fit(&mut self) {
        self.places.shrink_to_fit();
        self.briefs.shrink_to_fit();
        self.pairings.shrink_to_fit();
    }

    /// Its comparisons, encoded end to end.
    fn write(&self) -> Vec<u8> {
        let mut w = Writer::default();
        for (k, place) in self.places.iter().enumerate() {
            match place {
                Place::Held(h) => {
                    w.u8(HELD);
                    w.uint(u64::from(*h));
                }
                Place::Spilled(record) => {
                    w.u8(SPILLED);
                    record.write(&mut w);
                }
            }
            let briefs = self.briefs.get(k);
            w.usize(briefs.len());
            for b in briefs {
                b.write(&mut w);
            }
            self.pairings.get(k).write(&mut w);
        }
        w.bytes
    }

    /// A page [`Page::write`] wrote.
    fn read(bytes: &[u8]) -> Result<Page, Corrupt> {
        let mut r = Reader::new(bytes);
        let mut page = Page::default();
        let mut briefs: Vec<Brief> = Vec::new();
        while !r.done() {
            let place = match r.u8()? {
                HELD => Place::Held(r.u32()?),
                SPILLED => Place::Spilled(Record::read(&mut r)?),
                _ => return Err(Corrupt("an unknown kind")),
            };
            page.places.push(place);
            briefs.clear();
            for _ in 0..r.usize()? {
                briefs.push(Brief::read(&mut r)?);
            }
            page.briefs.push(&briefs);
            page.pairings.push(Pairing::read(&mut r)?.view());
        }
        page.shrink_to_fit();
        Ok(page)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A pairing of `n` sections each with its counterpart, but the `k`th.
    fn pairing(n: usize, k: usize) -> Pairing {
        let map: Vec<Option<usize>> = (0..n).map(|i| (i != k).then_some(i)).collect();
        Pairing::of(&map)
    }

    #[test]
    fn full_pages_go_to_the_file_and_every_comparison_reads_back() {
        let spill = Arc::new(Spill::create().expect("a temporary file"));
        let mut part = Comparisons::spilling(Some(Arc::clone(&spill)));
        let n = 3 * PAGE + 7;
        for c in 0..n {
            let record = spill.write(format!("registro {c}").as_bytes()).unwrap();
            let kept = Kept {
                briefs: Brief::all_for_test(c % 4),
                body: Body::Spilled(record),
            };
            assert_eq!(part.add(kept, &pairing(c % 50 + 1, c % 7)), c);
        }
        // Joined in reverse, as the cores' parts are.
        let mut all = Comparisons::spilling(Some(Arc::clone(&spill)));
        for c in (0..n).rev() {
            let k = all.add_from(&mut part, c);
            all.push_step(k);
        }
        all.shrink_to_fit();
        // In memory: a number a step, where three pages are, the open
        // page's seven comparisons (a place, up to three briefs and a
        // pairing of up to three runs: ~100 bytes each, as every
        // comparison was before pages).
        assert!(
            all.step_bytes() < 4 * n + 3 * 32 + 7 * 128,
            "{} bytes",
            all.step_bytes()
        );
        all.forget_recent();
        for step in (0..n).chain((0..n).rev().step_by(3)) {
            let c = n - 1 - step;
            assert_eq!(all.briefs(step).len(), c % 4, "step {step}");
            let expected = pairing(c % 50 + 1, c % 7).view().to_vec();
            assert_eq!(all.pairing(step).view().to_vec(), expected, "step {step}");
            assert!(all.step(step).is_spilled());
        }
        assert_eq!(spill.failure(), None);
    }

    #[test]
    fn a_page_changed_in_the_file_stands_as_no_entry_and_fails_the_history() {
        use std::os::unix::fs::FileExt;
        let spill = Arc::new(Spill::create().expect("a temporary file"));
        let mut steps = Comparisons::spilling(Some(Arc::clone(&spill)));
        for c in 0..PAGE + 1 {
            let record = spill.write(b"registro").unwrap();
            let kept = Kept {
                briefs: Brief::all_for_test(2),
                body: Body::Spilled(record),
            };
            let c = steps.add(kept, &pairing(5, c % 5));
            steps.push_step(c);
        }
        let end = spill.bytes();
        spill.file().write_all_at(&[0xff; 4], end - 20).unwrap();
        assert_eq!(steps.briefs(0).len(), 0);
        assert_eq!(
            steps.pairing(0).view().to_vec(),
            Vec::<Option<usize>>::new()
        );
        let failure = spill.failure().expect("noted");
        assert!(failure.contains("changed while cotejo ran"), "{failure}");
        // The open page is in memory, as made.
        assert_eq!(steps.briefs(PAGE).len(), 2);
    }
}
