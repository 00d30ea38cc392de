//! Giving freed memory back to the system during a long run.

/// Returns the free pages inside the C allocator's heaps to the system.
///
/// glibc keeps what a program frees for its next allocations and gives back
/// only the free space at the top of a heap. A history of a thousand commits
/// reads and parses each commit's megabyte of text and frees it among the
/// small blocks the history keeps, so its resident size grew by megabytes per
/// hundred commits that held nothing live. `malloc_trim` releases the free
/// pages in the middle of every heap too. Elsewhere (another C library or
/// system) it does nothing.
pub(crate) fn release_free_pages() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: malloc_trim takes no pointer, only a size, and glibc makes
        // it safe to call from any thread at any time (it locks each arena).
        unsafe {
            malloc_trim(0);
        }
    }
}
