//! The CT network: a 3D ResNet over a `depth × height × width` region of
//! interest (14 × 54 × 54 in the study), ending in a linear risk head.
//!
//! Architecture (He et al. 2016, with 3D kernels as in Hara et al. 2018):
//!
//! | Stage | Layers | Output (14×54×54 input, width w) |
//! |---|---|---|
//! | stem | conv 3³, stride (1,2,2) → norm → ReLU | w × 14×27×27 |
//! | stage s (s = 0..) | `blocks[s]` basic blocks (two conv 3³ + identity or 1³ projection shortcut); stride 2 in the first block of every stage after the first | w·2ˢ × … |
//! | head | global average pool → linear → 1 | risk (log relative hazard) |
//!
//! The pooled vector is the embedding. Departures from the paper's
//! ResNet50, stated: basic (not bottleneck) blocks and a configurable
//! `blocks`/`width` (ResNet50's stage depths are `[3, 4, 6, 3]` with
//! bottlenecks and width 64); **group normalisation** (Wu & He 2018) instead
//! of batch normalisation, because Cox mini-batches are small and batch
//! statistics would differ between training and scoring; and the risk is the
//! linear head's output, not a sigmoid of it (a monotone map: the C-index is
//! unchanged, and the Cox loss is not capped).

use burn::module::Module;
use burn::nn::conv::{Conv3d, Conv3dConfig};
use burn::nn::pool::{AdaptiveAvgPool3d, AdaptiveAvgPool3dConfig};
use burn::nn::{GroupNorm, GroupNormConfig, Linear, LinearConfig, PaddingConfig3d};
use burn::tensor::activation::relu;
use burn::tensor::{Device, Tensor};
use serde::{Deserialize, Serialize};

/// Shape and size of a [`ResNet3d`].
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `input` | `[14, 54, 54]` | volume depth, height, width (voxels) |
/// | `width` | 8 | channels of the stem and first stage (doubling per stage) |
/// | `blocks` | `[1, 1, 1]` | basic blocks per stage (ResNet-10-like); `[2, 2, 2, 2]` ≈ ResNet-18 |
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResNet3dConfig {
    /// Volume depth, height, width.
    pub input: [usize; 3],
    /// Channels of the first stage.
    pub width: usize,
    /// Basic blocks per stage.
    pub blocks: Vec<usize>,
}

impl Default for ResNet3dConfig {
    fn default() -> Self {
        ResNet3dConfig {
            input: [14, 54, 54],
            width: 8,
            blocks: vec![1, 1, 1],
        }
    }
}

/// Group count for a group norm over `c` channels (4 groups when possible).
fn groups(c: usize) -> usize {
    if c.is_multiple_of(4) { 4 } else { 1 }
}

fn conv3(c_in: usize, c_out: usize, stride: [usize; 3], device: &Device) -> Conv3d {
    Conv3dConfig::new([c_in, c_out], [3, 3, 3])
        .with_stride(stride)
        .with_padding(PaddingConfig3d::Explicit(1, 1, 1))
        .with_bias(false)
        .init(device)
}

/// A basic residual block: two 3³ convolutions with a shortcut.
#[derive(Module, Debug)]
pub struct BasicBlock {
    conv1: Conv3d,
    norm1: GroupNorm,
    conv2: Conv3d,
    norm2: GroupNorm,
    /// 1³ projection when the shape changes (stride or channels).
    shortcut: Option<Conv3d>,
}

impl BasicBlock {
    fn new(c_in: usize, c_out: usize, stride: usize, device: &Device) -> Self {
        let s = [stride; 3];
        let shortcut = (stride != 1 || c_in != c_out).then(|| {
            Conv3dConfig::new([c_in, c_out], [1, 1, 1])
                .with_stride(s)
                .with_bias(false)
                .init(device)
        });
        BasicBlock {
            conv1: conv3(c_in, c_out, s, device),
            norm1: GroupNormConfig::new(groups(c_out), c_out).init(device),
            conv2: conv3(c_out, c_out, [1, 1, 1], device),
            norm2: GroupNormConfig::new(groups(c_out), c_out).init(device),
            shortcut,
        }
    }

    fn forward(&self, x: Tensor<5>) -> Tensor<5> {
        let identity = match &self.shortcut {
            Some(proj) => proj.forward(x.clone()),
            None => x.clone(),
        };
        let y = relu(self.norm1.forward(self.conv1.forward(x)));
        let y = self.norm2.forward(self.conv2.forward(y));
        relu(y + identity)
    }
}

/// The CT 3D ResNet; build with [`ResNet3dConfig::init`].
#[derive(Module, Debug)]
pub struct ResNet3d {
    stem: Conv3d,
    stem_norm: GroupNorm,
    blocks: Vec<BasicBlock>,
    pool: AdaptiveAvgPool3d,
    head: Linear,
}

impl ResNet3dConfig {
    /// Channels of the embedding (the last stage's width).
    pub fn embedding_dim(&self) -> usize {
        self.width << self.blocks.len().saturating_sub(1)
    }

    /// Builds the network with freshly initialised weights on `device`
    /// (seed the device first for reproducible weights).
    pub fn init(&self, device: &Device) -> ResNet3d {
        let w = self.width.max(1);
        let stem = Conv3dConfig::new([1, w], [3, 3, 3])
            .with_stride([1, 2, 2])
            .with_padding(PaddingConfig3d::Explicit(1, 1, 1))
            .with_bias(false)
            .init(device);
        let mut blocks = Vec::new();
        let mut c_in = w;
        for (stage, &n) in self.blocks.iter().enumerate() {
            let c_out = w << stage;
            for b in 0..n.max(1) {
                let stride = if stage > 0 && b == 0 { 2 } else { 1 };
                blocks.push(BasicBlock::new(c_in, c_out, stride, device));
                c_in = c_out;
            }
        }
        ResNet3d {
            stem,
            stem_norm: GroupNormConfig::new(groups(w), w).init(device),
            blocks,
            pool: AdaptiveAvgPool3dConfig::new([1, 1, 1]).init(),
            head: LinearConfig::new(c_in, 1).init(device),
        }
    }
}

impl ResNet3d {
    /// Embeddings `[batch, channels]` of volumes `[batch, 1, depth, height, width]`.
    pub fn embed(&self, x: Tensor<5>) -> Tensor<2> {
        let mut y = relu(self.stem_norm.forward(self.stem.forward(x)));
        for block in &self.blocks {
            y = block.forward(y);
        }
        let [b, c, _, _, _] = y.dims();
        self.pool.forward(y).reshape([b, c])
    }

    /// Risk scores `[batch]` and embeddings `[batch, channels]`.
    pub fn forward(&self, x: Tensor<5>) -> (Tensor<1>, Tensor<2>) {
        let emb = self.embed(x);
        let [b, _] = emb.dims();
        let risk = self.head.forward(emb.clone()).reshape([b]);
        (risk, emb)
    }
}
