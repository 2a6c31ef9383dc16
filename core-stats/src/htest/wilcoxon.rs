//! Wilcoxon rank-sum (Mann–Whitney) and signed-rank tests, as R `wilcox.test`.

use super::dist::{pnorm, pnorm_upper};
use super::error::check_finite;
use super::rank::{has_ties, rank_average, tie_correction};
use super::{Alternative, Df, HtestError, TestResult, TestWarning};

/// Counts of the Mann–Whitney statistic `W = 0..=m n` over all
/// `choose(m + n, m)` arrangements (coefficients of the Gaussian binomial
/// `[m + n, m]_q`), as R's `cwilcox`.
fn wilcox_counts(m: usize, n: usize) -> Vec<f64> {
    // poly[j] = counts for choosing j of the first i items: [i, j]_q
    let mut poly: Vec<Vec<f64>> = vec![vec![1.0]];
    for i in 1..=(m + n) {
        let top = i.min(m);
        if poly.len() <= top {
            poly.push(vec![0.0]);
        }
        for j in (1..=top).rev() {
            // [i, j] = [i-1, j-1] + q^j [i-1, j]
            let prev_j = poly[j].clone();
            let prev_jm1 = &poly[j - 1];
            let deg = j * (i - j);
            let mut new = vec![0.0; deg + 1];
            for (k, v) in prev_jm1.iter().enumerate() {
                new[k] += v;
            }
            if j < i {
                for (k, v) in prev_j.iter().enumerate() {
                    if k + j <= deg {
                        new[k + j] += v;
                    }
                }
            }
            poly[j] = new;
        }
    }
    poly.swap_remove(m)
}

/// `P(W <= q)` of the rank-sum statistic, as R `pwilcox(q, m, n)`.
pub fn pwilcox(q: f64, m: usize, n: usize) -> f64 {
    let c = wilcox_counts(m, n);
    let total: f64 = c.iter().sum();
    let q = q.floor();
    if q < 0.0 {
        return 0.0;
    }
    c.iter().take((q as usize + 1).min(c.len())).sum::<f64>() / total
}

/// Counts of the signed-rank statistic `V = 0..=n(n+1)/2` over the `2^n` sign patterns.
fn signrank_counts(n: usize) -> Vec<f64> {
    let max = n * (n + 1) / 2;
    let mut c = vec![0.0; max + 1];
    c[0] = 1.0;
    for k in 1..=n {
        for s in (k..=max).rev() {
            c[s] += c[s - k];
        }
    }
    c
}

/// `P(V <= q)` of the signed-rank statistic, as R `psignrank(q, n)`.
pub fn psignrank(q: f64, n: usize) -> f64 {
    let c = signrank_counts(n);
    let total: f64 = c.iter().sum();
    let q = q.floor();
    if q < 0.0 {
        return 0.0;
    }
    c.iter().take((q as usize + 1).min(c.len())).sum::<f64>() / total
}

/// p-value of a normal approximation with continuity correction, as wilcox.test.
fn normal_p(z0: f64, sigma: f64, alternative: Alternative) -> f64 {
    let corr = match alternative {
        Alternative::TwoSided => 0.5 * z0.signum() * if z0 == 0.0 { 0.0 } else { 1.0 },
        Alternative::Greater => 0.5,
        Alternative::Less => -0.5,
    };
    let z = (z0 - corr) / sigma;
    match alternative {
        Alternative::Less => pnorm(z),
        Alternative::Greater => pnorm_upper(z),
        Alternative::TwoSided => 2.0 * pnorm(z).min(pnorm_upper(z)),
    }
}

