//! Newton–Raphson fit of the Cox model (`coxph.fit` / `agreg.fit` with the
//! C routines `coxfit6` / `agfit4`), the fitted object and its tests.

use super::error::CoxError;
use super::kernel::{self, CoxLayout, TimeSort};
use super::params::{CoxData, CoxParams, Ties};
use super::residuals::{self, EventTable};
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};
use std::sync::Arc;

/// A chi-square test of the fit (likelihood-ratio, Wald or score).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoxTest {
    /// The chi-square statistic.
    pub statistic: f64,
    /// Degrees of freedom (number of estimable coefficients).
    pub df: usize,
    /// Upper-tail chi-square p-value.
    pub p_value: f64,
}

impl CoxTest {
    pub(crate) fn new(statistic: f64, df: usize) -> Self {
        CoxTest {
            statistic,
            df,
            p_value: chisq_sf(statistic, df),
        }
    }
}

/// `P(X > x)` for a chi-square with `df` degrees of freedom (R's
/// `pchisq(x, df, lower.tail = FALSE)`); 1 for `df = 0`.
pub(crate) fn chisq_sf(x: f64, df: usize) -> f64 {
    if df == 0 || !x.is_finite() {
        return if x.is_finite() { 1.0 } else { 0.0 };
    }
    if x <= 0.0 {
        return 1.0;
    }
    ChiSquared::new(df as f64)
        .map(|d| d.sf(x))
        .unwrap_or(f64::NAN)
}

/// Two-sided normal p-value `2 P(Z > |z|)`.
pub(crate) fn norm_p2(z: f64) -> f64 {
    let n = Normal::standard();
    2.0 * n.sf(z.abs())
}

/// The normal quantile `qnorm(1 - (1 - level) / 2)`.
pub(crate) fn z_crit(level: f64) -> f64 {
    Normal::standard().inverse_cdf(1.0 - (1.0 - level) / 2.0)
}

/// Harrell's concordance of the linear predictor, as `coxph` stores it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Concordance {
    /// Concordance (ties in the predictor count one half).
    pub c: f64,
    /// Its standard error.
    pub se: f64,
}

/// Statistical trouble met while fitting (R's warnings), as data.
#[derive(Debug, Clone, PartialEq)]
pub enum CoxWarning {
    /// The iteration limit was reached ("Ran out of iterations and did not converge").
    NotConverged {
        /// Iterations run.
        iterations: usize,
    },
    /// The likelihood converged while this coefficient was still moving
    /// (monotone likelihood: "Loglik converged before variable ...;
    /// coefficient may be infinite").
    InfiniteCoefficient {
        /// Column name.
        column: String,
    },
    /// Not converged and the predictor is huge: "one or more coefficients may be infinite".
    MayBeInfinite,
    /// A collinear (or constant) column was dropped: its coefficient is NA.
    DroppedCollinear {
        /// Column name.
        column: String,
    },
    /// The concordance could not be computed.
    ConcordanceUnavailable,
}

impl std::fmt::Display for CoxWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CoxWarning::NotConverged { iterations } => {
                write!(
                    f,
                    "Ran out of iterations ({iterations}) and did not converge"
                )
            }
            CoxWarning::InfiniteCoefficient { column } => {
                write!(
                    f,
                    "Loglik converged before variable {column}; coefficient may be infinite"
                )
            }
            CoxWarning::MayBeInfinite => write!(f, "one or more coefficients may be infinite"),
            CoxWarning::DroppedCollinear { column } => {
                write!(
                    f,
                    "{column} is collinear with other covariates; coefficient set to NA"
                )
            }
            CoxWarning::ConcordanceUnavailable => write!(f, "concordance could not be computed"),
        }
    }
}

/// Convergence report of the fit.
#[derive(Debug, Clone, PartialEq)]
pub struct CoxDiagnostics {
    /// Whether the relative change of the log partial likelihood fell below `eps`.
    pub converged: bool,
    /// Newton–Raphson iterations (R's `fit$iter`).
    pub iterations: usize,
    /// Warnings, in the order R would give them.
    pub warnings: Vec<CoxWarning>,
}

