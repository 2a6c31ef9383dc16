//! `cor.test` for Pearson and Spearman.

use crate::htest::dist::{pnorm_both, pt, pt_upper, qnorm};
use crate::htest::rank::{has_ties, rank_average};
use crate::htest::{Alternative, ConfInt, Df, Estimate, HtestError, TestResult, TestWarning};

/// Correlation coefficient (R `method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CorMethod {
    /// Pearson's product-moment correlation.
    #[default]
    Pearson,
    /// Spearman's rank correlation rho.
    Spearman,
}

fn pearson_r(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    sxy / (sxx * syy).sqrt()
}

/// Spearman's S distribution, algorithm AS 89 as R's `prho`:
/// `P(S >= is)`, or `P(S < is)` when `lower`. Exact by enumerating the
/// `n!` permutations for `n <= 9`, Edgeworth series beyond.
pub fn prho(n: usize, is: f64, lower: bool) -> f64 {
    let pv = if lower { 0.0 } else { 1.0 };
    if n <= 1 || is <= 0.0 {
        return pv;
    }
    let n3 = (n * (n * n - 1) / 3) as f64;
    if is > n3 {
        return 1.0 - pv;
    }
    let mut js = is.round();
    if js % 2.0 != 0.0 {
        js += 1.0;
    }
    if n <= 9 {
        // Heap's algorithm over all permutations of ranks
        let mut perm: Vec<usize> = (0..n).collect();
        let mut c = vec![0usize; n];
        let s = |p: &[usize]| {
            p.iter()
                .enumerate()
                .map(|(i, &v)| ((i as f64) - v as f64).powi(2))
                .sum::<f64>()
        };
        let (mut total, mut ge) = (1u64, u64::from(s(&perm) >= js));
        let mut i = 0;
        while i < n {
            if c[i] < i {
                if i % 2 == 0 {
                    perm.swap(0, i)
                } else {
                    perm.swap(c[i], i)
                }
                total += 1;
                ge += u64::from(s(&perm) >= js);
                c[i] += 1;
                i = 0;
            } else {
                c[i] = 0;
                i += 1;
            }
        }
        let k = if lower { total - ge } else { ge };
        return k as f64 / total as f64;
    }
    // Edgeworth series coefficients of AS 89 (Best & Roberts 1975)
    const C: [f64; 12] = [
        0.2274, 0.2531, 0.1745, 0.0758, 0.1033, 0.3932, 0.0879, 0.0151, 0.0072, 0.0831, 0.0131,
        4.6e-4,
    ];
    let y = n as f64;
    let b = 1.0 / y;
    let x = (6.0 * (js - 1.0) * b / (y * y - 1.0) - 1.0) * (y - 1.0).sqrt();
    let y2 = x * x;
    let u = x
        * b
        * (C[0]
            + b * (C[1] + C[2] * b)
            + y2 * (-C[3] + b * (C[4] + C[5] * b)
                - y2 * b
                    * (C[6] + C[7] * b - y2 * (C[8] - C[9] * b + y2 * b * (C[10] - C[11] * y2)))));
    let corr = u / (y2 / 2.0).exp();
    let (lo, up) = pnorm_both(x);
    let p = if lower { -corr + lo } else { corr + up };
    p.clamp(0.0, 1.0)
}

