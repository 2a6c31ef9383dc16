//! SHAP explanations of fitted classifiers: exact TreeSHAP for tree
//! ensembles and KernelSHAP for any model, with the per-feature mean
//! `|SHAP|` importance of the radiomics papers' bar plots.
//!
//! - [`tree_shap`]: Lundberg et al.'s exact polynomial-time algorithm
//!   (path-dependent conditional expectations weighted by the training
//!   covers), on the ensemble's margin (probability for forests, log-odds
//!   for boosting). Additivity holds to rounding: `expected + Σ_j φ_j =
//!   margin(x)`.
//! - [`kernel_shap`]: interventional Shapley values of the predicted
//!   probability against a background sample, `v(S) = mean_b f(x_S,
//!   b_{−S})`. With `2^p − 2 ≤ n_coalitions` every coalition is enumerated
//!   (exact Shapley values); otherwise coalitions are drawn from the Shapley
//!   kernel with a seeded generator and solved by the constrained least
//!   squares of KernelSHAP. Additivity `φ0 + Σ φ_j = f(x)` is exact by
//!   construction.
//!
//! # References
//! Lundberg SM, Erion G, Chen H, et al. (2020). From local explanations to
//! global understanding with explainable AI for trees. *Nat Mach Intell*
//! 2:56–67 (Algorithm 2). Lundberg SM, Lee S-I (2017). A unified approach
//! to interpreting model predictions. *NeurIPS* 30.

mod kernel;
#[cfg(test)]
mod tests;
mod tree;

pub use kernel::{KernelShapParams, kernel_shap};
pub use tree::tree_shap;

use nalgebra::DMatrix;
use prognos_core::table::{Cell, Table};

/// The scale on which SHAP values add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapScale {
    /// The ensemble margin (probability for averaged trees, log-odds for boosting).
    Margin,
    /// The predicted probability.
    Probability,
}

/// SHAP values of a set of rows.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapValues {
    /// `φ_ij`: row `i`, feature `j`.
    pub values: DMatrix<f64>,
    /// The expected value `φ0` (same for every row).
    pub expected: f64,
    /// The model output explained for each row (`φ0 + Σ_j φ_ij`).
    pub output: Vec<f64>,
    /// Scale of the values.
    pub scale: ShapScale,
}

impl ShapValues {
    /// Mean `|φ_j|` over rows, per feature.
    pub fn mean_abs(&self) -> Vec<f64> {
        let n = self.values.nrows() as f64;
        (0..self.values.ncols())
            .map(|j| self.values.column(j).iter().map(|v| v.abs()).sum::<f64>() / n)
            .collect()
    }

    /// Features by decreasing mean `|SHAP|` with their value.
    pub fn summary(&self, names: &[String]) -> Table {
        let m = self.mean_abs();
        let mut order: Vec<usize> = (0..m.len()).collect();
        order.sort_by(|&a, &b| m[b].total_cmp(&m[a]).then(a.cmp(&b)));
        let mut t = Table::new(["mean |SHAP|"]).with_title(format!(
            "SHAP importance ({} rows, expected value {:.4} on the {} scale)",
            self.values.nrows(),
            self.expected,
            match self.scale {
                ShapScale::Margin => "margin",
                ShapScale::Probability => "probability",
            }
        ));
        for j in order {
            let name = names
                .get(j)
                .cloned()
                .unwrap_or_else(|| format!("x{}", j + 1));
            t.push_row(name, [Cell::Num(m[j])]);
        }
        t
    }
}
