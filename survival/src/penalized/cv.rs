//! K-fold cross-validation of the elastic-net Cox path with the grouped
//! partial-likelihood deviance, as `glmnet::cv.glmnet(family = "cox")`.

use nalgebra::DMatrix;
use prognos_core::Table;
use prognos_core::table::Cell;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::fmt;

use super::kernel::deviance;
use super::path::check_data;
use super::{CoxNetError, CoxNetParams, CoxNetPath, CoxNetWarning};

/// How rows are assigned to cross-validation folds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Folds {
    /// `k` folds of sizes differing by at most one: the labels
    /// `0, 1, ..., k-1, 0, 1, ...` (one per row) shuffled by Fisher–Yates
    /// with a ChaCha8 generator seeded by `seed` (the same idea as R's
    /// `sample(rep(seq(nfolds), length = N))`, not the same numbers: pass
    /// R's folds with [`Folds::Given`] to reproduce an R run).
    Random {
        /// Number of folds (>= 3).
        k: usize,
        /// Generator seed.
        seed: u64,
    },
    /// A 0-based fold index per row; folds are `0..=max`, each non-empty.
    Given(Vec<usize>),
}

impl Folds {
    /// The fold index of every row.
    ///
    /// # Errors
    /// Fewer than 3 folds, a wrong length, or an empty fold.
    pub fn assign(&self, n: usize) -> Result<Vec<usize>, CoxNetError> {
        let ids = match self {
            Folds::Random { k, seed } => {
                if *k < 3 {
                    return Err(CoxNetError::TooFewFolds { folds: *k });
                }
                let mut ids: Vec<usize> = (0..n).map(|i| i % k).collect();
                let mut rng = ChaCha8Rng::seed_from_u64(*seed);
                for i in (1..n).rev() {
                    let j = rng.random_range(0..=i);
                    ids.swap(i, j);
                }
                ids
            }
            Folds::Given(ids) => {
                if ids.len() != n {
                    return Err(CoxNetError::LengthMismatch {
                        what: "foldid",
                        expected: n,
                        found: ids.len(),
                    });
                }
                ids.clone()
            }
        };
        let k = ids.iter().max().map_or(0, |m| m + 1);
        if k < 3 {
            return Err(CoxNetError::TooFewFolds { folds: k });
        }
        let mut size = vec![0usize; k];
        ids.iter().for_each(|&f| size[f] += 1);
        if let Some(fold) = size.iter().position(|&s| s == 0) {
            return Err(CoxNetError::EmptyFold { fold });
        }
        Ok(ids)
    }
}

/// Cross-validation of the penalised Cox path (R `cv.glmnet(x, y, family =
/// "cox")` with the default `type.measure = "deviance"`, `grouped = TRUE`).
#[derive(Debug, Clone, PartialEq)]
pub struct CoxNetCvParams {
    /// The path parameters (used for the full fit and for every fold).
    pub path: CoxNetParams,
    /// Fold assignment.
    pub folds: Folds,
}

/// Result of [`CoxNetCvParams::fit`] (R: the `cv.glmnet` object).
#[derive(Debug, Clone, PartialEq)]
pub struct CoxNetCv {
    /// The path fitted on all rows (`glmnet.fit`).
    pub path: CoxNetPath,
    /// The 0-based fold of every row.
    pub foldid: Vec<usize>,
    /// Cross-validated deviance per unit event weight at each lambda (`cvm`).
    pub mean: Vec<f64>,
    /// Its standard error (`cvsd`).
    pub se: Vec<f64>,
    /// The lambda minimising `mean` (the largest one on ties; `lambda.min`).
    pub lambda_min: f64,
    /// The largest lambda with `mean` within one SE of the minimum (`lambda.1se`).
    pub lambda_1se: f64,
    /// 0-based index of `lambda_min` in `path.lambda`.
    pub index_min: usize,
    /// 0-based index of `lambda_1se` in `path.lambda`.
    pub index_1se: usize,
    /// Weighted number of events in each fold (the fold weights).
    pub fold_events: Vec<f64>,
    /// Folds without events and the folds' own path warnings.
    pub warnings: Vec<CoxNetWarning>,
}

