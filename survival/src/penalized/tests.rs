//! Library tests of the penalised Cox path: a direct comparison with R
//! glmnet, invariants, and the KKT conditions of every returned solution.

#![allow(clippy::excessive_precision)] // R values printed with %.17g

use super::kernel::{RiskSets, risks};
use super::*;
use nalgebra::DMatrix;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn tiny() -> (Vec<f64>, Vec<bool>, DMatrix<f64>) {
    let time = vec![5.0, 3.0, 8.0, 2.0, 9.0, 4.0, 7.0, 1.0, 6.0, 10.0, 2.5, 3.5];
    let event = [1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 0]
        .iter()
        .map(|&e| e == 1)
        .collect();
    let x = DMatrix::from_fn(12, 3, |i, j| {
        ((i * 7 + j * 3) % 5) as f64 + i as f64 * 0.1 * j as f64
    });
    (time, event, x)
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-12)
}

/// R 4.2, glmnet 4.1-6:
/// `glmnet(x, Surv(time, event), family = "cox", nlambda = 20)` on `tiny()`;
/// the path stops early (deviance change) after 14 lambdas.
#[test]
fn tiny_path_matches_glmnet() {
    let (time, event, x) = tiny();
    let path = CoxNetParams::default()
        .nlambda(20)
        .fit(&time, &event, &x, None, None)
        .unwrap();
    let lambda = [
        0.30158468097579866,
        0.18573038559306068,
        0.11438172529497673,
        0.070441780647142196,
        0.043381444439167006,
        0.026716384854829536,
        0.016453237759574021,
        0.010132697003881351,
        0.0062402033005766458,
        0.0038430180254685957,
        0.00236671576753145,
        0.0014575376662718058,
        0.00089762196109289746,
        0.0005527988769560931,
    ];
    let dev = [
        0.0,
        0.068506454921115498,
        0.094694054243081818,
        0.10491408035099287,
        0.10891244262033727,
        0.11046683717917749,
        0.1121901262944877,
        0.11300224671244583,
        0.11331494057448702,
        0.11343452638367053,
        0.11348000036722151,
        0.11349768913412216,
        0.11350399371565972,
        0.11350639667600058,
    ];
    assert_eq!(path.len(), 14);
    assert_eq!(path.stop, PathStop::DevianceFlat);
    for k in 0..14 {
        assert!(close(path.lambda[k], lambda[k], 1e-12), "lambda {k}");
        assert!((path.dev_ratio[k] - dev[k]).abs() < 1e-12, "dev.ratio {k}");
    }
    let b = path.coefficients(13);
    for (j, r) in [
        -0.40961611637848333,
        -0.088000122765153566,
        -0.25014928135574882,
    ]
    .iter()
    .enumerate()
    {
        assert!(close(b[j], *r, 1e-9), "beta {j}: {} vs {r}", b[j]);
    }
    assert!(close(path.null_deviance, 29.01315, 1e-6));
}

/// Simulated survival data with `p` standard-normal features.
fn simulate(seed: u64, n: usize, p: usize) -> (Vec<f64>, Vec<bool>, DMatrix<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut normal = || {
        let (u1, u2): (f64, f64) = (rng.random::<f64>().max(1e-300), rng.random());
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    };
    let x = DMatrix::from_fn(n, p, |_, j| normal() * (1.0 + j as f64 * 0.3) + j as f64);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let mut time = Vec::with_capacity(n);
    let mut event = Vec::with_capacity(n);
    for i in 0..n {
        let lp = 0.7 * (x[(i, 0)]) - 0.4 * (x[(i, 1)] - 1.0) / 1.3;
        let t = -rng.random::<f64>().max(1e-300).ln() / (0.1 * lp.exp());
        let c = -rng.random::<f64>().max(1e-300).ln() / 0.05;
        time.push(t.min(c));
        event.push(t <= c);
    }
    (time, event, x)
}

