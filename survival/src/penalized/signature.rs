//! A prognostic gene signature in one call: univariate Cox screen with
//! Benjamini–Hochberg FDR, cross-validated LASSO-Cox on the screened
//! features, multivariable Cox refit on the LASSO selection, and the
//! Harrell C-index of the resulting risk score with a bootstrap interval.

use nalgebra::DMatrix;
use prognos_core::Table;
use prognos_core::bootstrap::{BootstrapParams, Interval};
use prognos_core::padjust::{PAdjust, p_adjust};
use rayon::prelude::*;
use std::fmt;

use super::{CoxNetCv, CoxNetCvParams, CoxNetError};
use crate::concordance::harrell;
use crate::cox::{CoxData, CoxError, CoxFit, CoxParams};

/// Parameters of [`SignatureParams::fit`].
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `fdr` | 0.05 | BH-adjusted univariate Cox p-value threshold |
/// | `cv` | lasso, 10 seeded folds | LASSO-Cox and its cross-validation |
/// | `bootstrap` | 1000 | bootstrap replicates of the C-index interval (0 = none) |
/// | `seed` | 1 | bootstrap seed |
/// | `conf_level` | 0.95 | interval level |
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureParams {
    /// FDR threshold of the screen (features with BH q < `fdr` pass).
    pub fdr: f64,
    /// The LASSO-Cox cross-validation (run on the screened features).
    pub cv: CoxNetCvParams,
    /// Bootstrap replicates of the C-index percentile interval.
    pub bootstrap: usize,
    /// Bootstrap seed.
    pub seed: u64,
    /// Confidence level of the interval.
    pub conf_level: f64,
}

impl Default for SignatureParams {
    fn default() -> Self {
        SignatureParams {
            fdr: 0.05,
            cv: CoxNetCvParams {
                path: super::CoxNetParams::default(),
                folds: super::Folds::Random { k: 10, seed: 1 },
            },
            bootstrap: 1000,
            seed: 1,
            conf_level: 0.95,
        }
    }
}

/// Why a signature could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SignatureError {
    /// No feature passed the FDR screen.
    #[error("no feature passes the univariate Cox screen at FDR < {fdr} (smallest q = {min_q})")]
    NothingScreened {
        /// The threshold.
        fdr: f64,
        /// The smallest BH q-value.
        min_q: f64,
    },
    /// The LASSO kept no feature at `lambda_min`.
    #[error("LASSO-Cox selects no feature at lambda.min ({lambda_min}); no signature")]
    NothingSelected {
        /// lambda.min.
        lambda_min: f64,
    },
    /// `fdr` or `conf_level` outside (0, 1).
    #[error("fdr and conf_level must be in (0, 1)")]
    BadLevel,
    /// The penalised fit failed.
    #[error(transparent)]
    CoxNet(#[from] CoxNetError),
    /// A Cox fit failed.
    #[error(transparent)]
    Cox(#[from] CoxError),
    /// The C-index could not be computed.
    #[error("C-index: {0}")]
    Concordance(String),
}

/// Harrell's C of a risk score with its bootstrap percentile interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CIndexInterval {
    /// Harrell's C (higher score = higher risk).
    pub c: f64,
    /// Lower percentile limit (NaN when no bootstrap was asked for).
    pub lower: f64,
    /// Upper percentile limit (NaN when no bootstrap was asked for).
    pub upper: f64,
}

/// A fitted signature.
#[derive(Debug, Clone)]
pub struct Signature {
    /// Univariate Cox Wald p-value of every feature (NaN where the fit failed).
    pub screen_p: Vec<f64>,
    /// BH-adjusted q-values.
    pub screen_q: Vec<f64>,
    /// 0-based feature columns passing the screen.
    pub screened: Vec<usize>,
    /// The LASSO-Cox cross-validation on the screened features (its columns
    /// are `screened` in order).
    pub cv: CoxNetCv,
    /// 0-based feature columns selected at `lambda_min`.
    pub selected: Vec<usize>,
    /// The multivariable Cox refit on the selected features.
    pub model: CoxFit,
    /// C-index of the risk score in the training data.
    pub cindex_train: CIndexInterval,
}

impl Signature {
    /// The risk score (linear predictor of the refit, uncentred) of the rows
    /// of `x_selected`, a design holding the selected features only, in the
    /// order of [`Signature::selected`].
    pub fn risk_score(&self, x_selected: &DMatrix<f64>) -> Vec<f64> {
        (0..x_selected.nrows())
            .map(|i| {
                (0..self.selected.len())
                    .map(|k| x_selected[(i, k)] * self.model.coef[k])
                    .sum()
            })
            .collect()
    }

    /// Harrell's C (with the bootstrap interval of `params`) of the risk
    /// score in another cohort (`x_selected` as in [`Signature::risk_score`]).
    ///
    /// # Errors
    /// [`SignatureError::Concordance`] on bad input.
    pub fn validate(
        &self,
        params: &SignatureParams,
        time: &[f64],
        event: &[bool],
        x_selected: &DMatrix<f64>,
    ) -> Result<CIndexInterval, SignatureError> {
        cindex_with_interval(params, time, event, &self.risk_score(x_selected))
    }

