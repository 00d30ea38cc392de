//! Numbering prefixes of headings: `3.2`, `IV.`, `Artículo 5`, `Art. 5o`,
//! `Capítulo II`, `Sección 3`, `Anexo A`, `§ 12`.
//!
//! The prefix is kept apart from the title so that `3.2 Objetivos` → `4.2 Objetivos`
//! reads as *renumbered*, not *renamed*. Keywords are matched without regard to
//! case or accents (`Artículo`, `ARTICULO`, `Art.`), numbers may carry ordinal
//! marks (`1o.`, `1º`, `1°`) or be ordinal words (`Artículo Único`, `Artículo
//! Primero`), and a heading may carry two prefixes, the outline's and the law's
//! (`11 CAPITULO III`, `2.10 § 10`): both are its number.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A heading split into its numbering prefix (if any) and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered<'a> {
    /// The prefix as written, without the separator that follows it (`"3.2"`, `"IV"`, `"Art. 5o"`).
    pub number: Option<&'a str>,
    /// What follows the prefix and its separator.
    pub title: &'a str,
    /// The heading from the law's own number on: all of it, or what follows
    /// an outline's number (`§ 3 Zweck` of `2.10 § 3 Zweck`; see [`own_number`]).
    pub own: &'a str,
}

/// Words that introduce a number in Spanish, English, French and German legal texts.
/// Compared without case or accents (so `ARTÍCULO`, `Artículo` and `Articulo`
/// are one keyword); a trailing `.` is allowed for abbreviations.
const KEYWORDS: &[&str] = &[
    "articulo",
    "art",
    "arts",
    "capitulo",
    "cap",
    "seccion",
    "titulo",
    "anexo",
    "apartado",
    "parte",
    "libro",
    "transitorio",
    "fraccion",
    "numeral",
    "inciso",
    "regla",
    "lineamiento",
    "chapter",
    "section",
    "article",
    "annex",
    "appendix",
    "part",
    "title",
    "book",
    "rule",
    "chapitre",
    "artikel",
    "abschnitt",
    "kapitel",
    "teil",
    "anlage",
    "buch",
];

/// Splits `heading` into numbering prefix and title.
///
/// ```
/// use cotejo::document::numbering::split_number;
/// assert_eq!(split_number("3.2 Objetivos").number, Some("3.2"));
/// assert_eq!(split_number("Artículo 5. Objeto").title, "Objeto");
/// assert_eq!(split_number("Datos abiertos").number, None);
/// ```
pub fn split_number(heading: &str) -> Numbered<'_> {
    let text = heading.trim();
    let end = prefix_end(text);
    match end {
        Some(end) if end > 0 => {
            let number = text[..end].trim_end_matches(['.', ')', ':']).trim_end();
            let rest = skip_separator(&text[end..]);
            let own = own_number(number);
            Numbered {
                number: Some(number),
                title: rest,
                own: &text[number.len() - own.len()..],
            }
        }
        _ => Numbered {
            number: None,
            title: text,
            own: text,
        },
    }
}

/// Byte length of the numbering prefix at the start of `text`, including a
/// closing `.`/`)` that belongs to it, or `None` when there is none.
///
/// A second keyword prefix right after the first belongs to the number too:
/// an outline's number before a law's own (`11. CAPITULO III`, `2.10 § 10`,
/// `11 CAPITULO III`) is one numbering, so a heading that only changes them is
/// renumbered, and renamed only when its words after them change.
fn prefix_end(text: &str) -> Option<usize> {
    // Found once: every heading passes here (45,000 in the German laws).
    let single = single_prefix_end(text);
    let first = single.or_else(|| bare_integer_end(text))?;
    let rest = &text[first..];
    let gap = rest.len() - rest.trim_start_matches([' ', '\t', '\u{a0}']).len();
    if gap > 0 {
        let at = first + gap;
        if let Some(second) = law_prefix_end(&text[at..]) {
            return Some(at + second);
        }
    }
    // A bare integer counts only as the first of two prefixes.
    single
}

