//! k-group location tests: Kruskal–Wallis (`kruskal.test`) and one-way
//! ANOVA (`oneway.test(var.equal = TRUE)`, the F of `anova(lm(y ~ g))`).

use super::dist::{pchisq_upper, pf_upper};
use super::error::check_finite;
use super::rank::{rank_average, tie_correction};
use super::{Alternative, Df, HtestError, TestResult};

/// The non-empty groups, checked finite; error when fewer than two.
fn nonempty<'a>(groups: &[&'a [f64]]) -> Result<Vec<&'a [f64]>, HtestError> {
    for (i, g) in groups.iter().enumerate() {
        check_finite(g, &format!("group {i}"))?;
    }
    let g: Vec<&[f64]> = groups.iter().copied().filter(|g| !g.is_empty()).collect();
    if g.len() < 2 {
        return Err(HtestError::TooFewGroups { groups: g.len() });
    }
    Ok(g)
}

/// Kruskal–Wallis rank-sum test, as R `kruskal.test(list(...))`: `H =
/// (12 / (n (n + 1)) sum R_i^2 / n_i - 3 (n + 1)) / (1 - sum(t^3 - t) / (n^3 - n))`,
/// chi-square with `k - 1` df. Empty groups are dropped (R's `factor`).
///
/// # Errors
/// [`HtestError::TooFewGroups`], [`HtestError::NonFinite`],
/// [`HtestError::EssentiallyConstant`] when all values are equal (H is 0/0).
pub fn kruskal_test(groups: &[&[f64]]) -> Result<TestResult, HtestError> {
    let g = nonempty(groups)?;
    let all: Vec<f64> = g.iter().flat_map(|v| v.iter().copied()).collect();
    let n = all.len() as f64;
    let r = rank_average(&all);
    let mut s = 0.0;
    let mut start = 0;
    for v in &g {
        let ri: f64 = r[start..start + v.len()].iter().sum();
        s += ri * ri / v.len() as f64;
        start += v.len();
    }
    let denom = 1.0 - tie_correction(&all) / (n * n * n - n);
    if denom <= 0.0 {
        return Err(HtestError::EssentiallyConstant);
    }
    let h = (12.0 * s / (n * (n + 1.0)) - 3.0 * (n + 1.0)) / denom;
    let df = (g.len() - 1) as f64;
    Ok(TestResult {
        method: "Kruskal-Wallis rank sum test".into(),
        statistic_name: "Kruskal-Wallis chi-squared",
        statistic: h,
        df: Df::One(df),
        p_value: pchisq_upper(h, df),
        alternative: Alternative::TwoSided,
        estimate: Vec::new(),
        conf_int: None,
        null_value: None,
        exact: false,
        warnings: Vec::new(),
    })
}

/// One-way ANOVA F test with equal variances: `F = (SSB / (k - 1)) / (SSW /
/// (n - k))` on `(k - 1, n - k)` df, as R `oneway.test(y ~ g, var.equal =
/// TRUE)` and `anova(lm(y ~ g))`. Empty groups are dropped; groups of one
/// observation are allowed (as `anova(lm)`; `oneway.test` refuses them).
///
/// # Errors
/// [`HtestError::TooFewGroups`], [`HtestError::NonFinite`],
/// [`HtestError::NotEnoughObservations`] when `n <= k`,
/// [`HtestError::EssentiallyConstant`] when the within-group variance is zero.
pub fn anova_oneway(groups: &[&[f64]]) -> Result<TestResult, HtestError> {
    let g = nonempty(groups)?;
    let k = g.len();
    let n: usize = g.iter().map(|v| v.len()).sum();
    if n <= k {
        return Err(HtestError::NotEnoughObservations {
            sample: "all groups".into(),
            n,
            needed: k + 1,
        });
    }
    let grand = g.iter().flat_map(|v| v.iter()).sum::<f64>() / n as f64;
    let mut ssb = 0.0;
    let mut ssw = 0.0;
    for v in &g {
        let m = v.iter().sum::<f64>() / v.len() as f64;
        ssb += v.len() as f64 * (m - grand).powi(2);
        ssw += v.iter().map(|x| (x - m).powi(2)).sum::<f64>();
    }
    let scale = g.iter().flat_map(|v| v.iter()).map(|x| x * x).sum::<f64>();
    if ssw <= 1e-28 * scale {
        return Err(HtestError::EssentiallyConstant);
    }
    let (df1, df2) = ((k - 1) as f64, (n - k) as f64);
    let f = (ssb / df1) / (ssw / df2);
    Ok(TestResult {
        method: "One-way analysis of means".into(),
        statistic_name: "F",
        statistic: f,
        df: Df::Two(df1, df2),
        p_value: pf_upper(f, df1, df2),
        alternative: Alternative::TwoSided,
        estimate: Vec::new(),
        conf_int: None,
        null_value: None,
        exact: false,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) {
        assert!((a - b).abs() <= rel * b.abs(), "{a} vs R {b}");
    }

    // R 4.2.2: a <- c(2.9,3.0,2.5,2.6,3.2); b <- c(3.8,2.7,4.0,2.4); c <- c(2.8,3.4,3.7,2.2,2.0)
    const A: [f64; 5] = [2.9, 3.0, 2.5, 2.6, 3.2];
    const B: [f64; 4] = [3.8, 2.7, 4.0, 2.4];
    const C: [f64; 5] = [2.8, 3.4, 3.7, 2.2, 2.0];

    #[test]
    fn kruskal_matches_r() {
        // kruskal.test(list(a, b, c)); with ties: kruskal.test(list(round(a), round(b), round(c)))
        let r = kruskal_test(&[&A, &B, &C]).unwrap();
        close(r.statistic, KW[0], 1e-12);
        close(r.p_value, KW[1], 1e-10);
        // (R's round(2.5) is 2: the rounded samples, written out)
        let (a, b, c) = (
            [3.0, 3.0, 2.0, 3.0, 3.0],
            [4.0, 3.0, 4.0, 2.0],
            [3.0, 3.0, 4.0, 2.0, 2.0],
        );
        let r = kruskal_test(&[&a, &b, &[], &c]).unwrap();
        close(r.statistic, KW[2], 1e-12);
        close(r.p_value, KW[3], 1e-10);
    }

    #[test]
    fn anova_matches_r() {
        // oneway.test(y ~ g, var.equal = TRUE)
        let r = anova_oneway(&[&A, &B, &C]).unwrap();
        close(r.statistic, AOV[0], 1e-12);
        close(r.p_value, AOV[1], 1e-10);
        assert_eq!(r.df, Df::Two(2.0, 11.0));
    }

    #[test]
    fn bad_groups_are_errors() {
        assert_eq!(
            kruskal_test(&[&A, &[]]).unwrap_err(),
            HtestError::TooFewGroups { groups: 1 }
        );
        assert_eq!(
            anova_oneway(&[&[1.0, 1.0], &[2.0, 2.0]]).unwrap_err(),
            HtestError::EssentiallyConstant
        );
        assert_eq!(
            kruskal_test(&[&[1.0, 1.0], &[1.0]]).unwrap_err(),
            HtestError::EssentiallyConstant
        );
    }

    const KW: [f64; 4] = [
        0.77142857142857224,
        0.67996477357889362,
        1.0003246753246713,
        0.60643220493487626,
    ];
    const AOV: [f64; 2] = [0.56007326007326075, 0.58663299104173738];
}
