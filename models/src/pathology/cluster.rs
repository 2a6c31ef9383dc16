//! Cluster-validity indices of a partition of points.

use super::PathologyError;
use nalgebra::DMatrix;

fn centroids(
    x: &DMatrix<f64>,
    labels: &[usize],
) -> Result<(Vec<Vec<f64>>, Vec<usize>), PathologyError> {
    let (n, p) = x.shape();
    if labels.len() != n {
        return Err(PathologyError::LengthMismatch {
            what: "cluster labels",
            got: labels.len(),
            expected: n,
        });
    }
    let k = labels.iter().max().map_or(0, |m| m + 1);
    let mut c = vec![vec![0.0; p]; k];
    let mut cnt = vec![0usize; k];
    for i in 0..n {
        cnt[labels[i]] += 1;
        for j in 0..p {
            c[labels[i]][j] += x[(i, j)];
        }
    }
    let used = cnt.iter().filter(|&&m| m > 0).count();
    if used < 2 || used >= n {
        return Err(PathologyError::Clusters { clusters: used, n });
    }
    for (ck, &m) in c.iter_mut().zip(&cnt) {
        if m > 0 {
            ck.iter_mut().for_each(|v| *v /= m as f64);
        }
    }
    Ok((c, cnt))
}

fn within(x: &DMatrix<f64>, labels: &[usize], c: &[Vec<f64>]) -> Vec<f64> {
    let mut w = vec![0.0; c.len()];
    for i in 0..x.nrows() {
        w[labels[i]] += (0..x.ncols())
            .map(|j| (x[(i, j)] - c[labels[i]][j]).powi(2))
            .sum::<f64>();
    }
    w
}

/// Calinski–Harabasz index `[B/(K − 1)] / [W/(n − K)]` with `B` the
/// between-cluster and `W` the within-cluster sum of squares (as
/// `fpc::calinhara`, scikit-learn's `calinski_harabasz_score`). Rows of `x`
/// are points, `labels` their cluster (0-based; empty labels ignored).
///
/// # Errors
/// [`PathologyError::Clusters`] unless `2 ≤ K < n`; length mismatch.
pub fn calinski_harabasz(x: &DMatrix<f64>, labels: &[usize]) -> Result<f64, PathologyError> {
    let (c, cnt) = centroids(x, labels)?;
    let (n, p) = x.shape();
    let g: Vec<f64> = (0..p).map(|j| x.column(j).sum() / n as f64).collect();
    let k = cnt.iter().filter(|&&m| m > 0).count() as f64;
    let b: f64 = c
        .iter()
        .zip(&cnt)
        .map(|(ck, &m)| m as f64 * (0..p).map(|j| (ck[j] - g[j]).powi(2)).sum::<f64>())
        .sum();
    let w: f64 = within(x, labels, &c).iter().sum();
    Ok((b / (k - 1.0)) / (w / (n as f64 - k)))
}

/// Ball–Hall index: the mean over clusters of the mean squared distance of
/// a cluster's points to its centroid (`clusterCrit::intCriteria(...,
/// "Ball_Hall")`).
///
/// # Errors
/// As [`calinski_harabasz`].
pub fn ball_hall(x: &DMatrix<f64>, labels: &[usize]) -> Result<f64, PathologyError> {
    let (c, cnt) = centroids(x, labels)?;
    let w = within(x, labels, &c);
    let used: Vec<usize> = (0..cnt.len()).filter(|&k| cnt[k] > 0).collect();
    Ok(used.iter().map(|&k| w[k] / cnt[k] as f64).sum::<f64>() / used.len() as f64)
}
