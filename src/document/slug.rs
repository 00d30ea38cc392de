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
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
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
    use super::slugify;

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
