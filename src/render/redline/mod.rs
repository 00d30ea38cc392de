//! The redline of the *rendered* text: a section body as HTML, with what the
//! word diff inserted in `<ins>` and what it deleted in `<del>`.
//!
//! The diff is the model's (the tokens of [`crate::model::SectionChange::diff`]);
//! nothing is diffed again here. Each body is parsed with pulldown-cmark's offset
//! iterator, so every piece of rendered text knows the bytes it came from, and
//! the tokens say which bytes were inserted or deleted:
//!
//! - [`render_side`] renders one version with its own changes marked: the old
//!   text with its deletions, or the new text with its insertions (the two
//!   columns of the *cuadro comparativo*);
//! - [`render_merged`] renders the new text and splices the deleted old text in
//!   where it was: words inside a sentence as inline `<del>`, whole paragraphs,
//!   list items or table rows as deleted blocks in their place.
//!
//! Blocks wholly inserted or deleted get the classes `ins-block` / `del-block`
//! (a change bar in the margin). Draft text is untrusted: text is escaped, raw
//! HTML blocks go through an allow-list sanitizer, inline HTML tags are dropped
//! (their text stays), and links keep only `http`, `https`, `mailto` and
//! relative targets. No `id` attribute comes from a draft, so a redline never
//! clashes with the page's own anchors.
//!
//! This module reads the marks off the diff and decides where deletions go;
//! `writer` writes the HTML, and `escaping` holds [`escape`], [`safe_url`] and
//! [`sanitize_html`].

mod escaping;
mod writer;

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::model::{DiffToken, Op};

pub use escaping::{escape, safe_url, sanitize_html};
use writer::Writer;

/// Which change a marked range is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Ins,
    Del,
}

impl Mark {
    fn tag(self) -> &'static str {
        match self {
            Mark::Ins => "ins",
            Mark::Del => "del",
        }
    }

    fn block_class(self) -> &'static str {
        match self {
            Mark::Ins => "ins-block",
            Mark::Del => "del-block",
        }
    }
}

/// Where the changes of a diff sit in each body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Inserted byte ranges of the new body.
    pub inserted: Vec<Range<usize>>,
    /// Deleted byte ranges of the old body.
    pub deleted: Vec<Range<usize>>,
    /// For each deleted range: the offset in the new body where it stood.
    pub anchors: Vec<usize>,
}

impl Changes {
    /// Reads the ranges off the diff tokens.
    pub fn from_tokens(tokens: &[DiffToken]) -> Changes {
        let (mut old_at, mut new_at) = (0usize, 0usize);
        let mut c = Changes::default();
        for t in tokens {
            let len = t.text.len();
            match t.op {
                Op::Equal => {
                    old_at += len;
                    new_at += len;
                }
                Op::Insert => {
                    c.inserted.push(new_at..new_at + len);
                    new_at += len;
                }
                Op::Delete => {
                    c.deleted.push(old_at..old_at + len);
                    c.anchors.push(new_at);
                    old_at += len;
                }
            }
        }
        c
    }
}

type Spanned<'a> = (Event<'a>, Range<usize>);

fn events(body: &str) -> Vec<Spanned<'_>> {
    crate::markdown::parse(body)
}

/// Renders `body` with `ranges` marked as `mark`.
pub fn render_side(body: &str, ranges: &[Range<usize>], mark: Mark) -> String {
    let mut w = Writer::default();
    let evs = events(body);
    let mut k = 0;
    while k < evs.len() {
        let (ev, range) = &evs[k];
        if let Event::Start(Tag::HtmlBlock) = ev {
            k = w.html_block(&evs, k, covered(ranges, range).then_some(mark));
            continue;
        }
        match ev {
            Event::Start(tag) => w.start(tag, covered(ranges, range).then_some(mark)),
            Event::Text(text) => w.marked_text(body, text, range, ranges, mark, &[]),
            other => w.other(other, overlaps(ranges, range).then_some(mark)),
        }
        k += 1;
    }
    w.finish()
}

/// Renders the new body with insertions marked and the old body's deletions
/// spliced in where they stood.
pub fn render_merged(old_body: &str, new_body: &str, tokens: &[DiffToken]) -> String {
    let changes = Changes::from_tokens(tokens);
    let old_events = events(old_body);
    let deletions: Vec<Deletion> = changes
        .deleted
        .iter()
        .zip(&changes.anchors)
        .map(|(range, &anchor)| Deletion::new(old_body, &old_events, range.clone(), anchor))
        .collect();
    let mut pending = deletions.into_iter().peekable();
    let mut w = Writer::default();
    let evs = events(new_body);
    let mut k = 0;
    while k < evs.len() {
        let (ev, range) = &evs[k];
        // Block deletions go in before the first block that starts at or after
        // their place, when the container there can hold them.
        while let Some(d) = pending.peek() {
            let due = d.anchor <= range.start;
            let here = match ev {
                Event::Start(tag) => w.can_hold(d, Some(tag)),
                Event::End(_) => w.can_hold(d, None),
                _ => w.is_inline() && !d.is_block(),
            };
            if due && here {
                let d = pending.next().expect("peeked");
                w.splice(&d);
            } else {
                break;
            }
        }
        if let Event::Start(Tag::HtmlBlock) = ev {
            k = w.html_block(
                &evs,
                k,
                covered(&changes.inserted, range).then_some(Mark::Ins),
            );
            continue;
        }
        match ev {
            // Emphasis whose markers are new but whose words are not.
            Event::Start(tag @ (Tag::Emphasis | Tag::Strong | Tag::Strikethrough))
                if !covered(&changes.inserted, range)
                    && covered(&changes.inserted, &(range.start..range.start + 1)) =>
            {
                w.start_format_changed(tag)
            }
            Event::Start(tag) => {
                w.start(tag, covered(&changes.inserted, range).then_some(Mark::Ins))
            }
            Event::Text(text) => {
                // Inline deletions that fall inside this text, in order.
                let mut inside: Vec<Deletion> = Vec::new();
                while let Some(d) = pending.peek() {
                    if d.anchor < range.end || (d.anchor == range.end && !d.is_block()) {
                        inside.push(pending.next().expect("peeked"));
                    } else {
                        break;
                    }
                }
                w.marked_text(new_body, text, range, &changes.inserted, Mark::Ins, &inside);
            }
            other => w.other(
                other,
                overlaps(&changes.inserted, range).then_some(Mark::Ins),
            ),
        }
        k += 1;
    }
    for d in pending {
        w.splice(&d);
    }
    w.finish()
}

