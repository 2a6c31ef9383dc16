//! SHAP tests: additivity, TreeSHAP against brute-force Shapley values of
//! the path-dependent value function, KernelSHAP against the closed form
//! of an additive model.

use super::*;
use crate::classify::tree::Tree;
use crate::classify::{
    AdaBoostModel, Classifier, DecisionTreeModel, FittedClassifier, GradientBoostingModel,
    RandomForestParams, TreeEnsemble,
};
use nalgebra::DMatrix;

fn data() -> (DMatrix<f64>, Vec<bool>) {
    let n = 80;
    let x = DMatrix::from_fn(n, 4, |i, j| {
        (((i * 7 + j * 13) % 23) as f64 / 23.0) + 0.01 * j as f64
    });
    let y: Vec<bool> = (0..n).map(|i| x[(i, 0)] + 0.5 * x[(i, 1)] > 0.8).collect();
    (x, y)
}

/// `E[f(x) | x_S]` by following splits on features in `S` and averaging
/// children by cover otherwise (the value function TreeSHAP explains).
fn cond_exp(t: &Tree, x: &DMatrix<f64>, row: usize, s: &[bool], k: usize) -> f64 {
    let nd = &t.nodes[k];
    if nd.is_leaf() {
        return nd.value;
    }
    if s[nd.feature] {
        let next = if x[(row, nd.feature)] <= nd.threshold {
            nd.left
        } else {
            nd.right
        };
        cond_exp(t, x, row, s, next)
    } else {
        let (l, r) = (&t.nodes[nd.left], &t.nodes[nd.right]);
        (l.cover * cond_exp(t, x, row, s, nd.left) + r.cover * cond_exp(t, x, row, s, nd.right))
            / nd.cover
    }
}

fn brute_force(t: &Tree, x: &DMatrix<f64>, row: usize, p: usize) -> Vec<f64> {
    let fact = |k: usize| (1..=k).product::<usize>() as f64;
    let mut phi = vec![0.0; p];
    for j in 0..p {
        for sm in 0..(1usize << p) {
            if sm >> j & 1 == 1 {
                continue;
            }
            let s: Vec<bool> = (0..p).map(|q| sm >> q & 1 == 1).collect();
            let mut sj = s.clone();
            sj[j] = true;
            let k = sm.count_ones() as usize;
            let w = fact(k) * fact(p - k - 1) / fact(p);
            phi[j] += w * (cond_exp(t, x, row, &sj, 0) - cond_exp(t, x, row, &s, 0));
        }
    }
    phi
}

#[test]
fn tree_shap_matches_brute_force_shapley() {
    let (x, y) = data();
    let model = DecisionTreeModel::default().fit(&x, &y, 1).unwrap();
    let ens = model.tree_ensemble().unwrap();
    let shap = tree_shap(&ens, &x);
    for row in [0, 5, 17, 40] {
        let bf = brute_force(&ens.trees[0], &x, row, 4);
        for j in 0..4 {
            assert!(
                (shap.values[(row, j)] - bf[j]).abs() < 1e-12,
                "row {row} feature {j}: {} vs {}",
                shap.values[(row, j)],
                bf[j]
            );
        }
    }
}

fn check_additivity(ens: &TreeEnsemble, x: &DMatrix<f64>) {
    let s = tree_shap(ens, x);
    for i in 0..x.nrows() {
        let sum = s.expected + s.values.row(i).sum();
        assert!(
            (sum - s.output[i]).abs() < 1e-10,
            "row {i}: {sum} vs {}",
            s.output[i]
        );
    }
}

#[test]
fn tree_shap_is_additive_for_every_ensemble() {
    let (x, y) = data();
    let models: Vec<Box<dyn Classifier>> = vec![
        Box::new(RandomForestParams {
            n_trees: 20,
            ..Default::default()
        }),
        Box::new(GradientBoostingModel {
            n_rounds: 20,
            ..Default::default()
        }),
        Box::new(AdaBoostModel {
            n_rounds: 20,
            max_depth: 2,
        }),
    ];
    for m in models {
        let f = m.fit(&x, &y, 3).unwrap();
        check_additivity(&f.tree_ensemble().unwrap(), &x);
    }
}

/// f(x) = 0.1 + Σ β_j x_j, as a stand-in "probability".
struct Additive(Vec<f64>);

impl FittedClassifier for Additive {
    fn predict_proba(&self, x: &DMatrix<f64>) -> Vec<f64> {
        (0..x.nrows())
            .map(|i| 0.1 + (0..x.ncols()).map(|j| self.0[j] * x[(i, j)]).sum::<f64>())
            .collect()
    }
}

#[test]
fn kernel_shap_recovers_additive_effects_exact_and_sampled() {
    for p in [4usize, 14] {
        let beta: Vec<f64> = (0..p).map(|j| 0.01 * (j as f64 - 3.0)).collect();
        let bg = DMatrix::from_fn(30, p, |i, j| ((i * 5 + j * 3) % 11) as f64 / 11.0);
        let x = DMatrix::from_fn(3, p, |i, j| ((i + 2 * j) % 7) as f64 / 7.0);
        let m = Additive(beta.clone());
        let s = kernel_shap(
            &m,
            &x,
            &bg,
            &KernelShapParams {
                n_coalitions: 400,
                seed: 2,
            },
        );
        for i in 0..3 {
            for j in 0..p {
                let mean = bg.column(j).sum() / 30.0;
                let want = beta[j] * (x[(i, j)] - mean);
                assert!(
                    (s.values[(i, j)] - want).abs() < 1e-10,
                    "p {p} row {i} j {j}"
                );
            }
            assert!((s.expected + s.values.row(i).sum() - s.output[i]).abs() < 1e-12);
        }
        assert_eq!(s.mean_abs().len(), p);
    }
}