/// Correlation test, as R `cor.test(x, y, method, alternative, conf.level)`.
///
/// Returns the estimate (`cor` or `rho`), statistic (`t` or `S`), p-value,
/// and for Pearson with `n > 3` the Fisher-z confidence interval.
///
/// # Errors
/// [`HtestError::LengthMismatch`], [`HtestError::NonFinite`],
/// [`HtestError::NotEnoughObservations`] (n < 3),
/// [`HtestError::EssentiallyConstant`] (zero variance), [`HtestError::BadLevel`].
pub fn cor_test(
    x: &[f64],
    y: &[f64],
    method: CorMethod,
    alternative: Alternative,
    level: f64,
) -> Result<TestResult, HtestError> {
    crate::htest::HtestError::check_inputs(x, y, level)?;
    let n = x.len();
    let nf = n as f64;
    match method {
        CorMethod::Pearson => {
            let r = pearson_r(x, y);
            if !r.is_finite() {
                return Err(HtestError::EssentiallyConstant);
            }
            let df = nf - 2.0;
            let t = df.sqrt() * r / (1.0 - r * r).sqrt();
            let p_value = match alternative {
                Alternative::Less => pt(t, df),
                Alternative::Greater => pt_upper(t, df),
                Alternative::TwoSided => 2.0 * pt(-t.abs(), df).min(pt_upper(t, df).max(0.0)),
            };
            let conf_int = (n > 3).then(|| {
                let z = r.atanh();
                let sigma = 1.0 / (nf - 3.0).sqrt();
                let (lo, hi) = match alternative {
                    Alternative::Less => (f64::NEG_INFINITY, z + sigma * qnorm(level)),
                    Alternative::Greater => (z - sigma * qnorm(level), f64::INFINITY),
                    Alternative::TwoSided => {
                        let c = sigma * qnorm((1.0 + level) / 2.0);
                        (z - c, z + c)
                    }
                };
                ConfInt {
                    lower: lo.tanh(),
                    upper: hi.tanh(),
                    level,
                }
            });
            Ok(TestResult {
                method: "Pearson's product-moment correlation".into(),
                statistic_name: "t",
                statistic: t,
                df: Df::One(df),
                p_value: p_value.min(1.0),
                alternative,
                estimate: vec![Estimate {
                    name: "cor".into(),
                    value: r,
                }],
                conf_int,
                null_value: Some(0.0),
                exact: false,
                warnings: Vec::new(),
            })
        }
        CorMethod::Spearman => {
            let (rx, ry) = (rank_average(x), rank_average(y));
            let rho = pearson_r(&rx, &ry);
            if !rho.is_finite() {
                return Err(HtestError::EssentiallyConstant);
            }
            let q = (nf * nf * nf - nf) * (1.0 - rho) / 6.0;
            let ties = has_ties(x) || has_ties(y);
            let exact = n < 1290 && !ties;
            let pspearman = |q: f64, lower: bool| {
                if exact {
                    prho(n, q.round() + 2.0 * f64::from(u8::from(lower)), lower)
                } else {
                    let den = nf * (nf * nf - 1.0) / 6.0;
                    let r = 1.0 - q / den;
                    let t = r / ((1.0 - r * r) / (nf - 2.0)).sqrt();
                    if lower {
                        pt_upper(t, nf - 2.0)
                    } else {
                        pt(t, nf - 2.0)
                    }
                }
            };
            let p_value = match alternative {
                Alternative::TwoSided => {
                    // R 4.2: pspearman(q, n, lower.tail = FALSE) above the midpoint
                    let p = if q > (nf * nf * nf - nf) / 6.0 {
                        pspearman(q, false)
                    } else {
                        pspearman(q, true)
                    };
                    (2.0 * p).min(1.0)
                }
                Alternative::Greater => pspearman(q, true),
                Alternative::Less => pspearman(q, false),
            };
            let warnings = if ties {
                vec![TestWarning::TiesNoExact]
            } else {
                vec![]
            };
            Ok(TestResult {
                method: "Spearman's rank correlation rho".into(),
                statistic_name: "S",
                statistic: q,
                df: Df::None,
                p_value,
                alternative,
                estimate: vec![Estimate {
                    name: "rho".into(),
                    value: rho,
                }],
                conf_int: None,
                null_value: Some(0.0),
                exact,
                warnings,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::excessive_precision)]
    use super::*;

    fn close(a: f64, b: f64, rel: f64) {
        assert!((a - b).abs() <= rel * b.abs(), "{a} vs R {b}");
    }

    const X8: [f64; 8] = [3.1, 1.2, 5.5, 4.0, 2.2, 6.3, 7.7, 0.5];
    const Y8: [f64; 8] = [2.0, 1.5, 4.1, 6.2, 2.9, 5.0, 8.8, 3.3];

    fn x12() -> Vec<f64> {
        X8.iter().copied().chain([9.1, 8.2, 10.4, 11.0]).collect()
    }
    fn y12() -> Vec<f64> {
        Y8.iter().copied().chain([7.1, 9.9, 12.5, 10.2]).collect()
    }

    // R 4.2.2: cor.test(x8, y8, method = "spearman"); cor.test(x12, y12, "spearman",
    // alternative = "greater"); cor.test(x12, y12); cor.test(x12, round(y12), method = "spearman")
    #[test]
    fn matches_r() {
        let r = cor_test(&X8, &Y8, CorMethod::Spearman, Alternative::TwoSided, 0.95).unwrap();
        close(r.statistic, 19.999999999999996, 1e-12);
        close(r.estimate[0].value, 0.76190476190476197, 1e-14);
        close(r.p_value, 0.036755952380952382, 1e-14);
        let (x, y) = (x12(), y12());
        let r = cor_test(&x, &y, CorMethod::Spearman, Alternative::Greater, 0.95).unwrap();
        close(r.estimate[0].value, 0.90209790209790219, 1e-14);
        assert_eq!(r.p_value, 0.0);
        let r = cor_test(&x, &y, CorMethod::Pearson, Alternative::TwoSided, 0.95).unwrap();
        close(r.statistic, 6.3469341177844187, 1e-12);
        close(r.estimate[0].value, 0.89505748082636694, 1e-14);
        close(r.p_value, 8.3848226359065377e-05, 1e-10);
        close(r.conf_int.unwrap().lower, 0.66037283969258687, 1e-12);
        close(r.conf_int.unwrap().upper, 0.97045875790367242, 1e-12);
        let yr = [
            2.0, 2.0, 4.0, 6.0, 3.0, 5.0, 9.0, 3.0, 7.0, 10.0, 12.0, 10.0,
        ];
        let r = cor_test(&x, &yr, CorMethod::Spearman, Alternative::TwoSided, 0.95).unwrap();
        close(r.estimate[0].value, 0.89632177277685898, 1e-14);
        close(r.p_value, 7.9090995760933876e-05, 1e-10);
    }

    #[test]
    fn spearman_edgeworth_matches_r() {
        // cor.test(x12, c(y12[1:6], y12[12:7]), method = "spearman")
        let y: Vec<f64> = y12()[..6]
            .iter()
            .chain(y12()[6..].iter().rev())
            .copied()
            .collect();
        let r = cor_test(&x12(), &y, CorMethod::Spearman, Alternative::TwoSided, 0.95).unwrap();
        close(r.p_value, EDGE, 1e-12);
    }

    const EDGE: f64 = 0.34248337544019264;

    /// Regression: above the midpoint of S the two-sided p used `q - 1`,
    /// which R 4.2 does not (found on tied data by the radiomics tests).
    #[test]
    fn spearman_upper_half_two_sided_matches_r() {
        // R 4.2.2: cor.test(x, y, method = "spearman") with ties (t approximation)
        let x = [9.0, 3.0, 5.0, 1.0, 2.0, 4.0, 8.0, 6.0];
        let y = [5.0, 5.0, 4.0, 3.0, 6.0, 2.0, 1.0, 8.0];
        let r = cor_test(&x, &y, CorMethod::Spearman, Alternative::TwoSided, 0.95).unwrap();
        assert!(
            (r.p_value - 0.93269147490908821).abs() < 1e-10,
            "{}",
            r.p_value
        );
        // no ties, exact AS 89, S = 126 > 84
        let x: Vec<f64> = (1..=8).map(f64::from).collect();
        let y = [8.0, 7.0, 1.0, 6.0, 2.0, 5.0, 4.0, 3.0];
        let r = cor_test(&x, &y, CorMethod::Spearman, Alternative::TwoSided, 0.95).unwrap();
        assert_eq!(r.statistic, 126.0);
        assert!(
            (r.p_value - 0.21617063492063493).abs() < 1e-12,
            "{}",
            r.p_value
        );
    }
}
