//! The versions of a history as it names them ([`Point`]), kept out of
//! memory: a history of every commit has one per commit, and even compact
//! (its commit id as 20 bytes, its summary and date as text) a point was
//! ~130 bytes held for the whole run, a sixth of what a long history held a
//! commit (issue 12, thirteenth round). The points are written in pages to
//! the history's temporary file ([`Paged`]); memory keeps the drafts too (a
//! handful, which pages ask for by name).

use std::sync::Arc;

use super::Point;
use super::bytes::{Corrupt, Reader, Writer};
use super::hex::{self, Hex};
use super::paged::Paged;
use super::spill::Spill;

/// The points of a history, oldest first.
#[derive(Debug)]
pub struct Points {
    /// Every point, [`encode`]d.
    paged: Paged,
    /// The drafts among the points, by point.
    drafts: Vec<Mark>,
}

/// A point that is a draft: its name, and how it was marked.
#[derive(Debug)]
struct Mark {
    point: usize,
    draft: String,
    /// Marked by [`Points::mark_draft`]: labelled by its name, and dated as
    /// the manifest dates it (`None`: its commit's date).
    marked: Option<Option<String>>,
}

/// The digits of a commit's short id, as [`Point::label`] gives it.
const SHORT: usize = 8;

/// What the records are, in the note of a page that does not read back.
const WHAT: &str = "the history's points";

impl Default for Points {
    fn default() -> Points {
        Points::spilling(None)
    }
}

impl Points {
    /// No points yet; full pages will go to `spill`, if there is one.
    pub(super) fn spilling(spill: Option<Arc<Spill>>) -> Points {
        Points {
            paged: Paged::spilling(spill, WHAT),
            drafts: Vec::new(),
        }
    }

    /// The number of points.
    pub fn len(&self) -> usize {
        self.paged.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Point `k`.
    pub fn get(&self, k: usize) -> Point {
        let mut point = self.read(k);
        if let Some(mark) = self.mark(k) {
            point.draft = Some(mark.draft.clone());
            if let Some(date) = &mark.marked {
                point.label = mark.draft.clone();
                if date.is_some() {
                    point.date = date.clone();
                }
            }
        }
        point
    }

    /// Every point, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = Point> + '_ {
        (0..self.len()).map(|k| self.get(k))
    }

    /// Point `k`'s label ([`Point::label`]).
    pub fn label(&self, k: usize) -> String {
        self.get(k).label
    }

    /// The draft point `k` is, if it is one ([`Point::draft`]): read from
    /// memory, never from the file.
    pub fn draft(&self, k: usize) -> Option<&str> {
        self.mark(k).map(|m| m.draft.as_str())
    }

    /// Point `k`'s date ([`Point::date`]).
    pub fn date(&self, k: usize) -> Option<String> {
        self.get(k).date
    }

    /// Point `k`'s commit summary ([`Point::summary`]).
    pub fn summary(&self, k: usize) -> Option<String> {
        self.get(k).summary
    }

    /// `point` appended.
    pub(super) fn push(&mut self, point: Point) {
        let k = self.len();
        if let Some(draft) = &point.draft {
            self.drafts.push(Mark {
                point: k,
                draft: draft.clone(),
                marked: None,
            });
        }
        self.paged.push(&encode(&point));
    }

    /// Marks point `k` as draft `draft`: named after it, and dated `date`
    /// when the manifest dates it.
    pub(super) fn mark_draft(&mut self, k: usize, draft: &str, date: Option<&str>) {
        assert!(k < self.len(), "point {k} of {}", self.len());
        let mark = Mark {
            point: k,
            draft: draft.to_owned(),
            marked: Some(date.map(str::to_owned)),
        };
        match self.drafts.binary_search_by_key(&k, |m| m.point) {
            Ok(at) => self.drafts[at] = mark,
            Err(at) => self.drafts.insert(at, mark),
        }
    }

    /// The bytes the points take in memory: where the pages are (and those
    /// kept in memory), the page being filled, the drafts.
    pub(super) fn bytes(&self) -> usize {
        let drafts: usize = self
            .drafts
            .iter()
            .map(|m| {
                m.draft.capacity()
                    + m.marked
                        .as_ref()
                        .and_then(Option::as_ref)
                        .map_or(0, String::capacity)
            })
            .sum();
        self.paged.bytes() + self.drafts.capacity() * std::mem::size_of::<Mark>() + drafts
    }

    /// Gives back the spare capacity of the lists built by pushing.
    pub(super) fn shrink_to_fit(&mut self) {
        self.paged.shrink_to_fit();
        self.drafts.shrink_to_fit();
    }

    /// The draft mark of point `k`, if it is a draft.
    fn mark(&self, k: usize) -> Option<&Mark> {
        let at = self.drafts.binary_search_by_key(&k, |m| m.point).ok()?;
        Some(&self.drafts[at])
    }

