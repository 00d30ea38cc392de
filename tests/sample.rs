//! The PNDA sample in `policy/`: four drafts and the approved version in this
//! repository's history, the
//! editors' notes and the public consultation. Every kind of change a real
//! drafting process makes must occur in it, and every note and comment must
//! point at a real section that really changed.

mod support;

use std::collections::HashSet;
use std::path::Path;

use cotejo::compare;
use cotejo::model::{ChangeKind, Comparison, Flag, Op, SectionChange};
use cotejo::source::{Sources, Version};
use support::cotejo_in;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sources() -> Sources {
    Sources::open(root(), None).expect("the sample's manifest loads")
}

fn transition(sources: &Sources, old: &str, new: &str) -> (Version, Version, Comparison) {
    let (o, n) = (sources.load(old).unwrap(), sources.load(new).unwrap());
    let cmp = compare::compare(o.side(), n.side(), &compare::Options::default());
    (o, n, cmp)
}

fn text_of(e: &SectionChange, op: Op) -> String {
    e.diff
        .iter()
        .flatten()
        .filter(|t| t.op == op)
        .map(|t| t.text.as_str())
        .collect()
}

fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 3)
        .map(str::to_lowercase)
        .collect()
}

/// Share of `part`'s words found in `whole`.
fn covered(part: &str, whole: &str) -> f64 {
    let (p, w) = (words(part), words(whole));
    if p.is_empty() {
        return 0.0;
    }
    p.intersection(&w).count() as f64 / p.len() as f64
}

fn chapter(e: &SectionChange, old: bool) -> Option<String> {
    let r = if old {
        e.old.as_ref()?
    } else {
        e.new.as_ref()?
    };
    r.path.get(1).map(|h| h.to_string())
}

fn parent(e: &SectionChange, old: bool) -> Option<String> {
    let r = if old {
        e.old.as_ref()?
    } else {
        e.new.as_ref()?
    };
    r.path.len().checked_sub(2).map(|p| r.path[p].to_string())
}

#[test]
fn drafts_are_listed_with_stage_date_commit_sections_and_words() {
    let json = cotejo_in(root(), &["drafts", "--json"]).json();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let sources = sources();
    let manifest = sources.manifest().unwrap();
    for (k, row) in rows.iter().enumerate() {
        let id = if k < 4 {
            format!("borrador-{}", k + 1)
        } else {
            "aprobada".to_owned()
        };
        assert_eq!(row["id"], id);
        let commit = row["commit"].as_str().unwrap();
        assert_eq!(
            commit, manifest.manifest.drafts[k].reference.value,
            "the manifest records full commit ids"
        );
        let sections = row["sections"].as_u64().unwrap();
        let words = row["words"].as_u64().unwrap();
        assert!((40..=90).contains(&sections), "{row}");
        assert!((8_000..=15_000).contains(&words), "{row}");
        assert!(!row["stage"].as_str().unwrap().is_empty());
    }
    let table = cotejo_in(root(), &["drafts"]).ok().to_owned();
    assert!(
        table.contains("Consulta pública") && table.contains("Grupo Técnico"),
        "{table}"
    );
}

#[test]
fn each_draft_is_its_own_commit_and_says_it_is_a_reconstruction() {
    let sources = sources();
    let repo = sources.repo().unwrap();
    for k in 1..=4 {
        let v = sources.load(&format!("borrador-{k}")).unwrap();
        let commit = repo
            .find_commit(git2::Oid::from_str(v.commit.as_deref().unwrap()).unwrap())
            .unwrap();
        assert!(
            commit
                .message()
                .unwrap()
                .starts_with(&format!("policy: borrador {k} — ")),
            "{:?}",
            commit.message()
        );
        let front: String = v
            .document
            .text()
            .chars()
            .take(2_000)
            .collect::<String>()
            .to_lowercase();
        assert!(
            front.contains("reconstrucción ilustrativa"),
            "borrador-{k} must say it is illustrative"
        );
    }
}

