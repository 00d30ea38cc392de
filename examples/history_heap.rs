//! What a history of every commit holds on the heap, counted by the
//! allocator rather than read from the process's resident size (which also
//! counts the allocator's fragmentation and the pages of freed temporaries):
//! `cargo run --release --example history_heap -- REPO...` prints, for each
//! repository, the bytes still allocated once the history is built, the
//! peak while building it, the allocations it holds (each costs the system
//! allocator ~16 bytes beside its own, and rounds it up), and the history's
//! [`cotejo::history::Footprint`].

use std::path::Path;
use std::sync::atomic::Ordering;

use cotejo::history::History;
use cotejo::progress::Progress;
use cotejo::source::Sources;

#[path = "../tests/support/counting_alloc.rs"]
mod counting_alloc;

use counting_alloc::{Counting, LIVE, LIVE_ALLOCATIONS, PEAK};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    let repos: Vec<String> = std::env::args().skip(1).collect();
    if repos.is_empty() {
        eprintln!("usage: history_heap REPO...");
        std::process::exit(2);
    }
    println!(
        "| repository | points | held MiB | peak MiB | held KiB per point above the first | \
         allocations held | per point above the first |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut first: Option<(usize, usize, usize)> = None;
    for repo in &repos {
        let allocations_before = LIVE_ALLOCATIONS.load(Ordering::Relaxed);
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let sources = Sources::open(Path::new(repo), None).expect("the repository's manifest");
        let manifest = sources.manifest().expect("a manifest");
        let history =
            History::of_commits(&sources, manifest, &Progress::hidden()).expect("its history");
        let held = LIVE.load(Ordering::Relaxed) - before;
        let peak = PEAK.load(Ordering::Relaxed) - before;
        let allocations = LIVE_ALLOCATIONS.load(Ordering::Relaxed) - allocations_before;
        let points = history.points().len();
        let (slope, allocation_slope) = match first {
            Some((p0, h0, a0)) if points > p0 => (
                format!(
                    "{:.1}",
                    (held as f64 - h0 as f64) / 1024.0 / (points - p0) as f64
                ),
                format!(
                    "{:.1}",
                    (allocations as f64 - a0 as f64) / (points - p0) as f64
                ),
            ),
            _ => (String::new(), String::new()),
        };
        first.get_or_insert((points, held, allocations));
        println!(
            "| {repo} | {points} | {:.1} | {:.1} | {slope} | {allocations} | {allocation_slope} |",
            mib(held),
            mib(peak)
        );
        eprintln!(
            "{repo}: {:?}, store {:?}",
            history.footprint(),
            history.held()
        );
        drop(history);
    }
}
