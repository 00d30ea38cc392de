//! How the `cotejo` binary is laid out by the linker, where the linker can be
//! told (x86-64 Linux, glibc, rustc's default LLD): nothing here changes what
//! the program does, only how much of the file a run has to map.
//!
//! - **Hot functions first** (`link/hot-functions.txt`, written by
//!   `bench/hot-functions.py`): the functions a `diff` runs are placed side by
//!   side at the start of the code instead of among the 8 MB of report, site,
//!   YAML and PDF code. The kernel maps a binary's code by the folio (up to
//!   hundreds of kilobytes on a recent kernel), so scattered hot code costs
//!   megabytes of resident memory for a run that executes a few hundred
//!   kilobytes.
//! - **Packed relative relocations** (`-z pack-relative-relocs`, DT_RELR):
//!   the 26,000 pointer fix-ups of a position-independent binary take 8 KB
//!   instead of 630 KB, which the loader reads whole at every start. The
//!   loader must know the format: glibc 2.36 or later, checked here.
//!
//! Together they take the peak memory of `cotejo diff` from 10 to 4.5 MiB on
//! two small files and from 31.6 to 26.3 MiB on the 5 MB bench pair
//! (bench/README.md, "The binary's layout").
//!
//! The list names functions by their mangled symbols, which a new compiler
//! or dependency version renames: a name the linker does not find is skipped
//! (no warning), so a stale list only makes the layout less good, never the
//! build fail. `COTEJO_PLAIN_LINK=1` turns both off.

use std::env;
use std::path::Path;
use std::process::Command;

#[path = "link/versions.rs"]
mod versions;

fn main() {
    let list = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap_or_default())
        .join("link")
        .join("hot-functions.txt");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", list.display());
    println!("cargo:rerun-if-env-changed=COTEJO_PLAIN_LINK");
    if env::var_os("COTEJO_PLAIN_LINK").is_some_and(|v| v != "0") || !links_with_lld() {
        return;
    }
    if list.is_file() {
        link_arg(&format!("--symbol-ordering-file={}", list.display()));
        link_arg("--no-warn-symbol-ordering");
    }
    if glibc_version().is_some_and(|v| v >= (2, 36)) {
        link_arg("-z");
        link_arg("pack-relative-relocs");
    }
}

fn link_arg(arg: &str) {
    println!("cargo:rustc-link-arg-bin=cotejo=-Wl,{arg}");
}

/// Whether rustc links this build with its own LLD: the default for
/// `x86_64-unknown-linux-gnu` since Rust 1.90, unless a linker is chosen in
/// the configuration or the flags (then the options may not be understood).
fn links_with_lld() -> bool {
    let target = env::var("TARGET").unwrap_or_default();
    if target != "x86_64-unknown-linux-gnu" || env::var("HOST").ok().as_ref() != Some(&target) {
        return false;
    }
    if env::var_os("RUSTC_LINKER").is_some() {
        return false;
    }
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    if ["linker", "fuse-ld", "link-self-contained"]
        .iter()
        .any(|f| flags.contains(f))
    {
        return false;
    }
    rustc_minor().is_some_and(|minor| minor >= 90)
}

/// The minor version of the compiler cargo runs (`1.95.0` → 95).
fn rustc_minor() -> Option<u32> {
    let out = Command::new(env::var_os("RUSTC")?)
        .arg("--version")
        .output()
        .ok()?;
    versions::rustc_minor(&String::from_utf8(out.stdout).ok()?)
}

/// The version of the C library the binary is linked against and will load
/// with; `None` when it is not glibc or cannot be told.
fn glibc_version() -> Option<(u32, u32)> {
    let out = Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .ok()?;
    versions::glibc(&String::from_utf8(out.stdout).ok()?)
}