/// Whether `range` lies wholly inside one of `ranges`.
fn covered(ranges: &[Range<usize>], range: &Range<usize>) -> bool {
    !range.is_empty()
        && ranges
            .iter()
            .any(|r| r.start <= range.start && range.end <= r.end)
}

fn overlaps(ranges: &[Range<usize>], range: &Range<usize>) -> bool {
    ranges
        .iter()
        .any(|r| r.start < range.end && range.start < r.end)
}

/// A stretch of the old body that was deleted, ready to splice.
struct Deletion<'a> {
    anchor: usize,
    /// Old events of the whole blocks the range holds (siblings of one kind),
    /// or empty when the range holds words rather than blocks.
    blocks: Vec<Spanned<'a>>,
    /// The range's rendered text, for an inline splice.
    text: String,
}

impl<'a> Deletion<'a> {
    fn new(body: &'a str, evs: &[Spanned<'a>], range: Range<usize>, anchor: usize) -> Deletion<'a> {
        let mut text = String::new();
        let mut separator = false;
        for (ev, r) in evs {
            if r.end <= range.start || r.start >= range.end {
                continue;
            }
            separator = false;
            match ev {
                Event::Text(t) | Event::Code(t) => text.push_str(&clip(body, t, r, &range)),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                // A block ending inside the deleted range: keep its words
                // apart from the next block's.
                Event::End(
                    TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_),
                ) if r.end <= range.end && !text.is_empty() && !text.ends_with(' ') => {
                    text.push(' ');
                    separator = true;
                }
                _ => {}
            }
        }
        // Whitespace the parser does not report as text (around a table cell's
        // content) still separates the deleted words from their neighbours.
        if body[range.clone()].starts_with(char::is_whitespace)
            && !text.is_empty()
            && !text.starts_with(char::is_whitespace)
        {
            text.insert(0, ' ');
        }
        Deletion {
            anchor,
            blocks: whole_blocks(evs, &range),
            text: if text.trim().is_empty() {
                String::new()
            } else if separator {
                text[..text.len() - 1].to_owned()
            } else {
                text
            },
        }
    }

    fn is_block(&self) -> bool {
        !self.blocks.is_empty()
    }

    fn family(&self) -> Option<Family> {
        match self.blocks.first() {
            Some((Event::Start(tag), _)) => family(tag),
            _ => None,
        }
    }
}

/// The text of `t` (from bytes `r` of `body`) that falls inside `keep`. Text
/// whose source differs from its rendering (entities, escapes) is kept whole.
fn clip(body: &str, t: &str, r: &Range<usize>, keep: &Range<usize>) -> String {
    if body.get(r.clone()) == Some(t) {
        let start = keep.start.max(r.start) - r.start;
        let end = keep.end.min(r.end) - r.start;
        if let Some(piece) = t.get(start..end) {
            return piece.to_owned();
        }
    }
    t.to_owned()
}

/// Kinds of block that can stand side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Flow,
    Item,
    Row,
}

fn family(tag: &Tag<'_>) -> Option<Family> {
    match tag {
        Tag::Item => Some(Family::Item),
        Tag::TableRow => Some(Family::Row),
        Tag::Paragraph
        | Tag::Heading { .. }
        | Tag::BlockQuote(_)
        | Tag::CodeBlock(_)
        | Tag::HtmlBlock
        | Tag::List(_)
        | Tag::FootnoteDefinition(_)
        | Tag::Table(_)
        | Tag::DefinitionList => Some(Family::Flow),
        _ => None,
    }
}

/// The old events of the blocks wholly inside `range`, when the range holds
/// whole blocks of one family and no stray words; empty otherwise.
fn whole_blocks<'a>(evs: &[Spanned<'a>], range: &Range<usize>) -> Vec<Spanned<'a>> {
    let inside = |r: &Range<usize>| range.start <= r.start && r.end <= range.end;
    let touches = |r: &Range<usize>| r.start < range.end && range.start < r.end;
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut kind: Option<Family> = None;
    for (ev, r) in evs {
        if depth > 0 {
            match ev {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                _ => {}
            }
            out.push((ev.clone(), r.clone()));
            continue;
        }
        match ev {
            Event::Start(tag) if inside(r) => {
                let Some(f) = family(tag) else {
                    return Vec::new();
                };
                if kind.is_some_and(|k| k != f) {
                    return Vec::new();
                }
                kind = Some(f);
                depth = 1;
                out.push((ev.clone(), r.clone()));
            }
            // A container only partly deleted: look inside it.
            Event::Start(_) | Event::End(_) => {}
            _ if touches(r) => return Vec::new(),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
