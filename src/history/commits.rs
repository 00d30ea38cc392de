//! The chain of every commit that changed the document: HEAD's history,
//! oldest first, as [`linear_history`] lays it out (HEAD's first-parent line,
//! each merge preceded by the commits it brings in), keeping only the commits
//! whose files differ from the change before. Each text is read, parsed,
//! compared with the next and kept only as an [`Outline`] in the history's
//! [`Store`]: at any moment a core holds two parsed versions, whatever the
//! length of the history.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use git2::{Oid, Repository, Sort};

use super::changes::{Change, Changes};
use super::chunks::Chunked;
use super::comparisons::Comparisons;
use super::kept::Kept;
use super::outline::Entry;
use super::patched::{Chain, Form, Patched};
use super::spill::Spill;
use super::{Compared, Pairing, Point, Points, Store, compare_pair};
use crate::compare;
use crate::error::{Error, Result};
use crate::manifest::LoadedManifest;
use crate::progress::Progress;
use crate::source::{Sources, Text, Version, decode_blob};
use crate::version::short_commit;

/// The blob of each of the document's files at one commit (`None`: absent).
type Blobs = Vec<Option<Oid>>;

/// Every commit that changed the document, read and compared step by step.
pub(super) fn compared(
    sources: &Sources,
    manifest: &LoadedManifest,
    progress: &Progress,
) -> Result<Compared> {
    let what = "--all-commits";
    let (repo, files) = sources.document_files(what)?;
    // Blobs are found by their id; checking each one's hash again as it is
    // read would be a tenth of the run.
    git2::opts::strict_hash_verification(false);
    // Every commit and its trees are read once here, and libgit2 kept each
    // parsed in the repository's object cache for the whole run (up to 256
    // MiB): ~3 KB a commit, 8 MiB of the resident size at 3,000 commits.
    // Nothing reads them twice where the cache would help. Process-wide,
    // like the settings below: after the history, a command reads only its
    // drafts' few commits.
    git2::opts::enable_caching(false);
    map_packs_in_small_windows();
    let line = linear_history(repo)?;
    let draft_commits = draft_commits(repo, manifest)?;
    progress.start("reading commits", line.len());
    // A change's summary and date are not kept here: they go straight to
    // the points.
    let mut changes = Changes::of_files(files.len());
    // The points, the steps' records and the new bodies go to an unlinked
    // temporary file as they are made (in memory when there is none to be
    // had).
    let spill = Spill::create().map(Arc::new);
    let mut points = Points::spilling(spill.clone());
    for (position, &(oid, on_first_parent_line)) in line.iter().enumerate() {
        progress.advance(1);
        let commit = repo.find_commit(oid).map_err(|e| Error::git(what, e))?;
        let blobs = blobs_at(repo, &files, &commit)?;
        if blobs.iter().all(Option::is_none) || changes.last().is_some_and(|c| c.blobs == blobs) {
            continue;
        }
        // A commit a merge brought in counts only when it changed the
        // document itself (or is a draft): its branch may have started before
        // changes the line made since, which it did not undo.
        if !on_first_parent_line && !draft_commits.contains(&oid) {
            let parent_blobs = match commit.parent(0) {
                Ok(parent) => blobs_at(repo, &files, &parent)?,
                Err(_) => vec![None; files.len()],
            };
            if parent_blobs == blobs {
                continue;
            }
        }
        let id = oid.to_string();
        points.push(Point {
            // Eight digits, as every page and command names a commit.
            label: id[..8].to_owned(),
            draft: None,
            summary: Some(
                commit
                    .summary()
                    .ok()
                    .flatten()
                    .unwrap_or_default()
                    .to_owned(),
            ),
            date: Some(civil_date(
                commit.time().seconds() + i64::from(commit.time().offset_minutes()) * 60,
            )),
            commit: Some(id),
        });
        changes.push(position, oid, &blobs);
    }
    progress.finish();
    if changes.is_empty() {
        return Err(Error::NoDocumentCommits {
            files: files
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            manifest: manifest.path.clone(),
        });
    }
    for (k, draft) in draft_points(repo, manifest, &line, &changes)? {
        // A draft is named and dated as the manifest has it, not by its commit.
        points.mark_draft(k, &draft, manifest.draft(&draft).map(|d| d.date.as_str()));
    }
    // The changes are not added to again, and are held while every text is
    // read (24 bytes a commit and 21 a file): their spare room, and every
    // commit of the line, go before.
    drop(line);
    changes.shrink_to_fit();
    points.shrink_to_fit();
    let store = Store::spilling(spill.clone());
    let (outlines, steps) = read_and_compare(
        repo,
        &files,
        &changes,
        &points,
        &store,
        spill.as_ref(),
        progress,
    )?;
    Ok(Compared {
        points,
        outlines,
        steps,
        store,
        spill,
    })
}

