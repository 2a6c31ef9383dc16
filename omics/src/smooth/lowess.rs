//! Cleveland's LOWESS scatterplot smoother, as `stats::lowess`: the one
//! implementation lives in `prognos_core::diagnostic::lowess` (it matches R's
//! `clowess`, including the default `delta = 0.01 * diff(range(x))`); this
//! module adapts it to the input-order results limma's callers want.

/// LOWESS fit of `y` on `x` (any order), as R `lowess(x, y, f, iter)` with
/// the default `delta`. Returns the fitted value for each input point in the
/// input order.
pub fn lowess(x: &[f64], y: &[f64], f: f64, iter: usize) -> Vec<f64> {
    let n = x.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b])); // stable, as R's order() and core's
    let fit = prognos_core::diagnostic::lowess::lowess(x, y, f, iter);
    let mut out = vec![0.0; n];
    for (k, &i) in order.iter().enumerate() {
        out[i] = fit.y[k];
    }
    out
}
