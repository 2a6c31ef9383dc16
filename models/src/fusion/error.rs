//! Errors of the fusion heads and their cross-validation.

use crate::classify::ClassifyError;
use prognos_core::diagnostic::DiagnosticError;

/// Invalid input or a failed fit of a fusion model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FusionError {
    /// The design has no blocks, or a block has no columns.
    #[error("block '{block}' has no columns")]
    EmptyBlock {
        /// Block name.
        block: String,
    },
    /// No blocks were given.
    #[error("no feature blocks given")]
    NoBlocks,
    /// Two blocks claim the same column, or a block range is out of bounds.
    #[error("column '{column}' belongs to more than one block (or to none)")]
    BadBlockLayout {
        /// Column name.
        column: String,
    },
    /// Names, rows or labels disagree in length.
    #[error("{what} has length {found}, expected {expected}")]
    LengthMismatch {
        /// What was mismatched.
        what: &'static str,
        /// Length found.
        found: usize,
        /// Length expected.
        expected: usize,
    },
    /// A non-finite value in the design.
    #[error("column '{column}' row {row}: value {value} is not finite")]
    NonFinite {
        /// Column name.
        column: String,
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// A column constant over every training row: it carries no information
    /// and cannot be standardised.
    #[error("column '{column}' is constant ({value}) over all training rows; remove it")]
    ConstantColumn {
        /// Column name.
        column: String,
        /// Its value.
        value: f64,
    },
    /// Fold ids that do not form usable folds.
    #[error("fold {fold} (1-based): {problem}")]
    BadFolds {
        /// The fold, 1-based as R's `foldid`.
        fold: usize,
        /// What is wrong.
        problem: &'static str,
    },
    /// A parameter is out of range.
    #[error("{name} must be {requirement} (got {value})")]
    BadParameter {
        /// Parameter name.
        name: &'static str,
        /// Requirement.
        requirement: &'static str,
        /// Value.
        value: f64,
    },
    /// The Newton system of the logistic head is singular (collinear
    /// columns with λ = 0).
    #[error(
        "the logistic design of {context} is singular (collinear columns); use a ridge penalty λ > 0"
    )]
    Singular {
        /// Which fit (e.g. "fold 2").
        context: String,
    },
    /// Fold construction or class checks failed.
    #[error(transparent)]
    Classify(#[from] ClassifyError),
    /// ROC/AUC computation failed.
    #[error(transparent)]
    Diagnostic(#[from] DiagnosticError),
}
