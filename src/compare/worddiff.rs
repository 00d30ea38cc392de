//! Word diff of two section bodies, cleaned up for people.
//!
//! Two passes, as git's `--word-diff` does: lines first (similar's Histogram),
//! then words inside each changed block of lines. Line diffing keeps large,
//! mostly equal bodies cheap; the word pass never sees more than a hunk. Past the
//! deadline a hunk is shown whole (deleted, then inserted): coarser, never slow.
//!
//! The raw edit script is then cleaned: a run of equal whitespace or punctuation
//! between two changes (or a word or two dwarfed by them) joins the change, so a
//! reader sees `[-a b-]{+c d+}` rather than `[-a-]{+c+} [-b-]{+d+}`. Tokens are whole
//! words, so a word is never cut (`Janu|M|ar`).

use std::time::Instant;

use similar::{Algorithm, DiffOp, DiffTag, capture_diff_slices_deadline};

use super::tokens::{Kind, kind, tokenize};
use crate::model::{DiffToken, Op};

/// The word diff of `old` and `new`. Equal and deleted texts concatenate to
/// `old`; equal and inserted texts to `new`.
pub fn diff_text(old: &str, new: &str, deadline: Option<Instant>) -> Vec<DiffToken> {
    if old == new {
        return if old.is_empty() {
            Vec::new()
        } else {
            vec![token(Op::Equal, old)]
        };
    }
    let mut raw = RawScript::default();
    let old_lines = split_lines(old);
    let new_lines = split_lines(new);
    let ops = capture_diff_slices_deadline(Algorithm::Histogram, &old_lines, &new_lines, deadline);
    let mut pending: Option<(usize, usize, usize, usize)> = None;
    let (mut old_at, mut new_at) = (0usize, 0usize);
    let line_offsets_old = offsets(&old_lines);
    let line_offsets_new = offsets(&new_lines);
    for op in ops {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                if let Some((os, oe, ns, ne)) = pending.take() {
                    raw.hunk(&old[os..oe], &new[ns..ne], deadline);
                }
                let start = line_offsets_old[old_index];
                let end = line_offsets_old[old_index + len];
                raw.push(Op::Equal, &old[start..end]);
                old_at = end;
                new_at += end - start;
            }
            other => {
                let (os, olen, ns, nlen) = match other {
                    DiffOp::Delete {
                        old_index,
                        old_len,
                        new_index,
                    } => (old_index, old_len, new_index, 0),
                    DiffOp::Insert {
                        old_index,
                        new_index,
                        new_len,
                    } => (old_index, 0, new_index, new_len),
                    DiffOp::Replace {
                        old_index,
                        old_len,
                        new_index,
                        new_len,
                    } => (old_index, old_len, new_index, new_len),
                    DiffOp::Equal { .. } => unreachable!("handled above"),
                };
                let (ob, oe) = (line_offsets_old[os], line_offsets_old[os + olen]);
                let (nb, ne) = (line_offsets_new[ns], line_offsets_new[ns + nlen]);
                pending = Some(match pending {
                    Some((ps, _, pns, _)) => (ps, oe, pns, ne),
                    None => (ob, oe, nb, ne),
                });
                old_at = oe;
                new_at = ne;
            }
        }
    }
    if let Some((os, oe, ns, ne)) = pending.take() {
        raw.hunk(&old[os..oe], &new[ns..ne], deadline);
    }
    debug_assert_eq!(old_at, old.len());
    debug_assert_eq!(new_at, new.len());
    cleanup(raw.0)
}

fn token(op: Op, text: &str) -> DiffToken {
    DiffToken {
        op,
        text: text.to_owned(),
    }
}

/// Lines with their terminators.
fn split_lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// Byte offset of each line start, plus the end.
fn offsets(lines: &[&str]) -> Vec<usize> {
    let mut v = Vec::with_capacity(lines.len() + 1);
    let mut at = 0;
    v.push(0);
    for l in lines {
        at += l.len();
        v.push(at);
    }
    v
}

/// The edit script at token granularity, before cleanup.
#[derive(Default)]
struct RawScript<'a>(Vec<(Op, &'a str)>);

impl<'a> RawScript<'a> {
    fn push(&mut self, op: Op, text: &'a str) {
        if !text.is_empty() {
            self.0.push((op, text));
        }
    }

    /// Word-diffs one changed block of lines.
    fn hunk(&mut self, old: &'a str, new: &'a str, deadline: Option<Instant>) {
        if old.is_empty() || new.is_empty() || deadline.is_some_and(|d| Instant::now() >= d) {
            self.push(Op::Delete, old);
            self.push(Op::Insert, new);
            return;
        }
        let old_tokens = tokenize(old);
        let new_tokens = tokenize(new);
        let ops =
            capture_diff_slices_deadline(Algorithm::Histogram, &old_tokens, &new_tokens, deadline);
        for op in ops {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal => {
                    for t in &old_tokens[old_range] {
                        self.push(Op::Equal, t)
                    }
                }
                DiffTag::Delete => {
                    for t in &old_tokens[old_range] {
                        self.push(Op::Delete, t)
                    }
                }
                DiffTag::Insert => {
                    for t in &new_tokens[new_range] {
                        self.push(Op::Insert, t)
                    }
                }
                DiffTag::Replace => {
                    for t in &old_tokens[old_range] {
                        self.push(Op::Delete, t)
                    }
                    for t in &new_tokens[new_range] {
                        self.push(Op::Insert, t)
                    }
                }
            }
        }
    }
}