/// How much of a pack file libgit2 maps at once, and in all.
const PACK_WINDOW: usize = 512 * 1024;
const PACK_MAPPED_LIMIT: usize = 1024 * 1024;

/// Has libgit2 map pack files in small windows, and unmap the least recently
/// used ones past a small total. By default it maps a pack whole (windows of
/// 1 GiB, 8 GiB in all) and keeps it mapped: reading every commit's text
/// touches every page of the pack, and the resident size grew with the
/// length of the history (the pack of 1,000 commits × 1 MB is 3 MiB; of 100,
/// 0.3 MiB). The texts are read newest first along git's delta chains, so a
/// window serves many reads before it is unmapped.
fn map_packs_in_small_windows() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: both setters store a number in libgit2's globals without a
    // lock, so no other thread should be reading a pack meanwhile: this runs
    // once, before the history's reading threads start, and the commands
    // build the history of commits before anything else reads the repository.
    ONCE.call_once(|| unsafe {
        let _ = git2::opts::set_mwindow_size(PACK_WINDOW);
        let _ = git2::opts::set_mwindow_mapped_limit(PACK_MAPPED_LIMIT);
    });
}

/// In a shallow clone, the commit where HEAD's history is cut (git lists such
/// commits in `.git/shallow`): the commits before it are absent, so it seems
/// to have written everything they wrote. Every parent is followed, so a cut
/// a merge's second parent reaches counts as one on the first-parent line;
/// of several, the first in [`linear_history`]'s order (the first-parent
/// line's own, when it is cut). `None` in a full clone.
pub(super) fn shallow_boundary(sources: &Sources) -> Option<String> {
    let repo = sources.repo().filter(|r| r.is_shallow())?;
    let listed = std::fs::read_to_string(repo.path().join("shallow")).unwrap_or_default();
    let listed: HashSet<&str> = listed.lines().map(str::trim).collect();
    let history = linear_history(repo).ok()?;
    let cut = history
        .iter()
        .map(|(oid, _)| oid.to_string())
        .find(|oid| listed.contains(oid.as_str()));
    // A shallow repository whose list cannot be read: its oldest commit.
    cut.or_else(|| {
        listed
            .iter()
            .all(|l| l.is_empty())
            .then(|| history.first().map(|(oid, _)| oid.to_string()))
            .flatten()
    })
}

/// The blob of each of the document's files at `commit`.
fn blobs_at(
    repo: &Repository,
    files: &[(String, String)],
    commit: &git2::Commit<'_>,
) -> Result<Blobs> {
    let what = "--all-commits";
    let oid = commit.id();
    let tree = commit.tree().map_err(|e| Error::git(what, e))?;
    let mut tree = crate::git_tree::TreeFiles::new(repo, tree);
    files
        .iter()
        .map(|(_, path)| {
            crate::links::blob_in_tree(repo, &mut tree, path, || {
                format!("`{path}` at commit {}", short_commit(&oid.to_string()))
            })
        })
        .collect()
}

/// The commits the manifest's drafts name (those that resolve; a draft that
/// does not is reported by [`draft_points`]).
fn draft_commits(repo: &Repository, manifest: &LoadedManifest) -> Result<HashSet<Oid>> {
    Ok(manifest
        .manifest
        .drafts
        .iter()
        .filter_map(|d| {
            repo.revparse_single(&d.reference.value)
                .and_then(|o| o.peel_to_commit())
                .ok()
                .map(|c| c.id())
        })
        .collect())
}

