pub mod book;
pub mod check;
pub mod cli;
pub mod compare;
pub mod document;
pub mod error;
mod git_tree;
pub mod history;
pub mod input;
pub mod links;
pub mod manifest;
pub mod markdown;
pub mod model;
pub mod notes;
pub mod output;
pub mod parallel;
pub mod pdf;
pub mod progress;
pub mod project;
pub mod provenance;
pub mod render;
pub mod site;
pub mod source;
#[cfg(feature = "synth")]
#[doc(hidden)]
pub mod synth;
pub mod version;
pub mod yaml;