/// The law's own part of a number: the second of two prefixes (`CAPITULO III`
/// of `11 CAPITULO III`, `§ 10` of `2.10 § 10`), else the whole number. An
/// outline's number before it changes with every insertion above; this part
/// is what the section is called in the law, and what its anchor is made of.
///
/// ```
/// use cotejo::document::numbering::own_number;
/// assert_eq!(own_number("1.13.6 ARTICULO 87"), "ARTICULO 87");
/// assert_eq!(own_number("Artículo 7"), "Artículo 7");
/// ```
pub fn own_number(number: &str) -> &str {
    let Some(first) = single_prefix_end(number).or_else(|| bare_integer_end(number)) else {
        return number;
    };
    let rest = number[first..].trim_start_matches([' ', '\t', '\u{a0}']);
    if rest.len() < number.len() - first && law_prefix_end(rest).is_some() {
        rest
    } else {
        number
    }
}

/// `11 CAPITULO III`: a bare integer is a number when another prefix follows
/// it (on its own, `2023 fue un año` is not numbered). Returns the integer's end.
fn bare_integer_end(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && text[digits..].starts_with([' ', '\t', '\u{a0}'])).then_some(digits)
}

/// A law's own prefix: a keyword and its designator (`CAPITULO III`,
/// `Artículo 5o.`) or `§ 12`.
fn law_prefix_end(text: &str) -> Option<usize> {
    if text.starts_with('§') {
        return paragraph_sign_end(text);
    }
    keyword_end(text)
}

/// One prefix: `§ 12`, `3.2`, `Artículo 5`, `IV.`.
fn single_prefix_end(text: &str) -> Option<usize> {
    if text.starts_with('§') {
        return paragraph_sign_end(text);
    }
    if let Some(end) = decimal_end(text) {
        return Some(end);
    }
    if let Some(end) = keyword_end(text) {
        return Some(end);
    }
    roman_or_letter_end(text)
}

/// `§ 12`, `§§ 3`: the sign (repeated or not) and a designator.
fn paragraph_sign_end(text: &str) -> Option<usize> {
    if let Some(rest) = text.strip_prefix('§') {
        let rest_start = text.len() - rest.len();
        let skipped = rest.len() - rest.trim_start_matches(['§', ' ', '\u{a0}']).len();
        let after = rest_start + skipped;
        return designator_end(text, after).filter(|&e| e > after);
    }
    None
}

/// `3`, `3.2`, `3.2.1`, `3.`, `3)`, `10.4.`: digits separated by dots, followed by
/// a separator (space, `.`, `)`, end). `2023 fue un año…` is not a number: a bare
/// integer needs a `.` or `)` after it unless the heading is nothing but the number.
fn decimal_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut groups = 0;
    loop {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            break;
        }
        groups += 1;
        if i < bytes.len()
            && bytes[i] == b'.'
            && i + 1 < bytes.len()
            && bytes[i + 1].is_ascii_digit()
        {
            i += 1;
            continue;
        }
        break;
    }
    if groups == 0 {
        return None;
    }
    match bytes.get(i) {
        None => Some(i),
        Some(b'.') | Some(b')') => {
            let after = i + 1;
            if after == bytes.len() || bytes[after] == b' ' || bytes[after] == b'\t' {
                Some(after)
            } else {
                None
            }
        }
        Some(b' ') | Some(b'\t') if groups > 1 => Some(i),
        _ => None,
    }
}

/// `Artículo 5`, `Art. 5o`, `Capítulo II`, `Anexo A`, `Sección 3.1`, `Artículo 12 bis`.
fn keyword_end(text: &str) -> Option<usize> {
    // Combining marks belong to the word: `Artículo` may be written decomposed.
    let word_end = text
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic() && !is_combining_mark(c))
        .map_or(text.len(), |(i, _)| i);
    if word_end == 0 {
        return None;
    }
    if !KEYWORDS.contains(&fold(&text[..word_end]).as_str()) {
        return None;
    }
    let mut i = word_end;
    if text[i..].starts_with('.') {
        i += 1;
    }
    let spaces = text[i..].len() - text[i..].trim_start_matches([' ', '\u{a0}']).len();
    if spaces == 0 {
        return None;
    }
    i += spaces;
    designator_end(text, i).filter(|&e| e > i)
}

