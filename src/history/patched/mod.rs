//! Every point's list — its outline, its section → lineage table — as a
//! history keeps it: whole now and then, and for each point in between as
//! the edits that make it from a neighbouring point's list.
//!
//! A commit that edits one section of a thousand changed one chunk of its
//! [`Chunked`] list, yet each point still held a copy of that chunk, a copy
//! of its group's references and a reference to every group: ~0.9 KB a
//! commit for an outline of 1,800 sections and ~0.6 KB for its lineage
//! table, the most of what a long history held per commit beside its texts.
//! An edit ([`Edit`] as it is made) holds only what the point changed: a
//! run for each stretch it has alike with its neighbour and a copy of each
//! entry it does not (~0.1 KB for that commit).
//!
//! A history keeps its points' edits encoded in pages ([`pages`]), written
//! to its temporary file as they fill (sixteenth round): memory keeps each
//! point's length, where the pages are, the whole lists and the few pages
//! read back last, decoded (without a temporary file, every page, as
//! bytes). Before, the
//! edits were end to end in memory (eleventh round; before that, two
//! allocations a point and list), ~0.17 KiB a commit with the lineage
//! tables'.
//!
//! A point's list is read back ([`Patched::view`]) by following its edits to
//! the nearest whole list, at most [`MAX_LINKS`] away, through edits of
//! fewer runs and entries, all told, than the list has entries (else a
//! whole list costs less). Each link is gone through once for each stretch
//! found so far, so reading a list back costs at most [`MAX_LINKS`] times
//! its length: bounded by the size of the document, never by the number
//! of commits.

mod pages;

use std::sync::Arc;

use super::chunks::Chunked;
use super::growth;
use super::lru::Lru;
use super::spill::Spill;
pub(crate) use pages::Cursor;
use pages::{Link, Pages};

pub(super) use pages::Coded;

/// The most edits a point's list is read through before a whole list. On
/// 3,000 commits of a 1,800-section document (`examples/history_heap`), the
/// history held 3.1 KiB a commit in all with a whole outline every 64
/// commits, 2.8 every 128, 2.7 every 256 (a whole outline is ~30 KB, and
/// shares few chunks with the one 128 commits before). Once the rest held
/// ~1.2 KiB a commit, the whole outlines were a fifth of it: at 10,000
/// commits, 256 holds 1.0 MiB less than 128 (eleventh round), and the
/// chains end at ~220 links, where their edits cost as much as the list.
/// Reading a list back costs up to twice as much; the site of 3,000 commits
/// took the same CPU time within the noise of three runs each.
const MAX_LINKS: usize = 256;

/// The least budget of runs and copied entries a chain of edits gets before
/// a whole list, however short the list: a list of a few sections is not
/// kept whole every other commit.
const MIN_BUDGET: usize = 32;

/// A run's source marked as one of the edit's own entries, not the
/// neighbour's.
const OWN: u32 = 1 << 31;

/// The lists of every point of a history.
#[derive(Debug)]
pub(crate) struct Patched<T> {
    /// Each point's number of entries (4 bytes a point): what a page asks
    /// of a list without reading it, and a stand-in list's length.
    lens: Vec<u32>,
    /// Each point's form: whole, or its edit's runs and own entries.
    pages: Pages<T>,
    /// An entry some list holds, given for one whose page did not read back
    /// (the command then fails: [`super::History::check_read_back`]).
    stand_in: Option<T>,
}

// Derived `Default` would ask `T: Default`.
impl<T> Default for Patched<T> {
    fn default() -> Self {
        Patched::part(None, "")
    }
}

/// One point's list as it is made, before a [`Patched`] keeps it.
#[derive(Debug)]
pub(crate) enum Form<T> {
    Whole(Chunked<T>),
    Edited(Edit<T>),
}

/// How one point keeps its list, as the footprint counts it.
#[derive(Debug)]
pub(crate) enum FormView<'a, T> {
    Whole(&'a Chunked<T>),
    /// An edit: its numbers of runs and own entries.
    Edited {
        runs: usize,
        own: usize,
    },
}

/// A list as the edits that make it from point `of`'s.
#[derive(Debug)]
pub(crate) struct Edit<T> {
    /// The neighbouring point whose list this one edits.
    of: u32,
    len: u32,
    /// Each stretch of the list, in order: where it starts here, and where
    /// its first entry is in the neighbour's list or, marked [`OWN`], in
    /// `own`. A stretch ends where the next starts.
    runs: Vec<Run>,
    /// The entries the neighbour does not have alike, in order.
    own: Vec<T>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    start: u32,
    from: u32,
}