#[test]
fn one_to_two_inserts_renames_rewrites_and_extends_the_indicators() {
    let (_, _, cmp) = transition(&sources(), "borrador-1", "borrador-2");
    let s = &cmp.sections;
    // An inserted section renumbers its later siblings.
    let renumbering_insert = s.iter().enumerate().any(|(k, e)| {
        e.change == ChangeKind::Added
            && s[k + 1..]
                .iter()
                .find(|f| parent(f, false) == parent(e, false))
                .is_some_and(|f| f.has(Flag::Renumbered))
    });
    assert!(
        renumbering_insert,
        "an inserted section renumbering later siblings"
    );
    assert!(s.iter().any(|e| e.has(Flag::Renamed)), "a renamed section");
    let rewritten = s
        .iter()
        .filter(|e| e.change == ChangeKind::Modified && e.similarity < 0.9)
        .count();
    assert!(
        rewritten >= 3,
        "paragraphs rewritten in several sections ({rewritten})"
    );
    let indicators = s
        .iter()
        .find(|e| e.new.as_ref().is_some_and(|n| &*n.id == "indicadores"))
        .unwrap();
    let rows = indicators
        .blocks
        .iter()
        .flatten()
        .filter(|b| b.kind == cotejo::model::BlockKind::TableRow && b.change == ChangeKind::Added)
        .count();
    assert!(
        rows >= 2,
        "the indicators table gains rows: {:?}",
        indicators.blocks
    );
}

#[test]
fn two_to_three_moves_splits_merges_reorders_and_gives_an_id() {
    let sources = sources();
    let (old, new, cmp) = transition(&sources, "borrador-2", "borrador-3");
    let s = &cmp.sections;
    assert!(
        s.iter()
            .any(|e| e.has(Flag::Moved) && chapter(e, true) != chapter(e, false)),
        "a section moved to another chapter"
    );
    assert!(
        s.iter()
            .any(|e| e.has(Flag::Moved) && parent(e, true) == parent(e, false)),
        "a chapter whose sections were reordered"
    );
    let split = s.iter().filter(|a| a.change == ChangeKind::Added).any(|a| {
        let body = text_of(a, Op::Insert);
        s.iter().any(|p| {
            p.change == ChangeKind::Modified && covered(&body, &text_of(p, Op::Delete)) > 0.3
        })
    });
    assert!(
        split,
        "a section split in two: the new one takes text deleted from the other"
    );
    let merged = s
        .iter()
        .filter(|r| r.change == ChangeKind::Removed)
        .any(|r| {
            let body = text_of(r, Op::Delete);
            s.iter().any(|p| {
                p.change == ChangeKind::Modified && covered(&body, &text_of(p, Op::Insert)) > 0.6
            })
        });
    assert!(
        merged,
        "two sections merged: a removed one's text reappears in another"
    );
    let list_grows = s.iter().any(|e| {
        let ins = text_of(e, Op::Insert);
        ins.lines()
            .filter(|l| {
                let t = l.trim_start();
                t.starts_with("- ")
                    || t.starts_with("* ")
                    || t.split_once(". ")
                        .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
            })
            .count()
            >= 2
    });
    assert!(list_grows, "a list gaining items");
    let given_id = s.iter().any(|e| match (&e.old, &e.new) {
        (Some(o), Some(n)) => {
            let (os, ns) = (
                &old.document.sections()[o.index],
                &new.document.sections()[n.index],
            );
            !os.explicit_id && ns.explicit_id && o.id != n.id
        }
        _ => false,
    });
    assert!(given_id, "a heading given an explicit id");
}

#[test]
fn three_to_four_answers_the_consultation() {
    let (_, _, cmp) = transition(&sources(), "borrador-3", "borrador-4");
    let s = &cmp.sections;
    let modified = s
        .iter()
        .filter(|e| e.change == ChangeKind::Modified && !e.has(Flag::FormattingOnly))
        .count();
    assert!(modified >= 15, "many small wording changes ({modified})");
    assert!(
        s.iter().any(|e| e.change == ChangeKind::Removed),
        "a section removed"
    );
    assert!(
        s.iter().any(|e| e.has(Flag::FormattingOnly)),
        "formatting-only edits"
    );
    let glossary = s
        .iter()
        .find(|e| e.new.as_ref().is_some_and(|n| &*n.id == "glosario"))
        .unwrap();
    assert!(
        text_of(glossary, Op::Insert).contains(":**"),
        "a definition added to the glossary"
    );
}

#[test]
fn every_note_and_comment_resolves_to_a_changed_section() {
    let run = cotejo_in(root(), &["check"]);
    let out = run.ok();
    assert!(out.starts_with("ok: 5 drafts"), "{out}");
    let project = cotejo::project::Project::open(root(), None).unwrap();
    let checked = cotejo::check::check(&project).unwrap();
    assert!(checked.problems.is_empty(), "{:?}", checked.problems);
    assert_eq!(checked.note_files, 4);
    assert!(
        (80..=150).contains(&checked.comments),
        "{} comments",
        checked.comments
    );
    let file = project
        .consultation()
        .unwrap()
        .expect("the sample has a consultation");
    let kinds: HashSet<_> = file.comments.iter().map(|c| c.participant).collect();
    assert_eq!(kinds.len(), 5, "all five kinds of participant");
    let outcomes: HashSet<_> = file.comments.iter().map(|c| c.outcome).collect();
    assert_eq!(outcomes.len(), 3, "all three outcomes");
}

