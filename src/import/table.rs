//! The table of drafts `cotejo import --table` reads: one row per draft, in
//! the order of the history, as a spreadsheet exports it (CSV, with `,` or
//! `;` between fields) or as YAML.
//!
//! ```text
//! file,date,stage,title
//! borrador_1.md,2022-06-30,Grupo Técnico,Primer borrador
//! v2/,2022-09-01,Mesas de personas expertas,
//! ```
//!
//! ```yaml
//! - file: borrador_1.md
//!   date: 2022-06-30
//!   stage: Grupo Técnico
//!   title: Primer borrador
//! ```
//!
//! `file` is required (relative to the table's folder); `date`, `stage`,
//! `title` (or `label`) and `id` may be left empty.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::{Error, Result};

/// The columns a table may have.
pub const COLUMNS: [&str; 6] = ["file", "date", "stage", "title", "label", "id"];

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The draft's file or folder, as the table writes it.
    pub file: String,
    /// The line of the table it is on, for errors.
    pub line: u64,
    pub date: Option<String>,
    pub stage: Option<String>,
    pub title: Option<String>,
    pub id: Option<String>,
}

impl Row {
    /// The draft's file or folder, from the table's folder.
    pub fn path(&self, table: &Path) -> PathBuf {
        table.parent().unwrap_or(Path::new("")).join(&self.file)
    }
}

/// Reads the table at `path`: YAML when its name ends in `.yaml` or `.yml`,
/// else CSV.
pub fn read(path: &Path) -> Result<Vec<Row>> {
    let bytes = crate::input::read_regular(path)?;
    let yaml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    let rows = if yaml {
        from_yaml(path, bytes)?
    } else {
        let text = crate::input::decode(bytes, || path.display().to_string())?;
        from_csv(path, &text)?
    };
    if rows.is_empty() {
        return Err(invalid(
            path,
            1,
            "lists no draft: write one row per draft, oldest first",
        ));
    }
    Ok(rows)
}

fn invalid(path: &Path, line: u64, why: &str) -> Error {
    Error::Import {
        why: format!("the table {}:{line} {why}", path.display()),
    }
}

/// A row as YAML writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YamlRow {
    file: Spanned<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    stage: Option<String>,
    #[serde(default, alias = "label")]
    title: Option<String>,
    #[serde(default)]
    id: Option<String>,
}

fn from_yaml(path: &Path, bytes: Vec<u8>) -> Result<Vec<Row>> {
    let rows: Vec<YamlRow> = crate::yaml::from_bytes(path, bytes)?;
    Ok(rows
        .into_iter()
        .map(|r| Row {
            line: r.file.referenced.line(),
            file: r.file.value,
            date: given(r.date),
            stage: given(r.stage),
            title: given(r.title),
            id: given(r.id),
        })
        .collect())
}

/// A value, or `None` when it is empty.
fn given(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn from_csv(path: &Path, text: &str) -> Result<Vec<Row>> {
    // A spreadsheet set to a language whose decimal mark is the comma
    // exports with `;` between fields.
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if header.contains(';') && !header.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    // The line a record is on (the reader's own count leaves out blank
    // lines, and its position is before the blank lines it passed over).
    let line_at = |position: Option<&csv::Position>| {
        position.map_or(1, |p| {
            let bytes = text.as_bytes();
            let mut at = usize::try_from(p.byte())
                .unwrap_or(usize::MAX)
                .min(bytes.len());
            while matches!(bytes.get(at), Some(b'\n' | b'\r')) {
                at += 1;
            }
            let newlines = bytes[..at].iter().filter(|&&b| b == b'\n').count();
            u64::try_from(newlines).unwrap_or(u64::MAX) + 1
        })
    };
    let csv_error = |e: csv::Error| {
        let line = line_at(e.position());
        invalid(path, line, &format!("cannot be read as CSV: {e}"))
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    if let Some(unknown) = headers.iter().find(|h| !COLUMNS.contains(&h.as_str())) {
        return Err(invalid(
            path,
            1,
            &format!(
                "has a column `{unknown}` cotejo does not know: the first line names the \
                 columns, among {}",
                COLUMNS.join(", ")
            ),
        ));
    }
    let column = |name: &str| headers.iter().position(|h| h == name);
    let Some(file) = column("file") else {
        return Err(invalid(
            path,
            1,
            &format!(
                "has no `file` column: its first line names the columns ({}), `file` at least",
                COLUMNS.join(", ")
            ),
        ));
    };
    let (date, stage, id) = (column("date"), column("stage"), column("id"));
    let title = column("title").or_else(|| column("label"));
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = line_at(record.position());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let cell = |k: Option<usize>| given(k.and_then(|k| record.get(k)).map(str::to_owned));
        let Some(name) = cell(Some(file)) else {
            return Err(invalid(
                path,
                line,
                "has an empty `file`: name the draft's file or folder",
            ));
        };
        rows.push(Row {
            file: name,
            line,
            date: cell(date),
            stage: cell(stage),
            title: cell(title),
            id: cell(id),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Result<Vec<Row>> {
        from_csv(Path::new("tabla.csv"), text)
    }

    #[test]
    fn csv_rows_keep_their_order_lines_and_empty_cells() {
        let rows = csv("file,date,stage,label\n\
             borrador_2.md,2022-09-01,\"Mesas, expertas\",Segundo\n\
             \n\
             v1/,2022-06-30,,\n")
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].file, "borrador_2.md");
        assert_eq!(rows[0].stage.as_deref(), Some("Mesas, expertas"));
        assert_eq!(rows[0].title.as_deref(), Some("Segundo"));
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[1].file, "v1/");
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].stage, None);
    }

    #[test]
    fn semicolons_and_a_byte_order_mark_are_read() {
        let rows = csv("\u{feff}File;Date\nuno.md;2022-01-02\n").unwrap();
        assert_eq!(rows[0].file, "uno.md");
        assert_eq!(rows[0].date.as_deref(), Some("2022-01-02"));
    }

    #[test]
    fn unknown_or_missing_columns_are_refused_by_name() {
        let e = csv("file,fecha\nuno.md,2022\n").unwrap_err().to_string();
        assert!(e.contains("tabla.csv:1") && e.contains("`fecha`"), "{e}");
        let e = csv("date\n2022-01-02\n").unwrap_err().to_string();
        assert!(e.contains("no `file` column"), "{e}");
        let e = csv("file,date\n,2022-01-02\n").unwrap_err().to_string();
        assert!(
            e.contains("tabla.csv:2") && e.contains("empty `file`"),
            "{e}"
        );
    }
}