/// Wilcoxon rank-sum test (Mann–Whitney U) of location shift `mu`, as R
/// `wilcox.test(x, y, mu = mu, alternative = ...)` with the defaults
/// `exact = NULL, correct = TRUE`.
///
/// `W = sum(rank(c(x - mu, y))[x]) - nx (nx + 1) / 2`. The p-value is exact
/// when `nx < 50`, `ny < 50` and there are no ties; otherwise it is the
/// normal approximation with tie-corrected variance and continuity
/// correction (a [`TestWarning::TiesNoExact`] is recorded when ties forced it).
///
/// # Errors
/// [`HtestError::NotEnoughObservations`] for an empty sample, [`HtestError::NonFinite`].
pub fn wilcox_rank_sum(
    x: &[f64],
    y: &[f64],
    mu: f64,
    alternative: Alternative,
) -> Result<TestResult, HtestError> {
    check_finite(x, "x")?;
    check_finite(y, "y")?;
    for (s, v) in [("x", x), ("y", y)] {
        if v.is_empty() {
            return Err(HtestError::NotEnoughObservations {
                sample: s.into(),
                n: 0,
                needed: 1,
            });
        }
    }
    let (nx, ny) = (x.len(), y.len());
    let all: Vec<f64> = x.iter().map(|v| v - mu).chain(y.iter().copied()).collect();
    let r = rank_average(&all);
    let w = r[..nx].iter().sum::<f64>() - (nx * (nx + 1)) as f64 / 2.0;
    let ties = has_ties(&all);
    let exact = nx < 50 && ny < 50 && !ties;
    let mut warnings = Vec::new();
    let (p_value, method) = if exact {
        let half = (nx * ny) as f64 / 2.0;
        let p = match alternative {
            Alternative::Less => pwilcox(w, nx, ny),
            Alternative::Greater => 1.0 - pwilcox(w - 1.0, nx, ny),
            Alternative::TwoSided => {
                let p = if w > half {
                    1.0 - pwilcox(w - 1.0, nx, ny)
                } else {
                    pwilcox(w, nx, ny)
                };
                (2.0 * p).min(1.0)
            }
        };
        (p, "Wilcoxon rank sum exact test")
    } else {
        if ties && nx < 50 && ny < 50 {
            warnings.push(TestWarning::TiesNoExact);
        }
        let (fx, fy) = (nx as f64, ny as f64);
        let z0 = w - fx * fy / 2.0;
        let sigma = ((fx * fy / 12.0)
            * ((fx + fy + 1.0) - tie_correction(&all) / ((fx + fy) * (fx + fy - 1.0))))
            .sqrt();
        (
            normal_p(z0, sigma, alternative),
            "Wilcoxon rank sum test with continuity correction",
        )
    };
    Ok(TestResult {
        method: method.into(),
        statistic_name: "W",
        statistic: w,
        df: Df::None,
        p_value,
        alternative,
        estimate: Vec::new(),
        conf_int: None,
        null_value: Some(mu),
        exact,
        warnings,
    })
}

/// Wilcoxon signed-rank test of `x` (or of the paired differences `x - y`)
/// about `mu`, as R `wilcox.test(x, mu = mu)` / `wilcox.test(x, y, paired = TRUE)`.
///
/// Zero differences are dropped; `V = sum(rank(|d|)[d > 0])`. Exact p when
/// `n < 50` with no ties and no zeros; otherwise the normal approximation
/// with tie correction and continuity correction.
///
/// # Errors
/// [`HtestError::PairedLength`], [`HtestError::NonFinite`],
/// [`HtestError::NotEnoughObservations`] when no non-zero difference remains.
pub fn wilcox_signed_rank(
    x: &[f64],
    y: Option<&[f64]>,
    mu: f64,
    alternative: Alternative,
) -> Result<TestResult, HtestError> {
    check_finite(x, "x")?;
    let d: Vec<f64> = match y {
        Some(y) => {
            if y.len() != x.len() {
                return Err(HtestError::PairedLength {
                    nx: x.len(),
                    ny: y.len(),
                });
            }
            check_finite(y, "y")?;
            x.iter().zip(y).map(|(a, b)| a - b - mu).collect()
        }
        None => x.iter().map(|a| a - mu).collect(),
    };
    let zeros = d.contains(&0.0);
    let d: Vec<f64> = d.into_iter().filter(|&v| v != 0.0).collect();
    let n = d.len();
    if n == 0 {
        return Err(HtestError::NotEnoughObservations {
            sample: "non-zero differences".into(),
            n: 0,
            needed: 1,
        });
    }
    let abs: Vec<f64> = d.iter().map(|v| v.abs()).collect();
    let r = rank_average(&abs);
    let v: f64 = r
        .iter()
        .zip(&d)
        .filter(|(_, di)| **di > 0.0)
        .map(|(ri, _)| ri)
        .sum();
    let ties = has_ties(&abs);
    let exact = n < 50 && !ties && !zeros;
    let mut warnings = Vec::new();
    let (p_value, method) = if exact {
        let p = match alternative {
            Alternative::Less => psignrank(v, n),
            Alternative::Greater => 1.0 - psignrank(v - 1.0, n),
            Alternative::TwoSided => {
                let p = if v > (n * (n + 1)) as f64 / 4.0 {
                    1.0 - psignrank(v - 1.0, n)
                } else {
                    psignrank(v, n)
                };
                (2.0 * p).min(1.0)
            }
        };
        (p, "Wilcoxon signed rank exact test")
    } else {
        if n < 50 {
            if ties {
                warnings.push(TestWarning::TiesNoExact);
            }
            if zeros {
                warnings.push(TestWarning::ZerosNoExact);
            }
        }
        let f = n as f64;
        let z0 = v - f * (f + 1.0) / 4.0;
        let sigma = (f * (f + 1.0) * (2.0 * f + 1.0) / 24.0 - tie_correction(&r) / 48.0).sqrt();
        (
            normal_p(z0, sigma, alternative),
            "Wilcoxon signed rank test with continuity correction",
        )
    };
    Ok(TestResult {
        method: method.into(),
        statistic_name: "V",
        statistic: v,
        df: Df::None,
        p_value,
        alternative,
        estimate: Vec::new(),
        conf_int: None,
        null_value: Some(mu),
        exact,
        warnings,
    })
}

