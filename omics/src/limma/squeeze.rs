//! Empirical Bayes variance moderation: `limma::fitFDist`,
//! `limma::fitFDistRobustly` and `limma::squeezeVar`.
//!
//! The sample variances `s_g^2` are modelled as `s0^2 F(d_g, d0)`; the prior
//! `(s0^2, d0)` is estimated by moments of `log s_g^2` (Smyth 2004), with a
//! trend in `s0^2` over a covariate (natural spline, `trend = TRUE`), and
//! robustly against outlier variances by winsorised moments with per-gene
//! shrinkage of `d0` (Phipson et al. 2016).

use crate::smooth::{NaturalSplineFit, lowess};
use crate::special::{
    brent_root, df_density, digamma, gauss_legendre_unit, mean_trimmed, median, pchisq_upper,
    pf_log, qf, qf_log, quantile7, rank_average, trigamma, trigamma_inverse,
};

/// A prior quantity that is either one number or one value per gene.
#[derive(Debug, Clone, PartialEq)]
pub enum PriorValue {
    /// The same value for every gene.
    Scalar(f64),
    /// One value per gene (trend or robust fits).
    PerGene(Vec<f64>),
}

impl PriorValue {
    /// The value for gene `i`.
    pub fn at(&self, i: usize) -> f64 {
        match self {
            PriorValue::Scalar(v) => *v,
            PriorValue::PerGene(v) => v[i],
        }
    }
    /// All values as a vector of length `n`.
    pub fn to_vec(&self, n: usize) -> Vec<f64> {
        match self {
            PriorValue::Scalar(v) => vec![*v; n],
            PriorValue::PerGene(v) => v.clone(),
        }
    }
}

/// The scaled F distribution fitted to the variances, as `fitFDist`.
#[derive(Debug, Clone, PartialEq)]
pub struct FDistFit {
    /// `s0^2` (`scale`): scalar, or per gene when a covariate is used.
    pub scale: PriorValue,
    /// `d0` (`df2`); `Inf` when the variances show no extra dispersion.
    pub df2: f64,
}