/// How far a point's list is from a whole one: the edits between, and
/// their runs and own entries all told.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Chain {
    links: usize,
    cost: usize,
}

/// A neighbouring point a list is kept as an edit of: its index, its list
/// (whole), each entry's counterpart there, and its own chain.
pub(crate) type Neighbour<'a, T> = (usize, &'a Chunked<T>, &'a [Option<usize>], Chain);

impl<T: Clone> Form<T> {
    /// `list` as a point keeps it: as an edit of `neighbour` — point `of`,
    /// its list (whole), `chain` away from a whole one, and for each entry of
    /// `list` its counterpart there — when the chain has room for it, else
    /// whole. Returns the form and its own chain.
    pub(crate) fn of(
        list: Chunked<T>,
        neighbour: Option<Neighbour<'_, T>>,
        same: impl Fn(&T, &T) -> bool,
    ) -> (Form<T>, Chain) {
        let Some((of, other, map, chain)) = neighbour else {
            return (Form::Whole(list), Chain::default());
        };
        let budget = list.len().max(MIN_BUDGET);
        if chain.links >= MAX_LINKS || chain.cost >= budget {
            return (Form::Whole(list), Chain::default());
        }
        let mut runs: Vec<Run> = Vec::new();
        let mut own: Vec<T> = Vec::new();
        let mut cost = chain.cost;
        for (i, entry) in list.iter().enumerate() {
            let from = map
                .get(i)
                .copied()
                .flatten()
                .filter(|&j| j < other.len() && same(other.get(j), entry));
            let from = match from {
                Some(j) => index(j),
                None => {
                    own.push(entry.clone());
                    OWN | index(own.len() - 1)
                }
            };
            let follows = runs.last().is_some_and(|r| {
                let k = index(i) - r.start;
                (r.from & OWN == from & OWN) && r.from.wrapping_add(k) == from
            });
            if !follows {
                runs.push(Run {
                    start: index(i),
                    from,
                });
                cost += 1;
            }
            if from & OWN != 0 {
                cost += 1;
            }
            if cost > budget {
                break;
            }
        }
        // Past the budget: the list is kept whole instead.
        if cost > budget {
            return (Form::Whole(list), Chain::default());
        }
        let edit = Edit {
            of: index(of),
            len: index(list.len()),
            runs,
            own,
        };
        (
            Form::Edited(edit),
            Chain {
                links: chain.links + 1,
                cost,
            },
        )
    }
}

impl<T> Patched<T> {
    /// Lists to push one by one: finished once all are there
    /// ([`Patched::finished`]), or once joined to the lists pushed elsewhere
    /// that their edits' neighbours may be among ([`Patched::join_reversed`]).
    /// Their edits go to `spill` in pages as they are pushed, if there is
    /// one; `what` names the lists in the note of a page that does not read
    /// back.
    pub(crate) fn part(spill: Option<Arc<Spill>>, what: &'static str) -> Patched<T> {
        Patched {
            lens: Vec::new(),
            pages: Pages::part(spill, what),
            stand_in: None,
        }
    }

    /// The lists of points `0..forms.len()`, each edit's neighbour among
    /// them, kept in memory (a few drafts).
    pub(crate) fn of(forms: Vec<Form<T>>) -> Patched<T>
    where
        T: Coded,
    {
        let mut patched = Patched::part(None, "the drafts' outlines");
        for form in forms {
            patched.push(form);
        }
        patched.finished()
    }

    /// The lists pushed, in order, each edit's neighbour among them.
    pub(crate) fn finished(self) -> Patched<T> {
        Patched::joined(vec![self], false)
    }

    /// The next point's list: an edit's neighbour may be a point not pushed
    /// yet (the lists of a run of points are made newest first, then
    /// joined: [`Patched::join_reversed`]).
    pub(crate) fn push(&mut self, form: Form<T>)
    where
        T: Coded,
    {
        match form {
            Form::Whole(list) => {
                growth::push(&mut self.lens, index(list.len()));
                if list.len() > 0 {
                    self.stand_in.get_or_insert(*list.get(0));
                }
                self.pages.push_whole(list);
            }
            Form::Edited(e) => {
                growth::push(&mut self.lens, e.len);
                if let Some(&first) = e.own.first() {
                    self.stand_in.get_or_insert(first);
                }
                self.pages.push_edit(e.of, &e.runs, &e.own);
            }
        }
    }

