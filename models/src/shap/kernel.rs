//! KernelSHAP against a background sample (exact enumeration for few features).

use super::{ShapScale, ShapValues};
use crate::classify::FittedClassifier;
use nalgebra::{DMatrix, DVector};
use rand::seq::index::sample;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Parameters of [`kernel_shap`].
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `n_coalitions` | 2048 | sampled coalitions per row (exact when `2^p − 2` fits) |
/// | `seed` | 1 | coalition sampling seed (row `i` uses `(seed, i)`) |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KernelShapParams {
    /// Coalitions per row.
    pub n_coalitions: usize,
    /// Seed.
    pub seed: u64,
}

impl Default for KernelShapParams {
    fn default() -> Self {
        KernelShapParams {
            n_coalitions: 2048,
            seed: 1,
        }
    }
}

/// `v(S)` for row `x_row`: mean model output over the background with the
/// features in `mask` taken from `x_row`.
fn value(
    model: &dyn FittedClassifier,
    x_row: &[f64],
    background: &DMatrix<f64>,
    mask: &[bool],
) -> f64 {
    let nb = background.nrows();
    let z = DMatrix::from_fn(nb, x_row.len(), |b, j| {
        if mask[j] {
            x_row[j]
        } else {
            background[(b, j)]
        }
    });
    model.predict_proba(&z).iter().sum::<f64>() / nb as f64
}

fn ln_choose(n: usize, k: usize) -> f64 {
    (1..=k).map(|i| ((n - k + i) as f64 / i as f64).ln()).sum()
}

/// SHAP values of the predicted probability for every row of `x`, with
/// `background` (e.g. the training rows, or a sample of them) defining the
/// absent features.
pub fn kernel_shap(
    model: &dyn FittedClassifier,
    x: &DMatrix<f64>,
    background: &DMatrix<f64>,
    params: &KernelShapParams,
) -> ShapValues {
    let (n, p) = x.shape();
    let base = value(model, &vec![0.0; p], background, &vec![false; p]);
    let fx = model.predict_proba(x);
    let mut values = DMatrix::zeros(n, p);
    let exact = p < 20 && (1usize << p).saturating_sub(2) <= params.n_coalitions;
    for i in 0..n {
        let row: Vec<f64> = x.row(i).iter().copied().collect();
        let phi = if exact {
            exact_shapley(model, &row, background, base, fx[i])
        } else {
            let seed = crate::classify::derive_seed(params.seed, i as u64);
            sampled(
                model,
                &row,
                background,
                base,
                fx[i],
                params.n_coalitions,
                seed,
            )
        };
        for j in 0..p {
            values[(i, j)] = phi[j];
        }
    }
    ShapValues {
        values,
        expected: base,
        output: fx,
        scale: ShapScale::Probability,
    }
}

/// Shapley values by enumerating every coalition.
fn exact_shapley(
    model: &dyn FittedClassifier,
    row: &[f64],
    bg: &DMatrix<f64>,
    base: f64,
    fx: f64,
) -> Vec<f64> {
    let p = row.len();
    let full = 1usize << p;
    let v: Vec<f64> = (0..full)
        .map(|s| {
            if s == 0 {
                base
            } else if s == full - 1 {
                fx
            } else {
                let mask: Vec<bool> = (0..p).map(|j| s >> j & 1 == 1).collect();
                value(model, row, bg, &mask)
            }
        })
        .collect();
    let mut phi = vec![0.0; p];
    for (j, ph) in phi.iter_mut().enumerate() {
        for s in 0..full {
            if s >> j & 1 == 1 {
                continue;
            }
            let k = s.count_ones() as usize;
            // |S|! (p − |S| − 1)! / p!
            let w = (-ln_choose(p - 1, k)).exp() / p as f64;
            *ph += w * (v[s | 1 << j] - v[s]);
        }
    }
    phi
}

/// KernelSHAP with coalitions drawn from the Shapley kernel.
fn sampled(
    model: &dyn FittedClassifier,
    row: &[f64],
    bg: &DMatrix<f64>,
    base: f64,
    fx: f64,
    m: usize,
    seed: u64,
) -> Vec<f64> {
    let p = row.len();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // Size distribution ∝ (p − 1) / (s (p − s)), s = 1..p−1.
    let sw: Vec<f64> = (1..p).map(|s| 1.0 / (s * (p - s)) as f64).collect();
    let tot: f64 = sw.iter().sum();
    let mut z = DMatrix::zeros(m, p);
    let mut y = DVector::zeros(m);
    for k in 0..m {
        let mut u: f64 = rng.random::<f64>() * tot;
        let mut s = 1;
        for (idx, w) in sw.iter().enumerate() {
            if u < *w {
                s = idx + 1;
                break;
            }
            u -= w;
            s = idx + 1;
        }
        let members = sample(&mut rng, p, s).into_vec();
        let mut mask = vec![false; p];
        for j in members {
            mask[j] = true;
            z[(k, j)] = 1.0;
        }
        y[k] = value(model, row, bg, &mask) - base;
    }
    // Eliminate φ_p with Σ φ = fx − base; equal weights (kernel sampling).
    let delta = fx - base;
    let last = p - 1;
    let a = DMatrix::from_fn(m, last, |k, j| z[(k, j)] - z[(k, last)]);
    let b = DVector::from_fn(m, |k, _| y[k] - z[(k, last)] * delta);
    let ata = a.transpose() * &a;
    let atb = a.transpose() * b;
    let sol = ata
        .clone()
        .cholesky()
        .map(|c| c.solve(&atb))
        .unwrap_or_else(|| ata.pseudo_inverse(1e-12).expect("pseudo-inverse") * atb);
    let mut phi: Vec<f64> = sol.iter().copied().collect();
    let rest: f64 = phi.iter().sum();
    phi.push(delta - rest);
    phi
}
