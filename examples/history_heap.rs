//! What a history of every commit holds on the heap, counted by the
//! allocator rather than read from the process's resident size (which also
//! counts the allocator's fragmentation and the pages of freed temporaries):
//! `cargo run --release --example history_heap -- REPO...` prints, for each
//! repository, the bytes still allocated once the history is built, the
//! peak while building it, and the history's [`cotejo::history::Footprint`].

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use cotejo::history::History;
use cotejo::progress::Progress;
use cotejo::source::Sources;

/// The system allocator, counting the bytes allocated now and at most.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; only
// counters are updated beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: the caller's layout, as `GlobalAlloc::alloc` requires.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let live = if new_size >= layout.size() {
            LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size()
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed) - (layout.size() - new_size)
        };
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: as `GlobalAlloc::realloc` requires, passed through.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

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
    println!("| repository | points | held MiB | peak MiB | held KiB per point above the first |");
    println!("|---|---|---|---|---|");
    let mut first: Option<(usize, usize)> = None;
    for repo in &repos {
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let sources = Sources::open(Path::new(repo), None).expect("the repository's manifest");
        let manifest = sources.manifest().expect("a manifest");
        let history =
            History::of_commits(&sources, manifest, &Progress::hidden()).expect("its history");
        let held = LIVE.load(Ordering::Relaxed) - before;
        let peak = PEAK.load(Ordering::Relaxed) - before;
        let points = history.points().len();
        let slope = match first {
            Some((p0, h0)) if points > p0 => {
                format!(
                    "{:.1}",
                    (held as f64 - h0 as f64) / 1024.0 / (points - p0) as f64
                )
            }
            _ => String::new(),
        };
        first.get_or_insert((points, held));
        println!(
            "| {repo} | {points} | {:.1} | {:.1} | {slope} |",
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
