//! Files of one commit's tree found by path, each folder's tree read once.
//!
//! git2's `Tree::get_path` walks from the root for every path, reading (and,
//! with strict hash verification, hashing) every folder on the way again: a
//! manifest of 16,000 files in one folder read that folder's 16,000-entry
//! tree 16,000 times, a minute and a half. Here each folder is read once per
//! commit and its entries are found by name.

use std::collections::HashMap;

use git2::{ObjectType, Repository, Tree, TreeEntry};

/// One commit's tree, with the folders read so far.
pub(crate) struct TreeFiles<'r> {
    repo: &'r Repository,
    /// Folders by their path from the root (`""` is the root); `None` where
    /// the path is no folder.
    folders: HashMap<String, Option<Tree<'r>>>,
}

impl<'r> TreeFiles<'r> {
    pub(crate) fn new(repo: &'r Repository, root: Tree<'r>) -> TreeFiles<'r> {
        TreeFiles {
            repo,
            folders: HashMap::from([(String::new(), Some(root))]),
        }
    }

    /// The entry at `path` (`pnda/01-introduccion.md`), if the tree has one.
    pub(crate) fn entry(&mut self, path: &str) -> Option<TreeEntry<'static>> {
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        self.folder(folder)?
            .get_name(name)
            .map(|entry| entry.to_owned())
    }

    fn folder(&mut self, path: &str) -> Option<&Tree<'r>> {
        if !self.folders.contains_key(path) {
            let (parent, name) = path.rsplit_once('/').unwrap_or(("", path));
            let repo = self.repo;
            let tree = self
                .folder(parent)
                .and_then(|p| p.get_name(name))
                .filter(|e| e.kind() == Some(ObjectType::Tree))
                .and_then(|e| repo.find_tree(e.id()).ok());
            self.folders.insert(path.to_owned(), tree);
        }
        self.folders.get(path).and_then(Option::as_ref)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl TreeFiles<'_> {
        /// The blob at `path`, if the tree has a file there.
        fn blob_id(&mut self, path: &str) -> Option<git2::Oid> {
            self.entry(path)
                .filter(|e| e.kind() == Some(ObjectType::Blob))
                .map(|e| e.id())
        }
    }

    #[test]
    fn finds_files_in_nested_folders_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let blob = |text: &str| repo.blob(text.as_bytes()).unwrap();
        let mut inner = repo.treebuilder(None).unwrap();
        inner.insert("b.md", blob("b"), 0o100644).unwrap();
        let inner = inner.write().unwrap();
        let mut root = repo.treebuilder(None).unwrap();
        root.insert("a.md", blob("a"), 0o100644).unwrap();
        root.insert("sub", inner, 0o040000).unwrap();
        let root = repo.find_tree(root.write().unwrap()).unwrap();
        let mut files = TreeFiles::new(&repo, root);
        assert_eq!(files.blob_id("a.md"), Some(blob("a")));
        assert_eq!(files.blob_id("sub/b.md"), Some(blob("b")));
        assert_eq!(files.blob_id("sub"), None, "a folder is no file");
        assert!(files.entry("sub").is_some());
        assert_eq!(files.blob_id("sub/c.md"), None);
        assert_eq!(files.blob_id("a.md/x"), None, "a file is no folder");
        assert_eq!(files.blob_id("none/b.md"), None);
    }

    /// The work is one read per folder, not one per file: a thousand files
    /// in one folder read two trees (the root and the folder).
    #[test]
    fn each_folder_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let mut inner = repo.treebuilder(None).unwrap();
        for k in 0..1000 {
            let blob = repo.blob(format!("{k}").as_bytes()).unwrap();
            inner.insert(format!("f{k}.md"), blob, 0o100644).unwrap();
        }
        let inner = inner.write().unwrap();
        let mut root = repo.treebuilder(None).unwrap();
        root.insert("p", inner, 0o040000).unwrap();
        let root = repo.find_tree(root.write().unwrap()).unwrap();
        let mut files = TreeFiles::new(&repo, root);
        for k in 0..1000 {
            assert!(files.blob_id(&format!("p/f{k}.md")).is_some());
        }
        assert_eq!(files.folders.len(), 2);
    }
}
