//! Merging of near-equal survival times, as R's `survival:::aeqSurv`.
//!
//! Times that differ only by floating-point noise (e.g. `1/3` computed two
//! ways, or days converted to years) would otherwise count as distinct event
//! times and change every risk set. survival ≥ 2.40 merges them before
//! `survfit`, `survdiff`, `coxph` and `concordance` (`timefix = TRUE`), and
//! matching R means doing the same.
//!
//! # Rule (survival 3.5 `aeqSurv`)
//! Let `y` be the sorted distinct finite time values (for start/stop data,
//! of start and stop together) and `dy` their successive differences. Gap
//! `i` is *tied* when `dy[i] <= tol` or `dy[i] / mean(|y|) <= tol`, with
//! `tol = sqrt(.Machine$double.eps)` = `f64::EPSILON.sqrt()`. The cut points
//! are `y[0]` plus every `y[i+1]` whose gap is not tied; every time is
//! replaced by the largest cut point `<=` it (`findInterval`). Chains of
//! tied gaps therefore all collapse onto the chain's first (smallest) value.
//!
//! Non-finite values (NaN, ±Inf) are left as they are.
//!
//! # References
//! Therneau T. (2023). *survival* 3.5, `aeqSurv` and the vignette
//! "Roundoff error and tied times". R: `survival:::aeqSurv(Surv(time, status))`.

use thiserror::Error;

pub(crate) mod order;

/// The tolerance R uses: `sqrt(.Machine$double.eps)`.
pub const TOLERANCE: f64 = 1.490_116_119_384_765_6e-8;

/// Errors of the start/stop variant.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TimefixError {
    /// After merging, an interval with `start < stop` collapsed to length 0
    /// (R: "aeqSurv exception, an interval has effective length 0").
    #[error(
        "row {row}: interval ({start}, {stop}] has effective length 0 after merging near-equal times"
    )]
    ZeroLength {
        /// 0-based row of the interval.
        row: usize,
        /// Original start time.
        start: f64,
        /// Original stop time.
        stop: f64,
    },
}

/// Cut points of `aeqSurv`: the sorted distinct finite values with tied
/// successors removed. `None` when nothing is tied (the input is returned
/// unchanged, as R does).
fn cut_points<'a>(values: impl Iterator<Item = &'a f64>) -> Option<Vec<f64>> {
    let mut y: Vec<f64> = values.copied().filter(|v| v.is_finite()).collect();
    if y.len() < 2 {
        return None;
    }
    y.sort_unstable_by(f64::total_cmp);
    y.dedup();
    if y.len() < 2 {
        return None;
    }
    let mean_abs = y.iter().map(|v| v.abs()).sum::<f64>() / y.len() as f64;
    let mut cuts = Vec::with_capacity(y.len());
    cuts.push(y[0]);
    let mut any_tied = false;
    for w in y.windows(2) {
        let dy = w[1] - w[0];
        // R: (dy <= tolerance) | ((dy / mean(abs(y))) <= tolerance)
        let tied = dy <= TOLERANCE || dy / mean_abs <= TOLERANCE;
        if tied {
            any_tied = true;
        } else {
            cuts.push(w[1]);
        }
    }
    any_tied.then_some(cuts)
}

/// The largest cut point `<= v` (R's `cuts[findInterval(v, cuts)]`); `v`
/// itself when not finite.
#[inline]
fn snap(cuts: &[f64], v: f64) -> f64 {
    if !v.is_finite() {
        return v;
    }
    // number of cuts <= v; v is one of the values the cuts came from, so >= 1
    let k = cuts.partition_point(|c| *c <= v);
    if k == 0 { v } else { cuts[k - 1] }
}

/// Right-censored times with near-equal values merged, as
/// `survival:::aeqSurv(Surv(time, status))[, "time"]`.
///
/// Returns a copy of `times` (unchanged when no two distinct times are
/// within tolerance). O(n log n).
///
/// # Examples
/// ```
/// use prognos_survival::timefix::aeq_surv;
/// let t = aeq_surv(&[1.0, 1.0 + 1e-12, 2.0]);
/// assert_eq!(t, vec![1.0, 1.0, 2.0]);
/// ```
pub fn aeq_surv(times: &[f64]) -> Vec<f64> {
    match cut_points(times.iter()) {
        None => times.to_vec(),
        Some(cuts) => times.iter().map(|&t| snap(&cuts, t)).collect(),
    }
}

/// [`aeq_surv`] on times already sorted ascending, in place: one linear
/// pass instead of a second sort (the kernels sort once and merge here).
pub fn aeq_sorted_in_place(sorted: &mut [f64]) {
    debug_assert!(
        sorted
            .windows(2)
            .all(|w| w[0].total_cmp(&w[1]).is_le() || w[0].is_nan() || w[1].is_nan())
    );
    // distinct finite values and their mean |y|
    let mut n_unique = 0usize;
    let mut sum_abs = 0.0;
    let mut prev = f64::NAN;
    for &v in sorted.iter() {
        if v.is_finite() && v != prev {
            n_unique += 1;
            sum_abs += v.abs();
            prev = v;
        }
    }
    if n_unique < 2 {
        return;
    }
    let mean_abs = sum_abs / n_unique as f64;
    // walk the distinct values; `cut` is the current representative
    let mut cut = f64::NAN;
    let mut last = f64::NAN;
    for v in sorted.iter_mut() {
        if !v.is_finite() {
            continue;
        }
        if cut.is_nan() {
            cut = *v;
            last = *v;
            continue;
        }
        if *v != last {
            let dy = *v - last;
            last = *v;
            if !(dy <= TOLERANCE || dy / mean_abs <= TOLERANCE) {
                cut = *v;
            }
        }
        *v = cut;
    }
}

