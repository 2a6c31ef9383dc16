//! Intraclass correlation coefficients (Shrout & Fleiss 1979, McGraw & Wong
//! 1996) as R `psych::ICC`, and the reader-agreement filter of radiomics
//! studies: keep the features whose ICC is at least a threshold for every
//! pair of readers (or re-segmentations).
//!
//! # Model
//! For `n` subjects rated by `k` readers, the two-way ANOVA of the `n × k`
//! table gives the mean squares `MSB` (subjects, `n − 1` df), `MSJ` (readers,
//! `k − 1` df), `MSE` (residual, `(n − 1)(k − 1)` df) and `MSW` (within
//! subjects, `n(k − 1)` df). Then
//!
//! | Form | R name | Single rater | Average of `k` |
//! |---|---|---|---|
//! | one-way random | ICC1 / ICC1k | `(MSB − MSW)/(MSB + (k−1)MSW)` | `(MSB − MSW)/MSB` |
//! | two-way random, absolute agreement | ICC2 / ICC2k | `(MSB − MSE)/(MSB + (k−1)MSE + k(MSJ − MSE)/n)` | `(MSB − MSE)/(MSB + (MSJ − MSE)/n)` |
//! | two-way mixed, consistency | ICC3 / ICC3k | `(MSB − MSE)/(MSB + (k−1)MSE)` | `(MSB − MSE)/MSB` |
//!
//! F tests and confidence limits are the exact F-based ones of Shrout &
//! Fleiss (ICC1, ICC3) and the Satterthwaite-df limits of McGraw & Wong
//! (ICC2), exactly as `psych::ICC` prints them (`alpha = 1 − conf_level`).
//!
//! ```
//! use prognos_models::icc::{icc, IccForm};
//! use nalgebra::DMatrix;
//! // Shrout & Fleiss (1979), Table 2: 6 targets, 4 judges.
//! let x = DMatrix::from_row_slice(6, 4, &[
//!     9., 2., 5., 8., 6., 1., 3., 2., 8., 4., 6., 8.,
//!     7., 1., 2., 6., 10., 5., 6., 9., 6., 2., 4., 7.]);
//! let r = icc(&x, 0.95).unwrap();
//! assert!((r.get(IccForm::Icc3).value - 0.714841).abs() < 1e-6);
//! ```
//!
//! # References
//! Shrout PE, Fleiss JL (1979). Intraclass correlations: uses in assessing
//! rater reliability. *Psychol Bull* 86:420–8. McGraw KO, Wong SP (1996).
//! *Psychol Methods* 1:30–46. R: `psych::ICC(x, lmer = FALSE)`.

mod error;
mod filter;
mod kernel;
#[cfg(test)]
mod tests;

pub use error::IccError;
pub use filter::{FeatureIcc, IccFilter, IccFilterParams, ReaderTable};
pub use kernel::{IccEstimate, IccForm, IccResult, MeanSquares, icc, qf};
