//! A section body as Word paragraphs whose runs carry tracked changes.
//!
//! Each body (old and new) is parsed once into [`Item`]s: pieces of rendered
//! text with the bytes they came from, and the points where a paragraph (or a
//! table cell) ends. The model's diff tokens then say, region by region,
//! which side's items to take and as what change: an equal region takes the
//! new body's items as they are, an inserted one the new body's as inserted,
//! a deleted one the old body's as deleted (or, in a moved section, as
//! moved). A paragraph end met inside a region carries that region's change
//! on its mark, so accepting every change leaves the new body's paragraphs
//! and rejecting every change the old body's: Word's own rule, where a
//! paragraph whose mark is deleted joins the next one.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// The tracked change a run or a paragraph mark carries. A move's number
/// pairs its two ends (`w:name="moveN"` on both range starts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Track {
    None,
    Ins,
    Del,
    MoveFrom(u32),
    MoveTo(u32),
}

/// Character formatting kept from the Markdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct Format {
    pub(crate) bold: bool,
    pub(crate) italic: bool,
    pub(crate) strike: bool,
    pub(crate) code: bool,
    pub(crate) superscript: bool,
}

/// A run's text; line breaks and tabs become Word's own elements when written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Run {
    pub(crate) text: String,
    pub(crate) format: Format,
    pub(crate) track: Track,
}

/// A paragraph's style (`word/styles.xml` defines each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    /// A section's heading, level 1–6: Word's built-in headings, so the
    /// navigation pane lists them.
    Heading(u8),
    Body,
    Quote,
    Code,
    Footnote,
    TableHeader,
    TableRow,
    /// A list item at `level` (0 = outermost) of the numbering `num`
    /// (`word/numbering.xml`: 1 is bullets, every ordered list its own).
    List {
        level: u8,
        num: u32,
    },
}

impl Style {
    /// Whether it is a table's row (a header row or another).
    pub(crate) fn is_table(self) -> bool {
        matches!(self, Style::TableHeader | Style::TableRow)
    }
}

/// One paragraph: its style, its runs, the change its mark carries, and the
/// editors' notes anchored on it (comment ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Para {
    pub(crate) style: Style,
    pub(crate) runs: Vec<Run>,
    pub(crate) mark: Track,
    pub(crate) comments: Vec<u32>,
}

/// Which body a region of the diff reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Old,
    New,
}

/// A stretch of one body and the change its items carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Region {
    pub(crate) side: Side,
    pub(crate) range: Range<usize>,
    pub(crate) track: Track,
}

/// What a parsed body holds, in the order of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    /// Rendered text. `verbatim`: the text is the bytes of `range` as they
    /// are, so a region may take a part of it; else it is taken whole by
    /// the region where it starts (an entity, an escape, a footnote's label).
    Text {
        range: Range<usize>,
        text: String,
        format: Format,
        verbatim: bool,
    },
    /// A hard line break.
    Break { at: usize },
    /// The start of a table's next cell.
    Cell { at: usize },
    /// A paragraph ends (its mark); `last`: the body's last paragraph.
    End { at: usize, style: Style, last: bool },
}

impl Item {
    fn start(&self) -> usize {
        match self {
            Item::Text { range, .. } => range.start,
            Item::Break { at } | Item::Cell { at } | Item::End { at, .. } => *at,
        }
    }

    /// Whether the item lies wholly before offset `a`.
    fn before(&self, a: usize) -> bool {
        match self {
            Item::Text {
                range,
                verbatim: true,
                ..
            } => range.end <= a,
            other => other.start() < a,
        }
    }
}

/// Numbering ids of ordered lists: each list of each body its own, so its
/// items count from the list's own start.
pub(crate) trait Lists {
    /// The numbering of the ordered list starting at byte `at` of the body
    /// (counting from `start`).
    fn ordered(&mut self, side: Side, at: usize, start: u64) -> u32;
}

/// The numbering of bullet lists.
pub(crate) const BULLETS: u32 = 1;

/// Where a table row's next cell starts, inside a run's text: the writer
/// makes each row a Word table row and splits it there (a tab, should a
/// paragraph that is no row hold one). No text of a draft holds it: the
/// Markdown parser replaces U+0000 with U+FFFD, as CommonMark says.
pub(crate) const CELL: char = '\u{0}';

