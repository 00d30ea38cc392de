//! WordprocessingML: paragraphs with tracked changes as `word/document.xml`,
//! the editors' notes as `word/comments.xml`.
//!
//! Every change id (`w:id` of `w:ins`, `w:del`, `w:moveFrom`, `w:moveTo` and
//! of the move ranges) is counted in document order, so the same
//! comparison gives the same ids, byte for byte.

use std::collections::BTreeSet;

use super::flow::{CELL, Format, Para, Run, Style, Track};
use super::table::{Row, RowChange};

/// The width of the text on the page, in twentieths of a point: US Letter
/// (12,240) less its two 1″ margins ([`DocumentWriter::finish`]).
const TEXT_WIDTH: u32 = 12_240 - 2 * 1_440;

/// Namespaces of the main document part.
pub(crate) const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub(crate) const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Who made the changes and when: the new version's stage and date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Author {
    pub(crate) name: String,
    /// `YYYY-MM-DDT00:00:00Z`, when the new version has a date.
    pub(crate) date: Option<String>,
}

impl Author {
    fn attributes(&self) -> String {
        let mut a = format!(" w:author=\"{}\"", attr(&self.name));
        if let Some(d) = &self.date {
            a.push_str(&format!(" w:date=\"{}\"", attr(d)));
        }
        a
    }
}

/// `text` escaped for XML character data, without the characters XML 1.0
/// cannot hold (C0 controls other than tab, line feed and carriage return,
/// and the non-characters U+FFFE and U+FFFF): a draft is untrusted, and one
/// stray control character would make the whole package unreadable.
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// `s` escaped for an attribute value in double quotes.
pub(crate) fn attr(s: &str) -> String {
    text(s)
        .replace('"', "&quot;")
        .replace('\t', "&#9;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
}

/// Which end of a move a range marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MoveEnd {
    From,
    To,
}

fn move_of(t: Track) -> Option<(MoveEnd, u32)> {
    match t {
        Track::MoveFrom(n) => Some((MoveEnd::From, n)),
        Track::MoveTo(n) => Some((MoveEnd::To, n)),
        _ => None,
    }
}

/// Writes the body's paragraphs.
pub(crate) struct DocumentWriter<'a> {
    author: &'a Author,
    /// Moves of whole sections: their ranges may hold the ranges of blocks
    /// that moved between sections, nested.
    sections: &'a BTreeSet<u32>,
    out: String,
    next_id: u32,
    /// The open move ranges, outermost first: their end, move and id.
    open: Vec<(MoveEnd, u32, u32)>,
}

