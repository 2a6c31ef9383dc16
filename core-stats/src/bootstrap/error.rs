//! Errors of the bootstrap engine.

/// Why a bootstrap run or interval could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BootstrapError {
    /// `replicates` was zero.
    #[error("the number of bootstrap replicates must be at least 1")]
    NoReplicates,
    /// There were no observations to resample.
    #[error("cannot bootstrap zero observations")]
    NoObservations,
    /// The strata vector does not have one label per observation.
    #[error("strata has {got} labels but there are {n} observations")]
    StrataLength {
        /// Labels given.
        got: usize,
        /// Observations.
        n: usize,
    },
    /// The confidence level is not inside (0, 1).
    #[error("confidence level {level} is not strictly between 0 and 1")]
    BadLevel {
        /// The level given.
        level: f64,
    },
    /// Every replicate was non-finite (NaN or infinite).
    #[error("all {replicates} bootstrap replicates are non-finite")]
    NoFiniteReplicates {
        /// Number of replicates.
        replicates: usize,
    },
    /// BCa bias correction is infinite: every finite replicate lies on one
    /// side of the full-sample estimate (boot.ci: "estimated adjustment 'w' is infinite").
    #[error("BCa bias correction is infinite: all replicates are on one side of the estimate")]
    InfiniteBias,
    /// BCa acceleration is undefined: the jackknife values are constant
    /// or non-finite (boot.ci: "estimated adjustment 'a' is NA").
    #[error("BCa acceleration is undefined (jackknife estimates constant or non-finite)")]
    UndefinedAcceleration,
    /// The jackknife needs at least two observations.
    #[error("the jackknife needs at least 2 observations, got {n}")]
    JackknifeTooSmall {
        /// Observations.
        n: usize,
    },
}
