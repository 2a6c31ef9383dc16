//! 64-byte aligned `f64` storage for the coordinate-descent sweeps.
//!
//! The AVX2 kernels load 32 bytes at a time; a load that straddles two
//! cache lines costs about twice as much on current x86 cores, and the
//! allocator only promises 16-byte alignment. Measured on this project's
//! 2-core AMD EPYC (Zen 3) with 500-row columns: a fused move + gradient
//! takes ~100 ns when the columns start on a 64-byte boundary and
//! 140–215 ns when they start 8 or 16 bytes off. So the solver keeps its
//! working vectors and the standardised columns here: each buffer starts
//! on a 64-byte boundary and each column on a multiple of 8 values.
//! The arithmetic is unchanged (same values, same order): only addresses move.
//!
//! Buffers of 4 MiB and more (the standardised matrix) are mapped directly
//! on Linux, 2 MiB aligned, with transparent huge pages requested
//! (`madvise(MADV_HUGEPAGE)`; the system default here is `madvise`, i.e.
//! none unless asked). A sweep over the strong set reads some hundreds to a
//! thousand columns of 4 KB scattered over the matrix: with 4 KiB pages that
//! is one TLB entry per column, more than the L1 TLB holds, and each miss is
//! a two-level page walk inside a virtual machine. Measured on the 500 ×
//! 5,000 benchmark path (interleaved with the heap-backed build, this VM):
//! 2.76 → 2.32 s mean of 12 (`bench/lasso/README.md`). Where huge pages are
//! unavailable the advice is ignored and the buffer works as before.

use std::ops::{Deref, DerefMut};

/// Values per 64-byte cache line.
const LINE: usize = 8;

/// A zero-initialised `f64` buffer whose first element is 64-byte aligned:
/// an over-allocated `Vec` and an offset into it (the heap block never moves
/// because the `Vec` is never grown), or, for large buffers on Linux, a
/// huge-page mapping.
#[derive(Debug)]
pub(crate) struct AlignedVec {
    store: Store,
    off: usize,
    len: usize,
}

#[derive(Debug)]
enum Store {
    Heap(Vec<f64>),
    #[cfg(target_os = "linux")]
    Mapped(huge::Mapping),
}

impl AlignedVec {
    /// `len` zeros starting on a 64-byte boundary (2 MiB for buffers of
    /// [`huge::MIN_BYTES`] and more on Linux, backed by huge pages where the
    /// system grants them).
    pub(crate) fn zeros(len: usize) -> Self {
        #[cfg(target_os = "linux")]
        if len.saturating_mul(std::mem::size_of::<f64>()) >= huge::MIN_BYTES
            && let Some(m) = huge::Mapping::zeros(len)
        {
            return AlignedVec {
                store: Store::Mapped(m),
                off: 0,
                len,
            };
        }
        let buf = vec![0.0; len + LINE];
        let addr = buf.as_ptr() as usize;
        let off = ((64 - addr % 64) % 64) / std::mem::size_of::<f64>();
        AlignedVec {
            store: Store::Heap(buf),
            off,
            len,
        }
    }
}

impl Deref for AlignedVec {
    type Target = [f64];
    fn deref(&self) -> &[f64] {
        match &self.store {
            Store::Heap(b) => &b[self.off..self.off + self.len],
            #[cfg(target_os = "linux")]
            Store::Mapped(m) => m.as_slice(),
        }
    }
}

impl DerefMut for AlignedVec {
    fn deref_mut(&mut self) -> &mut [f64] {
        match &mut self.store {
            Store::Heap(b) => &mut b[self.off..self.off + self.len],
            #[cfg(target_os = "linux")]
            Store::Mapped(m) => m.as_mut_slice(),
        }
    }
}

/// A zero-initialised `f32` buffer on the same terms as [`AlignedVec`]
/// (64-byte aligned start; huge pages for 4 MiB and more): the
/// single-precision copy of the standardised columns that screens
/// zero coefficients. It lives in an `AlignedVec` of half as many `f64`s.
#[derive(Debug)]
pub(crate) struct AlignedF32 {
    buf: AlignedVec,
    len: usize,
}

impl AlignedF32 {
    /// `len` zeros starting on a 64-byte boundary.
    pub(crate) fn zeros(len: usize) -> Self {
        AlignedF32 {
            buf: AlignedVec::zeros(len.div_ceil(2)),
            len,
        }
    }
}

#[allow(unsafe_code)]
impl Deref for AlignedF32 {
    type Target = [f32];
    fn deref(&self) -> &[f32] {
        // SAFETY: the `f64` buffer holds `2 * buf.len() >= len` `f32`s
        // (same allocation, alignment 64 >= 4); every bit pattern is a valid
        // `f32` (zero bits are +0.0); borrowed with `self`.
        unsafe { std::slice::from_raw_parts(self.buf.as_ptr().cast::<f32>(), self.len) }
    }
}

