//! Inverse-probability-of-treatment weights from a propensity score, as
//! `WeightIt::get_w_from_ps` (ATE and ATT) with `stabilize`, then trimmed
//! at a quantile as `WeightIt::trim(at = q)`.
//!
//! | Estimand | treated weight | control weight |
//! |----------|----------------|----------------|
//! | ATE | 1 / e | 1 / (1 − e) |
//! | ATT | 1 | e / (1 − e) |
//!
//! **Stabilisation** (WeightIt's `stabilize = TRUE`, for both estimands):
//! every weight is multiplied by the proportion of units in its own
//! treatment group (P(T = 1) for treated, P(T = 0) for controls; Robins,
//! Hernán & Brumback 2000). Balance, hazard ratios and effective sample
//! sizes are unchanged by it; the weights sum to about n instead of 2n.
//!
//! **Trimming** (WeightIt's `trim(at = q, lower)`, winsorising, 0.5 ≤ q < 1):
//! every weight above the `q` quantile of the weights is set to that
//! quantile (with `lower` also every weight below the 1 − q quantile is
//! raised to it). The quantile is R's `quantile(type = 3)` over the units
//! of the groups whose weights vary: for the ATT the treated (all weight 1,
//! or P(T = 1) when stabilised) are neither used nor trimmed. Trimming is
//! applied after stabilisation. This is trimming of the *weights* at a
//! quantile, not truncation of the propensity score to [0.01, 0.99].
//!
//! **Effective sample size** per group: Kish's (Σw)² / Σw².
//!
//! ```
//! use prognos_matching::iptw::{Estimand, IptwParams};
//! let w = IptwParams::default().estimand(Estimand::Att)
//!     .weights(&[0.5, 0.5, 0.75], &[true, false, false]).unwrap();
//! assert_eq!(w.weights, vec![1.0, 1.0, 3.0]);
//! ```
//!
//! # References
//! Austin PC, Stuart EA (2015) Moving towards best practice when using
//! inverse probability of treatment weighting. Stat Med 34:3661–3679.
//! Cole SR, Hernán MA (2008) Am J Epidemiol 168:656–664.

mod weights;

use crate::MatchError;
use crate::balance::{Balance, SdDenominator, balance_with};
use nalgebra::DMatrix;
use prognos_core::Table;
use std::fmt;

/// The target population of the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Estimand {
    /// Average treatment effect in the whole population.
    #[default]
    Ate,
    /// Average treatment effect in the treated.
    Att,
}

impl Estimand {
    /// `"ATE"` or `"ATT"` (WeightIt's spelling).
    pub fn as_str(self) -> &'static str {
        match self {
            Estimand::Ate => "ATE",
            Estimand::Att => "ATT",
        }
    }

    /// The SMD denominator of balance tables for this estimand (cobalt's
    /// and `summary.matchit`'s default): treated SD for the ATT, pooled SD
    /// for the ATE.
    pub fn sd_denominator(self) -> SdDenominator {
        match self {
            Estimand::Ate => SdDenominator::Pooled,
            Estimand::Att => SdDenominator::Treated,
        }
    }
}

/// IPTW options.
///
/// | Name | Default | Purpose |
/// |------|---------|---------|
/// | `estimand` | `Ate` | ATE or ATT weights |
/// | `stabilize` | false | multiply by the proportion of the unit's group |
/// | `trim` | none | winsorise weights above this quantile (0.5 ≤ q < 1) |
/// | `trim_lower` | false | also raise weights below the 1 − q quantile |
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IptwParams {
    /// ATE or ATT.
    pub estimand: Estimand,
    /// Stabilised weights.
    pub stabilize: bool,
    /// Upper trimming quantile.
    pub trim: Option<f64>,
    /// Whether to trim at the lower quantile too.
    pub trim_lower: bool,
}

/// Weight distribution of one treatment group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupWeights {
    /// Units in the group.
    pub n: usize,
    /// Sum of the weights.
    pub sum: f64,
    /// Smallest weight.
    pub min: f64,
    /// Mean weight.
    pub mean: f64,
    /// Largest weight.
    pub max: f64,
    /// Kish's effective sample size (Σw)² / Σw².
    pub ess: f64,
}

/// IPTW weights and their diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct IptwWeights {
    /// One weight per unit.
    pub weights: Vec<f64>,
    /// The estimand.
    pub estimand: Estimand,
    /// Whether the weights are stabilised.
    pub stabilized: bool,
    /// The trimming quantile used, if any.
    pub trim: Option<f64>,
    /// The weight values trimmed to: (lower, upper); lower is `None`
    /// without lower trimming.
    pub trim_limits: Option<(Option<f64>, f64)>,
    /// Number of weights changed by trimming.
    pub n_trimmed: usize,
    /// Kish's effective sample size (Σw)² / Σw² of the treated.
    pub ess_treated: f64,
    /// Effective sample size of the controls.
    pub ess_control: f64,
    /// Weight distribution of the treated.
    pub treated: GroupWeights,
    /// Weight distribution of the controls.
    pub control: GroupWeights,
}

impl IptwParams {
    /// Sets the estimand.
    pub fn estimand(mut self, e: Estimand) -> Self {
        self.estimand = e;
        self
    }
    /// Sets stabilisation.
    pub fn stabilize(mut self, s: bool) -> Self {
        self.stabilize = s;
        self
    }
    /// Sets the upper trimming quantile.
    pub fn trim(mut self, q: Option<f64>) -> Self {
        self.trim = q;
        self
    }
    /// Sets lower trimming.
    pub fn trim_lower(mut self, lower: bool) -> Self {
        self.trim_lower = lower;
        self
    }
}

impl IptwWeights {
    /// Covariate balance under these weights (columns of `x`, rows =
    /// units), with the estimand's SMD denominator (treated SD for the ATT,
    /// pooled SD for the ATE, both from the unweighted sample), as
    /// `summary.matchit` on a weighted object and cobalt's `bal.tab`
    /// defaults (0/1 variables standardised as MatchIt does).
    ///
    /// # Errors
    /// As [`crate::balance::balance`].
    pub fn balance(
        &self,
        x: &DMatrix<f64>,
        names: &[String],
        treated: &[bool],
    ) -> Result<Balance, MatchError> {
        balance_with(
            x,
            names,
            treated,
            Some(&self.weights),
            self.estimand.sd_denominator(),
        )
    }

    /// Weight summary per group (as `summary(weightit(...))`): n, min,
    /// mean, max, sum and effective sample size.
    pub fn summary(&self) -> Table {
        let mut title = format!("IPTW weights ({}", self.estimand.as_str());
        if self.stabilized {
            title.push_str(", stabilised");
        }
        if let Some(q) = self.trim {
            title.push_str(&format!(
                ", trimmed at the {q} quantile: {} weights",
                self.n_trimmed
            ));
        }
        title.push(')');
        let mut t = Table::new(["n", "Min", "Mean", "Max", "Sum", "ESS"]).with_title(title);
        for (name, g) in [("treated", &self.treated), ("control", &self.control)] {
            t.push_row(
                name,
                vec![
                    prognos_core::Cell::from(g.n),
                    g.min.into(),
                    g.mean.into(),
                    g.max.into(),
                    g.sum.into(),
                    g.ess.into(),
                ],
            );
        }
        t
    }
}

impl fmt::Display for IptwWeights {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

#[cfg(test)]
mod tests;
