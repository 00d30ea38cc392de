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
mod hidden;
mod writer;

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::model::{DiffToken, Op};

pub use escaping::{escape, safe_url, sanitize_html};
pub use hidden::hidden_changes;
use writer::Writer;

/// Which change a marked range is. Text that moved between sections is an
/// insertion or a deletion too, told apart (`class="moved"`) because it was
/// not written or struck here: it came from, or went to, another section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Ins,
    Del,
    /// Inserted here, moved from another section.
    MovedIn,
    /// Deleted here, moved to another section.
    MovedOut,
}

impl Mark {
    fn tag(self) -> &'static str {
        match self {
            Mark::Ins | Mark::MovedIn => "ins",
            Mark::Del | Mark::MovedOut => "del",
        }
    }

    /// The opening tag of marked inline text.
    fn open(self) -> &'static str {
        match self {
            Mark::Ins => "<ins>",
            Mark::Del => "<del>",
            Mark::MovedIn => "<ins class=\"moved\">",
            Mark::MovedOut => "<del class=\"moved\">",
        }
    }

    fn block_class(self) -> &'static str {
        match self {
            Mark::Ins => "ins-block",
            Mark::Del => "del-block",
            Mark::MovedIn => "ins-block moved",
            Mark::MovedOut => "del-block moved",
        }
    }

    /// The same change, of text that moved.
    fn moved(self) -> Mark {
        match self {
            Mark::Ins | Mark::MovedIn => Mark::MovedIn,
            Mark::Del | Mark::MovedOut => Mark::MovedOut,
        }
    }
}

/// What to mark on one side of a diff: the changed ranges (insertions of the
/// new body, or deletions of the old), which of them is text that moved
/// between sections, and as what.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub changed: &'a [Range<usize>],
    /// Parts of `changed` that moved to or from another section.
    pub moved: &'a [Range<usize>],
    pub mark: Mark,
}

impl Side<'static> {
    /// Nothing marked: a body shown as it is.
    pub const PLAIN: Side<'static> = Side {
        changed: &[],
        moved: &[],
        mark: Mark::Ins,
    };
}

impl Side<'_> {
    /// The mark of text `range` when a change covers it wholly.
    fn covering(&self, range: &Range<usize>) -> Option<Mark> {
        covered(self.changed, range).then(|| self.mark_moved(range))
    }

    /// The mark of text `range` when a change touches it.
    fn touching(&self, range: &Range<usize>) -> Option<Mark> {
        overlaps(self.changed, range).then(|| self.mark_moved(range))
    }

    fn mark_moved(&self, range: &Range<usize>) -> Mark {
        if covered(self.moved, range) {
            self.mark.moved()
        } else {
            self.mark
        }
    }

    /// Emphasis (or strong, or struck text) at `range` of `body` whose
    /// opening markers changed while its words did not: a change of format
    /// only (`*seis*` → `**seis**` keeps one `*` and adds one).
    fn format_changed(&self, body: &str, tag: &Tag<'_>, range: &Range<usize>) -> bool {
        if !matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Strikethrough) {
            return false;
        }
        let markers = body
            .get(range.clone())
            .map_or(1, |t| {
                t.bytes()
                    .take_while(|b| matches!(b, b'*' | b'_' | b'~'))
                    .count()
            })
            .max(1);
        !covered(self.changed, range)
            && overlaps(self.changed, &(range.start..range.start + markers))
    }
}

/// Where the changes of a diff sit in each body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Inserted byte ranges of the new body (neighbouring ones joined).
    pub inserted: Vec<Range<usize>>,
    /// Deleted byte ranges of the old body (neighbouring ones joined).
    pub deleted: Vec<Range<usize>>,
    /// For each deleted range: the offset in the new body where it stood.
    pub anchors: Vec<usize>,
    /// The parts of `inserted` that came from another section.
    pub moved_in: Vec<Range<usize>>,
    /// The parts of `deleted` that went to another section.
    pub moved_out: Vec<Range<usize>>,
}