#[test]
fn the_readme_main_command_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let first = readme.lines().find(|l| l.starts_with("cargo run")).unwrap();
    let args: Vec<&str> = first
        .split('#')
        .next()
        .unwrap()
        .split_whitespace()
        .skip_while(|w| *w != "--")
        .skip(1)
        .collect();
    // Into a temporary folder, not the repository's own `site`.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let out = out.to_str().unwrap();
    let run = cotejo_in(root(), &[&args[..], &["-o", out]].concat());
    assert_eq!(run.ok().trim(), out, "{}", run.stdout);
    let index = std::fs::read_to_string(tmp.path().join("site/index.html")).unwrap();
    assert!(index.contains("borrador-3"), "{index}");
}

#[test]
fn the_sample_passes_the_strict_check() {
    let out = cotejo_in(root(), &["check", "--strict"]).ok().to_owned();
    assert!(out.contains("every change has its note"), "{out}");
}

/// A copy of the sample's `policy/` in a fresh repository that borrows this
/// one's objects (git alternates), so the drafts' commits resolve and the
/// copy's notes can be edited.
fn sample_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(tmp.path()).unwrap();
    let ours = git2::Repository::discover(root()).unwrap();
    let objects = ours.commondir().join("objects");
    std::fs::write(
        repo.path().join("objects/info/alternates"),
        format!("{}\n", objects.display()),
    )
    .unwrap();
    copy_dir(&root().join("policy"), &tmp.path().join("policy"));
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_note_removed_from_the_sample_fails_the_strict_check_naming_its_section() {
    let copy = sample_copy();
    cotejo_in(copy.path(), &["check", "--strict"]).ok();
    let notes = copy.path().join("policy/notas/borrador-3.yaml");
    let text = std::fs::read_to_string(&notes).unwrap();
    // The note on 3.1 «Solución planteada», up to the next note.
    let start = text.find("  - section: solucion-planteada\n").unwrap();
    let end = start + 1 + text[start + 1..].find("\n  - section:").unwrap();
    std::fs::write(&notes, format!("{}{}", &text[..start], &text[end + 1..])).unwrap();
    let run = cotejo_in(copy.path(), &["check", "--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "borrador-3:pnda/03-alternativas.md:5: section 3.1 «Solución planteada» \
             (`solucion-planteada`) changed between borrador-2 and borrador-3 and no note explains it"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 gap(s)"), "{}", run.stderr);
}

#[test]
fn the_approved_version_is_its_own_commit_with_its_approval_record() {
    let sources = sources();
    let repo = sources.repo().unwrap();
    let v = sources.load("aprobada").unwrap();
    let commit = repo
        .find_commit(git2::Oid::from_str(v.commit.as_deref().unwrap()).unwrap())
        .unwrap();
    assert_eq!(
        commit.summary().unwrap(),
        Some("policy: versión aprobada — Consejo Nacional del SNT")
    );
    let front: String = v.document.text().chars().take(2_000).collect();
    assert!(front.to_lowercase().contains("reconstrucción ilustrativa"));
    let manifest = sources.manifest().unwrap();
    let last = manifest.manifest.drafts.last().unwrap();
    let approval = last
        .approval
        .as_ref()
        .expect("the last version is approved");
    assert_eq!(approval.date.value, "2023-10-09");
    assert_eq!(approval.vote.value, "unanimidad");
    assert_eq!(approval.publication.date.value, "2023-11-10");
    use cotejo::manifest::Illustrative;
    assert!(approval.is_illustrative(Illustrative::Session));
    assert!(approval.is_illustrative(Illustrative::Agreement));
    // The council's changes are small: no section removed, one added (Anexo
    // E, the forum proposals not incorporated that the introduction promised).
    let (_, _, cmp) = transition(&sources, "borrador-4", "aprobada");
    assert!(cmp.summary.added == 1 && cmp.summary.removed == 0);
    assert!(
        (3..=20).contains(&cmp.summary.modified),
        "{:?}",
        cmp.summary
    );
    let table = cotejo_in(root(), &["drafts"]).ok().to_owned();
    assert!(
        table.contains("aprobada approved by Consejo Nacional") && table.contains("(illustrative)"),
        "{table}"
    );
}
