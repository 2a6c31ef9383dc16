//! Training-time augmentation: random flips, a random shift of the crop box
//! and a random scale of it, drawn from a seeded stream per
//! `(seed, epoch, patient)`.

use super::crop::BoundingBox;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// The augmentation distribution.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `flip_axes` | `[true, true, true]` | axes (`[z, y, x]`) that may be reversed, each with probability ½ |
/// | `max_shift` | 3 | crop box centre moves by a uniform integer in `[−max_shift, max_shift]` voxels (1 mm each) per axis |
/// | `scale` | `[0.9, 1.1]` | crop box half-extents are multiplied by a uniform factor in this range (one factor for all axes); > 1 shows more context, so the lesion looks smaller after resizing |
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AugmentParams {
    /// Axes that may flip.
    pub flip_axes: [bool; 3],
    /// Maximum shift of the crop box, voxels.
    pub max_shift: usize,
    /// Range of the crop box scale factor.
    pub scale: [f64; 2],
}

impl Default for AugmentParams {
    fn default() -> Self {
        AugmentParams {
            flip_axes: [true; 3],
            max_shift: 3,
            scale: [0.9, 1.1],
        }
    }
}

/// One drawn augmentation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Augment {
    /// Axes to reverse.
    pub flip: [bool; 3],
    /// Shift of the crop box centre, voxels.
    pub shift: [i64; 3],
    /// Scale of the crop box half-extents.
    pub scale: f64,
}

impl Augment {
    /// No augmentation.
    pub const NONE: Augment = Augment {
        flip: [false; 3],
        shift: [0; 3],
        scale: 1.0,
    };

    /// `b` moved by `shift` and scaled about its centre by `scale`, clamped
    /// to a volume of `shape` (at least one voxel per axis).
    pub fn apply_box(&self, b: &BoundingBox, shape: [usize; 3]) -> BoundingBox {
        let mut lo = [0usize; 3];
        let mut hi = [0usize; 3];
        for k in 0..3 {
            let c = (b.lo[k] + b.hi[k]) as f64 / 2.0 + self.shift[k] as f64;
            let e = (b.hi[k] - b.lo[k]) as f64 / 2.0 * self.scale;
            let max = (shape[k] - 1) as f64;
            let l = (c - e).round().clamp(0.0, max);
            let h = (c + e).round().clamp(l, max);
            lo[k] = l as usize;
            hi[k] = h as usize;
        }
        BoundingBox { lo, hi }
    }
}

impl AugmentParams {
    /// The augmentation of `patient` in `epoch` under `seed`: its own
    /// ChaCha8 stream, so the draw does not depend on batch order or threads.
    pub fn draw(&self, seed: u64, epoch: usize, patient: usize) -> Augment {
        let mut rng =
            ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_a0c0_u64.wrapping_mul(epoch as u64 + 1));
        rng.set_stream(patient as u64 + 1);
        let flip = std::array::from_fn(|k| {
            let coin = rng.random::<bool>();
            self.flip_axes[k] && coin
        });
        let span = 2 * self.max_shift as u64 + 1;
        let shift =
            std::array::from_fn(|_| (rng.random::<u64>() % span) as i64 - self.max_shift as i64);
        let u: f64 = rng.random();
        let scale = self.scale[0] + (self.scale[1] - self.scale[0]) * u;
        Augment { flip, shift, scale }
    }

    /// Voxels a drawn box can reach beyond the unaugmented box of half-extent
    /// `half` on one axis (shift plus growth), rounded up, plus one.
    pub fn slack(&self, half: f64) -> usize {
        let grow = (half * (self.scale[1].max(1.0) - 1.0)).ceil().max(0.0) as usize;
        self.max_shift + grow + 1
    }

    pub(crate) fn check(&self) -> Result<(), super::PreprocessError> {
        let [a, b] = self.scale;
        if !(a.is_finite() && b.is_finite() && a > 0.0 && a <= b) {
            return Err(super::PreprocessError::Param {
                name: "augment.scale",
                value: format!("[{a}, {b}]"),
                reason: "need 0 < low <= high, finite",
            });
        }
        Ok(())
    }
}
