//! Where a lineage stands in each version: its section's index from its
//! first point on, as runs that start where the index changes. An index
//! changes wherever a section before it is added, removed or moved, so a
//! lineage of a long history has a run for most such commits (~100 a
//! commit over a 1,800-section document): while the history is followed
//! they are pairs of numbers (8 bytes), and once it is followed each is kept
//! as two small numbers, the points since the run before and the change of
//! index, in a byte or two each.

use super::bytes::{push_uint, read_uint};

/// A lineage's runs of places.
#[derive(Debug, Clone)]
pub(super) enum Places {
    /// While the history is followed: `(k, index)` says that from the
    /// lineage's point `k` to the next run it is section `index`.
    Open(Vec<(u32, u32)>),
    /// Followed: each run as two variable-length numbers (7 bits a byte),
    /// the points since the run before began and the change of index
    /// (zigzag: 0, -1, 1, -2 … as 0, 1, 2, 3 …).
    Packed {
        bytes: Box<[u8]>,
        runs: u32,
        /// The last run's index.
        last: u32,
    },
}

impl Places {
    /// Records that from point `k` on the index is `index`: the point
    /// after the last recorded, or that one again (its run, if it starts
    /// there, goes).
    pub(super) fn set(&mut self, k: u32, index: u32, again: bool) {
        let Places::Open(runs) = self else {
            unreachable!("a followed lineage is not followed again")
        };
        if again && runs.last().is_some_and(|&(from, _)| from == k) {
            runs.pop();
        }
        if runs.last().is_none_or(|&(_, s)| s != index) {
            runs.push((k, index));
        }
    }

    /// The runs packed: what the history keeps once followed.
    pub(super) fn pack(&mut self) {
        let Places::Open(runs) = self else { return };
        let mut bytes = Vec::with_capacity(runs.len() * 2);
        let (mut from, mut index) = (0u32, 0u32);
        for &(k, s) in runs.iter() {
            push_uint(&mut bytes, u64::from(k - from));
            let change = i64::from(s) - i64::from(index);
            push_uint(&mut bytes, ((change << 1) ^ (change >> 63)) as u64);
            (from, index) = (k, s);
        }
        *self = Places::Packed {
            bytes: bytes.into_boxed_slice(),
            runs: u32::try_from(runs.len()).expect("fewer than 2³² runs"),
            last: index,
        };
    }

    /// Every run, `(k, index)`, in order.
    pub(super) fn runs(&self) -> Runs<'_> {
        match self {
            Places::Open(runs) => Runs::Open(runs.iter()),
            Places::Packed { bytes, .. } => Runs::Packed {
                bytes,
                at: 0,
                from: 0,
                index: 0,
            },
        }
    }

    /// How many runs.
    pub(super) fn len(&self) -> usize {
        match self {
            Places::Open(runs) => runs.len(),
            Places::Packed { runs, .. } => *runs as usize,
        }
    }

    /// The last run's index.
    pub(super) fn last(&self) -> Option<u32> {
        match self {
            Places::Open(runs) => runs.last().map(|&(_, s)| s),
            Places::Packed { runs: 0, .. } => None,
            Places::Packed { last, .. } => Some(*last),
        }
    }
}

/// The runs of [`Places`], in order.
pub(super) enum Runs<'a> {
    Open(std::slice::Iter<'a, (u32, u32)>),
    Packed {
        bytes: &'a [u8],
        at: usize,
        from: u32,
        index: u32,
    },
}

impl Iterator for Runs<'_> {
    type Item = (u32, u32);

    fn next(&mut self) -> Option<(u32, u32)> {
        match self {
            Runs::Open(runs) => runs.next().copied(),
            Runs::Packed {
                bytes,
                at,
                from,
                index,
            } => {
                if *at >= bytes.len() {
                    return None;
                }
                let step = read_varint(bytes, at);
                let zigzag = read_varint(bytes, at);
                let change = (zigzag >> 1) as i64 ^ -((zigzag & 1) as i64);
                *from += u32::try_from(step).expect("a run within the points");
                *index = u32::try_from(i64::from(*index) + change).expect("an index of a section");
                Some((*from, *index))
            }
        }
    }
}

/// The number [`push_uint`] wrote at `*at`; moves `*at` past it. The runs
/// are this module's own packing, never read from outside the process.
fn read_varint(bytes: &[u8], at: &mut usize) -> u64 {
    let (n, len) = read_uint(&bytes[*at..]).expect("runs as this module packed them");
    *at += len;
    n
}

#[cfg(test)]
mod tests {
    use super::Places;

    #[test]
    fn packed_runs_are_the_runs_recorded() {
        let cases: Vec<Vec<(u32, u32)>> = vec![
            vec![(0, 0)],
            vec![
                (0, 5),
                (1, 6),
                (2, 5),
                (300, 4_000_000),
                (301, 0),
                (70_000, 1),
            ],
            (0..1000).map(|k| (k * 3, (k * 7919) % 1801)).collect(),
        ];
        for runs in cases {
            let mut places = Places::Open(Vec::new());
            for &(k, s) in &runs {
                places.set(k, s, false);
            }
            let open: Vec<(u32, u32)> = places.runs().collect();
            places.pack();
            assert!(matches!(places, Places::Packed { .. }));
            assert_eq!(places.runs().collect::<Vec<_>>(), open);
            assert_eq!(places.len(), open.len());
            assert_eq!(places.last(), open.last().map(|&(_, s)| s));
        }
    }

    #[test]
    fn a_point_set_again_replaces_its_run() {
        let mut places = Places::Open(Vec::new());
        places.set(0, 3, false);
        places.set(1, 4, false);
        places.set(1, 7, true);
        places.set(2, 7, false);
        places.set(2, 3, true);
        places.pack();
        assert_eq!(
            places.runs().collect::<Vec<_>>(),
            vec![(0, 3), (1, 7), (2, 3)]
        );
    }
}
