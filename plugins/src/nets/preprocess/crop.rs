//! The mask's bounding box, its expansion, and cropping.

use crate::nifti::Volume;

/// An axis-aligned box of voxels, `lo ..= hi` per axis (`[z, y, x]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoundingBox {
    /// First voxel per axis.
    pub lo: [usize; 3],
    /// Last voxel per axis (inclusive).
    pub hi: [usize; 3],
}

impl BoundingBox {
    /// Voxels per axis.
    pub fn extent(&self) -> [usize; 3] {
        std::array::from_fn(|k| self.hi[k] + 1 - self.lo[k])
    }

    /// The box grown by `margin` voxels on every side, clamped to a volume
    /// of `shape`.
    pub fn expand(&self, margin: usize, shape: [usize; 3]) -> BoundingBox {
        BoundingBox {
            lo: std::array::from_fn(|k| self.lo[k].saturating_sub(margin)),
            hi: std::array::from_fn(|k| (self.hi[k] + margin).min(shape[k] - 1)),
        }
    }
}

/// The smallest box holding every nonzero voxel of `mask`; `None` when the
/// mask is empty.
pub fn mask_bbox(mask: &Volume) -> Option<BoundingBox> {
    let [d, h, w] = mask.shape;
    let mut lo = [usize::MAX; 3];
    let mut hi = [0usize; 3];
    let mut any = false;
    for z in 0..d {
        for y in 0..h {
            let row = &mask.data[(z * h + y) * w..(z * h + y + 1) * w];
            let first = row.iter().position(|&v| v != 0.0);
            let Some(x0) = first else { continue };
            let x1 = row.iter().rposition(|&v| v != 0.0).unwrap_or(x0);
            any = true;
            for (k, v) in [z, y, x0].into_iter().enumerate() {
                lo[k] = lo[k].min(v);
            }
            for (k, v) in [z, y, x1].into_iter().enumerate() {
                hi[k] = hi[k].max(v);
            }
        }
    }
    any.then_some(BoundingBox { lo, hi })
}

/// The voxels of `vol` inside `b` (which must lie within the volume).
pub fn crop(vol: &Volume, b: &BoundingBox) -> Volume {
    let [_, h, w] = vol.shape;
    let e = b.extent();
    let mut data = Vec::with_capacity(e.iter().product());
    for z in b.lo[0]..=b.hi[0] {
        for y in b.lo[1]..=b.hi[1] {
            let r = (z * h + y) * w;
            data.extend_from_slice(&vol.data[r + b.lo[2]..=r + b.hi[2]]);
        }
    }
    Volume {
        shape: e,
        spacing: vol.spacing,
        data,
    }
}
