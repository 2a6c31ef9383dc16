//! Covariate balance before and after matching or weighting, as
//! `summary(MatchIt::matchit(...))` with `standardize = TRUE` for the ATT
//! (and `cobalt::bal.tab(s.d.denom = "treated", binary = "std")`).
//!
//! For each variable: the treated and control means, the standardised mean
//! difference (SMD), the variance ratio and the eCDF mean/max differences,
//! in the full sample and under the adjustment weights (matching weights
//! from [`crate::nearest::NearestFit::weights`] or IPTW weights). The SMD
//! denominator is the treated group's SD **in the full sample** for both
//! before and after, so the two are comparable; a 0/1 variable uses
//! √(p(1 − p)) of the treated group.
//!
//! ```
//! use nalgebra::DMatrix;
//! use prognos_matching::balance::balance;
//! let x = DMatrix::from_column_slice(4, 1, &[1.0, 2.0, 3.0, 5.0]);
//! let b = balance(&x, &["age".to_string()], &[true, true, false, false], None).unwrap();
//! assert_eq!(b.rows[0].before.mean_treated, 1.5);
//! ```

mod stats;

pub use stats::BalanceStats;
pub(crate) use stats::{balance_stats, is_binary, pooled_equal_sd, treated_sd, value_order};

use crate::MatchError;
use nalgebra::DMatrix;
use prognos_core::Table;
use std::fmt;

/// Which standard deviation divides the mean difference (computed in the
/// full, unweighted sample, so before and after are comparable), as
/// `summary.matchit` / cobalt's `s.d.denom` defaults per estimand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SdDenominator {
    /// The treated group's SD (ATT).
    #[default]
    Treated,
    /// √((s²₁ + s²₀) / 2), both groups contributing equally (ATE).
    Pooled,
}

/// Balance of one covariate.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceRow {
    /// Covariate (design column) name.
    pub covariate: String,
    /// Whether it is a 0/1 variable.
    pub binary: bool,
    /// The SMD denominator (treated or pooled SD in the full sample).
    pub sd_treated: f64,
    /// Full, unweighted sample.
    pub before: BalanceStats,
    /// Under the adjustment weights; `None` when none were given.
    pub after: Option<BalanceStats>,
}

/// One point of a Love plot: |SMD| of a covariate in one sample.
#[derive(Debug, Clone, PartialEq)]
pub struct LovePoint {
    /// Covariate name.
    pub covariate: String,
    /// `"Unadjusted"` or `"Adjusted"` (cobalt's labels).
    pub sample: &'static str,
    /// Absolute standardised mean difference.
    pub abs_smd: f64,
}

/// Balance table over all covariates.
#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    /// One row per covariate, in input order.
    pub rows: Vec<BalanceRow>,
    /// The SMD denominator used.
    pub denominator: SdDenominator,
}

/// Computes the balance of every column of `x` (n × p, rows = units)
/// between `treated` and control units, before and (with `weights`)
/// after adjustment.
///
/// # Errors
/// Length mismatches, no treated or no control units, negative or
/// non-finite weights.
pub fn balance(
    x: &DMatrix<f64>,
    names: &[String],
    treated: &[bool],
    weights: Option<&[f64]>,
) -> Result<Balance, MatchError> {
    balance_with(x, names, treated, weights, SdDenominator::Treated)
}

/// [`balance`] with a chosen SMD denominator: `Treated` for the ATT,
/// `Pooled` for the ATE (`summary.matchit` with `estimand = "ATE"`).
///
/// # Errors
/// As [`balance`].
pub fn balance_with(
    x: &DMatrix<f64>,
    names: &[String],
    treated: &[bool],
    weights: Option<&[f64]>,
    denominator: SdDenominator,
) -> Result<Balance, MatchError> {
    let n = x.nrows();
    if treated.len() != n {
        return Err(MatchError::LengthMismatch {
            what: "treatment",
            got: treated.len(),
            expected: n,
        });
    }
    if names.len() != x.ncols() {
        return Err(MatchError::LengthMismatch {
            what: "covariate names",
            got: names.len(),
            expected: x.ncols(),
        });
    }
    if let Some(w) = weights {
        if w.len() != n {
            return Err(MatchError::LengthMismatch {
                what: "weights",
                got: w.len(),
                expected: n,
            });
        }
        if let Some((index, &value)) = w
            .iter()
            .enumerate()
            .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
        {
            return Err(MatchError::InvalidWeight { index, value });
        }
    }
    if !treated.iter().any(|&t| t) {
        return Err(MatchError::NoTreated);
    }
    if treated.iter().all(|&t| t) {
        return Err(MatchError::NoControls);
    }
    let rows = (0..x.ncols())
        .map(|j| {
            let col = x.column(j);
            let v: Vec<f64> = col.iter().copied().collect();
            balance_row_with(&names[j], &v, treated, weights, denominator)
        })
        .collect();
    Ok(Balance { rows, denominator })
}

