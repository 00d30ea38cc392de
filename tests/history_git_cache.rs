//! What libgit2 keeps of a long history's commits (issue 12): nothing, once
//! they are read. Its own test binary, so that libgit2's process-wide count
//! of cached objects is this test's alone.

mod support;

use cotejo::progress::Progress;
use cotejo::project::Project;
use support::TestRepo;

/// libgit2's count of the bytes of objects held in the object caches of
/// every repository handle open in the process.
fn cached_bytes() -> isize {
    // SAFETY: reads two numbers libgit2 keeps; no other thread of this test
    // binary uses libgit2 meanwhile (it has this one test).
    let (current, _allowed) = unsafe { git2::opts::get_cached_memory() }.expect("libgit2's count");
    current
}

#[test]
fn a_history_of_every_commit_leaves_no_commit_or_tree_in_libgit2_s_cache() {
    // libgit2 caches each commit and tree it parses in the repository's
    // handle (up to 256 MiB), and the history's handle stays open for the
    // whole run: ~3 KB a commit, 8 MiB of a 3,000-commit history's
    // resident size. The history reads each commit and its trees once.
    let repo = TestRepo::new();
    let mut first = None;
    for k in 0..150 {
        let doc = format!(
            "# Política\n\n## 1. Alcance\n\nVersión {k} del alcance.\n\n## 2. Fin\n\nFin {}.\n",
            k % 7
        );
        let oid = repo.commit(&format!("paso {k}"), &[("policy/doc.md", &doc)]);
        first.get_or_insert(oid);
    }
    repo.commit_one_draft_manifest(first.expect("a commit"));
    let project = Project::open(repo.path(), None).expect("the project");
    let before = cached_bytes();
    let history = project
        .history("history", true, &Progress::hidden())
        .expect("its history");
    assert_eq!(history.points().len(), 150);
    let after = cached_bytes();
    // Each commit and its trees were cached: 43 KB for these 150 commits.
    // What may remain is what the project read before the history began
    // (the manifest's commit and trees).
    assert!(
        after - before < 8 * 1024,
        "libgit2 holds {} bytes of objects more after a history of 150 commits",
        after - before
    );
    drop(history);
    drop(project);
}
