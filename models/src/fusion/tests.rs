use super::*;
use crate::classify::stratified_folds;
use nalgebra::DMatrix;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// Label depends on an 8-column embedding (2 informative columns) and on
/// clinical variables (age, sex, smoking); radiomics is weak.
fn synthetic(n: usize, seed: u64) -> (FusionDesign, Vec<bool>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let p = 8 + 4 + 4;
    let mut x = DMatrix::zeros(n, p);
    let mut y = Vec::with_capacity(n);
    for i in 0..n {
        for j in 0..8 {
            x[(i, j)] = normal(&mut rng);
        }
        for j in 8..12 {
            x[(i, j)] = normal(&mut rng);
        }
        let age = 60.0 + 10.0 * normal(&mut rng);
        let male = f64::from(u8::from(rng.random::<f64>() < 0.5));
        let u: f64 = rng.random();
        let (former, current) = if u < 0.4 {
            (0.0, 0.0)
        } else if u < 0.7 {
            (1.0, 0.0)
        } else {
            (0.0, 1.0)
        };
        x[(i, 12)] = age;
        x[(i, 13)] = male;
        x[(i, 14)] = former;
        x[(i, 15)] = current;
        let eta = 1.0 * x[(i, 0)]
            + 0.8 * x[(i, 1)]
            + 0.2 * x[(i, 8)]
            + 0.07 * (age - 60.0)
            + 0.9 * male
            + 1.0 * current
            - 0.8;
        y.push(rng.random::<f64>() < 1.0 / (1.0 + (-eta).exp()));
    }
    let mut names: Vec<String> = (1..=8).map(|j| format!("emb_{j}")).collect();
    names.extend((1..=4).map(|j| format!("rad_{j}")));
    names.extend(["age", "sex[M]", "smoking[former]", "smoking[current]"].map(String::from));
    let blocks = vec![
        Block {
            name: "image".into(),
            columns: 0..8,
        },
        Block {
            name: "radiomics".into(),
            columns: 8..12,
        },
        Block {
            name: "clinical".into(),
            columns: 12..16,
        },
    ];
    (FusionDesign::new(x, names, blocks).unwrap(), y)
}

#[test]
fn logistic_single_binary_predictor_is_log_odds_ratio() {
    // 2x2 table: x = 0: 10 of 40 positive; x = 1: 24 of 40 positive.
    let mut xs = Vec::new();
    let mut y = Vec::new();
    for (xv, npos, nneg) in [(0.0, 10, 30), (1.0, 24, 16)] {
        for k in 0..(npos + nneg) {
            xs.push(xv);
            y.push(k < npos);
        }
    }
    let x = DMatrix::from_column_slice(xs.len(), 1, &xs);
    let m = fit_ridge_logistic(&x, &y, 0.0).unwrap();
    assert!(m.converged);
    let lor = ((24.0f64 / 16.0) / (10.0 / 30.0)).ln();
    assert!((m.coef[0] - lor).abs() < 1e-12, "{} vs {lor}", m.coef[0]);
    assert!((m.intercept - (10.0f64 / 30.0).ln()).abs() < 1e-12);
}

#[test]
fn ridge_solution_satisfies_the_penalised_score_equations() {
    let (d, y) = synthetic(150, 3);
    let lambda = 0.05;
    let m = fit_ridge_logistic(&d.x, &y, lambda).unwrap();
    assert!(m.converged);
    let p = m.predict_proba(&d.x);
    let n = y.len() as f64;
    let r: Vec<f64> = p
        .iter()
        .zip(&y)
        .map(|(p, &y)| f64::from(u8::from(y)) - p)
        .collect();
    assert!(r.iter().sum::<f64>().abs() / n < 1e-12);
    for j in 0..d.x.ncols() {
        let g: f64 = (0..y.len()).map(|i| d.x[(i, j)] * r[i]).sum::<f64>() / n;
        assert!((g - lambda * m.coef[j]).abs() < 1e-10, "column {j}");
    }
}

#[test]
fn fusion_beats_every_single_block_on_synthetic_data() {
    let (d, y) = synthetic(400, 11);
    let fold = stratified_folds(&y, 5, 42);
    let params = FusionParams::default();
    for head in [
        FusionHead::Logistic { lambda: 0.0 },
        FusionHead::Logistic { lambda: 0.01 },
        FusionHead::Stacking { lambda: 0.01 },
        FusionHead::Mlp(MlpParams::default()),
    ] {
        let cv = fusion_cv(&d, &y, &head, &fold, &params).unwrap();
        let best = cv.blocks[cv.best_block].performance.auc;
        eprintln!(
            "{:?}: fusion {:.4}, blocks {:?}, vs best z {:?}",
            head,
            cv.fusion.performance.auc,
            cv.blocks
                .iter()
                .map(|b| (b.name.clone(), b.performance.auc))
                .collect::<Vec<_>>(),
            cv.vs_best_block.map(|c| (c.z, c.p))
        );
        assert!(
            cv.fusion.performance.auc > best + 0.03,
            "{}: fusion {} vs best block {}",
            head.name(),
            cv.fusion.performance.auc,
            best
        );
        assert!(cv.vs_best_block.unwrap().z > 0.0);
    }
}

