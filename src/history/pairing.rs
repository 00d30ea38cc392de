//! A step's pairing — each new section's counterpart in the old version —
//! kept as runs. Most commits edit a section or two: their pairing is one
//! run (`n ↦ n`), or a few around an inserted or removed section, while a
//! list of one counterpart per section, kept for each of thousands of
//! steps, was a tenth of a long history's memory.

/// Runs of consecutive new sections paired with consecutive old ones, or
/// with none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Pairing {
    runs: Box<[Run]>,
    len: u32,
}

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
        Pairing {
            runs: runs.into_boxed_slice(),
            len: index(new_to_old.len()),
        }
    }

    /// Each new section's counterpart, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Option<usize>> + '_ {
        self.runs
            .iter()
            .flat_map(|r| (0..r.len).map(move |k| (r.old != NONE).then(|| (r.old + k) as usize)))
    }

    /// One entry per new section, as [`Pairing::of`] took it.
    pub(crate) fn to_vec(&self) -> Vec<Option<usize>> {
        let mut out = Vec::with_capacity(self.len as usize);
        out.extend(self.iter());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Pairing;

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
            assert_eq!(Pairing::of(&map).to_vec(), map);
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
            assert_eq!(Pairing::of(&map).to_vec(), map);
        }
    }
}
