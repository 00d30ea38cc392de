//! A step's own record beside its entries — the two versions compared and
//! the summary — kept compact. As a [`Comparison`] without entries it was
//! ~600 bytes a step in seven allocations (the schema, each version's label,
//! commit and SHA-256 as hex strings); here the commit and hash are their
//! bytes, the schema is the comparison's own unless it is not, and the
//! labels are the only allocations: ~250 bytes a step.

use sha2::{Digest, Sha256};

use super::bytes::{Corrupt, Reader, Writer};
use super::hex::Hex;
use crate::model::{Comparison, SCHEMA, Summary, VersionInfo};

/// A comparison's versions and summary.
#[derive(Debug)]
pub(super) struct StepHead {
    /// `None`: [`SCHEMA`].
    schema: Option<Box<str>>,
    old: Version,
    new: Version,
    summary: Summary,
}

/// A [`VersionInfo`], compact.
#[derive(Debug)]
struct Version {
    label: Box<str>,
    commit: Option<Hex<20>>,
    sha256: Hex<32>,
    sections: usize,
}

impl StepHead {
    /// The versions and summary of `cmp` (its entries aside).
    pub(super) fn of(cmp: &Comparison) -> StepHead {
        StepHead {
            schema: (cmp.schema != SCHEMA).then(|| cmp.schema.as_str().into()),
            old: Version::of(&cmp.old),
            new: Version::of(&cmp.new),
            summary: cmp.summary,
        }
    }

    /// A record of nothing (for a step that could not be read back).
    pub(super) fn stand_in() -> StepHead {
        let version = || Version {
            label: "".into(),
            commit: None,
            sha256: Hex::Text("".into()),
            sections: 0,
        };
        StepHead {
            schema: None,
            old: version(),
            new: version(),
            summary: Summary::default(),
        }
    }

    /// The comparison as it was, without entries.
    pub(super) fn comparison(&self) -> Comparison {
        Comparison {
            schema: self.schema.as_deref().unwrap_or(SCHEMA).to_owned(),
            old: self.old.info(),
            new: self.new.info(),
            summary: self.summary,
            sections: Vec::new(),
        }
    }

    /// The two texts compared, by which a history finds an earlier step of
    /// the same two: their SHA-256s' bytes (64 where two hex strings were
    /// ~200 with their allocations; a history keeps one digest of both
    /// for each step while it is made: `commits::texts_key`).
    pub(super) fn texts(&self) -> [[u8; 32]; 2] {
        [self.old.sha256.digest(), self.new.sha256.digest()]
    }

    /// Bytes it holds: itself and its allocations.
    pub(super) fn bytes(&self) -> usize {
        let text = |h: &Hex<32>| match h {
            Hex::Bytes(_) => 0,
            Hex::Text(t) => t.len(),
        };
        let commit = |c: &Option<Hex<20>>| match c {
            Some(Hex::Text(t)) => t.len(),
            _ => 0,
        };
        std::mem::size_of::<StepHead>()
            + self.schema.as_ref().map_or(0, |s| s.len())
            + [&self.old, &self.new]
                .iter()
                .map(|v| v.label.len() + commit(&v.commit) + text(&v.sha256))
                .sum::<usize>()
    }
}

impl StepHead {
    /// Writes it for [`StepHead::read`].
    pub(super) fn write(&self, w: &mut Writer) {
        match &self.schema {
            None => w.u8(0),
            Some(s) => {
                w.u8(1);
                w.str(s);
            }
        }
        self.old.write(w);
        self.new.write(w);
        for n in self.summary.counts() {
            w.usize(n);
        }
    }

    /// What [`StepHead::write`] wrote.
    pub(super) fn read(r: &mut Reader<'_>) -> Result<StepHead, Corrupt> {
        let schema = match r.u8()? {
            0 => None,
            1 => Some(r.str()?.into()),
            _ => return Err(Corrupt("an unknown schema mark")),
        };
        let old = Version::read(r)?;
        let new = Version::read(r)?;
        let mut counts = [0; Summary::COUNTS];
        for n in &mut counts {
            *n = r.usize()?;
        }
        let summary = Summary::from_counts(counts);
        Ok(StepHead {
            schema,
            old,
            new,
            summary,
        })
    }
}

impl Version {
    fn write(&self, w: &mut Writer) {
        w.str(&self.label);
        match &self.commit {
            None => w.u8(0),
            Some(c) => {
                w.u8(1);
                c.write(w);
            }
        }
        self.sha256.write(w);
        w.usize(self.sections);
    }

    fn read(r: &mut Reader<'_>) -> Result<Version, Corrupt> {
        let label = r.str()?.into();
        let commit = match r.u8()? {
            0 => None,
            1 => Some(Hex::read(r)?),
            _ => return Err(Corrupt("an unknown commit mark")),
        };
        Ok(Version {
            label,
            commit,
            sha256: Hex::read(r)?,
            sections: r.usize()?,
        })
    }

    fn of(v: &VersionInfo) -> Version {
        Version {
            label: v.label.as_str().into(),
            commit: v.commit.as_deref().map(Hex::of),
            sha256: Hex::of(&v.sha256),
            sections: v.sections,
        }
    }

    fn info(&self) -> VersionInfo {
        VersionInfo {
            label: self.label.to_string(),
            commit: self.commit.as_ref().map(Hex::text),
            sha256: self.sha256.text(),
            sections: self.sections,
        }
    }
}

impl Hex<32> {
    /// The hash's 32 bytes; a text that is not 64 digits hashed again.
    fn digest(&self) -> [u8; 32] {
        match self {
            Hex::Bytes(bytes) => *bytes,
            Hex::Text(t) => Sha256::digest(t.as_bytes()).into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_back_the_versions_and_summary_as_they_were() {
        let version = |label: &str, commit: Option<&str>, sha: &str| VersionInfo {
            label: label.to_owned(),
            commit: commit.map(str::to_owned),
            sha256: sha.to_owned(),
            sections: 1800,
        };
        let sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let commit = "0123456789abcdef0123456789abcdef01234567";
        let summary = Summary {
            added: 1,
            words_moved: 7,
            ..Summary::default()
        };
        for (schema, old, new) in [
            (
                SCHEMA,
                version("a1b2c3d4", Some(commit), sha),
                version("borrador-2", Some(commit), sha),
            ),
            // Not lowercase hex, or not of the length: kept as they are.
            (
                "otro/1",
                version("x", Some("0123456789ABCDEF0123456789abcdef01234567"), "abc"),
                version("", None, &sha[..62]),
            ),
            (
                "",
                version("ñ", Some("zz"), &format!("{sha}0")),
                version("y", Some(""), ""),
            ),
        ] {
            let cmp = Comparison {
                schema: schema.to_owned(),
                old,
                new,
                summary,
                sections: Vec::new(),
            };
            let head = StepHead::of(&cmp);
            assert_eq!(head.comparison(), cmp);
            // Written and read back (a history's temporary file): the same.
            let mut w = Writer::default();
            head.write(&mut w);
            let mut r = Reader::new(&w.bytes);
            let back = StepHead::read(&mut r).unwrap();
            assert!(r.done());
            assert_eq!(back.comparison(), cmp);
            assert_eq!(
                head.texts(),
                [&cmp.old.sha256, &cmp.new.sha256].map(|h| Hex::<32>::of(h).digest())
            );
        }
    }
}
