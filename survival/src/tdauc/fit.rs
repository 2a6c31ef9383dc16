//! IPCW weights and the weighted Mann–Whitney count per horizon.

use super::se::{Horizon, RiskSets, auc_se};
use super::{AucPoint, RocPoint, TdAuc, TdAucError};

/// Censoring survival `G` as a step function: distinct times ascending and
/// `G` just after each (events leave the risk set before tied censorings).
struct CensKm {
    times: Vec<f64>,
    surv: Vec<f64>,
}

impl CensKm {
    fn new(time: &[f64], event: &[bool]) -> Self {
        let mut ord: Vec<usize> = (0..time.len()).collect();
        ord.sort_unstable_by(|&a, &b| time[a].total_cmp(&time[b]));
        let mut n_risk = time.len() as f64;
        let mut g = 1.0;
        let (mut times, mut surv) = (Vec::new(), Vec::new());
        let mut j = 0;
        while j < ord.len() {
            let t = time[ord[j]];
            let (mut d, mut c) = (0.0, 0.0);
            while j < ord.len() && time[ord[j]] == t {
                if event[ord[j]] {
                    d += 1.0
                } else {
                    c += 1.0
                }
                j += 1;
            }
            if c > 0.0 {
                g *= (n_risk - d - c) / (n_risk - d);
            }
            times.push(t);
            surv.push(g);
            n_risk -= d + c;
        }
        CensKm { times, surv }
    }

    /// `G(t)`: the value after the last time `<= t`.
    fn at(&self, t: f64) -> f64 {
        let k = self.times.partition_point(|&s| s <= t);
        if k == 0 { 1.0 } else { self.surv[k - 1] }
    }

    /// `G(t−)`: the value after the last time `< t`.
    fn before(&self, t: f64) -> f64 {
        let k = self.times.partition_point(|&s| s < t);
        if k == 0 { 1.0 } else { self.surv[k - 1] }
    }
}

/// Cumulative/dynamic AUC of `marker` at each horizon in `times` (see the
/// module documentation). Near-equal times are merged first.
///
/// # Errors
/// See [`TdAucError`].
pub fn td_auc(
    time: &[f64],
    event: &[bool],
    marker: &[f64],
    times: &[f64],
) -> Result<TdAuc, TdAucError> {
    let n = time.len();
    let len = |what, got| {
        if got == n {
            Ok(())
        } else {
            Err(TdAucError::LengthMismatch {
                what,
                got,
                expected: n,
            })
        }
    };
    len("event", event.len())?;
    len("marker", marker.len())?;
    for (what, v) in [("time", time), ("marker", marker)] {
        if let Some((row, &value)) = v.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(TdAucError::NotFinite { what, row, value });
        }
    }
    if times.is_empty() {
        return Err(TdAucError::NoHorizons);
    }
    if let Some(&h) = times.iter().find(|h| !(h.is_finite() && **h > 0.0)) {
        return Err(TdAucError::InvalidHorizon(h));
    }
    let time = crate::timefix::aeq_surv(time);
    let g = CensKm::new(&time, event);
    let risk_sets = RiskSets::new(&time, event);
    // observations by marker descending, for the ROC sweep
    let mut by_marker: Vec<usize> = (0..n).collect();
    by_marker.sort_unstable_by(|&a, &b| marker[b].total_cmp(&marker[a]));
    let case_w: Vec<f64> = (0..n)
        .map(|i| {
            if event[i] {
                1.0 / g.before(time[i])
            } else {
                0.0
            }
        })
        .collect();

    let points = times
        .iter()
        .map(|&t| {
            let g_t = g.at(t);
            let is_case = |i: usize| event[i] && time[i] <= t;
            let is_control = |i: usize| time[i] > t;
            let (mut w_cases, mut n_cases, mut n_controls) = (0.0, 0usize, 0usize);
            for i in 0..n {
                if is_case(i) {
                    w_cases += case_w[i];
                    n_cases += 1;
                } else if is_control(i) {
                    n_controls += 1;
                }
            }
            if n_cases == 0 || n_controls == 0 {
                return AucPoint {
                    time: t,
                    auc: None,
                    se: None,
                    n_cases,
                    n_controls,
                    g_t,
                    roc: Vec::new(),
                };
            }
            // sweep thresholds from the highest marker down; within a block of
            // tied markers, cases and controls tie (count one half)
            let mut roc = vec![RocPoint {
                threshold: f64::INFINITY,
                tpr: 0.0,
                fpr: 0.0,
            }];
            let (mut tp, mut fp) = (0.0, 0.0);
            let mut area = 0.0; // Σ_i W_i (#controls below + ½ #controls tied)
            let mut k = 0;
            while k < n {
                let m = marker[by_marker[k]];
                let (mut dtp, mut dfp) = (0.0, 0.0);
                while k < n && marker[by_marker[k]] == m {
                    let i = by_marker[k];
                    if is_case(i) {
                        dtp += case_w[i];
                    } else if is_control(i) {
                        dfp += 1.0;
                    }
                    k += 1;
                }
                if dtp == 0.0 && dfp == 0.0 {
                    continue;
                }
                // cases in this block beat the controls below it (not yet
                // counted: n_controls - fp - dfp) and tie with dfp
                area += dtp * ((n_controls as f64 - fp - dfp) + 0.5 * dfp);
                tp += dtp;
                fp += dfp;
                roc.push(RocPoint {
                    threshold: m,
                    tpr: tp / w_cases,
                    fpr: fp / n_controls as f64,
                });
            }
            let auc = area / (w_cases * n_controls as f64);
            let horizon = Horizon {
                t,
                case_w: &case_w,
                g_t,
                auc,
            };
            AucPoint {
                time: t,
                auc: Some(auc),
                se: auc_se(&time, event, marker, &risk_sets, &horizon),
                n_cases,
                n_controls,
                g_t,
                roc,
            }
        })
        .collect();
    Ok(TdAuc { points })
}
