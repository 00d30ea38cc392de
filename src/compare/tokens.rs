//! The tokenizer of the word diff.
//!
//! Rule: the text is cut at Unicode word boundaries (UAX #29, so *información* and
//! *2.1* are one token each); a run of whitespace, line breaks included, is one
//! token; every other character (punctuation, Markdown markers) is a token of its own.
//! Concatenating the tokens gives the text back, byte for byte.

use unicode_segmentation::UnicodeSegmentation;

/// What a token is, for cleanup and word counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Space,
    Punct,
}

/// Splits `text` into tokens; see the module documentation for the rule.
pub fn tokenize(text: &str) -> Vec<&str> {
    let mut tokens: Vec<&str> = Vec::with_capacity(text.len() / 3);
    for_each_token(text, |_, token| tokens.push(token));
    tokens
}

/// Calls `f` with each token of `text` and its byte offset, in order, as
/// [`tokenize`] cuts them, without collecting them.
///
/// The same tokens as [`for_each_token_segmented`] (a property test holds
/// them equal), read faster: the text is read in chunks between
/// ASCII whitespace, and a chunk of ASCII and Latin-1 letters (`is_plain`)
/// is cut by UAX #29's rules for them, written out here (`plain_chunk`).
/// A run of chunks holding other
/// characters goes to `unicode-segmentation` whole, with the ASCII whitespace
/// before it: UAX #29 joins a mark or a space to the whitespace before it
/// (WB3d, WB4), never anything to an ASCII letter, digit or punctuation mark
/// after whitespace, and its other rules do not look across whitespace.
pub fn for_each_token<'a>(text: &'a str, mut f: impl FnMut(usize, &'a str)) {
    let bytes = text.as_bytes();
    let mut spaces = Spaces::default();
    // Where the whitespace before the chunk being read starts (the end of the
    // chunk before), and where the run of chunks left to the segmenter
    // starts, when one is open.
    let mut gap_start = 0usize;
    let mut segmented_from: Option<usize> = None;
    let mut at = 0usize;
    while at < bytes.len() {
        if chunk_end(bytes[at]) {
            at += 1;
            continue;
        }
        let end = bytes[at..]
            .iter()
            .position(|&b| chunk_end(b))
            .map_or(bytes.len(), |k| at + k);
        let chunk = &bytes[at..end];
        if is_plain(chunk) {
            if let Some(from) = segmented_from.take() {
                segment(text, from, gap_start, &mut spaces, &mut f);
            }
            if gap_start < at {
                spaces.open(gap_start);
            }
            plain_chunk(chunk, |start, len| {
                spaces.flush(text, at + start, &mut f);
                f(at + start, &text[at + start..at + start + len]);
            });
        } else if segmented_from.is_none() {
            segmented_from = Some(if gap_start < at { gap_start } else { at });
        }
        at = end;
        gap_start = end;
    }
    match segmented_from {
        Some(from) => segment(text, from, text.len(), &mut spaces, &mut f),
        None if gap_start < text.len() => spaces.open(gap_start),
        None => {}
    }
    spaces.flush(text, text.len(), &mut f);
}

/// The open run of whitespace of [`for_each_token`]: whitespace pieces join
/// until a token that is not whitespace.
#[derive(Default)]
struct Spaces(Option<usize>);

impl Spaces {
    fn open(&mut self, at: usize) {
        self.0.get_or_insert(at);
    }

    /// Gives the open run, ending at `end`, to `f`.
    fn flush<'a>(&mut self, text: &'a str, end: usize, f: &mut impl FnMut(usize, &'a str)) {
        if let Some(start) = self.0.take() {
            f(start, &text[start..end]);
        }
    }
}

/// The tokens of `text[from..to]` by `unicode-segmentation`.
fn segment<'a>(
    text: &'a str,
    from: usize,
    to: usize,
    spaces: &mut Spaces,
    f: &mut impl FnMut(usize, &'a str),
) {
    for (offset, piece) in text[from..to].split_word_bound_indices() {
        let offset = from + offset;
        if piece.chars().all(char::is_whitespace) {
            spaces.open(offset);
        } else {
            spaces.flush(text, offset, f);
            f(offset, piece);
        }
    }
    if to < text.len() {
        // ASCII whitespace follows: part of the same run.
        spaces.open(to);
    }
}

