//! Multiple-testing adjustment.

/// Benjamini–Hochberg adjusted p-values, as `p.adjust(p, "BH")`: `NaN`
/// entries stay `NaN` and do not count towards the number of tests.
pub fn p_adjust_bh(p: &[f64]) -> Vec<f64> {
    let idx: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    let n = idx.len();
    let mut out = vec![f64::NAN; p.len()];
    if n == 0 {
        return out;
    }
    let mut o = idx.clone();
    // decreasing p (stable)
    o.sort_by(|&a, &b| p[b].total_cmp(&p[a]));
    let mut cm = f64::INFINITY;
    for (k, &i) in o.iter().enumerate() {
        let rank = (n - k) as f64;
        cm = cm.min(n as f64 / rank * p[i]);
        out[i] = cm.min(1.0);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn matches_r_p_adjust() {
        // p.adjust(c(0.01, 0.04, 0.03, 0.2, NA), "BH") = 0.04 0.0533 0.0533 0.2 NA
        let a = super::p_adjust_bh(&[0.01, 0.04, 0.03, 0.2, f64::NAN]);
        for (x, y) in a.iter().zip([0.04, 0.16 / 3.0, 0.16 / 3.0, 0.2]) {
            assert!((x - y).abs() < 1e-15);
        }
        assert!(a[4].is_nan());
    }
}
