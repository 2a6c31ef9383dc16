//! The multimodal prognosis study: the analysis chain of the MDLM paper
//! (Tian et al., npj Digit. Med. 2025) on cohorts the caller supplies.
//!
//! 1. Univariate Cox of every candidate (image-model scores and clinical
//!    variables) in the training cohort; multivariable Cox (the fusion
//!    model) on those with p below the threshold (a factor enters whole).
//! 2. Single-modality comparison models (e.g. CT score alone, WSI score
//!    alone, the selected clinical variables alone), fitted on training.
//! 3. In every cohort and for every model: Harrell's C of the linear
//!    predictor (as `concordance(..., reverse = TRUE)`) with a seeded
//!    percentile-bootstrap CI, and Uno's C.
//! 4. Risk groups: the training median of the fusion model's linear
//!    predictor splits every cohort into high (`lp > cut`) and low risk;
//!    Kaplan–Meier per group, log-rank test, and the Cox hazard ratio of
//!    high versus low.
//! 5. Treatment benefit: in every risk group (cohorts with a treatment
//!    record pooled), treated versus untreated before and after 1:1
//!    propensity matching within the group (`prognos_matching::benefit`),
//!    and the treatment × risk-group interaction.
//!
//! 6. Subgroups ([`StudySpec::subgroups`], called separately): risk
//!    groups within clinical subgroups of the pooled test cohorts, with
//!    the risk-group × subgroup interaction.
//!
//! Step 3 also computes the cumulative/dynamic AUC at the horizons.
//!
//! The pipeline does no I/O; progress goes through an [`Observer`].
//!
//! # Errors
//! [`StudyError`] when the training cohort is missing, a cohort's columns
//! disagree with the spec, or a model cannot be fitted.

mod error;
mod observer;
mod results;
mod run;
mod spec;
mod subgroups;

pub use error::StudyError;
pub use observer::{NoProgress, Observer};
pub use results::{
    BenefitAnalysis, CohortSummary, ModelFit, Performance, RiskGroupAnalysis, StudyResults,
};
pub use spec::{ModalitySpec, StudyCohort, StudySpec};
pub use subgroups::{InteractionTest, SubgroupAnalysis, SubgroupLevel, SubgroupVariable};