/// One row of the coefficient table; `None` where R prints `NA`.
#[derive(Debug, Clone, PartialEq)]
pub struct CoxCoefficient {
    /// Column name.
    pub term: String,
    /// Log hazard ratio (None: dropped as collinear).
    pub coef: Option<f64>,
    /// Model-based standard error.
    pub se: Option<f64>,
    /// Robust (sandwich) standard error, when requested.
    pub robust_se: Option<f64>,
    /// Hazard ratio `exp(coef)`.
    pub hr: Option<f64>,
    /// Lower confidence limit of the hazard ratio.
    pub hr_lower: Option<f64>,
    /// Upper confidence limit of the hazard ratio.
    pub hr_upper: Option<f64>,
    /// Wald z (using the robust se when present).
    pub z: Option<f64>,
    /// Two-sided p-value of z.
    pub p: Option<f64>,
}

/// A fitted Cox proportional-hazards model (R's `coxph` object).
///
/// Coefficients of dropped (collinear) columns are `NaN` in [`CoxFit::coef`]
/// (R's `NA`), with zero rows and columns in [`CoxFit::var`]; the
/// [`CoxFit::coefficients`] table reports them as `None`.
#[derive(Debug, Clone)]
pub struct CoxFit {
    /// Covariate names.
    pub names: Vec<String>,
    /// Log hazard ratios (NaN = NA).
    pub coef: Vec<f64>,
    /// Model-based variance (inverse information), p×p row-major.
    pub var: Vec<f64>,
    /// Robust variance (when requested), p×p row-major.
    pub robust_var: Option<Vec<f64>>,
    /// Covariate centres (R's `fit$means`: weighted means; 0 for columns
    /// with values in {-1, 0, 1}; unweighted means for counting-process data).
    pub means: Vec<f64>,
    /// Log partial likelihood at beta = 0.
    pub loglik_null: f64,
    /// Log partial likelihood at the estimate.
    pub loglik: f64,
    /// Likelihood-ratio test.
    pub lr_test: CoxTest,
    /// Wald test (robust variance when requested), unrounded.
    pub wald_test: CoxTest,
    /// Score (log-rank) test at beta = 0.
    pub score_test: CoxTest,
    /// Concordance of the linear predictor (within strata).
    pub concordance: Option<Concordance>,
    /// Observations used.
    pub n: usize,
    /// Rows with an event.
    pub events: usize,
    /// Tie handling used.
    pub ties: Ties,
    /// Confidence level of the hazard-ratio intervals.
    pub conf_level: f64,
    /// Convergence report.
    pub diagnostics: CoxDiagnostics,
    /// Centred linear predictor of each observation (original order).
    pub linear_predictors: Vec<f64>,
    /// Score at the estimate (R's `fit$first` / `coxfit$u`).
    pub score: Vec<f64>,
    pub(crate) layout: CoxLayout,
    pub(crate) events_table: EventTable,
    pub(crate) strata_levels: Vec<usize>,
    pub(crate) counting: bool,
}

