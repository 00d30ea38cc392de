//! Stable anchors for sections.
//!
//! A slug is made from the heading's title *without* its number, so that a link
//! to `#objetivos-especificos` survives the section being renumbered.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercase ASCII-friendly slug: accents removed (NFD, combining marks dropped),
/// every run of characters that are not letters or digits turned into one `-`,
/// no leading or trailing `-`. Letters outside Latin (e.g. Greek) are kept.
///
/// ```
/// use cotejo::document::slug::slugify;
/// assert_eq!(slugify("Diagnóstico y problema"), "diagnostico-y-problema");
/// assert_eq!(slugify("¿Qué es «dato abierto»?"), "que-es-dato-abierto");
/// ```
pub fn slugify(text: &str) -> String {
    if text.is_ascii() {
        return slugify_ascii(text);
    }
    // Spanish, French, German…: a character of Latin-1 is one table lookup.
    slugify_latin1(text)
        .unwrap_or_else(|| slug_of(text.nfd().filter(|c| !is_combining_mark(*c)), text.len()))
}

/// The slug of `text` when all of it is Latin-1 (else `None`): each
/// character looked up in [`latin1_slug_chars`], so a heading costs no
/// Unicode property or case table (those were a fifth of a 1 MB draft's
/// heading work).
fn slugify_latin1(text: &str) -> Option<String> {
    let table = latin1_slug_chars();
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        match *table.get(c as usize)? {
            SEPARATOR => pending_dash = true,
            kept => {
                if pending_dash && !slug.is_empty() {
                    slug.push('-');
                }
                pending_dash = false;
                slug.push(kept);
            }
        }
    }
    Some(slug)
}

/// In [`latin1_slug_chars`], a character a slug does not keep.
const SEPARATOR: char = '\0';

/// What each character of Latin-1 puts in a slug, by code point: its base
/// letter or digit lowercased ([`slug_of`]'s rule after [`latin1_base`];
/// one character for each of them, a test checks), or [`SEPARATOR`].
fn latin1_slug_chars() -> &'static [char; 256] {
    static TABLE: std::sync::LazyLock<[char; 256]> = std::sync::LazyLock::new(|| {
        let mut table = [SEPARATOR; 256];
        for (code, slot) in (0u8..=0xFF).zip(table.iter_mut()) {
            let base = latin1_base(char::from(code));
            if base.is_alphanumeric() {
                *slot = base.to_lowercase().next().unwrap_or(base);
            }
        }
        table
    });
    &TABLE
}

/// Letters and digits of `chars` lowercased, each run of anything else one `-`.
fn slug_of(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut slug = String::with_capacity(capacity);
    let mut pending_dash = false;
    for c in chars {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// The first character of the canonical decomposition (NFD) of each character
/// from U+00C0 to U+00FF; the rest of each decomposition is one combining
/// mark, which a slug drops. No character below U+00C0 decomposes canonically
/// (a test checks both against `unicode-normalization`).
const LATIN1_BASES: [char; 64] = [
    'A', 'A', 'A', 'A', 'A', 'A', 'Æ', 'C', 'E', 'E', 'E', 'E', 'I', 'I', 'I', 'I', //
    'Ð', 'N', 'O', 'O', 'O', 'O', 'O', '×', 'Ø', 'U', 'U', 'U', 'U', 'Y', 'Þ', 'ß', //
    'a', 'a', 'a', 'a', 'a', 'a', 'æ', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', //
    'ð', 'n', 'o', 'o', 'o', 'o', 'o', '÷', 'ø', 'u', 'u', 'u', 'u', 'y', 'þ', 'y', //
];

/// `c` without its accent, for a character of Latin-1: what NFD and
/// dropping combining marks make of it.
pub(crate) fn latin1_base(c: char) -> char {
    match c {
        '\u{C0}'..='\u{FF}' => LATIN1_BASES[c as usize - 0xC0],
        _ => c,
    }
}

/// The same rule for ASCII text, without Unicode tables: most headings of
/// English and German laws, and the numbers of every document.
fn slugify_ascii(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(b.to_ascii_lowercase() as char);
        } else {
            pending_dash = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::{is_combining_mark, latin1_base, slug_of, slugify};
    use unicode_normalization::UnicodeNormalization;

    /// The rule as it is defined, for any text.
    fn slug_by_nfd(text: &str) -> String {
        slug_of(text.nfd().filter(|c| !is_combining_mark(*c)), 0)
    }

    #[test]
    fn the_latin1_table_is_nfd_without_marks() {
        for c in (0u8..=0xFF).map(char::from) {
            let nfd: String = c
                .to_string()
                .nfd()
                .filter(|c| !is_combining_mark(*c))
                .collect();
            assert_eq!(latin1_base(c).to_string(), nfd, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn every_latin1_base_lowercases_to_one_character() {
        for c in (0u8..=0xFF).map(char::from) {
            let base = latin1_base(c);
            if base.is_alphanumeric() {
                assert_eq!(base.to_lowercase().count(), 1, "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn latin1_text_slugs_as_by_nfd() {
        // Every character of Latin-1, alone and beside every other (the
        // dash between runs is the only state a slug carries).
        let chars: Vec<char> = (0u8..=0xFF).map(char::from).collect();
        for &a in &chars {
            for &b in &chars {
                let text: String = [a, 'x', b, a].iter().collect();
                assert_eq!(slugify(&text), slug_by_nfd(&text), "{text:?}");
            }
        }
        for text in [
            "Diagnóstico y problema",
            "ÀÉÎÕÜ ñ ç ÿ",
            "Straße § 5",
            "«¿Qué?» ª º ² ½",
        ] {
            assert_eq!(slugify(text), slug_by_nfd(text));
        }
    }

    #[test]
    fn strips_accents_and_punctuation() {
        assert_eq!(
            slugify("Enfoque de derechos humanos y perspectiva de género"),
            "enfoque-de-derechos-humanos-y-perspectiva-de-genero"
        );
        assert_eq!(slugify("  Población   objetivo. "), "poblacion-objetivo");
        assert_eq!(slugify("Año 2025: metas"), "ano-2025-metas");
        assert_eq!(slugify("§§ …"), "");
        assert_eq!(slugify("  Art. 5 -- Scope (a)"), "art-5-scope-a");
    }
}
