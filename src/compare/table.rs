//! Tables compared cell by cell: the cells of a row, which column of one
//! version is which of the other, and the word diff of two rows.
//!
//! A row pair is diffed cell by cell so that a word never leaves its cell:
//! "INAI" struck in the second column and written in the third reads as two
//! cells changed, not as one phrase edited across a `|`. Which cells pair is
//! the tables' *column map*, found from the header rows: equal header cells
//! pair in order, and between two such pairs as many columns on each side pair
//! in order (a renamed column is the same column, its header edited). A column
//! found on one side only was added or removed: its cells are inserted or
//! deleted whole in every row.

use std::ops::Range;

use super::worddiff::{Joined, WordCounts, diff_counted};
use crate::model::DiffToken;

/// The byte ranges of a row's cells in `row` (one line, no line break): the
/// text between its pipes, the spaces around the words included. The outer
/// pipes, when the row has them, are not cells.
pub fn cells(row: &str) -> Vec<Range<usize>> {
    let pipes = pipes(row);
    let mut bounds: Vec<usize> = Vec::with_capacity(pipes.len() + 2);
    let leading = row[..pipes.first().copied().unwrap_or(row.len())]
        .trim()
        .is_empty()
        && !pipes.is_empty();
    if !leading {
        bounds.push(0);
    }
    for &p in &pipes {
        bounds.push(p);
    }
    let trailing = pipes
        .last()
        .is_some_and(|&p| row[p + 1..].trim().is_empty() && (p > 0 || !leading));
    if !trailing {
        bounds.push(row.len());
    }
    // Between consecutive bounds: a cell (after a pipe, its content starts
    // one byte later).
    bounds
        .windows(2)
        .map(|w| {
            let start = if row.as_bytes().get(w[0]) == Some(&b'|') {
                w[0] + 1
            } else {
                w[0]
            };
            start..w[1]
        })
        .collect()
}

/// The positions of a row's cell separators: `|` not escaped by a backslash.
fn pipes(row: &str) -> Vec<usize> {
    let bytes = row.as_bytes();
    let mut out = Vec::new();
    let mut k = 0;
    while k < bytes.len() {
        match bytes[k] {
            b'\\' => k += 2,
            b'|' => {
                out.push(k);
                k += 1;
            }
            _ => k += 1,
        }
    }
    out
}

/// A cell's words, for comparing cells: trimmed, inner spaces collapsed.
fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Which column of the old table is which of the new: `(Some(old),
/// Some(new))` for a column kept, `(Some(old), None)` for one removed,
/// `(None, Some(new))` for one added; in the order of both tables.
pub type ColumnMap = Vec<(Option<usize>, Option<usize>)>;

/// The column map of two header rows (or of two rows with no header to go
/// by): equal cells pair in order (the longest common subsequence), and
/// between two such pairs the columns left pair in order when both sides left
/// as many, or by shared words when they did not.
pub fn column_map(old_cells: &[&str], new_cells: &[&str]) -> ColumnMap {
    let old: Vec<String> = old_cells.iter().map(|c| normalized(c)).collect();
    let new: Vec<String> = new_cells.iter().map(|c| normalized(c)).collect();
    let mut map = ColumnMap::new();
    let (mut i, mut j) = (0, 0);
    for (oi, nj) in common_subsequence(&old, &new)
        .into_iter()
        .chain([(old.len(), new.len())])
    {
        fill_gap(&old[i..oi], &new[j..nj], i, j, &mut map);
        if oi < old.len() {
            map.push((Some(oi), Some(nj)));
        }
        (i, j) = (oi + 1, nj + 1);
    }
    map
}

/// The columns between two kept ones: in order when both sides have as many
/// (renamed columns), else each old one pairs with the first new one after
/// the last pair that shares a word with it; the rest were added or removed.
fn fill_gap(old: &[String], new: &[String], i0: usize, j0: usize, map: &mut ColumnMap) {
    if old.len() == new.len() {
        map.extend((0..old.len()).map(|k| (Some(i0 + k), Some(j0 + k))));
        return;
    }
    let shares = |a: &str, b: &str| {
        a.split(' ')
            .any(|w| !w.is_empty() && b.split(' ').any(|v| v.eq_ignore_ascii_case(w)))
    };
    let mut next_new = 0;
    for (a, cell) in old.iter().enumerate() {
        match (next_new..new.len()).find(|&b| shares(cell, &new[b])) {
            Some(b) => {
                map.extend((next_new..b).map(|k| (None, Some(j0 + k))));
                map.push((Some(i0 + a), Some(j0 + b)));
                next_new = b + 1;
            }
            None => map.push((Some(i0 + a), None)),
        }
    }
    map.extend((next_new..new.len()).map(|k| (None, Some(j0 + k))));
}

