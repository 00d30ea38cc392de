//! What an output was made from, carried inside it so that anyone can check
//! it against the repository (`cotejo verify`): the tool and its version,
//! the command line that makes it again, and for each version compared its
//! commit, the commit's tree and the SHA-256 of the exact text compared.
//!
//! JSON carries it as a `provenance` member; HTML as an inert
//! `<script type="application/json" id="_cotejo-provenance">` in its head,
//! and for readers as a "Verificación" disclosure.

use serde::{Deserialize, Serialize};

use crate::version::Version;

/// The id of the HTML element that holds the provenance.
pub const HTML_ID: &str = "_cotejo-provenance";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// `cotejo` and its version.
    pub tool: String,
    /// The arguments of the cotejo command that makes this output again,
    /// the output's own path left out (`["report", "borrador-2", "borrador-3"]`).
    pub args: Vec<String>,
    /// Each version the output was made from.
    pub versions: Vec<Origin>,
}

/// Where one version's text came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub label: String,
    /// Full commit id, when read from git.
    pub commit: Option<String>,
    /// Full id of the commit's tree.
    pub tree: Option<String>,
    /// SHA-256 of the text compared.
    pub sha256: String,
}

impl Provenance {
    /// The provenance of an output of `args` made from `versions`; `tree_of`
    /// gives a commit's tree.
    pub fn new<'v>(
        args: Vec<String>,
        versions: impl IntoIterator<Item = &'v Version>,
        tree_of: impl Fn(&str) -> Option<String>,
    ) -> Provenance {
        Provenance {
            tool: crate::render::view::tool(),
            args,
            versions: versions
                .into_iter()
                .map(|v| Origin {
                    label: v.label.clone(),
                    commit: v.commit.clone(),
                    tree: v.commit.as_deref().and_then(&tree_of),
                    sha256: v.sha256().to_owned(),
                })
                .collect(),
        }
    }

    /// As JSON that can stand inside an HTML `<script>` element: `<`, `>` and
    /// `&` are escaped, so no draft label can close the element.
    pub fn to_script_json(&self) -> String {
        let json = serde_json::to_string(self).expect("provenance serializes");
        json.replace('&', "\\u0026")
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
    }

    /// The provenance an HTML output carries, if any (`Err` when it is there
    /// but unreadable).
    pub fn from_html(html: &str) -> Option<Result<Provenance, serde_json::Error>> {
        let marker = format!("id=\"{HTML_ID}\">");
        let start = html.find(&marker)? + marker.len();
        let end = start + html[start..].find("</script>")?;
        Some(serde_json::from_str(&html[start..end]))
    }

    /// The command line as a reader would type it.
    pub fn command(&self) -> String {
        std::iter::once("cotejo".to_owned())
            .chain(self.args.iter().map(|a| shell_word(a)))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// `word` quoted for a POSIX shell when it needs it.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./:=@^~+,".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn survives_a_round_trip_through_html() {
        let p = Provenance {
            tool: "cotejo 0.1.0".into(),
            args: vec!["report".into(), "</script><script>alert(1)".into()],
            versions: vec![Origin {
                label: "a&b".into(),
                commit: Some("c".repeat(40)),
                tree: None,
                sha256: "0".repeat(64),
            }],
        };
        let json = p.to_script_json();
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        let html = format!(
            "<head><script type=\"application/json\" id=\"{HTML_ID}\">{json}</script></head>"
        );
        assert_eq!(Provenance::from_html(&html).unwrap().unwrap(), p);
        assert_eq!(p.command(), "cotejo report '</script><script>alert(1)'");
        assert!(Provenance::from_html("<p>no</p>").is_none());
    }
}
