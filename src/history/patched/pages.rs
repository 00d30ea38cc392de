//! Where a [`Patched`](super::Patched) keeps its points' edits: encoded in
//! pages of [`PAGE`] points, each written to the history's temporary file
//! ([`Spill`]) as it fills, and read back a page at a time (issue 12,
//! sixteenth round). The edits' runs and own entries were the most of what
//! a history held a commit in memory (~0.17 KiB with the lineage tables'):
//! memory now keeps where each page is and the whole lists the chains of
//! edits end at. Without a temporary file the pages stay in memory, as
//! bytes (a few a point where a run was 8 and an entry 8).
//!
//! A list is made by one core as a run of consecutive points, newest first
//! (`commits`), or in order (the lineage tables, the drafts): each run is a
//! [`Part`] with pages of its own, in the order its points were pushed, so
//! joining the runs copies nothing.
//!
//! Reading walks an edit's chain to a whole list, most links a point away
//! from the one before: a [`Cursor`] holds the page it is in and reads
//! another only when the chain leaves it. The pages read last are kept
//! decoded ([`Pages::recent`]), a few for each core.

use std::sync::Arc;

use super::super::bytes::{Corrupt, Reader, Writer};
use super::super::chunks::Chunked;
use super::super::growth;
use super::super::lru::{self, Lru};
use super::super::spill::{ReadBack, Spill, Stored};
use super::Run;

/// The points a page holds: a chain of up to `MAX_LINKS` (256) edits goes
/// through three pages or so, and a page of an outline's edits is a few
/// kilobytes.
pub(super) const PAGE: usize = 128;

/// What an entry of a list is written as in a page.
pub(in crate::history) trait Coded: Copy {
    fn put(self, w: &mut Writer);
    fn take(r: &mut Reader<'_>) -> Result<Self, Corrupt>;
}

impl Coded for u32 {
    fn put(self, w: &mut Writer) {
        w.uint(u64::from(self));
    }

    fn take(r: &mut Reader<'_>) -> Result<u32, Corrupt> {
        r.u32()
    }
}

/// Every point's form, in pages; see the module's documentation.
#[derive(Debug)]
pub(super) struct Pages<T> {
    /// The runs of points, in point order once joined.
    parts: Vec<Part<T>>,
    /// Where the full pages of the run being pushed go.
    spill: Option<Arc<Spill>>,
    /// The pages read back last, decoded, by part and page, the latest last.
    recent: Lru<(usize, usize), Page<T>>,
    /// What the lists are, for the note of a page that does not read back.
    what: &'static str,
}

/// A page read back, with its part's number and its own.
type Numbered<T> = (usize, usize, Arc<Page<T>>);

/// A run of consecutive points, as one core pushed them.
#[derive(Debug)]
struct Part<T> {
    /// Its first point (its oldest), once joined.
    first: usize,
    /// Its points.
    len: usize,
    /// Whether its points were pushed newest first.
    newest_first: bool,
    /// Where its full pages go; `None`: they stay in memory.
    spill: Option<Arc<Spill>>,
    /// Its full pages, in the order its points were pushed.
    pages: Vec<Stored>,
    /// The points of the page being filled, encoded end to end.
    open: Writer,
    open_len: usize,
    /// The whole lists its points keep, by the number a page gives them.
    wholes: Vec<Chunked<T>>,
}

/// A page read back: each of its points' forms, and their edits' runs and
/// own entries end to end.
#[derive(Debug)]
pub(super) struct Page<T> {
    slots: Vec<Slot>,
    runs: Vec<Run>,
    own: Vec<T>,
}

#[derive(Debug, Clone, Copy)]
enum Slot {
    /// A whole list: its number in the part's `wholes`.
    Whole(u32),
    /// An edit of point `of`'s list: its runs and own entries in the page's.
    Edited {
        of: u32,
        runs: [u32; 2],
        own: [u32; 2],
    },
}

/// A point's form, as a [`Cursor`] reads it.
#[derive(Debug)]
pub(super) enum Link<'c, 'a, T> {
    Whole(&'a Chunked<T>),
    Edited {
        of: usize,
        runs: &'c [Run],
        own: &'c [T],
    },
}

/// Written before a page's each point: a whole list or an edit.
const WHOLE: u8 = 0;
const EDITED: u8 = 1;

impl<T> Pages<T> {
    /// No point yet: a run being pushed, whose full pages go to `spill`,
    /// if there is one. `what` names the lists in the note of a page that
    /// does not read back.
    pub(super) fn part(spill: Option<Arc<Spill>>, what: &'static str) -> Pages<T> {
        Pages {
            parts: Vec::new(),
            spill,
            recent: Lru::default(),
            what,
        }
    }

    /// The number of points.
    pub(super) fn len(&self) -> usize {
        self.parts.iter().map(|p| p.len).sum()
    }

