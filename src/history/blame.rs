//! Blame: which version of the chain gave each piece of a section's text.
//!
//! A section's body carries a list of [`Span`]s — byte ranges, each with the
//! point of the chain that wrote those bytes. At each step the spans are
//! carried through the step's word diff ([`carry`]): equal text keeps its
//! origin, inserted text takes the new point's. Nothing is diffed again here.
//!
//! People read blame by sentence (the site) or by paragraph (the terminal):
//! [`sentences`] and [`paragraphs`] cut a body into [`Unit`]s, each with the
//! origin of most of its words (when it was *introduced*) and the newest
//! origin of any (when it was last *revised*), like a line of `git blame`.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};
use unicode_segmentation::UnicodeSegmentation;

use crate::compare::tokens::count_words;
use crate::model::{DiffToken, Op};

/// Bytes of a body and the point of the chain that wrote them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub range: Range<usize>,
    pub origin: usize,
}

/// A body's spans as a history keeps them once made: 12 bytes a span,
/// where a [`Span`] is 24, in an allocation of the exact length. Each
/// lineage keeps the blame of its last text, and a section edited often
/// is many spans: 0.47 MB of what a 10,000-commit history held
/// (fifteenth round).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kept(Box<[[u32; 3]]>);

impl Kept {
    /// `spans` as kept.
    pub fn of(spans: &[Span]) -> Kept {
        let small = |n: usize| u32::try_from(n).expect("fewer than 2³² bytes in a body and points");
        Kept(
            spans
                .iter()
                .map(|s| [small(s.range.start), small(s.range.end), small(s.origin)])
                .collect(),
        )
    }

    /// The spans, read back.
    pub fn spans(&self) -> Vec<Span> {
        self.0
            .iter()
            .map(|&[start, end, origin]| Span {
                range: start as usize..end as usize,
                origin: origin as usize,
            })
            .collect()
    }

    /// The bytes its spans take.
    #[cfg(test)]
    fn bytes(&self) -> usize {
        std::mem::size_of_val(&*self.0)
    }
}

/// A whole body written by one point.
pub fn whole(len: usize, origin: usize) -> Vec<Span> {
    if len == 0 {
        Vec::new()
    } else {
        vec![Span {
            range: 0..len,
            origin,
        }]
    }
}

/// The spans of the new body of a step, from the old body's spans and the
/// step's diff tokens, each its operation and length (equal + delete = old
/// body, equal + insert = new body).
pub fn carry(
    old: &[Span],
    tokens: impl IntoIterator<Item = (Op, usize)>,
    origin: usize,
) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let (mut old_at, mut new_at) = (0usize, 0usize);
    let mut k = 0; // first old span that may still overlap `old_at..`
    for (op, len) in tokens {
        match op {
            Op::Equal => {
                let from = old_at..old_at + len;
                while k < old.len() && old[k].range.end <= from.start {
                    k += 1;
                }
                let mut j = k;
                while j < old.len() && old[j].range.start < from.end {
                    let s = old[j].range.start.max(from.start);
                    let e = old[j].range.end.min(from.end);
                    push(
                        &mut out,
                        new_at + (s - from.start)..new_at + (e - from.start),
                        old[j].origin,
                    );
                    j += 1;
                }
                old_at += len;
                new_at += len;
            }
            Op::Insert => {
                push(&mut out, new_at..new_at + len, origin);
                new_at += len;
            }
            Op::Delete => old_at += len,
        }
    }
    out
}

/// The operation and length of each of `tokens`, as [`carry`] takes them.
pub fn ops(tokens: &[DiffToken]) -> impl Iterator<Item = (Op, usize)> + '_ {
    tokens.iter().map(|t| (t.op, t.text.len()))
}

/// Appends a span, merging it into the last one when they touch and agree.
fn push(out: &mut Vec<Span>, range: Range<usize>, origin: usize) {
    if range.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.origin == origin && last.range.end == range.start => {
            last.range.end = range.end;
        }
        _ => out.push(Span { range, origin }),
    }
}

