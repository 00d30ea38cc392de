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

/// Raw HTML from a draft, cleaned by ammonia with `HTML_TAGS`: no scripts,
/// styles, event handlers, ids, classes or unsafe URLs survive.
pub fn sanitize_html(html: &str) -> String {
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
        .tag_attributes(attributes)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string()
}
