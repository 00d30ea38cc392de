//! A section's body as a history's store holds it: in memory, or in the
//! history's temporary file ([`Spill`]) with only where it is kept there in
//! memory (issue 12, ninth round). A history of every commit writes each
//! new body there as it is made: a commit that rewrites a section adds a
//! record of ~60 bytes, where it added the body's text (~750 bytes a
//! commit on the generated 1 MB document), so what the history holds grows
//! with the number of changes, not with the size of what they wrote.
//!
//! A body read back is checked as every record is (its length and hash);
//! one that does not read back stands in as spaces of its length (every
//! range a step's word diff or blocks cut from it is still in it) and is
//! noted in the file, so the command that read it fails before it keeps
//! what it made ([`super::History::check_read_back`]).

use std::borrow::Cow;
use std::sync::Arc;

use super::spill::{ReadBack, Record, Spill};

/// Bodies shorter than this stay in memory: a body held costs its text and
/// an allocation beside the store's 32-byte record of it, where one in the
/// file costs the record alone, and "Se deroga." is read on many pages.
const SPILL_FROM: usize = 64;

/// A section's body, held once by the store.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    Held(Box<str>),
    Spilled { record: Record, spill: Arc<Spill> },
}

impl Body {
    /// `text`, whose [`super::spill::checksum`] is `sum`, written to `spill` when
    /// there is one, it takes it and the text is long enough to be worth
    /// it; else held.
    pub(super) fn keep(text: &str, sum: u64, spill: Option<&Arc<Spill>>) -> Body {
        if text.len() >= SPILL_FROM
            && let Some(spill) = spill
            && let Some(record) = spill.write_summed(text.as_bytes(), sum)
        {
            return Body::Spilled {
                record,
                spill: Arc::clone(spill),
            };
        }
        Body::Held(text.into())
    }

    /// Its length in bytes, without reading it back.
    pub(super) fn len(&self) -> usize {
        match self {
            Body::Held(text) => text.len(),
            Body::Spilled { record, .. } => record.len(),
        }
    }

    /// Its text when it is in memory.
    pub(super) fn held(&self) -> Option<&str> {
        match self {
            Body::Held(text) => Some(text),
            Body::Spilled { .. } => None,
        }
    }

    /// Its text: borrowed when held, read back and checked when in the
    /// file (spaces of its length, and noted, when it does not read back).
    pub(super) fn text(&self) -> Cow<'_, str> {
        match self {
            Body::Held(text) => Cow::Borrowed(text),
            Body::Spilled { record, spill } => Cow::Owned(read(*record, spill)),
        }
    }

    /// Whether it may be a text whose [`super::spill::checksum`] is `sum`,
    /// told without reading it back: a body in the file keeps its sum.
    pub(super) fn may_be(&self, sum: u64) -> bool {
        match self {
            Body::Held(_) => true,
            Body::Spilled { record, .. } => record.sum() == sum,
        }
    }

    /// Whether it is in the temporary file.
    pub(super) fn is_spilled(&self) -> bool {
        matches!(self, Body::Spilled { .. })
    }
}

/// The text of `record`, or spaces of its length (and the failure noted in
/// `spill`) when it does not read back as written.
fn read(record: Record, spill: &Spill) -> String {
    let text = spill.read(record).and_then(|bytes| {
        // Written from a `str` and checked against its hash: UTF-8 but for
        // a file changed under the process in a way its hash missed.
        String::from_utf8(bytes).map_err(|_| {
            ReadBack(format!(
                "a body read back from the history's temporary file is not UTF-8 ({} bytes)",
                record.len()
            ))
        })
    });
    text.unwrap_or_else(|e| {
        spill.note(e);
        " ".repeat(record.len())
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::super::spill::checksum;
    use super::*;

    use std::os::unix::fs::FileExt;

    #[test]
    fn a_long_body_goes_to_the_file_and_reads_back_and_a_short_one_stays() {
        let spill = Arc::new(Spill::create().expect("a temporary file"));
        let long = "Las dependencias publicarán sus datos en formatos abiertos. ".repeat(3);
        let short = "Se deroga.";
        let (l, s) = (
            Body::keep(&long, checksum(long.as_bytes()), Some(&spill)),
            Body::keep(short, checksum(short.as_bytes()), Some(&spill)),
        );
        assert!(l.is_spilled() && !s.is_spilled());
        assert_eq!(std::mem::size_of::<Body>(), 32);
        assert_eq!((l.len(), s.len()), (long.len(), short.len()));
        assert_eq!(
            (l.text(), s.text()),
            (Cow::from(&long[..]), Cow::from(short))
        );
        assert!(
            Body::keep(&long, checksum(long.as_bytes()), None)
                .held()
                .is_some()
                && l.held().is_none()
        );
        // A body in the file is told from a text of another hash without
        // reading it back; one held is always compared.
        let other = checksum(b"otro texto");
        assert!(l.may_be(checksum(long.as_bytes())) && !l.may_be(other));
        assert!(s.may_be(other));
        assert!(spill.failure().is_none());
        // A changed byte: spaces of its length, and the failure noted.
        spill.file().write_all_at(b"X", 4).unwrap();
        assert_eq!(l.text(), " ".repeat(long.len()));
        assert!(
            spill
                .failure()
                .unwrap()
                .contains("changed while cotejo ran")
        );
    }

    #[test]
    fn a_store_that_spills_gives_its_outlines_bodies_back_and_compares_a_new_text_read_back() {
        use crate::document::Document;
        use crate::history::outline::Store;

        let articles: Vec<String> = (1..=4)
            .map(|k| format!("## Artículo {k}\n\nLas dependencias publicarán el conjunto {k} en formatos abiertos y sin registro.\n\n"))
            .collect();
        let text = format!("# Política\n\nSe deroga.\n\n{}", articles.concat());
        let doc = Document::parse(text.as_str());
        let spill = Arc::new(Spill::create().expect("a temporary file"));
        let store = Store::spilling(Some(Arc::clone(&spill)));
        let outline = store.outline(&doc);
        let held = store.held();
        // Every article's body is in the file; "Se deroga." is not.
        let long: usize = (0..doc.sections().len())
            .map(|s| doc.body(s).len())
            .filter(|&l| l >= SPILL_FROM)
            .sum();
        assert!(long > 0);
        assert_eq!(held.spilled_bytes, long);
        assert_eq!(spill.bytes() as usize, long);
        for s in 0..doc.sections().len() {
            assert_eq!(outline.body(s), doc.body(s), "section {s}");
            assert_eq!(outline.body_len(s), doc.body(s).len(), "section {s}");
        }
        // The same text again is the body stored, compared after it is
        // read back: nothing more is written.
        let again = store.outline(&doc);
        assert!(again.shares_all_with(&outline));
        assert_eq!(spill.bytes() as usize, long);
        assert!(spill.failure().is_none());
        // A changed file: an outline that had not read its bodies reads
        // spaces of each one's length, and the failure is noted.
        spill.file().write_all_at(b"#", 0).unwrap();
        let first = (0..doc.sections().len())
            .find(|&s| doc.body(s).len() >= SPILL_FROM)
            .unwrap();
        assert_eq!(again.body(first).len(), doc.body(first).len());
        assert!(again.body(first).trim().is_empty());
        assert!(spill.failure().is_some());
        // The outline read before keeps what it read; one made now has the
        // text written again, its stored body not being the same text.
        assert_eq!(outline.body(first), doc.body(first));
        assert_eq!(store.outline(&doc).body(first), doc.body(first));
    }
}
