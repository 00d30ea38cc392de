//! Parsing the next version of a document from the one before it.
//!
//! Most commits to a policy document change words inside a section or two.
//! Then the new version has the same headings as the old one, in the same
//! places shifted by the edit: only the sections between the first and the
//! last changed line have to be parsed again, not the whole text.
//! [`Document::edited`] checks that this holds and falls back to a full parse
//! whenever it cannot prove it (a heading touched, a code fence
//! opened, a link reference definition changed, …), so its result is always
//! the one [`Document::parse`] gives.

use super::{Document, Section, split_sections};

impl Document {
    /// The document `text` parses to, knowing it is a later version of `self`.
    /// Same result as `Document::parse(text)`, faster when bodies are all
    /// that changed.
    pub fn edited(&self, text: String) -> Document {
        match self.reparse_bodies(&text) {
            Some(sections) => {
                debug_assert_eq!(
                    sections,
                    split_sections(&text),
                    "the one-body shortcut agrees"
                );
                Document { text, sections }
            }
            None => Document::parse(text),
        }
    }

    fn reparse_bodies(&self, new: &str) -> Option<Vec<Section>> {
        let (old_b, new_b) = (self.text.as_bytes(), new.as_bytes());
        let prefix = common_prefix(old_b, new_b);
        let max_suffix = old_b.len().min(new_b.len()) - prefix;
        let suffix = common_suffix(old_b, new_b).min(max_suffix);
        // The changed lines, in the old text.
        let start = old_b[..prefix]
            .iter()
            .rposition(|&b| b == b'\n' || b == b'\r')
            .map_or(0, |p| p + 1);
        let old_end = line_end(old_b, old_b.len() - suffix);
        let (old_changed, new_changed) = (
            &self.text[start..old_end.max(start)],
            &new[start..line_end(new_b, new_b.len() - suffix).max(start)],
        );
        // A link reference or footnote definition can change how any heading
        // reads; such an edit is parsed whole.
        if old_changed.contains("]:") || new_changed.contains("]:") {
            return None;
        }
        // The sections whose bodies hold the first and the last changed line.
        let i = self.sections.iter().rposition(|s| s.body.start <= start)?;
        let j = i + self.sections[i..]
            .iter()
            .position(|s| old_end <= s.body.end)?;
        let delta = new_b.len() as isize - old_b.len() as isize;
        let shift = |at: usize| at.checked_add_signed(delta).expect("within the new text");
        let first = &self.sections[i];
        let next = self.sections.get(j + 1);
        // Parse those sections, up to and with the next heading, on their
        // own: they must give back the same headings, the first and the next
        // in the same places.
        let end = next.map_or(new.len(), |n| shift(n.body.start));
        let fragment = new.get(first.range.start..end)?;
        let found = split_sections(fragment);
        let expected = &self.sections[i..=j + usize::from(next.is_some())];
        if found.len() != expected.len()
            || !found.iter().zip(expected).all(|(f, o)| same_heading(f, o))
            || found[0].range.start != 0
            || found[0].body.start != first.body.start - first.range.start
        {
            return None;
        }
        if let Some(n) = next
            && found[j + 1 - i].range.start != shift(n.range.start) - first.range.start
        {
            return None;
        }
        // Line breaks only in the bytes that differ (the rest is shared).
        let lines = count_lines(&new_b[prefix..new_b.len() - suffix]) as isize
            - count_lines(&old_b[prefix..old_b.len() - suffix]) as isize;
        let mut sections = self.sections.clone();
        let base = first.range.start;
        let first_line = first.line;
        for (k, f) in found.iter().take(j + 1 - i).enumerate() {
            let s = &mut sections[i + k];
            s.range = base + f.range.start..base + f.range.end;
            s.body = base + f.body.start..base + f.body.end;
            s.line = first_line + f.line - 1;
        }
        for later in &mut sections[j + 1..] {
            later.range = shift(later.range.start)..shift(later.range.end);
            later.body = shift(later.body.start)..shift(later.body.end);
            later.line = later.line.checked_add_signed(lines).expect("a line");
        }
        Some(sections)
    }
}

/// Whether a section found in a fragment has `old`'s heading.
fn same_heading(found: &Section, old: &Section) -> bool {
    found.level == old.level
        && found.heading == old.heading
        && found.explicit_id == old.explicit_id
        && (!old.explicit_id || found.id == old.id)
        && found.body.start - found.range.start == old.body.start - old.range.start
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    // Compare in blocks: the common part of two versions is most of them.
    const BLOCK: usize = 4096;
    let mut at = 0;
    let n = a.len().min(b.len());
    while at + BLOCK <= n && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    at + a[at..n]
        .iter()
        .zip(&b[at..n])
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 4096;
    let n = a.len().min(b.len());
    let mut at = 0;
    while at + BLOCK <= n
        && a[a.len() - at - BLOCK..a.len() - at] == b[b.len() - at - BLOCK..b.len() - at]
    {
        at += BLOCK;
    }
    at + a[..a.len() - at]
        .iter()
        .rev()
        .zip(b[..b.len() - at].iter().rev())
        .take(n - at)
        .take_while(|(x, y)| x == y)
        .count()
}

