//! CT preprocessing as in the multimodal study's methods: a CT volume (HU)
//! and its tumour mask become the network's `14 × 54 × 54` input.
//!
//! Steps, in order ([`CtPreprocessParams`] holds the numbers):
//!
//! 1. **check** that the mask has the image's shape and voxel size
//!    (relative difference ≤ 1e-3) and at least one nonzero voxel;
//! 2. **window** ([`window()`]): clip HU to `[level − width/2, level +
//!    width/2]` = `[−125, 225]` and scale to `[0, 1]` (width 350, level 50);
//! 3. **resample** to 1 × 1 × 1 mm ([`resample()`]): trilinear for the
//!    image, nearest neighbour for the mask, first voxel centre fixed;
//! 4. **crop** the mask's bounding box on the 1-mm grid expanded by 5
//!    voxels on every side, clamped to the volume ([`mask_bbox`],
//!    [`BoundingBox::expand`], [`crop()`]);
//! 5. **normalise** the crop ([`Normalise::Zscore`] by default: z-score
//!    over the cropped voxels; [`Normalise::Window`] keeps the window's
//!    `[0, 1]`) — the paper says "cropped images were normalized and
//!    resized", in that order;
//! 6. **resize** to `[depth, height, width]` = `[14, 54, 54]` with
//!    trilinear interpolation (half-pixel centres). Axis order is the NIfTI
//!    storage order `[z, y, x]`: depth = slices (the file's third axis).
//!
//! Training-time **augmentation** ([`AugmentParams`], drawn per `(seed,
//! epoch, patient)`) moves and scales the crop box of step 4 and flips the
//! result after step 6; scoring uses the unaugmented input.
//!
//! For speed, steps 3–4 are computed only on the part of the 1-mm grid
//! around the mask ([`Prepared`]): trilinear values at a grid point do not
//! depend on the rest of the grid, so this equals resampling the whole
//! volume and then cropping (tested).
//!
//! Orientation is not used (see [`crate::nifti`]): image and mask must
//! share storage order, which holds for masks drawn on the image.
//!
//! ```
//! use prognos_plugins::nifti::Volume;
//! use prognos_plugins::nets::preprocess::{CtPreprocessParams, prepare};
//! // A 20 × 40 × 40 CT at 2 × 0.8 × 0.8 mm with a bright cube and its mask.
//! let inside = |z: usize, y: usize, x: usize| (8..12).contains(&z) && (15..25).contains(&y) && (15..25).contains(&x);
//! let ct = Volume::from_fn([20, 40, 40], [2.0, 0.8, 0.8], |z, y, x| if inside(z, y, x) { 60.0 } else { -500.0 });
//! let mask = Volume::from_fn([20, 40, 40], [2.0, 0.8, 0.8], |z, y, x| inside(z, y, x) as u8 as f32);
//! let params = CtPreprocessParams::default();
//! let input = prepare(&ct, &mask, &params, None).unwrap().input(&params, None);
//! assert_eq!(input.shape, [14, 54, 54]);
//! ```

mod augment;
mod crop;
mod error;
mod normalise;
mod resample;
mod window;

pub use augment::{Augment, AugmentParams};
pub use crop::{BoundingBox, crop, mask_bbox};
pub use error::{CtInputError, PreprocessError};
pub use normalise::{Normalise, flip, normalise};
pub use resample::{AxisMap, Interp, resample, resize, sample};
pub use window::window;

