//! The invariants the fuzz targets assert, shared by them: the same contract
//! `tests/properties.rs` holds on generated documents, here held on whatever
//! libFuzzer makes. Each check panics with what broke, which libFuzzer reports
//! as a crash and saves the input of.

use cotejo::compare::{self, Side};
use cotejo::document::Document;
use cotejo::model::{ChangeKind, Comparison, DiffToken, Op, VersionInfo};

pub mod html;

/// The byte that splits an input into two texts: never part of UTF-8, so no
/// text the fuzzer makes is cut inside a character.
pub const SEPARATOR: u8 = 0xFF;

/// An input as two texts: the bytes before the first [`SEPARATOR`] and those
/// after it (the second is empty when there is none), invalid UTF-8 replaced.
pub fn split_pair(data: &[u8]) -> (String, String) {
    let (old, new) = match data.iter().position(|&b| b == SEPARATOR) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    (
        String::from_utf8_lossy(old).into_owned(),
        String::from_utf8_lossy(new).into_owned(),
    )
}

/// Sections partition the text after a blank preamble: in order, touching,
/// each body a suffix of its range on character boundaries, the last ending at
/// the end; lines, levels, parents and ids as documented.
pub fn check_sections(doc: &Document) {
    let text = doc.text();
    let sections = doc.sections();
    let Some(first) = sections.first() else {
        assert!(text.trim().is_empty(), "no sections in a non-blank text");
        return;
    };
    assert!(
        text[..first.range.start].trim().is_empty(),
        "bytes before the first section are not blank: {:?}",
        &text[..first.range.start]
    );
    assert_eq!(sections.last().unwrap().range.end, text.len(), "last end");
    let mut ids = std::collections::HashSet::new();
    for (k, s) in sections.iter().enumerate() {
        assert_eq!(s.index, k);
        if k > 0 {
            assert_eq!(s.range.start, sections[k - 1].range.end, "section {k} gap");
        }
        assert!(
            s.range.start <= s.body.start
                && s.body.start <= s.body.end
                && s.body.end == s.range.end,
            "section {k}: body {:?} is not a suffix of range {:?}",
            s.body,
            s.range
        );
        assert!(
            text.get(s.range.clone()).is_some(),
            "range off char boundary"
        );
        assert!(text.get(s.body.clone()).is_some(), "body off char boundary");
        // The accessors must not panic either.
        let _ = doc.body(k);
        let _ = doc.heading_source(k);
        let _ = doc.path(k);
        let line = text[..s.range.start].matches('\n').count() + 1;
        assert_eq!(s.line, line, "line of section {k}");
        if s.level == 0 {
            assert_eq!(k, 0, "only the first section may be the preamble");
            assert_eq!(s.parent, None);
        } else {
            assert!((1..=6).contains(&s.level), "level {}", s.level);
            let expected = (0..k)
                .rev()
                .find(|&j| sections[j].level > 0 && sections[j].level < s.level);
            assert_eq!(s.parent, expected, "parent of section {k}");
        }
        assert!(ids.insert(s.id.clone()), "duplicate id {:?}", s.id);
        assert_eq!(doc.find_id(&s.id), Some(k), "find_id of {:?}", s.id);
    }
}

/// Equal + delete tokens give the old text, equal + insert the new; no token
/// is empty.
pub fn check_tokens(old: &str, new: &str, tokens: &[DiffToken]) {
    let (o, n) = rebuild(tokens);
    assert_eq!(o, old, "equal + delete must give the old text");
    assert_eq!(n, new, "equal + insert must give the new text");
    for t in tokens {
        assert!(!t.text.is_empty(), "empty token in {tokens:?}");
    }
}

fn rebuild(tokens: &[DiffToken]) -> (String, String) {
    let (mut old, mut new) = (String::new(), String::new());
    for t in tokens {
        match t.op {
            Op::Equal => {
                old += &t.text;
                new += &t.text;
            }
            Op::Delete => old += &t.text,
            Op::Insert => new += &t.text,
        }
    }
    (old, new)
}

fn info(label: &str, doc: &Document) -> VersionInfo {
    VersionInfo {
        label: label.to_owned(),
        commit: None,
        sha256: "0".repeat(64),
        sections: doc.sections().len(),
    }
}

/// The comparison of two documents with the default options, as the CLI makes it.
pub fn compare_docs(old: &Document, new: &Document) -> Comparison {
    compare::compare(
        Side {
            info: info("old", old),
            document: old,
        },
        Side {
            info: info("new", new),
            document: new,
        },
        &compare::Options::default(),
    )
}

