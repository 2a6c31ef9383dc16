//! `NearestParams::fit`: input checks, exact strata, matching order,
//! the kernel, and the matching weights.

use super::kernel::nearest_match;
use super::{MatchOrder, MatchedSet, NearestFit, NearestParams};
use crate::MatchError;
use prognos_core::rrng::RRng;
use std::collections::BTreeMap;

/// Sample standard deviation (n − 1), as R's `sd`.
fn sample_sd(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    if x.len() < 2 {
        return 0.0;
    }
    let m = x.iter().sum::<f64>() / n;
    (x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0)).sqrt()
}

impl NearestParams {
    /// Matches every treated unit to its nearest control(s) on `distance`
    /// (usually the propensity score), for the ATT.
    ///
    /// - `distance`: one finite value per unit.
    /// - `treated`: the treatment indicator per unit.
    /// - `exact`: optional stratum code per unit; units are matched only
    ///   within their stratum (MatchIt's `exact =`), each stratum
    ///   separately with its own matching order. The caliper SD is still
    ///   taken over all units.
    ///
    /// # Errors
    /// Length mismatch, no treated or no control units, a non-finite
    /// distance, `ratio == 0`, a non-positive caliper, or no treated unit
    /// matched at all ([`MatchError::NoneMatched`]).
    ///
    /// # References
    /// Ho, Imai, King & Stuart (2011), *MatchIt: Nonparametric
    /// Preprocessing for Parametric Causal Inference*, J. Stat. Softw.
    /// 42(8). R: `MatchIt::matchit(treat ~ ..., method = "nearest",
    /// distance = "glm", ratio, replace, caliper, m.order, exact)`.
    pub fn fit(
        &self,
        distance: &[f64],
        treated: &[bool],
        exact: Option<&[usize]>,
    ) -> Result<NearestFit, MatchError> {
        let n = distance.len();
        if treated.len() != n {
            return Err(MatchError::LengthMismatch {
                what: "treatment",
                got: treated.len(),
                expected: n,
            });
        }
        if let Some(e) = exact
            && e.len() != n
        {
            return Err(MatchError::LengthMismatch {
                what: "exact strata",
                got: e.len(),
                expected: n,
            });
        }
        if self.ratio == 0 {
            return Err(MatchError::InvalidRatio);
        }
        if let Some(c) = self.caliper
            && !(c.is_finite() && c > 0.0)
        {
            return Err(MatchError::InvalidCaliper(c));
        }
        if let Some((index, &value)) = distance.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(MatchError::NonFiniteDistance { index, value });
        }
        // R's stream after set.seed(seed): MatchIt's random order is
        // sample.int(n1) per exact stratum, in stratum order
        let mut rng = match self.order {
            MatchOrder::Random => Some(RRng::set_seed(
                i32::try_from(self.seed).map_err(|_| MatchError::InvalidSeed(self.seed))?,
            )),
            _ => None,
        };
        let n_treated = treated.iter().filter(|&&t| t).count();
        if n_treated == 0 {
            return Err(MatchError::NoTreated);
        }
        if n_treated == n {
            return Err(MatchError::NoControls);
        }
        let caliper_width = self.caliper.map(|c| {
            if self.std_caliper {
                c * sample_sd(distance)
            } else {
                c
            }
        });

        // Units per exact stratum (one stratum without `exact`).
        let strata: Vec<Vec<usize>> = match exact {
            None => vec![(0..n).collect()],
            Some(codes) => {
                let mut by: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
                for (i, &c) in codes.iter().enumerate() {
                    by.entry(c).or_default().push(i);
                }
                by.into_values().collect()
            }
        };

        let mut matches: Vec<Vec<usize>> = vec![Vec::new(); n];
        for units in &strata {
            let d: Vec<f64> = units.iter().map(|&u| distance[u]).collect();
            let t: Vec<bool> = units.iter().map(|&u| treated[u]).collect();
            if !t.iter().any(|&x| x) {
                continue;
            }
            // drawn even for a stratum without controls, as MatchIt does
            let order = self.treated_order(&d, &t, rng.as_mut());
            if t.iter().all(|&x| x) {
                continue;
            }
            let found = nearest_match(&d, &t, &order, self.ratio, self.replace, caliper_width);
            for (local_t, controls) in order.iter().zip(found) {
                matches[units[*local_t]] = controls.into_iter().map(|c| units[c]).collect();
            }
        }

