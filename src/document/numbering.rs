//! Numbering prefixes of headings: `3.2`, `IV.`, `Artículo 5`, `Art. 5o`,
//! `Capítulo II`, `Sección 3`, `Anexo A`, `§ 12`.
//!
//! The prefix is kept apart from the title so that `3.2 Objetivos` → `4.2 Objetivos`
//! reads as *renumbered*, not *renamed*.

/// A heading split into its numbering prefix (if any) and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered<'a> {
    /// The prefix as written, without the separator that follows it (`"3.2"`, `"IV"`, `"Art. 5o"`).
    pub number: Option<&'a str>,
    /// What follows the prefix and its separator.
    pub title: &'a str,
}

/// Words that introduce a number in Spanish, English, French and German legal texts.
/// Compared case-insensitively; a trailing `.` is allowed for abbreviations.
const KEYWORDS: &[&str] = &[
    "artículo",
    "articulo",
    "art",
    "arts",
    "capítulo",
    "capitulo",
    "cap",
    "sección",
    "seccion",
    "título",
    "titulo",
    "anexo",
    "apartado",
    "parte",
    "libro",
    "transitorio",
    "fracción",
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
            Numbered {
                number: Some(number),
                title: rest,
            }
        }
        _ => Numbered {
            number: None,
            title: text,
        },
    }
}

/// Byte length of the numbering prefix at the start of `text`, including a
/// closing `.`/`)` that belongs to it, or `None` when there is none.
fn prefix_end(text: &str) -> Option<usize> {
    if let Some(rest) = text.strip_prefix('§') {
        let rest_start = text.len() - rest.len();
        let skipped = rest.len() - rest.trim_start_matches(['§', ' ', '\u{a0}']).len();
        let after = rest_start + skipped;
        return designator_end(text, after).filter(|&e| e > after);
    }
    if let Some(end) = decimal_end(text) {
        return Some(end);
    }
    if let Some(end) = keyword_end(text) {
        return Some(end);
    }
    roman_or_letter_end(text)
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
    let word_end = text
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(text.len(), |(i, _)| i);
    if word_end == 0 {
        return None;
    }
    let word = text[..word_end].to_lowercase();
    if !KEYWORDS.contains(&word.as_str()) {
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

/// After a keyword or `§`: a number (`5`, `5o`, `5º`, `3.1`, `12a`), a roman numeral
/// or a single capital letter, optionally followed by `bis`/`ter`/`quáter` and
/// the closing `.`/`)`.
fn designator_end(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    let mut end = if let Some(e) = decimal_run(rest) {
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
