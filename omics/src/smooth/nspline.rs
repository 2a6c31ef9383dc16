//! Least squares on a natural cubic spline basis.
//!
//! `splines::ns(x, df, intercept = TRUE)` spans the natural cubic splines
//! with boundary knots at `range(x)` and `df - 2` interior knots at the
//! type-7 quantiles `(1:(df-2))/(df-1)` of `x`. Fitted values and residual
//! variance of a least-squares fit depend only on that span, so any basis
//! of it gives R's numbers; this one is the truncated-power basis of
//! Hastie, Tibshirani & Friedman (ESL, eq. 5.4–5.5) on `x` rescaled to [0, 1].

use crate::special::quantile7;
use nalgebra::{DMatrix, DVector};

/// A least-squares fit of `y` on a natural cubic spline of `x`, as
/// `lm.fit(splines::ns(x, df = df, intercept = TRUE), y)`.
#[derive(Debug, Clone)]
pub struct NaturalSplineFit {
    knots: Vec<f64>,
    coef: Vec<f64>,
    /// Fitted values at the input points.
    pub fitted: Vec<f64>,
    /// Residual sum of squares divided by `n - rank` (R's
    /// `mean(fit$effects[-(1:fit$rank)]^2)`).
    pub residual_variance: f64,
    /// Rank of the basis matrix.
    pub rank: usize,
}

impl NaturalSplineFit {
    /// Fits `y ~ ns(x, df)`; `df >= 2` (`df = 2` is a straight line).
    pub fn fit(x: &[f64], y: &[f64], df: usize) -> Self {
        let n = x.len();
        let lo = x.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut knots = vec![lo];
        let n_int = df.saturating_sub(2);
        for k in 1..=n_int {
            knots.push(quantile7(x, k as f64 / (n_int + 1) as f64));
        }
        knots.push(hi);
        let probe = NaturalSplineFit {
            knots,
            coef: Vec::new(),
            fitted: Vec::new(),
            residual_variance: f64::NAN,
            rank: 0,
        };
        let p = probe.knots.len();
        let basis = DMatrix::from_fn(n, p, |i, j| probe.basis(x[i])[j]);
        // Rank-revealing via column pivoting is not needed for the small,
        // well-conditioned bases used here; detect deficiency from R's diagonal.
        let svd = basis.clone().svd(true, true);
        let tol = 1e-7 * svd.singular_values.max();
        let rank = svd.singular_values.iter().filter(|&&s| s > tol).count();
        let coef = svd
            .solve(&DVector::from_column_slice(y), tol)
            .map(|c| c.as_slice().to_vec());
        let coef = coef.unwrap_or_else(|_| vec![0.0; p]);
        let fitted: Vec<f64> = (0..n)
            .map(|i| (0..p).map(|j| basis[(i, j)] * coef[j]).sum())
            .collect();
        let rss: f64 = y.iter().zip(&fitted).map(|(a, b)| (a - b) * (a - b)).sum();
        let residual_variance = if n > rank {
            rss / (n - rank) as f64
        } else {
            f64::NAN
        };
        NaturalSplineFit {
            knots: probe.knots,
            coef,
            fitted,
            residual_variance,
            rank,
        }
    }

    /// The fitted spline evaluated at a new point (linear beyond the
    /// boundary knots, as `predict(ns(...), newx)`).
    pub fn predict(&self, v: f64) -> f64 {
        self.basis(v)
            .iter()
            .zip(&self.coef)
            .map(|(b, c)| b * c)
            .sum()
    }

    /// Basis functions at `v`: 1, u, and `d_k(u) - d_{K-1}(u)` with
    /// `u` the rescaled coordinate.
    fn basis(&self, v: f64) -> Vec<f64> {
        let kn = &self.knots;
        let k = kn.len();
        let (lo, hi) = (kn[0], kn[k - 1]);
        let span = if hi > lo { hi - lo } else { 1.0 };
        let u = (v - lo) / span;
        let xi: Vec<f64> = kn.iter().map(|&t| (t - lo) / span).collect();
        let cube = |a: f64| if a > 0.0 { a * a * a } else { 0.0 };
        let d = |j: usize| (cube(u - xi[j]) - cube(u - xi[k - 1])) / (xi[k - 1] - xi[j]);
        let mut out = Vec::with_capacity(k);
        out.push(1.0);
        if k >= 2 {
            out.push(u);
        }
        for j in 0..k.saturating_sub(2) {
            out.push(d(j) - d(k - 2));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_r_ns_fit() {
        // R: x <- c(1,3,4,7,8,10,12,15,16,20); y <- c(2,1,4,3,6,5,9,8,12,10)
        // f <- lm.fit(splines::ns(x, df = 4, intercept = TRUE), y)
        // f$fitted.values; mean(f$effects[-(1:4)]^2)
        let x = [1.0, 3.0, 4.0, 7.0, 8.0, 10.0, 12.0, 15.0, 16.0, 20.0];
        let y = [2.0, 1.0, 4.0, 3.0, 6.0, 5.0, 9.0, 8.0, 12.0, 10.0];
        let f = NaturalSplineFit::fit(&x, &y, 4);
        assert_eq!(f.rank, 4);
        assert!(
            (f.residual_variance - RV).abs() < 1e-10,
            "{}",
            f.residual_variance
        );
        assert!((f.fitted[0] - F0).abs() < 1e-10);
        assert!((f.fitted[9] - F9).abs() < 1e-10);
    }
    const RV: f64 = 2.7429020467464209;
    const F0: f64 = 1.8971646192772187;
    const F9: f64 = 10.3753092661897099;
}
