//! The history of the document over a chain of versions — the manifest's
//! drafts ([`History::of_drafts`]) or every commit that touched the document
//! ([`History::of_commits`]): each step's comparison, each section's
//! [`Lineage`] across the chain, and the blame of its text.
//!
//! A lineage is one section's identity through the chain: the pairing of each
//! step (`compare`) links the section of one version to its counterpart in the
//! next, so a section renamed at one step and moved at another is one lineage,
//! one history. Nothing is compared twice: each step is one comparison, and
//! with `of_commits` identical texts (a revert) share their stored sections
//! and one diff. Once compared, a version is kept only as an [`Outline`] whose
//! section texts the history's [`Store`] holds once for all versions.

pub mod blame;
mod body;
mod bytes;
mod changes;
mod chunks;
pub(crate) mod commits;
mod comparisons;
mod end_to_end;
mod find;
mod footprint;
mod growth;
mod heads;
mod hex;
mod kept;
mod lru;
mod outline;
mod paged;
mod pairing;
mod patched;
mod points;
mod slim;
mod spill;
mod step_head;

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use crate::compare;
use crate::error::{Error, Result};
use crate::manifest::LoadedManifest;
use crate::model::{Comparison, SectionChange};
use crate::progress::Progress;
use crate::source::{Sources, Version};
use blame::Span;
use chunks::Chunked;
use comparisons::Comparisons;
use kept::{Kept, Loaded};
use outline::{Entry, Shelf};
use pairing::Pairing;
use patched::{Chain, Form, Patched};
use slim::Step;
use spill::Spill;

pub use find::Found;
pub use footprint::Footprint;
pub use heads::Head;
pub use outline::{Held, Outline, Store};
pub use points::Points;

/// One version of the chain.
#[derive(Debug, Clone, Default)]
pub struct Point {
    /// How the version is named: the draft id, else the commit's short id.
    pub label: String,
    /// The manifest's draft this version is, if it is one.
    pub draft: Option<String>,
    /// Full commit id when read from git.
    pub commit: Option<String>,
    /// The commit message's first line (following commits), else `None`.
    pub summary: Option<String>,
    /// The draft's date from the manifest, else the commit's date (YYYY-MM-DD).
    pub date: Option<String>,
}

/// One section through the chain.
#[derive(Debug, Clone)]
pub struct Lineage {
    /// Unique among the lineages and safe as a file name: the section's id
    /// where it last appears (a suffix when another lineage has that id).
    pub key: String,
    /// The first point where the section exists: from there on, it exists
    /// at every point until it is removed (a section added again is a
    /// lineage of its own).
    start: usize,
    /// In how many points it exists, from `start` on.
    count: usize,
    /// Its index at `start`. The index at each later point is followed
    /// through the steps ([`History::places_of`]), not kept: it changes
    /// wherever a section before it is added, removed or moved, and runs
    /// of places were ~100 a commit over a 1,800-section document, 8 bytes
    /// each while the history was followed, a byte or two once packed.
    first: u32,
    /// Its index at its last point.
    last: u32,
    /// `(step, entry)`: the steps at which it has an entry in the step's
    /// comparison, in order, and the entry's index there. Most steps leave
    /// most sections alone.
    /// 32-bit (8 bytes a pair where 16 were: ~4 entries a commit).
    entries: Vec<(u32, u32)>,
    /// The blame of its text where it last appears ([`Lineage::blame`]).
    blame: blame::Kept,
}

impl Lineage {
    fn starting(point: usize, section: usize) -> Lineage {
        let mut l = Lineage {
            key: String::new(),
            start: point,
            count: 0,
            first: index(section),
            last: 0,
            entries: Vec::new(),
            blame: blame::Kept::default(),
        };
        l.set(point, section);
        l
    }

    /// Records that the section is section `section` of point `point`: the
    /// point after the last recorded, or that one again (which replaces it).
    fn set(&mut self, point: usize, section: usize) {
        let k = point - self.start;
        match k.cmp(&self.count) {
            std::cmp::Ordering::Equal => self.count += 1,
            std::cmp::Ordering::Less => debug_assert_eq!(k + 1, self.count),
            std::cmp::Ordering::Greater => unreachable!("a lineage has no gap"),
        }
        self.last = index(section);
    }

    /// The blame of its text where it last appears: which point wrote
    /// each stretch of it.
    pub fn blame(&self) -> Vec<Span> {
        self.blame.spans()
    }

    /// Whether the section exists at point `point`.
    pub fn exists_at(&self, point: usize) -> bool {
        point
            .checked_sub(self.start)
            .is_some_and(|k| k < self.count)
    }

    /// In how many versions the section exists.
    pub fn versions(&self) -> usize {
        self.count
    }

    /// The index of the section's entry in step `step`'s comparison (`None`
    /// when the section did not change at that step or is on neither side).
    pub fn entry(&self, step: usize) -> Option<usize> {
        let step = u32::try_from(step).ok()?;
        self.entries
            .binary_search_by_key(&step, |&(s, _)| s)
            .ok()
            .map(|k| self.entries[k].1 as usize)
    }