    /// The lists of consecutive runs of points, joined in order, the points
    /// of each run pushed newest first (as a core makes them: see
    /// `commits`). Their pages are not copied: each run keeps its own.
    pub(crate) fn join_reversed(parts: Vec<Patched<T>>) -> Patched<T> {
        Patched::joined(parts, true)
    }

    fn joined(parts: Vec<Patched<T>>, newest_first: bool) -> Patched<T> {
        let mut lens = Vec::with_capacity(parts.iter().map(|p| p.lens.len()).sum());
        let mut stand_in = None;
        let mut pages = Vec::with_capacity(parts.len());
        for part in parts {
            if newest_first {
                lens.extend(part.lens.iter().rev());
            } else {
                lens.extend_from_slice(&part.lens);
            }
            stand_in = stand_in.or(part.stand_in);
            pages.push(part.pages);
        }
        let pages = Pages::finished(pages, newest_first);
        debug_assert_eq!(pages.len(), lens.len());
        Patched {
            lens,
            pages,
            stand_in,
        }
    }

    /// The number of points.
    pub(crate) fn len(&self) -> usize {
        self.lens.len()
    }

    /// Point `p`'s number of entries.
    pub(crate) fn len_at(&self, p: usize) -> usize {
        self.lens[p] as usize
    }

    /// The bytes the points' lengths and their pages take in memory (beside
    /// the whole lists' entries, which the footprint counts; with a
    /// temporary file, not the edits, which are in it).
    pub(crate) fn record_bytes(&self) -> usize {
        std::mem::size_of_val(self.lens.as_slice()) + self.pages.bytes()
    }

    /// The pages read back last, forgotten: the next reads read again.
    #[cfg(test)]
    pub(crate) fn forget_recent(&self) {
        self.pages.forget_recent();
    }

    /// The stand-in for an entry whose page did not read back.
    fn stand_in(&self) -> T
    where
        T: Copy,
    {
        self.stand_in
            .expect("a list with entries had one pushed, the stand-in")
    }
}

