//! Fitting ComBat and applying the fitted adjustment.

use super::CombatError;
use nalgebra::DMatrix;
use prognos_core::table::{Cell, Table};
use std::fmt;

/// How the batch parameters are shrunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CombatPrior {
    /// Normal prior on the batch means, inverse-gamma on the variances
    /// (`par.prior = TRUE`).
    #[default]
    Parametric,
    /// Kernel estimate over the other features (`par.prior = FALSE`).
    NonParametric,
}

/// Parameters of ComBat (see the [module docs](super)).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CombatParams {
    /// Parametric or non-parametric empirical Bayes.
    pub prior: CombatPrior,
    /// Adjust the batch means only (`mean.only = TRUE`).
    pub mean_only: bool,
    /// Reference batch left unchanged (`ref.batch`).
    pub ref_batch: Option<String>,
}

/// A fitted ComBat adjustment and the harmonised training data.
#[derive(Debug, Clone, PartialEq)]
pub struct CombatFit {
    /// Batch labels, sorted (R's factor levels).
    pub levels: Vec<String>,
    /// Index of the reference batch in `levels`.
    pub reference: Option<usize>,
    /// Samples per batch.
    pub batch_sizes: Vec<usize>,
    /// Grand mean `α̂_g` per feature.
    pub grand_mean: Vec<f64>,
    /// Pooled variance `σ̂²_g` per feature.
    pub var_pooled: Vec<f64>,
    /// Covariate coefficients (rows = the covariates in `covariate_columns`,
    /// columns = features).
    pub covariate_coef: DMatrix<f64>,
    /// Covariate columns that entered the design (all-ones columns are
    /// dropped, as R drops intercept-like columns).
    pub covariate_columns: Vec<usize>,
    /// Covariate columns the caller passed.
    pub n_covariates: usize,
    /// Empirical-Bayes batch locations `γ*` (rows = batches, columns = features).
    pub gamma_star: DMatrix<f64>,
    /// Empirical-Bayes batch scales `δ*²` (rows = batches, columns = features).
    pub delta_star: DMatrix<f64>,
    /// Per-batch means of the standardised data, `γ̂`.
    pub gamma_hat: DMatrix<f64>,
    /// Per-batch variances of the standardised data, `δ̂²`.
    pub delta_hat: DMatrix<f64>,
    /// Features left unadjusted (zero variance within a batch).
    pub unadjusted: Vec<usize>,
    /// The harmonised training data (rows = samples, columns = features).
    pub adjusted: DMatrix<f64>,
    /// Iterations of the parametric solver per batch (0 when not used).
    pub iterations: Vec<usize>,
    /// Parameters used.
    pub params: CombatParams,
}

/// Relative convergence tolerance of `sva:::it.sol`.
const CONV: f64 = 1e-4;
/// Safety cap on the parametric iterations (sva has none).
const MAX_ITER: usize = 10_000;