impl CoxParams {
    /// Fits the Cox proportional-hazards model
    ///
    /// `λ(t | x) = λ₀ₛ(t) exp(xᵀβ)`
    ///
    /// (baseline hazard `λ₀ₛ` per stratum s) by maximising the log partial
    /// likelihood (Efron or Breslow ties, case weights) with Newton–Raphson
    /// and step halving, as R's `coxph`. Iteration stops when
    /// `|1 − ℓ_old/ℓ_new| <= eps`. Times are first merged with
    /// [`crate::timefix`] (R's `timefix = TRUE`).
    ///
    /// # Errors
    /// Invalid input ([`CoxError`]): mismatched lengths, non-finite values,
    /// invalid weights or intervals, no events; with `singular_ok = false`
    /// a constant ([`CoxError::ConstantCovariate`]) or collinear
    /// ([`CoxError::SingularDesign`]) column.
    ///
    /// # References
    /// Cox (1972); Efron (1977); Therneau & Grambsch (2000), *Modeling
    /// Survival Data*, ch. 3. R: `coxph(Surv(time, status) ~ x, ties =
    /// "efron", robust = FALSE)` and `Surv(start, stop, status)` for
    /// counting-process data.
    ///
    /// # Examples
    /// ```
    /// use prognos_survival::cox::{CoxData, CoxParams};
    /// use nalgebra::DMatrix;
    /// let x = DMatrix::from_column_slice(6, 1, &[0., 1., 0., 1., 1., 0.]);
    /// let data = CoxData::new(vec![1., 2., 3., 4., 5., 6.],
    ///                         vec![true, true, false, true, true, false], x);
    /// let fit = CoxParams::default().fit(&data).unwrap();
    /// assert!(fit.diagnostics.converged);
    /// ```
    pub fn fit(&self, data: &CoxData) -> Result<CoxFit, CoxError> {
        self.check()?;
        data.validate()?;
        let n = data.n();
        let p = data.x.ncols();
        // right-censored with timefix: one sort serves the merging, the
        // layout and the concordance
        let time_sort = (self.timefix && data.start.is_none()).then(|| TimeSort::new(&data.time));
        let (time, start) = match (&time_sort, self.timefix, &data.start) {
            (Some(ts), _, _) => (ts.merged(), None),
            (None, true, Some(s)) => {
                let (a, b) = crate::timefix::try_aeq_surv2(s, &data.time)?;
                (b, Some(a))
            }
            _ => (data.time.clone(), data.start.clone()),
        };
        let (strata, strata_levels) = match &data.strata {
            Some(s) => kernel::dense_codes(s),
            None => (vec![0; n], vec![0]),
        };
        let weight = data.weights.clone().unwrap_or_else(|| vec![1.0; n]);
        let counting = start.is_some();
        let means = column_means(data, &weight, counting);
        if !self.singular_ok {
            for (j, col) in columns(data).enumerate() {
                if col.iter().all(|&v| v == col[0]) {
                    return Err(CoxError::ConstantCovariate {
                        column: data.names[j].clone(),
                    });
                }
            }
        }
        let lay = match &time_sort {
            Some(ts) => CoxLayout::with_time_order(
                ts.descending(&data.time),
                &time,
                &data.event,
                &data.x,
                &strata,
                &weight,
                means.clone(),
            ),
            None => CoxLayout::new(
                &time,
                start.as_deref(),
                &data.event,
                &data.x,
                &strata,
                &weight,
                means.clone(),
            ),
        };
        // The concordance needs the final linear predictor only. Each
        // Newton step's candidate is known before its likelihood pass: when
        // the last step suggests that this one converges, the candidate's
        // concordance is computed on another thread during the pass, and
        // used if the candidate is the estimate (the same computation, so
        // the same numbers; otherwise it is computed afterwards).
        let conc_in = Arc::new(ConcInputs {
            time,
            time_sort,
            event: data.event.clone(),
            strata: data.strata.clone(),
            weights: data.weights.clone(),
            cluster: data.cluster.clone(),
            start,
            orig: lay.orig.clone(),
        });
        let mut spec: Option<Speculation> = None;
        let speculate = n >= SPECULATE_MIN_N;
        let nr = newton_raphson(&lay, self, &mut |beta, eta, likely_final| {
            if !speculate || !likely_final || spec.as_ref().is_some_and(|s| !s.handle.is_finished())
            {
                return;
            }
            let inp = Arc::clone(&conc_in);
            let eta = eta.to_vec();
            spec = Some(Speculation {
                beta: bits(beta),
                handle: std::thread::spawn(move || inp.concordance_sorted(&eta)),
            });
        })?;
        if !self.singular_ok
            && let Some(&j) = nr.singular.first()
        {
            return Err(CoxError::SingularDesign {
                column: data.names[j].clone(),
            });
        }

        let mut warnings = Vec::new();
        let mut coef = nr.beta.clone();
        for &j in &nr.singular {
            coef[j] = f64::NAN;
            warnings.push(CoxWarning::DroppedCollinear {
                column: data.names[j].clone(),
            });
        }
        let beta0: Vec<f64> = coef
            .iter()
            .map(|&b| if b.is_nan() { 0.0 } else { b })
            .collect();

        // Linear predictor (centred) in original order.
        let mut eta = vec![0.0; n];
        lay.linear_predictor(&beta0, &mut eta);
        let lp = kernel::to_data_order(&lay.orig, &eta);

        // R's checks for non-convergence and infinite coefficients.
        if self.max_iter > 1 {
            let infs: Vec<f64> = (0..p)
                .map(|j| {
                    (0..p)
                        .map(|l| nr.u[l] * nr.var[l * p + j])
                        .sum::<f64>()
                        .abs()
                })
                .collect();
            if !nr.converged {
                warnings.push(CoxWarning::NotConverged {
                    iterations: nr.iterations,
                });
                let maxlp = lp.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                if maxlp > 500.0 || infs.iter().any(|v| !v.is_finite()) {
                    warnings.push(CoxWarning::MayBeInfinite);
                }
            } else {
                for j in 0..p {
                    if nr.singular.contains(&j) {
                        continue;
                    }
                    let flagged = if counting {
                        !nr.u[j].is_finite() || infs[j] > self.toler_inf * (1.0 + beta0[j].abs())
                    } else {
                        !nr.u[j].is_finite()
                            || (infs[j] > self.eps && infs[j] > self.toler_inf * beta0[j].abs())
                    };
                    if flagged {
                        warnings.push(CoxWarning::InfiniteCoefficient {
                            column: data.names[j].clone(),
                        });
                    }
                }
            }
        }

        let mut risk = vec![0.0; n];
        for (r, e) in risk.iter_mut().zip(&eta) {
            *r = e.exp();
        }
        // The event table (hazard increments) and the concordance only need
        // the final linear predictor: compute them side by side, or take the
        // concordance computed for the estimate during its pass.
        let (events_table, concordance) = match spec.filter(|s| s.beta == bits(&beta0)) {
            Some(s) => {
                let events_table = EventTable::new(&lay, &risk, self.ties);
                let concordance = match s.handle.join() {
                    Ok(c) => c,
                    Err(_) => conc_in.concordance(&lp),
                };
                (events_table, concordance)
            }
            None => rayon::join(
                || EventTable::new(&lay, &risk, self.ties),
                || conc_in.concordance(&lp),
            ),
        };
        let robust = self.robust || data.cluster.is_some();
        let robust_var = if robust {
            let resid = residuals::score_residuals_sorted(&lay, &eta, &events_table);
            Some(residuals::robust_variance(
                &lay,
                &resid,
                &nr.var,
                data.cluster.as_deref(),
            ))
        } else {
            None
        };

        let df = p - nr.singular.len();
        let lr_test = CoxTest::new(2.0 * (nr.loglik - nr.loglik_null), df);
        let wald_var = robust_var.as_ref().unwrap_or(&nr.var);
        let wald = kernel::quad_form_solve(wald_var, p, &beta0, self.toler_chol);
        let wald_test = CoxTest::new(wald, df);
        let score_test = CoxTest::new(nr.sctest, df);

        if concordance.is_none() {
            warnings.push(CoxWarning::ConcordanceUnavailable);
        }

        Ok(CoxFit {
            names: data.names.clone(),
            coef,
            var: nr.var,
            robust_var,
            means,
            loglik_null: nr.loglik_null,
            loglik: nr.loglik,
            lr_test,
            wald_test,
            score_test,
            concordance,
            n,
            events: data.event.iter().filter(|&&e| e).count(),
            ties: self.ties,
            conf_level: self.conf_level,
            diagnostics: CoxDiagnostics {
                converged: nr.converged,
                iterations: nr.iterations,
                warnings,
            },
            linear_predictors: lp,
            score: nr.u,
            layout: lay,
            events_table,
            strata_levels,
            counting,
        })
    }
}