    /// The run being pushed, started if none is.
    fn pushing(&mut self) -> &mut Part<T> {
        if self.parts.is_empty() {
            self.parts.push(Part {
                first: 0,
                len: 0,
                newest_first: false,
                spill: self.spill.clone(),
                pages: Vec::new(),
                open: Writer::default(),
                open_len: 0,
                wholes: Vec::new(),
            });
        }
        self.parts.last_mut().expect("a run being pushed")
    }

    /// The next point's list, whole.
    pub(super) fn push_whole(&mut self, list: Chunked<T>) {
        let part = self.pushing();
        let k = u32::try_from(part.wholes.len()).expect("fewer than 2³² whole lists");
        growth::push(&mut part.wholes, list);
        part.open.u8(WHOLE);
        part.open.uint(u64::from(k));
        self.pushed();
    }

    /// The next point's list, as an edit of point `of`'s.
    pub(super) fn push_edit(&mut self, of: u32, runs: &[Run], own: &[T])
    where
        T: Coded,
    {
        let w = &mut self.pushing().open;
        w.u8(EDITED);
        w.uint(u64::from(of));
        w.usize(runs.len());
        let mut start = 0;
        for run in runs {
            // Starts only increase: each is written as the gap from the one
            // before, and a run's source with its mark as its low bit.
            w.uint(u64::from(run.start - start));
            start = run.start;
            let (at, own) = (run.from & !super::OWN, run.from & super::OWN != 0);
            w.uint(u64::from(at) << 1 | u64::from(own));
        }
        w.usize(own.len());
        for &entry in own {
            entry.put(w);
        }
        self.pushed();
    }

    fn pushed(&mut self) {
        let part = self.pushing();
        part.len += 1;
        part.open_len += 1;
        if part.open_len == PAGE {
            part.close_page();
        }
    }

    /// The runs pushed, their last pages written out: in order when
    /// `newest_first` is false, else each run's points newest first.
    pub(super) fn finished(parts: Vec<Pages<T>>, newest_first: bool) -> Pages<T> {
        let mut all: Option<Pages<T>> = None;
        let mut first = 0;
        for pages in parts {
            let Pages {
                parts, spill, what, ..
            } = pages;
            let all = all.get_or_insert_with(|| Pages::part(spill.clone(), what));
            for mut part in parts {
                part.close_page();
                part.first = first;
                part.newest_first = newest_first;
                part.pages.shrink_to_fit();
                part.wholes.shrink_to_fit();
                first += part.len;
                all.parts.push(part);
            }
        }
        let mut all = all.unwrap_or_else(|| Pages::part(None, ""));
        all.parts.shrink_to_fit();
        all
    }

    /// The bytes the pages take in memory: where each is, those kept in
    /// memory, and the runs' records (not the whole lists, which the
    /// footprint counts by their chunks, nor the pages read back last).
    pub(super) fn bytes(&self) -> usize {
        let parts = self.parts.capacity() * std::mem::size_of::<Part<T>>();
        let pages: usize = self
            .parts
            .iter()
            .map(|part| {
                let kept: usize = part.pages.iter().map(Stored::kept_bytes).sum();
                part.pages.capacity() * std::mem::size_of::<Stored>()
                    + part.wholes.capacity() * std::mem::size_of::<Chunked<T>>()
                    + kept
                    + part.open.bytes.capacity()
            })
            .sum();
        parts + pages
    }

    /// The pages read back last, forgotten: the next reads read again.
    #[cfg(test)]
    pub(super) fn forget_recent(&self) {
        self.recent.clear();
    }

    /// The bytes of the pages kept in memory.
    #[cfg(test)]
    pub(super) fn kept_bytes(&self) -> usize {
        let pages = self.parts.iter().flat_map(|part| &part.pages);
        pages.map(Stored::kept_bytes).sum()
    }

    /// A reader of the points' forms.
    pub(super) fn cursor(&self) -> Cursor<'_, T> {
        Cursor {
            pages: self,
            held: None,
        }
    }

    /// The part point `p` is in, and its place among the part's points as
    /// they were pushed.
    fn locate(&self, p: usize) -> (usize, usize) {
        let k = self.parts.partition_point(|part| part.first <= p) - 1;
        let part = &self.parts[k];
        let i = p - part.first;
        debug_assert!(i < part.len, "point {p} of {}", self.len());
        (
            k,
            if part.newest_first {
                part.len - 1 - i
            } else {
                i
            },
        )
    }
}

impl<T: Coded> Pages<T> {
    /// Page `page` of part `part`, decoded: kept from before, or read back.
    /// A page that does not read back is `None`, and the history's check of
    /// what it read back then fails the command ([`Spill::note`]).
    fn page(&self, part: usize, page: usize) -> Option<Arc<Page<T>>> {
        self.recent
            .get_or_load((part, page), lru::pages_per_list(), || {
                self.read(part, page)
                    .map_err(|why| {
                        let why = format!("a page of {}: {why}", self.what);
                        match &self.parts[part].spill {
                            Some(spill) => spill.note(ReadBack(why)),
                            // Pages in memory are as written: only a fault
                            // of cotejo's own gets here.
                            None => debug_assert!(false, "{why}"),
                        }
                    })
                    .ok()
            })
    }

