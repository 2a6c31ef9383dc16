//! Selection tests: glmnet goldens for the penalised logistic kernel
//! (`tests/golden/radiomics/glmnet_binomial`, glmnet 4.1.6, thresh 1e-14),
//! the redundancy rule, scaling fitted on training rows, bad input.

use super::*;
use nalgebra::DMatrix;
use std::path::PathBuf;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/golden/radiomics/glmnet_binomial")
}

fn read(name: &str) -> Vec<Vec<f64>> {
    std::fs::read_to_string(golden_dir().join(name))
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect()
}

#[test]
fn penalized_logistic_matches_glmnet() {
    let d = read("data.csv");
    let n = d.len();
    let y: Vec<bool> = d.iter().map(|r| r[0] == 1.0).collect();
    let x = DMatrix::from_fn(n, 6, |i, j| d[i][j + 1]);
    for row in read("coef.csv") {
        let (alpha, lambda) = (row[0], row[1]);
        let fit = fit_penalized_logistic(&x, &y, alpha, lambda);
        assert!(fit.converged);
        let got: Vec<f64> = std::iter::once(fit.intercept)
            .chain(fit.beta.iter().copied())
            .collect();
        for (k, (g, w)) in got.iter().zip(&row[2..]).enumerate() {
            assert!(
                // The objective is flat at the optimum: glmnet's and our
                // coefficients give the same objective to 1e-16 while
                // differing by up to ~1e-7 relative.
                (g - w).abs() <= 1e-6 * w.abs() + 1e-8,
                "alpha {alpha} lambda {lambda} coef {k}: {g} vs glmnet {w}"
            );
            // Lasso zeros are exact zeros.
            if *w == 0.0 {
                assert_eq!(*g, 0.0);
            }
        }
    }
}

fn names(p: usize) -> Vec<String> {
    (0..p).map(|j| format!("f{j}")).collect()
}

#[test]
fn redundancy_keeps_the_more_associated_twin() {
    // f0 and f1 are near copies; f1 is more associated (larger score).
    let x = DMatrix::from_fn(10, 3, |i, j| match j {
        0 => i as f64,
        1 => i as f64 + if i == 3 { 0.1 } else { 0.0 },
        _ => ((i * 7) % 5) as f64,
    });
    let r = redundancy_filter(
        &x,
        &names(3),
        &[1.0, 2.0, 0.5],
        0.9,
        RedundancyMethod::Pearson,
    )
    .unwrap();
    assert_eq!(r.kept, vec![1, 2]);
    assert_eq!(r.dropped.len(), 1);
    assert_eq!((r.dropped[0].feature, r.dropped[0].kept_partner), (0, 1));
}

#[test]
fn constant_feature_is_reported_not_fatal() {
    let x = DMatrix::from_fn(8, 2, |i, j| if j == 0 { 3.0 } else { i as f64 });
    let r = redundancy_filter(&x, &names(2), &[1.0, 1.0], 0.9, RedundancyMethod::Spearman).unwrap();
    assert_eq!(r.constant, vec![0]);
    assert_eq!(r.kept, vec![1]);
    let y: Vec<bool> = (0..8).map(|i| i % 2 == 0).collect();
    let s = univariate_scores(&x, &names(2), &y, UnivariateTest::MannWhitney).unwrap();
    assert!(s.scores[0].p.is_nan());
    assert_eq!(s.top_k(5), vec![1]);
}

#[test]
fn missing_value_names_feature_and_row() {
    let mut x = DMatrix::from_fn(6, 2, |i, j| (i + j) as f64);
    x[(4, 1)] = f64::NAN;
    let y = [true, false, true, false, true, false];
    let e = univariate_scores(&x, &names(2), &y, UnivariateTest::AnovaF).unwrap_err();
    assert_eq!(
        e.to_string(),
        "feature 'f1' is missing or not finite at row 4"
    );
}

#[test]
fn anova_f_matches_r() {
    // R: oneway.test(c(1,2,3,7,8,9) ~ factor(c(0,0,0,1,1,1)), var.equal = TRUE)
    // F = 54, p = 0.0018262606682599833
    let x = DMatrix::from_column_slice(6, 1, &[1., 2., 3., 7., 8., 9.]);
    let y = [false, false, false, true, true, true];
    let s = univariate_scores(&x, &names(1), &y, UnivariateTest::AnovaF).unwrap();
    assert!((s.scores[0].statistic - 54.0).abs() < 1e-12);
    assert!((s.scores[0].p - 0.0018262606682599833).abs() < 1e-15);
}

#[test]
fn scaler_uses_training_statistics_only() {
    let train = DMatrix::from_column_slice(4, 1, &[1., 2., 3., 4.]);
    let test = DMatrix::from_column_slice(2, 1, &[100., -100.]);
    let z = Scaler::fit(ScaleKind::ZScore, &train);
    let t = z.transform(&test).unwrap();
    let sd = (5.0f64 / 3.0).sqrt();
    assert!((t[(0, 0)] - (100.0 - 2.5) / sd).abs() < 1e-12);
    let m = Scaler::fit(ScaleKind::MinMax, &train);
    assert!((m.transform(&train).unwrap()[(3, 0)] - 1.0).abs() < 1e-15);
}

#[test]
fn mrmr_starts_with_the_most_relevant_and_penalises_redundancy() {
    let n = 60;
    let y: Vec<bool> = (0..n).map(|i| i % 2 == 0).collect();
    let x = DMatrix::from_fn(n, 3, |i, j| {
        let s = if y[i] { 1.0 } else { 0.0 };
        let noise = ((i * 37 + j * 11) % 17) as f64 / 17.0;
        match j {
            0 => s + 0.3 * noise,
            1 => 0.5 * s + noise,
            _ => 0.4 * s + ((i * 13) % 7) as f64 / 7.0,
        }
    });
    let sel = mrmr(&x, &names(3), &y, 3).unwrap();
    let f = univariate_scores(&x, &names(3), &y, UnivariateTest::AnovaF).unwrap();
    assert_eq!(sel[0], f.top_k(1)[0]);
    assert_eq!(sel.len(), 3);
}

#[test]
fn lasso_selection_finds_the_signal() {
    let d = read("data.csv");
    let n = d.len();
    let y: Vec<bool> = d.iter().map(|r| r[0] == 1.0).collect();
    let x = DMatrix::from_fn(n, 6, |i, j| d[i][j + 1]);
    let s = LassoSelectParams::default().fit(&x, &names(6), &y).unwrap();
    assert!(s.selected.contains(&0));
    let again = LassoSelectParams::default().fit(&x, &names(6), &y).unwrap();
    assert_eq!(s, again);
}
