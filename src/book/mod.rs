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

pub mod escape;

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::compare::tokens::count_words;
use crate::document::slug::slugify;
use crate::error::Result;
use crate::history::History;
use crate::model::{ChangeKind, Comparison};
use crate::project::{ConsultationSummary, Draft, DraftPairs, Project};
use crate::render::history::{self as hv, DraftNotes, Links};
use crate::render::labels::{Lang, change_counts, label, transition};
use crate::render::redline::{self, Mark};
use crate::render::report::report_view;
use crate::render::view::{NoteView, ReportView, SectionView};
use crate::render::{Form, Out, Renderer, Subject, unsupported};
use crate::version::{Version, short_commit};

use escape::{heading, html_block, inline};

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
}

/// The files of the source folder: `(path relative to it, contents)`, in a
/// fixed order (`SUMMARY.md` first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    pub files: Vec<(String, String)>,
}

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
    fn unique(&mut self, base: String) -> String {
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
fn ascii_slug(text: &str) -> String {
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

/// The book of a history of the project's drafts: the source folder of an
/// mdBook.
pub struct BookRenderer {
    pub lang: Lang,
}

impl Renderer for BookRenderer {
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
        };
        let pages = out.pages(self.name())?;
        for (path, text) in build(&input).files {
            pages.insert(path, text.into_bytes());
        }
        Ok(())
    }
}

/// The book's files.
pub fn build(input: &BookInput<'_>) -> Book {
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
    for (d, file) in input.drafts.iter().zip(&draft_files) {
        files.push((file.clone(), draft_chapter(lang, d)));
    }
    for (c, file) in input.comparisons.iter().zip(&comparison_files) {
        files.push((
            file.clone(),
            comparison_chapter(lang, input, c, &draft_files),
        ));
    }
    let metas: Vec<_> = input.drafts.iter().map(|d| d.meta.clone()).collect();
    let points = hv::points(input.history, &Links::NONE, &metas);
    for (k, file) in section_files.iter().enumerate() {
        files.push((
            file.clone(),
            section_chapter(input, k, &points, &draft_files, &comparison_files),
        ));
    }
    files.push(("cotejo.css".to_owned(), css(lang)));
    Book { files }
}

/// "Primer borrador (borrador-1)".
fn draft_name(d: &Draft) -> String {
    let d = &d.meta;
    if d.title.is_empty() || d.title == d.id {
        d.id.clone()
    } else {
        format!("{} ({})", d.title, d.id)
    }
}

fn draft_title(d: &Draft) -> &str {
    let d = &d.meta;
    if d.title.is_empty() { &d.id } else { &d.title }
}

/// "Del Primer borrador al Tercer borrador".
fn transition_title(lang: Lang, input: &BookInput<'_>, c: &ComparisonPage) -> String {
    transition(
        lang,
        draft_title(&input.drafts[c.old]),
        draft_title(&input.drafts[c.new]),
    )
}

