//! The one place where cotejo decides which Markdown it speaks.
//!
//! Every parse of a draft goes through [`parse`], so that the section splitter
//! and the renderers agree on what is a heading, a table or front matter.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// CommonMark plus the GFM extensions policy documents use: tables, footnotes,
/// strike-through, task lists and heading attributes (`{#id}`).
///
/// pulldown-cmark's own YAML metadata option is left off: it takes a `---` …
/// `---` pair *anywhere* as metadata, hiding headings and text in the middle of
/// a document. Front matter is recognised by [`front_matter`] instead, only at
/// the very start, as Jekyll, Hugo and mdBook do.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The bytes of a YAML front-matter block at the very start of `text`: a `---`
/// line, then lines up to a closing `---` or `...` line (included, with its line
/// break). `None` when the text does not start with one.
pub fn front_matter(text: &str) -> Option<Range<usize>> {
    let first = text.lines().next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut at = line_end(text, 0);
    while at < text.len() {
        let end = line_end(text, at);
        let line = text[at..end].trim_end_matches(['\n', '\r']);
        if line.trim_end() == "---" || line.trim_end() == "..." {
            return Some(0..end);
        }
        at = end;
    }
    None
}

/// Offset just past the line starting at `from` (its `\n` included).
fn line_end(text: &str, from: usize) -> usize {
    text[from..].find('\n').map_or(text.len(), |p| from + p + 1)
}

/// The lines of `text`, each with its line ending: `\n`, `\r\n` or a lone
/// `\r`, the three CommonMark accepts. Every split of a text into lines
/// (word diff, tables, blocks, the text output) goes through here, so a file
/// saved with classic Mac line endings is as many lines as it shows.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        at = match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
            None => bytes.len(),
            Some(p) if bytes[start + p] == b'\r' && bytes.get(start + p + 1) == Some(&b'\n') => {
                start + p + 2
            }
            Some(p) => start + p + 1,
        };
        Some(&text[start..at])
    })
}

/// `line` without its line ending.
pub fn trim_line_end(line: &str) -> &str {
    line.strip_suffix("\r\n")
        .or_else(|| line.strip_suffix(['\n', '\r']))
        .unwrap_or(line)
}

/// The offset where the line holding byte `at` starts (after a `\n` or `\r`).
pub fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map_or(0, |k| k + 1)
}

/// Whether `text` has a `\r` that no `\n` follows: a line break of its own.
pub fn has_lone_carriage_return(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\r', bytes).any(|p| is_lone_carriage_return(bytes, p))
}

fn is_lone_carriage_return(bytes: &[u8], at: usize) -> bool {
    bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n')
}

/// `text` with each lone `\r` made a `\n`, when it has any: the same length,
/// so every byte offset holds. pulldown-cmark ends a paragraph's line at a
/// lone `\r` but not an ATX heading's (`# T\r\rtext` is one heading), and
/// front matter is found by `\n`.
fn lone_carriage_returns_as_newlines(text: &str) -> Option<String> {
    if !has_lone_carriage_return(text) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    for p in memchr::memchr_iter(b'\r', bytes).filter(|&p| is_lone_carriage_return(bytes, p)) {
        out[p] = b'\n';
    }
    Some(String::from_utf8(out).expect("a byte of ASCII swapped for another"))
}

/// The events of `text` with their byte ranges. Front matter, when present, is
/// one fenced code block (info `yaml`) covering its bytes, so a change in it is
/// shown like any other; the rest is parsed as Markdown. A lone `\r` ends a
/// line, as CommonMark says.
pub fn parse(text: &str) -> Vec<(Event<'_>, Range<usize>)> {
    match lone_carriage_returns_as_newlines(text) {
        None => parse_lines(text),
        Some(text) => parse_lines(&text)
            .into_iter()
            .map(|(event, range)| (event.into_static(), range))
            .collect(),
    }
}

fn parse_lines(text: &str) -> Vec<(Event<'_>, Range<usize>)> {
    let mut events = Vec::new();
    visit_events_of_lines(text, &mut |event, range| events.push((event, range)));
    events
}

