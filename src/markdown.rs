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

/// The events of `text` with their byte ranges. Front matter, when present, is
/// one fenced code block (info `yaml`) covering its bytes, so a change in it is
/// shown like any other; the rest is parsed as Markdown.
pub fn parse(text: &str) -> Vec<(Event<'_>, Range<usize>)> {
    let mut events = Vec::new();
    let start = match front_matter(text) {
        Some(fm) => {
            let block = Tag::CodeBlock(CodeBlockKind::Fenced(CowStr::Borrowed("yaml")));
            events.push((Event::Start(block), fm.clone()));
            events.push((Event::Text(CowStr::Borrowed(&text[fm.clone()])), fm.clone()));
            events.push((Event::End(TagEnd::CodeBlock), fm.clone()));
            fm.end
        }
        None => 0,
    };
    let rest = &text[start..];
    events.extend(
        Parser::new_ext(rest, options())
            .into_offset_iter()
            .map(|(ev, r)| (ev, r.start + start..r.end + start)),
    );
    events
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
    fn a_dashed_pair_mid_document_is_not_metadata() {
        let text = "# Uno\n\nTexto.\n\n---\n## Oculto\n---\n\nFin.\n";
        let headings = parse(text)
            .into_iter()
            .filter(|(e, _)| matches!(e, Event::Start(Tag::Heading { .. })))
            .count();
        assert_eq!(headings, 2);
    }
}