impl Changes {
    /// Reads the ranges off the diff tokens. Blank space inserted or deleted
    /// right beside moved text (the blank line between two moved paragraphs)
    /// counts as moved too, so a block that moved whole is marked as moved.
    pub fn from_tokens(tokens: &[DiffToken]) -> Changes {
        let (mut old_at, mut new_at) = (0usize, 0usize);
        let mut c = Changes::default();
        // The last change, when it is blank space beside no moved text yet.
        let mut blank: Option<(Op, Range<usize>)> = None;
        for t in tokens {
            let len = t.text.len();
            let is_blank = t.text.trim().is_empty();
            let (r, moved) = match t.op {
                Op::Equal => {
                    old_at += len;
                    new_at += len;
                    blank = None;
                    continue;
                }
                Op::Insert => {
                    let r = new_at..new_at + len;
                    join(&mut c.inserted, r.clone());
                    new_at += len;
                    (r, &mut c.moved_in)
                }
                Op::Delete => {
                    let r = old_at..old_at + len;
                    if c.deleted.last().is_some_and(|d| d.end == r.start) {
                        join(&mut c.deleted, r.clone());
                    } else {
                        c.deleted.push(r.clone());
                        c.anchors.push(new_at);
                    }
                    old_at += len;
                    (r, &mut c.moved_out)
                }
            };
            let after_moved = moved.last().is_some_and(|m| m.end == r.start);
            if t.moved {
                let before = blank
                    .take()
                    .filter(|(op, b)| *op == t.op && b.end == r.start);
                if let Some((_, b)) = before {
                    join(moved, b);
                }
                join(moved, r);
            } else if is_blank && after_moved {
                join(moved, r);
            } else {
                blank = is_blank.then_some((t.op, r));
            }
        }
        c
    }

    /// The new body's marks: its insertions.
    pub fn new_side(&self) -> Side<'_> {
        Side {
            changed: &self.inserted,
            moved: &self.moved_in,
            mark: Mark::Ins,
        }
    }

    /// The old body's marks: its deletions.
    pub fn old_side(&self) -> Side<'_> {
        Side {
            changed: &self.deleted,
            moved: &self.moved_out,
            mark: Mark::Del,
        }
    }

    /// Each deleted range cut where moved text starts or ends, with its mark
    /// and its place in the new body.
    fn deletions(&self) -> Vec<(Range<usize>, usize, Mark)> {
        let mut out = Vec::new();
        for (range, &anchor) in self.deleted.iter().zip(&self.anchors) {
            let mut at = range.start;
            // Both lists are in order and disjoint: only the moved ranges
            // from the first that ends past this deletion's start are read.
            let first = self.moved_out.partition_point(|m| m.end <= range.start);
            for m in self.moved_out[first..]
                .iter()
                .take_while(|m| m.start < range.end)
            {
                let (a, b) = (m.start.max(range.start), m.end.min(range.end));
                if at < a {
                    out.push((at..a, anchor, Mark::Del));
                }
                out.push((a..b, anchor, Mark::MovedOut));
                at = b;
            }
            if at < range.end {
                out.push((at..range.end, anchor, Mark::Del));
            }
        }
        out
    }
}

/// Adds `r` to `ranges`, joined to the last one when they touch.
fn join(ranges: &mut Vec<Range<usize>>, r: Range<usize>) {
    match ranges.last_mut() {
        Some(last) if last.end == r.start => last.end = r.end,
        _ => ranges.push(r),
    }
}

type Spanned<'a> = (Event<'a>, Range<usize>);

fn events(body: &str) -> Vec<Spanned<'_>> {
    crate::markdown::parse(body)
}

/// Renders `body` with the changes of `side` marked.
pub fn render_side(body: &str, side: &Side<'_>) -> String {
    render_until(body, side, body.len())
}

