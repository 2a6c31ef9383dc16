//! `prognos train ct|wsi`: train a reference network on a manifest and write
//! a model folder usable as a plugin (`prognos plugin run --plugin DIR`).
//!
//! Manifest: a CSV with a header and the columns `patient_id`, `path` (one
//! `.npy` per patient: a `depth × height × width` volume for `ct`, an
//! `n_tiles × dim` tile-feature bag for `wsi`; `.nii`/`.nii.gz` volumes are
//! read as stored) or, for `ct`, `image` and `mask` (a NIfTI CT volume in HU
//! and its tumour mask, preprocessed as the study to `--roi`, default
//! 14,54,54; `--augment` adds seeded random flips, crop shifts and scales
//! per epoch), and the `--time` and `--event` columns (time > 0; event 0/1 or true/false). Relative paths are
//! read from the manifest's folder. All volumes must share one shape (the
//! network's input size, 14 × 54 × 54 in the study); all bags one feature
//! length.
//!
//! Output folder: `model.json` (architecture, time bins, training summary)
//! and `weights.bpk` (burn record).

use super::common::{Common, FitTimer, Output};
use super::plugin::{InputColumns, read_input, squeeze_to};
use anyhow::{Context, anyhow, bail};
use prognos_plugins::nets::builtin::{TrainingSummary, save_ct_with, save_wsi};
use prognos_plugins::nets::ct::ResNet3dConfig;
use prognos_plugins::nets::preprocess::{
    AugmentParams, CtPreprocessParams, Prepared, load_ct_pair,
};
use prognos_plugins::nets::train::{
    EpochReport, TrainParams, fit_ct, fit_ct_with, fit_wsi, predict_ct, predict_wsi,
};
use prognos_plugins::nets::wsi::AttentionMilConfig;
use serde_json::json;
use std::path::{Path, PathBuf};

/// Which network to train.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetChoice {
    /// CT 3D ResNet (volumes).
    Ct,
    /// WSI gated-attention MIL (tile-feature bags).
    Wsi,
}

/// `prognos train`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// ct or wsi.
    #[arg(value_enum)]
    pub net: NetChoice,
    /// CSV with columns patient_id, path, and the time and event columns.
    #[arg(long)]
    pub manifest: PathBuf,
    /// Follow-up time column.
    #[arg(long)]
    pub time: String,
    /// Event column (0/1 or true/false).
    #[arg(long)]
    pub event: String,
    /// Passes over the data.
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Seed of weight initialisation and batch order.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output model folder.
    #[arg(long)]
    pub out: PathBuf,
    /// Adam learning rate.
    #[arg(long = "learning-rate", default_value_t = 1e-3)]
    pub learning_rate: f64,
    /// Patients per optimisation step.
    #[arg(long = "batch-size", default_value_t = 16)]
    pub batch_size: usize,
    /// CT: channels of the first stage.
    #[arg(long, default_value_t = 8)]
    pub width: usize,
    /// CT: basic blocks per stage, comma-separated.
    #[arg(long, default_value = "1,1,1")]
    pub blocks: String,
    /// WSI: encoder width (embedding length).
    #[arg(long, default_value_t = 512)]
    pub hidden: usize,
    /// WSI: attention width.
    #[arg(long, default_value_t = 256)]
    pub attention: usize,
    /// CT image + mask manifests: network input D,H,W after preprocessing.
    #[arg(long, default_value = "14,54,54")]
    pub roi: String,
    /// CT image + mask manifests: training-time augmentation (random flips,
    /// crop shift up to 3 voxels, crop scale 0.9-1.1; seeded by --seed).
    #[arg(long)]
    pub augment: bool,
    /// WSI: number of discrete time bins.
    #[arg(long, default_value_t = 4)]
    pub bins: usize,
    /// Backend: cpu, flex, cuda or wgpu (the GPU ones only in builds with
    /// the plugins crate's `cuda`/`wgpu` features).
    #[arg(long, default_value = "cpu")]
    pub device: String,
    /// Shared flags.
    #[command(flatten)]
    pub common: Common,
}

struct Cohort {
    ids: Vec<String>,
    inputs: Vec<Vec<f32>>,
    shapes: Vec<Vec<usize>>,
    time: Vec<f64>,
    event: Vec<bool>,
    /// CT image + mask rows, windowed and resampled (kept for augmentation).
    prepared: Vec<Prepared>,
}

