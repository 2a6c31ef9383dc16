//! The Cox kernels: one pass over the data sorted by stop time (within
//! strata) that accumulates the weighted risk-set sums, the log partial
//! likelihood with its first and second derivatives, and the Cholesky
//! helpers of R survival's `cholesky2`/`chsolve2` (zero pivots for singular
//! columns).
//!
//! Preconditions of every kernel: a [`CoxLayout`] (rows sorted by stratum,
//! then by stop time descending; covariates centred). The pass is
//! O(n·p²) and allocates nothing per row: for counting-process data it
//! uses the two-pointer scheme of R's `agfit4` (add rows as the sweep
//! reaches their stop time, remove them once it passes their start time).

use super::params::Ties;
use crate::timefix::order::{order_key, radix_sort};
use std::ops::Range;

/// Data sorted and centred once for all Newton–Raphson iterations.
#[derive(Debug, Clone)]
pub struct CoxLayout {
    /// Observations.
    pub n: usize,
    /// Covariates.
    pub p: usize,
    /// Centred covariates, row-major (`x[i * p + j]`), in sorted order.
    pub x: Vec<f64>,
    /// Stop times, sorted order.
    pub stop: Vec<f64>,
    /// Start times (counting process), sorted order.
    pub start: Option<Vec<f64>>,
    /// Events, sorted order.
    pub event: Vec<bool>,
    /// Case weights, sorted order.
    pub weight: Vec<f64>,
    /// Stratum index (0-based, dense) of each sorted row.
    pub stratum: Vec<usize>,
    /// Sorted positions of each stratum.
    pub strata: Vec<Range<usize>>,
    /// Sorted positions ordered by stratum, then start time descending
    /// (empty for right-censored data).
    pub start_order: Vec<usize>,
    /// Original row of each sorted position.
    pub orig: Vec<usize>,
    /// Column centres subtracted from `x` (R's `fit$means`).
    pub means: Vec<f64>,
}

impl CoxLayout {
    /// Sorts rows by (stratum, stop descending) and centres the covariates
    /// on `means`.
    ///
    /// `strata` are dense codes `0..k` (see [`dense_codes`]).
    pub fn new(
        time: &[f64],
        start: Option<&[f64]>,
        event: &[bool],
        x: &nalgebra::DMatrix<f64>,
        strata: &[usize],
        weight: &[f64],
        means: Vec<f64>,
    ) -> Self {
        let orig = sorted_order(time, strata);
        Self::from_order(orig, time, start, event, x, strata, weight, means)
    }

    /// [`CoxLayout::new`] given the rows ordered by stop time descending,
    /// ties in row order (e.g. from [`TimeSort::descending`]); the stable
    /// split by stratum is done here.
    pub(crate) fn with_time_order(
        desc: Vec<usize>,
        time: &[f64],
        event: &[bool],
        x: &nalgebra::DMatrix<f64>,
        strata: &[usize],
        weight: &[f64],
        means: Vec<f64>,
    ) -> Self {
        let orig = by_stratum(desc, strata);
        Self::from_order(orig, time, None, event, x, strata, weight, means)
    }

    /// The layout of the rows in the order `orig`.
    fn from_order(
        orig: Vec<usize>,
        time: &[f64],
        start: Option<&[f64]>,
        event: &[bool],
        x: &nalgebra::DMatrix<f64>,
        strata: &[usize],
        weight: &[f64],
        means: Vec<f64>,
    ) -> Self {
        let n = time.len();
        let p = x.ncols();
        // centred rows in data order (columns read in order, written in
        // cache-sized blocks), then whole rows gathered in sorted order:
        // two cache lines per random read instead of one per column; both
        // buffers are filled by appending (no zeroing of n·p values first)
        const BLOCK: usize = 2048;
        let xcols = x.as_slice();
        let mut block = vec![0.0; BLOCK.min(n) * p];
        let mut xr = Vec::with_capacity(n * p);
        for lo in (0..n).step_by(BLOCK) {
            let len = BLOCK.min(n - lo);
            let out = &mut block[..len * p];
            for j in 0..p {
                let m = means[j];
                let col = &xcols[j * n + lo..j * n + lo + len];
                for (row, &v) in out.chunks_exact_mut(p).zip(col) {
                    row[j] = v - m;
                }
            }
            xr.extend_from_slice(out);
        }
        let mut xs = Vec::with_capacity(n * p);
        for &i in &orig {
            xs.extend_from_slice(&xr[i * p..(i + 1) * p]);
        }
        let stop: Vec<f64> = orig.iter().map(|&i| time[i]).collect();
        let st: Option<Vec<f64>> = start.map(|s| orig.iter().map(|&i| s[i]).collect());
        let ev: Vec<bool> = orig.iter().map(|&i| event[i]).collect();
        let w: Vec<f64> = orig.iter().map(|&i| weight[i]).collect();
        let stratum: Vec<usize> = orig.iter().map(|&i| strata[i]).collect();
        let mut ranges = Vec::new();
        let mut lo = 0;
        for k in 1..=n {
            if k == n || stratum[k] != stratum[lo] {
                ranges.push(lo..k);
                lo = k;
            }
        }
        let start_order = match &st {
            Some(s) => {
                let mut o: Vec<usize> = (0..n).collect();
                o.sort_by(|&a, &b| stratum[a].cmp(&stratum[b]).then(s[b].total_cmp(&s[a])));
                o
            }
            None => Vec::new(),
        };
        CoxLayout {
            n,
            p,
            x: xs,
            stop,
            start: st,
            event: ev,
            weight: w,
            stratum,
            strata: ranges,
            start_order,
            orig,
            means,
        }
    }

