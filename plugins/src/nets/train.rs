//! Training loops: Adam over seeded mini-batches (Cox partial likelihood for
//! the CT network, discrete-time NLL for the WSI network), and batched
//! scoring with the trained weights.
//!
//! Determinism: the weights are initialised after seeding the device with
//! `seed`, and the mini-batch order is drawn from a ChaCha8 stream of
//! `seed`; the same seed gives the same weights on the same build and
//! device.
//!
//! Devices: training runs on [`super::device::current`] (CPU unless
//! `--device` chose another backend); scoring runs on the device that holds
//! the model's weights (move a model with `Module::to_device`).

use super::NetError;
use super::ct::{ResNet3d, ResNet3dConfig};
use super::loss::{cox_partial_nll, discrete_nll, quantile_cuts, time_bins};
use super::wsi::{AttentionMil, AttentionMilConfig, risk_from_logits};
use burn::module::Module;
use burn::optim::{AdamConfig, GradientsParams};
use burn::tensor::{Device, Tensor, TensorData};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

/// Optimisation settings.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `epochs` | 10 | passes over the training set (the study: 100) |
/// | `learning_rate` | 1e-3 | Adam step size (the study: 1e-4 CT, 1e-3 WSI) |
/// | `batch_size` | 16 | patients per step for CT (risk sets are within a batch); WSI uses one bag per forward pass and averages the loss over `batch_size` bags per step |
/// | `seed` | 1 | weight initialisation and batch order |
#[derive(Debug, Clone, PartialEq)]
pub struct TrainParams {
    /// Passes over the data.
    pub epochs: usize,
    /// Adam learning rate.
    pub learning_rate: f64,
    /// Patients per optimisation step.
    pub batch_size: usize,
    /// Seed of initialisation and shuffling.
    pub seed: u64,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            epochs: 10,
            learning_rate: 1e-3,
            batch_size: 16,
            seed: 1,
        }
    }
}

impl TrainParams {
    fn check(&self) -> Result<(), NetError> {
        if self.epochs == 0 {
            return Err(NetError::Param {
                name: "epochs",
                value: "0".into(),
                reason: "must be at least 1",
            });
        }
        if self.batch_size < 2 {
            return Err(NetError::Param {
                name: "batch_size",
                value: self.batch_size.to_string(),
                reason: "must be at least 2",
            });
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return Err(NetError::Param {
                name: "learning_rate",
                value: self.learning_rate.to_string(),
                reason: "must be positive and finite",
            });
        }
        Ok(())
    }
}

/// One finished epoch, as passed to the progress observer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochReport {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Mean training loss over the epoch's steps.
    pub loss: f64,
    /// Wall-clock seconds the epoch took.
    pub seconds: f64,
}

/// A trained CT network and how training went.
#[derive(Debug)]
pub struct CtFit {
    /// The network with plain (non-autodiff) weights, ready to score.
    pub model: ResNet3d,
    /// Its architecture.
    pub config: ResNet3dConfig,
    /// One entry per epoch.
    pub history: Vec<EpochReport>,
}

/// A trained WSI network and how training went.
#[derive(Debug)]
pub struct WsiFit {
    /// The network with plain weights, ready to score.
    pub model: AttentionMil,
    /// Its architecture.
    pub config: AttentionMilConfig,
    /// Interior cut points of the time bins (training event-time quantiles).
    pub cuts: Vec<f64>,
    /// One entry per epoch.
    pub history: Vec<EpochReport>,
}

/// One patient's score: risk and embedding.
#[derive(Debug, Clone, PartialEq)]
pub struct NetScore {
    /// Risk score (higher = higher hazard).
    pub risk: f64,
    /// Embedding (pooled CT features or WSI slide vector).
    pub embedding: Vec<f32>,
}

fn check_outcomes(n_inputs: usize, time: &[f64], event: &[bool]) -> Result<(), NetError> {
    if n_inputs != time.len() || n_inputs != event.len() {
        return Err(NetError::LengthMismatch {
            inputs: n_inputs,
            outcomes: time.len().min(event.len()),
        });
    }
    if n_inputs < 2 {
        return Err(NetError::TooFewPatients { n: n_inputs });
    }
    if let Some((row, &value)) = time
        .iter()
        .enumerate()
        .find(|(_, t)| !(t.is_finite() && **t > 0.0))
    {
        return Err(NetError::BadTime { row, value });
    }
    if !event.iter().any(|&e| e) {
        return Err(NetError::NoEvents { n: n_inputs });
    }
    Ok(())
}

