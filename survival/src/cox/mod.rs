//! Cox proportional-hazards regression, as R's `survival::coxph`.
//!
//! The model: `λ(t | x) = λ₀ₛ(t) exp(xᵀβ)` with an unspecified baseline
//! hazard `λ₀ₛ` per stratum s. β maximises the log partial likelihood
//! (Efron or Breslow ties, case weights, counting-process `(start, stop]`
//! rows) by Newton–Raphson with step halving, exactly as `coxph` does
//! (same centring, convergence rule, singular-column handling and tests).
//!
//! Three tiers (style.md §3):
//! - estimator: [`CoxParams::fit`] on [`CoxData`] → [`CoxFit`]; then
//!   [`CoxFit::predict_lp`], [`CoxFit::predict_survival`],
//!   [`CoxFit::score_residuals`], [`CoxFit::zph`], [`CoxParams::screen`];
//! - kernel: [`kernel`] (one sorted pass per iteration, O(n·p²));
//! - adapters (column names, factors, files) live in the binary.
//!
//! | Verb | File | R |
//! |---|---|---|
//! | fit | `fit.rs` | `coxph`, `coxph.fit`, `agreg.fit` |
//! | predict | `predict.rs` | `predict.coxph`, `survfit.coxph` |
//! | residuals | `residuals.rs` | `residuals.coxph` (score, dfbeta), robust variance |
//! | zph | `zph.rs` | `cox.zph` |
//! | screen | `screen.rs` | univariate then multivariable `coxph` |
//! | summary | `summary.rs` | `print.coxph` |
//!
//! # Examples
//! ```
//! use prognos_survival::cox::{CoxData, CoxParams, Ties};
//! use nalgebra::DMatrix;
//! let x = DMatrix::from_column_slice(8, 1, &[1., 0., 1., 0., 1., 0., 1., 0.]);
//! let data = CoxData::new(vec![2., 3., 4., 5., 6., 7., 8., 9.],
//!                         vec![true, true, true, false, true, true, false, true], x)
//!     .with_names(vec!["treated".into()]);
//! let fit = CoxParams::default().ties(Ties::Breslow).fit(&data).unwrap();
//! println!("{fit}");
//! assert_eq!(fit.coefficients()[0].term, "treated");
//! ```
//!
//! # References
//! Cox DR (1972) JRSS-B 34:187–220; Efron B (1977) JASA 72:557–565;
//! Therneau TM, Grambsch PM (2000) *Modeling Survival Data*. Springer.

mod error;
mod fit;
pub mod kernel;
mod params;
mod predict;
mod residuals;
mod screen;
mod summary;
mod zph;

pub use error::CoxError;
pub use fit::{Concordance, CoxCoefficient, CoxDiagnostics, CoxFit, CoxTest, CoxWarning};
pub use params::{CoxData, CoxParams, CoxTerm, Ties};
pub use predict::BaselineHazard;
pub use residuals::EventTable;
pub use screen::{CoxScreen, ScreenRow};
pub use zph::{CoxZph, ZphRow, ZphTransform};

#[cfg(test)]
mod tests;
