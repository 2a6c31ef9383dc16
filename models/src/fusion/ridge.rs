//! L2-penalised (ridge) logistic regression fitted by Newton's method.

use nalgebra::{DMatrix, DVector};

/// Iteration limit of the Newton solve.
const MAX_ITER: usize = 100;
/// Convergence: the largest full Newton step below this.
const STEP_TOL: f64 = 1e-10;

/// A fitted ridge logistic regression
/// `logit P(y = 1) = intercept + x·coef`, minimising glmnet's objective
/// `−loglik/n + λ/2 ‖coef‖²` (intercept unpenalised; `glmnet(alpha = 0,
/// standardize = FALSE)` at that λ). With λ = 0 it is the maximum
/// likelihood fit of `glm(family = binomial)`.
#[derive(Debug, Clone, PartialEq)]
pub struct RidgeLogistic {
    /// Intercept.
    pub intercept: f64,
    /// Coefficients, one per column.
    pub coef: Vec<f64>,
    /// Penalty λ.
    pub lambda: f64,
    /// Newton iterations used.
    pub iterations: usize,
    /// Whether the step fell below 1e-10 within 100 iterations (false
    /// signals separation when λ = 0).
    pub converged: bool,
}

fn softplus(eta: f64) -> f64 {
    if eta > 0.0 {
        eta + (-eta).exp().ln_1p()
    } else {
        eta.exp().ln_1p()
    }
}

fn sigmoid(eta: f64) -> f64 {
    if eta >= 0.0 {
        1.0 / (1.0 + (-eta).exp())
    } else {
        let e = eta.exp();
        e / (1.0 + e)
    }
}

/// Design with a leading column of ones.
fn with_intercept(x: &DMatrix<f64>) -> DMatrix<f64> {
    DMatrix::from_fn(x.nrows(), x.ncols() + 1, |i, j| {
        if j == 0 { 1.0 } else { x[(i, j - 1)] }
    })
}

fn objective(x1: &DMatrix<f64>, y: &[f64], beta: &DVector<f64>, lambda: f64) -> f64 {
    let eta = x1 * beta;
    let n = y.len() as f64;
    let nll: f64 = eta
        .iter()
        .zip(y)
        .map(|(&e, &yi)| softplus(e) - yi * e)
        .sum::<f64>()
        / n;
    let pen: f64 = beta.iter().skip(1).map(|b| b * b).sum::<f64>();
    nll + 0.5 * lambda * pen
}

/// Fits the ridge logistic regression of `y` on the columns of `x`.
///
/// Returns `None` when the Newton system is singular (collinear columns
/// with λ = 0); non-convergence (separation) is reported in
/// [`RidgeLogistic::converged`].
pub fn fit_ridge_logistic(x: &DMatrix<f64>, y: &[bool], lambda: f64) -> Option<RidgeLogistic> {
    let n = y.len();
    let p = x.ncols();
    let nf = n as f64;
    let yv: Vec<f64> = y.iter().map(|&b| f64::from(u8::from(b))).collect();
    let x1 = with_intercept(x);
    let ybar = yv.iter().sum::<f64>() / nf;
    let mut beta = DVector::zeros(p + 1);
    beta[0] = (ybar / (1.0 - ybar)).ln();
    let mut f = objective(&x1, &yv, &beta, lambda);
    let mut converged = false;
    let mut iterations = 0;
    while iterations < MAX_ITER {
        iterations += 1;
        let eta = &x1 * &beta;
        let mu: Vec<f64> = eta.iter().map(|&e| sigmoid(e)).collect();
        let resid = DVector::from_iterator(n, yv.iter().zip(&mu).map(|(y, m)| (y - m) / nf));
        let mut grad = x1.tr_mul(&resid);
        let xw = DMatrix::from_fn(n, p + 1, |i, j| x1[(i, j)] * mu[i] * (1.0 - mu[i]) / nf);
        let mut hess = x1.tr_mul(&xw);
        for j in 1..=p {
            grad[j] -= lambda * beta[j];
            hess[(j, j)] += lambda;
        }
        let step = match hess.clone().cholesky() {
            Some(c) => c.solve(&grad),
            None => hess.lu().solve(&grad)?,
        };
        if step.iter().any(|s| !s.is_finite()) {
            return None;
        }
        // Step halving keeps the objective decreasing; near the optimum the
        // change is below rounding, so a full step is accepted within it.
        let full = step.amax();
        let slack = 1e-13 * (1.0 + f.abs());
        let mut t = 1.0;
        let mut next = &beta + &step;
        let mut f_next = objective(&x1, &yv, &next, lambda);
        while f_next > f + slack && t > 1e-8 {
            t *= 0.5;
            next = &beta + &step * t;
            f_next = objective(&x1, &yv, &next, lambda);
        }
        beta = next;
        f = f_next;
        if full < STEP_TOL {
            converged = true;
            break;
        }
    }
    Some(RidgeLogistic {
        intercept: beta[0],
        coef: beta.iter().skip(1).copied().collect(),
        lambda,
        iterations,
        converged,
    })
}

impl RidgeLogistic {
    /// Linear predictor (log-odds) of each row.
    pub fn predict_link(&self, x: &DMatrix<f64>) -> Vec<f64> {
        (0..x.nrows())
            .map(|i| {
                self.intercept
                    + self
                        .coef
                        .iter()
                        .enumerate()
                        .map(|(j, b)| b * x[(i, j)])
                        .sum::<f64>()
            })
            .collect()
    }

    /// Probability of class 1 for each row.
    pub fn predict_proba(&self, x: &DMatrix<f64>) -> Vec<f64> {
        self.predict_link(x).into_iter().map(sigmoid).collect()
    }
}

pub(crate) fn logistic(eta: f64) -> f64 {
    sigmoid(eta)
}
