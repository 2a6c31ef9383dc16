//! Diagnostic accuracy: ROC, DeLong, Youden, Brier, calibration, decision curves
//!
//! Being built; see the open issues.
