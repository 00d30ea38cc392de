//! A step's record as a history keeps it: in memory, or, in a history of
//! every commit, in the history's temporary file ([`Spill`]) with only what
//! every reader needs of each entry kept beside it ([`Brief`]: its two
//! sections and whether it is a change). The records are written once, as
//! each core compares its commits, and read back when a page, `blame` or
//! `history` asks for a step: a section's page reads the few steps where it
//! changed.

use super::comparisons::Briefs;
use super::slim::{Brief, Step};
use super::spill::{ReadBack, Record, Spill};

/// A step's record, where it is kept, as a core that compared it hands it
/// over; a history keeps its parts in its [`super::comparisons::Comparisons`].
#[derive(Debug)]
pub(super) struct Kept {
    pub(super) briefs: Box<[Brief]>,
    pub(super) body: Body,
}

/// A kept step as it is read: its briefs and where its record is.
#[derive(Debug, Clone)]
pub(super) struct KeptView<'a> {
    briefs: Briefs,
    body: BodyView<'a>,
}

#[derive(Debug, Clone, Copy)]
enum BodyView<'a> {
    Held(&'a Step),
    Spilled(Record),
    /// Its page did not read back (noted: the command fails).
    Unread,
}

/// Boxed when held, so that a step in the file costs its place there alone.
#[derive(Debug)]
pub(super) enum Body {
    Held(Box<Step>),
    Spilled(Record),
}

impl Kept {
    /// `step`, written to `spill` when there is one and it takes it, else
    /// held.
    pub(super) fn keep(step: Step, spill: Option<&Spill>) -> Kept {
        let briefs = step.briefs();
        let body = match spill.and_then(|s| s.write(&step.write())) {
            Some(record) => Body::Spilled(record),
            None => Body::Held(Box::new(step)),
        };
        Kept { briefs, body }
    }

    /// The step, to read, as a history reads it once kept.
    #[cfg(test)]
    pub(super) fn view(&self) -> KeptView<'_> {
        let briefs = Briefs::of_slice(&self.briefs);
        match &self.body {
            Body::Held(step) => KeptView::held(briefs, step),
            Body::Spilled(record) => KeptView::spilled(briefs, *record),
        }
    }
}

impl<'a> KeptView<'a> {
    pub(super) fn held(briefs: Briefs, step: &'a Step) -> KeptView<'a> {
        KeptView {
            briefs,
            body: BodyView::Held(step),
        }
    }

    pub(super) fn spilled(briefs: Briefs, record: Record) -> KeptView<'a> {
        KeptView {
            briefs,
            body: BodyView::Spilled(record),
        }
    }

    /// A step whose page did not read back: its briefs as far as known.
    pub(super) fn unread(briefs: Briefs) -> KeptView<'a> {
        KeptView {
            briefs,
            body: BodyView::Unread,
        }
    }

    /// Each entry's two sections and whether it is a change, in order.
    pub(super) fn briefs(&self) -> &[Brief] {
        &self.briefs
    }

    /// Whether the record is in the temporary file.
    pub(super) fn is_spilled(&self) -> bool {
        matches!(self.body, BodyView::Spilled(_))
    }

    /// The record: borrowed when held, read back and checked when spilled,
    /// its entries whole only where `whole` says (the others their kind and
    /// similarity: [`Step::read_some`]).
    pub(super) fn load_some(
        &self,
        spill: Option<&Spill>,
        whole: impl Fn(usize) -> bool,
    ) -> Result<Loaded<'a>, ReadBack> {
        match self.body {
            BodyView::Held(step) => Ok(Loaded::Held(step)),
            BodyView::Unread => Err(ReadBack(
                "a step of the history was not found: its page did not read back from the \
                 history's temporary file"
                    .into(),
            )),
            BodyView::Spilled(record) => {
                let spill = spill.ok_or_else(|| {
                    ReadBack("a step kept in a temporary file the history no longer has".into())
                })?;
                let bytes = spill.read(record)?;
                let step = Step::read_some(&bytes, whole).map_err(|c| {
                    ReadBack(format!(
                        "a step read back from the history's temporary file is not as written ({})",
                        c.0
                    ))
                })?;
                if step.entries().len() != self.briefs.len() {
                    return Err(ReadBack(
                        "a step read back from the history's temporary file has another number \
                         of entries"
                            .into(),
                    ));
                }
                Ok(Loaded::Read(Box::new(step)))
            }
        }
    }
}