/// [`parse`]'s events, given to `f` one by one as they are parsed: no list of
/// a whole document's events is held (a 26 MB law has millions of them).
pub fn for_each_event(text: &str, f: impl FnMut(Event<'_>, Range<usize>)) {
    for_each_event_and_link_labels(text, f);
}

/// Like [`for_each_event`], then the labels of the text's link reference
/// definitions (`[label]: /url`), which no event reports.
pub fn for_each_event_and_link_labels(
    text: &str,
    mut f: impl FnMut(Event<'_>, Range<usize>),
) -> Vec<String> {
    match lone_carriage_returns_as_newlines(text) {
        None => visit_events_of_lines(text, &mut f),
        Some(text) => visit_events_of_lines(&text, &mut f),
    }
}

/// The events of `text`, whose lines end in `\n` or `\r\n`, given to `f`:
/// front matter as a fenced code block, then the Markdown after it; then
/// the labels of its link reference definitions.
fn visit_events_of_lines<'t>(
    text: &'t str,
    f: &mut impl FnMut(Event<'t>, Range<usize>),
) -> Vec<String> {
    let start = match front_matter(text) {
        Some(fm) => {
            front_matter_events(text, fm.clone()).for_each(|(event, range)| f(event, range));
            fm.end
        }
        None => 0,
    };
    let mut events = Parser::new_ext(&text[start..], options()).into_offset_iter();
    for (event, range) in events.by_ref() {
        f(event, range.start + start..range.end + start);
    }
    events
        .reference_definitions()
        .iter()
        .map(|(label, _)| label.to_owned())
        .collect()
}

/// Front matter's events: one fenced code block, info `yaml`, of its bytes.
fn front_matter_events(
    text: &str,
    fm: Range<usize>,
) -> impl Iterator<Item = (Event<'_>, Range<usize>)> {
    let block = Tag::CodeBlock(CodeBlockKind::Fenced(CowStr::Borrowed("yaml")));
    [
        (Event::Start(block), fm.clone()),
        (Event::Text(CowStr::Borrowed(&text[fm.clone()])), fm.clone()),
        (Event::End(TagEnd::CodeBlock), fm),
    ]
    .into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_only_at_the_start() {
        assert_eq!(front_matter("---\ntitle: x\n---\n\n# A\n"), Some(0..17));
        assert_eq!(front_matter("---\r\na: 1\r\n...\r\nx"), Some(0..16));
        assert_eq!(front_matter("# A\n---\nb\n---\n"), None);
        assert_eq!(front_matter("---\nnever closed\n"), None);
        assert_eq!(front_matter("----\n"), None);
    }

    #[test]
    fn lines_end_at_a_newline_a_crlf_or_a_lone_carriage_return() {
        let text = "uno\rdos\r\ntres\ncuatro";
        assert_eq!(
            lines(text).collect::<Vec<_>>(),
            ["uno\r", "dos\r\n", "tres\n", "cuatro"]
        );
        assert_eq!(lines("").count(), 0);
        assert_eq!(trim_line_end("dos\r\n"), "dos");
        assert_eq!(trim_line_end("uno\r"), "uno");
        assert_eq!(trim_line_end("tres\n"), "tres");
        assert_eq!(line_start(text, 6), 4);
    }

    #[test]
    fn a_lone_carriage_return_ends_a_heading() {
        let text = "# T\r\r## A\r\rtexto\r";
        let headings: Vec<_> = parse(text)
            .into_iter()
            .filter(|(e, _)| matches!(e, Event::Start(Tag::Heading { .. })))
            .map(|(_, r)| r)
            .collect();
        assert_eq!(headings, [0..4, 5..10]);
    }

    #[test]
    fn a_dashed_pair_mid_document_is_not_metadata() {
        let text = "# Uno\n\nTexto.\n\n---\n## Oculto\n---\n\nFin.\n";
        let headings = parse(text)
            .into_iter()
            .filter(|(e, _)| matches!(e, Event::Start(Tag::Heading { .. })))
            .count();
        assert_eq!(headings, 2);
    }
}
