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
pub fn for_each_token<'a>(text: &'a str, mut f: impl FnMut(usize, &'a str)) {
    let mut space_start: Option<usize> = None;
    for (offset, piece) in text.split_word_bound_indices() {
        if piece.chars().all(char::is_whitespace) {
            space_start.get_or_insert(offset);
            continue;
        }
        if let Some(start) = space_start.take() {
            f(start, &text[start..offset]);
        }
        f(offset, piece);
    }
    if let Some(start) = space_start {
        f(start, &text[start..]);
    }
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
}