/// After a keyword or `§`: a number (`5`, `5o`, `5º`, `3.1`, `12a`), a roman numeral,
/// a single capital letter or an ordinal word (`Único`, `Primero`, `Décimo
/// Segundo`), optionally followed by `bis`/`ter`/`quáter` and the closing `.`/`)`.
fn designator_end(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    let mut end = if let Some(e) = ordinal_word_end(rest) {
        e
    } else if let Some(e) = decimal_run(rest) {
        let mut e = e;
        // ordinal or letter suffix: 5o, 5º, 5°, 12a
        if let Some(c) = rest[e..].chars().next()
            && matches!(c, 'o' | 'º' | '°' | 'ª' | 'a' | 'b' | 'c' | 'd' | 'e' | 'f')
        {
            let next = e + c.len_utf8();
            if rest[next..]
                .chars()
                .next()
                .is_none_or(|n| !n.is_alphanumeric())
            {
                e = next;
            }
        }
        e
    } else if let Some(e) = roman_run(rest) {
        e
    } else {
        let mut chars = rest.char_indices();
        match chars.next() {
            Some((_, c)) if c.is_ascii_uppercase() => {
                let e = c.len_utf8();
                if rest[e..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_alphanumeric())
                {
                    return None;
                }
                e
            }
            _ => return None,
        }
    };
    for latin in [" bis", " ter", " quáter", " quater", " quinquies"] {
        if rest[end..].to_lowercase().starts_with(latin)
            && rest[end + latin.len()..]
                .chars()
                .next()
                .is_none_or(|n| !n.is_alphanumeric())
        {
            end += latin.len();
            break;
        }
    }
    if rest[end..].starts_with(['.', ')']) {
        end += 1;
    }
    Some(start + end)
}

/// Spanish ordinal words that number articles, above all in decrees and
/// transitory articles (`ARTÍCULO ÚNICO.-`, `Artículo Primero.`).
/// Masculine for articles, feminine for sections (`Sección Primera`); `único`
/// and `única` come first because they never end a compound.
const ORDINAL_UNITS: &[&str] = &[
    "unico", "unica", "primero", "primera", "segundo", "segunda", "tercero", "tercera", "cuarto",
    "cuarta", "quinto", "quinta", "sexto", "sexta", "septimo", "septima", "octavo", "octava",
    "noveno", "novena",
];
const ORDINAL_TENS: &[&str] = &[
    "decimo",
    "decima",
    "vigesimo",
    "vigesima",
    "trigesimo",
    "trigesima",
];

/// An ordinal word, or a ten and a unit (`Décimo Primero`), ending at a word boundary.
fn ordinal_word_end(text: &str) -> Option<usize> {
    let word = |s: &str| {
        let end = s
            .char_indices()
            .find(|&(_, c)| !c.is_alphabetic() && !is_combining_mark(c))
            .map_or(s.len(), |(i, _)| i);
        (end > 0).then(|| (fold(&s[..end]), end))
    };
    let (first, end) = word(text)?;
    if ORDINAL_UNITS.contains(&first.as_str()) {
        return Some(end);
    }
    if !ORDINAL_TENS.contains(&first.as_str()) {
        return None;
    }
    // `Décimo Primero`: the unit is part of the number.
    let after = &text[end..];
    let spaces = after.len() - after.trim_start_matches([' ', '\u{a0}']).len();
    if spaces > 0
        && let Some((unit, unit_end)) = word(&after[spaces..])
        && ORDINAL_UNITS[2..].contains(&unit.as_str())
    {
        return Some(end + spaces + unit_end);
    }
    Some(end)
}

