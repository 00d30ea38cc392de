//! Section histories and blame (issue 5): through the library on real
//! repositories built commit by commit, and through `cotejo history` /
//! `cotejo blame` on them and on the PNDA sample.

mod support;

use std::path::Path;

use cotejo::history::{Found, History, blame};
use cotejo::model::{ChangeKind, Flag};
use cotejo::progress::Progress;
use cotejo::source::Sources;
use support::{TestRepo, cotejo_in};

const V1: &str = "# Política\n\nPreámbulo breve.\n\n## 1. Alcance\n\nLa política aplica a todos los sujetos obligados.\n\n## 2. Principios\n\nLos principios orientan la política.\n\n### 2.1 Apertura\n\nLos datos son abiertos por defecto. Se publican sin registro previo.\n\n### 2.2 Calidad\n\nLos datos deben ser completos y oportunos.\n\n## 3. Gobernanza\n\nEl Grupo Técnico coordina la política.\n\n## 4. Vigencia\n\nRige desde su publicación.\n";

/// The document through nine commits: an edit, a commit elsewhere, a rename,
/// an addition, a move, a revert of the move, the move again, a removal.
struct Chain {
    repo: TestRepo,
    /// Commit of each version of the document, in order (the README commit aside).
    commits: Vec<String>,
}

fn chain() -> Chain {
    let repo = TestRepo::new();
    let mut commits = Vec::new();
    let mut doc = V1.to_owned();
    let commit = |repo: &TestRepo, msg: &str, doc: &str| {
        repo.commit(msg, &[("policy/doc.md", doc)]).to_string()
    };
    commits.push(commit(&repo, "borrador 1", &doc));
    doc = doc.replace("sin registro previo", "sin registro previo ni costo");
    commits.push(commit(&repo, "apertura: sin costo", &doc));
    repo.commit("README", &[("README.md", "Un repositorio.\n")]);
    doc = doc.replace("### 2.1 Apertura\n", "### 2.1 Apertura por defecto\n");
    commits.push(commit(&repo, "apertura: nuevo título", &doc));
    doc = doc.replace(
        "El Grupo Técnico coordina la política.\n",
        "El Grupo Técnico coordina la política.\n\n### 3.1 Comité\n\nUn comité da seguimiento.\n",
    );
    commits.push(commit(&repo, "comité", &doc));
    let before_move = doc.clone();
    let section = "### 2.1 Apertura por defecto\n\nLos datos son abiertos por defecto. Se publican sin registro previo ni costo.\n\n";
    let moved = doc.replace(section, "").replace(
        "Un comité da seguimiento.\n",
        "Un comité da seguimiento.\n\n### 3.2 Apertura por defecto\n\nLos datos son abiertos por defecto. Se publican sin registro previo ni costo.\n",
    );
    commits.push(commit(&repo, "apertura a gobernanza", &moved));
    commits.push(commit(&repo, "revert", &before_move));
    commits.push(commit(&repo, "apertura a gobernanza, otra vez", &moved));
    doc = moved.replace(
        "### 2.2 Calidad\n\nLos datos deben ser completos y oportunos.\n\n",
        "",
    );
    commits.push(commit(&repo, "sin calidad", &doc));
    let manifest = format!(
        "title: Política de prueba\nlanguage: es\nfiles:\n  - doc.md\ndrafts:\n  - id: borrador-1\n    title: Primero\n    date: 2022-06-30\n    stage: Grupo Técnico\n    ref: {}\n  - id: borrador-2\n    title: Segundo\n    date: 2022-07-10\n    stage: Mesas\n    ref: {}\n  - id: borrador-3\n    title: Tercero\n    date: 2022-08-01\n    stage: Consulta\n    ref: {}\n",
        commits[0], commits[2], commits[7]
    );
    repo.commit("manifest", &[("policy/pnda.yaml", &manifest)]);
    Chain { repo, commits }
}

fn sources(path: &Path) -> Sources {
    Sources::open(path, None).expect("manifest loads")
}

fn of_commits(path: &Path) -> History {
    let s = sources(path);
    History::of_commits(&s, s.manifest().unwrap(), &Progress::hidden()).expect("history")
}

fn of_drafts(path: &Path) -> History {
    let s = sources(path);
    History::of_drafts(&s, s.manifest().unwrap()).expect("history")
}

fn only(found: Found) -> usize {
    match found {
        Found::One(l) => l,
        other => panic!("expected one lineage, got {other:?}"),
    }
}

#[test]
fn every_commit_that_changed_the_document_is_a_point_and_drafts_are_marked() {
    let c = chain();
    let h = of_commits(c.repo.path());
    assert_places_follow_the_lineages(&h);
    let commits: Vec<String> = h.points().iter().map(|p| p.commit.unwrap()).collect();
    assert_eq!(commits, c.commits);
    let drafts: Vec<(usize, &str)> = (0..h.points().len())
        .filter_map(|k| Some((k, h.points().draft(k)?)))
        .collect();
    assert_eq!(
        drafts,
        vec![(0, "borrador-1"), (2, "borrador-2"), (7, "borrador-3")]
    );
    assert_eq!(h.points().label(1), &c.commits[1][..8]);
    assert_eq!(
        h.points().get(1).summary.as_deref(),
        Some("apertura: sin costo")
    );
    assert_eq!(
        h.points().get(2).date.as_deref(),
        Some("2022-07-10"),
        "a draft keeps the manifest's date"
    );
    assert_eq!(h.published_in(3), Some("borrador-3"));
}

#[test]
fn a_text_seen_before_is_held_once_and_a_step_seen_before_is_diffed_once() {
    let c = chain();
    let h = of_commits(c.repo.path());
    // Points 3 and 5 are the same text (the revert); steps 3→4 and 5→6 the same pair.
    assert!(h.outline(3).shares_all_with(&h.outline(5)));
    assert!(!h.outline(3).shares_all_with(&h.outline(4)));
    assert!(h.shares_step(3, 5));
    assert!(!h.shares_step(3, 4));
    assert_eq!(h.step(3), h.step(5));
}

#[test]
fn a_section_renamed_then_moved_is_one_history() {
    let c = chain();
    let h = of_commits(c.repo.path());
    let by_old_id = only(h.find("apertura"));
    let by_new_id = only(h.find("apertura-por-defecto"));
    let by_old_heading = only(h.find("2.1 Apertura"));
    assert_eq!(by_old_id, by_new_id);
    assert_eq!(by_old_id, by_old_heading);
    // By its number alone, as the last version numbers it: the newest
    // version that has the number decides, and so does every other
    // number of that version.
    let last = h.points().len() - 1;
    let mut numbered = 0;
    for s in 0..h.section_count(last) {
        if let Some(number) = h.section(last, s).number() {
            assert_eq!(
                h.find(number),
                Found::One(h.lineage_of(last, s)),
                "section {s}, {number}"
            );
            numbered += 1;
        }
    }
    assert!(numbered > 3, "{numbered} numbered sections");
    let l = &h.lineages()[by_new_id];
    assert_eq!(l.key, "apertura-por-defecto");
    assert_eq!(l.versions(), h.points().len(), "present in every version");
    let events: Vec<(usize, ChangeKind, Vec<Flag>)> = h
        .events(by_new_id)
        .iter()
        .map(|e| (e.step, e.change.change, e.change.flags.clone()))
        .collect();
    assert_eq!(
        events,
        vec![
            (0, ChangeKind::Modified, vec![]),
            (1, ChangeKind::Unchanged, vec![Flag::Renamed]),
            (
                3,
                ChangeKind::Unchanged,
                vec![Flag::Moved, Flag::Renumbered]
            ),
            (
                4,
                ChangeKind::Unchanged,
                vec![Flag::Moved, Flag::Renumbered]
            ),
            (
                5,
                ChangeKind::Unchanged,
                vec![Flag::Moved, Flag::Renumbered]
            ),
        ]
    );
}

