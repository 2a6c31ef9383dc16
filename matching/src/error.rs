//! The error type shared by the matching, balance, IPTW and benefit
//! estimators: invalid input, reported with the offending unit.

use thiserror::Error;

/// Invalid input to a matching-crate estimator. Statistical trouble that
/// still leaves a usable answer (a treated unit without a match inside the
/// caliper, separation in the propensity model) is reported in the result,
/// not here.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum MatchError {
    /// Two inputs that must have one entry per unit differ in length.
    #[error("{what} has {got} entries, expected {expected} (one per unit)")]
    LengthMismatch {
        /// Which input.
        what: &'static str,
        /// Its length.
        got: usize,
        /// The number of units.
        expected: usize,
    },
    /// No treated units.
    #[error("no treated units (treatment = 1)")]
    NoTreated,
    /// No control units.
    #[error("no control units (treatment = 0)")]
    NoControls,
    /// A distance (propensity score) is NaN or infinite.
    #[error("distance of unit {index} is not finite ({value})")]
    NonFiniteDistance {
        /// 0-based unit index.
        index: usize,
        /// The value.
        value: f64,
    },
    /// A seed R's `set.seed` does not take (the random order follows R's
    /// stream).
    #[error(
        "seed {0} is out of range for the random matching order: it follows R's set.seed, which takes an integer up to 2147483647"
    )]
    InvalidSeed(u64),
    /// The matching ratio is zero.
    #[error("ratio must be at least 1")]
    InvalidRatio,
    /// A caliper that is not a positive finite number.
    #[error("caliper must be a positive finite number, got {0}")]
    InvalidCaliper(f64),
    /// Matching left every treated unit without a control (for example
    /// a caliper that is too narrow, or exact strata without controls).
    #[error("no treated unit could be matched{}", caliper_note(*.caliper_width))]
    NoneMatched {
        /// The caliper width on the distance scale, if one was used.
        caliper_width: Option<f64>,
    },
    /// A case or matching weight that is negative or not finite.
    #[error("weight of unit {index} is invalid ({value})")]
    InvalidWeight {
        /// 0-based unit index.
        index: usize,
        /// The value.
        value: f64,
    },
    /// A propensity score outside (0, 1) where a probability is needed.
    #[error("propensity score of unit {index} is {value}, outside (0, 1)")]
    ScoreOutOfRange {
        /// 0-based unit index.
        index: usize,
        /// The value.
        value: f64,
    },
    /// The propensity-score logistic regression could not be fitted.
    #[error("propensity model: {0}")]
    PropensityModel(#[from] prognos_core::glm::GlmError),
    /// The Cox model of the benefit analysis could not be fitted.
    #[error("Cox model: {0}")]
    Cox(#[from] prognos_survival::cox::CoxError),
    /// The Kaplan–Meier curves per arm could not be computed.
    #[error("Kaplan-Meier: {0}")]
    Km(#[from] prognos_survival::km::KmError),
    /// A propensity score numerically 0 or 1 (within 1e-8): its IPTW
    /// weight would be infinite or above 1e8 (separation in the propensity
    /// model, no overlap between treated and controls).
    #[error(
        "propensity score of unit {index} is {score}, numerically 0 or 1: \
         the propensity model separates treated and controls (no overlap), IPTW weights are unusable"
    )]
    ExtremeScore {
        /// 0-based unit index.
        index: usize,
        /// Its propensity score.
        score: f64,
    },
    /// A risk-group label vector or survival vector is empty.
    #[error("no observations")]
    Empty,
    /// A trimming quantile outside [0.5, 1).
    #[error("trimming quantile must be in [0.5, 1), got {0}")]
    InvalidTrim(f64),
}

fn caliper_note(width: Option<f64>) -> String {
    match width {
        Some(w) => format!(" within the caliper (width {w:.6} on the propensity-score scale)"),
        None => String::new(),
    }
}
