//! # prognos-models
//!
//! Study-level models that combine the domain crates: multimodal Cox
//! fusion of image-model scores and clinical variables, gene signatures
//! (univariate screen, LASSO-Cox, refit), radiomics feature pipelines and
//! classifiers with leak-free cross-validation.
//!
//! Status: being built under the penalised-Cox, radiomics and study issues.
#![deny(missing_docs)]

pub mod classify;
pub mod combat;
pub mod explain;
pub mod fusion;
pub mod icc;
pub mod pathology;
pub mod pca;
pub mod selection;
pub mod shap;
pub mod smote;
pub mod study;
pub mod synthetic;
