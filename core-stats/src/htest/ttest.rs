//! Student, Welch, one-sample and paired t-tests, as R `t.test`.

use super::dist::{pt, pt_upper, qt};
use super::error::{check_finite, check_level};
use super::{Alternative, ConfInt, Df, Estimate, HtestError, TestResult};

/// Which two-sample t-test (R `var.equal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TTestKind {
    /// Welch's unequal-variance test with Satterthwaite df (R default, `var.equal = FALSE`).
    #[default]
    Welch,
    /// Student's pooled-variance test (`var.equal = TRUE`).
    Student,
}

fn mean_var(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let v = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, v)
}

/// p-value and interval of a t statistic, as the tail of `t.test`.
fn finish(
    method: String,
    tstat: f64,
    df: f64,
    stderr: f64,
    mu: f64,
    alternative: Alternative,
    level: f64,
    estimate: Vec<Estimate>,
) -> TestResult {
    let (p_value, lower, upper) = match alternative {
        Alternative::Less => (pt(tstat, df), f64::NEG_INFINITY, tstat + qt(level, df)),
        Alternative::Greater => (pt_upper(tstat, df), tstat - qt(level, df), f64::INFINITY),
        Alternative::TwoSided => {
            let c = qt(1.0 - (1.0 - level) / 2.0, df);
            (2.0 * pt(-tstat.abs(), df), tstat - c, tstat + c)
        }
    };
    TestResult {
        method,
        statistic_name: "t",
        statistic: tstat,
        df: Df::One(df),
        p_value,
        alternative,
        estimate,
        conf_int: Some(ConfInt {
            lower: mu + lower * stderr,
            upper: mu + upper * stderr,
            level,
        }),
        null_value: Some(mu),
        exact: false,
        warnings: Vec::new(),
    }
}

/// One-sample t-test of `mean(x) = mu`, as R `t.test(x, mu = mu)`.
///
/// # Errors
/// [`HtestError::NotEnoughObservations`] for n < 2, [`HtestError::NonFinite`],
/// [`HtestError::EssentiallyConstant`], [`HtestError::BadLevel`].
pub fn t_test_one(
    x: &[f64],
    mu: f64,
    alternative: Alternative,
    level: f64,
) -> Result<TestResult, HtestError> {
    one_sample(x, mu, alternative, level, "One Sample t-test", "mean of x")
}

/// Paired t-test on the differences `x - y`, as R `t.test(x, y, paired = TRUE)`.
///
/// # Errors
/// As [`t_test_one`], plus [`HtestError::PairedLength`].
pub fn t_test_paired(
    x: &[f64],
    y: &[f64],
    mu: f64,
    alternative: Alternative,
    level: f64,
) -> Result<TestResult, HtestError> {
    if x.len() != y.len() {
        return Err(HtestError::PairedLength {
            nx: x.len(),
            ny: y.len(),
        });
    }
    check_finite(x, "x")?;
    check_finite(y, "y")?;
    let d: Vec<f64> = x.iter().zip(y).map(|(a, b)| a - b).collect();
    one_sample(
        &d,
        mu,
        alternative,
        level,
        "Paired t-test",
        "mean difference",
    )
}

fn one_sample(
    x: &[f64],
    mu: f64,
    alternative: Alternative,
    level: f64,
    method: &str,
    est_name: &str,
) -> Result<TestResult, HtestError> {
    check_level(level)?;
    check_finite(x, "x")?;
    if x.len() < 2 {
        return Err(HtestError::NotEnoughObservations {
            sample: "x".into(),
            n: x.len(),
            needed: 2,
        });
    }
    let (m, v) = mean_var(x);
    let stderr = (v / x.len() as f64).sqrt();
    // R: if (stderr < 10 * .Machine$double.eps * abs(mx)) stop("data are essentially constant")
    if stderr < 10.0 * f64::EPSILON * m.abs() || stderr == 0.0 {
        return Err(HtestError::EssentiallyConstant);
    }
    let t = (m - mu) / stderr;
    let est = vec![Estimate {
        name: est_name.into(),
        value: m,
    }];
    Ok(finish(
        method.into(),
        t,
        x.len() as f64 - 1.0,
        stderr,
        mu,
        alternative,
        level,
        est,
    ))
}

