//! `BenefitParams::fit`: per-group comparisons before and after matching,
//! and the interaction model.

use super::{
    ArmComparison, BenefitFit, BenefitGroup, BenefitMethod, BenefitParams, Interaction,
    InteractionTerm,
};
use crate::MatchError;
use crate::iptw::IptwParams;
use crate::outcome::treatment_cox;
use crate::propensity::propensity_score;
use nalgebra::DMatrix;
use prognos_core::htest::dist::pchisq_upper;
use prognos_survival::cox::{CoxData, CoxParams};
use prognos_survival::logrank::logrank;

/// The adjustment of one comparison.
#[derive(Clone, Copy)]
enum Adjust<'a> {
    /// All rows, unweighted.
    None,
    /// Matched rows: matching weights and matched-set ids.
    Matched(&'a [f64], &'a [usize]),
    /// IPTW weights (robust variance).
    Weighted(&'a [f64]),
}

/// The input of the benefit analysis: one entry per patient.
#[derive(Debug, Clone, Copy)]
pub struct BenefitData<'a> {
    /// Follow-up times (> 0).
    pub time: &'a [f64],
    /// Event indicators.
    pub event: &'a [bool],
    /// Treatment indicators.
    pub treated: &'a [bool],
    /// Risk-group label per patient.
    pub risk_group: &'a [String],
    /// Matching covariates, n × p (no intercept column).
    pub x: &'a DMatrix<f64>,
    /// Names of the columns of `x`.
    pub names: &'a [String],
}

/// Distinct labels, numerically sorted when all are numbers, else
/// lexicographically (R's `sort(unique(x))` in the C locale).
fn sorted_labels(labels: &[String]) -> Vec<String> {
    let mut u: Vec<String> = labels.to_vec();
    u.sort();
    u.dedup();
    if u.iter().all(|l| l.parse::<f64>().is_ok()) {
        u.sort_by(|a, b| {
            a.parse::<f64>()
                .unwrap_or(0.0)
                .total_cmp(&b.parse::<f64>().unwrap_or(0.0))
        });
    }
    u
}

impl BenefitParams {
    /// Runs the benefit analysis (see the module documentation).
    ///
    /// # Errors
    /// Length mismatches or no rows. Per-group trouble (no treated rows, no
    /// events, separation, nobody matched) is reported in
    /// [`super::BenefitGroup::warnings`].
    pub fn fit(&self, data: &BenefitData<'_>) -> Result<BenefitFit, MatchError> {
        let n = data.time.len();
        if n == 0 {
            return Err(MatchError::Empty);
        }
        for (what, got) in [
            ("event", data.event.len()),
            ("treatment", data.treated.len()),
            ("risk group", data.risk_group.len()),
            ("covariates", data.x.nrows()),
        ] {
            if got != n {
                return Err(MatchError::LengthMismatch {
                    what,
                    got,
                    expected: n,
                });
            }
        }
        let levels = sorted_labels(data.risk_group);
        let groups = levels
            .iter()
            .map(|g| {
                let rows: Vec<usize> = (0..n).filter(|&i| &data.risk_group[i] == g).collect();
                self.group(data, g, &rows)
            })
            .collect();
        let interaction = self.interaction(data, &levels);
        Ok(BenefitFit {
            groups,
            interaction,
            method: self.method.clone(),
        })
    }

    fn group(&self, data: &BenefitData<'_>, label: &str, rows: &[usize]) -> BenefitGroup {
        let mut warnings = Vec::new();
        let before = self.compare(data, rows, Adjust::None, &mut warnings);
        let (after, pairs) = match &self.method {
            BenefitMethod::Match => match self.match_rows(data, rows, &mut warnings) {
                Some((matched, w, cluster, pairs)) => (
                    Some(self.compare(
                        data,
                        &matched,
                        Adjust::Matched(&w, &cluster),
                        &mut warnings,
                    )),
                    pairs,
                ),
                None => (None, Vec::new()),
            },
            BenefitMethod::Iptw(ip) => (
                self.weight_rows(ip, data, rows, &mut warnings)
                    .map(|(w, ess)| {
                        let mut c = self.compare(data, rows, Adjust::Weighted(&w), &mut warnings);
                        c.ess_treated = Some(ess.0);
                        c.ess_control = Some(ess.1);
                        c
                    }),
                Vec::new(),
            ),
        };
        BenefitGroup {
            risk_group: label.to_string(),
            before,
            after,
            pairs,
            warnings,
        }
    }

