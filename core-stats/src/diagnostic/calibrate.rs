//! Bootstrap optimism-corrected calibration curve of a logistic model, as
//! `rms::calibrate(lrm(y ~ ..., x = TRUE, y = TRUE), method = "boot", B)`.
//!
//! The apparent curve is `lowess(p̂, y, iter = 0)` of the model fitted on all
//! data, read at a grid of predicted probabilities. Each bootstrap replicate
//! refits the model on a resample, computes the same curve (minus the grid) on
//! the resample ("training") and on the original data with the resample's
//! coefficients ("test"); the optimism at a grid point is the mean of
//! training − test over the replicates where both are defined, and the
//! bias-corrected curve is the apparent one minus the optimism.

use super::DiagnosticError;
use super::lowess::lowess;
use crate::bootstrap::BootstrapParams;
use crate::bootstrap::quantile7;
use crate::glm::{GlmError, LogisticFit, LogisticParams};
use crate::table::{Cell, Table};
use nalgebra::DMatrix;
use rayon::prelude::*;
use std::fmt;

/// Where the bootstrap resamples come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Resamples {
    /// `replicates` resamples of size n drawn with replacement; replicate `r`
    /// uses the ChaCha8 stream `r` of `seed` ([`BootstrapParams::indices`]),
    /// so results do not depend on the thread count.
    Seeded {
        /// Number of replicates (rms' `B`).
        replicates: usize,
        /// Seed.
        seed: u64,
    },
    /// Explicit 0-based row indices, one vector of length n per replicate
    /// (e.g. R's `sample(n, replace = TRUE)` draws, to reproduce rms exactly).
    Given(Vec<Vec<usize>>),
}

/// Settings of [`calibrate_logistic`].
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrateParams {
    /// The resamples.
    pub resamples: Resamples,
    /// Grid points (rms: 50, from the 5th smallest to the 5th largest
    /// predicted probability).
    pub grid: usize,
}

impl Default for CalibrateParams {
    fn default() -> Self {
        CalibrateParams {
            resamples: Resamples::Seeded {
                replicates: 1000,
                seed: 1,
            },
            grid: 50,
        }
    }
}

/// One grid point of the calibration curve (rms' columns).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalibratePoint {
    /// Predicted probability (`predy`).
    pub predicted: f64,
    /// Apparent calibration: the LOWESS of y on p̂ at `predicted`
    /// (`calibrated.orig`); NaN where outside the smoothed range.
    pub apparent: f64,
    /// Bias-corrected calibration, `apparent − optimism` (`calibrated.corrected`).
    pub corrected: f64,
    /// Mean over replicates of the training curve minus the grid (`training`).
    pub training: f64,
    /// Mean over replicates of the test curve minus the grid (`test`).
    pub test: f64,
    /// `training − test` (`optimism`).
    pub optimism: f64,
    /// Replicates in which both curves were defined here (`n`).
    pub n: usize,
}

/// The bootstrap optimism-corrected calibration of a logistic model.
#[derive(Debug, Clone)]
pub struct OptimismCalibration {
    /// Subjects.
    pub n: usize,
    /// Events.
    pub events: usize,
    /// Replicates asked for.
    pub replicates: usize,
    /// Replicates whose refit failed (non-convergence, aliased column,
    /// separation): left out, as rms does with its "Divergence or singularity" count.
    pub failed: usize,
    /// The curve at each grid point.
    pub points: Vec<CalibratePoint>,
    /// Mean |p̂ − corrected(p̂)| over subjects (rms' "Mean absolute error").
    pub mean_abs_error: f64,
    /// Mean (p̂ − corrected(p̂))² (rms' "Mean squared error").
    pub mean_squared_error: f64,
    /// 0.9 quantile (type 7) of |p̂ − corrected(p̂)|.
    pub q90_abs_error: f64,
    /// Apparent predicted probabilities of the subjects.
    pub predicted: Vec<f64>,
}