#[cfg(test)]
// 3.14 below is data (R's wilcox.test example), not an approximation of pi.
#[allow(clippy::approx_constant)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64, rel: f64) {
        assert!((a - b).abs() <= rel * b.abs().max(1e-300), "{a} vs R {b}");
    }

    // R 4.2.2 values, see the R calls beside each case.
    #[test]
    fn rank_sum_matches_r() {
        let x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30];
        let y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
        let yb = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.01, 3.14, 1.27];
        // wilcox.test(x, yb) -- exact
        let r = wilcox_rank_sum(&x, &yb, 0.0, Alternative::TwoSided).unwrap();
        close(r.statistic, RS[0], 0.0);
        close(r.p_value, RS[1], 1e-12);
        assert!(r.exact);
        // wilcox.test(x, yb, alternative = "greater")
        let r = wilcox_rank_sum(&x, &yb, 0.0, Alternative::Greater).unwrap();
        close(r.p_value, RS[2], 1e-12);
        // wilcox.test(x, y) -- ties: normal approximation
        let r = wilcox_rank_sum(&x, &y, 0.0, Alternative::TwoSided).unwrap();
        close(r.statistic, RS[3], 0.0);
        close(r.p_value, RS[4], 1e-12);
        assert_eq!(r.warnings, vec![TestWarning::TiesNoExact]);
        assert!(!r.exact);
        // wilcox.test(x, y, alternative = "less")
        let r = wilcox_rank_sum(&x, &y, 0.0, Alternative::Less).unwrap();
        close(r.p_value, RS[5], 1e-12);
    }

    #[test]
    fn signed_rank_matches_r() {
        let x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30];
        let y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
        // wilcox.test(x, y, paired = TRUE, alternative = "greater")
        let r = wilcox_signed_rank(&x, Some(&y), 0.0, Alternative::Greater).unwrap();
        close(r.statistic, SR[0], 0.0);
        close(r.p_value, SR[1], 1e-12);
        // wilcox.test(c(1, -0.1, 1, 0.4, 0.6, 0.6, 0.5, -0.1, 0, 0.1), mu = 0.1): ties and a zero
        let d = [1.0, -0.1, 1.0, 0.4, 0.6, 0.6, 0.5, -0.1, 0.0, 0.1];
        let r = wilcox_signed_rank(&d, None, 0.1, Alternative::TwoSided).unwrap();
        close(r.statistic, SR[2], 0.0);
        close(r.p_value, SR[3], 1e-12);
    }

    const RS: [f64; 6] = [
        58.0,
        0.13591114767585355,
        0.067955573837926775,
        58.0,
        0.13291945818531886,
        0.94420440028971275,
    ];
    const SR: [f64; 4] = [40.0, 0.01953125, 39.0, 0.057364337754043523];

    proptest! {
        #[test]
        fn w_plus_w_prime_is_nx_ny(x in prop::collection::vec(-5.0f64..5.0, 1..15),
                                   y in prop::collection::vec(-5.0f64..5.0, 1..15)) {
            let a = wilcox_rank_sum(&x, &y, 0.0, Alternative::TwoSided).unwrap();
            let b = wilcox_rank_sum(&y, &x, 0.0, Alternative::TwoSided).unwrap();
            prop_assert!((a.statistic + b.statistic - (x.len() * y.len()) as f64).abs() < 1e-9);
            prop_assert!((0.0..=1.0).contains(&a.p_value));
            prop_assert!((a.p_value - b.p_value).abs() < 1e-12);
        }
    }
}
