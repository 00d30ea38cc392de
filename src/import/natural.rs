//! Natural order of names: `borrador_2.md` before `borrador_10.md`, as a
//! person numbers drafts, where byte order (a shell's glob) puts 10 first.

use std::cmp::Ordering;

/// Compares two names run by run: runs of digits by their value, other runs
/// by their text without regard to case; ties by the bytes, so that the order
/// is total and the same on every machine.
pub fn compare(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (runs(a), runs(b));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) => {
                let order = match (is_number(p), is_number(q)) {
                    (true, true) => {
                        let (p, q) = (p.trim_start_matches('0'), q.trim_start_matches('0'));
                        p.len().cmp(&q.len()).then_with(|| p.cmp(q))
                    }
                    _ => p.to_lowercase().cmp(&q.to_lowercase()),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

fn is_number(run: &str) -> bool {
    run.starts_with(|c: char| c.is_ascii_digit())
}

/// The runs of `s`: maximal stretches of ASCII digits, and of everything else.
fn runs(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let digits = first.is_ascii_digit();
        let end = rest
            .find(|c: char| c.is_ascii_digit() != digits)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some(run)
    })
}

#[cfg(test)]
mod tests {
    use super::compare;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare(a, b));
        v
    }

    #[test]
    fn numbers_are_ordered_by_value() {
        assert_eq!(
            sorted(&["borrador_10.md", "borrador_2.md", "borrador_1.md"]),
            ["borrador_1.md", "borrador_2.md", "borrador_10.md"]
        );
        assert_eq!(sorted(&["v10", "v9", "V1"]), ["V1", "v9", "v10"]);
        assert_eq!(sorted(&["b02", "b1", "b010"]), ["b1", "b02", "b010"]);
    }

    #[test]
    fn the_order_is_total() {
        assert_eq!(sorted(&["a01", "a1", "A1"]), ["A1", "a01", "a1"]);
        assert_eq!(sorted(&["a", "a1", ""]), ["", "a", "a1"]);
    }
}
