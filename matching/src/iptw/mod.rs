//! Inverse-probability-of-treatment weights from a propensity score, as
//! `WeightIt::get_w_from_ps` (ATE and ATT), optionally stabilised and
//! trimmed at a quantile as `WeightIt::trim(at = q)`.
//!
//! | Estimand | treated weight | control weight |
//! |----------|----------------|----------------|
//! | ATE | 1 / e | 1 / (1 − e) |
//! | ATT | 1 | e / (1 − e) |
//!
//! Stabilised ATE weights are multiplied by the marginal probability of
//! the unit's own treatment (P(T = 1) for treated, P(T = 0) for controls;
//! Robins, Hernán & Brumback 2000). Stabilised ATT weights keep the treated
//! at 1 and scale the control weights to sum to the number of controls.
//! Trimming at `q` sets every weight above the `q` quantile (R's type-7
//! `quantile`) to that quantile, among the units whose weights vary (for
//! the ATT, the controls only); with `trim_lower` also the weights below
//! the 1 − `q` quantile are raised to it.
//!
//! ```
//! use prognos_matching::iptw::{Estimand, IptwParams};
//! let w = IptwParams::default().estimand(Estimand::Att)
//!     .weights(&[0.5, 0.5, 0.75], &[true, false, false]).unwrap();
//! assert_eq!(w.weights, vec![1.0, 1.0, 3.0]);
//! ```

use crate::MatchError;
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

/// IPTW options.
///
/// | Name | Default | Purpose |
/// |------|---------|---------|
/// | `estimand` | `Ate` | ATE or ATT weights |
/// | `stabilize` | false | multiply by marginal treatment probabilities |
/// | `trim` | none | truncate weights above this quantile (0.5 ≤ q < 1) |
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

/// IPTW weights and their diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct IptwWeights {
    /// One weight per unit.
    pub weights: Vec<f64>,
    /// The estimand.
    pub estimand: Estimand,
    /// Number of weights changed by trimming.
    pub n_trimmed: usize,
    /// Kish's effective sample size (Σw)² / Σw² of the treated.
    pub ess_treated: f64,
    /// Effective sample size of the controls.
    pub ess_control: f64,
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

    /// Weights from propensity scores `ps` (probabilities of treatment).
    ///
    /// # Errors
    /// Length mismatch, a score outside (0, 1), no treated or no control
    /// units, a trimming quantile outside [0.5, 1).
    pub fn weights(&self, ps: &[f64], treated: &[bool]) -> Result<IptwWeights, MatchError> {
        let n = ps.len();
        if treated.len() != n {
            return Err(MatchError::LengthMismatch {
                what: "treatment",
                got: treated.len(),
                expected: n,
            });
        }
        if let Some(q) = self.trim
            && !(0.5..1.0).contains(&q)
        {
            return Err(MatchError::InvalidTrim(q));
        }
        if let Some((index, &value)) = ps
            .iter()
            .enumerate()
            .find(|(_, p)| !(**p > 0.0 && **p < 1.0))
        {
            return Err(MatchError::ScoreOutOfRange { index, value });
        }
        let n1 = treated.iter().filter(|&&t| t).count();
        if n1 == 0 {
            return Err(MatchError::NoTreated);
        }
        if n1 == n {
            return Err(MatchError::NoControls);
        }
        let p1 = n1 as f64 / n as f64;
        let mut w: Vec<f64> = ps
            .iter()
            .zip(treated)
            .map(|(&e, &t)| match (self.estimand, t) {
                (Estimand::Ate, true) => 1.0 / e,
                (Estimand::Ate, false) => 1.0 / (1.0 - e),
                (Estimand::Att, true) => 1.0,
                (Estimand::Att, false) => e / (1.0 - e),
            })
            .collect();
        if self.stabilize {
            match self.estimand {
                Estimand::Ate => w.iter_mut().zip(treated).for_each(|(x, &t)| {
                    *x *= if t { p1 } else { 1.0 - p1 };
                }),
                Estimand::Att => {
                    let s: f64 = w
                        .iter()
                        .zip(treated)
                        .filter(|(_, t)| !**t)
                        .map(|(x, _)| x)
                        .sum();
                    let scale = (n - n1) as f64 / s;
                    w.iter_mut()
                        .zip(treated)
                        .filter(|(_, t)| !**t)
                        .for_each(|(x, _)| *x *= scale);
                }
            }
        }
        let mut n_trimmed = 0;
        if let Some(q) = self.trim {
            // Units whose weights vary: all (ATE) or controls (ATT).
            let varying: Vec<usize> = (0..n)
                .filter(|&i| self.estimand == Estimand::Ate || !treated[i])
                .collect();
            let mut v: Vec<f64> = varying.iter().map(|&i| w[i]).collect();
            v.sort_by(f64::total_cmp);
            let hi = quantile7(&v, q);
            let lo = self.trim_lower.then(|| quantile7(&v, 1.0 - q));
            for &i in &varying {
                if w[i] > hi {
                    w[i] = hi;
                    n_trimmed += 1;
                } else if let Some(lo) = lo
                    && w[i] < lo
                {
                    w[i] = lo;
                    n_trimmed += 1;
                }
            }
        }
        let ess = |grp: bool| {
            let (s, s2) = w
                .iter()
                .zip(treated)
                .filter(|(_, t)| **t == grp)
                .fold((0.0, 0.0), |(s, s2), (x, _)| (s + x, s2 + x * x));
            s * s / s2
        };
        Ok(IptwWeights {
            ess_treated: ess(true),
            ess_control: ess(false),
            weights: w,
            estimand: self.estimand,
            n_trimmed,
        })
    }
}

