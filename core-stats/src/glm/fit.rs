//! The IRLS fit of `glm(family = binomial)` and its result.

use super::kernel::{binomial_dev_resid, logit_inv, logit_mu_eta, weighted_lstsq};
use super::{GlmError, LogisticParams};
use nalgebra::DMatrix;
use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::gamma::ln_gamma;

/// One row of the coefficient table (`summary(glm)$coefficients` plus odds ratios).
#[derive(Debug, Clone, PartialEq)]
pub struct Coefficient {
    /// Term name; the intercept is `(Intercept)`.
    pub term: String,
    /// Estimate on the log-odds scale (R `Estimate`); NaN when aliased.
    pub estimate: f64,
    /// Model-based standard error (R `Std. Error`); NaN when aliased.
    pub se: f64,
    /// Wald z = estimate / se (R `z value`).
    pub z: f64,
    /// Two-sided p-value 2 Φ(−|z|) (R `Pr(>|z|)`).
    pub p: f64,
    /// exp(estimate).
    pub odds_ratio: f64,
    /// Lower Wald limit exp(estimate − z_{1−α/2} se).
    pub or_lower: f64,
    /// Upper Wald limit exp(estimate + z_{1−α/2} se).
    pub or_upper: f64,
    /// Linearly dependent on earlier columns: R reports `NA` (all numbers are NaN here).
    pub aliased: bool,
}

/// Statistical trouble met during the fit (R's warnings), reported, never printed.
#[derive(Debug, Clone, PartialEq)]
pub enum GlmWarning {
    /// The deviance had not converged after `iterations` (R: "glm.fit: algorithm did not converge").
    NotConverged {
        /// Iterations run.
        iterations: usize,
    },
    /// Some fitted probabilities are within 10 ε of 0 or 1: complete or
    /// quasi-complete separation (R: "glm.fit: fitted probabilities
    /// numerically 0 or 1 occurred"); estimates and SEs are unreliable.
    FittedProbabilitiesZeroOrOne {
        /// Number of observations affected.
        n_obs: usize,
    },
    /// A column is linearly dependent on earlier ones; its coefficient is NA.
    Aliased {
        /// The term.
        term: String,
    },
    /// Some weights are not whole numbers: the AIC's binomial likelihood
    /// rounds `w` and `w y` (R: "non-integer #successes in a binomial glm!").
    NonIntegerWeights,
    /// Step-halving was needed to keep the deviance finite.
    StepHalving {
        /// Iteration at which it first happened.
        iteration: usize,
    },
}

/// A fitted logistic regression, as `glm(family = binomial)`.
#[derive(Debug, Clone)]
pub struct LogisticFit {
    /// Coefficients, `(Intercept)` first, in the column order of `x`.
    pub coefficients: Vec<Coefficient>,
    /// Unscaled covariance matrix of the coefficients (dispersion 1), (p+1) × (p+1);
    /// rows/columns of aliased terms are NaN.
    pub covariance: DMatrix<f64>,
    /// Fitted probabilities μ_i for every row (including zero-weight rows).
    pub fitted: Vec<f64>,
    /// Linear predictor η_i.
    pub linear_predictor: Vec<f64>,
    /// Residual deviance.
    pub deviance: f64,
    /// Deviance of the intercept-only model.
    pub null_deviance: f64,
    /// AIC as R computes it for the binomial family.
    pub aic: f64,
    /// Residual degrees of freedom: rows with positive weight − rank.
    pub df_residual: usize,
    /// Null degrees of freedom: rows with positive weight − 1.
    pub df_null: usize,
    /// Rank of the design (with intercept).
    pub rank: usize,
    /// IRLS iterations run.
    pub iterations: usize,
    /// Whether the deviance criterion was met.
    pub converged: bool,
    /// R's warnings, as data.
    pub warnings: Vec<GlmWarning>,
    /// Confidence level of the odds-ratio interval.
    pub conf_level: f64,
}

impl LogisticFit {
    /// Whether the fit shows complete or quasi-complete separation.
    pub fn separation(&self) -> bool {
        self.warnings
            .iter()
            .any(|w| matches!(w, GlmWarning::FittedProbabilitiesZeroOrOne { .. }))
    }
}

