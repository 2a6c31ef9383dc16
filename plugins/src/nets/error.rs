//! Errors of the reference networks: bad training data, bad model folders.

use std::path::PathBuf;

/// A failure to train, save, load or apply a reference network.
#[derive(Debug, thiserror::Error)]
pub enum NetError {
    /// Fewer than two patients.
    #[error("training needs at least 2 patients, got {n}")]
    TooFewPatients {
        /// Patients given.
        n: usize,
    },
    /// No events: the survival likelihood is empty.
    #[error("training needs at least one event; all {n} patients are censored")]
    NoEvents {
        /// Patients given.
        n: usize,
    },
    /// A time that is not finite and positive.
    #[error("patient {row}: time {value} is not a positive finite number")]
    BadTime {
        /// 0-based patient index.
        row: usize,
        /// The value.
        value: f64,
    },
    /// An input of the wrong size.
    #[error("patient {row}: input has {found} values, the network expects {expected} ({what})")]
    InputSize {
        /// 0-based patient index.
        row: usize,
        /// Values expected.
        expected: usize,
        /// Values found.
        found: usize,
        /// What was expected, e.g. `"14x54x54 volume"`.
        what: String,
    },
    /// Lengths of the inputs and outcomes differ.
    #[error("{inputs} inputs but {outcomes} outcomes")]
    LengthMismatch {
        /// Number of inputs.
        inputs: usize,
        /// Number of outcomes.
        outcomes: usize,
    },
    /// An invalid training parameter.
    #[error("training parameter {name} = {value} is invalid ({reason})")]
    Param {
        /// Parameter name.
        name: &'static str,
        /// Its value, rendered.
        value: String,
        /// What is allowed.
        reason: &'static str,
    },
    /// Reading or writing a model folder failed.
    #[error("model folder {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// `model.json` could not be parsed.
    #[error("model card {path}: {source}")]
    Card {
        /// The file.
        path: PathBuf,
        /// The JSON error.
        source: serde_json::Error,
    },
    /// The weights file could not be read or does not fit the architecture.
    #[error("weights {path}: {reason}")]
    Weights {
        /// The file.
        path: PathBuf,
        /// burn's record error, rendered.
        reason: String,
    },
}