        let sets: Vec<MatchedSet> = matches
            .into_iter()
            .enumerate()
            .filter(|(i, m)| treated[*i] && !m.is_empty())
            .map(|(i, controls)| MatchedSet {
                treated: i,
                controls,
            })
            .collect();
        if sets.is_empty() {
            return Err(MatchError::NoneMatched { caliper_width });
        }
        let weights = matching_weights(n, &sets);
        let matched_control = (0..n).filter(|&i| !treated[i] && weights[i] > 0.0).count();
        let unmatched_treated: Vec<usize> = {
            let mut m = vec![false; n];
            sets.iter().for_each(|s| m[s.treated] = true);
            (0..n).filter(|&i| treated[i] && !m[i]).collect()
        };
        Ok(NearestFit {
            matched_treated: sets.len(),
            sets,
            weights,
            caliper_width,
            n_treated,
            n_control: n - n_treated,
            matched_control,
            unmatched_treated,
            params: self.clone(),
        })
    }

    /// The treated units (local indices) in matching order. Ties keep data
    /// order (R's `order` is stable in both directions); `Random` is R's
    /// `sample.int(n1)` from `rng` over the treated units in data order.
    fn treated_order(&self, d: &[f64], t: &[bool], rng: Option<&mut RRng>) -> Vec<usize> {
        let mut order: Vec<usize> = (0..d.len()).filter(|&i| t[i]).collect();
        match self.order {
            MatchOrder::Largest => order.sort_by(|&a, &b| d[b].total_cmp(&d[a])),
            MatchOrder::Smallest => order.sort_by(|&a, &b| d[a].total_cmp(&d[b])),
            MatchOrder::Data => {}
            MatchOrder::Random => {
                let rng = rng.expect("the random order has a stream");
                order = rng
                    .sample_int(order.len())
                    .into_iter()
                    .map(|k| order[k])
                    .collect();
            }
        }
        order
    }
}

/// MatchIt's matching weights (`weights_matrixC`): a matched treated unit
/// gets 1; each control gets the sum over its matched sets of
/// 1 / (number of controls in the set); control weights are then scaled
/// to sum to the number of matched controls. Unmatched units get 0.
fn matching_weights(n: usize, sets: &[MatchedSet]) -> Vec<f64> {
    let mut w = vec![0.0; n];
    for s in sets {
        w[s.treated] += 1.0;
        let share = 1.0 / s.controls.len() as f64;
        for &c in &s.controls {
            w[c] += share;
        }
    }
    let mut is_control = vec![false; n];
    sets.iter()
        .flat_map(|s| &s.controls)
        .for_each(|&c| is_control[c] = true);
    let (sum, count) = (0..n)
        .filter(|&i| is_control[i])
        .fold((0.0, 0usize), |(s, k), i| (s + w[i], k + 1));
    if sum > 0.0 {
        let scale = count as f64 / sum;
        (0..n)
            .filter(|&i| is_control[i])
            .for_each(|i| w[i] *= scale);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_strata_never_cross() {
        let d = [0.50, 0.51, 0.52, 0.90, 0.10, 0.53];
        let t = [true, false, true, false, false, false];
        let ex = [0, 1, 1, 0, 0, 1];
        let fit = NearestParams::default().fit(&d, &t, Some(&ex)).unwrap();
        for s in &fit.sets {
            for &c in &s.controls {
                assert_eq!(ex[c], ex[s.treated]);
            }
        }
        assert_eq!(fit.matched_treated, 2);
    }

    #[test]
    fn random_order_is_seeded() {
        let d: Vec<f64> = (0..200).map(|i| ((i * 37) % 101) as f64 / 101.0).collect();
        let t: Vec<bool> = (0..200).map(|i| i % 3 == 0).collect();
        let p = NearestParams::default()
            .order(MatchOrder::Random)
            .caliper(Some(0.05));
        let a = p.clone().seed(5).fit(&d, &t, None).unwrap();
        let b = p.clone().seed(5).fit(&d, &t, None).unwrap();
        assert_eq!(a.sets, b.sets);
    }

    #[test]
    fn weights_follow_matchit() {
        // 2:1 matching: each control of a full set gets 1/2, rescaled so the
        // control weights sum to the number of matched controls.
        let d = [0.5, 0.45, 0.55, 0.2, 0.21, 0.22];
        let t = [true, false, false, true, false, false];
        let fit = NearestParams::default().ratio(2).fit(&d, &t, None).unwrap();
        assert_eq!(fit.weights, vec![1.0, 1.0, 1.0, 1.0, 1.0, 1.0]);
        assert_eq!(fit.matched_control, 4);
    }

    #[test]
    fn narrow_caliper_is_an_error() {
        let e = NearestParams::default()
            .caliper(Some(1e-6))
            .fit(&[0.1, 0.9], &[true, false], None)
            .unwrap_err();
        assert!(matches!(e, MatchError::NoneMatched { .. }));
    }
}
