//! Errors of the study pipeline.

use prognos_matching::MatchError;
use prognos_survival::concordance::ConcordanceError;
use prognos_survival::cox::CoxError;
use prognos_survival::km::KmError;
use prognos_survival::logrank::LogrankError;
use prognos_survival::tdauc::TdAucError;

/// Why a study could not run.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    /// No cohort has the training role.
    #[error("no training cohort")]
    NoTraining,
    /// A cohort's design matrix does not have the spec's columns.
    #[error("cohort '{cohort}': {got} covariate columns, the study names {expected}")]
    ColumnMismatch {
        /// Cohort name.
        cohort: String,
        /// Columns it has.
        got: usize,
        /// Columns the spec names.
        expected: usize,
    },
    /// A modality names a term the spec does not have.
    #[error("model '{model}': unknown term '{term}'")]
    UnknownTerm {
        /// Model name.
        model: String,
        /// The term.
        term: String,
    },
    /// No candidate passed the univariate screen.
    #[error("no candidate passed the univariate screen at p < {threshold}")]
    NothingSelected {
        /// The threshold.
        threshold: f64,
    },
    /// A Cox fit failed.
    #[error("{context}: {source}")]
    Cox {
        /// Which fit.
        context: String,
        /// Why.
        source: CoxError,
    },
    /// A concordance failed.
    #[error("{context}: {source}")]
    Concordance {
        /// Which cohort and model.
        context: String,
        /// Why.
        source: ConcordanceError,
    },
    /// Kaplan–Meier failed.
    #[error("{context}: {source}")]
    Km {
        /// Which cohort.
        context: String,
        /// Why.
        source: KmError,
    },
    /// The time-dependent AUC failed.
    #[error("{context}: {source}")]
    TdAuc {
        /// Which cohort and model.
        context: String,
        /// Why.
        source: TdAucError,
    },
    /// The benefit analysis failed.
    #[error("benefit analysis: {source}")]
    Benefit {
        /// Why.
        source: MatchError,
    },
    /// The log-rank test failed.
    #[error("{context}: {source}")]
    Logrank {
        /// Which cohort.
        context: String,
        /// Why.
        source: LogrankError,
    },
}
