//! Hexadecimal ids (commits, SHA-256 hashes) as their bytes and back: a long
//! history keeps thousands of them, and 40 or 64 digits in a `String` are
//! twice their bytes and an allocation each.

use super::bytes::{Corrupt, Reader, Writer};

/// The `N` bytes of `text` when it is `2 × N` lowercase hexadecimal digits
/// (as git and cotejo write ids), so that [`text`] gives it back the same;
/// `None` for anything else (upper case, another length).
pub(super) fn bytes<const N: usize>(text: &str) -> Option<[u8; N]> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let text = text.as_bytes();
    if text.len() != 2 * N {
        return None;
    }
    let mut out = [0u8; N];
    for (k, b) in out.iter_mut().enumerate() {
        *b = digit(text[2 * k])? << 4 | digit(text[2 * k + 1])?;
    }
    Some(out)
}

/// `bytes` as lowercase hexadecimal digits, two a byte.
pub(super) fn text(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(2 * bytes.len());
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// A hex string as its bytes when it is lowercase hex of `N` bytes (what
/// git and cotejo write), else as it is: how a step's head and a history's
/// points write a commit or a hash.
#[derive(Debug)]
pub(super) enum Hex<const N: usize> {
    Bytes([u8; N]),
    Text(Box<str>),
}

impl<const N: usize> Hex<N> {
    pub(super) fn write(&self, w: &mut Writer) {
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

    pub(super) fn read(r: &mut Reader<'_>) -> Result<Hex<N>, Corrupt> {
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

    pub(super) fn of(text: &str) -> Hex<N> {
        bytes(text).map_or_else(|| Hex::Text(text.into()), Hex::Bytes)
    }

    pub(super) fn text(&self) -> String {
        match self {
            Hex::Bytes(bytes) => text(bytes),
            Hex::Text(t) => t.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lowercase_digits_of_the_length_read_back_the_same_and_others_are_refused() {
        let id = "0123456789abcdef0123456789abcdef01234567";
        let b: [u8; 20] = super::bytes(id).expect("40 lowercase digits");
        assert_eq!(b[..3], [0x01, 0x23, 0x45]);
        assert_eq!(super::text(&b), id);
        assert_eq!(super::bytes::<20>(&id.to_uppercase()), None);
        assert_eq!(super::bytes::<20>(&id[..38]), None);
        assert_eq!(super::bytes::<20>(&format!("{}g", &id[..39])), None);
        assert_eq!(super::bytes::<32>(id), None);
    }
}
