//! Multimodal fusion heads: named feature blocks (image embedding,
//! radiomics, encoded clinical variables) standardised block by block on
//! the training rows, combined by
//!
//! - early fusion with a ridge logistic regression ([`FusionHead::Logistic`];
//!   λ = 0 is `glm(family = binomial)` on the concatenated standardised
//!   design, λ > 0 glmnet's objective `−loglik/n + λ/2‖β‖²` solved by Newton),
//! - early fusion with a one-hidden-layer MLP ([`FusionHead::Mlp`]; ReLU,
//!   optional dropout, Adam, seeded, early stopping on an inner
//!   validation split), or
//! - late fusion by stacking ([`FusionHead::Stacking`]: a ridge logistic per
//!   block, then a logistic over the block log-odds fitted on inner
//!   out-of-fold scores).
//!
//! [`fusion_cv`] cross-validates the head and every block alone on the same
//! folds (given, or [`crate::classify::stratified_folds`]), with the pooled
//! out-of-fold AUC and DeLong interval of each, per-fold AUCs, and the
//! paired DeLong test of the fusion against the best single block;
//! [`fit_fusion`] refits on all training rows for a test set.
//!
//! Categorical clinical variables enter as treatment-contrast dummies (R's
//! `model.matrix`), built by the caller; every column of every block,
//! dummies included, is z-scored with the training mean and SD.
//!
//! ```
//! use nalgebra::DMatrix;
//! use prognos_models::classify::stratified_folds;
//! use prognos_models::fusion::{Block, FusionDesign, FusionHead, FusionParams, fusion_cv};
//! let n = 60;
//! let x = DMatrix::from_fn(n, 2, |i, j| ((i * 7 + j * 13) % 11) as f64 + if i < 30 { 6.0 } else { 0.0 });
//! let y: Vec<bool> = (0..n).map(|i| i < 30).collect();
//! let blocks = vec![Block { name: "a".into(), columns: 0..1 }, Block { name: "b".into(), columns: 1..2 }];
//! let d = FusionDesign::new(x, vec!["a1".into(), "b1".into()], blocks).unwrap();
//! let fold = stratified_folds(&y, 5, 1);
//! let cv = fusion_cv(&d, &y, &FusionHead::Logistic { lambda: 0.0 }, &fold, &FusionParams::default()).unwrap();
//! assert!(cv.fusion.performance.auc > 0.7);
//! ```
//!
//! # References
//! Huang S-C et al. (2020). Fusion of medical imaging and electronic health
//! records using deep learning: a systematic review. *NPJ Digit Med* 3:136.
//! Wolpert DH (1992). Stacked generalization. *Neural Netw* 5:241–59.
//! Kingma DP, Ba J (2015). Adam: a method for stochastic optimization. ICLR.

mod cv;
mod error;
mod fit;
mod mlp;
mod ridge;
mod scale;
#[cfg(test)]
mod tests;

pub use cv::{
    FusionCv, FusionParams, ModelCv, Performance, check_fold_ids, fusion_cv, performance,
};
pub use error::FusionError;
pub use fit::{
    Block, FittedFusion, FittedHead, FusionDesign, FusionHead, META_LAMBDA, STACKING_FOLDS,
    fit_fusion,
};
pub use mlp::{FittedMlp, MlpParams, fit_mlp};
pub use ridge::{RidgeLogistic, fit_ridge_logistic};
pub use scale::BlockScaler;

use std::fmt;

/// A diagnostic of a fit inside the cross-validation or the final refit.
#[derive(Debug, Clone, PartialEq)]
pub enum FusionWarning {
    /// A column constant on a fold's training rows was left out of that fit.
    DroppedConstant {
        /// Which fit (e.g. "fold 2").
        context: String,
        /// Column name.
        column: String,
    },
    /// A logistic fit stopped before converging (separation with λ = 0).
    NotConverged {
        /// Which fit.
        context: String,
        /// Which model.
        model: String,
    },
}

impl fmt::Display for FusionWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FusionWarning::DroppedConstant { context, column } => write!(
                f,
                "{context}: column '{column}' is constant on the training rows and was left out"
            ),
            FusionWarning::NotConverged { context, model } => write!(
                f,
                "{context}: {model} did not converge in 100 Newton steps (separation? use lambda > 0)"
            ),
        }
    }
}