fn introduction(
    input: &BookInput<'_>,
    draft_files: &[String],
    comparison_files: &[String],
) -> String {
    let lang = input.lang;
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", heading(label(lang, "book_introduction")));
    let _ = writeln!(
        md,
        "{}\n",
        inline(&label(lang, "book_about").replace("{title}", &input.title))
    );
    let _ = writeln!(md, "{}\n", inline(label(lang, "disclaimer")));

    let _ = writeln!(md, "## {}\n", heading(label(lang, "book_process")));
    for (d, file) in input.drafts.iter().zip(draft_files) {
        let _ = writeln!(
            md,
            "- {}: {} — [{}]({})",
            inline(&d.meta.date),
            inline(&d.meta.stage),
            inline(draft_title(d)),
            file
        );
        if let Some(c) = input.consultation.as_ref().filter(|c| c.draft == d.meta.id) {
            let line = label(lang, "book_consultation")
                .replace("{title}", &c.title)
                .replace("{opened}", &c.opened)
                .replace("{closed}", &c.closed)
                .replace("{n}", &c.comments.to_string());
            let _ = writeln!(md, "- {}", inline(&line));
        }
    }

    let _ = writeln!(md, "\n## {}\n", heading(label(lang, "drafts")));
    let _ = writeln!(
        md,
        "| {} | {} | {} | {} | {} | {} |",
        inline(label(lang, "draft")),
        inline(label(lang, "stage")),
        inline(label(lang, "date")),
        inline(label(lang, "commit")),
        inline(label(lang, "sections")),
        inline(label(lang, "words")),
    );
    md.push_str("|---|---|---|---|--:|--:|\n");
    for (d, file) in input.drafts.iter().zip(draft_files) {
        let _ = writeln!(
            md,
            "| [{}]({file}) | {} | {} | {} | {} | {} |",
            inline(&draft_name(d)),
            inline(&d.meta.stage),
            inline(&d.meta.date),
            inline(d.version.commit.as_deref().map_or("—", short_commit)),
            d.version.document.sections().len(),
            count_words(d.version.document.text()),
        );
    }

    let steps: Vec<(&ComparisonPage, &String)> = input
        .comparisons
        .iter()
        .zip(comparison_files)
        .filter(|(c, _)| c.new == c.old + 1)
        .collect();
    if !steps.is_empty() {
        let _ = writeln!(md, "\n## {}\n", heading(label(lang, "book_steps")));
        for (c, file) in steps {
            let _ = writeln!(
                md,
                "- [{}]({file}): {}",
                inline(&transition_title(lang, input, c)),
                inline(&change_counts(lang, &c.view.summary)),
            );
        }
    }
    if !input.comparisons.is_empty() {
        let _ = writeln!(md, "\n## {}\n", heading(label(lang, "how_to_read")));
        let _ = writeln!(md, "{}\n", inline(label(lang, "book_comparisons_are")));
        let _ = writeln!(md, "{}", inline(label(lang, "book_marks")));
    }
    let _ = writeln!(
        md,
        "\n---\n\n{} {}",
        inline(label(lang, "generated_by")),
        inline(&crate::render::view::tool())
    );
    md
}

/// A draft's full text: its details, then each section's heading and body.
fn draft_chapter(lang: Lang, d: &Draft) -> String {
    let v = &*d.version;
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", heading(draft_title(d)));
    let facts = [
        ("draft", d.meta.id.clone()),
        ("stage", d.meta.stage.clone()),
        ("date", d.meta.date.clone()),
        ("commit", v.commit.clone().unwrap_or_else(|| "—".to_owned())),
        ("sha256", v.sha256.clone()),
        ("sections", v.document.sections().len().to_string()),
        ("words", count_words(v.document.text()).to_string()),
    ];
    for (key, value) in facts {
        let _ = writeln!(md, "- **{}:** {}", inline(label(lang, key)), inline(&value));
    }
    md.push_str("\n---\n\n");
    for (s, anchor) in v.document.sections().iter().zip(draft_anchors(v)) {
        if let Some(anchor) = anchor {
            let hashes = "#".repeat(usize::from(s.level + 1).min(6));
            let _ = writeln!(md, "{hashes} {} {{#{anchor}}}\n", heading(&s.heading));
        }
        let html = redline::render_side(v.document.body(s.index), &[], Mark::Ins);
        if !html.trim().is_empty() {
            md.push_str(&html_block("cotejo-text", &html));
            md.push('\n');
        }
    }
    md
}

/// The anchor of each section's heading in its draft's chapter (`None` for
/// the preamble, which has no heading).
fn draft_anchors(v: &Version) -> Vec<Option<String>> {
    let mut anchors = FileNames::default();
    v.document
        .sections()
        .iter()
        .map(|s| (s.level > 0).then(|| anchors.name(&s.id, &format!("s-{}", s.index))))
        .collect()
}

