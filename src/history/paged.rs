//! Records a history has one of per commit (or per new heading), kept out
//! of memory: written end to end in pages of [`PAGE`] to the history's
//! temporary file ([`Spill`]) as each page fills. Memory keeps where each
//! page is, the page being filled, and the few pages read back last.
//! Without a temporary file the pages stay in memory, as bytes. The
//! history's points and heads are kept so (issue 12, thirteenth and
//! fourteenth rounds).

use std::sync::Arc;

use super::bytes::{Corrupt, Reader, Writer};
use super::growth;
use super::lru::Lru;
use super::spill::{self, ReadBack, Spill, Stored};

/// The records a page holds: few enough that reading one back for a single
/// record is cheap (~8–13 KB of points or heads), enough that where pages
/// are costs next to nothing a record.
pub(super) const PAGE: usize = 128;

/// The pages read back last that stay in memory: the cores making pages
/// each read their own, and a page's parents sit in another.
const RECENT: usize = 4;

/// Records by number, in pages; see the module's documentation.
#[derive(Debug)]
pub(super) struct Paged {
    /// Every full page, in order: its records as [`Paged::open`] holds
    /// them.
    pages: Vec<Stored>,
    /// The records of the page being filled, each a [`Writer::raw`], end
    /// to end.
    open: Writer,
    /// How many.
    open_len: usize,
    /// Where full pages go; `None`: they stay in memory.
    spill: Option<Arc<Spill>>,
    /// The pages read back from the file last, by number.
    recent: Lru<usize, Box<[u8]>>,
    /// What the records are, for the note of a page that does not read back.
    what: &'static str,
}

impl Paged {
    /// No record yet; full pages will go to `spill`, if there is one. `what`
    /// names the records in the note of a page that does not read back.
    pub(super) fn spilling(spill: Option<Arc<Spill>>, what: &'static str) -> Paged {
        Paged {
            pages: Vec::new(),
            open: Writer::default(),
            open_len: 0,
            spill,
            recent: Lru::default(),
            what,
        }
    }

    /// The number of records.
    pub(super) fn len(&self) -> usize {
        self.pages.len() * PAGE + self.open_len
    }

    /// `record` appended.
    pub(super) fn push(&mut self, record: &[u8]) {
        self.open.raw(record);
        self.open_len += 1;
        if self.open_len == PAGE {
            self.close_page();
        }
    }

    /// Record `k`, as `decode` reads it. A page that does not read back
    /// from the file (or a record not as written) gives `None`, and the
    /// history's check of what it read back then fails the command
    /// ([`Spill::note`]): the caller gives a stand-in.
    pub(super) fn read<T>(
        &self,
        k: usize,
        decode: impl FnOnce(&[u8]) -> Result<T, Corrupt>,
    ) -> Option<T> {
        assert!(k < self.len(), "record {k} of {}", self.len());
        let (page, at) = (k / PAGE, k % PAGE);
        let read = match self.pages.get(page) {
            None => record_in(&self.open.bytes, at, decode),
            Some(Stored::Kept(bytes)) => record_in(bytes, at, decode),
            Some(Stored::Spilled(record)) => self
                .spilled(page, *record)
                .and_then(|bytes| record_in(&bytes, at, decode)),
        };
        read.map_err(|why| match &self.spill {
            Some(spill) => spill.note(ReadBack(format!("a page of {}: {why}", self.what))),
            // Pages in memory are as written: only a fault of cotejo's own
            // gets here.
            None => debug_assert!(false, "a page of {} in memory: {why}", self.what),
        })
        .ok()
    }

    /// The bytes the records take in memory: where the pages are (and those
    /// kept in memory), the page being filled. Not the pages read back
    /// last, which a reader holds while it reads.
    pub(super) fn bytes(&self) -> usize {
        let kept: usize = self.pages.iter().map(Stored::kept_bytes).sum();
        self.pages.capacity() * std::mem::size_of::<Stored>() + kept + self.open.bytes.capacity()
    }

    /// Gives back the spare capacity of the lists built by pushing.
    pub(super) fn shrink_to_fit(&mut self) {
        self.pages.shrink_to_fit();
        self.open.bytes.shrink_to_fit();
    }

    /// The page being filled, written out: to the file if there is one and
    /// it takes it, else kept in memory.
    fn close_page(&mut self) {
        let bytes = std::mem::take(&mut self.open.bytes);
        growth::push(&mut self.pages, Stored::of(bytes, self.spill.as_deref()));
        self.open_len = 0;
    }