/// The end of the line holding byte `at` (past its `\n`), or `at` itself when
/// it starts a line.
fn line_end(text: &[u8], at: usize) -> usize {
    if at == 0 || matches!(text.get(at - 1), Some(b'\n')) {
        return at;
    }
    match memchr::memchr(b'\n', &text[at..]) {
        Some(p) => at + p + 1,
        None => text.len(),
    }
}

fn count_lines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const DOC: &str = "Preámbulo.\n\n# Título\n\nUno dos tres.\n\n## 1. Alcance {#alcance}\n\nCuatro cinco.\n\nSeis.\n\nOtro título\n-----------\n\nSiete.\n\n## 2. Fin\n\nOcho.\n";

    fn check(old: &str, new: &str) {
        let edited = Document::parse(old).edited(new.to_owned());
        let full = Document::parse(new);
        assert_eq!(edited.sections(), full.sections(), "{new:?}");
    }

    #[test]
    fn a_word_changed_in_one_body_shifts_the_rest() {
        let new = DOC.replace("Cuatro cinco.", "Cuatro cinco, y nueve\nlíneas más.");
        check(DOC, &new);
        assert!(
            Document::parse(DOC).reparse_bodies(&new).is_some(),
            "the fast path was taken"
        );
    }

    #[test]
    fn edits_that_change_the_structure_are_parsed_whole() {
        for new in [
            DOC.replace("Seis.\n", "Seis.\n\n### Nueva\n"),
            DOC.replace("Seis.\n", "```\nSeis.\n"),
            DOC.replace("Seis.\n\n", "Seis.\n"),
            DOC.replace("## 2. Fin", "## 2. Final"),
            DOC.replace("Preámbulo.", "   "),
            DOC.replace("Seis.", "[Fin]: https://example.org"),
            DOC.replace("Ocho.", "Ocho\n==="),
            DOC.replace("Uno dos tres.\n", "Uno dos tres.\nOtro\n"),
            DOC.replace("Siete.", ""),
        ] {
            check(DOC, &new);
        }
    }

    #[test]
    fn words_changed_in_several_bodies_take_the_shortcut_too() {
        let new = DOC
            .replace("Uno dos tres.", "Uno, dos y tres.\n\nY cuatro.")
            .replace("Siete.", "Siete\nocho.");
        check(DOC, &new);
        assert!(Document::parse(DOC).reparse_bodies(&new).is_some());
        // A heading between two edits that changed is found, not assumed.
        let renamed = new.replace("## 1. Alcance", "## 1. Ámbito");
        check(DOC, &renamed);
        assert!(Document::parse(DOC).reparse_bodies(&renamed).is_none());
    }

    #[test]
    fn a_paragraph_line_before_a_setext_heading_is_not_a_body_edit() {
        let new = DOC.replace("Seis.\n\nOtro título", "Seis.\nOtro título");
        check(DOC, &new);
    }

    fn pieces() -> impl Strategy<Value = Vec<&'static str>> {
        proptest::collection::vec(
            prop_oneof![
                Just("palabra "),
                Just("\n"),
                Just("\n\n"),
                Just("# "),
                Just("## Otro\n"),
                Just("```"),
                Just("---\n"),
                Just("==="),
                Just("- "),
                Just("> "),
                Just("<div>"),
                Just("[x]: /u\n"),
                Just("    "),
                Just("\r\n"),
                Just("á"),
            ],
            0..5,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Any edit of any span of the text, by any Markdown-ish pieces,
        /// parses as a full parse would.
        #[test]
        fn edited_equals_a_full_parse(
            edits in proptest::collection::vec((0usize..DOC.len(), 0usize..40, pieces()), 1..3),
        ) {
            // Edits applied from the end, so earlier offsets stay valid.
            let mut edits = edits;
            edits.sort_by_key(|e| std::cmp::Reverse(e.0));
            let mut new = DOC.to_owned();
            for (start, len, insert) in edits {
                let mut start = start.min(new.len());
                while !new.is_char_boundary(start) { start -= 1; }
                let mut end = (start + len).min(new.len());
                while !new.is_char_boundary(end) { end -= 1; }
                new = format!("{}{}{}", &new[..start], insert.concat(), &new[end..]);
            }
            check(DOC, &new);
        }
    }
}