    /// `(step, entry)` for every step at which the section has an entry.
    pub fn entries(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.entries
            .iter()
            .map(|&(step, entry)| (step as usize, entry as usize))
    }

    /// The last point where the section exists, and its index there.
    pub fn last(&self) -> (usize, usize) {
        (self.start + self.count - 1, self.last as usize)
    }

    /// The first point where the section exists.
    pub fn first(&self) -> usize {
        self.start
    }
}

/// What happened to a section at one step.
#[derive(Debug, Clone)]
pub struct Event {
    /// The step: from point `step` to point `step + 1`.
    pub step: usize,
    /// The section's entry in the step's comparison.
    pub change: SectionChange,
}

/// The document's history over a chain of versions.
#[derive(Debug)]
pub struct History {
    /// Oldest first; shared with the pages that name them
    /// ([`History::shared_points`]).
    points: Arc<Points>,
    /// Step `k` compares point `k` with point `k + 1`, listing only the
    /// sections that changed (added, removed, or changed in body, place or
    /// heading): thousands of steps of a commit history would otherwise hold
    /// every unchanged section thousands of times. A step shared by identical
    /// texts (a revert) is one comparison, so its versions' labels may name
    /// the first such pair: read labels from `points`. The entries' section
    /// names are left out (`slim`): the points' outlines give them back.
    /// Following commits, each is kept in the history's temporary file
    /// (`spill`), only each entry's sections in memory (`kept`). With each,
    /// its pairing: each new section's counterpart in the old version.
    steps: Comparisons,
    /// Each point's sections ([`History::outline`]), held in the history's
    /// [`Store`] with every other point's (the whole parsed version is
    /// dropped once compared), most points' as edits of a neighbour's.
    outlines: Patched<Entry>,
    /// The outlines last read back.
    recent: patched::Recent<Entry>,
    /// Sections of the last point in order, then the removed ones by where
    /// they were last seen.
    lineages: Vec<Lineage>,
    /// The lineage of each section of each point, as it was numbered while
    /// following the steps (`rank` gives its place in `lineages`); most
    /// points' as edits of the point before's.
    by_point: Patched<u32>,
    /// For each lineage as numbered in `by_point`, its index in `lineages`.
    rank: Vec<u32>,
    /// The commit where a shallow clone cuts the history of every commit.
    truncated_at: Option<String>,
    /// The sections' bodies and heads that the points' outlines share.
    shelf: Arc<Shelf>,
    /// The unlinked temporary file the steps are kept in, if any.
    spill: Option<Arc<Spill>>,
    /// Why a step could not be read back from that file, the first time.
    unread: OnceLock<String>,
}

/// A chain compared: its points and their outlines, each step's comparison
/// and pairing, and the store the outlines share.
struct Compared {
    points: Points,
    outlines: Patched<Entry>,
    steps: Comparisons,
    store: Store,
    spill: Option<Arc<Spill>>,
}

impl History {
    /// The history of the manifest's drafts, in the manifest's order.
    pub fn of_drafts(sources: &Sources, manifest: &LoadedManifest) -> Result<History> {
        let versions = sources.load_all(&manifest.draft_ids())?;
        Ok(History::of_versions(
            manifest,
            versions.into_iter().map(Arc::new).collect(),
        ))
    }

    /// The history of the manifest's drafts already read (one version per
    /// draft, in the manifest's order), so a caller that has them does not
    /// read them again.
    pub fn of_versions(manifest: &LoadedManifest, versions: Vec<Arc<Version>>) -> History {
        let labels: Vec<String> = manifest
            .manifest
            .drafts
            .iter()
            .map(|d| d.id.value.clone())
            .collect();
        let versions: Vec<Arc<Version>> = versions.into_iter().take(labels.len()).collect();
        let steps = compare_steps(&versions, &labels, &Progress::hidden());
        let store = Store::default();
        let mut forms: Vec<Form<Entry>> = Vec::with_capacity(versions.len());
        let mut before: Option<(Chunked<Entry>, Chain)> = None;
        for (p, v) in versions.iter().enumerate() {
            let pairing = p
                .checked_sub(1)
                .map(|prev| steps.pairing(prev).view().to_vec());
            let like = before.as_ref().zip(pairing.as_deref());
            let sections = store.sections(
                &v.document,
                like.map(|((o, _), map)| (o, &versions[p - 1].document, map)),
            );
            let neighbour = like.map(|((o, chain), map)| (p - 1, o, map, *chain));
            let (form, chain) = Form::of(sections.clone(), neighbour, Entry::is);
            forms.push(form);
            before = Some((sections, chain));
        }
        let points = manifest
            .manifest
            .drafts
            .iter()
            .zip(versions.iter())
            .map(|(d, version)| Point {
                label: d.id.value.clone(),
                draft: Some(d.id.value.clone()),
                commit: version.commit.clone(),
                summary: None,
                date: Some(d.date.clone()),
            })
            .collect();
        History::assemble(Compared {
            points,
            outlines: Patched::of(forms),
            steps,
            store,
            spill: None,
        })
    }

