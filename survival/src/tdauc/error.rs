//! Errors of the time-dependent AUC.

use thiserror::Error;

/// Invalid input to [`td_auc`](super::td_auc).
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TdAucError {
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
    /// A non-finite time or marker.
    #[error("row {row}: {what} {value} is not finite")]
    NotFinite {
        /// "time" or "marker".
        what: &'static str,
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// A horizon that is not positive and finite.
    #[error("horizon {0} is not a positive finite time")]
    InvalidHorizon(f64),
    /// No horizons requested.
    #[error("no horizons requested")]
    NoHorizons,
}
