//! The Brier score of predicted probabilities.

use super::DiagnosticError;
use super::error::{check_inputs, check_probabilities};

/// Brier score and its scaled version.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Brier {
    /// Mean squared error `mean((p − y)²)`.
    pub brier: f64,
    /// `1 − brier / (ȳ (1 − ȳ))`: 1 is perfect, 0 is no better than predicting the prevalence
    /// (the scaled Brier of Steyerberg, `rms::val.prob`'s `Brier` rescaled).
    pub scaled: f64,
}

impl Brier {
    /// Computes the Brier score of probabilities `p` for outcomes `y`.
    ///
    /// # Errors
    /// Length mismatch, a non-finite value, one class absent, or a value outside [0, 1].
    pub fn new(p: &[f64], y: &[bool]) -> Result<Brier, DiagnosticError> {
        let (n_pos, _) = check_inputs(p, y)?;
        check_probabilities(p)?;
        let n = p.len() as f64;
        let brier = p
            .iter()
            .zip(y)
            .map(|(&pi, &yi)| (pi - if yi { 1.0 } else { 0.0 }).powi(2))
            .sum::<f64>()
            / n;
        let prev = n_pos as f64 / n;
        Ok(Brier {
            brier,
            scaled: 1.0 - brier / (prev * (1.0 - prev)),
        })
    }
}
