//! Treated-vs-control survival comparisons under weights: the Cox hazard
//! ratio of treatment with model-based, robust (sandwich) or
//! cluster-robust standard errors, and Kaplan–Meier curves per arm.
//!
//! - [`treatment_cox`]: `coxph(Surv(time, event) ~ treat, weights = w,
//!   robust = TRUE)` (IPTW) or `coxph(..., weights = weights,
//!   cluster = subclass)` (pair-clustered SEs after matching, on MatchIt's
//!   `match.data`), Efron ties. The naive (model-based) SE is always
//!   reported next to the robust one.
//! - [`arm_km`]: `survfit(Surv(time, event) ~ treat, weights = w)`; with
//!   non-integer weights the standard errors are the infinitesimal
//!   jackknife, as R chooses.
//!
//! ```
//! use prognos_matching::outcome::treatment_cox;
//! let time = [2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0];
//! let event = [true, true, true, false, true, true, false, true];
//! let treated = [true, false, true, false, true, false, true, false];
//! let hr = treatment_cox(&time, &event, &treated, None, None, true, 0.95).unwrap();
//! assert!(hr.robust_se.is_some());
//! ```

use crate::MatchError;
use nalgebra::DMatrix;
use prognos_survival::cox::{CoxData, CoxParams};
use prognos_survival::km::{KmFit, KmParams};

/// The Cox hazard ratio of treatment (treated / control).
#[derive(Debug, Clone, PartialEq)]
pub struct TreatmentHr {
    /// Log hazard ratio.
    pub coef: f64,
    /// Model-based standard error (inverse information).
    pub se: f64,
    /// Robust (sandwich) SE, clustered when cluster ids were given.
    pub robust_se: Option<f64>,
    /// Hazard ratio `exp(coef)`.
    pub hr: f64,
    /// Lower confidence limit (robust SE when present).
    pub hr_lower: f64,
    /// Upper confidence limit (robust SE when present).
    pub hr_upper: f64,
    /// Wald z (robust SE when present).
    pub z: f64,
    /// Two-sided p-value of z.
    pub p: f64,
    /// Rows used.
    pub n: usize,
    /// Rows with an event.
    pub events: usize,
}

/// Fits `coxph(Surv(time, event) ~ treat [, weights] [, cluster])`.
/// `robust` requests the sandwich variance (implied by `cluster`).
///
/// # Errors
/// [`MatchError::Cox`] when the model cannot be fitted (no events,
/// invalid weights); [`MatchError::NoTreated`] / [`MatchError::NoControls`].
pub fn treatment_cox(
    time: &[f64],
    event: &[bool],
    treated: &[bool],
    weights: Option<&[f64]>,
    cluster: Option<&[usize]>,
    robust: bool,
    conf_level: f64,
) -> Result<TreatmentHr, MatchError> {
    if !treated.iter().any(|&t| t) {
        return Err(MatchError::NoTreated);
    }
    if treated.iter().all(|&t| t) {
        return Err(MatchError::NoControls);
    }
    let n = time.len();
    let x = DMatrix::from_iterator(n, 1, treated.iter().map(|&t| f64::from(u8::from(t))));
    let mut cd = CoxData::new(time.to_vec(), event.to_vec(), x).with_names(vec!["treat".into()]);
    if let Some(w) = weights {
        cd = cd.with_weights(w.to_vec());
    }
    if let Some(c) = cluster {
        cd = cd.with_cluster(c.to_vec());
    }
    let fit = CoxParams::default()
        .robust(robust)
        .conf_level(conf_level)
        .fit(&cd)?;
    let c = fit
        .coefficients()
        .into_iter()
        .next()
        .expect("one coefficient");
    let (Some(coef), Some(se), Some(hr), Some(lo), Some(hi), Some(z), Some(p)) =
        (c.coef, c.se, c.hr, c.hr_lower, c.hr_upper, c.z, c.p)
    else {
        return Err(MatchError::Empty);
    };
    Ok(TreatmentHr {
        coef,
        se,
        robust_se: c.robust_se,
        hr,
        hr_lower: lo,
        hr_upper: hi,
        z,
        p,
        n: fit.n,
        events: fit.events,
    })
}

/// Kaplan–Meier curves of the control (first, label `"control"`) and
/// treated (second, `"treated"`) arms, as `survfit(Surv(time, event) ~
/// treat, weights = w)` with the log interval.
///
/// # Errors
/// [`MatchError::Km`] for invalid times or weights.
pub fn arm_km(
    time: &[f64],
    event: &[bool],
    treated: &[bool],
    weights: Option<&[f64]>,
    conf_level: f64,
) -> Result<KmFit, MatchError> {
    let group: Vec<usize> = treated.iter().map(|&t| usize::from(t)).collect();
    let labels = ["control".to_string(), "treated".to_string()];
    let params = KmParams {
        conf_level,
        ..KmParams::default()
    };
    Ok(params.fit_groups(time, event, &group, &labels, weights)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unit weights give the unweighted fit; the robust SE is reported
    /// only when asked for, next to the model-based one.
    #[test]
    fn unit_weights_equal_unweighted() {
        let time = [2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0];
        let event = [true, true, true, false, true, true, false, true];
        let tr = [true, false, true, false, true, false, true, false];
        let w = [1.0; 8];
        let a = treatment_cox(&time, &event, &tr, Some(&w), None, true, 0.95).unwrap();
        let b = treatment_cox(&time, &event, &tr, None, None, false, 0.95).unwrap();
        assert!((a.coef - b.coef).abs() < 1e-12);
        assert!((a.se - b.se).abs() < 1e-12);
        assert!(a.robust_se.is_some() && b.robust_se.is_none());
        assert_eq!(a.events, 6);
    }
}