/// A parsed body.
pub(crate) struct Body {
    items: Vec<Item>,
}

impl Body {
    pub(crate) fn parse(body: &str, side: Side, lists: &mut dyn Lists) -> Body {
        let mut p = Parser {
            body,
            side,
            lists,
            items: Vec::new(),
            bold: 0,
            italic: 0,
            strike: 0,
            quote: 0,
            list_stack: Vec::new(),
            item_style: None,
            style: Style::Body,
            open: None,
            cells: 0,
            cell_start: None,
            footnote: false,
            footnote_label: false,
        };
        for (event, range) in crate::markdown::parse(body) {
            p.event(event, range);
        }
        p.close();
        let mut items = p.items;
        if let Some(Item::End { last, .. }) = items
            .iter_mut()
            .rev()
            .find(|i| matches!(i, Item::End { .. }))
        {
            *last = true;
        }
        Body { items }
    }

    fn has_paragraphs(&self) -> bool {
        self.items.iter().any(|i| matches!(i, Item::End { .. }))
    }

    fn last_style(&self) -> Option<Style> {
        self.items.iter().rev().find_map(|i| match i {
            Item::End { style, .. } => Some(*style),
            _ => None,
        })
    }
}

struct Parser<'b, 'l> {
    body: &'b str,
    side: Side,
    lists: &'l mut dyn Lists,
    items: Vec<Item>,
    bold: usize,
    italic: usize,
    strike: usize,
    quote: usize,
    /// Each open list's numbering.
    list_stack: Vec<u32>,
    /// The style of the open list item's first paragraph, until it is used.
    item_style: Option<Style>,
    /// The style of the paragraph being read.
    style: Style,
    /// Where the open paragraph's text ends so far (`Some` once it has any).
    open: Option<usize>,
    /// Cells of the open table row so far.
    cells: usize,
    /// Where the open table cell starts, until its first text.
    cell_start: Option<usize>,
    footnote: bool,
    /// A footnote's label is read and its first paragraph not yet.
    footnote_label: bool,
}

impl Parser<'_, '_> {
    fn format(&self) -> Format {
        Format {
            bold: self.bold > 0,
            italic: self.italic > 0,
            strike: self.strike > 0,
            code: false,
            superscript: false,
        }
    }

    /// The style a paragraph starting now gets.
    fn block_style(&mut self) -> Style {
        if let Some(s) = self.item_style.take() {
            s
        } else if self.footnote {
            Style::Footnote
        } else if self.quote > 0 {
            Style::Quote
        } else {
            Style::Body
        }
    }

    /// Ends the open paragraph, if it has text: its mark stands right after
    /// its last text (the first byte of the gap before the next block).
    fn close(&mut self) {
        if let Some(at) = self.open.take() {
            self.items.push(Item::End {
                at,
                style: self.style,
                last: false,
            });
        }
    }

    fn text(&mut self, text: &str, range: Range<usize>, format: Format) {
        if text.is_empty() {
            return;
        }
        if self.open.is_none() && self.item_style.is_some() {
            // A tight list item's text: its paragraph starts here.
            self.style = self.block_style();
        }
        // (A row's first cell needs none before it: the row starts there.)
        if let Some(start) = self.cell_start.take().filter(|_| self.cells > 1) {
            self.cell_padding(start..range.start, false);
        }
        let source = &self.body[range.clone()];
        let (range, verbatim) = if source == text {
            (range, true)
        } else if let Some(at) = source.find(text) {
            // Inline code, a link's text: the words stand in the source.
            (range.start + at..range.start + at + text.len(), true)
        } else {
            (range, false)
        };
        self.open = Some(self.open.unwrap_or(0).max(range.end));
        self.items.push(Item::Text {
            range,
            text: text.to_owned(),
            format,
            verbatim,
        });
    }

