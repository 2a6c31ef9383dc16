//! A one-hidden-layer perceptron (ReLU, optional dropout) trained by Adam
//! with early stopping on a seeded, stratified inner validation split.

use super::ridge::logistic;
use nalgebra::{DMatrix, DVector};
use rand::Rng;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

/// Settings of the MLP head.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MlpParams {
    /// Hidden units.
    pub hidden: usize,
    /// Dropout probability on the hidden layer while training (0 = none).
    pub dropout: f64,
    /// Adam step size.
    pub learning_rate: f64,
    /// L2 weight decay on the weights (not the biases), added to the loss
    /// as `decay/2 ‖W‖²`.
    pub weight_decay: f64,
    /// Most epochs.
    pub max_epochs: usize,
    /// Mini-batch size.
    pub batch_size: usize,
    /// Epochs without improvement of the validation loss before stopping.
    pub patience: usize,
    /// Fraction of each class held out for early stopping.
    pub validation_fraction: f64,
}

impl Default for MlpParams {
    fn default() -> Self {
        MlpParams {
            hidden: 16,
            dropout: 0.0,
            learning_rate: 0.01,
            weight_decay: 1e-3,
            max_epochs: 300,
            batch_size: 32,
            patience: 20,
            validation_fraction: 0.2,
        }
    }
}

/// A trained MLP: `p = σ(w2 · relu(W1ᵀ x + b1) + b2)`, with the weights of
/// the epoch of smallest validation loss.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedMlp {
    /// Input-to-hidden weights (inputs × hidden).
    pub w1: DMatrix<f64>,
    /// Hidden biases.
    pub b1: DVector<f64>,
    /// Hidden-to-output weights.
    pub w2: DVector<f64>,
    /// Output bias.
    pub b2: f64,
    /// Epochs run.
    pub epochs: usize,
    /// Epoch whose weights were kept (1-based).
    pub best_epoch: usize,
    /// Validation binary cross-entropy at that epoch.
    pub best_validation_loss: f64,
}

fn bce(p: &[f64], y: &[bool]) -> f64 {
    let eps = 1e-12;
    p.iter()
        .zip(y)
        .map(|(&p, &y)| {
            if y {
                -(p.max(eps)).ln()
            } else {
                -((1.0 - p).max(eps)).ln()
            }
        })
        .sum::<f64>()
        / y.len() as f64
}

/// Flat parameter vector layout: W1 (column-major), b1, w2, b2.
struct Layout {
    p: usize,
    h: usize,
}

impl Layout {
    fn len(&self) -> usize {
        self.p * self.h + 2 * self.h + 1
    }
    fn unpack(&self, theta: &[f64]) -> (DMatrix<f64>, DVector<f64>, DVector<f64>, f64) {
        let (p, h) = (self.p, self.h);
        let w1 = DMatrix::from_column_slice(p, h, &theta[..p * h]);
        let b1 = DVector::from_column_slice(&theta[p * h..p * h + h]);
        let w2 = DVector::from_column_slice(&theta[p * h + h..p * h + 2 * h]);
        (w1, b1, w2, theta[p * h + 2 * h])
    }
}

fn forward(
    x: &DMatrix<f64>,
    w1: &DMatrix<f64>,
    b1: &DVector<f64>,
    w2: &DVector<f64>,
    b2: f64,
) -> Vec<f64> {
    let mut z = x * w1;
    for mut row in z.row_iter_mut() {
        for (k, v) in row.iter_mut().enumerate() {
            *v = (*v + b1[k]).max(0.0);
        }
    }
    let out = &z * w2;
    out.iter().map(|&o| logistic(o + b2)).collect()
}

impl FittedMlp {
    /// Probability of class 1 for each row (no dropout at prediction).
    pub fn predict_proba(&self, x: &DMatrix<f64>) -> Vec<f64> {
        forward(x, &self.w1, &self.b1, &self.w2, self.b2)
    }
}

/// Stratified hold-out: `round(fraction · n_c)` (at least 1, leaving at
/// least 1) rows of each class, drawn with `rng`.
fn validation_split(y: &[bool], fraction: f64, rng: &mut ChaCha8Rng) -> (Vec<usize>, Vec<usize>) {
    let mut train = Vec::new();
    let mut valid = Vec::new();
    for class in [false, true] {
        let mut idx: Vec<usize> = (0..y.len()).filter(|&i| y[i] == class).collect();
        idx.shuffle(rng);
        let nv = ((fraction * idx.len() as f64).round() as usize)
            .max(1)
            .min(idx.len().saturating_sub(1));
        valid.extend_from_slice(&idx[..nv]);
        train.extend_from_slice(&idx[nv..]);
    }
    train.sort_unstable();
    valid.sort_unstable();
    (train, valid)
}