impl<T: Coded> Patched<T> {
    /// How point `p` keeps its list; `None` when its page did not read back.
    pub(crate) fn form(&self, p: usize) -> Option<FormView<'_, T>> {
        let mut cursor = self.pages.cursor();
        Some(match cursor.link(p)? {
            Link::Whole(list) => FormView::Whole(list),
            Link::Edited { runs, own, .. } => FormView::Edited {
                runs: runs.len(),
                own: own.len(),
            },
        })
    }

    /// Entry `i` of point `p`'s list, found through its edits without
    /// reading back the whole list.
    pub(crate) fn get(&self, p: usize, i: usize) -> T {
        self.get_near(&mut self.cursor(), p, i, None)
    }

    /// A reader of points one after another, for [`Patched::get_near`]: it
    /// holds the page it read last, so the page cache's lock is taken once
    /// a page, not once a point.
    pub(crate) fn cursor(&self) -> Cursor<'_, T> {
        self.pages.cursor()
    }

    /// [`Patched::get`], given an entry already found: `(q, j, entry)` says
    /// entry `j` of point `q`'s list is `entry`. Where the edits from `p`
    /// lead through it, the walk ends there: going through a section's
    /// points in the order their edits link them costs a step a point, not
    /// a walk to the whole list from each.
    pub(crate) fn get_near(
        &self,
        cursor: &mut Cursor<'_, T>,
        mut p: usize,
        mut i: usize,
        known: Option<(usize, usize, T)>,
    ) -> T {
        loop {
            if let Some((q, j, entry)) = known
                && (q, j) == (p, i)
            {
                return entry;
            }
            let Some(link) = cursor.link(p) else {
                return self.stand_in();
            };
            match link {
                Link::Whole(list) => return *list.get(i),
                Link::Edited { of, runs, own } => {
                    let e = EditView {
                        len: self.lens[p],
                        runs,
                    };
                    let r = e.run(i);
                    let k = i - r.start as usize;
                    if r.from & OWN != 0 {
                        return own[(r.from & !OWN) as usize + k];
                    }
                    i = r.from as usize + k;
                    p = of;
                }
            }
        }
    }

    /// Point `p`'s list, read back.
    pub(crate) fn view(&self, p: usize) -> View<T> {
        self.view_and_work(p).0
    }

    /// Point `p`'s list, read back, and the stretches gone through to read
    /// it (what it cost). A page that does not read back gives a list of
    /// stand-ins, as long.
    fn view_and_work(&self, p: usize) -> (View<T>, usize) {
        let mut work = 0;
        // Each stretch of point `p`'s list, as found so far: in the list of
        // the point reached (`at`), or in an edit's own entries.
        let mut segs: Vec<Seg> = Vec::new();
        let len = self.len_at(p);
        if len > 0 {
            segs.push(Seg {
                start: 0,
                source: Source::At(0),
            });
        }
        // The own entries of the edits gone through, end to end: the view
        // keeps a copy (no more, all told, than the chain's budget).
        let mut own: Vec<T> = Vec::new();
        let mut cursor = self.pages.cursor();
        let mut at = p;
        let base = loop {
            let Some(link) = cursor.link(at) else {
                return (self.stand_ins(len), work);
            };
            let (of, runs, edit_own) = match link {
                Link::Whole(list) => break list.clone(),
                Link::Edited { of, runs, own } => (of, runs, own),
            };
            let e = EditView {
                len: self.lens[at],
                runs,
            };
            let first_own = index(own.len());
            own.extend_from_slice(edit_own);
            let mut next: Vec<Seg> = Vec::with_capacity(segs.len() + e.runs.len());
            work += segs.len();
            for (s, seg) in segs.iter().enumerate() {
                let end = segs.get(s + 1).map_or(len, |n| n.start as usize);
                let Source::At(first) = seg.source else {
                    next.push(*seg);
                    continue;
                };
                // The stretch `first..` of `at`'s list, `end - start` long,
                // cut where the edit's runs are.
                let (mut start, mut from) = (seg.start as usize, first as usize);
                let mut r = e.run_index(from);
                while start < end {
                    let run = e.runs[r];
                    let run_end = e.runs.get(r + 1).map_or(e.len, |n| n.start) as usize;
                    let k = from - run.start as usize;
                    let take = (run_end - from).min(end - start);
                    let source = if run.from & OWN != 0 {
                        Source::Own(first_own + (run.from & !OWN) + index(k))
                    } else {
                        Source::At(run.from + index(k))
                    };
                    push_joined(&mut next, index(start), source);
                    start += take;
                    from += take;
                    r += 1;
                }
            }
            segs = next;
            at = of;
        };
        let view = View {
            base,
            segs: segs.into_boxed_slice(),
            own: Arc::from(own),
            len,
        };
        (view, work)
    }

    /// A list of `len` stand-ins, for one whose page did not read back.
    fn stand_ins(&self, len: usize) -> View<T> {
        let own: Vec<T> = if len > 0 {
            vec![self.stand_in(); len]
        } else {
            Vec::new()
        };
        View::of_own(own)
    }
}

/// An edit as a walk reads it: its length and its runs.
struct EditView<'a> {
    len: u32,
    runs: &'a [Run],
}

impl EditView<'_> {
    /// The index of the run entry `i` is in.
    fn run_index(&self, i: usize) -> usize {
        debug_assert!(i < self.len as usize);
        self.runs.partition_point(|r| r.start as usize <= i) - 1
    }

    fn run(&self, i: usize) -> Run {
        self.runs[self.run_index(i)]
    }
}

/// The lists last read back, so that the pages about the sections a step
/// changed, each reading its two points, read them back once.
#[derive(Debug)]
pub(crate) struct Recent<T> {
    views: Lru<usize, View<T>>,
}

/// How many lists [`Recent`] keeps: a few steps' worth.
const RECENT: usize = 16;

impl<T> Default for Recent<T> {
    fn default() -> Self {
        Recent {
            views: Lru::default(),
        }
    }
}

// A clone starts empty: what it keeps is only ever a shortcut.
impl<T> Clone for Recent<T> {
    fn clone(&self) -> Self {
        Recent::default()
    }
}

impl<T: Coded> Recent<T> {
    /// Point `p`'s list of `lists`, read back or kept from before.
    pub(crate) fn view(&self, lists: &Patched<T>, p: usize) -> View<T> {
        let read = || Ok::<_, std::convert::Infallible>(lists.view(p));
        match self.views.get_or_try_load(p, RECENT, read) {
            Ok(view) => View::clone(&view),
            Err(never) => match never {},
        }
    }
}

