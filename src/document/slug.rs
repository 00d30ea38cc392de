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
    if text.chars().all(|c| c <= '\u{FF}') {
        // Spanish, French, German…: decomposing Latin-1 is a table lookup.
        return slug_of(text.chars().map(latin1_base), text.len());
    }
    slug_of(text.nfd().filter(|c| !is_combining_mark(*c)), text.len())
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
