//! Pearson and Spearman correlation with tests, as R `cor.test`, and a
//! correlation matrix between two feature sets with BH-adjusted p-values.
//!
//! ```
//! use prognos_core::correlation::{cor_test, CorMethod};
//! use prognos_core::htest::Alternative;
//! let x = [1.0, 2.0, 3.0, 4.0, 5.0];
//! let y = [2.1, 3.9, 6.2, 7.8, 10.1];
//! let r = cor_test(&x, &y, CorMethod::Pearson, Alternative::TwoSided, 0.95).unwrap();
//! assert!(r.estimate[0].value > 0.99);
//! ```
//!
//! Conventions (R 4.2 `cor.test`): Pearson's `t = r sqrt((n - 2) / (1 - r^2))`
//! on `n - 2` df with the Fisher-z interval (n > 3). Spearman's `S = (n^3 -
//! n)(1 - rho) / 6`; without ties and `n < 1290` the p-value comes from
//! algorithm AS 89 (exact enumeration for `n <= 9`, Edgeworth series
//! above), with ties from the t approximation
//! `rho / sqrt((1 - rho^2) / (n - 2))` on `n - 2` df.

mod matrix;
mod test;

pub use matrix::{CorEntry, CorMatrix, cor_matrix};
pub use test::{CorMethod, cor_test, prho};