/// A stretch of a list being read back: where it starts, and where its
/// first entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    start: u32,
    source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// In the list of the point reached; once read back, the whole list's.
    At(u32),
    /// In the own entries of the edits followed, end to end.
    Own(u32),
}

/// Appends the stretch from `start` on, joined to the last one when it
/// continues it.
fn push_joined(segs: &mut Vec<Seg>, start: u32, source: Source) {
    if let Some(last) = segs.last() {
        let k = start - last.start;
        let continues = match (last.source, source) {
            (Source::At(a), Source::At(b)) => a + k == b,
            (Source::Own(a), Source::Own(b)) => a + k == b,
            _ => false,
        };
        if continues {
            return;
        }
    }
    segs.push(Seg { start, source });
}

/// A point's list read back: stretches of a whole list and of its edits'
/// own entries (copied once, shared by the view's clones: [`Recent`] hands
/// out one on each call).
#[derive(Debug)]
pub(crate) struct View<T> {
    base: Chunked<T>,
    segs: Box<[Seg]>,
    own: Arc<[T]>,
    len: usize,
}

// Derived `Clone` would ask `T: Clone`; cloning shares the entries.
impl<T> Clone for View<T> {
    fn clone(&self) -> Self {
        View {
            base: self.base.clone(),
            segs: self.segs.clone(),
            own: Arc::clone(&self.own),
            len: self.len,
        }
    }
}

impl<T> Default for View<T> {
    fn default() -> Self {
        View::whole(Chunked::default())
    }
}

impl<T> View<T> {
    /// A list of entries of its own as a view.
    fn of_own(own: Vec<T>) -> View<T> {
        let len = own.len();
        View::one_stretch(Chunked::default(), Arc::from(own), len, Source::Own(0))
    }

    /// A whole list as a view.
    pub(crate) fn whole(base: Chunked<T>) -> View<T> {
        let len = base.len();
        View::one_stretch(base, Arc::from([]), len, Source::At(0))
    }

    /// A view of one stretch, `len` long, from `source`.
    fn one_stretch(base: Chunked<T>, own: Arc<[T]>, len: usize, source: Source) -> View<T> {
        let segs = if len > 0 {
            vec![Seg { start: 0, source }]
        } else {
            Vec::new()
        };
        View {
            base,
            segs: segs.into_boxed_slice(),
            own,
            len,
        }
    }

    /// The number of entries.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Entry `i`.
    pub(crate) fn get(&self, i: usize) -> &T {
        assert!(i < self.len, "entry {i} of a list of {}", self.len);
        let s = self.segs.partition_point(|s| s.start as usize <= i) - 1;
        let seg = self.segs[s];
        let k = i - seg.start as usize;
        match seg.source {
            Source::At(first) => self.base.get(first as usize + k),
            Source::Own(first) => &self.own[first as usize + k],
        }
    }

    /// Every entry, in order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        (0..self.len).map(|i| self.get(i))
    }

    /// The last entry before entry `i` for which `test` holds, by index:
    /// each stretch searched whole, last first.
    pub(crate) fn rposition_before(&self, i: usize, test: impl Fn(&T) -> bool) -> Option<usize> {
        let upto = self.segs.partition_point(|s| (s.start as usize) < i);
        for s in (0..upto).rev() {
            let seg = self.segs[s];
            let start = seg.start as usize;
            let end = self
                .segs
                .get(s + 1)
                .map_or(self.len, |n| n.start as usize)
                .min(i);
            let found = match seg.source {
                Source::At(first) => {
                    let first = first as usize;
                    self.base
                        .rposition_between(first, first + end - start, &test)
                        .map(|j| j - first)
                }
                Source::Own(first) => {
                    let first = first as usize;
                    self.own[first..first + end - start].iter().rposition(&test)
                }
            };
            if let Some(k) = found {
                return Some(start + k);
            }
        }
        None
    }
}

fn index(i: usize) -> u32 {
    let i = u32::try_from(i).expect("fewer than 2³¹ entries");
    assert!(i < OWN, "fewer than 2³¹ entries");
    i
}

#[cfg(test)]
mod tests {
    use super::{Chain, Form, FormView, MAX_LINKS, MIN_BUDGET, Patched};
    use crate::history::chunks::{Chunked, Cut};
    use crate::history::spill::Spill;
    use std::sync::Arc;