/// Whether a chunk is read by [`plain_chunk`]: ASCII, and the letters of
/// Latin-1 (U+00C0 to U+00FF but `×` and `÷`: `á`, `ñ`, `ü`, `ß`), all of
/// which UAX #29 calls ALetter. Spanish, German or French prose is mostly
/// such chunks.
fn is_plain(chunk: &[u8]) -> bool {
    let mut i = 0;
    while i < chunk.len() {
        match chunk[i] {
            b if b < 0x80 => i += 1,
            0xC3 if matches!(chunk.get(i + 1), Some(&(0x80..=0xBF)))
                && !matches!(chunk[i + 1], 0x97 | 0xB7) =>
            {
                i += 2
            }
            _ => return false,
        }
    }
    true
}

/// Cuts a chunk without whitespace that [`is_plain`] accepts as UAX #29
/// does: letters, digits and `_` join (WB5, WB8–WB10, WB13a/b); a `.` or `'`
/// between two letters or two digits, a `:` between two letters and a `,` or
/// `;` between two digits join too (WB6/7, WB11/12); every other character
/// (all ASCII here) stands alone (WB999). Calls `f` with each token's start
/// and length in `chunk`.
fn plain_chunk(chunk: &[u8], mut f: impl FnMut(usize, usize)) {
    // In such a chunk every byte past ASCII is part of a Latin-1 letter, and
    // 0xC3 is the only one that starts a character.
    let in_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    let joins = |last_before: u8, mid: u8, first_after: u8| {
        let letters = (last_before.is_ascii_alphabetic() || last_before >= 0x80)
            && (first_after.is_ascii_alphabetic() || first_after == 0xC3);
        let digits = last_before.is_ascii_digit() && first_after.is_ascii_digit();
        match mid {
            b'.' | b'\'' => letters || digits,
            b':' => letters,
            b',' | b';' => digits,
            _ => false,
        }
    };
    let mut i = 0;
    while i < chunk.len() {
        if !in_word(chunk[i]) {
            f(i, 1);
            i += 1;
            continue;
        }
        let mut j = i + 1;
        loop {
            while j < chunk.len() && in_word(chunk[j]) {
                j += 1;
            }
            if j + 1 < chunk.len() && joins(chunk[j - 1], chunk[j], chunk[j + 1]) {
                j += 2;
            } else {
                break;
            }
        }
        f(i, j - i);
        i = j;
    }
}

/// [`for_each_token`] by `unicode-segmentation` alone: the reference the
/// fast path is tested against.
pub fn for_each_token_segmented<'a>(text: &'a str, mut f: impl FnMut(usize, &'a str)) {
    let mut spaces = Spaces::default();
    segment(text, 0, text.len(), &mut spaces, &mut f);
    spaces.flush(text, text.len(), &mut f);
}

/// Classifies a token produced by [`tokenize`].
pub fn kind(token: &str) -> Kind {
    match token.chars().next() {
        Some(c) if c.is_whitespace() => Kind::Space,
        Some(c) if c.is_alphanumeric() => Kind::Word,
        _ if token.chars().any(char::is_alphanumeric) => Kind::Word,
        _ => Kind::Punct,
    }
}

/// Number of words in `text` (tokens of kind [`Kind::Word`]).
pub fn count_words(text: &str) -> usize {
    words(text).count()
}

/// The words of `text` (its UAX #29 segments of kind [`Kind::Word`]), in
/// order: what `text.split_word_bounds().filter(|t| kind(t) == Kind::Word)`
/// gives, read about three times faster on a law.
///
/// The text is read in chunks between ASCII whitespace, because UAX #29
/// always breaks around it: it joins nothing to a space, a tab or a line end
/// but another space (no word either way) or a mark after it (so a chunk
/// that starts with a non-ASCII character is read with the whitespace before
/// it), and the rules that look past a character (`e.g`, `3.5`) find no
/// letter or digit in whitespace as at the end of the text. A chunk of ASCII
/// letters and digits between ASCII punctuation other than `_` (`(1)`,
/// `Abs.`, `datos,`) is one word and the punctuation no word; any other chunk
/// is segmented by `unicode-segmentation`.
pub fn words(text: &str) -> Words<'_> {
    Words {
        text,
        at: 0,
        segments: None,
        plain: Vec::new(),
    }
}