    /// The history of every commit of HEAD's history that changed the
    /// manifest's files (merged branches included); the drafts' commits are
    /// marked as drafts.
    pub fn of_commits(
        sources: &Sources,
        manifest: &LoadedManifest,
        progress: &Progress,
    ) -> Result<History> {
        let compared = commits::compared(sources, manifest, progress)?;
        // A page of the file that did not read back while the cores' parts
        // were joined: nothing made from it is followed.
        if let Some(why) = compared.spill.as_deref().and_then(Spill::failure) {
            return Err(read_back_error(why, "Nothing was written."));
        }
        let mut history = History::assemble(compared);
        history.truncated_at = commits::shallow_boundary(sources);
        // The last commits' and the assembly's temporaries, freed among what
        // the history keeps: given back before the pages are made on top.
        crate::memory::release_free_pages();
        Ok(history)
    }

    /// With every commit followed in a shallow clone, the commit where the
    /// history is cut: it is credited with all that came before it.
    pub fn truncated_at(&self) -> Option<&str> {
        self.truncated_at.as_deref()
    }

    /// The words that say a history is truncated at `commit`, and how to
    /// fetch the rest.
    pub fn truncation_notice(commit: &str) -> String {
        format!(
            "this clone is shallow: the history stops at commit {}, which is credited with \
             everything written before it. Fetch the whole history with `git fetch --unshallow`, \
             then run cotejo again.",
            crate::version::short_commit(commit)
        )
    }

    /// A history of no version at all.
    pub fn empty() -> History {
        History::assemble(Compared {
            points: Points::default(),
            outlines: Patched::default(),
            steps: Comparisons::default(),
            store: Store::default(),
            spill: None,
        })
    }

    /// Follows each section through the compared steps, and blames it.
    fn assemble(compared: Compared) -> History {
        let Compared {
            points,
            outlines,
            steps,
            store,
            spill,
        } = compared;
        let shelf = store.into_shelf();
        let (lineages, by_point, rank) = if points.is_empty() {
            (Vec::new(), Patched::default(), Vec::new())
        } else {
            follow(&outlines, &shelf, &steps, spill.clone())
        };
        let mut history = History {
            points: Arc::new(points),
            outlines,
            recent: patched::Recent::default(),
            steps,
            lineages,
            by_point,
            rank,
            truncated_at: None,
            shelf: Arc::new(shelf),
            spill,
            unread: OnceLock::new(),
        };
        if !history.points.is_empty() {
            history.blame_lineages();
        }
        history
    }

    /// What the history's store holds: every distinct section body and
    /// heading of every point, once.
    pub fn held(&self) -> Held {
        self.shelf.held()
    }

    /// The versions of the chain, oldest first.
    pub fn points(&self) -> &Points {
        &self.points
    }

    /// [`History::points`], for a reader that outlives a borrow of the
    /// history (a template's object): the same points, not a copy.
    pub fn shared_points(&self) -> Arc<Points> {
        Arc::clone(&self.points)
    }

    /// Point `p`'s sections, read back from what the history keeps (most
    /// often edits of a neighbour's: this costs up to some tens of
    /// microseconds; [`History::section`] and [`History::body`] read one
    /// section without it).
    pub fn outline(&self, p: usize) -> Outline {
        Outline::of(self.recent.view(&self.outlines, p), Arc::clone(&self.shelf))
    }

    /// The number of sections of point `p`.
    pub fn section_count(&self, p: usize) -> usize {
        self.outlines.len_at(p)
    }

    /// What lineage `lineage`'s section is called: at its first point, and
    /// at each point where its head changed, with the point, in order (a
    /// head is read back from the history's file: the few a section has,
    /// not one a point). Following commits, a point's outline is kept as an
    /// edit of the newer point's: going through the points newest first,
    /// each head is found a step from the one before, where
    /// [`History::section`] at each point would walk from there to a whole
    /// outline.
    pub fn heads_of(&self, lineage: usize) -> Vec<(usize, Head)> {
        let places: Vec<(usize, usize)> = self.places_of(lineage).collect();
        // Each place's head, by number, newest first.
        let mut numbers: Vec<(usize, usize)> = Vec::with_capacity(places.len());
        let mut known: Option<(usize, usize, Entry)> = None;
        let mut cursor = self.outlines.cursor();
        for &(p, s) in places.iter().rev() {
            let e = self.outlines.get_near(&mut cursor, p, s, known);
            numbers.push((p, e.head_number()));
            known = Some((p, s, e));
        }
        numbers.reverse();
        numbers.dedup_by_key(|(_, h)| *h);
        numbers
            .into_iter()
            .map(|(p, h)| (p, self.shelf.head_numbered(h)))
            .collect()
    }

