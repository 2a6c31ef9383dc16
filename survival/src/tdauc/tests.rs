//! Time-dependent AUC: closed-form cases and a brute-force check.

use super::*;

#[test]
fn perfect_and_reversed_markers() {
    let time = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    let event = [true, true, false, true, false, false];
    let m = [6.0, 5.0, 4.0, 3.0, 2.0, 1.0];
    assert_eq!(
        td_auc(&time, &event, &m, &[4.5]).unwrap().points[0].auc,
        Some(1.0)
    );
    let rev: Vec<f64> = m.iter().map(|v| -v).collect();
    assert_eq!(
        td_auc(&time, &event, &rev, &[4.5]).unwrap().points[0].auc,
        Some(0.0)
    );
    let flat = [1.0; 6];
    assert_eq!(
        td_auc(&time, &event, &flat, &[4.5]).unwrap().points[0].auc,
        Some(0.5)
    );
}

#[test]
fn no_cases_gives_none() {
    let r = td_auc(&[2.0, 3.0], &[true, false], &[1.0, 2.0], &[1.0]).unwrap();
    assert_eq!(r.points[0].auc, None);
}

/// Censored at 3 (weight 1/G): cases at 1, 4 with G(4-) = 2/3 after the
/// censoring at 3 among 4 at risk (n = 6; risk set at 3 is 4, no tied event).
#[test]
fn ipcw_weights_by_hand() {
    let time = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    let event = [true, false, false, true, false, false];
    let m = [1.0, 0.0, 0.0, 3.0, 2.0, 4.0];
    // G: censor at 2 (5 at risk): 4/5; at 3 (4 at risk): 4/5 * 3/4 = 3/5
    // cases: i=0 (w 1), i=3 (w 5/3); controls: 5, 6 (markers 2, 4)
    // pairs: case 0 (m 1) beats none; case 3 (m 3) beats control m 2
    let expect = (5.0 / 3.0) * 1.0 / ((1.0 + 5.0 / 3.0) * 2.0);
    let r = td_auc(&time, &event, &m, &[4.5]).unwrap();
    assert!((r.points[0].auc.unwrap() - expect).abs() < 1e-14);
    let last = r.points[0].roc.last().unwrap();
    assert!((last.tpr - 1.0).abs() < 1e-14 && (last.fpr - 1.0).abs() < 1e-14);
}

/// R: `riskRegression::Score(list(m = m), Surv(time, status) ~ 1, d,
/// times = c(4.5, 7.5), metrics = "AUC", cens.model = "km", se.fit = TRUE)`
/// (riskRegression 2022.11.28), with tied times and markers.
#[test]
fn influence_se_matches_risk_regression() {
    let time = [1.0, 2.0, 2.0, 3.0, 4.0, 5.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
    let status = [1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0];
    let event: Vec<bool> = status.iter().map(|&s| s == 1).collect();
    let m = [5.0, 3.0, 4.0, 4.0, 1.0, 2.0, 6.0, 2.0, 3.0, 1.0, 0.0, 2.0];
    let r = td_auc(&time, &event, &m, &[4.5, 7.5]).unwrap();
    let want = [
        (0.857_142_857_142_857_21, 0.138_141_079_547_208_03),
        (0.921_146_953_405_017_84, 0.077_683_885_503_495_198),
    ];
    for (p, (auc, se)) in r.points.iter().zip(want) {
        assert!((p.auc.unwrap() - auc).abs() < 1e-12 * auc);
        assert!(
            (p.se.unwrap() - se).abs() < 1e-10 * se,
            "{:?} vs {se}",
            p.se
        );
    }
}
