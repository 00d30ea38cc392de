//! `--format json`: the model serialized (schema `cotejo.diff/1`).

use std::io::{self, Write};

use serde::Serialize;

/// Writes `value` as pretty JSON followed by a line break.
pub fn write<T: Serialize>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// The comparison model as JSON (`cotejo diff --format json`).
pub struct Json;

impl super::Renderer for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn form(&self) -> super::Form {
        super::Form::Stream
    }

    fn render(
        &self,
        project: &crate::project::Project,
        subject: super::Subject<'_>,
        out: super::Out<'_>,
    ) -> crate::error::Result<()> {
        let pair = super::pair_of(self.name(), subject)?;
        let with = WithProvenance {
            comparison: &pair.comparison,
            provenance: project.provenance([&pair.old, &pair.new]),
        };
        write(&with, out.stream(self.name())?).map_err(super::stream_error)
    }
}

/// The comparison and, after its members, what it was made from (when a
/// command line was recorded), for `cotejo verify`.
#[derive(Serialize)]
struct WithProvenance<'a> {
    #[serde(flatten)]
    comparison: &'a crate::model::Comparison,
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<crate::provenance::Provenance>,
}