/// Moment estimation of a scaled F distribution for `x` (sample variances)
/// with numerator degrees of freedom `df1` (one value, or one per gene), as
/// `limma::fitFDist(x, df1, covariate)`. Non-finite or negative `x`, and
/// `df1 <= 1e-15`, are left out of the fit (with a covariate their scale is
/// predicted from the spline).
pub fn fit_f_dist(x: &[f64], df1: &[f64], covariate: Option<&[f64]>) -> FDistFit {
    let n = x.len();
    let nan = FDistFit {
        scale: PriorValue::Scalar(f64::NAN),
        df2: f64::NAN,
    };
    if n == 0 {
        return nan;
    }
    if n == 1 {
        return FDistFit {
            scale: PriorValue::Scalar(x[0]),
            df2: 0.0,
        };
    }
    let d = |i: usize| if df1.len() == 1 { df1[0] } else { df1[i] };
    let ok: Vec<bool> = (0..n)
        .map(|i| d(i).is_finite() && d(i) > 1e-15 && x[i].is_finite() && x[i] > -1e-15)
        .collect();
    let nok = ok.iter().filter(|&&b| b).count();
    if nok == 0 {
        return nan;
    }
    if nok == 1 {
        let v = x[ok.iter().position(|&b| b).unwrap_or(0)];
        return FDistFit {
            scale: PriorValue::Scalar(v),
            df2: 0.0,
        };
    }
    let idx: Vec<usize> = (0..n).filter(|&i| ok[i]).collect();
    let mut xs: Vec<f64> = idx.iter().map(|&i| x[i].max(0.0)).collect();
    let dfs: Vec<f64> = idx.iter().map(|&i| d(i)).collect();
    let mut spline_df = 1usize;
    if let Some(cov) = covariate {
        let cv: Vec<f64> = idx.iter().map(|&i| cov[i]).collect();
        spline_df = 1 + usize::from(nok >= 3) + usize::from(nok >= 6) + usize::from(nok >= 30);
        let mut uniq = cv.clone();
        uniq.sort_by(f64::total_cmp);
        uniq.dedup();
        spline_df = spline_df.min(uniq.len());
        if spline_df < 2 {
            let out = fit_f_dist(x, df1, None);
            return FDistFit {
                scale: PriorValue::PerGene(out.scale.to_vec(n)),
                df2: out.df2,
            };
        }
    }
    let mut m = median(&xs);
    if m == 0.0 {
        m = 1.0;
    }
    for v in xs.iter_mut() {
        *v = v.max(1e-5 * m);
    }
    let e: Vec<f64> = xs
        .iter()
        .zip(&dfs)
        .map(|(&v, &df)| v.ln() - digamma(df / 2.0) + (df / 2.0).ln())
        .collect();
    let mean_tri = dfs.iter().map(|&df| trigamma(df / 2.0)).sum::<f64>() / nok as f64;
    match covariate {
        None => {
            let emean = e.iter().sum::<f64>() / nok as f64;
            let evar =
                e.iter().map(|v| (v - emean).powi(2)).sum::<f64>() / (nok - 1) as f64 - mean_tri;
            if evar > 0.0 {
                let df2 = 2.0 * trigamma_inverse(evar);
                let s20 = (emean + digamma(df2 / 2.0) - (df2 / 2.0).ln()).exp();
                FDistFit {
                    scale: PriorValue::Scalar(s20),
                    df2,
                }
            } else {
                let s20 = xs.iter().sum::<f64>() / nok as f64;
                FDistFit {
                    scale: PriorValue::Scalar(s20),
                    df2: f64::INFINITY,
                }
            }
        }
        Some(cov) => {
            let cv: Vec<f64> = idx.iter().map(|&i| cov[i]).collect();
            let fit = NaturalSplineFit::fit(&cv, &e, spline_df);
            let mut emean = vec![0.0; n];
            let mut k = 0;
            for i in 0..n {
                if ok[i] {
                    emean[i] = fit.fitted[k];
                    k += 1;
                } else {
                    emean[i] = fit.predict(cov[i]);
                }
            }
            let evar = fit.residual_variance - mean_tri;
            if evar > 0.0 {
                let df2 = 2.0 * trigamma_inverse(evar);
                let shift = digamma(df2 / 2.0) - (df2 / 2.0).ln();
                FDistFit {
                    scale: PriorValue::PerGene(emean.iter().map(|v| (v + shift).exp()).collect()),
                    df2,
                }
            } else {
                FDistFit {
                    scale: PriorValue::PerGene(emean.iter().map(|v| v.exp()).collect()),
                    df2: f64::INFINITY,
                }
            }
        }
    }
}

/// The robust fit: `scale`, the overall `df2`, and per-gene shrunk prior df.
#[derive(Debug, Clone, PartialEq)]
pub struct RobustFDistFit {
    /// `s0^2`, scalar or per gene.
    pub scale: PriorValue,
    /// The robust estimate of `d0`.
    pub df2: f64,
    /// Per-gene prior df, shrunk towards 0 for outlying variances.
    pub df2_shrunk: Vec<f64>,
}

