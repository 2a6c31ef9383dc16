//! Errors of the data layer; each names the file, column, row and value it is about.

/// Invalid input found while reading a table or building a model frame.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The file could not be opened or read.
    #[error("cannot read '{path}': {reason}")]
    Io {
        /// The path given.
        path: String,
        /// The operating system's or parser's reason.
        reason: String,
    },
    /// The file extension is not one prognos reads.
    #[error("'{path}': unsupported file type (use .csv, .tsv or .parquet)")]
    UnsupportedFormat {
        /// The path given.
        path: String,
    },
    /// A named column is not in the table.
    #[error("column '{column}' not found in {source_name} (columns: {available})")]
    MissingColumn {
        /// The column asked for.
        column: String,
        /// The table's source.
        source_name: String,
        /// The columns that exist, comma-separated (truncated when long).
        available: String,
    },
    /// A cell that must be numeric is not.
    #[error("column '{column}' row {row}: '{value}' is not a number")]
    NotNumeric {
        /// Column name.
        column: String,
        /// 0-based data row.
        row: usize,
        /// The offending cell text.
        value: String,
    },
    /// An event indicator other than 0/1/true/false.
    #[error("column '{column}' row {row}: event indicator '{value}' is not 0/1 or true/false")]
    BadEvent {
        /// Column name.
        column: String,
        /// 0-based data row.
        row: usize,
        /// The offending value.
        value: String,
    },
    /// A 0/1 label column with another value.
    #[error("column '{column}' row {row}: '{value}' is not 0 or 1")]
    NotBinary {
        /// Column name.
        column: String,
        /// 0-based data row.
        row: usize,
        /// The offending value.
        value: String,
    },
    /// A column of predicted probabilities with a value outside [0, 1].
    #[error("column '{column}' row {row}: {value} is not a probability in [0, 1]")]
    NotProbability {
        /// Column name.
        column: String,
        /// 0-based data row.
        row: usize,
        /// The offending value.
        value: f64,
    },
    /// A follow-up time that is not finite and positive.
    #[error("column '{column}' row {row}: time {value} must be finite and > 0")]
    BadTime {
        /// Column name.
        column: String,
        /// 0-based data row.
        row: usize,
        /// The offending value.
        value: String,
    },
    /// A start time at or after its stop time (counting-process data).
    #[error("row {row}: start {start} is not before stop {stop}")]
    StartAfterStop {
        /// 0-based data row.
        row: usize,
        /// Start time.
        start: f64,
        /// Stop time.
        stop: f64,
    },
    /// Every row has a missing value in some used column.
    #[error("no complete rows: every row has a missing value in {columns}")]
    NoCompleteRows {
        /// The used columns, comma-separated.
        columns: String,
    },
    /// A column in which every value is missing.
    #[error("column '{column}' has no non-missing values")]
    AllMissing {
        /// Column name.
        column: String,
    },
    /// A reference level that does not occur in the factor.
    #[error("factor '{column}': reference level '{level}' not found (levels: {levels})")]
    UnknownLevel {
        /// Column name.
        column: String,
        /// The level asked for.
        level: String,
        /// The levels present.
        levels: String,
    },
    /// A factor named in `--factors` but not among the covariates.
    #[error("factor '{column}' is not one of the covariates")]
    FactorNotCovariate {
        /// Column name.
        column: String,
    },
    /// A factor with a single level after dropping missing rows.
    #[error("factor '{column}' has only one level ('{level}') among complete rows")]
    SingleLevel {
        /// Column name.
        column: String,
        /// Its one level.
        level: String,
    },
    /// Any other constraint on a column's values.
    #[error("column '{column}': {reason}")]
    Invalid {
        /// Column name.
        column: String,
        /// What is wrong.
        reason: String,
    },
}
