//! The HTML templates: compiled into the binary from `templates/`, each
//! replaceable by a file of the same name in a folder given with
//! `--templates DIR`, so an institution can restyle without recompiling.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use minijinja::value::{Serde, StringInput, Value};
use minijinja::{AutoEscape, Environment, State, UndefinedBehavior};
use serde::Serialize;

use crate::error::{Error, Result};

/// The embedded templates, by name.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("report.html", include_str!("../../templates/report.html")),
    (
        "changelog.html",
        include_str!("../../templates/changelog.html"),
    ),
    ("_header.html", include_str!("../../templates/_header.html")),
    (
        "_section.html",
        include_str!("../../templates/_section.html"),
    ),
    ("_notes.html", include_str!("../../templates/_notes.html")),
    (
        "_approval.html",
        include_str!("../../templates/_approval.html"),
    ),
    (
        "_verification.html",
        include_str!("../../templates/_verification.html"),
    ),
    (
        "_summary.html",
        include_str!("../../templates/_summary.html"),
    ),
    ("style.css", include_str!("../../templates/style.css")),
    (
        "_change_labels.css",
        include_str!("../../templates/_change_labels.css"),
    ),
    ("print.css", include_str!("../../templates/print.css")),
    (
        "changelog.css",
        include_str!("../../templates/changelog.css"),
    ),
    ("report.js", include_str!("../../templates/report.js")),
    // The review dossier (`cotejo expediente`): the changelog's CSS and cuadro.
    (
        "expediente.html",
        include_str!("../../templates/expediente.html"),
    ),
    (
        "expediente.css",
        include_str!("../../templates/expediente.css"),
    ),
    ("_cuadro.html", include_str!("../../templates/_cuadro.html")),
    ("_counts.html", include_str!("../../templates/_counts.html")),
    // The site (`cotejo site`): its pages extend site_layout.html.
    (
        "site_layout.html",
        include_str!("../../templates/site_layout.html"),
    ),
    (
        "_site_nav.html",
        include_str!("../../templates/_site_nav.html"),
    ),
    (
        "_site_footer.html",
        include_str!("../../templates/_site_footer.html"),
    ),
    (
        "site_index.html",
        include_str!("../../templates/site_index.html"),
    ),
    (
        "site_draft.html",
        include_str!("../../templates/site_draft.html"),
    ),
    (
        "site_consulta.html",
        include_str!("../../templates/site_consulta.html"),
    ),
    (
        "site_buscar.html",
        include_str!("../../templates/site_buscar.html"),
    ),
    (
        "site_section.html",
        include_str!("../../templates/site_section.html"),
    ),
    (
        "site_sections.html",
        include_str!("../../templates/site_sections.html"),
    ),
    ("site.css", include_str!("../../templates/site.css")),
    (
        "site_consulta.js",
        include_str!("../../templates/site_consulta.js"),
    ),
    (
        "site_buscar.js",
        include_str!("../../templates/site_buscar.js"),
    ),
    // The book (`cotejo book`): its stylesheet, to which the book adds the
    // words a screen reader says around each change.
    ("book.css", include_str!("../../templates/book.css")),
];

/// Templates that replace embedded ones, as read from a `--templates DIR`
/// folder ([`crate::project::template_overrides`] reads them).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// The folder they were read from, for error messages.
    pub dir: Option<PathBuf>,
    /// Their sources by template name; every name is one of [`EMBEDDED`].
    pub sources: BTreeMap<String, String>,
}

/// A set of templates ready to render.
pub struct Templates {
    env: Environment<'static>,
    /// The folder of the overrides and the names it replaced, so an error
    /// names the file the user wrote, not the built-in one.
    overrides_dir: Option<PathBuf>,
    overridden: BTreeSet<String>,
}

impl Templates {
    /// The embedded templates.
    pub fn embedded() -> Result<Templates> {
        Templates::with(&Overrides::default())
    }

