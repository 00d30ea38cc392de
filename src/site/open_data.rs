//! The consultation as open data, as the answer to comment CP-0003 of the
//! sample promises ("los comentarios y sus respuestas se publican en formato
//! abierto, identificados por folio, fecha y sección; no se publican los
//! nombres"): `consulta.csv` and `consulta.json`, one row per comment, in the
//! comments file's order, with the stable columns of [`COLUMNS`].
//!
//! The column names are part of the site's contract: they do not follow
//! `--lang` and never change meaning. No column names a person: the
//! comments file records only the kind of participant.

use std::path::PathBuf;

use serde::Serialize;
use serde_json::{Map, Value};

use super::consultation::{chapters, full_name};
use super::frame::{folio_anchor, fragment};
use super::{Site, SiteDrafts};
use crate::error::{Error, Result};
use crate::notes::ConsultationFile;
use crate::render::labels::{Lang, key};

/// The CSV file, from the site's root.
pub const CSV: &str = "consulta.csv";
/// The JSON file, from the site's root.
pub const JSON: &str = "consulta.json";

/// The columns, in order: `(name, label key of its description)`.
pub const COLUMNS: &[(&str, &str)] = &[
    ("folio", "column_folio"),
    ("fecha", "column_fecha"),
    ("tipo_participante", "column_tipo_participante"),
    ("seccion", "column_seccion"),
    ("seccion_nombre", "column_seccion_nombre"),
    ("capitulo", "column_capitulo"),
    ("comentario", "column_comentario"),
    ("resultado", "column_resultado"),
    ("respuesta", "column_respuesta"),
    ("enlace", "column_enlace"),
];

/// A column as the consultation page documents it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ColumnView {
    pub(super) name: &'static str,
    pub(super) description: &'static str,
}

/// The columns, described in `lang`.
pub(super) fn columns(lang: Lang) -> Vec<ColumnView> {
    COLUMNS
        .iter()
        .map(|&(name, k)| ColumnView {
            name,
            description: crate::render::labels::label(lang, k),
        })
        .collect()
}

/// An enum's kebab-case name, as the comments file writes it.
fn name_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Each comment's row, values in the order of [`COLUMNS`].
fn rows(file: &ConsultationFile, drafts: &SiteDrafts<'_>, site: &Site) -> Vec<Vec<String>> {
    let doc = drafts
        .position(&file.consultation.draft.value)
        .map(|k| &drafts.drafts[k].version.document);
    let chapter_of = doc.map(chapters).unwrap_or_default();
    // Names in Spanish whatever the labels' language: the data's own words.
    let lang = Lang::Es;
    file.comments
        .iter()
        .map(|c| {
            let id = &c.section.value;
            let found = doc.and_then(|d| d.find_id(id).map(|k| (d, k)));
            let section_name = found.map_or_else(String::new, |(d, k)| full_name(d, k, lang));
            let chapter = found
                .and_then(|(d, k)| chapter_of[k].map(|ch| full_name(d, ch, lang)))
                .unwrap_or_default();
            let row = vec![
                c.folio.value.clone(),
                c.date.value.clone(),
                name_of(&c.participant),
                id.clone(),
                section_name,
                chapter,
                c.text.clone(),
                name_of(&c.outcome),
                c.response.clone(),
                site.public_url(&format!(
                    "consulta.html#{}",
                    fragment(&folio_anchor(&c.folio.value))
                )),
            ];
            debug_assert_eq!(row.len(), COLUMNS.len());
            debug_assert!(key(&row[2]).is_some() && key(&row[7]).is_some());
            row
        })
        .collect()
}