    /// Every point where lineage `lineage`'s section exists, with its index
    /// there: followed from its first point through each step, by the
    /// step's entry for it where it has one with a new section, else by the
    /// step's pairing (as the lineages were followed when the history was
    /// made, so the same places). A step costs a search of its pairing's
    /// runs.
    pub fn places_of(&self, lineage: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let l = &self.lineages[lineage];
        let end = l.start + l.count;
        // The entries at the steps from its first point on (an added
        // section's first entry is at the step before it).
        let mut entries = l
            .entries()
            .skip_while(move |&(step, _)| step < l.start)
            .peekable();
        let mut at = Some((l.start, l.first as usize));
        let mut steps = self.steps.reader();
        std::iter::from_fn(move || {
            let (p, s) = at?;
            at = (p + 1 < end).then(|| {
                let mut next = None;
                while let Some((_, e)) = entries.next_if(|&(step, _)| step == p) {
                    let brief = steps.briefs(p).get(e).copied();
                    next = brief.and_then(|b| b.new_index()).or(next);
                }
                let next = next.or_else(|| steps.pairing(p).and_then(|v| v.new_of(s)));
                debug_assert!(
                    next.is_some() || self.read_back_failure().is_some(),
                    "lineage {lineage} goes on after point {p}"
                );
                (p + 1, next.unwrap_or(s))
            });
            Some((p, s))
        })
    }

    /// Whether point `p` is the last version of the chain.
    pub fn is_last(&self, p: usize) -> bool {
        p + 1 == self.points.len()
    }

    /// The number of steps (one fewer than the points, or none).
    pub fn step_count(&self) -> usize {
        self.steps.len()
    }

    /// Step `step`: the comparison of point `step` with point `step + 1`,
    /// listing only the sections that changed. A step shared by identical
    /// texts (a revert) is one comparison, so its versions' labels may name
    /// the first such pair: read labels from [`History::points`].
    ///
    /// Built on each call from what the history keeps (the entries without
    /// their sections' names, which the outlines give back): a page about
    /// one entry reads [`History::step_around`] instead.
    pub fn step(&self, step: usize) -> Comparison {
        let (old, new) = self.step_outlines(step);
        slim::fill_all(&self.record(step), &old, &new)
    }