/// R's default (type 7) quantile of sorted values.
fn quantile7(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

impl IptwWeights {
    /// Weight summary per group (as `summary(weightit(...))`): min, mean,
    /// max and effective sample size.
    pub fn summary(&self, treated: &[bool]) -> Table {
        let mut t = Table::new(["Min", "Mean", "Max", "ESS"]).with_title(format!(
            "IPTW weights ({}), {} trimmed",
            match self.estimand {
                Estimand::Ate => "ATE",
                Estimand::Att => "ATT",
            },
            self.n_trimmed
        ));
        for (name, grp, ess) in [
            ("treated", true, self.ess_treated),
            ("control", false, self.ess_control),
        ] {
            let v: Vec<f64> = self
                .weights
                .iter()
                .zip(treated)
                .filter(|(_, t)| **t == grp)
                .map(|(w, _)| *w)
                .collect();
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            let min = v.iter().copied().fold(f64::INFINITY, f64::min);
            let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            t.push_row(name, [min, mean, max, ess]);
        }
        t
    }
}

impl fmt::Display for IptwWeights {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "IPTW weights: {} units, {} trimmed, ESS treated {:.1}, control {:.1}",
            self.weights.len(),
            self.n_trimmed,
            self.ess_treated,
            self.ess_control
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ate_weights_and_stabilisation() {
        let ps = [0.5, 0.25, 0.75, 0.5];
        let t = [true, true, false, false];
        let w = IptwParams::default().weights(&ps, &t).unwrap();
        assert_eq!(w.weights, vec![2.0, 4.0, 4.0, 2.0]);
        let s = IptwParams::default()
            .stabilize(true)
            .weights(&ps, &t)
            .unwrap();
        assert_eq!(s.weights, vec![1.0, 2.0, 2.0, 1.0]);
    }

    #[test]
    fn trimming_caps_at_quantile() {
        let ps = [0.5, 0.5, 0.1, 0.2, 0.3, 0.9];
        let t = [true, true, false, false, false, false];
        let w = IptwParams::default()
            .estimand(Estimand::Att)
            .trim(Some(0.75))
            .weights(&ps, &t)
            .unwrap();
        assert_eq!(w.n_trimmed, 1);
        // control weights 1/9, 1/4, 3/7, 9 -> 0.75 quantile = 3/7 + 0.25 * (9 - 3/7)
        let q = 3.0 / 7.0 + 0.25 * (9.0 - 3.0 / 7.0);
        assert!((w.weights[5] - q).abs() < 1e-12);
    }

    #[test]
    fn rejects_score_of_one() {
        let e = IptwParams::default()
            .weights(&[1.0, 0.5], &[true, false])
            .unwrap_err();
        assert_eq!(
            e,
            MatchError::ScoreOutOfRange {
                index: 0,
                value: 1.0
            }
        );
    }
}
