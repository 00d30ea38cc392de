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
    /// A formatter inside `level` levels of brackets, nothing written yet.
    fn at(level: usize) -> Pretty {
        Pretty {
            level,
            has_value: false,
        }
    }

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

    /// The member-by-member writer, its sections formatted on several
    /// threads in more than one round, gives serde's bytes: with and without
    /// provenance, and with no section at all.
    #[test]
    fn comparison_in_parallel_is_serdes_bytes() {
        use crate::source::Version;
        let text = |n: usize, word: &str| -> String {
            (0..n)
                .map(|k| format!("## Artículo {k}\n\nTexto {word} del \"{k}\".\n\n"))
                .collect()
        };
        let sections =
            MIN_SECTIONS_SPREAD + 2 * SECTIONS_PER_ROUND * crate::parallel::threads() + 7;
        for (old, new) in [
            (text(sections, "viejo"), text(sections + 3, "nuevo")),
            (String::new(), String::new()),
        ] {
            let version = |label: &str, body: String| {
                Version::assemble(label.to_owned(), None, vec![(label.to_owned(), body)])
            };
            let (old, new) = (version("old.md", old), version("new.md", new));
            let comparison = crate::compare::compare(
                old.side(),
                new.side(),
                &crate::compare::Options::default(),
            );
            let provenance = Some(crate::provenance::Provenance {
                tool: "cotejo 0".to_owned(),
                args: vec!["diff".to_owned(), "old.md".to_owned()],
                versions: Vec::new(),
            });
            for provenance in [None, provenance] {
                let with = WithProvenance {
                    comparison: &comparison,
                    provenance,
                };
                let (mut ours, mut serde) = (Vec::new(), Vec::new());
                write_comparison(&with, &mut ours).unwrap();
                write(&with, &mut serde).unwrap();
                assert_eq!(
                    String::from_utf8(ours).unwrap(),
                    String::from_utf8(serde).unwrap()
                );
            }
        }
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
        let provenance = project.provenance([&pair.old, &pair.new]);
        write_json(&pair.comparison, provenance, out.stream(self.name())?)
    }
}

/// The JSON of `comparison`, with `provenance` when there is one: what
/// [`Json`] writes of a pair, for a caller that holds the comparison alone
/// (`cotejo diff` frees the texts before it writes).
pub(crate) fn write_json(
    comparison: &crate::model::Comparison,
    provenance: Option<crate::provenance::Provenance>,
    out: &mut dyn Write,
) -> crate::error::Result<()> {
    let with = WithProvenance {
        comparison,
        provenance,
    };
    if cfg!(debug_assertions) {
        // The member-by-member writer gives serde's bytes: checked on
        // every comparison the test suite writes.
        let (mut ours, mut serde) = (Vec::new(), Vec::new());
        write_comparison(&with, &mut ours).map_err(super::stream_error)?;
        write(&with, &mut serde).map_err(super::stream_error)?;
        debug_assert!(ours == serde, "the JSON differs from serde's");
    }
    write_comparison(&with, out).map_err(super::stream_error)
}

/// Sections formatted by each thread at a time: a few hundred kilobytes of
/// JSON held per thread, not the whole list's. (2,048 held the 5 MB bench
/// pair's whole JSON, 4 MB, at once: 3 MiB more peak memory than writing it
/// as it is made; a round costs one thread started.)
const SECTIONS_PER_ROUND: usize = 256;

/// Fewer sections than this are formatted on the calling thread: a
/// document's usual few hundred, whose JSON one thread writes in a
/// millisecond. A second thread costs its own allocator arena (+0.3 to 0.5
/// MiB of peak memory, which issue 14 bounds at 1.5× git's); `cotejo diff`
/// frees the two texts before it writes, which leaves room for it on the
/// 5 MB bench pair's 3,272 sections (measured: the same peak).
const MIN_SECTIONS_SPREAD: usize = 2048;