/// Robust moment estimation, as `limma::fitFDistRobustly(x, df1, covariate,
/// winsor.tail.p)`.
pub fn fit_f_dist_robustly(
    x: &[f64],
    df1: &[f64],
    covariate: Option<&[f64]>,
    winsor_tail_p: [f64; 2],
) -> RobustFDistFit {
    let n = x.len();
    if n < 2 {
        return RobustFDistFit {
            scale: PriorValue::Scalar(f64::NAN),
            df2: f64::NAN,
            df2_shrunk: vec![f64::NAN; n],
        };
    }
    if n == 2 {
        let f = fit_f_dist(x, df1, covariate);
        return RobustFDistFit {
            df2_shrunk: vec![f.df2; n],
            scale: f.scale,
            df2: f.df2,
        };
    }
    let d = |i: usize| if df1.len() == 1 { df1[0] } else { df1[i] };
    let ok: Vec<bool> = (0..n)
        .map(|i| !x[i].is_nan() && d(i).is_finite() && d(i) > 1e-6)
        .collect();
    if ok.iter().any(|&b| !b) {
        let idx: Vec<usize> = (0..n).filter(|&i| ok[i]).collect();
        let xs: Vec<f64> = idx.iter().map(|&i| x[i]).collect();
        let ds: Vec<f64> = if df1.len() == 1 {
            df1.to_vec()
        } else {
            idx.iter().map(|&i| df1[i]).collect()
        };
        let cs: Option<Vec<f64>> = covariate.map(|c| idx.iter().map(|&i| c[i]).collect());
        let fit = fit_f_dist_robustly(&xs, &ds, cs.as_deref(), winsor_tail_p);
        let mut shrunk = vec![fit.df2; n];
        for (k, &i) in idx.iter().enumerate() {
            shrunk[i] = fit.df2_shrunk[k];
        }
        let scale = match (&fit.scale, covariate) {
            (PriorValue::Scalar(_), _) | (_, None) => fit.scale.clone(),
            (PriorValue::PerGene(s), Some(c)) => {
                // approx(covariate, log(scale), xout, rule = 2, ties = mean)
                let cs = cs.unwrap_or_default();
                let mut ord: Vec<usize> = (0..cs.len()).collect();
                ord.sort_by(|&a, &b| cs[a].total_cmp(&cs[b]));
                let xo: Vec<f64> = ord.iter().map(|&k| cs[k]).collect();
                let yo: Vec<f64> = ord.iter().map(|&k| s[k].ln()).collect();
                let interp = crate::smooth::Interpolator::from_sorted(&xo, &yo);
                let mut full = vec![f64::NAN; n];
                for (k, &i) in idx.iter().enumerate() {
                    full[i] = s[k];
                }
                for i in 0..n {
                    if !ok[i] {
                        full[i] = interp.as_ref().map_or(f64::NAN, |f| f.eval(c[i]).exp());
                    }
                }
                PriorValue::PerGene(full)
            }
        };
        return RobustFDistFit {
            scale,
            df2: fit.df2,
            df2_shrunk: shrunk,
        };
    }

    let mut x = x.to_vec();
    let m = median(&x);
    if m <= 0.0 {
        return RobustFDistFit {
            scale: PriorValue::Scalar(f64::NAN),
            df2: f64::NAN,
            df2_shrunk: vec![f64::NAN; n],
        };
    }
    for v in x.iter_mut() {
        if *v < m * 1e-12 {
            *v = m * 1e-12;
        }
    }
    let non_robust = fit_f_dist(&x, df1, covariate);
    let wp = winsor_tail_p;
    let prob = [wp[0], 1.0 - wp[1]];
    if wp.iter().all(|&p| p < 1.0 / n as f64) {
        return RobustFDistFit {
            df2_shrunk: vec![non_robust.df2; n],
            scale: non_robust.scale,
            df2: non_robust.df2,
        };
    }
    // Unequal df1: map each variance to the quantile it would have at the
    // largest df1, then proceed with that single df1.
    let df1max = (0..n).map(d).fold(f64::NEG_INFINITY, f64::max);
    if df1.len() > 1 {
        let df2 = non_robust.df2;
        for i in 0..n {
            if d(i) < df1max - 1e-14 {
                let s = non_robust.scale.at(i);
                let f = x[i] / s;
                let pu = pf_log(f, d(i), df2, true);
                let pl = pf_log(f, d(i), df2, false);
                let fnew = if pu < pl {
                    qf_log(pu, df1max, df2, true)
                } else {
                    qf_log(pl, df1max, df2, false)
                };
                x[i] = fnew * s;
            }
        }
    }
    let df1s = df1max;
    let z: Vec<f64> = x.iter().map(|v| v.ln()).collect();
    let (ztrend, zresid): (Vec<f64>, Vec<f64>) = match covariate {
        None => {
            let t = mean_trimmed(&z, wp[1]);
            (vec![t; n], z.iter().map(|v| v - t).collect())
        }
        Some(c) => {
            // limma::loessFit(z, covariate, span = 0.4) = lowess(iter = 3)
            let fitted = lowess(c, &z, 0.4, 3);
            let resid = z.iter().zip(&fitted).map(|(a, b)| a - b).collect();
            (fitted, resid)
        }
    };
    let q_lo = quantile7(&zresid, prob[0]);
    let q_hi = quantile7(&zresid, prob[1]);
    let zwins: Vec<f64> = zresid.iter().map(|v| v.max(q_lo).min(q_hi)).collect();
    let zwmean = zwins.iter().sum::<f64>() / n as f64;
    let zwvar = zwins.iter().map(|v| (v - zwmean).powi(2)).sum::<f64>() / n as f64 * n as f64
        / (n - 1) as f64;

    let (gn, gw) = gauss_legendre_unit(128);
    let link = |v: f64| v / (1.0 + v);
    let linkinv = |v: f64| v / (1.0 - v);
    let moments = |df2: f64| -> (f64, f64) {
        let fq = [qf(wp[0], df1s, df2), qf(1.0 - wp[1], df1s, df2)];
        let zq = [fq[0].ln(), fq[1].ln()];
        let q = [link(fq[0]), link(fq[1])];
        let q21 = q[1] - q[0];
        let mut m = 0.0;
        let nodes: Vec<f64> = gn.iter().map(|&g| q[0] + q21 * g).collect();
        let fvals: Vec<f64> = nodes
            .iter()
            .map(|&u| df_density(linkinv(u), df1s, df2) / (1.0 - u).powi(2))
            .collect();
        let zn: Vec<f64> = nodes.iter().map(|&u| linkinv(u).ln()).collect();
        for k in 0..gn.len() {
            m += gw[k] * fvals[k] * zn[k];
        }
        m = q21 * m + zq[0] * wp[0] + zq[1] * wp[1];
        let mut v = 0.0;
        for k in 0..gn.len() {
            v += gw[k] * fvals[k] * (zn[k] - m).powi(2);
        }
        v = q21 * v + (zq[0] - m).powi(2) * wp[0] + (zq[1] - m).powi(2) * wp[1];
        (m, v)
    };
    let (mom_inf_mean, mom_inf_var) = moments(f64::INFINITY);
    let funval_inf = (zwvar / mom_inf_var).ln();
    if funval_inf <= 0.0 {
        // Infinite prior df: shrink only the outliers.
        let ztc: Vec<f64> = ztrend.iter().map(|t| t + zwmean - mom_inf_mean).collect();
        let s20: Vec<f64> = ztc.iter().map(|v| v.exp()).collect();
        let fstat: Vec<f64> = z.iter().zip(&ztc).map(|(a, b)| (a - b).exp()).collect();
        let tail: Vec<f64> = fstat
            .iter()
            .map(|&f| pchisq_upper(f * df1s, df1s))
            .collect();
        let r = rank_average(&fstat);
        let df_pooled = n as f64 * df1s;
        let mut shrunk = vec![f64::INFINITY; n];
        let mut any = false;
        for i in 0..n {
            let emp = (n as f64 - r[i] + 0.5) / n as f64;
            let pno = (tail[i] / emp).min(1.0);
            if pno < 1.0 {
                shrunk[i] = pno * df_pooled;
                any = true;
            }
        }
        if any {
            let mut o: Vec<usize> = (0..n).collect();
            o.sort_by(|&a, &b| tail[a].total_cmp(&tail[b]));
            let mut cm = f64::NEG_INFINITY;
            for &i in &o {
                cm = cm.max(shrunk[i]);
                shrunk[i] = cm;
            }
        }
        let scale = if covariate.is_none() {
            PriorValue::Scalar(s20[0])
        } else {
            PriorValue::PerGene(s20)
        };
        return RobustFDistFit {
            scale,
            df2: f64::INFINITY,
            df2_shrunk: shrunk,
        };
    }
    if non_robust.df2 == f64::INFINITY {
        return RobustFDistFit {
            df2_shrunk: vec![f64::INFINITY; n],
            scale: non_robust.scale,
            df2: f64::INFINITY,
        };
    }
    let fun = |u: f64| (zwvar / moments(linkinv(u)).1).ln();
    let rbx = link(non_robust.df2);
    let funval_low = fun(rbx);
    let df2 = if funval_low >= 0.0 {
        non_robust.df2
    } else {
        match brent_root(fun, rbx, 1.0, funval_low, funval_inf, 1e-8, 1000) {
            Some(u) => linkinv(u),
            None => non_robust.df2,
        }
    };
    let (mom_mean, _) = moments(df2);
    let ztc: Vec<f64> = ztrend.iter().map(|t| t + zwmean - mom_mean).collect();
    let s20: Vec<f64> = ztc.iter().map(|v| v.exp()).collect();
    let fstat: Vec<f64> = z.iter().zip(&ztc).map(|(a, b)| (a - b).exp()).collect();
    let log_tail: Vec<f64> = fstat.iter().map(|&f| pf_log(f, df1s, df2, true)).collect();
    let r = rank_average(&fstat);
    let log_pno: Vec<f64> = (0..n)
        .map(|i| (log_tail[i] - ((n as f64 - r[i] + 0.5).ln() - (n as f64).ln())).min(0.0))
        .collect();
    let mut shrunk = vec![df2; n];
    if log_pno.iter().any(|&v| v < 0.0) {
        let min_lt = log_tail.iter().copied().fold(f64::INFINITY, f64::min);
        let pno: Vec<f64> = log_pno.iter().map(|v| v.exp()).collect();
        let pout: Vec<f64> = log_pno.iter().map(|v| -v.exp_m1()).collect();
        if min_lt == f64::NEG_INFINITY {
            for i in 0..n {
                shrunk[i] = pno[i] * df2;
            }
        } else {
            let mut df2_out = 0.5f64.ln() / min_lt * df2;
            let fmax = fstat.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let new_lt = pf_log(fmax, df1s, df2_out, true);
            df2_out *= 0.5f64.ln() / new_lt;
            for i in 0..n {
                shrunk[i] = pno[i] * df2 + pout[i] * df2_out;
            }
        }
        let mut o: Vec<usize> = (0..n).collect();
        o.sort_by(|&a, &b| log_tail[a].total_cmp(&log_tail[b]));
        let mut ordered: Vec<f64> = o.iter().map(|&i| shrunk[i]).collect();
        let mut cs = 0.0;
        let mut best = (f64::INFINITY, 0usize);
        for (k, v) in ordered.iter().enumerate() {
            cs += v;
            let mk = cs / (k + 1) as f64;
            if mk < best.0 {
                best = (mk, k);
            }
        }
        for v in ordered.iter_mut().take(best.1 + 1) {
            *v = best.0;
        }
        let mut cm = f64::NEG_INFINITY;
        for (k, &i) in o.iter().enumerate() {
            cm = cm.max(ordered[k]);
            shrunk[i] = cm;
        }
    }
    let scale = if covariate.is_none() {
        PriorValue::Scalar(s20[0])
    } else {
        PriorValue::PerGene(s20)
    };
    RobustFDistFit {
        scale,
        df2,
        df2_shrunk: shrunk,
    }
}