/// Fits with fewer rows do not start a thread for the concordance.
const SPECULATE_MIN_N: usize = 20_000;

/// The bits of a coefficient vector (exact comparison).
fn bits(beta: &[f64]) -> Vec<u64> {
    beta.iter().map(|b| b.to_bits()).collect()
}

/// A concordance being computed for a candidate estimate.
struct Speculation {
    /// Bits of the candidate.
    beta: Vec<u64>,
    handle: std::thread::JoinHandle<Option<Concordance>>,
}

/// What the concordance of a fit needs besides the linear predictor.
struct ConcInputs {
    /// Stop times (merged).
    time: Vec<f64>,
    /// The fit's sort of the times (right-censored data with timefix).
    time_sort: Option<TimeSort>,
    event: Vec<bool>,
    strata: Option<Vec<usize>>,
    weights: Option<Vec<f64>>,
    cluster: Option<Vec<usize>>,
    start: Option<Vec<f64>>,
    /// Original row of each sorted position of the layout.
    orig: Vec<usize>,
}

impl ConcInputs {
    /// [`ConcInputs::concordance`] of a linear predictor in layout order.
    fn concordance_sorted(&self, eta: &[f64]) -> Option<Concordance> {
        self.concordance(&kernel::to_data_order(&self.orig, eta))
    }

    /// The concordance of `lp` (original row order).
    fn concordance(&self, lp: &[f64]) -> Option<Concordance> {
        fit_concordance(
            &self.time,
            self.time_sort.as_ref().map(TimeSort::merged_again),
            &self.event,
            lp,
            self.strata.as_deref(),
            self.weights.as_deref(),
            self.cluster.as_deref(),
            self.start.as_deref(),
        )
    }
}