    /// The blank space between a cell's pipe and its text (`| a |`), kept
    /// as the cell's own: the word diff may hold it in an equal token beside
    /// a deleted or inserted word, and without it the word would touch the
    /// one before or after it once the changes are accepted or rejected.
    fn cell_padding(&mut self, gap: Range<usize>, after_text: bool) {
        let Some(text) = self.body.get(gap.clone()) else {
            return;
        };
        let blank = if after_text {
            let len = text.len() - text.trim_start_matches([' ', '\t']).len();
            gap.start..gap.start + len
        } else {
            let len = text.len() - text.trim_end_matches([' ', '\t']).len();
            gap.end - len..gap.end
        };
        if blank.is_empty() {
            return;
        }
        self.items.push(Item::Text {
            range: blank.clone(),
            text: self.body[blank].to_owned(),
            format: Format::default(),
            verbatim: true,
        });
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) => {
                let format = self.format();
                if self.style == Style::Code {
                    // A code block's last line break ends the block, not a line.
                    let t = t.strip_suffix('\n').unwrap_or(&t);
                    let r = range.start..range.end.min(range.start + t.len());
                    self.text(t, r, format);
                } else {
                    self.text(&t, range, format);
                }
            }
            Event::Code(t) => {
                let format = Format {
                    code: true,
                    ..self.format()
                };
                self.text(&t, range, format);
            }
            Event::Html(t) => {
                let t = t.strip_suffix('\n').unwrap_or(&t);
                let r = range.start..range.end.min(range.start + t.len());
                self.text(t, r, Format::default());
            }
            Event::FootnoteReference(label) => {
                let format = Format {
                    superscript: true,
                    ..self.format()
                };
                self.text(&label, range, format);
            }
            Event::SoftBreak if self.open.is_some() => {
                self.items.push(Item::Text {
                    range,
                    text: " ".into(),
                    format: self.format(),
                    verbatim: false,
                });
            }
            Event::HardBreak if self.open.is_some() => {
                self.items.push(Item::Break { at: range.start });
            }
            // Inline HTML tags are dropped (their text stays); a task's box,
            // a rule, math and metadata carry no words of the document.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph if self.footnote_label => {
                // A footnote's first paragraph follows its label.
                self.footnote_label = false;
                self.item_style = None;
            }
            Tag::Paragraph => {
                self.close();
                self.style = self.block_style();
            }
            Tag::Heading { .. } => {
                self.close();
                self.item_style = None;
                self.style = Style::Body;
                self.bold += 1;
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock => {
                self.close();
                self.item_style = None;
                self.style = Style::Code;
            }
            Tag::BlockQuote(_) => {
                self.close();
                self.quote += 1;
            }
            Tag::List(start) => {
                // A tight item's text ends before its nested list.
                self.close();
                let num = match start {
                    Some(n) => self.lists.ordered(self.side, range.start, n),
                    None => BULLETS,
                };
                self.list_stack.push(num);
            }
            Tag::Item => {
                self.close();
                let level = self.list_stack.len().saturating_sub(1).min(8) as u8;
                let num = self.list_stack.last().copied().unwrap_or(BULLETS);
                self.item_style = Some(Style::List { level, num });
            }
            Tag::FootnoteDefinition(label) => {
                self.close();
                self.footnote = true;
                self.footnote_label = true;
                self.style = Style::Footnote;
                self.item_style = Some(Style::Footnote);
                let format = Format {
                    superscript: true,
                    ..Format::default()
                };
                // The label stands before the note's text, as it does on paper.
                self.open = Some(range.start);
                self.items.push(Item::Text {
                    range: range.start..range.start,
                    text: label.to_string(),
                    format,
                    verbatim: false,
                });
                self.items.push(Item::Text {
                    range: range.start..range.start,
                    text: " ".into(),
                    format: Format::default(),
                    verbatim: false,
                });
            }
            Tag::TableHead => {
                self.close();
                self.style = Style::TableHeader;
                self.cells = 0;
            }
            Tag::TableRow => {
                self.close();
                self.style = Style::TableRow;
                self.cells = 0;
            }
            Tag::TableCell => {
                if self.cells > 0 {
                    self.items.push(Item::Cell { at: range.start });
                }
                self.cells += 1;
                self.cell_start = Some(range.start);
                // An empty first cell still opens the row's paragraph.
                if self.open.is_none() {
                    self.open = Some(range.start);
                }
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Strikethrough => self.strike += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            // A cell with text: the blank after it.
            TagEnd::TableCell if self.cell_start.take().is_none() => {
                let last = self.open.unwrap_or(range.start).max(range.start);
                self.cell_padding(last..range.end, true);
            }
            TagEnd::Paragraph
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::TableHead
            | TagEnd::TableRow => self.close(),
            TagEnd::Heading(_) => {
                self.close();
                self.bold = self.bold.saturating_sub(1);
            }
            TagEnd::Item => {
                self.close();
                self.item_style = None;
            }
            TagEnd::List(_) => {
                self.close();
                self.list_stack.pop();
            }
            TagEnd::BlockQuote(_) => {
                self.close();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::FootnoteDefinition => {
                self.close();
                self.footnote = false;
                self.footnote_label = false;
                self.item_style = None;
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            _ => {}
        }
    }
}

/// How the body's last paragraph mark is tracked: it is shared by both
/// bodies when both have text (untracked), inserted when only the new one
/// has, deleted when only the old one has; in a moved section's two places,
/// moved like the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LastMark {
    Shared,
    Moved(Track),
}

