//! Errors of the CT preprocessing.

use crate::nifti::NiftiError;
use std::path::PathBuf;

/// Why an image and its mask cannot be preprocessed (no file names: see
/// [`CtInputError`] for the file-level error).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PreprocessError {
    /// The mask's voxel grid differs from the image's.
    #[error("mask shape {mask:?} does not match image shape {image:?} ([depth, height, width])")]
    MaskShape {
        /// Image `[depth, height, width]`.
        image: [usize; 3],
        /// Mask `[depth, height, width]`.
        mask: [usize; 3],
    },
    /// The mask's voxel size differs from the image's (relative difference above 1e-3).
    #[error("mask voxel size {mask:?} mm does not match image voxel size {image:?} mm ([z, y, x])")]
    MaskSpacing {
        /// Image spacing (mm).
        image: [f64; 3],
        /// Mask spacing (mm).
        mask: [f64; 3],
    },
    /// The mask has no nonzero voxel (before or after resampling).
    #[error("mask is empty{stage} (no nonzero voxel)")]
    EmptyMask {
        /// `""`, or `" after resampling to 1 mm"` when nearest-neighbour
        /// resampling lost a thin mask.
        stage: &'static str,
    },
    /// A preprocessing parameter out of range.
    #[error("preprocessing parameter {name} = {value} is invalid ({reason})")]
    Param {
        /// Parameter name.
        name: &'static str,
        /// Its value, rendered.
        value: String,
        /// What is allowed.
        reason: &'static str,
    },
}

/// A CT image/mask pair that could not be read or preprocessed; every
/// variant names the file(s).
#[derive(Debug, thiserror::Error)]
pub enum CtInputError {
    /// Reading a NIfTI file failed (the message names it).
    #[error(transparent)]
    Nifti(#[from] NiftiError),
    /// The pair is inconsistent or the mask is empty.
    #[error("image {image} with mask {mask}: {problem}")]
    Pair {
        /// Image file.
        image: PathBuf,
        /// Mask file.
        mask: PathBuf,
        /// What is wrong (in the message, not chained as a source).
        problem: PreprocessError,
    },
}
