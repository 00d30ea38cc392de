//! Writing a site: the folder swapped in whole, and the marker file that
//! says cotejo wrote it.

use std::path::Path;

use super::Site;
use crate::error::Result;
use crate::render::view;

/// The file in a site's folder that says cotejo wrote it: only such a folder
/// (or an empty one) is ever replaced.
pub const MARKER: &str = ".cotejo-site";

/// Writes `site` as the folder `dir`, whole or not at all: every file goes
/// into a new folder beside `dir`, which then takes `dir`'s place. An existing
/// `dir` is replaced only when cotejo wrote it (it holds [`MARKER`]) or it is
/// empty; anything else is refused and left untouched. Files are 0644,
/// folders 0755.
pub fn write(dir: &Path, site: &Site) -> Result<()> {
    let files = site.pages.iter().map(|(p, b)| (p.as_str(), b.as_slice()));
    crate::output::replace_folder(dir, files, &marker())
}

/// What marks a folder as a site cotejo wrote.
pub fn marker() -> crate::output::Marker {
    crate::output::Marker {
        file: MARKER,
        text: marker_text(),
        command: "cotejo site",
    }
}

/// The marker file's text: what wrote the folder (no date: two runs give the
/// same bytes).
fn marker_text() -> String {
    format!(
        "This folder was written by {} (`cotejo site`); the next run replaces it whole.\n",
        view::tool()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_writes_whole_and_refuses_what_is_not_its_own() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("sitio");
        let mut site = Site::default();
        site.insert("index.html", "uno");
        site.insert("borradores/a.html", "a");
        site.insert(MARKER, "x");
        write(&dir, &site).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "uno"
        );
        site.pages.remove("borradores/a.html");
        site.insert("index.html", "dos");
        write(&dir, &site).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "dos"
        );
        assert!(!dir.join("borradores").exists());
        // Nothing left beside it.
        let beside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(beside.len(), 1);
        // A site that cannot be written whole (a file where a folder must go)
        // leaves the previous one as it was, and nothing beside it.
        let mut broken = Site::default();
        broken.insert("index.html", "tres");
        broken.insert("borradores", "un archivo");
        broken.insert("borradores/b.html", "b");
        assert!(write(&dir, &broken).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "dos"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
        let other = tmp.path().join("otro");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("notas.txt"), "mío").unwrap();
        let err = write(&other, &site).unwrap_err().to_string();
        assert!(err.contains("otro"), "{err}");
        assert_eq!(
            std::fs::read_to_string(other.join("notas.txt")).unwrap(),
            "mío"
        );
    }
}