/// Concordance as `coxph` stores it: Harrell's C of the linear predictor
/// (higher lp = higher risk), within strata, case-weighted; with a
/// cluster the standard error is the grouped jackknife (R passes the
/// cluster to `concordancefit`); `(start, stop]` rows use the risk sets of
/// the counting process.
fn fit_concordance(
    time: &[f64],
    merged: Option<(Vec<f64>, Vec<u32>, usize)>,
    event: &[bool],
    lp: &[f64],
    strata: Option<&[usize]>,
    weights: Option<&[f64]>,
    cluster: Option<&[usize]>,
    start: Option<&[f64]>,
) -> Option<Concordance> {
    match (start, cluster) {
        (Some(st), _) => {
            crate::concordance::harrell_counting(st, time, event, lp, strata, weights, cluster)
        }
        (None, Some(cl)) => {
            crate::concordance::harrell_clustered(time, event, lp, strata, weights, cl)
        }
        (None, None) => match merged {
            // the merged times of `time` from the fit's sort
            Some(m) => crate::concordance::harrell_merged(m, event, lp, strata, weights),
            None => crate::concordance::harrell(time, event, lp, strata, weights),
        },
    }
    .ok()
    .map(|h| Concordance { c: h.c, se: h.se })
}

/// R's centring: weighted column means (right-censored) or plain means
/// (counting process); 0 for columns whose values are all in {-1, 0, 1}
/// (`coxph(nocenter = c(-1, 0, 1))`).
fn column_means(data: &CoxData, weight: &[f64], counting: bool) -> Vec<f64> {
    let n = data.n();
    let wsum: f64 = weight.iter().sum();
    columns(data)
        .map(|col| {
            if col.iter().all(|&v| v == 0.0 || v == 1.0 || v == -1.0) {
                0.0
            } else if counting {
                col.iter().sum::<f64>() / n as f64
            } else {
                col.iter().zip(weight).map(|(x, w)| x * w).sum::<f64>() / wsum
            }
        })
        .collect()
}

/// The covariate columns as slices (the matrix is column-major).
fn columns(data: &CoxData) -> impl Iterator<Item = &[f64]> {
    data.x
        .as_slice()
        .chunks_exact(data.n().max(1))
        .take(data.x.ncols())
}

/// The per-iteration hook of [`newton_raphson`]: `(beta, eta, likely_final)`.
type Candidate<'a> = dyn FnMut(&[f64], &[f64], bool) + 'a;

/// Output of [`newton_raphson`].
struct NrResult {
    beta: Vec<f64>,
    var: Vec<f64>,
    u: Vec<f64>,
    loglik_null: f64,
    loglik: f64,
    sctest: f64,
    iterations: usize,
    converged: bool,
    singular: Vec<usize>,
}

