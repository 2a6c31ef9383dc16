//! Column arithmetic of the coordinate descent (dot products, weighted
//! squares, residual updates) in a fixed 16-lane order.
//!
//! Every sum is accumulated in 16 interleaved partial sums, combined by a
//! fixed pairwise tree, then the tail is added in order. The order does not
//! depend on the CPU: on x86-64 with AVX2 (detected at run time) the kernels
//! run as AVX2 intrinsics whose four 4-lane registers hold the 16 partial
//! sums, elsewhere as portable code; no fused multiply-add is used, so
//! every machine gets the same bits. (glmnet's Fortran sums sequentially; the difference is a
//! few ulps per sum, far inside the golden tolerances.)

const LANES: usize = 16;

/// Pairwise reduction of the 16 partial sums (fixed order).
#[inline(always)]
fn reduce(s: &[f64; LANES]) -> f64 {
    let mut h = [0.0; 8];
    for k in 0..8 {
        h[k] = s[k] + s[k + 8];
    }
    let q = [h[0] + h[4], h[1] + h[5], h[2] + h[6], h[3] + h[7]];
    (q[0] + q[2]) + (q[1] + q[3])
}

#[inline(always)]
fn dot_lanes(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut s = [0.0f64; LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..LANES {
            s[k] += x[k] * y[k];
        }
    }
    let mut t = reduce(&s);
    for (x, y) in ra.iter().zip(rb) {
        t += x * y;
    }
    t
}

#[inline(always)]
fn dot_wsq_lanes(r: &[f64], w: &[f64], x: &[f64]) -> (f64, f64) {
    let n = r.len().min(w.len()).min(x.len());
    let (r, w, x) = (&r[..n], &w[..n], &x[..n]);
    let (mut s, mut q) = ([0.0f64; LANES], [0.0f64; LANES]);
    let (cr, cw, cx) = (
        r.chunks_exact(LANES),
        w.chunks_exact(LANES),
        x.chunks_exact(LANES),
    );
    let (rr, rw, rx) = (cr.remainder(), cw.remainder(), cx.remainder());
    for ((r, w), x) in cr.zip(cw).zip(cx) {
        for k in 0..LANES {
            s[k] += r[k] * x[k];
            q[k] += w[k] * x[k] * x[k];
        }
    }
    let (mut ts, mut tq) = (reduce(&s), reduce(&q));
    for ((r, w), x) in rr.iter().zip(rw).zip(rx) {
        ts += r * x;
        tq += w * x * x;
    }
    (ts, tq)
}

#[inline(always)]
fn move_lanes(r: &mut [f64], del: f64, w: &[f64], x: &[f64]) {
    for (r, (&w, &x)) in r.iter_mut().zip(w.iter().zip(x)) {
        *r -= del * w * x;
    }
}

/// The column a kernel prefetches while it sweeps another (the column
/// the solver reads next): its address and size in bytes. Prefetches
/// never fault, so any address is harmless; [`Next::NONE`] prefetches
/// nothing.
#[derive(Clone, Copy, Debug)]
pub struct Next {
    ptr: *const u8,
    bytes: usize,
}

impl Next {
    /// Nothing to prefetch.
    pub const NONE: Next = Next {
        ptr: std::ptr::null(),
        bytes: 0,
    };

    /// A double-precision column.
    pub fn f64(c: &[f64]) -> Next {
        Next {
            ptr: c.as_ptr().cast(),
            bytes: std::mem::size_of_val(c),
        }
    }

    /// A single-precision column.
    pub fn f32(c: &[f32]) -> Next {
        Next {
            ptr: c.as_ptr().cast(),
            bytes: std::mem::size_of_val(c),
        }
    }
}