/// A seeded Fisher–Yates permutation of `0..n`.
fn permutation(rng: &mut ChaCha8Rng, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (rng.random::<u64>() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// The device holding a model's weights (scoring runs there), or the
/// selected device for a model without parameters.
fn model_device<M: Module>(model: &M) -> Device {
    model
        .devices()
        .into_iter()
        .next()
        .unwrap_or_else(super::device::current)
}

/// Stacks volumes `idx` into a `[b, 1, d, h, w]` tensor.
fn volume_batch(
    volumes: &[&[f32]],
    idx: &[usize],
    shape: [usize; 3],
    device: &Device,
) -> Tensor<5> {
    let mut buf = Vec::with_capacity(idx.len() * shape.iter().product::<usize>());
    for &i in idx {
        buf.extend_from_slice(volumes[i]);
    }
    let [d, h, w] = shape;
    Tensor::from_data(TensorData::new(buf, [idx.len(), 1, d, h, w]), device)
}

/// Trains the CT network on `volumes` (each `config.input` row-major) with
/// the Cox partial likelihood. `observer` is called after every epoch.
///
/// # Errors
/// [`NetError`] for mismatched lengths, wrong volume sizes, bad times, no
/// events, or invalid parameters.
pub fn fit_ct(
    config: &ResNet3dConfig,
    volumes: &[&[f32]],
    time: &[f64],
    event: &[bool],
    params: &TrainParams,
    observer: &mut dyn FnMut(&EpochReport),
) -> Result<CtFit, NetError> {
    params.check()?;
    check_outcomes(volumes.len(), time, event)?;
    let size: usize = config.input.iter().product();
    if let Some((row, v)) = volumes.iter().enumerate().find(|(_, v)| v.len() != size) {
        let [d, h, w] = config.input;
        return Err(NetError::InputSize {
            row,
            expected: size,
            found: v.len(),
            what: format!("{d}x{h}x{w} volume"),
        });
    }
    fit_ct_with(
        config,
        volumes.len(),
        &mut |_, i| volumes[i].to_vec(),
        time,
        event,
        params,
        observer,
    )
}

/// Trains the CT network on inputs made on demand: `input(epoch, patient)`
/// returns patient `patient`'s volume (`config.input` row-major) for the
/// 1-based `epoch` — the hook for training-time augmentation (see
/// [`super::preprocess::AugmentParams::draw`]). Otherwise as [`fit_ct`],
/// which calls this with fixed volumes.
///
/// # Errors
/// As [`fit_ct`]; a volume of the wrong size is reported when it is made.
pub fn fit_ct_with(
    config: &ResNet3dConfig,
    n_patients: usize,
    input: &mut dyn FnMut(usize, usize) -> Vec<f32>,
    time: &[f64],
    event: &[bool],
    params: &TrainParams,
    observer: &mut dyn FnMut(&EpochReport),
) -> Result<CtFit, NetError> {
    params.check()?;
    check_outcomes(n_patients, time, event)?;
    let size: usize = config.input.iter().product();
    let device = super::device::current().autodiff();
    device.seed(params.seed);
    let mut model = config.init(&device);
    let mut optim = AdamConfig::new().init();
    let mut rng = ChaCha8Rng::seed_from_u64(params.seed);
    let mut history = Vec::with_capacity(params.epochs);
    for epoch in 1..=params.epochs {
        let t0 = Instant::now();
        let order = permutation(&mut rng, n_patients);
        let (mut total, mut steps) = (0.0, 0usize);
        for idx in order.chunks(params.batch_size) {
            let bt: Vec<f64> = idx.iter().map(|&i| time[i]).collect();
            let be: Vec<bool> = idx.iter().map(|&i| event[i]).collect();
            let made: Vec<Vec<f32>> = idx.iter().map(|&i| input(epoch, i)).collect();
            if let Some((k, v)) = made.iter().enumerate().find(|(_, v)| v.len() != size) {
                let [d, h, w] = config.input;
                return Err(NetError::InputSize {
                    row: idx[k],
                    expected: size,
                    found: v.len(),
                    what: format!("{d}x{h}x{w} volume"),
                });
            }
            let refs: Vec<&[f32]> = made.iter().map(Vec::as_slice).collect();
            let all: Vec<usize> = (0..idx.len()).collect();
            let x = volume_batch(&refs, &all, config.input, &device);
            let (risk, _) = model.forward(x);
            let Some(loss) = cox_partial_nll(risk, &bt, &be) else {
                continue;
            };
            total += loss.clone().into_scalar::<f32>() as f64;
            steps += 1;
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            model = optim.step(params.learning_rate, model, grads);
        }
        let report = EpochReport {
            epoch,
            loss: if steps > 0 {
                total / steps as f64
            } else {
                f64::NAN
            },
            seconds: t0.elapsed().as_secs_f64(),
        };
        observer(&report);
        history.push(report);
    }
    Ok(CtFit {
        model: model.valid(),
        config: config.clone(),
        history,
    })
}

/// Scores volumes with a trained CT network, `batch` at a time.
///
/// # Errors
/// [`NetError::InputSize`] for a volume of the wrong size.
pub fn predict_ct(
    model: &ResNet3d,
    config: &ResNet3dConfig,
    volumes: &[&[f32]],
    batch: usize,
) -> Result<Vec<NetScore>, NetError> {
    let size: usize = config.input.iter().product();
    if let Some((row, v)) = volumes.iter().enumerate().find(|(_, v)| v.len() != size) {
        let [d, h, w] = config.input;
        return Err(NetError::InputSize {
            row,
            expected: size,
            found: v.len(),
            what: format!("{d}x{h}x{w} volume"),
        });
    }
    let device = model_device(model);
    let all: Vec<usize> = (0..volumes.len()).collect();
    let mut out = Vec::with_capacity(volumes.len());
    for idx in all.chunks(batch.max(1)) {
        let x = volume_batch(volumes, idx, config.input, &device);
        let (risk, emb) = model.forward(x);
        let risk = risk.into_data().try_to_vec::<f32>().unwrap_or_default();
        let dim = config.embedding_dim();
        let emb = emb.into_data().try_to_vec::<f32>().unwrap_or_default();
        for (k, r) in risk.iter().enumerate() {
            out.push(NetScore {
                risk: *r as f64,
                embedding: emb.get(k * dim..(k + 1) * dim).unwrap_or(&[]).to_vec(),
            });
        }
    }
    Ok(out)
}

fn bag_tensor(bag: &[f32], in_dim: usize, device: &Device) -> Tensor<2> {
    let n = bag.len() / in_dim.max(1);
    Tensor::from_data(TensorData::new(bag.to_vec(), [n, in_dim]), device)
}

fn check_bags(bags: &[&[f32]], in_dim: usize) -> Result<(), NetError> {
    if let Some((row, b)) = bags
        .iter()
        .enumerate()
        .find(|(_, b)| b.is_empty() || b.len() % in_dim != 0)
    {
        return Err(NetError::InputSize {
            row,
            expected: in_dim,
            found: b.len(),
            what: format!("bag of n_tiles x {in_dim} features (n_tiles >= 1)"),
        });
    }
    Ok(())
}

/// Trains the WSI network on tile bags (each `n_tiles × config.in_dim`
/// row-major) with the discrete-time NLL; the time bins are the quantiles
/// of the training event times.
///
/// # Errors
/// As [`fit_ct`].
pub fn fit_wsi(
    config: &AttentionMilConfig,
    bags: &[&[f32]],
    time: &[f64],
    event: &[bool],
    params: &TrainParams,
    observer: &mut dyn FnMut(&EpochReport),
) -> Result<WsiFit, NetError> {
    params.check()?;
    check_outcomes(bags.len(), time, event)?;
    check_bags(bags, config.in_dim)?;
    let cuts = quantile_cuts(time, event, config.n_bins);
    let bins = time_bins(time, &cuts);
    let device = super::device::current().autodiff();
    device.seed(params.seed);
    let mut model = config.init(&device);
    let mut optim = AdamConfig::new().init();
    let mut rng = ChaCha8Rng::seed_from_u64(params.seed);
    let mut history = Vec::with_capacity(params.epochs);
    for epoch in 1..=params.epochs {
        let t0 = Instant::now();
        let order = permutation(&mut rng, bags.len());
        let (mut total, mut steps) = (0.0, 0usize);
        for idx in order.chunks(params.batch_size) {
            // Bags differ in size: one forward pass per bag, logits stacked.
            let logits: Vec<Tensor<2>> = idx
                .iter()
                .map(|&i| {
                    model
                        .forward(bag_tensor(bags[i], config.in_dim, &device))
                        .logits
                })
                .collect();
            let logits = Tensor::cat(logits, 0);
            let bb: Vec<usize> = idx.iter().map(|&i| bins[i]).collect();
            let be: Vec<bool> = idx.iter().map(|&i| event[i]).collect();
            let loss = discrete_nll(logits, &bb, &be);
            total += loss.clone().into_scalar::<f32>() as f64;
            steps += 1;
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            model = optim.step(params.learning_rate, model, grads);
        }
        let report = EpochReport {
            epoch,
            loss: total / steps.max(1) as f64,
            seconds: t0.elapsed().as_secs_f64(),
        };
        observer(&report);
        history.push(report);
    }
    Ok(WsiFit {
        model: model.valid(),
        config: config.clone(),
        cuts,
        history,
    })
}

/// Scores tile bags with a trained WSI network.
///
/// # Errors
/// [`NetError::InputSize`] for an empty bag or a wrong feature length.
pub fn predict_wsi(
    model: &AttentionMil,
    config: &AttentionMilConfig,
    bags: &[&[f32]],
) -> Result<Vec<NetScore>, NetError> {
    check_bags(bags, config.in_dim)?;
    let device = model_device(model);
    bags.iter()
        .map(|bag| {
            let out = model.forward(bag_tensor(bag, config.in_dim, &device));
            let logits = out
                .logits
                .into_data()
                .try_to_vec::<f32>()
                .unwrap_or_default();
            Ok(NetScore {
                risk: risk_from_logits(&logits),
                embedding: out
                    .embedding
                    .into_data()
                    .try_to_vec::<f32>()
                    .unwrap_or_default(),
            })
        })
        .collect()
}