    /// The embedded templates, with `overrides` in their place.
    pub fn with(overrides: &Overrides) -> Result<Templates> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // With a template of the user's own, an undefined value's error says
        // which expression gave it (minijinja tracks that in debug mode). The
        // built-in templates, which the tests render, keep the cheaper mode.
        env.set_debug(!overrides.sources.is_empty());
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        // Its output holds no `<`, `>`, `&` or quote: safe inside a `<style>`
        // of an auto-escaped template as well, so it is not escaped again.
        env.add_filter("css_string", |v: &str| {
            Value::from_safe_string(css_string(v))
        });
        // `{{ date | long_date(lang) }}`: a date as a reader reads it, in the
        // labels' language (`labels::long_date`, the one place dates are
        // worded); `<time datetime>` keeps the ISO form.
        env.add_filter("long_date", |v: &str, lang: &str| {
            super::labels::long_date(super::labels::Lang::from_code(lang), v)
        });
        // `| safe` on HTML the view already holds as safe (`view::Html`, the
        // redline's) hands it on as it is: the built-in filter copies it
        // twice (100 MB each way in a report of 60,000 sections). Anything
        // else goes to the built-in filter, whose behaviour it keeps.
        env.add_filter("safe", safe);
        // The embedded typefaces' `@font-face` rules (`{{ font_faces }}` in a
        // `<style>`): made by cotejo, not from the repository.
        env.add_global(
            "font_faces",
            Value::from_safe_string(super::fonts::font_faces_css().to_owned()),
        );
        for (name, embedded) in EMBEDDED {
            let source = match overrides.sources.get(*name) {
                Some(text) => text.clone(),
                None => (*embedded).to_owned(),
            };
            env.add_template_owned(*name, source)
                .map_err(|e| template_error(overrides.dir.as_deref(), name, &e))?;
        }
        Ok(Templates {
            env,
            overrides_dir: overrides.dir.clone(),
            overridden: overrides.sources.keys().cloned().collect(),
        })
    }

    /// The source of template `name` as loaded (a static file the site copies
    /// as it is, such as a script).
    pub fn source(&self, name: &str) -> Result<String> {
        self.env
            .get_template(name)
            .map(|t| t.source().to_owned())
            .map_err(|e| self.render_error(name, &e))
    }

    /// Renders template `name` with `context`.
    pub fn render<S: Serialize>(&self, name: &str, context: &S) -> Result<String> {
        self.render_value(name, Value::from(Serde(context)))
    }

    /// Renders template `name` with a context already made of template
    /// values (such as [`super::view::report_context`]).
    pub fn render_value(&self, name: &str, context: Value) -> Result<String> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| self.render_error(name, &e))?;
        template
            .render(context)
            .map_err(|e| self.render_error(name, &e))
    }

    /// An error met while rendering `name`, told where it arose: an error in
    /// an included template is minijinja's "could not render include", whose
    /// source is the error itself; the innermost is named, by its file (the
    /// override's path when it is one) and line, with the includes that led
    /// there and, for a value that is not defined, what to do.
    fn render_error(&self, name: &str, e: &minijinja::Error) -> Error {
        let mut chain = vec![e];
        let mut at: &dyn std::error::Error = e;
        while let Some(next) = at.source() {
            match next.downcast_ref::<minijinja::Error>() {
                Some(inner) => chain.push(inner),
                None => break,
            }
            at = next;
        }
        let innermost = chain
            .iter()
            .rev()
            .find(|c| c.name().is_some())
            .copied()
            .unwrap_or(e);
        let file = innermost.name().unwrap_or(name).to_owned();
        let mut error = template_error(self.dir_of(&file), &file, innermost);
        if let Error::Template { message, .. } = &mut error {
            // Nearest first: the template that included it, then the one
            // that included that.
            let mut includes: Vec<String> = chain
                .iter()
                .take_while(|c| !std::ptr::eq(**c, innermost))
                .filter_map(|c| Some(format!("{}:{}", self.shown_path(c.name()?), c.line()?)))
                .collect();
            includes.reverse();
            if !includes.is_empty() {
                *message += &format!(" (included from {})", includes.join(", from "));
            }
            if innermost.kind() == minijinja::ErrorKind::UndefinedError {
                let (name, guard) = match undefined_expression(innermost) {
                    Some(x) => (format!("`{x}`"), format!("`{{% if {x} is defined %}}`")),
                    None => ("that name".to_owned(), "`{% if … is defined %}`".to_owned()),
                };
                *message += &format!(
                    ". The context cotejo gives {file} has no {name}: use a name the built-in \
                     templates/{file} uses, guard it with {guard}, or give it a default \
                     (`| default(\"\")`)"
                );
                if self.overridden.contains(&file) {
                    *message += &format!(
                        "; or remove {} to use the built-in template",
                        self.shown_path(&file)
                    );
                }
            }
        }
        error
    }

    /// The overrides' folder when `file` is one of them.
    fn dir_of(&self, file: &str) -> Option<&Path> {
        self.overridden
            .contains(file)
            .then_some(self.overrides_dir.as_deref())
            .flatten()
    }

    /// `file` as the user knows it: the override's path, else the built-in name.
    fn shown_path(&self, file: &str) -> String {
        match self.dir_of(file) {
            Some(dir) => dir.join(file).display().to_string(),
            None => format!("templates/{file}"),
        }
    }
}

