//! # prognos-models
//!
//! Study-level models that combine the domain crates: multimodal Cox
//! fusion of image-model scores and clinical variables, gene signatures
//! (univariate screen, LASSO-Cox, refit), radiomics feature pipelines and
//! classifiers with leak-free cross-validation.
//!
//! Status: being built under the penalised-Cox, radiomics and study issues.
#![deny(missing_docs)]

pub mod study;
pub mod synthetic;
pub mod icc;
pub mod combat;
pub mod classify;
pub mod selection;
pub mod smote;
pub mod shap;
pub mod pathology;
pub mod pca;
pub mod explain;
