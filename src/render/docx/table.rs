//! A Markdown table as a Word table: the flow's row paragraphs (styles
//! `TableHeader` and `TableRow`, cells parted by [`CELL`]) grouped into
//! tables, each row split into its cells, and each row told inserted,
//! deleted or kept from the changes its words carry.
//!
//! Word tracks a row's insertion or deletion on the row (`w:trPr`), and its
//! words' changes in its cells' runs; it has no moves of a row, so text
//! moved into or out of a table is an insertion or a deletion there. A
//! paragraph mark has no part in a row: a cell's paragraph ends with its
//! cell, whatever the change the flow gave the row's mark.

use super::flow::{CELL, Para, Run, Track};

/// What happened to a row as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowChange {
    /// In both versions (its words may have changed).
    Kept,
    /// Only in the new version.
    Inserted,
    /// Only in the old version.
    Deleted,
}

/// One row: whether it is the header, its change, and its cells' runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub(crate) header: bool,
    pub(crate) change: RowChange,
    pub(crate) cells: Vec<Vec<Run>>,
}

/// How a run's change is written inside a table: a move's end is an
/// insertion or a deletion.
fn in_table(t: Track) -> Track {
    match t {
        Track::MoveFrom(_) => Track::Del,
        Track::MoveTo(_) => Track::Ins,
        t => t,
    }
}

/// The rows of one table, from its row paragraphs in order.
pub(crate) fn rows(paras: &[Para]) -> Vec<Row> {
    paras
        .iter()
        .flat_map(split_replaced)
        .map(|p| row(&p))
        .collect()
}

/// A row whose struck words and written words each cross a cell's edge was
/// replaced by another row, not edited cell by cell: the diff took the two
/// rows' cells as one, so it is told as the old row struck and the new one
/// written, each with its own cells (the words both share written in one
/// and struck in the other).
fn split_replaced(p: &Para) -> Vec<Para> {
    let crosses = |way: Track| {
        p.runs
            .iter()
            .any(|r| in_table(r.track) == way && r.text.contains(CELL))
    };
    if !(crosses(Track::Del) && crosses(Track::Ins)) {
        return vec![p.clone()];
    }
    let side = |drop: Track, shared: Track| Para {
        runs: p
            .runs
            .iter()
            .filter(|r| in_table(r.track) != drop)
            .map(|r| Run {
                track: if r.track == Track::None {
                    shared
                } else {
                    in_table(r.track)
                },
                ..r.clone()
            })
            .collect(),
        ..p.clone()
    };
    vec![side(Track::Ins, Track::Del), side(Track::Del, Track::Ins)]
}

fn row(p: &Para) -> Row {
    let mut cells: Vec<Vec<Run>> = vec![Vec::new()];
    for run in &p.runs {
        let track = in_table(run.track);
        for (k, piece) in run.text.split(CELL).enumerate() {
            if k > 0 {
                cells.push(Vec::new());
            }
            let cell = cells.last_mut().expect("a cell is open");
            super::flow::push_run(cell, piece.to_owned(), run.format, track);
        }
    }
    for cell in &mut cells {
        trim(cell);
    }
    let tracks: Vec<Track> = cells.iter().flatten().map(|r| r.track).collect();
    let change = if !tracks.is_empty() && tracks.iter().all(|t| *t == Track::Ins) {
        RowChange::Inserted
    } else if !tracks.is_empty() && tracks.iter().all(|t| *t == Track::Del) {
        RowChange::Deleted
    } else {
        RowChange::Kept
    };
    Row {
        header: p.style == super::flow::Style::TableHeader,
        change,
        cells,
    }
}

/// Leaves out the blank between a cell's edges and its text: in the flow it
/// kept words of two cells apart, which the cell's own edges now do.
fn trim(cell: &mut Vec<Run>) {
    while let Some(first) = cell.first_mut() {
        first.text = first.text.trim_start_matches([' ', '\t']).to_owned();
        if !first.text.is_empty() {
            break;
        }
        cell.remove(0);
    }
    while let Some(last) = cell.last_mut() {
        last.text = last.text.trim_end_matches([' ', '\t']).to_owned();
        if !last.text.is_empty() {
            break;
        }
        cell.pop();
    }
}

