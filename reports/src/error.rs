//! The error type of the reports crate.

/// What can go wrong while drawing a figure or assembling a report.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum ReportError {
    /// A figure was given nothing to draw (no curves, no rows).
    #[error("{figure}: no data to draw ({what} is empty)")]
    EmptyData {
        /// The figure family, e.g. `"kaplan-meier"`.
        figure: &'static str,
        /// The input that was empty, e.g. `"curves"`.
        what: &'static str,
    },
    /// Two inputs that must have the same length do not.
    #[error("{figure}: {field} has {found} values, expected {expected} (one per {per})")]
    LengthMismatch {
        /// The figure family.
        figure: &'static str,
        /// The offending field, e.g. `"surv"`.
        field: &'static str,
        /// The length it should have.
        expected: usize,
        /// The length it has.
        found: usize,
        /// What each value belongs to, e.g. `"time"`.
        per: &'static str,
    },
    /// A value that must be finite (or positive, for log axes) is not.
    #[error("{figure}: {field} of '{label}' is {value}, which cannot be drawn")]
    BadValue {
        /// The figure family.
        figure: &'static str,
        /// The offending field, e.g. `"hr"`.
        field: &'static str,
        /// The row or curve label.
        label: String,
        /// The value.
        value: f64,
    },
    /// The drawing backend (plotters) failed; `backend` is `"svg"` or `"png"`.
    #[error("{figure}: the {backend} backend failed: {message}")]
    Backend {
        /// The figure family.
        figure: &'static str,
        /// Which backend.
        backend: &'static str,
        /// The backend's own message.
        message: String,
    },
    /// The PDF engine rejected a page.
    #[error("pdf: page {page} could not be converted: {message}")]
    Pdf {
        /// 1-based page number.
        page: usize,
        /// The engine's message.
        message: String,
    },
}
