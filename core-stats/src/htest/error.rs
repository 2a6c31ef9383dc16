//! Errors of the hypothesis tests (R's `stop()` conditions).

/// Why a test could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HtestError {
    /// Too few observations in a sample (R: "not enough 'x' observations").
    #[error("not enough observations in {sample}: {n} (need at least {needed})")]
    NotEnoughObservations {
        /// Which sample (`x`, `y`, a group label).
        sample: String,
        /// How many there are.
        n: usize,
        /// How many are needed.
        needed: usize,
    },
    /// The data have (essentially) zero variance (R: "data are essentially constant").
    #[error("data are essentially constant")]
    EssentiallyConstant,
    /// A value is NaN or infinite.
    #[error("{sample} contains a non-finite value at position {index}")]
    NonFinite {
        /// Which sample.
        sample: String,
        /// 0-based position.
        index: usize,
    },
    /// Paired samples differ in length.
    #[error("paired samples differ in length: {nx} and {ny}")]
    PairedLength {
        /// Length of x.
        nx: usize,
        /// Length of y.
        ny: usize,
    },
    /// Fewer than two groups (R: "all observations are in the same group").
    #[error("all observations are in the same group (need at least 2 groups, got {groups})")]
    TooFewGroups {
        /// Number of non-empty groups.
        groups: usize,
    },
    /// A contingency table has a negative, non-integer or non-finite entry, or is empty.
    #[error("contingency table entry [{row}, {col}] = {value} is not a non-negative count")]
    BadCount {
        /// Row.
        row: usize,
        /// Column.
        col: usize,
        /// The value.
        value: f64,
    },
    /// A contingency table needs at least 2 rows and 2 columns with non-zero margins.
    #[error(
        "contingency table must have at least 2 non-empty rows and columns, got {rows} x {cols}"
    )]
    TableTooSmall {
        /// Non-empty rows.
        rows: usize,
        /// Non-empty columns.
        cols: usize,
    },
    /// The r x c Fisher enumeration would exceed the table limit.
    #[error(
        "Fisher's exact test: more than {limit} tables to enumerate; use the chi-square test or the Monte-Carlo p-value"
    )]
    FisherTooLarge {
        /// Enumeration limit.
        limit: u64,
    },
    /// The confidence level is not inside (0, 1).
    #[error("confidence level {level} is not strictly between 0 and 1")]
    BadLevel {
        /// Level given.
        level: f64,
    },
    /// Samples of different length where one pair per observation is needed.
    #[error("x and y differ in length: {nx} and {ny}")]
    LengthMismatch {
        /// Length of x.
        nx: usize,
        /// Length of y.
        ny: usize,
    },
}

pub(crate) fn check_finite(x: &[f64], sample: &str) -> Result<(), HtestError> {
    match x.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(HtestError::NonFinite {
            sample: sample.to_string(),
            index,
        }),
        None => Ok(()),
    }
}

pub(crate) fn check_level(level: f64) -> Result<(), HtestError> {
    if level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(HtestError::BadLevel { level })
    }
}

impl HtestError {
    /// Checks two paired samples for `cor.test`: equal length, finite, n >= 3, level in (0, 1).
    pub(crate) fn check_inputs(x: &[f64], y: &[f64], level: f64) -> Result<(), HtestError> {
        check_level(level)?;
        if x.len() != y.len() {
            return Err(HtestError::LengthMismatch {
                nx: x.len(),
                ny: y.len(),
            });
        }
        check_finite(x, "x")?;
        check_finite(y, "y")?;
        if x.len() < 3 {
            return Err(HtestError::NotEnoughObservations {
                sample: "x and y".into(),
                n: x.len(),
                needed: 3,
            });
        }
        Ok(())
    }
}