    /// Step `step`'s record, read back from the temporary file when it is
    /// there. One that does not read back as written is recorded, for
    /// [`History::check_read_back`], and stands as its entries' sections
    /// alone.
    fn record(&self, step: usize) -> Loaded<'_> {
        self.record_some(step, |_| true)
    }

    /// [`History::record`], its entries whole only where `whole` says (the
    /// others as [`slim`]'s stand-ins read them).
    fn record_some(&self, step: usize, whole: impl Fn(usize) -> bool) -> Loaded<'_> {
        let kept = self.steps.step(step);
        match kept.load_some(self.spill.as_deref(), whole) {
            Ok(record) => record,
            Err(e) => {
                let _ = self.unread.set(e.0);
                Loaded::Read(Box::new(Step::stand_in(kept.briefs())))
            }
        }
    }

    /// Why something did not read back from the history's temporary file
    /// (a step's record, a body or a page), if it did not: the command
    /// fails ([`History::check_read_back`]).
    fn read_back_failure(&self) -> Option<&str> {
        let unread = self.unread.get().map(String::as_str);
        unread.or_else(|| self.spill.as_deref().and_then(Spill::failure))
    }

    /// What [`History::check_read_back`] says of an output held until the
    /// check (the history and blame on standard output).
    pub const NOTHING_WRITTEN: &'static str = "Nothing was written to standard output.";

    /// An error when a step, a body or a page of points or headings could
    /// not be read back from the history's temporary file: what was made
    /// from the history since is not to be trusted. Commands call it
    /// before they keep what they made.
    pub fn check_read_back(&self, output: &'static str) -> Result<()> {
        match self.read_back_failure() {
            None => Ok(()),
            Some(why) => Err(read_back_error(why, output)),
        }
    }

    /// Step `step` as a page about its entry `entry` reads it: that entry and
    /// the entries its moved text came from or went to, whole; every other
    /// entry an empty stand-in at its index (no section on either side).
    /// With it, the outlines of the two points it compares, which put its
    /// names back (a page shows them too).
    pub fn step_around(&self, step: usize, entry: usize) -> (Comparison, Outline, Outline) {
        let mut cmp = self.record_some(step, |k| k == entry);
        let mut wanted = vec![entry];
        if let Some(blocks) = cmp.entries().get(entry).and_then(|e| e.blocks()) {
            for b in blocks {
                wanted.extend(b.moved_from.iter().chain(&b.moved_to).map(|p| p.section));
            }
        }
        if wanted.len() > 1 {
            // Text moved to or from other entries: those whole too.
            cmp = self.record_some(step, |k| wanted.contains(&k));
        }
        let (old, new) = self.step_outlines(step);
        let cmp = slim::fill_some(&cmp, &old, &new, |k| wanted.contains(&k));
        (cmp, old, new)
    }

    /// Entry `entry` of step `step`'s comparison.
    pub fn step_entry(&self, step: usize, entry: usize) -> SectionChange {
        let (old, new) = self.step_outlines(step);
        slim::fill(
            &self.record_some(step, |k| k == entry).entries()[entry],
            &old,
            &new,
        )
    }

    /// Whether steps `a` and `b` are one comparison kept once (the same two
    /// texts: a revert, then the same edit again).
    pub fn shares_step(&self, a: usize, b: usize) -> bool {
        self.steps.comparison_of(a) == self.steps.comparison_of(b)
    }

    /// The outlines of the two points step `step` compares.
    fn step_outlines(&self, step: usize) -> (Outline, Outline) {
        (self.outline(step), self.outline(step + 1))
    }

    /// Every section's life: those of the last point in order, then the
    /// removed ones by where they were last seen.
    pub fn lineages(&self) -> &[Lineage] {
        &self.lineages
    }

    /// What section `s` of point `p` is called.
    pub fn section(&self, p: usize, s: usize) -> Head {
        self.shelf.head(self.outlines.get(p, s))
    }

    /// The body of section `s` of point `p`: borrowed when the history holds
    /// it in memory, read back when it is in its temporary file.
    pub fn body(&self, p: usize, s: usize) -> Cow<'_, str> {
        self.shelf.body(self.outlines.get(p, s)).text()
    }

    /// The length of section `s` of point `p`'s body, without reading it.
    pub fn body_len(&self, p: usize, s: usize) -> usize {
        self.shelf.body(self.outlines.get(p, s)).len()
    }

    /// Where lineage `lineage` was last seen: the point, and its section there.
    pub fn last_section(&self, lineage: usize) -> (usize, Head) {
        let (p, s) = self.lineages[lineage].last();
        (p, self.section(p, s))
    }

    /// The lineage of section `section` of point `point`.
    pub fn lineage_of(&self, point: usize, section: usize) -> usize {
        self.rank[self.by_point.get(point, section) as usize] as usize
    }

    /// The steps at which something happened to the lineage: it was added,
    /// removed, or changed in body, place or heading.
    pub fn events(&self, lineage: usize) -> Vec<Event> {
        self.changes_of(lineage)
            .map(|(step, e)| Event {
                step,
                change: self.step_entry(step, e),
            })
            .collect()
    }

    /// How many steps [`History::events`] lists for the lineage.
    pub fn event_count(&self, lineage: usize) -> usize {
        self.changes_of(lineage).count()
    }

    /// The lineage's entries (step, entry) that show a change, its steps
    /// read one after another.
    fn changes_of(&self, lineage: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let mut steps = self.steps.reader();
        self.lineages[lineage]
            .entries()
            .filter(move |&(step, e)| slim::shows_change(steps.briefs(step), e))
    }

    /// Whether entry `entry` of step `step` shows a change
    /// ([`SectionChange::is_change`]), without putting its names back.
    pub fn is_change(&self, step: usize, entry: usize) -> bool {
        slim::shows_change(&self.steps.briefs(step), entry)
    }

    /// The blame spans of every section of point `point`, in section order.
    pub fn blame_at(&self, point: usize) -> Vec<Vec<Span>> {
        let mut spans = initial_spans(&self.outline(0));
        for step in 0..point {
            spans = self.carry_step(step, &spans);
        }
        spans
    }

    /// The draft in which the changes of point `point` were first published:
    /// the first draft at or after it (`None` after the last draft).
    pub fn published_in(&self, point: usize) -> Option<&str> {
        (point..self.points.len()).find_map(|p| self.points.draft(p))
    }

    /// The point of draft `id`.
    pub fn draft_point(&self, id: &str) -> Option<usize> {
        (0..self.points.len()).position(|p| self.points.draft(p) == Some(id))
    }

    /// The spans of each section of the new version of step `step`.
    fn carry_step(&self, step: usize, old_spans: &[Vec<Span>]) -> Vec<Vec<Span>> {
        let pairing = self.steps.pairing(step);
        let cmp = self.record(step);
        // Unchanged sections keep their spans; the entries say the rest. A
        // step whose page did not read back (noted: the command fails)
        // stands as no span at all.
        let count = self.section_count(step + 1);
        let mut out: Vec<Vec<Span>> = if pairing.view().len() == count {
            let old = |o: usize| old_spans.get(o).cloned().unwrap_or_default();
            pairing
                .view()
                .iter()
                .map(|o| o.map_or_else(Vec::new, old))
                .collect()
        } else {
            vec![Vec::new(); count]
        };
        for e in cmp.entries() {
            let Some(n) = e.new_index() else { continue };
            out[n] = match (e.old_index(), e.diff_ops()) {
                (Some(o), Some(ops)) => blame::carry(&old_spans[o], ops, step + 1),
                (Some(o), None) => old_spans[o].clone(),
                (None, _) => blame::whole(self.body_len(step + 1, n), step + 1),
            };
        }
        // Text that arrived from another section keeps the points that wrote
        // it there, carried through its own edits.
        for e in cmp.entries() {
            let (Some(n), Some(blocks)) = (e.new_index(), e.blocks()) else {
                continue;
            };
            for b in blocks {
                let (Some(from), Some(to)) = (b.moved_from, b.new) else {
                    continue;
                };
                let origin = &cmp.entries()[from.section];
                let (Some(o), Some(range)) = (
                    origin.old_index(),
                    origin
                        .blocks()
                        .and_then(|bs| bs.get(from.block))
                        .and_then(|ob| ob.old),
                ) else {
                    continue;
                };
                let moved = blame::slice(&old_spans[o], range.range());
                let moved = match &b.diff {
                    Some(tokens) => blame::carry(&moved, blame::ops(tokens), step + 1),
                    None => moved,
                };
                out[n] = blame::splice(&out[n], to.range(), &moved);
            }
        }
        out
    }

    fn blame_lineages(&mut self) {
        let mut spans = initial_spans(&self.outline(0));
        for step in 0..self.steps.len() {
            let next = self.carry_step(step, &spans);
            // A section removed at this step keeps the blame of its last text.
            for e in self.steps.briefs(step).iter() {
                if let (Some(o), None) = (e.old_index(), e.new_index()) {
                    let l = self.lineage_of(step, o);
                    self.lineages[l].blame = blame::Kept::of(&spans[o]);
                    spans[o] = Vec::new();
                }
            }
            spans = next;
        }
        let last = self.points.len() - 1;
        for (section, s) in spans.into_iter().enumerate() {
            let l = self.lineage_of(last, section);
            self.lineages[l].blame = blame::Kept::of(&s);
        }
    }
}