    /// IPTW inside a group: one weight per row of `rows`, and the
    /// effective sample sizes (treated, control).
    fn weight_rows(
        &self,
        ip: &IptwParams,
        data: &BenefitData<'_>,
        rows: &[usize],
        warnings: &mut Vec<String>,
    ) -> Option<(Vec<f64>, (f64, f64))> {
        let p = data.x.ncols();
        let x = DMatrix::from_fn(rows.len(), p, |i, j| data.x[(rows[i], j)]);
        let treated: Vec<bool> = rows.iter().map(|&i| data.treated[i]).collect();
        let ps = match propensity_score(&x, data.names, &treated) {
            Ok(ps) => ps,
            Err(e) => {
                warnings.push(format!("no weighting: {e}"));
                return None;
            }
        };
        if ps.separation() {
            warnings.push(
                "no weighting: propensity model shows separation (fitted probabilities 0 or 1)"
                    .into(),
            );
            return None;
        }
        if !ps.model.converged {
            warnings.push("propensity model did not converge".into());
        }
        match ip.weights(&ps.scores, &treated) {
            Ok(w) => Some((w.weights, (w.ess_treated, w.ess_control))),
            Err(e) => {
                warnings.push(format!("no weighting: {e}"));
                None
            }
        }
    }

    /// Matching inside a group: matched rows (input indices), their
    /// matching weights, their matched-set ids, and the matched sets in
    /// input indices.
    #[allow(clippy::type_complexity)]
    fn match_rows(
        &self,
        data: &BenefitData<'_>,
        rows: &[usize],
        warnings: &mut Vec<String>,
    ) -> Option<(
        Vec<usize>,
        Vec<f64>,
        Vec<usize>,
        Vec<crate::nearest::MatchedSet>,
    )> {
        let p = data.x.ncols();
        let x = DMatrix::from_fn(rows.len(), p, |i, j| data.x[(rows[i], j)]);
        let treated: Vec<bool> = rows.iter().map(|&i| data.treated[i]).collect();
        let ps = match propensity_score(&x, data.names, &treated) {
            Ok(ps) => ps,
            Err(e) => {
                warnings.push(format!("no matching: {e}"));
                return None;
            }
        };
        if ps.separation() {
            warnings.push("propensity model shows separation (fitted probabilities 0 or 1)".into());
        }
        if !ps.model.converged {
            warnings.push("propensity model did not converge".into());
        }
        let fit = match self.matching.fit(&ps.scores, &treated, None) {
            Ok(f) => f,
            Err(e) => {
                warnings.push(format!("no matching: {e}"));
                return None;
            }
        };
        if !fit.unmatched_treated.is_empty() {
            warnings.push(format!(
                "{} treated rows left unmatched",
                fit.unmatched_treated.len()
            ));
        }
        let local = fit.matched_units();
        let matched = local.iter().map(|&k| rows[k]).collect();
        let w = local.iter().map(|&k| fit.weights[k]).collect();
        let subclass = fit.subclass();
        let cluster = local
            .iter()
            .map(|&k| subclass[k].unwrap_or(usize::MAX))
            .collect();
        let pairs = fit
            .sets
            .iter()
            .map(|s| crate::nearest::MatchedSet {
                treated: rows[s.treated],
                controls: s.controls.iter().map(|&c| rows[c]).collect(),
            })
            .collect();
        Some((matched, w, cluster, pairs))
    }

