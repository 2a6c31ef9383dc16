//! # prognos-matching
//!
//! Propensity-score methods for treatment-effect questions in prognosis
//! studies ("who benefits from adjuvant chemotherapy in each risk
//! group?"):
//!
//! - [`nearest`]: greedy nearest-neighbour matching for the ATT as
//!   `MatchIt::matchit(method = "nearest", distance = "glm")`, with the
//!   corrected fast matcher of MatchIt ≥ 4.5.4 (k:1, replacement,
//!   caliper in SDs of the score, matching order, exact strata);
//! - [`balance`]: SMD, variance ratio and eCDF statistics before and after
//!   adjustment, as `summary.matchit` / cobalt, and Love-plot data;
//! - [`iptw`]: ATE/ATT inverse-probability weights, stabilised, trimmed,
//!   with effective sample sizes and weighted balance;
//! - [`outcome`]: weighted Kaplan–Meier per arm and the Cox hazard ratio
//!   of treatment with robust or pair-clustered standard errors;
//! - [`benefit`]: treatment benefit within risk groups, before and after
//!   matching or weighting.
//!
//! The crate does no I/O; every estimator checks its input once and
//! returns [`MatchError`] for invalid input.
//!
//! ```
//! use prognos_matching::nearest::NearestParams;
//! let ps = [0.2, 0.6, 0.55, 0.3, 0.7];
//! let treated = [false, true, false, true, false];
//! let fit = NearestParams::default().caliper(Some(1.0)).fit(&ps, &treated, None).unwrap();
//! assert_eq!(fit.matched_treated, 2);
//! ```
#![deny(missing_docs)]

pub mod balance;
pub mod benefit;
mod error;
pub mod iptw;
pub mod nearest;
pub mod outcome;
pub mod propensity;

pub use error::MatchError;