impl CombatParams {
    /// Harmonises `x` (rows = samples, columns = features) across the
    /// batches `batch` (one label per row), preserving the effects of the
    /// biological `covariates` (rows = samples, no intercept column), as
    /// `sva::ComBat(t(x), batch, mod = model.matrix(~ covariates))`.
    ///
    /// # Errors
    /// See [`CombatError`].
    pub fn fit(
        &self,
        x: &DMatrix<f64>,
        batch: &[String],
        covariates: Option<&DMatrix<f64>>,
    ) -> Result<CombatFit, CombatError> {
        let (n, p) = x.shape();
        check_inputs(x, batch, covariates)?;
        let mut levels: Vec<String> = batch.to_vec();
        levels.sort();
        levels.dedup();
        let nb = levels.len();
        if nb < 2 {
            return Err(CombatError::TooFewBatches(nb));
        }
        let bidx: Vec<usize> = batch
            .iter()
            .map(|b| levels.binary_search(b).expect("label is a level"))
            .collect();
        let mut sizes = vec![0usize; nb];
        for &b in &bidx {
            sizes[b] += 1;
        }
        if !self.mean_only
            && let Some(i) = sizes.iter().position(|&s| s == 1)
        {
            return Err(CombatError::SingleSampleBatch {
                batch: levels[i].clone(),
            });
        }
        let reference = match &self.ref_batch {
            Some(r) => Some(
                levels
                    .iter()
                    .position(|l| l == r)
                    .ok_or_else(|| CombatError::UnknownReference(r.clone()))?,
            ),
            None => None,
        };

        // Features with zero variance inside a batch of >= 2 samples stay as they are.
        let unadjusted: Vec<usize> = (0..p)
            .filter(|&g| {
                (0..nb).any(|b| {
                    sizes[b] > 1 && {
                        let v: Vec<f64> = (0..n)
                            .filter(|&j| bidx[j] == b)
                            .map(|j| x[(j, g)])
                            .collect();
                        var(&v) == 0.0
                    }
                })
            })
            .collect();
        let keep: Vec<usize> = (0..p).filter(|g| !unadjusted.contains(g)).collect();
        let xk = x.select_columns(&keep);
        let pk = keep.len();

        // Design [batch indicators (reference column all ones), covariates].
        let q = covariates.map_or(0, |c| c.ncols());
        let cov_keep: Vec<usize> = (0..q)
            .filter(|&c| {
                let col = covariates.expect("q > 0").column(c);
                !col.iter().all(|&v| v == 1.0)
            })
            .collect();
        let d = nb + cov_keep.len();
        let design = DMatrix::from_fn(n, d, |j, c| {
            if c < nb {
                if bidx[j] == c || reference == Some(c) {
                    1.0
                } else {
                    0.0
                }
            } else {
                covariates.expect("covariate column")[(j, cov_keep[c - nb])]
            }
        });
        let b_hat = ols(&design, &xk).ok_or(CombatError::Confounded)?;

        let grand_mean: Vec<f64> = (0..pk)
            .map(|g| match reference {
                Some(r) => b_hat[(r, g)],
                None => (0..nb)
                    .map(|b| sizes[b] as f64 / n as f64 * b_hat[(b, g)])
                    .sum(),
            })
            .collect();
        let fitted = &design * &b_hat;
        let var_pooled: Vec<f64> = (0..pk)
            .map(|g| {
                let rows: Vec<usize> = match reference {
                    Some(r) => (0..n).filter(|&j| bidx[j] == r).collect(),
                    None => (0..n).collect(),
                };
                rows.iter()
                    .map(|&j| (xk[(j, g)] - fitted[(j, g)]).powi(2))
                    .sum::<f64>()
                    / rows.len() as f64
            })
            .collect();
        let cov_coef = b_hat.rows(nb, d - nb).into_owned();
        let stand_mean = DMatrix::from_fn(n, pk, |j, g| {
            grand_mean[g] + (nb..d).map(|c| design[(j, c)] * b_hat[(c, g)]).sum::<f64>()
        });
        let s = DMatrix::from_fn(n, pk, |j, g| {
            (xk[(j, g)] - stand_mean[(j, g)]) / var_pooled[g].sqrt()
        });

        let batch_design = design.columns(0, nb).into_owned();
        let gamma_hat = ols(&batch_design, &s).ok_or(CombatError::Confounded)?;
        let rows_of: Vec<Vec<usize>> = (0..nb)
            .map(|b| (0..n).filter(|&j| bidx[j] == b).collect())
            .collect();
        let delta_hat = DMatrix::from_fn(nb, pk, |b, g| {
            if self.mean_only {
                1.0
            } else {
                var(&rows_of[b].iter().map(|&j| s[(j, g)]).collect::<Vec<_>>())
            }
        });

        let mut gamma_star = DMatrix::zeros(nb, pk);
        let mut delta_star = DMatrix::from_element(nb, pk, 1.0);
        let mut iterations = vec![0usize; nb];
        for b in 0..nb {
            let gh: Vec<f64> = gamma_hat.row(b).iter().copied().collect();
            let dh: Vec<f64> = delta_hat.row(b).iter().copied().collect();
            let sdat: Vec<Vec<f64>> = (0..pk)
                .map(|g| rows_of[b].iter().map(|&j| s[(j, g)]).collect())
                .collect();
            let (gs, ds) = match (self.prior, self.mean_only) {
                (CombatPrior::Parametric, true) => {
                    let gbar = mean(&gh);
                    let t2 = var(&gh);
                    let gs = gh
                        .iter()
                        .map(|&g| postmean(g, gbar, 1.0, 1.0, t2))
                        .collect();
                    (gs, vec![1.0; pk])
                }
                (CombatPrior::Parametric, false) => {
                    let (gs, ds, it) = it_sol(&sdat, &gh, &dh);
                    iterations[b] = it;
                    (gs, ds)
                }
                (CombatPrior::NonParametric, _) => int_eprior(&sdat, &gh, &dh),
            };
            for g in 0..pk {
                gamma_star[(b, g)] = gs[g];
                delta_star[(b, g)] = ds[g];
            }
        }
        if let Some(r) = reference {
            gamma_star.row_mut(r).fill(0.0);
            delta_star.row_mut(r).fill(1.0);
        }

        let mut fit = CombatFit {
            levels,
            reference,
            batch_sizes: sizes,
            grand_mean: expand(&grand_mean, &keep, p, f64::NAN),
            var_pooled: expand(&var_pooled, &keep, p, f64::NAN),
            covariate_coef: expand_cols(&cov_coef, &keep, p),
            covariate_columns: cov_keep.clone(),
            n_covariates: q,
            gamma_star: expand_cols(&gamma_star, &keep, p),
            delta_star: expand_cols(&delta_star, &keep, p),
            gamma_hat: expand_cols(&gamma_hat, &keep, p),
            delta_hat: expand_cols(&delta_hat, &keep, p),
            unadjusted,
            adjusted: DMatrix::zeros(0, 0),
            iterations,
            params: self.clone(),
        };
        let cov_used = covariates.map(|c| c.select_columns(&cov_keep));
        fit.adjusted = fit.adjust(x, &bidx, cov_used.as_ref());
        Ok(fit)
    }
}