#[inline(always)]
fn dot32_lanes(r: &[f64], x: &[f32]) -> f64 {
    let n = r.len().min(x.len());
    let (r, x) = (&r[..n], &x[..n]);
    let mut s = [0.0f64; LANES];
    let (cr, cx) = (r.chunks_exact(LANES), x.chunks_exact(LANES));
    let (rr, rx) = (cr.remainder(), cx.remainder());
    for (r, x) in cr.zip(cx) {
        for k in 0..LANES {
            s[k] += r[k] * f64::from(x[k]);
        }
    }
    let mut t = reduce(&s);
    for (r, x) in rr.iter().zip(rx) {
        t += r * f64::from(*x);
    }
    t
}

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod avx2 {
    //! The same kernels written with AVX2 intrinsics (4 registers of 4
    //! lanes = the 16 partial sums, same reduction tree; no FMA, so the
    //! rounding is identical to the portable code).
    use std::arch::x86_64::*;

    /// Lanes `[a0+a2, a1+a3]` of the pairwise tree, then the final sum
    /// `(q0 + q2) + (q1 + q3)`.
    #[target_feature(enable = "avx2")]
    fn reduce(s: [__m256d; 4]) -> f64 {
        let q = _mm256_add_pd(_mm256_add_pd(s[0], s[2]), _mm256_add_pd(s[1], s[3]));
        let lo = _mm256_castpd256_pd128(q);
        let hi = _mm256_extractf128_pd::<1>(q);
        let pair = _mm_add_pd(lo, hi); // (q0 + q2, q1 + q3)
        _mm_cvtsd_f64(_mm_add_sd(pair, _mm_unpackhi_pd(pair, pair)))
    }

    /// Prefetches the two cache lines of `next` at byte `8 i` (row `i` of
    /// a double-precision column; a single-precision column is covered in
    /// the first half of the sweep); prefetches never fault.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn prefetch(next: super::Next, i: usize) {
        let off = 8 * i;
        if off < next.bytes {
            let p = next.ptr.wrapping_add(off).cast::<i8>();
            _mm_prefetch::<_MM_HINT_T0>(p);
            _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(64));
        }
    }

    #[target_feature(enable = "avx2")]
    pub(super) fn dot(a: &[f64], b: &[f64], next: super::Next) -> f64 {
        let n = a.len().min(b.len());
        let m = n - n % super::LANES;
        let mut s = [_mm256_setzero_pd(); 4];
        let (pa, pb) = (a.as_ptr(), b.as_ptr());
        let mut i = 0;
        while i < m {
            prefetch(next, i);
            for (k, acc) in s.iter_mut().enumerate() {
                // SAFETY: i + 4k + 3 < m <= n, within both slices
                let (x, y) = unsafe {
                    (
                        _mm256_loadu_pd(pa.add(i + 4 * k)),
                        _mm256_loadu_pd(pb.add(i + 4 * k)),
                    )
                };
                *acc = _mm256_add_pd(*acc, _mm256_mul_pd(x, y));
            }
            i += super::LANES;
        }
        prefetch(next, m);
        let mut t = reduce(s);
        for k in m..n {
            t += a[k] * b[k];
        }
        t
    }

    #[target_feature(enable = "avx2")]
    pub(super) fn dot_wsq(r: &[f64], w: &[f64], x: &[f64], next: super::Next) -> (f64, f64) {
        let n = r.len().min(w.len()).min(x.len());
        let m = n - n % super::LANES;
        let mut s = [_mm256_setzero_pd(); 4];
        let mut q = [_mm256_setzero_pd(); 4];
        let (pr, pw, px) = (r.as_ptr(), w.as_ptr(), x.as_ptr());
        let mut i = 0;
        while i < m {
            prefetch(next, i);
            for k in 0..4 {
                // SAFETY: i + 4k + 3 < m <= n, within all three slices
                let (rv, wv, xv) = unsafe {
                    (
                        _mm256_loadu_pd(pr.add(i + 4 * k)),
                        _mm256_loadu_pd(pw.add(i + 4 * k)),
                        _mm256_loadu_pd(px.add(i + 4 * k)),
                    )
                };
                s[k] = _mm256_add_pd(s[k], _mm256_mul_pd(rv, xv));
                q[k] = _mm256_add_pd(q[k], _mm256_mul_pd(_mm256_mul_pd(wv, xv), xv));
            }
            i += super::LANES;
        }
        prefetch(next, m);
        let (mut ts, mut tq) = (reduce(s), reduce(q));
        for k in m..n {
            ts += r[k] * x[k];
            tq += w[k] * x[k] * x[k];
        }
        (ts, tq)
    }

    #[target_feature(enable = "avx2")]
    pub(super) fn step(r: &mut [f64], del: f64, w: &[f64], x: &[f64]) {
        let n = r.len().min(w.len()).min(x.len());
        let m = n - n % 4;
        let d = _mm256_set1_pd(del);
        let (pr, pw, px) = (r.as_mut_ptr(), w.as_ptr(), x.as_ptr());
        let mut i = 0;
        while i < m {
            // SAFETY: i + 3 < m <= n, within all three slices
            unsafe {
                let xv = _mm256_loadu_pd(px.add(i));
                let wv = _mm256_loadu_pd(pw.add(i));
                let rv = _mm256_loadu_pd(pr.add(i));
                _mm256_storeu_pd(
                    pr.add(i),
                    _mm256_sub_pd(rv, _mm256_mul_pd(_mm256_mul_pd(d, wv), xv)),
                );
            }
            i += 4;
        }
        for k in m..n {
            r[k] -= del * w[k] * x[k];
        }
    }

    /// [`step`] on column `x`, then the gradient (and with `Q` the weighted
    /// square) of column `y` against the updated `r`, in one sweep.
    #[target_feature(enable = "avx2")]
    pub(super) fn step_dot<const Q: bool>(
        r: &mut [f64],
        del: f64,
        w: &[f64],
        x: &[f64],
        y: &[f64],
        next: super::Next,
    ) -> (f64, f64) {
        let n = r.len().min(w.len()).min(x.len()).min(y.len());
        let m = n - n % super::LANES;
        let d = _mm256_set1_pd(del);
        let mut s = [_mm256_setzero_pd(); 4];
        let mut q = [_mm256_setzero_pd(); 4];
        let (pr, pw, px, py) = (r.as_mut_ptr(), w.as_ptr(), x.as_ptr(), y.as_ptr());
        let mut i = 0;
        while i < m {
            prefetch(next, i);
            for k in 0..4 {
                let o = i + 4 * k;
                // SAFETY: o + 3 < m <= n, within all four slices (r is
                // the only &mut borrow; x, y, w are only read)
                unsafe {
                    let xv = _mm256_loadu_pd(px.add(o));
                    let wv = _mm256_loadu_pd(pw.add(o));
                    let rv = _mm256_sub_pd(
                        _mm256_loadu_pd(pr.add(o)),
                        _mm256_mul_pd(_mm256_mul_pd(d, wv), xv),
                    );
                    _mm256_storeu_pd(pr.add(o), rv);
                    let yv = _mm256_loadu_pd(py.add(o));
                    s[k] = _mm256_add_pd(s[k], _mm256_mul_pd(rv, yv));
                    if Q {
                        q[k] = _mm256_add_pd(q[k], _mm256_mul_pd(_mm256_mul_pd(wv, yv), yv));
                    }
                }
            }
            i += super::LANES;
        }
        prefetch(next, m);
        for k in m..n {
            r[k] -= del * w[k] * x[k];
        }
        let (mut ts, mut tq) = (reduce(s), reduce(q));
        for k in m..n {
            ts += r[k] * y[k];
            if Q {
                tq += w[k] * y[k] * y[k];
            }
        }
        (ts, tq)
    }

    /// `sum r_i y_i` with `y` in single precision (converted exactly to
    /// double), accumulated with fused multiply-adds: a screen, its
    /// rounding bounded by [`super::screen_error`], not a reproducible sum.
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn dot32(r: &[f64], y: &[f32], next: super::Next) -> f64 {
        let n = r.len().min(y.len());
        let m = n - n % super::LANES;
        let mut s = [_mm256_setzero_pd(); 4];
        let (pr, py) = (r.as_ptr(), y.as_ptr());
        let mut i = 0;
        while i < m {
            prefetch(next, i);
            for (k, acc) in s.iter_mut().enumerate() {
                let o = i + 4 * k;
                // SAFETY: o + 3 < m <= n, within both slices
                let (rv, yv) = unsafe {
                    (
                        _mm256_loadu_pd(pr.add(o)),
                        _mm256_cvtps_pd(_mm_loadu_ps(py.add(o))),
                    )
                };
                *acc = _mm256_fmadd_pd(rv, yv, *acc);
            }
            i += super::LANES;
        }
        prefetch(next, m);
        let mut t = reduce(s);
        for k in m..n {
            t += r[k] * f64::from(y[k]);
        }
        t
    }

    /// [`step`] on column `x` (no fused multiply-add: `r` as [`step`], bit
    /// for bit), then [`dot32`] of the single-precision column `y` against
    /// the updated `r`, in one sweep.
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn step_dot32(
        r: &mut [f64],
        del: f64,
        w: &[f64],
        x: &[f64],
        y: &[f32],
        next: super::Next,
    ) -> f64 {
        let n = r.len().min(w.len()).min(x.len()).min(y.len());
        let m = n - n % super::LANES;
        let d = _mm256_set1_pd(del);
        let mut s = [_mm256_setzero_pd(); 4];
        let (pr, pw, px, py) = (r.as_mut_ptr(), w.as_ptr(), x.as_ptr(), y.as_ptr());
        let mut i = 0;
        while i < m {
            prefetch(next, i);
            for (k, acc) in s.iter_mut().enumerate() {
                let o = i + 4 * k;
                // SAFETY: o + 3 < m <= n, within all four slices (r is
                // the only &mut borrow; x, y, w are only read)
                unsafe {
                    let xv = _mm256_loadu_pd(px.add(o));
                    let wv = _mm256_loadu_pd(pw.add(o));
                    let rv = _mm256_sub_pd(
                        _mm256_loadu_pd(pr.add(o)),
                        _mm256_mul_pd(_mm256_mul_pd(d, wv), xv),
                    );
                    _mm256_storeu_pd(pr.add(o), rv);
                    let yv = _mm256_cvtps_pd(_mm_loadu_ps(py.add(o)));
                    *acc = _mm256_fmadd_pd(rv, yv, *acc);
                }
            }
            i += super::LANES;
        }
        prefetch(next, m);
        for k in m..n {
            r[k] -= del * w[k] * x[k];
        }
        let mut t = reduce(s);
        for k in m..n {
            t += r[k] * f64::from(y[k]);
        }
        t
    }

    /// [`dot32`] of `y` and [`dot32`] of `z` against the same `r`, in one
    /// sweep.
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn dot32x2(r: &[f64], y: &[f32], z: &[f32], next: super::Next) -> (f64, f64) {
        let n = r.len().min(y.len()).min(z.len());
        let m = n - n % super::LANES;
        let mut s = [_mm256_setzero_pd(); 4];
        let mut t = [_mm256_setzero_pd(); 4];
        let (pr, py, pz) = (r.as_ptr(), y.as_ptr(), z.as_ptr());
        let mut i = 0;
        while i < m {
            prefetch(next, i);
            for k in 0..4 {
                let o = i + 4 * k;
                // SAFETY: o + 3 < m <= n, within all three slices
                unsafe {
                    let rv = _mm256_loadu_pd(pr.add(o));
                    let yv = _mm256_cvtps_pd(_mm_loadu_ps(py.add(o)));
                    let zv = _mm256_cvtps_pd(_mm_loadu_ps(pz.add(o)));
                    s[k] = _mm256_fmadd_pd(rv, yv, s[k]);
                    t[k] = _mm256_fmadd_pd(rv, zv, t[k]);
                }
            }
            i += super::LANES;
        }
        prefetch(next, m);
        let (mut ts, mut tt) = (reduce(s), reduce(t));
        for k in m..n {
            ts += r[k] * f64::from(y[k]);
            tt += r[k] * f64::from(z[k]);
        }
        (ts, tt)
    }

    /// [`dot32`] of `y`, and the double-precision gradient of `x` (and with
    /// `Q` its weighted square) against the same `r` in [`dot_wsq`]'s order
    /// and rounding (no fused multiply-add there), in one sweep.
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn dot32_dot<const Q: bool>(
        r: &[f64],
        w: &[f64],
        y: &[f32],
        x: &[f64],
        next: super::Next,
    ) -> (f64, f64, f64) {
        let n = r.len().min(w.len()).min(y.len()).min(x.len());
        let m = n - n % super::LANES;
        let mut s = [_mm256_setzero_pd(); 4];
        let mut g = [_mm256_setzero_pd(); 4];
        let mut q = [_mm256_setzero_pd(); 4];
        let (pr, pw, py, px) = (r.as_ptr(), w.as_ptr(), y.as_ptr(), x.as_ptr());
        let mut i = 0;
        while i < m {
            prefetch(next, i);
            for k in 0..4 {
                let o = i + 4 * k;
                // SAFETY: o + 3 < m <= n, within all four slices
                unsafe {
                    let rv = _mm256_loadu_pd(pr.add(o));
                    let yv = _mm256_cvtps_pd(_mm_loadu_ps(py.add(o)));
                    let xv = _mm256_loadu_pd(px.add(o));
                    s[k] = _mm256_fmadd_pd(rv, yv, s[k]);
                    g[k] = _mm256_add_pd(g[k], _mm256_mul_pd(rv, xv));
                    if Q {
                        let wv = _mm256_loadu_pd(pw.add(o));
                        q[k] = _mm256_add_pd(q[k], _mm256_mul_pd(_mm256_mul_pd(wv, xv), xv));
                    }
                }
            }
            i += super::LANES;
        }
        prefetch(next, m);
        let (mut ts, mut tg, mut tq) = (reduce(s), reduce(g), reduce(q));
        for k in m..n {
            ts += r[k] * f64::from(y[k]);
            tg += r[k] * x[k];
            if Q {
                tq += w[k] * x[k] * x[k];
            }
        }
        (ts, tg, tq)
    }

    /// Whether the CPU has FMA besides AVX2 (the screen kernels).
    #[inline(always)]
    pub(super) fn available_fma() -> bool {
        available() && std::arch::is_x86_feature_detected!("fma")
    }

    /// Whether the CPU has AVX2 (cached by std after the first call).
    #[inline(always)]
    pub(super) fn available() -> bool {
        std::arch::is_x86_feature_detected!("avx2")
    }

    // SAFETY (all the wrappers below): they are only called after
    // `available()` returned true, so the CPU supports every instruction
    // the `avx2` functions use.
    #[inline(always)]
    pub(super) fn call_dot(a: &[f64], b: &[f64], next: super::Next) -> f64 {
        unsafe { dot(a, b, next) }
    }
    #[inline(always)]
    pub(super) fn call_dot_wsq(r: &[f64], w: &[f64], x: &[f64], next: super::Next) -> (f64, f64) {
        unsafe { dot_wsq(r, w, x, next) }
    }
    // SAFETY (the four below): only called after `available_fma()` returned
    // true (AVX2 and FMA).
    #[inline(always)]
    pub(super) fn call_dot32x2(r: &[f64], y: &[f32], z: &[f32], next: super::Next) -> (f64, f64) {
        unsafe { dot32x2(r, y, z, next) }
    }
    #[inline(always)]
    pub(super) fn call_dot32_dot<const Q: bool>(
        r: &[f64],
        w: &[f64],
        y: &[f32],
        x: &[f64],
        next: super::Next,
    ) -> (f64, f64, f64) {
        unsafe { dot32_dot::<Q>(r, w, y, x, next) }
    }
    #[inline(always)]
    pub(super) fn call_dot32(r: &[f64], y: &[f32], next: super::Next) -> f64 {
        unsafe { dot32(r, y, next) }
    }
    #[inline(always)]
    pub(super) fn call_step_dot32(
        r: &mut [f64],
        del: f64,
        w: &[f64],
        x: &[f64],
        y: &[f32],
        next: super::Next,
    ) -> f64 {
        unsafe { step_dot32(r, del, w, x, y, next) }
    }
    #[inline(always)]
    pub(super) fn call_step_dot<const Q: bool>(
        r: &mut [f64],
        del: f64,
        w: &[f64],
        x: &[f64],
        y: &[f64],
        next: super::Next,
    ) -> (f64, f64) {
        unsafe { step_dot::<Q>(r, del, w, x, y, next) }
    }
    #[inline(always)]
    pub(super) fn call_step(r: &mut [f64], del: f64, w: &[f64], x: &[f64]) {
        unsafe { step(r, del, w, x) }
    }
}