/// Every commit HEAD reaches, oldest first, each with whether it is on
/// HEAD's first-parent line: that line, with each merge preceded by the
/// commits it brought in (the merged branch's own first-parent line down to
/// what came before, each of its merges laid out the same way). Drafts that
/// arrived through a `--no-ff` merge are read at their own commits, as the
/// history of the drafts reads them, and a branch's commits stay together.
fn linear_history(repo: &Repository) -> Result<Vec<(Oid, bool)>> {
    enum Task {
        /// Lay out what the commit merged, then the commit.
        Visit(Oid, bool),
        /// Every ancestor of the commit is laid out: the commit follows.
        Emit(Oid, bool),
        /// A merged parent: its first-parent line down to a laid-out commit.
        Branch(Oid),
    }
    let what = "--all-commits";
    let line = first_parent_line(repo)?;
    let mut out = Vec::with_capacity(line.len());
    let mut seen: HashSet<Oid> = HashSet::with_capacity(line.len());
    let mut tasks: Vec<Task> = line.iter().rev().map(|&o| Task::Visit(o, true)).collect();
    while let Some(task) = tasks.pop() {
        match task {
            Task::Visit(oid, on_line) => {
                if seen.contains(&oid) {
                    continue;
                }
                let commit = repo.find_commit(oid).map_err(|e| Error::git(what, e))?;
                tasks.push(Task::Emit(oid, on_line));
                // Second parent first, as `git log` lists an octopus merge.
                let merged: Vec<Oid> = commit.parent_ids().skip(1).collect();
                tasks.extend(merged.into_iter().rev().map(Task::Branch));
            }
            Task::Emit(oid, on_line) => {
                if seen.insert(oid) {
                    out.push((oid, on_line));
                }
            }
            Task::Branch(tip) => {
                // Newest first; a commit absent (a shallow clone's cut) ends it.
                let mut branch = Vec::new();
                let mut at = Some(tip);
                while let Some(oid) = at.filter(|o| !seen.contains(o)) {
                    let Ok(commit) = repo.find_commit(oid) else {
                        break;
                    };
                    branch.push(oid);
                    at = commit.parent_id(0).ok();
                }
                tasks.extend(branch.into_iter().map(|o| Task::Visit(o, false)));
            }
        }
    }
    Ok(out)
}

/// HEAD's first-parent line, oldest first.
fn first_parent_line(repo: &Repository) -> Result<Vec<Oid>> {
    let what = "--all-commits";
    let mut walk = repo.revwalk().map_err(|e| Error::git(what, e))?;
    walk.push_head().map_err(|e| Error::git("HEAD", e))?;
    walk.simplify_first_parent()
        .map_err(|e| Error::git(what, e))?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
        .map_err(|e| Error::git(what, e))?;
    walk.collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::git(what, e))
}

/// Which change each draft is: the last change at or before the draft's
/// commit on the line (its files: a draft's commit is a change unless its
/// files are the last change's). A draft HEAD does not reach is an error.
fn draft_points(
    repo: &Repository,
    manifest: &LoadedManifest,
    line: &[(Oid, bool)],
    changes: &Changes,
) -> Result<HashMap<usize, String>> {
    let position: HashMap<Oid, usize> =
        line.iter().enumerate().map(|(k, (o, _))| (*o, k)).collect();
    let mut out = HashMap::new();
    for d in &manifest.manifest.drafts {
        let commit = repo
            .revparse_single(&d.reference.value)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| Error::MissingCommit {
                draft: d.id.value.clone(),
                reference: d.reference.value.clone(),
                manifest: manifest.path.clone(),
                line: d.reference.referenced.line(),
            })?;
        let Some(&at) = position.get(&commit.id()) else {
            return Err(Error::DraftOffLine {
                draft: d.id.value.clone(),
                commit: short_commit(&commit.id().to_string()).to_owned(),
                manifest: manifest.path.clone(),
                line: d.reference.referenced.line(),
            });
        };
        if let Some(k) = changes.iter().rposition(|c| c.position <= at) {
            out.insert(k, d.id.value.clone());
        }
    }
    Ok(out)
}

/// What a run of changes gives back: its points' outlines (newest first),
/// the comparisons it made, and for each its step and [`Texts`].
type Run = (Patched<Entry>, Comparisons, Vec<(u32, Texts)>);

/// What finds a step compared before: the SHA-256 of its two texts' SHA-256
/// ([`texts_key`]). One digest, not the two: a run holds one a step till
/// every core is done (36 bytes a step with its number, where the two and
/// a `usize` were 72, in a list that doubled: 2.4 MB at 30,000 commits).
type Texts = [u8; 32];