    /// Row `k` (sorted order) of the centred covariates.
    #[inline]
    pub fn row(&self, k: usize) -> &[f64] {
        &self.x[k * self.p..(k + 1) * self.p]
    }

    /// Linear predictor `eta = x_c · beta` of every sorted row, into `eta`.
    pub fn linear_predictor(&self, beta: &[f64], eta: &mut [f64]) {
        for (k, e) in eta.iter_mut().enumerate() {
            *e = self.row(k).iter().zip(beta).map(|(a, b)| a * b).sum();
        }
    }
}

/// Values given per sorted position (`sorted[k]` for the row `orig[k]`,
/// see [`CoxLayout::orig`]) put back in data order.
pub(crate) fn to_data_order(orig: &[usize], sorted: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; sorted.len()];
    for (&v, &i) in sorted.iter().zip(orig) {
        out[i] = v;
    }
    out
}

/// Rows by stratum ascending, then stop time descending, ties in data order
/// (a stable sort): an LSD radix sort on the time, then a stable counting
/// sort on the stratum.
fn sorted_order(time: &[f64], strata: &[usize]) -> Vec<usize> {
    let n = time.len();
    debug_assert!(n <= u32::MAX as usize);
    let mut keys: Vec<(u64, u32)> = time
        .iter()
        .enumerate()
        .map(|(i, &t)| (!order_key(t), i as u32))
        .collect();
    radix_sort(&mut keys);
    by_stratum(keys.into_iter().map(|(_, i)| i as usize).collect(), strata)
}

/// `order` stably sorted by stratum (a counting sort; nothing to do with
/// one stratum).
fn by_stratum(order: Vec<usize>, strata: &[usize]) -> Vec<usize> {
    let k = strata.iter().max().map_or(0, |&m| m + 1);
    if k <= 1 {
        return order;
    }
    let mut start = vec![0usize; k + 1];
    for &s in strata {
        start[s + 1] += 1;
    }
    for j in 0..k {
        start[j + 1] += start[j];
    }
    let mut orig = vec![0usize; order.len()];
    for &i in &order {
        let s = strata[i];
        orig[start[s]] = i;
        start[s] += 1;
    }
    orig
}

/// One radix sort of right-censored times, shared by the merging of
/// near-equal times ([`crate::timefix`]), the layout and the concordance.
pub(crate) struct TimeSort {
    /// Rows by raw time ascending, ties in row order.
    order: Vec<u32>,
    /// The merged times (`aeq_surv`) in that order: still ascending.
    sorted: Vec<f64>,
}

impl TimeSort {
    /// Sorts `time` (finite) and merges near-equal values.
    pub(crate) fn new(time: &[f64]) -> Self {
        let (mut sorted, order) = crate::timefix::order::order_by_time(time);
        crate::timefix::aeq_sorted_in_place(&mut sorted);
        TimeSort { order, sorted }
    }

    /// The merged times in row order: `timefix::aeq_surv(time)`.
    pub(crate) fn merged(&self) -> Vec<f64> {
        let mut out = vec![0.0; self.order.len()];
        for (&t, &i) in self.sorted.iter().zip(&self.order) {
            out[i as usize] = t;
        }
        out
    }

