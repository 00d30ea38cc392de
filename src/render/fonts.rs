//! The typefaces embedded in the HTML cotejo prints (the changelog and the
//! report), as `@font-face` rules with `data:` URLs: a PDF then has the same
//! layout and the same line grid on any machine, whatever fonts it has.
//!
//! The files are vendored in `assets/fonts/` (SIL Open Font License; its
//! README says where each came from); nothing is fetched at build or run time.
//! The templates name the families below first and keep a fallback stack
//! after them. A declared `@font-face` family wins over an installed font of
//! the same name, so the machine's own Source fonts are never used instead.

use std::sync::OnceLock;

use base64::Engine;

/// Fontsource's `latin` subset.
const LATIN: &str = "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,\
U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD";
/// Fontsource's `latin-ext` subset.
const LATIN_EXT: &str = "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,\
U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C4,U+2113,\
U+2C60-2C7F,U+A720-A7FF";
/// What the arrows file holds (a subset of Noto Sans Math).
const ARROWS: &str = "U+2190-21FF,U+2260,U+2264,U+2265,U+00D7";

/// One `@font-face`: family, style, weight, unicode range, the woff2 file.
struct Face {
    family: &'static str,
    style: &'static str,
    weight: u16,
    range: &'static str,
    woff2: &'static [u8],
}

macro_rules! face {
    ($family:expr, $style:expr, $weight:expr, $range:expr, $file:literal) => {
        Face {
            family: $family,
            style: $style,
            weight: $weight,
            range: $range,
            woff2: include_bytes!(concat!("../../assets/fonts/", $file)),
        }
    };
}

/// The family of running text (Source Serif 4).
pub const SERIF: &str = "Source Serif 4";
/// The family of headings, table heads, line numbers and running heads (Source Sans 3).
pub const SANS: &str = "Source Sans 3";
/// The family of code (Source Code Pro).
pub const MONO: &str = "Source Code Pro";
/// Arrows (`→`), which the Latin subsets lack; every stack names it second.
/// Its own name: it is a subset, never the machine's Noto Sans Math.
pub const ARROWS_FAMILY: &str = "Cotejo Arrows";

const FACES: &[Face] = &[
    face!(
        SERIF,
        "normal",
        400,
        LATIN,
        "source-serif-4-latin-400-normal.woff2"
    ),
    face!(
        SERIF,
        "normal",
        400,
        LATIN_EXT,
        "source-serif-4-latin-ext-400-normal.woff2"
    ),
    face!(
        SERIF,
        "italic",
        400,
        LATIN,
        "source-serif-4-latin-400-italic.woff2"
    ),
    face!(
        SERIF,
        "italic",
        400,
        LATIN_EXT,
        "source-serif-4-latin-ext-400-italic.woff2"
    ),
    face!(
        SERIF,
        "normal",
        700,
        LATIN,
        "source-serif-4-latin-700-normal.woff2"
    ),
    face!(
        SERIF,
        "normal",
        700,
        LATIN_EXT,
        "source-serif-4-latin-ext-700-normal.woff2"
    ),
    face!(
        SERIF,
        "italic",
        700,
        LATIN,
        "source-serif-4-latin-700-italic.woff2"
    ),
    face!(
        SERIF,
        "italic",
        700,
        LATIN_EXT,
        "source-serif-4-latin-ext-700-italic.woff2"
    ),
    face!(
        SANS,
        "normal",
        400,
        LATIN,
        "source-sans-3-latin-400-normal.woff2"
    ),
    face!(
        SANS,
        "normal",
        400,
        LATIN_EXT,
        "source-sans-3-latin-ext-400-normal.woff2"
    ),
    face!(
        SANS,
        "normal",
        700,
        LATIN,
        "source-sans-3-latin-700-normal.woff2"
    ),
    face!(
        SANS,
        "normal",
        700,
        LATIN_EXT,
        "source-sans-3-latin-ext-700-normal.woff2"
    ),
    face!(
        MONO,
        "normal",
        400,
        LATIN,
        "source-code-pro-latin-400-normal.woff2"
    ),
    face!(
        MONO,
        "normal",
        400,
        LATIN_EXT,
        "source-code-pro-latin-ext-400-normal.woff2"
    ),
    face!(
        ARROWS_FAMILY,
        "normal",
        400,
        ARROWS,
        "noto-sans-math-arrows-400-normal.woff2"
    ),
];

/// The `@font-face` rules of every embedded face, made once per process.
/// They hold no `<`, `>`, `&` or quote but `"` around family names, so they are
/// safe inside a `<style>` element.
pub fn font_faces_css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        let engine = base64::engine::general_purpose::STANDARD;
        let mut css = String::from(
            "/* Typefaces embedded so that the layout is the same on every machine: \
             Source Serif 4, Source Sans 3, Source Code Pro and arrows of Noto Sans Math, \
             SIL Open Font License 1.1. */\n",
        );
        for face in FACES {
            // `block`: the printed page waits for the face, never lays out
            // with a fallback first.
            css.push_str(&format!(
                "@font-face {{ font-family: \"{}\"; font-style: {}; font-weight: {}; \
                 font-display: block; unicode-range: {}; \
                 src: url(\"data:font/woff2;base64,{}\") format(\"woff2\"); }}\n",
                face.family,
                face.style,
                face.weight,
                face.range,
                engine.encode(face.woff2)
            ));
        }
        css
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_is_a_woff2_file_and_reaches_the_css() {
        for face in FACES {
            assert!(face.woff2.starts_with(b"wOF2"), "{}", face.family);
        }
        let css = font_faces_css();
        assert_eq!(css.matches("@font-face").count(), FACES.len());
        assert!(!css.contains('<') && !css.contains('>') && !css.contains('&'));
    }
}
