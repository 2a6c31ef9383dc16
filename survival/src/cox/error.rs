//! Errors of the Cox estimators: invalid input, reported with the row or
//! column at fault.

/// Why a Cox model could not be fitted (or applied).
///
/// Statistical trouble that still yields a fit (non-convergence, an
/// infinite coefficient, a dropped collinear column when `singular_ok`)
/// is not an error: it is reported in [`crate::cox::CoxDiagnostics`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CoxError {
    /// No observations.
    #[error("no observations to fit")]
    Empty,
    /// A vector does not have one entry per observation.
    #[error("{what} has {found} entries, expected {expected} (one per row)")]
    LengthMismatch {
        /// Which input (`event`, `strata`, `weights`, ...).
        what: &'static str,
        /// Number of rows of `x`.
        expected: usize,
        /// Its length.
        found: usize,
    },
    /// No event among the observations: the partial likelihood is flat.
    #[error("no events: a Cox model needs at least one event")]
    NoEvents,
    /// A stop time that is not finite.
    #[error("time at row {row} is {value}, must be finite")]
    InvalidTime {
        /// 0-based row (in the order given).
        row: usize,
        /// The value.
        value: f64,
    },
    /// A counting-process interval with start >= stop or a non-finite start.
    #[error("row {row}: start {start} must be finite and smaller than stop {stop}")]
    InvalidInterval {
        /// 0-based row.
        row: usize,
        /// Start time.
        start: f64,
        /// Stop time.
        stop: f64,
    },
    /// A case weight that is not finite and > 0 (as `coxph`: "Invalid weights, must be >0").
    #[error("weight at row {row} is {value}, must be finite and > 0")]
    InvalidWeight {
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// A covariate value that is not finite.
    #[error("covariate '{column}' at row {row} is {value}, must be finite")]
    NonFiniteCovariate {
        /// Column name.
        column: String,
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// A covariate with one value only (its coefficient is not estimable).
    #[error("covariate '{column}' is constant, its coefficient cannot be estimated")]
    ConstantCovariate {
        /// Column name.
        column: String,
    },
    /// A covariate that is a linear combination of earlier ones.
    #[error("singular design: covariate '{column}' is collinear with earlier covariates")]
    SingularDesign {
        /// Column name.
        column: String,
    },
    /// A parameter outside its valid range.
    #[error("invalid parameter {name} = {value}")]
    InvalidParameter {
        /// Parameter name (`eps`, `conf_level`, ...).
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// New data for prediction whose columns do not match the model.
    #[error("new data has {found} covariate columns, the model has {expected}")]
    DimensionMismatch {
        /// Number of model coefficients.
        expected: usize,
        /// Number of columns given.
        found: usize,
    },
    /// A stratum in new data that the model was not fitted on.
    #[error("stratum {stratum} is not one of the model's strata")]
    UnknownStratum {
        /// The stratum code.
        stratum: usize,
    },
    /// Merging near-equal times collapsed a counting-process interval.
    #[error(transparent)]
    Timefix(#[from] crate::timefix::TimefixError),
}
