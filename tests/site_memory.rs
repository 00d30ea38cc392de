//! What `cotejo site` holds while it makes a site of a long history, counted
//! by the allocator (issue 12, fourth round): the pages go out as they are
//! made, never all held until the end. Its own test binary, so that the
//! allocator's counts are this test's alone.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};

use cotejo::error::Result;
use cotejo::progress::Progress;
use cotejo::project::Project;
use cotejo::render::labels::Lang;
use cotejo::render::templates::Templates;
use cotejo::render::{Out, PageSink, Renderer, Subject};
use cotejo::site::SiteRenderer;
use support::TestRepo;

#[path = "support/counting_alloc.rs"]
mod counting_alloc;

use counting_alloc::{Counting, LIVE, PEAK};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What was live when the page before was handed over.
static LIVE_AT_LAST_PAGE: AtomicUsize = AtomicUsize::new(0);

/// A folder that counts the pages it is handed, and drops them.
#[derive(Default)]
struct Counted {
    pages: usize,
    bytes: usize,
    sections: usize,
    section_bytes: usize,
    /// The most bytes allocated above what was live when the page before
    /// was handed over: what making one page (or one batch) held at once.
    most_between: usize,
}

impl PageSink for Counted {
    fn put(&mut self, path: String, bytes: Vec<u8>) -> Result<()> {
        self.pages += 1;
        self.bytes += bytes.len();
        if path.starts_with("secciones/") {
            let since = LIVE_AT_LAST_PAGE.load(Ordering::Relaxed);
            let most = PEAK.load(Ordering::Relaxed).saturating_sub(since);
            self.most_between = self.most_between.max(most);
            self.sections += 1;
            self.section_bytes += bytes.len();
        }
        drop(bytes);
        drop(path);
        let live = LIVE.load(Ordering::Relaxed);
        LIVE_AT_LAST_PAGE.store(live, Ordering::Relaxed);
        PEAK.store(live, Ordering::Relaxed);
        Ok(())
    }
}

/// `n` commits of a document of `sections` articles, each editing one
/// article; the first commit is the manifest's one draft.
fn chain(n: usize, sections: usize) -> TestRepo {
    let repo = TestRepo::new();
    let mut edits = vec![0; sections];
    let mut first = None;
    for k in 0..n {
        edits[(k * 7) % sections] += 1;
        let mut doc = String::from("# Política\n\nPreámbulo de la política.\n\n");
        for (a, edit) in edits.iter().enumerate() {
            doc += &format!(
                "## {}. Artículo {a}\n\nLos sujetos obligados publican los datos del \
                 artículo {a} en formatos abiertos, con la calidad y la oportunidad que la \
                 política pide; versión {edit} de este párrafo.\n\n",
                a + 1
            );
        }
        let oid = repo.commit(&format!("paso {k}"), &[("policy/doc.md", &doc)]);
        first.get_or_insert(oid);
    }
    repo.commit_one_draft_manifest(first.expect("a commit"));
    repo
}

#[test]
fn a_long_history_s_site_is_handed_over_page_by_page_not_held_whole() {
    // The site of every commit was built whole in memory and written at the
    // end: 62 MiB of pages held at 1,000 commits of a 1 MB document. Now
    // each page goes to the folder being written as it is made (the
    // sections' pages a few dozen at a time), so what making them holds is
    // a batch of pages, not the site: counted between one page handed over
    // and the next.
    let (n, sections) = (40, 600);
    let repo = chain(n, sections);
    let project = Project::open(repo.path(), None).expect("the project");
    let history = project
        .history("site", true, &Progress::hidden())
        .expect("its history");
    let templates = Templates::embedded().expect("the templates");
    let site = SiteRenderer {
        templates: &templates,
        lang: Lang::Es,
        pdf: false,
        base_url: None,
    };
    let mut folder = Counted::default();
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    LIVE_AT_LAST_PAGE.store(before, Ordering::Relaxed);
    site.render(
        &project,
        Subject::History(&history),
        Out::Pages(&mut folder),
    )
    .expect("the site");
    let held = folder.most_between;
    assert!(
        folder.sections > sections,
        "{} pages of sections for {sections} articles",
        folder.sections
    );
    // Each section's page is ~4 KB here, 2.5 MB in all; making a batch of
    // them holds ~0.6 MB (with the points' views every page shares), the
    // same for 300 articles as for 600.
    assert!(
        held * 2 < folder.section_bytes,
        "making the sections' pages held up to {held} bytes at once, for {} pages of \
         {} bytes: they are held, not handed over as they are made",
        folder.sections,
        folder.section_bytes
    );
}