/// The iterator of [`words`].
pub struct Words<'a> {
    text: &'a str,
    /// Where the next chunk is looked for.
    at: usize,
    /// The segments of the chunk being read, when it was not plain.
    segments: Option<unicode_segmentation::UWordBounds<'a>>,
    /// The words of a chunk of ASCII and Latin-1 letters, cut as
    /// [`for_each_token`] cuts them, not yet given: last first.
    plain: Vec<(usize, usize)>,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        loop {
            if let Some((start, end)) = self.plain.pop() {
                return Some(&self.text[start..end]);
            }
            if let Some(segments) = &mut self.segments {
                match segments.find(|t| kind(t) == Kind::Word) {
                    Some(word) => return Some(word),
                    None => self.segments = None,
                }
            }
            let bytes = self.text.as_bytes();
            let start = self.at + bytes[self.at..].iter().position(|&b| !chunk_end(b))?;
            let end = bytes[start..]
                .iter()
                .position(|&b| chunk_end(b))
                .map_or(bytes.len(), |k| start + k);
            self.at = end;
            match plain_word(&bytes[start..end]) {
                Plain::Word(range) => {
                    return Some(&self.text[start + range.start..start + range.end]);
                }
                Plain::NoWord => {}
                // `información,` or `für`: UAX #29's rules for these letters,
                // written out (the segmenter's tables are several times slower).
                Plain::Other if is_plain(&bytes[start..end]) => {
                    let text = self.text;
                    plain_chunk(&bytes[start..end], |at, len| {
                        let token = &text[start + at..start + at + len];
                        if kind(token) == Kind::Word {
                            self.plain.push((start + at, start + at + len));
                        }
                    });
                    self.plain.reverse();
                }
                Plain::Other => {
                    // A mark at the start of a chunk belongs to the
                    // whitespace before it (UAX #29, WB4).
                    let from = if bytes[start].is_ascii() {
                        start
                    } else {
                        start.saturating_sub(1)
                    };
                    self.segments = Some(self.text[from..end].split_word_bounds());
                }
            }
        }
    }
}

