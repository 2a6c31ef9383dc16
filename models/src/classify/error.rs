//! Errors of the classifiers and cross-validation.

use crate::selection::SelectionError;
use crate::smote::SmoteError;
use prognos_core::diagnostic::DiagnosticError;
use prognos_core::glm::GlmError;

/// Invalid input or a failed fit.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClassifyError {
    /// The outcome has a single class (overall or in a training fold).
    #[error("the outcome has a single class{}", .context.map(|c| format!(" in {c}")).unwrap_or_default())]
    SingleClass {
        /// Where (e.g. "a training fold").
        context: Option<&'static str>,
    },
    /// Too few cases of a class for the requested folds.
    #[error(
        "{folds}-fold stratified CV needs at least {folds} samples of each class (class {class} has {count})"
    )]
    TooFewForFolds {
        /// Requested folds.
        folds: usize,
        /// The scarce class (0 or 1).
        class: u8,
        /// Its count.
        count: usize,
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
    /// The SVM solver failed.
    #[error("SVM fit failed: {0}")]
    Svm(String),
    /// Logistic regression failed.
    #[error(transparent)]
    Glm(#[from] GlmError),
    /// A feature-selection step failed.
    #[error(transparent)]
    Selection(#[from] SelectionError),
    /// SMOTE failed (e.g. a training fold with a single minority case).
    #[error(transparent)]
    Smote(#[from] SmoteError),
    /// ROC/AUC computation failed.
    #[error(transparent)]
    Diagnostic(#[from] DiagnosticError),
    /// No features are left after selection.
    #[error("no features left after selection in a training fold")]
    NoFeatures,
}
