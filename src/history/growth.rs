//! How the lists a history builds grow. A list that doubles when full holds
//! up to as much again of spare room, and the history's lists are at their
//! longest while the last texts are read, the moment of the peak resident
//! size (libgit2's caches and the texts beside them). Growing by a quarter
//! holds a quarter at most, for ~4× the copying: a few megabytes over a
//! history of thousands of commits (twelfth round).

/// The least room a list is given when it grows.
const LEAST: usize = 64;

/// Room for `more` items in `list`: when it has not, a quarter more than
/// it holds (or `more`, when more), not twice.
pub(super) fn reserve<T>(list: &mut Vec<T>, more: usize) {
    if list.capacity() - list.len() < more {
        list.reserve_exact(more.max(list.len() / 4).max(LEAST));
    }
}

/// `item` pushed onto `list`, which grows as [`reserve`] says.
pub(super) fn push<T>(list: &mut Vec<T>, item: T) {
    reserve(list, 1);
    list.push(item);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_grows_by_a_quarter_and_holds_what_is_pushed() {
        let mut list: Vec<u64> = Vec::new();
        for k in 0..100_000u64 {
            push(&mut list, k);
            // Never more than a quarter spare, beyond the least room.
            assert!(list.capacity() <= list.len() + list.len() / 4 + LEAST);
        }
        assert!(list.iter().copied().eq(0..100_000));
        let mut big: Vec<u8> = Vec::new();
        reserve(&mut big, 1_000);
        assert!(big.capacity() >= 1_000);
    }
}
