//! The HTML writer of marked text: pulldown-cmark's events written as HTML,
//! text inside `<ins>`/`<del>` where a range is marked, whole blocks with the
//! change-block classes, and deletions spliced in where the open element can
//! hold them.

use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

use super::escaping::{escape, safe_url, sanitize_html};
use super::{Deletion, Family, Mark, Side, Spanned, family};

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
pub(super) struct Writer {
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

    pub(super) fn is_inline(&self) -> bool {
        matches!(self.holds(), Holds::Inline | Holds::Item)
    }

    /// Whether block deletion `d` can go in here, before the start of `next`
    /// (or before an end tag when `next` is `None`).
    pub(super) fn can_hold(&self, d: &Deletion<'_>, next: Option<&Tag<'_>>) -> bool {
        if !d.is_block() {
            return false;
        }
        let boundary = match next {
            Some(tag) => family(tag).is_some(),
            None => true,
        };
        boundary && fits(d.family(), self.holds())
    }

    pub(super) fn finish(self) -> String {
        self.out
    }

    /// Splices a deletion: its blocks replayed as deleted, or its text inline.
    pub(super) fn splice(&mut self, d: &Deletion<'_>) {
        let as_blocks = d.is_block() && fits(d.family(), self.holds());
        if as_blocks {
            let mut k = 0;
            while k < d.blocks.len() {
                let (ev, _) = &d.blocks[k];
                if let Event::Start(Tag::HtmlBlock) = ev {
                    k = self.html_block(&d.blocks, k, Some(d.mark));
                    continue;
                }
                match ev {
                    Event::Start(tag) => self.start(tag, Some(d.mark)),
                    Event::Text(t) => self.wrapped(Some(d.mark), t),
                    other => self.other(other, Some(d.mark)),
                }
                k += 1;
            }
            return;
        }
        if d.text.is_empty() {
            return;
        }
        let del = format!("{}{}</del>", d.mark.open(), escape(&d.text));
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
                let _ = write!(self.out, "{}{}</{}>", m.open(), escape(text), m.tag());
            }
            _ => self.out.push_str(&escape(text)),
        }
    }

    /// A text event, cut where marked ranges begin and end, with the inline
    /// deletions that fall inside it spliced at their places. Unmarked words
    /// inside `unformatted` (they lost their emphasis) are marked as a change
    /// of format.
    pub(super) fn marked_text(
        &mut self,
        body: &str,
        text: &str,
        range: &Range<usize>,
        side: &Side<'_>,
        unformatted: &[Range<usize>],
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
            self.wrapped(side.touching(range), text);
            return;
        }
        let mut cuts: Vec<usize> = vec![range.start, range.end];
        let meeting = |ranges| super::meeting(ranges, range);
        for r in meeting(side.changed)
            .iter()
            .chain(meeting(side.moved))
            .chain(meeting(unformatted))
        {
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
            match side.covering(&(a..b)) {
                None if super::covered(unformatted, &(a..b)) && !piece.trim().is_empty() => {
                    let _ = write!(
                        self.out,
                        "<span class=\"fmt-changed\">{}</span>",
                        escape(piece)
                    );
                }
                mark => self.wrapped(mark, piece),
            }
        }
        for d in dels {
            self.splice(d);
        }
    }

    /// A raw HTML block: its pieces joined, then sanitized by an allow-list.
    /// Returns the index just past the block's end.
    pub(super) fn html_block(
        &mut self,
        evs: &[Spanned<'_>],
        start: usize,
        mark: Option<Mark>,
    ) -> usize {
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
    pub(super) fn other(&mut self, ev: &Event<'_>, mark: Option<Mark>) {
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
                        "{}<code>{}</code></{}>",
                        m.open(),
                        escape(code),
                        m.tag()
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

    /// Opens emphasis (or strong, or struck) text whose markers are new while
    /// its words are not: a change of format only, marked so a reader sees it
    /// (`fmt-changed`; the report's CSS gives it a visible cue and the words
    /// a screen reader says).
    pub(super) fn start_format_changed(&mut self, tag: &Tag<'_>) {
        self.start(tag, None);
        for open in ["<em>", "<strong>", "<s>"] {
            if self.out.ends_with(open) {
                let at = self.out.len() - 1;
                self.out.insert_str(at, " class=\"fmt-changed\"");
                break;
            }
        }
    }

    pub(super) fn start(&mut self, tag: &Tag<'_>, mark: Option<Mark>) {
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