/// The paragraphs of one body shown through `regions` (in the order of the
/// diff), appended to `out`.
pub(crate) fn paragraphs(
    old: &Body,
    new: &Body,
    regions: &[Region],
    last: LastMark,
    out: &mut Vec<Para>,
) {
    let mut runs: Vec<Run> = Vec::new();
    let mut emitted = false;
    // Whether the new body gave any of the open paragraph's runs.
    let mut from_new = false;
    for (k, region) in regions.iter().enumerate() {
        let body = match region.side {
            Side::Old => old,
            Side::New => new,
        };
        let (a, b) = (region.range.start, region.range.end);
        let first = body.items.partition_point(|i| i.before(a));
        for item in body.items[first..].iter().take_while(|i| i.start() < b) {
            match item {
                Item::Text {
                    range,
                    text,
                    format,
                    verbatim,
                } => {
                    let piece = if *verbatim {
                        let (s, e) = (range.start.max(a), range.end.min(b));
                        if s >= e {
                            continue;
                        }
                        let at = s - range.start;
                        text[at..at + (e - s)].to_owned()
                    } else if range.start >= a {
                        text.clone()
                    } else {
                        continue;
                    };
                    push_run(&mut runs, piece, *format, region.track);
                    emitted = true;
                    from_new |= region.side == Side::New;
                }
                Item::Break { .. } => {
                    push_run(&mut runs, "\n".into(), Format::default(), region.track)
                }
                Item::Cell { .. } => {
                    push_run(&mut runs, CELL.into(), Format::default(), region.track);
                    from_new |= region.side == Side::New;
                }
                Item::End { style, last, .. } => {
                    // A body's last mark is the one both share, written
                    // after the loop; but when rows of the other body's
                    // table follow it, it ends its paragraph here, so the
                    // rows stand apart as rows of their table.
                    if *last && !rows_follow(old, new, region.side, &regions[k + 1..]) {
                        continue;
                    }
                    out.push(Para {
                        style: *style,
                        runs: std::mem::take(&mut runs),
                        mark: region.track,
                        comments: Vec::new(),
                    });
                    from_new = false;
                }
            }
        }
    }
    let (has_old, has_new) = (old.has_paragraphs(), new.has_paragraphs());
    let mark = match last {
        LastMark::Moved(t) => t,
        LastMark::Shared => match (has_old, has_new) {
            (true, false) => Track::Del,
            (false, true) => Track::Ins,
            _ => Track::None,
        },
    };
    // A last table row only the old body has (deleted, or moved away) stays
    // a row of its table.
    let old_row = old.last_style().filter(|s| s.is_table() && !from_new);
    let style = old_row
        .or_else(|| new.last_style())
        .or_else(|| old.last_style())
        .unwrap_or(Style::Body);
    if emitted || !runs.is_empty() || has_old || has_new {
        let first = out.len();
        out.push(Para {
            style,
            runs,
            mark,
            comments: Vec::new(),
        });
        wholly_changed_last(&mut out[first.saturating_sub(1)..]);
    }
}

