//! Binary classifiers behind one trait, with leak-free stratified k-fold
//! cross-validation, nested CV for a hyperparameter and a comparison table
//! of out-of-fold AUCs with DeLong confidence intervals.
//!
//! | Model | Type | Notes |
//! |---|---|---|
//! | logistic | [`LogisticModel`] | R `glm(family = binomial)` via `prognos_core::glm` |
//! | L1 / L2 logistic | [`PenalizedLogisticModel`] | glmnet's objective, fixed λ |
//! | SVM | [`SvmModel`] | linfa-svm C-SVC, RBF/linear, Platt probabilities |
//! | decision tree | [`DecisionTreeModel`] | CART, Gini, class-proportion leaves |
//! | random forest | [`RandomForestParams`] | bootstrap + `√p` features per split |
//! | gradient boosting | [`GradientBoostingModel`] | binomial deviance, Newton leaves |
//! | AdaBoost | [`AdaBoostModel`] | discrete AdaBoost on stumps |
//!
//! Every data-dependent step (feature selection, scaling, SMOTE) lives in
//! a [`Pipeline`] that is fitted on the training rows of each fold only;
//! fold `f` draws its randomness from `(seed, f)`, so results are
//! reproducible and independent of evaluation order.
//!
//! ```
//! use prognos_models::classify::{cross_validate, CvParams, LogisticModel, Pipeline};
//! use nalgebra::DMatrix;
//! let x = DMatrix::from_fn(40, 1, |i, _| i as f64 + if i % 3 == 0 { 15.0 } else { 0.0 });
//! let y: Vec<bool> = (0..40).map(|i| i >= 20).collect();
//! let r = cross_validate(&LogisticModel, &Pipeline::default(), &x, &y, &CvParams::default()).unwrap();
//! assert!(r.auc > 0.8 && r.auc_lower < r.auc);
//! ```
//!
//! # References
//! Breiman L (2001). Random forests. *Mach Learn* 45:5–32. Friedman JH
//! (2001). Greedy function approximation: a gradient boosting machine.
//! *Ann Stat* 29:1189–232. Freund Y, Schapire RE (1997). *J Comput Syst
//! Sci* 55:119–39. Varma S, Simon R (2006). Bias in error estimation when
//! using cross-validation for model selection. *BMC Bioinformatics* 7:91.

mod boost;
mod cv;
mod error;
mod forest;
mod logistic;
mod model;
mod svm;
#[cfg(test)]
mod tests;
pub mod tree;

pub use boost::{AdaBoostModel, GradientBoostingModel};
pub use cv::{
    Comparison, CvParams, CvResult, FittedPipeline, Pipeline, TopK, check_folds, compare,
    cross_validate, nested_cv, stratified_folds,
};
pub use error::ClassifyError;
pub use forest::{DecisionTreeModel, FittedForest, RandomForestParams};
pub use logistic::{LogisticModel, PenalizedLogisticModel};
pub use model::{Classifier, FittedClassifier, Link, TreeEnsemble, derive_seed};
pub use svm::{SvmKernel, SvmModel};