    /// Table: one row per selected feature with the refit's coefficient,
    /// hazard ratio and p-value, and the screen's q-value.
    pub fn summary(&self, names: &[String]) -> Table {
        let mut t = Table::new(["coef", "exp(coef)", "p", "screen q"])
            .with_title("Signature: FDR screen -> LASSO-Cox (lambda.min) -> Cox refit");
        let coefs = self.model.coefficients();
        for (k, &j) in self.selected.iter().enumerate() {
            let c = &coefs[k];
            t.push_row(
                names[j].clone(),
                [
                    prognos_core::Cell::from(c.coef),
                    c.hr.into(),
                    c.p.map_or(prognos_core::Cell::Na, prognos_core::Cell::P),
                    prognos_core::Cell::P(self.screen_q[j]),
                ],
            );
        }
        t.push_footer(format!(
            "screened {} of {} features; selected {}; training C = {:.4} ({:.4}, {:.4})",
            self.screened.len(),
            self.screen_p.len(),
            self.selected.len(),
            self.cindex_train.c,
            self.cindex_train.lower,
            self.cindex_train.upper
        ));
        t
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = (0..self.screen_p.len()).map(|j| format!("x{j}")).collect();
        write!(f, "{}", self.summary(&names))
    }
}

/// Harrell's C and its bootstrap percentile interval (rows resampled).
fn cindex_with_interval(
    params: &SignatureParams,
    time: &[f64],
    event: &[bool],
    score: &[f64],
) -> Result<CIndexInterval, SignatureError> {
    let c = harrell(time, event, score, None, None)
        .map_err(|e| SignatureError::Concordance(e.to_string()))?
        .c;
    if params.bootstrap == 0 {
        return Ok(CIndexInterval {
            c,
            lower: f64::NAN,
            upper: f64::NAN,
        });
    }
    let boot = BootstrapParams {
        replicates: params.bootstrap,
        seed: params.seed,
        strata: None,
    };
    let res = boot
        .run(time.len(), |idx| {
            let t: Vec<f64> = idx.iter().map(|&i| time[i]).collect();
            let e: Vec<bool> = idx.iter().map(|&i| event[i]).collect();
            let s: Vec<f64> = idx.iter().map(|&i| score[i]).collect();
            harrell(&t, &e, &s, None, None).map_or(f64::NAN, |h| h.c)
        })
        .map_err(|e| SignatureError::Concordance(e.to_string()))?;
    let Interval { lower, upper } = res
        .percentile(params.conf_level)
        .map_err(|e| SignatureError::Concordance(e.to_string()))?;
    Ok(CIndexInterval { c, lower, upper })
}

impl SignatureParams {
    /// Builds the signature on a training cohort: univariate Cox (Efron,
    /// Wald p as `summary(coxph(Surv(time, event) ~ x_j))`) for every
    /// column in parallel, BH adjustment (`p.adjust(method = "BH")`),
    /// `cv.glmnet(family = "cox")` on the columns with q < `fdr`, a
    /// multivariable `coxph` on the non-zero coefficients at `lambda.min`,
    /// and Harrell's C of its linear predictor with a bootstrap percentile
    /// interval (the score is fixed; the interval is not optimism-corrected).
    ///
    /// # Errors
    /// Bad levels, nothing screened or selected, or a failing fit.
    pub fn fit(
        &self,
        time: &[f64],
        event: &[bool],
        x: &DMatrix<f64>,
    ) -> Result<Signature, SignatureError> {
        if !(self.fdr > 0.0 && self.fdr < 1.0 && self.conf_level > 0.0 && self.conf_level < 1.0) {
            return Err(SignatureError::BadLevel);
        }
        super::path::check_data(time, event, x, None, None)?;
        let p = x.ncols();
        let screen_p: Vec<f64> = (0..p)
            .into_par_iter()
            .map(|j| {
                let col = DMatrix::from_column_slice(x.nrows(), 1, x.column(j).as_slice());
                CoxParams::default()
                    .fit(&CoxData::new(time.to_vec(), event.to_vec(), col))
                    .ok()
                    .and_then(|f| f.coefficients().first().and_then(|c| c.p))
                    .unwrap_or(f64::NAN)
            })
            .collect();
        let screen_q = p_adjust(&screen_p, PAdjust::BH);
        let screened: Vec<usize> = (0..p).filter(|&j| screen_q[j] < self.fdr).collect();
        if screened.is_empty() {
            let min_q = screen_q
                .iter()
                .copied()
                .filter(|q| !q.is_nan())
                .fold(1.0, f64::min);
            return Err(SignatureError::NothingScreened {
                fdr: self.fdr,
                min_q,
            });
        }
        let xs = x.select_columns(screened.iter());
        let cv = self.cv.fit(time, event, &xs, None, None)?;
        let beta = cv.coefficients_min();
        let selected: Vec<usize> = (0..screened.len())
            .filter(|&k| beta[k] != 0.0)
            .map(|k| screened[k])
            .collect();
        if selected.is_empty() {
            return Err(SignatureError::NothingSelected {
                lambda_min: cv.lambda_min,
            });
        }
        let xsel = x.select_columns(selected.iter());
        let names: Vec<String> = selected.iter().map(|j| format!("x{j}")).collect();
        let model = CoxParams::default()
            .fit(&CoxData::new(time.to_vec(), event.to_vec(), xsel).with_names(names))?;
        let mut sig = Signature {
            screen_p,
            screen_q,
            screened,
            cv,
            selected,
            model,
            cindex_train: CIndexInterval {
                c: f64::NAN,
                lower: f64::NAN,
                upper: f64::NAN,
            },
        };
        let score = sig.risk_score(&x.select_columns(sig.selected.iter()));
        sig.cindex_train = cindex_with_interval(self, time, event, &score)?;
        Ok(sig)
    }
}
