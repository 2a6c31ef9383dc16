//! Weighted CART regression trees: the building block of the decision
//! tree, random forest, gradient boosting and AdaBoost classifiers, and the
//! input of exact TreeSHAP.
//!
//! With a 0/1 target the weighted squared-error criterion equals the Gini
//! criterion (`Σ w y (1 − ȳ)` is half the weighted Gini impurity), so one
//! tree type serves classification (leaf value = weighted class-1
//! proportion) and boosting (leaf value = Newton step).

use nalgebra::DMatrix;
use rand::Rng;
use rand::seq::index::sample;
use rand_chacha::ChaCha8Rng;

/// One node of a fitted tree. Leaves have `left == right == usize::MAX`.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Split feature (internal nodes).
    pub feature: usize,
    /// Split threshold: `x[feature] <= threshold` goes left.
    pub threshold: f64,
    /// Left child index.
    pub left: usize,
    /// Right child index.
    pub right: usize,
    /// Prediction of the node (leaf value; for internal nodes the weighted
    /// mean of the training target, used by nothing but reports).
    pub value: f64,
    /// Training weight reaching the node (TreeSHAP's cover).
    pub cover: f64,
    /// Weighted impurity decrease of the split (0 for leaves).
    pub gain: f64,
}

impl Node {
    /// Whether the node is a leaf.
    pub fn is_leaf(&self) -> bool {
        self.left == usize::MAX
    }
}

/// A fitted binary tree (node 0 is the root).
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    /// Nodes, parents before children.
    pub nodes: Vec<Node>,
}

impl Tree {
    /// The leaf reached by row `i` of `x`.
    pub fn leaf(&self, x: &DMatrix<f64>, i: usize) -> usize {
        let mut k = 0;
        while !self.nodes[k].is_leaf() {
            let nd = &self.nodes[k];
            k = if x[(i, nd.feature)] <= nd.threshold {
                nd.left
            } else {
                nd.right
            };
        }
        k
    }

    /// Prediction (leaf value) for row `i`.
    pub fn predict_row(&self, x: &DMatrix<f64>, i: usize) -> f64 {
        self.nodes[self.leaf(x, i)].value
    }

    /// Depth of the tree (a single leaf has depth 0).
    pub fn depth(&self) -> usize {
        fn d(t: &Tree, k: usize) -> usize {
            let n = &t.nodes[k];
            if n.is_leaf() {
                0
            } else {
                1 + d(t, n.left).max(d(t, n.right))
            }
        }
        d(self, 0)
    }
}

/// Growth limits of a tree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TreeParams {
    /// Maximum depth (`None` = grow until pure or too small).
    pub max_depth: Option<usize>,
    /// Minimum weight of a node to be split (rpart's `minsplit`, as a count).
    pub min_split: f64,
    /// Minimum weight in each child (`minbucket`).
    pub min_leaf: f64,
    /// Features tried per split (`None` = all; random forests use `√p`).
    pub max_features: Option<usize>,
}

impl Default for TreeParams {
    fn default() -> Self {
        TreeParams {
            max_depth: Some(5),
            min_split: 4.0,
            min_leaf: 2.0,
            max_features: None,
        }
    }
}

/// Grows a tree on rows `rows` of `x` with target `y` and case weights `w`
/// (rows with weight 0 are ignored). `rng` draws the feature subsets when
/// `max_features` is set. Leaf values are the weighted target means.
pub fn grow(
    params: &TreeParams,
    x: &DMatrix<f64>,
    y: &[f64],
    w: &[f64],
    rng: &mut ChaCha8Rng,
) -> Tree {
    let rows: Vec<usize> = (0..x.nrows()).filter(|&i| w[i] > 0.0).collect();
    let mut tree = Tree { nodes: Vec::new() };
    build(params, x, y, w, rows, 0, &mut tree, rng);
    tree
}

