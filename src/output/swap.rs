//! Putting a new folder in the place of an old one with no moment when
//! neither is there: the two are exchanged in one step (Linux's
//! `renameat2(RENAME_EXCHANGE)`, macOS's `renameatx_np(RENAME_SWAP)`). Where
//! the system or the filesystem cannot, two renames do it (old aside, new in)
//! and the folder is missing between them.

use std::path::Path;

/// How the new folder took the old one's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Swap {
    /// In one step: the old folder is now at the new one's former path.
    Exchanged,
    /// Old aside, then new in: the old folder is now at `aside`.
    Renamed,
}

/// Puts the folder `new` in the place of the existing folder `target`.
/// `aside` (a path that does not exist, on the same filesystem) is where the
/// old folder goes when the exchange cannot be done in one step. On an error
/// `target` is as it was.
pub(crate) fn swap(new: &Path, target: &Path, aside: &Path) -> std::io::Result<Swap> {
    if exchange(new, target)? {
        return Ok(Swap::Exchanged);
    }
    std::fs::rename(target, aside)?;
    if let Err(e) = std::fs::rename(new, target) {
        let _ = std::fs::rename(aside, target);
        return Err(e);
    }
    Ok(Swap::Renamed)
}

/// Exchanges `a` and `b` in one step; `Ok(false)` when this system or this
/// filesystem cannot (the caller falls back to two renames).
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // No renameat2 (old kernel, seccomp), or a filesystem without
        // exchange (some network and FUSE filesystems).
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP | Errno::PERM) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    fn folder(path: &Path, text: &str) {
        std::fs::create_dir(path).unwrap();
        std::fs::write(path.join("index.html"), text).unwrap();
    }

    #[test]
    fn a_swap_puts_the_new_folder_in_and_keeps_the_old_one_apart() {
        let root = tempfile::tempdir().unwrap();
        let (target, new, aside) = (
            root.path().join("site"),
            root.path().join("new"),
            root.path().join("aside"),
        );
        folder(&target, "old");
        folder(&new, "new");
        let how = swap(&new, &target, &aside).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "new"
        );
        let old = match how {
            Swap::Exchanged => &new,
            Swap::Renamed => &aside,
        };
        assert_eq!(
            std::fs::read_to_string(old.join("index.html")).unwrap(),
            "old"
        );
    }

    #[test]
    fn a_failed_swap_leaves_the_target_as_it_was() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("site");
        folder(&target, "old");
        let missing = root.path().join("missing");
        assert!(swap(&missing, &target, &root.path().join("aside")).is_err());
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "old"
        );
    }

    /// A reader looking all the while never finds the folder missing.
    #[test]
    fn the_exchange_leaves_no_moment_without_the_folder() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("site");
        folder(&target, "0");
        let (a, b) = (root.path().join("probe-a"), root.path().join("probe-b"));
        folder(&a, "a");
        folder(&b, "b");
        if !exchange(&a, &b).unwrap_or(false) {
            println!("skipped: this filesystem cannot exchange two folders in one step");
            return;
        }
        let done = Arc::new(AtomicBool::new(false));
        let looks = Arc::new(AtomicUsize::new(0));
        let watcher = {
            let (target, done, looks) = (target.clone(), done.clone(), looks.clone());
            std::thread::spawn(move || {
                let mut missing = 0;
                while !done.load(Ordering::Relaxed) {
                    if !target.join("index.html").is_file() {
                        missing += 1;
                    }
                    looks.fetch_add(1, Ordering::Relaxed);
                }
                missing
            })
        };
        // The folders swapped out are removed only after the watcher stops:
        // a look that resolved `site` just before an exchange reads on in the
        // old folder, and removing it then would count as a gap that the
        // exchange did not leave (it failed so once in some hundred runs).
        let mut swapped_out = Vec::new();
        for round in 1..=300 {
            let new = root.path().join(format!("new-{round}"));
            folder(&new, &round.to_string());
            let how = swap(&new, &target, &root.path().join("aside")).unwrap();
            assert_eq!(how, Swap::Exchanged);
            swapped_out.push(new);
        }
        done.store(true, Ordering::Relaxed);
        let missing = watcher.join().unwrap();
        for old in swapped_out {
            std::fs::remove_dir_all(&old).unwrap();
        }
        assert!(looks.load(Ordering::Relaxed) > 0);
        assert_eq!(missing, 0, "the folder was missing {missing} times");
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "300"
        );
    }
}
