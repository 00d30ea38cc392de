//! Spreading independent work over the machine's cores, results in order.

/// The most threads a spread uses, however many cores the machine has.
pub const MAX_THREADS: usize = 8;

/// How many threads a spread uses: the machine's cores, at most [`MAX_THREADS`].
/// Asked once: the standard library reads the cgroup's CPU quota from
/// `/sys/fs/cgroup` on each call, and a comparison spreads its work a dozen
/// times (0.7% of a 1 MB pair's CPU).
pub fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(MAX_THREADS)
    })
}

/// `f` over every item, on up to [`threads`] threads,
/// each taking a contiguous chunk; the results keep the items' order. Below
/// `min_items` items, or on one core, it runs on the calling thread.
pub fn map<T: Sync, R: Send>(items: &[T], min_items: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads();
    if threads < 2 || items.len() < min_items.max(2) {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a worker does not panic"))
            .collect()
    })
}

/// Like [`map`], for work that takes its items by value.
pub fn map_owned<T: Send, R: Send>(
    items: Vec<T>,
    min_items: usize,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let threads = threads();
    if threads < 2 || items.len() < min_items.max(2) {
        return items.into_iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let mut parts: Vec<Vec<T>> = Vec::with_capacity(threads);
    let mut rest = items;
    while !rest.is_empty() {
        let tail = rest.split_off(chunk.min(rest.len()));
        parts.push(rest);
        rest = tail;
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || part.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a worker does not panic"))
            .collect()
    })
}

/// Like [`map`], the items dealt out in turn (item `k` to thread `k` modulo
/// the threads) rather than in contiguous chunks: for work whose cost varies
/// from item to item and clusters (large sections next to each other), so
/// that each thread gets its share of the large ones. The results keep the
/// items' order.
pub fn map_interleaved<T: Sync, R: Send>(
    items: &[T],
    min_items: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads();
    if threads < 2 || items.len() < min_items.max(2) {
        return items.iter().map(f).collect();
    }
    let f = &f;
    let mut shares: Vec<std::vec::IntoIter<R>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    items
                        .iter()
                        .skip(t)
                        .step_by(threads)
                        .map(f)
                        .collect::<Vec<R>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a worker does not panic").into_iter())
            .collect()
    });
    (0..items.len())
        .map(|k| shares[k % threads].next().expect("one result per item"))
        .collect()
}

/// `f` over contiguous runs of the items, one run per thread, one result per
/// run, in order: for work that carries something from one item to the next
/// within a run. No items, no run; on one core, one run of all the items.
pub fn map_runs<T: Sync, R: Send>(items: &[T], f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let runs: Vec<&[T]> = items
        .chunks(items.len().div_ceil(threads()).max(1))
        .collect();
    map(&runs, 2, |run| f(run))
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order_of_the_items() {
        let items: Vec<usize> = (0..1000).collect();
        let doubled = super::map(&items, 1, |x| x * 2);
        assert_eq!(doubled, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        let owned = super::map_owned(items.clone(), 1, |x| x + 1);
        assert_eq!(owned, items.iter().map(|x| x + 1).collect::<Vec<_>>());
        let dealt = super::map_interleaved(&items, 1, |x| x * 3);
        assert_eq!(dealt, items.iter().map(|x| x * 3).collect::<Vec<_>>());
        for n in [0, 1, 2, 7, 1000] {
            let runs = super::map_runs(&items[..n], <[usize]>::to_vec);
            assert_eq!(runs.concat(), &items[..n]);
            assert!(runs.len() <= super::threads() && runs.iter().all(|r| !r.is_empty()));
        }
    }
}
