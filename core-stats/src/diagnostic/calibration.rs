//! Calibration of predicted probabilities: calibration-in-the-large,
//! calibration slope, a grouped (deciles of risk) table with the
//! Hosmer–Lemeshow test, and a LOWESS-smoothed calibration curve.

use super::error::{check_inputs, check_probabilities};
use super::lowess::{Lowess, lowess};
use super::{Brier, DiagnosticError};
use crate::bootstrap::quantile7;
use crate::glm::LogisticParams;
use crate::table::{Cell, Table};
use nalgebra::DMatrix;
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};
use std::fmt;

/// Settings of [`CalibrationParams::fit`].
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `groups` | 10 | risk groups of the table and Hosmer–Lemeshow `g` |
/// | `conf_level` | 0.95 | level of the Wald intervals |
/// | `smoother_span` | 2/3 | LOWESS span `f` (R `lowess` default) |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalibrationParams {
    /// Number of risk groups (Hosmer–Lemeshow `g`).
    pub groups: usize,
    /// Confidence level.
    pub conf_level: f64,
    /// LOWESS span.
    pub smoother_span: f64,
}

impl Default for CalibrationParams {
    fn default() -> Self {
        CalibrationParams {
            groups: 10,
            conf_level: 0.95,
            smoother_span: 2.0 / 3.0,
        }
    }
}

/// A single estimate with Wald standard error, interval and p-value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Point estimate.
    pub estimate: f64,
    /// Standard error.
    pub se: f64,
    /// Lower Wald limit.
    pub lower: f64,
    /// Upper Wald limit.
    pub upper: f64,
    /// Two-sided p-value of the test against the null value (0 for the
    /// intercept, 1 for the slope).
    pub p: f64,
}

/// One risk group of the calibration table.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationGroup {
    /// Interval of predicted risk, as R's `cut` labels it, e.g. `(0.1,0.2]`.
    pub interval: String,
    /// Subjects.
    pub n: usize,
    /// Observed events.
    pub observed: f64,
    /// Expected events (sum of predicted probabilities).
    pub expected: f64,
    /// Mean predicted probability.
    pub mean_predicted: f64,
    /// Observed event rate.
    pub observed_rate: f64,
}

/// The Hosmer–Lemeshow goodness-of-fit test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HosmerLemeshow {
    /// Σ over groups and both outcome classes of (O − E)² / E.
    pub chisq: f64,
    /// g − 2.
    pub df: usize,
    /// Upper-tail chi-square p-value.
    pub p: f64,
}

/// The calibration of predicted probabilities against observed 0/1 outcomes.
#[derive(Debug, Clone)]
pub struct Calibration {
    /// Subjects.
    pub n: usize,
    /// Events.
    pub events: usize,
    /// Mean predicted probability.
    pub mean_predicted: f64,
    /// Observed event rate.
    pub observed_rate: f64,
    /// Calibration-in-the-large: the intercept `a` of
    /// `glm(y ~ offset(logit(p)), binomial)` (0 is ideal).
    pub citl: Estimate,
    /// Intercept of the recalibration model `glm(y ~ logit(p), binomial)`.
    pub recal_intercept: Estimate,
    /// Calibration slope: the coefficient of `logit(p)` in that model (1 is ideal; p tests slope = 1).
    pub slope: Estimate,
    /// The grouped calibration table.
    pub groups: Vec<CalibrationGroup>,
    /// The Hosmer–Lemeshow test over [`Calibration::groups`].
    pub hosmer_lemeshow: HosmerLemeshow,
    /// LOWESS of the outcome on the predicted probability (R `lowess(p, y, iter = 0)`).
    pub smooth: Lowess,
    /// Brier score.
    pub brier: Brier,
}

