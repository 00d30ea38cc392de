//! A step's own record beside its entries — the two versions compared and
//! the summary — kept compact. As a [`Comparison`] without entries it was
//! ~600 bytes a step in seven allocations (the schema, each version's label,
//! commit and SHA-256 as hex strings); here the commit and hash are their
//! bytes, the schema is the comparison's own unless it is not, and the
//! labels are the only allocations: ~250 bytes a step.

use super::bytes::{Corrupt, Reader, Writer};
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

/// A hex string as its bytes when it is lowercase hex of `N` bytes (what
/// git and cotejo write), else as it is.
#[derive(Debug)]
enum Hex<const N: usize> {
    Bytes([u8; N]),
    Text(Box<str>),
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

    /// The SHA-256 of the two texts compared, hex.
    pub(super) fn texts(&self) -> (String, String) {
        (self.old.sha256.text(), self.new.sha256.text())
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

impl<const N: usize> Hex<N> {
    fn write(&self, w: &mut Writer) {
        match self {
            Hex::Bytes(b) => {
                w.u8(0);
                w.raw(b);
            }
            Hex::Text(t) => {
                w.u8(1);
                w.str(t);
            }
        }
    }

    fn read(r: &mut Reader<'_>) -> Result<Hex<N>, Corrupt> {
        match r.u8()? {
            0 => Ok(Hex::Bytes(
                r.raw()?
                    .try_into()
                    .map_err(|_| Corrupt("a hash of another length"))?,
            )),
            1 => Ok(Hex::Text(r.str()?.into())),
            _ => Err(Corrupt("an unknown hash mark")),
        }
    }

    fn of(text: &str) -> Hex<N> {
        let digit = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        };
        let bytes = text.as_bytes();
        if bytes.len() == 2 * N {
            let mut out = [0u8; N];
            let all = out.iter_mut().enumerate().all(|(k, b)| {
                match (digit(bytes[2 * k]), digit(bytes[2 * k + 1])) {
                    (Some(hi), Some(lo)) => {
                        *b = hi << 4 | lo;
                        true
                    }
                    _ => false,
                }
            });
            if all {
                return Hex::Bytes(out);
            }
        }
        Hex::Text(text.into())
    }

    fn text(&self) -> String {
        match self {
            Hex::Bytes(bytes) => {
                const DIGITS: &[u8; 16] = b"0123456789abcdef";
                let mut s = String::with_capacity(2 * N);
                for b in bytes {
                    s.push(DIGITS[usize::from(b >> 4)] as char);
                    s.push(DIGITS[usize::from(b & 15)] as char);
                }
                s
            }
            Hex::Text(t) => t.to_string(),
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
                (cmp.old.sha256.clone(), cmp.new.sha256.clone())
            );
        }
    }
}
