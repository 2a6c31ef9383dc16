//! Errors of the log-rank test.

use thiserror::Error;

/// Invalid input to [`logrank`](super::logrank).
#[derive(Debug, Clone, PartialEq, Error)]
pub enum LogrankError {
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
    /// A time that is not finite.
    #[error("row {row}: time {value} is not finite")]
    InvalidTime {
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// A group or stratum index out of range.
    #[error("row {row}: {what} index {index} is not below {count}")]
    IndexOutOfRange {
        /// "group" or "stratum".
        what: &'static str,
        /// 0-based row.
        row: usize,
        /// The index.
        index: usize,
        /// The number of groups or strata.
        count: usize,
    },
    /// Fewer than two groups with observations.
    #[error("the log-rank test needs at least two groups with observations, found {0}")]
    TooFewGroups(usize),
    /// The variance matrix of O − E cannot be inverted.
    #[error("the variance matrix of observed minus expected events is singular")]
    SingularVariance,
}