/// The moderated variances, as `limma::squeezeVar`.
#[derive(Debug, Clone, PartialEq)]
pub struct SqueezedVar {
    /// Prior degrees of freedom `d0` (per gene when robust).
    pub df_prior: PriorValue,
    /// Prior variance `s0^2` (per gene with a covariate).
    pub var_prior: PriorValue,
    /// Posterior variances `(d s^2 + d0 s0^2) / (d + d0)`.
    pub var_post: Vec<f64>,
}

/// Squeezes gene-wise variances towards a (possibly trended) prior, as
/// `limma::squeezeVar(var, df, covariate, robust, winsor.tail.p)`.
/// Returns `None` when the prior df cannot be estimated.
pub fn squeeze_var(
    var: &[f64],
    df: &[f64],
    covariate: Option<&[f64]>,
    robust: bool,
    winsor_tail_p: [f64; 2],
) -> Option<SqueezedVar> {
    let n = var.len();
    if n == 1 {
        return Some(SqueezedVar {
            df_prior: PriorValue::Scalar(0.0),
            var_prior: PriorValue::Scalar(var[0]),
            var_post: var.to_vec(),
        });
    }
    let mut var = var.to_vec();
    if df.len() > 1 {
        for i in 0..n {
            if df[i] == 0.0 {
                var[i] = 0.0;
            }
        }
    }
    let (df_prior, var_prior) = if robust {
        let f = fit_f_dist_robustly(&var, df, covariate, winsor_tail_p);
        (PriorValue::PerGene(f.df2_shrunk), f.scale)
    } else {
        let f = fit_f_dist(&var, df, covariate);
        (PriorValue::Scalar(f.df2), f.scale)
    };
    if (0..n).any(|i| df_prior.at(i).is_nan()) {
        return None;
    }
    let d = |i: usize| if df.len() == 1 { df[0] } else { df[i] };
    let var_post = (0..n)
        .map(|i| {
            let d0 = df_prior.at(i);
            if d0.is_finite() {
                (d(i) * var[i] + d0 * var_prior.at(i)) / (d(i) + d0)
            } else {
                var_prior.at(i)
            }
        })
        .collect();
    Some(SqueezedVar {
        df_prior,
        var_prior,
        var_post,
    })
}
