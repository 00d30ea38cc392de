//! The history of the document over a chain of versions — the manifest's
//! drafts ([`History::of_drafts`]) or every commit that touched the document
//! ([`History::of_commits`]): each step's comparison, each section's
//! [`Lineage`] across the chain, and the blame of its text.
//!
//! A lineage is one section's identity through the chain: the pairing of each
//! step (`compare`) links the section of one version to its counterpart in the
//! next, so a section renamed at one step and moved at another is one lineage,
//! one history. Nothing is compared twice: each step is one comparison, and
//! with `of_commits` identical texts (a revert) share one parse and one diff.

pub mod blame;
pub(crate) mod commits;
mod find;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::compare;
use crate::document::Section;
use crate::error::Result;
use crate::manifest::LoadedManifest;
use crate::model::{Comparison, SectionChange};
use crate::progress::Progress;
use crate::source::{Sources, Version};
use blame::Span;

pub use find::Found;

/// One version of the chain.
#[derive(Debug, Clone)]
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
    pub version: Arc<Version>,
}

/// One section through the chain.
#[derive(Debug, Clone)]
pub struct Lineage {
    /// Unique among the lineages and safe as a file name: the section's id
    /// where it last appears (a suffix when another lineage has that id).
    pub key: String,
    /// The section's index at each point, `None` where it does not exist.
    pub at: Vec<Option<usize>>,
    /// For each step, the index of the section's entry in that step's
    /// comparison (`None` when the section did not change at that step or is
    /// on neither side).
    pub entries: Vec<Option<usize>>,
    /// The blame of its text where it last appears.
    pub blame: Vec<Span>,
}

impl Lineage {
    /// The last point where the section exists, and its index there.
    pub fn last(&self) -> (usize, usize) {
        self.at
            .iter()
            .enumerate()
            .rev()
            .find_map(|(p, s)| s.map(|s| (p, s)))
            .expect("a lineage exists somewhere")
    }

    /// The first point where the section exists.
    pub fn first(&self) -> usize {
        self.at
            .iter()
            .position(Option::is_some)
            .expect("a lineage exists somewhere")
    }
}

/// What happened to a section at one step.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    /// The step: from point `step` to point `step + 1`.
    pub step: usize,
    pub change: &'a SectionChange,
}

