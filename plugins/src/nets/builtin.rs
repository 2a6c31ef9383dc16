//! The reference networks as built-in plugins, and their model folders.
//!
//! `prognos train ct|wsi --out DIR` writes a model folder:
//!
//! | File | Content |
//! |---|---|
//! | `model.json` | the [`ModelCard`]: kind, plugin name, architecture, time-bin cuts, training summary |
//! | `weights.bpk` | the weights as a burn record (burnpack format) |
//!
//! A folder is scored through [`BuiltinModel`], which implements the same
//! [`Scorer`] interface as a plugin library, so `prognos plugin run --plugin
//! DIR` (or `--plugin ct-resnet3d --config DIR`) uses it like any plugin.

use super::NetError;
use super::ct::{ResNet3d, ResNet3dConfig};
use super::train::{CtFit, EpochReport, WsiFit, predict_ct, predict_wsi};
use super::wsi::{AttentionMil, AttentionMilConfig};
use crate::abi::{ABI_VERSION, InputKind, Modality};
use crate::loader::{PluginError, PluginInfo, Scorer};
use crate::sdk::{Input, Prediction};
use burn::module::Module;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Built-in plugin name of the CT network.
pub const CT_NAME: &str = "ct-resnet3d";
/// Built-in plugin name of the WSI network.
pub const WSI_NAME: &str = "wsi-abmil";
/// Version of the built-in networks.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// Name of the model card inside a model folder.
pub const CARD_FILE: &str = "model.json";
/// Name of the weights file inside a model folder.
pub const WEIGHTS_FILE: &str = "weights.bpk";

/// Which reference network a model folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NetKind {
    /// The CT 3D ResNet.
    Ct,
    /// The WSI gated-attention MIL network.
    Wsi,
}

/// Training summary stored with the weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingSummary {
    /// Patients trained on.
    pub n: usize,
    /// Events among them.
    pub events: usize,
    /// Epochs run.
    pub epochs: usize,
    /// Seed.
    pub seed: u64,
    /// Adam learning rate.
    pub learning_rate: f64,
    /// Batch size.
    pub batch_size: usize,
    /// Mean loss of each epoch.
    pub loss: Vec<f64>,
    /// Seconds of each epoch.
    pub epoch_seconds: Vec<f64>,
}

impl TrainingSummary {
    /// Builds the summary from a fit's history.
    pub fn new(
        event: &[bool],
        params: &super::train::TrainParams,
        history: &[EpochReport],
    ) -> Self {
        TrainingSummary {
            n: event.len(),
            events: event.iter().filter(|&&e| e).count(),
            epochs: history.len(),
            seed: params.seed,
            learning_rate: params.learning_rate,
            batch_size: params.batch_size,
            loss: history.iter().map(|h| h.loss).collect(),
            epoch_seconds: history.iter().map(|h| h.seconds).collect(),
        }
    }
}

/// `model.json`: everything needed to rebuild the network around its weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelCard {
    /// Which network.
    pub kind: NetKind,
    /// Plugin name it answers to.
    pub name: String,
    /// prognos version that trained it.
    pub version: String,
    /// CT architecture (for `kind = ct`).
    pub ct: Option<ResNet3dConfig>,
    /// WSI architecture (for `kind = wsi`).
    pub wsi: Option<AttentionMilConfig>,
    /// Time-bin cut points (WSI).
    pub cuts: Vec<f64>,
    /// How it was trained.
    pub training: Option<TrainingSummary>,
    /// The CT preprocessing of its training inputs when they were NIfTI
    /// image + mask pairs (`prognos plugin run` applies the same to such
    /// manifests); `None` for networks trained on ready-made arrays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ct_preprocess: Option<super::preprocess::CtPreprocessParams>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> NetError + '_ {
    move |source| NetError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn write_card(dir: &Path, card: &ModelCard) -> Result<(), NetError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let path = dir.join(CARD_FILE);
    let text = serde_json::to_string_pretty(card).map_err(|source| NetError::Card {
        path: path.clone(),
        source,
    })?;
    std::fs::write(&path, text).map_err(io(&path))
}

