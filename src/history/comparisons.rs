//! Every step of a history, as the comparisons it shares: a step whose two
//! texts came before (a revert, then the same edit again) is the comparison
//! of the first such pair. Each distinct comparison is kept once, its parts
//! end to end with the others': its record (in the history's temporary file
//! when following commits), its entries' briefs and its pairing.
//!
//! A comparison kept on its own was five allocations a commit (its shared
//! record, its briefs, its shared pairing, the pairing's runs and search
//! list), each costing the system allocator ~16 bytes of its own beside the
//! few bytes in it: with the history's other small allocations, why the
//! resident size of a long history grew faster than what it counted
//! (eleventh round).

use super::end_to_end::EndToEnd;
use super::growth;
use super::kept::{Body, Kept, KeptView};
use super::pairing::{Pairing, PairingView, Pairings};
use super::slim::Brief;

/// The steps of a history and their distinct comparisons.
#[derive(Debug, Default)]
pub(super) struct Comparisons {
    /// For each step, the distinct comparison it is.
    of_step: Vec<u32>,
    /// Each distinct comparison's record, in memory or in the file.
    records: Vec<Body>,
    /// Each distinct comparison's briefs.
    briefs: EndToEnd<Brief>,
    pairings: Pairings,
}

impl Comparisons {
    /// Keeps a comparison not kept before; returns its number, for
    /// [`Comparisons::push_step`].
    pub(super) fn add(&mut self, kept: Kept, pairing: &Pairing) -> usize {
        let Kept { briefs, body } = kept;
        self.add_parts(body, &briefs, pairing.view())
    }

    /// Keeps comparison `c` of `part`, its record taken from the part
    /// ([`Comparisons::take_records`]); returns its number here. A core
    /// keeps the comparisons it makes in a part of its own, so that none
    /// waits for the others; the parts are taken in the steps' order.
    pub(super) fn add_from(&mut self, part: &Comparisons, c: usize, record: Body) -> usize {
        self.add_parts(record, part.briefs.get(c), part.pairings.get(c))
    }

    fn add_parts(&mut self, record: Body, briefs: &[Brief], pairing: PairingView<'_>) -> usize {
        let k = self.briefs.push(briefs);
        growth::push(&mut self.records, record);
        let pairing = self.pairings.push(pairing);
        debug_assert_eq!((pairing, k + 1), (k, self.records.len()));
        k
    }

    /// The records of a part, each to be taken once
    /// ([`Comparisons::add_from`]); the part keeps its briefs and pairings.
    pub(super) fn take_records(&mut self) -> Vec<Option<Body>> {
        std::mem::take(&mut self.records)
            .into_iter()
            .map(Some)
            .collect()
    }

    /// The next step: distinct comparison `comparison`.
    pub(super) fn push_step(&mut self, comparison: usize) {
        debug_assert!(comparison < self.records.len());
        self.of_step
            .push(u32::try_from(comparison).expect("fewer than 2³² comparisons"));
    }

    /// The number of steps.
    pub(super) fn len(&self) -> usize {
        self.of_step.len()
    }

    /// The distinct comparison step `step` is.
    pub(super) fn comparison_of(&self, step: usize) -> usize {
        self.of_step[step] as usize
    }

    /// Distinct comparison `c`: its briefs and its record.
    pub(super) fn kept(&self, c: usize) -> KeptView<'_> {
        KeptView {
            briefs: self.briefs.get(c),
            body: &self.records[c],
        }
    }

    /// Step `step`'s comparison.
    pub(super) fn step(&self, step: usize) -> KeptView<'_> {
        self.kept(self.comparison_of(step))
    }

    /// Step `step`'s entries: each its two sections and whether it is a
    /// change.
    pub(super) fn briefs(&self, step: usize) -> &[Brief] {
        self.step(step).briefs()
    }

    /// Step `step`'s pairing.
    pub(super) fn pairing(&self, step: usize) -> PairingView<'_> {
        self.pairings.get(self.comparison_of(step))
    }

    /// The bytes the steps hold in memory beside their pairings and the
    /// records held (which the footprint counts apart): the steps' numbers,
    /// the records' places and the briefs.
    pub(super) fn step_bytes(&self) -> usize {
        std::mem::size_of_val(self.of_step.as_slice())
            + std::mem::size_of_val(self.records.as_slice())
            + self.briefs.bytes()
    }

    /// The bytes the pairings hold in memory.
    pub(super) fn pairing_bytes(&self) -> usize {
        self.pairings.bytes()
    }

    /// Gives back the spare capacity of lists built by pushing.
    pub(super) fn shrink_to_fit(&mut self) {
        self.of_step.shrink_to_fit();
        self.records.shrink_to_fit();
        self.briefs.shrink_to_fit();
        self.pairings.shrink_to_fit();
    }
}
