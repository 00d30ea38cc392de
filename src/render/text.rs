//! The terminal view of a comparison: a summary line, then each changed section
//! with its word diff. Changes carry git's markers `[-…-]` and `{+…+}`, and
//! text moved between sections `[~…~]` where it left and `{~…~}` where it
//! arrived, so the output reads in a log file; colour is added on top when
//! asked.

use std::io::{self, Write};

use crate::model::{ChangeKind, Comparison, DiffToken, Flag, Op, SectionChange, SectionRef};
use crate::version::short_commit;

/// How to print.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// ANSI colours (red deletions, green insertions, bold headings).
    pub color: bool,
    /// Only the summary and one line per changed section.
    pub stat: bool,
}

struct Style {
    on: bool,
}

impl Style {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// Writes the comparison for a terminal or a log.
pub fn write(cmp: &Comparison, options: TextOptions, out: &mut dyn Write) -> io::Result<()> {
    let style = Style { on: options.color };
    writeln!(
        out,
        "{}",
        style.wrap(
            "1",
            &format!(
                "{} → {}",
                describe(&cmp.old.label, cmp.old.commit.as_deref()),
                describe(&cmp.new.label, cmp.new.commit.as_deref())
            )
        )
    )?;
    writeln!(out, "{}", summary_line(cmp))?;
    let quiet: Vec<String> = cmp
        .sections
        .iter()
        .filter(|c| !shows(c) && c.is_renumbered_only())
        .filter_map(|c| {
            Some(format!(
                "{} → {}",
                c.old.as_ref()?.number.as_deref()?,
                c.new.as_ref()?.number.as_deref()?
            ))
        })
        .collect();
    if !quiet.is_empty() {
        writeln!(out, "renumbered only: {}", quiet.join(", "))?;
    }
    for change in cmp.sections.iter().filter(|c| shows(c)) {
        if options.stat {
            let details = details(change);
            let details = if details.is_empty() {
                String::new()
            } else {
                format!("  ({})", details.join(", "))
            };
            writeln!(
                out,
                "  {:<10} {}{details}",
                kind_word(change),
                title_of(change)
            )?;
            continue;
        }
        writeln!(out)?;
        write_section(cmp, change, options.color, out)?;
    }
    Ok(())
}

/// One section's entry: a header line (where it is, what happened to it),
/// then the lines of its body that changed.
pub fn write_section(
    cmp: &Comparison,
    change: &SectionChange,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let style = Style { on: color };
    let mut head = header(change);
    for line in moved_text(cmp, change) {
        head.push_str(", ");
        head.push_str(&line);
    }
    writeln!(out, "{}", style.wrap("1;36", &head))?;
    // A formatting-only change (wrapping, emphasis, line endings) is named,
    // not shown: its markers would bury the wording changes around it.
    if let Some(diff) = change
        .diff
        .as_ref()
        .filter(|_| !change.has(Flag::FormattingOnly))
    {
        write_diff(diff, &style, out)?;
    }
    Ok(())
}

/// Sections worth a paragraph: anything but an unchanged body whose only news
/// is its new number (that is said once, quietly, in the summary).
fn shows(c: &SectionChange) -> bool {
    let anchor_changed = matches!((&c.old, &c.new), (Some(o), Some(n)) if o.id != n.id);
    anchor_changed || (c.is_change() && !c.is_renumbered_only())
}

fn describe(label: &str, commit: Option<&str>) -> String {
    match commit {
        Some(c) if !label.starts_with(c) => format!("{label} ({})", short_commit(c)),
        _ => label.to_owned(),
    }
}

/// `3 added, 1 removed, …; +120 −40 words`.
pub fn summary_line(cmp: &Comparison) -> String {
    let s = &cmp.summary;
    let mut line = format!(
        "{} added, {} removed, {} modified, {} moved, {} renamed, {} renumbered; +{} −{} words",
        s.added,
        s.removed,
        s.modified,
        s.moved,
        s.renamed,
        s.renumbered,
        s.words_inserted,
        s.words_deleted
    );
    // Text that left one section for another is counted once, apart.
    if s.words_moved > 0 {
        line.push_str(&format!(", {} moved between sections", s.words_moved));
    }
    line
}

fn kind_word(c: &SectionChange) -> &'static str {
    match c.change {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Modified if c.has(Flag::FormattingOnly) => "formatting",
        ChangeKind::Modified => "modified",
        ChangeKind::Unchanged if c.has(Flag::Moved) => "moved",
        ChangeKind::Unchanged if c.has(Flag::Renamed) => "renamed",
        ChangeKind::Unchanged => "renumbered",
    }
}

fn heading_of(r: &SectionRef) -> String {
    if r.level == 0 {
        "(preamble)".to_owned()
    } else {
        r.heading.to_string()
    }
}

fn title_of(c: &SectionChange) -> String {
    c.new
        .as_ref()
        .or(c.old.as_ref())
        .map(heading_of)
        .unwrap_or_default()
}