    /// Rows by merged time descending, ties (equal merged times) in row
    /// order: what a stable sort on the merged times gives. `raw` is the
    /// time before merging.
    pub(crate) fn descending(&self, raw: &[f64]) -> Vec<usize> {
        let n = self.order.len();
        let mut out = Vec::with_capacity(n);
        let mut hi = n;
        while hi > 0 {
            let bits = self.sorted[hi - 1].to_bits();
            let mut lo = hi - 1;
            while lo > 0 && self.sorted[lo - 1].to_bits() == bits {
                lo -= 1;
            }
            let run = &self.order[lo..hi];
            let first = raw[run[0] as usize].to_bits();
            let last = raw[run[run.len() - 1] as usize].to_bits();
            let at = out.len();
            out.extend(run.iter().map(|&i| i as usize));
            if first != last {
                // distinct raw times merged into one: the run is ordered by
                // raw time, put it back in row order
                out[at..].sort_unstable();
            }
            hi = lo;
        }
        out
    }

    /// The merged times merged once more, their dense ranks and number:
    /// what the concordance computes from the merged times (survival
    /// applies `aeqSurv` again in `concordancefit`).
    pub(crate) fn merged_again(&self) -> (Vec<f64>, Vec<u32>, usize) {
        let mut s2 = self.sorted.clone();
        crate::timefix::aeq_sorted_in_place(&mut s2);
        let n = s2.len();
        let mut out = vec![0.0; n];
        let mut rank = vec![0u32; n];
        let mut r = 0u32;
        for (k, (&t, &i)) in s2.iter().zip(&self.order).enumerate() {
            if k > 0 && t != s2[k - 1] {
                r += 1;
            }
            out[i as usize] = t;
            rank[i as usize] = r;
        }
        (out, rank, if n == 0 { 0 } else { r as usize + 1 })
    }
}

/// Maps arbitrary codes to dense `0..k` codes in order of first sorted
/// appearance (sorted by code value).
pub fn dense_codes(codes: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let mut levels: Vec<usize> = codes.to_vec();
    levels.sort_unstable();
    levels.dedup();
    let dense = codes
        .iter()
        .map(|c| levels.binary_search(c).unwrap_or(0))
        .collect();
    (dense, levels)
}

/// The weighted sums over the risk set at one event time, handed to the
/// callback of [`sweep`].
///
/// With risk `r_i = w_i exp(eta_i)`: `denom = Σ r`, `a = Σ r x`,
/// `cmat = Σ r x xᵀ` (padded lower triangle, see [`tri_index`]) over the
/// risk set;
/// the `e_*` sums run over the rows with an event at `time` only.
pub struct RiskSet<'a> {
    /// Stratum index.
    pub stratum: usize,
    /// The event time.
    pub time: f64,
    /// Sorted positions of the rows with an event at `time`.
    pub deaths: &'a [usize],
    /// Σ r over the risk set.
    pub denom: f64,
    /// Σ r x over the risk set.
    pub a: &'a [f64],
    /// Σ r x xᵀ over the risk set (padded lower triangle, [`tri_index`];
    /// empty unless requested).
    pub cmat: &'a [f64],
    /// Σ r over the deaths.
    pub e_denom: f64,
    /// Σ r x over the deaths.
    pub e_a: &'a [f64],
    /// Σ r x xᵀ over the deaths (padded lower triangle, [`tri_index`];
    /// empty unless requested).
    pub e_cmat: &'a [f64],
    /// Σ w over the deaths.
    pub dead_w: f64,
}

/// Length of the packed lower triangle of a p×p matrix as the sweep
/// stores it: row `j` holds `l = 0..=j` padded to an even length (so that
/// every row is whole pairs, two products per vector operation).
#[inline]
pub fn tri_len(p: usize) -> usize {
    tri_row_start(p)
}

/// Start of row `j` of the padded triangle: rows `2k` and `2k + 1` both
/// have length `2k + 2`.
#[inline]
fn tri_row_start(j: usize) -> usize {
    let k = j / 2;
    if j.is_multiple_of(2) {
        2 * k * (k + 1)
    } else {
        2 * (k + 1) * (k + 1)
    }
}

/// Position of element `(j, l)`, `l <= j`, in the padded lower triangle
/// ([`tri_len`]).
#[inline]
pub fn tri_index(j: usize, l: usize) -> usize {
    debug_assert!(l <= j);
    tri_row_start(j) + l
}