/// A stretch of the script: equal text, or a change (deleted and inserted text).
#[derive(Debug)]
enum Run<'a> {
    Equal(Vec<&'a str>),
    Change {
        deleted: Vec<&'a str>,
        inserted: Vec<&'a str>,
    },
}

impl Run<'_> {
    fn change_chars(&self) -> usize {
        match self {
            Run::Equal(_) => 0,
            Run::Change { deleted, inserted } => {
                deleted.iter().map(|t| t.chars().count()).sum::<usize>()
                    + inserted.iter().map(|t| t.chars().count()).sum::<usize>()
            }
        }
    }
}

/// Groups the raw script into runs, absorbs trivial equal runs sitting between
/// two changes, and merges what is left into one token per run and operation.
fn cleanup(raw: Vec<(Op, &str)>) -> Vec<DiffToken> {
    let mut runs: Vec<Run> = Vec::new();
    for (op, text) in raw {
        match (op, runs.last_mut()) {
            (Op::Equal, Some(Run::Equal(v))) => v.push(text),
            (Op::Equal, _) => runs.push(Run::Equal(vec![text])),
            (Op::Delete, Some(Run::Change { deleted, .. })) => deleted.push(text),
            (Op::Insert, Some(Run::Change { inserted, .. })) => inserted.push(text),
            (Op::Delete, _) => runs.push(Run::Change {
                deleted: vec![text],
                inserted: Vec::new(),
            }),
            (Op::Insert, _) => runs.push(Run::Change {
                deleted: Vec::new(),
                inserted: vec![text],
            }),
        }
    }
    let mut merged: Vec<Run> = Vec::with_capacity(runs.len());
    let mut iter = runs.into_iter().peekable();
    while let Some(run) = iter.next() {
        let absorb = match (&run, merged.last(), iter.peek()) {
            (Run::Equal(eq), Some(left @ Run::Change { .. }), Some(right @ Run::Change { .. })) => {
                is_trivial(eq, left.change_chars().min(right.change_chars()))
            }
            _ => false,
        };
        if absorb {
            let Run::Equal(eq) = run else { unreachable!() };
            let Some(Run::Change { deleted, inserted }) = iter.next() else {
                unreachable!()
            };
            if let Some(Run::Change {
                deleted: d,
                inserted: i,
            }) = merged.last_mut()
            {
                d.extend(eq.iter().copied().chain(deleted));
                i.extend(eq.iter().copied().chain(inserted));
            }
        } else if let (
            Run::Change { deleted, inserted },
            Some(Run::Change {
                deleted: d,
                inserted: i,
            }),
        ) = (&run, merged.last_mut())
        {
            d.extend(deleted);
            i.extend(inserted);
        } else {
            merged.push(run);
        }
    }
    let mut out = Vec::with_capacity(merged.len() * 2);
    for run in merged {
        match run {
            Run::Equal(v) => out.push(DiffToken {
                op: Op::Equal,
                text: v.concat(),
            }),
            Run::Change { deleted, inserted } => {
                if !deleted.is_empty() {
                    out.push(DiffToken {
                        op: Op::Delete,
                        text: deleted.concat(),
                    });
                }
                if !inserted.is_empty() {
                    out.push(DiffToken {
                        op: Op::Insert,
                        text: inserted.concat(),
                    });
                }
            }
        }
    }
    out
}

/// An equal run between two changes is noise to a reader when it holds no word,
/// or one or two short words next to changes at least twice its length.
fn is_trivial(equal: &[&str], smaller_neighbour: usize) -> bool {
    let words = equal.iter().filter(|t| kind(t) == Kind::Word).count();
    if words == 0 && !equal.iter().any(|t| t.contains("\n\n")) {
        return true;
    }
    let chars: usize = equal.iter().map(|t| t.chars().count()).sum();
    words <= 2 && chars * 2 < smaller_neighbour
}

/// Whether two bodies differ only in whitespace, line wrapping or emphasis
/// markers (`*`, `_`, `~`): their remaining tokens are the same.
pub fn is_formatting_only(old: &str, new: &str) -> bool {
    fn significant(text: &str) -> impl Iterator<Item = &str> {
        tokenize(text)
            .into_iter()
            .filter(|t| kind(t) != Kind::Space && !matches!(*t, "*" | "_" | "~"))
    }
    old != new && significant(old).eq(significant(new))
}

#[cfg(test)]
#[path = "worddiff/tests.rs"]
mod tests;