use crate::nifti::{Volume, read_nifti};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The preprocessing settings (defaults = the study's).
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `level`, `width` | 50, 350 | HU window (level ± width/2 → [0, 1]) |
/// | `spacing` | `[1, 1, 1]` | target voxel size, mm, `[z, y, x]` |
/// | `margin` | 5 | voxels added around the mask's bounding box |
/// | `output` | `[14, 54, 54]` | network input `[depth, height, width]` |
/// | `normalise` | `zscore` | normalisation of the crop |
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CtPreprocessParams {
    /// Window level (HU).
    pub level: f64,
    /// Window width (HU).
    pub width: f64,
    /// Target voxel size (mm), `[z, y, x]`.
    pub spacing: [f64; 3],
    /// Margin around the mask's bounding box (voxels of the target grid).
    pub margin: usize,
    /// Output shape `[depth, height, width]`.
    pub output: [usize; 3],
    /// Normalisation of the crop.
    pub normalise: Normalise,
}

impl Default for CtPreprocessParams {
    fn default() -> Self {
        CtPreprocessParams {
            level: 50.0,
            width: 350.0,
            spacing: [1.0; 3],
            margin: 5,
            output: [14, 54, 54],
            normalise: Normalise::Zscore,
        }
    }
}

impl CtPreprocessParams {
    /// Checks the parameters.
    ///
    /// # Errors
    /// [`PreprocessError::Param`] for a non-positive width or spacing, a
    /// non-finite level, or a zero output extent.
    pub fn check(&self) -> Result<(), PreprocessError> {
        let bad = |name, value: String, reason| {
            Err(PreprocessError::Param {
                name,
                value,
                reason,
            })
        };
        if !(self.width.is_finite() && self.width > 0.0) {
            return bad(
                "width",
                self.width.to_string(),
                "must be positive and finite",
            );
        }
        if !self.level.is_finite() {
            return bad("level", self.level.to_string(), "must be finite");
        }
        if !self.spacing.iter().all(|s| s.is_finite() && *s > 0.0) {
            return bad(
                "spacing",
                format!("{:?}", self.spacing),
                "must be positive and finite",
            );
        }
        if self.output.contains(&0) {
            return bad(
                "output",
                format!("{:?}", self.output),
                "every extent must be at least 1",
            );
        }
        Ok(())
    }
}

/// An image windowed and resampled around its mask, ready to produce the
/// network input (repeatedly, under different augmentations).
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The windowed image on the target grid, restricted to the crop box
    /// plus any augmentation slack.
    pub region: Volume,
    /// The crop box (mask bounding box + margin) in `region` coordinates.
    pub roi: BoundingBox,
    /// The mask's bounding box on the full target grid (no margin).
    pub mask_box: BoundingBox,
    /// Shape of the full target grid.
    pub grid: [usize; 3],
}

fn same_spacing(a: [f64; 3], b: [f64; 3]) -> bool {
    (0..3).all(|k| (a[k] - b[k]).abs() <= 1e-3 * a[k].abs().max(b[k].abs()))
}

