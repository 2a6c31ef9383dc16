//! The classifier trait and the tree-ensemble representation shared by the
//! tree models and TreeSHAP.

use super::ClassifyError;
use super::tree::Tree;
use nalgebra::DMatrix;

/// A classifier specification: hyperparameters, fitted by [`Classifier::fit`].
pub trait Classifier: Send + Sync {
    /// Short name used in comparison tables, e.g. `"random_forest"`.
    fn name(&self) -> String;
    /// Fits on rows `x` with labels `y` (true = class 1). `seed` drives
    /// every random choice (bootstrap, feature subsets).
    ///
    /// # Errors
    /// [`ClassifyError`] when the model cannot be fitted.
    fn fit(
        &self,
        x: &DMatrix<f64>,
        y: &[bool],
        seed: u64,
    ) -> Result<Box<dyn FittedClassifier>, ClassifyError>;
}

/// A fitted classifier.
pub trait FittedClassifier: Send + Sync {
    /// Probability of class 1 for each row of `x` (a monotone score for
    /// models without calibrated probabilities is documented per model).
    fn predict_proba(&self, x: &DMatrix<f64>) -> Vec<f64>;
    /// The tree ensemble, for models made of trees (exact TreeSHAP).
    fn tree_ensemble(&self) -> Option<TreeEnsemble> {
        None
    }
}

/// Link from an ensemble's margin to the probability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Probability = margin (averaged class proportions).
    Identity,
    /// Probability = `1 / (1 + e^{−margin})` (boosting in log-odds).
    Logit,
}

/// `margin(x) = base + Σ_m weight_m · tree_m(x)`, `probability = link(margin)`.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeEnsemble {
    /// The trees.
    pub trees: Vec<Tree>,
    /// Multiplier of each tree's leaf values.
    pub weights: Vec<f64>,
    /// Constant term.
    pub base: f64,
    /// Margin-to-probability link.
    pub link: Link,
}

impl TreeEnsemble {
    /// Margin of row `i` of `x`.
    pub fn margin_row(&self, x: &DMatrix<f64>, i: usize) -> f64 {
        self.base
            + self
                .trees
                .iter()
                .zip(&self.weights)
                .map(|(t, w)| w * t.predict_row(x, i))
                .sum::<f64>()
    }

    /// Probability of class 1 for every row.
    pub fn predict_proba(&self, x: &DMatrix<f64>) -> Vec<f64> {
        (0..x.nrows())
            .map(|i| {
                let m = self.margin_row(x, i);
                match self.link {
                    Link::Identity => m,
                    Link::Logit => crate::selection::sigmoid(m),
                }
            })
            .collect()
    }
}

/// Per-fit seed of replicate/tree `index` under `seed` (SplitMix64 of the
/// pair), so results never depend on evaluation order or threads.
pub fn derive_seed(seed: u64, index: u64) -> u64 {
    let mut z = seed
        .wrapping_add(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(index.wrapping_mul(0xBF58_476D_1CE4_E5B9));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub(crate) fn check_two_classes(
    y: &[bool],
    context: Option<&'static str>,
) -> Result<(), ClassifyError> {
    if y.iter().all(|&v| v) || y.iter().all(|&v| !v) {
        Err(ClassifyError::SingleClass { context })
    } else {
        Ok(())
    }
}
