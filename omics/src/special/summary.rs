//! Order statistics as R computes them: `median`, `quantile(type = 7)`,
//! `mean(trim = )` and `rank(ties.method = "average")`.

/// Median of the finite values, as `median(x)`; `NaN` when empty.
pub fn median(x: &[f64]) -> f64 {
    quantile7(x, 0.5)
}

/// Sample quantile of type 7 (R's default): `x[j] + g (x[j+1] - x[j])`
/// with `h = (n - 1) p`.
pub fn quantile7(x: &[f64], p: f64) -> f64 {
    let mut v: Vec<f64> = x.to_vec();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    quantile7_sorted(&v, p)
}

/// [`quantile7`] on data already sorted ascending.
pub fn quantile7_sorted(v: &[f64], p: f64) -> f64 {
    let n = v.len();
    let h = (n as f64 - 1.0) * p;
    // R guards against fuzz: j = floor(h + 4 eps).
    let j = (h + 4.0 * f64::EPSILON).floor() as usize;
    let g = h - j as f64;
    if j + 1 >= n {
        return v[n - 1];
    }
    if g.abs() < 4.0 * f64::EPSILON {
        return v[j];
    }
    (1.0 - g) * v[j] + g * v[j + 1]
}

/// Trimmed mean as `mean(x, trim = trim)`: drops `floor(n * trim)` values
/// from each end of the sorted data (the median when `trim >= 0.5`).
pub fn mean_trimmed(x: &[f64], trim: f64) -> f64 {
    let n = x.len();
    if trim <= 0.0 || n == 0 {
        return x.iter().sum::<f64>() / n as f64;
    }
    if trim >= 0.5 {
        return median(x);
    }
    let lo = (n as f64 * trim).floor() as usize;
    let mut v = x.to_vec();
    v.sort_by(f64::total_cmp);
    let kept = &v[lo..n - lo];
    kept.iter().sum::<f64>() / kept.len() as f64
}

/// Ranks 1..n with ties given their average rank, as `rank(x)`.
pub fn rank_average(x: &[f64]) -> Vec<f64> {
    let n = x.len();
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            r[idx[k]] = avg;
        }
        i = j + 1;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_statistics_match_r() {
        let x = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
        assert_eq!(median(&x), 3.5);
        // quantile(x, 0.1) = 1; quantile(x, 0.9) = 6.9
        assert!((quantile7(&x, 0.9) - 6.9).abs() < 1e-14);
        assert_eq!(
            rank_average(&x),
            vec![4.0, 1.5, 5.0, 1.5, 6.0, 8.0, 3.0, 7.0]
        );
        // mean(x, trim = 0.2) drops 1 from each end: (1+2+3+4+5+6)/6
        assert!((mean_trimmed(&x, 0.2) - 3.5).abs() < 1e-14);
    }
}