impl<'a> DocumentWriter<'a> {
    pub(crate) fn new(author: &'a Author, sections: &'a BTreeSet<u32>) -> DocumentWriter<'a> {
        DocumentWriter {
            author,
            sections,
            out: String::new(),
            next_id: 1,
            open: Vec::new(),
        }
    }

    fn id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Whether a run or mark tracked `t` belongs in the open ranges: the
    /// same move, a move those ranges hold, or an insertion made inside
    /// moved text.
    fn keeps(&self, t: Track) -> bool {
        match (move_of(t), self.open.last()) {
            (_, None) => false,
            (Some(m), Some(_)) => self.open.iter().any(|&(e, n, _)| (e, n) == m) || self.nests(m),
            (None, Some(&(end, ..))) => t == Track::Ins && end == MoveEnd::To,
        }
    }

    /// Whether move `m` opens inside the open range: a block's move inside
    /// the range of a section's move, at the same end.
    fn nests(&self, m: (MoveEnd, u32)) -> bool {
        self.open.len() == 1
            && self
                .open
                .last()
                .is_some_and(|&(e, n, _)| e == m.0 && self.sections.contains(&n))
            && !self.sections.contains(&m.1)
    }

    /// Opens, keeps or closes the move ranges for a run or mark tracked `t`.
    fn range_for(&mut self, t: Track) {
        if let Some(m) = move_of(t) {
            if let Some(k) = self.open.iter().position(|&(e, n, _)| (e, n) == m) {
                // Back in an outer range: the nested ones end.
                while self.open.len() > k + 1 {
                    self.close_one();
                }
                return;
            }
            // A block's move nests inside its section's; anything else
            // ends what is open.
            if !self.nests(m) {
                self.close_all();
            }
            let id = self.id();
            let tag = match m.0 {
                MoveEnd::From => "moveFromRangeStart",
                MoveEnd::To => "moveToRangeStart",
            };
            let attrs = self.author.attributes();
            let n = m.1;
            self.out.push_str(&format!(
                "<w:{tag} w:id=\"{id}\" w:name=\"move{n}\"{attrs}/>"
            ));
            self.open.push((m.0, m.1, id));
        } else if !self.keeps(t) {
            self.close_all();
        }
    }

    fn close_one(&mut self) {
        if let Some((end, _, id)) = self.open.pop() {
            let tag = match end {
                MoveEnd::From => "moveFromRangeEnd",
                MoveEnd::To => "moveToRangeEnd",
            };
            self.out.push_str(&format!("<w:{tag} w:id=\"{id}\"/>"));
        }
    }

    fn close_all(&mut self) {
        while !self.open.is_empty() {
            self.close_one();
        }
    }

    /// The change element of a tracked run or mark: its name and a fresh id.
    fn change(&mut self, t: Track) -> Option<(&'static str, u32)> {
        let name = match t {
            Track::None => return None,
            Track::Ins => "ins",
            Track::Del => "del",
            Track::MoveFrom(_) => "moveFrom",
            Track::MoveTo(_) => "moveTo",
        };
        Some((name, self.id()))
    }

    /// Writes `p`; `next` is the paragraph after it, so that a move range
    /// ends inside the last paragraph it holds, not at the start of the next.
    pub(crate) fn paragraph(&mut self, p: &Para, next: Option<&Para>) {
        self.out.push_str("<w:p><w:pPr>");
        self.out.push_str(&style_xml(p.style));
        if let Some((name, id)) = self.change(p.mark) {
            let attrs = self.author.attributes();
            self.out
                .push_str(&format!("<w:rPr><w:{name} w:id=\"{id}\"{attrs}/></w:rPr>"));
        }
        self.out.push_str("</w:pPr>");
        for c in &p.comments {
            self.out
                .push_str(&format!("<w:commentRangeStart w:id=\"{c}\"/>"));
        }
        for run in &p.runs {
            self.range_for(run.track);
            self.run(run);
        }
        for c in &p.comments {
            self.out.push_str(&format!(
                "<w:commentRangeEnd w:id=\"{c}\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"{c}\"/></w:r>"
            ));
        }
        // The mark belongs to the range its change belongs to.
        self.range_for(p.mark);
        let next = next.map(|n| n.runs.first().map_or(n.mark, |r| r.track));
        if !next.is_some_and(|t| self.keeps(t)) {
            self.close_all();
        }
        self.out.push_str("</w:p>");
    }

    fn run(&mut self, run: &Run) {
        let change = self.change(run.track);
        if let Some((name, id)) = change {
            let attrs = self.author.attributes();
            self.out
                .push_str(&format!("<w:{name} w:id=\"{id}\"{attrs}>"));
        }
        // Deleted text is `w:delText`; moved-away text stays `w:t`.
        let t = if run.track == Track::Del {
            "delText"
        } else {
            "t"
        };
        self.out.push_str("<w:r>");
        self.out.push_str(&format_xml(run.format));
        let mut piece = String::new();
        let flush = |piece: &mut String, out: &mut String| {
            if !piece.is_empty() {
                out.push_str(&format!(
                    "<w:{t} xml:space=\"preserve\">{}</w:{t}>",
                    text(piece)
                ));
                piece.clear();
            }
        };
        for c in run.text.chars() {
            match c {
                '\n' => {
                    flush(&mut piece, &mut self.out);
                    self.out.push_str("<w:br/>");
                }
                '\t' | CELL => {
                    flush(&mut piece, &mut self.out);
                    self.out.push_str("<w:tab/>");
                }
                '\r' => {}
                c => piece.push(c),
            }
        }
        flush(&mut piece, &mut self.out);
        self.out.push_str("</w:r>");
        if let Some((name, _)) = change {
            self.out.push_str(&format!("</w:{name}>"));
        }
    }

    /// Writes a table: a grid as wide as the text, its columns alike, the
    /// header row repeated on each page, each row's insertion or deletion
    /// on the row and its words' changes in its cells. Rows with fewer
    /// cells than the widest are filled with empty ones.
    pub(crate) fn table(&mut self, rows: &[Row]) {
        // A move's range does not cross into a table.
        self.close_all();
        let columns = rows.iter().map(|r| r.cells.len()).max().unwrap_or(1).max(1);
        let width = TEXT_WIDTH / columns as u32;
        let border = |side: &str| {
            format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>")
        };
        let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
            .iter()
            .map(|s| border(s))
            .collect();
        self.out.push_str(&format!(
            "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>{borders}</w:tblBorders>\
             <w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" \
             w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        ));
        for _ in 0..columns {
            self.out.push_str(&format!("<w:gridCol w:w=\"{width}\"/>"));
        }
        self.out.push_str("</w:tblGrid>");
        let empty = Vec::new();
        for row in rows {
            self.out.push_str("<w:tr>");
            let change = match row.change {
                RowChange::Kept => None,
                RowChange::Inserted => self.change(Track::Ins),
                RowChange::Deleted => self.change(Track::Del),
            };
            if row.header || change.is_some() {
                self.out.push_str("<w:trPr>");
                if row.header {
                    self.out.push_str("<w:tblHeader/>");
                }
                if let Some((name, id)) = change {
                    let attrs = self.author.attributes();
                    self.out
                        .push_str(&format!("<w:{name} w:id=\"{id}\"{attrs}/>"));
                }
                self.out.push_str("</w:trPr>");
            }
            let style = if row.header {
                Style::TableHeader
            } else {
                Style::TableRow
            };
            for k in 0..columns {
                self.out.push_str(&format!(
                    "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr>{}</w:pPr>",
                    style_xml(style)
                ));
                for run in row.cells.get(k).unwrap_or(&empty) {
                    self.run(run);
                }
                self.out.push_str("</w:p></w:tc>");
            }
            self.out.push_str("</w:tr>");
        }
        self.out.push_str("</w:tbl>");
    }

    /// `word/document.xml`: the paragraphs, then the page (US Letter, 1″
    /// margins) with the running head.
    pub(crate) fn finish(mut self) -> String {
        self.close_all();
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
             <w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{}\
             <w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>\
             <w:pgSz w:w=\"12240\" w:h=\"15840\"/>\
             <w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/>\
             </w:sectPr></w:body></w:document>\n",
            self.out
        )
    }
}