/// Errors of [`calibrate_logistic`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalibrateError {
    /// Input problem shared with the other diagnostic routines.
    #[error(transparent)]
    Input(#[from] DiagnosticError),
    /// The model on the full data could not be fitted.
    #[error("logistic model: {0}")]
    Model(#[from] GlmError),
    /// The full-data model did not converge or has an aliased column.
    #[error("logistic model on the full data is not usable: {reason}")]
    Unusable {
        /// Why.
        reason: &'static str,
    },
    /// A given resample has the wrong length or an out-of-range index.
    #[error("resample {replicate}: {reason}")]
    BadResample {
        /// 0-based replicate.
        replicate: usize,
        /// What is wrong.
        reason: String,
    },
    /// Fewer than 11 subjects (rms needs n > 10 for its default grid).
    #[error("calibration needs more than 10 subjects, got {n}")]
    TooFew {
        /// Subjects.
        n: usize,
    },
}

/// R `approx(x, y, xout, ties = function(v) v[1], rule = 1)` on `x` sorted
/// increasingly: linear interpolation, NaN outside `[x₁, xₙ]`, tied `x`
/// collapsed to their first `y`.
fn approx_first(x: &[f64], y: &[f64], xout: &[f64]) -> Vec<f64> {
    let mut ux = Vec::with_capacity(x.len());
    let mut uy = Vec::with_capacity(y.len());
    for (&a, &b) in x.iter().zip(y) {
        if ux.last() != Some(&a) {
            ux.push(a);
            uy.push(b);
        }
    }
    xout.iter().map(|&v| interpolate(&ux, &uy, v)).collect()
}

/// Linear interpolation in strictly increasing `x`; NaN outside the range.
fn interpolate(x: &[f64], y: &[f64], v: f64) -> f64 {
    let m = x.len();
    if m == 0 || v.is_nan() || v < x[0] || v > x[m - 1] {
        return f64::NAN;
    }
    if m == 1 {
        return y[0];
    }
    // first index with x[j] >= v
    let j = x.partition_point(|&a| a < v);
    if x[j] == v {
        return y[j];
    }
    let (x0, x1, y0, y1) = (x[j - 1], x[j], y[j - 1], y[j]);
    y0 + (y1 - y0) * (v - x0) / (x1 - x0)
}

/// rms' `cal.error`: the LOWESS (f = 2/3, iter = 0) of y on p, read at
/// `grid` by `approx(ties = first)`, minus the grid.
fn cal_error(p: &[f64], y: &[f64], grid: &[f64]) -> Vec<f64> {
    let s = lowess(p, y, 2.0 / 3.0, 0);
    approx_first(&s.x, &s.y, grid)
        .into_iter()
        .zip(grid)
        .map(|(c, g)| c - g)
        .collect()
}

/// A usable logistic fit, or `None` when the fit failed, did not converge
/// or has an aliased or non-finite coefficient (rms drops such replicates).
fn usable_fit(
    params: &LogisticParams,
    x: &DMatrix<f64>,
    names: &[String],
    y: &[bool],
) -> Option<LogisticFit> {
    let f = params.fit(x, names, y, None).ok()?;
    if !f.converged
        || f.coefficients
            .iter()
            .any(|c| c.aliased || !c.estimate.is_finite())
    {
        return None;
    }
    Some(f)
}

/// Optimism-corrected calibration of the logistic model `y ~ x` (x is n × p
/// without an intercept column), as `rms::calibrate(lrm(...), method = "boot")`
/// with its defaults (lowess smoother, `predy` = 50 points evenly spaced from
/// the 5th smallest to the 5th largest apparent probability, replicates whose
/// refit fails dropped). With [`Resamples::Given`] holding R's
/// `sample(n, replace = TRUE)` draws (0-based) it reproduces rms' numbers.
///
/// # Errors
/// Length mismatch, one class absent, n ≤ 10, an unusable full-data fit,
/// malformed given resamples, zero replicates.
pub fn calibrate_logistic(
    x: &DMatrix<f64>,
    names: &[String],
    y: &[bool],
    params: &CalibrateParams,
) -> Result<OptimismCalibration, CalibrateError> {
    let n = x.nrows();
    if y.len() != n {
        return Err(DiagnosticError::LengthMismatch {
            what: "outcome",
            found: y.len(),
            expected: n,
        }
        .into());
    }
    let events = y.iter().filter(|&&b| b).count();
    if events == 0 || events == n {
        return Err(DiagnosticError::OneClass {
            n_pos: events,
            n_neg: n - events,
        }
        .into());
    }
    if n <= 10 {
        return Err(CalibrateError::TooFew { n });
    }
    if params.grid < 2 {
        return Err(DiagnosticError::InvalidParameter {
            name: "grid",
            value: params.grid as f64,
        }
        .into());
    }
    let glm = LogisticParams::default().epsilon(1e-12).max_iter(50);
    let full = glm.fit(x, names, y, None)?;
    if !full.converged {
        return Err(CalibrateError::Unusable {
            reason: "it did not converge",
        });
    }
    if full.coefficients.iter().any(|c| c.aliased) {
        return Err(CalibrateError::Unusable {
            reason: "a column is aliased (the design is singular)",
        });
    }
    let predicted = full.predict(x)?;
    let yf: Vec<f64> = y.iter().map(|&v| v as u8 as f64).collect();

    let mut sorted = predicted.clone();
    sorted.sort_by(f64::total_cmp);
    let (lo, hi) = (sorted[4], sorted[n - 5]);
    let g = params.grid;
    let grid: Vec<f64> = (0..g)
        .map(|k| lo + (hi - lo) * k as f64 / (g - 1) as f64)
        .collect();
    let orig = cal_error(&predicted, &yf, &grid);

    let resample_of = |r: usize| -> Result<Vec<usize>, CalibrateError> {
        match &params.resamples {
            Resamples::Seeded { replicates, seed } => BootstrapParams {
                replicates: *replicates,
                seed: *seed,
                strata: None,
            }
            .indices(n, r)
            .map_err(|e| CalibrateError::BadResample {
                replicate: r,
                reason: e.to_string(),
            }),
            Resamples::Given(v) => {
                let idx = &v[r];
                if idx.len() != n {
                    return Err(CalibrateError::BadResample {
                        replicate: r,
                        reason: format!("has {} indices, expected {n}", idx.len()),
                    });
                }
                if let Some(&bad) = idx.iter().find(|&&i| i >= n) {
                    return Err(CalibrateError::BadResample {
                        replicate: r,
                        reason: format!("index {bad} is out of range (n = {n})"),
                    });
                }
                Ok(idx.clone())
            }
        }
    };
    let replicates = match &params.resamples {
        Resamples::Seeded { replicates, .. } => *replicates,
        Resamples::Given(v) => v.len(),
    };
    if replicates == 0 {
        return Err(DiagnosticError::InvalidParameter {
            name: "replicates",
            value: 0.0,
        }
        .into());
    }
    // (training − grid, test − grid) per replicate; None when the refit failed
    let per: Vec<Option<(Vec<f64>, Vec<f64>)>> = (0..replicates)
        .into_par_iter()
        .map(|r| -> Result<_, CalibrateError> {
            let idx = resample_of(r)?;
            let xb = DMatrix::from_fn(n, x.ncols(), |i, j| x[(idx[i], j)]);
            let yb: Vec<bool> = idx.iter().map(|&i| y[i]).collect();
            let Some(p_all) = usable_fit(&glm, &xb, names, &yb).and_then(|f| f.predict(x).ok())
            else {
                return Ok(None);
            };
            let p_train: Vec<f64> = idx.iter().map(|&i| p_all[i]).collect();
            let y_train: Vec<f64> = idx.iter().map(|&i| yf[i]).collect();
            Ok(Some((
                cal_error(&p_train, &y_train, &grid),
                cal_error(&p_all, &yf, &grid),
            )))
        })
        .collect::<Result<_, _>>()?;

    let mut train_sum = vec![0.0; g];
    let mut test_sum = vec![0.0; g];
    let mut num = vec![0usize; g];
    let mut failed = 0;
    for rep in &per {
        match rep {
            None => failed += 1,
            Some((tr, te)) => {
                for k in 0..g {
                    if !(tr[k] + te[k]).is_nan() {
                        train_sum[k] += tr[k];
                        test_sum[k] += te[k];
                        num[k] += 1;
                    }
                }
            }
        }
    }
    let points: Vec<CalibratePoint> = (0..g)
        .map(|k| {
            let nk = num[k] as f64;
            let (training, test) = (train_sum[k] / nk, test_sum[k] / nk);
            let optimism = training - test;
            let apparent = orig[k] + grid[k];
            CalibratePoint {
                predicted: grid[k],
                apparent,
                corrected: apparent - optimism,
                training,
                test,
                optimism,
                n: num[k],
            }
        })
        .collect();

    // rms' print: err = p̂ − approx(predy, corrected, xout = p̂, ties = mean)
    let (gx, gy): (Vec<f64>, Vec<f64>) = points
        .iter()
        .filter(|p| !(p.predicted + p.corrected).is_nan())
        .map(|p| (p.predicted, p.corrected))
        .unzip();
    let mut abs_err: Vec<f64> = predicted
        .iter()
        .map(|&p| (p - interpolate(&gx, &gy, p)).abs())
        .filter(|e| !e.is_nan())
        .collect();
    let m = abs_err.len() as f64;
    let (mean_abs_error, mean_squared_error, q90_abs_error) = if abs_err.is_empty() {
        (f64::NAN, f64::NAN, f64::NAN)
    } else {
        let mae = abs_err.iter().sum::<f64>() / m;
        let mse = abs_err.iter().map(|e| e * e).sum::<f64>() / m;
        abs_err.sort_by(f64::total_cmp);
        (mae, mse, quantile7(&abs_err, 0.9))
    };
    Ok(OptimismCalibration {
        n,
        events,
        replicates,
        failed,
        points,
        mean_abs_error,
        mean_squared_error,
        q90_abs_error,
        predicted,
    })
}

impl OptimismCalibration {
    /// The curve as rms prints it: `predy calibrated.orig calibrated.corrected
    /// index.orig training test optimism index.corrected n`.
    pub fn summary(&self) -> Table {
        let mut t = Table::new([
            "predy",
            "calibrated.orig",
            "calibrated.corrected",
            "training",
            "test",
            "optimism",
            "n",
        ])
        .with_title(format!(
            "Estimates of Calibration Accuracy by boot (B={}, {} failed)\n\nn={}   Mean absolute error={}   Mean squared error={}\n0.9 Quantile of absolute error={}",
            self.replicates,
            self.failed,
            self.n,
            crate::table::format_num(self.mean_abs_error, 3),
            crate::table::format_num(self.mean_squared_error, 5),
            crate::table::format_num(self.q90_abs_error, 3),
        ));
        for p in &self.points {
            t.push_row(
                "",
                [
                    Cell::Num(p.predicted),
                    Cell::Num(p.apparent),
                    Cell::Num(p.corrected),
                    Cell::Num(p.training),
                    Cell::Num(p.test),
                    Cell::Num(p.optimism),
                    Cell::Num(p.n as f64),
                ],
            );
        }
        t
    }
}

impl fmt::Display for OptimismCalibration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approx_first_collapses_ties_and_is_nan_outside() {
        let x = [0.1, 0.2, 0.2, 0.4];
        let y = [1.0, 2.0, 9.0, 4.0];
        let v = approx_first(&x, &y, &[0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5]);
        assert!(v[0].is_nan() && v[6].is_nan());
        assert_eq!(&v[1..6], &[1.0, 1.5, 2.0, 3.0, 4.0]);
    }

    fn data(n: usize) -> (DMatrix<f64>, Vec<bool>) {
        // deterministic pseudo-random design with a real signal
        let x = DMatrix::from_fn(n, 2, |i, j| (((i * 37 + j * 11) % 97) as f64 / 97.0) - 0.5);
        let y = (0..n)
            .map(|i| {
                let eta = 2.0 * x[(i, 0)] - 1.0 * x[(i, 1)];
                let u = ((i * 7919) % 1000) as f64 / 1000.0;
                u < 1.0 / (1.0 + (-eta).exp())
            })
            .collect();
        (x, y)
    }

    #[test]
    fn same_seed_same_curve_and_optimism_is_mostly_positive_in_size() {
        let (x, y) = data(200);
        let names = vec!["a".to_string(), "b".to_string()];
        let p = CalibrateParams {
            resamples: Resamples::Seeded {
                replicates: 40,
                seed: 7,
            },
            grid: 50,
        };
        let a = calibrate_logistic(&x, &names, &y, &p).unwrap();
        let b = calibrate_logistic(&x, &names, &y, &p).unwrap();
        assert_eq!(format!("{a}"), format!("{b}"));
        assert_eq!(a.points.len(), 50);
        assert!(a.mean_abs_error.is_finite() && a.mean_abs_error >= 0.0);
        // the bias-corrected curve is flatter than the apparent one (shrinkage)
        let slope = |f: &dyn Fn(&CalibratePoint) -> f64| {
            let ok: Vec<_> = a.points.iter().filter(|p| f(p).is_finite()).collect();
            let (first, last) = (ok[0], ok[ok.len() - 1]);
            (f(last) - f(first)) / (last.predicted - first.predicted)
        };
        assert!(slope(&|p| p.corrected) < slope(&|p| p.apparent));
    }

    #[test]
    fn bad_given_resample_is_named() {
        let (x, y) = data(50);
        let names = vec!["a".to_string(), "b".to_string()];
        let p = CalibrateParams {
            resamples: Resamples::Given(vec![vec![0; 49]]),
            grid: 50,
        };
        let e = calibrate_logistic(&x, &names, &y, &p).unwrap_err();
        assert!(e.to_string().contains("resample 0"), "{e}");
    }
}