/// Two-sample t-test of `mean(x) - mean(y) = mu`, as R
/// `t.test(x, y, var.equal = kind == Student)`.
///
/// Welch: `se = sqrt(vx/nx + vy/ny)`, Satterthwaite df. Student: pooled
/// variance, `df = nx + ny - 2`.
///
/// # Errors
/// [`HtestError::NotEnoughObservations`] (Welch needs 2 per group; Student
/// 1 per group and 3 in all), [`HtestError::NonFinite`],
/// [`HtestError::EssentiallyConstant`], [`HtestError::BadLevel`].
pub fn t_test_two(
    x: &[f64],
    y: &[f64],
    kind: TTestKind,
    mu: f64,
    alternative: Alternative,
    level: f64,
) -> Result<TestResult, HtestError> {
    check_level(level)?;
    check_finite(x, "x")?;
    check_finite(y, "y")?;
    let need = if kind == TTestKind::Welch { 2 } else { 1 };
    for (s, v) in [("x", x), ("y", y)] {
        if v.len() < need {
            return Err(HtestError::NotEnoughObservations {
                sample: s.into(),
                n: v.len(),
                needed: need,
            });
        }
    }
    let (nx, ny) = (x.len() as f64, y.len() as f64);
    if kind == TTestKind::Student && x.len() + y.len() < 3 {
        return Err(HtestError::NotEnoughObservations {
            sample: "x and y".into(),
            n: x.len() + y.len(),
            needed: 3,
        });
    }
    let (mx, vx) = if x.len() > 1 {
        mean_var(x)
    } else {
        (x[0], 0.0)
    };
    let (my, vy) = if y.len() > 1 {
        mean_var(y)
    } else {
        (y[0], 0.0)
    };
    let (stderr, df, method) = match kind {
        TTestKind::Student => {
            let df = nx + ny - 2.0;
            let mut v = 0.0;
            if nx > 1.0 {
                v += (nx - 1.0) * vx;
            }
            if ny > 1.0 {
                v += (ny - 1.0) * vy;
            }
            v /= df;
            ((v * (1.0 / nx + 1.0 / ny)).sqrt(), df, " Two Sample t-test")
        }
        TTestKind::Welch => {
            let sx2 = vx / nx;
            let sy2 = vy / ny;
            let se = (sx2 + sy2).sqrt();
            let df = (sx2 + sy2).powi(2) / (sx2 * sx2 / (nx - 1.0) + sy2 * sy2 / (ny - 1.0));
            (se, df, "Welch Two Sample t-test")
        }
    };
    if stderr < 10.0 * f64::EPSILON * mx.abs().max(my.abs()) || stderr == 0.0 {
        return Err(HtestError::EssentiallyConstant);
    }
    let t = (mx - my - mu) / stderr;
    let est = vec![
        Estimate {
            name: "mean of x".into(),
            value: mx,
        },
        Estimate {
            name: "mean of y".into(),
            value: my,
        },
    ];
    Ok(finish(
        method.into(),
        t,
        df,
        stderr,
        mu,
        alternative,
        level,
        est,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const X: [f64; 7] = [5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3];
    const Y: [f64; 6] = [6.4, 6.0, 7.1, 6.6, 5.9, 7.4];

    fn close(a: f64, b: f64, rel: f64) {
        assert!((a - b).abs() <= rel * b.abs().max(1e-300), "{a} vs R {b}");
    }

    // R 4.2.2: x <- c(5.1,4.9,6.2,5.8,6.0,5.5,5.3); y <- c(6.4,6.0,7.1,6.6,5.9,7.4)
    #[test]
    fn welch_matches_r() {
        let r = t_test_two(&X, &Y, TTestKind::Welch, 0.0, Alternative::TwoSided, 0.95).unwrap();
        // t.test(x, y)
        close(r.statistic, WELCH[0], 1e-12);
        close(r.df_value(), WELCH[1], 1e-12);
        close(r.p_value, WELCH[2], 1e-10);
        let ci = r.conf_int.unwrap();
        close(ci.lower, WELCH[3], 1e-10);
        close(ci.upper, WELCH[4], 1e-10);
    }

    #[test]
    fn student_less_matches_r() {
        // t.test(x, y, var.equal = TRUE, alternative = "less", conf.level = 0.9)
        let r = t_test_two(&X, &Y, TTestKind::Student, 0.0, Alternative::Less, 0.9).unwrap();
        close(r.statistic, STUDENT[0], 1e-12);
        close(r.p_value, STUDENT[1], 1e-10);
        close(r.conf_int.unwrap().upper, STUDENT[2], 1e-10);
    }

    #[test]
    fn paired_and_one_sample_match_r() {
        // t.test(x[1:6], y, paired = TRUE, alternative = "greater"); t.test(x, mu = 5)
        let r = t_test_paired(&X[..6], &Y, 0.0, Alternative::Greater, 0.95).unwrap();
        close(r.statistic, PAIRED[0], 1e-12);
        close(r.p_value, PAIRED[1], 1e-10);
        close(r.conf_int.unwrap().lower, PAIRED[2], 1e-10);
        let r = t_test_one(&X, 5.0, Alternative::TwoSided, 0.95).unwrap();
        close(r.statistic, ONE[0], 1e-12);
        close(r.p_value, ONE[1], 1e-10);
        close(r.conf_int.unwrap().lower, ONE[2], 1e-10);
        close(r.conf_int.unwrap().upper, ONE[3], 1e-10);
    }

    #[test]
    fn constant_data_is_an_error() {
        let c = [2.0; 5];
        assert_eq!(
            t_test_one(&c, 0.0, Alternative::TwoSided, 0.95).unwrap_err(),
            HtestError::EssentiallyConstant
        );
        assert_eq!(
            t_test_two(&c, &c, TTestKind::Welch, 0.0, Alternative::TwoSided, 0.95).unwrap_err(),
            HtestError::EssentiallyConstant
        );
        assert!(matches!(
            t_test_two(
                &[1.0],
                &X,
                TTestKind::Welch,
                0.0,
                Alternative::TwoSided,
                0.95
            ),
            Err(HtestError::NotEnoughObservations { .. })
        ));
    }

    const WELCH: [f64; 5] = [
        -3.3772318292155896,
        9.6190576735634394,
        0.0074280340009531005,
        -1.7029145057635777,
        -0.34470454185546973,
    ];
    const STUDENT: [f64; 3] = [
        -3.43858984211785,
        0.0027692187723681685,
        -0.6178602804475013,
    ];
    const PAIRED: [f64; 3] = [
        -3.6576181645943842,
        0.99268436519946035,
        -1.5250695519900475,
    ];
    const ONE: [f64; 4] = [
        2.997924593317836,
        0.024072594394770698,
        5.0997760929546265,
        5.9859381927596589,
    ];
}
