//! Stratified bootstrap confidence interval of the AUC, as
//! `pROC::ci.auc(roc, method = "bootstrap", boot.stratified = TRUE)`.

use super::{DiagnosticError, Roc};
use crate::bootstrap::BootstrapParams;

/// A percentile bootstrap interval of the AUC.
#[derive(Debug, Clone, PartialEq)]
pub struct AucBootInterval {
    /// AUC of the full sample.
    pub auc: f64,
    /// Lower percentile limit (R `quantile(type = 7)` at (1 − level)/2).
    pub lower: f64,
    /// Median of the replicate AUCs (pROC's middle value).
    pub median: f64,
    /// Upper percentile limit at 1 − (1 − level)/2.
    pub upper: f64,
    /// Confidence level.
    pub conf_level: f64,
    /// Number of replicates.
    pub replicates: usize,
    /// Seed of the resampling.
    pub seed: u64,
}

/// AUC of the subjects `idx` (with repeats); a resample whose scores are all
/// equal has the diagonal ROC curve, AUC 0.5 (as pROC).
fn auc_of(score: &[f64], label: &[bool], idx: &[usize]) -> f64 {
    let s: Vec<f64> = idx.iter().map(|&i| score[i]).collect();
    let l: Vec<bool> = idx.iter().map(|&i| label[i]).collect();
    match Roc::new(&s, &l) {
        Ok(r) => r.auc,
        Err(DiagnosticError::ConstantScore { .. }) => 0.5,
        Err(_) => f64::NAN,
    }
}

/// Stratified percentile bootstrap CI of the AUC (direction `"<"`): each
/// replicate redraws `n_pos` cases from the cases and `n_neg` controls from
/// the controls with replacement (pROC `boot.stratified = TRUE`), so every
/// replicate has both classes; the limits are the type-7 quantiles of the
/// replicate AUCs at (1 − level)/2 and 1 − (1 − level)/2, as pROC's
/// `ci.auc(method = "bootstrap")`. Replicate `r` is drawn from a ChaCha8
/// stream keyed by `(seed, r)`: the same seed gives the same interval on any
/// number of threads. R's own random numbers cannot be reproduced, so the
/// values agree with pROC only within Monte-Carlo error.
///
/// # Errors
/// The inputs of [`Roc::new`]; `replicates == 0` or a level outside (0, 1)
/// ([`DiagnosticError::InvalidParameter`]).
pub fn ci_auc_bootstrap(
    score: &[f64],
    label: &[bool],
    conf_level: f64,
    replicates: usize,
    seed: u64,
) -> Result<AucBootInterval, DiagnosticError> {
    if !(conf_level > 0.0 && conf_level < 1.0) {
        return Err(DiagnosticError::InvalidParameter {
            name: "conf_level",
            value: conf_level,
        });
    }
    if replicates == 0 {
        return Err(DiagnosticError::InvalidParameter {
            name: "replicates",
            value: 0.0,
        });
    }
    let roc = Roc::new(score, label)?;
    let params = BootstrapParams {
        replicates,
        seed,
        strata: Some(label.iter().map(|&b| usize::from(b)).collect()),
    };
    let res = params
        .run(score.len(), |idx| auc_of(score, label, idx))
        .map_err(|_| DiagnosticError::InvalidParameter {
            name: "replicates",
            value: replicates as f64,
        })?;
    let ci = res
        .percentile(conf_level)
        .map_err(|_| DiagnosticError::InvalidParameter {
            name: "replicates",
            value: replicates as f64,
        })?;
    let mut aucs: Vec<f64> = res
        .estimates
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    aucs.sort_unstable_by(f64::total_cmp);
    // type-7 median
    let h = (aucs.len() - 1) as f64 * 0.5;
    let lo = h.floor() as usize;
    let median = aucs[lo] + (h - lo as f64) * (aucs[(lo + 1).min(aucs.len() - 1)] - aucs[lo]);
    Ok(AucBootInterval {
        auc: roc.auc,
        lower: ci.lower,
        median,
        upper: ci.upper,
        conf_level,
        replicates,
        seed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn sample(n: usize, seed: u64) -> (Vec<f64>, Vec<bool>) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let label: Vec<bool> = (0..n).map(|_| rng.random::<f64>() < 0.4).collect();
        // score = label + logistic-ish noise
        let score = label
            .iter()
            .map(|&l| {
                let u: f64 = rng.random::<f64>().clamp(1e-12, 1.0 - 1e-12);
                f64::from(u8::from(l)) + (u / (1.0 - u)).ln() * 0.8
            })
            .collect();
        (score, label)
    }

    #[test]
    fn agrees_with_delong_on_a_large_sample() {
        let (score, label) = sample(2000, 7);
        let roc = Roc::new(&score, &label).unwrap();
        let dl = roc.ci_delong(0.95).unwrap();
        let b = ci_auc_bootstrap(&score, &label, 0.95, 2000, 42).unwrap();
        assert_eq!(b.auc, roc.auc);
        // both intervals have half-width ~ 1.96 se; the percentile limits have
        // Monte-Carlo sd ~ 0.1 se at 2000 replicates: allow 0.3 se
        let tol = 0.3 * dl.se;
        assert!(
            (b.lower - dl.lower).abs() < tol,
            "{} vs {}",
            b.lower,
            dl.lower
        );
        assert!(
            (b.upper - dl.upper).abs() < tol,
            "{} vs {}",
            b.upper,
            dl.upper
        );
        assert!((b.median - roc.auc).abs() < tol);
    }

    #[test]
    fn deterministic_per_seed() {
        let (score, label) = sample(300, 3);
        let a = ci_auc_bootstrap(&score, &label, 0.9, 500, 11).unwrap();
        let b = ci_auc_bootstrap(&score, &label, 0.9, 500, 11).unwrap();
        let c = ci_auc_bootstrap(&score, &label, 0.9, 500, 12).unwrap();
        assert_eq!(a, b);
        assert_ne!(a.lower, c.lower);
        assert!(a.lower <= a.median && a.median <= a.upper);
    }

    #[test]
    fn rejects_bad_parameters() {
        let (score, label) = sample(50, 1);
        assert!(ci_auc_bootstrap(&score, &label, 0.95, 0, 1).is_err());
        assert!(ci_auc_bootstrap(&score, &label, 1.0, 10, 1).is_err());
        assert!(ci_auc_bootstrap(&score, &[true; 50], 0.95, 10, 1).is_err());
    }
}
