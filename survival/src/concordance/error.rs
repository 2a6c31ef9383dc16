//! Errors of the concordance estimators.

use thiserror::Error;

/// Invalid input to [`harrell`](super::harrell) and [`uno`](super::uno).
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ConcordanceError {
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
    /// A non-finite time or score.
    #[error("row {row}: {what} {value} is not finite")]
    NotFinite {
        /// "time" or "score".
        what: &'static str,
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// A negative or non-finite weight.
    #[error("row {row}: weight {value} is not a finite non-negative number")]
    InvalidWeight {
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// No pair of observations can be compared (no events, or every event
    /// time tied with every other follow-up time).
    #[error("no comparable pairs: concordance is undefined")]
    NoComparablePairs,
    /// The bootstrap engine refused the request (no replicates, bad level,
    /// every replicate undefined).
    #[error("bootstrap: {0}")]
    Bootstrap(#[from] prognos_core::bootstrap::BootstrapError),
    /// A counting-process row whose start is not before its stop.
    #[error("row {row}: start {start} is not before stop {stop}")]
    EmptyInterval {
        /// 0-based row.
        row: usize,
        /// The start time.
        start: f64,
        /// The stop time.
        stop: f64,
    },
    /// The truncation time is not positive and finite.
    #[error("tau {0} is not a positive finite time")]
    InvalidTau(f64),
}