/// ASCII whitespace: UAX #29 breaks before and after each.
fn chunk_end(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// What a chunk (text between ASCII whitespace) holds, when that is plain.
enum Plain {
    /// ASCII letters and digits between ASCII punctuation: one word, there.
    Word(std::ops::Range<usize>),
    /// ASCII punctuation only.
    NoWord,
    /// Anything else: left to the segmenter.
    Other,
}

fn plain_word(chunk: &[u8]) -> Plain {
    if !chunk.is_ascii() {
        return Plain::Other;
    }
    // `_` joins letters and digits (ExtendNumLet), so it is no punctuation here.
    let in_word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let Some(first) = chunk.iter().position(in_word) else {
        return Plain::NoWord;
    };
    let last = chunk.iter().rposition(in_word).unwrap_or(first);
    if chunk[first..=last].iter().all(u8::is_ascii_alphanumeric) {
        Plain::Word(first..last + 1)
    } else {
        Plain::Other
    }
}

/// Whether `text` has at least `n` words: `count_words(text) >= n`, without
/// reading past the `n`-th word (a long block is told apart from a short one
/// by its first words).
pub fn has_words(text: &str, n: usize) -> bool {
    n == 0 || words(text).nth(n - 1).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_spaces_and_punctuation() {
        let t = tokenize("La información, en  2.1\n\n**datos**");
        assert_eq!(
            t,
            [
                "La",
                " ",
                "información",
                ",",
                " ",
                "en",
                "  ",
                "2.1",
                "\n\n",
                "*",
                "*",
                "datos",
                "*",
                "*"
            ]
        );
        assert_eq!(kind("información"), Kind::Word);
        assert_eq!(kind("\r\n"), Kind::Space);
        assert_eq!(kind("«"), Kind::Punct);
    }

    #[test]
    fn round_trips() {
        for text in ["", " ", "a", "¿Qué?\r\n  x", "emoji 👩‍👩‍👧 y 日本語テキスト"]
        {
            assert_eq!(tokenize(text).concat(), text);
        }
    }

    #[test]
    fn counts_words() {
        assert_eq!(count_words("Los datos abiertos (art. 3) son 10."), 7);
    }

    /// The words as the segmenter gives them, for the fast path to equal.
    fn segmented(text: &str) -> Vec<(usize, &str)> {
        text.split_word_bound_indices()
            .filter(|(_, t)| kind(t) == Kind::Word)
            .collect()
    }

    fn offsets(text: &str) -> Vec<(usize, &str)> {
        words(text)
            .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
            .collect()
    }

    #[test]
    fn words_are_the_segmenters_words() {
        for text in [
            "",
            "Los datos abiertos (art. 3) son 10.",
            "z.B. 3.5 a_b _x (1) Abs. 2 §§ 12a-12c",
            "für Änderungen \u{301}x  \u{2003} y\u{2003}",
            "emoji 👩‍👩‍👧 y 日本語テキスト 🇦🇷🇩🇪",
            "a\r\nb\u{85}c\x0bd\x0ce\tf",
            "\u{301}inicio",
            "שָׁלוֹם \"ה\"ב can't 'q' \"x\"",
            "información año:ñu él's 1é.2 é.é ß.1 x×y a÷b ºa a·b Ñandú, (Änderung)",
        ] {
            assert_eq!(offsets(text), segmented(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Any text of ASCII, whitespace of every kind, marks, joiners,
        /// letters of other scripts and symbols: the same words, at the
        /// same places, as the segmenter's.
        #[test]
        fn fast_words_equal_segmented_words(
            text in "([a-c0-9_.,:;'\"()§\\-]|[ \t\r\n\x0b\x0c]|\u{85}|\u{a0}|\u{2003}|\u{301}|\u{200d}|\u{ad}|ä|ß|é|ñ|À|ÿ|×|÷|ª|·|µ|Σ|ש|カ|日|🇦|👩|\u{fe0f}){0,40}"
        ) {
            proptest::prop_assert_eq!(offsets(&text), segmented(&text));
        }

        /// Any string at all.
        #[test]
        fn fast_words_equal_segmented_words_on_any_text(text in "\\PC{0,60}") {
            proptest::prop_assert_eq!(offsets(&text), segmented(&text));
        }
    }

    fn fast(text: &str) -> Vec<(usize, &str)> {
        let mut v = Vec::new();
        for_each_token(text, |at, t| v.push((at, t)));
        v
    }

    fn reference(text: &str) -> Vec<(usize, &str)> {
        let mut v = Vec::new();
        for_each_token_segmented(text, |at, t| v.push((at, t)));
        v
    }

    #[test]
    fn fast_tokens_are_the_segmenters_tokens() {
        for text in [
            "",
            " ",
            "a",
            "La información, en  2.1\n\n**datos**",
            "z.B. 3.5 a_b _x (1) Abs. 2 §§ 12a-12c 1,000.50 a:b 1:2 a,b 1;2 a;b can't 'q'",
            "a_.b a._b 1.a a.1 a..b ..a a. .a",
            "información año:ñu él's 1é.2 é.é ß.1 x×y a÷b ºa a·b Ñandú,",
            "für Änderungen \u{301}x  \u{2003} y\u{2003}",
            "x \u{2003} \u{301}y\u{2003} \u{301} z",
            "emoji 👩‍👩‍👧 y 日本語テキスト 🇦🇷🇩🇪",
            "a\r\nb\u{85}c\x0bd\x0ce\tf",
            "\u{301}inicio",
            "  \u{301}inicio",
            "שָׁלוֹם \"ה\"ב can't 'q' \"x\"",
            "fin  ",
            "fin \u{a0}",
        ] {
            assert_eq!(fast(text), reference(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        /// ASCII of every class UAX #29 tells apart, whitespace of every
        /// kind, marks, joiners, letters of other scripts and symbols: the
        /// same tokens, at the same places, as the segmenter's.
        #[test]
        fn fast_tokens_equal_segmented_tokens(
            text in "([a-c0-9_.,:;'\"()§*#|\\-]|[ \t\r\n\x0b\x0c\x1f]|\u{85}|\u{a0}|\u{2003}|\u{301}|\u{200d}|\u{ad}|\u{200b}|ä|ß|é|ñ|À|ÿ|×|÷|ª|·|µ|Σ|ש|カ|日|🇦|👩|\u{fe0f}){0,40}"
        ) {
            proptest::prop_assert_eq!(fast(&text), reference(&text));
        }

        /// Any string at all.
        #[test]
        fn fast_tokens_equal_segmented_tokens_on_any_text(text in "\\PC{0,60}") {
            proptest::prop_assert_eq!(fast(&text), reference(&text));
        }
    }

    #[test]
    fn has_words_is_count_words_at_least() {
        for text in [
            "",
            "Se deroga.",
            "Los datos abiertos (art. 3) son 10.",
            " -- ",
            "a b c d e",
        ] {
            for n in 0..10 {
                assert_eq!(has_words(text, n), count_words(text) >= n, "{text:?} {n}");
            }
        }
    }
}