/// `consulta.csv`: RFC 4180 (a header row, CRLF line ends, a field quoted
/// when it holds a comma, a quote or a line break, quotes doubled), UTF-8
/// after a byte-order mark: without it Excel reads the file in the system's
/// code page and the accents of the Spanish text come out garbled. A cell
/// that a spreadsheet would take for a formula is neutralised
/// ([`neutralise_formula`]); `consulta.json` keeps the exact text.
pub(super) fn csv(file: &ConsultationFile, drafts: &SiteDrafts<'_>, site: &Site) -> Vec<u8> {
    let mut out = String::from(BYTE_ORDER_MARK);
    let mut line = |fields: &mut dyn Iterator<Item = &str>| {
        let cells: Vec<String> = fields.map(csv_field).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(&mut COLUMNS.iter().map(|(name, _)| *name));
    for row in rows(file, drafts, site) {
        line(&mut row.iter().map(String::as_str));
    }
    out.into_bytes()
}

/// The UTF-8 byte-order mark that opens `consulta.csv`.
const BYTE_ORDER_MARK: &str = "\u{feff}";

/// The characters that make a spreadsheet read a cell as a formula when it
/// starts with one (OWASP, «CSV Injection»): `=`, `+`, `-`, `@`, a tab, a
/// carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell that starts with one of [`FORMULA_STARTS`], with a `'` before it,
/// as OWASP recommends: the spreadsheet shows the text and runs nothing
/// (a comment is anyone's text: `=HYPERLINK(…)` would be a live link, and
/// even a comment that opens with a dash, a list, would read as `#NAME?`).
/// A cell that starts with `'` gets one too, so that the rule the column
/// notes give readers holds for every cell: a first `'` is cotejo's, and
/// without it the cell is the exact text.
fn neutralise_formula(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(FORMULA_STARTS) || value.starts_with('\'') {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

fn csv_field(value: &str) -> String {
    let value = neutralise_formula(value);
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.into_owned()
    }
}

/// `consulta.json`: the consultation (title, dates, the drafts consulted and
/// answering by id) and its comments, each an object with the CSV's columns.
pub(super) fn json(
    file: &ConsultationFile,
    drafts: &SiteDrafts<'_>,
    site: &Site,
) -> Result<Vec<u8>> {
    let c = &file.consultation;
    let comments: Vec<Value> = rows(file, drafts, site)
        .into_iter()
        .map(|row| {
            let object: Map<String, Value> = COLUMNS
                .iter()
                .zip(row)
                .map(|(&(name, _), value)| (name.to_owned(), Value::String(value)))
                .collect();
            Value::Object(object)
        })
        .collect();
    let mut consultation = Map::new();
    for (k, v) in [
        ("titulo", &c.title),
        ("borrador_consultado", &c.draft.value),
        ("borrador_resultado", &c.result.value),
        ("apertura", &c.opened),
        ("cierre", &c.closed),
    ] {
        consultation.insert(k.to_owned(), Value::String(v.clone()));
    }
    let mut top = Map::new();
    top.insert("consulta".to_owned(), Value::Object(consultation));
    top.insert(
        "columnas".to_owned(),
        Value::Array(
            COLUMNS
                .iter()
                .map(|(name, _)| Value::String((*name).to_owned()))
                .collect(),
        ),
    );
    top.insert("comentarios".to_owned(), Value::Array(comments));
    let mut bytes = serde_json::to_vec_pretty(&Value::Object(top)).map_err(|e| Error::Write {
        path: PathBuf::from(JSON),
        source: std::io::Error::other(e),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_they_must_be() {
        assert_eq!(csv_field("CP-0001"), "CP-0001");
        assert_eq!(csv_field("uno, dos"), "\"uno, dos\"");
        assert_eq!(csv_field("dijo \"no\""), "\"dijo \"\"no\"\"\"");
        assert_eq!(csv_field("a\nb"), "\"a\nb\"");
    }

    #[test]
    fn csv_cells_that_would_be_formulas_start_with_an_apostrophe() {
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("+52 55"), "'+52 55");
        assert_eq!(csv_field("- uno\n- dos"), "\"'- uno\n- dos\"");
        assert_eq!(csv_field("@SUMA(A1)"), "'@SUMA(A1)");
        assert_eq!(csv_field("\tTabulado"), "'\tTabulado");
        assert_eq!(csv_field("\rx"), "\"'\rx\"");
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        // Only the first character counts.
        assert_eq!(csv_field("1 = 1 - 0"), "1 = 1 - 0");
        // A first apostrophe is always cotejo's: one already there is kept.
        assert_eq!(csv_field("'ya citado"), "''ya citado");
        assert_eq!(csv_field(""), "");
    }
}
