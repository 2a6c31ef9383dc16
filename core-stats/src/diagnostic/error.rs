//! Errors of the diagnostic-accuracy routines.

/// Invalid input to a diagnostic-accuracy routine.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DiagnosticError {
    /// Two inputs that must have one entry per subject differ in length.
    #[error("length mismatch: {what} has {found} entries, expected {expected}")]
    LengthMismatch {
        /// Which input.
        what: &'static str,
        /// Its length.
        found: usize,
        /// The length required.
        expected: usize,
    },
    /// All subjects are positive or all are negative.
    #[error("only one class present: {n_pos} positive and {n_neg} negative subjects")]
    OneClass {
        /// Positives.
        n_pos: usize,
        /// Negatives.
        n_neg: usize,
    },
    /// A score is NaN or infinite.
    #[error("score is not finite at row {row}")]
    NonFiniteScore {
        /// 0-based row.
        row: usize,
    },
    /// Every subject has the same score: the ROC curve is the diagonal and
    /// the DeLong variance is zero.
    #[error("the score is constant ({value}); no ROC analysis is possible")]
    ConstantScore {
        /// The single value.
        value: f64,
    },
    /// A predicted probability lies outside [0, 1] (Brier, calibration, net benefit).
    #[error("row {row}: {value} is not a probability in [0, 1]")]
    NotProbability {
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// A predicted probability of exactly 0 or 1, whose logit is infinite
    /// (calibration intercept and slope need logit(p)).
    #[error("row {row}: probability {value} has an infinite logit; calibration needs 0 < p < 1")]
    DegenerateProbability {
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// A parameter is out of range.
    #[error("invalid parameter {name} = {value}")]
    InvalidParameter {
        /// Parameter name.
        name: &'static str,
        /// Its value.
        value: f64,
    },
}

pub(crate) fn check_inputs(
    score: &[f64],
    label: &[bool],
) -> Result<(usize, usize), DiagnosticError> {
    if score.len() != label.len() {
        return Err(DiagnosticError::LengthMismatch {
            what: "score",
            found: score.len(),
            expected: label.len(),
        });
    }
    if let Some(row) = score.iter().position(|v| !v.is_finite()) {
        return Err(DiagnosticError::NonFiniteScore { row });
    }
    let n_pos = label.iter().filter(|&&b| b).count();
    let n_neg = label.len() - n_pos;
    if n_pos == 0 || n_neg == 0 {
        return Err(DiagnosticError::OneClass { n_pos, n_neg });
    }
    Ok((n_pos, n_neg))
}

pub(crate) fn check_probabilities(p: &[f64]) -> Result<(), DiagnosticError> {
    match p.iter().position(|v| !(0.0..=1.0).contains(v)) {
        Some(row) => Err(DiagnosticError::NotProbability { row, value: p[row] }),
        None => Ok(()),
    }
}
