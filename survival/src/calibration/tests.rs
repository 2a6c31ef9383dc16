//! Goldens against R (tests/golden/surv_calibration/make.R) and invariants.

use super::*;
use crate::cox::{CoxData, CoxParams};
use nalgebra::DMatrix;

fn check(case: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/golden/surv_calibration")
        .join(case);
    let data = std::fs::read_to_string(dir.join("data.csv")).unwrap();
    let rows: Vec<Vec<f64>> = data
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    let n = rows.len();
    let p = rows[0].len() - 2;
    let time: Vec<f64> = rows.iter().map(|r| r[0]).collect();
    let event: Vec<bool> = rows.iter().map(|r| r[1] == 1.0).collect();
    let x = DMatrix::from_fn(n, p, |i, j| rows[i][j + 2]);
    let gold: Vec<Vec<String>> = std::fs::read_to_string(dir.join("golden.tsv"))
        .unwrap()
        .lines()
        .map(|l| l.split(' ').map(str::to_string).collect())
        .collect();
    let horizon: f64 = gold[0][1].parse().unwrap();
    let g: usize = gold[1][1].parse().unwrap();
    let fit = CoxParams::default()
        .fit(&CoxData::new(time.clone(), event.clone(), x.clone()))
        .unwrap();
    let c = cox_calibration(
        &fit,
        &x,
        None,
        &time,
        &event,
        horizon,
        &CalibrationParams::default().groups(g),
    )
    .unwrap();
    let rows_g = &gold[2..];
    assert_eq!(rows_g.len(), c.groups.len(), "{case}");
    let close = |a: f64, b: &str, rel: f64| {
        let b: f64 = b.parse().unwrap();
        (a - b).abs() <= 1e-12 + rel * b.abs()
    };
    for (r, got) in rows_g.iter().zip(&c.groups) {
        assert_eq!(r[1], got.group.to_string());
        assert_eq!(r[2], got.n.to_string(), "{case} group {}", got.group);
        assert_eq!(r[3], got.events.to_string());
        assert!(
            close(got.predicted, &r[4], 1e-6),
            "{case} pred {}",
            got.predicted
        );
        assert!(
            close(got.observed, &r[5], 1e-10),
            "{case} obs {}",
            got.observed
        );
        assert!(close(got.std_err, &r[6], 1e-8));
        assert!(close(got.lower.unwrap(), &r[7], 1e-8));
        assert!(close(got.upper.unwrap(), &r[8], 1e-8));
    }
    assert!(!c.to_string().is_empty());
}

#[test]
fn matches_r_lung_deciles() {
    check("lung_365_deciles");
}

#[test]
fn matches_r_colon_quintiles() {
    check("colon_1826_quintiles");
}

#[test]
fn ties_merge_groups_and_horizon_past_follow_up_carries_forward() {
    // quartile breaks of risk (0.2 x5, 0.4) are 0.2, 0.2, 0.2, 0.2, 0.4: unique -> one group
    let pred = [0.8, 0.8, 0.8, 0.8, 0.8, 0.6];
    let time = [1.0, 2.0, 3.0, 1.0, 2.0, 3.0];
    let event = [true, false, false, true, true, false];
    let c = calibration_table(
        &pred,
        &time,
        &event,
        10.0,
        &CalibrationParams::default().groups(4),
    )
    .unwrap();
    assert_eq!(c.breaks.len(), 2);
    assert_eq!(c.groups.len(), 1);
    assert_eq!(c.groups[0].n, 6);
    // KM of all six at 10 (past the last time 3): carried forward
    let s = (1.0 - 2.0 / 6.0) * (1.0 - 1.0 / 4.0);
    assert!((c.groups[0].observed - s).abs() < 1e-12);
}

#[test]
fn rejects_bad_input() {
    let p = CalibrationParams::default();
    assert!(matches!(
        calibration_table(&[0.5], &[1.0, 2.0], &[true], 1.0, &p),
        Err(CalibrationError::LengthMismatch { .. })
    ));
    assert!(matches!(
        calibration_table(&[1.5], &[1.0], &[true], 1.0, &p),
        Err(CalibrationError::BadPrediction { .. })
    ));
    assert!(matches!(
        calibration_table(&[0.5], &[1.0], &[true], 0.0, &p),
        Err(CalibrationError::BadHorizon(_))
    ));
    assert!(matches!(
        calibration_table(&[0.5], &[1.0], &[true], 1.0, &p.groups(0)),
        Err(CalibrationError::BadGroups(0))
    ));
}
