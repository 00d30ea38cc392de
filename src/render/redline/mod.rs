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

use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

use crate::model::{DiffToken, Op};

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

/// Whether blocks of `family` may stand in an element that holds `holds`.
fn fits(family: Option<Family>, holds: Holds) -> bool {
    matches!(
        (family, holds),
        (Some(Family::Flow), Holds::Flow | Holds::Item)
            | (Some(Family::Item), Holds::Items)
            | (Some(Family::Row), Holds::Rows)
    )
}

/// What an open element can contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    /// Blocks: the body itself, block quotes, footnotes.
    Flow,
    /// A list item: blocks, or text directly (tight lists).
    Item,
    /// List items only.
    Items,
    /// Table rows only.
    Rows,
    /// Cells only.
    Cells,
    /// Text and inline elements.
    Inline,
}

#[derive(Default)]
struct Writer {
    out: String,
    /// What each open element holds, innermost last; the body holds flow.
    open: Vec<Holds>,
    alignments: Vec<Alignment>,
    cell: usize,
    in_head: bool,
    /// For each open link or image: whether an `<a>` was written for it.
    links: Vec<bool>,
    /// Depth inside a metadata block, whose content is not shown.
    skip: usize,
}

impl Writer {
    fn holds(&self) -> Holds {
        self.open.last().copied().unwrap_or(Holds::Flow)
    }

    fn is_inline(&self) -> bool {
        matches!(self.holds(), Holds::Inline | Holds::Item)
    }

    /// Whether block deletion `d` can go in here, before the start of `next`
    /// (or before an end tag when `next` is `None`).
    fn can_hold(&self, d: &Deletion<'_>, next: Option<&Tag<'_>>) -> bool {
        if !d.is_block() {
            return false;
        }
        let boundary = match next {
            Some(tag) => family(tag).is_some(),
            None => true,
        };
        boundary && fits(d.family(), self.holds())
    }

    fn finish(self) -> String {
        self.out
    }

    /// Splices a deletion: its blocks replayed as deleted, or its text inline.
    fn splice(&mut self, d: &Deletion<'_>) {
        let as_blocks = d.is_block() && fits(d.family(), self.holds());
        if as_blocks {
            let mut k = 0;
            while k < d.blocks.len() {
                let (ev, _) = &d.blocks[k];
                if let Event::Start(Tag::HtmlBlock) = ev {
                    k = self.html_block(&d.blocks, k, Some(Mark::Del));
                    continue;
                }
                match ev {
                    Event::Start(tag) => self.start(tag, Some(Mark::Del)),
                    Event::Text(t) => self.wrapped(Some(Mark::Del), t),
                    other => self.other(other, Some(Mark::Del)),
                }
                k += 1;
            }
            return;
        }
        if d.text.is_empty() {
            return;
        }
        let del = format!("<del>{}</del>", escape(&d.text));
        match self.holds() {
            Holds::Inline | Holds::Item => self.out.push_str(&del),
            Holds::Flow => {
                let _ = writeln!(self.out, "<p class=\"del-block\">{del}</p>");
            }
            Holds::Items => {
                let _ = writeln!(self.out, "<li class=\"del-block\">{del}</li>");
            }
            Holds::Rows => {
                let cols = self.alignments.len().max(1);
                let _ = writeln!(
                    self.out,
                    "<tr class=\"del-block\"><td colspan=\"{cols}\">{del}</td></tr>"
                );
            }
            // Between two cells: nothing valid can stand there; the deleted
            // words join the next cell's text instead (see `render_merged`).
            Holds::Cells => {}
        }
    }

    /// Escaped text, inside `<ins>`/`<del>` when marked.
    fn wrapped(&mut self, mark: Option<Mark>, text: &str) {
        if self.skip > 0 || text.is_empty() {
            return;
        }
        match mark {
            // Whitespace alone is not marked: nothing to see, and a screen
            // reader would announce an empty change.
            Some(m) if !text.trim().is_empty() => {
                let _ = write!(self.out, "<{0}>{1}</{0}>", m.tag(), escape(text));
            }
            _ => self.out.push_str(&escape(text)),
        }
    }

