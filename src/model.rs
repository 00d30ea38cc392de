//! The comparison model: plain serde types.
//!
//! `cotejo diff --format json` is this model serialized (schema `cotejo.diff/1`,
//! `tests/schema/diff-v2.schema.json`), and every renderer reads it: no renderer
//! recomputes a diff.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// The schema identifier written in every JSON output.
pub const SCHEMA: &str = "cotejo.diff/2";

/// Section-level comparison of two versions of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub schema: String,
    pub old: VersionInfo,
    pub new: VersionInfo,
    pub summary: Summary,
    /// Ordered by the new version; each removed section right after the entry of
    /// the section that preceded it in the old version.
    pub sections: Vec<SectionChange>,
}

impl Comparison {
    /// The section of entry `entry` at the other end of moved text: where it
    /// stands now when the text went to it (`went`), where it stood when the
    /// text came from it.
    pub fn moved_end(&self, entry: usize, went: bool) -> Option<&SectionRef> {
        let other = self.sections.get(entry)?;
        if went {
            other.new.as_ref().or(other.old.as_ref())
        } else {
            other.old.as_ref().or(other.new.as_ref())
        }
    }
}

/// Where a compared version came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    /// Draft id, git revision or file path as the user named it.
    pub label: String,
    /// Full commit id when read from git.
    pub commit: Option<String>,
    /// SHA-256 (hex) of the exact Markdown bytes compared.
    pub sha256: String,
    /// Number of sections.
    pub sections: usize,
}

/// Counts over the whole comparison.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub added: usize,
    pub removed: usize,
    pub modified: usize,
    pub unchanged: usize,
    pub moved: usize,
    pub renamed: usize,
    pub renumbered: usize,
    /// Words inserted, not counting words that only moved between sections.
    pub words_inserted: usize,
    /// Words deleted, not counting words that only moved between sections.
    pub words_deleted: usize,
    /// Words of text that left one section and arrived in another, counted once.
    pub words_moved: usize,
}

impl Summary {
    /// Whether the two versions differ in any way the comparison reports.
    pub fn has_differences(&self) -> bool {
        self.added + self.removed + self.modified + self.moved + self.renamed + self.renumbered > 0
    }
}

impl Summary {
    /// How many counts a summary has: [`Summary::counts`]' length.
    pub(crate) const COUNTS: usize = 10;

    /// The counts in one fixed order, the one [`Summary::from_counts`]
    /// reads: for code that treats them alike (adding two summaries,
    /// writing one to a file) without naming each.
    pub(crate) fn counts(&self) -> [usize; Summary::COUNTS] {
        let Summary {
            added,
            removed,
            modified,
            unchanged,
            moved,
            renamed,
            renumbered,
            words_inserted,
            words_deleted,
            words_moved,
        } = *self;
        [
            added,
            removed,
            modified,
            unchanged,
            moved,
            renamed,
            renumbered,
            words_inserted,
            words_deleted,
            words_moved,
        ]
    }

    /// The summary of [`Summary::counts`].
    pub(crate) fn from_counts(counts: [usize; Summary::COUNTS]) -> Summary {
        let [
            added,
            removed,
            modified,
            unchanged,
            moved,
            renamed,
            renumbered,
            words_inserted,
            words_deleted,
            words_moved,
        ] = counts;
        Summary {
            added,
            removed,
            modified,
            unchanged,
            moved,
            renamed,
            renumbered,
            words_inserted,
            words_deleted,
            words_moved,
        }
    }
}

impl std::ops::AddAssign for Summary {
    /// The counts of two parts of a comparison, as one.
    fn add_assign(&mut self, other: Summary) {
        let (mine, theirs) = (self.counts(), other.counts());
        *self = Summary::from_counts(std::array::from_fn(|k| mine[k] + theirs[k]));
    }
}