fn style_xml(style: Style) -> String {
    match style {
        Style::Heading(level) => {
            format!("<w:pStyle w:val=\"Heading{}\"/>", level.clamp(1, 6))
        }
        Style::Body => "<w:pStyle w:val=\"BodyText\"/>".into(),
        Style::Quote => "<w:pStyle w:val=\"Quote\"/>".into(),
        Style::Code => "<w:pStyle w:val=\"Code\"/>".into(),
        Style::Footnote => "<w:pStyle w:val=\"FootnoteText\"/>".into(),
        Style::TableHeader => "<w:pStyle w:val=\"TableHeader\"/>".into(),
        Style::TableRow => "<w:pStyle w:val=\"TableRow\"/>".into(),
        Style::List { level, num } => format!(
            "<w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{num}\"/></w:numPr>"
        ),
    }
}

fn format_xml(f: Format) -> String {
    if f == Format::default() {
        return String::new();
    }
    let mut s = String::from("<w:rPr>");
    if f.code {
        s.push_str("<w:rStyle w:val=\"CodeChar\"/>");
    }
    if f.bold {
        s.push_str("<w:b/>");
    }
    if f.italic {
        s.push_str("<w:i/>");
    }
    if f.strike {
        s.push_str("<w:strike/>");
    }
    if f.superscript {
        s.push_str("<w:vertAlign w:val=\"superscript\"/>");
    }
    s.push_str("</w:rPr>");
    s
}

/// An editors' note as a Word comment: its paragraphs, the first in bold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Comment {
    pub(crate) id: u32,
    pub(crate) author: String,
    pub(crate) initials: String,
    pub(crate) date: Option<String>,
    pub(crate) paragraphs: Vec<String>,
}

/// `word/comments.xml`.
pub(crate) fn comments_xml(comments: &[Comment]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{W}\">"
    );
    for c in comments {
        out.push_str(&format!(
            "<w:comment w:id=\"{}\" w:author=\"{}\" w:initials=\"{}\"",
            c.id,
            attr(&c.author),
            attr(&c.initials)
        ));
        if let Some(d) = &c.date {
            out.push_str(&format!(" w:date=\"{}\"", attr(d)));
        }
        out.push('>');
        for (k, p) in c.paragraphs.iter().enumerate() {
            let bold = if k == 0 { "<w:rPr><w:b/></w:rPr>" } else { "" };
            out.push_str(&format!(
                "<w:p><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr><w:r>{bold}<w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                text(p)
            ));
        }
        out.push_str("</w:comment>");
    }
    out.push_str("</w:comments>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_drops_what_xml_cannot_hold() {
        assert_eq!(text("a<b>&\u{1}\u{FFFF}c\td"), "a&lt;b&gt;&amp;c\td");
        assert_eq!(attr("\"x\"\n"), "&quot;x&quot;&#10;");
    }

    #[test]
    fn a_move_range_spans_the_moved_runs_and_the_insertions_inside_it() {
        let author = Author {
            name: "Etapa".into(),
            date: None,
        };
        let sections = BTreeSet::new();
        let mut w = DocumentWriter::new(&author, &sections);
        let run = |text: &str, track| Run {
            text: text.into(),
            format: Format::default(),
            track,
        };
        w.paragraph(
            &Para {
                style: Style::Body,
                runs: vec![
                    run("a ", Track::MoveTo(1)),
                    run("b ", Track::Ins),
                    run("c", Track::MoveTo(1)),
                    run(" d", Track::None),
                ],
                mark: Track::None,
                comments: vec![],
            },
            None,
        );
        let xml = w.finish();
        assert_eq!(xml.matches("<w:moveToRangeStart").count(), 1, "{xml}");
        let end = xml.find("<w:moveToRangeEnd").unwrap();
        assert!(xml.find("c</w:t>").unwrap() < end && end < xml.find(" d</w:t>").unwrap());
    }
}
