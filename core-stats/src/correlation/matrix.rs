//! Correlation matrix between two feature sets with BH-adjusted p-values.

use super::{CorMethod, cor_test};
use crate::htest::{Alternative, HtestError};
use crate::padjust::{PAdjust, p_adjust};

/// One pair of features.
#[derive(Debug, Clone, PartialEq)]
pub struct CorEntry {
    /// Index of the feature in the first set.
    pub i: usize,
    /// Index of the feature in the second set.
    pub j: usize,
    /// Correlation (Pearson r or Spearman rho).
    pub r: f64,
    /// Two-sided p-value of `cor.test`.
    pub p: f64,
    /// Benjamini–Hochberg adjusted p-value across all pairs of the matrix.
    pub p_adj: f64,
    /// Pairs used (rows where both features are finite).
    pub n: usize,
}

/// All pairwise correlations between `a` and `b` (or, when `b` is `None`,
/// the upper triangle `i < j` within `a`).
#[derive(Debug, Clone, PartialEq)]
pub struct CorMatrix {
    /// One entry per pair, row-major in (i, j).
    pub entries: Vec<CorEntry>,
}

/// Correlates every feature of `a` with every feature of `b` (each feature
/// is one column as a slice, all of the same length), as R
/// `cor.test(a[[i]], b[[j]], method = method)` on the pairwise complete
/// rows (NaN = missing), then `p.adjust(p, "BH")` over all pairs. Pairs
/// whose test fails (fewer than 3 complete rows, constant feature) get NaN
/// r and p, which BH leaves out of the count, as R does with `NA`.
///
/// # Errors
/// [`HtestError::LengthMismatch`] when the features differ in length.
pub fn cor_matrix(
    a: &[&[f64]],
    b: Option<&[&[f64]]>,
    method: CorMethod,
) -> Result<CorMatrix, HtestError> {
    let n = a.first().map_or(0, |v| v.len());
    for f in a.iter().chain(b.unwrap_or(&[]).iter()) {
        if f.len() != n {
            return Err(HtestError::LengthMismatch { nx: n, ny: f.len() });
        }
    }
    let pairs: Vec<(usize, usize)> = match b {
        Some(b) => (0..a.len())
            .flat_map(|i| (0..b.len()).map(move |j| (i, j)))
            .collect(),
        None => (0..a.len())
            .flat_map(|i| (i + 1..a.len()).map(move |j| (i, j)))
            .collect(),
    };
    let second = b.unwrap_or(a);
    let mut entries: Vec<CorEntry> = pairs
        .into_iter()
        .map(|(i, j)| {
            let (x, y): (Vec<f64>, Vec<f64>) = a[i]
                .iter()
                .zip(second[j].iter())
                .filter(|(u, v)| u.is_finite() && v.is_finite())
                .map(|(u, v)| (*u, *v))
                .unzip();
            let res = cor_test(&x, &y, method, Alternative::TwoSided, 0.95).ok();
            CorEntry {
                i,
                j,
                r: res.as_ref().map_or(f64::NAN, |t| t.estimate[0].value),
                p: res.as_ref().map_or(f64::NAN, |t| t.p_value),
                p_adj: f64::NAN,
                n: x.len(),
            }
        })
        .collect();
    let p: Vec<f64> = entries.iter().map(|e| e.p).collect();
    for (e, q) in entries.iter_mut().zip(p_adjust(&p, PAdjust::BH)) {
        e.p_adj = q;
    }
    Ok(CorMatrix { entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_one_set_is_upper_triangle_with_bh() {
        let f1 = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let f2 = [2.0, 1.0, 4.0, 3.0, 6.0, 5.0];
        let f3 = [6.0, 5.0, 4.0, 3.0, 2.0, f64::NAN];
        let m = cor_matrix(&[&f1, &f2, &f3], None, CorMethod::Pearson).unwrap();
        assert_eq!(m.entries.len(), 3);
        assert_eq!(m.entries[1].n, 5);
        assert!((m.entries[1].r + 1.0).abs() < 1e-12);
        let p: Vec<f64> = m.entries.iter().map(|e| e.p).collect();
        let q = p_adjust(&p, PAdjust::BH);
        for (e, q) in m.entries.iter().zip(q) {
            assert!(e.p_adj == q || (e.p_adj.is_nan() && q.is_nan()));
        }
    }
}
