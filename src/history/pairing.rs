//! A step's pairing — each new section's counterpart in the old version —
//! kept as runs. Most commits edit a section or two: their pairing is one
//! run (`n ↦ n`), or a few around an inserted or removed section, while a
//! list of one counterpart per section, kept for each of thousands of
//! steps, was a tenth of a long history's memory.
//!
//! Read backwards too ([`PairingView::new_of`]): a section's index at each
//! point is followed through the steps' pairings rather than kept (tenth
//! round).
//!
//! A history keeps every step's pairing in one [`Pairings`]: their runs end
//! to end, where a pairing of its own was three allocations a commit (its
//! shared record, its runs and its search list), each costing the system
//! allocator more than the few runs in it (eleventh round).

use super::bytes::{Corrupt, Reader, Writer};
use super::end_to_end::EndToEnd;
use super::growth;

/// Runs of consecutive new sections paired with consecutive old ones, or
/// with none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Pairing {
    runs: Box<[Run]>,
    len: u32,
    /// For a pairing of more than [`SCANNED`] runs, each one to find an
    /// old section's counterpart in: the runs that have counterparts, by
    /// their first old section; empty when a few runs are read through, or
    /// when two new sections share one old one (then every run is).
    by_old: Box<[u32]>,
}

/// The most runs [`PairingView::new_of`] reads through one by one.
const SCANNED: usize = 16;

/// 32-bit: 12 bytes a run, where 32 were (a step of a long history has a
/// few runs, and there is a step a commit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// The first new section of the run.
    new: u32,
    /// Its counterpart in the old version (the next ones follow it);
    /// [`NONE`] for none.
    old: u32,
    len: u32,
}

/// A run of new sections with no counterpart.
const NONE: u32 = u32::MAX;

/// A section's index as a run keeps it.
fn index(i: usize) -> u32 {
    u32::try_from(i)
        .ok()
        .filter(|&i| i != NONE)
        .expect("fewer than 2³² - 1 sections")
}

impl Pairing {
    /// The pairing of `new_to_old` (one entry per new section).
    pub(crate) fn of(new_to_old: &[Option<usize>]) -> Pairing {
        let mut runs: Vec<Run> = Vec::new();
        for (n, &o) in new_to_old.iter().enumerate() {
            let o = o.map_or(NONE, index);
            if let Some(r) = runs.last_mut() {
                let follows = match (r.old, o) {
                    (NONE, NONE) => true,
                    (NONE, _) | (_, NONE) => false,
                    (start, o) => u64::from(o) == u64::from(start) + u64::from(r.len),
                };
                if follows {
                    r.len += 1;
                    continue;
                }
            }
            runs.push(Run {
                new: index(n),
                old: o,
                len: 1,
            });
        }
        let by_old = by_old(&runs);
        Pairing {
            runs: runs.into_boxed_slice(),
            len: index(new_to_old.len()),
            by_old,
        }
    }

    /// A pairing [`PairingView::write`] wrote, read back: its search list
    /// made again.
    pub(super) fn read(r: &mut Reader<'_>) -> Result<Pairing, Corrupt> {
        let len = r.u32()?;
        let n = r.usize()?;
        let mut runs: Vec<Run> = Vec::with_capacity(n.min(len as usize));
        let mut new = 0u32;
        for _ in 0..n {
            let old = r.u32()?.wrapping_sub(1);
            let run_len = r.u32()?;
            runs.push(Run {
                new,
                old,
                len: run_len,
            });
            new = new
                .checked_add(run_len)
                .filter(|&end| end <= len)
                .ok_or(Corrupt("runs longer than the pairing"))?;
        }
        if new != len {
            return Err(Corrupt("runs shorter than the pairing"));
        }
        let by_old = by_old(&runs);
        Ok(Pairing {
            runs: runs.into_boxed_slice(),
            len,
            by_old,
        })
    }

    /// The pairing, to read.
    pub(crate) fn view(&self) -> PairingView<'_> {
        PairingView {
            runs: &self.runs,
            len: self.len,
            by_old: &self.by_old,
        }
    }
}

/// A pairing as it is read: its runs, and the list they are searched by.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PairingView<'a> {
    runs: &'a [Run],
    len: u32,
    by_old: &'a [u32],
}

impl<'a> PairingView<'a> {
    /// Written for a page of comparisons (`comparisons`): its length, then
    /// each run's counterpart (plus one; none is 0) and length, the runs
    /// tiling the new sections.
    pub(super) fn write(&self, w: &mut Writer) {
        w.uint(u64::from(self.len));
        w.usize(self.runs.len());
        for run in self.runs {
            w.uint(u64::from(run.old.wrapping_add(1)));
            w.uint(u64::from(run.len));
        }
    }

