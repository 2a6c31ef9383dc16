//! Classifier and cross-validation tests: each model learns a planted
//! signal, CV is deterministic, and the leak-free proof — pure-noise
//! features give CV AUC ≈ 0.5 when selection and SMOTE run inside the
//! folds, but an inflated AUC when selection sees all rows first.

use super::*;
use crate::selection::{UnivariateTest, univariate_scores};
use crate::smote::SmoteParams;
use nalgebra::DMatrix;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Standard normal by Box–Muller.
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u: f64 = rng.random::<f64>().max(1e-300);
    let v: f64 = rng.random();
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

/// `n` rows, `p` noise columns; if `signal`, columns 0 and 1 shift with y.
fn data(n: usize, p: usize, signal: bool, seed: u64) -> (DMatrix<f64>, Vec<bool>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let y: Vec<bool> = (0..n).map(|i| i % 3 == 0).collect();
    let x = DMatrix::from_fn(n, p, |i, j| {
        let shift = if signal && j < 2 && y[i] { 1.2 } else { 0.0 };
        normal(&mut rng) + shift
    });
    (x, y)
}

fn all_models() -> Vec<Box<dyn Classifier>> {
    vec![
        Box::new(LogisticModel),
        Box::new(PenalizedLogisticModel {
            alpha: 1.0,
            lambda: 0.02,
        }),
        Box::new(PenalizedLogisticModel {
            alpha: 0.0,
            lambda: 0.1,
        }),
        Box::new(SvmModel::default()),
        Box::new(DecisionTreeModel::default()),
        Box::new(RandomForestParams {
            n_trees: 50,
            ..Default::default()
        }),
        Box::new(GradientBoostingModel {
            n_rounds: 50,
            ..Default::default()
        }),
        Box::new(AdaBoostModel {
            n_rounds: 50,
            ..Default::default()
        }),
    ]
}

#[test]
fn every_model_learns_a_planted_signal() {
    let (x, y) = data(150, 5, true, 11);
    let pipe = Pipeline {
        scale: Some(crate::selection::ScaleKind::ZScore),
        ..Default::default()
    };
    let cmp = compare(&all_models(), &pipe, &x, &y, &CvParams::default()).unwrap();
    for r in &cmp.results {
        assert!(r.auc > 0.7, "{}: AUC {}", r.model, r.auc);
        assert!(r.auc_lower < r.auc && r.auc < r.auc_upper);
        assert!(r.oof.iter().all(|p| (0.0..=1.0).contains(p)), "{}", r.model);
    }
    assert!(cmp.to_string().contains("random_forest"));
}

#[test]
fn cv_is_deterministic_given_the_seed() {
    let (x, y) = data(90, 4, true, 3);
    let rf = RandomForestParams {
        n_trees: 30,
        ..Default::default()
    };
    let p = CvParams::default();
    let a = cross_validate(&rf, &Pipeline::default(), &x, &y, &p).unwrap();
    let b = cross_validate(&rf, &Pipeline::default(), &x, &y, &p).unwrap();
    assert_eq!(a, b);
    let c = cross_validate(
        &rf,
        &Pipeline::default(),
        &x,
        &y,
        &CvParams { seed: 2, ..p },
    )
    .unwrap();
    assert_ne!(a.oof, c.oof);
}

#[test]
fn folds_are_stratified() {
    let y: Vec<bool> = (0..53).map(|i| i % 4 == 0).collect();
    let f = stratified_folds(&y, 5, 9);
    for k in 0..5 {
        let pos = (0..53).filter(|&i| f[i] == k && y[i]).count();
        assert!((2..=3).contains(&pos), "fold {k}: {pos} cases");
    }
    assert_eq!(
        check_folds(&y[..8], 5).unwrap_err(),
        ClassifyError::TooFewForFolds {
            folds: 5,
            class: 1,
            count: 2
        }
    );
}

fn noise_pipeline() -> Pipeline {
    Pipeline {
        redundancy: Some(0.9),
        select: Some(TopK {
            test: UnivariateTest::AnovaF,
            k: 10,
        }),
        scale: Some(crate::selection::ScaleKind::ZScore),
        smote: Some(SmoteParams::default()),
    }
}

#[test]
fn leak_free_cv_on_pure_noise_gives_auc_near_half() {
    // 300 patients, 200 pure-noise features, 1:2 imbalance; selection and
    // SMOTE inside the folds.
    let mut aucs = Vec::new();
    for seed in [1u64, 2, 3] {
        let (x, y) = data(300, 200, false, 100 + seed);
        let r = cross_validate(
            &LogisticModel,
            &noise_pipeline(),
            &x,
            &y,
            &CvParams {
                seed,
                ..Default::default()
            },
        )
        .unwrap();
        assert!((r.auc - 0.5).abs() < 0.08, "seed {seed}: AUC {}", r.auc);
        aucs.push(r.auc);
    }
    let mean = aucs.iter().sum::<f64>() / 3.0;
    assert!((mean - 0.5).abs() < 0.05, "mean AUC {mean}");
}

#[test]
fn selection_outside_the_folds_inflates_auc() {
    let (x, y) = data(300, 200, false, 101);
    let names: Vec<String> = (0..200).map(|j| format!("f{j}")).collect();
    // The leak: the 10 "best" noise features chosen on all rows.
    let s = univariate_scores(&x, &names, &y, UnivariateTest::AnovaF).unwrap();
    let mut top = s.top_k(10);
    top.sort_unstable();
    let leaked = x.select_columns(&top);
    let r = cross_validate(
        &LogisticModel,
        &Pipeline::default(),
        &leaked,
        &y,
        &CvParams::default(),
    )
    .unwrap();
    assert!(r.auc > 0.62, "leaky AUC {}", r.auc);
    assert!(r.auc_lower > 0.5, "leaky lower CI {}", r.auc_lower);
}

#[test]
fn nested_cv_picks_a_penalty_per_fold() {
    let (x, y) = data(120, 20, true, 5);
    let cands: Vec<Box<dyn Classifier>> = [0.005, 0.05, 0.3]
        .iter()
        .map(|&l| {
            Box::new(PenalizedLogisticModel {
                alpha: 1.0,
                lambda: l,
            }) as Box<dyn Classifier>
        })
        .collect();
    let r = nested_cv(
        "lasso (nested)",
        &cands,
        &Pipeline::default(),
        &x,
        &y,
        &CvParams::default(),
    )
    .unwrap();
    assert_eq!(r.chosen.len(), 5);
    assert!(r.auc > 0.65, "{}", r.auc);
}

#[test]
fn forest_importance_ranks_signal_first() {
    let (x, y) = data(200, 6, true, 8);
    let f = RandomForestParams::default().fit_forest(&x, &y, 4).unwrap();
    let imp = f.importance();
    assert!((imp.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    let mut order: Vec<usize> = (0..6).collect();
    order.sort_by(|&a, &b| imp[b].total_cmp(&imp[a]));
    assert!(
        order[..2].contains(&0) && order[..2].contains(&1),
        "{imp:?}"
    );
}

#[test]
fn single_class_is_an_error() {
    let x = DMatrix::from_fn(10, 2, |i, j| (i + j) as f64);
    let y = vec![true; 10];
    assert!(matches!(
        RandomForestParams::default().fit(&x, &y, 1),
        Err(ClassifyError::SingleClass { .. })
    ));
}