    /// Page `page` of part `part`, read and decoded.
    fn read(&self, part: usize, page: usize) -> Result<Page<T>, String> {
        let at = &self.parts[part];
        let stored = at
            .pages
            .get(page)
            .ok_or_else(|| format!("no page {page}"))?;
        let bytes = stored.bytes(at.spill.as_deref()).map_err(|e| e.0)?;
        let slots = PAGE.min(at.len - page * PAGE);
        decode(&bytes, slots, at.wholes.len(), self.len()).map_err(|e| e.0.to_owned())
    }
}

/// Reads the points' forms, holding the page it read last.
pub(crate) struct Cursor<'a, T> {
    pages: &'a Pages<T>,
    held: Option<Numbered<T>>,
}

impl<'a, T: Coded> Cursor<'a, T> {
    /// Point `p`'s form; `None` when its page did not read back (noted: the
    /// command fails).
    pub(super) fn link(&mut self, p: usize) -> Option<Link<'_, 'a, T>> {
        let (k, i) = self.pages.locate(p);
        let (page, slot) = (i / PAGE, i % PAGE);
        if !matches!(&self.held, Some((hk, hp, _)) if (*hk, *hp) == (k, page)) {
            self.held = Some((k, page, self.pages.page(k, page)?));
        }
        let (_, _, decoded) = self.held.as_ref().expect("held");
        Some(match decoded.slots[slot] {
            Slot::Whole(w) => {
                let pages: &'a Pages<T> = self.pages;
                Link::Whole(&pages.parts[k].wholes[w as usize])
            }
            Slot::Edited { of, runs, own } => Link::Edited {
                of: of as usize,
                runs: &decoded.runs[runs[0] as usize..runs[1] as usize],
                own: &decoded.own[own[0] as usize..own[1] as usize],
            },
        })
    }
}

impl<T> Part<T> {
    /// The page being filled, written out: to the file if there is one and
    /// it takes it, else kept in memory.
    fn close_page(&mut self) {
        if self.open_len == 0 {
            return;
        }
        let bytes = std::mem::take(&mut self.open.bytes);
        growth::push(&mut self.pages, Stored::of(bytes, self.spill.as_deref()));
        self.open_len = 0;
    }
}

/// A page of `slots` points, of a part with `wholes` whole lists, in a list
/// of `points` points, decoded. Its numbers are checked against what the
/// page and the part hold (a whole list's, an edit's neighbour, its own
/// entries); the runs are as written, which the file's checksum says.
fn decode<T: Coded>(
    bytes: &[u8],
    slots: usize,
    wholes: usize,
    points: usize,
) -> Result<Page<T>, Corrupt> {
    let mut r = Reader::new(bytes);
    let mut page = Page {
        slots: Vec::with_capacity(slots),
        runs: Vec::new(),
        own: Vec::new(),
    };
    for _ in 0..slots {
        let slot = match r.u8()? {
            WHOLE => {
                let k = r.u32()?;
                if k as usize >= wholes {
                    return Err(Corrupt("a whole list that is not there"));
                }
                Slot::Whole(k)
            }
            EDITED => {
                let of = r.u32()?;
                if of as usize >= points {
                    return Err(Corrupt("an edit of a point that is not there"));
                }
                let first_run = page.runs.len();
                let n = r.usize()?;
                let mut start = 0u32;
                for _ in 0..n {
                    start = start
                        .checked_add(r.u32()?)
                        .ok_or(Corrupt("a number too large"))?;
                    // `from >> 1` is below 2³¹: the mark is free.
                    let from = r.u32()?;
                    let at = from >> 1;
                    let from = if from & 1 == 1 { at | super::OWN } else { at };
                    growth::push(&mut page.runs, Run { start, from });
                }
                let first_own = page.own.len();
                for _ in 0..r.usize()? {
                    growth::push(&mut page.own, T::take(&mut r)?);
                }
                if page.runs[first_run..].iter().any(|run| {
                    run.from & super::OWN != 0
                        && (run.from & !super::OWN) as usize >= page.own.len() - first_own
                }) {
                    return Err(Corrupt("a run of own entries that are not there"));
                }
                Slot::Edited {
                    of,
                    runs: [index(first_run), index(page.runs.len())],
                    own: [index(first_own), index(page.own.len())],
                }
            }
            _ => return Err(Corrupt("an unknown kind")),
        };
        page.slots.push(slot);
    }
    if !r.done() {
        return Err(Corrupt("bytes after the last point"));
    }
    page.runs.shrink_to_fit();
    page.own.shrink_to_fit();
    Ok(page)
}

fn index(i: usize) -> u32 {
    u32::try_from(i).expect("a page holds fewer than 2³² runs and entries")
}
