//! Cumulative/dynamic time-dependent AUC with inverse-probability-of-censoring
//! weights from the marginal Kaplan–Meier estimate of the censoring
//! distribution, as `riskRegression::Score(..., metrics = "AUC", cens.model = "km")`
//! and `timeROC(..., weighting = "marginal")`.
//!
//! At horizon `t`, *cases* are subjects with an event at `T_i ≤ t`, weighted
//! `1 / G(T_i−)`; *controls* are subjects still event-free at `T_j > t`,
//! weighted `1 / G(t)`; subjects censored before `t` get weight 0. With
//! marker `M` (higher = higher risk)
//! `AUC(t) = Σ_i Σ_j W_i W_j [1(M_i > M_j) + ½ 1(M_i = M_j)] / (Σ_i W_i · Σ_j W_j)`.
//! `G` is the Kaplan–Meier estimate of the censoring survival in which events
//! leave the risk set before censorings tied with them.
//!
//! The ROC curve at `t` gives, for each distinct marker value `c` (subjects
//! positive when `M ≥ c`), the weighted sensitivity among cases and
//! `1 − specificity` among controls.
//!
//! ```
//! use prognos_survival::tdauc::td_auc;
//! let time = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
//! let event = [true, true, false, true, false, false];
//! let marker = [6.0, 5.0, 4.0, 3.0, 2.0, 1.0];
//! let r = td_auc(&time, &event, &marker, &[2.5]).unwrap();
//! assert_eq!(r.points[0].auc, Some(1.0));
//! ```
//!
//! # Errors
//! [`TdAucError`] for mismatched lengths, non-finite values, or a
//! non-positive horizon. A horizon without cases or controls gives
//! `auc = None` (R: `NA`).
//!
//! # References
//! Uno H. et al. (2007) JASA 102:1187–1198; Blanche P., Dartigues J.-F.,
//! Jacqmin-Gadda H. (2013) Stat Med 32:5381–5397. R:
//! `riskRegression::Score(list(m = marker), Surv(time, status) ~ 1, data,
//! times = t, metrics = "AUC", cens.model = "km")$AUC$score`.

mod error;
mod fit;
mod se;

pub use error::TdAucError;
pub use fit::td_auc;

/// One point of the ROC curve at a horizon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RocPoint {
    /// Marker threshold: positive when `marker >= threshold`.
    pub threshold: f64,
    /// Weighted true-positive rate among cases.
    pub tpr: f64,
    /// False-positive rate among controls.
    pub fpr: f64,
}

/// The AUC at one horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct AucPoint {
    /// The horizon `t`.
    pub time: f64,
    /// The AUC; `None` without cases or controls.
    pub auc: Option<f64>,
    /// Influence-function standard error of the AUC with the Kaplan–Meier
    /// censoring model (riskRegression `Score(..., se.fit = TRUE)`:
    /// `sd(IF) / sqrt(n)`); `None` where `auc` is `None`.
    pub se: Option<f64>,
    /// Number of cases (events at or before `t`).
    pub n_cases: usize,
    /// Number of controls (still event-free after `t`).
    pub n_controls: usize,
    /// Censoring survival `G(t)` used for the controls.
    pub g_t: f64,
    /// The ROC curve, thresholds descending, from (0, 0) to (1, 1).
    pub roc: Vec<RocPoint>,
}

/// Time-dependent AUC at several horizons.
#[derive(Debug, Clone, PartialEq)]
pub struct TdAuc {
    /// One entry per requested horizon, in the order given.
    pub points: Vec<AucPoint>,
}

impl TdAuc {
    /// One row per horizon: `times cases controls AUC se`.
    pub fn summary(&self) -> prognos_core::Table {
        use prognos_core::Cell;
        let mut t = prognos_core::Table::new(["times", "cases", "controls", "AUC", "se"])
            .with_title("Time-dependent AUC (cumulative/dynamic, IPCW Kaplan-Meier censoring)");
        for p in &self.points {
            t.push_row(
                "",
                [
                    Cell::Num(p.time),
                    Cell::Int(p.n_cases as i64),
                    Cell::Int(p.n_controls as i64),
                    p.auc.into(),
                    p.se.into(),
                ],
            );
        }
        t
    }
}

impl std::fmt::Display for TdAuc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.summary())
    }
}

#[cfg(test)]
mod tests;
