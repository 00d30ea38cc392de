//! The report's sections handed to the templates as objects, not copies.
//!
//! Through serde, every section of a report became a map of template values
//! before the first line was written: each field copied, each map searched by
//! name, the whole copy freed at the end (at 60,000 sections, a third of a
//! second each way, on one core, and all of it held beside the view). Here
//! the sections stay as they are: the template's `sections` is a sequence
//! over the view's own [`SectionView`]s, and a field is made a value only
//! when the template reads it (the redline's HTML, already a template value,
//! without a copy). Templates see the same names and the same values as
//! through serde (`tests` holds the two equal).

use std::sync::Arc;

use minijinja::value::{Enumerator, Object, ObjectRepr, Value};

use super::{CuadroRow, ReportView, SectionView};

/// The report's view as the templates' context: its sections as objects
/// over the view itself, everything else through serde as before.
pub fn report_context(mut view: ReportView) -> Value {
    let sections = Sections(std::mem::take(&mut view.sections));
    minijinja::context! {
        sections => Value::from_object(sections),
        ..Value::from(minijinja::value::Serde(&view))
    }
}

/// The sections of a report, in order.
#[derive(Debug)]
struct Sections(Vec<SectionView>);

impl Object for Sections {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let index = key.as_usize()?;
        (index < self.0.len()).then(|| {
            Value::from_object(Section {
                all: Arc::clone(self),
                index,
            })
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.len())
    }
}

/// One section: its fields by the names serde gives them.
#[derive(Debug)]
struct Section {
    all: Arc<Sections>,
    index: usize,
}

/// The fields of [`SectionView`], in its order (serde's names).
const SECTION_FIELDS: &[&str] = &[
    "anchor",
    "change",
    "flags",
    "classes",
    "level",
    "is_preamble",
    "number",
    "title",
    "changed",
    "body_changed",
    "moved_from",
    "moved_from_parent",
    "reordered_within",
    "renamed_from",
    "renumbered_from",
    "old_anchor",
    "old_anchor_free",
    "folded_run",
    "old_line",
    "new_line",
    "words_inserted",
    "words_deleted",
    "inline_html",
    "old_html",
    "new_html",
    "source_diff_html",
    "notes",
    "history_url",
    "cuadro",
    "columns_added",
    "columns_removed",
    "text_moved_to",
    "text_moved_from",
];

impl Section {
    fn view(&self) -> &SectionView {
        &self.all.0[self.index]
    }
}

/// An optional text: `none` when absent, as serde gives it.
fn text(value: &Option<String>) -> Value {
    Value::from(value.as_deref())
}

fn serde<T: serde::Serialize>(value: &T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

impl Object for Section {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let s = self.view();
        Some(match key {
            "anchor" => Value::from(s.anchor.as_str()),
            "change" => Value::from(s.change.name()),
            "flags" => Value::from_iter(s.flags.iter().map(|f| f.name())),
            "classes" => Value::from(s.classes.as_str()),
            "level" => Value::from(s.level),
            "is_preamble" => Value::from(s.is_preamble),
            "number" => text(&s.number),
            "title" => Value::from(s.title.as_str()),
            "changed" => Value::from(s.changed),
            "body_changed" => Value::from(s.body_changed),
            "moved_from" => text(&s.moved_from),
            "moved_from_parent" => text(&s.moved_from_parent),
            "reordered_within" => text(&s.reordered_within),
            "renamed_from" => text(&s.renamed_from),
            "renumbered_from" => text(&s.renumbered_from),
            "old_anchor" => text(&s.old_anchor),
            "old_anchor_free" => Value::from(s.old_anchor_free),
            "folded_run" => Value::from(s.folded_run),
            "old_line" => Value::from(s.old_line),
            "new_line" => Value::from(s.new_line),
            "words_inserted" => Value::from(s.words_inserted),
            "words_deleted" => Value::from(s.words_deleted),
            "inline_html" => s.inline_html.value(),
            "old_html" => Value::from(s.old_html.as_ref().map(super::Html::value)),
            "new_html" => Value::from(s.new_html.as_ref().map(super::Html::value)),
            "source_diff_html" => Value::from(s.source_diff_html.as_ref().map(super::Html::value)),
            "notes" => serde(&s.notes),
            "history_url" => text(&s.history_url),
            "cuadro" => Value::from_object(Cuadro {
                section: Arc::clone(self),
            }),
            "columns_added" => serde(&s.columns_added),
            "columns_removed" => serde(&s.columns_removed),
            "text_moved_to" => serde(&s.text_moved_to),
            "text_moved_from" => serde(&s.text_moved_from),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(SECTION_FIELDS)
    }
}

/// A section's cuadro: its rows, in order.
#[derive(Debug)]
struct Cuadro {
    section: Arc<Section>,
}

impl Cuadro {
    fn rows(&self) -> &[CuadroRow] {
        &self.section.view().cuadro
    }
}

impl Object for Cuadro {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let index = key.as_usize()?;
        (index < self.rows().len()).then(|| {
            Value::from_object(Row {
                cuadro: Arc::clone(self),
                index,
            })
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.rows().len())
    }
}

/// A row of a cuadro: its fields by serde's names.
#[derive(Debug)]
struct Row {
    cuadro: Arc<Cuadro>,
    index: usize,
}

/// The fields of [`CuadroRow`], in its order.
const ROW_FIELDS: &[&str] = &["change", "old_html", "new_html", "moved_to", "moved_from"];

impl Object for Row {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let r = &self.cuadro.rows()[self.index];
        Some(match key {
            "change" => Value::from(r.change),
            "old_html" => Value::from(r.old_html.as_ref().map(super::Html::value)),
            "new_html" => Value::from(r.new_html.as_ref().map(super::Html::value)),
            "moved_to" => text(&r.moved_to),
            "moved_from" => text(&r.moved_from),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(ROW_FIELDS)
    }
}