/// `sum_i a_i b_i` over the common length, in the fixed 16-lane order.
#[inline]
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    dot_then(a, b, Next::NONE)
}

/// [`dot`], prefetching `next` (the column to be read next) into cache
/// meanwhile. Same bits as [`dot`].
#[inline]
pub fn dot_then(a: &[f64], b: &[f64], next: Next) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if avx2::available() {
        return avx2::call_dot(a, b, next);
    }
    let _ = next;
    dot_lanes(a, b)
}

/// `(sum_i r_i x_i, sum_i w_i x_i^2)` in one sweep over `x` (the first
/// sum equals [`dot`] bit for bit), prefetching `next`.
#[inline]
pub fn dot_wsq(r: &[f64], w: &[f64], x: &[f64], next: Next) -> (f64, f64) {
    #[cfg(target_arch = "x86_64")]
    if avx2::available() {
        return avx2::call_dot_wsq(r, w, x, next);
    }
    let _ = next;
    dot_wsq_lanes(r, w, x)
}

/// One coordinate move on the working residuals: `r_i -= (del * w_i) * x_i`
/// (elementwise). The linear predictor is not touched: the solver brings
/// it up to date once per quadratic approximation (`Solver::sync_f`).
#[inline]
pub fn step(r: &mut [f64], del: f64, w: &[f64], x: &[f64]) {
    #[cfg(target_arch = "x86_64")]
    if avx2::available() {
        return avx2::call_step(r, del, w, x);
    }
    move_lanes(r, del, w, x)
}

