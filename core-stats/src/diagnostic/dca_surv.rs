//! Decision curves for a time-to-event outcome at a horizon, as
//! `dcurves::dca(Surv(time, status) ~ risk, time = t)`.

use super::DiagnosticError;
use super::dca::reference_curves;
use super::dca::{DecisionCurve, DecisionCurves, NetBenefitPoint};
use super::error::check_probabilities;

/// Kaplan–Meier survival at `horizon` of the subjects `idx` (R
/// `summary(survfit(Surv(time, status) ~ 1), times = horizon, extend = TRUE)$surv`):
/// the product of `1 − d_j / n_j` over event times `t_j ≤ horizon`, subjects
/// censored at `t_j` counted at risk. `idx` is sorted by time.
fn km_at(time: &[f64], event: &[bool], idx: &[usize], horizon: f64) -> f64 {
    let mut s = 1.0;
    let mut at_risk = idx.len();
    let mut k = 0;
    while k < idx.len() && time[idx[k]] <= horizon {
        let t = time[idx[k]];
        let (mut d, mut m) = (0usize, 0usize);
        while k + m < idx.len() && time[idx[k + m]] == t {
            if event[idx[k + m]] {
                d += 1;
            }
            m += 1;
        }
        if d > 0 {
            s *= 1.0 - d as f64 / at_risk as f64;
        }
        at_risk -= m;
        k += m;
    }
    s
}

