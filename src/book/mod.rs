//! `cotejo book`: the change history as an mdBook source.
//!
//! [`build`] turns the manifest's drafts, their comparisons (as the report's
//! typed view, [`ReportView`]) and the sections' histories into the files of
//! an mdBook source folder: `SUMMARY.md`, an introduction, a chapter per
//! draft (its full text), a chapter per comparison (the redline of each
//! changed section, with the editors' notes) and a chapter per section
//! history, plus `cotejo.css` for the redline's marks. [`write()`] writes them
//! whole. `mdbook build` with the repository's `book.toml` makes a
//! book of them, with mdBook's own search and print view.
//!
//! Everything from the repository is untrusted: bodies go in as the sanitized
//! HTML the redline renderer makes, wrapped by [`escape::html_block`]; every
//! other piece of text through [`escape::inline`]; file names and anchors are
//! cotejo's own slugs ([`FileNames`]), never raw text.
//!
//! Here [`build`] lays the files out and writes `SUMMARY.md`; `chapters`
//! writes each chapter and `names` names the files, anchors and headings.

pub mod escape;

mod chapters;
mod names;

use std::fmt::Write as _;

use crate::error::Result;
use crate::history::History;
use crate::model::Comparison;
use crate::project::{ConsultationSummary, Draft, DraftPairs, Project};
use crate::render::history::{self as hv, DraftNotes, Links};
use crate::render::labels::{Lang, label};
use crate::render::report::report_view;
use crate::render::templates::Templates;
use crate::render::view::ReportView;
use crate::render::{Form, Out, Renderer, Subject, unsupported};

use chapters::{comparison_chapter, draft_chapter, introduction, section_chapter};
use escape::heading;
use names::{ascii_slug, draft_anchors, draft_name, lineage_title, transition_title};

pub use names::FileNames;

/// The comparison of two drafts (indices into [`BookInput::drafts`], old < new).
pub struct ComparisonPage {
    pub old: usize,
    pub new: usize,
    pub comparison: Comparison,
    pub view: ReportView,
}

/// Everything the book is made of.
pub struct BookInput<'a> {
    pub lang: Lang,
    /// The document's title.
    pub title: String,
    /// The drafts, oldest first.
    pub drafts: &'a [Draft],
    /// Every pair of drafts, in the order the book lists them.
    pub comparisons: Vec<ComparisonPage>,
    pub consultation: Option<ConsultationSummary>,
    /// The history of the same drafts (its points are `drafts`, in order):
    /// each section's lineage, its events and its blame.
    pub history: &'a History,
    /// The editors' notes of each draft, as the section histories show them.
    pub notes: DraftNotes,
    /// Where `book.css` comes from (the embedded one, or a `--templates`
    /// folder's).
    pub templates: &'a Templates,
}

/// The files of the source folder: `(path relative to it, contents)`, in a
/// fixed order (`SUMMARY.md` first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    pub files: Vec<(String, String)>,
}

/// The book of a history of the project's drafts: the source folder of an
/// mdBook.
pub struct BookRenderer<'a> {
    /// Its stylesheet is the template `book.css`.
    pub templates: &'a Templates,
    pub lang: Lang,
}

impl Renderer for BookRenderer<'_> {
    fn name(&self) -> &'static str {
        "book"
    }

    fn form(&self) -> Form {
        Form::Pages
    }

    fn render(&self, project: &Project, subject: Subject<'_>, out: Out<'_>) -> Result<()> {
        let Subject::History(history) = subject else {
            return Err(unsupported(self.name(), subject));
        };
        let drafts = project.require_drafts("book", 1)?;
        let title = project.drafts_title("book")?;
        let mut comparisons = Vec::new();
        for pair in project.draft_comparisons("book", DraftPairs::Every)? {
            let (old, new) = (&drafts[pair.old].version, &drafts[pair.new].version);
            let view = report_view(
                project,
                old,
                new,
                &pair.comparison,
                title.clone(),
                self.lang,
            )?;
            comparisons.push(ComparisonPage {
                old: pair.old,
                new: pair.new,
                comparison: pair.comparison,
                view,
            });
        }
        let consultation = project.consultation_summary()?;
        let input = BookInput {
            lang: self.lang,
            title,
            drafts,
            comparisons,
            consultation,
            history,
            notes: crate::render::history::draft_notes(project, history, self.lang)?,
            templates: self.templates,
        };
        let pages = out.pages(self.name())?;
        for (path, text) in build(&input)?.files {
            pages.put(path, text.into_bytes())?;
        }
        Ok(())
    }
}