/// The spans of `range` of a body, as spans of that text alone (from 0).
pub fn slice(spans: &[Span], range: Range<usize>) -> Vec<Span> {
    let mut out = Vec::new();
    for s in spans {
        let (a, b) = (s.range.start.max(range.start), s.range.end.min(range.end));
        if a < b {
            push(&mut out, a - range.start..b - range.start, s.origin);
        }
    }
    out
}

/// `spans` with `range` of the body given the origins of `inner` (spans of
/// that range's text alone, from 0): text that moved from another section
/// keeps the points that wrote it.
pub fn splice(spans: &[Span], range: Range<usize>, inner: &[Span]) -> Vec<Span> {
    let mut out = Vec::with_capacity(spans.len() + inner.len() + 1);
    for s in spans {
        push(
            &mut out,
            s.range.start..s.range.end.min(range.start),
            s.origin,
        );
    }
    for s in inner {
        let r = range.start + s.range.start..(range.start + s.range.end).min(range.end);
        push(&mut out, r, s.origin);
    }
    for s in spans {
        push(
            &mut out,
            s.range.start.max(range.end)..s.range.end,
            s.origin,
        );
    }
    out
}

/// A sentence or a paragraph of a body, with the points that wrote its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Bytes of the body.
    pub range: Range<usize>,
    /// Which paragraph of the body it is in (0-based; a paragraph's own index
    /// for [`paragraphs`]).
    pub block: usize,
    /// The text as a reader sees it: Markdown markup left out, spaces collapsed.
    pub text: String,
    /// The point that wrote most of its words (the oldest of those on a tie).
    pub introduced: usize,
    /// The newest point that wrote one of its words (equal to `introduced`
    /// when nothing was reworded after it).
    pub revised: usize,
}

/// The body's paragraphs: top-level blocks, with each item of a list, each
/// row of a table and each paragraph of a block quote a unit of its own.
pub fn paragraphs(body: &str, spans: &[Span]) -> Vec<Unit> {
    let events = crate::markdown::parse(body);
    blocks(&events)
        .into_iter()
        .enumerate()
        .filter_map(|(block, range)| unit(body, &events, spans, block, range))
        .collect()
}