    /// Log-rank and Cox comparison of treated vs untreated among `rows`.
    fn compare(
        &self,
        data: &BenefitData<'_>,
        rows: &[usize],
        adjust: Adjust<'_>,
        warnings: &mut Vec<String>,
    ) -> ArmComparison {
        let weights = match adjust {
            Adjust::None => None,
            Adjust::Matched(w, _) | Adjust::Weighted(w) => Some(w),
        };
        let count = |t: bool, ev: bool| {
            rows.iter()
                .filter(|&&i| data.treated[i] == t && (!ev || data.event[i]))
                .count()
        };
        let mut c = ArmComparison {
            n_treated: count(true, false),
            n_control: count(false, false),
            events_treated: count(true, true),
            events_control: count(false, true),
            logrank_p: None,
            hr: None,
            hr_lower: None,
            hr_upper: None,
            hr_p: None,
            se: None,
            se_robust_pair: None,
            se_robust: None,
            ess_treated: None,
            ess_control: None,
        };
        if c.n_treated == 0 || c.n_control == 0 {
            warnings.push("treated or untreated rows missing: no comparison".into());
            return c;
        }
        let time: Vec<f64> = rows.iter().map(|&i| data.time[i]).collect();
        let event: Vec<bool> = rows.iter().map(|&i| data.event[i]).collect();
        let group: Vec<usize> = rows.iter().map(|&i| usize::from(data.treated[i])).collect();
        let labels = ["0".to_string(), "1".to_string()];
        if !matches!(adjust, Adjust::Weighted(_)) {
            match logrank(&time, &event, &group, &labels, None) {
                Ok(t) => c.logrank_p = Some(t.p_value).filter(|p| p.is_finite()),
                Err(e) => warnings.push(format!("log-rank: {e}")),
            }
        }
        let treated: Vec<bool> = group.iter().map(|&g| g == 1).collect();
        match adjust {
            Adjust::Matched(w, cluster) => {
                match treatment_cox(
                    &time,
                    &event,
                    &treated,
                    Some(w),
                    Some(cluster),
                    true,
                    self.conf_level,
                ) {
                    Ok(h) => c.se_robust_pair = h.robust_se,
                    Err(e) => warnings.push(format!("pair-clustered Cox model: {e}")),
                }
            }
            Adjust::Weighted(w) => {
                match treatment_cox(
                    &time,
                    &event,
                    &treated,
                    Some(w),
                    None,
                    true,
                    self.conf_level,
                ) {
                    Ok(h) => {
                        c.hr = Some(h.hr);
                        c.hr_lower = Some(h.hr_lower);
                        c.hr_upper = Some(h.hr_upper);
                        c.hr_p = Some(h.p);
                        c.se = Some(h.se);
                        c.se_robust = h.robust_se;
                    }
                    Err(e) => warnings.push(format!("weighted Cox model: {e}")),
                }
                return c;
            }
            Adjust::None => {}
        }
        let x = DMatrix::from_iterator(rows.len(), 1, group.iter().map(|&g| g as f64));
        let mut cd = CoxData::new(time, event, x).with_names(vec!["treatment".into()]);
        if let Some(w) = weights {
            cd = cd.with_weights(w.to_vec());
        }
        match CoxParams::default().conf_level(self.conf_level).fit(&cd) {
            Ok(fit) => {
                if let Some(k) = fit.coefficients().into_iter().next() {
                    c.se = k.se;
                    c.hr = k.hr;
                    c.hr_lower = k.hr_lower;
                    c.hr_upper = k.hr_upper;
                    c.hr_p = k.p;
                }
            }
            Err(e) => warnings.push(format!("Cox model: {e}")),
        }
        c
    }

    /// `coxph(Surv(time, event) ~ treat * group)` on all rows.
    fn interaction(&self, data: &BenefitData<'_>, levels: &[String]) -> Option<Interaction> {
        let k = levels.len();
        if k < 2 {
            return None;
        }
        let n = data.time.len();
        let t: Vec<f64> = data
            .treated
            .iter()
            .map(|&b| f64::from(u8::from(b)))
            .collect();
        let mut names = vec!["treatment".to_string()];
        let mut cols: Vec<Vec<f64>> = vec![t.clone()];
        for l in &levels[1..] {
            names.push(format!("group[{l}]"));
            cols.push(
                data.risk_group
                    .iter()
                    .map(|g| f64::from(u8::from(g == l)))
                    .collect(),
            );
        }
        for (j, l) in levels[1..].iter().enumerate() {
            names.push(format!("treatment:group[{l}]"));
            let d = cols[1 + j].clone();
            cols.push(d.iter().zip(&t).map(|(a, b)| a * b).collect());
        }
        let x = DMatrix::from_fn(n, cols.len(), |i, j| cols[j][i]);
        let cd = CoxData::new(data.time.to_vec(), data.event.to_vec(), x).with_names(names);
        let fit = CoxParams::default()
            .conf_level(self.conf_level)
            .fit(&cd)
            .ok()?;
        let coefs = fit.coefficients();
        let first = k; // treatment + (k - 1) group dummies
        let terms: Vec<InteractionTerm> = coefs[first..]
            .iter()
            .map(|c| InteractionTerm {
                term: c.term.clone(),
                coef: c.coef,
                se: c.se,
                p: c.p,
            })
            .collect();
        let (coef, p) = if k == 2 {
            (terms[0].coef, terms[0].p)
        } else {
            // Joint Wald test of the k − 1 interaction coefficients.
            let pdim = fit.p();
            let idx: Vec<usize> = (first..pdim).collect();
            let v = DMatrix::from_fn(idx.len(), idx.len(), |a, b| fit.var[idx[a] * pdim + idx[b]]);
            let b = nalgebra::DVector::from_iterator(idx.len(), idx.iter().map(|&j| fit.coef[j]));
            let p = v
                .try_inverse()
                .map(|vi| (b.transpose() * vi * &b)[(0, 0)])
                .filter(|s| s.is_finite())
                .map(|s| pchisq_upper(s, (k - 1) as f64));
            (None, p)
        };
        Some(Interaction {
            coef,
            p,
            df: k - 1,
            terms,
        })
    }
}