/// [`step`] on column `x`, then `(dot(r, y), sum w y^2)` of the next
/// column `y` against the updated `r` (the second sum only with `Q`,
/// else 0), in one sweep; prefetches `next`. Same bits as [`step`]
/// followed by [`dot_wsq`].
#[inline]
pub fn step_dot<const Q: bool>(
    r: &mut [f64],
    del: f64,
    w: &[f64],
    x: &[f64],
    y: &[f64],
    next: Next,
) -> (f64, f64) {
    #[cfg(target_arch = "x86_64")]
    if avx2::available() {
        return avx2::call_step_dot::<Q>(r, del, w, x, y, next);
    }
    let _ = next;
    move_lanes(r, del, w, x);
    if Q {
        dot_wsq_lanes(r, w, y)
    } else {
        (dot_lanes(r, y), 0.0)
    }
}

/// The screen of a gradient from the single-precision copy `y` of a
/// column: `sum_i r_i y_i`, summed in double precision in no promised
/// order (fused multiply-adds where the CPU has them). With
/// [`screen_error`] it bounds the double-precision gradient [`dot`]`(r, x)`
/// of the column `x` that `y` rounds. Prefetches `next`.
#[inline]
pub fn dot32(r: &[f64], y: &[f32], next: Next) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if avx2::available_fma() {
        return avx2::call_dot32(r, y, next);
    }
    let _ = next;
    dot32_lanes(r, y)
}

