//! A Markdown document as an ordered list of sections.
//!
//! A section is a heading plus its own body: the bytes after the heading line(s)
//! up to the next heading of any level, or the end of the text. Text before the
//! first heading, when not blank, is the *preamble*, section 0 (level 0). The
//! sections therefore partition the document's bytes (a blank preamble aside).
//!
//! Headings are CommonMark's (ATX and setext), found by pulldown-cmark with the
//! options of [`crate::markdown::options`]: never inside code blocks, HTML blocks
//! or YAML front matter (see [`crate::markdown::front_matter`]). Headings inside list items, block quotes or footnote
//! definitions belong to the body of their section.

mod incremental;
pub mod numbering;
mod segments;
pub mod slug;

use foldhash::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use pulldown_cmark::{Event, Tag, TagEnd};

/// One section of a [`Document`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// 0-based position in the document's section list.
    pub index: usize,
    /// Heading level 1–6; 0 for the preamble.
    pub level: u8,
    /// The heading's inline text, without `#` markers or `{#id}` attributes.
    pub heading: String,
    /// Numbering prefix (`3.2`, `Artículo 5`), if the heading has one.
    pub number: Option<String>,
    /// The heading without its numbering prefix.
    pub title: String,
    /// Stable anchor: the explicit `{#id}` or a slug of the title (see [`slug`]).
    pub id: String,
    /// Whether `id` was written in the document as `{#id}`.
    pub explicit_id: bool,
    /// What titles are compared by: the slug of the title, or of the number
    /// when the title is empty (`§ 12`); after an outline's number, of the law's
    /// own number and title (`§ 3 Zweck` of `2.10 § 3 Zweck`, see
    /// [`numbering::own_number`]). Empty for the preamble.
    pub title_key: String,
    /// Index of the enclosing section (the nearest earlier one of a lower level).
    pub parent: Option<usize>,
    /// 1-based line of the heading (of the first line for the preamble).
    pub line: usize,
    /// Bytes of the whole section: heading line(s) and body.
    pub range: Range<usize>,
    /// Bytes of the body alone.
    pub body: Range<usize>,
}

/// The bodies of a version's sections by index: what the reports show of a
/// comparison's two versions. A [`Document`] has them, and so has a
/// history's leaner copy of a version (`history::Outline`).
pub trait Bodies: Sync {
    /// The body text of section `index`.
    fn body(&self, index: usize) -> &str;
}

impl Bodies for Document {
    fn body(&self, index: usize) -> &str {
        Document::body(self, index)
    }
}

/// A parsed version of a document: its text and its sections.
#[derive(Debug, Clone)]
pub struct Document {
    text: String,
    sections: Vec<Section>,
    /// Each section's heading, shared by every [`Document::path`] it is in;
    /// made on the first call (a comparison's entries), not at parse.
    shared_headings: OnceLock<Vec<Arc<str>>>,
}

impl Document {
    /// Splits `text` into sections. Never fails: any text is a document.
    pub fn parse(text: impl Into<String>) -> Document {
        let text = text.into();
        let sections = split_sections(&text);
        Document::from_parts(text, sections)
    }

    /// Two versions of a document parsed together: the same documents as
    /// [`Document::parse`] of each, parsed on every core and, where the two
    /// have a stretch alike, once for both (see the `segments` module).
    pub fn parse_pair(old: String, new: String) -> (Document, Document) {
        let (old_sections, new_sections) = segments::split_pair(&old, &new);
        (
            Document::from_parts(old, old_sections),
            Document::from_parts(new, new_sections),
        )
    }

    fn from_parts(text: String, sections: Vec<Section>) -> Document {
        Document {
            text,
            sections,
            shared_headings: OnceLock::new(),
        }
    }

    /// Frees the text now and leaves the sections to the process's end (see
    /// [`crate::source::Version::free_text_at_exit`]).
    pub fn free_text_at_exit(self) {
        let Document {
            text,
            sections,
            shared_headings,
        } = self;
        drop(text);
        std::mem::forget((sections, shared_headings));
    }

    /// The document's full text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Sections in document order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The body text of section `index`.
    pub fn body(&self, index: usize) -> &str {
        &self.text[self.sections[index].body.clone()]
    }

    /// The heading line(s) of section `index` as written (empty for the preamble).
    pub fn heading_source(&self, index: usize) -> &str {
        let s = &self.sections[index];
        &self.text[s.range.start..s.body.start]
    }

    /// Headings of the enclosing sections, outermost first, ending with this
    /// one. The headings are shared, not copied: a comparison holds a path
    /// for every section on both sides (on the 5 MB bench pair, copies were
    /// 4 MB of the peak).
    pub fn path(&self, index: usize) -> Vec<Arc<str>> {
        let headings = self.shared_headings.get_or_init(|| {
            self.sections
                .iter()
                .map(|s| Arc::from(s.heading.as_str()))
                .collect()
        });
        let ancestors = |i: usize| std::iter::successors(Some(i), |&i| self.sections[i].parent);
        let mut path = Vec::with_capacity(ancestors(index).count());
        path.extend(ancestors(index).map(|i| Arc::clone(&headings[i])));
        path.reverse();
        path
    }