impl CalibrationParams {
    /// Assesses the calibration of probabilities `p` for outcomes `y`.
    ///
    /// - **Calibration-in-the-large**: Newton–Raphson for `a` in
    ///   `logit P(y=1) = a + logit(p)`; se = 1/sqrt(Σ μ(1−μ)) (R `glm` with an offset).
    /// - **Slope**: [`LogisticParams`] fit of `y` on `logit(p)` (R `glm(y ~ qlogis(p))`).
    /// - **Groups / Hosmer–Lemeshow**: as `ResourceSelection::hoslem.test(y, p, g)`:
    ///   breaks = `unique(quantile(p, seq(0, 1, 1/g)))` (type 7), groups
    ///   `cut(p, breaks, include.lowest = TRUE)` (right-closed intervals, the first
    ///   closed on both sides); statistic Σ (O − E)²/E over both outcome columns;
    ///   df = g − 2 even when tied quantiles merge groups (as hoslem.test).
    ///   Empty groups are left out of the table and the sum.
    /// - **Smooth curve**: `lowess(p, y, f = 2/3, iter = 0)`, as `rms::val.prob`
    ///   (iter = 0: no robustness iterations, which would discard 0/1 outcomes).
    ///
    /// # Errors
    /// Length mismatch, non-finite or out-of-[0, 1] probability, one class absent,
    /// a probability of exactly 0 or 1 (its logit is infinite), fewer than 3 groups.
    ///
    /// # References
    /// Hosmer DW, Lemeshow S (1980). Goodness of fit tests for the multiple logistic
    /// regression model. *Commun Stat* A9:1043–69. Van Calster B et al. (2019).
    /// Calibration: the Achilles heel of predictive analytics. *BMC Med* 17:230.
    pub fn fit(&self, p: &[f64], y: &[bool]) -> Result<Calibration, DiagnosticError> {
        let (events, _) = check_inputs(p, y)?;
        check_probabilities(p)?;
        if self.groups < 3 {
            return Err(DiagnosticError::InvalidParameter {
                name: "groups",
                value: self.groups as f64,
            });
        }
        if !(self.conf_level > 0.0 && self.conf_level < 1.0) {
            return Err(DiagnosticError::InvalidParameter {
                name: "conf_level",
                value: self.conf_level,
            });
        }
        if let Some(row) = p.iter().position(|&v| v == 0.0 || v == 1.0) {
            return Err(DiagnosticError::DegenerateProbability { row, value: p[row] });
        }
        let n = p.len();
        let nf = n as f64;
        let yf: Vec<f64> = y.iter().map(|&b| if b { 1.0 } else { 0.0 }).collect();
        let lp: Vec<f64> = p.iter().map(|&v| (v / (1.0 - v)).ln()).collect();
        let normal = Normal::standard();
        let zq = normal.inverse_cdf(0.5 + self.conf_level / 2.0);
        let wald = |est: f64, se: f64, null: f64| Estimate {
            estimate: est,
            se,
            lower: est - zq * se,
            upper: est + zq * se,
            p: 2.0 * normal.cdf(-((est - null) / se).abs()),
        };

        // calibration-in-the-large: R's glm.fit IRLS for `y ~ 1 + offset(lp)`,
        // reproduced step by step (start at logit((y + 0.5)/2) without the
        // offset, same convergence rule, SE from the working weights of the
        // last iteration) so that the SE agrees with R to rounding.
        let (a, citl_se) = citl_irls(&lp, y);
        let citl = wald(a, citl_se, 0.0);

        // slope: glm(y ~ logit(p))
        let x = DMatrix::from_column_slice(n, 1, &lp);
        let fit = LogisticParams::default()
            .conf_level(self.conf_level)
            .fit(&x, &["logit(p)".to_string()], y, None)
            .map_err(|_| DiagnosticError::InvalidParameter {
                name: "recalibration fit",
                value: f64::NAN,
            })?;
        let c0 = &fit.coefficients[0];
        let c1 = &fit.coefficients[1];
        let recal_intercept = wald(c0.estimate, c0.se, 0.0);
        let slope = wald(c1.estimate, c1.se, 1.0);

        let (groups, hosmer_lemeshow) = hosmer_lemeshow(p, &yf, self.groups);
        let smooth = lowess(p, &yf, self.smoother_span, 0);
        let brier = Brier::new(p, y)?;
        Ok(Calibration {
            n,
            events,
            mean_predicted: p.iter().sum::<f64>() / nf,
            observed_rate: events as f64 / nf,
            citl,
            recal_intercept,
            slope,
            groups,
            hosmer_lemeshow,
            smooth,
            brier,
        })
    }
}

/// Intercept and its SE of `glm(y ~ 1 + offset(lp), binomial)`, as `glm.fit` iterates.
fn citl_irls(lp: &[f64], y: &[bool]) -> (f64, f64) {
    use crate::glm::kernel::{binomial_dev_resid, logit_inv, logit_mu_eta};
    let n = lp.len();
    let yf: Vec<f64> = y.iter().map(|&b| if b { 1.0 } else { 0.0 }).collect();
    let mut mu: Vec<f64> = yf.iter().map(|v| (v + 0.5) / 2.0).collect();
    let mut eta: Vec<f64> = mu.iter().map(|m| (m / (1.0 - m)).ln()).collect();
    let dev = |mu: &[f64]| -> f64 { (0..n).map(|i| binomial_dev_resid(y[i], mu[i], 1.0)).sum() };
    let mut dev_old = dev(&mu);
    let (mut a, mut sw) = (0.0, 1.0);
    for _ in 0..25 {
        let (mut swz, mut sww) = (0.0, 0.0);
        for i in 0..n {
            let me = logit_mu_eta(eta[i]);
            let z = eta[i] - lp[i] + (yf[i] - mu[i]) / me;
            let w = me * me / (mu[i] * (1.0 - mu[i]));
            swz += w * z;
            sww += w;
        }
        a = swz / sww;
        sw = sww;
        for i in 0..n {
            eta[i] = a + lp[i];
            mu[i] = logit_inv(eta[i]);
        }
        let d = dev(&mu);
        if (d - dev_old).abs() / (d.abs() + 0.1) < 1e-8 {
            break;
        }
        dev_old = d;
    }
    (a, 1.0 / sw.sqrt())
}

