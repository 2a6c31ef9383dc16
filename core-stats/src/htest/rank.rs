//! Average ranks and tie counts (R `rank(x)` with `ties.method = "average"`).

/// 1-based ranks of `x`, ties given their average rank, as R `rank(x)`.
/// NaN values must be removed by the caller.
pub fn rank_average(x: &[f64]) -> Vec<f64> {
    let n = x.len();
    let mut o: Vec<usize> = (0..n).collect();
    o.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && x[o[j + 1]] == x[o[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            r[o[k]] = avg;
        }
        i = j + 1;
    }
    r
}

/// `sum(t^3 - t)` over the sizes `t` of the groups of equal values
/// (R `sum(NTIES^3 - NTIES)` with `NTIES <- table(x)`).
pub fn tie_correction(x: &[f64]) -> f64 {
    let mut s: Vec<f64> = x.to_vec();
    s.sort_by(f64::total_cmp);
    let mut total = 0.0;
    let mut i = 0;
    while i < s.len() {
        let mut j = i;
        while j + 1 < s.len() && s[j + 1] == s[i] {
            j += 1;
        }
        let t = (j - i + 1) as f64;
        total += t * t * t - t;
        i = j + 1;
    }
    total
}

/// Whether any two values are equal.
pub fn has_ties(x: &[f64]) -> bool {
    tie_correction(x) > 0.0
}
