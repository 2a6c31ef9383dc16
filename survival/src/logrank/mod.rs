//! The log-rank test, as R's `survival::survdiff(Surv(time, status) ~ group + strata(s))`
//! (`rho = 0`), and the log-rank test for trend across ordered groups.
//!
//! At each distinct event time `t` of a stratum, with `d` events among `n`
//! at risk and `n_g` at risk in group `g`:
//! `E_g += d n_g / n` and
//! `V_gh += d (n - d) / (n (n - 1)) · n_g (δ_gh − n_h / n)`.
//! Observed `O_g`, expected `E_g` and `V` are summed over strata. The
//! statistic is `(O − E)' V⁻ (O − E)` over the groups with `E_g > 0`, the
//! first of them dropped; `df` = (number of groups with `E_g > 0`) − 1.
//!
//! The **trend test** uses scores `s_g` (default 1, 2, …, k in group
//! order): `U = Σ s_g (O_g − E_g)`, `chisq = U² / (s' V s)` on 1 df.
//!
//! Near-equal times are merged first ([`crate::timefix`]), as `survdiff`
//! does with `timefix = TRUE`.
//!
//! ```
//! use prognos_survival::logrank::logrank;
//! let time = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
//! let event = [true, true, true, true, false, true];
//! let group = [0, 0, 0, 1, 1, 1];
//! let labels = ["A".to_string(), "B".to_string()];
//! let test = logrank(&time, &event, &group, &labels, None).unwrap();
//! assert_eq!(test.df, 1);
//! assert!(test.p_value < 0.2);
//! ```
//!
//! # Errors
//! [`LogrankError`] for mismatched lengths, non-finite times, out-of-range
//! group or stratum indices, fewer than two groups, or a singular variance.
//!
//! # References
//! Mantel N. (1966); Peto R., Peto J. (1972). R: `survdiff(Surv(time,
//! status) ~ group + strata(s), data)` (survival 3.5); trend test as in
//! Collett (2015) *Modelling Survival Data in Medical Research*, §2.6.

mod error;
mod fit;
mod summary;

pub use error::LogrankError;
pub use fit::logrank;
pub(crate) use fit::logrank_sorted;

use nalgebra::DMatrix;

/// Observed and expected events of one group, summed over strata.
#[derive(Debug, Clone, PartialEq)]
pub struct LogrankGroup {
    /// Group label.
    pub label: String,
    /// Number of observations in the group.
    pub n: usize,
    /// Observed events.
    pub observed: f64,
    /// Expected events under the null hypothesis.
    pub expected: f64,
}

/// A chi-square test result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChisqTest {
    /// The chi-square statistic.
    pub chisq: f64,
    /// Degrees of freedom.
    pub df: usize,
    /// Upper-tail p-value.
    pub p_value: f64,
}

/// The log-rank test (R `survdiff` object).
#[derive(Debug, Clone, PartialEq)]
pub struct LogrankTest {
    /// Per-group observed and expected events.
    pub groups: Vec<LogrankGroup>,
    /// Variance–covariance matrix of `O − E` (R `$var`), k × k.
    pub var: DMatrix<f64>,
    /// Chi-square statistic (R `$chisq`).
    pub chisq: f64,
    /// Degrees of freedom.
    pub df: usize,
    /// Upper-tail p-value, `pchisq(chisq, df, lower.tail = FALSE)`.
    pub p_value: f64,
    /// Number of strata (1 without strata).
    pub n_strata: usize,
}

impl LogrankTest {
    /// The log-rank test for trend with the given group scores (default
    /// `1, 2, …, k`): `U = Σ s_g (O_g − E_g)`, `chisq = U² / s'Vs`, 1 df.
    ///
    /// # Errors
    /// [`LogrankError::LengthMismatch`] if `scores` has the wrong length;
    /// [`LogrankError::SingularVariance`] if `s'Vs` is 0.
    pub fn trend(&self, scores: Option<&[f64]>) -> Result<ChisqTest, LogrankError> {
        let k = self.groups.len();
        let default: Vec<f64> = (1..=k).map(|v| v as f64).collect();
        let s = scores.unwrap_or(&default);
        if s.len() != k {
            return Err(LogrankError::LengthMismatch {
                what: "scores",
                got: s.len(),
                expected: k,
            });
        }
        let u: f64 = self
            .groups
            .iter()
            .zip(s)
            .map(|(g, s)| s * (g.observed - g.expected))
            .sum();
        let mut v = 0.0;
        for i in 0..k {
            for j in 0..k {
                v += s[i] * self.var[(i, j)] * s[j];
            }
        }
        if v.is_nan() || v <= 0.0 {
            return Err(LogrankError::SingularVariance);
        }
        let chisq = u * u / v;
        Ok(ChisqTest {
            chisq,
            df: 1,
            p_value: pchisq_upper(chisq, 1),
        })
    }
}

/// Upper tail of the chi-square distribution, `pchisq(x, df, lower.tail = FALSE)`.
pub(crate) fn pchisq_upper(x: f64, df: usize) -> f64 {
    use statrs::distribution::{ChiSquared, ContinuousCDF};
    if x.is_nan() {
        return f64::NAN;
    }
    if x <= 0.0 {
        return 1.0;
    }
    match df {
        0 => f64::NAN,
        1 => 2.0 * prognos_core::htest::dist::pnorm_upper(x.sqrt()),
        2 => (-x / 2.0).exp(),
        _ => ChiSquared::new(df as f64).map_or(f64::NAN, |d| d.sf(x)),
    }
}

#[cfg(test)]
mod tests;
