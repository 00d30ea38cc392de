//! A piece of HTML the redline made, held the way the templates take it.
//!
//! A report of 60,000 sections carries some 100 MB of such HTML. Held as a
//! `String`, each piece was copied when the view became the template
//! engine's values (serde), and twice more by the `safe` filter (to a
//! `String`, then to the engine's string). Held as the engine's own safe
//! string, made once where the section is rendered (on every core), it
//! reaches the template without a copy: the view's serialization hands the
//! engine the value itself, and [`super::super::templates`]' `safe` filter
//! passes a string already safe through.

use std::fmt;
use std::ops::Deref;

use minijinja::value::Value;
use serde::{Serialize, Serializer};

/// HTML made by [`super::super::redline`] (draft text escaped and
/// sanitized): marked safe for the templates, which write it as it is.
#[derive(Clone)]
pub struct Html(Value);

impl Html {
    /// Takes HTML that cotejo made; never text from a draft as it is.
    pub fn new(html: String) -> Html {
        Html(Value::from_safe_string(html))
    }

    /// The template value itself (shared, not copied).
    pub(super) fn value(&self) -> Value {
        self.0.clone()
    }

    /// The HTML.
    pub fn as_str(&self) -> &str {
        self.0.as_str().unwrap_or_default()
    }
}

impl Default for Html {
    fn default() -> Html {
        Html::new(String::new())
    }
}

impl Deref for Html {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Html {
    fn eq(&self, other: &Html) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Html {}

impl Serialize for Html {
    /// For the templates, the engine's value itself (no copy); for any other
    /// serializer, a string.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if minijinja::value::serializing_for_value() {
            self.0.serialize(serializer)
        } else {
            serializer.serialize_str(self.as_str())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_a_string_to_other_serializers_and_safe_to_the_templates() {
        let html = Html::new("<p>a &amp; b</p>".to_owned());
        assert_eq!(
            serde_json::to_string(&html).unwrap(),
            r#""<p>a &amp; b</p>""#
        );
        let value = Value::from(minijinja::value::Serde(&html));
        assert!(value.is_safe());
        assert_eq!(value.as_str(), Some("<p>a &amp; b</p>"));
        assert_eq!(&*html, "<p>a &amp; b</p>");
    }
}
