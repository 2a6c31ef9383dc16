//! Generalised linear models: logistic regression by iteratively reweighted
//! least squares (IRLS), as R `glm(y ~ x, family = binomial)`.
//!
//! # Model
//! `logit P(y_i = 1) = β0 + x_iᵀ β`, fitted by maximum likelihood with prior
//! (case) weights `w_i`. The intercept is added by [`LogisticParams::fit`]
//! and reported first as `(Intercept)`.
//!
//! # Algorithm (R's `glm.fit`, reproduced step by step)
//! - start at `μ = (w y + 0.5) / (w + 1)`, `η = logit μ`;
//! - each iteration solves the weighted least-squares problem of the working
//!   response `z = η + (y − μ)/μ'(η)` with working weights `w μ'(η)² / (μ(1 − μ))`
//!   by a Householder QR with LINPACK `dqrdc2`'s limited pivoting (a column
//!   whose residual norm falls below `tol = min(1e-7, ε/1000)` of its
//!   original norm is aliased: its coefficient is `NA`, as R);
//! - convergence when `|dev − dev_old| / (|dev| + 0.1) < ε`;
//! - step-halving towards the previous coefficients when the deviance is
//!   non-finite or η / μ leave their domain. Like `glm.fit` (and unlike
//!   `glm2`), an increase of a finite deviance is *not* halved, so the
//!   iterates match R's exactly;
//! - standard errors from the QR of the last iteration (dispersion 1), as
//!   `summary.glm`; the inverse link clamps `η` to ±30 as R's C code does.
//!
//! Fitted probabilities within `10 ε_mach` of 0 or 1 mean complete or
//! quasi-complete separation; R warns "fitted probabilities numerically 0 or
//! 1 occurred", here it is [`GlmWarning::FittedProbabilitiesZeroOrOne`] in
//! [`LogisticFit::warnings`]. Odds-ratio confidence limits are Wald limits
//! `exp(β ± z_{1−α/2} se)` (R's `confint.default`), not the profile-likelihood
//! limits of `MASS::confint`.
//!
//! | Parameter | Default | Purpose |
//! |---|---|---|
//! | `max_iter` | 25 | IRLS iterations (`glm.control(maxit)`) |
//! | `epsilon` | 1e-8 | relative deviance change for convergence (`glm.control(epsilon)`) |
//! | `conf_level` | 0.95 | level of the odds-ratio Wald interval |
//!
//! ```
//! use prognos_core::glm::LogisticParams;
//! use prognos_core::nalgebra::DMatrix;
//! let x = DMatrix::from_column_slice(6, 1, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
//! let y = [false, true, false, true, true, false];
//! let fit = LogisticParams::default().fit(&x, &["dose".to_string()], &y, None).unwrap();
//! assert_eq!(fit.coefficients[0].term, "(Intercept)");
//! assert!(fit.converged);
//! ```
//!
//! # References
//! McCullagh P, Nelder JA (1989). *Generalized Linear Models*, 2nd ed.
//! R Core Team, `stats::glm.fit`, `stats::summary.glm`.

mod error;
mod fit;
pub mod kernel;
mod params;
mod predict;
mod stepwise;
mod summary;
#[cfg(test)]
mod tests;

pub use error::GlmError;
pub use fit::{Coefficient, GlmWarning, LogisticFit};
pub use params::LogisticParams;
pub use stepwise::{
    ModelTerm, StepDirection, StepRecord, StepwiseError, StepwiseFit, StepwiseParams,
    UnivariateRow, UnivariateScreen, univariate_screen,
};
