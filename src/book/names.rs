//! What the book calls things: file names and anchors from cotejo's own
//! slugs ([`FileNames`]), and the names of drafts, transitions, sections and
//! section histories as its headings and links show them.

use std::collections::HashSet;

use super::{BookInput, ComparisonPage};
use crate::document::slug::slugify;
use crate::project::Draft;
use crate::render::labels::{Lang, label, transition};
use crate::render::view::{ReportView, SectionView};
use crate::version::Version;

/// File names from cotejo's own slugs: ASCII letters, digits and `-`, unique
/// within one folder of the book. `readme` is never given: mdBook renames a
/// `README.md` chapter to `index.md`, which would break links to it.
#[derive(Debug)]
pub struct FileNames {
    taken: HashSet<String>,
}

impl Default for FileNames {
    fn default() -> FileNames {
        FileNames {
            taken: HashSet::from(["readme".to_owned()]),
        }
    }
}

impl FileNames {
    /// A unique slug of `text`, else of `fallback`.
    pub fn name(&mut self, text: &str, fallback: &str) -> String {
        let mut base = ascii_slug(text);
        if base.is_empty() {
            base = ascii_slug(fallback);
        }
        self.unique(base)
    }

    /// `base` (already a slug), made unique with a numeric suffix.
    pub(super) fn unique(&mut self, base: String) -> String {
        let mut name = base.clone();
        let mut k = 2;
        while !self.taken.insert(name.clone()) {
            name = format!("{base}-{k}");
            k += 1;
        }
        name
    }
}

/// [`slugify`] kept to ASCII letters, digits and single dashes, at most 60
/// characters: safe as a file name and an anchor on any system.
pub(super) fn ascii_slug(text: &str) -> String {
    let mut out = String::new();
    for c in slugify(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// "Primer borrador (borrador-1)".
pub(super) fn draft_name(d: &Draft) -> String {
    let d = &d.meta;
    if d.title.is_empty() || d.title == d.id {
        d.id.clone()
    } else {
        format!("{} ({})", d.title, d.id)
    }
}

pub(super) fn draft_title(d: &Draft) -> &str {
    let d = &d.meta;
    if d.title.is_empty() { &d.id } else { &d.title }
}

/// "Del Primer borrador al Tercer borrador".
pub(super) fn transition_title(lang: Lang, input: &BookInput<'_>, c: &ComparisonPage) -> String {
    transition(
        lang,
        draft_title(&input.drafts[c.old]),
        draft_title(&input.drafts[c.new]),
    )
}

/// The anchor of each section's heading in its draft's chapter (`None` for
/// the preamble, which has no heading).
pub(super) fn draft_anchors(v: &Version) -> Vec<Option<String>> {
    anchors_of(
        v.document
            .sections()
            .iter()
            .map(|s| (s.level, s.id.as_str())),
    )
}

/// The anchor of each of the sections, given by level and id in order.
fn anchors_of<S: AsRef<str>>(sections: impl Iterator<Item = (u8, S)>) -> Vec<Option<String>> {
    let mut anchors = FileNames::default();
    sections
        .enumerate()
        .map(|(index, (level, id))| {
            (level > 0).then(|| anchors.name(id.as_ref(), &format!("s-{index}")))
        })
        .collect()
}

/// The anchor of each section in its comparison's chapter: changed sections
/// have one (a heading), the others none.
pub(super) fn comparison_anchors(view: &ReportView) -> Vec<Option<String>> {
    let mut anchors = FileNames::default();
    view.sections
        .iter()
        .map(|s| s.changed.then(|| anchors.name(&s.anchor, "section")))
        .collect()
}

/// "3.2 Objetivos", as the heading writes its number.
pub(super) fn section_name(s: &SectionView) -> String {
    match &s.number {
        Some(n) if !s.title.is_empty() => format!("{n} {}", s.title),
        Some(n) => n.clone(),
        None => s.title.clone(),
    }
}

/// The heading where the section was last seen (the preamble by its label),
/// and when it was removed.
pub(super) fn lineage_title(lang: Lang, input: &BookInput<'_>, k: usize) -> String {
    let history = input.history;
    let (p, section) = history.last_section(k);
    let name = if section.level == 0 {
        label(lang, "preamble").to_owned()
    } else {
        section.heading().to_owned()
    };
    match input.drafts.get(p + 1) {
        Some(next) => format!(
            "{name} ({})",
            label(lang, "book_removed_in").replace("{draft}", draft_title(next))
        ),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_unique_ascii_slugs() {
        let mut names = FileNames::default();
        assert_eq!(
            names.name("Diagnóstico y problema", "x"),
            "diagnostico-y-problema"
        );
        assert_eq!(
            names.name("diagnostico y problema", "x"),
            "diagnostico-y-problema-2"
        );
        assert_eq!(names.name("../../etc/passwd", "x"), "etc-passwd");
        assert_eq!(names.name("README", "x"), "readme-2");
        assert_eq!(names.name("Ελληνικά", "section-3"), "section-3");
        assert_eq!(names.name("{{#include x}}", "y"), "include-x");
        assert!(names.name(&"a".repeat(200), "x").len() <= 60);
    }
}