fn weights_error(path: &Path, e: impl std::fmt::Display) -> NetError {
    NetError::Weights {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// Writes a trained CT network to `dir` (created if needed).
///
/// # Errors
/// [`NetError::Io`] / [`NetError::Weights`].
pub fn save_ct(dir: &Path, fit: &CtFit, training: Option<TrainingSummary>) -> Result<(), NetError> {
    save_ct_with(dir, fit, training, None)
}

/// As [`save_ct`], recording the CT preprocessing of the training inputs
/// in the model card.
///
/// # Errors
/// [`NetError::Io`] / [`NetError::Weights`].
pub fn save_ct_with(
    dir: &Path,
    fit: &CtFit,
    training: Option<TrainingSummary>,
    ct_preprocess: Option<super::preprocess::CtPreprocessParams>,
) -> Result<(), NetError> {
    let card = ModelCard {
        kind: NetKind::Ct,
        name: CT_NAME.into(),
        version: VERSION.into(),
        ct: Some(fit.config.clone()),
        wsi: None,
        cuts: Vec::new(),
        training,
        ct_preprocess,
    };
    write_card(dir, &card)?;
    let path = dir.join(WEIGHTS_FILE);
    fit.model
        .clone()
        .save_file(&path)
        .map_err(|e| weights_error(&path, e))
}

/// Writes a trained WSI network to `dir` (created if needed).
///
/// # Errors
/// [`NetError::Io`] / [`NetError::Weights`].
pub fn save_wsi(
    dir: &Path,
    fit: &WsiFit,
    training: Option<TrainingSummary>,
) -> Result<(), NetError> {
    let card = ModelCard {
        kind: NetKind::Wsi,
        name: WSI_NAME.into(),
        version: VERSION.into(),
        ct: None,
        wsi: Some(fit.config.clone()),
        cuts: fit.cuts.clone(),
        training,
        ct_preprocess: None,
    };
    write_card(dir, &card)?;
    let path = dir.join(WEIGHTS_FILE);
    fit.model
        .clone()
        .save_file(&path)
        .map_err(|e| weights_error(&path, e))
}

/// Whether `dir` looks like a model folder (has a `model.json`).
pub fn is_model_dir(dir: &Path) -> bool {
    dir.join(CARD_FILE).is_file()
}

/// A network loaded from a model folder.
#[derive(Debug)]
enum Net {
    Ct(ResNet3d, ResNet3dConfig),
    Wsi(AttentionMil, AttentionMilConfig),
}

/// A built-in reference network with trained weights, usable as a [`Scorer`].
#[derive(Debug)]
pub struct BuiltinModel {
    info: PluginInfo,
    card: ModelCard,
    net: Net,
}

/// The declarations of the built-in plugins (path `None`), as `plugin list`
/// shows them.
pub fn builtin_infos() -> Vec<PluginInfo> {
    let ct = ResNet3dConfig::default();
    let wsi = AttentionMilConfig::default();
    vec![ct_info(&ct), wsi_info(&wsi)]
}

fn ct_info(c: &ResNet3dConfig) -> PluginInfo {
    PluginInfo {
        name: CT_NAME.into(),
        version: VERSION.into(),
        abi: ABI_VERSION,
        modality: Modality::Ct,
        input: InputKind::Volume,
        input_shape: c.input.iter().map(|&s| Some(s)).collect(),
        embedding_dim: c.embedding_dim(),
        path: None,
    }
}

fn wsi_info(c: &AttentionMilConfig) -> PluginInfo {
    PluginInfo {
        name: WSI_NAME.into(),
        version: VERSION.into(),
        abi: ABI_VERSION,
        modality: Modality::Wsi,
        input: InputKind::TileBag,
        input_shape: vec![None, Some(c.in_dim)],
        embedding_dim: c.hidden,
        path: None,
    }
}

impl BuiltinModel {
    /// Loads the model folder `dir`.
    ///
    /// # Errors
    /// [`NetError::Io`], [`NetError::Card`] or [`NetError::Weights`] (also
    /// when the weights do not fit the card's architecture).
    pub fn load(dir: &Path) -> Result<Self, NetError> {
        let card_path = dir.join(CARD_FILE);
        let text = std::fs::read_to_string(&card_path).map_err(io(&card_path))?;
        let card: ModelCard = serde_json::from_str(&text).map_err(|source| NetError::Card {
            path: card_path.clone(),
            source,
        })?;
        let weights = dir.join(WEIGHTS_FILE);
        let device = super::device::current();
        let missing = |what: &str| NetError::Weights {
            path: card_path.clone(),
            reason: format!(
                "kind is {:?} but the `{what}` architecture is missing",
                card.kind
            ),
        };
        let (net, info) = match card.kind {
            NetKind::Ct => {
                let c = card.ct.clone().ok_or_else(|| missing("ct"))?;
                let m = c
                    .init(&device)
                    .try_load_file(&weights)
                    .map_err(|e| weights_error(&weights, e))?;
                let info = ct_info(&c);
                (Net::Ct(m, c), info)
            }
            NetKind::Wsi => {
                let c = card.wsi.clone().ok_or_else(|| missing("wsi"))?;
                let m = c
                    .init(&device)
                    .try_load_file(&weights)
                    .map_err(|e| weights_error(&weights, e))?;
                let info = wsi_info(&c);
                (Net::Wsi(m, c), info)
            }
        };
        let info = PluginInfo {
            path: Some(PathBuf::from(dir)),
            ..info
        };
        Ok(BuiltinModel { info, card, net })
    }

    /// The model card.
    pub fn card(&self) -> &ModelCard {
        &self.card
    }
}

impl Scorer for BuiltinModel {
    fn info(&self) -> &PluginInfo {
        &self.info
    }

    fn score(&mut self, input: &Input<'_>) -> Result<Prediction, PluginError> {
        self.info.check_input(input)?;
        let plugin = self.info.name.clone();
        let scores = match &self.net {
            Net::Ct(m, c) => predict_ct(m, c, &[input.data], 1),
            Net::Wsi(m, c) => predict_wsi(m, c, &[input.data]),
        }
        .map_err(|e| PluginError::Predict {
            plugin,
            message: e.to_string(),
        })?;
        let s = scores.into_iter().next().unwrap_or(super::train::NetScore {
            risk: f64::NAN,
            embedding: Vec::new(),
        });
        let p = Prediction {
            risk: s.risk,
            embedding: s.embedding,
        };
        self.info.check_output(&p)?;
        Ok(p)
    }
}
