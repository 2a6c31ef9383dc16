//! Unit tests of the diagnostic-accuracy routines: closed forms, a brute-force
//! O(n²) DeLong reference, and R values for the kernels.

use super::*;

/// Deterministic pseudo-random scores with ties (no RNG dependency needed).
fn scores(n: usize, seed: u64) -> (Vec<f64>, Vec<bool>) {
    let mut s = seed;
    let mut next = || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 33) as f64 / (1u64 << 31) as f64
    };
    let mut x = Vec::with_capacity(n);
    let mut y = Vec::with_capacity(n);
    for _ in 0..n {
        let lab = next() < 0.4;
        let v = ((next() + if lab { 0.3 } else { 0.0 }) * 20.0).round() / 20.0;
        x.push(v);
        y.push(lab);
    }
    (x, y)
}

/// DeLong by definition: ψ over all case-control pairs.
fn brute_delong(x: &[f64], y: &[bool]) -> (f64, Vec<f64>, Vec<f64>) {
    let cases: Vec<f64> = x
        .iter()
        .zip(y)
        .filter(|(_, b)| **b)
        .map(|(v, _)| *v)
        .collect();
    let ctrls: Vec<f64> = x
        .iter()
        .zip(y)
        .filter(|(_, b)| !**b)
        .map(|(v, _)| *v)
        .collect();
    let psi = |a: f64, b: f64| {
        if a > b {
            1.0
        } else if a == b {
            0.5
        } else {
            0.0
        }
    };
    let v10: Vec<f64> = cases
        .iter()
        .map(|&c| ctrls.iter().map(|&k| psi(c, k)).sum::<f64>() / ctrls.len() as f64)
        .collect();
    let v01: Vec<f64> = ctrls
        .iter()
        .map(|&k| cases.iter().map(|&c| psi(c, k)).sum::<f64>() / cases.len() as f64)
        .collect();
    let auc = v10.iter().sum::<f64>() / v10.len() as f64;
    (auc, v10, v01)
}

#[test]
fn fast_delong_placements_equal_the_pairwise_definition() {
    let (x, y) = scores(301, 11);
    let roc = Roc::new(&x, &y).unwrap();
    let (auc, v10, v01) = brute_delong(&x, &y);
    assert!((roc.auc - auc).abs() < 1e-12);
    for (a, b) in roc.case_placements.iter().zip(&v10) {
        assert!((a - b).abs() < 1e-12);
    }
    for (a, b) in roc.control_placements.iter().zip(&v01) {
        assert!((a - b).abs() < 1e-12);
    }
}

#[test]
fn perfect_separation_gives_auc_one_and_clamped_ci() {
    let x = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9];
    let y = [false, false, false, true, true, true];
    let roc = Roc::new(&x, &y).unwrap();
    assert_eq!(roc.auc, 1.0);
    let ci = roc.ci_delong(0.95).unwrap();
    assert!(ci.upper <= 1.0);
    assert_eq!(roc.youden_threshold(), 0.5);
}

#[test]
fn curve_ends_and_monotonicity_as_proc() {
    let (x, y) = scores(200, 3);
    let roc = Roc::new(&x, &y).unwrap();
    assert_eq!(roc.thresholds[0], f64::NEG_INFINITY);
    assert_eq!(*roc.thresholds.last().unwrap(), f64::INFINITY);
    assert_eq!((roc.sensitivities[0], roc.specificities[0]), (1.0, 0.0));
    for w in roc.sensitivities.windows(2) {
        assert!(w[1] <= w[0]);
    }
    // trapezoid area of the curve equals the Mann-Whitney AUC
    let mut area = 0.0;
    for i in 1..roc.thresholds.len() {
        let dx = roc.specificities[i] - roc.specificities[i - 1];
        area += dx * (roc.sensitivities[i] + roc.sensitivities[i - 1]) / 2.0;
    }
    assert!((area - roc.auc).abs() < 1e-12);
}

#[test]
fn paired_test_of_a_score_with_itself_is_null_and_antisymmetric() {
    let (x, y) = scores(150, 5);
    let (x2, _) = scores(150, 9);
    let a = Roc::new(&x, &y).unwrap();
    let b = Roc::new(&x2, &y).unwrap();
    let t = a.delong_paired(&a).unwrap();
    assert_eq!((t.z, t.p), (0.0, 1.0));
    let ab = a.delong_paired(&b).unwrap();
    let ba = b.delong_paired(&a).unwrap();
    assert!((ab.z + ba.z).abs() < 1e-12 && (ab.p - ba.p).abs() < 1e-12);
    // unpaired variance ignores the covariance
    let u = a.delong_unpaired(&b);
    assert!(
        ((a.auc - b.auc) / (a.delong_variance() + b.delong_variance()).sqrt() - u.z).abs() < 1e-12
    );
}

