//! The grouping, the KM per group and the Cox wrapper.

use super::{CalibrationError, CalibrationGroup, CalibrationParams, SurvCalibration};
use crate::cox::CoxFit;
use nalgebra::DMatrix;

/// R `quantile(x, p, type = 7)` of sorted `x`.
fn quantile7(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Calibration table of predicted survival `pred[i] = Ŝ_i(horizon)` against
/// the Kaplan–Meier survival by risk group (see the module docs).
///
/// # Errors
/// Length mismatch, no subjects, a horizon ≤ 0, `groups == 0`, a prediction
/// outside [0, 1], or a failed KM fit (bad times) ([`CalibrationError`]).
pub fn calibration_table(
    pred: &[f64],
    time: &[f64],
    event: &[bool],
    horizon: f64,
    params: &CalibrationParams,
) -> Result<SurvCalibration, CalibrationError> {
    let n = pred.len();
    for (what, len) in [("time", time.len()), ("event", event.len())] {
        if len != n {
            return Err(CalibrationError::LengthMismatch {
                what,
                found: len,
                expected: n,
            });
        }
    }
    if n == 0 {
        return Err(CalibrationError::Empty);
    }
    if !(horizon.is_finite() && horizon > 0.0) {
        return Err(CalibrationError::BadHorizon(horizon));
    }
    if params.groups == 0 {
        return Err(CalibrationError::BadGroups(0));
    }
    if let Some(row) = pred.iter().position(|v| !(0.0..=1.0).contains(v)) {
        return Err(CalibrationError::BadPrediction {
            row,
            value: pred[row],
        });
    }
    let risk: Vec<f64> = pred.iter().map(|s| 1.0 - s).collect();
    let mut sorted = risk.clone();
    sorted.sort_by(f64::total_cmp);
    let g = params.groups;
    let mut breaks: Vec<f64> = (0..=g)
        .map(|k| quantile7(&sorted, k as f64 / g as f64))
        .collect();
    breaks.dedup();
    // cut(..., include.lowest = TRUE, right = TRUE): group k (1-based) is
    // (b_{k-1}, b_k], the first [b_0, b_1]; one break only: one group
    let n_groups = breaks.len().saturating_sub(1).max(1);
    let group_of = |r: f64| -> usize {
        if breaks.len() < 2 {
            return 0;
        }
        let k = breaks[1..].partition_point(|&b| b < r);
        k.min(n_groups - 1)
    };
    let gi: Vec<usize> = risk.iter().map(|&r| group_of(r)).collect();
    let mut groups = Vec::with_capacity(n_groups);
    for k in 0..n_groups {
        let idx: Vec<usize> = (0..n).filter(|&i| gi[i] == k).collect();
        if idx.is_empty() {
            continue;
        }
        let t: Vec<f64> = idx.iter().map(|&i| time[i]).collect();
        let e: Vec<bool> = idx.iter().map(|&i| event[i]).collect();
        let curve = params.km.fit(&t, &e, None)?;
        let at = curve.at(&[horizon]);
        let (observed, std_err, lower, upper) = match at.first() {
            Some(a) => (a.survival, a.std_err, a.lower, a.upper),
            None => match curve.table.last() {
                // horizon past the last follow-up: carried forward (extend = TRUE)
                Some(r) => (r.survival, r.std_err, r.lower, r.upper),
                None => (1.0, 0.0, Some(1.0), Some(1.0)),
            },
        };
        groups.push(CalibrationGroup {
            group: k + 1,
            n: idx.len(),
            events: idx
                .iter()
                .filter(|&&i| event[i] && time[i] <= horizon)
                .count(),
            predicted: idx.iter().map(|&i| pred[i]).sum::<f64>() / idx.len() as f64,
            observed,
            std_err,
            lower,
            upper,
        });
    }
    Ok(SurvCalibration {
        horizon,
        groups,
        breaks,
        conf_level: params.km.conf_level,
    })
}

/// Calibration of a Cox model at `horizon` on the rows `x` (the fitting data
/// or a validation cohort) with outcomes `time`/`event`: predicted survival
/// from [`CoxFit::predict_survival`] (`strata` as there), then
/// [`calibration_table`].
///
/// # Errors
/// As [`calibration_table`], plus the prediction's [`crate::cox::CoxError`].
pub fn cox_calibration(
    fit: &CoxFit,
    x: &DMatrix<f64>,
    strata: Option<&[usize]>,
    time: &[f64],
    event: &[bool],
    horizon: f64,
    params: &CalibrationParams,
) -> Result<SurvCalibration, CalibrationError> {
    if !(horizon.is_finite() && horizon > 0.0) {
        return Err(CalibrationError::BadHorizon(horizon));
    }
    let pred: Vec<f64> = fit
        .predict_survival(x, strata, &[horizon])?
        .into_iter()
        .map(|v| v[0])
        .collect();
    calibration_table(&pred, time, event, horizon, params)
}