/// What happened to a section's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
    Unchanged,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 4] = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Modified,
        ChangeKind::Unchanged,
    ];

    /// The name the JSON writes (`modified`): also the key of its label and,
    /// as `change-modified`, the CSS class of its entries.
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Modified => "modified",
            ChangeKind::Unchanged => "unchanged",
        }
    }
}

/// Changes of a paired section beyond its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Out of its old order among its siblings, or under another parent.
    Moved,
    /// The title (number aside) changed.
    Renamed,
    /// The numbering prefix changed.
    Renumbered,
    /// The body changed only in whitespace, line wrapping or emphasis markers.
    FormattingOnly,
}

impl Flag {
    pub const ALL: [Flag; 4] = [
        Flag::Moved,
        Flag::Renamed,
        Flag::Renumbered,
        Flag::FormattingOnly,
    ];

    /// The name the JSON writes (`formatting_only`): also the key of its label.
    pub fn name(self) -> &'static str {
        match self {
            Flag::Moved => "moved",
            Flag::Renamed => "renamed",
            Flag::Renumbered => "renumbered",
            Flag::FormattingOnly => "formatting_only",
        }
    }
}

/// A section as it stands in one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionRef {
    pub index: usize,
    pub id: Arc<str>,
    pub level: u8,
    pub heading: Arc<str>,
    /// The heading without its numbering prefix, as renderers show it beside
    /// the number (not in the JSON: the heading and the number say it).
    #[serde(skip)]
    pub title: Arc<str>,
    /// The title of its parent section, if it has one (not in the JSON).
    #[serde(skip)]
    pub parent_title: Option<Arc<str>>,
    pub number: Option<Arc<str>>,
    #[serde(with = "shared_strs")]
    pub path: Vec<Arc<str>>,
    pub line: usize,
}

/// One entry of the comparison: a paired, added or removed section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionChange {
    pub change: ChangeKind,
    pub flags: Vec<Flag>,
    pub old: Option<SectionRef>,
    pub new: Option<SectionRef>,
    /// Word similarity of the two bodies, 0 to 1 (0 for added and removed).
    pub similarity: f64,
    /// Body tokens; omitted only when the body is unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<Vec<DiffToken>>,
    /// The body's blocks aligned between the two versions: on every entry
    /// whose body changed or that sends or receives moved text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<Vec<BlockChange>>,
}

impl SectionChange {
    pub fn has(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }

    /// Whether this entry shows any change at all.
    pub fn is_change(&self) -> bool {
        self.change != ChangeKind::Unchanged || !self.flags.is_empty()
    }

    /// Whether the only news is a new number (an unchanged body, in place,
    /// under the same title): the reports note it quietly and do not count it
    /// as a change.
    pub fn is_renumbered_only(&self) -> bool {
        self.change == ChangeKind::Unchanged && self.flags == [Flag::Renumbered]
    }

    /// Whether the trace of the process must explain this entry with an
    /// editors' note (`cotejo check --strict`, the dossier's gaps): any
    /// change but a new number alone, which the move or removal that
    /// caused it explains, and but whitespace gained or lost after the
    /// body's last character, which nobody can see.
    pub fn needs_note(&self) -> bool {
        self.is_change() && !self.is_renumbered_only() && !self.is_trailing_whitespace_only()
    }

    /// Whether the body's only change is whitespace after its last visible
    /// character, in place, under the same heading. A section's body runs to
    /// the next heading, so adding a section after the last one gives the
    /// old last one a blank line it did not have: `formatting_only` in the
    /// JSON (its body is not byte-identical), nothing to explain.
    pub fn is_trailing_whitespace_only(&self) -> bool {
        if self.change != ChangeKind::Modified || self.flags != [Flag::FormattingOnly] {
            return false;
        }
        let Some(tokens) = &self.diff else {
            return false;
        };
        let blank = |t: &DiffToken| t.text.trim().is_empty();
        match tokens.iter().position(|t| t.op != Op::Equal) {
            Some(first) => tokens[first..].iter().all(blank),
            None => false,
        }
    }
}

