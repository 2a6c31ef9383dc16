//! The propensity score: P(treated | covariates) from a logistic
//! regression, as `MatchIt::matchit(distance = "glm")` (which calls
//! `glm(treat ~ covariates, family = binomial)` and takes the fitted
//! probabilities). The regression is `prognos_core::glm`.
//!
//! Separation (fitted probabilities numerically 0 or 1) and
//! non-convergence are reported in [`PropensityFit::model`]'s warnings and
//! in [`PropensityFit::separation`]; what to do about them is the caller's
//! choice.

use crate::MatchError;
use nalgebra::DMatrix;
use prognos_core::glm::{LogisticFit, LogisticParams};

/// A fitted propensity-score model.
#[derive(Debug, Clone)]
pub struct PropensityFit {
    /// Fitted probability of treatment per unit (the matching distance).
    pub scores: Vec<f64>,
    /// The logistic regression (coefficients, convergence, warnings).
    pub model: LogisticFit,
}

impl PropensityFit {
    /// Whether the model shows complete or quasi-complete separation.
    pub fn separation(&self) -> bool {
        self.model.separation()
    }
}

/// Fits `logit P(treated) = β0 + x β` (x: n × p covariates without an
/// intercept column, named by `names`) and returns the fitted
/// probabilities.
///
/// # Errors
/// No treated or no control units; [`MatchError::PropensityModel`] when
/// the regression fails (non-finite covariates, length mismatch).
pub fn propensity_score(
    x: &DMatrix<f64>,
    names: &[String],
    treated: &[bool],
) -> Result<PropensityFit, MatchError> {
    if !treated.iter().any(|&t| t) {
        return Err(MatchError::NoTreated);
    }
    if treated.iter().all(|&t| t) {
        return Err(MatchError::NoControls);
    }
    let model = LogisticParams::default().fit(x, names, treated, None)?;
    Ok(PropensityFit {
        scores: model.fitted.clone(),
        model,
    })
}
