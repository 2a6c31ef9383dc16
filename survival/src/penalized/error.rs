//! Errors (invalid input) and diagnostics (statistical trouble) of the
//! penalised Cox path and its cross-validation.

use std::fmt;

/// Invalid input to [`CoxNetParams::fit`](super::CoxNetParams::fit) or
/// [`CoxNetCvParams::fit`](super::CoxNetCvParams::fit).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CoxNetError {
    /// An input vector does not have one entry per row of `x` (or per column
    /// for the penalty factors).
    #[error("{what} has length {found}, expected {expected}")]
    LengthMismatch {
        /// Which input.
        what: &'static str,
        /// Required length.
        expected: usize,
        /// Given length.
        found: usize,
    },
    /// A design value is NaN or infinite.
    #[error("feature {column} has a non-finite value ({value}) at row {row}")]
    NonFiniteX {
        /// 0-based column of `x`.
        column: usize,
        /// 0-based row of `x`.
        row: usize,
        /// The value.
        value: f64,
    },
    /// A follow-up time is not finite and > 0.
    #[error("time at row {row} is {value}; times must be finite and > 0")]
    BadTime {
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// A case weight is negative or not finite.
    #[error("weight at row {row} is {value}; weights must be finite and >= 0")]
    BadWeight {
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// No event with positive weight.
    #[error("no events: the Cox partial likelihood needs at least one event")]
    NoEvents,
    /// The design has no columns, or every column is constant.
    #[error("no usable features: {n_constant} of {p} columns are constant")]
    NoFeatures {
        /// Number of columns.
        p: usize,
        /// How many are constant.
        n_constant: usize,
    },
    /// `alpha` outside [0, 1].
    #[error("alpha must be in [0, 1], got {alpha}")]
    BadAlpha {
        /// The value.
        alpha: f64,
    },
    /// `lambda_min_ratio` outside (0, 1).
    #[error("lambda_min_ratio must be in (0, 1), got {value}")]
    BadLambdaMinRatio {
        /// The value.
        value: f64,
    },
    /// `nlambda` is zero, or a user lambda sequence is empty.
    #[error("the lambda sequence must have at least one value")]
    EmptyLambda,
    /// A user lambda is negative or not finite.
    #[error("lambda values must be finite and >= 0, got {value}")]
    BadLambda {
        /// The value.
        value: f64,
    },
    /// A penalty factor is negative or not finite, or all are zero.
    #[error("penalty factors must be finite, >= 0 and not all 0 (feature {column}: {value})")]
    BadPenaltyFactor {
        /// 0-based column.
        column: usize,
        /// The value.
        value: f64,
    },
    /// `thresh` not > 0 or `max_iter` zero.
    #[error("thresh must be > 0 and max_iter >= 1")]
    BadControl,
    /// Fewer than 3 folds (cv.glmnet's minimum).
    #[error("cross-validation needs at least 3 folds, got {folds}")]
    TooFewFolds {
        /// Number of folds.
        folds: usize,
    },
    /// A fold has no rows (fold ids must be 0..k-1 with every fold used).
    #[error("fold {fold} has no rows")]
    EmptyFold {
        /// 0-based fold index.
        fold: usize,
    },
    /// The quadratic approximation broke down at the first lambda (one
    /// observation dominates the risk sets).
    #[error("numerical failure of the partial-likelihood approximation at the first lambda")]
    NumericalFailure,
}

/// Statistical trouble along the path, reported as data (R warns).
#[derive(Debug, Clone, PartialEq)]
pub enum CoxNetWarning {
    /// Constant columns get coefficient 0 throughout (glmnet excludes them
    /// silently); 0-based columns.
    ConstantColumns(Vec<usize>),
    /// Coordinate descent did not converge within `max_iter` passes at this
    /// lambda (0-based); the path stops before it (glmnet's `jerr = -k`).
    NotConverged {
        /// 0-based lambda index.
        lambda_index: usize,
    },
    /// The quadratic approximation broke down at this lambda (a working weight
    /// <= 0, near saturation); the path stops before it (glmnet's
    /// "numerical error at kth lambda value").
    NumericalError {
        /// 0-based lambda index.
        lambda_index: usize,
    },
    /// A cross-validation fold has no events: its deviance contribution has
    /// zero weight and it is left out of the mean and standard error (R gives
    /// NaN here).
    FoldWithoutEvents {
        /// 0-based fold index.
        fold: usize,
    },
    /// A fold's own path hit trouble (its warnings, by fold).
    Fold {
        /// 0-based fold index.
        fold: usize,
        /// What happened.
        warning: Box<CoxNetWarning>,
    },
}

impl fmt::Display for CoxNetWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CoxNetWarning::ConstantColumns(c) => {
                write!(f, "{} constant column(s) excluded (coefficient 0)", c.len())
            }
            CoxNetWarning::NotConverged { lambda_index } => write!(
                f,
                "convergence not reached at lambda {lambda_index}; path truncated before it"
            ),
            CoxNetWarning::NumericalError { lambda_index } => write!(
                f,
                "numerical error at lambda {lambda_index} (near saturation); path truncated before it"
            ),
            CoxNetWarning::FoldWithoutEvents { fold } => {
                write!(
                    f,
                    "fold {fold} (0-based) has no events; left out of the CV mean and SE"
                )
            }
            CoxNetWarning::Fold { fold, warning } => write!(f, "fold {fold} (0-based): {warning}"),
        }
    }
}

/// Why the path ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStop {
    /// Every requested lambda was fitted.
    Completed,
    /// The deviance ratio changed by less than the relative tolerance over
    /// the last `mnlam` steps (glmnet's `fdev`, scaled by 100 for Cox).
    DevianceFlat,
    /// The deviance ratio exceeded the maximum (glmnet's `devmax`, 0.99 for Cox).
    DevianceMax,
    /// Non-convergence or a numerical error (see the warnings).
    Failed,
}
