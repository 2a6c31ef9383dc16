//! Breslow partial-likelihood kernels for the penalised Cox path: risk-set
//! layout, the log partial likelihood, and the diagonal quadratic
//! approximation (working weights and residuals) that the coordinate
//! descent of glmnet's `coxnet` minimises.
//!
//! Every function works on observations **sorted** by stratum, then by time,
//! with events before censorings at equal times (glmnet adds
//! `100 * .Machine$double.eps` to censored times for this). The layout
//! ([`RiskSets`]) keeps the permutation, so callers sort once.
//!
//! Conventions (Breslow ties, as `glmnet` family `"cox"`): at each distinct
//! event time `t_k` of a stratum the risk set is every observation of that
//! stratum with time `>= t_k`; `d_k` is the total weight of the events at
//! `t_k`; the log partial likelihood is
//! `sum_i w_i d_i f_i - sum_k d_k log(sum_{j in R_k} w_j exp(f_j))`.

/// Sorted risk-set layout of a (possibly stratified) right-censored sample.
#[derive(Debug, Clone)]
pub struct RiskSets {
    /// Sorted position → original row.
    pub order: Vec<usize>,
    /// Case weights in sorted order (as given; callers normalise).
    pub q: Vec<f64>,
    /// `q * event` in sorted order.
    pub dq: Vec<f64>,
    /// Event groups: one per distinct event time per stratum, in sorted order.
    pub groups: Vec<EventGroup>,
}

/// One distinct event time of one stratum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventGroup {
    /// Sorted position of the first event at this time (the risk set starts here).
    pub start: usize,
    /// One past the last sorted position of the stratum (the risk set ends here).
    pub end: usize,
    /// Total weight of the events at this time (`d_k`).
    pub dk: f64,
}

/// An observation in a risk set got a non-positive working weight: one
/// observation dominates its risk sets (glmnet's error 30000, "numerical
/// error"; the fit is near saturation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NonPositiveWeight;

impl RiskSets {
    /// Sorts the sample and finds the event groups.
    ///
    /// Preconditions: equal lengths; weights finite and `>= 0`. Rows with
    /// zero weight take part in no risk set (glmnet drops them).
    pub fn new(time: &[f64], event: &[bool], weights: &[f64], strata: Option<&[usize]>) -> Self {
        let n = time.len();
        let stratum = |i: usize| strata.map_or(0, |s| s[i]);
        let mut order: Vec<usize> = (0..n).collect();
        // stable sort: stratum, time, events first; ties in data order
        order.sort_by(|&a, &b| {
            stratum(a)
                .cmp(&stratum(b))
                .then(time[a].total_cmp(&time[b]))
                .then(event[b].cmp(&event[a]))
        });
        let q: Vec<f64> = order.iter().map(|&i| weights[i]).collect();
        let dq: Vec<f64> = order
            .iter()
            .map(|&i| if event[i] { weights[i] } else { 0.0 })
            .collect();
        let mut groups = Vec::new();
        let mut s0 = 0;
        while s0 < n {
            let st = stratum(order[s0]);
            let mut s1 = s0;
            while s1 < n && stratum(order[s1]) == st {
                s1 += 1;
            }
            let mut k = s0;
            while k < s1 {
                let i = order[k];
                if event[i] && weights[i] > 0.0 {
                    // all events at this time (they are contiguous, before censorings)
                    let t = time[i];
                    let mut dk = 0.0;
                    let mut j = k;
                    while j < s1 && time[order[j]] == t && event[order[j]] {
                        dk += dq[j];
                        j += 1;
                    }
                    // the risk set starts at the first row with time >= t
                    let mut start = k;
                    while start > s0 && time[order[start - 1]] == t {
                        start -= 1;
                    }
                    groups.push(EventGroup { start, end: s1, dk });
                    k = j;
                } else {
                    k += 1;
                }
            }
            s0 = s1;
        }
        RiskSets {
            order,
            q,
            dq,
            groups,
        }
    }

    /// Number of observations.
    pub fn n(&self) -> usize {
        self.order.len()
    }

