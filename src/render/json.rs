//! `--format json`: the model serialized (schema `cotejo.diff/1`).

use std::io::{self, Write};

use serde::Serialize;

/// Writes `value` as pretty JSON followed by a line break.
///
/// Through a buffer of its own: serde_json writes each bracket, indent,
/// key and string in a call of its own (a comparison of 100,000 sections is
/// tens of millions of them), which a `BufWriter` whose type is known here
/// takes inline, where each would be a dynamic call on `out`.
pub fn write<T: Serialize>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    let mut serializer = serde_json::Serializer::with_formatter(&mut buffered, Pretty::default());
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// serde_json's `PrettyFormatter` (two spaces a level), byte for byte, but
/// for the line break, comma and indent before a value: written as one
/// slice of [`BREAKS`], where serde_json writes each piece and each level's
/// two spaces apart.
#[derive(Default)]
struct Pretty {
    level: usize,
    has_value: bool,
}

/// A comma, a line break and the indent of the deepest level written in one
/// piece; deeper levels add their spaces apart.
const BREAKS: &[u8; 2 + 2 * 32] =
    b",\n                                                                ";

impl Pretty {
    /// A line break (after a comma when `comma`) and the current indent.
    fn line<W: ?Sized + Write>(&self, writer: &mut W, comma: bool) -> io::Result<()> {
        let from = usize::from(!comma);
        let spaces = 2 * self.level;
        if spaces <= BREAKS.len() - 2 {
            return writer.write_all(&BREAKS[from..2 + spaces]);
        }
        writer.write_all(&BREAKS[from..])?;
        for _ in 0..(spaces - (BREAKS.len() - 2)) / 2 {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl Pretty {
    /// An array's or an object's opening bracket: one level deeper, empty so far.
    #[inline]
    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// Its closing bracket, on a line of its own unless it held nothing.
    #[inline]
    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(writer, false)?;
        }
        writer.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Pretty {
    #[inline]
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    #[inline]
    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    #[inline]
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(writer, !first)
    }

    #[inline]
    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    #[inline]
    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    #[inline]
    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    #[inline]
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(writer, !first)
    }

    #[inline]
    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    #[inline]
    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same bytes as serde_json's pretty printer, at every depth (past
    /// the indent written in one piece too), for empty and full arrays and
    /// objects.
    #[test]
    fn pretty_is_serde_jsons_pretty() {
        let mut deep = serde_json::json!({"a": [1, {}, [], "x\n\"y\"", null, {"b": true}]});
        for level in 0..40 {
            deep = serde_json::json!({"level": level, "inner": [deep, [], {}], "s": "é\t"});
        }
        let mut ours = Vec::new();
        write(&deep, &mut ours).unwrap();
        let mut theirs = serde_json::to_vec_pretty(&deep).unwrap();
        theirs.push(b'\n');
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs).unwrap()
        );
    }
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
