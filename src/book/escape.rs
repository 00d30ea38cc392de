//! Untrusted text made safe for an mdBook source.
//!
//! mdBook reads Markdown with raw HTML allowed, and before that runs its own
//! preprocessors over the raw text (`{{#include}}`, `{{#playground}}`,
//! `{{#title}}`…), and its parser takes `{#id .class key=value}` after a
//! heading as attributes. Every piece of a draft, a heading, a note or the
//! manifest is untrusted, so it goes into the book in one of two forms:
//!
//! - [`inline`]: plain text inside Markdown (a paragraph, a table cell; a
//!   heading or a link title of `SUMMARY.md` through [`heading`], which also
//!   keeps `<` out of mdBook's search results). ASCII punctuation is
//!   backslash-escaped (CommonMark allows it for all of it; this also keeps
//!   smart punctuation from turning `"` or `--` into other characters) but for
//!   `,;?/%@`, which are never special; `<` and `&` become entities, `{` and
//!   `}` become `&#123;` / `&#125;` (so neither mdBook's `{{#…}}` directives
//!   nor heading attributes ever see a brace); line breaks and other control
//!   characters become spaces.
//! - [`html_block`]: HTML that cotejo's redline renderer produced (text escaped,
//!   raw HTML through its allow-list), wrapped in one `<div>` that CommonMark
//!   reads as a single HTML block and passes through whole. A blank line would
//!   end such a block and turn the rest into Markdown, so a line break that is
//!   followed by a blank line is written as the character reference `&#10;`
//!   (the same line feed to an HTML parser, inside `<pre>` too); carriage
//!   returns are normalized to line feeds first, as an HTML parser would; and
//!   braces become character references as above.

/// Plain text as Markdown inline content: shows exactly `text` (its line breaks
/// as spaces), never markup, never an mdBook directive.
///
/// ```
/// use cotejo::book::escape::inline;
/// assert_eq!(inline("3.2 Objetivos"), r"3\.2 Objetivos");
/// assert_eq!(inline("<b> & {{#include x}}"), r"&lt;b\> &amp; &#123;&#123;\#include x&#125;&#125;");
/// ```
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.trim().chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '{' => out.push_str("&#123;"),
            '}' => out.push_str("&#125;"),
            // Never special to CommonMark or mdBook, and frequent in prose.
            ',' | ';' | '?' | '/' | '%' | '@' => out.push(c),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text for a heading or a chapter's title (in `SUMMARY.md`): as [`inline`],
/// but `<` is shown as `‹` (U+2039). mdBook 0.5.4's search puts the text of
/// chapter titles and headings into its results as HTML (`searcher.js` joins
/// them into `result.doc.breadcrumbs` and sets `innerHTML`), so a `<` there,
/// even one written as `&lt;`, would start an element when someone searches.
/// Body text is escaped there and is kept exact; so is every heading's text
/// where the book quotes it in a paragraph ("Antes titulada «…»").
///
/// ```
/// use cotejo::book::escape::heading;
/// assert_eq!(heading("a <img> b"), r"a ‹img\> b");
/// ```
pub fn heading(text: &str) -> String {
    inline(&text.replace('<', "‹"))
}

/// Sanitized HTML (from [`crate::render::redline`]) as one Markdown HTML block:
/// `<div class="{class}">…</div>` with no blank line inside and no brace, and a
/// line break after it. `class` is cotejo's own (a CSS class name).
pub fn html_block(class: &str, html: &str) -> String {
    debug_assert!(
        class
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
    );
    let html = html.replace("\r\n", "\n").replace('\r', "\n");
    let html = html.trim_end_matches('\n');
    let mut out = String::with_capacity(html.len() + class.len() + 32);
    out.push_str("<div class=\"");
    out.push_str(class);
    out.push_str("\">");
    let lines: Vec<&str> = html.split('\n').collect();
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            // A line break that the next line would leave alone with only
            // spaces (a blank line to CommonMark) is written as a reference.
            if is_blank(line) {
                out.push_str("&#10;");
            } else {
                out.push('\n');
            }
        }
        for c in line.chars() {
            match c {
                '{' => out.push_str("&#123;"),
                '}' => out.push_str("&#125;"),
                c => out.push(c),
            }
        }
    }
    out.push_str("</div>\n");
    out
}

fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c == ' ' || c == '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What pulldown-cmark (with mdBook's options) makes of a Markdown source.
    fn events(md: &str) -> Vec<pulldown_cmark::Event<'_>> {
        let mut opts = pulldown_cmark::Options::empty();
        opts.insert(pulldown_cmark::Options::ENABLE_TABLES);
        opts.insert(pulldown_cmark::Options::ENABLE_FOOTNOTES);
        opts.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
        opts.insert(pulldown_cmark::Options::ENABLE_TASKLISTS);
        opts.insert(pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES);
        pulldown_cmark::Parser::new_ext(md, opts).collect()
    }

    fn text_of(md: &str) -> String {
        events(md)
            .into_iter()
            .filter_map(|e| match e {
                pulldown_cmark::Event::Text(t) => Some(t.into_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn inline_text_reads_back_as_itself() {
        for s in [
            "3.2 Objetivos",
            "# not a heading",
            "- not a list",
            "1. not a list",
            "*a* _b_ `c` [d](e) ![f](g) <h> &amp; \\ | ~ ^ > !",
            "Título {#otro .clase onclick=x}",
            "{{#include /etc/passwd}}",
            "===",
            "<script>alert(1)</script>",
        ] {
            let md = format!("## {}\n", inline(s));
            assert_eq!(text_of(&md), s, "{md}");
            assert!(
                events(&md).iter().all(|e| !matches!(
                    e,
                    pulldown_cmark::Event::Html(_) | pulldown_cmark::Event::InlineHtml(_)
                )),
                "{md}"
            );
            assert!(!md.contains("{{"), "{md}");
            // As a paragraph too.
            assert_eq!(text_of(&inline(s)), s);
        }
    }

    #[test]
    fn an_html_block_stays_one_block() {
        let html = "<pre><code>a\n\n\n  \nb {{#include x}}\r\n\r\nc</code></pre>\n<p>x</p>\n\n";
        let md = format!("{}\nafter\n", html_block("body", html));
        assert!(!md.contains("{{"));
        let evs = events(&md);
        let blocks = evs
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    pulldown_cmark::Event::Start(pulldown_cmark::Tag::HtmlBlock)
                )
            })
            .count();
        assert_eq!(blocks, 1, "{evs:?}");
        let raw: String = evs
            .iter()
            .filter_map(|e| match e {
                pulldown_cmark::Event::Html(h) => Some(h.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(
            raw,
            "<div class=\"body\"><pre><code>a&#10;&#10;&#10;  \nb &#123;&#123;#include x&#125;&#125;&#10;\nc</code></pre>\n<p>x</p></div>\n"
        );
        assert_eq!(text_of(&md), "after");
    }
}