/// The error of a history whose temporary file did not read back as
/// written, `why`, saying what was (not) kept of the output: `output`.
fn read_back_error(why: &str, output: &'static str) -> Error {
    Error::HistoryReadBack {
        why: why.to_owned(),
        output,
    }
}

fn initial_spans(outline: &Outline) -> Vec<Vec<Span>> {
    (0..outline.len())
        .map(|i| blame::whole(outline.body_len(i), 0))
        .collect()
}

/// Each step's comparison and pairing, distinct pairs of texts compared once,
/// spread over the cores; `labels` name the versions in the comparisons.
fn compare_steps(versions: &[Arc<Version>], labels: &[String], progress: &Progress) -> Comparisons {
    let mut first_of: HashMap<(&str, &str), usize> = HashMap::new();
    let mut distinct: Vec<(usize, usize)> = Vec::new();
    let mut which: Vec<usize> = Vec::with_capacity(versions.len().saturating_sub(1));
    for b in 1..versions.len() {
        let a = b - 1;
        let key = (versions[a].sha256(), versions[b].sha256());
        let at = *first_of.entry(key).or_insert_with(|| {
            distinct.push((a, b));
            distinct.len() - 1
        });
        which.push(at);
    }
    progress.start("comparing", distinct.len());
    let options = compare::Options { changes_only: true };
    let done: Vec<(Kept, Pairing)> = crate::parallel::map(&distinct, 4, |&(a, b)| {
        let (cmp, al) = compare_pair(
            (&*versions[a], labels[a].as_str()),
            (&*versions[b], labels[b].as_str()),
            &options,
        );
        progress.advance(1);
        (Kept::keep(cmp, None), Pairing::of(&al.new_to_old))
    });
    progress.finish();
    let mut steps = Comparisons::default();
    for (kept, pairing) in done {
        steps.add(kept, &pairing);
    }
    for k in which {
        steps.push_step(k);
    }
    steps.shrink_to_fit();
    steps
}

/// The comparison of two versions of a chain, each named by its point's
/// label, kept without its sections' names (see [`slim`]).
fn compare_pair(
    (old, old_label): (&Version, &str),
    (new, new_label): (&Version, &str),
    options: &compare::Options,
) -> (Step, compare::align::Alignment) {
    let mut old_side = old.side();
    let mut new_side = new.side();
    old_side.info.label = old_label.to_owned();
    new_side.info.label = new_label.to_owned();
    let (cmp, alignment) = compare::compare_aligned(old_side, new_side, options);
    (Step::strip(cmp, &old.document, &new.document), alignment)
}

