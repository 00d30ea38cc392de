//! `--format json`: the model serialized (schema `cotejo.diff/1`).

use std::io::{self, Write};

use serde::Serialize;

/// Writes `value` as pretty JSON followed by a line break.
pub fn write<T: Serialize>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    out.write_all(b"\n")
}