/// The book's files.
pub fn build(input: &BookInput<'_>) -> Result<Book> {
    let lang = input.lang;
    let mut names = FileNames::default();
    let draft_files: Vec<String> = input
        .drafts
        .iter()
        .enumerate()
        .map(|(k, d)| {
            format!(
                "drafts/{}.md",
                names.name(&d.meta.id, &format!("draft-{}", k + 1))
            )
        })
        .collect();
    let mut names = FileNames::default();
    let comparison_files: Vec<String> = input
        .comparisons
        .iter()
        .map(|c| {
            // `old--new`: a slug never holds two dashes in a row.
            let slug = |k: usize| match ascii_slug(&input.drafts[k].meta.id) {
                s if s.is_empty() => format!("draft-{}", k + 1),
                s => s,
            };
            let base = format!("{}--{}", slug(c.old), slug(c.new));
            format!("comparisons/{}.md", names.unique(base))
        })
        .collect();

    let mut names = FileNames::default();
    let section_files: Vec<String> = input
        .history
        .lineages()
        .iter()
        .enumerate()
        .map(|(k, l)| {
            format!(
                "sections/{}.md",
                names.name(&l.key, &format!("section-{k}"))
            )
        })
        .collect();

    let mut files = Vec::new();
    let mut summary = String::new();
    let _ = writeln!(summary, "# {}\n", heading(&input.title));
    let _ = writeln!(
        summary,
        "[{}](introduction.md)\n",
        heading(label(lang, "book_introduction"))
    );
    let _ = writeln!(summary, "# {}\n", heading(label(lang, "drafts")));
    for (d, file) in input.drafts.iter().zip(&draft_files) {
        let _ = writeln!(summary, "- [{}]({file})", heading(&draft_name(d)));
    }
    if !input.comparisons.is_empty() {
        let _ = writeln!(
            summary,
            "\n# {}\n",
            heading(label(lang, "book_comparisons"))
        );
        for (c, file) in input.comparisons.iter().zip(&comparison_files) {
            let _ = writeln!(
                summary,
                "- [{}]({file})",
                heading(&transition_title(lang, input, c))
            );
        }
    }
    if !input.history.lineages().is_empty() {
        let _ = writeln!(summary, "\n# {}\n", heading(label(lang, "book_sections")));
        for (k, file) in section_files.iter().enumerate() {
            let depth = lineage_depth(input.history, k);
            let _ = writeln!(
                summary,
                "{}- [{}]({file})",
                "  ".repeat(depth),
                heading(&lineage_title(lang, input, k))
            );
        }
    }
    files.push(("SUMMARY.md".to_owned(), summary));
    files.push((
        "introduction.md".to_owned(),
        introduction(input, &draft_files, &comparison_files),
    ));
    // Each draft's anchors, by section: its chapter writes them, and every
    // section's chapter links its places in the drafts to them.
    let anchors: Vec<Vec<Option<String>>> = input
        .drafts
        .iter()
        .map(|d| draft_anchors(&d.version))
        .collect();
    for ((d, file), anchors) in input.drafts.iter().zip(&draft_files).zip(&anchors) {
        files.push((file.clone(), draft_chapter(lang, d, anchors)));
    }
    for (c, file) in input.comparisons.iter().zip(&comparison_files) {
        files.push((
            file.clone(),
            comparison_chapter(lang, input, c, &draft_files),
        ));
    }
    let metas: Vec<_> = input.drafts.iter().map(|d| d.meta.clone()).collect();
    let points = hv::PointNames::new(input.history, &Links::NONE, &metas);
    for (k, file) in section_files.iter().enumerate() {
        let chapter = section_chapter(
            input,
            k,
            &points,
            (&draft_files, &anchors),
            &comparison_files,
        );
        files.push((file.clone(), chapter));
    }
    files.push(("cotejo.css".to_owned(), css(lang, input.templates)?));
    Ok(Book { files })
}

/// How deep a section's entry sits in the summary: its ancestors in the last
/// draft; a removed section's entry, and the preamble's (which encloses
/// nothing), are at the top.
fn lineage_depth(history: &History, k: usize) -> usize {
    let (p, s) = history.lineages()[k].last();
    if !history.is_last(p) {
        return 0;
    }
    let outline = history.outline(p);
    std::iter::successors(outline.parent(s), |&i| outline.parent(i)).count()
}

/// The redline's marks for mdBook's themes: the template `book.css`
/// (insertions underlined, deletions struck through, a bar beside each changed
/// block), then the words a screen reader says around each change (visually
/// hidden), in the labels' language, for the redline's container only.
fn css(lang: Lang, templates: &Templates) -> Result<String> {
    let mut css = templates.source("book.css")?;
    if !css.is_empty() && !css.ends_with('\n') {
        css.push('\n');
    }
    css.push_str(&templates.render(
        "_change_labels.css",
        &minijinja::context! { t => crate::render::labels::labels(lang), scope => ".cotejo-redline " },
    )?);
    if !css.ends_with('\n') {
        css.push('\n');
    }
    Ok(css)
}

/// The file that says a folder was written by `cotejo book`.
pub const MARKER: &str = ".cotejo-book";

/// Writes the book's source as the folder `dir`, whole or not at all (see
/// [`crate::output::replace_folder`]: only a folder holding [`MARKER`], or an
/// empty one, is replaced).
pub fn write(dir: &std::path::Path, book: &Book) -> crate::error::Result<()> {
    let files = book.files.iter().map(|(p, t)| (p.as_str(), t.as_bytes()));
    crate::output::replace_folder(dir, files, &marker())
}

/// What marks a folder as a book source cotejo wrote.
pub fn marker() -> crate::output::Marker {
    crate::output::Marker {
        file: MARKER,
        text: "Written by `cotejo book`: the next run replaces this folder whole.\n".to_owned(),
        command: "cotejo book",
    }
}
