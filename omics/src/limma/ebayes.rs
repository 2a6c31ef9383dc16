//! Empirical Bayes moderated statistics, as `limma::eBayes`.

use super::error::LimmaError;
use super::lmfit::LinearModelFit;
use super::squeeze::{PriorValue, squeeze_var};
use crate::special::{median, pt_two_sided, pt_upper_log, qt_upper, qt_upper_log};
use nalgebra::DMatrix;

/// Options of [`ebayes`] (defaults as `limma::eBayes`).
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `proportion` | 0.01 | assumed proportion of differentially expressed genes (B-statistic) |
/// | `stdev_coef_lim` | (0.1, 4) | limits on the prior sd of true log fold changes |
/// | `trend` | `Variance::Constant` | prior variance constant, or trended on `Amean` |
/// | `robust` | false | robust hyperparameters against outlier variances |
/// | `winsor_tail_p` | (0.05, 0.1) | tail proportions winsorised in the robust fit |
#[derive(Debug, Clone, PartialEq)]
pub struct EbayesParams {
    /// Assumed proportion of genes that are differentially expressed.
    pub proportion: f64,
    /// Lower and upper limits for the prior standard deviation of coefficients.
    pub stdev_coef_lim: [f64; 2],
    /// Whether the prior variance follows a trend in average expression.
    pub trend: PriorTrend,
    /// Whether to estimate the prior robustly (`robust = TRUE`).
    pub robust: bool,
    /// Winsorisation tail proportions for the robust fit.
    pub winsor_tail_p: [f64; 2],
}

/// How the prior variance depends on average expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriorTrend {
    /// One prior variance for all genes (`trend = FALSE`).
    Constant,
    /// A natural-spline trend in `Amean` (`trend = TRUE`).
    Amean,
}

impl Default for EbayesParams {
    fn default() -> Self {
        EbayesParams {
            proportion: 0.01,
            stdev_coef_lim: [0.1, 4.0],
            trend: PriorTrend::Constant,
            robust: false,
            winsor_tail_p: [0.05, 0.1],
        }
    }
}

/// A fit with moderated statistics (genes x coefficients matrices).
#[derive(Debug, Clone)]
pub struct EbayesFit {
    /// The linear-model (or contrasts) fit moderated.
    pub fit: LinearModelFit,
    /// Prior degrees of freedom (`df.prior`).
    pub df_prior: PriorValue,
    /// Prior variance (`s2.prior`).
    pub s2_prior: PriorValue,
    /// Posterior variances (`s2.post`).
    pub s2_post: Vec<f64>,
    /// Moderated t-statistics.
    pub t: DMatrix<f64>,
    /// Total degrees of freedom (`df.total`).
    pub df_total: Vec<f64>,
    /// Two-sided p-values of the moderated t.
    pub p_value: DMatrix<f64>,
    /// Log-odds of differential expression (B-statistic).
    pub lods: DMatrix<f64>,
    /// Prior variance of the true coefficients, per coefficient (`var.prior`).
    pub var_prior: Vec<f64>,
    /// Notes (e.g. var.prior estimation fell back to its default).
    pub warnings: Vec<String>,
}

