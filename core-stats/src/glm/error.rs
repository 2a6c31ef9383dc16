//! Errors of the logistic-regression fit.

/// Invalid input to [`super::LogisticParams::fit`] or [`super::LogisticFit::predict`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GlmError {
    /// `y`, `weights` or `names` do not have one entry per row / column of `x`.
    #[error("length mismatch: {what} has {found} entries, expected {expected}")]
    LengthMismatch {
        /// Which argument.
        what: &'static str,
        /// Its length.
        found: usize,
        /// The length required.
        expected: usize,
    },
    /// A covariate value is NaN or infinite.
    #[error("covariate '{column}' has a non-finite value at row {row}")]
    NonFiniteCovariate {
        /// Column name.
        column: String,
        /// 0-based row.
        row: usize,
    },
    /// A weight is negative or non-finite.
    #[error("weight at row {row} is {value}; weights must be finite and >= 0")]
    BadWeight {
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// No row has a positive weight.
    #[error("no observation has a positive weight")]
    NoObservations,
    /// A parameter is out of range (`max_iter` ≥ 1, `epsilon` > 0, `conf_level` in (0, 1)).
    #[error("invalid parameter {name} = {value}")]
    InvalidParameter {
        /// Parameter name.
        name: &'static str,
        /// Its value.
        value: f64,
    },
    /// The deviance was non-finite at the start, or could not be made finite by
    /// step-halving (R: "no valid set of coefficients has been found").
    #[error("no valid set of coefficients found (deviance not finite)")]
    NoValidCoefficients,
}