/// Net benefit at a horizon of each model (a predicted risk of an event by
/// `horizon` per subject) and of treating all / none, at each threshold.
///
/// A subject is treated when its risk is ≥ `p_t`. With `P = P(risk ≥ p_t)`
/// and `S = S_KM(horizon | risk ≥ p_t)` the Kaplan–Meier survival of the
/// treated, `NB = (1 − S)·P − S·P·p_t/(1 − p_t)` (true and false positives
/// per subject, as dcurves with a `Surv` outcome); `NB = 0` when nobody is
/// treated. Treat-all uses the KM of every subject; treat-none is 0. The KM
/// curve is carried forward past the last follow-up (R `extend = TRUE`).
/// [`DecisionCurves::prevalence`] is the KM event probability `1 − S_KM(horizon)`.
///
/// # Errors
/// Length mismatches, a time that is not finite and ≥ 0, a risk outside
/// [0, 1], a non-positive or non-finite horizon, a threshold outside [0, 1).
///
/// # References
/// Vickers AJ, Cronin AM, Elkin EB, Gonen M (2008). Extensions to decision
/// curve analysis. *BMC Med Inform Decis Mak* 8:53.
pub fn survival_decision_curves(
    models: &[(String, Vec<f64>)],
    time: &[f64],
    event: &[bool],
    horizon: f64,
    thresholds: &[f64],
) -> Result<DecisionCurves, DiagnosticError> {
    let n = time.len();
    if event.len() != n {
        return Err(DiagnosticError::LengthMismatch {
            what: "event",
            found: event.len(),
            expected: n,
        });
    }
    if n == 0 {
        return Err(DiagnosticError::InvalidParameter {
            name: "n",
            value: 0.0,
        });
    }
    if let Some(&t) = time.iter().find(|t| !(t.is_finite() && **t >= 0.0)) {
        return Err(DiagnosticError::InvalidParameter {
            name: "time",
            value: t,
        });
    }
    if !(horizon.is_finite() && horizon > 0.0) {
        return Err(DiagnosticError::InvalidParameter {
            name: "horizon",
            value: horizon,
        });
    }
    if let Some(&t) = thresholds.iter().find(|t| !(**t >= 0.0 && **t < 1.0)) {
        return Err(DiagnosticError::InvalidParameter {
            name: "threshold",
            value: t,
        });
    }
    for (_, risk) in models {
        if risk.len() != n {
            return Err(DiagnosticError::LengthMismatch {
                what: "risk",
                found: risk.len(),
                expected: n,
            });
        }
        if let Some(row) = risk.iter().position(|v| !v.is_finite()) {
            return Err(DiagnosticError::NonFiniteScore { row });
        }
        check_probabilities(risk)?;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| time[a].total_cmp(&time[b]));
    let s_all = km_at(time, event, &order, horizon);
    let odds = |t: f64| t / (1.0 - t);
    let nb = |s: f64, p: f64, t: f64| (1.0 - s) * p - s * p * odds(t);
    let mut curves = reference_curves(thresholds, |t| nb(s_all, 1.0, t));
    for (label, risk) in models {
        let points = thresholds
            .iter()
            .map(|&t| {
                let treated: Vec<usize> = order.iter().copied().filter(|&i| risk[i] >= t).collect();
                let p = treated.len() as f64 / n as f64;
                let net_benefit = if treated.is_empty() {
                    0.0
                } else {
                    nb(km_at(time, event, &treated, horizon), p, t)
                };
                NetBenefitPoint {
                    threshold: t,
                    net_benefit,
                    treated: p,
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
        prevalence: 1.0 - s_all,
        thresholds: thresholds.to_vec(),
        curves,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(case: &str) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/golden/dca_surv")
            .join(case);
        let data = std::fs::read_to_string(dir.join("data.csv")).unwrap();
        let rows: Vec<Vec<f64>> = data
            .lines()
            .skip(1)
            .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
            .collect();
        let time: Vec<f64> = rows.iter().map(|r| r[0]).collect();
        let event: Vec<bool> = rows.iter().map(|r| r[1] == 1.0).collect();
        let risk: Vec<f64> = rows.iter().map(|r| r[2]).collect();
        let gold: Vec<Vec<f64>> = std::fs::read_to_string(dir.join("golden.tsv"))
            .unwrap()
            .lines()
            .map(|l| l.split(' ').skip(1).map(|v| v.parse().unwrap()).collect())
            .collect();
        let horizon = gold[0][0];
        let nb_rows = &gold[2..];
        let thr: Vec<f64> = nb_rows.iter().map(|r| r[0]).collect();
        let dc =
            survival_decision_curves(&[("risk".to_string(), risk)], &time, &event, horizon, &thr)
                .unwrap();
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 + 1e-9 * b.abs();
        assert!(close(dc.prevalence, gold[1][0]));
        for (k, g) in nb_rows.iter().enumerate() {
            let m = dc.curves[2].points[k];
            assert!(
                close(m.net_benefit, g[1]),
                "{case} pt {}: {} vs {}",
                g[0],
                m.net_benefit,
                g[1]
            );
            assert!(close(m.treated, g[2]));
            assert!(close(dc.curves[0].points[k].net_benefit, g[3]));
            assert_eq!(dc.curves[1].points[k].net_benefit, 0.0);
        }
    }

    #[test]
    fn matches_r_survfit_formula_lung() {
        check("lung_365");
    }

    #[test]
    fn matches_r_survfit_formula_colon() {
        check("colon_1826");
    }

    #[test]
    fn without_censoring_equals_binary_net_benefit() {
        // all followed past the horizon or dead before it: KM = empirical proportion
        let time = [1.0, 2.0, 3.0, 10.0, 12.0, 4.0, 11.0, 15.0];
        let event = [true, true, true, false, false, true, true, false];
        let risk = vec![0.9, 0.7, 0.2, 0.1, 0.3, 0.6, 0.5, 0.05];
        let y: Vec<bool> = (0..8).map(|i| event[i] && time[i] <= 5.0).collect();
        let thr = [0.0, 0.25, 0.5, 0.8];
        let a = survival_decision_curves(&[("m".into(), risk.clone())], &time, &event, 5.0, &thr)
            .unwrap();
        let b = super::super::decision_curves(&[("m".into(), risk)], &y, &thr).unwrap();
        for k in 0..thr.len() {
            for c in 0..3 {
                let (x, z) = (a.curves[c].points[k], b.curves[c].points[k]);
                assert!((x.net_benefit - z.net_benefit).abs() < 1e-12);
                assert!((x.treated - z.treated).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn rejects_bad_input() {
        let r = vec![("m".to_string(), vec![0.5, 0.2])];
        assert!(survival_decision_curves(&r, &[1.0, 2.0], &[true], 1.0, &[0.1]).is_err());
        assert!(survival_decision_curves(&r, &[1.0, -2.0], &[true, false], 1.0, &[0.1]).is_err());
        assert!(survival_decision_curves(&r, &[1.0, 2.0], &[true, false], 0.0, &[0.1]).is_err());
        let bad = vec![("m".to_string(), vec![1.5, 0.2])];
        assert!(survival_decision_curves(&bad, &[1.0, 2.0], &[true, false], 1.0, &[0.1]).is_err());
    }
}
