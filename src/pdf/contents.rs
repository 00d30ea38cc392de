//! Page numbers in a printed contents list, in two passes.
//!
//! CSS cannot say on which page an element lands (Chromium has no
//! `target-counter`), so the HTML carries empty placeholders,
//! `<span class="page-ref" data-page-of="ID"></span>`, whose room is kept by
//! the CSS. The HTML is printed once; the PDF's named destinations (Chromium
//! makes one for every element a link points to) give the page of each `ID`;
//! a copy of the HTML with the numbers filled in is printed again, until the
//! numbers the PDF shows are the ones it holds. The HTML file itself is never
//! changed: it is the same on screen, for `cotejo verify`, and reprinted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lopdf::{Document, Object, ObjectId};

/// The attribute that marks a placeholder, up to the id's opening quote.
const MARK: &str = "data-page-of=\"";

/// How many times the document is printed at most: the numbers take room
/// kept for them, so the second print is normally the last.
const MAX_PASSES: usize = 3;

/// The ids of the placeholders in `html`, in order.
pub fn placeholders(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(MARK) {
        rest = &rest[at + MARK.len()..];
        if let Some(end) = rest.find('"') {
            ids.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
    ids
}

/// `html` with each empty placeholder whose id is in `pages` holding its page
/// number (digits only; an id with no page is left empty).
pub fn fill(html: &str, pages: &BTreeMap<String, usize>) -> String {
    let mut out = html.to_owned();
    for (id, page) in pages {
        let empty = format!("{MARK}{id}\"></span>");
        let filled = format!("{MARK}{id}\">{page}</span>");
        out = out.replace(&empty, &filled);
    }
    out
}

/// The page (from 1) of each named destination of a PDF: the catalog's
/// `/Dests` dictionary and the `/Names` tree's `/Dests`, as Chromium writes
/// them. A PDF that cannot be read gives no pages, never an error: the
/// contents then print without numbers.
pub fn destination_pages(pdf: &[u8]) -> BTreeMap<String, usize> {
    let Ok(doc) = Document::load_mem(pdf) else {
        return BTreeMap::new();
    };
    let page_of: BTreeMap<ObjectId, usize> = doc
        .get_pages()
        .into_iter()
        .map(|(number, id)| (id, number as usize))
        .collect();
    let mut named: Vec<(Vec<u8>, &Object)> = Vec::new();
    if let Ok(catalog) = doc.catalog() {
        if let Ok(dests) = catalog.get(b"Dests")
            && let Some(Object::Dictionary(dests)) = resolve(&doc, dests)
        {
            named.extend(dests.iter().map(|(k, v)| (k.clone(), v)));
        }
        if let Ok(names) = catalog.get(b"Names")
            && let Some(Object::Dictionary(names)) = resolve(&doc, names)
            && let Ok(tree) = names.get(b"Dests")
        {
            name_tree(&doc, tree, 0, &mut named);
        }
    }
    named
        .into_iter()
        .filter_map(|(name, dest)| {
            let page = dest_page(&doc, dest, &page_of)?;
            Some((String::from_utf8(name).ok()?, page))
        })
        .collect()
}

/// An object, its references followed.
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    doc.dereference(object).ok().map(|(_, o)| o)
}

/// The leaves of a name tree (`/Names [key value …]`, `/Kids`), to a bounded depth.
fn name_tree<'a>(
    doc: &'a Document,
    node: &'a Object,
    depth: usize,
    out: &mut Vec<(Vec<u8>, &'a Object)>,
) {
    let Some(Object::Dictionary(node)) = resolve(doc, node) else {
        return;
    };
    if depth > 16 {
        return;
    }
    if let Ok(Object::Array(pairs)) = node.get(b"Names") {
        for pair in pairs.chunks(2) {
            if let [Object::String(key, _), value] = pair {
                out.push((key.clone(), value));
            }
        }
    }
    if let Ok(Object::Array(kids)) = node.get(b"Kids") {
        for kid in kids {
            name_tree(doc, kid, depth + 1, out);
        }
    }
}

/// The page a destination points to: `[page /XYZ …]`, or `<< /D [page …] >>`.
fn dest_page(doc: &Document, dest: &Object, page_of: &BTreeMap<ObjectId, usize>) -> Option<usize> {
    match resolve(doc, dest)? {
        Object::Array(items) => match items.first()? {
            Object::Reference(id) => page_of.get(id).copied(),
            _ => None,
        },
        Object::Dictionary(d) => dest_page(doc, d.get(b"D").ok()?, page_of),
        _ => None,
    }
}

/// Prints `html` with `print` (a path in, the PDF's bytes out), filling its
/// contents' page numbers in a copy when it has placeholders (`work` is a
/// private folder for the copy). Returns the PDF and the file it was
/// printed from (`html`, or the copy with the numbers), which prints again
/// alike.
pub fn print_numbered(
    html: &Path,
    work: &Path,
    print: &dyn Fn(&Path) -> crate::error::Result<Vec<u8>>,
) -> crate::error::Result<(Vec<u8>, PathBuf)> {
    let mut pdf = print(html)?;
    let Ok(source) = std::fs::read_to_string(html) else {
        return Ok((pdf, html.to_owned()));
    };
    let ids = placeholders(&source);
    if ids.is_empty() {
        return Ok((pdf, html.to_owned()));
    }
    // Beside nothing: the HTML cotejo writes holds everything it needs.
    let copy = work.join("numbered.html");
    let mut printed = html.to_owned();
    let mut filled: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 1..MAX_PASSES {
        let pages: BTreeMap<String, usize> = destination_pages(&pdf)
            .into_iter()
            .filter(|(id, _)| ids.contains(id))
            .collect();
        if pages.is_empty() || pages == filled {
            break;
        }
        std::fs::write(&copy, fill(&source, &pages)).map_err(|source| {
            crate::error::Error::Write {
                path: copy.clone(),
                source,
            }
        })?;
        pdf = print(&copy)?;
        printed.clone_from(&copy);
        filled = pages;
    }
    Ok((pdf, printed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_and_filled_with_digits_only() {
        let html = "<li><a href=\"#t1\">A</a><span class=\"page-ref\" data-page-of=\"t1\"></span></li>\
                    <li><span class=\"page-ref\" data-page-of=\"t2\"></span></li>";
        assert_eq!(placeholders(html), ["t1", "t2"]);
        let pages = BTreeMap::from([("t1".to_owned(), 3)]);
        let out = fill(html, &pages);
        assert!(out.contains("data-page-of=\"t1\">3</span>"), "{out}");
        assert!(out.contains("data-page-of=\"t2\"></span>"), "{out}");
    }

    #[test]
    fn a_pdf_that_cannot_be_read_has_no_pages() {
        assert!(destination_pages(b"%PDF-1.4 not really").is_empty());
        assert!(destination_pages(b"").is_empty());
    }
}
