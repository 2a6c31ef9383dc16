//! Classification at a threshold: Youden's optimal cut-off (pROC
//! `coords(roc, "best", best.method = "youden")`) and the 2 × 2 metrics at
//! any given threshold, with Wilson score intervals.

use super::error::check_inputs;
use super::{DiagnosticError, Roc};
use statrs::distribution::{ContinuousCDF, Normal};

/// A proportion with its Wilson score interval (R `prop.test(correct = FALSE)$conf.int`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Proportion {
    /// Successes / trials (NaN when there are no trials).
    pub estimate: f64,
    /// Wilson lower limit.
    pub lower: f64,
    /// Wilson upper limit.
    pub upper: f64,
    /// Successes.
    pub successes: usize,
    /// Trials.
    pub trials: usize,
}

impl Proportion {
    /// `x / n` with the Wilson score interval at `conf_level` (Wilson 1927;
    /// no continuity correction). With `n = 0` all numbers are NaN.
    pub fn wilson(x: usize, n: usize, conf_level: f64) -> Proportion {
        if n == 0 {
            return Proportion {
                estimate: f64::NAN,
                lower: f64::NAN,
                upper: f64::NAN,
                successes: x,
                trials: n,
            };
        }
        let z = Normal::standard().inverse_cdf(0.5 + conf_level / 2.0);
        let nf = n as f64;
        let p = x as f64 / nf;
        let z2 = z * z;
        let centre = (p + z2 / (2.0 * nf)) / (1.0 + z2 / nf);
        let half = z * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt() / (1.0 + z2 / nf);
        Proportion {
            estimate: p,
            lower: (centre - half).max(0.0),
            upper: (centre + half).min(1.0),
            successes: x,
            trials: n,
        }
    }
}

/// The 2 × 2 classification of subjects at one threshold
/// (positive when `score >= threshold`, pROC's rule for direction `<`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThresholdMetrics {
    /// The threshold.
    pub threshold: f64,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// True negatives.
    pub tn: usize,
    /// False negatives.
    pub fn_: usize,
    /// TP / (TP + FN).
    pub sensitivity: Proportion,
    /// TN / (TN + FP).
    pub specificity: Proportion,
    /// Positive predictive value TP / (TP + FP) (NaN when nobody is called positive).
    pub ppv: Proportion,
    /// Negative predictive value TN / (TN + FN) (NaN when nobody is called negative).
    pub npv: Proportion,
    /// (TP + TN) / n.
    pub accuracy: Proportion,
}

impl ThresholdMetrics {
    /// Classifies `score` at `threshold` (positive when `score >= threshold`)
    /// against `label`, e.g. a threshold carried from a training cohort to a
    /// test cohort. Proportions carry Wilson intervals at `conf_level`.
    ///
    /// # Errors
    /// Length mismatch, non-finite score, or one class absent.
    pub fn at(
        score: &[f64],
        label: &[bool],
        threshold: f64,
        conf_level: f64,
    ) -> Result<Self, DiagnosticError> {
        check_inputs(score, label)?;
        if !(conf_level > 0.0 && conf_level < 1.0) {
            return Err(DiagnosticError::InvalidParameter {
                name: "conf_level",
                value: conf_level,
            });
        }
        let (mut tp, mut fp, mut tn, mut fn_) = (0, 0, 0, 0);
        for (&s, &y) in score.iter().zip(label) {
            match (s >= threshold, y) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, false) => tn += 1,
                (false, true) => fn_ += 1,
            }
        }
        let w = |x, n| Proportion::wilson(x, n, conf_level);
        Ok(ThresholdMetrics {
            threshold,
            tp,
            fp,
            tn,
            fn_,
            sensitivity: w(tp, tp + fn_),
            specificity: w(tn, tn + fp),
            ppv: w(tp, tp + fp),
            npv: w(tn, tn + fn_),
            accuracy: w(tp + tn, tp + fp + tn + fn_),
        })
    }
}

impl Roc {
    /// Youden's optimal threshold, as `coords(roc, "best", best.method = "youden")`:
    /// the threshold of the curve maximising sensitivity + specificity. The
    /// threshold is pROC's midpoint between the two adjacent distinct scores
    /// (the lowest score called positive is the other common convention). On
    /// ties the lowest such threshold is returned (pROC returns all of them).
    pub fn youden_threshold(&self) -> f64 {
        let mut best = 0;
        let mut best_j = f64::NEG_INFINITY;
        for i in 0..self.thresholds.len() {
            let j = self.sensitivities[i] + self.specificities[i];
            // strict improvement beyond rounding keeps the first of tied maxima
            if j > best_j + 1e-12 {
                best_j = j;
                best = i;
            }
        }
        self.thresholds[best]
    }
}
