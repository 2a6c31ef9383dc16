//! Parameters of the elastic-net Cox path and their one-time checks.

use super::CoxNetError;

/// Parameters of the elastic-net penalised Cox path, as
/// `glmnet::glmnet(x, Surv(time, event), family = "cox", ...)` (glmnet 4.1).
///
/// The fit minimises, over a decreasing sequence of `lambda`,
///
/// `-(1/W) l(beta) + lambda * sum_j pf_j (alpha |beta_j| + (1 - alpha)/2 beta_j^2)`
///
/// where `l` is the Breslow log partial likelihood with case weights and
/// `W` the total weight (glmnet normalises the weights to sum 1, so lambda
/// is on the "per unit weight" scale), `beta` on the standardised scale when
/// `standardize` is true.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `alpha` | 1 | elastic-net mixing: 1 = lasso, 0 = ridge |
/// | `nlambda` | 100 | length of the generated lambda sequence |
/// | `lambda_min_ratio` | 0.01 if n < p else 1e-4 | smallest / largest generated lambda |
/// | `lambda` | generated | a user sequence (sorted decreasing; no early stop) |
/// | `standardize` | true | scale columns to unit weighted variance (1/n), coefficients returned on the original scale |
/// | `penalty_factor` | all 1 | per-column penalty weights, rescaled to sum to p as glmnet |
/// | `thresh` | 1e-7 | coordinate-descent convergence, relative to the null deviance |
/// | `max_iter` | 100000 | total coordinate-descent passes over all lambdas |
#[derive(Debug, Clone, PartialEq)]
pub struct CoxNetParams {
    /// Elastic-net mixing parameter in [0, 1].
    pub alpha: f64,
    /// Number of lambda values to generate.
    pub nlambda: usize,
    /// Ratio of the smallest to the largest generated lambda; `None` uses
    /// glmnet's default (0.01 when rows < columns, else 1e-4).
    pub lambda_min_ratio: Option<f64>,
    /// A user-supplied lambda sequence (overrides `nlambda`/`lambda_min_ratio`).
    pub lambda: Option<Vec<f64>>,
    /// Standardise the columns before fitting.
    pub standardize: bool,
    /// Per-column penalty factors (0 = unpenalised).
    pub penalty_factor: Option<Vec<f64>>,
    /// Convergence threshold (glmnet's `thresh`).
    pub thresh: f64,
    /// Maximum total number of coordinate-descent passes (glmnet's `maxit`).
    pub max_iter: usize,
}

impl Default for CoxNetParams {
    fn default() -> Self {
        CoxNetParams {
            alpha: 1.0,
            nlambda: 100,
            lambda_min_ratio: None,
            lambda: None,
            standardize: true,
            penalty_factor: None,
            thresh: 1e-7,
            max_iter: 100_000,
        }
    }
}

impl CoxNetParams {
    /// Sets `alpha`.
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }
    /// Sets `nlambda`.
    pub fn nlambda(mut self, nlambda: usize) -> Self {
        self.nlambda = nlambda;
        self
    }
    /// Sets `lambda_min_ratio`.
    pub fn lambda_min_ratio(mut self, ratio: f64) -> Self {
        self.lambda_min_ratio = Some(ratio);
        self
    }
    /// Sets a user lambda sequence.
    pub fn lambda(mut self, lambda: Vec<f64>) -> Self {
        self.lambda = Some(lambda);
        self
    }
    /// Sets `standardize`.
    pub fn standardize(mut self, standardize: bool) -> Self {
        self.standardize = standardize;
        self
    }
    /// Sets `thresh`.
    pub fn thresh(mut self, thresh: f64) -> Self {
        self.thresh = thresh;
        self
    }

    /// Checks the parameters that do not depend on the data.
    pub(crate) fn check(&self, p: usize) -> Result<(), CoxNetError> {
        if !(0.0..=1.0).contains(&self.alpha) {
            return Err(CoxNetError::BadAlpha { alpha: self.alpha });
        }
        if let Some(r) = self
            .lambda_min_ratio
            .filter(|r| !(0.0..1.0).contains(r) || *r == 0.0)
        {
            return Err(CoxNetError::BadLambdaMinRatio { value: r });
        }
        match &self.lambda {
            Some(l) if l.is_empty() => return Err(CoxNetError::EmptyLambda),
            Some(l) => {
                if let Some(&v) = l.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
                    return Err(CoxNetError::BadLambda { value: v });
                }
            }
            None if self.nlambda == 0 => return Err(CoxNetError::EmptyLambda),
            None => {}
        }
        if let Some(pf) = &self.penalty_factor {
            if pf.len() != p {
                return Err(CoxNetError::LengthMismatch {
                    what: "penalty_factor",
                    expected: p,
                    found: pf.len(),
                });
            }
            if let Some((j, &v)) = pf
                .iter()
                .enumerate()
                .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
            {
                return Err(CoxNetError::BadPenaltyFactor {
                    column: j,
                    value: v,
                });
            }
            if pf.iter().all(|&v| v == 0.0) {
                return Err(CoxNetError::BadPenaltyFactor {
                    column: 0,
                    value: 0.0,
                });
            }
        }
        if self.thresh.is_nan() || self.thresh <= 0.0 || self.max_iter == 0 {
            return Err(CoxNetError::BadControl);
        }
        Ok(())
    }

    /// The penalty factors as glmnet uses them: `max(0, pf)` rescaled to sum to p.
    pub(crate) fn scaled_penalty(&self, p: usize) -> Vec<f64> {
        match &self.penalty_factor {
            None => vec![1.0; p],
            Some(pf) => {
                let s: f64 = pf.iter().map(|v| v.max(0.0)).sum();
                pf.iter().map(|v| v.max(0.0) * p as f64 / s).collect()
            }
        }
    }
}
