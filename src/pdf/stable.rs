//! One HTML, one PDF: what Chromium varies from print to print, taken out.
//!
//! Printing the same HTML twice on a busy machine, Chromium sometimes gave
//! different bytes (in the tests, about one print in ten with three prints
//! and two busy loops at once; never one at a time on an idle machine):
//!
//! - the tagged PDF names its elements `(node00000097)` after the renderer's
//!   node numbers, which shift with what ran before the print;
//! - a link spread over several boxes (a contents line's number and title)
//!   is sometimes one link annotation, sometimes three, which renumbers
//!   every later object;
//! - once, one line was drawn 0.17 px lower.
//!
//! The names are renumbered 1, 2, … in their order ([`renumber_node_ids`]);
//! the rest cannot be undone after the fact, so a document is printed until
//! two prints agree ([`agreed`]): a deviant print is rare, and two deviant
//! prints alike rarer still (the ones seen all differed from each other).

use sha2::{Digest, Sha256};

use crate::error::Result;

/// The most prints of one document made to find two that agree; the last
/// is kept when none do.
pub const MAX_PRINTS: usize = 4;

/// Prints with `print` until two prints agree once `same` has made each
/// comparable (dates set alike), at most [`MAX_PRINTS`] times, and returns
/// the print agreed on. When none agree, or a print after the first fails
/// (a timeout on a busy machine), the last good print is kept and a warning
/// says that printing again may give other bytes; a first print that fails
/// is the error.
pub fn agreed(
    print: &mut dyn FnMut() -> Result<Vec<u8>>,
    same: &dyn Fn(&[u8]) -> Vec<u8>,
) -> Result<Vec<u8>> {
    // Each comparable print's digest, not the print: a changelog's PDF is
    // megabytes, and up to four of them would be held at once.
    let mut seen: Vec<[u8; 32]> = Vec::new();
    let mut last: Option<Vec<u8>> = None;
    let why = loop {
        let pdf = match (print(), last.take()) {
            (Ok(pdf), _) => pdf,
            (Err(e), None) => return Err(e),
            (Err(e), Some(good)) => {
                last = Some(good);
                break format!("printing it again failed ({e})");
            }
        };
        let key: [u8; 32] = Sha256::digest(same(&pdf)).into();
        if seen.contains(&key) {
            return Ok(pdf);
        }
        seen.push(key);
        last = Some(pdf);
        if seen.len() >= MAX_PRINTS {
            break format!("no two of {MAX_PRINTS} prints were alike");
        }
    };
    eprintln!(
        "cotejo: warning: Chromium did not print the same PDF twice ({why}): the PDF written \
         may differ in its bytes from another print of the same HTML."
    );
    Ok(last.expect("a print succeeded"))
}

/// Renumbers Chromium's tag names `(nodeNNNNNNNN)` 1, 2, … in the order of
/// their numbers, in place: the same width, so no offset of the file moves,
/// and the same order, so the PDF's ID tree stays sorted.
pub fn renumber_node_ids(pdf: &mut [u8]) {
    const OPEN: &[u8] = b"(node";
    const WIDTH: usize = OPEN.len() + 8 + 1;
    let id_at = |pdf: &[u8], at: usize| -> Option<u32> {
        let w = pdf.get(at..at + WIDTH)?;
        let digits = &w[OPEN.len()..WIDTH - 1];
        (w.starts_with(OPEN) && w[WIDTH - 1] == b')' && digits.iter().all(u8::is_ascii_digit))
            .then(|| std::str::from_utf8(digits).ok()?.parse().ok())?
    };
    let places: Vec<(usize, u32)> = pdf
        .windows(OPEN.len())
        .enumerate()
        .filter(|(_, w)| *w == OPEN)
        .filter_map(|(at, _)| Some((at, id_at(pdf, at)?)))
        .collect();
    let mut numbers: Vec<u32> = places.iter().map(|&(_, n)| n).collect();
    numbers.sort_unstable();
    numbers.dedup();
    for (at, n) in places {
        let rank = numbers.binary_search(&n).expect("each number was listed") + 1;
        pdf[at + OPEN.len()..at + WIDTH - 1].copy_from_slice(format!("{rank:08}").as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_names_are_renumbered_in_order_in_place() {
        let mut pdf = b"/ID (node00000097) /K [(node00000099)] (node00000097) (node123) \
                        (node00000098x)"
            .to_vec();
        let len = pdf.len();
        renumber_node_ids(&mut pdf);
        assert_eq!(pdf.len(), len);
        assert_eq!(
            String::from_utf8(pdf).unwrap(),
            "/ID (node00000001) /K [(node00000002)] (node00000001) (node123) (node00000098x)"
        );
        // Two prints whose names were shifted alike are the same bytes.
        let (mut a, mut b) = (
            b"(node00000096)(node00000100)".to_vec(),
            b"(node00000099)(node00000103)".to_vec(),
        );
        renumber_node_ids(&mut a);
        renumber_node_ids(&mut b);
        assert_eq!(a, b);
    }

    fn printer(
        prints: &[&'static [u8]],
    ) -> (
        impl FnMut() -> Result<Vec<u8>>,
        std::rc::Rc<std::cell::Cell<usize>>,
    ) {
        let calls = std::rc::Rc::new(std::cell::Cell::new(0));
        let counted = std::rc::Rc::clone(&calls);
        let prints = prints.to_vec();
        let print = move || {
            let k = counted.get();
            counted.set(k + 1);
            Ok(prints[k].to_vec())
        };
        (print, calls)
    }

    #[test]
    fn a_document_is_printed_until_two_prints_agree() {
        let same = |pdf: &[u8]| pdf.to_ascii_lowercase();
        // Two alike at once: two prints.
        let (mut print, calls) = printer(&[b"A", b"A"]);
        assert_eq!(agreed(&mut print, &same).unwrap(), b"A");
        assert_eq!(calls.get(), 2);
        // A deviant first: the third agrees with the second.
        let (mut print, calls) = printer(&[b"B", b"A", b"A"]);
        assert_eq!(agreed(&mut print, &same).unwrap(), b"A");
        assert_eq!(calls.get(), 3);
        // Alike once made comparable (here, case; in a PDF, the dates).
        let (mut print, calls) = printer(&[b"B", b"a", b"c", b"A"]);
        assert_eq!(agreed(&mut print, &same).unwrap(), b"A");
        assert_eq!(calls.get(), 4);
        // None alike: the last of MAX_PRINTS.
        let (mut print, calls) = printer(&[b"1", b"2", b"3", b"4", b"5"]);
        assert_eq!(agreed(&mut print, &same).unwrap(), b"4");
        assert_eq!(calls.get(), MAX_PRINTS);
    }

    #[test]
    fn a_print_that_fails_after_a_good_one_keeps_the_good_one_and_a_first_failure_is_the_error() {
        let failed = || crate::error::Error::Chromium {
            chromium: "chromium".into(),
            html: "informe.html".into(),
            message: "it did not finish within 180 seconds and was stopped".into(),
        };
        let same = |pdf: &[u8]| pdf.to_vec();
        let mut calls = 0;
        let mut print = || {
            calls += 1;
            if calls == 1 {
                Ok(b"A".to_vec())
            } else {
                Err(failed())
            }
        };
        assert_eq!(agreed(&mut print, &same).unwrap(), b"A");
        assert_eq!(calls, 2);
        let mut print = || Err(failed());
        let err = agreed(&mut print, &same).unwrap_err().to_string();
        assert!(err.contains("180 seconds"), "{err}");
    }
}