/// [`step`] on column `x`, then [`dot32`] of `y` against the updated `r`,
/// in one sweep; prefetches `next`. `r` comes out as from [`step`], bit for
/// bit.
#[inline]
pub fn step_dot32(r: &mut [f64], del: f64, w: &[f64], x: &[f64], y: &[f32], next: Next) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if avx2::available_fma() {
        return avx2::call_step_dot32(r, del, w, x, y, next);
    }
    let _ = next;
    move_lanes(r, del, w, x);
    dot32_lanes(r, y)
}

/// [`dot32`] of `y` and of `z` against the same `r`, in one sweep;
/// prefetches `next`.
#[inline]
pub fn dot32x2(r: &[f64], y: &[f32], z: &[f32], next: Next) -> (f64, f64) {
    #[cfg(target_arch = "x86_64")]
    if avx2::available_fma() {
        return avx2::call_dot32x2(r, y, z, next);
    }
    let _ = next;
    (dot32_lanes(r, y), dot32_lanes(r, z))
}

/// `(dot32(r, y), dot(r, x), q)` in one sweep, `q = sum w x^2` as
/// [`dot_wsq`] with `Q` (else 0): the screen of one column and the exact
/// gradient of the next, the latter bit for bit as [`dot`] / [`dot_wsq`].
/// Prefetches `next`.
#[inline]
pub fn dot32_dot<const Q: bool>(
    r: &[f64],
    w: &[f64],
    y: &[f32],
    x: &[f64],
    next: Next,
) -> (f64, f64, f64) {
    #[cfg(target_arch = "x86_64")]
    if avx2::available_fma() {
        return avx2::call_dot32_dot::<Q>(r, w, y, x, next);
    }
    let _ = next;
    let s = dot32_lanes(r, y);
    if Q {
        let (g, q) = dot_wsq_lanes(r, w, x);
        (s, g, q)
    } else {
        (s, dot_lanes(r, x), 0.0)
    }
}

