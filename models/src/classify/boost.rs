//! Boosted trees: gradient boosting with the binomial deviance (Friedman
//! 2001; R `gbm(distribution = "bernoulli")`, scikit-learn's
//! `GradientBoostingClassifier`) and discrete AdaBoost (Freund & Schapire
//! 1997; SAMME with two classes).

use super::ClassifyError;
use super::model::{Classifier, FittedClassifier, Link, TreeEnsemble, check_two_classes};
use super::tree::{Tree, TreeParams, grow};
use nalgebra::DMatrix;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Gradient boosting of regression trees on the log-odds scale.
///
/// `F₀ = log(ȳ/(1 − ȳ))`; each round fits a tree to the residuals
/// `y − p`, replaces its leaf values by the Newton step
/// `Σ(y − p) / Σ p(1 − p)` over the leaf, and adds `learning_rate` times it.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `n_rounds` | 100 | trees |
/// | `learning_rate` | 0.1 | shrinkage |
/// | `max_depth` | 3 | depth of each tree |
/// | `min_leaf` | 2 | smallest child |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradientBoostingModel {
    /// Boosting rounds.
    pub n_rounds: usize,
    /// Shrinkage.
    pub learning_rate: f64,
    /// Tree depth.
    pub max_depth: usize,
    /// Smallest child.
    pub min_leaf: f64,
}

impl Default for GradientBoostingModel {
    fn default() -> Self {
        GradientBoostingModel {
            n_rounds: 100,
            learning_rate: 0.1,
            max_depth: 3,
            min_leaf: 2.0,
        }
    }
}

struct FittedEnsemble(TreeEnsemble);

impl FittedClassifier for FittedEnsemble {
    fn predict_proba(&self, x: &DMatrix<f64>) -> Vec<f64> {
        self.0.predict_proba(x)
    }
    fn tree_ensemble(&self) -> Option<TreeEnsemble> {
        Some(self.0.clone())
    }
}

impl Classifier for GradientBoostingModel {
    fn name(&self) -> String {
        "gradient_boosting".into()
    }
    fn fit(
        &self,
        x: &DMatrix<f64>,
        y: &[bool],
        seed: u64,
    ) -> Result<Box<dyn FittedClassifier>, ClassifyError> {
        check_two_classes(y, None)?;
        if !(self.learning_rate > 0.0 && self.learning_rate <= 1.0) {
            return Err(ClassifyError::BadParameter {
                name: "learning_rate",
                requirement: "in (0, 1]",
                value: self.learning_rate,
            });
        }
        let n = y.len();
        let yv: Vec<f64> = y.iter().map(|&b| if b { 1.0 } else { 0.0 }).collect();
        let ybar = yv.iter().sum::<f64>() / n as f64;
        let base = (ybar / (1.0 - ybar)).ln();
        let mut f = vec![base; n];
        let tp = TreeParams {
            max_depth: Some(self.max_depth),
            min_split: 2.0 * self.min_leaf,
            min_leaf: self.min_leaf,
            max_features: None,
        };
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let ones = vec![1.0; n];
        let mut trees: Vec<Tree> = Vec::with_capacity(self.n_rounds);
        for _ in 0..self.n_rounds {
            let p: Vec<f64> = f.iter().map(|&v| crate::selection::sigmoid(v)).collect();
            let r: Vec<f64> = (0..n).map(|i| yv[i] - p[i]).collect();
            let mut t = grow(&tp, x, &r, &ones, &mut rng);
            // Newton leaf values.
            let mut num = vec![0.0; t.nodes.len()];
            let mut den = vec![0.0; t.nodes.len()];
            let leaves: Vec<usize> = (0..n).map(|i| t.leaf(x, i)).collect();
            for i in 0..n {
                num[leaves[i]] += r[i];
                den[leaves[i]] += p[i] * (1.0 - p[i]);
            }
            for (k, nd) in t.nodes.iter_mut().enumerate() {
                if nd.is_leaf() {
                    nd.value = if den[k] > 1e-12 { num[k] / den[k] } else { 0.0 };
                }
            }
            for i in 0..n {
                f[i] += self.learning_rate * t.nodes[leaves[i]].value;
            }
            trees.push(t);
        }
        let m = trees.len();
        Ok(Box::new(FittedEnsemble(TreeEnsemble {
            trees,
            weights: vec![self.learning_rate; m],
            base,
            link: Link::Logit,
        })))
    }
}

/// Discrete AdaBoost with depth-limited trees (stumps by default).
///
/// Each round fits a weighted tree, predicts `h = ±1` (leaf proportion
/// above or below 1/2), weights it by `α = ½ log((1 − err)/err)` and
/// re-weights the cases by `exp(−α y h)`. The margin `F = Σ α h` gives the
/// probability `1/(1 + e^{−2F})` (Friedman, Hastie & Tibshirani 2000).
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `n_rounds` | 100 | weak learners |
/// | `max_depth` | 1 | depth of each learner |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdaBoostModel {
    /// Rounds.
    pub n_rounds: usize,
    /// Depth of each learner.
    pub max_depth: usize,
}

impl Default for AdaBoostModel {
    fn default() -> Self {
        AdaBoostModel {
            n_rounds: 100,
            max_depth: 1,
        }
    }
}

impl Classifier for AdaBoostModel {
    fn name(&self) -> String {
        "adaboost".into()
    }
    fn fit(
        &self,
        x: &DMatrix<f64>,
        y: &[bool],
        seed: u64,
    ) -> Result<Box<dyn FittedClassifier>, ClassifyError> {
        check_two_classes(y, None)?;
        let n = y.len();
        let yv: Vec<f64> = y.iter().map(|&b| if b { 1.0 } else { 0.0 }).collect();
        let ys: Vec<f64> = y.iter().map(|&b| if b { 1.0 } else { -1.0 }).collect();
        let mut w = vec![1.0 / n as f64; n];
        let tp = TreeParams {
            max_depth: Some(self.max_depth),
            min_split: 0.0,
            min_leaf: 0.0,
            max_features: None,
        };
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut trees = Vec::new();
        let mut alphas = Vec::new();
        for _ in 0..self.n_rounds {
            let mut t = grow(&tp, x, &yv, &w, &mut rng);
            for nd in t.nodes.iter_mut() {
                nd.value = if nd.value > 0.5 { 1.0 } else { -1.0 };
            }
            let h: Vec<f64> = (0..n).map(|i| t.predict_row(x, i)).collect();
            let err: f64 = (0..n).filter(|&i| h[i] != ys[i]).map(|i| w[i]).sum::<f64>()
                / w.iter().sum::<f64>();
            if err >= 0.5 {
                break;
            }
            let e = err.max(1e-10);
            let alpha = 0.5 * ((1.0 - e) / e).ln();
            for i in 0..n {
                w[i] *= (-alpha * ys[i] * h[i]).exp();
            }
            let s: f64 = w.iter().sum();
            w.iter_mut().for_each(|v| *v /= s);
            trees.push(t);
            alphas.push(alpha);
            if err < 1e-10 {
                break;
            }
        }
        // Margin F = Σ α h; probability = sigmoid(2F).
        let weights = alphas.iter().map(|a| 2.0 * a).collect();
        Ok(Box::new(FittedEnsemble(TreeEnsemble {
            trees,
            weights,
            base: 0.0,
            link: Link::Logit,
        })))
    }
}
