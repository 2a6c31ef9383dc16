//! Errors of the Kaplan–Meier estimator.

use thiserror::Error;

/// Invalid input to [`KmParams::fit`](super::KmParams::fit) and friends.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum KmError {
    /// Input slices of different lengths.
    #[error("{what} has length {got}, expected {expected} (one per observation)")]
    LengthMismatch {
        /// Which argument.
        what: &'static str,
        /// Its length.
        got: usize,
        /// The number of observations.
        expected: usize,
    },
    /// No observations.
    #[error("no observations")]
    Empty,
    /// A time that is not finite (NaN or infinite).
    #[error("row {row}: time {value} is not finite")]
    InvalidTime {
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// A negative or non-finite case weight.
    #[error("row {row}: weight {value} is not a finite non-negative number")]
    InvalidWeight {
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// A group index outside `0..n_groups`.
    #[error("row {row}: group index {group} is not below the number of groups {n_groups}")]
    GroupOutOfRange {
        /// 0-based row.
        row: usize,
        /// The index.
        group: usize,
        /// The number of groups.
        n_groups: usize,
    },
    /// Confidence level outside (0, 1).
    #[error("confidence level {0} is not in (0, 1)")]
    InvalidConfLevel(f64),
}