impl CoxNetCv {
    /// All coefficients at `lambda_min` (original scale).
    pub fn coefficients_min(&self) -> Vec<f64> {
        self.path.coefficients(self.index_min)
    }

    /// All coefficients at `lambda_1se` (original scale).
    pub fn coefficients_1se(&self) -> Vec<f64> {
        self.path.coefficients(self.index_1se)
    }

    /// R's `print(cv.glmnet)` table: rows `min` and `1se`, columns
    /// `Lambda Index Measure SE Nonzero` (Index 1-based as R prints it).
    pub fn summary(&self) -> Table {
        let mut t = Table::new(["Lambda", "Index", "Measure", "SE", "Nonzero"])
            .with_title("Cross-validated elastic-net Cox (measure: partial-likelihood deviance)");
        for (name, k) in [("min", self.index_min), ("1se", self.index_1se)] {
            t.push_row(
                name,
                [
                    Cell::Num(self.path.lambda[k]),
                    Cell::Int(k as i64 + 1),
                    Cell::Num(self.mean[k]),
                    Cell::Num(self.se[k]),
                    Cell::Int(self.path.df[k] as i64),
                ],
            );
        }
        let k = self.fold_events.len();
        t.push_footer(format!("{k} folds; {} lambda values", self.path.len()));
        for w in self.path.warnings.iter().chain(&self.warnings) {
            t.push_footer(format!("warning: {w}"));
        }
        t
    }
}

impl fmt::Display for CoxNetCv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

/// Linear predictors `x beta` of the given rows for every coefficient vector.
fn linear_predictors(x: &DMatrix<f64>, rows: &[usize], betas: &[Vec<f64>]) -> Vec<Vec<f64>> {
    betas
        .iter()
        .map(|b| {
            let mut eta = vec![0.0; rows.len()];
            for (j, &bj) in b.iter().enumerate() {
                if bj != 0.0 {
                    let c = x.column(j);
                    for (e, &i) in eta.iter_mut().zip(rows) {
                        *e += c[i] * bj;
                    }
                }
            }
            eta
        })
        .collect()
}

/// Picks the rows `rows` of an optional per-row slice.
fn pick<T: Copy>(v: Option<&[T]>, rows: &[usize]) -> Option<Vec<T>> {
    v.map(|v| rows.iter().map(|&i| v[i]).collect())
}