/// A change's, step's or run's number, as the lists held while the texts
/// are read keep it (there are fewer than 2³² changes: [`Changes::push`]).
fn number(k: usize) -> u32 {
    u32::try_from(k).expect("fewer than 2³² changes")
}

/// The [`Texts`] of a step whose old and new texts have these SHA-256.
fn texts_key([old, new]: [[u8; 32]; 2]) -> Texts {
    use sha2::{Digest, Sha256};
    let mut key = Sha256::new();
    key.update(old);
    key.update(new);
    key.finalize().into()
}

/// Reads, parses and compares every change, over the cores: each core takes
/// a run of consecutive changes and goes through it newest first (git packs
/// a file's newest text whole and older ones as deltas against newer ones,
/// so each read builds on the one before), parsing each text from the one
/// after it (most commits touch a section or two; `edited` works in either
/// direction), comparing the two and keeping the newer one only as its
/// outline (most often as an edit of the newer one's: see `patched`). A run
/// also reads the change before its first, to compare across
/// the boundary. A step whose pair of texts came before (a revert, then the
/// same edit again) is compared once: the later ones share its comparison.
fn read_and_compare(
    repo: &Repository,
    files: &[(String, String)],
    changes: &Changes,
    points: &Points,
    store: &Store,
    spill: Option<&Arc<Spill>>,
    progress: &Progress,
) -> Result<(Patched<Entry>, Comparisons)> {
    // The text of each change is read from the first change with its blobs,
    // so that a version names the commit that first had it.
    // Numbers of changes and steps as 4 bytes: these lists are held while
    // every text is read.
    let mut seen: HashMap<&[Option<Oid>], u32> = HashMap::new();
    let source: Vec<u32> = changes
        .iter()
        .enumerate()
        .map(|(k, c)| *seen.entry(c.blobs).or_insert(number(k)))
        .collect();
    drop(seen);
    let mut first_pair: HashMap<(u32, u32), u32> = HashMap::new();
    let primary: Vec<u32> = (0..changes.len().saturating_sub(1))
        .map(|k| {
            *first_pair
                .entry((source[k], source[k + 1]))
                .or_insert(number(k))
        })
        .collect();
    // Gone before the texts are read: a hash table entry a commit.
    drop(first_pair);
    const RELEASE_EVERY: usize = 128;
    progress.start("reading and comparing", changes.len());
    let options = compare::Options { changes_only: true };
    let git_dir = repo.path();
    let indices: Vec<u32> = (0..changes.len()).map(number).collect();
    let runs: Vec<Result<Run>> = crate::parallel::map_runs(&indices, |run| {
        let (first, last) = (run[0] as usize, run[run.len() - 1] as usize);
        // Newest first; the runs are joined in order at the end.
        let order = (first.saturating_sub(1)..=last).rev();
        let wanted = order.clone().map(|p| changes.get(source[p] as usize));
        read_ahead(git_dir, files, wanted, |texts| {
            // Newest first, as they are made: joined in order below.
            let mut outlines: Patched<Entry> = Patched::part(spill.cloned(), "the outlines");
            // The newer point's sections, whole, and how far they are from
            // a whole list as kept.
            let mut newer: Option<(Chunked<Entry>, Chain)> = None;
            // The comparisons, newest first, kept end to end as they are
            // made (each one's briefs and pairing not held apart till
            // every core is done).
            let mut steps = Comparisons::spilling(spill.cloned());
            // At most one step for each change of the run.
            let mut keys: Vec<(u32, Texts)> = Vec::with_capacity(run.len());
            let mut next: Option<Version> = None;
            for p in order {
                // `None` only when the reader panicked: the scope re-raises it.
                let Some(text) = texts.next() else { break };
                let text = text?;
                let version = match &next {
                    Some(n) => text.assemble_as_edit_of(n),
                    None => text.assemble(),
                };
                let mut old_to_new = None;
                if let Some(n) = next.as_ref().filter(|_| primary[p] as usize == p) {
                    let (cmp, al) = compare_pair(
                        (&version, points.label(p).as_str()),
                        (n, points.label(p + 1).as_str()),
                        &options,
                    );
                    let texts = cmp.texts();
                    steps.add(
                        Kept::keep(cmp, spill.map(Arc::as_ref)),
                        &Pairing::of(&al.new_to_old),
                    );
                    keys.push((number(p), texts_key(texts)));
                    old_to_new = Some(al.old_to_new);
                }
                if p >= first {
                    // Sections the next version has alike are shared with it.
                    let like = newer.as_ref().zip(old_to_new.as_deref());
                    let sections = store.sections(
                        &version.document,
                        like.zip(next.as_ref())
                            .map(|(((o, _), map), n)| (o, &n.document, map)),
                    );
                    let neighbour = like.map(|((o, chain), map)| (p + 1, o, map, *chain));
                    let (form, chain) = Form::of(sections.clone(), neighbour, Entry::is);
                    outlines.push(form);
                    newer = Some((sections, chain));
                    progress.advance(1);
                }
                next = Some(version);
                // What the commits before freed, held by the allocator among
                // the outlines and steps kept, goes back every so often, so
                // the resident size follows what is kept (1,000 commits × 1 MB:
                // 98 → 76 MiB when the texts were read on this thread). Since
                // they are read apart, every 32 commits gave back and faulted
                // in again the reader's blocks for nothing: at 10,000 commits,
                // 12.6 s of system time against 7.4 every 128, the same peak
                // (98 and 96 MiB; 107 never).
                if p % RELEASE_EVERY == 0 {
                    crate::memory::release_free_pages();
                }
            }
            Ok((outlines, steps, keys))
        })
    });
    progress.finish();
    let mut parts: Vec<Patched<Entry>> = Vec::with_capacity(runs.len());
    let mut compared: Vec<Comparisons> = Vec::with_capacity(runs.len());
    // Each run's first steps (each the first between its two sets of
    // blobs), oldest first, with their [`Texts`].
    let mut firsts: Vec<Vec<(u32, Texts)>> = Vec::with_capacity(runs.len());
    for run in runs {
        let (o, part, mut keys) = run?;
        parts.push(o);
        keys.reverse();
        firsts.push(keys);
        compared.push(part);
    }
    // Every step shares the comparison of the first step between the same
    // two texts (two sets of blobs can join into one text).
    let earlier = earlier_same_texts(&firsts);
    let mut steps = Comparisons::spilling(spill.cloned());
    // The run of the next first step, and its place there. The runs before
    // it are all taken (a run's steps come after the run before's), so
    // freed: their parts and lists of first steps.
    let (mut run, mut at) = (0, 0);
    for (k, &p) in primary.iter().enumerate() {
        let comparison = if p as usize == k {
            while at == firsts[run].len() {
                compared[run] = Comparisons::default();
                firsts[run] = Vec::new();
                (run, at) = (run + 1, 0);
            }
            let keys = &firsts[run];
            assert_eq!(keys[at].0 as usize, k, "each first step compared once");
            // `at` counts the run's first steps oldest first; its part
            // numbers their comparisons newest first, as it made them.
            let c = keys.len() - 1 - at;
            at += 1;
            match earlier.get(&number(k)) {
                Some(&e) => steps.comparison_of(e as usize),
                None => steps.add_from(&mut compared[run], c),
            }
        } else {
            // The same two sets of blobs as step `p`, before it.
            steps.comparison_of(p as usize)
        };
        steps.push_step(comparison);
    }
    drop(compared);
    steps.shrink_to_fit();
    Ok((Patched::join_reversed(parts), steps))
}

