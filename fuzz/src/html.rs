//! What the redline's HTML may hold, checked on its text: every `<` opens a
//! tag the writer or the sanitizer's allow-list writes, with attributes of an
//! allow-list, double-quoted, no event handler, no `javascript:`-like URL and no
//! class a draft chose; elements nest properly. Text is escaped by the writer
//! and by ammonia's serializer, so a `<` that does not start such a tag is
//! itself a finding.

/// Elements the writer writes, and those `sanitize_html` lets through.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "ins",
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

/// Elements without an end tag.
const VOID: &[&str] = &["br", "hr"];

const ATTRIBUTES: &[&str] = &[
    "class", "href", "title", "start", "scope", "colspan", "rowspan", "rel", "tabindex",
];

/// The classes the writer gives (a draft's own classes are dropped: they would
/// restyle the page or fake a change).
const CLASSES: &[&str] = &[
    "ins-block",
    "del-block",
    "moved",
    "fmt-changed",
    "raw-html",
    "fnref",
    "footnote",
    "table-wrap",
    "left",
    "center",
    "right",
    "image",
];

/// What is wrong with `html`, if anything: the first offence, with where.
pub fn offence(html: &str) -> Option<String> {
    let mut open: Vec<String> = Vec::new();
    let mut at = 0;
    while let Some(k) = html[at..].find('<') {
        let start = at + k;
        let Some(len) = html[start..].find('>') else {
            return Some(format!("a `<` that never closes at byte {start}"));
        };
        let tag = &html[start + 1..start + len];
        at = start + len + 1;
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(top) if top == name => {}
                top => {
                    return Some(format!(
                        "`</{name}>` at byte {start} closes {top:?} (open: {open:?})"
                    ));
                }
            }
            continue;
        }
        let name_end = tag
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag.len());
        let name = &tag[..name_end];
        if !TAGS.contains(&name) {
            return Some(format!(
                "element `<{}>` at byte {start}",
                &html[start..at.min(start + 80)]
            ));
        }
        if let Err(e) = check_attributes(&tag[name_end..]) {
            return Some(format!("{e} in `{}` at byte {start}", &html[start..at]));
        }
        if !VOID.contains(&name) {
            open.push(name.to_owned());
        }
    }
    if !open.is_empty() {
        return Some(format!("elements left open: {open:?}"));
    }
    // Belt and braces, on the raw text: nothing that reads as a script.
    let lower = html.to_ascii_lowercase();
    for needle in ["<script", "<!--", "<iframe", "<style", "<svg", "<math"] {
        if lower.contains(needle) {
            return Some(format!("`{needle}` in the output"));
        }
    }
    None
}

/// The attributes of a start tag: ` name="value"` each, from the allow-lists.
fn check_attributes(mut rest: &str) -> Result<(), String> {
    loop {
        if rest.is_empty() || rest == "/" || rest == " /" {
            return Ok(());
        }
        let Some(after_space) = rest.strip_prefix(' ') else {
            return Err(format!("no space before attribute {rest:?}"));
        };
        let Some(eq) = after_space.find("=\"") else {
            return Err(format!("attribute without a quoted value {after_space:?}"));
        };
        let name = &after_space[..eq];
        let value_and_rest = &after_space[eq + 2..];
        let Some(close) = value_and_rest.find('"') else {
            return Err("unterminated attribute value".into());
        };
        let raw = &value_and_rest[..close];
        rest = &value_and_rest[close + 1..];
        let lower = name.to_ascii_lowercase();
        if !ATTRIBUTES.contains(&lower.as_str()) {
            return Err(format!("attribute `{name}`"));
        }
        let value = decode_entities(raw);
        match lower.as_str() {
            "href" if dangerous_url(&value) => return Err(format!("URL {value:?}")),
            "class" => {
                if let Some(c) = value.split(' ').find(|c| !CLASSES.contains(c)) {
                    return Err(format!("class {c:?}"));
                }
            }
            _ => {}
        }
    }
}

/// Whether a URL's scheme runs script or carries a document, as a browser
/// reads it: ASCII whitespace and controls dropped, any case.
pub fn dangerous_url(value: &str) -> bool {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "livescript:", "mocha:"]
        .iter()
        .any(|s| squeezed.starts_with(s))
}

/// An attribute value as the browser reads it: the entities the writer and
/// ammonia's serializer write, and numeric ones.
fn decode_entities(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        rest = &rest[k..];
        let Some(semi) = rest.find(';') else { break };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checker_catches_what_it_should() {
        assert_eq!(offence("<p>a <ins>b</ins></p>\n"), None);
        assert!(offence("<script>x</script>").is_some());
        assert!(offence("<p onclick=\"x\">a</p>").is_some());
        assert!(offence("<a href=\"&#106;avascript:x\">a</a>").is_some());
        assert!(offence("<a href=\"java\tscript:x\">a</a>").is_some());
        assert!(offence("<ins>a</del>").is_some());
        assert!(offence("<ins>a").is_some());
        assert!(offence("<p class=\"evil\">a</p>").is_some());
        assert_eq!(offence("<a href=\"https://x?a=1&amp;b=2\">a</a><br>"), None);
    }
}