/// Renders a block taken out of its body (a row of the cuadro) with the
/// changes of `side` marked. Its footnote references still read as
/// references, though their definitions stayed in the body: stand-ins are
/// parsed after the block and not rendered.
pub fn render_excerpt(block: &str, side: &Side<'_>) -> String {
    let labels = footnote_labels(block);
    if labels.is_empty() {
        return render_side(block, side);
    }
    let mut text = format!("{block}\n");
    for label in &labels {
        text.push_str(&format!("\n[^{label}]: .\n"));
    }
    // A block that leaves a container open at its end (a code fence or a
    // `<pre>` never closed: a section cut short) swallows the stand-ins as its
    // own text, and cutting its events at the block's end would drop its end
    // tag: the cuadro's cell would leave `<pre><code>` open (found by the
    // `redline` fuzz target). Such a block is rendered alone; a reference
    // inside a container left open is text anyway.
    // The first stand-in starts after the block, its line break and a blank
    // line: an element of the block that reaches past that holds it.
    let first_stand_in = block.len() + 2;
    let swallowed = events(&text).iter().any(|(ev, range)| {
        matches!(ev, Event::Start(_)) && range.start < block.len() && range.end > first_stand_in
    });
    if swallowed {
        return render_side(block, side);
    }
    render_until(&text, side, block.len())
}

/// The labels of the footnote references (`[^label]`) in `text`.
fn footnote_labels(text: &str) -> Vec<&str> {
    let mut labels: Vec<&str> = text
        .match_indices("[^")
        .filter_map(|(at, _)| {
            let rest = &text[at + 2..];
            let end = rest.find(']')?;
            let label = &rest[..end];
            (!label.is_empty() && !label.contains(char::is_whitespace)).then_some(label)
        })
        .collect();
    labels.sort_unstable();
    labels.dedup();
    labels
}

/// Renders the events of `body` up to the first element that starts at or
/// after `end` outside any other.
fn render_until(body: &str, side: &Side<'_>, end: usize) -> String {
    let mut w = Writer::default();
    // Only a top-level element is cut. Inside one, events may start at or
    // after `end`: the empty cells the parser adds to a short last row start
    // where the row's line ends, which is past `end` when footnote stand-ins
    // follow the block (`[^1]||\n-|-\nA`, found by the `redline` fuzz
    // target); cutting there lost the row's and the table's end tags.
    let mut depth = 0usize;
    let evs: Vec<Spanned<'_>> = events(body)
        .into_iter()
        .take_while(|(ev, range)| {
            let keep = depth > 0 || range.start < end;
            match ev {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            keep
        })
        .collect();
    let mut k = 0;
    while k < evs.len() {
        let (ev, range) = &evs[k];
        if let Event::Start(Tag::HtmlBlock) = ev {
            k = w.html_block(&evs, k, side.covering(range));
            continue;
        }
        match ev {
            Event::Start(tag) if side.format_changed(body, tag, range) => {
                w.start_format_changed(tag)
            }
            Event::Start(tag) => w.start(tag, side.covering(range)),
            Event::Text(text) => w.marked_text(body, text, range, side, &[], &[]),
            other => w.other(other, side.touching(range)),
        }
        k += 1;
    }
    w.finish()
}

/// Renders the new body with insertions marked and the old body's deletions
/// spliced in where they stood. Words whose emphasis was removed are marked
/// as a change of format, as words that gained it are.
pub fn render_merged(old_body: &str, new_body: &str, tokens: &[DiffToken]) -> String {
    let changes = Changes::from_tokens(tokens);
    let new_side = changes.new_side();
    let old_events = events(old_body);
    let unformatted = unformatted(old_body, &old_events, &changes, tokens);
    let deletions: Vec<Deletion> = changes
        .deletions()
        .into_iter()
        .map(|(range, anchor, mark)| Deletion::new(old_body, &old_events, range, anchor, mark))
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
            k = w.html_block(&evs, k, new_side.covering(range));
            continue;
        }
        match ev {
            // Emphasis whose markers are new but whose words are not.
            Event::Start(tag) if new_side.format_changed(new_body, tag, range) => {
                w.start_format_changed(tag)
            }
            Event::Start(tag) => w.start(tag, new_side.covering(range)),
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
                w.marked_text(new_body, text, range, &new_side, &unformatted, &inside);
            }
            other => w.other(other, new_side.touching(range)),
        }
        k += 1;
    }
    for d in pending {
        w.splice(&d);
    }
    w.finish()
}