/// Whether `regions` show table rows of the body other than `side`'s.
fn rows_follow(old: &Body, new: &Body, side: Side, regions: &[Region]) -> bool {
    regions.iter().filter(|r| r.side != side).any(|r| {
        let body = match r.side {
            Side::Old => old,
            Side::New => new,
        };
        body.items.iter().any(|i| match i {
            Item::End { at, style, .. } => style.is_table() && r.range.contains(at),
            _ => false,
        })
    })
}

/// A last paragraph wholly inserted (or deleted) carries that change on its
/// own mark, as Word writes it: when the mark before it carried it, the two
/// trade places; so rejecting (or accepting) leaves no empty paragraph
/// behind but joins the emptied one to what follows.
fn wholly_changed_last(paras: &mut [Para]) {
    let (last, before) = match paras {
        [prev, last] => (last, Some(prev)),
        [last] => (last, None),
        _ => return,
    };
    let Some(change) = last.runs.first().map(|r| r.track) else {
        return;
    };
    if last.mark != Track::None
        || !matches!(change, Track::Ins | Track::Del)
        || last.runs.iter().any(|r| r.track != change)
    {
        return;
    }
    last.mark = change;
    if let Some(prev) = before.filter(|p| p.mark == change) {
        prev.mark = Track::None;
    }
}

/// Appends a run, joined to the last one when it has the same format and change.
pub(crate) fn push_run(runs: &mut Vec<Run>, text: String, format: Format, track: Track) {
    if text.is_empty() {
        return;
    }
    match runs.last_mut() {
        Some(last) if last.format == format && last.track == track => last.text.push_str(&text),
        _ => runs.push(Run {
            text,
            format,
            track,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLists;
    impl Lists for NoLists {
        fn ordered(&mut self, _: Side, _: usize, _: u64) -> u32 {
            2
        }
    }

    fn words(paras: &[Para], keep: impl Fn(Track) -> bool) -> String {
        paras
            .iter()
            .map(|p| {
                p.runs
                    .iter()
                    .filter(|r| keep(r.track))
                    .map(|r| r.text.as_str())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn an_inserted_paragraph_has_an_inserted_mark_and_rejecting_it_leaves_the_old_text() {
        let (o, n) = ("Uno dos.\n", "Uno dos.\n\nTres *cuatro*.\n");
        let old = Body::parse(o, Side::Old, &mut NoLists);
        let new = Body::parse(n, Side::New, &mut NoLists);
        let regions = [
            Region {
                side: Side::New,
                range: 0..8,
                track: Track::None,
            },
            Region {
                side: Side::New,
                range: 8..n.len(),
                track: Track::Ins,
            },
        ];
        let mut out = Vec::new();
        paragraphs(&old, &new, &regions, LastMark::Shared, &mut out);
        assert_eq!(out.len(), 2);
        // The new paragraph carries its own mark, as Word writes it.
        assert_eq!(out[0].mark, Track::None);
        assert_eq!(out[1].mark, Track::Ins);
        assert_eq!(words(&out, |_| true), "Uno dos.|Tres cuatro.");
        assert!(
            out[1]
                .runs
                .iter()
                .any(|r| r.format.italic && r.text == "cuatro")
        );
    }

    #[test]
    fn list_items_tables_and_code_get_their_styles() {
        let n = "- uno\n- dos\n\n| a | b |\n|---|---|\n| c | d |\n\n```\nx\ny\n```\n";
        let new = Body::parse(n, Side::New, &mut NoLists);
        let old = Body::parse("", Side::Old, &mut NoLists);
        let regions = [Region {
            side: Side::New,
            range: 0..n.len(),
            track: Track::None,
        }];
        let mut out = Vec::new();
        paragraphs(&old, &new, &regions, LastMark::Shared, &mut out);
        let styles: Vec<Style> = out.iter().map(|p| p.style).collect();
        assert_eq!(
            styles,
            [
                Style::List {
                    level: 0,
                    num: BULLETS
                },
                Style::List {
                    level: 0,
                    num: BULLETS
                },
                Style::TableHeader,
                Style::TableRow,
                Style::Code
            ]
        );
        // A cell keeps the blank around its text (not before a row's first).
        assert_eq!(words(&out, |_| true), "uno|dos|a \0 b |c \0 d |x\ny");
        assert_eq!(out[4].mark, Track::Ins);
    }
}