/// An upper bound of `|dot32(r, y) - dot(r, x)|` over `n` rows when every
/// `y_i` is `x_i` rounded to single precision, normal or zero (relative
/// error <= u = 2^-24), and `norms >= ||y|| ||r||` (Euclidean norms; a
/// computed product, or an upper bound of one).
///
/// With `S = sum x_i r_i` and `S~ = sum y_i r_i` (exact sums),
/// `|S~ - S| <= u sum |x_i r_i| <= u/(1-u) sum |y_i r_i|`; each computed
/// sum of `n` products, in any order, with or without fused multiply-adds,
/// is within `gamma_(n+1) = (n+1) eps/2 / (1 - (n+1) eps/2)` of its
/// absolute sum (Higham 2002, §3.1); and `sum |y_i r_i| <= ||y|| ||r||`.
/// So the difference is at most `(u/(1-u) + 2.01 gamma_(n+1)) ||y|| ||r||`;
/// `(1.3e-7 + 4 (n + 2) eps) norms` is twice that (for n below 10^12),
/// the factor 2 covering the rounding of `norms` itself.
#[inline]
pub fn screen_error(norms: f64, n: usize) -> f64 {
    norms * (1.3e-7 + 4.0 * (n as f64 + 2.0) * f64::EPSILON)
}

