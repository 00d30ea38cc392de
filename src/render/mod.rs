//! Renderers: each reads the [`crate::model::Comparison`] and writes to a
//! `&mut dyn Write`; none recomputes a diff.

pub mod history;
pub mod json;
pub mod labels;
pub mod redline;
pub mod templates;
pub mod text;
pub mod view;