/// Follows every section through the steps; returns the lineages in their
/// final order, each point's section → lineage table (lineages numbered as
/// they were found) and the rank of each such number in the final order.
fn follow(
    outlines: &Patched<Entry>,
    shelf: &Shelf,
    steps: &Comparisons,
    spill: Option<Arc<Spill>>,
) -> (Vec<Lineage>, Patched<u32>, Vec<u32>) {
    let n_points = outlines.len();
    let mut lineages: Vec<Lineage> = Vec::new();
    // Each table kept as it is made, not held apart till the last.
    let mut by_point: Patched<u32> = Patched::part(spill, "the section → lineage tables");
    let first = outlines.len_at(0);
    // The table of the point before the step, whole, and as kept.
    let mut before: Vec<usize> = (0..first).collect();
    let mut kept = lineage_table(&before, None);
    let (form, mut chain) = Form::of(kept.clone(), None, |a, b| a == b);
    by_point.push(form);
    for s in 0..first {
        lineages.push(Lineage::starting(0, s));
    }
    for k in 0..steps.len() {
        // Unchanged sections continue their lineage; the entries add the
        // new sections and mark where each lineage changed.
        let mut map = steps.pairing(k).view().to_vec();
        let len = outlines.len_at(k + 1);
        // A step whose page did not read back (noted: the command fails):
        // every section of its new point stands as new.
        let stand_in = map.len() != len;
        if stand_in {
            map = vec![None; len];
        }
        // An alignment pairs each old section with one new one at most:
        // `places_of` follows a lineage through the pairing read backwards.
        debug_assert!(
            {
                let mut paired = vec![false; before.len()];
                map.iter()
                    .flatten()
                    .all(|&o| !std::mem::replace(&mut paired[o], true))
            },
            "step {k} pairs two new sections with one old one"
        );
        let mut next: Vec<usize> = map
            .iter()
            .map(|o| o.map_or(usize::MAX, |o| before[o]))
            .collect();
        for (n, l) in next.iter().enumerate() {
            if *l != usize::MAX {
                lineages[*l].set(k + 1, n);
            }
        }
        for (e_idx, e) in steps.briefs(k).iter().enumerate() {
            let l = match (e.old_index(), e.new_index()) {
                (Some(o), _) => before[o],
                (None, Some(n)) => {
                    lineages.push(Lineage::starting(k + 1, n));
                    lineages.len() - 1
                }
                (None, None) => continue,
            };
            lineages[l].entries.push((
                u32::try_from(k).expect("fewer than 2³² steps"),
                u32::try_from(e_idx).expect("fewer than 2³² entries in a step"),
            ));
            if let Some(n) = e.new_index() {
                lineages[l].set(k + 1, n);
                next[n] = l;
            }
        }
        debug_assert!(stand_in || next.iter().all(|&l| l != usize::MAX));
        for (n, l) in next.iter_mut().enumerate() {
            if *l == usize::MAX {
                lineages.push(Lineage::starting(k + 1, n));
                *l = lineages.len() - 1;
            }
        }
        let table = lineage_table(&next, Some((&kept, &map)));
        let (form, next_chain) =
            Form::of(table.clone(), Some((k, &kept, &map, chain)), |a, b| a == b);
        by_point.push(form);
        (kept, chain) = (table, next_chain);
        before = next;
    }
    debug_assert!(n_points > 0);
    for l in &mut lineages {
        l.entries.shrink_to_fit();
    }
    let (lineages, rank) = order_and_name(outlines, shelf, lineages);
    (lineages, by_point.finished(), rank)
}

/// A section's index as a lineage keeps it.
fn index(section: usize) -> u32 {
    u32::try_from(section).expect("fewer than 2³² sections")
}

/// A point's section → lineage table, cut where its lineages say: a chunk
/// the point shares with its neighbour (`like`) is shared.
fn lineage_table(row: &[usize], like: Option<chunks::Like<'_, u32>>) -> Chunked<u32> {
    let row: Vec<u32> = row
        .iter()
        .map(|&l| u32::try_from(l).expect("fewer than 2³² lineages"))
        .collect();
    Chunked::cut(
        row,
        |&l| chunks::cut_of_hash(u64::from(l)),
        like,
        |a, b| a == b,
    )
}

/// Puts the lineages in reading order — the last point's sections, then the
/// removed ones by where they were last seen — and gives each its key;
/// returns them with the new place of each.
fn order_and_name(
    outlines: &Patched<Entry>,
    shelf: &Shelf,
    lineages: Vec<Lineage>,
) -> (Vec<Lineage>, Vec<u32>) {
    let last = outlines.len() - 1;
    let mut order: Vec<usize> = (0..lineages.len()).collect();
    order.sort_by_key(|&l| {
        let (p, s) = lineages[l].last();
        (p != last, p, s)
    });
    let mut new_index = vec![0; lineages.len()];
    for (to, &from) in order.iter().enumerate() {
        new_index[from] = u32::try_from(to).expect("fewer than 2³² lineages");
    }
    let mut slots: Vec<Option<Lineage>> = lineages.into_iter().map(Some).collect();
    let mut sorted: Vec<Lineage> = order
        .iter()
        .map(|&l| slots[l].take().expect("each lineage once"))
        .collect();
    let mut taken = BTreeSet::new();
    for l in &mut sorted {
        let (p, s) = l.last();
        let base = file_key(&shelf.head(outlines.get(p, s)).id());
        let mut key = base.clone();
        let mut k = 2;
        while !taken.insert(key.clone()) {
            key = format!("{base}-{k}");
            k += 1;
        }
        l.key = key;
    }
    (sorted, new_index)
}

