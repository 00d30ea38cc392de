//! The commits that changed the document, as a history of every commit
//! lists them before reading their texts, and holds them while it reads:
//! each change's place on the line and commit in one list, its files' blobs
//! end to end in another (24 bytes a change, and 21 a file).
//!
//! A change was a record of its own with a list of its blobs (56 bytes
//! beside a 96-byte allocation, a list collected from an iterator that does
//! not say its length being given room for four): ~150 bytes a commit held
//! at the peak, 4.4 MB of it at 30,000 commits (fifteenth round).

use git2::Oid;

use super::growth;

/// The changes of a history, in order.
#[derive(Debug)]
pub(super) struct Changes {
    /// The document's files: how many blobs a change has.
    files: usize,
    /// Each change's position in the line of all commits, and its commit.
    commits: Vec<(u32, Oid)>,
    /// Each change's blob of each file (`None`: absent), `files` a change.
    blobs: Vec<Option<Oid>>,
}

/// One change, as read from [`Changes`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Change<'a> {
    /// Position in the line of all commits.
    pub(super) position: usize,
    pub(super) commit: Oid,
    /// The blob of each of the document's files (`None`: absent).
    pub(super) blobs: &'a [Option<Oid>],
}

impl Changes {
    /// No change yet, of a document of `files` files.
    pub(super) fn of_files(files: usize) -> Changes {
        Changes {
            files,
            commits: Vec::new(),
            blobs: Vec::new(),
        }
    }

    /// Adds a change: `commit`, at `position` on the line, with one blob
    /// (or none) a file.
    pub(super) fn push(&mut self, position: usize, commit: Oid, blobs: &[Option<Oid>]) {
        assert_eq!(blobs.len(), self.files, "one blob a file of the document");
        let position = u32::try_from(position).expect("fewer than 2³² commits");
        growth::push(&mut self.commits, (position, commit));
        growth::reserve(&mut self.blobs, blobs.len());
        self.blobs.extend_from_slice(blobs);
    }

    pub(super) fn len(&self) -> usize {
        self.commits.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.commits.is_empty()
    }

    /// Change `k`.
    pub(super) fn get(&self, k: usize) -> Change<'_> {
        let (position, commit) = self.commits[k];
        Change {
            position: position as usize,
            commit,
            blobs: &self.blobs[k * self.files..(k + 1) * self.files],
        }
    }

    /// The last change, if any.
    pub(super) fn last(&self) -> Option<Change<'_>> {
        self.len().checked_sub(1).map(|k| self.get(k))
    }

    /// Every change, in order.
    pub(super) fn iter(&self) -> impl DoubleEndedIterator<Item = Change<'_>> + ExactSizeIterator {
        (0..self.len()).map(|k| self.get(k))
    }

    /// Gives back the spare room: the list is not added to again.
    pub(super) fn shrink_to_fit(&mut self) {
        self.commits.shrink_to_fit();
        self.blobs.shrink_to_fit();
    }

    /// Bytes held, spare room included.
    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.commits.capacity() * std::mem::size_of::<(u32, Oid)>()
            + self.blobs.capacity() * std::mem::size_of::<Option<Oid>>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).expect("20 bytes")
    }

    #[test]
    fn each_change_gives_back_its_position_commit_and_blobs() {
        let mut changes = Changes::of_files(2);
        assert!(changes.is_empty() && changes.last().is_none());
        for k in 0..1_000u32 {
            let n = (k % 250) as u8;
            let second = (k % 3 != 0).then(|| oid(n.wrapping_add(1)));
            changes.push(k as usize * 2, oid(n), &[Some(oid(n)), second]);
        }
        changes.shrink_to_fit();
        assert_eq!(changes.len(), 1_000);
        for (k, c) in changes.iter().enumerate() {
            let n = (k % 250) as u8;
            assert_eq!((c.position, c.commit), (k * 2, oid(n)));
            let second = (k % 3 != 0).then(|| oid(n.wrapping_add(1)));
            assert_eq!(c.blobs, [Some(oid(n)), second]);
        }
        assert_eq!(changes.last().map(|c| c.position), Some(1_998));
        // 24 bytes a change and 21 a file: no record or list of its own.
        assert_eq!(changes.bytes(), 1_000 * (24 + 2 * 21));
    }

    #[test]
    #[should_panic(expected = "one blob a file")]
    fn a_change_has_one_blob_a_file() {
        Changes::of_files(2).push(0, oid(1), &[None]);
    }
}