/// The ranges of the new body whose words lost their emphasis (or strong,
/// or struck format): old emphasis whose markers were deleted while its
/// words were kept, carried over to the new body through the diff.
fn unformatted(
    old_body: &str,
    old_events: &[Spanned<'_>],
    changes: &Changes,
    tokens: &[DiffToken],
) -> Vec<Range<usize>> {
    let old_side = changes.old_side();
    let lost: Vec<&Range<usize>> = old_events
        .iter()
        .filter(|(ev, range)| match ev {
            Event::Start(tag) => old_side.format_changed(old_body, tag, range),
            _ => false,
        })
        .map(|(_, range)| range)
        .collect();
    if lost.is_empty() {
        return Vec::new();
    }
    let to_new = OldToNew::new(tokens);
    // Nested emphasis gives nested ranges: merged, so that they are in
    // order and disjoint as the marks' lookups need.
    let mut ranges: Vec<Range<usize>> = lost
        .into_iter()
        .map(|r| to_new.map(r.start)..to_new.map(r.end))
        .filter(|r| !r.is_empty())
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Old-body offsets carried to the new body through a diff's tokens.
struct OldToNew {
    /// The tokens that hold old text (kept or deleted), in order: start in
    /// the old body, start in the new, length, and whether it was kept.
    spans: Vec<(usize, usize, usize, bool)>,
    /// The new body's length.
    end: usize,
}

impl OldToNew {
    fn new(tokens: &[DiffToken]) -> OldToNew {
        let (mut old_at, mut new_at) = (0usize, 0usize);
        let mut spans = Vec::with_capacity(tokens.len());
        for t in tokens {
            let len = t.text.len();
            match t.op {
                Op::Equal => {
                    spans.push((old_at, new_at, len, true));
                    old_at += len;
                    new_at += len;
                }
                Op::Delete => {
                    spans.push((old_at, new_at, len, false));
                    old_at += len;
                }
                Op::Insert => new_at += len,
            }
        }
        OldToNew { spans, end: new_at }
    }

    /// Where old offset `old` is in the new body: the same text when it was
    /// kept, else the place where the deleted text stood.
    fn map(&self, old: usize) -> usize {
        let k = self.spans.partition_point(|&(o, _, len, _)| o + len <= old);
        match self.spans.get(k) {
            Some(&(o, n, _, true)) => n + old.saturating_sub(o),
            Some(&(_, n, _, false)) => n,
            None => self.end,
        }
    }
}

/// Whether `range` lies wholly inside one of `ranges`.
fn covered(ranges: &[Range<usize>], range: &Range<usize>) -> bool {
    !range.is_empty()
        && meeting(ranges, range)
            .iter()
            .any(|r| r.start <= range.start && range.end <= r.end)
}

fn overlaps(ranges: &[Range<usize>], range: &Range<usize>) -> bool {
    meeting(ranges, range)
        .iter()
        .any(|r| r.start < range.end && range.start < r.end)
}

/// The ranges of `ranges` (in order, disjoint) that meet `range`, found by
/// binary search: a body's every text event asks, and a large rewritten
/// body has hundreds of thousands of both.
fn meeting<'r>(ranges: &'r [Range<usize>], range: &Range<usize>) -> &'r [Range<usize>] {
    let from = ranges.partition_point(|r| r.end <= range.start);
    let to = from + ranges[from..].partition_point(|r| r.start <= range.end);
    &ranges[from..to]
}

/// A stretch of the old body that was deleted, ready to splice.
struct Deletion<'a> {
    anchor: usize,
    /// `Del`, or `MovedOut` for text that went to another section.
    mark: Mark,
    /// Old events of the whole blocks the range holds (siblings of one kind),
    /// or empty when the range holds words rather than blocks.
    blocks: Vec<Spanned<'a>>,
    /// The range's rendered text, for an inline splice.
    text: String,
}

impl<'a> Deletion<'a> {
    fn new(
        body: &'a str,
        evs: &[Spanned<'a>],
        range: Range<usize>,
        anchor: usize,
        mark: Mark,
    ) -> Deletion<'a> {
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
            mark,
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
