//! The linker's inputs that build.rs passes (see its doc): the list of hot
//! functions is one symbol a line, and the versions build.rs decides by are
//! read as they are printed.

#[path = "../link/versions.rs"]
mod versions;

use std::collections::HashSet;

#[test]
fn the_hot_function_list_is_one_mangled_symbol_a_line() {
    let list = include_str!("../link/hot-functions.txt");
    let mut seen = HashSet::new();
    let mut names = 0;
    for (n, line) in list.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        names += 1;
        // LLD reads a line as one symbol name; `#` starts a comment.
        assert!(
            !line.is_empty()
                && line
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && b != b'#' && b != b'\\'),
            "line {}: {line:?} is not one symbol name",
            n + 1
        );
        assert!(seen.insert(line), "line {}: {line} is listed twice", n + 1);
    }
    // A diff runs over a thousand functions; a list cut short by a failed
    // run of bench/hot-functions.py would leave most of them scattered.
    assert!(names > 500, "only {names} functions listed");
    // The functions of the diff itself are among them (by their Rust path,
    // which a new compiler keeps while it renames the hash).
    for path in ["6cotejo4main", "14split_sections", "19diff_changed_bodies"] {
        assert!(list.contains(path), "no function with {path} in the list");
    }
}

#[test]
fn rustc_versions_are_read_as_printed() {
    assert_eq!(
        versions::rustc_minor("rustc 1.95.0 (59807616e 2026-04-14)\n"),
        Some(95)
    );
    assert_eq!(
        versions::rustc_minor("rustc 1.96.0-nightly (abc 2026-05-01)"),
        Some(96)
    );
    assert_eq!(versions::rustc_minor("rustc 2.0.0"), None);
    assert_eq!(versions::rustc_minor(""), None);
}

#[test]
fn glibc_versions_are_read_as_printed() {
    assert_eq!(versions::glibc("glibc 2.36\n"), Some((2, 36)));
    assert_eq!(versions::glibc("glibc 2.31"), Some((2, 31)));
    assert_eq!(versions::glibc("glibc 2.39.9000"), Some((2, 39)));
    // musl's getconf does not know the variable and prints nothing.
    assert_eq!(versions::glibc(""), None);
    assert_eq!(versions::glibc("musl 1.2.4"), None);
}