impl CoxNetCvParams {
    /// Fits the path on all rows and on each training set (all folds but
    /// one, in parallel; each fold generates its own lambda sequence, as
    /// `cv.glmnet` does), then scores fold k by the Verweij–van Houwelingen
    /// grouped deviance: `dev(all rows, beta_-k) - dev(training rows,
    /// beta_-k)`, with `beta_-k` the fold's path interpolated at the full
    /// path's lambdas. Fold deviances are divided by the fold's event weight
    /// `W_k`; `mean = sum_k D_k / sum_k W_k` and
    /// `se = sqrt(sum_k W_k (D_k/W_k - mean)^2 / sum_k W_k / (K - 1))`.
    /// Results do not depend on the number of threads.
    ///
    /// # Errors
    /// As [`CoxNetParams::fit`] and [`Folds::assign`].
    ///
    /// # References
    /// Verweij PJM, van Houwelingen HC (1993). Cross-validation in survival
    /// analysis. Stat Med 12:2305–14. R: `cv.glmnet(x, Surv(time, event),
    /// family = "cox", foldid = ...)`.
    pub fn fit(
        &self,
        time: &[f64],
        event: &[bool],
        x: &DMatrix<f64>,
        strata: Option<&[usize]>,
        weights: Option<&[f64]>,
    ) -> Result<CoxNetCv, CoxNetError> {
        let n = x.nrows();
        check_data(time, event, x, strata, weights)?;
        let foldid = self.folds.assign(n)?;
        let k = foldid.iter().max().map_or(0, |m| m + 1);
        let all: Vec<usize> = (0..n).collect();
        let (full, folds) = rayon::join(
            || self.path.fit(time, event, x, strata, weights),
            || {
                (0..k)
                    .into_par_iter()
                    .map(|fold| {
                        let train: Vec<usize> = (0..n).filter(|&i| foldid[i] != fold).collect();
                        let xt = x.select_rows(train.iter());
                        let t: Vec<f64> = train.iter().map(|&i| time[i]).collect();
                        let d: Vec<bool> = train.iter().map(|&i| event[i]).collect();
                        let s = pick(strata, &train);
                        let w = pick(weights, &train);
                        let fit = self.path.fit(&t, &d, &xt, s.as_deref(), w.as_deref())?;
                        Ok((train, fit))
                    })
                    .collect::<Result<Vec<_>, CoxNetError>>()
            },
        );
        let full = full?;
        let folds = folds?;
        let lambda = &full.lambda;
        let nl = lambda.len();
        // D_k per fold and lambda
        let raw: Vec<Vec<f64>> = folds
            .par_iter()
            .map(|(train, fit)| {
                let betas: Vec<Vec<f64>> = lambda.iter().map(|&s| fit.coefficients_at(s)).collect();
                let eta_all = linear_predictors(x, &all, &betas);
                let eta_train = linear_predictors(x, train, &betas);
                let d_all = deviance(time, event, weights, strata, &eta_all);
                let t: Vec<f64> = train.iter().map(|&i| time[i]).collect();
                let d: Vec<bool> = train.iter().map(|&i| event[i]).collect();
                let s = pick(strata, train);
                let w = pick(weights, train);
                let d_train = deviance(&t, &d, w.as_deref(), s.as_deref(), &eta_train);
                d_all.iter().zip(&d_train).map(|(a, b)| a - b).collect()
            })
            .collect();
        let mut fold_events = vec![0.0; k];
        for i in 0..n {
            if event[i] {
                fold_events[foldid[i]] += weights.map_or(1.0, |w| w[i]);
            }
        }
        let mut warnings = Vec::new();
        for (fold, (_, fit)) in folds.iter().enumerate() {
            for w in &fit.warnings {
                if !matches!(w, CoxNetWarning::ConstantColumns(_)) {
                    warnings.push(CoxNetWarning::Fold {
                        fold,
                        warning: Box::new(w.clone()),
                    });
                }
            }
        }
        let used: Vec<usize> = (0..k).filter(|&f| fold_events[f] > 0.0).collect();
        for f in (0..k).filter(|f| fold_events[*f] <= 0.0) {
            warnings.push(CoxNetWarning::FoldWithoutEvents { fold: f });
        }
        let sum_w: f64 = used.iter().map(|&f| fold_events[f]).sum();
        let n_used = used.len() as f64;
        let mut mean = vec![0.0; nl];
        let mut se = vec![0.0; nl];
        for l in 0..nl {
            // R: cvraw / W, then weighted.mean with weights W
            let m = used
                .iter()
                .map(|&f| raw[f][l] / fold_events[f] * fold_events[f])
                .sum::<f64>()
                / sum_w;
            let v = used
                .iter()
                .map(|&f| {
                    let r = raw[f][l] / fold_events[f] - m;
                    r * r * fold_events[f]
                })
                .sum::<f64>()
                / sum_w;
            mean[l] = m;
            se[l] = (v / (n_used - 1.0)).sqrt();
        }
        // getOptcv.glmnet: largest lambda at the minimum; largest within 1 SE
        let cvmin = mean.iter().copied().fold(f64::INFINITY, f64::min);
        let index_min = (0..nl)
            .filter(|&l| mean[l] <= cvmin)
            .max_by(|&a, &b| lambda[a].total_cmp(&lambda[b]).then(b.cmp(&a)));
        let index_min = index_min.unwrap_or(0);
        let semin = mean[index_min] + se[index_min];
        let index_1se = (0..nl)
            .filter(|&l| mean[l] <= semin)
            .max_by(|&a, &b| lambda[a].total_cmp(&lambda[b]).then(b.cmp(&a)))
            .unwrap_or(index_min);
        Ok(CoxNetCv {
            lambda_min: lambda[index_min],
            lambda_1se: lambda[index_1se],
            index_min,
            index_1se,
            mean,
            se,
            fold_events,
            foldid,
            warnings,
            path: full,
        })
    }
}