fn header(c: &SectionChange) -> String {
    let place = c.new.as_ref().or(c.old.as_ref());
    let path = match place {
        Some(r) if r.level == 0 => "(preamble)".to_owned(),
        Some(r) => r.path.join(" › "),
        None => String::new(),
    };
    let line = match (&c.old, &c.new) {
        (_, Some(n)) => format!("line {}", n.line),
        (Some(o), None) => format!("old line {}", o.line),
        _ => String::new(),
    };
    let mut what = vec![kind_word(c).to_owned()];
    what.extend(details(c));
    if what.len() > 1 && what[0] != "modified" && what[0] != "formatting" {
        what.remove(0);
    }
    format!("@@ {path} ({line}) @@ {}", what.join(", "))
}

/// Where the section's moved text went and where its arrived text came from:
/// `text moved to 2.1.1 "Experiencia nacional" (3 blocks)`.
fn moved_text(cmp: &Comparison, c: &SectionChange) -> Vec<String> {
    let Some(blocks) = &c.blocks else {
        return Vec::new();
    };
    // Counted by the entry at the other end, in the order they first appear.
    let mut to: Vec<(usize, usize)> = Vec::new();
    let mut from: Vec<(usize, usize)> = Vec::new();
    for b in blocks {
        for (place, list) in [(b.moved_to, &mut to), (b.moved_from, &mut from)] {
            if let Some(p) = place {
                match list.iter_mut().find(|(e, _)| *e == p.section) {
                    Some((_, n)) => *n += 1,
                    None => list.push((p.section, 1)),
                }
            }
        }
    }
    let name = |e: usize, went: bool| cmp.moved_end(e, went).map(heading_of).unwrap_or_default();
    let blocks = |n: usize| {
        if n == 1 {
            String::new()
        } else {
            format!(" ({n} blocks)")
        }
    };
    to.iter()
        .map(|&(e, n)| format!("text moved to \"{}\"{}", name(e, true), blocks(n)))
        .chain(
            from.iter()
                .map(|&(e, n)| format!("text from \"{}\"{}", name(e, false), blocks(n))),
        )
        .collect()
}

/// What happened to the heading and the place of a paired section, in words.
fn details(c: &SectionChange) -> Vec<String> {
    let mut what = Vec::new();
    if let (Some(o), Some(n)) = (&c.old, &c.new) {
        if c.has(Flag::Renamed) {
            what.push(format!("renamed from \"{}\"", o.heading));
        }
        if c.has(Flag::Renumbered) {
            what.push(format!(
                "renumbered {} → {}",
                o.number.as_deref().unwrap_or("–"),
                n.number.as_deref().unwrap_or("–")
            ));
        }
        if c.has(Flag::Moved) {
            let parent =
                |r: &SectionRef| r.path.len().checked_sub(2).map(|p| r.path[p].to_string());
            what.push(match (parent(o), parent(n)) {
                (Some(_), Some(to)) if o.parent_title == n.parent_title => {
                    format!("reordered within \"{to}\"")
                }
                (Some(from), _) => format!("moved from under \"{from}\""),
                (None, _) => "moved".to_owned(),
            });
        }
        if o.id != n.id {
            what.push(format!("anchor #{} → #{}", o.id, n.id));
        }
    }
    what
}

/// Prints the lines of the body that hold a change; runs of unchanged lines
/// are folded into `…`.
fn write_diff(diff: &[DiffToken], style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let mut lines: Vec<(String, bool)> = vec![(String::new(), false)];
    for t in diff {
        // Text that left for or arrived from another section is not a
        // deletion or an insertion: its own markers, which read without
        // colour, and git's colours for moved lines (--color-moved).
        let (open, close, code) = match (t.op, t.moved) {
            (Op::Equal, _) => ("", "", ""),
            (Op::Delete, false) => ("[-", "-]", "31"),
            (Op::Insert, false) => ("{+", "+}", "32"),
            (Op::Delete, true) => ("[~", "~]", "35"),
            (Op::Insert, true) => ("{~", "~}", "36"),
        };
        for whole in crate::markdown::lines(&t.text) {
            let piece = crate::markdown::trim_line_end(whole);
            let line = lines.last_mut().expect("never empty");
            if t.op != Op::Equal {
                line.1 = true;
                if !piece.is_empty() {
                    line.0
                        .push_str(&style.wrap(code, &format!("{open}{piece}{close}")));
                }
            } else {
                line.0.push_str(piece);
            }
            if whole.len() > piece.len() {
                lines.push((String::new(), false));
            }
        }
    }
    let mut folded = false;
    for (text, changed) in lines {
        if changed && !text.trim().is_empty() {
            writeln!(out, "{text}")?;
            folded = false;
        } else if !folded && !text.trim().is_empty() {
            writeln!(out, "…")?;
            folded = true;
        }
    }
    Ok(())
}

/// The terminal view of a comparison (`cotejo diff`).
pub struct Text(pub TextOptions);

impl super::Renderer for Text {
    fn name(&self) -> &'static str {
        "text"
    }

    fn form(&self) -> super::Form {
        super::Form::Stream
    }

    fn render(
        &self,
        _project: &crate::project::Project,
        subject: super::Subject<'_>,
        out: super::Out<'_>,
    ) -> crate::error::Result<()> {
        let pair = super::pair_of(self.name(), subject)?;
        write(&pair.comparison, self.0, out.stream(self.name())?).map_err(super::stream_error)
    }
}