/// The gradient of the normalised log partial likelihood with respect to
/// the standardised coefficients, and the column scales.
fn standardised_gradient(
    time: &[f64],
    event: &[bool],
    x: &DMatrix<f64>,
    beta: &[f64],
    standardize: bool,
) -> (Vec<f64>, Vec<f64>) {
    let n = time.len();
    let q = vec![1.0 / n as f64; n];
    let rs = RiskSets::new(time, event, &q, None);
    let eta = x * nalgebra::DVector::from_column_slice(beta);
    let f: Vec<f64> = rs.order.iter().map(|&i| eta[i]).collect();
    let mut e = vec![0.0; n];
    risks(&rs.q, &f, &mut e);
    let (mut w, mut wr, mut u) = (vec![0.0; n], vec![0.0; n], vec![0.0; rs.groups.len()]);
    rs.outer(&e, &mut w, &mut wr, &mut u).unwrap();
    let p = x.ncols();
    let mut g = vec![0.0; p];
    let mut scale = vec![1.0; p];
    for j in 0..p {
        let col = x.column(j);
        let m: f64 = col.iter().sum::<f64>() / n as f64;
        if standardize {
            scale[j] = (col.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n as f64).sqrt();
        }
        g[j] = rs
            .order
            .iter()
            .zip(&wr)
            .map(|(&i, r)| r * (col[i] - m))
            .sum::<f64>()
            / scale[j];
    }
    (g, scale)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// KKT: for every lambda on the path, |g_j| <= lambda alpha for zero
    /// coefficients and g_j = lambda (alpha sign(b_j) + (1 - alpha) b_j) for
    /// non-zero ones (standardised scale), up to the convergence tolerance.
    #[test]
    fn kkt_holds_on_the_path(seed in 0u64..1000, n in 30usize..80, p in 2usize..25,
                              alpha in prop::sample::select(vec![1.0, 0.5, 0.2]),
                              standardize in any::<bool>()) {
        let (time, event, x) = simulate(seed, n, p);
        prop_assume!(event.iter().filter(|&&e| e).count() >= 3);
        let params = CoxNetParams { alpha, nlambda: 30, lambda_min_ratio: Some(0.05),
            standardize, thresh: 1e-14, ..Default::default() };
        let path = params.fit(&time, &event, &x, None, None).unwrap();
        for k in 0..path.len() {
            let beta = path.coefficients(k);
            let (g, scale) = standardised_gradient(&time, &event, &x, &beta, standardize);
            let lam = path.lambda[k];
            let tol = 1e-6 * (1.0 + lam);
            for j in 0..p {
                let a = beta[j] * scale[j];
                if a == 0.0 {
                    prop_assert!(g[j].abs() <= lam * alpha + tol,
                        "zero coef {j} at {k}: |g| {} > {}", g[j].abs(), lam * alpha);
                } else {
                    let target = lam * (alpha * a.signum() + (1.0 - alpha) * a);
                    prop_assert!((g[j] - target).abs() <= tol,
                        "non-zero coef {j} at {k}: g {} vs {}", g[j], target);
                }
            }
        }
    }
}

/// Integer case weights equal replicated rows (glmnet normalises weights,
/// so lambda and the path are the same).
#[test]
fn integer_weights_equal_replicated_rows() {
    let (time, event, x) = simulate(3, 40, 6);
    let w: Vec<f64> = (0..40).map(|i| (i % 3 + 1) as f64).collect();
    let rows: Vec<usize> = (0..40)
        .flat_map(|i| std::iter::repeat_n(i, w[i] as usize))
        .collect();
    let xr = x.select_rows(rows.iter());
    let tr: Vec<f64> = rows.iter().map(|&i| time[i]).collect();
    let er: Vec<bool> = rows.iter().map(|&i| event[i]).collect();
    let params = CoxNetParams {
        thresh: 1e-14,
        nlambda: 20,
        ..Default::default()
    };
    let a = params.fit(&time, &event, &x, None, Some(&w)).unwrap();
    let b = params.fit(&tr, &er, &xr, None, None).unwrap();
    assert_eq!(a.len(), b.len());
    for k in 0..a.len() {
        assert!(close(a.lambda[k], b.lambda[k], 1e-10));
        for (u, v) in a.coefficients(k).iter().zip(b.coefficients(k)) {
            // coordinate descent stops when v * delta^2 < thresh * dev0, so
            // coefficients agree to about sqrt(1e-14)
            assert!((u - v).abs() < 1e-6, "lambda {k}: {u} vs {v}");
        }
    }
}

/// Row order does not matter.
#[test]
fn row_permutation_invariance() {
    let (time, event, x) = simulate(9, 50, 5);
    let perm: Vec<usize> = (0..50).map(|i| (i * 17) % 50).collect();
    let xp = x.select_rows(perm.iter());
    let tp: Vec<f64> = perm.iter().map(|&i| time[i]).collect();
    let ep: Vec<bool> = perm.iter().map(|&i| event[i]).collect();
    let params = CoxNetParams {
        nlambda: 25,
        ..Default::default()
    };
    let a = params.fit(&time, &event, &x, None, None).unwrap();
    let b = params.fit(&tp, &ep, &xp, None, None).unwrap();
    assert_eq!(a.df, b.df);
    for k in 0..a.len() {
        for (u, v) in a.coefficients(k).iter().zip(b.coefficients(k)) {
            assert!((u - v).abs() < 1e-9);
        }
    }
}

/// Seeded folds are reproducible, balanced, and CV results do not depend on
/// the thread count.
#[test]
fn cv_is_deterministic() {
    let (time, event, x) = simulate(11, 60, 8);
    let cvp = CoxNetCvParams {
        path: CoxNetParams::default().nlambda(30),
        folds: Folds::Random { k: 5, seed: 42 },
    };
    let a = cvp.fit(&time, &event, &x, None, None).unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let b = pool.install(|| cvp.fit(&time, &event, &x, None, None).unwrap());
    assert_eq!(a, b);
    let mut sizes = [0usize; 5];
    a.foldid.iter().for_each(|&f| sizes[f] += 1);
    assert!(sizes.iter().all(|&s| s == 12));
    assert!(a.index_1se <= a.index_min);
    assert!(a.mean[a.index_min] <= a.mean.iter().copied().fold(f64::INFINITY, f64::min));
}

