//! The site's Atom feed (`novedades.xml`, RFC 4287): an entry per draft and
//! per step from one draft to the next, newest first, for a reader who wants
//! to hear of the next draft without coming back to look.
//!
//! Deterministic: every date is a draft's date from the manifest, never the
//! clock. A draft whose date is not a calendar date (`YYYY-MM-DD`) takes the
//! date of the latest draft before it that has one (the Unix epoch when none
//! has). Ids are the pages' addresses under `--base-url`; without it they are
//! `urn:cotejo:` names made of the texts' SHA-256, which no later run changes,
//! and the links are relative to the feed (which sits at the site's root).

use super::comparisons::Compared;
use super::{Site, SiteDrafts};
use crate::render::labels::{change_counts, label, transition};

/// The feed's file, from the site's root.
pub const FEED: &str = "novedades.xml";

struct Entry {
    id: String,
    title: String,
    updated: String,
    link: String,
    summary: String,
}

/// `novedades.xml`.
pub(super) fn feed(site: &Site, drafts: &SiteDrafts<'_>, compared: &Compared) -> String {
    let lang = site.lang;
    let dates = dates(drafts);
    let id_of = |path: &str, urn: String| match &site.base_url {
        Some(base) => format!("{base}{path}"),
        None => urn,
    };
    let mut entries = Vec::new();
    for (k, d) in drafts.drafts.iter().enumerate() {
        let path = drafts.draft_url(k);
        entries.push(Entry {
            id: id_of(&path, format!("urn:cotejo:borrador:{}", d.version.sha256())),
            title: format!("{} ({})", d.meta.title, d.meta.stage),
            updated: dates[k].clone(),
            summary: format!(
                "{}: {}. {}",
                label(lang, "stage"),
                d.meta.stage,
                label(lang, "feed_draft_published")
            ),
            link: site.public_url(&path),
        });
        if k == 0 {
            continue;
        }
        let path = drafts.comparison_url(k - 1, k);
        // «Secciones: 3 añadidas, 1 eliminada…»: the counts are of sections,
        // and a feed reader shows the summary without the page around it.
        let summary = compared
            .summaries
            .get(&(k - 1, k))
            .map(|(s, _)| format!("{}: {}", label(lang, "sections"), change_counts(lang, s)))
            .unwrap_or_default();
        entries.push(Entry {
            id: id_of(
                &path,
                format!(
                    "urn:cotejo:comparacion:{}:{}",
                    drafts.drafts[k - 1].version.sha256(),
                    d.version.sha256()
                ),
            ),
            title: transition(lang, &drafts.drafts[k - 1].meta.title, &d.meta.title),
            updated: dates[k].clone(),
            summary,
            link: site.public_url(&path),
        });
    }
    // Newest first: the step into a draft, then the draft.
    entries.reverse();
    let updated = dates.iter().max().cloned().unwrap_or_else(epoch);
    let feed_id = id_of(
        "",
        format!(
            "urn:cotejo:sitio:{}",
            drafts.drafts.first().map_or("", |d| d.version.sha256())
        ),
    );
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        lang.code()
    ));
    x.push_str(&format!("  <id>{}</id>\n", text(&feed_id)));
    x.push_str(&format!(
        "  <title>{} — {}</title>\n",
        text(&site.document),
        text(label(lang, "site_title"))
    ));
    x.push_str(&format!(
        "  <subtitle>{}</subtitle>\n",
        text(label(lang, "site_intro"))
    ));
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        text(&site.document)
    ));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        text(&site.public_url(FEED))
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        text(&site.public_url("index.html"))
    ));
    if let Some(l) = &site.license {
        x.push_str(&format!("  <rights>{}</rights>\n", text(&l.name)));
    }
    x.push_str(&format!(
        "  <generator>{}</generator>\n",
        text(&crate::render::view::tool())
    ));
    for e in entries {
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <id>{}</id>\n", text(&e.id)));
        x.push_str(&format!("    <title>{}</title>\n", text(&e.title)));
        x.push_str(&format!("    <updated>{}</updated>\n", e.updated));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            text(&e.link)
        ));
        x.push_str(&format!("    <summary>{}</summary>\n", text(&e.summary)));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

fn epoch() -> String {
    "1970-01-01T00:00:00Z".to_owned()
}

/// Each draft's date as an RFC 3339 date-time (midnight UTC).
fn dates(drafts: &SiteDrafts<'_>) -> Vec<String> {
    let mut last = epoch();
    drafts
        .drafts
        .iter()
        .map(|d| {
            if crate::manifest::is_date(&d.meta.date) {
                last = format!("{}T00:00:00Z", d.meta.date);
            }
            last.clone()
        })
        .collect()
}

/// Text for XML 1.0: markup escaped, and the characters XML cannot hold at
/// all (most C0 controls, lone surrogates cannot occur in a `str`,
/// U+FFFE/U+FFFF) dropped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn text_is_escaped_and_what_xml_cannot_hold_is_dropped() {
        assert_eq!(
            text("a<b>&\"c'\u{1}\u{FFFF}d\te"),
            "a&lt;b&gt;&amp;&quot;c&apos;d\te"
        );
    }
}
