//! Intensity normalisation of the cropped region, and flips.

use crate::nifti::Volume;
use serde::{Deserialize, Serialize};

/// How the cropped, windowed region is normalised before resizing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Normalise {
    /// z-score over the cropped region: `(v − mean) / sd` (population sd;
    /// a constant region becomes all zeros). The default.
    #[default]
    Zscore,
    /// Keep the fixed window's `[0, 1]` scale.
    Window,
}

/// Applies `how` to `vol` in place.
pub fn normalise(vol: &mut Volume, how: Normalise) {
    if how == Normalise::Window || vol.data.is_empty() {
        return;
    }
    let n = vol.data.len() as f64;
    let mean = vol.data.iter().map(|&v| v as f64).sum::<f64>() / n;
    let var = vol
        .data
        .iter()
        .map(|&v| (v as f64 - mean).powi(2))
        .sum::<f64>()
        / n;
    let sd = var.sqrt();
    let scale = if sd > 1e-8 { 1.0 / sd } else { 0.0 };
    for v in &mut vol.data {
        *v = ((*v as f64 - mean) * scale) as f32;
    }
}

/// Reverses `vol` along every axis `k` with `axes[k]` (`[z, y, x]`).
pub fn flip(vol: &Volume, axes: [bool; 3]) -> Volume {
    let [d, h, w] = vol.shape;
    let f = |i: usize, n: usize, k: usize| if axes[k] { n - 1 - i } else { i };
    Volume::from_fn(vol.shape, vol.spacing, |z, y, x| {
        vol.at(f(z, d, 0), f(y, h, 1), f(x, w, 2))
    })
}