/// Adds `sign · r` times row `x` to the sums. `cmat` is the padded lower
/// triangle ([`tri_index`]): element `(j, l)` receives `(r x_j) x_l`, the
/// same product, element for element, as a full-square loop, in 30
/// instead of 50 two-wide updates for p = 10 (the padding slots receive
/// `(r x_j) x_{j+1}` or 0 and are never read). Small `p` (the usual case) runs a
/// copy compiled for that exact `p`, fully unrolled: with a run-time `p` of
/// 10 the loop overhead costs more than the sums.
#[inline(always)]
fn add_row(
    sign: f64,
    r: f64,
    x: &[f64],
    denom: &mut f64,
    a: &mut [f64],
    cmat: &mut [f64],
    with_cmat: bool,
) {
    let r = sign * r;
    *denom += r;
    macro_rules! fixed {
        ($($n:literal)*) => {
            match x.len() {
                $($n => {
                    if let (Ok(xf), Ok(af)) = (<&[f64; $n]>::try_from(x), <&mut [f64; $n]>::try_from(&mut *a)) {
                        add_row_fixed::<$n>(r, xf, af, cmat, with_cmat);
                        return;
                    }
                })*
                _ => {}
            }
        };
    }
    fixed!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);
    add_row_any(r, x, a, cmat, with_cmat);
}

/// Two sums (risk set, deaths) receiving the same row.
type SumsPair<'a> = [(&'a mut f64, &'a mut [f64], &'a mut [f64]); 2];

/// [`add_row`] into two sets of sums at once (a death enters the risk set
/// and the death sums): each product is computed once and added to both,
/// the same values as two separate calls.
#[inline(always)]
fn add_row_twice(r: f64, x: &[f64], sums: SumsPair<'_>, with_cmat: bool) {
    let [(d0, a0, c0), (d1, a1, c1)] = sums;
    *d0 += r;
    *d1 += r;
    macro_rules! fixed {
        ($($n:literal)*) => {
            match x.len() {
                $($n => {
                    if let (Ok(xf), Ok(af), Ok(ef)) = (
                        <&[f64; $n]>::try_from(x),
                        <&mut [f64; $n]>::try_from(&mut *a0),
                        <&mut [f64; $n]>::try_from(&mut *a1),
                    ) {
                        add_row_twice_fixed::<$n>(r, xf, af, ef, c0, c1, with_cmat);
                        return;
                    }
                })*
                _ => {}
            }
        };
    }
    fixed!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);
    add_row_any(r, x, a0, c0, with_cmat);
    add_row_any(r, x, a1, c1, with_cmat);
}

#[inline(always)]
fn add_row_twice_fixed<const P: usize>(
    r: f64,
    x: &[f64; P],
    a0: &mut [f64; P],
    a1: &mut [f64; P],
    c0: &mut [f64],
    c1: &mut [f64],
    with_cmat: bool,
) {
    let xl: [f64; P] = *x;
    let (mut al0, mut al1): ([f64; P], [f64; P]) = (*a0, *a1);
    for j in 0..P {
        let v = r * xl[j];
        al0[j] += v;
        al1[j] += v;
    }
    *a0 = al0;
    *a1 = al1;
    if with_cmat {
        let xp = pairs(&xl);
        let (t0, t1) = (c0.as_chunks_mut::<2>().0, c1.as_chunks_mut::<2>().0);
        let mut off = 0;
        for j in 0..P {
            let rx = r * xl[j];
            let np = j / 2 + 1;
            for ((e0, e1), xk) in t0[off..off + np]
                .iter_mut()
                .zip(t1[off..off + np].iter_mut())
                .zip(&xp[..np])
            {
                let v = [rx * xk[0], rx * xk[1]];
                e0[0] += v[0];
                e0[1] += v[1];
                e1[0] += v[0];
                e1[1] += v[1];
            }
            off += np;
        }
    }
}

/// `x` as pairs, zero-padded to 16 values (the largest fixed `p`).
#[inline(always)]
fn pairs<const P: usize>(x: &[f64; P]) -> [[f64; 2]; 8] {
    let mut xp = [[0.0; 2]; 8];
    for j in 0..P.min(16) {
        xp[j / 2][j % 2] = x[j];
    }
    xp
}

