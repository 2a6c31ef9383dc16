//! What a study is made of: cohorts and the analysis settings.

use crate::synthetic::CohortRole;
use nalgebra::DMatrix;
use prognos_survival::cox::CoxTerm;

/// One cohort, already converted to numbers.
#[derive(Debug, Clone)]
pub struct StudyCohort {
    /// Name used in tables and figures.
    pub name: String,
    /// Its role.
    pub role: CohortRole,
    /// Follow-up time (months in the demo).
    pub time: Vec<f64>,
    /// Event indicator.
    pub event: Vec<bool>,
    /// Candidate covariates, n × p, columns as [`StudySpec::columns`].
    pub x: DMatrix<f64>,
    /// Treatment indicator (e.g. postoperative radiotherapy) for the
    /// benefit analysis; `None` where the cohort does not record it.
    pub treatment: Option<Vec<bool>>,
}

/// A comparison model: a name and the candidate terms it uses.
#[derive(Debug, Clone)]
pub struct ModalitySpec {
    /// Model name (`CT`, `WSI`, `Clinical`).
    pub name: String,
    /// Term names; an empty list means "the clinical terms the screen
    /// selected" (every selected term not in another modality).
    pub terms: Vec<String>,
}

/// The analysis settings.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `p_threshold` | 0.05 | univariate screen threshold |
/// | `bootstrap` | 1000 | bootstrap replicates for C-index CIs |
/// | `seed` | 20251 | bootstrap seed |
/// | `conf_level` | 0.95 | interval coverage |
/// | `horizons` | 12, 24, 36 | times (months) for risk tables and td-AUC |
/// | `match_on` | none | matching terms of the benefit analysis |
/// | `caliper` | 0.2 | benefit matching caliper (SD of the PS) |
#[derive(Debug, Clone)]
pub struct StudySpec {
    /// Design-matrix column names (`differentiation[poor]`).
    pub columns: Vec<String>,
    /// Candidate terms and their columns.
    pub terms: Vec<CoxTerm>,
    /// Single-modality comparison models.
    pub modalities: Vec<ModalitySpec>,
    /// Univariate screen threshold.
    pub p_threshold: f64,
    /// Bootstrap replicates.
    pub bootstrap: usize,
    /// Seed.
    pub seed: u64,
    /// Interval coverage.
    pub conf_level: f64,
    /// Landmark times for the risk tables and the time-dependent AUC.
    pub horizons: Vec<f64>,
    /// Terms to match on in the treatment-benefit analysis (empty: skip it).
    pub match_on: Vec<String>,
    /// Caliper of the benefit matching, in SDs of the propensity score.
    pub caliper: Option<f64>,
}

impl StudySpec {
    /// A spec with the defaults of the table above.
    pub fn new(columns: Vec<String>, terms: Vec<CoxTerm>, modalities: Vec<ModalitySpec>) -> Self {
        StudySpec {
            columns,
            terms,
            modalities,
            p_threshold: 0.05,
            bootstrap: 1000,
            seed: 20251,
            conf_level: 0.95,
            horizons: vec![12.0, 24.0, 36.0],
            match_on: Vec::new(),
            caliper: Some(0.2),
        }
    }
}