#[test]
fn added_and_removed_sections_have_histories_of_their_own() {
    let c = chain();
    let h = of_commits(c.repo.path());
    let comite = only(h.find("Comité"));
    assert_eq!(h.lineages()[comite].first(), 3);
    let calidad = only(h.find("calidad"));
    assert_eq!(
        h.lineages()[calidad].last().0,
        6,
        "last seen before the removal"
    );
    let last = h.events(calidad).pop().unwrap();
    assert_eq!((last.step, last.change.change), (6, ChangeKind::Removed));
    // Sections still there come first, removed ones after.
    let keys: Vec<&str> = h.lineages().iter().map(|l| l.key.as_str()).collect();
    assert_eq!(keys.last(), Some(&"calidad"), "{keys:?}");
}

#[test]
fn blame_dates_each_sentence_by_the_version_that_wrote_it() {
    let c = chain();
    let h = of_commits(c.repo.path());
    let l = &h.lineages()[only(h.find("apertura-por-defecto"))];
    let (p, s) = l.last();
    let body = h.body(p, s);
    let units = blame::sentences(&body, &l.blame());
    let got: Vec<(&str, usize, usize)> = units
        .iter()
        .map(|u| (u.text.as_str(), u.introduced, u.revised))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Los datos son abiertos por defecto.", 0, 0),
            ("Se publican sin registro previo ni costo.", 0, 1),
        ]
    );
    // Over the drafts alone, the edit belongs to the draft that published it.
    let d = of_drafts(c.repo.path());
    let l = &d.lineages()[only(d.find("apertura-por-defecto"))];
    let (p, s) = l.last();
    let units = blame::sentences(&d.body(p, s), &l.blame());
    assert_eq!((units[1].introduced, units[1].revised), (0, 1));
    assert_eq!(d.points().label(1), "borrador-2");
}

#[test]
fn the_history_command_tells_each_step() {
    let c = chain();
    let before = c.repo.fingerprint();
    let out = c
        .repo
        .cotejo(&["history", "apertura", "--all-commits", "--color", "never"]);
    let text = out.ok();
    assert!(
        text.starts_with("History of \"3.2 Apertura por defecto\" (#apertura-por-defecto)"),
        "{text}"
    );
    assert!(
        text.contains("changed at 5 of 7 steps; in 8 of 8 versions"),
        "{text}"
    );
    assert!(text.contains("renamed from \"2.1 Apertura\""), "{text}");
    assert!(
        text.contains("moved from under \"2. Principios\""),
        "{text}"
    );
    assert!(text.contains("{+ ni costo+}"), "{text}");
    assert!(
        text.contains("\"apertura: sin costo\""),
        "commit summaries name the steps: {text}"
    );
    assert!(
        out.stderr.is_empty(),
        "no progress bar off a terminal: {}",
        out.stderr
    );
    let drafts = c.repo.cotejo(&["history", "apertura"]);
    assert!(
        drafts
            .ok()
            .contains("── borrador-1 (2022-06-30) → borrador-2 (2022-07-10)")
    );
    assert_eq!(
        c.repo.fingerprint(),
        before,
        "the repository is left as it was"
    );
}

#[test]
fn the_blame_command_prints_each_paragraph_with_its_draft() {
    let c = chain();
    let text = c.repo.cotejo(&["blame"]).ok().to_owned();
    assert!(
        text.starts_with("Blame of borrador-3 (2022-08-01)"),
        "{text}"
    );
    let line = text
        .lines()
        .find(|l| l.contains("Los datos son abiertos"))
        .expect("the paragraph");
    assert!(line.starts_with("borrador-1  rev. borrador-2"), "{line}");
    let line = text.lines().find(|l| l.contains("Un comité")).unwrap();
    assert!(line.starts_with("borrador-3 "), "{line}");
    let older = c.repo.cotejo(&["blame", "borrador-2"]).ok().to_owned();
    assert!(older.contains("### 2.2 Calidad"), "{older}");
    let commits = c.repo.cotejo(&["blame", "--all-commits"]).ok().to_owned();
    let line = commits.lines().find(|l| l.contains("Un comité")).unwrap();
    assert!(line.starts_with(&c.commits[3][..8]), "{line}");
}

#[test]
fn unknown_ambiguous_and_off_line_are_clear_errors() {
    let c = chain();
    let err = c.repo.cotejo(&["history", "Aper"]).error().to_owned();
    assert!(err.contains("no section `Aper`"), "{err}");
    assert!(err.contains("apertura-por-defecto"), "suggests: {err}");
    // "2" is the number of "Principios" only; "Política" is one heading; an
    // ambiguous heading needs two sections with one title.
    let amb = TestRepo::new();
    let doc = "# T\n\n## 1. Metas\n\nUno.\n\n## 2. Otro\n\n### 2.1 Metas\n\nDos.\n";
    let first = amb.commit("uno", &[("policy/doc.md", doc)]);
    amb.commit(
        "manifest",
        &[(
            "policy/pnda.yaml",
            &format!("title: T\nlanguage: es\nfiles: [doc.md]\ndrafts:\n  - id: b1\n    title: B1\n    date: 2022-01-01\n    stage: x\n    ref: {first}\n"),
        )],
    );
    // An id is exact: `metas` is the first one's.
    assert!(
        amb.cotejo(&["history", "metas"])
            .ok()
            .contains("\"1. Metas\"")
    );
    let err = amb.cotejo(&["history", "Metas"]).error().to_owned();
    assert!(err.contains("`Metas` names more than one section"), "{err}");
    assert!(
        err.contains("1. Metas") && err.contains("2.1 Metas"),
        "{err}"
    );
    let err = c.repo.cotejo(&["blame", "borrador-9"]).error().to_owned();
    assert!(err.contains("borrador-9"), "{err}");
    let outside = tempfile::tempdir().unwrap();
    let err = cotejo_in(outside.path(), &["history", "x"])
        .error()
        .to_owned();
    assert!(err.contains("needs the manifest"), "{err}");
}

/// A commit of `files` over `parents[0]`'s tree, on no branch (git2 builds
/// the tree in an index of its own: the working tree is not touched).
fn commit_over(
    repo: &TestRepo,
    message: &str,
    parents: &[git2::Oid],
    files: &[(&str, &str)],
) -> git2::Oid {
    let r = &repo.repo;
    let parents: Vec<git2::Commit<'_>> =
        parents.iter().map(|p| r.find_commit(*p).unwrap()).collect();
    let mut index = git2::Index::new().unwrap();
    index.read_tree(&parents[0].tree().unwrap()).unwrap();
    for (path, content) in files {
        let id = r.blob(content.as_bytes()).unwrap();
        index.add(&file_entry(path, id)).unwrap();
    }
    let tree = r.find_tree(index.write_tree_to(r).unwrap()).unwrap();
    let time = 1_660_000_000 + 86_400 * i64::from(parents.len() as u32) + message.len() as i64;
    let sig = git2::Signature::new("x", "x@example.org", &git2::Time::new(time, 0)).unwrap();
    let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
    r.commit(None, &sig, &sig, message, &tree, &parents)
        .unwrap()
}

