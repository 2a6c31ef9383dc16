//! Resampling to a voxel size and resizing to a shape: trilinear for images,
//! nearest neighbour for masks.
//!
//! Both are separable affine index maps `src = a·j + b` per axis followed by
//! interpolation at `src` (clamped to `[0, n − 1]`, i.e. edge values
//! continue beyond the last voxel centre):
//!
//! * **resampling** to spacing `t` keeps the first voxel centre fixed:
//!   `src = j·t/s` for `j = 0 .. ⌊(n − 1)·s/t⌋`, so the new grid covers the
//!   old voxel centres without extrapolation and a function linear in
//!   millimetres is reproduced exactly;
//! * **resizing** `n → m` voxels uses half-pixel centres, as PyTorch's
//!   `F.interpolate(mode="trilinear", align_corners=False)`:
//!   `src = (j + ½)·n/m − ½`; the output spacing is `s·n/m`.

use crate::nifti::Volume;

/// Interpolation rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interp {
    /// Trilinear (images).
    Linear,
    /// Nearest neighbour, ties rounded up (masks).
    Nearest,
}

/// One axis' affine index map `src = a·j + b`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AxisMap {
    /// Output extent.
    pub n: usize,
    /// Slope.
    pub a: f64,
    /// Intercept.
    pub b: f64,
}

impl AxisMap {
    /// The resampling map from spacing `s` to spacing `t` over `n` voxels.
    pub fn resample(n: usize, s: f64, t: f64) -> AxisMap {
        let r = t / s;
        let extent = (n.saturating_sub(1)) as f64 * s / t;
        AxisMap {
            n: (extent + 1e-9).floor() as usize + 1,
            a: r,
            b: 0.0,
        }
    }

    /// The half-pixel resize map from `n` to `m` voxels.
    pub fn resize(n: usize, m: usize) -> AxisMap {
        let r = n as f64 / m as f64;
        AxisMap {
            n: m,
            a: r,
            b: 0.5 * r - 0.5,
        }
    }

    /// The map restricted to output indices `lo ..= hi` (`n = hi − lo + 1`).
    pub fn sub(self, lo: usize, hi: usize) -> AxisMap {
        AxisMap {
            n: hi + 1 - lo,
            a: self.a,
            b: self.b + self.a * lo as f64,
        }
    }

    /// Source position of output index `j`, clamped to `[0, len − 1]`.
    fn src(&self, j: usize, len: usize) -> f64 {
        (self.a * j as f64 + self.b).clamp(0.0, len.saturating_sub(1) as f64)
    }
}

/// Per-axis interpolation taps: lower index, upper index, weight of upper.
fn taps(map: &AxisMap, len: usize, interp: Interp) -> Vec<(usize, usize, f32)> {
    (0..map.n)
        .map(|j| {
            let s = map.src(j, len);
            match interp {
                Interp::Nearest => {
                    let i = ((s + 0.5).floor() as usize).min(len - 1);
                    (i, i, 0.0)
                }
                Interp::Linear => {
                    let i0 = s.floor() as usize;
                    let i1 = (i0 + 1).min(len - 1);
                    (i0, i1, (s - i0 as f64) as f32)
                }
            }
        })
        .collect()
}

/// Samples `vol` on the grid given by one [`AxisMap`] per axis (`[z, y,
/// x]`); the output spacing is `spacing`.
pub fn sample(vol: &Volume, maps: [AxisMap; 3], interp: Interp, spacing: [f64; 3]) -> Volume {
    let [d, h, w] = vol.shape;
    let tz = taps(&maps[0], d, interp);
    let ty = taps(&maps[1], h, interp);
    let tx = taps(&maps[2], w, interp);
    let mut data = Vec::with_capacity(tz.len() * ty.len() * tx.len());
    let v = &vol.data;
    for &(z0, z1, fz) in &tz {
        for &(y0, y1, fy) in &ty {
            let r00 = (z0 * h + y0) * w;
            let r01 = (z0 * h + y1) * w;
            let r10 = (z1 * h + y0) * w;
            let r11 = (z1 * h + y1) * w;
            for &(x0, x1, fx) in &tx {
                let lerp = |r: usize| v[r + x0] + fx * (v[r + x1] - v[r + x0]);
                let (a, b, c, e) = (lerp(r00), lerp(r01), lerp(r10), lerp(r11));
                let p = a + fy * (b - a);
                let q = c + fy * (e - c);
                data.push(p + fz * (q - p));
            }
        }
    }
    Volume {
        shape: [tz.len(), ty.len(), tx.len()],
        spacing,
        data,
    }
}

/// Resamples `vol` to voxel size `target` (mm, `[z, y, x]`), keeping the
/// first voxel centre fixed (see the module docs).
pub fn resample(vol: &Volume, target: [f64; 3], interp: Interp) -> Volume {
    let maps: [AxisMap; 3] =
        std::array::from_fn(|k| AxisMap::resample(vol.shape[k], vol.spacing[k], target[k]));
    sample(vol, maps, interp, target)
}

/// Resizes `vol` to `shape` with half-pixel centres (trilinear for
/// [`Interp::Linear`]); the spacing scales so the physical extent is kept.
pub fn resize(vol: &Volume, shape: [usize; 3], interp: Interp) -> Volume {
    let maps: [AxisMap; 3] = std::array::from_fn(|k| AxisMap::resize(vol.shape[k], shape[k]));
    let spacing = std::array::from_fn(|k| vol.spacing[k] * vol.shape[k] as f64 / shape[k] as f64);
    sample(vol, maps, interp, spacing)
}