impl LogisticParams {
    /// Fits `logit P(y = 1) = β0 + x β` by IRLS exactly as R's `glm.fit`.
    ///
    /// `x` is n × p without an intercept column (one is added and reported
    /// first as `(Intercept)`); `names` names the p columns; `weights` are
    /// prior weights (R's `weights =`), default 1; rows with weight 0 do not
    /// enter the fit but get fitted values.
    ///
    /// # Errors
    /// Length mismatches, non-finite covariates, negative/non-finite
    /// weights, no positive weight, bad parameters, or a deviance that stays
    /// non-finite ([`GlmError`]). Separation, non-convergence and aliased
    /// columns are not errors: see [`LogisticFit::warnings`].
    pub fn fit(
        &self,
        x: &DMatrix<f64>,
        names: &[String],
        y: &[bool],
        weights: Option<&[f64]>,
    ) -> Result<LogisticFit, GlmError> {
        self.check()?;
        let n = x.nrows();
        let p0 = x.ncols();
        if y.len() != n {
            return Err(GlmError::LengthMismatch {
                what: "y",
                found: y.len(),
                expected: n,
            });
        }
        if names.len() != p0 {
            return Err(GlmError::LengthMismatch {
                what: "names",
                found: names.len(),
                expected: p0,
            });
        }
        for j in 0..p0 {
            if let Some(row) = (0..n).find(|&i| !x[(i, j)].is_finite()) {
                return Err(GlmError::NonFiniteCovariate {
                    column: names[j].clone(),
                    row,
                });
            }
        }
        let w: Vec<f64> = match weights {
            Some(w) => {
                if w.len() != n {
                    return Err(GlmError::LengthMismatch {
                        what: "weights",
                        found: w.len(),
                        expected: n,
                    });
                }
                if let Some(row) = w.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
                    return Err(GlmError::BadWeight { row, value: w[row] });
                }
                w.to_vec()
            }
            None => vec![1.0; n],
        };
        let good_rows: Vec<usize> = (0..n).filter(|&i| w[i] > 0.0).collect();
        if good_rows.is_empty() {
            return Err(GlmError::NoObservations);
        }
        let p = p0 + 1;
        // design with intercept, column-major
        let mut xd = Vec::with_capacity(n * p);
        xd.extend(std::iter::repeat_n(1.0, n));
        xd.extend(x.as_slice().iter().copied());
        let mut term_names = Vec::with_capacity(p);
        term_names.push("(Intercept)".to_string());
        term_names.extend(names.iter().cloned());

        let yf: Vec<f64> = y.iter().map(|&b| if b { 1.0 } else { 0.0 }).collect();
        let deviance =
            |mu: &[f64]| -> f64 { (0..n).map(|i| binomial_dev_resid(y[i], mu[i], w[i])).sum() };
        let lin_pred = |b: &[f64]| -> Vec<f64> {
            (0..n)
                .map(|i| (0..p).map(|j| xd[j * n + i] * b[j]).sum())
                .collect()
        };
        let tol = 1e-7_f64.min(self.epsilon / 1000.0);
        let mut warnings = Vec::new();

        // initialize (binomial family): mustart = (w y + 0.5)/(w + 1)
        let mut mu: Vec<f64> = (0..n)
            .map(|i| (w[i] * yf[i] + 0.5) / (w[i] + 1.0))
            .collect();
        let mut eta: Vec<f64> = mu.iter().map(|m| (m / (1.0 - m)).ln()).collect();
        let mut dev_old = deviance(&mu);
        if !dev_old.is_finite() {
            return Err(GlmError::NoValidCoefficients);
        }
        let mut coef_old: Option<Vec<f64>> = None;
        let mut coef = vec![0.0; p];
        let mut converged = false;
        let mut iterations = 0;
        let mut sol = None;
        let mut dev = dev_old;
        for iter in 1..=self.max_iter {
            iterations = iter;
            // working response and weights over the good rows
            let rows: Vec<usize> = good_rows
                .iter()
                .copied()
                .filter(|&i| logit_mu_eta(eta[i]) != 0.0)
                .collect();
            let m = rows.len();
            let mut xs = Vec::with_capacity(m * p);
            for j in 0..p {
                xs.extend(rows.iter().map(|&i| xd[j * n + i]));
            }
            let mut z = Vec::with_capacity(m);
            let mut s = Vec::with_capacity(m);
            for &i in &rows {
                let me = logit_mu_eta(eta[i]);
                z.push(eta[i] + (yf[i] - mu[i]) / me);
                s.push((w[i] * me * me / (mu[i] * (1.0 - mu[i]))).sqrt());
            }
            let ls = weighted_lstsq(&xs, m, p, &z, &s, tol);
            let mut start = ls.coef.clone();
            sol = Some(ls);
            eta = lin_pred(&start);
            mu = eta.iter().map(|&e| logit_inv(e)).collect();
            dev = deviance(&mu);
            // step-halving while the deviance is non-finite or μ leaves (0, 1)
            let invalid = |dev: f64, mu: &[f64]| {
                !dev.is_finite() || mu.iter().any(|&m| !(m > 0.0 && m < 1.0))
            };
            if invalid(dev, &mu) {
                let Some(old) = coef_old.as_ref() else {
                    return Err(GlmError::NoValidCoefficients);
                };
                warnings.push(GlmWarning::StepHalving { iteration: iter });
                let mut ii = 0;
                while invalid(dev, &mu) {
                    ii += 1;
                    if ii > self.max_iter {
                        return Err(GlmError::NoValidCoefficients);
                    }
                    for (s, o) in start.iter_mut().zip(old) {
                        *s = (*s + o) / 2.0;
                    }
                    eta = lin_pred(&start);
                    mu = eta.iter().map(|&e| logit_inv(e)).collect();
                    dev = deviance(&mu);
                }
            }
            coef = start;
            if (dev - dev_old).abs() / (dev.abs() + 0.1) < self.epsilon {
                converged = true;
                break;
            }
            dev_old = dev;
            coef_old = Some(coef.clone());
        }
        let sol = sol.ok_or(GlmError::NoValidCoefficients)?;
        if !converged {
            warnings.push(GlmWarning::NotConverged { iterations });
        }
        let eps10 = 10.0 * f64::EPSILON;
        let n_extreme = good_rows
            .iter()
            .filter(|&&i| mu[i] > 1.0 - eps10 || mu[i] < eps10)
            .count();
        if n_extreme > 0 {
            warnings.push(GlmWarning::FittedProbabilitiesZeroOrOne { n_obs: n_extreme });
        }
        for (j, &a) in sol.aliased.iter().enumerate() {
            if a {
                warnings.push(GlmWarning::Aliased {
                    term: term_names[j].clone(),
                });
            }
        }