/// Lowercase without accents: how keywords and ordinal words are compared.
fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    if word.chars().all(|c| c <= '\u{FF}') {
        // Latin-1 decomposes to a base letter and one mark: a table lookup
        // (`slug::latin1_base`), not an NFD iterator, on every heading.
        return word
            .chars()
            .map(super::slug::latin1_base)
            .flat_map(char::to_lowercase)
            .collect();
    }
    fold_by_nfd(word)
}

/// [`fold`] as defined, for any text.
fn fold_by_nfd(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether two headings carry the same number, however it is written:
/// `Artículo 1` and `ARTÍCULO 1º` do (a restyled heading is not a new
/// number), `3.1` and `4.1` do not, and neither do a number and none.
pub fn same_number(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a == b || number_key(a) == number_key(b),
        _ => false,
    }
}

/// What numbers are compared by when a number is evidence: the same article
/// however it is written. Case, accents and ordinal marks are dropped, and
/// the keywords of articles and chapters are spelt one way, so `ARTÍCULO 7o.`,
/// `Art. 7` and `Artículo 7º` are all `art 7`.
///
/// ```
/// use cotejo::document::numbering::number_key;
/// assert_eq!(number_key("ARTÍCULO 7o"), number_key("Art. 7"));
/// assert_ne!(number_key("Artículo 7"), number_key("Artículo 7 bis"));
/// ```
pub fn number_key(number: &str) -> String {
    let folded = fold(number);
    // The parts joined by one space, written straight into the key: every
    // number-only heading of a law is keyed, some more than once.
    let mut key = String::with_capacity(folded.len() + 2);
    let mut push = |part: &str| {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(part);
    };
    if folded.starts_with('§') {
        push("§");
    }
    for token in folded.split(|c: char| !c.is_alphanumeric()) {
        if token.is_empty() {
            continue;
        }
        push(key_part(token));
    }
    key
}

/// One word of a folded number as [`number_key`] spells it: the keywords
/// of articles and chapters one way, an ordinal's mark dropped.
fn key_part(token: &str) -> &str {
    let digits = token.bytes().take_while(u8::is_ascii_digit).count();
    match token {
        "art" | "arts" | "articulo" | "article" | "artikel" => "art",
        "cap" | "capitulo" | "chapter" | "chapitre" | "kapitel" => "cap",
        // `7o`, `7º`, `7ª`: the ordinal mark is not part of the number.
        t if digits > 0 && matches!(&t[digits..], "o" | "º" | "ª") => &t[..digits],
        t => t,
    }
}

fn decimal_run(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
        if i < bytes.len()
            && bytes[i] == b'.'
            && i + 1 < bytes.len()
            && bytes[i + 1].is_ascii_digit()
        {
            i += 1;
        }
    }
    (i > 0).then_some(i)
}