#[test]
fn bad_input_is_an_error() {
    let (time, event, mut x) = simulate(1, 20, 3);
    let p = CoxNetParams::default();
    assert!(matches!(
        p.clone().alpha(1.5).fit(&time, &event, &x, None, None),
        Err(CoxNetError::BadAlpha { .. })
    ));
    assert!(matches!(
        p.fit(&time, &[false; 20], &x, None, None),
        Err(CoxNetError::NoEvents)
    ));
    x[(4, 2)] = f64::INFINITY;
    assert!(matches!(
        p.fit(&time, &event, &x, None, None),
        Err(CoxNetError::NonFiniteX {
            column: 2,
            row: 4,
            ..
        })
    ));
    let c = DMatrix::from_element(20, 2, 1.0);
    assert!(matches!(
        p.fit(&time, &event, &c, None, None),
        Err(CoxNetError::NoFeatures { .. })
    ));
    let folds = CoxNetCvParams {
        path: p,
        folds: Folds::Given(vec![0; 20]),
    };
    assert!(folds.fit(&time, &event, &x, None, None).is_err());
}

#[test]
fn constant_columns_are_excluded_and_reported() {
    let (time, event, x) = simulate(5, 40, 3);
    let mut xc = DMatrix::from_element(40, 4, 2.0);
    xc.columns_mut(0, 3).copy_from(&x);
    let path = CoxNetParams::default()
        .nlambda(20)
        .fit(&time, &event, &xc, None, None)
        .unwrap();
    assert_eq!(path.constant, vec![3]);
    assert!((0..path.len()).all(|k| path.coefficients(k)[3] == 0.0));
    assert!(matches!(
        path.warnings[0],
        CoxNetWarning::ConstantColumns(_)
    ));
}

/// Timing of the path on the benchmark table (`bench/lasso/gen.py`), when present.
#[test]
#[ignore]
fn wide_path_timing() {
    let Ok(s) = std::fs::read_to_string("/tmp/lasso/wide_5000.csv") else {
        return;
    };
    let mut lines = s.lines();
    let p = lines.next().unwrap().split(',').count() - 4;
    let rows: Vec<Vec<f64>> = lines
        .map(|l| {
            l.split(',')
                .skip(1)
                .map(|v| v.parse::<f64>().unwrap())
                .collect()
        })
        .collect();
    let n = rows.len();
    let time: Vec<f64> = rows.iter().map(|r| r[0]).collect();
    let event: Vec<bool> = rows.iter().map(|r| r[1] == 1.0).collect();
    let x = DMatrix::from_fn(n, p, |i, j| rows[i][j + 3]);
    let t0 = std::time::Instant::now();
    let path = CoxNetParams::default()
        .fit(&time, &event, &x, None, None)
        .unwrap();
    eprintln!(
        "path {:?}: {} lambdas, {} passes, df last {}, stop {:?}",
        t0.elapsed(),
        path.len(),
        path.n_passes,
        path.df[path.len() - 1],
        path.stop
    );
}

/// The KKT gradient bounds (`refresh_gradient`) and the single-precision
/// screen of zero coefficients only skip sums whose comparisons they
/// settle: the path with them equals the path with every sum computed in
/// double precision, bit for bit, on wide data where they do skip (checked).
#[test]
fn kkt_bounds_do_not_change_the_path() {
    for (seed, n, p, alpha) in [(11u64, 80usize, 1500usize, 1.0), (12, 60, 900, 0.5)] {
        let (time, event, x) = simulate(seed, n, p);
        let params = CoxNetParams::default().alpha(alpha);
        let fast = params.fit(&time, &event, &x, None, None).unwrap();
        let exact = params
            .fit_with(&time, &event, &x, None, None, true)
            .unwrap();
        assert!(fast.kkt_skipped > 0, "seed {seed}: no sum was skipped");
        assert!(fast.screened > 0, "seed {seed}: no visit was screened");
        assert_eq!((exact.kkt_skipped, exact.screened), (0, 0));
        assert_eq!(fast.n_passes, exact.n_passes);
        assert_eq!(fast.lambda.len(), exact.lambda.len());
        for k in 0..fast.len() {
            assert_eq!(fast.lambda[k].to_bits(), exact.lambda[k].to_bits());
            assert_eq!(fast.dev_ratio[k].to_bits(), exact.dev_ratio[k].to_bits());
            assert_eq!(fast.nonzero(k), exact.nonzero(k), "lambda {k}");
        }
    }
}
