//! Two-way ANOVA mean squares and the six Shrout–Fleiss forms.

use super::IccError;
use nalgebra::DMatrix;
use prognos_core::htest::dist::pf_upper;
use prognos_core::htest::root::zeroin;
use prognos_core::table::{Cell, Table};
use statrs::function::beta::inv_beta_reg;
use std::fmt;

/// The six ICC forms, in `psych::ICC`'s row order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IccForm {
    /// One-way random effects, single rater (`ICC1`, ICC(1,1)).
    Icc1,
    /// Two-way random effects, absolute agreement, single rater (`ICC2`, ICC(2,1)).
    Icc2,
    /// Two-way mixed effects, consistency, single rater (`ICC3`, ICC(3,1)).
    Icc3,
    /// One-way random, mean of `k` raters (`ICC1k`).
    Icc1k,
    /// Two-way random, absolute agreement, mean of `k` raters (`ICC2k`).
    Icc2k,
    /// Two-way mixed, consistency, mean of `k` raters (`ICC3k`).
    Icc3k,
}

impl IccForm {
    /// All forms in `psych::ICC` order.
    pub const ALL: [IccForm; 6] = [
        IccForm::Icc1,
        IccForm::Icc2,
        IccForm::Icc3,
        IccForm::Icc1k,
        IccForm::Icc2k,
        IccForm::Icc3k,
    ];

    /// R's name (`psych::ICC`'s `type` column).
    pub fn r_name(self) -> &'static str {
        match self {
            IccForm::Icc1 => "ICC1",
            IccForm::Icc2 => "ICC2",
            IccForm::Icc3 => "ICC3",
            IccForm::Icc1k => "ICC1k",
            IccForm::Icc2k => "ICC2k",
            IccForm::Icc3k => "ICC3k",
        }
    }

    /// Parses R's name (case-insensitive), e.g. `"ICC2"`, `"icc3k"`.
    pub fn from_r_name(s: &str) -> Option<IccForm> {
        IccForm::ALL
            .into_iter()
            .find(|f| f.r_name().eq_ignore_ascii_case(s))
    }
}

/// Mean squares of the two-way ANOVA of an `n × k` ratings table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanSquares {
    /// Between subjects (rows), `n − 1` df.
    pub msb: f64,
    /// Within subjects, `n(k − 1)` df.
    pub msw: f64,
    /// Between readers (columns), `k − 1` df.
    pub msj: f64,
    /// Residual, `(n − 1)(k − 1)` df.
    pub mse: f64,
    /// Subjects.
    pub n: usize,
    /// Readers.
    pub k: usize,
}

/// One ICC form with its F test and confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IccEstimate {
    /// The form.
    pub form: IccForm,
    /// The coefficient (`ICC`).
    pub value: f64,
    /// F statistic (`F`).
    pub f: f64,
    /// Numerator df (`df1`).
    pub df1: f64,
    /// Denominator df (`df2`).
    pub df2: f64,
    /// Upper-tail p-value of the F test of ICC = 0 (`p`).
    pub p: f64,
    /// Lower confidence limit (`lower bound`).
    pub lower: f64,
    /// Upper confidence limit (`upper bound`).
    pub upper: f64,
}

/// All six forms for one ratings table, as the `results` of `psych::ICC`.
#[derive(Debug, Clone, PartialEq)]
pub struct IccResult {
    /// Mean squares of the two-way ANOVA.
    pub mean_squares: MeanSquares,
    /// The forms, in [`IccForm::ALL`] order.
    pub estimates: Vec<IccEstimate>,
    /// Confidence level of the limits.
    pub conf_level: f64,
}

impl IccResult {
    /// The estimate of one form.
    pub fn get(&self, form: IccForm) -> &IccEstimate {
        self.estimates
            .iter()
            .find(|e| e.form == form)
            .expect("every form is computed")
    }

