//! A progress bar for long runs (following hundreds of commits), drawn on
//! standard error only when it is a terminal: logs, pipes and CI stay quiet.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Below this many items a phase is quick enough to need no bar.
const MIN_ITEMS: usize = 50;
/// How often the bar is redrawn at most.
const REDRAW: Duration = Duration::from_millis(100);
const WIDTH: usize = 30;

/// A bar over phases of known length ("reading commits" 0/1000, …). Shared
/// by the worker threads of a phase.
pub struct Progress {
    sink: Option<Mutex<Sink>>,
    done: AtomicUsize,
    total: AtomicUsize,
}

struct Sink {
    out: Box<dyn Write + Send>,
    label: String,
    last: Option<Instant>,
    drawn: bool,
}

impl Progress {
    /// A bar on standard error when it is a terminal and `--quiet` was not
    /// given, else nothing.
    pub fn stderr() -> Progress {
        if std::io::stderr().is_terminal()
            && crate::verbosity::level() > crate::verbosity::Level::Quiet
        {
            Progress::to(Box::new(std::io::stderr()))
        } else {
            Progress::hidden()
        }
    }

    /// No bar at all.
    pub fn hidden() -> Progress {
        Progress {
            sink: None,
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
        }
    }

    /// A bar drawn on `out` (tests, or a terminal known to be one).
    pub fn to(out: Box<dyn Write + Send>) -> Progress {
        Progress {
            sink: Some(Mutex::new(Sink {
                out,
                label: String::new(),
                last: None,
                drawn: false,
            })),
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
        }
    }

    /// Starts a phase of `total` items.
    pub fn start(&self, label: &str, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        if let Some(sink) = &self.sink {
            let mut s = sink.lock().unwrap_or_else(|e| e.into_inner());
            s.label = label.to_owned();
            s.last = None;
        }
        self.draw(false);
    }

    /// `n` more items of the phase are done.
    pub fn advance(&self, n: usize) {
        self.done.fetch_add(n, Ordering::Relaxed);
        self.draw(false);
    }

    /// Ends the phase: the bar's line is cleared.
    pub fn finish(&self) {
        let Some(sink) = &self.sink else { return };
        let mut s = sink.lock().unwrap_or_else(|e| e.into_inner());
        if s.drawn {
            // A failed write to a terminal is no reason to fail the run.
            let _ = write!(s.out, "\r\x1b[2K");
            let _ = s.out.flush();
            s.drawn = false;
        }
    }

    fn draw(&self, force: bool) {
        let Some(sink) = &self.sink else { return };
        let total = self.total.load(Ordering::Relaxed);
        if total < MIN_ITEMS {
            return;
        }
        let mut s = sink.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if !force && s.last.is_some_and(|t| now.duration_since(t) < REDRAW) {
            return;
        }
        s.last = Some(now);
        let done = self.done.load(Ordering::Relaxed).min(total);
        let filled = done * WIDTH / total;
        let line = format!(
            "\r\x1b[2K{} [{}{}] {done}/{total}",
            s.label,
            "#".repeat(filled),
            " ".repeat(WIDTH - filled)
        );
        let _ = s.out.write_all(line.as_bytes());
        let _ = s.out.flush();
        s.drawn = true;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn draws_the_phase_and_clears_it_at_the_end() {
        let buf = Shared::default();
        let p = Progress::to(Box::new(buf.clone()));
        p.start("comparing", 100);
        for _ in 0..100 {
            p.advance(1);
        }
        p.draw(true);
        p.finish();
        let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        assert!(
            text.contains("comparing [                              ] 0/100"),
            "{text:?}"
        );
        assert!(
            text.contains(&format!("[{}] 100/100", "#".repeat(WIDTH))),
            "{text:?}"
        );
        assert!(text.ends_with("\r\x1b[2K"), "{text:?}");
    }

    #[test]
    fn short_phases_and_hidden_bars_draw_nothing() {
        let buf = Shared::default();
        let p = Progress::to(Box::new(buf.clone()));
        p.start("comparing", 3);
        p.advance(3);
        p.finish();
        assert!(buf.0.lock().unwrap().is_empty());
        let hidden = Progress::hidden();
        hidden.start("x", 1000);
        hidden.advance(1000);
        hidden.finish();
    }
}