/// The comparison's contract (`cotejo.diff/2`): every section of each side
/// once, entries in the new version's order, each entry's tokens rebuilding
/// both bodies, an unchanged entry byte-identical; blocks disjoint and covering
/// every non-blank byte of their body; `moved_to` and `moved_from` answering
/// each other.
pub fn check_comparison(od: &Document, nd: &Document, cmp: &Comparison) {
    let (on, nn) = (od.sections().len(), nd.sections().len());
    assert_eq!(cmp.old.sections, on);
    assert_eq!(cmp.new.sections, nn);
    let mut seen_old = vec![0usize; on];
    let mut seen_new = vec![0usize; nn];
    let mut last_new: Option<usize> = None;
    for (k, e) in cmp.sections.iter().enumerate() {
        match (e.change, &e.old, &e.new) {
            (ChangeKind::Added, None, Some(_)) | (ChangeKind::Removed, Some(_), None) => {}
            (ChangeKind::Modified | ChangeKind::Unchanged, Some(_), Some(_)) => {}
            _ => panic!("entry {k} has kind {:?} and sides {e:?}", e.change),
        }
        if let Some(o) = &e.old {
            assert!(o.index < on);
            seen_old[o.index] += 1;
            assert_eq!(&*o.id, od.sections()[o.index].id.as_str());
        }
        if let Some(n) = &e.new {
            assert!(n.index < nn);
            seen_new[n.index] += 1;
            assert_eq!(&*n.id, nd.sections()[n.index].id.as_str());
            assert!(
                last_new.is_none_or(|l| l < n.index),
                "entry {k} (new {}) after new {last_new:?}",
                n.index
            );
            last_new = Some(n.index);
        }
        let old_body = e.old.as_ref().map(|r| od.body(r.index));
        let new_body = e.new.as_ref().map(|r| nd.body(r.index));
        match e.change {
            ChangeKind::Unchanged => {
                assert!(e.diff.is_none(), "unchanged entry {k} has a diff");
                assert_eq!(old_body, new_body, "unchanged entry {k} has other bodies");
            }
            _ => {
                let diff = e.diff.as_deref().expect("a changed entry has a diff");
                check_tokens(old_body.unwrap_or(""), new_body.unwrap_or(""), diff);
            }
        }
        assert!(
            (0.0..=1.0).contains(&e.similarity),
            "similarity {}",
            e.similarity
        );
    }
    assert!(
        seen_old.iter().all(|&n| n == 1),
        "old sections seen {seen_old:?}"
    );
    assert!(
        seen_new.iter().all(|&n| n == 1),
        "new sections seen {seen_new:?}"
    );
    check_blocks(od, nd, cmp);
}

fn check_blocks(od: &Document, nd: &Document, cmp: &Comparison) {
    for (k, e) in cmp.sections.iter().enumerate() {
        let Some(blocks) = &e.blocks else {
            assert_eq!(e.change, ChangeKind::Unchanged, "entry {k} has no blocks");
            continue;
        };
        let old_body = e.old.as_ref().map(|r| od.body(r.index));
        let new_body = e.new.as_ref().map(|r| nd.body(r.index));
        for (body, old_side) in [(old_body, true), (new_body, false)] {
            let ranges: Vec<std::ops::Range<usize>> = blocks
                .iter()
                .filter_map(|b| if old_side { b.old } else { b.new })
                .map(|r| r.range())
                .collect();
            let Some(body) = body else {
                assert!(ranges.is_empty(), "entry {k}: ranges on a missing side");
                continue;
            };
            let mut covered = vec![false; body.len()];
            for r in &ranges {
                assert!(r.start < r.end && r.end <= body.len(), "entry {k}: {r:?}");
                for c in &mut covered[r.clone()] {
                    assert!(!*c, "entry {k}: blocks overlap at {r:?}");
                    *c = true;
                }
            }
            for (i, b) in body.bytes().enumerate() {
                assert!(
                    covered[i] || b.is_ascii_whitespace(),
                    "entry {k}: byte {i} of {body:?} in no block"
                );
            }
        }
        for (j, b) in blocks.iter().enumerate() {
            if let (Some(o), Some(n), Some(ob), Some(nb)) = (b.old, b.new, old_body, new_body) {
                assert_eq!(
                    b.change == ChangeKind::Unchanged,
                    ob[o.range()] == nb[n.range()],
                    "entry {k} block {j}: unchanged iff identical"
                );
            }
            if let Some(p) = b.moved_to {
                let other = &cmp.sections[p.section].blocks.as_ref().expect("blocks")[p.block];
                assert_eq!(
                    other.moved_from.map(|q| (q.section, q.block)),
                    Some((k, j)),
                    "moved_to of entry {k} block {j} is not answered"
                );
            }
            if let Some(p) = b.moved_from {
                let other = &cmp.sections[p.section].blocks.as_ref().expect("blocks")[p.block];
                assert_eq!(
                    other.moved_to.map(|q| (q.section, q.block)),
                    Some((k, j)),
                    "moved_from of entry {k} block {j} is not answered"
                );
            }
        }
    }
}
