//! The versions of a history as it names them ([`Point`]), kept compact: a
//! history of every commit has one per commit, and five owned strings a
//! point (its label, draft, commit id, summary and date) were ~300 bytes of
//! it, a sixth of what a long history held a commit (issue 12, tenth round).
//! A commit's id is kept as its 20 bytes, and a label that is the commit's
//! short id is read off them; the other parts are text in one buffer, which
//! each point's record places.

use super::Point;
use super::hex;

/// The points of a history, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Points {
    records: Vec<Record>,
    /// The summaries, dates, drafts, and the labels and commit ids that are
    /// not a commit's short and full id.
    text: String,
}

/// One point, its parts in [`Points::text`] ([`ABSENT`] where it has none):
/// 56 bytes.
#[derive(Debug, Clone, Copy)]
struct Record {
    commit: Commit,
    /// [`ABSENT`]: the commit's short id.
    label: Part,
    draft: Part,
    summary: Part,
    date: Part,
}

/// A point's commit: its id's 20 bytes when it is a 40-digit one.
#[derive(Debug, Clone, Copy)]
enum Commit {
    None,
    Oid([u8; 20]),
    Text(Part),
}

/// A stretch of [`Points::text`]: its start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Part(u32, u32);

/// No text: a part a point does not have (8 bytes where an `Option` of a
/// part is 12).
const ABSENT: Part = Part(u32::MAX, u32::MAX);

/// The digits of a commit's short id, as [`Point::label`] gives it.
const SHORT: usize = 8;

impl Points {
    /// The number of points.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Point `k`.
    pub fn get(&self, k: usize) -> Point {
        let r = &self.records[k];
        let part = |p: Part| self.part(p).map(str::to_owned);
        Point {
            label: self.label(k),
            draft: part(r.draft),
            commit: match r.commit {
                Commit::None => None,
                Commit::Oid(bytes) => Some(hex::text(&bytes)),
                Commit::Text(p) => self.part(p).map(str::to_owned),
            },
            summary: part(r.summary),
            date: part(r.date),
        }
    }

    /// Every point, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = Point> + '_ {
        (0..self.len()).map(|k| self.get(k))
    }

    /// Point `k`'s label ([`Point::label`]): owned, as a commit's is
    /// written from its id's bytes.
    pub fn label(&self, k: usize) -> String {
        let r = &self.records[k];
        match (self.part(r.label), r.commit) {
            (Some(label), _) => label.to_owned(),
            // Only a commit's short id is left out.
            (None, Commit::Oid(bytes)) => hex::text(&bytes[..SHORT / 2]),
            (None, _) => String::new(),
        }
    }

    /// The draft point `k` is, if it is one ([`Point::draft`]).
    pub fn draft(&self, k: usize) -> Option<&str> {
        self.part(self.records[k].draft)
    }

    /// Point `k`'s date ([`Point::date`]).
    pub fn date(&self, k: usize) -> Option<&str> {
        self.part(self.records[k].date)
    }

    /// Point `k`'s commit summary ([`Point::summary`]).
    pub fn summary(&self, k: usize) -> Option<&str> {
        self.part(self.records[k].summary)
    }

    /// `point` appended.
    pub(super) fn push(&mut self, point: Point) {
        let commit = match point.commit.as_deref() {
            None => Commit::None,
            Some(c) => match hex::bytes(c) {
                Some(bytes) => Commit::Oid(bytes),
                None => Commit::Text(self.add(c)),
            },
        };
        let short = match commit {
            Commit::Oid(bytes) => hex::text(&bytes[..SHORT / 2]) == point.label,
            _ => false,
        };
        let label = if short {
            ABSENT
        } else {
            self.add(&point.label)
        };
        let draft = self.add_some(point.draft.as_deref());
        let summary = self.add_some(point.summary.as_deref());
        // Most commits of a day share its date: the last one's is reused.
        let last = self.records.last().map(|r| r.date);
        let date = match (point.date.as_deref(), last) {
            (Some(d), Some(p)) if self.part(p) == Some(d) => p,
            (d, _) => self.add_some(d),
        };
        self.records.push(Record {
            commit,
            label,
            draft,
            summary,
            date,
        });
    }

    /// Marks point `k` as draft `draft`: named after it, and dated `date`
    /// when the manifest dates it.
    pub(super) fn mark_draft(&mut self, k: usize, draft: &str, date: Option<&str>) {
        let name = self.add(draft);
        let date = date.map(|d| self.add(d));
        let r = &mut self.records[k];
        (r.label, r.draft) = (name, name);
        if let Some(date) = date {
            r.date = date;
        }
    }

    /// The bytes the points take in memory: their records and text.
    pub(super) fn bytes(&self) -> usize {
        self.records.capacity() * std::mem::size_of::<Record>() + self.text.capacity()
    }

    /// `s` appended to the text.
    fn add(&mut self, s: &str) -> Part {
        let start = self.text.len();
        self.text.push_str(s);
        Part(offset(start), offset(self.text.len()))
    }

    /// `s` appended to the text, if there is one.
    fn add_some(&mut self, s: Option<&str>) -> Part {
        s.map_or(ABSENT, |s| self.add(s))
    }

    fn part(&self, p: Part) -> Option<&str> {
        (p != ABSENT).then(|| &self.text[p.0 as usize..p.1 as usize])
    }

    /// Gives back the spare capacity of a list built by pushing.
    pub(super) fn shrink_to_fit(&mut self) {
        self.records.shrink_to_fit();
        self.text.shrink_to_fit();
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

/// A place in the points' text: fewer than 2³² - 1 bytes of names and
/// summaries (`u32::MAX` would make an empty part read as [`ABSENT`]).
fn offset(at: usize) -> u32 {
    u32::try_from(at)
        .ok()
        .filter(|&at| at != u32::MAX)
        .expect("fewer than 2³² - 1 bytes of point names")
}

#[cfg(test)]
mod tests {
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
            Point {
                label: String::new(),
                draft: None,
                commit: None,
                summary: None,
                date: None,
            },
        ];
        let points: Points = given.iter().cloned().collect();
        assert_eq!(points.len(), given.len());
        for (k, p) in given.iter().enumerate() {
            let back = points.get(k);
            assert!(same(&back, p), "point {k}: {back:?} is not {p:?}");
            assert_eq!(points.label(k), p.label);
            assert_eq!(points.draft(k), p.draft.as_deref());
            assert_eq!(points.date(k), p.date.as_deref());
            assert_eq!(points.summary(k), p.summary.as_deref());
        }
        let all: Vec<Point> = points.iter().collect();
        assert!(all.iter().zip(&given).all(|(a, b)| same(a, b)));
        assert_eq!(std::mem::size_of::<Record>(), 56);
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

    #[test]
    fn a_commit_point_keeps_its_id_as_bytes_and_a_shared_date_once() {
        let points: Points = (0..100u32)
            .map(|k| {
                let id = format!("{k:08x}{}", "ab".repeat(16));
                point(&id[..8], Some(&id), None, "2024-01-31")
            })
            .collect();
        // The summaries ("Cambios de " and 8 digits) and one date; no id.
        assert_eq!(points.text.len(), 100 * 19 + 10);
        assert_eq!(points.label(7), "00000007");
        assert_eq!(
            points.get(99).commit.as_deref(),
            Some(&*format!("00000063{}", "ab".repeat(16)))
        );
    }
}