fn roman_run(text: &str) -> Option<usize> {
    let len = text
        .bytes()
        .take_while(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C' | b'D' | b'M'))
        .count();
    if len == 0
        || text[len..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric())
    {
        return None;
    }
    Some(len)
}

/// `IV. Objetivos`, `II) Alcance`, `A. Principios`: a roman numeral or one capital
/// letter needs its `.` or `)` to count, since `I` and `A` are also words.
fn roman_or_letter_end(text: &str) -> Option<usize> {
    let first = text.chars().next()?;
    let len = roman_run(text).or_else(|| {
        (first.is_ascii_uppercase()
            && !text[1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric()))
        .then_some(1)
    })?;
    let rest = &text[len..];
    if (rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")")
        && (len > 1 || rest.len() > 1)
    {
        Some(len + 1)
    } else {
        None
    }
}

/// Drops the separator between prefix and title: spaces, `-`, `–`, `—`, `:`.
fn skip_separator(rest: &str) -> &str {
    let trimmed = rest.trim_start_matches([' ', '\t', '\u{a0}']);
    let without_dash = trimmed
        .strip_prefix(['-', '–', '—', ':', '.'])
        .map(|r| r.trim_start_matches([' ', '\t', '\u{a0}']))
        .unwrap_or(trimmed);
    without_dash.trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`number_key`] as first written: parts collected, then joined.
    fn number_key_by_parts(number: &str) -> String {
        let folded = fold(number);
        let mut parts: Vec<String> = Vec::new();
        if folded.starts_with('§') {
            parts.push("§".to_owned());
        }
        for token in folded.split(|c: char| !c.is_alphanumeric()) {
            if token.is_empty() {
                continue;
            }
            parts.push(key_part(token).to_owned());
        }
        parts.join(" ")
    }

    proptest::proptest! {
        #[test]
        fn number_keys_are_their_parts_joined(
            number in "(§|Art\\.|ARTÍCULO|Kapitel|cap|[0-9]{1,3}[oº]?|bis|[ .\\-]){0,6}"
        ) {
            proptest::prop_assert_eq!(number_key(&number), number_key_by_parts(&number));
        }
    }

    #[test]
    fn folding_latin1_and_ascii_is_folding_by_nfd() {
        let chars: Vec<char> = (0u8..=0xFF).map(char::from).collect();
        for &a in &chars {
            for &b in &chars {
                let word: String = [a, 'x', b].iter().collect();
                assert_eq!(fold(&word), fold_by_nfd(&word), "{word:?}");
            }
        }
        for word in [
            "ARTÍCULO",
            "Artículo",
            "Capítulo",
            "Sección",
            "Décimo",
            "ÚNICO",
            "Straße",
        ] {
            assert_eq!(fold(word), fold_by_nfd(word), "{word}");
        }
    }

    fn split(h: &str) -> (Option<&str>, &str) {
        let n = split_number(h);
        (n.number, n.title)
    }

    #[test]
    fn decimal_numbers() {
        assert_eq!(split("3.2 Objetivos"), (Some("3.2"), "Objetivos"));
        assert_eq!(split("3.2.1 Metas"), (Some("3.2.1"), "Metas"));
        assert_eq!(
            split("2. Diagnóstico y problema"),
            (Some("2"), "Diagnóstico y problema")
        );
        assert_eq!(split("4) Alcance"), (Some("4"), "Alcance"));
        assert_eq!(split("10.4. Plazos"), (Some("10.4"), "Plazos"));
        assert_eq!(split("12"), (Some("12"), ""));
    }

    #[test]
    fn a_year_is_not_a_number() {
        assert_eq!(split("2023 en cifras"), (None, "2023 en cifras"));
        assert_eq!(split("3D y datos"), (None, "3D y datos"));
    }

    #[test]
    fn keywords() {
        assert_eq!(split("Artículo 5. Objeto"), (Some("Artículo 5"), "Objeto"));
        assert_eq!(
            split("Art. 5o Definiciones"),
            (Some("Art. 5o"), "Definiciones")
        );
        assert_eq!(
            split("Capítulo II — Principios"),
            (Some("Capítulo II"), "Principios")
        );
        assert_eq!(split("Sección 3 Alcance"), (Some("Sección 3"), "Alcance"));
        assert_eq!(split("Anexo A. Glosario"), (Some("Anexo A"), "Glosario"));
        assert_eq!(split("Artículo 12 bis"), (Some("Artículo 12 bis"), ""));
        assert_eq!(
            split("ARTICULO 1°.- Objeto"),
            (Some("ARTICULO 1°"), "Objeto")
        );
        assert_eq!(
            split("Anexos del documento"),
            (None, "Anexos del documento")
        );
        assert_eq!(split("Artículo"), (None, "Artículo"));
    }

    /// Issue 10: the ways laws head an article by its number alone.
    #[test]
    fn restyled_numbers_are_the_same_number() {
        assert!(same_number(Some("Artículo 1"), Some("ARTÍCULO 1º")));
        assert!(same_number(Some("Art. 7"), Some("Artículo 7o")));
        assert!(!same_number(Some("Artículo 7"), Some("Artículo 7 bis")));
        assert!(!same_number(Some("3.1"), Some("4.1")));
        assert!(!same_number(Some("3.1"), None));
        assert!(same_number(None, None));
    }

    #[test]
    fn number_only_article_headings() {
        for heading in [
            "Artículo 7",
            "Artículo 7.",
            "ARTÍCULO 7o.",
            "ARTÍCULO 7",
            "ARTICULO 7",
            "Articulo 7",
            "articulo 7",
            "Art. 7",
            "Art 7.",
            "ART. 7o",
            "Artículo 7º",
            "Artículo 7º.-",
            "ARTICULO 7°.-",
            "Artículo 7°",
            "Artículo 7ª",
            "ARTICULO 7. —",
            "Artículo 7:",
            "Arti\u{301}culo 7",
        ] {
            let n = split_number(heading);
            assert_eq!(n.title, "", "{heading}: {n:?}");
            assert_eq!(number_key(n.number.unwrap()), "art 7", "{heading}: {n:?}");
        }
        assert_eq!(split("Artículo 7 bis"), (Some("Artículo 7 bis"), ""));
        assert_eq!(split("Artículo 4º bis.-"), (Some("Artículo 4º bis"), ""));
        assert_ne!(number_key("Artículo 7 bis"), number_key("Artículo 7"));
        assert_ne!(number_key("Artículo 7"), number_key("Artículo 17"));
        assert_eq!(number_key("§ 10"), "§ 10");
        assert_eq!(number_key("Capítulo III"), number_key("CAPITULO III"));
    }

    #[test]
    fn ordinal_words_number_articles() {
        assert_eq!(split("ARTÍCULO ÚNICO.-"), (Some("ARTÍCULO ÚNICO"), ""));
        assert_eq!(
            split("Artículo Primero. Objeto"),
            (Some("Artículo Primero"), "Objeto")
        );
        assert_eq!(
            split("Transitorio Décimo Segundo"),
            (Some("Transitorio Décimo Segundo"), "")
        );
        assert_eq!(split("Sección Primera"), (Some("Sección Primera"), ""));
        assert_eq!(split("Artículo primordial"), (None, "Artículo primordial"));
    }

    /// Issue 10: an outline's number before a law's own is one numbering.
    #[test]
    fn two_numbering_prefixes() {
        assert_eq!(split("11 CAPITULO III"), (Some("11 CAPITULO III"), ""));
        assert_eq!(split("11. CAPITULO III"), (Some("11. CAPITULO III"), ""));
        assert_eq!(
            split("3.11 CAPITULO III Disposiciones"),
            (Some("3.11 CAPITULO III"), "Disposiciones")
        );
        assert_eq!(split("2.10 § 10"), (Some("2.10 § 10"), ""));
        assert_eq!(
            split("1.2 ARTICULO 13. — Son nulas"),
            (Some("1.2 ARTICULO 13"), "Son nulas")
        );
        // A bare integer alone, or before words, is still no number.
        assert_eq!(split("11 de septiembre"), (None, "11 de septiembre"));
        assert_eq!(split("2. Parte general"), (Some("2"), "Parte general"));
        assert_eq!(own_number("11. CAPITULO III"), "CAPITULO III");
        assert_eq!(split_number("2.10 § 3 Zweck").own, "§ 3 Zweck");
        assert_eq!(split_number("Artículo 3. Objeto").own, "Artículo 3. Objeto");
        assert_eq!(own_number("2.10 § 10"), "§ 10");
        assert_eq!(own_number("3.2"), "3.2");
        assert_eq!(own_number("§ 10"), "§ 10");
    }

    #[test]
    fn paragraph_sign_and_roman() {
        assert_eq!(
            split("§ 12 Anwendungsbereich"),
            (Some("§ 12"), "Anwendungsbereich")
        );
        assert_eq!(split("§ 12a"), (Some("§ 12a"), ""));
        assert_eq!(split("IV. Objetivos"), (Some("IV"), "Objetivos"));
        assert_eq!(split("B) Alcance"), (Some("B"), "Alcance"));
        assert_eq!(split("I am a title"), (None, "I am a title"));
        assert_eq!(split("A la ciudadanía"), (None, "A la ciudadanía"));
        assert_eq!(split("MIT License"), (None, "MIT License"));
    }
}