    /// Point `k` as pushed; a stand-in when its page does not read back
    /// ([`Paged::read`]).
    fn read(&self, k: usize) -> Point {
        self.paged.read(k, decode).unwrap_or_default()
    }
}

impl FromIterator<Point> for Points {
    fn from_iter<I: IntoIterator<Item = Point>>(points: I) -> Points {
        let mut all = Points::default();
        for p in points {
            all.push(p);
        }
        all.shrink_to_fit();
        all
    }
}

/// `point`'s bytes: its commit ([`Hex`]), whether its label is the
/// commit's short id (and left out) or the label, its summary and its
/// date. Its draft is kept apart ([`Mark`]).
fn encode(point: &Point) -> Vec<u8> {
    let mut w = Writer::default();
    let commit = point.commit.as_deref().map(Hex::<20>::of);
    match &commit {
        None => w.u8(0),
        Some(c) => {
            w.u8(1);
            c.write(&mut w);
        }
    }
    let short = matches!(&commit, Some(Hex::Bytes(b)) if hex::text(&b[..SHORT / 2]) == point.label);
    w.u8(u8::from(short));
    if !short {
        w.str(&point.label);
    }
    for part in [&point.summary, &point.date] {
        match part {
            None => w.u8(0),
            Some(s) => {
                w.u8(1);
                w.str(s);
            }
        }
    }
    w.bytes
}

/// The point [`encode`] wrote, but its draft.
fn decode(bytes: &[u8]) -> Result<Point, Corrupt> {
    let mut r = Reader::new(bytes);
    let commit = match r.u8()? {
        0 => None,
        1 => Some(Hex::<20>::read(&mut r)?),
        _ => return Err(Corrupt("an unknown commit mark")),
    };
    let label = match (r.u8()?, &commit) {
        (1, Some(Hex::Bytes(b))) => hex::text(&b[..SHORT / 2]),
        (0, _) => r.str()?.to_owned(),
        _ => return Err(Corrupt("an unknown label mark")),
    };
    let mut part = || -> Result<Option<String>, Corrupt> {
        match r.u8()? {
            0 => Ok(None),
            1 => Ok(Some(r.str()?.to_owned())),
            _ => Err(Corrupt("an unknown text mark")),
        }
    };
    let (summary, date) = (part()?, part()?);
    Ok(Point {
        label,
        draft: None,
        commit: commit.as_ref().map(Hex::text),
        summary,
        date,
    })
}

#[cfg(test)]
mod tests {
    use super::super::paged::PAGE;
    use super::*;

    fn point(label: &str, commit: Option<&str>, draft: Option<&str>, date: &str) -> Point {
        Point {
            label: label.to_owned(),
            draft: draft.map(str::to_owned),
            commit: commit.map(str::to_owned),
            summary: Some(format!("Cambios de {label}")),
            date: Some(date.to_owned()),
        }
    }

    fn same(a: &Point, b: &Point) -> bool {
        (&a.label, &a.draft, &a.commit, &a.summary, &a.date)
            == (&b.label, &b.draft, &b.commit, &b.summary, &b.date)
    }

    #[test]
    fn every_point_reads_back_as_it_was_given() {
        let oid = "0123456789abcdef0123456789abcdef01234567";
        let given = [
            // A commit labelled by its short id: the label is not kept.
            point("01234567", Some(oid), None, "2023-08-20"),
            // A draft at a commit, dated as the manifest dates it.
            point("borrador-1", Some(oid), Some("borrador-1"), "2023-08-20"),
            // A version read from the worktree: no commit.
            point("borrador-2", None, Some("borrador-2"), "2023-09-03"),
            // An id that is not 40 lowercase digits is kept as text: upper
            // case, 64 digits (SHA-256), or none at all.
            point("ABCDEF01", Some("ABCDEF0123"), None, "2023-09-03"),
            point("ABCDEF01", Some(&oid.to_uppercase()), None, "2023-09-03"),
            point(
                "0123456789",
                Some(&format!("{oid}{}", &oid[..24])),
                None,
                "2023-09-04",
            ),
            point("", Some(""), None, "2023-09-04"),
            // An empty label, a label like a short id of another commit, a
            // draft named like a short id, an empty summary.
            point("", Some(oid), None, "2023-09-04"),
            point("89abcdef", Some(oid), None, "2023-09-04"),
            point("01234567", Some(oid), Some("01234567"), "2023-09-05"),
            Point {
                summary: Some(String::new()),
                ..point("01234567", Some(oid), None, "2023-09-05")
            },
            Point::default(),
        ];
        let points: Points = given.iter().cloned().collect();
        assert_eq!(points.len(), given.len());
        for (k, p) in given.iter().enumerate() {
            let back = points.get(k);
            assert!(same(&back, p), "point {k}: {back:?} is not {p:?}");
            assert_eq!(points.label(k), p.label);
            assert_eq!(points.draft(k), p.draft.as_deref());
            assert_eq!(points.date(k).as_deref(), p.date.as_deref());
            assert_eq!(points.summary(k).as_deref(), p.summary.as_deref());
        }
        let all: Vec<Point> = points.iter().collect();
        assert!(all.iter().zip(&given).all(|(a, b)| same(a, b)));
    }