/// Drafts written on a branch and brought in by a `--no-ff` merge, as the
/// sample's approved version was: `--all-commits` walks into the merge, reads
/// each draft at its own commit, and counts a merged commit only when it
/// changed the document (a branch started before the drafts does not take
/// the document back to its old text).
#[test]
fn drafts_brought_in_by_a_merge_are_read_at_their_own_commits() {
    let repo = TestRepo::new();
    let doc = |alcance: &str| {
        format!(
            "# T\n\n## 1. Alcance\n\n{alcance}\n\n## 2. Vigencia\n\nRige desde su publicación.\n"
        )
    };
    let first = repo.commit("borrador 1", &[("policy/doc.md", &doc("Uno."))]);
    // The branch of the drafts: two drafts and an edit between them.
    let second = commit_over(
        &repo,
        "borrador 2",
        &[first],
        &[("policy/doc.md", &doc("Uno. Dos."))],
    );
    let edit = commit_over(
        &repo,
        "retoque",
        &[second],
        &[("policy/doc.md", &doc("Uno. Dos. Tres."))],
    );
    let third = commit_over(
        &repo,
        "borrador 3",
        &[edit],
        &[("policy/doc.md", &doc("Uno, dos y tres."))],
    );
    let after = commit_over(
        &repo,
        "notas del borrador 3",
        &[third],
        &[("notas.txt", "Notas.\n")],
    );
    // Meanwhile on the main line, and a branch started at the first draft.
    let readme = commit_over(
        &repo,
        "README",
        &[first],
        &[("README.md", "Un repositorio.\n")],
    );
    let old_base = commit_over(&repo, "otro archivo", &[first], &[("otro.txt", "Otro.\n")]);
    let drafts_merged = commit_over(
        &repo,
        "Merge branch 'borradores'",
        &[readme, after],
        &[
            ("policy/doc.md", &doc("Uno, dos y tres.")),
            ("notas.txt", "Notas.\n"),
        ],
    );
    let head = commit_over(
        &repo,
        "Merge branch 'otro'",
        &[drafts_merged, old_base],
        &[("otro.txt", "Otro.\n")],
    );
    let branch = repo.repo.head().unwrap().name().unwrap().to_owned();
    repo.repo.reference(&branch, head, true, "merges").unwrap();
    repo.repo
        .checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();
    repo.commit(
        "manifest",
        &[(
            "policy/pnda.yaml",
            &format!("title: T\nlanguage: es\nfiles: [doc.md]\ndrafts:\n  - id: b1\n    title: B1\n    date: 2022-01-01\n    stage: x\n    ref: {first}\n  - id: b2\n    title: B2\n    date: 2022-02-01\n    stage: x\n    ref: {second}\n  - id: b3\n    title: B3\n    date: 2022-03-01\n    stage: x\n    ref: {third}\n"),
        )],
    );
    let h = of_commits(repo.path());
    assert_places_follow_the_lineages(&h);
    let points: Vec<(String, String)> = h
        .points()
        .iter()
        .map(|p| (p.commit.unwrap(), p.label))
        .collect();
    let points: Vec<(&str, &str)> = points
        .iter()
        .map(|(c, l)| (c.as_str(), l.as_str()))
        .collect();
    let (first, second, edit, third) = (
        first.to_string(),
        second.to_string(),
        edit.to_string(),
        third.to_string(),
    );
    assert_eq!(
        points,
        [
            (first.as_str(), "b1"),
            (second.as_str(), "b2"),
            (edit.as_str(), &edit[..8]),
            (third.as_str(), "b3"),
        ]
    );
    let l = &h.lineages()[only(h.find("alcance"))];
    let (p, s) = l.last();
    assert_eq!(h.body(p, s), "\nUno, dos y tres.\n\n");
    // Through the CLI: the history names the branch's edit, the site is made.
    let text = repo
        .cotejo(&["history", "alcance", "--all-commits"])
        .ok()
        .to_owned();
    assert!(
        text.contains("changed at 3 of 3 steps; in 4 of 4 versions"),
        "{text}"
    );
    assert!(text.contains("\"retoque\""), "{text}");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("sitio");
    repo.cotejo(&["site", "--all-commits", "-o", site.to_str().unwrap()])
        .ok();
    assert!(site.join("index.html").is_file());
}

#[test]
fn a_draft_head_does_not_reach_is_named() {
    let repo = TestRepo::new();
    let base = repo.commit("uno", &[("policy/doc.md", "# T\n\nUno.\n")]);
    // A commit on a side branch: its parent is base, but HEAD never reaches it.
    let side = {
        let r = &repo.repo;
        let parent = r.find_commit(base).unwrap();
        let mut index = r.index().unwrap();
        let blob = r.blob(b"# T\n\nOtro.\n").unwrap();
        index.add(&file_entry("policy/doc.md", blob)).unwrap();
        let tree = r.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::new("x", "x@example.org", &git2::Time::new(1, 0)).unwrap();
        r.commit(None, &sig, &sig, "side", &tree, &[&parent])
            .unwrap()
    };
    repo.commit(
        "manifest",
        &[(
            "policy/pnda.yaml",
            &format!("title: T\nlanguage: es\nfiles: [doc.md]\ndrafts:\n  - id: b1\n    title: B1\n    date: 2022-01-01\n    stage: x\n    ref: {base}\n  - id: lateral\n    title: L\n    date: 2022-02-01\n    stage: x\n    ref: {side}\n"),
        )],
    );
    let err = repo
        .cotejo(&["history", "t", "--all-commits"])
        .error()
        .to_owned();
    assert!(err.contains("draft `lateral`"), "{err}");
    assert!(err.contains("which HEAD does not reach"), "{err}");
    assert!(err.contains("pnda.yaml, line 14"), "{err}");
    // Without --all-commits the drafts alone are followed, side branch or not.
    assert!(
        repo.cotejo(&["history", "t"])
            .ok()
            .contains("b1 (2022-01-01) → lateral")
    );
}

// --- The PNDA sample -------------------------------------------------------

fn sample() -> History {
    of_drafts(Path::new(env!("CARGO_MANIFEST_DIR")))
}

