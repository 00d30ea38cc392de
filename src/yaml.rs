//! The one place YAML (the manifest, the notes, the consultation) is parsed:
//! with a budget sized to the file, and the parser's errors told in the
//! reader's terms.
//!
//! The budget: serde-saphyr's defaults cap a document at 250,000 nodes, which
//! a consultation of 17,000 comments passes. A file without aliases cannot
//! hold more nodes, events or scalar bytes than a small multiple of its own
//! bytes, so those limits grow with the file (from the defaults up). What a
//! YAML bomb uses — aliases replayed over and over, anchors, nesting — keeps
//! its fixed limit, whatever the file's size.

use std::borrow::Cow;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Budget, Error as YamlError, MessageFormatter, Options, UserMessageFormatter};

/// What went wrong, where, in the reader's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

/// Parses `text`, the whole content of `path`, as a `T`.
pub fn parse<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, Problem> {
    serde_saphyr::from_str_with_options(text, options(text.len())).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        Problem {
            line,
            column,
            message: message(&e).into_owned(),
        }
    })
}

/// The parser's options for a file of `bytes` bytes: its budget grows with the
/// file; aliases keep a fixed budget.
fn options(bytes: usize) -> Options {
    let defaults = Budget::default();
    let mut budget = Budget::default();
    // A node (a scalar, a list, a mapping) takes at least one byte of the file,
    // an event at most two per node, a scalar's text at most its bytes.
    budget.max_nodes = defaults.max_nodes.max(bytes.saturating_add(16));
    budget.max_events = defaults.max_events.max(bytes.saturating_mul(2));
    budget.max_total_scalar_bytes = defaults.max_total_scalar_bytes.max(bytes);
    let mut options = Options::default();
    options.budget = Some(budget);
    options
}

/// The parser's error as a reader of the file can act on it: no Rust type,
/// no option of the parser.
fn message(e: &YamlError) -> Cow<'static, str> {
    let mut e = e;
    while let YamlError::WithSnippet { error, .. } | YamlError::AliasError { error, .. } = e {
        e = error;
    }
    match e {
        YamlError::DuplicateMappingKey { key, .. } => match key {
            Some(key) => format!("`{key}` is written twice here; keep one of the two").into(),
            None => "a key is written twice here; keep one of the two".into(),
        },
        YamlError::MultipleDocuments { .. } => "the file holds more than one YAML document \
             (a `---` line after the first): keep one document, remove the extra `---`"
            .into(),
        YamlError::NullIntoString { .. } | YamlError::InvalidCharNull { .. } => {
            "a value is missing here (empty, `~` or `null`): write the text, between quotes \
             if it has a `:` or a `#`"
                .into()
        }
        YamlError::SerdeMissingField { field, .. } => {
            format!("the key `{field}` is missing here: add it").into()
        }
        YamlError::SerdeUnknownField {
            field, expected, ..
        } => format!(
            "unknown key `{field}`: the keys here are {}",
            quoted_list(expected)
        )
        .into(),
        YamlError::SerdeUnknownVariant {
            variant, expected, ..
        } => format!(
            "`{variant}` is not a value this key takes: use one of {}",
            quoted_list(expected)
        )
        .into(),
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => format!("expected {expected} here, found {unexpected}").into(),
        YamlError::Unexpected { expected, .. } => {
            format!("expected {} here", structure(expected)).into()
        }
        YamlError::Eof { .. } => "the file ends in the middle of a value".into(),
        YamlError::UnknownAnchor { .. } => {
            "an alias (`*name`) names no anchor (`&name`) written before it".into()
        }
        YamlError::TaggedScalarCannotDeserializeIntoString { .. }
        | YamlError::InvalidBinaryBase64 { .. }
        | YamlError::BinaryNotUtf8 { .. } => {
            "YAML tags (`!!binary`, `!name`) are not used in this file: remove the tag, or put \
             the value between quotes"
                .into()
        }
        YamlError::Budget { breach, .. } => too_much(breach),
        YamlError::AliasReplayCounterOverflow { .. }
        | YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. } => ALIAS_BOMB.into(),
        other => UserMessageFormatter
            .format_message(other)
            .into_owned()
            .into(),
    }
}