/// The body's sentences (Unicode sentence boundaries within each paragraph).
pub fn sentences(body: &str, spans: &[Span]) -> Vec<Unit> {
    let events = crate::markdown::parse(body);
    let mut out = Vec::new();
    for (k, block) in blocks(&events).into_iter().enumerate() {
        for (at, sentence) in body[block.clone()].split_sentence_bound_indices() {
            let start = block.start + at;
            let range = start..start + sentence.len();
            if let Some(u) = unit(body, &events, spans, k, range) {
                out.push(u);
            }
        }
    }
    out
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// Byte ranges of the blocks a reader tells apart (see [`paragraphs`]).
fn blocks(events: &[Spanned<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    // Containers whose children are the units: lists, block quotes, tables.
    let mut split_at: Vec<usize> = Vec::new();
    for (ev, range) in events {
        match ev {
            Event::Start(tag) => {
                let splits = matches!(
                    tag,
                    Tag::List(_)
                        | Tag::BlockQuote(_)
                        | Tag::Table(_)
                        | Tag::Item
                        | Tag::FootnoteDefinition(_)
                );
                let unit_here = depth == split_at.last().copied().unwrap_or(0);
                if unit_here && !splits {
                    out.push(range.clone());
                }
                if unit_here && splits && matches!(tag, Tag::Item) && item_is_simple(events, range)
                {
                    // An item with only inline text is one unit.
                    out.push(range.clone());
                } else if unit_here && splits {
                    split_at.push(depth + 1);
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth -= 1;
                if split_at.last() == Some(&(depth + 1)) && is_container_end(tag) {
                    split_at.pop();
                }
            }
            // Rules, raw HTML lines and the like at unit level.
            Event::Rule | Event::Html(_) if depth == split_at.last().copied().unwrap_or(0) => {
                out.push(range.clone());
            }
            _ => {}
        }
    }
    out.sort_by_key(|r| r.start);
    out.dedup();
    // A unit inside another (a table head inside its table) is dropped.
    let mut kept: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        if kept
            .last()
            .is_some_and(|k| k.end >= r.end && k.start <= r.start)
        {
            continue;
        }
        kept.push(r);
    }
    kept
}

fn is_container_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::List(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::Table
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
    )
}

/// Whether a list item holds no block of its own (a tight item: just text).
fn item_is_simple(events: &[Spanned<'_>], item: &Range<usize>) -> bool {
    !events.iter().any(|(ev, r)| {
        r.start >= item.start
            && r.end <= item.end
            && r != item
            && matches!(
                ev,
                Event::Start(
                    Tag::Paragraph
                        | Tag::List(_)
                        | Tag::CodeBlock(_)
                        | Tag::BlockQuote(_)
                        | Tag::Table(_)
                        | Tag::HtmlBlock
                )
            )
    })
}

/// The unit of `range`, or `None` when it holds no word.
fn unit(
    body: &str,
    events: &[Spanned<'_>],
    spans: &[Span],
    block: usize,
    range: Range<usize>,
) -> Option<Unit> {
    let text = plain_text(body, events, &range);
    if count_words(&text) == 0 {
        return None;
    }
    // Words per origin: the unit was introduced by the version that wrote
    // most of its words (the oldest on a tie) — a paragraph rewritten but for
    // two words is the rewrite's — and last revised by the newest.
    let mut words: Vec<(usize, usize)> = Vec::new();
    for s in spans
        .iter()
        .filter(|s| s.range.start < range.end && range.start < s.range.end)
    {
        let (a, b) = (s.range.start.max(range.start), s.range.end.min(range.end));
        let n = count_words(&body[a..b]);
        if n == 0 {
            continue;
        }
        match words.iter_mut().find(|(o, _)| *o == s.origin) {
            Some((_, total)) => *total += n,
            None => words.push((s.origin, n)),
        }
    }
    let introduced = words
        .iter()
        .max_by_key(|&&(o, n)| (n, std::cmp::Reverse(o)))?
        .0;
    let revised = words.iter().map(|&(o, _)| o).max()?;
    Some(Unit {
        range,
        block,
        text,
        introduced,
        revised,
    })
}

/// The text a reader sees in `range`: text and code of the events in it, line
/// breaks as spaces, spaces collapsed.
fn plain_text(body: &str, events: &[Spanned<'_>], range: &Range<usize>) -> String {
    let mut raw = String::new();
    for (ev, r) in events {
        if r.end <= range.start || r.start >= range.end {
            continue;
        }
        match ev {
            Event::Text(t) | Event::Code(t) => {
                // Text the parser did not rewrite (no escapes, no entities) is
                // cut to the range; rewritten text is taken whole.
                if body.get(r.clone()) == Some(t.as_ref()) {
                    let (a, b) = (r.start.max(range.start), r.end.min(range.end));
                    raw.push_str(&body[a..b]);
                } else if r.start >= range.start {
                    raw.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => raw.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => raw.push(' '),
            _ => {}
        }
    }
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spans kept read back as they were made, 12 bytes each.
    #[test]
    fn kept_spans_read_back_as_made() {
        let body = "Primera frase. Segunda frase nueva. Tercera.";
        let spans = carry(
            &whole(body.len(), 0),
            [(Op::Equal, 15), (Op::Insert, 6), (Op::Equal, 29)],
            7,
        );
        assert_eq!(spans.len(), 3);
        let kept = Kept::of(&spans);
        assert_eq!(kept.spans(), spans);
        assert_eq!(kept.bytes(), 12 * spans.len());
        assert_eq!(Kept::default().spans(), Vec::new());
    }

    fn tok(op: Op, text: &str) -> DiffToken {
        DiffToken::new(op, text.to_owned())
    }

    #[test]
    fn carry_keeps_equal_text_and_dates_insertions() {
        let old = whole("uno dos tres".len(), 0);
        let tokens = [
            tok(Op::Equal, "uno "),
            tok(Op::Delete, "dos"),
            tok(Op::Insert, "cuatro"),
            tok(Op::Equal, " tres"),
        ];
        let spans = carry(&old, ops(&tokens), 2);
        assert_eq!(
            spans,
            vec![
                Span {
                    range: 0..4,
                    origin: 0
                },
                Span {
                    range: 4..10,
                    origin: 2
                },
                Span {
                    range: 10..15,
                    origin: 0
                },
            ]
        );
    }

    #[test]
    fn carry_splits_old_spans_at_token_edges() {
        let old = vec![
            Span {
                range: 0..4,
                origin: 0,
            },
            Span {
                range: 4..8,
                origin: 1,
            },
        ];
        // "aaa bbbb" → "aa bbbb!" — the first span loses a byte, the second keeps its origin.
        let tokens = [
            tok(Op::Delete, "a"),
            tok(Op::Equal, "aa bbbb"),
            tok(Op::Insert, "!"),
        ];
        assert_eq!(
            carry(&old, ops(&tokens), 2),
            vec![
                Span {
                    range: 0..3,
                    origin: 0
                },
                Span {
                    range: 3..7,
                    origin: 1
                },
                Span {
                    range: 7..8,
                    origin: 2
                },
            ]
        );
    }

    #[test]
    fn sentences_are_dated_by_most_of_their_words_and_revised_by_the_newest() {
        let body = "Primera frase. Segunda frase nueva.\n\n- un punto\n- otro punto\n";
        let at = body.find("nueva").unwrap();
        let spans = vec![
            Span {
                range: 0..at,
                origin: 0,
            },
            Span {
                range: at..at + 5,
                origin: 3,
            },
            Span {
                range: at + 5..body.len(),
                origin: 0,
            },
        ];
        let units = sentences(body, &spans);
        let got: Vec<(&str, usize, usize)> = units
            .iter()
            .map(|u| (u.text.as_str(), u.introduced, u.revised))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Primera frase.", 0, 0),
                ("Segunda frase nueva.", 0, 3),
                ("un punto", 0, 0),
                ("otro punto", 0, 0),
            ]
        );
    }

    #[test]
    fn paragraphs_are_blocks_items_and_rows_without_markup() {
        let body = "Un **párrafo** con\nsalto.\n\n1. Primero\n2. Segundo\n\n| a | b |\n|---|---|\n| c | d |\n\n> cita\n";
        let units = paragraphs(body, &whole(body.len(), 1));
        let texts: Vec<&str> = units.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Un párrafo con salto.",
                "Primero",
                "Segundo",
                "a b",
                "c d",
                "cita"
            ]
        );
        assert!(units.iter().all(|u| u.introduced == 1 && u.revised == 1));
    }

    #[test]
    fn a_rewritten_sentence_belongs_to_its_rewrite() {
        let body = "Este texto fue reescrito casi por completo.";
        let keep = "Este ".len();
        let spans = vec![
            Span {
                range: 0..keep,
                origin: 0,
            },
            Span {
                range: keep..body.len(),
                origin: 2,
            },
        ];
        let u = &sentences(body, &spans)[0];
        assert_eq!((u.introduced, u.revised), (2, 2));
    }

    #[test]
    fn units_without_words_are_left_out() {
        let body = "---\n\n   \n";
        assert!(paragraphs(body, &whole(body.len(), 0)).is_empty());
    }
}