/// The document's history over a chain of versions.
#[derive(Debug, Clone)]
pub struct History {
    /// Oldest first.
    points: Vec<Point>,
    /// `steps[k]` compares `points[k]` with `points[k + 1]`, listing only the
    /// sections that changed (added, removed, or changed in body, place or
    /// heading): thousands of steps of a commit history would otherwise hold
    /// every unchanged section thousands of times. A step shared by identical
    /// texts (a revert) is one comparison, so its versions' labels may name
    /// the first such pair: read labels from `points`.
    steps: Vec<Arc<Comparison>>,
    /// For each step, each new section's counterpart in the old version.
    pairings: Vec<Arc<Vec<Option<usize>>>>,
    /// Sections of the last point in order, then the removed ones by where
    /// they were last seen.
    lineages: Vec<Lineage>,
    /// The lineage of each section of each point.
    by_point: Vec<Vec<usize>>,
    /// The commit where a shallow clone cuts the history of every commit.
    truncated_at: Option<String>,
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
        let points = manifest
            .manifest
            .drafts
            .iter()
            .zip(versions)
            .map(|(d, version)| Point {
                label: d.id.value.clone(),
                draft: Some(d.id.value.clone()),
                commit: version.commit.clone(),
                summary: None,
                date: Some(d.date.clone()),
                version,
            })
            .collect();
        History::build(points, &Progress::hidden())
    }

    /// The history of every commit on HEAD's first-parent line that changed
    /// the manifest's files; the drafts' commits are marked as drafts.
    pub fn of_commits(
        sources: &Sources,
        manifest: &LoadedManifest,
        progress: &Progress,
    ) -> Result<History> {
        let points = commits::points(sources, manifest, progress)?;
        let mut history = History::build(points, progress);
        history.truncated_at = commits::shallow_boundary(sources);
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

    /// Compares each point with the next (once per distinct pair of texts),
    /// then follows each section through the steps.
    pub fn build(points: Vec<Point>, progress: &Progress) -> History {
        if points.is_empty() {
            return History {
                points,
                steps: Vec::new(),
                pairings: Vec::new(),
                lineages: Vec::new(),
                by_point: Vec::new(),
                truncated_at: None,
            };
        }
        let (steps, pairings) = compare_steps(&points, progress);
        let (lineages, by_point) = follow(&points, &steps, &pairings);
        let mut history = History {
            points,
            steps,
            pairings,
            lineages,
            by_point,
            truncated_at: None,
        };
        history.blame_lineages();
        history
    }

    /// The versions of the chain, oldest first.
    pub fn points(&self) -> &[Point] {
        &self.points
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
    pub fn step(&self, step: usize) -> &Arc<Comparison> {
        &self.steps[step]
    }

    /// Every section's life: those of the last point in order, then the
    /// removed ones by where they were last seen.
    pub fn lineages(&self) -> &[Lineage] {
        &self.lineages
    }

    /// Section `s` of point `p`.
    pub fn section(&self, p: usize, s: usize) -> &Section {
        &self.points[p].version.document.sections()[s]
    }

    /// The body of section `s` of point `p`.
    pub fn body(&self, p: usize, s: usize) -> &str {
        self.points[p].version.document.body(s)
    }

    /// Where lineage `lineage` was last seen: the point, and its section there.
    pub fn last_section(&self, lineage: usize) -> (usize, &Section) {
        let (p, s) = self.lineages[lineage].last();
        (p, self.section(p, s))
    }

    /// The lineage of section `section` of point `point`.
    pub fn lineage_of(&self, point: usize, section: usize) -> usize {
        self.by_point[point][section]
    }

    /// The steps at which something happened to the lineage: it was added,
    /// removed, or changed in body, place or heading.
    pub fn events(&self, lineage: usize) -> Vec<Event<'_>> {
        let l = &self.lineages[lineage];
        l.entries
            .iter()
            .enumerate()
            .filter_map(|(step, e)| {
                let change = &self.steps[step].sections[(*e)?];
                change.is_change().then_some(Event { step, change })
            })
            .collect()
    }

    /// The blame spans of every section of point `point`, in section order.
    pub fn blame_at(&self, point: usize) -> Vec<Vec<Span>> {
        let mut spans = initial_spans(&self.points[0].version);
        for step in 0..point {
            spans = self.carry_step(step, &spans);
        }
        spans
    }

    /// The draft in which the changes of point `point` were first published:
    /// the first draft at or after it (`None` after the last draft).
    pub fn published_in(&self, point: usize) -> Option<&str> {
        self.points[point..].iter().find_map(|p| p.draft.as_deref())
    }

    /// The point of draft `id`.
    pub fn draft_point(&self, id: &str) -> Option<usize> {
        self.points
            .iter()
            .position(|p| p.draft.as_deref() == Some(id))
    }

    /// The spans of each section of the new version of step `step`.
    fn carry_step(&self, step: usize, old_spans: &[Vec<Span>]) -> Vec<Vec<Span>> {
        let new = &self.points[step + 1].version;
        let pairing = &self.pairings[step];
        // Unchanged sections keep their spans; the entries say the rest.
        let mut out: Vec<Vec<Span>> = pairing
            .iter()
            .map(|o| o.map_or_else(Vec::new, |o| old_spans[o].clone()))
            .collect();
        for e in &self.steps[step].sections {
            let Some(n) = &e.new else { continue };
            out[n.index] = match (&e.old, &e.diff) {
                (Some(o), Some(tokens)) => blame::carry(&old_spans[o.index], tokens, step + 1),
                (Some(o), None) => old_spans[o.index].clone(),
                (None, _) => blame::whole(new.document.body(n.index).len(), step + 1),
            };
        }
        // Text that arrived from another section keeps the points that wrote
        // it there, carried through its own edits.
        let cmp = &self.steps[step];
        for e in &cmp.sections {
            let (Some(n), Some(blocks)) = (&e.new, &e.blocks) else {
                continue;
            };
            for b in blocks {
                let (Some(from), Some(to)) = (b.moved_from, b.new) else {
                    continue;
                };
                let origin = &cmp.sections[from.section];
                let (Some(o), Some(range)) = (
                    &origin.old,
                    origin
                        .blocks
                        .as_ref()
                        .and_then(|bs| bs.get(from.block))
                        .and_then(|ob| ob.old),
                ) else {
                    continue;
                };
                let moved = blame::slice(&old_spans[o.index], range.range());
                let moved = match &b.diff {
                    Some(tokens) => blame::carry(&moved, tokens, step + 1),
                    None => moved,
                };
                out[n.index] = blame::splice(&out[n.index], to.range(), &moved);
            }
        }
        out
    }

    fn blame_lineages(&mut self) {
        let mut spans = initial_spans(&self.points[0].version);
        for step in 0..self.steps.len() {
            let next = self.carry_step(step, &spans);
            // A section removed at this step keeps the blame of its last text.
            for e in &self.steps[step].sections {
                if let (Some(o), None) = (&e.old, &e.new) {
                    let l = self.by_point[step][o.index];
                    self.lineages[l].blame = std::mem::take(&mut spans[o.index]);
                }
            }
            spans = next;
        }
        let last = self.points.len() - 1;
        for (section, s) in spans.into_iter().enumerate() {
            let l = self.by_point[last][section];
            self.lineages[l].blame = s;
        }
    }
}

fn initial_spans(version: &Version) -> Vec<Vec<Span>> {
    (0..version.document.sections().len())
        .map(|i| blame::whole(version.document.body(i).len(), 0))
        .collect()
}