#[test]
fn invalid_inputs_are_errors() {
    assert!(matches!(
        Roc::new(&[1.0, 2.0], &[true, true]),
        Err(DiagnosticError::OneClass { .. })
    ));
    assert!(matches!(
        Roc::new(&[1.0, 1.0], &[true, false]),
        Err(DiagnosticError::ConstantScore { .. })
    ));
    assert!(matches!(
        Roc::new(&[1.0, f64::NAN], &[true, false]),
        Err(DiagnosticError::NonFiniteScore { row: 1 })
    ));
    assert!(matches!(
        Brier::new(&[0.2, 1.2], &[true, false]),
        Err(DiagnosticError::NotProbability { row: 1, .. })
    ));
}

#[test]
fn wilson_interval_matches_r_prop_test() {
    // prop.test(7, 20, correct = FALSE)$conf.int = 0.18119182 0.56714572
    let p = Proportion::wilson(7, 20, 0.95);
    assert!((p.lower - 0.18119182).abs() < 1e-7, "{}", p.lower);
    assert!((p.upper - 0.56714572).abs() < 1e-7, "{}", p.upper);
}

#[test]
fn threshold_metrics_count_score_at_threshold_as_positive() {
    let m = ThresholdMetrics::at(
        &[0.1, 0.5, 0.5, 0.9],
        &[false, false, true, true],
        0.5,
        0.95,
    )
    .unwrap();
    assert_eq!((m.tp, m.fp, m.tn, m.fn_), (2, 1, 1, 0));
    assert_eq!(m.ppv.estimate, 2.0 / 3.0);
}

#[test]
fn lowess_matches_r() {
    // R: lowess(c(1,2,3,4,5,6,7,8,9,10), c(2,4,3,6,5,8,7,10,9,12), iter = 0)$y
    let x: Vec<f64> = (1..=10).map(f64::from).collect();
    let y = [2.0, 4.0, 3.0, 6.0, 5.0, 8.0, 7.0, 10.0, 9.0, 12.0];
    let r = lowess::lowess(&x, &y, 2.0 / 3.0, 0);
    let expect = [
        2.2682024, 3.1824116, 4.1255963, 4.9744577, 6.0255423, 6.9744577, 8.0255423, 8.9744577,
        10.2075166, 11.4291909,
    ];
    for (a, b) in r.y.iter().zip(&expect) {
        assert!((a - b).abs() < 5e-7, "{a} vs {b}");
    }
}

#[test]
fn net_benefit_of_treat_all_at_zero_threshold_is_prevalence() {
    let y = [true, false, false, true, false];
    let risk = vec![0.9, 0.2, 0.4, 0.6, 0.1];
    let dc = decision_curves(
        &[("m".into(), risk)],
        &y,
        &threshold_grid(0.0, 0.5, 0.1).unwrap(),
    )
    .unwrap();
    assert!((dc.curves[0].points[0].net_benefit - 0.4).abs() < 1e-15);
    // at pt = 0.5: treated are 0.9 and 0.6 (both cases): NB = 2/5
    let last = dc.curves[2].points.last().unwrap();
    assert!((last.net_benefit - 0.4).abs() < 1e-15);
}

#[test]
fn calibration_matches_r_on_committed_data() {
    // tests/golden/calibration/simulated_miscalibrated (make.R): glm offset model,
    // hoslem.test formula
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/golden/calibration/simulated_miscalibrated/data.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let (mut y, mut p) = (Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let (a, b) = line.split_once(',').unwrap();
        y.push(a == "1");
        p.push(b.parse::<f64>().unwrap());
    }
    let cal = CalibrationParams::default().fit(&p, &y).unwrap();
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 + 1e-7 * b.abs();
    assert!(
        close(cal.citl.estimate, 0.0468524704685242),
        "{}",
        cal.citl.estimate
    );
    assert!(close(cal.citl.se, 0.116163325394772), "{}", cal.citl.se);
    assert!(close(cal.hosmer_lemeshow.chisq, 8.38230864718702));
    assert!(close(cal.hosmer_lemeshow.p, 0.397043350538144));
}
