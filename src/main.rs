//! The `prognos` binary: a thin front door over the library.

fn main() -> std::process::ExitCode {
    tune_allocator();
    prognos::cli::main()
}

/// glibc's malloc serves large blocks (over 128 KiB at first) from fresh
/// `mmap`s and hands them back on `free`, and gives every thread its own
/// arena: each big buffer of a fit (sort keys, the sorted design, the
/// concordance's tree) then costs a page fault per 4 KiB touched, about
/// 2 µs each on a virtual machine, even when the table reader has just freed
/// as much memory. One arena that keeps what it is given back lets a fit
/// reuse the reader's pages: `cox` on 100,000 × 10 rows takes 0.038 s
/// instead of 0.053 s, a 1,000-replicate bootstrap C-index on 10,000 rows
/// 0.66 s instead of 0.85 s (`bench/README.md`). Blocks over 32 MiB are still mapped (and
/// returned) one by one. Numbers are unchanged: only where memory comes
/// from changes.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn tune_allocator() {
    // SAFETY: `mallopt` only sets parameters of glibc's allocator; it is
    // called before any thread exists and before any large allocation.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, i32::MAX);
    }
}

/// Other platforms keep their allocator's defaults.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}
