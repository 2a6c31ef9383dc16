//! The WSI network: gated-attention multiple-instance learning over a bag
//! of tile features, with a discrete-time survival head.
//!
//! As in the study (and CLAM, Lu et al. 2021), each tile's 1024-dimensional
//! ResNet50 feature is mapped to 512 dimensions by a linear encoder (ReLU);
//! gated attention (Ilse et al. 2018)
//! `aₖ = softmax_k(wᵀ(tanh(V hₖ) ⊙ σ(U hₖ)))` weighs the tiles; the
//! slide vector `z = Σₖ aₖ hₖ` (the embedding) goes through a linear layer to
//! `n_bins` hazard logits of a discrete-time survival model
//! (Zadeh & Schmid 2021), trained with its negative log-likelihood
//! ([`super::loss::discrete_nll`]). The risk score is `−Σⱼ S(j)`, minus the
//! sum of the predicted survival over the bins (higher = shorter survival).

use burn::module::Module;
use burn::nn::{Linear, LinearConfig};
use burn::tensor::activation::{relu, sigmoid, softmax, tanh};
use burn::tensor::{Device, Tensor};
use serde::{Deserialize, Serialize};

/// Shape and size of an [`AttentionMil`].
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `in_dim` | 1024 | tile feature length (ResNet50 after the third block) |
/// | `hidden` | 512 | encoder width = embedding length |
/// | `attention` | 256 | width of the gated-attention layers |
/// | `n_bins` | 4 | discrete survival intervals (quartiles of event times) |
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttentionMilConfig {
    /// Tile feature length.
    pub in_dim: usize,
    /// Encoder width.
    pub hidden: usize,
    /// Attention width.
    pub attention: usize,
    /// Number of time bins.
    pub n_bins: usize,
}

impl Default for AttentionMilConfig {
    fn default() -> Self {
        AttentionMilConfig {
            in_dim: 1024,
            hidden: 512,
            attention: 256,
            n_bins: 4,
        }
    }
}

/// The gated-attention MIL network; build with [`AttentionMilConfig::init`].
#[derive(Module, Debug)]
pub struct AttentionMil {
    encoder: Linear,
    attn_v: Linear,
    attn_u: Linear,
    attn_w: Linear,
    head: Linear,
}

/// One bag's outputs.
#[derive(Debug, Clone)]
pub struct MilOutput {
    /// Hazard logits `[1, n_bins]`.
    pub logits: Tensor<2>,
    /// Attention weights `[1, n_tiles]` (sum to 1).
    pub attention: Tensor<2>,
    /// Slide embedding `[1, hidden]`.
    pub embedding: Tensor<2>,
}

impl AttentionMilConfig {
    /// Builds the network with freshly initialised weights on `device`.
    pub fn init(&self, device: &Device) -> AttentionMil {
        AttentionMil {
            encoder: LinearConfig::new(self.in_dim, self.hidden).init(device),
            attn_v: LinearConfig::new(self.hidden, self.attention).init(device),
            attn_u: LinearConfig::new(self.hidden, self.attention).init(device),
            attn_w: LinearConfig::new(self.attention, 1).init(device),
            head: LinearConfig::new(self.hidden, self.n_bins).init(device),
        }
    }
}

impl AttentionMil {
    /// Scores one bag `[n_tiles, in_dim]`.
    pub fn forward(&self, bag: Tensor<2>) -> MilOutput {
        let h = relu(self.encoder.forward(bag)); // [n, hidden]
        let gate = tanh(self.attn_v.forward(h.clone())) * sigmoid(self.attn_u.forward(h.clone()));
        let scores = self.attn_w.forward(gate); // [n, 1]
        let attention = softmax(scores.swap_dims(0, 1), 1); // [1, n]
        let embedding = attention.clone().matmul(h); // [1, hidden]
        let logits = self.head.forward(embedding.clone());
        MilOutput {
            logits,
            attention,
            embedding,
        }
    }
}

/// The risk score `−Σⱼ S(j)` from hazard logits, `S(j) = Πₖ≤ⱼ (1 − σ(logitₖ))`.
pub fn risk_from_logits(logits: &[f32]) -> f64 {
    let mut s = 1.0f64;
    let mut total = 0.0;
    for &l in logits {
        let h = 1.0 / (1.0 + (-(l as f64)).exp());
        s *= 1.0 - h;
        total += s;
    }
    -total
}