#[allow(unsafe_code)]
impl DerefMut for AlignedF32 {
    fn deref_mut(&mut self) -> &mut [f32] {
        // SAFETY: as `deref`, exclusively borrowed with `self`.
        unsafe { std::slice::from_raw_parts_mut(self.buf.as_mut_ptr().cast::<f32>(), self.len) }
    }
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod huge {
    //! An anonymous private mapping, 2 MiB aligned, with
    //! `MADV_HUGEPAGE` advice, freed on drop.

    /// Buffers from this size up get their own mapping.
    pub(super) const MIN_BYTES: usize = 4 << 20;
    /// The x86-64 / aarch64 (4 KiB base pages) transparent huge page size.
    const HUGE: usize = 2 << 20;

    #[derive(Debug)]
    pub(super) struct Mapping {
        /// start and length of the whole mapping (for `munmap`)
        base: *mut libc::c_void,
        mapped: usize,
        /// the 2 MiB aligned start of the values, and their count
        data: *mut f64,
        len: usize,
    }

    // SAFETY: the mapping is owned exclusively by this value (like a
    // `Vec`); shared access only reads through `&self`.
    unsafe impl Send for Mapping {}
    unsafe impl Sync for Mapping {}

    impl Mapping {
        /// `len` zero values, or `None` when the system refuses the mapping.
        pub(super) fn zeros(len: usize) -> Option<Mapping> {
            let bytes = len.checked_mul(std::mem::size_of::<f64>())?;
            let mapped = bytes.checked_add(HUGE)?;
            // SAFETY: a fresh anonymous private mapping (no address hint,
            // no file); the result is checked against MAP_FAILED.
            let base = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    mapped,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                    -1,
                    0,
                )
            };
            if base == libc::MAP_FAILED {
                return None;
            }
            let addr = base as usize;
            let skip = addr.next_multiple_of(HUGE) - addr;
            // SAFETY: skip < HUGE and skip + bytes <= mapped, so `data`
            // and the `bytes` after it lie inside the mapping.
            let data = unsafe { base.cast::<u8>().add(skip) }.cast::<f64>();
            let advised = bytes.next_multiple_of(HUGE).min(mapped - skip);
            // SAFETY: advice on a range inside our own mapping; it never
            // changes the contents (fresh anonymous pages read as zeros,
            // huge or not). A refusal (THP disabled) is harmless.
            unsafe {
                libc::madvise(data.cast(), advised, libc::MADV_HUGEPAGE);
            }
            Some(Mapping {
                base,
                mapped,
                data,
                len,
            })
        }

        pub(super) fn as_slice(&self) -> &[f64] {
            // SAFETY: `data` is 2 MiB aligned, inside the mapping, valid for
            // `len` values (zero-initialised by the kernel), and borrowed
            // with `self`.
            unsafe { std::slice::from_raw_parts(self.data, self.len) }
        }

        pub(super) fn as_mut_slice(&mut self) -> &mut [f64] {
            // SAFETY: as `as_slice`, exclusively borrowed with `self`.
            unsafe { std::slice::from_raw_parts_mut(self.data, self.len) }
        }
    }

    impl Drop for Mapping {
        fn drop(&mut self) {
            // SAFETY: unmaps exactly the mapping created in `zeros`, once.
            unsafe {
                libc::munmap(self.base, self.mapped);
            }
        }
    }
}

/// The column stride for `n` rows: `n` rounded up to whole cache lines, so
/// every column of a 64-byte aligned matrix starts on a cache line.
pub(crate) fn stride(n: usize) -> usize {
    n.div_ceil(LINE) * LINE
}

/// [`stride`] for `f32` columns (16 values per cache line).
pub(crate) fn stride32(n: usize) -> usize {
    n.div_ceil(2 * LINE) * (2 * LINE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_and_zeroed() {
        for len in [0usize, 1, 7, 8, 9, 500, 4096] {
            let mut a = AlignedVec::zeros(len);
            assert_eq!(a.len(), len);
            assert!(a.iter().all(|&v| v == 0.0));
            if len > 0 {
                assert_eq!(a.as_ptr() as usize % 64, 0);
                a[len - 1] = 3.0;
                assert_eq!(a[len - 1], 3.0);
            }
        }
        // the huge-page mapping: zeroed, writable, 2 MiB aligned on Linux
        let big = (4 << 20) / 8 + 3;
        let mut a = AlignedVec::zeros(big);
        assert_eq!(a.len(), big);
        assert!(a.iter().all(|&v| v == 0.0));
        a[big - 1] = 2.0;
        a[0] = 1.0;
        assert_eq!((a[0], a[big - 1]), (1.0, 2.0));
        assert_eq!(a.as_ptr() as usize % 64, 0);
        #[cfg(target_os = "linux")]
        assert_eq!(a.as_ptr() as usize % (2 << 20), 0);
        assert_eq!(
            (stride(0), stride(1), stride(8), stride(500)),
            (0, 8, 8, 504)
        );
        assert_eq!((stride32(0), stride32(1), stride32(500)), (0, 16, 512));
        for len in [0usize, 1, 3, 500, (4 << 20) / 4 + 5] {
            let mut a = AlignedF32::zeros(len);
            assert_eq!(a.len(), len);
            assert!(a.iter().all(|&v| v == 0.0));
            if len > 0 {
                assert_eq!(a.as_ptr() as usize % 64, 0);
                a[len - 1] = 1.5;
                assert_eq!(a[len - 1], 1.5);
            }
        }
    }
}