/// A section id as a file name: letters, digits, `-` and `_` kept (ASCII, as
/// slugs are; an explicit `{#id}` may hold anything), the rest `-`; the
/// preamble (no id) is `preambulo`.
fn file_key(id: &str) -> String {
    let key: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let key = key.trim_matches('-');
    if key.is_empty() {
        "preambulo".to_owned()
    } else {
        key.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl History {
        /// An empty history whose texts did not all read back, for the
        /// commands' tests.
        pub(crate) fn not_read_back(why: &str) -> History {
            let h = History::empty();
            let _ = h.unread.set(why.to_owned());
            h
        }
    }

    /// A repository of `n` commits of `policy/doc.md`, each editing one
    /// article and every tenth adding one, and a manifest of one draft.
    fn long_repo(n: usize) -> tempfile::TempDir {
        use git2::{Repository, Signature, Time};
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        std::fs::create_dir_all(dir.path().join("policy")).unwrap();
        let mut first = None;
        let mut parent: Option<git2::Oid> = None;
        let mut commit = |k: usize, path: &str, text: &str| {
            std::fs::write(dir.path().join(path), text).unwrap();
            let mut index = repo.index().unwrap();
            index.add_path(std::path::Path::new(path)).unwrap();
            index.write().unwrap();
            let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
            let sig = Signature::new(
                "GT",
                "gt@example.org",
                &Time::new(1_600_000_000 + k as i64 * 3600, 0),
            )
            .unwrap();
            let parents: Vec<git2::Commit> = parent
                .iter()
                .map(|p| repo.find_commit(*p).unwrap())
                .collect();
            let parents: Vec<&git2::Commit> = parents.iter().collect();
            let oid = repo
                .commit(
                    Some("HEAD"),
                    &sig,
                    &sig,
                    &format!("paso {k}"),
                    &tree,
                    &parents,
                )
                .unwrap();
            parent = Some(oid);
            oid
        };
        for k in 0..n {
            let articles = 5 + k / 10;
            let mut doc = String::from("# Política\n\n");
            for a in 0..articles {
                let edits = (k + articles - a) / articles;
                doc.push_str(&format!(
                    "## Artículo {a}\n\nTexto del artículo {a}, versión {edits}.\n\n"
                ));
            }
            let oid = commit(k, "policy/doc.md", &doc);
            first.get_or_insert(oid);
        }
        let manifest = format!(
            "title: T\nlanguage: es\nfiles: [doc.md]\ndrafts:\n  - id: b1\n    title: B1\n    \
             date: 2022-01-01\n    stage: x\n    ref: {}\n",
            first.unwrap()
        );
        commit(n, "policy/pnda.yaml", &manifest);
        dir
    }

    #[cfg(unix)]
    #[test]
    fn pages_changed_in_the_file_after_the_history_is_made_give_stand_ins_and_fail_the_check() {
        use std::os::unix::fs::FileExt;
        let dir = long_repo(300);
        let sources = Sources::open(dir.path(), None).expect("manifest loads");
        let h = History::of_commits(&sources, sources.manifest().unwrap(), &Progress::hidden())
            .expect("history");
        assert!(h.check_read_back("x").is_ok());
        let before: Vec<usize> = (0..h.lineages().len())
            .map(|l| h.places_of(l).count())
            .collect();
        assert!(h.points().len() == 300 && h.lineages().len() > 30);
        // Every byte of the file changed under the history, and what it
        // read back last forgotten.
        let spill = Arc::clone(h.spill.as_ref().expect("a temporary file"));
        spill
            .file()
            .write_all_at(&vec![0xff; spill.bytes() as usize], 0)
            .unwrap();
        h.steps.forget_recent();
        h.outlines.forget_recent();
        h.by_point.forget_recent();
        let h = History {
            recent: patched::Recent::default(),
            ..h
        };
        // Each reader goes on, with stand-ins, and never panics.
        for (l, count) in before.iter().enumerate() {
            assert!(h.places_of(l).count() <= *count);
            let _ = h.heads_of(l);
            let _ = h.event_count(l);
        }
        let last = h.points().len() - 1;
        assert_eq!(h.blame_at(last).len(), h.section_count(last));
        let outline = h.outline(last);
        assert_eq!(outline.len(), h.section_count(last));
        let _ = (h.section(last, 0), h.body(last, 0), h.lineage_of(last, 0));
        let err = h.check_read_back("x").unwrap_err().to_string();
        assert!(err.contains("temporary file"), "{err}");
        let noted = spill.failure().expect("noted");
        assert!(noted.contains("changed while cotejo ran"), "{noted}");
    }

    #[test]
    fn a_body_that_did_not_read_back_fails_the_check() {
        let mut h = History::empty();
        assert!(h.check_read_back("x").is_ok());
        let Some(spill) = Spill::create() else {
            return;
        };
        let spill = Arc::new(spill);
        h.spill = Some(Arc::clone(&spill));
        assert!(h.check_read_back("x").is_ok());
        spill.note(spill::ReadBack("a body changed".into()));
        let err = h.check_read_back("x").unwrap_err().to_string();
        assert!(err.contains("a body changed"), "{err}");
    }
}
