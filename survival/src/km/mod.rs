//! Kaplan–Meier estimation, as R's `survival::survfit(Surv(time, status) ~ group)`.
//!
//! The product-limit estimate `S(t) = prod_{t_j <= t} (1 - d_j / n_j)` over
//! the distinct times `t_j`, with `d_j` the (weighted) events and `n_j` the
//! (weighted) number at risk at `t_j`. Every distinct time of a group gets a
//! row of its curve, censoring-only times included, as `survfit` stores them.
//!
//! | Name | Default | Purpose |
//! |------|---------|---------|
//! | `conf_type` | [`ConfType::Log`] | scale of the pointwise interval (`conf.type`) |
//! | `conf_level` | 0.95 | coverage of the pointwise interval (`conf.int`) |
//! | `timefix` | `true` | merge near-equal times first ([`crate::timefix`]) |
//!
//! **Variance.** With no weights or integer weights, Greenwood's formula on
//! the weighted counts: `var(log S(t)) = sum d_j / (n_j (n_j - d_j))`. With
//! any non-integer weight R switches to the infinitesimal-jackknife (robust)
//! variance, and so does this module ([`KmVariance`]); the point estimates
//! are the same either way.
//!
//! **Median.** As `print.survfit`: the first time where the curve is below
//! `0.5 + sqrt(eps)`; if the curve equals 0.5 (within that tolerance) over an
//! interval, the midpoint between that time and the next time the curve
//! drops. The limits apply the same rule to the lower and upper curves. A
//! median that is never reached is `None`.
//!
//! ```
//! use prognos_survival::km::KmParams;
//! let time = [1.0, 2.0, 2.0, 3.0, 4.0, 5.0];
//! let event = [true, true, false, true, false, true];
//! let curve = KmParams::default().fit(&time, &event, None).unwrap();
//! assert!((curve.table[1].survival - 2.0 / 3.0).abs() < 1e-12);
//! assert_eq!(curve.median.estimate, Some(3.0));
//! ```
//!
//! # Errors
//! [`KmError`] for mismatched lengths, non-finite times, negative weights,
//! out-of-range group indices or a confidence level outside (0, 1).
//!
//! # References
//! Kaplan E. L., Meier P. (1958) JASA 53:457–481. Greenwood M. (1926).
//! R: `survfit(Surv(time, status) ~ group, data, weights, conf.type = "log")`,
//! `summary(fit, times = ...)`, `print(fit)` (survival 3.5).

mod ci;
mod error;
mod fit;
mod summary;

pub use ci::ConfType;
pub use error::KmError;

/// The Kaplan–Meier parameters (R `survfit` arguments).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KmParams {
    /// Scale of the pointwise confidence interval.
    pub conf_type: ConfType,
    /// Coverage of the interval, in (0, 1).
    pub conf_level: f64,
    /// Merge near-equal times as `aeqSurv` does (R `timefix = TRUE`).
    pub timefix: bool,
}

impl Default for KmParams {
    fn default() -> Self {
        KmParams {
            conf_type: ConfType::Log,
            conf_level: 0.95,
            timefix: true,
        }
    }
}

/// Which variance the standard errors use (chosen as R chooses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KmVariance {
    /// Greenwood's formula (no weights or integer weights).
    Greenwood,
    /// Infinitesimal jackknife (R's `robust = TRUE`, used for non-integer weights).
    InfinitesimalJackknife,
}

/// One row of a curve: one distinct time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KmRow {
    /// The time.
    pub time: f64,
    /// (Weighted) number at risk just before `time`.
    pub n_risk: f64,
    /// (Weighted) number of events at `time`.
    pub n_event: f64,
    /// (Weighted) number censored at `time`.
    pub n_censor: f64,
    /// Kaplan–Meier survival just after `time`.
    pub survival: f64,
    /// Standard error of `survival` (R `summary(fit)$std.err`); 0 once the
    /// curve has reached 0.
    pub std_err: f64,
    /// Standard error of `log(survival)` (R `fit$std.err` for Greenwood);
    /// infinite once the curve has reached 0 under Greenwood.
    pub std_err_log: f64,
    /// Lower confidence limit; `None` where R gives `NA` (curve at 0, or at 1
    /// for log-log).
    pub lower: Option<f64>,
    /// Upper confidence limit; `None` where R gives `NA`.
    pub upper: Option<f64>,
}

/// The curve at a requested time, as `summary(fit, times = t)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KmAt {
    /// The requested time.
    pub time: f64,
    /// Survival at `time` (1 before the first time).
    pub survival: f64,
    /// Standard error of `survival`.
    pub std_err: f64,
    /// Lower confidence limit (`None` where R gives `NA`).
    pub lower: Option<f64>,
    /// Upper confidence limit (`None` where R gives `NA`).
    pub upper: Option<f64>,
    /// (Weighted) number at risk at `time`: observations with time `>= time`.
    pub n_risk: f64,
}

/// Median survival and its confidence limits (`print.survfit`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Median {
    /// The median; `None` when the curve never drops below 0.5.
    pub estimate: Option<f64>,
    /// Lower limit (from the lower curve); `None` when not reached.
    pub lower: Option<f64>,
    /// Upper limit (from the upper curve); `None` when not reached.
    pub upper: Option<f64>,
}

/// One Kaplan–Meier curve.
#[derive(Debug, Clone, PartialEq)]
pub struct KmCurve {
    /// Group label (`"all"` for an ungrouped fit).
    pub label: String,
    /// Number of observations (records, unweighted).
    pub n: usize,
    /// Total (weighted) events.
    pub events: f64,
    /// One row per distinct time, ascending.
    pub table: Vec<KmRow>,
    /// Median survival and limits.
    pub median: Median,
    /// Interval scale used.
    pub conf_type: ConfType,
    /// Interval coverage used.
    pub conf_level: f64,
    /// Variance used for the standard errors.
    pub variance: KmVariance,
}

/// Kaplan–Meier curves of several groups (R `survfit(Surv(t, e) ~ group)`).
#[derive(Debug, Clone, PartialEq)]
pub struct KmFit {
    /// One curve per group, in the order of the labels given.
    pub curves: Vec<KmCurve>,
}

#[cfg(test)]
mod tests;
