//! The version strings `build.rs` decides by, parsed; shared with
//! `tests/link_layout.rs`, which checks them.

/// The minor version in `rustc --version`'s output: `rustc 1.95.0 (…)` → 95,
/// `rustc 1.96.0-nightly (…)` → 96. `None` for anything but Rust 1.x.
pub(crate) fn rustc_minor(output: &str) -> Option<u32> {
    let version = output.split_whitespace().nth(1)?;
    let mut parts = version.split('.');
    (parts.next()? == "1").then_some(())?;
    parts.next()?.parse().ok()
}

/// glibc's version in `getconf GNU_LIBC_VERSION`'s output: `glibc 2.36` →
/// (2, 36). `None` when the C library is not glibc (musl's getconf knows no
/// such variable) or the output is not understood.
pub(crate) fn glibc(output: &str) -> Option<(u32, u32)> {
    let version = output.trim().strip_prefix("glibc ")?;
    let mut parts = version.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts
        .next()?
        .trim_end_matches(|c: char| !c.is_ascii_digit());
    Some((major, minor.parse().ok()?))
}