    #[test]
    fn a_point_marked_as_a_draft_is_named_after_it_and_dated_as_the_manifest_says() {
        let oid = "0123456789abcdef0123456789abcdef01234567";
        let mut points: Points = [point("01234567", Some(oid), None, "2023-08-20")]
            .into_iter()
            .chain([point("01234567", Some(oid), None, "2023-08-21")])
            .collect();
        points.mark_draft(0, "borrador-1", Some("2023-08-01"));
        points.mark_draft(1, "borrador-2", None);
        let (a, b) = (points.get(0), points.get(1));
        assert_eq!(
            (a.label.as_str(), a.draft.as_deref(), a.date.as_deref()),
            ("borrador-1", Some("borrador-1"), Some("2023-08-01"))
        );
        assert_eq!(
            (b.label.as_str(), b.draft.as_deref(), b.date.as_deref()),
            ("borrador-2", Some("borrador-2"), Some("2023-08-21")),
            "a draft the manifest does not date keeps its commit's date"
        );
        assert_eq!(
            (a.commit, a.summary),
            (Some(oid.to_owned()), Some("Cambios de 01234567".to_owned()))
        );
    }

    fn commit_point(k: usize) -> Point {
        let id = format!("{k:08x}{}", "ab".repeat(16));
        point(&id[..8], Some(&id), None, "2024-01-31")
    }

    /// `n` points pushed into a history with a temporary file (on Unix:
    /// there is none elsewhere): the fifth pushed as a draft, and the one
    /// after the first of the fourth page, if there is one, marked as one.
    #[cfg(unix)]
    fn spilled(n: usize) -> (Points, Arc<Spill>) {
        let spill = Arc::new(Spill::create().expect("a temporary file"));
        let mut points = Points::spilling(Some(Arc::clone(&spill)));
        for k in 0..n {
            let mut p = commit_point(k);
            if k == 4 {
                p.draft = Some("borrador-1".to_owned());
            }
            points.push(p);
        }
        if n > 3 * PAGE + 1 {
            points.mark_draft(3 * PAGE + 1, "borrador-2", Some("2024-02-01"));
        }
        points.shrink_to_fit();
        (points, spill)
    }

    #[cfg(unix)]
    #[test]
    fn full_pages_go_to_the_file_and_every_point_reads_back_in_any_order() {
        let n = 10 * PAGE + 5;
        let (points, spill) = spilled(n);
        assert_eq!(points.len(), n);
        assert!(spill.bytes() > 0);
        // What memory keeps: where ten pages are, the five points of the
        // page being filled, two drafts. Not the points.
        assert!(points.bytes() < 1_000, "{} bytes", points.bytes());
        let check = |k: usize| {
            let back = points.get(k);
            let mut given = commit_point(k);
            match k {
                4 => given.draft = Some("borrador-1".to_owned()),
                k if k == 3 * PAGE + 1 => {
                    given.label = "borrador-2".to_owned();
                    given.draft = Some("borrador-2".to_owned());
                    given.date = Some("2024-02-01".to_owned());
                }
                _ => {}
            }
            assert!(same(&back, &given), "point {k}: {back:?} is not {given:?}");
            assert_eq!(points.draft(k), given.draft.as_deref());
        };
        (0..n).for_each(check);
        (0..n).rev().step_by(7).for_each(check);
        (0..n).step_by(PAGE - 1).for_each(check);
        assert_eq!(spill.failure(), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_page_changed_in_the_file_is_a_stand_in_and_fails_the_history() {
        use std::os::unix::fs::FileExt;
        let (points, spill) = spilled(2 * PAGE);
        // A page read back is held: the second one, here.
        assert_eq!(points.label(PAGE), format!("{PAGE:08x}"));
        // The first page's bytes in the file, changed under the history.
        spill.file().write_all_at(b"X", 40).unwrap();
        assert!(points.get(0).label.is_empty(), "a stand-in");
        assert!(
            spill
                .failure()
                .is_some_and(|f| f.contains("changed while cotejo ran")),
            "{:?}",
            spill.failure()
        );
        // The second page is as written.
        assert!(same(&points.get(PAGE), &commit_point(PAGE)));
    }
}