/// The CT preprocessing of `--roi` (the study's defaults otherwise).
fn ct_params(a: &Args) -> anyhow::Result<CtPreprocessParams> {
    let roi: Vec<usize> = super::common::split_list(&a.roi)
        .iter()
        .map(|b| b.parse::<usize>().ok().filter(|&v| v > 0))
        .collect::<Option<_>>()
        .filter(|v: &Vec<usize>| v.len() == 3)
        .ok_or_else(|| anyhow!("--roi: '{}' is not three positive integers D,H,W", a.roi))?;
    Ok(CtPreprocessParams {
        output: [roi[0], roi[1], roi[2]],
        ..Default::default()
    })
}

fn parse_event(s: &str) -> Option<bool> {
    match s.trim() {
        "1" | "true" | "TRUE" | "True" => Some(true),
        "0" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

fn read_cohort(a: &Args, ndim: usize) -> anyhow::Result<Cohort> {
    let path = &a.manifest;
    let mut rdr = csv::Reader::from_path(path)
        .with_context(|| format!("cannot read manifest {}", path.display()))?;
    let headers = rdr.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| anyhow!("manifest {}: no column '{name}'", path.display()))
    };
    let (ic, tc, ec) = (col("patient_id")?, col(&a.time)?, col(&a.event)?);
    let inputs = InputColumns::find(&headers, path)?;
    if matches!(inputs, InputColumns::ImageMask(..)) && a.net != NetChoice::Ct {
        bail!(
            "manifest {}: 'image' and 'mask' columns are CT inputs; train wsi needs a 'path' column",
            path.display()
        );
    }
    let ct = ct_params(a)?;
    let augment = a.augment.then(AugmentParams::default);
    let base = path.parent().unwrap_or(Path::new("."));
    let mut c = Cohort {
        ids: Vec::new(),
        inputs: Vec::new(),
        shapes: Vec::new(),
        time: Vec::new(),
        event: Vec::new(),
        prepared: Vec::new(),
    };
    for (row, rec) in rdr.records().enumerate() {
        let rec = rec.with_context(|| format!("manifest {}: row {row}", path.display()))?;
        let get = |i: usize| rec.get(i).unwrap_or("").trim();
        let t: f64 = get(tc)
            .parse()
            .ok()
            .filter(|t: &f64| t.is_finite() && *t > 0.0)
            .ok_or_else(|| {
                anyhow!(
                    "column '{}' row {row}: '{}' is not a positive number",
                    a.time,
                    get(tc)
                )
            })?;
        let e = parse_event(get(ec)).ok_or_else(|| {
            anyhow!(
                "column '{}' row {row}: '{}' is not 0/1/true/false",
                a.event,
                get(ec)
            )
        })?;
        let (p, mask) = inputs.paths(&rec, base, path, row)?;
        let (shape, data) = if let Some(mask) = mask {
            let prep = load_ct_pair(&p, &mask, &ct, augment.as_ref())
                .with_context(|| format!("manifest row {row} (patient {})", get(ic)))?;
            let v = prep.input(&ct, None);
            c.prepared.push(prep);
            (v.shape.to_vec(), v.data)
        } else {
            read_input(&p, None, None)
                .with_context(|| format!("manifest row {row} (patient {})", get(ic)))?
        };
        let shape = squeeze_to(shape, ndim);
        if shape.len() != ndim {
            bail!(
                "manifest row {row} (patient {}): {} has shape {:?}, expected {ndim} dimensions",
                get(ic),
                p.display(),
                shape
            );
        }
        c.ids.push(get(ic).to_string());
        c.inputs.push(data);
        c.shapes.push(shape);
        c.time.push(t);
        c.event.push(e);
    }
    if c.ids.is_empty() {
        bail!("manifest {}: no rows", path.display());
    }
    Ok(c)
}

