//! Precision weights for RNA-seq counts, as `limma::voom`.

use super::error::LimmaError;
use super::lmfit::lm_fit;
use super::matrix::ExprMatrix;
use super::tmm::check_counts;
use crate::smooth::{Interpolator, lowess};
use nalgebra::DMatrix;

/// The output of [`voom`]: log-CPM values and their precision weights.
#[derive(Debug, Clone)]
pub struct VoomOutput {
    /// `log2((count + 0.5) / (lib.size + 1) * 1e6)`, genes x samples.
    pub e: ExprMatrix,
    /// Precision weights, genes x samples.
    pub weights: DMatrix<f64>,
    /// Effective library sizes used (`colSums * norm.factors`).
    pub lib_size: Vec<f64>,
}

/// Converts counts to log-CPM and estimates the mean–variance trend to
/// give each observation a precision weight, as
/// `limma::voom(counts, design, lib.size = colSums(counts) * norm_factors)`
/// with `span = 0.5` (Law et al. 2014): an unweighted fit of the log-CPM,
/// `lowess(sqrt(sigma) ~ Amean + mean(log2(lib.size + 1)) - log2(1e6))`
/// (genes with all-zero counts left out), and weights
/// `1 / trend(fitted log-count)^4`.
///
/// # Errors
/// [`LimmaError::BadCount`] for negative/non-finite counts,
/// [`LimmaError::ZeroLibrary`], and the errors of [`lm_fit`].
pub fn voom(
    counts: &ExprMatrix,
    design: &DMatrix<f64>,
    design_names: &[String],
    norm_factors: Option<&[f64]>,
) -> Result<VoomOutput, LimmaError> {
    check_counts(counts)?;
    let x = &counts.values;
    let (g, n) = (x.nrows(), x.ncols());
    let mut lib: Vec<f64> = (0..n).map(|j| x.column(j).sum()).collect();
    if let Some(nf) = norm_factors {
        for (l, f) in lib.iter_mut().zip(nf) {
            *l *= f;
        }
    }
    if let Some(j) = lib.iter().position(|&l| !(l > 0.0)) {
        return Err(LimmaError::ZeroLibrary {
            sample: counts.samples.get(j).cloned().unwrap_or_default(),
        });
    }
    let ev = DMatrix::from_fn(g, n, |i, j| {
        ((x[(i, j)] + 0.5) / (lib[j] + 1.0) * 1e6).log2()
    });
    let e = ExprMatrix::new(counts.genes.clone(), counts.samples.clone(), ev);
    let fit = lm_fit(&e, design, design_names, None)?;
    let mean_log_lib = lib.iter().map(|l| (l + 1.0).log2()).sum::<f64>() / n as f64;
    let shift = mean_log_lib - 1e6f64.log2();
    let mut sx = Vec::with_capacity(g);
    let mut sy = Vec::with_capacity(g);
    for i in 0..g {
        if x.row(i).iter().any(|&v| v != 0.0) {
            sx.push(fit.amean[i] + shift);
            sy.push(fit.sigma[i].sqrt());
        }
    }
    let fitted = lowess(&sx, &sy, 0.5, 3);
    let mut ord: Vec<usize> = (0..sx.len()).collect();
    ord.sort_by(|&a, &b| sx[a].total_cmp(&sx[b]));
    let xs: Vec<f64> = ord.iter().map(|&k| sx[k]).collect();
    let ys: Vec<f64> = ord.iter().map(|&k| fitted[k]).collect();
    let trend = Interpolator::from_sorted(&xs, &ys).ok_or(LimmaError::Empty {
        genes: 0,
        samples: n,
    })?;
    // fitted log-count = log2(1e-6 * 2^(X beta) * (lib + 1))
    let weights = DMatrix::from_fn(g, n, |i, j| {
        let mu: f64 = (0..design.ncols())
            .map(|c| fit.coefficients[(i, c)] * design[(j, c)])
            .sum();
        let logcount = mu + (lib[j] + 1.0).log2() - 1e6f64.log2();
        1.0 / trend.eval(logcount).powi(4)
    });
    Ok(VoomOutput {
        e,
        weights,
        lib_size: lib,
    })
}