    /// The table `psych::ICC` prints (`type ICC F df1 df2 p lower bound upper bound`).
    pub fn summary(&self) -> Table {
        let mut t = Table::new(["ICC", "F", "df1", "df2", "p", "lower bound", "upper bound"])
            .with_title(format!(
                "Intraclass correlation coefficients (n = {} subjects, k = {} readers)",
                self.mean_squares.n, self.mean_squares.k
            ));
        for e in &self.estimates {
            t.push_row(
                e.form.r_name(),
                [
                    Cell::Num(e.value),
                    Cell::Num(e.f),
                    Cell::Num(e.df1),
                    Cell::Num(e.df2),
                    Cell::P(e.p),
                    Cell::Num(e.lower),
                    Cell::Num(e.upper),
                ],
            );
        }
        t
    }
}

impl fmt::Display for IccResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

/// Quantile of the F distribution, R `qf(p, df1, df2)` (real df allowed),
/// from the inverse regularised beta function polished by Brent's method on
/// the upper tail so that it agrees with R to ~1e-12 relative.
pub fn qf(p: f64, df1: f64, df2: f64) -> f64 {
    if !(df1 > 0.0 && df2 > 0.0) || p.is_nan() {
        return f64::NAN;
    }
    if !(p > 0.0 && p < 1.0) {
        return if p == 0.0 { 0.0 } else { f64::INFINITY };
    }
    // F = (d2 / d1) B / (1 − B) with B ~ Beta(d1/2, d2/2).
    let b = inv_beta_reg(df1 / 2.0, df2 / 2.0, p);
    let x0 = df2 / df1 * b / (1.0 - b);
    if !x0.is_finite() || x0 <= 0.0 {
        return x0;
    }
    let g = |x: f64| (1.0 - p) - pf_up(x, df1, df2);
    let (lo, hi) = (x0 * (1.0 - 1e-6), x0 * (1.0 + 1e-6));
    if g(lo) * g(hi) < 0.0 {
        zeroin(lo, hi, g, x0 * 1e-15, 200)
    } else {
        x0
    }
}

/// `P(F > x)`, NaN for invalid df or x (perfect agreement gives `F = ∞`, p = 0).
fn pf_up(x: f64, df1: f64, df2: f64) -> f64 {
    if x.is_nan() || !(df1 > 0.0 && df2 > 0.0) {
        f64::NAN
    } else if x == f64::INFINITY {
        0.0
    } else {
        pf_upper(x, df1, df2)
    }
}

/// The two-way ANOVA mean squares of `x` (rows = subjects, columns =
/// readers).
///
/// # Errors
/// [`IccError::TooSmall`] below 2 × 2, [`IccError::NonFinite`].
pub fn mean_squares(x: &DMatrix<f64>) -> Result<MeanSquares, IccError> {
    let (n, k) = x.shape();
    if n < 2 || k < 2 {
        return Err(IccError::TooSmall {
            subjects: n,
            readers: k,
        });
    }
    for j in 0..k {
        for i in 0..n {
            let v = x[(i, j)];
            if !v.is_finite() {
                return Err(IccError::NonFinite {
                    row: i,
                    reader: j,
                    value: v,
                });
            }
        }
    }
    let (nf, kf) = (n as f64, k as f64);
    let grand = x.sum() / (nf * kf);
    let row_means: Vec<f64> = (0..n).map(|i| x.row(i).sum() / kf).collect();
    let col_means: Vec<f64> = (0..k).map(|j| x.column(j).sum() / nf).collect();
    let ssb = kf * row_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ssj = nf * col_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let mut sst = 0.0;
    for j in 0..k {
        for i in 0..n {
            sst += (x[(i, j)] - grand).powi(2);
        }
    }
    let sse = (sst - ssb - ssj).max(0.0);
    Ok(MeanSquares {
        msb: ssb / (nf - 1.0),
        msw: (ssj + sse) / (nf * (kf - 1.0)),
        msj: ssj / (kf - 1.0),
        mse: sse / ((nf - 1.0) * (kf - 1.0)),
        n,
        k,
    })
}

/// All six ICC forms of the ratings table `x` (rows = subjects, columns =
/// readers), with F tests and `conf_level` limits, as `psych::ICC(x,
/// alpha = 1 - conf_level, lmer = FALSE)$results`.
///
/// A table without between-subject or residual variation (e.g. a constant
/// feature) gives NaN coefficients: there is nothing to agree on.
///
/// # Errors
/// [`IccError::TooSmall`], [`IccError::NonFinite`], [`IccError::ConfLevel`].
pub fn icc(x: &DMatrix<f64>, conf_level: f64) -> Result<IccResult, IccError> {
    if !(conf_level > 0.0 && conf_level < 1.0) {
        return Err(IccError::ConfLevel(conf_level));
    }
    let ms = mean_squares(x)?;
    Ok(IccResult {
        mean_squares: ms,
        estimates: forms(&ms, 1.0 - conf_level),
        conf_level,
    })
}