    /// Index of the section whose id is `id`.
    pub fn find_id(&self, id: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.id == id)
    }
}

/// A top-level heading as the parse found it, offsets into the text parsed.
#[derive(Debug, Clone)]
struct RawHeading {
    level: u8,
    line_start: usize,
    body_start: usize,
    text: String,
    explicit_id: Option<String>,
}

/// A heading with what is read from its text alone: its number, title and
/// the key titles are compared by. Worked out once for a stretch of text two
/// versions have alike (see [`segments`]).
#[derive(Debug, Clone)]
struct Heading {
    raw: RawHeading,
    number: Option<String>,
    title: String,
    title_key: String,
}

impl Heading {
    fn of(raw: RawHeading) -> Heading {
        let split = numbering::split_number(&raw.text);
        // A section is known by its title, or by its number when that is all
        // it has (`§ 12`); after an outline's number (`2.10 § 3 Zweck`), by
        // the law's own number and title, which the outline's does not change.
        let after_outline = split.own.len() < raw.text.len();
        let title_key = match slug::slugify(split.title) {
            key if !key.is_empty() && !after_outline => key,
            _ => match slug::slugify(split.own) {
                key if key.is_empty() => slug::slugify(&raw.text),
                key => key,
            },
        };
        let (number, title) = (split.number.map(str::to_owned), split.title.to_owned());
        Heading {
            raw,
            number,
            title,
            title_key,
        }
    }

    /// The same heading `by` bytes further into the text.
    fn shifted(mut self, by: usize) -> Heading {
        self.raw.line_start += by;
        self.raw.body_start += by;
        self
    }
}

fn split_sections(text: &str) -> Vec<Section> {
    let headings = find_headings(text).into_iter().map(Heading::of).collect();
    sections_of(text, headings)
}

/// The sections of `text`, given its top-level headings in order.
fn sections_of(text: &str, headings: Vec<Heading>) -> Vec<Section> {
    let mut sections = Vec::with_capacity(headings.len() + 1);
    let first_heading = headings.first().map_or(text.len(), |h| h.raw.line_start);
    if !text[..first_heading].trim().is_empty() {
        sections.push(Section {
            index: 0,
            level: 0,
            heading: String::new(),
            number: None,
            title: String::new(),
            id: String::new(),
            explicit_id: false,
            title_key: String::new(),
            parent: None,
            line: 1,
            range: 0..first_heading,
            body: 0..first_heading,
        });
    }
    let mut lines = LineCounter::default();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let starts: Vec<usize> = headings.iter().map(|h| h.raw.line_start).collect();
    for (k, h) in headings.into_iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        let Heading {
            raw: h,
            number,
            title,
            title_key,
        } = h;
        while stack.last().is_some_and(|&(level, _)| level >= h.level) {
            stack.pop();
        }
        let index = sections.len();
        let parent = stack.last().map(|&(_, i)| i);
        stack.push((h.level, index));
        let explicit_id = h.explicit_id.is_some();
        sections.push(Section {
            index,
            level: h.level,
            heading: h.text,
            number,
            title,
            id: h.explicit_id.unwrap_or_default(),
            explicit_id,
            title_key,
            parent,
            line: lines.line_of(text, h.line_start),
            range: h.line_start..end,
            body: h.body_start..end,
        });
    }
    assign_ids(&mut sections);
    sections
}

/// Gives every section an id: explicit ids as written; others the slug of their
/// title (or of its number when the title is empty, as in `§ 12`). A slug
/// already taken is qualified by the parent's id, then numbered `-2`, `-3`…
fn assign_ids(sections: &mut [Section]) {
    // Explicit ids first, as written; a repeated one (an author's slip) gets a
    // suffix so that anchors stay unique.
    let mut taken = TakenIds::default();
    for s in sections.iter_mut().filter(|s| s.explicit_id) {
        s.id = taken.claim(std::mem::take(&mut s.id));
    }
    for i in 0..sections.len() {
        if sections[i].explicit_id {
            continue;
        }
        let s = &sections[i];
        let base = match (s.level, s.title_key.as_str()) {
            (0, _) => "preambulo".to_owned(),
            (_, "") => "seccion".to_owned(),
            (_, key) => key.to_owned(),
        };
        let id = match s.parent {
            Some(p) if taken.ids.contains(&base) => format!("{}-{}", sections[p].id, base),
            _ => base,
        };
        sections[i].id = taken.claim(id);
    }
}

/// The ids given so far, and for each stem the next suffix worth trying:
/// the suffixes below it are all taken (ids are never given back), so ten
/// thousand sections titled alike cost ten thousand probes, not fifty million.
#[derive(Default)]
struct TakenIds {
    ids: HashSet<String>,
    next_suffix: HashMap<String, usize>,
    /// Ids tried and found taken: the work done, for the tests' bound.
    probes: usize,
}