    /// Risk-set sums `u_k = sum_{j in R_k} e_j` for every group (written to
    /// `u`), summed from the end of each stratum backwards as glmnet's `usk`.
    pub fn risk_sums(&self, e: &[f64], u: &mut [f64]) {
        let (mut h, mut pos, mut stratum_end) = (0.0, 0, usize::MAX);
        for (k, g) in self.groups.iter().enumerate().rev() {
            if g.end != stratum_end {
                stratum_end = g.end;
                h = 0.0;
                pos = g.end;
            }
            while pos > g.start {
                pos -= 1;
                h += e[pos];
            }
            u[k] = h;
        }
    }

    /// The log partial likelihood `sum dq f - sum_k d_k log u_k` (glmnet's `risk`).
    pub fn log_lik(&self, f: &[f64], e: &[f64], u: &mut [f64]) -> f64 {
        self.risk_sums(e, u);
        let lin: f64 = self.dq.iter().zip(f).map(|(d, f)| d * f).sum();
        let mut s = 0.0;
        for (g, uk) in self.groups.iter().zip(u.iter()) {
            s += g.dk * uk.ln();
        }
        lin - s
    }

    /// The saturated log partial likelihood `-sum_k d_k log d_k`.
    pub fn saturated_log_lik(&self) -> f64 {
        -self
            .groups
            .iter()
            .filter(|g| g.dk > 0.0)
            .map(|g| g.dk * g.dk.ln())
            .sum::<f64>()
    }

    /// Working weights `w` (diagonal of the negative Hessian in the linear
    /// predictor) and working residuals `wr` (the gradient) at risks
    /// `e = q exp(f)`, as glmnet's `outer`. Rows in no risk set get 0.
    ///
    /// # Errors
    /// [`NonPositiveWeight`] when a row of a risk set gets `w <= 0`.
    pub fn outer(
        &self,
        e: &[f64],
        w: &mut [f64],
        wr: &mut [f64],
        u: &mut [f64],
    ) -> Result<(), NonPositiveWeight> {
        self.risk_sums(e, u);
        w.iter_mut().for_each(|x| *x = 0.0);
        wr.iter_mut().for_each(|x| *x = 0.0);
        let mut k = 0;
        while k < self.groups.len() {
            // one stratum: groups sharing `end`
            let end = self.groups[k].end;
            let (mut b, mut c) = (0.0, 0.0);
            let mut kk = k;
            while kk < self.groups.len() && self.groups[kk].end == end {
                let g = self.groups[kk];
                b += g.dk / u[kk];
                c += g.dk / (u[kk] * u[kk]);
                let next = if kk + 1 < self.groups.len() && self.groups[kk + 1].end == end {
                    self.groups[kk + 1].start
                } else {
                    end
                };
                for i in g.start..next {
                    if self.q[i] <= 0.0 {
                        continue;
                    }
                    let wi = e[i] * (b - e[i] * c);
                    if wi <= 0.0 {
                        return Err(NonPositiveWeight);
                    }
                    w[i] = wi;
                    wr[i] = self.dq[i] - e[i] * b;
                }
                kk += 1;
            }
            k = kk;
        }
        Ok(())
    }
}

/// `q * exp(f)` with `|f|` capped at `log(0.1 * f64::MAX)`, as glmnet.
pub fn risks(q: &[f64], f: &[f64], e: &mut [f64]) {
    let fmax = (f64::MAX * 0.1).ln();
    for ((e, &q), &f) in e.iter_mut().zip(q).zip(f) {
        *e = q * f.abs().min(fmax).copysign(f).exp();
    }
}

/// Dot product of two equal-length slices, summed in a fixed 16-lane
/// order that vectorises (see the `lanes` module; the rounding differs from
/// a sequential sum by a few ulps, identically on every CPU).
#[inline]
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    super::lanes::dot(a, b)
}

