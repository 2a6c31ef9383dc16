//! Decision-curve analysis: net benefit of treating by a model's predicted
//! risk over a grid of threshold probabilities (Vickers & Elkin 2006), as
//! `dcurves::dca` / `rmda::decision_curve` for a binary outcome.

use super::DiagnosticError;
use super::error::{check_inputs, check_probabilities};
use crate::table::{Cell, Table};
use std::fmt;

/// Net benefit of one strategy at one threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NetBenefitPoint {
    /// Threshold probability p_t.
    pub threshold: f64,
    /// Net benefit TP/n − FP/n · p_t/(1 − p_t).
    pub net_benefit: f64,
    /// Proportion treated (score ≥ p_t).
    pub treated: f64,
}

/// One strategy's decision curve.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionCurve {
    /// The model's name, or `all` / `none`.
    pub label: String,
    /// One point per threshold.
    pub points: Vec<NetBenefitPoint>,
}

/// Decision curves of several models plus treat-all and treat-none.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionCurves {
    /// Subjects.
    pub n: usize,
    /// Outcome prevalence.
    pub prevalence: f64,
    /// The threshold grid.
    pub thresholds: Vec<f64>,
    /// `all`, `none`, then the models in the order given.
    pub curves: Vec<DecisionCurve>,
}

/// The threshold grid `from, from + by, …, ≤ to` computed as R's
/// `seq(from, to, by)` (`from + k·by`), e.g. dcurves' default `seq(0, 0.99, 0.01)`.
///
/// # Errors
/// [`DiagnosticError::InvalidParameter`] unless `0 ≤ from ≤ to < 1` and `by > 0`.
pub fn threshold_grid(from: f64, to: f64, by: f64) -> Result<Vec<f64>, DiagnosticError> {
    if !(from >= 0.0 && from <= to && to < 1.0) {
        return Err(DiagnosticError::InvalidParameter {
            name: "threshold range",
            value: to,
        });
    }
    if !(by > 0.0 && by.is_finite()) {
        return Err(DiagnosticError::InvalidParameter {
            name: "threshold step",
            value: by,
        });
    }
    // R seq: n = floor((to - from)/by + 1e-10)
    let steps = ((to - from) / by + 1e-10).floor() as usize;
    Ok((0..=steps).map(|k| from + k as f64 * by).collect())
}

/// Net benefit of each model (a predicted probability per subject) and of
/// treating all / none, at each threshold. A subject is treated when its
/// risk is ≥ the threshold (dcurves' rule). Treat-all has net benefit
/// `prev − (1 − prev) p_t/(1 − p_t)`; treat-none 0.
///
/// # Errors
/// Length mismatch, non-finite or out-of-[0, 1] risk, one class absent, bad grid.
///
/// # References
/// Vickers AJ, Elkin EB (2006). Decision curve analysis: a novel method for
/// evaluating prediction models. *Med Decis Making* 26:565–74.
pub fn decision_curves(
    models: &[(String, Vec<f64>)],
    y: &[bool],
    thresholds: &[f64],
) -> Result<DecisionCurves, DiagnosticError> {
    let n = y.len();
    let n_pos = y.iter().filter(|&&b| b).count();
    if let Some(&t) = thresholds.iter().find(|t| !(**t >= 0.0 && **t < 1.0)) {
        return Err(DiagnosticError::InvalidParameter {
            name: "threshold",
            value: t,
        });
    }
    let nf = n as f64;
    let prev = n_pos as f64 / nf;
    let odds = |t: f64| t / (1.0 - t);
    let mut curves = reference_curves(thresholds, |t| prev - (1.0 - prev) * odds(t));
    for (label, risk) in models {
        check_inputs(risk, y)?;
        check_probabilities(risk)?;
        // sort once; TP/FP at each threshold by binary search on the sorted risks
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_unstable_by(|&a, &b| risk[a].total_cmp(&risk[b]));
        let sorted: Vec<f64> = order.iter().map(|&i| risk[i]).collect();
        // cases_above[k] = cases among order[k..]
        let mut cases_above = vec![0usize; n + 1];
        for k in (0..n).rev() {
            cases_above[k] = cases_above[k + 1] + usize::from(y[order[k]]);
        }
        let points = thresholds
            .iter()
            .map(|&t| {
                let k = sorted.partition_point(|&r| r < t);
                let tp = cases_above[k] as f64;
                let fp = (n - k) as f64 - tp;
                NetBenefitPoint {
                    threshold: t,
                    net_benefit: tp / nf - fp / nf * odds(t),
                    treated: (n - k) as f64 / nf,
                }
            })
            .collect();
        curves.push(DecisionCurve {
            label: label.clone(),
            points,
        });
    }
    Ok(DecisionCurves {
        n,
        prevalence: prev,
        thresholds: thresholds.to_vec(),
        curves,
    })
}

impl DecisionCurves {
    /// Net benefit by threshold (rows) and strategy (columns), as dcurves' `as_tibble()` pivoted.
    pub fn summary(&self) -> Table {
        let cols: Vec<String> = self.curves.iter().map(|c| c.label.clone()).collect();
        let mut t = Table::new(cols).with_title(format!(
            "Decision curves: net benefit (n = {}, prevalence = {})",
            self.n,
            crate::table::format_num(self.prevalence, 4)
        ));
        for (k, &th) in self.thresholds.iter().enumerate() {
            t.push_row(
                crate::table::format_num(th, 4),
                self.curves
                    .iter()
                    .map(|c| Cell::Num(c.points[k].net_benefit))
                    .collect::<Vec<_>>(),
            );
        }
        t
    }
}

impl fmt::Display for DecisionCurves {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

/// The two reference strategies of a decision curve: treat all (net benefit
/// `all(pt)` at each threshold) and treat none (0 everywhere), as dcurves
/// lists them first.
pub(crate) fn reference_curves(thresholds: &[f64], all: impl Fn(f64) -> f64) -> Vec<DecisionCurve> {
    let curve = |label: &str, nb: &dyn Fn(f64) -> f64, treated: f64| DecisionCurve {
        label: label.into(),
        points: thresholds
            .iter()
            .map(|&t| NetBenefitPoint {
                threshold: t,
                net_benefit: nb(t),
                treated,
            })
            .collect(),
    };
    vec![curve("all", &all, 1.0), curve("none", &|_| 0.0, 0.0)]
}