/// For each first step whose two texts an earlier one had (two sets of
/// blobs can join into one text: files split or joined), that earlier
/// step. The runs' first steps, oldest first, are sorted by their
/// [`Texts`]: 4 bytes a step while sorting, beside the runs' lists already
/// held. A table of the digests and a list of where each step was made
/// were ~0.1 KiB a step at the join.
fn earlier_same_texts(firsts: &[Vec<(u32, Texts)>]) -> HashMap<u32, u32> {
    let starts: Vec<usize> = firsts
        .iter()
        .scan(0, |start, keys| {
            let here = *start;
            *start += keys.len();
            Some(here)
        })
        .collect();
    let total = firsts.iter().map(Vec::len).sum();
    let key = |o: u32| {
        let o = o as usize;
        let r = starts.partition_point(|&s| s <= o) - 1;
        &firsts[r][o - starts[r]]
    };
    // In the steps' order where two have the same texts: the first of each
    // group is the earliest.
    let mut order: Vec<u32> = (0..total).map(number).collect();
    order.sort_unstable_by(|&a, &b| key(a).1.cmp(&key(b).1).then(a.cmp(&b)));
    let mut earlier = HashMap::new();
    for group in order.chunk_by(|&a, &b| key(a).1 == key(b).1) {
        let first = key(group[0]).0;
        for &o in &group[1..] {
            earlier.insert(key(o).0, first);
        }
    }
    earlier
}