    /// The new section paired with old section `old` (`None`: none is). Of
    /// two paired with it, the later, as the history's lineages follow them.
    /// A few runs are read through; more are searched, so following a
    /// section through a step costs the log of its runs at most. (More than
    /// [`SCANNED`] runs are read through only where two new sections share
    /// an old one, which the alignment of two versions never gives: the
    /// history asserts it.)
    pub(crate) fn new_of(&self, old: usize) -> Option<usize> {
        let old = u32::try_from(old).ok()?;
        let within = |r: &Run| r.old != NONE && r.old <= old && old - r.old < r.len;
        let run = if self.by_old.is_empty() {
            self.runs.iter().rev().find(|r| within(r))?
        } else {
            let after = self
                .by_old
                .partition_point(|&k| self.runs[k as usize].old <= old);
            let r = &self.runs[self.by_old[after.checked_sub(1)?] as usize];
            within(r).then_some(r)?
        };
        Some((run.new + (old - run.old)) as usize)
    }

    /// The number of new sections.
    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }

    /// Each new section's counterpart, in order.
    pub(crate) fn iter(self) -> impl Iterator<Item = Option<usize>> + 'a {
        self.runs
            .iter()
            .flat_map(|r| (0..r.len).map(move |k| (r.old != NONE).then(|| (r.old + k) as usize)))
    }

    /// One entry per new section, as [`Pairing::of`] took it.
    pub(crate) fn to_vec(self) -> Vec<Option<usize>> {
        let mut out = Vec::with_capacity(self.len as usize);
        out.extend(self.iter());
        out
    }
}

/// Pairings kept end to end, each read back by the number it was given.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pairings {
    runs: EndToEnd<Run>,
    by_old: EndToEnd<u32>,
    /// Each pairing's number of new sections.
    lens: Vec<u32>,
}

impl Pairings {
    /// Keeps `pairing`; returns its number.
    pub(crate) fn push(&mut self, pairing: PairingView<'_>) -> usize {
        let k = self.runs.push(pairing.runs);
        self.by_old.push(pairing.by_old);
        growth::push(&mut self.lens, pairing.len);
        k
    }

    /// Pairing `k`.
    pub(crate) fn get(&self, k: usize) -> PairingView<'_> {
        PairingView {
            runs: self.runs.get(k),
            len: self.lens[k],
            by_old: self.by_old.get(k),
        }
    }

    /// The bytes they take in memory.
    pub(crate) fn bytes(&self) -> usize {
        self.runs.bytes() + self.by_old.bytes() + std::mem::size_of_val(self.lens.as_slice())
    }

    /// Gives back the spare capacity of lists built by pushing.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.runs.shrink_to_fit();
        self.by_old.shrink_to_fit();
        self.lens.shrink_to_fit();
    }
}

/// [`Pairing::by_old`] of `runs`.
fn by_old(runs: &[Run]) -> Box<[u32]> {
    if runs.len() <= SCANNED {
        return Box::default();
    }
    let mut by_old: Vec<u32> = (0..runs.len())
        .filter(|&k| runs[k].old != NONE)
        .map(|k| u32::try_from(k).expect("fewer runs than sections"))
        .collect();
    by_old.sort_unstable_by_key(|&k| runs[k as usize].old);
    // Each old section in one run at most, or the runs are read through.
    let disjoint = by_old.windows(2).all(|w| {
        let (a, b) = (&runs[w[0] as usize], &runs[w[1] as usize]);
        u64::from(a.old) + u64::from(a.len) <= u64::from(b.old)
    });
    if disjoint {
        by_old.into_boxed_slice()
    } else {
        Box::default()
    }
}

#[cfg(test)]
mod tests {
    use super::{Pairing, Pairings};