#[allow(clippy::too_many_arguments)]
fn build(
    params: &TreeParams,
    x: &DMatrix<f64>,
    y: &[f64],
    w: &[f64],
    rows: Vec<usize>,
    depth: usize,
    tree: &mut Tree,
    rng: &mut ChaCha8Rng,
) -> usize {
    let (sw, swy) = rows
        .iter()
        .fold((0.0, 0.0), |(a, b), &i| (a + w[i], b + w[i] * y[i]));
    let value = if sw > 0.0 { swy / sw } else { 0.0 };
    let id = tree.nodes.len();
    tree.nodes.push(Node {
        feature: 0,
        threshold: 0.0,
        left: usize::MAX,
        right: usize::MAX,
        value,
        cover: sw,
        gain: 0.0,
    });
    let can_split = params.max_depth.is_none_or(|d| depth < d) && sw >= params.min_split;
    if !can_split {
        return id;
    }
    let Some(split) = best_split(params, x, y, w, &rows, rng) else {
        return id;
    };
    let (lrows, rrows): (Vec<usize>, Vec<usize>) = rows
        .iter()
        .partition(|&&i| x[(i, split.feature)] <= split.threshold);
    let left = build(params, x, y, w, lrows, depth + 1, tree, rng);
    let right = build(params, x, y, w, rrows, depth + 1, tree, rng);
    let nd = &mut tree.nodes[id];
    nd.feature = split.feature;
    nd.threshold = split.threshold;
    nd.left = left;
    nd.right = right;
    nd.gain = split.gain;
    id
}

struct Split {
    feature: usize,
    threshold: f64,
    gain: f64,
}

fn best_split(
    params: &TreeParams,
    x: &DMatrix<f64>,
    y: &[f64],
    w: &[f64],
    rows: &[usize],
    rng: &mut ChaCha8Rng,
) -> Option<Split> {
    let p = x.ncols();
    let features: Vec<usize> = match params.max_features {
        Some(m) if m < p => {
            let mut f = sample(rng, p, m.max(1)).into_vec();
            f.sort_unstable();
            f
        }
        _ => (0..p).collect(),
    };
    let (tw, twy, twyy) = rows.iter().fold((0.0, 0.0, 0.0), |(a, b, c), &i| {
        (a + w[i], b + w[i] * y[i], c + w[i] * y[i] * y[i])
    });
    let parent_sse = twyy - twy * twy / tw;
    if parent_sse <= 1e-12 * twyy.abs().max(1e-300) {
        return None; // pure node
    }
    let mut best: Option<Split> = None;
    let mut order: Vec<usize> = rows.to_vec();
    for &f in &features {
        order.sort_by(|&a, &b| x[(a, f)].total_cmp(&x[(b, f)]));
        let (mut lw, mut lwy, mut lwyy) = (0.0, 0.0, 0.0);
        for k in 0..order.len() - 1 {
            let i = order[k];
            lw += w[i];
            lwy += w[i] * y[i];
            lwyy += w[i] * y[i] * y[i];
            let (xv, xn) = (x[(i, f)], x[(order[k + 1], f)]);
            if xv == xn {
                continue;
            }
            let rw = tw - lw;
            if lw < params.min_leaf || rw < params.min_leaf {
                continue;
            }
            let (rwy, rwyy) = (twy - lwy, twyy - lwyy);
            let sse = (lwyy - lwy * lwy / lw) + (rwyy - rwy * rwy / rw);
            let gain = parent_sse - sse;
            if gain > 1e-12 * parent_sse && best.as_ref().is_none_or(|b| gain > b.gain) {
                best = Some(Split {
                    feature: f,
                    threshold: xv + (xn - xv) / 2.0,
                    gain,
                });
            }
        }
    }
    best
}

/// Bootstrap case weights: `n` draws with replacement (multiplicities).
pub fn bootstrap_weights(n: usize, rng: &mut ChaCha8Rng) -> Vec<f64> {
    let mut w = vec![0.0; n];
    for _ in 0..n {
        w[rng.random_range(0..n)] += 1.0;
    }
    w
}
