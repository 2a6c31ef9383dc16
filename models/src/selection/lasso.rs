//! LASSO-logistic selection: the glmnet-style λ path, λ chosen by seeded
//! stratified cross-validation of the binomial deviance, features with
//! non-zero coefficients at the chosen λ.

use super::SelectionError;
use super::error::check_table;
use super::penalized::{PenalizedLogistic, fit_penalized_logistic, lambda_max};
use crate::classify::stratified_folds;
use nalgebra::DMatrix;
use prognos_core::table::{Cell, Table};
use std::fmt;

/// Which cross-validated λ to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LambdaRule {
    /// The λ with the smallest CV deviance (`lambda.min`).
    Min,
    /// The largest λ within one SE of the minimum (`lambda.1se`).
    #[default]
    OneSe,
}

/// Parameters of [`LassoSelectParams::fit`].
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `alpha` | 1 | elastic-net mixing (1 = lasso) |
/// | `n_lambda` | 50 | λ values, log-spaced from `λ_max` |
/// | `lambda_min_ratio` | 0.01 if n < p else 1e-3 | smallest λ / `λ_max` (`None` = glmnet's rule) |
/// | `folds` | 5 | stratified CV folds |
/// | `rule` | `OneSe` | λ choice |
/// | `seed` | 1 | fold assignment seed |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LassoSelectParams {
    /// Elastic-net mixing.
    pub alpha: f64,
    /// Number of λ values.
    pub n_lambda: usize,
    /// Smallest λ as a fraction of `λ_max`.
    pub lambda_min_ratio: Option<f64>,
    /// CV folds.
    pub folds: usize,
    /// λ choice.
    pub rule: LambdaRule,
    /// Seed of the folds.
    pub seed: u64,
}

impl Default for LassoSelectParams {
    fn default() -> Self {
        LassoSelectParams {
            alpha: 1.0,
            n_lambda: 50,
            lambda_min_ratio: None,
            folds: 5,
            rule: LambdaRule::OneSe,
            seed: 1,
        }
    }
}

/// Result of the LASSO selection.
#[derive(Debug, Clone, PartialEq)]
pub struct LassoSelection {
    /// The λ path.
    pub lambda: Vec<f64>,
    /// Mean CV binomial deviance per λ.
    pub cv_deviance: Vec<f64>,
    /// Its standard error per λ.
    pub cv_se: Vec<f64>,
    /// Chosen λ.
    pub lambda_chosen: f64,
    /// Fit on all rows at the chosen λ.
    pub fit: PenalizedLogistic,
    /// Indices of the features with non-zero coefficients.
    pub selected: Vec<usize>,
}

impl LassoSelectParams {
    /// Runs the selection.
    ///
    /// # Errors
    /// [`SelectionError`] for missing values, a single class, or bad parameters.
    pub fn fit(
        &self,
        x: &DMatrix<f64>,
        names: &[String],
        y: &[bool],
    ) -> Result<LassoSelection, SelectionError> {
        check_table(x, names, Some(y.len()))?;
        if y.iter().all(|&v| v) || y.iter().all(|&v| !v) {
            return Err(SelectionError::SingleClass);
        }
        if !(0.0..=1.0).contains(&self.alpha) {
            return Err(SelectionError::BadParameter {
                name: "alpha",
                requirement: "in [0, 1]",
                value: self.alpha,
            });
        }
        let (n, p) = x.shape();
        let ratio = self
            .lambda_min_ratio
            .unwrap_or(if n < p { 0.01 } else { 1e-3 });
        let lmax = lambda_max(x, y, self.alpha).max(1e-8);
        let nl = self.n_lambda.max(2);
        let lambda: Vec<f64> = (0..nl)
            .map(|k| lmax * ratio.powf(k as f64 / (nl - 1) as f64))
            .collect();
        let fold = stratified_folds(y, self.folds, self.seed);
        let k = fold.iter().max().map_or(0, |m| m + 1);
        let mut dev = vec![vec![0.0; k]; nl];
        for f in 0..k {
            let tr: Vec<usize> = (0..n).filter(|&i| fold[i] != f).collect();
            let te: Vec<usize> = (0..n).filter(|&i| fold[i] == f).collect();
            let xtr = x.select_rows(&tr);
            let ytr: Vec<bool> = tr.iter().map(|&i| y[i]).collect();
            let xte = x.select_rows(&te);
            for (l, &lam) in lambda.iter().enumerate() {
                let fit = fit_penalized_logistic(&xtr, &ytr, self.alpha, lam);
                let pr = fit.predict(&xte);
                dev[l][f] = te
                    .iter()
                    .zip(&pr)
                    .map(|(&i, &q)| {
                        let q = q.clamp(1e-5, 1.0 - 1e-5);
                        -2.0 * if y[i] { q.ln() } else { (1.0 - q).ln() }
                    })
                    .sum::<f64>()
                    / te.len() as f64;
            }
        }
        let kf = k as f64;
        let cv_deviance: Vec<f64> = dev.iter().map(|d| d.iter().sum::<f64>() / kf).collect();
        let cv_se: Vec<f64> = dev
            .iter()
            .zip(&cv_deviance)
            .map(|(d, m)| (d.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (kf - 1.0) / kf).sqrt())
            .collect();
        let imin = (0..nl)
            .min_by(|&a, &b| cv_deviance[a].total_cmp(&cv_deviance[b]))
            .expect("non-empty path");
        let ichosen = match self.rule {
            LambdaRule::Min => imin,
            LambdaRule::OneSe => (0..nl)
                .find(|&l| cv_deviance[l] <= cv_deviance[imin] + cv_se[imin])
                .unwrap_or(imin),
        };
        let fit = fit_penalized_logistic(x, y, self.alpha, lambda[ichosen]);
        let selected = (0..p).filter(|&j| fit.beta[j] != 0.0).collect();
        Ok(LassoSelection {
            lambda_chosen: lambda[ichosen],
            lambda,
            cv_deviance,
            cv_se,
            fit,
            selected,
        })
    }
}

impl LassoSelection {
    /// The CV curve (`lambda`, `cvm`, `cvsd`, non-zero count at the full
    /// fit is reported in the title), as `print(cv.glmnet)` lists it.
    pub fn summary(&self) -> Table {
        let mut t = Table::new(["lambda", "cvm", "cvsd"]).with_title(format!(
            "LASSO-logistic: lambda = {} chosen, {} features selected",
            prognos_core::table::format_num(self.lambda_chosen, 4),
            self.selected.len()
        ));
        for (k, l) in self.lambda.iter().enumerate() {
            t.push_row(
                format!("{}", k + 1),
                [
                    Cell::Num(*l),
                    Cell::Num(self.cv_deviance[k]),
                    Cell::Num(self.cv_se[k]),
                ],
            );
        }
        t
    }
}

impl fmt::Display for LassoSelection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
