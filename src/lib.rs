pub mod check;
pub mod cli;
pub mod compare;
pub mod document;
pub mod error;
pub mod manifest;
pub mod markdown;
pub mod model;
pub mod notes;
pub mod output;
pub mod pdf;
pub mod render;
pub mod source;
#[doc(hidden)]
pub mod synth;