/// The longest common subsequence of two short lists (a table's columns: the
/// cost is their product, bounded by the caller).
fn common_subsequence(a: &[String], b: &[String]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut len = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i][j] = if a[i] == b[j] {
                len[i + 1][j + 1] + 1
            } else {
                len[i + 1][j].max(len[i][j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((i, j));
            (i, j) = (i + 1, j + 1);
        } else if len[i + 1][j] >= len[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// More columns than this and a row is diffed as one text: no real table has
/// them, and the column map costs their product.
const MAX_COLUMNS: usize = 64;

/// The column map two rows of these cell counts follow: the table's, when
/// both rows have its columns; else cell by cell in order when both have as
/// many; else one found from the rows themselves.
fn map_for(table: Option<&ColumnMap>, old: &[&str], new: &[&str]) -> ColumnMap {
    if let Some(map) = table {
        let old_width = map.iter().filter(|c| c.0.is_some()).count();
        let new_width = map.iter().filter(|c| c.1.is_some()).count();
        if old_width == old.len() && new_width == new.len() {
            return map.clone();
        }
    }
    if old.len() == new.len() {
        return (0..old.len()).map(|k| (Some(k), Some(k))).collect();
    }
    column_map(old, new)
}

/// The word diff of two table rows (one line each), cell by cell along
/// `table`'s column map; `None` when either is not a row of cells the two
/// can be compared by (no pipes, or too many columns).
pub fn diff_rows(
    old: &str,
    new: &str,
    table: Option<&ColumnMap>,
) -> Option<(Vec<DiffToken>, WordCounts)> {
    let (old_cells, new_cells) = (cells(old), cells(new));
    if old_cells.len() < 2
        || new_cells.len() < 2
        || old_cells.len() > MAX_COLUMNS
        || new_cells.len() > MAX_COLUMNS
    {
        return None;
    }
    let old_texts: Vec<&str> = old_cells.iter().map(|c| &old[c.clone()]).collect();
    let new_texts: Vec<&str> = new_cells.iter().map(|c| &new[c.clone()]).collect();
    let map = map_for(table, &old_texts, &new_texts);
    let mut out = Joined::default();
    let mut add = |o: &str, n: &str| out.push(diff_counted(o, n));
    // What lies between two kept cells (pipes, and the cells of columns
    // added or removed) is diffed as one text; each kept cell alone.
    let (mut old_at, mut new_at) = (0, 0);
    for (o, n) in map {
        if let (Some(o), Some(n)) = (o, n) {
            let (oc, nc) = (old_cells[o].clone(), new_cells[n].clone());
            add(&old[old_at..oc.start], &new[new_at..nc.start]);
            add(&old[oc.clone()], &new[nc.clone()]);
            (old_at, new_at) = (oc.end, nc.end);
        }
    }
    add(&old[old_at..], &new[new_at..]);
    Some(out.finish())
}

/// The column map of two table header blocks (the header row and its
/// delimiter row under it): from their first lines.
pub fn header_map(old_header: &str, new_header: &str) -> Option<ColumnMap> {
    let first = |h: &'_ str| {
        let line = crate::markdown::lines(h).next().unwrap_or_default();
        crate::markdown::trim_line_end(line).to_owned()
    };
    let (old, new) = (first(old_header), first(new_header));
    let (oc, nc) = (cells(&old), cells(&new));
    if oc.len() > MAX_COLUMNS || nc.len() > MAX_COLUMNS {
        return None;
    }
    let old_texts: Vec<&str> = oc.iter().map(|c| &old[c.clone()]).collect();
    let new_texts: Vec<&str> = nc.iter().map(|c| &new[c.clone()]).collect();
    Some(column_map(&old_texts, &new_texts))
}

/// The word diff of two blocks of table lines (a row, or a header with its
/// delimiter row) line by line, each line cell by cell; `None` when they do
/// not have as many lines or a line is not a row of cells.
pub fn diff_table_lines(
    old: &str,
    new: &str,
    table: Option<&ColumnMap>,
) -> Option<(Vec<DiffToken>, WordCounts)> {
    let old_lines: Vec<&str> = crate::markdown::lines(old).collect();
    let new_lines: Vec<&str> = crate::markdown::lines(new).collect();
    if old_lines.len() != new_lines.len() {
        return None;
    }
    let mut out = Joined::default();
    for (o, n) in old_lines.iter().zip(&new_lines) {
        let (o_row, o_end) = o.split_at(o.trim_end_matches(['\n', '\r']).len());
        let (n_row, n_end) = n.split_at(n.trim_end_matches(['\n', '\r']).len());
        out.push(diff_rows(o_row, n_row, table)?);
        out.push(diff_counted(o_end, n_end));
    }
    Some(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Op;

    fn texts(row: &str) -> Vec<&str> {
        cells(row).into_iter().map(|c| &row[c]).collect()
    }

    #[test]
    fn cells_with_and_without_outer_pipes() {
        assert_eq!(texts("| a | b |"), [" a ", " b "]);
        assert_eq!(texts("a | b"), ["a ", " b"]);
        assert_eq!(texts("| a | b"), [" a ", " b"]);
        assert_eq!(texts("a | b |"), ["a ", " b "]);
        assert_eq!(texts(r"| a \| x | b |"), [r" a \| x ", " b "]);
        assert_eq!(texts("|---|:--:|"), ["---", ":--:"]);
        assert_eq!(texts("| a |  |"), [" a ", "  "]);
    }

    #[test]
    fn column_map_kept_renamed_added_removed() {
        let map = column_map(&["Acción", "Responsable", "Plazo"], &["Acción", "Plazo"]);
        assert_eq!(
            map,
            [(Some(0), Some(0)), (Some(1), None), (Some(2), Some(1))]
        );
        let map = column_map(&["Acción", "Plazo"], &["Acción", "Meta", "Plazo"]);
        assert_eq!(
            map,
            [(Some(0), Some(0)), (None, Some(1)), (Some(1), Some(2))]
        );
        // Renamed: the same place, another header.
        let map = column_map(&["Acción", "Fecha", "Meta"], &["Acción", "Plazo", "Meta"]);
        assert_eq!(
            map,
            [(Some(0), Some(0)), (Some(1), Some(1)), (Some(2), Some(2))]
        );
        // Renamed and added in one gap: the shared word decides.
        let map = column_map(
            &["Acción", "Fecha límite"],
            &["Acción", "Meta", "Fecha final"],
        );
        assert_eq!(
            map,
            [(Some(0), Some(0)), (None, Some(1)), (Some(1), Some(2))]
        );
    }

    fn rebuilds(old: &str, new: &str, tokens: &[DiffToken]) {
        let side = |skip: Op| -> String {
            tokens
                .iter()
                .filter(|t| t.op != skip)
                .map(|t| t.text.as_str())
                .collect()
        };
        assert_eq!(side(Op::Insert), old);
        assert_eq!(side(Op::Delete), new);
    }

    #[test]
    fn a_word_never_leaves_its_cell() {
        let old = "| Publicar el inventario | INAI | 2025 |";
        let new = "| Publicar el inventario | SNT | INAI |";
        let (tokens, counts) = diff_rows(old, new, None).unwrap();
        rebuilds(old, new, &tokens);
        // INAI is struck in the second cell and written in the third: not
        // kept as one word matched across the pipe.
        let changed: Vec<(Op, &str)> = tokens
            .iter()
            .filter(|t| t.op != Op::Equal)
            .map(|t| (t.op, t.text.trim()))
            .collect();
        assert_eq!(
            changed,
            [
                (Op::Delete, "INAI"),
                (Op::Insert, "SNT"),
                (Op::Delete, "2025"),
                (Op::Insert, "INAI")
            ]
        );
        assert_eq!((counts.deleted, counts.inserted), (2, 2));
    }

    #[test]
    fn a_column_added_inserts_its_cell_whole() {
        let header_old = "| Acción | Plazo |\n|---|---|";
        let header_new = "| Acción | Meta | Plazo |\n|---|---|---|";
        let map = header_map(header_old, header_new).unwrap();
        let (tokens, _) = diff_table_lines(header_old, header_new, Some(&map)).unwrap();
        rebuilds(header_old, header_new, &tokens);
        let (old, new) = ("| Publicar | 2025 |", "| Publicar | 100% | 2025 |");
        let (tokens, counts) = diff_rows(old, new, Some(&map)).unwrap();
        rebuilds(old, new, &tokens);
        assert_eq!((counts.deleted, counts.inserted), (0, 1));
        let inserted: String = tokens
            .iter()
            .filter(|t| t.op == Op::Insert)
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(inserted.trim(), "100% |");
    }

    #[test]
    fn rows_that_are_not_rows_of_cells() {
        assert!(diff_rows("no pipes", "| a | b |", None).is_none());
        let wide = format!("|{}", " x |".repeat(MAX_COLUMNS + 1));
        assert!(diff_rows(&wide, &wide, None).is_none());
        assert!(diff_table_lines("| a | b |\n|-|-|", "| a | b |", None).is_none());
    }
}
