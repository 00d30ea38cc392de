//! A step's pairing — each new section's counterpart in the old version —
//! kept as runs. Most commits edit a section or two: their pairing is one
//! run (`n ↦ n`), or a few around an inserted or removed section, while a
//! list of one counterpart per section, kept for each of thousands of
//! steps, was a tenth of a long history's memory.

/// Runs of consecutive new sections paired with consecutive old ones, or
/// with none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Pairing {
    runs: Vec<Run>,
    len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// The first new section of the run.
    new: usize,
    /// Its counterpart in the old version (the next ones follow it), if any.
    old: Option<usize>,
    len: usize,
}

impl Pairing {
    /// The pairing of `new_to_old` (one entry per new section).
    pub(crate) fn of(new_to_old: &[Option<usize>]) -> Pairing {
        let mut runs: Vec<Run> = Vec::new();
        for (n, &o) in new_to_old.iter().enumerate() {
            if let Some(r) = runs.last_mut() {
                let follows = match (r.old, o) {
                    (Some(start), Some(o)) => o == start + r.len,
                    (None, None) => true,
                    _ => false,
                };
                if follows {
                    r.len += 1;
                    continue;
                }
            }
            runs.push(Run {
                new: n,
                old: o,
                len: 1,
            });
        }
        runs.shrink_to_fit();
        Pairing {
            runs,
            len: new_to_old.len(),
        }
    }

    /// Each new section's counterpart, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Option<usize>> + '_ {
        self.runs
            .iter()
            .flat_map(|r| (0..r.len).map(move |k| r.old.map(|o| o + k)))
    }

    /// One entry per new section, as [`Pairing::of`] took it.
    pub(crate) fn to_vec(&self) -> Vec<Option<usize>> {
        let mut out = Vec::with_capacity(self.len);
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