    /// A text event, cut where marked ranges begin and end, with the inline
    /// deletions that fall inside it spliced at their places.
    fn marked_text(
        &mut self,
        body: &str,
        text: &str,
        range: &Range<usize>,
        marked: &[Range<usize>],
        mark: Mark,
        deletions: &[Deletion<'_>],
    ) {
        if self.skip > 0 {
            return;
        }
        let mut dels = deletions.iter().peekable();
        if body.get(range.clone()) != Some(text) {
            // Rendered text differs from its source (an entity, an escape):
            // marked as a whole.
            for d in dels {
                self.splice(d);
            }
            self.wrapped(overlaps(marked, range).then_some(mark), text);
            return;
        }
        let mut cuts: Vec<usize> = vec![range.start, range.end];
        for r in marked {
            for p in [r.start, r.end] {
                if range.start < p && p < range.end {
                    cuts.push(p);
                }
            }
        }
        for d in deletions {
            if range.start < d.anchor && d.anchor < range.end {
                cuts.push(d.anchor);
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            while let Some(d) = dels.peek() {
                if d.anchor <= a {
                    self.splice(dels.next().expect("peeked"));
                } else {
                    break;
                }
            }
            let piece = &text[a - range.start..b - range.start];
            let is_marked = marked.iter().any(|r| r.start <= a && b <= r.end);
            self.wrapped(is_marked.then_some(mark), piece);
        }
        for d in dels {
            self.splice(d);
        }
    }

    /// A raw HTML block: its pieces joined, then sanitized by an allow-list.
    /// Returns the index just past the block's end.
    fn html_block(&mut self, evs: &[Spanned<'_>], start: usize, mark: Option<Mark>) -> usize {
        let mut html = String::new();
        let mut k = start + 1;
        while k < evs.len() {
            match &evs[k].0 {
                Event::End(TagEnd::HtmlBlock) => {
                    k += 1;
                    break;
                }
                Event::Html(h) | Event::Text(h) => html.push_str(h),
                _ => {}
            }
            k += 1;
        }
        let clean = sanitize_html(&html);
        if !clean.trim().is_empty() {
            let _ = writeln!(
                self.out,
                "<div class=\"raw-html{}\">{clean}</div>",
                mark.map(|m| format!(" {}", m.block_class()))
                    .unwrap_or_default()
            );
        }
        k
    }

    /// Any event but a start tag or text.
    fn other(&mut self, ev: &Event<'_>, mark: Option<Mark>) {
        if self.skip > 0 {
            if let Event::End(_) = ev {
                self.skip -= 1;
            }
            return;
        }
        match ev {
            Event::End(tag) => self.end(tag),
            Event::Code(code) => match mark {
                Some(m) => {
                    let _ = write!(
                        self.out,
                        "<{0}><code>{1}</code></{0}>",
                        m.tag(),
                        escape(code)
                    );
                }
                None => {
                    let _ = write!(self.out, "<code>{}</code>", escape(code));
                }
            },
            Event::InlineMath(t) | Event::DisplayMath(t) => self.wrapped(mark, t),
            Event::SoftBreak => self.out.push('\n'),
            Event::HardBreak => self.out.push_str("<br>\n"),
            Event::Rule => {
                let _ = writeln!(self.out, "<hr{}>", Self::class(mark));
            }
            Event::FootnoteReference(label) => {
                let _ = write!(self.out, "<sup class=\"fnref\">[{}]</sup>", escape(label));
            }
            Event::TaskListMarker(done) => self.out.push_str(if *done { "☑ " } else { "☐ " }),
            // Inline HTML tags are dropped (their text is kept as text events),
            // except a line break.
            Event::InlineHtml(h) | Event::Html(h) => {
                let tag = h.trim().to_ascii_lowercase();
                if matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
                    self.out.push_str("<br>");
                }
            }
            Event::Start(_) | Event::Text(_) => unreachable!("handled by the caller"),
        }
    }

    fn class(mark: Option<Mark>) -> String {
        mark.map(|m| format!(" class=\"{}\"", m.block_class()))
            .unwrap_or_default()
    }

    fn start(&mut self, tag: &Tag<'_>, mark: Option<Mark>) {
        if self.skip > 0 {
            self.skip += 1;
            return;
        }
        if let Tag::MetadataBlock(_) = tag {
            self.skip = 1;
            return;
        }
        let class = Self::class(mark);
        let holds = match tag {
            Tag::Paragraph => {
                let _ = write!(self.out, "<p{class}>");
                Holds::Inline
            }
            Tag::Heading { level, .. } => {
                // Headings inside a body sit below the section's own heading.
                let _ = write!(self.out, "<h{}{class}>", body_heading(*level as usize));
                Holds::Inline
            }
            Tag::BlockQuote(_) => {
                let _ = writeln!(self.out, "<blockquote{class}>");
                Holds::Flow
            }
            Tag::CodeBlock(_) => {
                let _ = write!(self.out, "<pre{class}><code>");
                Holds::Inline
            }
            Tag::HtmlBlock => Holds::Flow,
            Tag::List(Some(1)) => {
                let _ = writeln!(self.out, "<ol{class}>");
                Holds::Items
            }
            Tag::List(Some(n)) => {
                let _ = writeln!(self.out, "<ol{class} start=\"{n}\">");
                Holds::Items
            }
            Tag::List(None) => {
                let _ = writeln!(self.out, "<ul{class}>");
                Holds::Items
            }
            Tag::Item => {
                let _ = write!(self.out, "<li{class}>");
                Holds::Item
            }
            Tag::FootnoteDefinition(label) => {
                let extra = mark
                    .map(|m| format!(" {}", m.block_class()))
                    .unwrap_or_default();
                let _ = write!(
                    self.out,
                    "<div class=\"footnote{extra}\"><sup>[{}]</sup> ",
                    escape(label)
                );
                Holds::Flow
            }
            Tag::Table(alignments) => {
                self.alignments = alignments.clone();
                // Focusable, so a wide table can be scrolled from the keyboard.
                let _ = write!(
                    self.out,
                    "<div class=\"table-wrap\" tabindex=\"0\"><table{class}>"
                );
                Holds::Rows
            }
            Tag::TableHead => {
                self.in_head = true;
                self.cell = 0;
                let _ = write!(self.out, "<thead><tr{class}>");
                Holds::Cells
            }
            Tag::TableRow => {
                self.cell = 0;
                let _ = write!(self.out, "<tr{class}>");
                Holds::Cells
            }
            Tag::TableCell => {
                let align = match self.alignments.get(self.cell) {
                    Some(Alignment::Left) => " class=\"left\"",
                    Some(Alignment::Center) => " class=\"center\"",
                    Some(Alignment::Right) => " class=\"right\"",
                    _ => "",
                };
                if self.in_head {
                    let _ = write!(self.out, "<th{align} scope=\"col\">");
                } else {
                    let _ = write!(self.out, "<td{align}>");
                }
                Holds::Inline
            }
            Tag::Emphasis => {
                self.out.push_str("<em>");
                Holds::Inline
            }
            Tag::Strong => {
                self.out.push_str("<strong>");
                Holds::Inline
            }
            Tag::Strikethrough => {
                self.out.push_str("<s>");
                Holds::Inline
            }
            Tag::Superscript => {
                self.out.push_str("<sup>");
                Holds::Inline
            }
            Tag::Subscript => {
                self.out.push_str("<sub>");
                Holds::Inline
            }
            Tag::Link {
                dest_url, title, ..
            } => {
                let opened = match safe_url(dest_url) {
                    Some(url) if !self.links.contains(&true) => {
                        let _ = write!(self.out, "<a href=\"{}\"", escape(url));
                        if !title.is_empty() {
                            let _ = write!(self.out, " title=\"{}\"", escape(title));
                        }
                        self.out.push('>');
                        true
                    }
                    _ => false,
                };
                self.links.push(opened);
                Holds::Inline
            }
            Tag::Image { dest_url, .. } => {
                // A self-contained page loads nothing: an image is shown as a
                // link to it, named by its alt text.
                let opened = match safe_url(dest_url) {
                    Some(url) if !self.links.contains(&true) => {
                        let _ = write!(self.out, "<a class=\"image\" href=\"{}\">", escape(url));
                        true
                    }
                    _ => false,
                };
                self.links.push(opened);
                self.out.push_str("[🖼 ");
                Holds::Inline
            }
            Tag::DefinitionList => {
                let _ = write!(self.out, "<dl{class}>");
                Holds::Flow
            }
            Tag::DefinitionListTitle => {
                self.out.push_str("<dt>");
                Holds::Inline
            }
            Tag::DefinitionListDefinition => {
                self.out.push_str("<dd>");
                Holds::Flow
            }
            Tag::MetadataBlock(_) => unreachable!("skipped above"),
        };
        self.open.push(holds);
    }

    fn end(&mut self, tag: &TagEnd) {
        self.open.pop();
        let out = &mut self.out;
        match tag {
            TagEnd::Paragraph => out.push_str("</p>\n"),
            TagEnd::Heading(level) => {
                let _ = writeln!(out, "</h{}>", body_heading(*level as usize));
            }
            TagEnd::BlockQuote(_) => out.push_str("</blockquote>\n"),
            TagEnd::CodeBlock => out.push_str("</code></pre>\n"),
            TagEnd::HtmlBlock => {}
            TagEnd::List(true) => out.push_str("</ol>\n"),
            TagEnd::List(false) => out.push_str("</ul>\n"),
            TagEnd::Item => out.push_str("</li>\n"),
            TagEnd::FootnoteDefinition => out.push_str("</div>\n"),
            TagEnd::Table => out.push_str("</tbody></table></div>\n"),
            TagEnd::TableHead => {
                self.in_head = false;
                out.push_str("</tr></thead><tbody>\n");
            }
            TagEnd::TableRow => out.push_str("</tr>\n"),
            TagEnd::TableCell => {
                self.cell += 1;
                out.push_str(if self.in_head { "</th>" } else { "</td>" });
            }
            TagEnd::Emphasis => out.push_str("</em>"),
            TagEnd::Strong => out.push_str("</strong>"),
            TagEnd::Strikethrough => out.push_str("</s>"),
            TagEnd::Superscript => out.push_str("</sup>"),
            TagEnd::Subscript => out.push_str("</sub>"),
            TagEnd::Link => {
                if self.links.pop() == Some(true) {
                    out.push_str("</a>");
                }
            }
            TagEnd::Image => {
                out.push(']');
                if self.links.pop() == Some(true) {
                    out.push_str("</a>");
                }
            }
            TagEnd::MetadataBlock(_) => {}
            TagEnd::DefinitionList => out.push_str("</dl>\n"),
            TagEnd::DefinitionListTitle => out.push_str("</dt>\n"),
            TagEnd::DefinitionListDefinition => out.push_str("</dd>\n"),
        }
    }
}

/// Heading level inside a section body: never above `h4`, so the page's
/// outline (document `h1`, parts `h2`, sections `h3`) stays whole.
fn body_heading(level: usize) -> usize {
    (level + 2).clamp(4, 6)
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut from = 0;
    // Copies the runs between special bytes whole: most text has none.
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&text[from..]);
    out
}

/// A link target a reader may follow: `http(s)`, `mailto`, or relative. Any
/// other scheme (`javascript:`, `data:`, `vbscript:`…) gives `None`.
pub fn safe_url(url: &str) -> Option<&str> {
    let url = url.trim();
    // Browsers ignore tabs, newlines and control characters inside a scheme.
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = squeezed.find(':');
    let path_start = squeezed.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(c), p) if p.is_none_or(|p| c < p) => {
            let scheme = &squeezed[..c];
            matches!(scheme, "http" | "https" | "mailto").then_some(url)
        }
        _ => Some(url),
    }
}

/// Tags a draft's raw HTML may keep: text-level and table markup only. Page
/// structure (`article`, `nav`, `h1`–`h3`…), change marks (`ins`, `del`), forms,
/// media and anything that loads or runs are dropped (their text stays), so a
/// draft can neither run code nor fake a change, a section or an outline entry.
const HTML_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

/// Raw HTML from a draft, cleaned by ammonia with `HTML_TAGS`: no scripts,
/// styles, event handlers, ids, classes or unsafe URLs survive.
pub fn sanitize_html(html: &str) -> String {
    let tags: std::collections::HashSet<&str> = HTML_TAGS.iter().copied().collect();
    let mut attributes: std::collections::HashMap<&str, std::collections::HashSet<&str>> =
        std::collections::HashMap::new();
    attributes.insert("a", ["href", "title"].into_iter().collect());
    attributes.insert("abbr", ["title"].into_iter().collect());
    attributes.insert("td", ["colspan", "rowspan"].into_iter().collect());
    attributes.insert("th", ["colspan", "rowspan"].into_iter().collect());
    attributes.insert("ol", ["start"].into_iter().collect());
    ammonia::Builder::empty()
        .tags(tags)
        .tag_attributes(attributes)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests;