    fn chunked(items: &[u32]) -> Chunked<u32> {
        Chunked::cut(
            items.to_vec(),
            |&x| if x % 5 == 0 { Cut::Chunk } else { Cut::None },
            None,
            |a, b| a == b,
        )
    }

    /// Pseudo-random numbers, the same on every run.
    struct Lcg(u64);
    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) as usize) % n.max(1)
        }
    }

    /// The history's temporary file, where the system gives one.
    fn spill() -> Option<Arc<Spill>> {
        Spill::create().map(Arc::new)
    }

    impl<T: super::Coded> Patched<T> {
        fn edited(&self, p: usize) -> bool {
            matches!(self.form(p), Some(FormView::Edited { .. }))
        }

        /// The point whose list point `p`'s edits, if it is an edit.
        fn neighbour(&self, p: usize) -> Option<usize> {
            match self.pages.cursor().link(p)? {
                super::Link::Whole(_) => None,
                super::Link::Edited { of, .. } => Some(of),
            }
        }
    }

    /// Lists edited one after another (entries inserted, removed, replaced
    /// and moved), each kept as an edit of the one before where the chain
    /// allows, in either direction.
    fn chains(seed: u64, newest_first: bool) -> (Vec<Vec<u32>>, Patched<u32>) {
        let (lists, forms) = chain_forms(seed, newest_first);
        (lists, Patched::of(forms))
    }

    /// [`chains`], pushed as a history of commits pushes them: in pages
    /// that go to a temporary file (on Unix: there is none elsewhere).
    #[cfg(unix)]
    fn spilled_chains(seed: u64) -> (Vec<Vec<u32>>, Patched<u32>, Arc<Spill>) {
        let (lists, forms) = chain_forms(seed, false);
        let spill = spill().expect("a temporary file");
        let mut patched = Patched::part(Some(Arc::clone(&spill)), "the lists");
        for form in forms {
            patched.push(form);
        }
        (lists, patched.finished(), spill)
    }

    /// [`chains`]' lists, and each point's form as made, in point order.
    fn chain_forms(seed: u64, newest_first: bool) -> (Vec<Vec<u32>>, Vec<Form<u32>>) {
        let mut rng = Lcg(seed);
        let mut lists: Vec<Vec<u32>> = vec![(0..40).collect()];
        let mut fresh = 1000;
        for _ in 0..300 {
            let mut next = lists.last().expect("one").clone();
            for _ in 0..=rng.below(3) {
                match rng.below(4) {
                    0 => {
                        next.insert(rng.below(next.len() + 1), fresh);
                        fresh += 1;
                    }
                    1 if !next.is_empty() => {
                        next.remove(rng.below(next.len()));
                    }
                    2 if !next.is_empty() => {
                        let at = rng.below(next.len());
                        next[at] = fresh;
                        fresh += 1;
                    }
                    _ if next.len() > 1 => {
                        let x = next.remove(rng.below(next.len()));
                        next.insert(rng.below(next.len() + 1), x);
                    }
                    _ => {}
                }
            }
            lists.push(next);
        }
        let n = lists.len();
        let order: Vec<usize> = if newest_first {
            (0..n).rev().collect()
        } else {
            (0..n).collect()
        };
        let mut forms: Vec<Option<Form<u32>>> = (0..n).map(|_| None).collect();
        let mut prev: Option<(usize, Chunked<u32>, Chain)> = None;
        for p in order {
            let list = chunked(&lists[p]);
            // Each entry's counterpart: the same number, where it is.
            let neighbour_map = prev.as_ref().map(|(q, _, _)| {
                lists[p]
                    .iter()
                    .map(|x| lists[*q].iter().position(|y| y == x))
                    .collect::<Vec<_>>()
            });
            let neighbour = prev
                .as_ref()
                .zip(neighbour_map.as_deref())
                .map(|((q, l, c), map)| (*q, l, map, *c));
            let (form, chain) = Form::of(list.clone(), neighbour, |a, b| a == b);
            forms[p] = Some(form);
            prev = Some((p, list, chain));
        }
        (lists, forms.into_iter().map(|f| f.expect("each")).collect())
    }

    #[test]
    fn runs_of_points_pushed_newest_first_join_into_the_same_lists() {
        for (seed, newest_first) in [(5, true), (6, false)] {
            let (lists, forms) = chain_forms(seed, newest_first);
            let whole = Patched::of(chain_forms(seed, newest_first).1);
            let n = forms.len();
            // Three runs, as three cores would make them.
            let cuts = [0, n / 3, n / 3 + 1, n];
            let mut forms: Vec<Option<Form<u32>>> = forms.into_iter().map(Some).collect();
            let parts: Vec<Patched<u32>> = cuts
                .windows(2)
                .map(|w| {
                    let mut part = Patched::part(spill(), "the lists");
                    for p in (w[0]..w[1]).rev() {
                        part.push(forms[p].take().expect("each once"));
                    }
                    part
                })
                .collect();
            let joined = Patched::join_reversed(parts);
            assert_eq!(joined.len(), n);
            for (p, list) in lists.iter().enumerate() {
                let back: Vec<u32> = joined.view(p).iter().copied().collect();
                assert_eq!(&back, list, "point {p} (seed {seed})");
                assert_eq!(joined.edited(p), whole.edited(p), "point {p}");
                for (i, x) in list.iter().enumerate() {
                    assert_eq!(joined.get(p, i), *x, "point {p}, entry {i}");
                }
            }
        }
    }

    #[test]
    fn every_point_reads_back_as_it_was_by_view_and_by_entry() {
        for (seed, newest_first) in [(1, false), (2, true), (3, false), (4, true)] {
            let (lists, patched) = chains(seed, newest_first);
            let mut edited = 0;
            for (p, list) in lists.iter().enumerate() {
                let view = patched.view(p);
                assert_eq!(view.len(), list.len(), "point {p}");
                assert_eq!(patched.len_at(p), list.len(), "point {p}");
                let back: Vec<u32> = view.iter().copied().collect();
                assert_eq!(&back, list, "point {p} (seed {seed})");
                for (i, x) in list.iter().enumerate() {
                    assert_eq!(patched.get(p, i), *x, "point {p}, entry {i}");
                    assert_eq!(
                        view.rposition_before(i, |y| y % 3 == 0),
                        list[..i].iter().rposition(|y| y % 3 == 0),
                        "point {p}, before entry {i}"
                    );
                }
                if patched.edited(p) {
                    edited += 1;
                }
            }
            // Most points are edits; a whole list at least every MAX_LINKS.
            assert!(edited > lists.len() / 2, "{edited} edits");
            assert!(edited < lists.len() * MAX_LINKS / (MAX_LINKS + 1));
        }
    }

    #[test]
    fn reading_a_list_back_costs_at_most_a_bounded_multiple_of_its_length() {
        // Hostile edits: every third point rewrites a third of a long list,
        // the others move or insert one entry; each list read back goes
        // through no more than MAX_LINKS times its length of stretches,
        // however many points there are.
        let mut rng = Lcg(9);
        let mut lists: Vec<Vec<u32>> = vec![(0..600).collect()];
        let mut fresh = 10_000;
        for k in 0..400 {
            let mut next = lists.last().expect("one").clone();
            match k % 3 {
                0 => {
                    for _ in 0..200 {
                        let at = rng.below(next.len());
                        next[at] = fresh;
                        fresh += 1;
                    }
                }
                1 => {
                    let x = next.remove(rng.below(next.len()));
                    next.insert(rng.below(next.len() + 1), x);
                }
                _ => {
                    next.insert(rng.below(next.len() + 1), fresh);
                    fresh += 1;
                }
            }
            lists.push(next);
        }
        let mut forms = Vec::new();
        let mut prev: Option<(Chunked<u32>, Chain)> = None;
        for (p, list) in lists.iter().enumerate() {
            let chunked = chunked(list);
            let map: Option<Vec<Option<usize>>> = p.checked_sub(1).map(|q| {
                list.iter()
                    .map(|x| lists[q].iter().position(|y| y == x))
                    .collect()
            });
            let neighbour = prev
                .as_ref()
                .zip(map.as_deref())
                .map(|((l, c), m)| (p - 1, l, m, *c));
            let (form, chain) = Form::of(chunked.clone(), neighbour, |a, b| a == b);
            forms.push(form);
            prev = Some((chunked, chain));
        }
        let patched = Patched::of(forms);
        let mut edited = 0;
        for (p, list) in lists.iter().enumerate() {
            let (view, work) = patched.view_and_work(p);
            let (mut links, mut at) = (0, p);
            while let Some(of) = patched.neighbour(at) {
                (links, at) = (links + 1, of);
            }
            assert!(links <= MAX_LINKS, "point {p}: {links} links");
            assert!(
                work <= MAX_LINKS * (list.len().max(MIN_BUDGET) + 1),
                "point {p}: {work} stretches gone through for {} entries",
                list.len()
            );
            assert_eq!(view.iter().copied().collect::<Vec<_>>(), *list, "point {p}");
            edited += usize::from(patched.edited(p));
        }
        // The small edits are still edits.
        assert!(
            edited > lists.len() / 2,
            "{edited} of {} edited",
            lists.len()
        );
    }

    #[test]
    fn an_edit_of_one_entry_holds_that_entry_and_three_runs() {
        let old: Vec<u32> = (0..1000).collect();
        let mut new = old.clone();
        new[500] = 7777;
        let (a, b) = (chunked(&old), chunked(&new));
        let map: Vec<Option<usize>> = (0..1000).map(Some).collect();
        let (form, _) = Form::of(b, Some((0, &a, &map, Chain::default())), |x, y| x == y);
        let patched = Patched::of(vec![Form::Whole(a), form]);
        let Some(FormView::Edited { runs, own }) = patched.form(1) else {
            panic!("kept whole")
        };
        assert_eq!((runs, own), (3, 1));
        // In a page of bytes (no temporary file here): a byte or two a
        // number, where a run was 8 bytes and an entry 8.
        assert!(
            patched.pages.kept_bytes() <= 20,
            "{} bytes",
            patched.pages.kept_bytes()
        );
        assert_eq!(patched.view(1).iter().copied().collect::<Vec<_>>(), new);
    }

    #[cfg(unix)]
    #[test]
    fn with_a_file_the_edits_go_there_and_read_back_in_any_order() {
        let (lists, patched, spill) = spilled_chains(7);
        let n = lists.len();
        assert!(spill.bytes() > 0);
        // In memory: each point's length, where each page is, and the whole
        // lists (counted apart): no run and no own entry.
        let pages = n.div_ceil(super::pages::PAGE);
        let wholes = (0..n).filter(|&p| !patched.edited(p)).count();
        assert!(
            patched.record_bytes() <= 4 * n + 40 * wholes + 64 * pages + 256,
            "{} bytes for {n} points",
            patched.record_bytes()
        );
        assert_eq!(patched.pages.kept_bytes(), 0);
        for p in (0..n).rev().chain((0..n).step_by(37)) {
            let back: Vec<u32> = patched.view(p).iter().copied().collect();
            assert_eq!(back, lists[p], "point {p}");
            for (i, x) in lists[p].iter().enumerate().step_by(5) {
                assert_eq!(patched.get(p, i), *x, "point {p}, entry {i}");
            }
        }
        assert_eq!(spill.failure(), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_page_changed_in_the_file_gives_stand_ins_as_long_and_fails_the_history() {
        use std::os::unix::fs::FileExt;
        let (lists, patched, spill) = spilled_chains(8);
        // The last point an edit (its page the last written), then a byte
        // of every page changed under the history.
        let p = (0..lists.len())
            .rev()
            .find(|&p| patched.edited(p))
            .expect("an edit");
        for at in (0..spill.bytes()).step_by(64) {
            spill.file().write_all_at(b"\xff", at).unwrap();
        }
        patched.pages.forget_recent();
        let stand_in = patched.view(p);
        assert_eq!(stand_in.len(), lists[p].len());
        assert!(
            stand_in.iter().all(|&x| x == lists[0][0]),
            "{:?}",
            stand_in.iter().collect::<Vec<_>>()
        );
        assert_eq!(patched.get(p, 0), lists[0][0]);
        let failure = spill.failure().expect("noted");
        assert!(failure.contains("a page of the lists"), "{failure}");
    }

    #[test]
    fn a_list_that_shares_nothing_with_its_neighbour_is_kept_whole() {
        let old: Vec<u32> = (0..100).collect();
        let new: Vec<u32> = (100..200).collect();
        let (a, b) = (chunked(&old), chunked(&new));
        let map: Vec<Option<usize>> = (0..100).map(Some).collect();
        let (form, chain) = Form::of(b, Some((0, &a, &map, Chain::default())), |x, y| x == y);
        assert!(matches!(form, Form::Whole(_)));
        assert_eq!(chain.links, 0);
    }
}