    /// Page `page`'s bytes, read back from the file unless it is among the
    /// pages read last.
    fn spilled(&self, page: usize, record: spill::Record) -> Result<Arc<Box<[u8]>>, String> {
        self.recent.get_or_try_load(page, RECENT, || {
            let spill = self.spill.as_deref().expect("a spilled page has its file");
            spill
                .read(record)
                .map(Vec::into_boxed_slice)
                .map_err(|e| e.0)
        })
    }
}

impl Clone for Paged {
    /// The same records, in the same file; none read back yet.
    fn clone(&self) -> Paged {
        Paged {
            pages: self.pages.clone(),
            open: self.open.clone(),
            open_len: self.open_len,
            spill: self.spill.clone(),
            recent: Lru::default(),
            what: self.what,
        }
    }
}

/// Record `at` of a page's bytes ([`Paged::open`]), as `decode` reads it.
fn record_in<T>(
    page: &[u8],
    at: usize,
    decode: impl FnOnce(&[u8]) -> Result<T, Corrupt>,
) -> Result<T, String> {
    let mut r = Reader::new(page);
    for _ in 0..at {
        r.raw().map_err(|e| e.0)?;
    }
    decode(r.raw().map_err(|e| e.0)?).map_err(|e| e.0.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(k: usize) -> Vec<u8> {
        format!("registro {k}").into_bytes()
    }

    fn text(bytes: &[u8]) -> Result<String, Corrupt> {
        String::from_utf8(bytes.to_vec()).map_err(|_| Corrupt("not UTF-8"))
    }

    /// `n` records, pushed into pages that go to a temporary file (on Unix:
    /// there is none elsewhere).
    #[cfg(unix)]
    fn spilled(n: usize) -> (Paged, Arc<Spill>) {
        let spill = Arc::new(Spill::create().expect("a temporary file"));
        let mut paged = Paged::spilling(Some(Arc::clone(&spill)), "the records");
        for k in 0..n {
            paged.push(&record(k));
        }
        paged.shrink_to_fit();
        (paged, spill)
    }

    #[cfg(unix)]
    #[test]
    fn full_pages_go_to_the_file_and_every_record_reads_back_in_any_order() {
        let n = 10 * PAGE + 5;
        let (paged, spill) = spilled(n);
        assert_eq!(paged.len(), n);
        assert!(spill.bytes() > 0);
        // Where ten pages are and the five records of the open page.
        assert!(paged.bytes() < 600, "{} bytes", paged.bytes());
        let check = |k: usize| {
            assert_eq!(paged.read(k, text), Some(format!("registro {k}")));
        };
        (0..n).for_each(check);
        (0..n).rev().step_by(7).for_each(check);
        // More pages by turns than are kept read back.
        for round in 0..3 {
            for page in 0..=RECENT {
                check(page * PAGE + round);
            }
        }
        assert!(paged.recent.keys().len() <= RECENT);
        assert_eq!(spill.failure(), None);
    }

    #[test]
    fn without_a_file_the_pages_stay_in_memory_and_read_the_same() {
        let mut paged = Paged::spilling(None, "the records");
        let n = 3 * PAGE + 2;
        for k in 0..n {
            paged.push(&record(k));
        }
        assert!(paged.bytes() > n * 10, "{} bytes", paged.bytes());
        let copy = paged.clone();
        for k in (0..n).rev() {
            assert_eq!(copy.read(k, text), Some(format!("registro {k}")));
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_page_changed_in_the_file_is_none_and_fails_the_history() {
        use std::os::unix::fs::FileExt;
        let (paged, spill) = spilled(2 * PAGE);
        assert_eq!(paged.read(PAGE, text), Some(format!("registro {PAGE}")));
        // The first page's bytes in the file, changed under the history.
        spill.file().write_all_at(b"X", 40).unwrap();
        assert_eq!(paged.read(0, text), None);
        let failure = spill.failure().expect("noted");
        assert!(
            failure.contains("changed while cotejo ran") && failure.contains("the records"),
            "{failure}"
        );
        // The second page, read back already, is as written.
        assert_eq!(paged.read(PAGE, text), Some(format!("registro {PAGE}")));
    }

    #[cfg(unix)]
    #[test]
    fn a_record_its_reader_refuses_is_none_and_fails_the_history() {
        let (paged, spill) = spilled(PAGE + 1);
        assert_eq!(paged.read(3, |_| Err::<(), _>(Corrupt("refused"))), None);
        assert!(spill.failure().is_some_and(|f| f.contains("refused")));
    }
}