/// Cox partial-likelihood deviance `2 (lsat - loglik)` of linear predictors
/// `eta` (original row order), as `glmnet::coxnet.deviance` with
/// `std.weights = TRUE`: weights are rescaled to sum to `n` first
/// (`None` = all ones), the predictor is centred on its weighted mean.
pub fn deviance(
    time: &[f64],
    event: &[bool],
    weights: Option<&[f64]>,
    strata: Option<&[usize]>,
    etas: &[Vec<f64>],
) -> Vec<f64> {
    let n = time.len();
    let w: Vec<f64> = match weights {
        None => vec![1.0; n],
        Some(w) => {
            let s: f64 = w.iter().sum();
            w.iter().map(|x| n as f64 * x / s).collect()
        }
    };
    let rs = RiskSets::new(time, event, &w, strata);
    let lsat = rs.saturated_log_lik();
    let sw: f64 = rs.q.iter().sum();
    let mut f = vec![0.0; n];
    let mut e = vec![0.0; n];
    let mut u = vec![0.0; rs.groups.len()];
    etas.iter()
        .map(|eta| {
            let mean: f64 = rs
                .order
                .iter()
                .zip(&rs.q)
                .map(|(&i, q)| q * eta[i])
                .sum::<f64>()
                / sw;
            for (k, &i) in rs.order.iter().enumerate() {
                f[k] = eta[i] - mean;
            }
            risks(&rs.q, &f, &mut e);
            2.0 * (lsat - rs.log_lik(&f, &e, &mut u))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn risk_sets_breslow_ties() {
        // times 1,2,2,3 ; events 1,1,0,1 -> groups at 1 (rows all), 2 (rows 1..), 3
        let t = [2.0, 1.0, 2.0, 3.0];
        let d = [false, true, true, true];
        let rs = RiskSets::new(&t, &d, &[1.0; 4], None);
        assert_eq!(rs.order, vec![1, 2, 0, 3]);
        assert_eq!(rs.groups.len(), 3);
        assert_eq!(rs.groups[1].start, 1);
        let e = vec![1.0; 4];
        let mut u = vec![0.0; 3];
        rs.risk_sums(&e, &mut u);
        assert_eq!(u, vec![4.0, 3.0, 1.0]);
        let ll = rs.log_lik(&[0.0; 4], &e, &mut u);
        assert!((ll + (4.0f64.ln() + 3.0f64.ln())).abs() < 1e-12);
    }

    #[test]
    fn outer_is_gradient_and_hessian_diagonal() {
        let t = [5.0, 1.0, 2.0, 3.0, 4.0, 2.5];
        let d = [true, true, false, true, true, true];
        let q = [1.0; 6];
        let rs = RiskSets::new(&t, &d, &q, None);
        let f = [0.3, -0.2, 0.1, 0.5, -0.4, 0.0];
        let fs: Vec<f64> = rs.order.iter().map(|&i| f[i]).collect();
        let mut e = vec![0.0; 6];
        risks(&rs.q, &fs, &mut e);
        let (mut w, mut wr, mut u) = (vec![0.0; 6], vec![0.0; 6], vec![0.0; 5]);
        rs.outer(&e, &mut w, &mut wr, &mut u).unwrap();
        let ll = |f: &[f64]| {
            let mut e = vec![0.0; 6];
            risks(&rs.q, f, &mut e);
            let mut u = vec![0.0; 5];
            rs.log_lik(f, &e, &mut u)
        };
        let h = 1e-5;
        for i in 0..6 {
            let mut fp = fs.clone();
            fp[i] += h;
            let mut fm = fs.clone();
            fm[i] -= h;
            let g = (ll(&fp) - ll(&fm)) / (2.0 * h);
            let hd = -(ll(&fp) - 2.0 * ll(&fs) + ll(&fm)) / (h * h);
            assert!((g - wr[i]).abs() < 1e-8, "gradient {i}");
            assert!((hd - w[i]).abs() < 1e-4, "hessian {i}");
        }
    }

    #[test]
    fn strata_split_risk_sets() {
        let t = [1.0, 2.0, 1.5, 3.0];
        let d = [true, true, true, true];
        let rs = RiskSets::new(&t, &d, &[1.0; 4], Some(&[0, 0, 1, 1]));
        let e = vec![1.0; 4];
        let mut u = vec![0.0; 4];
        rs.risk_sums(&e, &mut u);
        assert_eq!(u, vec![2.0, 1.0, 2.0, 1.0]);
    }
}