/// Runs `prognos train`.
pub fn run(a: &Args) -> anyhow::Result<Output> {
    let ndim = match a.net {
        NetChoice::Ct => 3,
        NetChoice::Wsi => 2,
    };
    let c = read_cohort(a, ndim)?;
    super::plugin::select_device(&a.device)?;
    let params = TrainParams {
        epochs: a.epochs,
        learning_rate: a.learning_rate,
        batch_size: a.batch_size,
        seed: a.seed,
    };
    let inputs: Vec<&[f32]> = c.inputs.iter().map(Vec::as_slice).collect();
    let timer = FitTimer::start();
    let mut observer = |_: &EpochReport| {};
    let (history, risk) = match a.net {
        NetChoice::Ct => {
            let s = &c.shapes[0];
            if let Some(row) = c.shapes.iter().position(|x| x != s) {
                bail!(
                    "manifest row {row} (patient {}): volume shape {:?} differs from the first row's {:?}",
                    c.ids[row],
                    c.shapes[row],
                    s
                );
            }
            let blocks: Vec<usize> = super::common::split_list(&a.blocks)
                .iter()
                .map(|b| b.parse::<usize>().ok().filter(|&v| v > 0))
                .collect::<Option<_>>()
                .ok_or_else(|| {
                    anyhow!(
                        "--blocks: '{}' is not a list of positive integers",
                        a.blocks
                    )
                })?;
            let config = ResNet3dConfig {
                input: [s[0], s[1], s[2]],
                width: a.width,
                blocks,
            };
            let fit = if a.augment && !c.prepared.is_empty() {
                // A new crop shift / scale / flip per (seed, epoch, patient).
                let ct = ct_params(a)?;
                let aug = AugmentParams::default();
                let mut make = |epoch: usize, i: usize| {
                    let d = aug.draw(a.seed, epoch, i);
                    c.prepared[i].input(&ct, Some(&d)).data
                };
                fit_ct_with(
                    &config,
                    c.ids.len(),
                    &mut make,
                    &c.time,
                    &c.event,
                    &params,
                    &mut observer,
                )?
            } else {
                fit_ct(&config, &inputs, &c.time, &c.event, &params, &mut observer)?
            };
            let risk = predict_ct(&fit.model, &fit.config, &inputs, 8)?;
            save_ct_with(
                &a.out,
                &fit,
                Some(TrainingSummary::new(&c.event, &params, &fit.history)),
                (!c.prepared.is_empty()).then(|| ct_params(a)).transpose()?,
            )?;
            (fit.history, risk)
        }
        NetChoice::Wsi => {
            let dim = c.shapes[0][1];
            if let Some(row) = c.shapes.iter().position(|x| x[1] != dim) {
                bail!(
                    "manifest row {row} (patient {}): tile features of length {} differ from the first row's {dim}",
                    c.ids[row],
                    c.shapes[row][1]
                );
            }
            let config = AttentionMilConfig {
                in_dim: dim,
                hidden: a.hidden,
                attention: a.attention,
                n_bins: a.bins,
            };
            let fit = fit_wsi(&config, &inputs, &c.time, &c.event, &params, &mut observer)?;
            let risk = predict_wsi(&fit.model, &fit.config, &inputs)?;
            save_wsi(
                &a.out,
                &fit,
                Some(TrainingSummary::new(&c.event, &params, &fit.history)),
            )?;
            (fit.history, risk)
        }
    };
    let fit_s = timer.seconds();
    let scores: Vec<f64> = risk.iter().map(|r| r.risk).collect();
    let cindex = prognos_survival::concordance::harrell(&c.time, &c.event, &scores, None, None)
        .ok()
        .map(|h| h.c);
    let loss: Vec<f64> = history.iter().map(|h| h.loss).collect();
    let secs: Vec<f64> = history.iter().map(|h| h.seconds).collect();
    let mut text = format!(
        "trained {} on {} patients ({} events), {} epochs, seed {}\n epoch      loss   seconds\n",
        match a.net {
            NetChoice::Ct => "ct-resnet3d",
            NetChoice::Wsi => "wsi-abmil",
        },
        c.ids.len(),
        c.event.iter().filter(|&&e| e).count(),
        a.epochs,
        a.seed
    );
    for h in &history {
        text.push_str(&format!(
            "{:>6} {:>9.5} {:>9.3}\n",
            h.epoch, h.loss, h.seconds
        ));
    }
    if let Some(ci) = cindex {
        text.push_str(&format!("training C-index: {ci:.4}\n"));
    }
    text.push_str(&format!("model folder: {}\n", a.out.display()));
    Ok(Output {
        json: json!({
            "net": match a.net { NetChoice::Ct => "ct", NetChoice::Wsi => "wsi" },
            "n": c.ids.len(),
            "events": c.event.iter().filter(|&&e| e).count(),
            "epochs": a.epochs,
            "seed": a.seed,
            "device": prognos_plugins::nets::device::selected().name(),
            "loss": loss.iter().map(|l| if l.is_finite() { json!(l) } else { json!(null) }).collect::<Vec<_>>(),
            "epoch_seconds": secs,
            "cindex_train": cindex,
            "out": a.out.display().to_string(),
        }),
        text,
        fit_s,
    })
}
