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
    let mut space_start: Option<usize> = None;
    for (offset, piece) in text.split_word_bound_indices() {
        if piece.chars().all(char::is_whitespace) {
            space_start.get_or_insert(offset);
            continue;
        }
        if let Some(start) = space_start.take() {
            tokens.push(&text[start..offset]);
        }
        tokens.push(piece);
    }
    if let Some(start) = space_start {
        tokens.push(&text[start..]);
    }
    tokens
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
    text.split_word_bounds()
        .filter(|t| kind(t) == Kind::Word)
        .count()
}

/// Whether `text` has at least `n` words: `count_words(text) >= n`, without
/// reading past the `n`-th word (a long block is told apart from a short one
/// by its first words).
pub fn has_words(text: &str, n: usize) -> bool {
    n == 0
        || text
            .split_word_bounds()
            .filter(|t| kind(t) == Kind::Word)
            .nth(n - 1)
            .is_some()
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