/// Steps 1–4 of the module docs: checks the pair, windows, resamples and
/// finds the crop box. With `augment`, the region keeps enough context for
/// every box [`AugmentParams`] can draw.
///
/// # Errors
/// [`PreprocessError`] for a mask of another shape or spacing, an empty
/// mask (also when nearest-neighbour resampling loses a thin mask), or bad
/// parameters.
pub fn prepare(
    image: &Volume,
    mask: &Volume,
    params: &CtPreprocessParams,
    augment: Option<&AugmentParams>,
) -> Result<Prepared, PreprocessError> {
    params.check()?;
    if let Some(a) = augment {
        a.check()?;
    }
    if image.shape != mask.shape {
        return Err(PreprocessError::MaskShape {
            image: image.shape,
            mask: mask.shape,
        });
    }
    if !same_spacing(image.spacing, mask.spacing) {
        return Err(PreprocessError::MaskSpacing {
            image: image.spacing,
            mask: mask.spacing,
        });
    }
    let b0 = mask_bbox(mask).ok_or(PreprocessError::EmptyMask { stage: "" })?;
    let maps: [AxisMap; 3] = std::array::from_fn(|k| {
        AxisMap::resample(image.shape[k], image.spacing[k], params.spacing[k])
    });
    let grid: [usize; 3] = std::array::from_fn(|k| maps[k].n);
    // Target-grid indices whose nearest source voxel lies in the mask's box.
    let mut cand_lo = [0usize; 3];
    let mut cand_hi = [0usize; 3];
    for k in 0..3 {
        let len = image.shape[k];
        let nearest = |j: usize| {
            let s = (maps[k].a * j as f64 + maps[k].b).clamp(0.0, (len - 1) as f64);
            ((s + 0.5).floor() as usize).min(len - 1)
        };
        let inside: Vec<usize> = (0..grid[k])
            .filter(|&j| (b0.lo[k]..=b0.hi[k]).contains(&nearest(j)))
            .collect();
        let (Some(&lo), Some(&hi)) = (inside.first(), inside.last()) else {
            return Err(PreprocessError::EmptyMask {
                stage: " after resampling to the target spacing",
            });
        };
        cand_lo[k] = lo;
        cand_hi[k] = hi;
    }
    let sub: [AxisMap; 3] = std::array::from_fn(|k| maps[k].sub(cand_lo[k], cand_hi[k]));
    let sub_mask = sample(mask, sub, Interp::Nearest, params.spacing);
    let sb = mask_bbox(&sub_mask).ok_or(PreprocessError::EmptyMask {
        stage: " after resampling to the target spacing",
    })?;
    let mask_box = BoundingBox {
        lo: std::array::from_fn(|k| sb.lo[k] + cand_lo[k]),
        hi: std::array::from_fn(|k| sb.hi[k] + cand_lo[k]),
    };
    let roi_full = mask_box.expand(params.margin, grid);
    let region_box = match augment {
        None => roi_full,
        Some(a) => {
            let mut r = roi_full;
            for k in 0..3 {
                let half = (roi_full.hi[k] - roi_full.lo[k]) as f64 / 2.0;
                let s = a.slack(half);
                r.lo[k] = roi_full.lo[k].saturating_sub(s);
                r.hi[k] = (roi_full.hi[k] + s).min(grid[k] - 1);
            }
            r
        }
    };
    // Window only the source voxels the region's taps can touch.
    let src_box = BoundingBox {
        lo: std::array::from_fn(|k| {
            let s = maps[k].a * region_box.lo[k] as f64 + maps[k].b;
            (s.floor().max(0.0) as usize).min(image.shape[k] - 1)
        }),
        hi: std::array::from_fn(|k| {
            let s = maps[k].a * region_box.hi[k] as f64 + maps[k].b;
            (s.ceil().max(0.0) as usize).min(image.shape[k] - 1)
        }),
    };
    let src = window(&crop(image, &src_box), params.level, params.width);
    let region_maps: [AxisMap; 3] = std::array::from_fn(|k| {
        let m = maps[k].sub(region_box.lo[k], region_box.hi[k]);
        AxisMap {
            b: m.b - src_box.lo[k] as f64,
            ..m
        }
    });
    let region = sample(&src, region_maps, Interp::Linear, params.spacing);
    let roi = BoundingBox {
        lo: std::array::from_fn(|k| roi_full.lo[k] - region_box.lo[k]),
        hi: std::array::from_fn(|k| roi_full.hi[k] - region_box.lo[k]),
    };
    Ok(Prepared {
        region,
        roi,
        mask_box,
        grid,
    })
}

impl Prepared {
    /// Steps 4–6 (plus the flips of `augment`): the network input, shape
    /// `params.output`, spacing that of the resized crop.
    pub fn input(&self, params: &CtPreprocessParams, augment: Option<&Augment>) -> Volume {
        let a = augment.copied().unwrap_or(Augment::NONE);
        let b = a.apply_box(&self.roi, self.region.shape);
        let mut c = crop(&self.region, &b);
        normalise(&mut c, params.normalise);
        let r = resize(&c, params.output, Interp::Linear);
        if a.flip.iter().any(|&f| f) {
            flip(&r, a.flip)
        } else {
            r
        }
    }
}

/// Reads an image and its mask (`.nii` / `.nii.gz`) and runs [`prepare`];
/// errors name the file(s).
///
/// # Errors
/// [`CtInputError::Nifti`] for an unreadable file, [`CtInputError::Pair`]
/// for a mismatched pair or an empty mask.
pub fn load_ct_pair(
    image: &Path,
    mask: &Path,
    params: &CtPreprocessParams,
    augment: Option<&AugmentParams>,
) -> Result<Prepared, CtInputError> {
    let img = read_nifti(image)?;
    let msk = read_nifti(mask)?;
    prepare(&img, &msk, params, augment).map_err(|problem| CtInputError::Pair {
        image: image.to_path_buf(),
        mask: mask.to_path_buf(),
        problem,
    })
}

/// The network input of an image/mask pair on disk, unaugmented: the whole
/// pipeline of the module docs.
///
/// # Errors
/// As [`load_ct_pair`].
pub fn preprocess_ct_files(
    image: &Path,
    mask: &Path,
    params: &CtPreprocessParams,
) -> Result<Volume, CtInputError> {
    Ok(load_ct_pair(image, mask, params, None)?.input(params, None))
}