#[test]
fn same_seed_same_bytes() {
    let (d, y) = synthetic(120, 5);
    let fold = stratified_folds(&y, 5, 9);
    let params = FusionParams {
        seed: 77,
        ..Default::default()
    };
    for head in [
        FusionHead::Mlp(MlpParams {
            dropout: 0.2,
            ..Default::default()
        }),
        FusionHead::Stacking { lambda: 0.1 },
        FusionHead::Logistic { lambda: 0.1 },
    ] {
        let a = fusion_cv(&d, &y, &head, &fold, &params).unwrap();
        let b = fusion_cv(&d, &y, &head, &fold, &params).unwrap();
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a.fusion.oof), bits(&b.fusion.oof), "{}", head.name());
        for (ba, bb) in a.blocks.iter().zip(&b.blocks) {
            assert_eq!(bits(&ba.oof), bits(&bb.oof));
        }
    }
}

#[test]
fn permuting_rows_with_their_folds_leaves_logistic_results_unchanged() {
    let (d, y) = synthetic(150, 8);
    let fold = stratified_folds(&y, 5, 3);
    let params = FusionParams::default();
    let head = FusionHead::Logistic { lambda: 0.02 };
    let a = fusion_cv(&d, &y, &head, &fold, &params).unwrap();
    let mut perm: Vec<usize> = (0..y.len()).collect();
    perm.reverse();
    perm.rotate_left(37);
    let d2 = d.rows(&perm);
    let y2: Vec<bool> = perm.iter().map(|&i| y[i]).collect();
    let f2: Vec<usize> = perm.iter().map(|&i| fold[i]).collect();
    let b = fusion_cv(&d2, &y2, &head, &f2, &params).unwrap();
    for (k, &i) in perm.iter().enumerate() {
        assert!((a.fusion.oof[i] - b.fusion.oof[k]).abs() < 1e-12);
    }
    assert!((a.fusion.performance.auc - b.fusion.performance.auc).abs() < 1e-14);
    assert!((a.fusion.performance.auc_lower - b.fusion.performance.auc_lower).abs() < 1e-12);
    for (x, z) in a.fusion.fold_auc.iter().zip(&b.fusion.fold_auc) {
        assert!((x - z).abs() < 1e-14);
    }
}

#[test]
fn refit_predicts_a_test_set() {
    let (d, y) = synthetic(300, 21);
    let (dt, yt) = synthetic(200, 22);
    let mut w = Vec::new();
    let m = fit_fusion(
        &d,
        &y,
        &FusionHead::Logistic { lambda: 0.01 },
        1,
        "final",
        &mut w,
    )
    .unwrap();
    let p = m.predict_proba(&dt.x);
    let perf = performance(&p, &yt, 0.95, 0.5).unwrap();
    assert!(perf.auc > 0.75, "{}", perf.auc);
    assert!(w.is_empty());
}

#[test]
fn bad_designs_are_errors() {
    let x = DMatrix::from_fn(10, 2, |i, j| if j == 1 { 3.0 } else { i as f64 });
    let blocks = vec![Block {
        name: "a".into(),
        columns: 0..2,
    }];
    assert!(matches!(
        FusionDesign::new(x.clone(), vec!["u".into(), "v".into()], blocks),
        Err(FusionError::ConstantColumn { ref column, .. }) if column == "v"
    ));
    let blocks = vec![
        Block {
            name: "a".into(),
            columns: 0..1,
        },
        Block {
            name: "b".into(),
            columns: 1..1,
        },
    ];
    assert!(matches!(
        FusionDesign::new(x, vec!["u".into(), "v".into()], blocks),
        Err(FusionError::EmptyBlock { .. })
    ));
    let y = vec![true, false, true, false];
    assert!(matches!(
        check_fold_ids(&[0, 0, 2, 2], &y),
        Err(FusionError::BadFolds { fold: 2, .. })
    ));
    assert!(matches!(
        check_fold_ids(&[0, 1, 0, 1], &[true, true, false, false]),
        Ok(2)
    ));
    assert!(matches!(
        check_fold_ids(&[0, 0, 1, 1], &[true, true, false, false]),
        Err(FusionError::BadFolds { fold: 1, .. })
    ));
}

mod props {
    use super::*;
    use proptest::prelude::*;
    use rand::seq::SliceRandom;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]
        /// Any permutation of the rows, fold ids carried along, gives the
        /// same out-of-fold predictions and AUCs (logistic and ridge heads).
        #[test]
        fn row_order_does_not_matter(perm_seed in any::<u64>(), fold_seed in 0u64..1000, ridge in any::<bool>()) {
            let (d, y) = synthetic(90, 4);
            let fold = stratified_folds(&y, 5, fold_seed);
            let head = FusionHead::Logistic { lambda: if ridge { 0.1 } else { 0.0 } };
            let params = FusionParams::default();
            let a = fusion_cv(&d, &y, &head, &fold, &params).unwrap();
            let mut perm: Vec<usize> = (0..y.len()).collect();
            perm.shuffle(&mut ChaCha8Rng::seed_from_u64(perm_seed));
            let y2: Vec<bool> = perm.iter().map(|&i| y[i]).collect();
            let f2: Vec<usize> = perm.iter().map(|&i| fold[i]).collect();
            let b = fusion_cv(&d.rows(&perm), &y2, &head, &f2, &params).unwrap();
            for (k, &i) in perm.iter().enumerate() {
                prop_assert!((a.fusion.oof[i] - b.fusion.oof[k]).abs() < 1e-10);
                for (ba, bb) in a.blocks.iter().zip(&b.blocks) {
                    prop_assert!((ba.oof[i] - bb.oof[k]).abs() < 1e-10);
                }
            }
            prop_assert!((a.fusion.performance.auc - b.fusion.performance.auc).abs() < 1e-12);
            prop_assert!((a.fusion.mean_fold_auc - b.fusion.mean_fold_auc).abs() < 1e-12);
        }
    }
}
