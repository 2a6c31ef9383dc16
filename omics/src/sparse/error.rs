//! Errors of the Matrix Market parser and of the sparse count matrix.

use thiserror::Error;

/// A malformed Matrix Market coordinate file; every variant carries the
/// 1-based line it was found on (the data layer adds the file name).
#[derive(Debug, Error, Clone, PartialEq)]
pub enum MtxError {
    /// The first line is not a `%%MatrixMarket matrix coordinate ...` banner.
    #[error("line {line}: not a Matrix Market banner ('{found}')")]
    Banner {
        /// 1-based line.
        line: usize,
        /// The text found.
        found: String,
    },
    /// A banner this reader does not support (array, complex, symmetric...).
    #[error(
        "line {line}: unsupported Matrix Market format '{what}' (need coordinate, integer/real/pattern, general)"
    )]
    Unsupported {
        /// 1-based line.
        line: usize,
        /// The unsupported word.
        what: String,
    },
    /// The size line (`rows cols entries`) is missing or malformed.
    #[error("line {line}: bad size line '{found}' (need 'rows columns entries')")]
    SizeLine {
        /// 1-based line.
        line: usize,
        /// The text found.
        found: String,
    },
    /// An entry line has the wrong number of fields.
    #[error("line {line}: {found} field(s), an entry needs {expected}")]
    FieldCount {
        /// 1-based line.
        line: usize,
        /// Fields found.
        found: usize,
        /// Fields expected (3, or 2 for pattern matrices).
        expected: usize,
    },
    /// A row or column index or a value does not parse.
    #[error("line {line}: {field} '{found}' is not {expected}")]
    BadField {
        /// 1-based line.
        line: usize,
        /// "row", "column" or "value".
        field: &'static str,
        /// The text found.
        found: String,
        /// What was expected ("an integer", "a finite number").
        expected: &'static str,
    },
    /// A row or column index outside `1..=dimension`.
    #[error("line {line}: {field} index {index} is outside 1..{max}")]
    IndexOutOfRange {
        /// 1-based line.
        line: usize,
        /// "row" or "column".
        field: &'static str,
        /// The index read.
        index: usize,
        /// The dimension declared on the size line.
        max: usize,
    },
    /// The number of entries differs from the size line's count.
    #[error("line {line}: the size line declares {declared} entries, the file has {found}")]
    CountMismatch {
        /// Line of the first surplus entry, or the last line when entries are missing.
        line: usize,
        /// Entries declared.
        declared: usize,
        /// Entries found (at least `declared + 1` when there are too many).
        found: usize,
    },
    /// The file is not valid UTF-8 / ASCII text on some line.
    #[error("line {line}: not text")]
    NotText {
        /// 1-based line.
        line: usize,
    },
}

/// Inconsistent inputs to [`super::CountMatrix`] or its aggregations.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum SparseError {
    /// Two inputs disagree in size.
    #[error("{what}: expected {expected}, found {found}")]
    DimensionMismatch {
        /// Which input ("gene ids", "barcodes", "cell labels").
        what: &'static str,
        /// The size the matrix implies.
        expected: usize,
        /// The size given.
        found: usize,
    },
    /// A count is negative or not finite where counts are required.
    #[error("gene '{gene}', cell '{cell}' has count {value}; counts must be finite and >= 0")]
    BadCount {
        /// Gene id.
        gene: String,
        /// Cell barcode.
        cell: String,
        /// The value.
        value: f64,
    },
}