/// Newton–Raphson with step halving, following `coxfit6`: converged when
/// `|1 − ℓ_best/ℓ_new| <= eps` on a step that was not a halving step.
///
/// `candidate(beta, eta, likely_final)` is called with each iteration's
/// coefficients and their linear predictor (layout order) before its
/// likelihood pass; `likely_final` when the previous iteration changed the
/// log-likelihood by a relative `10 sqrt(eps)` or less (quadratic
/// convergence then usually gives a change below `eps` next).
fn newton_raphson(
    lay: &CoxLayout,
    params: &CoxParams,
    candidate: &mut Candidate<'_>,
) -> Result<NrResult, CoxError> {
    let (n, p) = (lay.n, lay.p);
    let ties = params.ties;
    let mut eta = vec![0.0; n];
    let mut risk = vec![0.0; n];
    let mut u = vec![0.0; p];
    let mut imat = vec![0.0; p * p];
    let mut beta = vec![0.0; p];
    let loglik_null =
        kernel::loglik_derivs(lay, ties, &beta, &mut eta, &mut risk, &mut u, &mut imat);
    let mut fac = imat.clone();
    let (_, mut singular) = kernel::cholesky2(&mut fac, p, params.toler_chol);
    let mut step = u.clone();
    kernel::chsolve2(&fac, p, &mut step);
    let sctest: f64 = u.iter().zip(&step).map(|(a, b)| a * b).sum();
    let mut newbeta: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b + s).collect();
    if params.max_iter == 0 || p == 0 {
        return Ok(NrResult {
            beta,
            var: kernel::chinv2(&fac, p),
            u,
            loglik_null,
            loglik: loglik_null,
            sctest,
            iterations: 0,
            converged: true,
            singular,
        });
    }
    let mut best = loglik_null;
    let mut halving = false;
    let mut newlk = loglik_null;
    let mut last_rel = f64::INFINITY;
    for iter in 1..=params.max_iter {
        let likely_final = !halving && last_rel <= 10.0 * params.eps.sqrt();
        newlk = kernel::loglik_derivs_with(
            lay,
            ties,
            &newbeta,
            &mut eta,
            &mut risk,
            &mut u,
            &mut imat,
            |eta| candidate(&newbeta, eta, likely_final),
        );
        last_rel = (1.0 - best / newlk).abs();
        fac.copy_from_slice(&imat);
        singular = kernel::cholesky2(&mut fac, p, params.toler_chol).1;
        if newlk.is_finite() && (1.0 - best / newlk).abs() <= params.eps && !halving {
            return Ok(NrResult {
                beta: newbeta,
                var: kernel::chinv2(&fac, p),
                u,
                loglik_null,
                loglik: newlk,
                sctest,
                iterations: iter,
                converged: true,
                singular,
            });
        }
        if iter == params.max_iter {
            break;
        }
        if !newlk.is_finite() || newlk < best {
            halving = true;
            for (nb, b) in newbeta.iter_mut().zip(&beta) {
                *nb = (*nb + b) / 2.0;
            }
        } else {
            halving = false;
            best = newlk;
            step.copy_from_slice(&u);
            kernel::chsolve2(&fac, p, &mut step);
            beta.copy_from_slice(&newbeta);
            for (nb, s) in newbeta.iter_mut().zip(&step) {
                *nb += s;
            }
        }
    }
    Ok(NrResult {
        beta: newbeta,
        var: kernel::chinv2(&fac, p),
        u,
        loglik_null,
        loglik: newlk,
        sctest,
        iterations: params.max_iter,
        converged: false,
        singular,
    })
}

impl CoxFit {
    /// Number of covariates (including dropped ones).
    pub fn p(&self) -> usize {
        self.names.len()
    }

    /// Model-based standard errors (NaN for dropped columns).
    pub fn se(&self) -> Vec<f64> {
        let p = self.p();
        (0..p)
            .map(|j| {
                if self.coef[j].is_nan() {
                    f64::NAN
                } else {
                    self.var[j * p + j].sqrt()
                }
            })
            .collect()
    }

    /// Robust standard errors, when the robust variance was requested.
    pub fn robust_se(&self) -> Option<Vec<f64>> {
        let p = self.p();
        self.robust_var.as_ref().map(|v| {
            (0..p)
                .map(|j| {
                    if self.coef[j].is_nan() {
                        f64::NAN
                    } else {
                        v[j * p + j].sqrt()
                    }
                })
                .collect()
        })
    }

    /// Whether the data were counting-process `(start, stop]` rows.
    pub fn is_counting_process(&self) -> bool {
        self.counting
    }

    /// Number of strata.
    pub fn n_strata(&self) -> usize {
        self.strata_levels.len()
    }

    /// The coefficient table: coef, se, robust se, hazard ratio with its
    /// `conf_level` interval, z and p (z, p and the interval use the robust
    /// se when present, as `summary.coxph`).
    pub fn coefficients(&self) -> Vec<CoxCoefficient> {
        let se = self.se();
        let rse = self.robust_se();
        let zc = z_crit(self.conf_level);
        let fin = |v: f64| if v.is_finite() { Some(v) } else { None };
        (0..self.p())
            .map(|j| {
                let b = self.coef[j];
                if b.is_nan() {
                    return CoxCoefficient {
                        term: self.names[j].clone(),
                        coef: None,
                        se: None,
                        robust_se: None,
                        hr: None,
                        hr_lower: None,
                        hr_upper: None,
                        z: None,
                        p: None,
                    };
                }
                let s_used = rse.as_ref().map_or(se[j], |r| r[j]);
                let z = b / s_used;
                CoxCoefficient {
                    term: self.names[j].clone(),
                    coef: fin(b),
                    se: fin(se[j]),
                    robust_se: rse.as_ref().and_then(|r| fin(r[j])),
                    hr: fin(b.exp()),
                    hr_lower: fin((b - zc * s_used).exp()),
                    hr_upper: fin((b + zc * s_used).exp()),
                    z: fin(z),
                    p: fin(norm_p2(z)),
                }
            })
            .collect()
    }
}
