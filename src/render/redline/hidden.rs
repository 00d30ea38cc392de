//! Changes a rendered body does not show.
//!
//! Markdown keeps text that never reaches the page: a link's target, a
//! reference definition (`[1]: https://…`), an HTML comment, a code fence's
//! language, the cells of a table row beyond its header's columns. A change
//! there leaves no mark in the rendered text. When nothing else changed, the
//! report shows the section's source diff instead; when other changes are
//! marked, these would be lost among them — a reader told "+2 words" would
//! find one. [`hidden_changes`] finds them and returns the source lines that
//! hold them, so the report can show those beside the rendered text.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use super::{Changes, covered, escape};
use crate::model::{DiffToken, Op};

/// The lines of the diff's source that hold a change the rendering does not
/// show, marked (`<ins>`, `<del>`) and escaped, runs of lines apart joined by
/// a line `…`; `None` when every change shows.
///
/// A change counts when it has a letter or a digit that no rendered text
/// covers: markup alone (`*`, `|`, `#`) is shown by its effect or by the
/// format marks, and blank space by nothing.
pub fn hidden_changes(old_body: &str, new_body: &str, tokens: &[DiffToken]) -> Option<String> {
    let changed = |t: &DiffToken| t.op != Op::Equal && t.text.chars().any(char::is_alphanumeric);
    if !tokens.iter().any(changed) {
        return None;
    }
    let changes = Changes::from_tokens(tokens);
    let old_side = Shown::of(old_body, &changes.deleted);
    let new_side = Shown::of(new_body, &changes.inserted);
    let (mut old_at, mut new_at) = (0usize, 0usize);
    let mut lines = SourceLines::default();
    for t in tokens {
        let (at, side) = match t.op {
            Op::Equal => (0, &new_side),
            Op::Insert => (new_at, &new_side),
            Op::Delete => (old_at, &old_side),
        };
        let hidden = t.op != Op::Equal
            && t.text
                .char_indices()
                .any(|(i, c)| c.is_alphanumeric() && !side.shows(at + i));
        lines.push(t.op, &t.text, hidden);
        match t.op {
            Op::Equal => {
                old_at += t.text.len();
                new_at += t.text.len();
            }
            Op::Insert => new_at += t.text.len(),
            Op::Delete => old_at += t.text.len(),
        }
    }
    lines.hidden_excerpt()
}

/// What a reader sees of one side's changes once the body is rendered.
struct Shown {
    /// The byte ranges of the body shown: its text, code, raw HTML outside
    /// comments and list item markers; in order and apart.
    ranges: Vec<Range<usize>>,
    /// Links and images written or struck whole: their targets go with the
    /// marked words, nothing is hidden there.
    whole_links: Vec<Range<usize>>,
}

impl Shown {
    fn of(body: &str, changed: &[Range<usize>]) -> Shown {
        let mut whole_links = Vec::new();
        let ranges = shown(body, |range| {
            if covered(changed, &range) {
                whole_links.push(range);
            }
        });
        Shown {
            ranges,
            whole_links: merged(whole_links),
        }
    }

    /// Whether the byte at `at` shows, or goes with a link marked whole.
    fn shows(&self, at: usize) -> bool {
        contains(&self.ranges, at) || contains(&self.whole_links, at)
    }
}

/// The byte ranges of `body` a reader sees once it is rendered, in order and
/// apart; each link's or image's range is given to `link`.
fn shown(body: &str, mut link: impl FnMut(Range<usize>)) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in crate::markdown::parse(body) {
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => link(range),
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::TaskListMarker(_) => ranges.push(range),
            Event::Html(_) | Event::InlineHtml(_) => {
                ranges.extend(outside_comments(body, range));
            }
            // An ordered item's number: renumbering a list shows in its order.
            Event::Start(Tag::Item) => ranges.push(range.start..item_marker_end(body, range)),
            _ => {}
        }
    }
    merged(ranges)
}

/// `ranges` in order, those that overlap or touch joined.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_unstable_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The end of a list item's marker (`12.`, `-`, `3)`) that starts `range`.
fn item_marker_end(body: &str, range: Range<usize>) -> usize {
    let text = body.get(range.clone()).unwrap_or_default();
    let lead = text.len() - text.trim_start().len();
    let digits = text[lead..].bytes().take_while(u8::is_ascii_digit).count();
    range.start + lead + digits + 1
}