impl TakenIds {
    /// `stem` itself when it is free, else `stem-N` for the first free N ≥ 2.
    fn claim(&mut self, stem: String) -> String {
        if !self.ids.contains(&stem) {
            self.ids.insert(stem.clone());
            return stem;
        }
        self.probes += 1;
        let n = self.next_suffix.entry(stem.clone()).or_insert(2);
        let id = loop {
            let id = format!("{stem}-{n}");
            *n += 1;
            if !self.ids.contains(&id) {
                break id;
            }
            self.probes += 1;
        };
        self.ids.insert(id.clone());
        id
    }
}

/// Top-level headings with their byte positions. A heading nested in a list
/// item, block quote or footnote definition is skipped.
fn find_headings(text: &str) -> Vec<RawHeading> {
    scan(text).headings
}

/// What the parse of a text finds that sections are made of.
struct Scan {
    /// The top-level headings, as [`find_headings`] gives them.
    headings: Vec<RawHeading>,
    /// The labels of the link reference and footnote definitions: they decide
    /// how a bracketed heading reads (`# [a]` is `a` once `[a]: /url` is
    /// defined anywhere in the document).
    labels: Vec<String>,
}

fn scan(text: &str) -> Scan {
    let mut headings = Vec::new();
    let mut labels = Vec::new();
    let mut container_depth = 0usize;
    let mut current: Option<RawHeading> = None;
    // Read as they are parsed: the events of a whole document, held at
    // once, were most of the peak memory of a large diff.
    let link_labels =
        crate::markdown::for_each_event_and_link_labels(text, |event, range| match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                labels.push(label.into_string());
                container_depth += 1
            }
            Event::Start(Tag::Item | Tag::BlockQuote(_)) => container_depth += 1,
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                container_depth = container_depth.saturating_sub(1)
            }
            Event::Start(Tag::Heading { level, id, .. }) if container_depth == 0 => {
                let line_start = text[..range.start].rfind(['\n', '\r']).map_or(0, |p| p + 1);
                let body_start = end_of_line(text, range.end);
                current = Some(RawHeading {
                    level: level as u8,
                    line_start,
                    body_start,
                    text: String::new(),
                    explicit_id: id.map(|i| i.to_string()),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut h) = current.take() {
                    h.text = collapse_spaces(std::mem::take(&mut h.text));
                    headings.push(h);
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some(h) = current.as_mut() {
                    h.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = current.as_mut() {
                    h.text.push(' ');
                }
            }
            _ => {}
        });
    labels.extend(link_labels);
    Scan { headings, labels }
}

/// Where the line holding the byte before `from` ends, past its terminator:
/// `\n`, `\r\n` or a lone `\r` (CommonMark accepts all three).
fn end_of_line(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = from;
    if at > 0 && bytes[at - 1] == b'\n' {
        return at;
    }
    if at > 0 && bytes[at - 1] == b'\r' {
        return if bytes.get(at) == Some(&b'\n') {
            at + 1
        } else {
            at
        };
    }
    while at < bytes.len() && bytes[at] != b'\n' && bytes[at] != b'\r' {
        at += 1;
    }
    match bytes.get(at) {
        None => at,
        Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => at + 2,
        Some(_) => at + 1,
    }
}

fn collapse_spaces(text: String) -> String {
    if is_collapsed(&text) {
        // Nearly every heading: kept, not copied.
        return text;
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `text` is what [`collapse_spaces`] makes of it: words parted by
/// one space, none at either end.
fn is_collapsed(text: &str) -> bool {
    let mut after_space = true;
    for c in text.chars() {
        if c.is_whitespace() {
            if c != ' ' || after_space {
                return false;
            }
            after_space = true;
        } else {
            after_space = false;
        }
    }
    !after_space || text.is_empty()
}

/// Turns byte offsets, visited in increasing order, into 1-based line numbers.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    /// Lines are counted by their breaks (see [`line_breaks`]).
    fn line_of(&mut self, text: &str, offset: usize) -> usize {
        self.line += line_breaks(text.as_bytes(), self.offset..offset);
        self.offset = offset;
        self.line + 1
    }
}

/// The line breaks that end in `range` of `text`, as CommonMark reads them:
/// `\n`, `\r\n`, and a `\r` alone (a file saved with old Mac line endings has
/// no `\n` at all, and every section of it would be said to start on line 1).
/// For text with `\n` breaks, what git and `wc -l` count. A `\r` is judged by
/// the byte after it in `text`, also past the range's end.
pub(crate) fn line_breaks(text: &[u8], range: Range<usize>) -> usize {
    let bytes = &text[range.clone()];
    let lf = memchr::memchr_iter(b'\n', bytes).count();
    let lone_cr = memchr::memchr_iter(b'\r', bytes)
        .filter(|&at| text.get(range.start + at + 1) != Some(&b'\n'))
        .count();
    lf + lone_cr
}

#[cfg(test)]
mod tests;