/// Trains the MLP on `(x, y)` with every random step (initial weights,
/// validation split, batch order, dropout masks) drawn from one ChaCha8
/// stream seeded by `seed`. He-uniform initial input weights,
/// Glorot-uniform output weights, output bias at the logit of the class-1
/// share; Adam (β₁ 0.9, β₂ 0.999, ε 1e-8) on mini-batches of the
/// binary cross-entropy plus weight decay.
pub fn fit_mlp(x: &DMatrix<f64>, y: &[bool], params: &MlpParams, seed: u64) -> FittedMlp {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let p = x.ncols();
    let h = params.hidden.max(1);
    let lay = Layout { p, h };
    let mut theta = vec![0.0; lay.len()];
    let a1 = (6.0 / p.max(1) as f64).sqrt();
    for v in theta[..p * h].iter_mut() {
        *v = a1 * (2.0 * rng.random::<f64>() - 1.0);
    }
    let a2 = (6.0 / (h + 1) as f64).sqrt();
    for v in theta[p * h + h..p * h + 2 * h].iter_mut() {
        *v = a2 * (2.0 * rng.random::<f64>() - 1.0);
    }
    let (train, valid) = validation_split(y, params.validation_fraction, &mut rng);
    let ybar = train.iter().filter(|&&i| y[i]).count() as f64 / train.len() as f64;
    theta[p * h + 2 * h] = (ybar / (1.0 - ybar)).ln();
    let xv = x.select_rows(&valid);
    let yv: Vec<bool> = valid.iter().map(|&i| y[i]).collect();

    let (b1a, b1b) = (0.9f64, 0.999f64);
    let mut m = vec![0.0; theta.len()];
    let mut v = vec![0.0; theta.len()];
    let mut t = 0i32;
    let eval = |theta: &[f64]| {
        let (w1, b1, w2, b2) = lay.unpack(theta);
        bce(&forward(&xv, &w1, &b1, &w2, b2), &yv)
    };
    let mut best = (eval(&theta), theta.clone(), 0usize);
    let mut since = 0;
    let mut epochs = 0;
    let keep = 1.0 - params.dropout;
    for epoch in 1..=params.max_epochs {
        epochs = epoch;
        let mut order = train.clone();
        order.shuffle(&mut rng);
        for batch in order.chunks(params.batch_size.max(1)) {
            let (w1, b1, w2, b2) = lay.unpack(&theta);
            let xb = x.select_rows(batch);
            let mb = batch.len();
            let mut z = &xb * &w1;
            for mut row in z.row_iter_mut() {
                for (k, val) in row.iter_mut().enumerate() {
                    *val += b1[k];
                }
            }
            // activations with dropout mask folded in (inverted dropout)
            let mut mask = DMatrix::from_element(mb, h, 1.0);
            if params.dropout > 0.0 {
                for val in mask.iter_mut() {
                    *val = if rng.random::<f64>() < keep {
                        1.0 / keep
                    } else {
                        0.0
                    };
                }
            }
            let a = DMatrix::from_fn(mb, h, |i, k| z[(i, k)].max(0.0) * mask[(i, k)]);
            let out = &a * &w2;
            let d_out = DVector::from_fn(mb, |i, _| {
                let yi = f64::from(u8::from(y[batch[i]]));
                (logistic(out[i] + b2) - yi) / mb as f64
            });
            let g_w2 = a.tr_mul(&d_out) + &w2 * params.weight_decay;
            let g_b2: f64 = d_out.sum();
            let d_z = DMatrix::from_fn(mb, h, |i, k| {
                if z[(i, k)] > 0.0 {
                    d_out[i] * w2[k] * mask[(i, k)]
                } else {
                    0.0
                }
            });
            let g_w1 = xb.tr_mul(&d_z) + &w1 * params.weight_decay;
            let g_b1 = DVector::from_fn(h, |k, _| d_z.column(k).sum());
            let grad: Vec<f64> = g_w1
                .iter()
                .chain(g_b1.iter())
                .chain(g_w2.iter())
                .copied()
                .chain(std::iter::once(g_b2))
                .collect();
            t += 1;
            let c1 = 1.0 - b1a.powi(t);
            let c2 = 1.0 - b1b.powi(t);
            for k in 0..theta.len() {
                m[k] = b1a * m[k] + (1.0 - b1a) * grad[k];
                v[k] = b1b * v[k] + (1.0 - b1b) * grad[k] * grad[k];
                theta[k] -= params.learning_rate * (m[k] / c1) / ((v[k] / c2).sqrt() + 1e-8);
            }
        }
        let loss = eval(&theta);
        if loss < best.0 - 1e-10 {
            best = (loss, theta.clone(), epoch);
            since = 0;
        } else {
            since += 1;
            if since >= params.patience {
                break;
            }
        }
    }
    let (w1, b1, w2, b2) = lay.unpack(&best.1);
    FittedMlp {
        w1,
        b1,
        w2,
        b2,
        epochs,
        best_epoch: best.2,
        best_validation_loss: best.0,
    }
}
