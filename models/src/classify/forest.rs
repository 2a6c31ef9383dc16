//! CART decision tree and random forest (Breiman 2001) classifiers with
//! class-probability leaves and impurity (Gini) importance.

use super::ClassifyError;
use super::model::{
    Classifier, FittedClassifier, Link, TreeEnsemble, check_two_classes, derive_seed,
};
use super::tree::{Tree, TreeParams, bootstrap_weights, grow};
use nalgebra::DMatrix;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// A single CART tree; leaf value = class-1 proportion.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `max_depth` | 5 | depth limit |
/// | `min_split` | 4 | smallest node that is split (rpart's `minsplit`) |
/// | `min_leaf` | 2 | smallest child (`minbucket`) |
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DecisionTreeModel {
    /// Growth limits.
    pub tree: TreeParams,
}

fn y01(y: &[bool]) -> Vec<f64> {
    y.iter().map(|&b| if b { 1.0 } else { 0.0 }).collect()
}

impl Classifier for DecisionTreeModel {
    fn name(&self) -> String {
        "decision_tree".into()
    }
    fn fit(
        &self,
        x: &DMatrix<f64>,
        y: &[bool],
        seed: u64,
    ) -> Result<Box<dyn FittedClassifier>, ClassifyError> {
        check_two_classes(y, None)?;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let t = grow(&self.tree, x, &y01(y), &vec![1.0; y.len()], &mut rng);
        Ok(Box::new(FittedForest {
            trees: vec![t],
            n_features: x.ncols(),
        }))
    }
}

/// Random forest: `n_trees` trees on bootstrap samples, `max_features`
/// features tried per split (default `⌊√p⌋`, as `randomForest` for
/// classification), grown to purity (`min_leaf` 1); the probability is the
/// mean of the trees' leaf proportions. Tree `t` draws from its own
/// generator seeded from `(seed, t)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RandomForestParams {
    /// Number of trees.
    pub n_trees: usize,
    /// Features per split (`None` = `⌊√p⌋`).
    pub max_features: Option<usize>,
    /// Depth limit (`None` = unlimited).
    pub max_depth: Option<usize>,
    /// Smallest child weight.
    pub min_leaf: f64,
}

impl Default for RandomForestParams {
    fn default() -> Self {
        RandomForestParams {
            n_trees: 200,
            max_features: None,
            max_depth: None,
            min_leaf: 1.0,
        }
    }
}

impl RandomForestParams {
    /// Fits the forest (the typed counterpart of [`Classifier::fit`]).
    ///
    /// # Errors
    /// [`ClassifyError::SingleClass`], [`ClassifyError::BadParameter`].
    pub fn fit_forest(
        &self,
        x: &DMatrix<f64>,
        y: &[bool],
        seed: u64,
    ) -> Result<FittedForest, ClassifyError> {
        check_two_classes(y, None)?;
        if self.n_trees == 0 {
            return Err(ClassifyError::BadParameter {
                name: "n_trees",
                requirement: "at least 1",
                value: 0.0,
            });
        }
        let p = x.ncols();
        let mtry = self
            .max_features
            .unwrap_or(((p as f64).sqrt().floor() as usize).max(1));
        let tp = TreeParams {
            max_depth: self.max_depth,
            min_split: 2.0 * self.min_leaf,
            min_leaf: self.min_leaf,
            max_features: Some(mtry),
        };
        let yy = y01(y);
        let trees = (0..self.n_trees)
            .map(|t| {
                let mut rng = ChaCha8Rng::seed_from_u64(derive_seed(seed, t as u64));
                let w = bootstrap_weights(y.len(), &mut rng);
                grow(&tp, x, &yy, &w, &mut rng)
            })
            .collect();
        Ok(FittedForest {
            trees,
            n_features: p,
        })
    }
}

impl Classifier for RandomForestParams {
    fn name(&self) -> String {
        "random_forest".into()
    }
    fn fit(
        &self,
        x: &DMatrix<f64>,
        y: &[bool],
        seed: u64,
    ) -> Result<Box<dyn FittedClassifier>, ClassifyError> {
        Ok(Box::new(self.fit_forest(x, y, seed)?))
    }
}

/// A fitted tree or forest.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedForest {
    /// The trees.
    pub trees: Vec<Tree>,
    /// Features seen at fit time.
    pub n_features: usize,
}

impl FittedForest {
    /// Mean decrease in impurity per feature (weighted Gini decrease summed
    /// over splits, averaged over trees, normalised to sum 1; scikit-learn's
    /// `feature_importances_`).
    pub fn importance(&self) -> Vec<f64> {
        let mut imp = vec![0.0; self.n_features];
        for t in &self.trees {
            let mut ti = vec![0.0; self.n_features];
            for nd in &t.nodes {
                if !nd.is_leaf() {
                    ti[nd.feature] += nd.gain;
                }
            }
            let s: f64 = ti.iter().sum();
            if s > 0.0 {
                for (a, b) in imp.iter_mut().zip(&ti) {
                    *a += b / s;
                }
            }
        }
        let s: f64 = imp.iter().sum();
        if s > 0.0 {
            imp.iter_mut().for_each(|v| *v /= s);
        }
        imp
    }
}

impl FittedClassifier for FittedForest {
    fn predict_proba(&self, x: &DMatrix<f64>) -> Vec<f64> {
        self.tree_ensemble().expect("trees").predict_proba(x)
    }
    fn tree_ensemble(&self) -> Option<TreeEnsemble> {
        let m = self.trees.len() as f64;
        Some(TreeEnsemble {
            trees: self.trees.clone(),
            weights: vec![1.0 / m; self.trees.len()],
            base: 0.0,
            link: Link::Identity,
        })
    }
}