#[test]
fn the_samples_moved_renamed_added_and_removed_sections_have_their_histories() {
    let h = sample();
    assert_places_follow_the_lineages(&h);
    let labels: Vec<String> = h.points().iter().map(|p| p.label).collect();
    assert_eq!(
        labels,
        [
            "borrador-1",
            "borrador-2",
            "borrador-3",
            "borrador-4",
            "aprobada"
        ]
    );
    let steps_of = |query: &str| -> Vec<(usize, ChangeKind, Vec<Flag>)> {
        h.events(only(h.find(query)))
            .iter()
            .map(|e| (e.step, e.change.change, e.change.flags.clone()))
            .collect()
    };
    // 4.6 → 6.7 at the second step, moved to another chapter.
    let moved = steps_of("Responsables del diseño, implementación y evaluación");
    assert!(
        moved
            .iter()
            .any(|(s, _, f)| *s == 1 && f.contains(&Flag::Moved) && f.contains(&Flag::Renumbered)),
        "{moved:?}"
    );
    // Renamed at the first step: the old id and the new one are one lineage.
    assert_eq!(
        h.find("participacion-ciudadana-y-colaboracion-con-la-comunidad-de-datos"),
        h.find("eje-de-participacion-ciudadana-y-colaboracion")
    );
    let renamed = steps_of("eje-de-participacion-ciudadana-y-colaboracion");
    assert!(
        renamed
            .iter()
            .any(|(s, _, f)| *s == 0 && f.contains(&Flag::Renamed)),
        "{renamed:?}"
    );
    // Added in borrador-2, removed in borrador-3.
    let brief = steps_of("Experiencia de las entidades federativas");
    assert_eq!(
        brief.iter().map(|(s, k, _)| (*s, *k)).collect::<Vec<_>>(),
        vec![(0, ChangeKind::Added), (1, ChangeKind::Removed)]
    );
}

/// The sample's approved version came in through `--no-ff` merges, off
/// HEAD's first-parent line: every commit's history finds each draft at its
/// own commit, with the text the drafts' history reads, and the site is made.
#[test]
fn every_commit_of_the_sample_is_followed_through_its_merges() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let commits = of_commits(root);
    assert_places_follow_the_lineages(&commits);
    let drafts = sample();
    let s = sources(root);
    for (k, draft) in s.manifest().unwrap().manifest.drafts.iter().enumerate() {
        let id = draft.id.value.as_str();
        let p = commits
            .draft_point(id)
            .unwrap_or_else(|| panic!("{id} is a point"));
        let point = commits.points().get(p);
        assert_eq!(
            point.commit.as_deref(),
            Some(draft.reference.value.as_str()),
            "{id}"
        );
        let (ours, theirs) = (&commits.outline(p), &drafts.outline(k));
        assert_eq!(ours.len(), theirs.len(), "{id}");
        for section in 0..ours.len() {
            assert_eq!(ours.head(section).id(), theirs.head(section).id(), "{id}");
            assert_eq!(ours.body(section), theirs.body(section), "{id}");
        }
    }
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("sitio");
    cotejo_in(
        root,
        &["site", "--all-commits", "-o", site.to_str().unwrap()],
    )
    .ok();
    assert!(site.join("secciones/index.html").is_file());
}

#[test]
fn the_samples_blame_names_the_draft_of_each_known_edit() {
    let h = sample();
    let l = &h.lineages()[only(h.find("objetivos-especificos"))];
    let (p, s) = l.last();
    assert_eq!(h.points().label(p), "aprobada");
    let units = blame::sentences(&h.body(p, s), &l.blame());
    let of = |needle: &str| {
        let u = units
            .iter()
            .find(|u| u.text.contains(needle))
            .unwrap_or_else(|| panic!("no sentence with {needle:?}"));
        (h.points().label(u.introduced), h.points().label(u.revised))
    };
    assert_eq!(
        of("Cada objetivo cuenta con al menos un indicador"),
        ("borrador-2".to_owned(), "borrador-2".to_owned())
    );
    assert_eq!(
        of("sin comprometer la protección de los datos personales"),
        ("borrador-1".to_owned(), "borrador-4".to_owned())
    );
}

#[test]
fn the_samples_history_and_blame_run_from_the_cli() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = cotejo_in(root, &["history", "6.7", "--color", "never"])
        .ok()
        .to_owned();
    assert!(
        text.contains("moved from under \"4. Planeación y diseño\""),
        "{text}"
    );
    let blame = cotejo_in(root, &["blame", "borrador-2"]).ok().to_owned();
    assert!(
        blame.starts_with("Blame of borrador-2 (2022-10-14)"),
        "{blame}"
    );
    assert!(
        !blame.contains("borrador-3"),
        "a draft's blame knows no later draft"
    );
}

// --- The progress bar ---------------------------------------------------------

/// A repository of `n` commits, each changing one word of one section.
fn long_chain(n: usize) -> TestRepo {
    let texts: Vec<String> = (0..n)
        .map(|k| {
            format!(
                "# Política\n\n## 1. Alcance\n\nVersión {k} del alcance.\n\n## 2. Fin\n\nFin.\n"
            )
        })
        .collect();
    commit_texts(&texts)
}

/// A repository of one commit per text (`policy/doc.md`, "paso K"), then a
/// manifest whose one draft is the first of them.
fn commit_texts(texts: &[String]) -> TestRepo {
    let repo = TestRepo::new();
    let mut first = None;
    for (k, doc) in texts.iter().enumerate() {
        let oid = repo.commit(&format!("paso {k}"), &[("policy/doc.md", doc)]);
        first.get_or_insert(oid);
    }
    repo.commit_one_draft_manifest(first.expect("a commit"));
    repo
}

#[test]
fn a_long_run_draws_a_progress_bar_on_a_terminal_only() {
    let repo = long_chain(60);
    // Off a terminal: nothing on standard error.
    let quiet = repo.cotejo(&["history", "alcance", "--all-commits", "--color", "never"]);
    assert!(
        quiet.ok().contains("changed at 59 of 59 steps"),
        "{}",
        quiet.stdout
    );
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    // On a terminal (util-linux `script` gives the command one): the bar is
    // drawn on standard error, then cleared.
    let bin = env!("CARGO_BIN_EXE_cotejo");
    let out = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("{bin} history alcance --all-commits --color never"),
            "/dev/null",
        ])
        .current_dir(repo.path())
        .output()
        .expect("util-linux `script` runs (apt-get install bsdutils)");
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{screen}");
    assert!(screen.contains("reading commits ["), "{screen:?}");
    assert!(
        screen.contains("/61"),
        "the count of commits on the line: {screen:?}"
    );
    assert!(
        screen.contains("\r\x1b[2K"),
        "the bar is cleared: {screen:?}"
    );
    assert!(screen.contains("changed at 59 of 59 steps"), "{screen:?}");
}

#[test]
fn an_empty_chain_is_an_empty_history() {
    let h = History::empty();
    assert!(h.lineages().is_empty() && (h.step_count() == 0));
    assert_eq!(h.find("x"), Found::None(Vec::new()));
}

// --- Memory: what a long history holds -------------------------------------------

/// A document of `sections` articles, article `k`'s body naming `edits[k]`.
fn long_document(sections: usize, edits: &[usize], extra: Option<usize>) -> String {
    let mut doc = String::from("# Política\n\nPreámbulo de la política.\n\n");
    for (k, edit) in edits.iter().enumerate().take(sections) {
        if extra == Some(k) {
            doc += "## Artículo añadido\n\nUn artículo que entra y sale del texto.\n\n";
        }
        doc += &format!(
            "## {}. Artículo {k}\n\nLos sujetos obligados publican los datos del artículo {k} \
             en formatos abiertos, con la calidad y la oportunidad que la política pide; \
             versión {} de este párrafo.\n\n",
            k + 1,
            edit
        );
    }
    doc
}