/// The six forms from the mean squares (`alpha` = 1 − confidence level).
fn forms(ms: &MeanSquares, alpha: f64) -> Vec<IccEstimate> {
    let MeanSquares {
        msb,
        msw,
        msj,
        mse,
        n,
        k,
    } = *ms;
    let (nf, kf) = (n as f64, k as f64);
    let icc1 = (msb - msw) / (msb + (kf - 1.0) * msw);
    let icc2 = (msb - mse) / (msb + (kf - 1.0) * mse + kf * (msj - mse) / nf);
    let icc3 = (msb - mse) / (msb + (kf - 1.0) * mse);
    let icc1k = (msb - msw) / msb;
    let icc2k = (msb - mse) / (msb + (msj - mse) / nf);
    let icc3k = (msb - mse) / msb;

    let df1 = nf - 1.0;
    let df21 = nf * (kf - 1.0);
    let df2 = (nf - 1.0) * (kf - 1.0);
    let f11 = msb / msw;
    let f21 = msb / mse;
    let p11 = pf_up(f11, df1, df21);
    let p21 = pf_up(f21, df1, df2);
    let q = 1.0 - alpha / 2.0;

    // Shrout & Fleiss exact limits (psych's F1L, F1U, F3L, F3U).
    let f1l = f11 / qf(q, df1, df21);
    let f1u = f11 * qf(q, df21, df1);
    let l1 = (f1l - 1.0) / (f1l + (kf - 1.0));
    let u1 = (f1u - 1.0) / (f1u + (kf - 1.0));
    let f3l = f21 / qf(q, df1, df2);
    let f3u = f21 * qf(q, df2, df1);
    let l3 = (f3l - 1.0) / (f3l + (kf - 1.0));
    let u3 = (f3u - 1.0) / (f3u + (kf - 1.0));

    // McGraw & Wong limits for ICC2 with Satterthwaite df `v`.
    let fj = msj / mse;
    let a = kf * icc2 * fj + nf * (1.0 + (kf - 1.0) * icc2) - kf * icc2;
    let vn = (kf - 1.0) * (nf - 1.0) * a * a;
    let b = nf * (1.0 + (kf - 1.0) * icc2) - kf * icc2;
    let vd = (nf - 1.0) * kf * kf * icc2 * icc2 * fj * fj + b * b;
    let v = vn / vd;
    let f2u = qf(q, nf - 1.0, v);
    let f2l = qf(q, v, nf - 1.0);
    let c = kf * msj + (kf * nf - kf - nf) * mse;
    let l2 = nf * (msb - f2u * mse) / (f2u * c + nf * msb);
    let u2 = nf * (f2l * msb - mse) / (c + nf * f2l * msb);

    let est = |form, value, f, d1, d2, p, lower, upper| IccEstimate {
        form,
        value,
        f,
        df1: d1,
        df2: d2,
        p,
        lower,
        upper,
    };
    vec![
        est(IccForm::Icc1, icc1, f11, df1, df21, p11, l1, u1),
        est(IccForm::Icc2, icc2, f21, df1, df2, p21, l2, u2),
        est(IccForm::Icc3, icc3, f21, df1, df2, p21, l3, u3),
        est(
            IccForm::Icc1k,
            icc1k,
            f11,
            df1,
            df21,
            p11,
            1.0 - 1.0 / f1l,
            1.0 - 1.0 / f1u,
        ),
        est(
            IccForm::Icc2k,
            icc2k,
            f21,
            df1,
            df2,
            p21,
            l2 * kf / (1.0 + l2 * (kf - 1.0)),
            u2 * kf / (1.0 + u2 * (kf - 1.0)),
        ),
        est(
            IccForm::Icc3k,
            icc3k,
            f21,
            df1,
            df2,
            p21,
            1.0 - 1.0 / f3l,
            1.0 - 1.0 / f3u,
        ),
    ]
}