fn hosmer_lemeshow(p: &[f64], y: &[f64], g: usize) -> (Vec<CalibrationGroup>, HosmerLemeshow) {
    let mut sorted = p.to_vec();
    sorted.sort_by(f64::total_cmp);
    let by = 1.0 / g as f64;
    let mut breaks: Vec<f64> = (0..=g).map(|k| quantile7(&sorted, k as f64 * by)).collect();
    breaks.dedup();
    let k = breaks.len().saturating_sub(1).max(1);
    let mut cnt = vec![0usize; k];
    let mut obs = vec![0.0; k];
    let mut exp = vec![0.0; k];
    for (&pi, &yi) in p.iter().zip(y) {
        // first break >= p (right-closed), group index ≥ 0 (include.lowest)
        let b = breaks.partition_point(|&q| q < pi);
        let gi = b.saturating_sub(1).min(k - 1);
        cnt[gi] += 1;
        obs[gi] += yi;
        exp[gi] += pi;
    }
    let mut groups = Vec::new();
    let mut chisq = 0.0;
    for gi in 0..k {
        if cnt[gi] == 0 {
            continue;
        }
        let nn = cnt[gi] as f64;
        let (o1, e1) = (obs[gi], exp[gi]);
        let (o0, e0) = (nn - o1, nn - e1);
        chisq += (o1 - e1).powi(2) / e1 + (o0 - e0).powi(2) / e0;
        let lo = breaks[gi];
        let hi = if breaks.len() > 1 {
            breaks[gi + 1]
        } else {
            breaks[0]
        };
        let open = if gi == 0 { '[' } else { '(' };
        groups.push(CalibrationGroup {
            interval: format!("{open}{},{}]", fmt_break(lo), fmt_break(hi)),
            n: cnt[gi],
            observed: o1,
            expected: e1,
            mean_predicted: e1 / nn,
            observed_rate: o1 / nn,
        });
    }
    let df = g - 2;
    let p = ChiSquared::new(df as f64)
        .map(|d| d.sf(chisq))
        .unwrap_or(f64::NAN);
    (groups, HosmerLemeshow { chisq, df, p })
}

/// A break printed with 3 significant digits, as R's `cut` labels.
fn fmt_break(v: f64) -> String {
    crate::table::format_num(v, 3)
}

impl Calibration {
    /// The grouped table (`n observed expected mean_predicted observed_rate`)
    /// with calibration-in-the-large, slope, Hosmer–Lemeshow and Brier in the footer.
    pub fn summary(&self) -> Table {
        let mut t = Table::new([
            "n",
            "observed",
            "expected",
            "mean predicted",
            "observed rate",
        ])
        .with_title("Calibration of predicted probabilities");
        for g in &self.groups {
            t.push_row(
                g.interval.clone(),
                [
                    Cell::Int(g.n as i64),
                    Cell::Num(g.observed),
                    Cell::Num(g.expected),
                    Cell::Num(g.mean_predicted),
                    Cell::Num(g.observed_rate),
                ],
            );
        }
        let f = |v: f64| crate::table::format_num(v, 4);
        t.push_footer(format!(
            "Calibration-in-the-large: {} ({} to {})   slope: {} ({} to {})",
            f(self.citl.estimate),
            f(self.citl.lower),
            f(self.citl.upper),
            f(self.slope.estimate),
            f(self.slope.lower),
            f(self.slope.upper)
        ));
        t.push_footer(format!(
            "Hosmer-Lemeshow X-squared = {}, df = {}, p-value = {}",
            f(self.hosmer_lemeshow.chisq),
            self.hosmer_lemeshow.df,
            crate::table::format_p(self.hosmer_lemeshow.p, 3)
        ));
        t.push_footer(format!(
            "Brier = {}  scaled Brier = {}",
            f(self.brier.brier),
            f(self.brier.scaled)
        ));
        t
    }
}

impl fmt::Display for Calibration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
