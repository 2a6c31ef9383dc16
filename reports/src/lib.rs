//! # prognos-reports
//!
//! Publication figures (Kaplan–Meier with risk tables, forest plots, ROC,
//! calibration, decision curves, volcano and enrichment plots) and the
//! self-contained HTML and PDF study reports.
//!
//! Status: being built under the reports issue.
#![deny(missing_docs)]