impl CombatFit {
    /// Applies the fitted adjustment to new samples `x` from the fitted
    /// batches, with their covariates (same columns as in the fit, after
    /// dropping all-ones columns). Reference-batch samples and unadjusted
    /// features are returned unchanged.
    ///
    /// # Errors
    /// [`CombatError::UnknownBatch`], [`CombatError::ShapeMismatch`],
    /// [`CombatError::LengthMismatch`], [`CombatError::NonFinite`].
    pub fn apply(
        &self,
        x: &DMatrix<f64>,
        batch: &[String],
        covariates: Option<&DMatrix<f64>>,
    ) -> Result<DMatrix<f64>, CombatError> {
        check_inputs(x, batch, covariates)?;
        if x.ncols() != self.grand_mean.len() {
            return Err(CombatError::ShapeMismatch {
                what: "features",
                got: x.ncols(),
                expected: self.grand_mean.len(),
            });
        }
        let q = covariates.map_or(0, |c| c.ncols());
        if q != self.n_covariates {
            return Err(CombatError::ShapeMismatch {
                what: "covariates",
                got: q,
                expected: self.n_covariates,
            });
        }
        let bidx = batch
            .iter()
            .enumerate()
            .map(|(row, b)| {
                self.levels
                    .binary_search(b)
                    .map_err(|_| CombatError::UnknownBatch {
                        batch: b.clone(),
                        row,
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let cov_used = covariates.map(|c| c.select_columns(&self.covariate_columns));
        Ok(self.adjust(x, &bidx, cov_used.as_ref()))
    }

    /// The adjustment of `sva::ComBat`'s last step for rows in batches `bidx`.
    fn adjust(&self, x: &DMatrix<f64>, bidx: &[usize], cov: Option<&DMatrix<f64>>) -> DMatrix<f64> {
        let (n, p) = x.shape();
        DMatrix::from_fn(n, p, |j, g| {
            let b = bidx[j];
            if self.unadjusted.contains(&g) || self.reference == Some(b) {
                return x[(j, g)];
            }
            let cov_effect: f64 = cov.map_or(0.0, |c| {
                (0..c.ncols())
                    .map(|k| c[(j, k)] * self.covariate_coef[(k, g)])
                    .sum()
            });
            let sm = self.grand_mean[g] + cov_effect;
            let sd = self.var_pooled[g].sqrt();
            let z =
                ((x[(j, g)] - sm) / sd - self.gamma_star[(b, g)]) / self.delta_star[(b, g)].sqrt();
            z * sd + sm
        })
    }

    /// Batch parameters per feature: `gamma.hat`, `gamma.star`, `delta.hat`,
    /// `delta.star` (rows = feature × batch).
    pub fn summary(&self) -> Table {
        let mut t = Table::new([
            "batch",
            "n",
            "mean gamma.hat",
            "mean gamma.star",
            "mean delta.hat",
            "mean delta.star",
        ])
        .with_title(format!(
            "ComBat ({:?}{}{}), {} features ({} unadjusted)",
            self.params.prior,
            if self.params.mean_only {
                ", mean only"
            } else {
                ""
            },
            self.reference
                .map_or(String::new(), |r| format!(", reference {}", self.levels[r])),
            self.grand_mean.len(),
            self.unadjusted.len()
        ));
        let avg = |m: &DMatrix<f64>, b: usize| {
            let v: Vec<f64> = m.row(b).iter().copied().filter(|v| v.is_finite()).collect();
            mean(&v)
        };
        for (b, l) in self.levels.iter().enumerate() {
            t.push_row(
                l.clone(),
                [
                    Cell::Text(l.clone()),
                    Cell::Int(self.batch_sizes[b] as i64),
                    Cell::Num(avg(&self.gamma_hat, b)),
                    Cell::Num(avg(&self.gamma_star, b)),
                    Cell::Num(avg(&self.delta_hat, b)),
                    Cell::Num(avg(&self.delta_star, b)),
                ],
            );
        }
        t
    }
}

impl fmt::Display for CombatFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

fn check_inputs(
    x: &DMatrix<f64>,
    batch: &[String],
    covariates: Option<&DMatrix<f64>>,
) -> Result<(), CombatError> {
    let n = x.nrows();
    if batch.len() != n {
        return Err(CombatError::LengthMismatch {
            what: "batch",
            got: batch.len(),
            expected: n,
        });
    }
    if let Some(c) = covariates {
        if c.nrows() != n {
            return Err(CombatError::LengthMismatch {
                what: "covariates",
                got: c.nrows(),
                expected: n,
            });
        }
        if let Some((row, _)) = (0..n)
            .flat_map(|j| (0..c.ncols()).map(move |k| (j, k)))
            .find(|&(j, k)| !c[(j, k)].is_finite())
        {
            return Err(CombatError::NonFiniteCovariate { row });
        }
    }
    for g in 0..x.ncols() {
        for j in 0..n {
            if !x[(j, g)].is_finite() {
                return Err(CombatError::NonFinite { row: j, feature: g });
            }
        }
    }
    Ok(())
}

/// OLS coefficients `(DᵀD)⁻¹ Dᵀ Y`, `None` when `DᵀD` is singular.
fn ols(d: &DMatrix<f64>, y: &DMatrix<f64>) -> Option<DMatrix<f64>> {
    let dtd = d.transpose() * d;
    let scale = dtd.diagonal().max().max(1.0);
    let lu = dtd.clone().lu();
    // Rank check as R's qr(design)$rank: reject near-singular designs.
    let chol = dtd.cholesky()?;
    let diag_min = chol
        .l()
        .diagonal()
        .iter()
        .fold(f64::INFINITY, |m, v| m.min(v.abs()));
    if diag_min * diag_min < 1e-10 * scale {
        return None;
    }
    lu.solve(&(d.transpose() * y))
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Sample variance (denominator `n − 1`), R `var`.
fn var(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return f64::NAN;
    }
    let m = mean(v);
    v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64
}

/// `sva:::postmean`.
fn postmean(g_hat: f64, g_bar: f64, n: f64, d_star: f64, t2: f64) -> f64 {
    (t2 * n * g_hat + d_star * g_bar) / (t2 * n + d_star)
}

/// `sva:::postvar`.
fn postvar(sum2: f64, n: f64, a: f64, b: f64) -> f64 {
    (0.5 * sum2 + b) / (n / 2.0 + a - 1.0)
}

/// `sva:::it.sol`: the parametric posterior by fixed-point iteration.
/// `sdat[g]` holds feature `g`'s standardised values in this batch.
fn it_sol(sdat: &[Vec<f64>], g_hat: &[f64], d_hat: &[f64]) -> (Vec<f64>, Vec<f64>, usize) {
    let g_bar = mean(g_hat);
    let t2 = var(g_hat);
    let (m, s2) = (mean(d_hat), var(d_hat));
    let a = (2.0 * s2 + m * m) / s2;
    let b = (m * s2 + m * m * m) / s2;
    let mut g_old = g_hat.to_vec();
    let mut d_old = d_hat.to_vec();
    let mut count = 0;
    loop {
        let mut change = f64::NEG_INFINITY;
        let mut g_new = Vec::with_capacity(g_hat.len());
        let mut d_new = Vec::with_capacity(g_hat.len());
        for g in 0..g_hat.len() {
            let n = sdat[g].len() as f64;
            let gn = postmean(g_hat[g], g_bar, n, d_old[g], t2);
            let sum2: f64 = sdat[g].iter().map(|v| (v - gn).powi(2)).sum();
            let dn = postvar(sum2, n, a, b);
            // As sva: abs(g.new - g.old) / g.old, a negative g.old gives a
            // negative ratio that never drives the maximum.
            change = change
                .max((gn - g_old[g]).abs() / g_old[g])
                .max((dn - d_old[g]).abs() / d_old[g]);
            g_new.push(gn);
            d_new.push(dn);
        }
        g_old = g_new;
        d_old = d_new;
        count += 1;
        // R: while (change > conv); a NaN change ends R's loop as well.
        if change.is_nan() || change <= CONV || count >= MAX_ITER {
            break;
        }
    }
    (g_old, d_old, count)
}

/// `sva:::int.eprior`: the non-parametric posterior, each feature weighted
/// by the likelihood of its data under the other features' batch
/// parameters (computed in the log domain, so it agrees with R where R
/// does not underflow and stays finite where it would).
fn int_eprior(sdat: &[Vec<f64>], g_hat: &[f64], d_hat: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let r = g_hat.len();
    let mut gs = Vec::with_capacity(r);
    let mut ds = Vec::with_capacity(r);
    let mut loglh = vec![0.0; r];
    for i in 0..r {
        let x = &sdat[i];
        let n = x.len() as f64;
        let mut max = f64::NEG_INFINITY;
        for k in 0..r {
            if k == i {
                continue;
            }
            let sum2: f64 = x.iter().map(|v| (v - g_hat[k]).powi(2)).sum();
            let l =
                -(n / 2.0) * (2.0 * std::f64::consts::PI * d_hat[k]).ln() - sum2 / (2.0 * d_hat[k]);
            loglh[k] = l;
            if l > max {
                max = l;
            }
        }
        let (mut sw, mut sg, mut sd) = (0.0, 0.0, 0.0);
        for k in 0..r {
            if k == i || !loglh[k].is_finite() {
                continue;
            }
            let w = (loglh[k] - max).exp();
            sw += w;
            sg += g_hat[k] * w;
            sd += d_hat[k] * w;
        }
        gs.push(sg / sw);
        ds.push(sd / sw);
    }
    (gs, ds)
}

fn expand(v: &[f64], keep: &[usize], p: usize, fill: f64) -> Vec<f64> {
    let mut out = vec![fill; p];
    for (k, &g) in keep.iter().enumerate() {
        out[g] = v[k];
    }
    out
}

fn expand_cols(m: &DMatrix<f64>, keep: &[usize], p: usize) -> DMatrix<f64> {
    let mut out = DMatrix::from_element(m.nrows(), p, f64::NAN);
    for (k, &g) in keep.iter().enumerate() {
        out.set_column(g, &m.column(k));
    }
    out
}