/// Each step's comparison and pairing, distinct pairs of texts compared once,
/// spread over the cores.
#[allow(clippy::type_complexity)]
fn compare_steps(
    points: &[Point],
    progress: &Progress,
) -> (Vec<Arc<Comparison>>, Vec<Arc<Vec<Option<usize>>>>) {
    let mut first_of: HashMap<(&str, &str), usize> = HashMap::new();
    let mut distinct: Vec<(usize, usize)> = Vec::new();
    let mut which: Vec<usize> = Vec::with_capacity(points.len().saturating_sub(1));
    for b in 1..points.len() {
        let a = b - 1;
        let key = (
            points[a].version.sha256.as_str(),
            points[b].version.sha256.as_str(),
        );
        let at = *first_of.entry(key).or_insert_with(|| {
            distinct.push((a, b));
            distinct.len() - 1
        });
        which.push(at);
    }
    progress.start("comparing", distinct.len());
    let options = compare::Options { changes_only: true };
    let done: Vec<(Arc<Comparison>, Arc<Vec<Option<usize>>>)> =
        crate::parallel::map(&distinct, 4, |&(a, b)| {
            let (old, new) = (&points[a].version, &points[b].version);
            let mut old_side = old.side();
            let mut new_side = new.side();
            old_side.info.label = points[a].label.clone();
            new_side.info.label = points[b].label.clone();
            let (cmp, al) = compare::compare_aligned(old_side, new_side, &options);
            progress.advance(1);
            (Arc::new(cmp), Arc::new(al.new_to_old))
        });
    progress.finish();
    which
        .into_iter()
        .map(|k| (Arc::clone(&done[k].0), Arc::clone(&done[k].1)))
        .unzip()
}

/// Follows every section through the steps; returns the lineages in their
/// final order and each point's section → lineage table.
fn follow(
    points: &[Point],
    steps: &[Arc<Comparison>],
    pairings: &[Arc<Vec<Option<usize>>>],
) -> (Vec<Lineage>, Vec<Vec<usize>>) {
    let n_points = points.len();
    let new_lineage = || Lineage {
        key: String::new(),
        at: vec![None; n_points],
        entries: vec![None; n_points.saturating_sub(1)],
        blame: Vec::new(),
    };
    let mut lineages: Vec<Lineage> = Vec::new();
    let mut by_point: Vec<Vec<usize>> = Vec::with_capacity(n_points);
    let first = points[0].version.document.sections().len();
    by_point.push((0..first).collect());
    for s in 0..first {
        let mut l = new_lineage();
        l.at[0] = Some(s);
        lineages.push(l);
    }
    for (k, cmp) in steps.iter().enumerate() {
        // Unchanged sections continue their lineage; the entries add the
        // new sections and mark where each lineage changed.
        let mut next: Vec<usize> = pairings[k]
            .iter()
            .map(|o| o.map_or(usize::MAX, |o| by_point[k][o]))
            .collect();
        for (n, l) in next.iter().enumerate() {
            if *l != usize::MAX {
                lineages[*l].at[k + 1] = Some(n);
            }
        }
        for (e_idx, e) in cmp.sections.iter().enumerate() {
            let l = match &e.old {
                Some(o) => by_point[k][o.index],
                None => {
                    lineages.push(new_lineage());
                    lineages.len() - 1
                }
            };
            lineages[l].entries[k] = Some(e_idx);
            if let Some(n) = &e.new {
                lineages[l].at[k + 1] = Some(n.index);
                next[n.index] = l;
            }
        }
        debug_assert!(next.iter().all(|&l| l != usize::MAX));
        by_point.push(next);
    }
    order_and_name(points, lineages, by_point)
}

/// Puts the lineages in reading order — the last point's sections, then the
/// removed ones by where they were last seen — and gives each its key.
fn order_and_name(
    points: &[Point],
    lineages: Vec<Lineage>,
    by_point: Vec<Vec<usize>>,
) -> (Vec<Lineage>, Vec<Vec<usize>>) {
    let last = points.len() - 1;
    let mut order: Vec<usize> = (0..lineages.len()).collect();
    order.sort_by_key(|&l| {
        let (p, s) = lineages[l].last();
        (p != last, p, s)
    });
    let mut new_index = vec![0; lineages.len()];
    for (to, &from) in order.iter().enumerate() {
        new_index[from] = to;
    }
    let mut slots: Vec<Option<Lineage>> = lineages.into_iter().map(Some).collect();
    let mut sorted: Vec<Lineage> = order
        .iter()
        .map(|&l| slots[l].take().expect("each lineage once"))
        .collect();
    let mut taken = BTreeSet::new();
    for l in &mut sorted {
        let (p, s) = l.last();
        let base = file_key(&points[p].version.document.sections()[s].id);
        let mut key = base.clone();
        let mut k = 2;
        while !taken.insert(key.clone()) {
            key = format!("{base}-{k}");
            k += 1;
        }
        l.key = key;
    }
    let by_point = by_point
        .into_iter()
        .map(|row| row.into_iter().map(|l| new_index[l]).collect())
        .collect();
    (sorted, by_point)
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