/// Each of `n` commits edits one article (every seventh also adds or takes
/// away an article, so that the outline and its pairing change); returns
/// the repository and the text of every commit.
fn edited_chain(n: usize, sections: usize) -> (TestRepo, Vec<String>) {
    let mut edits = vec![0; sections];
    let mut texts = Vec::new();
    for k in 0..n {
        edits[(k * 7) % sections] += 1;
        let extra = (k % 7 == 3).then_some((k * 3) % sections);
        texts.push(long_document(sections, &edits, extra));
    }
    (commit_texts(&texts), texts)
}

#[test]
fn a_long_history_holds_each_section_text_once_not_once_per_commit() {
    // Issue 12: 1,000 commits of a 1 MB document held 2 GB, a whole parsed
    // copy per commit. What the history holds is now bounded by the first
    // text and what the commits changed, whatever the number of commits.
    let (n, sections) = (120, 60);
    let (repo, texts) = edited_chain(n, sections);
    let h = of_commits(repo.path());
    assert_eq!(h.points().len(), n);
    let held = h.held();
    let first = texts[0].len();
    let every_text: usize = texts.iter().map(String::len).sum();
    // Each commit rewrites one body of ~200 bytes (and every seventh adds
    // or removes a ~70-byte article): about 240 bytes a commit on average.
    let changed = n * 300;
    assert!(
        held.bytes <= first + changed,
        "the store holds {} bytes; the first text is {first} bytes and the commits \
         changed at most {changed} (all texts together: {every_text})",
        held.bytes
    );
    assert!(
        held.bodies <= sections + 2 + n * 2,
        "{} distinct bodies for {n} commits of {sections} articles",
        held.bodies
    );
    // Ninth round: a history of every commit keeps its bodies in its
    // temporary file, each distinct one once; only the short ones (under 64
    // bytes) stay in memory.
    let distinct: std::collections::BTreeSet<String> = texts
        .iter()
        .flat_map(|text| {
            let doc = cotejo::document::Document::parse(text.as_str());
            (0..doc.sections().len())
                .map(|s| doc.body(s).to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    let long: usize = distinct.iter().map(String::len).filter(|&l| l >= 64).sum();
    assert_eq!(held.bodies, distinct.len());
    assert_eq!(held.spilled_bytes, long, "the bodies of 64 bytes or more");
    // And each point is its text, section by section.
    for (p, text) in texts.iter().enumerate() {
        let doc = cotejo::document::Document::parse(text.as_str());
        let outline = h.outline(p);
        assert_eq!(outline.len(), doc.sections().len(), "point {p}");
        for (s, section) in doc.sections().iter().enumerate() {
            let head = outline.head(s);
            assert_eq!(outline.body(s), doc.body(s), "point {p}, section {s}");
            assert_names_are_the_parsers(head, section, &format!("point {p}, section {s}"));
            assert_eq!(outline.parent(s), section.parent, "point {p}, section {s}");
        }
    }
}

#[test]
fn a_renumbered_heading_costs_two_bytes_of_memory_and_a_record_in_the_file() {
    // Issue 12, fifth round: an article inserted near the top renumbers
    // every later one, each renumbered heading a new head of the store; at
    // 3,000 commits of the generated 1 MB document 12,000 heads, ~330 bytes
    // each when a head held its heading, number, title and id as four owned
    // strings (2.8 MB of what grew from 1,000 commits). A head is one record
    // and one text, the number and the title found inside the heading,
    // written in pages to the history's temporary file (fourteenth round).
    let (n, articles) = (30, 40);
    let mut texts = Vec::new();
    for k in 0..n {
        let mut doc = String::from("# Política\n\nPreámbulo.\n\n");
        // Each commit inserts an article before the others: it renumbers
        // all of them.
        for a in 0..articles + k {
            let topic = articles + k - 1 - a;
            doc += &format!(
                "## Artículo {}. De los datos abiertos del tema {topic}\n\nTexto del tema {topic}.\n\n",
                a + 1
            );
        }
        texts.push(doc);
    }
    let repo = commit_texts(&texts);
    let h = of_commits(repo.path());
    assert_eq!(h.points().len(), n);
    // Every distinct head of every point, by what it says.
    let mut distinct = std::collections::HashSet::new();
    for p in 0..h.points().len() {
        for head in h.outline(p).heads() {
            distinct.insert((
                head.level,
                head.heading().to_owned(),
                head.number().map(str::to_owned),
                head.title().to_owned(),
                head.id().into_owned(),
            ));
        }
    }
    let held = h.held();
    assert_eq!(held.heads, distinct.len(), "each distinct head held once");
    assert!(
        held.heads > n * articles / 2,
        "the commits renumber: {} heads",
        held.heads
    );
    // Each id here is its title's slug, which a head does not keep
    // (eleventh round): only the headings are text.
    let texts_of_heads: usize = distinct
        .iter()
        .map(|(_, heading, _, _, _)| heading.len())
        .sum();
    let numbers_and_titles: usize = distinct
        .iter()
        .map(|(_, _, number, title, _)| number.as_ref().map_or(0, String::len) + title.len())
        .sum();
    // Memory keeps each head's level and cut, where each page of 128 heads
    // is in the file, and the page being filled (its records: a head's
    // text and places): not the heads' text.
    let longest = distinct
        .iter()
        .map(|(_, heading, number, title, id)| {
            heading.len() + number.as_ref().map_or(0, String::len) + title.len() + id.len()
        })
        .max()
        .unwrap_or(0);
    let bound = held.heads * 2 + held.heads.div_ceil(128) * 32 + 127 * (longest + 16);
    assert!(
        held.head_bytes <= bound,
        "{} heads take {} bytes, more than {bound} ({} bytes of headings, {} of numbers and \
         titles)",
        held.heads,
        held.head_bytes,
        texts_of_heads,
        numbers_and_titles
    );
    assert!(
        held.head_bytes * 2 < texts_of_heads,
        "{} bytes held of {texts_of_heads} bytes of headings",
        held.head_bytes
    );
    // And each head gives back what the parser said.
    for (p, text) in texts.iter().enumerate() {
        let doc = cotejo::document::Document::parse(text.as_str());
        let outline = h.outline(p);
        for (s, section) in doc.sections().iter().enumerate() {
            let head = outline.head(s);
            assert_names_are_the_parsers(head, section, &format!("point {p}, section {s}"));
        }
    }
}

#[test]
fn a_long_document_s_commit_keeps_what_it_changed_as_an_edit_of_its_neighbour() {
    // Issue 12, eighth round: each point held its outline and its lineage
    // table as chunks shared with its neighbour, yet a commit that edits one
    // section still copied that section's chunk, its group's references and
    // a reference to every group (~1.5 KB a commit of a 1,800-section
    // document). A point now keeps the runs it has alike with a neighbour
    // and the entries it does not, and a whole outline only now and then.
    let (n, sections) = (40, 2400);
    let (repo, texts) = edited_chain(n, sections);
    let h = of_commits(repo.path());
    let f = h.footprint();
    let first = h.section_count(0);
    // Whole outlines: one where each core's run of commits starts.
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    assert!(
        f.outlines_edited + cores.min(n) >= n,
        "{} of {n} outlines kept as edits",
        f.outlines_edited
    );
    // Each commit edits one article's body (and every seventh adds or takes
    // away one): a few runs and an entry or two, outline and table.
    let edited = f.outlines_edited.max(1);
    assert!(
        f.edit_runs <= edited * 6,
        "{} runs for {edited} edited points",
        f.edit_runs
    );
    assert!(
        f.edit_entries <= edited * 2,
        "{} entries of their own for {edited} edited points",
        f.edit_entries
    );
    // Beside them, the whole outlines' entries: no more than a whole
    // outline's for each whole one kept.
    let wholes = n - f.outlines_edited;
    assert!(
        f.outline_entries <= wholes * first + f.edit_entries,
        "{} outline entries for {wholes} whole outlines of ~{first} sections",
        f.outline_entries
    );
    // Read back through its edits, each point is its text's, and so are its
    // section → lineage table and the heads its lineages go through.
    for p in [0, 1, n / 2, n - 2, n - 1] {
        let doc = cotejo::document::Document::parse(texts[p].as_str());
        let outline = h.outline(p);
        assert_eq!(outline.len(), doc.sections().len(), "point {p}");
        assert_eq!(h.section_count(p), doc.sections().len(), "point {p}");
        for (s, section) in doc.sections().iter().enumerate() {
            assert_eq!(outline.body(s), doc.body(s), "point {p}, section {s}");
            assert_eq!(h.body(p, s), doc.body(s), "point {p}, section {s}");
            assert_eq!(outline.head(s).id(), section.id, "point {p}, section {s}");
            assert_eq!(h.section(p, s).id(), section.id, "point {p}, section {s}");
            assert_eq!(outline.parent(s), section.parent, "point {p}, section {s}");
        }
    }
    assert_places_follow_the_lineages(&h);
    for l in 0..h.lineages().len() {
        // Its heads where they change: a head is held once, so two of
        // the same parts are one.
        let parts = |x: &cotejo::history::Head| {
            let number = x.number().map(str::to_owned);
            (
                x.level,
                x.heading().to_owned(),
                number,
                x.title().to_owned(),
                x.id().into_owned(),
            )
        };
        let heads: Vec<_> = h.heads_of(l).iter().map(|(p, x)| (*p, parts(x))).collect();
        let mut one_by_one: Vec<_> = h
            .places_of(l)
            .map(|(p, s)| (p, parts(&h.section(p, s))))
            .collect();
        one_by_one.dedup_by(|b, a| a.1 == b.1);
        assert_eq!(heads, one_by_one, "lineage {l}");
    }
}

/// Every lineage's places, followed through the steps (`places_of`), are
/// where the history's tables put it: one a point from its first point to
/// its last, each a section of that lineage (`lineage_of`), and every
/// section of every point some lineage's, once.
fn assert_places_follow_the_lineages(h: &History) {
    let mut seen: Vec<Vec<bool>> = (0..h.points().len())
        .map(|p| vec![false; h.section_count(p)])
        .collect();
    for (l, lineage) in h.lineages().iter().enumerate() {
        let places: Vec<(usize, usize)> = h.places_of(l).collect();
        assert_eq!(places.len(), lineage.versions(), "lineage {l}");
        for (k, &(p, s)) in places.iter().enumerate() {
            assert_eq!(p, lineage.first() + k, "lineage {l}");
            assert_eq!(h.lineage_of(p, s), l, "point {p}, section {s}");
            assert!(
                !std::mem::replace(&mut seen[p][s], true),
                "point {p}, section {s} in two lineages"
            );
        }
        assert_eq!(places.last().copied(), Some(lineage.last()), "lineage {l}");
    }
    assert!(seen.iter().flatten().all(|&s| s), "a section in no lineage");
}

#[test]
fn a_long_history_holds_per_commit_what_the_commit_changed_not_the_whole_outline() {
    // Issue 12, beside the texts: each point held an entry per section in
    // its outline, one in its section → lineage table and one in each
    // lineage's places — ~28 bytes × sections × commits, 7 MiB per 100
    // commits of a 1,800-section document. Then a point shared with its
    // neighbour every chunk of sections they have alike (but copied the
    // chunk a commit edits, 16 entries or more); now most points keep only
    // the entries they changed (eighth round), and a lineage
    // keeps its place only where it changes. Counts, not bytes of a process:
    // the same commits always give the same counts.
    let (n, sections) = (150, 400);
    let (repo, texts) = edited_chain(n, sections);
    let h = of_commits(repo.path());
    let f = h.footprint();
    assert_eq!(f.points, n);
    let first = h.section_count(0);
    let whole: usize = (0..n).map(|p| h.section_count(p)).sum();
    // Each commit edits one article's body (and every seventh adds or
    // takes away one): an entry or two of its outline, fewer of its table,
    // and now and then a whole outline.
    let per_commit = |held: usize| (held - first) / (n - 1);
    assert!(
        per_commit(f.outline_entries) <= 8,
        "{} outline entries for {n} points of ~{first} sections (one per section per point \
         would be {whole})",
        f.outline_entries
    );
    assert!(
        per_commit(f.table_entries) <= 2,
        "{} lineage-table entries for {n} points of ~{first} sections (whole: {whole})",
        f.table_entries
    );
    // Whole outlines: where each core's run of commits starts, and after a
    // chain of edits as long as the outline (four runs or entries a commit
    // here: one in ~100 commits) or of 128 commits.
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    assert!(
        n - f.outlines_edited <= cores + n / 64,
        "{} of {n} outlines kept whole",
        n - f.outlines_edited
    );
    assert!(
        f.edit_runs <= n * 6,
        "{} runs of edits for {n} points",
        f.edit_runs
    );
    // A lineage's index changes where an article comes or goes before it
    // (the extra article comes at every seventh commit and goes at the
    // next): the places are followed through the steps, not kept (tenth
    // round; runs of them were ~100 a commit on 1,800 sections).
    assert_places_follow_the_lineages(&h);
    assert!(
        f.step_entries <= 3 * n,
        "{} entries in the steps' comparisons for {n} commits",
        f.step_entries
    );
    // The steps keep no section names: the outlines give them back, and
    // what a page reads has them.
    assert_eq!(f.step_name_bytes, 0, "section names kept in the steps");
    // Nor a `SectionChange` per entry (~430 bytes, sized for both sides'
    // names): a record of the kind, flags, similarity, diff, blocks and
    // three numbers a side.
    assert!(
        f.step_entry_bytes <= 128 * f.step_entries,
        "{} bytes for {} entries of the steps",
        f.step_entry_bytes,
        f.step_entries
    );
    // Nor each step's versions as hex strings (fourth round): its record
    // beside the entries, commits and hashes as bytes, is ~290 bytes (a
    // `Comparison` without entries and its strings was ~530).
    assert!(
        f.step_head_bytes <= 320 * h.step_count(),
        "{} bytes of the steps' own records for {} steps",
        f.step_head_bytes,
        h.step_count()
    );
    // Nor the text of the word diffs (fourth round): a token is its
    // operation and length, its text cut from the bodies the outlines hold
    // (a `DiffToken` was 32 bytes and its own copy of the text).
    // And none of those records in memory (sixth round): each step is
    // written to an unlinked temporary file as it is made, and only each
    // entry's two sections and whether it is a change (12 bytes) stay,
    // beside a small record a step (its place in the file and where its
    // entries end, 36 bytes, and its number, 4: end to end since the
    // eleventh round, where a shared record and a list a step were 64 and
    // two allocations).
    let distinct_steps = (0..h.step_count())
        .filter(|&k| (0..k).all(|j| !h.shares_step(j, k)))
        .count();
    assert_eq!(f.steps_spilled, distinct_steps, "every step in the file");
    assert!(f.spill_bytes > 0);
    assert!(
        f.step_memory_bytes <= 12 * f.step_entries + 36 * distinct_steps + 4 * h.step_count(),
        "{} bytes in memory for {} entries of {distinct_steps} steps (their records: {} \
         bytes, and {} of word diffs and {} of blocks)",
        f.step_memory_bytes,
        f.step_entries,
        f.step_entry_bytes + f.step_head_bytes,
        f.step_diff_bytes,
        f.step_block_bytes
    );
    // The pairings (sixth and eleventh rounds): a commit that adds or
    // removes an article pairs the sections before and after it, a run of
    // 12 bytes each, kept end to end with 12 bytes of ends a step (a list
    // of one counterpart per section was 16 bytes a section).
    assert!(
        f.pairing_bytes <= (12 + 3 * 12) * distinct_steps,
        "{} bytes of pairings for {distinct_steps} steps",
        f.pairing_bytes
    );
    // The points' names (thirteenth round): in pages of 128 in the
    // temporary file, written as each page fills. Memory keeps where each
    // page is and the page being filled (here 150 - 128 = 22 points, each
    // a byte, its commit's 20, four lengths, its date's 10 and its summary),
    // and the few drafts' names; where every point's record and text were
    // ~130 bytes a point, and five owned strings ~300 before the tenth.
    let longest_summary = h
        .points()
        .iter()
        .filter_map(|p| p.summary)
        .map(|s| s.len())
        .max()
        .unwrap_or(0);
    let open = n % 128;
    assert!(
        f.point_bytes <= open * (1 + 20 + 16 + 10 + longest_summary) + 32 * n.div_ceil(128) + 256,
        "{} bytes in memory for the names of {n} points",
        f.point_bytes
    );
    assert!(f.step_diff_tokens > 0, "the steps have word diffs");
    assert!(
        f.step_diff_bytes <= 8 * f.step_diff_tokens,
        "{} bytes for {} tokens of the steps' word diffs",
        f.step_diff_bytes,
        f.step_diff_tokens
    );
    for k in (0..h.step_count()).step_by(5) {
        let docs = [k, k + 1].map(|p| cotejo::document::Document::parse(texts[p].as_str()));
        for e in h.step(k).sections {
            // The word diff given back is of the two bodies: equal and
            // deleted text is the old body, equal and inserted the new.
            if let (Some(diff), Some(o), Some(n)) = (&e.diff, &e.old, &e.new) {
                use cotejo::model::Op;
                let text = |ops: [Op; 2]| -> String {
                    diff.iter()
                        .filter(|t| ops.contains(&t.op))
                        .map(|t| t.text.as_str())
                        .collect()
                };
                assert_eq!(
                    text([Op::Equal, Op::Delete]),
                    docs[0].body(o.index),
                    "step {k}"
                );
                assert_eq!(
                    text([Op::Equal, Op::Insert]),
                    docs[1].body(n.index),
                    "step {k}"
                );
                assert!(diff.iter().any(|t| t.op != Op::Equal), "step {k}");
            }
            for (side, r) in [(0, &e.old), (1, &e.new)] {
                let Some(r) = r else { continue };
                let (p, doc) = (k + side, &docs[side]);
                let s = &doc.sections()[r.index];
                let parent = s.parent.map(|i| doc.sections()[i].title.as_str());
                assert_eq!(
                    (
                        &*r.id,
                        &*r.heading,
                        &*r.title,
                        r.number.as_deref(),
                        r.parent_title.as_deref(),
                        &r.path
                    ),
                    (
                        s.id.as_str(),
                        s.heading.as_str(),
                        s.title.as_str(),
                        s.number.as_deref(),
                        parent,
                        &doc.path(r.index)
                    ),
                    "step {k}, point {p}, section {}",
                    r.index
                );
                assert!(
                    r.level == 0 || !r.id.is_empty(),
                    "step {k}: a heading has an id"
                );
            }
        }
    }
    // The pack is mapped a window at a time, not whole for the whole run.
    // SAFETY: reads a libgit2 global; no other thread of this test sets it.
    let mapped = unsafe { git2::opts::get_mwindow_mapped_limit() }.unwrap();
    assert!(mapped <= 1 << 20, "libgit2 may map {mapped} bytes of packs");
    // And what the outlines share is each point's text.
    for (p, text) in texts.iter().enumerate().step_by(7) {
        let doc = cotejo::document::Document::parse(text.as_str());
        let outline = h.outline(p);
        assert_eq!(outline.len(), doc.sections().len(), "point {p}");
        for s in 0..doc.sections().len() {
            assert_eq!(outline.body(s), doc.body(s), "point {p}, section {s}");
            assert_eq!(
                outline.head(s).id(),
                doc.sections()[s].id,
                "point {p}, section {s}"
            );
        }
    }
}

/// The index entry of a regular file at `path` holding blob `id`.
fn file_entry(path: &str, id: git2::Oid) -> git2::IndexEntry {
    git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100644,
        uid: 0,
        gid: 0,
        file_size: 0,
        id,
        flags: path.len() as u16,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

/// A history's head of a section gives back the names the parser gave it.
fn assert_names_are_the_parsers(
    head: cotejo::history::Head,
    section: &cotejo::document::Section,
    place: &str,
) {
    assert_eq!(
        (
            head.level,
            head.heading(),
            head.number(),
            head.title(),
            &*head.id()
        ),
        (
            section.level,
            section.heading.as_str(),
            section.number.as_deref(),
            section.title.as_str(),
            section.id.as_str()
        ),
        "{place}"
    );
}

/// Runs cotejo in `dir` with `TMPDIR` set to `tmpdir`: (exit code, stdout,
/// stderr).
fn cotejo_with_tmpdir(dir: &Path, tmpdir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cotejo"))
        .args(args)
        .current_dir(dir)
        .env("TMPDIR", tmpdir)
        .env_remove("NO_COLOR")
        .output()
        .expect("run cotejo");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Every file under `dir`, by its path there, with its bytes.
fn files_under(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn a_history_of_every_commit_keeps_its_steps_in_a_temporary_file_or_in_memory_the_same() {
    // Issue 12, sixth round: the steps of a history of every commit go to an
    // unlinked file in the system's temporary folder. Nothing is left there;
    // and where no file can be made (no such folder, a file in its place)
    // the steps stay in memory and every output is the same.
    let c = chain();
    let tmp = tempfile::tempdir().unwrap();
    let usable = tmp.path().join("tmp");
    std::fs::create_dir(&usable).unwrap();
    let missing = tmp.path().join("no-such-folder");
    let a_file = tmp.path().join("a-file");
    std::fs::write(&a_file, "not a folder").unwrap();
    let outputs = tmp.path().join("out");
    std::fs::create_dir(&outputs).unwrap();
    let commands: [&[&str]; 3] = [
        &[
            "-v",
            "history",
            "apertura",
            "--all-commits",
            "--color",
            "never",
        ],
        &["-v", "blame", "--all-commits"],
        &["-v", "site", "--all-commits", "-o"],
    ];
    for (k, command) in commands.iter().enumerate() {
        let run = |tmpdir: &Path, name: &str| {
            let site = outputs.join(format!("{k}-{name}"));
            let mut args = command.to_vec();
            let site_arg = site.to_string_lossy().into_owned();
            if args.last() == Some(&"-o") {
                args.push(&site_arg);
            }
            let (code, stdout, stderr) = cotejo_with_tmpdir(c.repo.path(), tmpdir, &args);
            assert_eq!(
                code,
                0,
                "{args:?} with TMPDIR={}: {stderr}",
                tmpdir.display()
            );
            let site = site.exists().then(|| files_under(&site));
            (stdout, stderr, site)
        };
        let (stdout, stderr, site) = run(&usable, "file");
        assert!(!stderr.contains("kept in memory"), "{stderr}");
        assert_eq!(
            std::fs::read_dir(&usable).unwrap().count(),
            0,
            "{command:?} left something in the temporary folder"
        );
        assert!(!stdout.is_empty() || site.as_ref().is_some_and(|s| !s.is_empty()));
        for (bad, name) in [(&missing, "missing"), (&a_file, "a-file")] {
            let (stdout_mem, stderr_mem, site_mem) = run(bad, name);
            assert!(
                stderr_mem.contains("the history's steps and texts are kept in memory"),
                "{command:?} with TMPDIR={}: {stderr_mem}",
                bad.display()
            );
            if site.is_none() {
                assert_eq!(
                    stdout_mem,
                    stdout,
                    "{command:?} with TMPDIR={}",
                    bad.display()
                );
            }
            assert!(
                site_mem == site,
                "{command:?} with TMPDIR={}: the sites differ",
                bad.display()
            );
        }
    }
    assert!(!missing.exists(), "the missing folder is not made");
    assert_eq!(std::fs::read(&a_file).unwrap(), b"not a folder");
}

#[test]
fn a_text_that_cannot_be_read_midway_through_a_long_history_is_an_error_naming_its_commit() {
    // A history of every commit reads its texts on threads of their own, a
    // text ahead of the comparing: a text that cannot be read still ends
    // the command with its commit named, wherever it falls in a core's run
    // (read newest first: late in the first run, early in it, early in the
    // second), and the other runs stop too.
    for bad in [1, 17, 38] {
        let repo = TestRepo::new();
        let mut commits = Vec::new();
        for k in 0..40 {
            let text = format!("# Política\n\n## 1. Alcance\n\nVersión {k} del alcance.\n");
            if k == bad {
                // UTF-16LE with its byte-order mark: a text cotejo refuses.
                let mut bytes = vec![0xFF, 0xFE];
                bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                repo.write("policy/doc.md", bytes);
            } else {
                repo.write("policy/doc.md", text);
            }
            commits.push(repo.commit(&format!("paso {k}"), &[]));
        }
        repo.commit_one_draft_manifest(commits[0]);
        let short = commits[bad].to_string()[..7].to_owned();
        for command in [
            &["history", "alcance", "--all-commits"][..],
            &["blame", "--all-commits"][..],
        ] {
            let run = repo.cotejo(command);
            let err = run.error();
            assert!(
                err.contains("is UTF-16"),
                "commit {bad}, {command:?}: {err}"
            );
            assert!(
                err.contains(&format!("at commit {short}")),
                "commit {bad} ({short}), {command:?}: {err}"
            );
            assert!(run.stdout.is_empty(), "{command:?}: {}", run.stdout);
        }
    }
}

#[test]
fn two_sets_of_files_that_join_into_the_same_texts_share_one_comparison() {
    // A heading moved across the boundary of the manifest's two files joins
    // into the same text: steps 0 and 2 are between the same two texts
    // (other blobs), so the later shares the first's comparison, even where
    // two cores compared them apart.
    let repo = TestRepo::new();
    let uno = "# T\n\n## Uno\n\nTexto uno.\n";
    let (dos, dos_cambiado) = ("## Dos\n\nTexto dos.\n", "## Dos\n\nTexto dos, cambiado.\n");
    let mut first = None;
    for (k, (a, b)) in [
        (uno.to_owned(), dos),
        (uno.to_owned(), dos_cambiado),
        (format!("{uno}{dos}"), ""),
        (format!("{uno}{dos_cambiado}"), ""),
    ]
    .iter()
    .enumerate()
    {
        let oid = repo.commit(
            &format!("paso {k}"),
            &[("policy/a.md", a.as_str()), ("policy/b.md", b)],
        );
        first.get_or_insert(oid);
    }
    repo.commit(
        "manifest",
        &[(
            "policy/pnda.yaml",
            &format!(
                "title: T\nlanguage: es\nfiles: [a.md, b.md]\ndrafts:\n  - id: b1\n    \
                 title: B1\n    date: 2022-01-01\n    stage: x\n    ref: {}\n",
                first.expect("a commit")
            ),
        )],
    );
    let h = of_commits(repo.path());
    assert_eq!(h.points().len(), 4);
    assert!(h.shares_step(0, 2), "the same two texts, compared once");
    assert!(!h.shares_step(0, 1));
    assert_eq!(h.step(0), h.step(2));
    // Each step says what it did, the shared one and the one between: the
    // words written at steps 0 and 2, taken back at step 1.
    let words = |k: usize, op: cotejo::model::Op| -> String {
        h.step(k)
            .sections
            .iter()
            .filter_map(|e| e.diff.as_ref())
            .flatten()
            .filter(|t| t.op == op)
            .map(|t| t.text.as_str())
            .collect()
    };
    use cotejo::model::Op::{Delete, Insert};
    for k in [0, 2] {
        assert!(words(k, Insert).contains("cambiado"), "step {k}");
        assert!(!words(k, Delete).contains("cambiado"), "step {k}");
    }
    assert!(words(1, Delete).contains("cambiado"));
    assert!(!words(1, Insert).contains("cambiado"));
}

#[test]
fn a_preamble_encloses_no_section_as_the_parser_has_it() {
    // Text before the first heading is the preamble (level 0): the parser
    // gives the top headings no parent, and the outlines must say the same.
    let texts: Vec<String> = ["Uno.", "Dos."]
        .iter()
        .map(|v| {
            format!(
                "Texto antes de todo encabezado.\n\n# Capítulo 1\n\n{v}\n\n## 1.1 Alcance\n\n\
                 Alcance.\n\n# Capítulo 2\n\nFin.\n"
            )
        })
        .collect();
    let repo = commit_texts(&texts);
    let h = of_commits(repo.path());
    for (p, text) in texts.iter().enumerate() {
        let doc = cotejo::document::Document::parse(text.as_str());
        let outline = h.outline(p);
        assert_eq!(doc.sections()[0].level, 0, "a preamble");
        let parents: Vec<Option<usize>> = (0..outline.len()).map(|s| outline.parent(s)).collect();
        let parsed: Vec<Option<usize>> = doc.sections().iter().map(|s| s.parent).collect();
        assert_eq!(parents, parsed, "point {p}");
        assert_eq!(parents, [None, None, Some(1), None], "point {p}");
    }
}