/// Moderated t-statistics, p-values and B-statistics for every coefficient,
/// as `limma::eBayes(fit, proportion, stdev.coef.lim, trend, robust)`
/// (Smyth 2004; Phipson et al. 2016 for `robust`).
///
/// # Errors
/// [`LimmaError::NoResidualDf`], [`LimmaError::NoFiniteSigma`],
/// [`LimmaError::PriorDf`].
pub fn ebayes(fit: &LinearModelFit, params: &EbayesParams) -> Result<EbayesFit, LimmaError> {
    let g = fit.coefficients.nrows();
    let k = fit.coefficients.ncols();
    if fit.df_residual.iter().all(|&d| d == 0.0) {
        return Err(LimmaError::NoResidualDf);
    }
    if !fit.sigma.iter().any(|s| s.is_finite()) {
        return Err(LimmaError::NoFiniteSigma);
    }
    let var: Vec<f64> = fit.sigma.iter().map(|s| s * s).collect();
    let covariate = match params.trend {
        PriorTrend::Constant => None,
        PriorTrend::Amean => Some(fit.amean.as_slice()),
    };
    let df_arg: Vec<f64> = if fit.df_residual.windows(2).all(|w| w[0] == w[1]) {
        vec![fit.df_residual[0]]
    } else {
        fit.df_residual.clone()
    };
    let sq = squeeze_var(
        &var,
        &df_arg,
        covariate,
        params.robust,
        params.winsor_tail_p,
    )
    .ok_or(LimmaError::PriorDf)?;
    let df_pooled: f64 = fit.df_residual.iter().filter(|d| d.is_finite()).sum();
    let df_total: Vec<f64> = (0..g)
        .map(|i| (fit.df_residual[i] + sq.df_prior.at(i)).min(df_pooled))
        .collect();
    let t = DMatrix::from_fn(g, k, |i, j| {
        fit.coefficients[(i, j)] / fit.stdev_unscaled[(i, j)] / sq.var_post[i].sqrt()
    });
    let p_value = DMatrix::from_fn(g, k, |i, j| pt_two_sided(t[(i, j)], df_total[i]));
    let s2p = sq.var_prior.to_vec(g);
    let med_s2 = median(&s2p);
    let lim = [
        params.stdev_coef_lim[0].powi(2) / med_s2,
        params.stdev_coef_lim[1].powi(2) / med_s2,
    ];
    let mut warnings = Vec::new();
    let var_prior: Vec<f64> = (0..k)
        .map(|j| {
            let tj: Vec<f64> = t.column(j).iter().copied().collect();
            let sj: Vec<f64> = fit.stdev_unscaled.column(j).iter().copied().collect();
            let v = tmixture_vector(&tj, &sj, &df_total, params.proportion, Some(lim));
            if v.is_nan() {
                warnings.push("estimation of var.prior failed - set to default value".to_string());
                1.0 / med_s2
            } else {
                v
            }
        })
        .collect();
    let p = params.proportion;
    let lods = DMatrix::from_fn(g, k, |i, j| {
        let su2 = fit.stdev_unscaled[(i, j)].powi(2);
        let r = (su2 + var_prior[j]) / su2;
        let t2 = t[(i, j)].powi(2);
        let kernel = if sq.df_prior.at(i) > 1e6 {
            t2 * (1.0 - 1.0 / r) / 2.0
        } else {
            let d = df_total[i];
            (1.0 + d) / 2.0 * ((t2 + d) / (t2 / r + d)).ln()
        };
        (p / (1.0 - p)).ln() - r.ln() / 2.0 + kernel
    });
    Ok(EbayesFit {
        fit: fit.clone(),
        df_prior: sq.df_prior,
        s2_prior: sq.var_prior,
        s2_post: sq.var_post,
        t,
        df_total,
        p_value,
        lods,
        var_prior,
        warnings,
    })
}

/// Estimates the prior variance of the non-zero coefficients from the top
/// `ceiling(proportion/2 * n)` |t|, as `limma:::tmixture.vector`.
fn tmixture_vector(
    t: &[f64],
    su: &[f64],
    df: &[f64],
    proportion: f64,
    lim: Option<[f64; 2]>,
) -> f64 {
    let keep: Vec<usize> = (0..t.len()).filter(|&i| !t[i].is_nan()).collect();
    let ngenes = keep.len();
    let ntarget = (proportion / 2.0 * ngenes as f64).ceil() as usize;
    if ntarget < 1 {
        return f64::NAN;
    }
    let p = (ntarget as f64 / ngenes as f64).max(proportion);
    let max_df = keep
        .iter()
        .map(|&i| df[i])
        .fold(f64::NEG_INFINITY, f64::max);
    let mut ts: Vec<f64> = keep
        .iter()
        .map(|&i| {
            let a = t[i].abs();
            if df[i] < max_df {
                qt_upper_log(pt_upper_log(a, df[i]), max_df)
            } else {
                a
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..ngenes).collect();
    // order(tstat, decreasing = TRUE): stable among ties
    order.sort_by(|&a, &b| ts[b].total_cmp(&ts[a]));
    let top = &order[..ntarget];
    let mut acc = 0.0;
    for (r, &o) in top.iter().enumerate() {
        let tt = ts[o];
        let v1 = su[keep[o]].powi(2);
        let p0 = pt_two_sided(tt, max_df);
        let ptarget = ((r as f64 + 1.0 - 0.5) / ngenes as f64 - (1.0 - p) * p0) / p;
        let mut v0 = 0.0;
        if ptarget > p0 {
            let qtarget = qt_upper(ptarget / 2.0, max_df);
            v0 = v1 * ((tt / qtarget).powi(2) - 1.0);
        }
        if let Some([lo, hi]) = lim {
            v0 = v0.max(lo).min(hi);
        }
        acc += v0;
    }
    ts.clear();
    acc / ntarget as f64
}
