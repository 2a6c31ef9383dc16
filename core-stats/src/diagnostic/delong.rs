//! DeLong variance of an AUC and tests comparing two AUCs, as pROC's
//! `var(method = "delong")`, `ci.auc(method = "delong")` and
//! `roc.test(method = "delong")`.

use super::{DiagnosticError, Roc};
use statrs::distribution::{ContinuousCDF, Normal};

/// An AUC with its DeLong standard error and confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AucInterval {
    /// The AUC.
    pub auc: f64,
    /// DeLong standard error, sqrt(S10/m + S01/n).
    pub se: f64,
    /// Lower limit, clamped to [0, 1] as pROC does.
    pub lower: f64,
    /// Upper limit, clamped to [0, 1].
    pub upper: f64,
    /// Confidence level.
    pub conf_level: f64,
}

/// A z test of the difference of two AUCs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AucComparison {
    /// AUC of the first score.
    pub auc1: f64,
    /// AUC of the second score.
    pub auc2: f64,
    /// z = (auc1 − auc2) / se(auc1 − auc2).
    pub z: f64,
    /// Two-sided p-value 2 Φ(−|z|).
    pub p: f64,
    /// Whether the scores were measured on the same subjects (correlated AUCs).
    pub paired: bool,
}

fn sample_var(v: &[f64]) -> f64 {
    sample_cov(v, v)
}

fn sample_cov(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let ma = a.iter().sum::<f64>() / n;
    let mb = b.iter().sum::<f64>() / n;
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - ma) * (y - mb))
        .sum::<f64>()
        / (n - 1.0)
}

impl Roc {
    /// DeLong variance of the AUC: `var(V10)/n_pos + var(V01)/n_neg` with
    /// sample variances of the placement values (pROC `var(roc, method = "delong")`).
    /// With a single case or control the corresponding term is 0.
    pub fn delong_variance(&self) -> f64 {
        let term = |v: &[f64]| {
            if v.len() > 1 {
                sample_var(v) / v.len() as f64
            } else {
                0.0
            }
        };
        term(&self.case_placements) + term(&self.control_placements)
    }

    /// The DeLong confidence interval of the AUC, `auc ± z_{1−α/2} se`,
    /// clamped to [0, 1] as `pROC::ci.auc(method = "delong")`.
    ///
    /// # Errors
    /// [`DiagnosticError::InvalidParameter`] unless `0 < conf_level < 1`.
    pub fn ci_delong(&self, conf_level: f64) -> Result<AucInterval, DiagnosticError> {
        if !(conf_level > 0.0 && conf_level < 1.0) {
            return Err(DiagnosticError::InvalidParameter {
                name: "conf_level",
                value: conf_level,
            });
        }
        let se = self.delong_variance().sqrt();
        let z = Normal::standard().inverse_cdf(0.5 + conf_level / 2.0);
        Ok(AucInterval {
            auc: self.auc,
            se,
            lower: (self.auc - z * se).clamp(0.0, 1.0),
            upper: (self.auc + z * se).clamp(0.0, 1.0),
            conf_level,
        })
    }

    /// Paired DeLong test of two correlated AUCs on the same subjects, as
    /// `roc.test(roc1, roc2, method = "delong", paired = TRUE)`:
    /// `var(A1 − A2) = (S10₁₁ + S10₂₂ − 2 S10₁₂)/m + (S01₁₁ + S01₂₂ − 2 S01₁₂)/n`.
    ///
    /// # Errors
    /// [`DiagnosticError::LengthMismatch`] when the two curves do not have the
    /// same cases and controls (built from the same labels).
    pub fn delong_paired(&self, other: &Roc) -> Result<AucComparison, DiagnosticError> {
        if self.n_pos != other.n_pos || self.n_neg != other.n_neg {
            return Err(DiagnosticError::LengthMismatch {
                what: "second score's subjects",
                found: other.n_pos + other.n_neg,
                expected: self.n_pos + self.n_neg,
            });
        }
        let part = |a: &[f64], b: &[f64]| {
            if a.len() > 1 {
                (sample_var(a) + sample_var(b) - 2.0 * sample_cov(a, b)) / a.len() as f64
            } else {
                0.0
            }
        };
        let var = part(&self.case_placements, &other.case_placements)
            + part(&self.control_placements, &other.control_placements);
        Ok(self.z_test(other, var, true))
    }

    /// Unpaired DeLong test of two independent AUCs (different subjects), as
    /// `roc.test(roc1, roc2, method = "delong", paired = FALSE)`:
    /// z = (A1 − A2) / sqrt(var1 + var2).
    pub fn delong_unpaired(&self, other: &Roc) -> AucComparison {
        self.z_test(
            other,
            self.delong_variance() + other.delong_variance(),
            false,
        )
    }

    fn z_test(&self, other: &Roc, var: f64, paired: bool) -> AucComparison {
        let diff = self.auc - other.auc;
        // identical curves: no difference and no variance; report z = 0, p = 1 (pROC gives NaN)
        let z = if var > 0.0 {
            diff / var.sqrt()
        } else if diff == 0.0 {
            0.0
        } else {
            diff.signum() * f64::INFINITY
        };
        AucComparison {
            auc1: self.auc,
            auc2: other.auc,
            z,
            p: 2.0 * Normal::standard().cdf(-z.abs()),
            paired,
        }
    }
}