/// A step's record as [`KeptView::load_some`] gives it.
pub(super) enum Loaded<'a> {
    Held(&'a Step),
    Read(Box<Step>),
}

impl std::ops::Deref for Loaded<'_> {
    type Target = Step;

    fn deref(&self) -> &Step {
        match self {
            Loaded::Held(step) => step,
            Loaded::Read(step) => step,
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::FileExt;

    use super::*;
    use crate::history::outline::Store;
    use crate::version::{Text, Version};

    fn version(label: &str, text: &str) -> Version {
        Text {
            label: label.to_owned(),
            commit: Some("0123456789abcdef0123456789abcdef01234567".to_owned()),
            from_manifest: true,
            files: vec![("doc.md".to_owned(), text.to_owned())],
        }
        .assemble()
    }

    #[test]
    fn a_step_read_back_from_the_file_is_the_step_held_and_a_changed_file_an_error() {
        let old = version(
            "a",
            "# T\n\n## 1. Uno\n\nTexto primero del artículo.\n\n## 2. Dos\n\nOtro texto que se va.\n\n\
             | a | b |\n|---|---|\n| 1 | 2 |\n",
        );
        let new = version(
            "b",
            "# T\n\n## 1. Nuevo\n\nUn texto\n\n## 2. Uno\n\nTexto segundo del artículo.\n\n\
             ## 3. Dos\n\n| a | b |\n|---|---|\n| 1 | 3 |\n\nOtro texto que se va.\n",
        );
        let options = crate::compare::Options { changes_only: true };
        let step = || super::super::compare_pair((&old, "a"), (&new, "b"), &options).0;
        let store = Store::default();
        let (o, n) = (store.outline(&old.document), store.outline(&new.document));
        let held = Kept::keep(step(), None);
        let spill = Spill::create().expect("a temporary file");
        let spilled = Kept::keep(step(), Some(&spill));
        assert!(!held.view().is_spilled() && spilled.view().is_spilled());
        let whole = |k: &Kept| {
            crate::history::slim::fill_all(
                &k.view()
                    .load_some(Some(&spill), |_| true)
                    .expect("read back"),
                &o,
                &n,
            )
        };
        let expected = whole(&held);
        assert!(expected.sections.len() >= 3, "{expected:?}");
        assert!(expected.sections.iter().any(|e| e.blocks.is_some()));
        assert_eq!(whole(&spilled), expected);
        assert_eq!(spilled.view().briefs().len(), expected.sections.len());
        for (b, e) in spilled.view().briefs().iter().zip(&expected.sections) {
            assert_eq!(b.old_index(), e.old.as_ref().map(|r| r.index));
            assert_eq!(b.new_index(), e.new.as_ref().map(|r| r.index));
            assert_eq!(b.is_change(), e.is_change());
        }

        // One entry read whole, the others their kind and similarity: what a
        // page about that entry reads, the same as from the step held.
        for k in 0..expected.sections.len() {
            let around = |kept: &Kept| {
                let step = kept
                    .view()
                    .load_some(Some(&spill), |j| j == k)
                    .expect("read back");
                crate::history::slim::fill_some(&step, &o, &n, |j| j == k)
            };
            assert_eq!(around(&spilled), around(&held), "entry {k}");
        }

        // A byte changed in the file: an error that says so, never the step.
        let mut byte = [0];
        spill.file().read_exact_at(&mut byte, 5).unwrap();
        spill.file().write_all_at(&[byte[0] ^ 1], 5).unwrap();
        let err = spilled
            .view()
            .load_some(Some(&spill), |_| true)
            .err()
            .expect("an error");
        assert!(err.0.contains("changed while cotejo ran"), "{err}");
        // Without its file, a step kept there is an error too.
        assert!(spilled.view().load_some(None, |_| true).is_err());
        // The stand-in has the entries' sections at their indices.
        let stand_in = Step::stand_in(spilled.view().briefs());
        assert_eq!(stand_in.entries().len(), spilled.view().briefs().len());
    }
}