/// A comparison: both drafts, the summary, then each changed section with its
/// redline and the editors' notes.
fn comparison_chapter(
    lang: Lang,
    input: &BookInput<'_>,
    c: &ComparisonPage,
    draft_files: &[String],
) -> String {
    let view = &c.view;
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", heading(&transition_title(lang, input, c)));
    for (key, k) in [("from", c.old), ("to", c.new)] {
        let d = &input.drafts[k];
        let commit = d.version.commit.as_deref().map_or("—", short_commit);
        let _ = writeln!(
            md,
            "- **{}:** [{}](../{}) — {}, {}, {} {}",
            inline(label(lang, key)),
            inline(&draft_name(d)),
            draft_files[k],
            inline(&d.meta.stage),
            inline(&d.meta.date),
            inline(label(lang, "commit")),
            inline(commit),
        );
    }
    let _ = writeln!(
        md,
        "\n**{}:** {}\n",
        inline(label(lang, "summary")),
        inline(&change_counts(lang, &view.summary))
    );
    let renumbered: Vec<&SectionView> = view
        .sections
        .iter()
        .filter(|s| !s.changed && s.renumbered_from.is_some())
        .collect();
    if !renumbered.is_empty() {
        let list: Vec<String> = renumbered
            .iter()
            .map(|s| {
                format!(
                    "{} → {}",
                    s.renumbered_from.as_deref().unwrap_or("—"),
                    s.number.as_deref().unwrap_or("—")
                )
            })
            .collect();
        let _ = writeln!(
            md,
            "*{}:* {}\n",
            inline(label(lang, "book_renumbered_only")),
            inline(&list.join(", "))
        );
    }
    for (s, anchor) in view.sections.iter().zip(comparison_anchors(view)) {
        if let Some(anchor) = anchor {
            let _ = writeln!(md, "## {} {{#{anchor}}}\n", heading(&section_name(s)));
            section_change(&mut md, lang, s);
        }
    }
    md
}

/// The anchor of each section in its comparison's chapter: changed sections
/// have one (a heading), the others none.
fn comparison_anchors(view: &ReportView) -> Vec<Option<String>> {
    let mut anchors = FileNames::default();
    view.sections
        .iter()
        .map(|s| s.changed.then(|| anchors.name(&s.anchor, "section")))
        .collect()
}

/// "3.2 Objetivos", as the heading writes its number.
fn section_name(s: &SectionView) -> String {
    match &s.number {
        Some(n) if !s.title.is_empty() => format!("{n} {}", s.title),
        Some(n) => n.clone(),
        None => s.title.clone(),
    }
}

/// What happened to a section (under its heading): what kind of change, where
/// from, the redline, the editors' notes.
fn section_change(md: &mut String, lang: Lang, s: &SectionView) {
    let mut badges = vec![label(lang, s.change.name()).to_owned()];
    badges.extend(s.flags.iter().map(|f| label(lang, f.name()).to_owned()));
    let mut facts = vec![format!("*{}*", inline(&badges.join(" · ")))];
    if let Some(from) = &s.renamed_from {
        facts.push(format!(
            "{} «{}»",
            inline(label(lang, "renamed_from")),
            inline(from)
        ));
    }
    if let Some(from) = &s.moved_from {
        facts.push(format!(
            "{} {}",
            inline(label(lang, "moved_from")),
            inline(from)
        ));
    }
    if let Some(within) = &s.reordered_within {
        facts.push(format!(
            "{} «{}»",
            inline(label(lang, "reordered")),
            inline(within)
        ));
    }
    if let Some(from) = &s.renumbered_from {
        facts.push(format!(
            "{} {}",
            inline(label(lang, "renumbered_from")),
            inline(from)
        ));
    }
    if s.words_inserted + s.words_deleted > 0 {
        facts.push(format!("+{} −{}", s.words_inserted, s.words_deleted));
    }
    let _ = writeln!(md, "{}\n", facts.join(" — "));
    if s.change == ChangeKind::Unchanged {
        let _ = writeln!(md, "{}\n", inline(label(lang, "unchanged_body")));
    } else if !s.inline_html.trim().is_empty() {
        md.push_str(&html_block("cotejo-redline", &s.inline_html));
        md.push('\n');
    }
    if let Some(source) = &s.source_diff_html {
        let _ = writeln!(md, "{}\n", inline(label(lang, "source_changed")));
        md.push_str(&html_block(
            "cotejo-redline cotejo-source",
            &format!("<pre>{source}</pre>"),
        ));
        md.push('\n');
    }
    if !s.notes.is_empty() {
        let _ = writeln!(md, "**{}**\n", inline(label(lang, "notes")));
        for n in &s.notes {
            let _ = writeln!(md, "- {}", note_line(lang, n));
        }
        md.push('\n');
    }
}