/// The paragraph mark before a table ends that paragraph in both versions
/// (a table stands apart, whatever the flow joined it to): it keeps a change
/// only when all the paragraph's words go the same way (all written, or all
/// struck or moved away), so accepting or rejecting never joins words of
/// the paragraph to the one after the table.
pub(crate) fn settle_marks_before_tables(paras: &mut [Para]) {
    let goes = |t: Track| match t {
        Track::None => 0,
        Track::Ins | Track::MoveTo(_) => 1,
        Track::Del | Track::MoveFrom(_) => 2,
    };
    for k in 1..paras.len() {
        if !paras[k].style.is_table() || paras[k - 1].style.is_table() {
            continue;
        }
        let before = &mut paras[k - 1];
        let way = goes(before.mark);
        if way == 0 || before.runs.iter().any(|r| goes(r.track) != way) {
            before.mark = Track::None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::flow::{Format, Style};
    use super::*;

    fn run(text: &str, track: Track) -> Run {
        Run {
            text: text.into(),
            format: Format::default(),
            track,
        }
    }

    fn para(style: Style, runs: Vec<Run>, mark: Track) -> Para {
        Para {
            style,
            runs,
            mark,
            comments: Vec::new(),
        }
    }

    fn texts(row: &Row) -> Vec<Vec<(String, Track)>> {
        row.cells
            .iter()
            .map(|c| c.iter().map(|r| (r.text.clone(), r.track)).collect())
            .collect()
    }

    #[test]
    fn a_row_is_split_at_its_cells_and_told_by_its_words_changes() {
        let kept = para(
            Style::TableRow,
            vec![
                run("2023 \0 ", Track::None),
                run("10", Track::Del),
                run("12", Track::Ins),
                run(" ", Track::None),
            ],
            Track::Ins,
        );
        let inserted = para(
            Style::TableRow,
            vec![run("2024 \0 ", Track::Ins), run("15", Track::MoveTo(3))],
            Track::None,
        );
        let deleted = para(
            Style::TableHeader,
            vec![run("Año \0 Meta ", Track::Del)],
            Track::Del,
        );
        let rows = rows(&[kept, inserted, deleted]);
        assert_eq!(
            texts(&rows[0]),
            [
                vec![("2023".to_owned(), Track::None)],
                vec![("10".to_owned(), Track::Del), ("12".to_owned(), Track::Ins)],
            ]
        );
        assert_eq!(rows[0].change, RowChange::Kept);
        assert_eq!(rows[1].change, RowChange::Inserted);
        assert_eq!(
            texts(&rows[1])[1],
            [("15".to_owned(), Track::Ins)],
            "a move's end is an insertion in a table"
        );
        assert_eq!(rows[2].change, RowChange::Deleted);
        assert!(rows[2].header && !rows[0].header);
    }

    #[test]
    fn a_replaced_row_is_the_old_row_struck_and_the_new_one_written() {
        let replaced = para(
            Style::TableRow,
            vec![
                run("2024 \0 20", Track::Del),
                run("2026 \0 40 \0 0%", Track::Ins),
                run(" ", Track::None),
            ],
            Track::None,
        );
        let rows = rows(&[replaced]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].change, RowChange::Deleted);
        assert_eq!(
            texts(&rows[0]),
            [
                vec![("2024".to_owned(), Track::Del)],
                vec![("20".to_owned(), Track::Del)]
            ]
        );
        assert_eq!(rows[1].change, RowChange::Inserted);
        assert_eq!(rows[1].cells.len(), 3);
        // Edited cell by cell (a column added), it stays one row.
        let edited = para(
            Style::TableRow,
            vec![
                run("2023 \0 ", Track::None),
                run("10", Track::Del),
                run("12", Track::Ins),
                run(" \0 80%", Track::Ins),
            ],
            Track::None,
        );
        let rows = super::rows(&[edited]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].cells.len(), 3);
    }

    #[test]
    fn the_mark_before_a_table_keeps_only_a_whole_paragraphs_change() {
        let mut paras = vec![
            para(Style::Body, vec![run("Texto.", Track::None)], Track::Ins),
            para(Style::TableHeader, vec![run("a", Track::Ins)], Track::Ins),
            para(Style::Body, vec![run("Nuevo.", Track::Ins)], Track::Ins),
            para(Style::TableHeader, vec![run("b", Track::None)], Track::None),
            para(
                Style::Body,
                vec![run("Movido.", Track::MoveFrom(1))],
                Track::Del,
            ),
            para(Style::TableHeader, vec![run("c", Track::None)], Track::None),
        ];
        settle_marks_before_tables(&mut paras);
        assert_eq!(paras[0].mark, Track::None);
        assert_eq!(paras[1].mark, Track::Ins, "a row's mark is left alone");
        assert_eq!(paras[2].mark, Track::Ins);
        assert_eq!(paras[4].mark, Track::Del, "moved away whole");
    }
}
