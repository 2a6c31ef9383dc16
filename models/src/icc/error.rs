//! Errors of the ICC routines.

/// Invalid input to [`icc`](super::icc) or the reader filter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IccError {
    /// Fewer than 2 subjects or 2 readers.
    #[error(
        "ICC needs at least 2 subjects and 2 readers (got {subjects} subjects, {readers} readers)"
    )]
    TooSmall {
        /// Subjects (rows).
        subjects: usize,
        /// Readers (columns).
        readers: usize,
    },
    /// A rating is missing or not finite.
    #[error("rating of subject row {row}, reader {reader} is not finite ({value})")]
    NonFinite {
        /// 0-based subject row.
        row: usize,
        /// 0-based reader.
        reader: usize,
        /// The value.
        value: f64,
    },
    /// The confidence level is outside (0, 1).
    #[error("conf_level must lie strictly between 0 and 1 (got {0})")]
    ConfLevel(f64),
    /// Two reader tables do not hold the same patients.
    #[error(
        "reader tables '{first}' and '{second}' hold different patients: '{patient}' is in '{first}' but not in '{second}'"
    )]
    PatientMismatch {
        /// Name of the first reader table.
        first: String,
        /// Name of the second reader table.
        second: String,
        /// A patient present only in the first.
        patient: String,
    },
    /// A patient appears twice in one reader table.
    #[error("patient '{patient}' appears more than once in reader table '{reader}'")]
    DuplicatePatient {
        /// Reader table.
        reader: String,
        /// Patient id.
        patient: String,
    },
    /// Two reader tables do not hold the same features.
    #[error(
        "feature '{feature}' of reader table '{first}' is missing from reader table '{second}'"
    )]
    FeatureMismatch {
        /// Reader table holding the feature.
        first: String,
        /// Reader table lacking it.
        second: String,
        /// Feature name.
        feature: String,
    },
    /// A reader table's shape disagrees with its labels.
    #[error(
        "reader table '{reader}' has {rows}x{cols} values but {patients} patients and {features} features"
    )]
    Shape {
        /// Reader table.
        reader: String,
        /// Matrix rows.
        rows: usize,
        /// Matrix columns.
        cols: usize,
        /// Patient labels.
        patients: usize,
        /// Feature labels.
        features: usize,
    },
    /// Fewer than 2 reader tables.
    #[error("the ICC filter needs at least 2 reader tables (got {0})")]
    TooFewReaders(usize),
    /// A feature value is missing in a reader table.
    #[error(
        "feature '{feature}' of reader table '{reader}' is missing or not finite for patient '{patient}'"
    )]
    MissingValue {
        /// Reader table.
        reader: String,
        /// Feature.
        feature: String,
        /// Patient id.
        patient: String,
    },
}
