//! # prognos-survival
//!
//! Survival analysis as R's `survival` package computes it: Kaplan–Meier
//! (`survfit`), log-rank (`survdiff`), Cox proportional hazards (`coxph`,
//! Efron and Breslow ties, strata, weights, robust variance), the
//! proportional-hazards test (`cox.zph`), concordance (Harrell, Uno),
//! time-dependent AUC and cut-point selection.
//!
//! Kernels take plain slices; none reads files or prints.
#![deny(missing_docs)]

pub mod calibration;
pub mod concordance;
pub mod cox;
pub mod cutpoint;
pub mod km;
pub mod logrank;
pub mod penalized;
pub mod tdauc;
pub mod timefix;