/// The parts of raw HTML at `range` outside `<!-- … -->` comments (a comment
/// left open runs to the range's end).
fn outside_comments(body: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let text = body.get(range.clone()).unwrap_or_default();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find("<!--") {
        out.push(range.start + at..range.start + at + open);
        match text[at + open + 4..].find("-->") {
            Some(close) => at += open + 4 + close + 3,
            None => return out,
        }
    }
    out.push(range.start + at..range.end);
    out
}

/// Whether `at` falls in one of `ranges` (in order and apart).
fn contains(ranges: &[Range<usize>], at: usize) -> bool {
    let k = ranges.partition_point(|r| r.end <= at);
    ranges.get(k).is_some_and(|r| r.start <= at)
}

/// The diff's source cut into lines, each line's pieces marked on their own
/// (so no tag crosses a line), with whether a hidden change is on it.
#[derive(Default)]
struct SourceLines {
    lines: Vec<(String, bool)>,
    open: bool,
}

impl SourceLines {
    fn push(&mut self, op: Op, text: &str, hidden: bool) {
        for (k, piece) in text.split('\n').enumerate() {
            if k > 0 || !self.open {
                self.lines.push((String::new(), false));
                self.open = true;
            }
            let line = self.lines.last_mut().expect("a line is open");
            if !piece.is_empty() {
                let piece = escape(piece);
                match op {
                    Op::Equal => line.0.push_str(&piece),
                    Op::Insert => line.0.push_str(&format!("<ins>{piece}</ins>")),
                    Op::Delete => line.0.push_str(&format!("<del>{piece}</del>")),
                }
            }
            line.1 |= hidden && !piece.trim().is_empty();
        }
    }

    fn hidden_excerpt(self) -> Option<String> {
        let mut out = String::new();
        let mut last: Option<usize> = None;
        for (k, (line, hidden)) in self.lines.iter().enumerate() {
            if !hidden {
                continue;
            }
            if last.is_some_and(|l| l + 1 != k) {
                out.push_str("…\n");
            }
            out.push_str(line);
            out.push('\n');
            last = Some(k);
        }
        (!out.is_empty()).then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(old: &str, new: &str) -> Vec<DiffToken> {
        crate::compare::worddiff::diff_text(old, new)
    }

    #[test]
    fn a_word_in_a_cell_beyond_the_header_is_hidden() {
        let old = "| x | y |\n|---|---|\n| uno | dos | tres |\n| a | b |\n";
        let new = "| x | y |\n|---|---|\n| uno | dos | tres cuatro |\n| a | b nuevo |\n";
        let excerpt = hidden_changes(old, new, &diff(old, new)).expect("hidden");
        assert_eq!(excerpt, "| uno | dos | tres <ins>cuatro </ins>|\n");
    }

    #[test]
    fn a_link_target_or_a_reference_definition_is_hidden_and_text_is_not() {
        let old = "Ver [ley](https://a.mx/1) y [otra][r].\n\n[r]: https://b.mx/x\n";
        let new = "Ver [ley nueva](https://a.mx/2) y [otra][r].\n\n[r]: https://b.mx/y\n";
        let excerpt = hidden_changes(old, new, &diff(old, new)).expect("hidden");
        assert!(excerpt.contains("<del>1</del><ins>2</ins>"), "{excerpt}");
        assert!(
            excerpt.contains("…\n[r]: https://b.mx/<del>x</del><ins>y</ins>"),
            "{excerpt}"
        );
        let (old, new) = ("Un *texto* breve.\n", "Un **texto** largo.\n");
        assert_eq!(hidden_changes(old, new, &diff(old, new)), None);
    }

    #[test]
    fn a_comment_is_hidden_but_html_text_and_renumbered_items_are_not() {
        let old = "<div>hola</div>\n\n<!-- nota -->\n";
        let new = "<div>hola mundo</div>\n\n<!-- nota cambiada -->\n";
        let excerpt = hidden_changes(old, new, &diff(old, new)).expect("hidden");
        assert_eq!(excerpt, "&lt;!-- nota <ins>cambiada </ins>--&gt;\n");
        let (old, new) = ("1. uno\n2. dos\n", "1. cero\n2. uno\n3. dos\n");
        assert_eq!(hidden_changes(old, new, &diff(old, new)), None);
    }

    #[test]
    fn a_link_struck_or_written_whole_takes_its_target_with_it() {
        let old = "Se difunde en [el portal](https://abramos.mx/a) y en redes.\n";
        let new = "Se difunde en redes.\n";
        assert_eq!(hidden_changes(old, new, &diff(old, new)), None);
        assert_eq!(hidden_changes(new, old, &diff(new, old)), None);
    }
}
