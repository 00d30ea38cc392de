//! The one place where cotejo decides which Markdown it speaks.
//!
//! Every parse of a draft goes through [`options`], so that the section splitter
//! and the renderers agree on what is a heading, a table or front matter.

use pulldown_cmark::Options;

/// CommonMark plus the GFM extensions policy documents use: tables, footnotes,
/// strike-through, task lists, heading attributes (`{#id}`) and YAML front matter
/// (`---` … `---`), which must stay metadata and never become a setext heading.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}
