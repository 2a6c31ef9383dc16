//! Radiomics feature selection, each step fitted on training rows only so
//! that it can run inside cross-validation folds:
//!
//! - [`Scaler`]: z-score (R `scale()`) or min–max scaling;
//! - [`redundancy_filter`]: among features with `|r| > threshold` keep the
//!   one more associated with the outcome (the PCC filter);
//! - [`univariate_scores`]: ANOVA F (`oneway.test(var.equal = TRUE)`) or
//!   Mann–Whitney (`wilcox.test`) per feature with BH q-values;
//! - [`mrmr`]: minimum-redundancy maximum-relevance ranking (FCQ);
//! - [`LassoSelectParams`]: L1-penalised logistic regression
//!   ([`fit_penalized_logistic`], glmnet's objective) with λ by CV;
//! - random-forest impurity importance:
//!   [`RandomForestParams`](crate::classify::RandomForestParams) and
//!   [`FittedForest::importance`](crate::classify::FittedForest::importance).
//!
//! ```
//! use prognos_models::selection::{univariate_scores, UnivariateTest};
//! use nalgebra::DMatrix;
//! let x = DMatrix::from_column_slice(6, 2, &[1., 2., 3., 7., 8., 9., 5., 1., 4., 2., 6., 3.]);
//! let y = [false, false, false, true, true, true];
//! let names = vec!["signal".to_string(), "noise".to_string()];
//! let s = univariate_scores(&x, &names, &y, UnivariateTest::AnovaF).unwrap();
//! assert_eq!(s.top_k(1), vec![0]);
//! ```

mod error;
mod lasso;
mod mrmr;
mod penalized;
mod redundancy;
mod scale;
#[cfg(test)]
mod tests;
mod univariate;

pub use error::SelectionError;
pub use lasso::{LambdaRule, LassoSelectParams, LassoSelection};
pub use mrmr::mrmr;
pub(crate) use penalized::sigmoid;
pub use penalized::{PenalizedLogistic, fit_penalized_logistic, lambda_max};
pub use redundancy::{RedundancyMethod, RedundancyResult, RedundantFeature, redundancy_filter};
pub use scale::{ScaleKind, Scaler};
pub use univariate::{UnivariateScore, UnivariateScores, UnivariateTest, univariate_scores};
