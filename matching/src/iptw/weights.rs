//! `IptwParams::weights`: the weight formulas, stabilisation, trimming and
//! the per-group summaries.

use super::{Estimand, GroupWeights, IptwParams, IptwWeights};
use crate::MatchError;

/// Scores closer than this to 0 or 1 are "numerically 0 or 1".
const EXTREME: f64 = 1e-8;

/// R's `quantile(x, p, type = 3)` (nearest even order statistic) of
/// sorted, non-empty values.
pub(super) fn quantile3(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len() as i64;
    let nppm = n as f64 * p - 0.5;
    let j = (nppm + 4.0 * f64::EPSILON).floor();
    let odd = (j as i64).rem_euclid(2) == 1;
    let k = if nppm != j || odd {
        j as i64 + 1
    } else {
        j as i64
    };
    sorted[(k.clamp(1, n) - 1) as usize]
}

fn group_weights(w: &[f64], treated: &[bool], grp: bool) -> GroupWeights {
    let (mut n, mut s, mut s2) = (0usize, 0.0, 0.0);
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for (&x, _) in w.iter().zip(treated).filter(|(_, t)| **t == grp) {
        n += 1;
        s += x;
        s2 += x * x;
        min = min.min(x);
        max = max.max(x);
    }
    GroupWeights {
        n,
        sum: s,
        min,
        mean: s / n as f64,
        max,
        ess: s * s / s2,
    }
}

impl IptwParams {
    /// Weights from propensity scores `ps` (probabilities of treatment).
    ///
    /// # Errors
    /// Length mismatch, a score outside (0, 1)
    /// ([`MatchError::ScoreOutOfRange`]), a score within 1e-8 of 0 or 1
    /// ([`MatchError::ExtremeScore`]: separation, the weight would be
    /// infinite or above 1e8), no
    /// treated or no control units, a trimming quantile outside [0.5, 1).
    pub fn weights(&self, ps: &[f64], treated: &[bool]) -> Result<IptwWeights, MatchError> {
        let n = ps.len();
        if treated.len() != n {
            return Err(MatchError::LengthMismatch {
                what: "treatment",
                got: treated.len(),
                expected: n,
            });
        }
        if let Some(q) = self.trim
            && !(0.5..1.0).contains(&q)
        {
            return Err(MatchError::InvalidTrim(q));
        }
        let n1 = treated.iter().filter(|&&t| t).count();
        if n1 == 0 {
            return Err(MatchError::NoTreated);
        }
        if n1 == n {
            return Err(MatchError::NoControls);
        }
        if let Some((index, &value)) = ps
            .iter()
            .enumerate()
            .find(|(_, p)| !(**p > 0.0 && **p < 1.0))
        {
            return Err(MatchError::ScoreOutOfRange { index, value });
        }
        let p1 = n1 as f64 / n as f64;
        let mut w: Vec<f64> = ps
            .iter()
            .zip(treated)
            .map(|(&e, &t)| match (self.estimand, t) {
                (Estimand::Ate, true) => 1.0 / e,
                (Estimand::Ate, false) => 1.0 / (1.0 - e),
                (Estimand::Att, true) => 1.0,
                (Estimand::Att, false) => e / (1.0 - e),
            })
            .collect();
        if let Some(index) = ps
            .iter()
            .zip(&w)
            .position(|(&e, x)| !x.is_finite() || !(EXTREME..=1.0 - EXTREME).contains(&e))
        {
            return Err(MatchError::ExtremeScore {
                index,
                score: ps[index],
            });
        }
        if self.stabilize {
            w.iter_mut()
                .zip(treated)
                .for_each(|(x, &t)| *x *= if t { p1 } else { 1.0 - p1 });
        }
        let (mut n_trimmed, mut trim_limits) = (0, None);
        if let Some(q) = self.trim {
            // Groups whose weights are all the same are not trimmed.
            let varies = |grp: bool| {
                let mut it = w.iter().zip(treated).filter(|(_, t)| **t == grp);
                let first = it.next().map(|(x, _)| *x);
                it.any(|(x, _)| Some(*x) != first)
            };
            let (v1, v0) = (varies(true), varies(false));
            let to_trim: Vec<usize> = (0..n)
                .filter(|&i| if treated[i] { v1 } else { v0 })
                .collect();
            if !to_trim.is_empty() {
                let mut v: Vec<f64> = to_trim.iter().map(|&i| w[i]).collect();
                v.sort_by(f64::total_cmp);
                let hi = quantile3(&v, q);
                let lo = self.trim_lower.then(|| quantile3(&v, 1.0 - q));
                for &i in &to_trim {
                    if w[i] > hi {
                        w[i] = hi;
                        n_trimmed += 1;
                    } else if let Some(lo) = lo
                        && w[i] < lo
                    {
                        w[i] = lo;
                        n_trimmed += 1;
                    }
                }
                trim_limits = Some((lo, hi));
            }
        }
        let treated_w = group_weights(&w, treated, true);
        let control_w = group_weights(&w, treated, false);
        Ok(IptwWeights {
            ess_treated: treated_w.ess,
            ess_control: control_w.ess,
            treated: treated_w,
            control: control_w,
            weights: w,
            estimand: self.estimand,
            stabilized: self.stabilize,
            trim: self.trim,
            trim_limits,
            n_trimmed,
        })
    }
}