/// Counting-process (start, stop] times with near-equal values merged, as
/// `survival:::aeqSurv(Surv(start, stop, status))`; start and stop values
/// share one set of cut points.
///
/// R stops with an error when an interval collapses to length 0; this
/// function then leaves that row's interval unchanged (use
/// [`try_aeq_surv2`] to get the error instead).
pub fn aeq_surv2(start: &[f64], stop: &[f64]) -> (Vec<f64>, Vec<f64>) {
    match cut_points(start.iter().chain(stop.iter())) {
        None => (start.to_vec(), stop.to_vec()),
        Some(cuts) => start
            .iter()
            .zip(stop)
            .map(|(&a, &b)| {
                let (sa, sb) = (snap(&cuts, a), snap(&cuts, b));
                if sa == sb && a != b { (a, b) } else { (sa, sb) }
            })
            .unzip(),
    }
}

/// As [`aeq_surv2`] but returns R's error when an interval with
/// `start != stop` collapses to length 0.
///
/// # Errors
/// [`TimefixError::ZeroLength`] naming the first such row.
pub fn try_aeq_surv2(start: &[f64], stop: &[f64]) -> Result<(Vec<f64>, Vec<f64>), TimefixError> {
    let Some(cuts) = cut_points(start.iter().chain(stop.iter())) else {
        return Ok((start.to_vec(), stop.to_vec()));
    };
    let mut s0 = Vec::with_capacity(start.len());
    let mut s1 = Vec::with_capacity(stop.len());
    for (row, (&a, &b)) in start.iter().zip(stop).enumerate() {
        let (sa, sb) = (snap(&cuts, a), snap(&cuts, b));
        if sa == sb && a != b {
            return Err(TimefixError::ZeroLength {
                row,
                start: a,
                stop: b,
            });
        }
        s0.push(sa);
        s1.push(sb);
    }
    Ok((s0, s1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_is_sqrt_machine_eps() {
        assert_eq!(TOLERANCE, f64::EPSILON.sqrt());
    }

    #[test]
    fn no_ties_returns_input() {
        let t = [3.0, 1.0, 2.0, 2.0];
        assert_eq!(aeq_surv(&t), t.to_vec());
    }

    /// R 4.2.2, survival 3.5.3:
    /// `x <- c(1, 1+1e-9, 1+2e-9, 2, 3-1e-10, 3, 10); aeqSurv(Surv(x, rep(1,7)))[,1]`
    /// gives 1 1 1 2 2.9999999999 2.9999999999 10 (chains collapse onto their
    /// smallest member).
    #[test]
    fn matches_r_chain_rule() {
        let x = [1.0, 1.0 + 1e-9, 1.0 + 2e-9, 2.0, 3.0 - 1e-10, 3.0, 10.0];
        let y = aeq_surv(&x);
        assert_eq!(y, vec![1.0, 1.0, 1.0, 2.0, 3.0 - 1e-10, 3.0 - 1e-10, 10.0]);
    }

    /// Relative rule: large times with a gap above 1.49e-8 absolutely but
    /// below it relative to mean |y|. R: `aeqSurv(Surv(c(1e9, 1e9+1, 2e9), 1))[,1]`
    /// = 1e9 1e9 2e9.
    #[test]
    fn relative_rule() {
        assert_eq!(aeq_surv(&[1e9, 1e9 + 1.0, 2e9]), vec![1e9, 1e9, 2e9]);
    }

    #[test]
    fn start_stop_share_cuts() {
        let (a, b) = aeq_surv2(&[0.0, 1.0 + 1e-12], &[1.0, 2.0]);
        assert_eq!(a, vec![0.0, 1.0]);
        assert_eq!(b, vec![1.0, 2.0]);
        assert!(try_aeq_surv2(&[1.0], &[1.0 + 1e-12]).is_err());
        assert_eq!(aeq_surv2(&[1.0], &[1.0 + 1e-12]).1, vec![1.0 + 1e-12]);
    }

    #[test]
    fn sorted_in_place_matches_aeq_surv() {
        let x = [
            1.0,
            1.0 + 1e-9,
            1.0 + 2e-9,
            2.0,
            3.0 - 1e-10,
            3.0,
            3.0,
            10.0,
        ];
        let mut y = x.to_vec();
        aeq_sorted_in_place(&mut y);
        assert_eq!(y, aeq_surv(&x));
    }

    #[test]
    fn non_finite_left_alone() {
        let y = aeq_surv(&[f64::NAN, 1.0, 1.0 + 1e-12, f64::INFINITY]);
        assert!(y[0].is_nan());
        assert_eq!(&y[1..], &[1.0, 1.0, f64::INFINITY]);
    }
}