    #[test]
    fn pairings_kept_end_to_end_each_read_back_as_its_own() {
        let maps: Vec<Vec<Option<usize>>> = vec![
            vec![Some(0), None, Some(1), Some(2), None, None, Some(4)],
            vec![],
            // Searched by its old sections: a list of its own.
            (0..400)
                .map(|k| Some(if k < 200 { 2 * k + 1 } else { 2 * (k - 200) }))
                .collect(),
            vec![None],
            (0..300).map(|k| (k % 3 != 0).then_some(k)).collect(),
            vec![Some(1), Some(0), Some(0)],
        ];
        let mut all = Pairings::default();
        let numbers: Vec<usize> = maps
            .iter()
            .map(|m| all.push(Pairing::of(m).view()))
            .collect();
        assert_eq!(numbers, (0..maps.len()).collect::<Vec<_>>());
        all.shrink_to_fit();
        for (k, map) in maps.iter().enumerate() {
            let own = Pairing::of(map);
            let kept = all.get(k);
            assert_eq!(kept.to_vec(), *map, "pairing {k}");
            let olds = map.iter().flatten().max().map_or(3, |m| m + 3);
            for o in 0..olds {
                assert_eq!(kept.new_of(o), own.view().new_of(o), "pairing {k}, old {o}");
            }
            assert_eq!(kept.by_old.len(), own.by_old.len(), "pairing {k}");
        }
        assert!(!all.get(2).by_old.is_empty());
    }

    #[test]
    fn gives_back_what_it_took() {
        let cases: Vec<Vec<Option<usize>>> = vec![
            vec![],
            vec![None],
            vec![Some(0), Some(1), Some(2)],
            vec![Some(0), None, Some(1), Some(2), None, None, Some(4)],
            vec![Some(3), Some(4), Some(0), Some(1), Some(2)],
            vec![Some(1), Some(0), Some(0)],
        ];
        for map in cases {
            assert_eq!(Pairing::of(&map).view().to_vec(), map);
        }
        let identity: Vec<Option<usize>> = (0..1000).map(Some).collect();
        assert_eq!(Pairing::of(&identity).runs.len(), 1);
        // Pseudo-random maps.
        let mut x: u64 = 7;
        for _ in 0..200 {
            let map: Vec<Option<usize>> = (0..50)
                .map(|_| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    let v = (x >> 33) as usize % 12;
                    (v < 9).then_some(v)
                })
                .collect();
            assert_eq!(Pairing::of(&map).view().to_vec(), map);
        }
    }

    /// Old section → the last new section paired with it, from the list.
    fn inverse(map: &[Option<usize>], olds: usize) -> Vec<Option<usize>> {
        let mut inv = vec![None; olds];
        for (n, o) in map.iter().enumerate() {
            if let Some(o) = *o {
                inv[o] = Some(n);
            }
        }
        inv
    }

    #[test]
    fn an_old_section_s_counterpart_is_found_through_few_runs_or_many() {
        let mut cases: Vec<Vec<Option<usize>>> = vec![
            vec![],
            vec![Some(0), None, Some(1), Some(2), None, None, Some(4)],
            vec![Some(1), Some(0), Some(0)],
            (0..1000).map(Some).collect(),
            // Many runs: every other section moved to the end.
            (0..400)
                .map(|k| Some(if k < 200 { 2 * k + 1 } else { 2 * (k - 200) }))
                .collect(),
            // Many runs, two new sections on one old one: read through.
            (0..100).map(|k| Some((k * 7) % 60)).collect(),
        ];
        let mut x: u64 = 11;
        for len in [10, 40, 300] {
            for _ in 0..50 {
                cases.push(
                    (0..len)
                        .map(|_| {
                            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                            let v = (x >> 33) as usize % (len + len / 4);
                            (v < len).then_some(v)
                        })
                        .collect(),
                );
            }
        }
        // One to one, as an alignment pairs (with sections added and
        // removed): more than [`SCANNED`] runs are searched.
        for len in [30, 200] {
            for _ in 0..50 {
                let mut olds: Vec<usize> = (0..len).collect();
                for k in (1..len).rev() {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    olds.swap(k, (x >> 33) as usize % (k + 1));
                }
                let map: Vec<Option<usize>> = olds
                    .into_iter()
                    .map(|o| (o % 5 != 0).then_some(o))
                    .collect();
                assert!(!Pairing::of(&map).by_old.is_empty(), "{map:?}");
                cases.push(map);
            }
        }
        for map in cases {
            let olds = map.iter().flatten().max().map_or(3, |m| m + 3);
            let p = Pairing::of(&map);
            let found: Vec<Option<usize>> = (0..olds).map(|o| p.view().new_of(o)).collect();
            assert_eq!(found, inverse(&map, olds), "{map:?}");
            assert_eq!(p.view().new_of(usize::MAX), None);
        }
        let shuffled: Vec<Option<usize>> = (0..400)
            .map(|k| Some(if k < 200 { 2 * k + 1 } else { 2 * (k - 200) }))
            .collect();
        assert!(
            !Pairing::of(&shuffled).by_old.is_empty(),
            "searched, not read through"
        );
    }
}
