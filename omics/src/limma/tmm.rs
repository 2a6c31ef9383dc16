//! TMM normalisation factors, as `edgeR::calcNormFactors(method = "TMM")`.

use super::error::LimmaError;
use super::matrix::ExprMatrix;
use crate::special::{quantile7, rank_average};

/// Trimmed-mean-of-M-values normalisation factors (Robinson & Oshlack
/// 2010), one per sample, scaled to geometric mean 1, as
/// `edgeR::calcNormFactors(counts, method = "TMM")` with its defaults
/// (`logratioTrim = 0.3`, `sumTrim = 0.05`, precision weighting, reference
/// = the sample whose upper-quartile factor is closest to the mean).
/// Genes with zero counts in every sample are ignored.
///
/// # Errors
/// [`LimmaError::BadCount`] for a negative or non-finite count.
pub fn tmm_factors(counts: &ExprMatrix) -> Result<Vec<f64>, LimmaError> {
    check_counts(counts)?;
    let x = &counts.values;
    let (g, n) = (x.nrows(), x.ncols());
    let lib: Vec<f64> = (0..n).map(|j| x.column(j).sum()).collect();
    let rows: Vec<usize> = (0..g)
        .filter(|&i| x.row(i).iter().any(|&v| v > 0.0))
        .collect();
    if rows.is_empty() || n == 1 {
        return Ok(vec![1.0; n]);
    }
    let col = |j: usize| -> Vec<f64> { rows.iter().map(|&i| x[(i, j)]).collect() };
    let f75: Vec<f64> = (0..n).map(|j| quantile7(&col(j), 0.75) / lib[j]).collect();
    let med = crate::special::median(&f75);
    let refc = if med < 1e-20 {
        let s: Vec<f64> = (0..n)
            .map(|j| col(j).iter().map(|v| v.sqrt()).sum())
            .collect();
        argmax_first(&s)
    } else {
        let m = f75.iter().sum::<f64>() / n as f64;
        let d: Vec<f64> = f75.iter().map(|v| -(v - m).abs()).collect();
        argmax_first(&d)
    };
    let rf = col(refc);
    let mut f: Vec<f64> = (0..n)
        .map(|j| tmm_one(&col(j), &rf, lib[j], lib[refc]))
        .collect();
    let gm = (f.iter().map(|v| v.ln()).sum::<f64>() / n as f64).exp();
    for v in f.iter_mut() {
        *v /= gm;
    }
    Ok(f)
}

/// Index of the first maximum.
fn argmax_first(v: &[f64]) -> usize {
    let mut best = 0;
    for i in 1..v.len() {
        if v[i] > v[best] {
            best = i;
        }
    }
    best
}

/// `edgeR:::.calcFactorTMM` for one sample against the reference.
fn tmm_one(obs: &[f64], rf: &[f64], n_o: f64, n_r: f64) -> f64 {
    let mut log_r = Vec::new();
    let mut abs_e = Vec::new();
    let mut v = Vec::new();
    for (&o, &r) in obs.iter().zip(rf) {
        let lr = ((o / n_o) / (r / n_r)).log2();
        let ae = ((o / n_o).log2() + (r / n_r).log2()) / 2.0;
        if lr.is_finite() && ae.is_finite() && ae > -1e10 {
            log_r.push(lr);
            abs_e.push(ae);
            v.push((n_o - o) / n_o / o + (n_r - r) / n_r / r);
        }
    }
    if log_r.iter().map(|x| x.abs()).fold(0.0, f64::max) < 1e-6 {
        return 1.0;
    }
    let m = log_r.len() as f64;
    let lo_l = (m * 0.3).floor() + 1.0;
    let hi_l = m + 1.0 - lo_l;
    let lo_s = (m * 0.05).floor() + 1.0;
    let hi_s = m + 1.0 - lo_s;
    let rl = rank_average(&log_r);
    let ra = rank_average(&abs_e);
    let (mut num, mut den) = (0.0, 0.0);
    for k in 0..log_r.len() {
        if rl[k] >= lo_l && rl[k] <= hi_l && ra[k] >= lo_s && ra[k] <= hi_s {
            num += log_r[k] / v[k];
            den += 1.0 / v[k];
        }
    }
    let f = num / den;
    if f.is_nan() { 1.0 } else { f.exp2() }
}

/// Counts must be finite and non-negative.
pub(super) fn check_counts(counts: &ExprMatrix) -> Result<(), LimmaError> {
    let x = &counts.values;
    for j in 0..x.ncols() {
        for i in 0..x.nrows() {
            let v = x[(i, j)];
            if !(v.is_finite() && v >= 0.0) {
                return Err(LimmaError::BadCount {
                    gene: counts.genes.get(i).cloned().unwrap_or_default(),
                    sample: counts.samples.get(j).cloned().unwrap_or_default(),
                    value: v,
                });
            }
        }
    }
    Ok(())
}
