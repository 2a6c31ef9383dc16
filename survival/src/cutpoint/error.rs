//! Errors of the cut-point methods.

use thiserror::Error;

/// Invalid input to the cut-point methods.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CutpointError {
    /// No observations.
    #[error("no observations")]
    Empty,
    /// Input slices of different lengths.
    #[error("{what} has length {got}, expected {expected}")]
    LengthMismatch {
        /// Which argument.
        what: &'static str,
        /// Its length.
        got: usize,
        /// Expected length.
        expected: usize,
    },
    /// A non-finite score or time.
    #[error("row {row}: value {value} is not finite")]
    NotFinite {
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// `min_prop` outside [0, 0.5).
    #[error("minimum proportion {0} is not in [0, 0.5)")]
    InvalidMinProp(f64),
    /// No distinct score value leaves enough rows on both sides.
    #[error("no cut-point leaves at least a proportion {min_prop} of the {n} rows on each side")]
    NoCandidate {
        /// The proportion asked for.
        min_prop: f64,
        /// Number of rows.
        n: usize,
    },
    /// The label has only one class (Youden needs cases and controls).
    #[error("the label needs both cases (1) and controls (0)")]
    OneClass,
    /// The log-rank scores are constant (e.g. no events): the statistic is undefined.
    #[error("the log-rank scores are constant (no events?): the statistic is undefined")]
    ConstantScores,
}