fn note_line(lang: Lang, n: &NoteView) -> String {
    let mut line = format!(
        "{} *{}:* {} *{}:* {}, {}",
        inline(&n.change),
        inline(label(lang, "why")),
        inline(&n.why),
        inline(label(lang, "source")),
        inline(n.source_label),
        inline(&n.source_name),
    );
    if let Some(date) = &n.date {
        let _ = write!(line, ", {}", inline(date));
    }
    if !n.folios.is_empty() {
        let _ = write!(
            line,
            "\\. *{}:* {}",
            inline(label(lang, "folios")),
            inline(&n.folios.join(", "))
        );
    }
    line
}

/// How deep a section's entry sits in the summary: its ancestors in the last
/// draft; a removed section's entry is at the top.
fn lineage_depth(history: &History, k: usize) -> usize {
    let (p, s) = history.lineages()[k].last();
    if !history.is_last(p) {
        return 0;
    }
    let sections = history.points()[p].version.document.sections();
    std::iter::successors(sections[s].parent, |&i| sections[i].parent).count()
}

/// The heading where the section was last seen (the preamble by its label),
/// and when it was removed.
fn lineage_title(lang: Lang, input: &BookInput<'_>, k: usize) -> String {
    let history = input.history;
    let (p, section) = history.last_section(k);
    let name = if section.level == 0 {
        label(lang, "preamble").to_owned()
    } else {
        section.heading.clone()
    };
    match input.drafts.get(p + 1) {
        Some(next) => format!(
            "{name} ({})",
            label(lang, "book_removed_in").replace("{draft}", draft_title(next))
        ),
        None => name,
    }
}

/// A section's history: where it lived, each step that changed it (with the
/// redline of that step and its notes), and who wrote its text.
fn section_chapter(
    input: &BookInput<'_>,
    k: usize,
    points: &[hv::PointView],
    draft_files: &[String],
    comparison_files: &[String],
) -> String {
    let lang = input.lang;
    let history = input.history;
    let lineage = &history.lineages()[k];
    let last = lineage.last().0;
    let first = lineage.first();
    let events = history.events(k);
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", heading(&lineage_title(lang, input, k)));
    let lifespan = label(
        lang,
        if first == last {
            "book_lifespan_one"
        } else {
            "book_lifespan"
        },
    )
    .replace("{n}", &lineage.at.iter().flatten().count().to_string())
    .replace("{total}", &history.points().len().to_string())
    .replace("{first}", draft_title(&input.drafts[first]))
    .replace("{last}", draft_title(&input.drafts[last]))
    .replace("{changed}", &events.len().to_string())
    .replace("{steps}", &history.step_count().to_string());
    let _ = writeln!(md, "{}\n", inline(&lifespan));
    // Where to read it whole, in each draft that has it.
    let places: Vec<String> = lineage
        .at
        .iter()
        .enumerate()
        .filter_map(|(p, s)| {
            let s = (*s)?;
            let anchor = draft_anchors(&history.points()[p].version)[s].clone();
            let target = match anchor {
                Some(a) => format!("../{}#{a}", draft_files[p]),
                None => format!("../{}", draft_files[p]),
            };
            Some(format!(
                "[{}]({target})",
                inline(draft_title(&input.drafts[p]))
            ))
        })
        .collect();
    let _ = writeln!(
        md,
        "*{}:* {}\n",
        inline(label(lang, "book_see_text")),
        places.join(" · ")
    );
    if first == 0 {
        let _ = writeln!(md, "## {}\n", heading(draft_title(&input.drafts[0])));
        let _ = writeln!(md, "{}\n", inline(label(lang, "book_present_first")));
    }
    // Each step that changed it, as the site's section page shows it: the
    // redline of that step and the notes that explain it.
    let view = hv::section_history(history, k, points, &input.notes, &Links::NONE, lang);
    // The view's steps are the lineage's events, one for one, in order.
    for (e, step_view) in events.iter().zip(&view.steps) {
        let step = e.step;
        let _ = writeln!(
            md,
            "## {}\n",
            heading(&transition(
                lang,
                draft_title(&input.drafts[step]),
                draft_title(&input.drafts[step + 1])
            ))
        );
        section_change(&mut md, lang, &step_view.section);
        // The same pair of sections in the consecutive comparison, found by
        // the step's pairing (the two sections' indices), for the link.
        let pair = (
            e.change.old.as_ref().map(|o| o.index),
            e.change.new.as_ref().map(|n| n.index),
        );
        let found = input
            .comparisons
            .iter()
            .position(|c| c.old == step && c.new == step + 1)
            .and_then(|c| {
                let at = input.comparisons[c]
                    .comparison
                    .sections
                    .iter()
                    .position(|s| {
                        (
                            s.old.as_ref().map(|o| o.index),
                            s.new.as_ref().map(|n| n.index),
                        ) == pair
                    })?;
                Some((c, at))
            });
        if let Some((c, at)) = found {
            let target = match &comparison_anchors(&input.comparisons[c].view)[at] {
                Some(a) => format!("../{}#{a}", comparison_files[c]),
                None => format!("../{}", comparison_files[c]),
            };
            let _ = writeln!(
                md,
                "[{}]({target})\n",
                inline(label(lang, "book_see_comparison"))
            );
        }
    }
    let removed = !history.is_last(last);
    let _ = writeln!(
        md,
        "## {}\n",
        heading(label(
            lang,
            if removed {
                "book_blame_last"
            } else {
                "book_blame"
            }
        ))
    );
    let sentences: Vec<&hv::BlameSentence> = view.blame.iter().flat_map(|p| &p.sentences).collect();
    if sentences.is_empty() {
        let _ = writeln!(md, "{}", inline(label(lang, "book_blame_empty")));
    } else {
        let _ = writeln!(md, "{}\n", inline(label(lang, "book_blame_about")));
        for u in sentences {
            let _ = write!(
                md,
                "- **{}:** {}",
                inline(draft_title(&input.drafts[u.introduced])),
                inline(&u.text)
            );
            if let Some(revised) = u.revised {
                let _ = write!(
                    md,
                    " *({} {})*",
                    inline(label(lang, "book_revised_in")),
                    inline(draft_title(&input.drafts[revised]))
                );
            }
            md.push('\n');
        }
    }
    md
}

