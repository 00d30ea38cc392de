//! What every page of the site shares: the site in memory ([`Site`]), the
//! frame of a page ([`PageBase`], around the report's [`SiteFrame`]), and the
//! link from any page to a comment of the consultation ([`folio_url`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Pages;
use crate::error::Result;
use crate::render::PageSink;
use crate::render::labels::{Lang, labels};
use crate::render::view::{self, SiteFrame};

/// A site in memory: what every page's frame says, and the pages made and
/// not yet handed over ([`Site::flush_into`]); built whole by
/// [`build`](super::build()), ready for [`write()`](super::write()).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Site {
    pub pages: Pages,
    /// The labels' language, the document's title and whether there is a
    /// consultation report: what [`Site::page_base`] needs.
    pub lang: Lang,
    pub document: String,
    pub consultation: bool,
    /// Whether it has the sections' history pages (the navigation links them).
    pub sections: bool,
    /// The manifest's `language`.
    pub doc_lang: Option<String>,
    /// The consultation's folios: a page that cites one links its comment
    /// ([`folio_url`]).
    pub folios: std::collections::BTreeSet<String>,
    /// What the site was made from, on every page (`cotejo verify`).
    pub provenance: Option<view::ProvenanceView>,
    /// The manifest's `notice`, on every page.
    pub notice: Option<String>,
    /// The latest draft (its date is the site's last update), on every page.
    pub latest: Option<view::LatestDraft>,
    /// The manifest's `license`, on every page.
    pub license: Option<view::LicenseView>,
    /// Whether each draft and comparison has its PDF beside its page
    /// (`cotejo site --pdf`).
    pub pdf: bool,
    /// The address the site is published at (`--base-url`, ending in `/`):
    /// the feed's and the citations' links are absolute when it is known.
    pub base_url: Option<String>,
}

impl Site {
    /// The frame of a page to add to this site, `depth` folders below its
    /// root (`secciones/…` is 1), in the part `current` of the navigation.
    /// A page template extends `site_layout.html` and gets a view that
    /// flattens this (`#[serde(flatten)] base: PageBase`).
    pub fn page_base(&self, depth: usize, current: &'static str) -> PageBase {
        let mut base = PageBase::new(self.lang, &self.document, depth, current, self.consultation);
        base.site.sections = self.sections;
        base.site.provenance = self.provenance.clone();
        base.site.notice = self.notice.clone();
        base.site.latest = self.latest.clone();
        base.site.license = self.license.clone();
        base.with_doc_lang(self.doc_lang.as_deref())
    }

    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.pages.insert(path.into(), bytes.into());
    }

    /// Hands every file added so far to `sink`, in order, and holds none.
    pub fn flush_into(&mut self, sink: &mut dyn PageSink) -> Result<()> {
        for (path, bytes) in std::mem::take(&mut self.pages) {
            sink.put(path, bytes)?;
        }
        Ok(())
    }
}

/// What every page's view starts with.
#[derive(Debug, Clone, Serialize)]
pub struct PageBase {
    pub lang: Lang,
    pub t: BTreeMap<&'static str, &'static str>,
    pub tool: String,
    pub site: SiteFrame,
}

impl PageBase {
    /// The frame of a page `depth` folders below the root (0 or 1), with
    /// `current` the part of the navigation it belongs to.
    pub fn new(
        lang: Lang,
        document: &str,
        depth: usize,
        current: &'static str,
        consultation: bool,
    ) -> PageBase {
        PageBase {
            lang,
            t: labels(lang),
            tool: view::tool(),
            site: SiteFrame {
                root: "../".repeat(depth),
                current,
                document: document.to_owned(),
                consultation,
                sections: false,
                doc_lang: None,
                provenance: None,
                notice: None,
                latest: None,
                license: None,
                pdf: None,
            },
        }
    }

    /// With the document's language, when it is a plain BCP 47 tag other than
    /// the labels' language.
    pub fn with_doc_lang(mut self, doc_lang: Option<&str>) -> PageBase {
        self.site.doc_lang = doc_lang
            .filter(|l| {
                !l.is_empty()
                    && l.len() <= 35
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !l.eq_ignore_ascii_case(self.lang.code())
            })
            .map(str::to_owned);
        self
    }
}

impl Site {
    /// The public address of `path` (from the site's root): absolute under
    /// `--base-url`, else the path itself.
    pub fn public_url(&self, path: &str) -> String {
        match &self.base_url {
            Some(base) => format!("{base}{path}"),
            None => path.to_owned(),
        }
    }
}

/// Where the comment of `folio` is, from a page `depth` folders below the
/// root, when the consultation has it.
pub fn folio_url(site: &Site, folio: &str, depth: usize) -> Option<String> {
    site.folios.contains(folio).then(|| {
        format!(
            "{}consulta.html#{}",
            "../".repeat(depth),
            fragment(&folio_anchor(folio))
        )
    })
}

/// `id` written as a URL's fragment: a browser percent-decodes a fragment
/// before it looks the id up, so `%` and what a URL cannot hold are encoded.
pub(super) fn fragment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_ascii_control() || " \"#%<>[\\]^`{|}".contains(c) {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A comment's anchor: its folio, whitespace made `-`, never one of the
/// page's own ids (those start with `_`).
pub(super) fn folio_anchor(folio: &str) -> String {
    let id: String = folio
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    if id.is_empty() || id.starts_with('_') {
        format!("folio-{id}")
    } else {
        id
    }
}