const ALIAS_BOMB: &str = "aliases (`*name`) here repeat anchored values (`&name`) into more than \
     cotejo reads (the shape of a YAML bomb): write the values out instead of aliasing them";

/// A budget breach in the reader's terms.
fn too_much(breach: &BudgetBreach) -> Cow<'static, str> {
    let what = match breach {
        BudgetBreach::Depth { depth } => {
            return format!(
                "lists and mappings are nested {depth} deep here, more than cotejo reads: \
                 flatten them"
            )
            .into();
        }
        BudgetBreach::Documents { .. } => {
            return "the file holds too many YAML documents (`---` lines): keep one".into();
        }
        BudgetBreach::Aliases { .. }
        | BudgetBreach::Anchors { .. }
        | BudgetBreach::AliasAnchorRatio { .. }
        | BudgetBreach::RecordedAnchorEvents { .. }
        | BudgetBreach::RecordedAnchorBytes { .. }
        | BudgetBreach::MergeKeys { .. } => return ALIAS_BOMB.into(),
        BudgetBreach::Nodes { nodes } => format!("more than {nodes} values"),
        BudgetBreach::Events { events } => format!("more than {events} parts"),
        BudgetBreach::ScalarBytes { total_scalar_bytes } => {
            format!("more than {total_scalar_bytes} bytes of text")
        }
        other => format!("more than cotejo reads ({other:?})"),
    };
    format!(
        "the file expands to {what}, far more than its own size holds: it is likely built \
         with aliases (`*name`); write the values out instead"
    )
    .into()
}

/// What the parser calls a structure, as the file's writer sees it.
fn structure(expected: &str) -> &str {
    match expected {
        "sequence start" => "a list (lines starting with `- `)",
        "mapping start" | "empty mapping start" => "keys with values (`key: value`)",
        "string scalar" | "scalar" | "value" => "a single value (text, between quotes if needed)",
        "mapping end" | "empty mapping end" => "the end of the keys at this indentation",
        other => other,
    }
}

fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads the YAML file at `path` (a regular file, UTF-8) as a `T`; errors name
/// the file, its line and column.
pub fn read<T: for<'de> Deserialize<'de>>(path: &Path) -> crate::error::Result<T> {
    from_bytes(path, crate::input::read_regular(path)?)
}

/// Parses `bytes`, read from `path`, as a `T`; errors name the file, its line
/// and column.
pub fn from_bytes<T: for<'de> Deserialize<'de>>(
    path: &Path,
    bytes: Vec<u8>,
) -> crate::error::Result<T> {
    let text = crate::input::decode(bytes, || path.display().to_string())?;
    parse(&text).map_err(|p| crate::error::Error::YamlSyntax {
        path: path.to_owned(),
        line: p.line,
        column: p.column,
        message: p.message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        name: String,
        text: String,
    }

    #[test]
    fn a_long_file_of_plain_values_is_within_its_budget() {
        let mut text = String::from("items:\n");
        for k in 0..140_000 {
            text += &format!("  - name: n{k}\n    text: t\n");
        }
        #[derive(Debug, Deserialize)]
        struct File {
            items: Vec<Item>,
        }
        let file: File = parse(&text).expect("within budget");
        assert_eq!(file.items.len(), 140_000);
    }

    #[test]
    fn a_billion_laughs_is_refused_in_the_readers_terms() {
        let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (k, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
            let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][k];
            let aliases = vec![format!("*{prev}"); 9].join(", ");
            text += &format!("{name}: &{name} [{aliases}]\n");
        }
        // No clock: refused by its alias count, the bomb is never expanded
        // (expanded, it would be 9^9 nodes and the test would not finish).
        let problem = parse::<serde_json::Value>(&text).expect_err("a bomb");
        assert!(problem.message.contains("aliases"), "{}", problem.message);
    }
}
