//! Draft text made inert for HTML: text and attribute values escaped, link
//! targets kept only when safe to follow, and raw HTML cleaned by ammonia with
//! an allow-list.

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut from = 0;
    // Copies the runs between special bytes whole: most text has none.
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&text[from..]);
    out
}

/// A link target a reader may follow: `http(s)`, `mailto`, or relative. Any
/// other scheme (`javascript:`, `data:`, `vbscript:`…) gives `None`.
pub fn safe_url(url: &str) -> Option<&str> {
    let url = url.trim();
    // Browsers ignore tabs, newlines and control characters inside a scheme.
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = squeezed.find(':');
    let path_start = squeezed.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(c), p) if p.is_none_or(|p| c < p) => {
            let scheme = &squeezed[..c];
            matches!(scheme, "http" | "https" | "mailto").then_some(url)
        }
        _ => Some(url),
    }
}

/// Tags a draft's raw HTML may keep: text-level and table markup only. Page
/// structure (`article`, `nav`, `h1`–`h3`…), change marks (`ins`, `del`), forms,
/// media and anything that loads or runs are dropped (their text stays), so a
/// draft can neither run code nor fake a change, a section or an outline entry.
const HTML_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

/// Deeper nesting than this and a raw HTML block is shown as its source:
/// no document nests five hundred elements, and the HTML parser under
/// ammonia searches the open elements at each end tag, so 100,000 nested
/// `<div>` took a minute. Browsers cap their trees near this depth too.
const MAX_HTML_DEPTH: usize = 512;

/// Elements whose end tag may be left out (the parser closes them): they do
/// not deepen the tree the way the scan below would count them.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup",
    "colgroup", "caption", "rp", "rt", "rb", "rtc",
];

/// Elements that never hold others.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Whether the elements of `html` nest deeper than `limit`, by a scan of its
/// tags that keeps a stack of the open ones: an end tag closes up to the
/// nearest open element of its name and is ignored when none is open (as the
/// parser does), so the scan's work is bounded by the limit per tag.
fn nests_deeper_than(html: &str, limit: usize) -> bool {
    let bytes = html.as_bytes();
    let mut open: Vec<&str> = Vec::new();
    let mut at = 0;
    while let Some(k) = html[at..].find('<') {
        let start = at + k + 1;
        at = start;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = &html[name_start..name_start + name_len];
        let is = |list: &[&str]| list.iter().any(|t| t.eq_ignore_ascii_case(name));
        if is(OPTIONAL_END) || is(VOID) {
            continue;
        }
        if closing {
            if let Some(p) = open.iter().rposition(|o| o.eq_ignore_ascii_case(name)) {
                open.truncate(p);
            }
        } else {
            open.push(name);
            if open.len() > limit {
                return true;
            }
        }
    }
    false
}

/// Raw HTML from a draft, cleaned by ammonia with `HTML_TAGS`: no scripts,
/// styles, event handlers, ids, classes or unsafe URLs survive. HTML nested
/// deeper than 512 elements (`MAX_HTML_DEPTH`) is shown as its escaped source instead.
pub fn sanitize_html(html: &str) -> String {
    if nests_deeper_than(html, MAX_HTML_DEPTH) {
        return format!("<pre>{}</pre>", escape(html));
    }
    let tags: std::collections::HashSet<&str> = HTML_TAGS.iter().copied().collect();
    let mut attributes: std::collections::HashMap<&str, std::collections::HashSet<&str>> =
        std::collections::HashMap::new();
    attributes.insert("a", ["href", "title"].into_iter().collect());
    attributes.insert("abbr", ["title"].into_iter().collect());
    attributes.insert("td", ["colspan", "rowspan"].into_iter().collect());
    attributes.insert("th", ["colspan", "rowspan"].into_iter().collect());
    attributes.insert("ol", ["start"].into_iter().collect());
    ammonia::Builder::empty()
        .tags(tags)
        // `Builder::empty` clears the tags only: ammonia's default generic
        // attributes (`lang` and `title` on every element) stay unless
        // cleared, and a draft's `<p title="…">` kept a tooltip the report
        // never writes (found by the `redline` fuzz target). Only the
        // attributes listed per tag are kept.
        .generic_attributes(std::collections::HashSet::new())
        .tag_attributes(attributes)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_depth_is_counted_as_the_parser_would() {
        assert!(!nests_deeper_than("<div><p>a<p>b</div>", 1));
        assert!(nests_deeper_than("<div><span>a</span></div>", 1));
        assert!(!nests_deeper_than("<div></div><div></div>", 1));
        // Stray end tags close nothing; void and optional-end elements do
        // not deepen the tree.
        assert!(nests_deeper_than("<div></x><div>", 1));
        assert!(!nests_deeper_than(&"<li><br><img src=x>".repeat(1000), 1));
        assert!(!nests_deeper_than("a < b and 3<4", 0));
        // An end tag closes the elements opened inside it, as in the parser.
        assert!(!nests_deeper_than("<div><b><i></div><div><b>", 3));
    }

    /// 100,000 nested `<div>` once took a minute in the parser: shown as
    /// source now, with the work of one scan.
    #[test]
    fn deep_html_is_shown_as_its_source() {
        let n = 100_000;
        let html = format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n));
        let clean = sanitize_html(&html);
        assert!(clean.starts_with("<pre>&lt;div&gt;"), "{}", &clean[..40]);
        assert!(!clean.contains("<div>"));
        let shallow = sanitize_html("<div><b>hola</b><script>x()</script></div>");
        assert_eq!(shallow, "<div><b>hola</b></div>");
    }
}