/// Writes `with` as [`write`] does, byte for byte, but for the list of
/// sections, formatted on every core in rounds of [`SECTIONS_PER_ROUND`]
/// per thread and written in order: the JSON of 100,000 sections is 171 MB,
/// which one thread took a third of a second to format after the diffs.
/// The members are written one by one, in the order of `Comparison`'s
/// fields (debug builds compare the whole with [`write`]'s).
fn write_comparison(with: &WithProvenance<'_>, out: &mut dyn Write) -> io::Result<()> {
    let comparison = with.comparison;
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    buffered.write_all(b"{")?;
    let mut first = true;
    let mut member = |out: &mut io::BufWriter<&mut dyn Write>, name: &str| {
        Pretty::at(1).line(out, !first)?;
        first = false;
        out.write_all(b"\"")?;
        out.write_all(name.as_bytes())?;
        out.write_all(b"\": ")
    };
    member(&mut buffered, "schema")?;
    write_at(&comparison.schema, 1, &mut buffered)?;
    member(&mut buffered, "old")?;
    write_at(&comparison.old, 1, &mut buffered)?;
    member(&mut buffered, "new")?;
    write_at(&comparison.new, 1, &mut buffered)?;
    member(&mut buffered, "summary")?;
    write_at(&comparison.summary, 1, &mut buffered)?;
    member(&mut buffered, "sections")?;
    write_sections(&comparison.sections, &mut buffered)?;
    if let Some(provenance) = &with.provenance {
        member(&mut buffered, "provenance")?;
        write_at(provenance, 1, &mut buffered)?;
    }
    buffered.write_all(b"\n}\n")?;
    buffered.flush()
}

/// `value` as [`Pretty`] writes it inside `level` levels of brackets.
fn write_at<T: Serialize + ?Sized, W: Write>(value: &T, level: usize, out: W) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, Pretty::at(level));
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// The list of sections, a member of the top object: each item on a line
/// of its own, two levels in.
fn write_sections(
    sections: &[crate::model::SectionChange],
    out: &mut impl Write,
) -> io::Result<()> {
    if sections.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    let threads = crate::parallel::threads();
    if threads < 2 || sections.len() < MIN_SECTIONS_SPREAD {
        // Straight to the output, as it is made: no round held in memory.
        write_items(0, sections, out)?;
        return out.write_all(b"\n  ]");
    }
    let format = |at: usize, items: &[crate::model::SectionChange]| -> io::Result<Vec<u8>> {
        let mut bytes = Vec::with_capacity(items.len() * 1024);
        write_items(at, items, &mut bytes)?;
        Ok(bytes)
    };
    let round = SECTIONS_PER_ROUND * threads;
    for (r, batch) in sections.chunks(round).enumerate() {
        let at = r * round;
        let chunk = batch.len().div_ceil(threads);
        let parts: Vec<io::Result<Vec<u8>>> = std::thread::scope(|scope| {
            let format = &format;
            let mut parts = batch.chunks(chunk).enumerate();
            // The first part on this thread, the others on their own.
            let (_, head) = parts.next().expect("a batch is never empty");
            let handles: Vec<_> = parts
                .map(|(p, part)| scope.spawn(move || format(at + p * chunk, part)))
                .collect();
            let mut results = vec![format(at, head)];
            results.extend(
                handles
                    .into_iter()
                    .map(|h| h.join().expect("formatting JSON does not panic")),
            );
            results
        });
        for part in parts {
            out.write_all(&part?)?;
        }
    }
    out.write_all(b"\n  ]")
}

/// `items`, the list's items from number `at` on, each on a line of its
/// own after a comma (but the list's first).
fn write_items(
    at: usize,
    items: &[crate::model::SectionChange],
    out: &mut impl Write,
) -> io::Result<()> {
    for (k, item) in items.iter().enumerate() {
        Pretty::at(2).line(out, at + k > 0)?;
        write_at(item, 2, &mut *out)?;
    }
    Ok(())
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
