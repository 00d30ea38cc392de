//! The book's chapters: the introduction, a draft's full text, a comparison
//! of two drafts and a section's history, each as mdBook Markdown with every
//! piece of the repository's text made inert by [`super::escape`].

use std::fmt::Write as _;

use super::escape::{heading, html_block, inline};
use super::names::{
    comparison_anchors, draft_name, draft_title, lineage_title, section_name, transition_title,
};
use super::{BookInput, ComparisonPage};
use crate::compare::tokens::count_words;
use crate::model::ChangeKind;
use crate::project::Draft;
use crate::render::history::{self as hv, Links};
use crate::render::labels::{Lang, change_counts, label, long_date, transition};
use crate::render::redline::{self, Side};
use crate::render::view::{NoteView, SectionView};
use crate::version::short_commit;

pub(super) fn introduction(
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
            inline(&long_date(lang, &d.meta.date)),
            inline(&d.meta.stage),
            inline(draft_title(d)),
            file
        );
        if let Some(c) = input.consultation.as_ref().filter(|c| c.draft == d.meta.id) {
            let line = label(lang, "book_consultation")
                .replace("{title}", &c.title)
                .replace("{opened}", &long_date(lang, &c.opened))
                .replace("{closed}", &long_date(lang, &c.closed))
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
            inline(&long_date(lang, &d.meta.date)),
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

/// A draft's full text: its details, then each section's heading and body,
/// the heading with its anchor in `anchors` ([`super::names::draft_anchors`]).
pub(super) fn draft_chapter(lang: Lang, d: &Draft, anchors: &[Option<String>]) -> String {
    let v = &*d.version;
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", heading(draft_title(d)));
    let facts = [
        ("draft", d.meta.id.clone()),
        ("stage", d.meta.stage.clone()),
        ("date", long_date(lang, &d.meta.date)),
        ("commit", v.commit.clone().unwrap_or_else(|| "—".to_owned())),
        ("sha256", v.sha256().to_owned()),
        ("sections", v.document.sections().len().to_string()),
        ("words", count_words(v.document.text()).to_string()),
    ];
    for (key, value) in facts {
        let _ = writeln!(md, "- **{}:** {}", inline(label(lang, key)), inline(&value));
    }
    md.push_str("\n---\n\n");
    for (s, anchor) in v.document.sections().iter().zip(anchors) {
        if let Some(anchor) = anchor {
            let hashes = "#".repeat(usize::from(s.level + 1).min(6));
            let _ = writeln!(md, "{hashes} {} {{#{anchor}}}\n", heading(&s.heading));
        }
        let html = redline::render_side(v.document.body(s.index), &Side::PLAIN);
        if !html.trim().is_empty() {
            md.push_str(&html_block("cotejo-text", &html));
            md.push('\n');
        }
    }
    md
}

/// A comparison: both drafts, the summary, then each changed section with its
/// redline and the editors' notes.
pub(super) fn comparison_chapter(
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
            inline(&long_date(lang, &d.meta.date)),
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

/// What happened to a section (under its heading): what kind of change, where
/// from, the redline, the editors' notes.
fn section_change(md: &mut String, lang: Lang, s: &SectionView) {
    let mut badges = vec![label(lang, s.change.name()).to_owned()];
    badges.extend(s.flags.iter().map(|f| label(lang, f.name()).to_owned()));
    let mut facts = vec![format!("*{}*", inline(&badges.join(" · ")))];
    for (key, columns) in [
        ("columns_added", &s.columns_added),
        ("columns_removed", &s.columns_removed),
    ] {
        if !columns.is_empty() {
            let names: Vec<String> = columns.iter().map(|c| format!("«{}»", inline(c))).collect();
            facts.push(format!("{} {}", inline(label(lang, key)), names.join(", ")));
        }
    }
    for (key, list) in [
        ("text_moved_to", &s.text_moved_to),
        ("text_moved_from", &s.text_moved_from),
    ] {
        for m in list {
            let edited = if m.edited {
                format!(", {}", inline(label(lang, "moved_edited")))
            } else {
                String::new()
            };
            facts.push(format!(
                "{} «{}» ({} {}{edited})",
                inline(label(lang, key)),
                inline(&m.name),
                m.words,
                inline(label(lang, "words_n"))
            ));
        }
    }
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
        // Beside marked text, the source lines of the changes it hides.
        let marked = s.inline_html.contains("<ins") || s.inline_html.contains("<del");
        let note = if marked {
            "source_hidden"
        } else {
            "source_changed"
        };
        let _ = writeln!(md, "{}\n", inline(label(lang, note)));
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
        let _ = write!(line, ", {}", inline(&long_date(lang, date)));
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

/// A section's history: where it lived, each step that changed it (with the
/// redline of that step and its notes), and who wrote its text. `drafts`:
/// each draft's file, and its sections' anchors there.
pub(super) fn section_chapter(
    input: &BookInput<'_>,
    k: usize,
    points: &hv::PointNames,
    (draft_files, anchors): (&[String], &[Vec<Option<String>>]),
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
    .replace("{n}", &lineage.versions().to_string())
    .replace("{total}", &history.points().len().to_string())
    .replace("{first}", draft_title(&input.drafts[first]))
    .replace("{last}", draft_title(&input.drafts[last]))
    .replace("{changed}", &events.len().to_string())
    .replace("{steps}", &history.step_count().to_string());
    let _ = writeln!(md, "{}\n", inline(&lifespan));
    // Where to read it whole, in each draft that has it.
    let places: Vec<String> = history
        .places_of(k)
        .map(|(p, s)| {
            let target = match &anchors[p][s] {
                Some(a) => format!("../{}#{a}", draft_files[p]),
                None => format!("../{}", draft_files[p]),
            };
            format!("[{}]({target})", inline(draft_title(&input.drafts[p])))
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