/// Balance of a single variable (e.g. the propensity score itself).
pub fn balance_row(name: &str, x: &[f64], treated: &[bool], weights: Option<&[f64]>) -> BalanceRow {
    balance_row_with(name, x, treated, weights, SdDenominator::Treated)
}

/// [`balance_row`] with a chosen SMD denominator.
pub fn balance_row_with(
    name: &str,
    x: &[f64],
    treated: &[bool],
    weights: Option<&[f64]>,
    denominator: SdDenominator,
) -> BalanceRow {
    let binary = is_binary(x);
    let sd = match denominator {
        SdDenominator::Treated => treated_sd(x, treated, binary),
        SdDenominator::Pooled => pooled_equal_sd(x, treated, binary),
    };
    let ord = if binary { Vec::new() } else { value_order(x) };
    BalanceRow {
        covariate: name.to_string(),
        binary,
        sd_treated: sd,
        before: balance_stats(x, treated, None, binary, sd, &ord),
        after: weights.map(|w| balance_stats(x, treated, Some(w), binary, sd, &ord)),
    }
}

impl Balance {
    /// The data of a Love plot (cobalt's `love.plot`): |SMD| per covariate
    /// before (`Unadjusted`) and, when available, after (`Adjusted`).
    pub fn love_plot(&self) -> Vec<LovePoint> {
        let mut out = Vec::with_capacity(2 * self.rows.len());
        for r in &self.rows {
            out.push(LovePoint {
                covariate: r.covariate.clone(),
                sample: "Unadjusted",
                abs_smd: r.before.smd.abs(),
            });
            if let Some(a) = &r.after {
                out.push(LovePoint {
                    covariate: r.covariate.clone(),
                    sample: "Adjusted",
                    abs_smd: a.smd.abs(),
                });
            }
        }
        out
    }

    /// The largest |SMD| after adjustment (before when unadjusted).
    pub fn max_abs_smd(&self) -> f64 {
        self.rows
            .iter()
            .map(|r| r.after.as_ref().unwrap_or(&r.before).smd.abs())
            .fold(0.0, f64::max)
    }

    /// Balance table as `summary.matchit`: means and SMD for all data and
    /// for the matched (weighted) data, variance ratio and eCDF max after.
    pub fn summary(&self) -> Table {
        let mut t = Table::new([
            "Means Treated",
            "Means Control",
            "Std. Mean Diff.",
            "Means Treated (adj)",
            "Means Control (adj)",
            "Std. Mean Diff. (adj)",
            "Var. Ratio (adj)",
            "eCDF Max (adj)",
        ])
        .with_title(match self.denominator {
            SdDenominator::Treated => "Balance (SMD denominator: treated SD in the full sample)",
            SdDenominator::Pooled => "Balance (SMD denominator: pooled SD in the full sample)",
        });
        for r in &self.rows {
            let b = &r.before;
            let cells: Vec<prognos_core::Cell> = match &r.after {
                Some(a) => vec![
                    b.mean_treated.into(),
                    b.mean_control.into(),
                    b.smd.into(),
                    a.mean_treated.into(),
                    a.mean_control.into(),
                    a.smd.into(),
                    a.var_ratio.into(),
                    a.ecdf_max.into(),
                ],
                None => {
                    let mut c: Vec<prognos_core::Cell> =
                        vec![b.mean_treated.into(), b.mean_control.into(), b.smd.into()];
                    c.extend(std::iter::repeat_n(prognos_core::Cell::Na, 5));
                    c
                }
            };
            t.push_row(r.covariate.clone(), cells);
        }
        t
    }
}

impl fmt::Display for Balance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_smd_uses_p_one_minus_p() {
        let x = [1.0, 0.0, 1.0, 1.0, 0.0, 0.0];
        let t = [true, true, true, true, false, false];
        let r = balance_row("b", &x, &t, None);
        assert!(r.binary);
        let p: f64 = 0.75;
        assert!((r.before.smd - 0.75 / (p * (1.0 - p)).sqrt()).abs() < 1e-12);
        assert_eq!(r.before.var_ratio, None);
    }

    #[test]
    fn continuous_smd_uses_treated_sample_sd() {
        let x = [1.0, 2.0, 3.0, 10.0, 11.0];
        let t = [true, true, true, false, false];
        let r = balance_row("x", &x, &t, None);
        // treated sd = 1, mean diff = 2 - 10.5
        assert!((r.before.smd - (-8.5)).abs() < 1e-12);
        assert!((r.before.var_ratio.unwrap() - 1.0 / 0.5).abs() < 1e-12);
        assert!((r.before.ecdf_max - 1.0).abs() < 1e-12);
    }

    #[test]
    fn weights_change_after_but_not_denominator() {
        let x = [1.0, 2.0, 3.0, 2.0, 11.0];
        let t = [true, true, true, false, false];
        let w = [1.0, 1.0, 1.0, 1.0, 0.0];
        let r = balance_row("x", &x, &t, Some(&w));
        let a = r.after.unwrap();
        assert_eq!(a.mean_control, 2.0);
        assert!(a.smd.abs() < 1e-15);
        assert!((r.sd_treated - 1.0).abs() < 1e-14);
    }
}