        // null deviance: intercept-only model has μ = Σ w y / Σ w
        let sw: f64 = w.iter().sum();
        let wtdmu = (0..n).map(|i| w[i] * yf[i]).sum::<f64>() / sw;
        let null_deviance: f64 = (0..n).map(|i| binomial_dev_resid(y[i], wtdmu, w[i])).sum();

        // AIC: -2 Σ_{w>0} log dbinom(round(w y), round(w), μ) + 2 rank (R binomial()$aic)
        if w.iter().any(|v| (v - v.round()).abs() > 1e-7) {
            warnings.push(GlmWarning::NonIntegerWeights);
        }
        let rank = sol.rank;
        let mut loglik = 0.0;
        for &i in &good_rows {
            let size = w[i].round();
            let k = (w[i] * yf[i]).round();
            loglik += ln_choose(size, k) + xlogy(k, mu[i]) + xlogy(size - k, 1.0 - mu[i]);
        }
        let aic = -2.0 * loglik + 2.0 * rank as f64;

        let zq = Normal::standard().inverse_cdf(0.5 + self.conf_level / 2.0);
        let std_normal = Normal::standard();
        let coefficients = (0..p)
            .map(|j| {
                if sol.aliased[j] {
                    return Coefficient {
                        term: term_names[j].clone(),
                        estimate: f64::NAN,
                        se: f64::NAN,
                        z: f64::NAN,
                        p: f64::NAN,
                        odds_ratio: f64::NAN,
                        or_lower: f64::NAN,
                        or_upper: f64::NAN,
                        aliased: true,
                    };
                }
                let est = coef[j];
                let se = sol.cov_unscaled[j * p + j].sqrt();
                let z = est / se;
                Coefficient {
                    term: term_names[j].clone(),
                    estimate: est,
                    se,
                    z,
                    p: 2.0 * std_normal.cdf(-z.abs()),
                    odds_ratio: est.exp(),
                    or_lower: (est - zq * se).exp(),
                    or_upper: (est + zq * se).exp(),
                    aliased: false,
                }
            })
            .collect();
        let n_ok = good_rows.len();
        Ok(LogisticFit {
            coefficients,
            covariance: DMatrix::from_column_slice(p, p, &sol.cov_unscaled),
            fitted: mu,
            linear_predictor: eta,
            deviance: dev,
            null_deviance,
            aic,
            df_residual: n_ok.saturating_sub(rank),
            df_null: n_ok - 1,
            rank,
            iterations,
            converged,
            warnings,
            conf_level: self.conf_level,
        })
    }
}

fn ln_choose(n: f64, k: f64) -> f64 {
    if k <= 0.0 || k >= n {
        return 0.0;
    }
    ln_gamma(n + 1.0) - ln_gamma(k + 1.0) - ln_gamma(n - k + 1.0)
}

/// x log y with 0 log 0 = 0 (dbinom's convention).
fn xlogy(x: f64, y: f64) -> f64 {
    if x == 0.0 { 0.0 } else { x * y.ln() }
}