/// The redline's marks for mdBook's themes: insertions underlined, deletions
/// struck through, a bar beside each changed block, and the words a screen
/// reader says around each change (visually hidden).
fn css(lang: Lang) -> String {
    use crate::render::templates::css_string;
    let mut css = String::from(BOOK_CSS);
    for (el, pos, text) in [
        (
            "ins",
            "before",
            format!(" [{} ", label(lang, "inserted_text")),
        ),
        (
            "ins",
            "after",
            format!(" — {}] ", label(lang, "end_inserted")),
        ),
        (
            "del",
            "before",
            format!(" [{} ", label(lang, "deleted_text")),
        ),
        (
            "del",
            "after",
            format!(" — {}] ", label(lang, "end_deleted")),
        ),
    ] {
        let _ = writeln!(
            css,
            ".cotejo-redline {el}::{pos} {{ content: {}; }}",
            css_string(&text)
        );
    }
    css
}

const BOOK_CSS: &str = "\
/* Written by `cotejo book`. Every change is shown by more than colour:
   <ins> underlined, <del> struck through, a bar beside each changed block. */
.cotejo-redline ins, .cotejo-redline del { position: relative; text-decoration-thickness: 2px; }
.cotejo-redline ins { background: rgba(46, 160, 67, .18); text-decoration: underline; text-underline-offset: .18em; }
.cotejo-redline del { background: rgba(248, 81, 73, .18); text-decoration: line-through; }
.cotejo-redline ins::before, .cotejo-redline ins::after, .cotejo-redline del::before, .cotejo-redline del::after {
  position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.cotejo-redline :is(p, li, pre, dt, dd, .raw-html):is(:has(> ins, > del), .ins-block, .del-block) {
  border-left: 3px solid currentColor; padding-left: .6em; margin-left: -.9em; }
.cotejo-redline .del-block { border-left-style: dashed; }
.cotejo-redline tr:has(ins, del) > :first-child { box-shadow: inset 3px 0 0 currentColor; }
.cotejo-redline pre, .cotejo-text pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.cotejo-redline .footnote, .cotejo-text .footnote { display: flex; gap: .4em; font-size: .9em; }
";

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
