//! Errors of ComBat.

/// Invalid input to [`CombatParams::fit`](super::CombatParams::fit) or
/// [`CombatFit::apply`](super::CombatFit::apply).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CombatError {
    /// Fewer than two batches.
    #[error("ComBat needs at least 2 batches (got {0})")]
    TooFewBatches(usize),
    /// A batch with a single sample (its variance cannot be estimated).
    #[error(
        "batch '{batch}' has a single sample: its scale cannot be estimated; merge it with another batch or use mean-only adjustment"
    )]
    SingleSampleBatch {
        /// Batch label.
        batch: String,
    },
    /// Lengths disagree.
    #[error("{what} has {got} entries but the data have {expected} samples")]
    LengthMismatch {
        /// What was too short or long.
        what: &'static str,
        /// Its length.
        got: usize,
        /// Samples in the data.
        expected: usize,
    },
    /// A value is missing or not finite.
    #[error("value of feature {feature} at sample row {row} is missing or not finite")]
    NonFinite {
        /// 0-based sample row.
        row: usize,
        /// 0-based feature column.
        feature: usize,
    },
    /// A covariate value is missing or not finite.
    #[error("a covariate value at sample row {row} is missing or not finite")]
    NonFiniteCovariate {
        /// 0-based sample row.
        row: usize,
    },
    /// The reference batch is not a batch label.
    #[error("reference batch '{0}' is not one of the batch labels")]
    UnknownReference(String),
    /// The covariates are confounded with batch or with each other.
    #[error("the covariates are confounded with batch (design matrix is rank deficient)")]
    Confounded,
    /// New data hold a batch the fit has not seen.
    #[error("batch '{batch}' at sample row {row} was not seen when ComBat was fitted")]
    UnknownBatch {
        /// Batch label.
        batch: String,
        /// 0-based row.
        row: usize,
    },
    /// New data have another number of features or covariates.
    #[error("new data have {got} {what}, the fit has {expected}")]
    ShapeMismatch {
        /// "features" or "covariates".
        what: &'static str,
        /// In the new data.
        got: usize,
        /// In the fit.
        expected: usize,
    },
}
