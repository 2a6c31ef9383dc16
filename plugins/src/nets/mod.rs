//! The reference networks of the multimodal study, on burn's CPU ndarray
//! backend by default (feature `nets`); GPU and other CPU backends behind
//! the features `cuda`, `wgpu`, `flex`, chosen at run time ([`device`]):
//!
//! * [`ct`]: a 3D ResNet over a 14 × 54 × 54 CT region of interest, trained
//!   with the Cox partial likelihood ([`loss::cox_partial_nll`]);
//! * [`wsi`]: gated-attention MIL over 1024-dimensional tile features
//!   (1024 → 512 → attention → risk), trained with a discrete-time survival
//!   NLL ([`loss::discrete_nll`]);
//! * [`synthetic`]: cohorts whose images carry a known hazard signal;
//! * [`train`]: seeded Adam training and batched scoring;
//! * [`builtin`]: model folders (`model.json` + burn record) and the
//!   built-in plugins `ct-resnet3d` and `wsi-abmil`;
//! * [`preprocess`]: the study's CT preprocessing (window 350/50, 1-mm
//!   resampling, crop around the mask + 5 voxels, resize to 14 × 54 × 54,
//!   normalisation, training-time augmentation) from NIfTI image + mask
//!   ([`crate::nifti`]); `.npy` arrays already at the network's size are
//!   accepted as before.
//!
//! Not implemented: tile feature extraction (ResNet50 on 256 × 256 tiles)
//! is upstream.
//!
//! # References
//! He K et al. (2016) Deep residual learning for image recognition. CVPR.
//! Hara K et al. (2018) Can spatiotemporal 3D CNNs retrace the history of 2D
//! CNNs and ImageNet? CVPR. Ilse M et al. (2018) Attention-based deep
//! multiple instance learning. ICML. Lu MY et al. (2021) Data-efficient and
//! weakly supervised computational pathology on whole-slide images (CLAM).
//! Nat Biomed Eng. Katzman JL et al. (2018) DeepSurv. BMC Med Res Methodol.
//! Zadeh SG, Schmid M (2021) Bias in cross-entropy-based training of deep
//! survival networks. IEEE TPAMI.

pub mod builtin;
pub mod ct;
pub mod device;
mod error;
pub mod loss;
pub mod preprocess;
pub mod synthetic;
pub mod train;
pub mod wsi;

pub use error::NetError;

/// The CPU device every network here runs on: burn's ndarray backend.
///
/// burn 0.22 marks `Device::ndarray` deprecated in favour of its newer
/// `flex` CPU backend; this crate pins the `ndarray` feature (the one
/// measured and tested here, see `shared/dependency-notes.md`), so the
/// deprecation is acknowledged in this one place. Switching is a one-line
/// change plus the `flex` feature.
#[allow(deprecated)]
pub fn cpu_device() -> burn::tensor::Device {
    burn::tensor::Device::ndarray()
}
