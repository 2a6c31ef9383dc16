//! ComBat against `sva::ComBat` (sva 3.46.0, R 4.2.2): the goldens in
//! `tests/golden/combat/` (regenerate with `Rscript make.R` there).

use nalgebra::DMatrix;
use prognos_models::combat::{CombatError, CombatParams, CombatPrior};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/golden/combat")
}

fn read_csv(name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(dir().join(name)).expect("golden file");
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

struct Data {
    batch: Vec<String>,
    cov: DMatrix<f64>,
    x: DMatrix<f64>,
}

fn data() -> Data {
    let (_, rows) = read_csv("data.csv");
    let n = rows.len();
    let num = |r: &Vec<String>, j: usize| r[j].parse::<f64>().unwrap();
    Data {
        batch: rows.iter().map(|r| r[1].clone()).collect(),
        cov: DMatrix::from_fn(n, 2, |i, j| num(&rows[i], 2 + j)),
        x: DMatrix::from_fn(n, 8, |i, j| num(&rows[i], 4 + j)),
    }
}

fn golden(name: &str) -> DMatrix<f64> {
    let (_, rows) = read_csv(name);
    DMatrix::from_fn(rows.len(), 8, |i, j| rows[i][j].parse().unwrap())
}

fn check(case: &str, params: CombatParams, with_cov: bool) {
    let d = data();
    let fit = params
        .fit(&d.x, &d.batch, with_cov.then_some(&d.cov))
        .unwrap();
    let want = golden(&format!("{case}.csv"));
    for i in 0..want.nrows() {
        for j in 0..want.ncols() {
            let (g, w) = (fit.adjusted[(i, j)], want[(i, j)]);
            assert!(
                (g - w).abs() <= 1e-9 * w.abs() + 1e-10,
                "{case} [{i},{j}]: {g} vs R {w}"
            );
        }
    }
    // The fitted parameters reproduce the training adjustment on "new" data.
    let again = fit
        .apply(&d.x, &d.batch, with_cov.then_some(&d.cov))
        .unwrap();
    assert!((again - &fit.adjusted).abs().max() < 1e-12, "{case} apply");
}

#[test]
fn parametric() {
    check("parametric", CombatParams::default(), false);
}

#[test]
fn parametric_with_covariates() {
    check("parametric_cov", CombatParams::default(), true);
}

#[test]
fn nonparametric_with_covariates() {
    let p = CombatParams {
        prior: CombatPrior::NonParametric,
        ..Default::default()
    };
    check("nonparametric_cov", p, true);
}

#[test]
fn mean_only() {
    let p = CombatParams {
        mean_only: true,
        ..Default::default()
    };
    check("meanonly", p, false);
}

#[test]
fn reference_batch_with_covariates() {
    let p = CombatParams {
        ref_batch: Some("B".into()),
        ..Default::default()
    };
    check("parametric_cov_refB", p, true);
}

#[test]
fn nonparametric_reference_batch() {
    let p = CombatParams {
        prior: CombatPrior::NonParametric,
        ref_batch: Some("A".into()),
        ..Default::default()
    };
    check("nonparametric_refA", p, false);
}

#[test]
fn single_sample_batch_is_an_error() {
    let d = data();
    let mut batch = d.batch.clone();
    batch[0] = "lonely".into();
    let e = CombatParams::default().fit(&d.x, &batch, None).unwrap_err();
    assert_eq!(
        e,
        CombatError::SingleSampleBatch {
            batch: "lonely".into()
        }
    );
    assert!(e.to_string().contains("'lonely' has a single sample"));
}

#[test]
fn unknown_batch_on_new_data_is_an_error() {
    let d = data();
    let fit = CombatParams::default().fit(&d.x, &d.batch, None).unwrap();
    let mut batch = d.batch.clone();
    batch[3] = "Z".into();
    let e = fit.apply(&d.x, &batch, None).unwrap_err();
    assert_eq!(
        e,
        CombatError::UnknownBatch {
            batch: "Z".into(),
            row: 3
        }
    );
}

#[test]
fn constant_within_batch_feature_is_left_unadjusted() {
    let d = data();
    let mut x = d.x.clone();
    for i in 0..10 {
        x[(i, 2)] = 5.0; // batch A rows
    }
    let fit = CombatParams::default().fit(&x, &d.batch, None).unwrap();
    assert_eq!(fit.unadjusted, vec![2]);
    assert_eq!(fit.adjusted.column(2), x.column(2));
}
