//! Errors of the feature-selection routines.

/// Invalid input to a selection or scaling routine.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SelectionError {
    /// A value is missing or not finite.
    #[error("feature '{feature}' is missing or not finite at row {row}")]
    NonFinite {
        /// Feature name.
        feature: String,
        /// 0-based row.
        row: usize,
    },
    /// The labels do not match the rows.
    #[error("{what} has {got} entries but the feature table has {expected} rows")]
    LengthMismatch {
        /// What disagrees.
        what: &'static str,
        /// Its length.
        got: usize,
        /// Rows of the table.
        expected: usize,
    },
    /// The outcome has a single class.
    #[error("the outcome has a single class; selection needs both 0 and 1")]
    SingleClass,
    /// A parameter is out of range.
    #[error("{name} must be {requirement} (got {value})")]
    BadParameter {
        /// Parameter name.
        name: &'static str,
        /// What it must satisfy.
        requirement: &'static str,
        /// Value given.
        value: f64,
    },
    /// New data have another number of columns than the fitted scaler.
    #[error("new data have {got} features, the scaler was fitted on {expected}")]
    ShapeMismatch {
        /// Columns in the new data.
        got: usize,
        /// Columns at fit time.
        expected: usize,
    },
}

use nalgebra::DMatrix;

/// Checks that `x` is finite and `y` (if any) has one entry per row.
pub(super) fn check_table(
    x: &DMatrix<f64>,
    names: &[String],
    y_len: Option<usize>,
) -> Result<(), SelectionError> {
    if names.len() != x.ncols() {
        return Err(SelectionError::LengthMismatch {
            what: "feature names",
            got: names.len(),
            expected: x.ncols(),
        });
    }
    if let Some(len) = y_len
        && len != x.nrows()
    {
        return Err(SelectionError::LengthMismatch {
            what: "outcome",
            got: len,
            expected: x.nrows(),
        });
    }
    for j in 0..x.ncols() {
        for i in 0..x.nrows() {
            if !x[(i, j)].is_finite() {
                return Err(SelectionError::NonFinite {
                    feature: names[j].clone(),
                    row: i,
                });
            }
        }
    }
    Ok(())
}