/// Whether a column may be screened in single precision: every value
/// rounds to a normal `f32` or is zero (so [`screen_error`]'s relative
/// bound holds), with a margin below `f32::MAX`.
pub fn screenable(x: &[f64]) -> bool {
    x.iter().all(|&v| {
        let a = v.abs();
        a == 0.0 || (f64::from(f32::MIN_POSITIVE)..=1e38).contains(&a)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_match_portable_bits() {
        for n in [0usize, 1, 5, 15, 16, 17, 33, 500] {
            let a: Vec<f64> = (0..n).map(|i| ((i * 37 % 11) as f64 - 5.3) / 7.0).collect();
            let b: Vec<f64> = (0..n)
                .map(|i| ((i * 13 % 17) as f64 + 0.1).sqrt())
                .collect();
            assert_eq!(dot(&a, &b).to_bits(), dot_lanes(&a, &b).to_bits());
            let (d, q) = dot_wsq(&a, &b, &a, Next::f64(&b));
            assert_eq!(
                dot_then(&a, &b, Next::f64(&a)).to_bits(),
                dot(&a, &b).to_bits()
            );
            let (dl, ql) = dot_wsq_lanes(&a, &b, &a);
            assert_eq!((d.to_bits(), q.to_bits()), (dl.to_bits(), ql.to_bits()));
            assert_eq!(d.to_bits(), dot(&a, &a).to_bits());
            let wq: f64 = b.iter().zip(&a).map(|(w, x)| w * x * x).sum();
            assert!((q - wq).abs() <= 1e-12 * (1.0 + wq.abs()));
            let naive: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((dot(&a, &b) - naive).abs() <= 1e-12 * (1.0 + naive.abs()));
            let (mut r1, mut r2) = (a.clone(), a.clone());
            step(&mut r1, 0.7, &a, &b);
            move_lanes(&mut r2, 0.7, &a, &b);
            assert_eq!(&r1, &r2);
            let (g, q) = step_dot::<true>(&mut r1, -0.3, &b, &a, &b, Next::f64(&a));
            move_lanes(&mut r2, -0.3, &b, &a);
            assert_eq!(&r1, &r2);
            let (g2, q2) = dot_wsq_lanes(&r2, &b, &b);
            assert_eq!((g.to_bits(), q.to_bits()), (g2.to_bits(), q2.to_bits()));
            let (g, q) = step_dot::<false>(&mut r1, 0.9, &a, &b, &a, Next::NONE);
            move_lanes(&mut r2, 0.9, &a, &b);
            assert_eq!((&r1, q), (&r2, 0.0));
            assert_eq!(g.to_bits(), dot_lanes(&r2, &a).to_bits());
            // the single-precision screen: step_dot32 moves r as step does
            let a32: Vec<f32> = a.iter().map(|&v| v as f32).collect();
            let s = step_dot32(&mut r1, 0.4, &b, &a, &a32, Next::f32(&a32));
            move_lanes(&mut r2, 0.4, &b, &a);
            assert_eq!(&r1, &r2);
            let s0 = dot32_lanes(&r2, &a32);
            let tol = 1e-12
                * (1.0
                    + r2.iter()
                        .zip(&a32)
                        .map(|(r, y)| (r * f64::from(*y)).abs())
                        .sum::<f64>());
            assert!((s - s0).abs() <= tol);
            assert!((dot32(&r2, &a32, Next::NONE) - s0).abs() <= tol);
            let b32: Vec<f32> = b.iter().map(|&v| v as f32).collect();
            let (s1, s2) = dot32x2(&r2, &a32, &b32, Next::NONE);
            assert!((s1 - s0).abs() <= tol);
            let tol2 = 1e-12
                * (1.0
                    + r2.iter()
                        .zip(&b32)
                        .map(|(r, y)| (r * f64::from(*y)).abs())
                        .sum::<f64>());
            assert!((s2 - dot32_lanes(&r2, &b32)).abs() <= tol2);
            let (s3, g3, q3) = dot32_dot::<true>(&r2, &b, &a32, &a, Next::NONE);
            assert!((s3 - s0).abs() <= tol);
            let (g4, q4) = dot_wsq_lanes(&r2, &b, &a);
            assert_eq!((g3.to_bits(), q3.to_bits()), (g4.to_bits(), q4.to_bits()));
            let (_, g5, q5) = dot32_dot::<false>(&r2, &b, &a32, &b, Next::NONE);
            assert_eq!((g5.to_bits(), q5), (dot_lanes(&r2, &b).to_bits(), 0.0));
        }
    }

    /// The screen's bound holds, and is tight enough to be useful, over
    /// columns of every scale and sign pattern, including cancellation.
    #[test]
    fn screen_bound_holds() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut unif = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut worst: f64 = 0.0;
        for trial in 0..400 {
            let n = 1 + trial % 700;
            let scale = 10f64.powi((trial % 13) as i32 - 6);
            let x: Vec<f64> = (0..n).map(|_| scale * (unif() - 0.5)).collect();
            // residuals nearly orthogonal to x for some trials (cancellation)
            let mut r: Vec<f64> = (0..n).map(|_| unif() - 0.5).collect();
            if trial % 2 == 0 {
                let (xr, xx) = (dot(&x, &r), dot(&x, &x));
                r.iter_mut().zip(&x).for_each(|(r, x)| *r -= xr / xx * x);
            }
            assert!(screenable(&x));
            let y: Vec<f32> = x.iter().map(|&v| v as f32).collect();
            let s = dot32(&r, &y, Next::NONE);
            let norm = |v: &mut dyn Iterator<Item = f64>| v.map(|d| d * d).sum::<f64>().sqrt();
            let norms = norm(&mut y.iter().map(|&v| f64::from(v))) * norm(&mut r.iter().copied());
            let exact = dot(&r, &x);
            let err = (s - exact).abs();
            let bound = screen_error(norms, n);
            assert!(err <= bound, "n = {n}: {err} > {bound}");
            worst = worst.max(err / bound);
        }
        // the bound is not vacuous: errors reach a fair fraction of it
        assert!(worst > 1e-4, "worst ratio {worst}");
        assert!(!screenable(&[1.0, 1e-40]));
        assert!(!screenable(&[1e39]));
        assert!(screenable(&[0.0, -1e-30, 3.0]));
    }
}
