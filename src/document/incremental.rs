//! Parsing the next version of a document from the one before it.
//!
//! Most commits to a policy document change a section or two. Then the
//! headings before the first changed line and after the last one stay as they
//! were, shifted by the edit: only the sections in between are parsed again,
//! and when their headings changed (added, removed, renamed) the outline's
//! parents and ids are worked out again over the whole list, as a whole parse
//! would. [`Document::edited`] checks that the untouched headings really are
//! untouched and falls back to a full parse whenever it cannot prove it (a
//! code fence left open, a link reference definition changed, an explicit id
//! deduplication cannot recover, …), so its result is always the one
//! [`Document::parse`] gives.

use super::{Document, Section, split_sections};

impl Document {
    /// The document `text` parses to, knowing it is another version (earlier
    /// or later) of `self`.
    /// Same result as `Document::parse(text)`, faster when the change is
    /// confined to a few sections.
    pub fn edited(&self, text: String) -> Document {
        match self.reparse_region(&text) {
            Some(sections) => {
                debug_assert_eq!(
                    sections,
                    split_sections(&text),
                    "the region shortcut agrees"
                );
                Document::from_parts(text, sections)
            }
            None => Document::parse(text),
        }
    }

    fn reparse_region(&self, new: &str) -> Option<Vec<Section>> {
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
        // The last section whose heading line is before the change, and the
        // first whose heading is after it: their headings are untouched.
        let i = self.sections.iter().rposition(|s| s.body.start <= start)?;
        let next_at = self.sections[i + 1..]
            .iter()
            .position(|s| s.range.start >= old_end)
            .map(|k| i + 1 + k);
        let delta = new_b.len() as isize - old_b.len() as isize;
        let shift = |at: usize| at.checked_add_signed(delta).expect("within the new text");
        let first = &self.sections[i];
        let next = next_at.map(|n| &self.sections[n]);
        // Parse from the first, up to and with the next heading, on its own:
        // the first and the next must come back the same, in their places.
        let end = next.map_or(new.len(), |n| shift(n.body.start));
        let base = first.range.start;
        let fragment = new.get(base..end)?;
        let mut found = split_sections(fragment);
        if found
            .first()
            .is_none_or(|f| !same_heading(f, first) || f.range.start != 0)
        {
            return None;
        }
        if let Some(n) = next {
            match found.pop() {
                Some(f) if same_heading(&f, n) && f.range.start == shift(n.range.start) - base => {}
                _ => return None,
            }
        }
        let after = next_at.unwrap_or(self.sections.len());
        // Line breaks only in the bytes that differ (the rest is shared),
        // and the byte before them: a `\r` there is a break or half of one
        // by what follows it.
        let from = prefix.saturating_sub(1);
        let lines = super::line_breaks(new_b, from..new_b.len() - suffix) as isize
            - super::line_breaks(old_b, from..old_b.len() - suffix) as isize;
        let between = &self.sections[i..after];
        let same_outline = found.len() == between.len()
            && found.iter().zip(between).all(|(f, o)| same_heading(f, o));
        if !same_outline && !ids_can_be_reassigned(&self.sections, &found) {
            return None;
        }
        let mut sections: Vec<Section> =
            Vec::with_capacity(i + found.len() + self.sections.len() - after);
        sections.extend_from_slice(&self.sections[..i]);
        let first_line = first.line;
        for (k, mut f) in found.into_iter().enumerate() {
            if same_outline {
                // Same headings: what the whole parse knew (ids, parents) stays.
                let mut s = between[k].clone();
                s.range = base + f.range.start..base + f.range.end;
                s.body = base + f.body.start..base + f.body.end;
                s.line = first_line + f.line - 1;
                sections.push(s);
            } else {
                f.range = base + f.range.start..base + f.range.end;
                f.body = base + f.body.start..base + f.body.end;
                f.line = first_line + f.line - 1;
                sections.push(f);
            }
        }
        for later in &self.sections[after..] {
            let mut s = later.clone();
            s.range = shift(s.range.start)..shift(s.range.end);
            s.body = shift(s.body.start)..shift(s.body.end);
            s.line = s.line.checked_add_signed(lines).expect("a line");
            sections.push(s);
        }
        if !same_outline {
            // New headings: places, parents and ids as the whole parse gives them.
            renumber_and_name(&mut sections);
        }
        Some(sections)
    }
}

/// Whether every explicit `{#id}` is known as written, so ids can be given
/// again: an explicit id that looks like a suffixed copy of another
/// (`x-2` beside `x`) may have been renamed by deduplication, and then only
/// a whole parse knows what the author wrote.
fn ids_can_be_reassigned(old: &[Section], found: &[Section]) -> bool {
    let explicit: std::collections::HashSet<&str> = old
        .iter()
        .chain(found)
        .filter(|s| s.explicit_id)
        .map(|s| s.id.as_str())
        .collect();
    explicit.iter().all(|id| match id.rsplit_once('-') {
        Some((stem, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            !explicit.contains(stem)
        }
        _ => true,
    })
}

/// Indices, parents and ids of a section list put together from pieces, as
/// [`split_sections`] gives them.
fn renumber_and_name(sections: &mut [Section]) {
    let mut stack: Vec<(u8, usize)> = Vec::new();
    for (index, s) in sections.iter_mut().enumerate() {
        s.index = index;
        if s.level == 0 {
            s.parent = None;
        } else {
            while stack.last().is_some_and(|&(level, _)| level >= s.level) {
                stack.pop();
            }
            s.parent = stack.last().map(|&(_, i)| i);
            stack.push((s.level, index));
        }
        if !s.explicit_id {
            s.id.clear();
        }
    }
    super::assign_ids(sections);
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
            Document::parse(DOC).reparse_region(&new).is_some(),
            "the fast path was taken"
        );
    }

    #[test]
    fn edits_that_change_the_structure_parse_as_a_whole_parse_would() {
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
        assert!(Document::parse(DOC).reparse_region(&new).is_some());
        // A heading between two edits that changed is found, not assumed.
        let renamed = new.replace("## 1. Alcance", "## 1. Ámbito");
        check(DOC, &renamed);
    }

    #[test]
    fn headings_added_removed_or_renamed_are_parsed_in_their_region_only() {
        let doc = DOC.replace("{#alcance}", "");
        for new in [
            doc.replace("Seis.\n", "Seis.\n\n### Nueva\n\nTexto.\n"),
            doc.replace("## 1. Alcance", "## 1. Ámbito"),
            doc.replace("## 1. Alcance\n\n", ""),
            doc.replace("Otro título\n-----------\n", "### Otro título\n"),
            // A new section takes the id of an old one further on: ids are
            // given again over the whole document.
            doc.replace("Seis.\n", "Seis.\n\n## Fin\n\nAntes.\n"),
        ] {
            check(&doc, &new);
            assert!(
                Document::parse(&doc).reparse_region(&new).is_some(),
                "{new:?}"
            );
        }
    }

    #[test]
    fn explicit_ids_that_may_have_been_renamed_send_it_to_a_whole_parse() {
        let doc = "# A {#x}\n\nUno.\n\n# B {#x}\n\nDos.\n\n# C\n\nTres.\n";
        let new = doc.replace("Dos.", "Dos.\n\n# Nueva\n");
        check(doc, &new);
        assert!(Document::parse(doc).reparse_region(&new).is_none());
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
        #![proptest_config(ProptestConfig::with_cases(1000))]

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