#[inline(always)]
fn add_row_fixed<const P: usize>(
    r: f64,
    x: &[f64; P],
    a: &mut [f64; P],
    cmat: &mut [f64],
    with_cmat: bool,
) {
    // local copies: the compiler cannot prove that `x` and the sums do not
    // overlap in memory, and would not vectorise the updates otherwise
    let xl: [f64; P] = *x;
    let mut al: [f64; P] = *a;
    for j in 0..P {
        al[j] += r * xl[j];
    }
    *a = al;
    if with_cmat {
        let xp = pairs(&xl);
        let tri = cmat.as_chunks_mut::<2>().0;
        let mut off = 0;
        for j in 0..P {
            let rx = r * xl[j];
            let np = j / 2 + 1;
            for (c, xk) in tri[off..off + np].iter_mut().zip(&xp[..np]) {
                c[0] += rx * xk[0];
                c[1] += rx * xk[1];
            }
            off += np;
        }
    }
}

#[inline(always)]
fn add_row_any(r: f64, x: &[f64], a: &mut [f64], cmat: &mut [f64], with_cmat: bool) {
    for (aj, &xj) in a.iter_mut().zip(x) {
        *aj += r * xj;
    }
    if with_cmat {
        for (j, &xj) in x.iter().enumerate() {
            let rx = r * xj;
            let off = tri_row_start(j);
            for (c, &xk) in cmat[off..off + j + 1].iter_mut().zip(&x[..j + 1]) {
                *c += rx * xk;
            }
        }
    }
}

/// Scratch buffers of [`sweep`], allocated once per pass.
struct SweepBuf {
    a: Vec<f64>,
    cmat: Vec<f64>,
    e_a: Vec<f64>,
    e_cmat: Vec<f64>,
    deaths: Vec<usize>,
}

/// One pass over the risk sets of every event time, strata by strata, in
/// decreasing time. `risk[k] = exp(eta_k)` (sorted order; the weight is
/// applied here). Calls `f` once per distinct event time of each stratum.
///
/// With `with_cmat` and 1 ≤ p ≤ 16 the pass runs a copy compiled for that
/// `p` ([`sweep_fixed`]) with the sums in local arrays; the sums are the
/// same operations in the same order either way (the same numbers).
pub fn sweep<F: FnMut(&RiskSet<'_>)>(lay: &CoxLayout, risk: &[f64], with_cmat: bool, f: F) {
    if with_cmat {
        macro_rules! fixed {
            ($($n:literal)*) => {
                match lay.p {
                    $($n => return sweep_fixed::<$n, F>(lay, risk, f),)*
                    _ => {}
                }
            };
        }
        fixed!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);
    }
    sweep_any(lay, risk, with_cmat, f)
}

/// Pairs of the padded triangle of the largest fixed `p` (16).
const MAX_PAIRS: usize = 72;

/// [`sweep`] with the risk-set products (`with_cmat`) for a compile-time
/// `P`: rows read as `[f64; P]`, sums in stack arrays, every update of
/// [`add_row_fixed`] / [`add_row_twice_fixed`] inlined without a per-row
/// dispatch on `p`.
fn sweep_fixed<const P: usize, F: FnMut(&RiskSet<'_>)>(lay: &CoxLayout, risk: &[f64], mut f: F) {
    let npairs = tri_len(P) / 2;
    let rows: &[[f64; P]] = lay.x.as_chunks::<P>().0;
    let mut cm = [[0.0f64; 2]; MAX_PAIRS];
    let mut e_cm = [[0.0f64; 2]; MAX_PAIRS];
    let mut deaths: Vec<usize> = Vec::new();
    for (s, range) in lay.strata.iter().enumerate() {
        let (lo, hi) = (range.start, range.end);
        let mut denom = 0.0;
        let mut a = [0.0; P];
        cm[..npairs].iter_mut().for_each(|v| *v = [0.0; 2]);
        let mut nrisk: usize = 0;
        let mut i = lo;
        let mut j = lo; // pointer into start_order
        while i < hi {
            let t = lay.stop[i];
            deaths.clear();
            let mut e_denom = 0.0;
            let mut dead_w = 0.0;
            let mut e_a = [0.0; P];
            e_cm[..npairs].iter_mut().for_each(|v| *v = [0.0; 2]);
            while i < hi && lay.stop[i] == t {
                let r = lay.weight[i] * risk[i];
                let xi = &rows[i];
                nrisk += 1;
                if lay.event[i] {
                    deaths.push(i);
                    denom += r;
                    e_denom += r;
                    add_row_twice_fixed::<P>(
                        r,
                        xi,
                        &mut a,
                        &mut e_a,
                        cm.as_flattened_mut(),
                        e_cm.as_flattened_mut(),
                        true,
                    );
                    dead_w += lay.weight[i];
                } else {
                    denom += r;
                    add_row_fixed::<P>(r, xi, &mut a, cm.as_flattened_mut(), true);
                }
                i += 1;
            }
            if deaths.is_empty() {
                continue;
            }
            if let Some(st) = &lay.start {
                // Rows whose interval starts at or after t are not at risk at t.
                while j < hi && st[lay.start_order[j]] >= t {
                    let k = lay.start_order[j];
                    let r = -(lay.weight[k] * risk[k]);
                    denom += r;
                    add_row_fixed::<P>(r, &rows[k], &mut a, cm.as_flattened_mut(), true);
                    nrisk -= 1;
                    j += 1;
                }
                if nrisk == deaths.len() {
                    // Only the deaths are left: recompute exactly, avoiding
                    // round-off from the subtractions (as agfit4 does).
                    denom = e_denom;
                    a = e_a;
                    cm[..npairs].copy_from_slice(&e_cm[..npairs]);
                }
            }
            f(&RiskSet {
                stratum: s,
                time: t,
                deaths: &deaths,
                denom,
                a: &a,
                cmat: cm[..npairs].as_flattened(),
                e_denom,
                e_a: &e_a,
                e_cmat: e_cm[..npairs].as_flattened(),
                dead_w,
            });
        }
    }
}

