//! The few primitives a step is written and read back with
//! ([`super::spill`]): variable-length numbers, bytes with their length, and
//! model values as JSON where they are rare or have no number a JSON
//! round trip could change (no float). Reading never panics: a record cut
//! short or not as written is a [`Corrupt`].

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A record read back is not what was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Corrupt(pub(super) &'static str);

/// Appends `v` as LEB128: seven bits a byte, low first, the high bit set on
/// every byte but the last. Also how a followed lineage packs its places
/// ([`super::places`]).
pub(super) fn push_uint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The number [`push_uint`] wrote at the start of `bytes`, and how many
/// bytes it took.
pub(super) fn read_uint(bytes: &[u8]) -> Result<(u64, usize), Corrupt> {
    let mut v = 0u64;
    for (k, shift) in (0..64).step_by(7).enumerate() {
        let b = *bytes.get(k).ok_or(Corrupt("cut short"))?;
        v |= u64::from(b & 0x7f)
            .checked_shl(shift)
            .ok_or(Corrupt("a number too large"))?;
        if b & 0x80 == 0 {
            return Ok((v, k + 1));
        }
    }
    Err(Corrupt("a number too long"))
}

/// A record being written.
#[derive(Debug, Default, Clone)]
pub(super) struct Writer {
    pub(super) bytes: Vec<u8>,
}

impl Writer {
    pub(super) fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    /// LEB128 ([`push_uint`]).
    pub(super) fn uint(&mut self, v: u64) {
        push_uint(&mut self.bytes, v);
    }

    pub(super) fn usize(&mut self, v: usize) {
        self.uint(v as u64);
    }

    pub(super) fn u64_fixed(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub(super) fn raw(&mut self, v: &[u8]) {
        self.usize(v.len());
        self.bytes.extend_from_slice(v);
    }

    pub(super) fn str(&mut self, v: &str) {
        self.raw(v.as_bytes());
    }

    /// `v` as JSON (only for types with no float: the text gives them back
    /// exactly).
    pub(super) fn json<T: Serialize>(&mut self, v: &T) {
        let text = serde_json::to_vec(v).expect("model values serialize to JSON");
        self.raw(&text);
    }
}

/// A record being read back.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes }
    }

    /// Whether every byte was read.
    pub(super) fn done(&self) -> bool {
        self.bytes.is_empty()
    }

    pub(super) fn u8(&mut self) -> Result<u8, Corrupt> {
        let (&v, rest) = self.bytes.split_first().ok_or(Corrupt("cut short"))?;
        self.bytes = rest;
        Ok(v)
    }

    pub(super) fn uint(&mut self) -> Result<u64, Corrupt> {
        let (v, len) = read_uint(self.bytes)?;
        self.bytes = &self.bytes[len..];
        Ok(v)
    }

    pub(super) fn usize(&mut self) -> Result<usize, Corrupt> {
        usize::try_from(self.uint()?).map_err(|_| Corrupt("a number too large"))
    }

    pub(super) fn u32(&mut self) -> Result<u32, Corrupt> {
        u32::try_from(self.uint()?).map_err(|_| Corrupt("a number too large"))
    }

    pub(super) fn u64_fixed(&mut self) -> Result<u64, Corrupt> {
        let bytes = self.take(8)?;
        Ok(u64::from_le_bytes(bytes.try_into().expect("eight bytes")))
    }

    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], Corrupt> {
        if n > self.bytes.len() {
            return Err(Corrupt("cut short"));
        }
        let (v, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(v)
    }

    pub(super) fn raw(&mut self) -> Result<&'a [u8], Corrupt> {
        let n = self.usize()?;
        self.take(n)
    }

    pub(super) fn str(&mut self) -> Result<&'a str, Corrupt> {
        std::str::from_utf8(self.raw()?).map_err(|_| Corrupt("text not UTF-8"))
    }

    pub(super) fn json<T: DeserializeOwned>(&mut self) -> Result<T, Corrupt> {
        serde_json::from_slice(self.raw()?).map_err(|_| Corrupt("a value not as written"))
    }

    /// One of `all`, by its index.
    pub(super) fn one_of<T: Copy>(&mut self, all: &[T]) -> Result<T, Corrupt> {
        all.get(usize::from(self.u8()?))
            .copied()
            .ok_or(Corrupt("an unknown kind"))
    }
}

/// The index of `v` in `all` (each list is a type's every value).
pub(super) fn index_in<T: PartialEq>(all: &[T], v: &T) -> u8 {
    let k = all.iter().position(|a| a == v).expect("every value listed");
    u8::try_from(k).expect("fewer than 256 values")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_texts_come_back_as_written_and_a_cut_record_is_corrupt() {
        let mut w = Writer::default();
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            w.uint(v);
        }
        w.str("año ñ");
        w.u64_fixed(0x0102_0304_0506_0708);
        w.json(&vec![Some(1usize), None]);
        let mut r = Reader::new(&w.bytes);
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(r.uint(), Ok(v));
        }
        assert_eq!(r.str(), Ok("año ñ"));
        assert_eq!(r.u64_fixed(), Ok(0x0102_0304_0506_0708));
        assert_eq!(r.json::<Vec<Option<usize>>>(), Ok(vec![Some(1), None]));
        assert!(r.done());
        for cut in 0..w.bytes.len() {
            let mut r = Reader::new(&w.bytes[..cut]);
            let all = (|| {
                for _ in 0..7 {
                    r.uint()?;
                }
                r.str()?;
                r.u64_fixed()?;
                r.json::<Vec<Option<usize>>>()
            })();
            assert!(all.is_err(), "cut at {cut}");
        }
        assert!(Reader::new(&[0xff; 11]).uint().is_err());
    }
}