/// The expression that gave an undefined value: minijinja's detail names it
/// (``…`x` is undefined…``) when it tracked it, else the failing expression's
/// text in the template's source.
fn undefined_expression(e: &minijinja::Error) -> Option<String> {
    if let Some(named) = e
        .detail()
        .and_then(|d| d.split('`').nth(1))
        .filter(|x| !x.is_empty())
    {
        return Some(named.to_owned());
    }
    let source = e.template_source()?;
    let text = source.get(e.range()?)?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The `safe` filter: a string already safe as it is (no copy), anything
/// else as the built-in filter does it (its text, marked safe; an undefined
/// value is an error under the strict undefined behaviour).
fn safe(state: &State, value: Value) -> std::result::Result<Value, minijinja::Error> {
    if value.is_safe() {
        return Ok(value);
    }
    if value.is_undefined() {
        // Under the strict behaviour, the error minijinja gives a filter's
        // undefined argument: it remembers which expression gave the value.
        StringInput::new(state, &value)?;
    }
    Ok(minijinja::filters::safe(value.to_string()))
}

fn template_error(dir: Option<&Path>, name: &str, e: &minijinja::Error) -> Error {
    let file = e.name().unwrap_or(name).to_owned();
    let shown = match dir {
        Some(d) if d.join(&file).is_file() => d.join(&file).display().to_string(),
        _ => format!("templates/{file}"),
    };
    let mut message = e.kind().to_string();
    if let Some(detail) = e.detail() {
        message = format!("{message}: {detail}");
    }
    Error::Template {
        name: shown,
        line: e.line().unwrap_or(0),
        message,
    }
}

/// Escapes a value for a CSS string literal (`content: "…"`), so that text from
/// the repository (a document title) can never end the string or the rule.
pub fn css_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' | '\'' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_one(source: &str, context: Value) -> std::result::Result<String, minijinja::Error> {
        let templates = Templates::embedded().unwrap();
        let mut env = templates.env.clone();
        env.add_template_owned("t.html", source.to_owned())?;
        env.get_template("t.html")?.render(context)
    }

    #[test]
    fn safe_keeps_the_builtin_filters_behaviour() {
        let context = minijinja::context! {
            html => Value::from_safe_string("<b>a</b>".to_owned()),
            text => "<i>b</i>",
            n => 3,
        };
        let out = render_one(
            "{{ html | safe }}|{{ text | safe }}|{{ n | safe }}|{{ text }}",
            context,
        )
        .unwrap();
        assert_eq!(out, "<b>a</b>|<i>b</i>|3|&lt;i&gt;b&lt;&#x2f;i&gt;");
        let err = render_one("{{ missing | safe }}", minijinja::context! {}).unwrap_err();
        assert_eq!(err.kind(), minijinja::ErrorKind::UndefinedError);
    }

    #[test]
    fn css_strings_cannot_escape() {
        assert_eq!(css_string("PNDA"), "\"PNDA\"");
        let evil = css_string("a\"; } body { display:none } </style><script>");
        assert!(!evil[1..evil.len() - 1].contains('"'), "{evil}");
        assert!(!evil.contains('<'), "{evil}");
    }
}
