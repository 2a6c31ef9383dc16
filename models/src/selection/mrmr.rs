//! Minimum-redundancy maximum-relevance (mRMR) ranking, FCQ variant.

use super::SelectionError;
use super::univariate::{UnivariateTest, univariate_scores};
use nalgebra::DMatrix;

/// Ranks up to `k` features by mRMR with the F-test/correlation quotient
/// (FCQ; Ding & Peng 2005): the first feature has the largest ANOVA F;
/// each next one maximises `F_j / mean_{s ∈ S} |r_js|` over the features not
/// yet selected. Constant features are never selected.
///
/// # Errors
/// As [`univariate_scores`].
///
/// # References
/// Ding C, Peng H (2005). Minimum redundancy feature selection from
/// microarray gene expression data. *J Bioinform Comput Biol* 3:185–205.
pub fn mrmr(
    x: &DMatrix<f64>,
    names: &[String],
    y: &[bool],
    k: usize,
) -> Result<Vec<usize>, SelectionError> {
    let f = univariate_scores(x, names, y, UnivariateTest::AnovaF)?;
    let (n, p) = x.shape();
    let mut z = DMatrix::zeros(n, p);
    for j in 0..p {
        let c = x.column(j);
        let m = c.sum() / n as f64;
        let ss: f64 = c.iter().map(|a| (a - m).powi(2)).sum();
        if ss > 0.0 {
            for i in 0..n {
                z[(i, j)] = (x[(i, j)] - m) / ss.sqrt();
            }
        }
    }
    let rel: Vec<f64> = f.scores.iter().map(|s| s.statistic).collect();
    let mut candidates: Vec<usize> = (0..p).filter(|&j| rel[j].is_finite()).collect();
    let mut selected: Vec<usize> = Vec::new();
    let mut red_sum = vec![0.0; p];
    while selected.len() < k && !candidates.is_empty() {
        let score = |j: usize| {
            if selected.is_empty() {
                rel[j]
            } else {
                rel[j] / (red_sum[j] / selected.len() as f64).max(1e-12)
            }
        };
        let (pos, &best) = candidates
            .iter()
            .enumerate()
            .max_by(|(_, a), (_, b)| score(**a).total_cmp(&score(**b)).then(b.cmp(a)))
            .expect("non-empty");
        candidates.remove(pos);
        selected.push(best);
        for &j in &candidates {
            red_sum[j] += z.column(j).dot(&z.column(best)).abs();
        }
    }
    Ok(selected)
}
