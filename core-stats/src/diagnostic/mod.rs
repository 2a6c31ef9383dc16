//! Diagnostic and prognostic accuracy of a score against a binary outcome:
//! ROC curves and AUC with DeLong inference, Youden's cut-off and the 2 × 2
//! metrics at a threshold, the Brier score, calibration (in-the-large, slope,
//! grouped table, Hosmer–Lemeshow, LOWESS curve) and decision curves.
//!
//! Conventions follow pROC with `direction = "<"`: a higher score means a
//! positive (case); at threshold `t` a subject is called positive when
//! `score >= t`.
//!
//! ```
//! use prognos_core::diagnostic::Roc;
//! let score = [0.1, 0.4, 0.35, 0.8];
//! let label = [false, false, true, true];
//! let roc = Roc::new(&score, &label).unwrap();
//! assert!((roc.auc - 0.75).abs() < 1e-12);
//! let ci = roc.ci_delong(0.95).unwrap();
//! assert!(ci.lower <= ci.auc && ci.auc <= ci.upper);
//! ```
//!
//! # References
//! DeLong ER, DeLong DM, Clarke-Pearson DL (1988). Comparing the areas under two
//! or more correlated ROC curves. *Biometrics* 44:837–45. Sun X, Xu W (2014),
//! *IEEE Signal Process Lett* 21:1389–93. Robin X et al. (2011). pROC.
//! *BMC Bioinformatics* 12:77.

mod boot_ci;
mod brier;
mod calibrate;
mod calibration;
mod dca;
mod dca_surv;
mod delong;
mod error;
pub mod lowess;
mod roc;
#[cfg(test)]
mod tests;
mod threshold;

pub use boot_ci::{AucBootInterval, ci_auc_bootstrap};
pub use brier::Brier;
pub use calibrate::{
    CalibrateError, CalibrateParams, CalibratePoint, OptimismCalibration, Resamples,
    calibrate_logistic,
};
pub use calibration::{Calibration, CalibrationGroup, CalibrationParams, Estimate, HosmerLemeshow};
pub use dca::{DecisionCurve, DecisionCurves, NetBenefitPoint, decision_curves, threshold_grid};
pub use dca_surv::survival_decision_curves;
pub use delong::{AucComparison, AucInterval};
pub use error::DiagnosticError;
pub use roc::Roc;
pub use threshold::{Proportion, ThresholdMetrics};