/// [`sweep`] for any `p` (products only when `with_cmat`).
fn sweep_any<F: FnMut(&RiskSet<'_>)>(lay: &CoxLayout, risk: &[f64], with_cmat: bool, mut f: F) {
    let p = lay.p;
    let pp = if with_cmat { tri_len(p) } else { 0 };
    let mut b = SweepBuf {
        a: vec![0.0; p],
        cmat: vec![0.0; pp],
        e_a: vec![0.0; p],
        e_cmat: vec![0.0; pp],
        deaths: Vec::new(),
    };
    for (s, range) in lay.strata.iter().enumerate() {
        let (lo, hi) = (range.start, range.end);
        let mut denom = 0.0;
        b.a.iter_mut().for_each(|v| *v = 0.0);
        b.cmat.iter_mut().for_each(|v| *v = 0.0);
        let mut nrisk: usize = 0;
        let mut i = lo;
        let mut j = lo; // pointer into start_order
        while i < hi {
            let t = lay.stop[i];
            b.deaths.clear();
            let mut e_denom = 0.0;
            let mut dead_w = 0.0;
            b.e_a.iter_mut().for_each(|v| *v = 0.0);
            b.e_cmat.iter_mut().for_each(|v| *v = 0.0);
            while i < hi && lay.stop[i] == t {
                let r = lay.weight[i] * risk[i];
                let xi = lay.row(i);
                nrisk += 1;
                if lay.event[i] {
                    b.deaths.push(i);
                    // into the risk-set and the death sums, products shared
                    let sums = [
                        (&mut denom, &mut b.a[..], &mut b.cmat[..]),
                        (&mut e_denom, &mut b.e_a[..], &mut b.e_cmat[..]),
                    ];
                    add_row_twice(r, xi, sums, with_cmat);
                    dead_w += lay.weight[i];
                } else {
                    add_row(1.0, r, xi, &mut denom, &mut b.a, &mut b.cmat, with_cmat);
                }
                i += 1;
            }
            if b.deaths.is_empty() {
                continue;
            }
            if let Some(st) = &lay.start {
                // Rows whose interval starts at or after t are not at risk at t.
                while j < hi && st[lay.start_order[j]] >= t {
                    let k = lay.start_order[j];
                    let r = lay.weight[k] * risk[k];
                    add_row(
                        -1.0,
                        r,
                        lay.row(k),
                        &mut denom,
                        &mut b.a,
                        &mut b.cmat,
                        with_cmat,
                    );
                    nrisk -= 1;
                    j += 1;
                }
                if nrisk == b.deaths.len() {
                    // Only the deaths are left: recompute exactly, avoiding
                    // round-off from the subtractions (as agfit4 does).
                    denom = e_denom;
                    b.a.copy_from_slice(&b.e_a);
                    b.cmat.copy_from_slice(&b.e_cmat);
                }
            }
            f(&RiskSet {
                stratum: s,
                time: t,
                deaths: &b.deaths,
                denom,
                a: &b.a,
                cmat: &b.cmat,
                e_denom,
                e_a: &b.e_a,
                e_cmat: &b.e_cmat,
                dead_w,
            });
        }
    }
}

