//! Time-dependent calibration of a survival model at a horizon: predicted
//! survival against Kaplan–Meier observed survival by risk group (deciles by
//! default), the table behind a calibration plot of a Cox model at time `t`.
//!
//! # Method
//! - predicted survival `Ŝ_i(t)` (for a Cox model
//!   [`crate::cox::CoxFit::predict_survival`], as
//!   `summary(survfit(fit, newdata), times = t)$surv`);
//! - groups by predicted risk `1 − Ŝ_i(t)`: R
//!   `cut(risk, unique(quantile(risk, 0:g / g)), include.lowest = TRUE)`
//!   (type-7 quantiles, right-closed intervals; tied quantiles merge groups);
//!   group 1 has the lowest risk;
//! - per group: `n`, events by `t`, the mean predicted survival, and the KM
//!   survival at `t` with its pointwise interval ([`crate::km::KmParams`],
//!   log scale by default), as
//!   `summary(survfit(Surv(time, status) ~ 1, data = group), times = t, extend = TRUE)`
//!   (past a group's last follow-up the last value is carried forward).
//!
//! ```
//! use prognos_survival::calibration::{CalibrationParams, calibration_table};
//! let pred = [0.9, 0.8, 0.7, 0.6, 0.95, 0.5];
//! let time = [5.0, 3.0, 2.0, 1.0, 6.0, 1.5];
//! let event = [false, true, true, true, false, true];
//! let c = calibration_table(&pred, &time, &event, 4.0, &CalibrationParams::default().groups(2)).unwrap();
//! assert_eq!(c.groups.len(), 2);
//! ```
//!
//! # References
//! Austin PC, Harrell FE, van Klaveren D (2020). Graphical calibration curves and
//! the integrated calibration index (ICI) for survival models. *Stat Med* 39:2714–42.

mod fit;
#[cfg(test)]
mod tests;

pub use fit::{calibration_table, cox_calibration};

use crate::cox::CoxError;
use crate::km::{KmError, KmParams};
use prognos_core::table::{Cell, Table};
use std::fmt;

/// Settings of the calibration table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalibrationParams {
    /// Number of risk groups (10 = deciles).
    pub groups: usize,
    /// Kaplan–Meier settings of the observed survival and its interval.
    pub km: KmParams,
}

impl Default for CalibrationParams {
    fn default() -> Self {
        CalibrationParams {
            groups: 10,
            km: KmParams::default(),
        }
    }
}

impl CalibrationParams {
    /// Sets `groups`.
    pub fn groups(mut self, g: usize) -> Self {
        self.groups = g;
        self
    }
}

/// Invalid input to the calibration table.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalibrationError {
    /// Inputs with one entry per subject differ in length.
    #[error("length mismatch: {what} has {found} entries, expected {expected}")]
    LengthMismatch {
        /// Which input.
        what: &'static str,
        /// Its length.
        found: usize,
        /// The length required.
        expected: usize,
    },
    /// No subjects.
    #[error("no observations")]
    Empty,
    /// The horizon is not finite and positive.
    #[error("horizon {0} must be finite and > 0")]
    BadHorizon(f64),
    /// Fewer than one group requested.
    #[error("number of groups must be >= 1 (got {0})")]
    BadGroups(usize),
    /// A predicted survival is not in [0, 1].
    #[error("row {row}: predicted survival {value} is not in [0, 1]")]
    BadPrediction {
        /// 0-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// The Cox prediction failed.
    #[error(transparent)]
    Cox(#[from] CoxError),
    /// The Kaplan–Meier fit failed.
    #[error(transparent)]
    Km(#[from] KmError),
}

/// One risk group of the calibration table.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationGroup {
    /// Group number, 1 = lowest predicted risk.
    pub group: usize,
    /// Subjects.
    pub n: usize,
    /// Events at or before the horizon.
    pub events: usize,
    /// Mean predicted survival at the horizon.
    pub predicted: f64,
    /// Kaplan–Meier survival at the horizon.
    pub observed: f64,
    /// Standard error of `observed` (Greenwood).
    pub std_err: f64,
    /// Lower limit of `observed` (None where R gives NA).
    pub lower: Option<f64>,
    /// Upper limit of `observed`.
    pub upper: Option<f64>,
}

/// Calibration of predicted survival at a horizon (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct SurvCalibration {
    /// The horizon.
    pub horizon: f64,
    /// Groups, lowest risk first.
    pub groups: Vec<CalibrationGroup>,
    /// The risk-quantile breaks used (`unique(quantile(risk, 0:g/g))`).
    pub breaks: Vec<f64>,
    /// Confidence level of the KM limits.
    pub conf_level: f64,
}

impl SurvCalibration {
    /// The table: `group n events predicted observed std.err lower upper`.
    pub fn summary(&self) -> Table {
        let pct = self.conf_level * 100.0;
        let mut t = Table::new([
            "n",
            "events",
            "predicted",
            "observed",
            "std.err",
            &format!("lower {pct}% CI"),
            &format!("upper {pct}% CI"),
        ])
        .with_title(format!(
            "Calibration at t = {}: mean predicted vs Kaplan-Meier survival by risk group",
            self.horizon
        ));
        let opt = |v: Option<f64>| v.map_or(Cell::Na, Cell::Num);
        for g in &self.groups {
            t.push_row(
                g.group.to_string(),
                [
                    Cell::Int(g.n as i64),
                    Cell::Int(g.events as i64),
                    Cell::Num(g.predicted),
                    Cell::Num(g.observed),
                    Cell::Num(g.std_err),
                    opt(g.lower),
                    opt(g.upper),
                ],
            );
        }
        t
    }
}

impl fmt::Display for SurvCalibration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