/// An edit operation of the word diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Equal,
    Insert,
    Delete,
}

/// A run of text with its operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffToken {
    pub op: Op,
    pub text: String,
    /// On an insert, text that arrived from another section; on a delete,
    /// text that left for another section (see [`BlockChange::moved_to`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub moved: bool,
}

impl DiffToken {
    pub fn new(op: Op, text: impl Into<String>) -> DiffToken {
        DiffToken {
            op,
            text: text.into(),
            moved: false,
        }
    }

    /// Appends `token` to `tokens`, joined to the last one when they have
    /// one op (the joined run is `moved` only if both were).
    pub fn push_joined(tokens: &mut Vec<DiffToken>, token: DiffToken) {
        match tokens.last_mut() {
            Some(last) if last.op == token.op => {
                last.text.push_str(&token.text);
                last.moved &= token.moved;
            }
            _ => tokens.push(token),
        }
    }
}

/// What a block is: the smallest unit a reader cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    /// A list item's own text (a nested list's items are blocks of their own).
    ListItem,
    /// A table's header row, with the delimiter row under it.
    TableHeader,
    TableRow,
    Code,
    /// A paragraph (or code) inside a block quote.
    Quote,
    Footnote,
    Html,
    Rule,
    Other,
}

/// A byte range `[start, end)` inside a section's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByteRange {
    pub start: usize,
    pub end: usize,
}

impl ByteRange {
    pub fn of(range: &std::ops::Range<usize>) -> ByteRange {
        ByteRange {
            start: range.start,
            end: range.end,
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// A block of another entry: the index of the entry in
/// [`Comparison::sections`] and of the block in its [`SectionChange::blocks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub section: usize,
    pub block: usize,
}

/// One block of a section's body, aligned between the two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockChange {
    pub kind: BlockKind,
    /// Its range in the old body; `None` where the block is new.
    pub old: Option<ByteRange>,
    /// Its range in the new body; `None` where the block is gone.
    pub new: Option<ByteRange>,
    /// `unchanged` only when byte-identical. A block whose text came from
    /// another section is `added` with [`BlockChange::moved_from`].
    pub change: ChangeKind,
    /// The same words; only emphasis, link targets, line breaks or spacing changed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub formatting_only: bool,
    /// On a new-side block: the old-side block whose text this is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<Place>,
    /// On an old-side block: the new-side block that holds its text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<Place>,
    /// For a block with `moved_from` whose text was also edited: the tokens
    /// from the origin block's text to this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<Vec<DiffToken>>,
    /// Paired inside the section, but out of its old order among the blocks.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reordered: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_json_names() {
        for k in ChangeKind::ALL {
            // A new variant stops this match compiling: list it here and in ALL.
            match k {
                ChangeKind::Added
                | ChangeKind::Removed
                | ChangeKind::Modified
                | ChangeKind::Unchanged => {}
            }
            assert_eq!(serde_json::to_value(k).unwrap(), k.name());
        }
        for f in Flag::ALL {
            match f {
                Flag::Moved | Flag::Renamed | Flag::Renumbered | Flag::FormattingOnly => {}
            }
            assert_eq!(serde_json::to_value(f).unwrap(), f.name());
        }
    }
}

/// A list of shared strings in JSON: an array of strings, as a `Vec<String>`
/// would be (serde's own `Arc` support is a feature of serde that would
/// rebuild every crate that uses it under new symbol names, and so empty
/// `link/hot-functions.txt`).
mod shared_strs {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(strs: &[Arc<str>], to: S) -> Result<S::Ok, S::Error> {
        to.collect_seq(strs.iter().map(|s| &**s))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        from: D,
    ) -> Result<Vec<Arc<str>>, D::Error> {
        Ok(Vec::<String>::deserialize(from)?
            .into_iter()
            .map(Arc::from)
            .collect())
    }
}