/// Buffers for [`EventTerms::compute`].
#[derive(Debug, Clone)]
pub struct EventTerms {
    /// Contribution of one event time to the score vector.
    pub u: Vec<f64>,
    /// Contribution to the information matrix (full p×p, row-major).
    pub imat: Vec<f64>,
    /// Contribution to the log partial likelihood.
    pub loglik: f64,
}

impl EventTerms {
    /// Zeroed buffers for p covariates.
    pub fn new(p: usize) -> Self {
        EventTerms {
            u: vec![0.0; p],
            imat: vec![0.0; p * p],
            loglik: 0.0,
        }
    }

    /// The contribution of one event time (Efron or Breslow):
    ///
    /// `loglik = Σ_d w_i eta_i − Σ_{k<d} w̄ log D_k`,
    /// `u = Σ_d w_i x_i − Σ_k w̄ x̄_k`,
    /// `imat = Σ_k w̄ (C_k / D_k − x̄_k x̄_kᵀ)`,
    ///
    /// with `D_k = denom − (k/d) e_denom`, `x̄_k = (a − (k/d) e_a) / D_k`,
    /// `C_k = cmat − (k/d) e_cmat` and `w̄` the mean weight of the d deaths
    /// (Breslow: one step with weight Σ w). `with_imat = false` skips the
    /// information (the risk set was swept without `cmat`).
    pub fn compute(
        &mut self,
        lay: &CoxLayout,
        eta: &[f64],
        rs: &RiskSet<'_>,
        ties: Ties,
        with_imat: bool,
    ) {
        let p = lay.p;
        self.loglik = 0.0;
        self.u.iter_mut().for_each(|v| *v = 0.0);
        if with_imat {
            self.imat.iter_mut().for_each(|v| *v = 0.0);
        }
        for &k in rs.deaths {
            let w = lay.weight[k];
            self.loglik += w * eta[k];
            for (u, x) in self.u.iter_mut().zip(lay.row(k)) {
                *u += w * x;
            }
        }
        let d = rs.deaths.len();
        let (steps, wstep) = match ties {
            Ties::Efron if d > 1 => (d, rs.dead_w / d as f64),
            _ => (1, rs.dead_w),
        };
        // The sums over sub-steps reduce to scalar weights (O(d + p²) per
        // time instead of O(d·p²)): with x̄_k = (a − f_k e_a)/D_k,
        // Σ w̄ x̄_k x̄_kᵀ = s0 aaᵀ − s1 (a e_aᵀ + e_a aᵀ) + s2 e_a e_aᵀ.
        let (mut h0, mut h1, mut s0, mut s1, mut s2) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for k in 0..steps {
            let frac = k as f64 / d as f64;
            let dk = rs.denom - frac * rs.e_denom;
            self.loglik -= wstep * dk.ln();
            let w1 = wstep / dk;
            let w2 = w1 / dk;
            h0 += w1;
            h1 += w1 * frac;
            s0 += w2;
            s1 += w2 * frac;
            s2 += w2 * frac * frac;
        }
        for j in 0..p {
            self.u[j] -= h0 * rs.a[j] - h1 * rs.e_a[j];
        }
        if with_imat {
            for j in 0..p {
                let (aj, ej) = (rs.a[j], rs.e_a[j]);
                for l in 0..=j {
                    let (al, el) = (rs.a[l], rs.e_a[l]);
                    let t = tri_index(j, l);
                    let c = h0 * rs.cmat[t] - h1 * rs.e_cmat[t];
                    self.imat[j * p + l] +=
                        c - (s0 * aj * al - s1 * (aj * el + ej * al) + s2 * ej * el);
                }
            }
        }
        if with_imat {
            for j in 0..p {
                for l in 0..j {
                    self.imat[l * p + j] = self.imat[j * p + l];
                }
            }
        }
    }
}

/// Log partial likelihood, score `u` and information `imat` (p×p,
/// row-major) at `beta`. `eta` and `risk` are scratch of length n.
pub fn loglik_derivs(
    lay: &CoxLayout,
    ties: Ties,
    beta: &[f64],
    eta: &mut [f64],
    risk: &mut [f64],
    u: &mut [f64],
    imat: &mut [f64],
) -> f64 {
    loglik_derivs_with(lay, ties, beta, eta, risk, u, imat, |_| {})
}

