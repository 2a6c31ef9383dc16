//! Prediction from a fitted Cox model: linear predictor, relative risk,
//! baseline cumulative hazard and survival for new rows.

use super::error::CoxError;
use super::fit::CoxFit;
use nalgebra::DMatrix;

/// The baseline cumulative hazard of one stratum at the covariate centres
/// (`survfit.coxph` default: Efron increments for Efron fits, Breslow's
/// for Breslow fits).
#[derive(Debug, Clone, PartialEq)]
pub struct BaselineHazard {
    /// The stratum's code as given in the data (0 without strata).
    pub stratum: usize,
    /// Distinct event times, ascending.
    pub time: Vec<f64>,
    /// Cumulative hazard at each time.
    pub cumhaz: Vec<f64>,
}

impl BaselineHazard {
    /// Cumulative hazard at `t` (right-continuous step function, 0 before
    /// the first event).
    pub fn at(&self, t: f64) -> f64 {
        let k = self.time.partition_point(|&x| x <= t);
        if k == 0 { 0.0 } else { self.cumhaz[k - 1] }
    }
}

impl CoxFit {
    /// Centred linear predictor `(x − means)ᵀβ` of new rows (n × p, the
    /// model's columns), as R's `predict(fit, newdata, type = "lp")`.
    /// Dropped (NA) coefficients count as 0.
    ///
    /// # Errors
    /// [`CoxError::DimensionMismatch`] when the column count differs.
    pub fn predict_lp(&self, newx: &DMatrix<f64>) -> Result<Vec<f64>, CoxError> {
        let p = self.p();
        if newx.ncols() != p {
            return Err(CoxError::DimensionMismatch {
                expected: p,
                found: newx.ncols(),
            });
        }
        Ok((0..newx.nrows())
            .map(|i| {
                (0..p)
                    .filter(|&j| !self.coef[j].is_nan())
                    .map(|j| (newx[(i, j)] - self.means[j]) * self.coef[j])
                    .sum()
            })
            .collect())
    }

    /// Relative risk `exp(lp)` of new rows (R's `type = "risk"`).
    ///
    /// # Errors
    /// As [`CoxFit::predict_lp`].
    pub fn predict_risk(&self, newx: &DMatrix<f64>) -> Result<Vec<f64>, CoxError> {
        Ok(self.predict_lp(newx)?.into_iter().map(f64::exp).collect())
    }

    /// Baseline cumulative hazards, one per stratum (in stratum-code order).
    pub fn baseline_hazard(&self) -> Vec<BaselineHazard> {
        let t = &self.events_table;
        self.strata_levels
            .iter()
            .enumerate()
            .map(|(s, &code)| {
                let r = t.strata[s].clone();
                BaselineHazard {
                    stratum: code,
                    time: t.time[r.clone()].to_vec(),
                    cumhaz: t.hcum[r].to_vec(),
                }
            })
            .collect()
    }

    /// Survival `S(t | x) = exp(−Λ₀ₛ(t) exp(lp))` of new rows at `times`,
    /// as `summary(survfit(fit, newdata), times)`; `strata` gives each
    /// row's stratum code (required when the model is stratified).
    /// Returns one vector of `times.len()` values per row.
    ///
    /// # Errors
    /// [`CoxError::DimensionMismatch`]; [`CoxError::UnknownStratum`] for a
    /// stratum code the model has not seen (or none given to a stratified model).
    pub fn predict_survival(
        &self,
        newx: &DMatrix<f64>,
        strata: Option<&[usize]>,
        times: &[f64],
    ) -> Result<Vec<Vec<f64>>, CoxError> {
        let lp = self.predict_lp(newx)?;
        let mut out = Vec::with_capacity(lp.len());
        for (i, l) in lp.iter().enumerate() {
            let s = match strata {
                Some(st) => self
                    .strata_levels
                    .binary_search(&st[i])
                    .map_err(|_| CoxError::UnknownStratum { stratum: st[i] })?,
                None if self.strata_levels.len() == 1 => 0,
                None => {
                    return Err(CoxError::UnknownStratum {
                        stratum: usize::MAX,
                    });
                }
            };
            let risk = l.exp();
            out.push(
                times
                    .iter()
                    .map(|&t| (-self.events_table.cumhaz_at(s, t) * risk).exp())
                    .collect(),
            );
        }
        Ok(out)
    }
}