/// Runs `work` over the texts of `changes`, in their order, read on a thread
/// of its own one text ahead of it (an error ends the texts).
///
/// Reading a text is libgit2 applying a chain of deltas, each result a new
/// block the size of the document (~12 blocks of 1 MB a commit on a pack
/// `git fast-import` wrote), freed soon after. glibc gives each thread its
/// own heap: on the thread that also made what the history keeps, those
/// blocks were freed among the small blocks it keeps and the heap
/// fragmented, its resident size growing with the commits (3,000 commits ×
/// 1 MB: 82 → 72–74 MiB with the reading apart). The reader's heap holds only
/// the reading; the texts it hands over are freed where they were made.
fn read_ahead<'a, R>(
    git_dir: &std::path::Path,
    files: &[(String, String)],
    changes: impl Iterator<Item = Change<'a>> + Send,
    work: impl FnOnce(&mut dyn Iterator<Item = Result<Text>>) -> R,
) -> R {
    std::thread::scope(|scope| {
        // No room in the channel: the reader reads the next text while the
        // work parses this one, and waits for it to be taken.
        let (send, texts) = std::sync::mpsc::sync_channel::<Result<Text>>(0);
        scope.spawn(move || {
            let repo = match Repository::open(git_dir) {
                Ok(repo) => repo,
                Err(e) => {
                    let _ = send.send(Err(Error::git("--all-commits", e)));
                    return;
                }
            };
            for change in changes {
                let text = read_text(&repo, files, change);
                let failed = text.is_err();
                // A closed channel: the work stopped at an error of its own.
                if send.send(text).is_err() || failed {
                    return;
                }
            }
        });
        work(&mut texts.into_iter())
    })
}

/// The document's files at one change, as text.
fn read_text(repo: &Repository, files: &[(String, String)], c: Change<'_>) -> Result<Text> {
    let id = c.commit.to_string();
    let short = short_commit(&id);
    let mut contents = Vec::with_capacity(files.len());
    for ((name, path), blob) in files.iter().zip(c.blobs) {
        let Some(blob) = blob else { continue };
        let bytes = repo
            .find_blob(*blob)
            .map_err(|e| Error::git(short, e))?
            .content()
            .to_vec();
        contents.push((
            name.clone(),
            decode_blob(bytes, || format!("`{path}` at commit {short}"))?,
        ));
    }
    Ok(Text {
        label: id[..8].to_owned(),
        commit: Some(id.clone()),
        from_manifest: true,
        files: contents,
    })
}

/// `YYYY-MM-DD` of a count of seconds since 1970 (the commit's own time zone
/// added by the caller).
pub(crate) fn civil_date(seconds: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = seconds.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_first_step_with_an_earlier_ones_texts_names_the_earliest() {
        let t = |b: u8| [b; 32];
        // Three runs (one with no first step), oldest first within each.
        let firsts = vec![
            vec![(0, t(7)), (1, t(2)), (3, t(9))],
            vec![],
            vec![(4, t(2)), (6, t(5)), (8, t(7)), (9, t(2))],
        ];
        let earlier = super::earlier_same_texts(&firsts);
        let mut pairs: Vec<(u32, u32)> = earlier.into_iter().collect();
        pairs.sort_unstable();
        assert_eq!(pairs, [(4, 1), (8, 0), (9, 1)]);
        assert!(super::earlier_same_texts(&[vec![], vec![]]).is_empty());
    }

    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_date(0), "1970-01-01");
        assert_eq!(super::civil_date(951_782_400), "2000-02-29");
        assert_eq!(super::civil_date(1_700_000_000), "2023-11-14");
    }
}