/// [`loglik_derivs`], handing the linear predictor (sorted order) to
/// `on_eta` as soon as it is computed, before the pass over the risk sets.
pub(crate) fn loglik_derivs_with(
    lay: &CoxLayout,
    ties: Ties,
    beta: &[f64],
    eta: &mut [f64],
    risk: &mut [f64],
    u: &mut [f64],
    imat: &mut [f64],
    on_eta: impl FnOnce(&[f64]),
) -> f64 {
    lay.linear_predictor(beta, eta);
    on_eta(eta);
    for (r, e) in risk.iter_mut().zip(eta.iter()) {
        *r = e.exp();
    }
    u.iter_mut().for_each(|v| *v = 0.0);
    imat.iter_mut().for_each(|v| *v = 0.0);
    let mut terms = EventTerms::new(lay.p);
    let mut loglik = 0.0;
    let eta_ro: &[f64] = eta;
    sweep(lay, risk, true, |rs| {
        terms.compute(lay, eta_ro, rs, ties, true);
        loglik += terms.loglik;
        for (a, b) in u.iter_mut().zip(&terms.u) {
            *a += b;
        }
        for (a, b) in imat.iter_mut().zip(&terms.imat) {
            *a += b;
        }
    });
    loglik
}

/// In-place LDLᵀ decomposition of a symmetric p×p matrix (row-major, lower
/// triangle used), as survival's `cholesky2`: a pivot below
/// `toler × max diagonal` (or not finite) is set to zero and its column
/// treated as singular. Returns the rank and the indices of the singular
/// columns.
pub fn cholesky2(m: &mut [f64], n: usize, toler: f64) -> (usize, Vec<usize>) {
    let mut eps: f64 = 0.0;
    for i in 0..n {
        if m[i * n + i] > eps {
            eps = m[i * n + i];
        }
    }
    let eps = if eps == 0.0 { toler } else { eps * toler };
    let mut rank = 0;
    let mut singular = Vec::new();
    for i in 0..n {
        let pivot = m[i * n + i];
        if !pivot.is_finite() || pivot < eps {
            m[i * n + i] = 0.0;
            for j in (i + 1)..n {
                m[j * n + i] = 0.0;
            }
            singular.push(i);
        } else {
            rank += 1;
            for j in (i + 1)..n {
                let temp = m[j * n + i] / pivot;
                m[j * n + i] = temp;
                m[j * n + j] -= temp * temp * pivot;
                for k in (j + 1)..n {
                    m[k * n + j] -= temp * m[k * n + i];
                }
            }
        }
    }
    (rank, singular)
}

/// Solves `A y = b` in place with the factor of [`cholesky2`]; components
/// of singular columns come out 0 (survival's `chsolve2`).
pub fn chsolve2(m: &[f64], n: usize, y: &mut [f64]) {
    for i in 0..n {
        let mut temp = y[i];
        for j in 0..i {
            temp -= y[j] * m[i * n + j];
        }
        y[i] = temp;
    }
    for i in (0..n).rev() {
        if m[i * n + i] == 0.0 {
            y[i] = 0.0;
        } else {
            let mut temp = y[i] / m[i * n + i];
            for j in (i + 1)..n {
                temp -= y[j] * m[j * n + i];
            }
            y[i] = temp;
        }
    }
}

/// Generalised inverse from the factor of [`cholesky2`]: rows and columns
/// of singular columns are zero (as survival's `chinv2`).
pub fn chinv2(m: &[f64], n: usize) -> Vec<f64> {
    let mut inv = vec![0.0; n * n];
    let mut e = vec![0.0; n];
    for c in 0..n {
        e.iter_mut().for_each(|v| *v = 0.0);
        e[c] = 1.0;
        chsolve2(m, n, &mut e);
        for r in 0..n {
            inv[r * n + c] = e[r];
        }
    }
    // Symmetrise against round-off.
    for r in 0..n {
        for c in 0..r {
            let v = 0.5 * (inv[r * n + c] + inv[c * n + r]);
            inv[r * n + c] = v;
            inv[c * n + r] = v;
        }
    }
    inv
}

/// `b' A⁻ b` for a symmetric positive semi-definite `a` (as survival's
/// `coxph.wtest`): the Wald/score quadratic form, singular directions
/// ignored.
pub fn quad_form_solve(a: &[f64], n: usize, b: &[f64], toler: f64) -> f64 {
    let mut m = a.to_vec();
    cholesky2(&mut m, n, toler);
    let mut y = b.to_vec();
    chsolve2(&m, n, &mut y);
    y.iter().zip(b).map(|(a, b)| a * b).sum()
}
