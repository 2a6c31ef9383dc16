//! Score and dfbeta residuals, the robust (sandwich) variance, and the
//! per-event-time hazard increments they share with the baseline hazard.

use super::fit::CoxFit;
use super::kernel::{self, CoxLayout};
use super::params::Ties;
use nalgebra::DMatrix;
use std::collections::HashMap;
use std::ops::Range;

/// Per event time (ascending within each stratum): the hazard increments
/// and hazard-weighted means at the fitted coefficients.
///
/// For the Efron sub-steps k = 0..d−1 with `D_k` and `x̄_k` as in
/// [`kernel::EventTerms::compute`] and mean death weight `w̄`:
/// `dh = Σ_k w̄ / D_k` (the Efron hazard increment, `survfit.coxph`
/// `ctype = 2`; Breslow: `Σw / D`), `dg = Σ_k w̄ x̄_k / D_k`; the `_death`
/// versions weight sub-step k by `(1 − k/d)` (a dying subject's own share
/// of the risk set), and `xbar` is the mean of the `x̄_k`.
#[derive(Debug, Clone)]
pub struct EventTable {
    pub(crate) p: usize,
    /// Event times, ascending within stratum.
    pub(crate) time: Vec<f64>,
    /// Index range of each stratum.
    pub(crate) strata: Vec<Range<usize>>,
    pub(crate) dh: Vec<f64>,
    pub(crate) dh_death: Vec<f64>,
    pub(crate) dg: Vec<f64>,
    pub(crate) dg_death: Vec<f64>,
    pub(crate) xbar: Vec<f64>,
    /// Number at risk (weighted: Σ w) and events (Σ w) per time, for printing.
    pub(crate) n_event: Vec<f64>,
    /// Cumulative `dh` within stratum (inclusive).
    pub(crate) hcum: Vec<f64>,
    /// Cumulative `dg` within stratum (inclusive), m×p.
    pub(crate) gcum: Vec<f64>,
}

impl EventTable {
    /// Builds the table from one sweep at `risk = exp(eta)` (sorted order).
    pub fn new(lay: &CoxLayout, risk: &[f64], ties: Ties) -> Self {
        let p = lay.p;
        let mut t = EventTable {
            p,
            time: Vec::new(),
            strata: vec![0..0; lay.strata.len()],
            dh: Vec::new(),
            dh_death: Vec::new(),
            dg: Vec::new(),
            dg_death: Vec::new(),
            xbar: Vec::new(),
            n_event: Vec::new(),
            hcum: Vec::new(),
            gcum: Vec::new(),
        };
        let mut xb = vec![0.0; p];
        let mut stratum_of = Vec::new();
        kernel::sweep(lay, risk, false, |rs| {
            let d = rs.deaths.len();
            let (steps, wstep) = match ties {
                Ties::Efron if d > 1 => (d, rs.dead_w / d as f64),
                _ => (1, rs.dead_w),
            };
            let (mut dh, mut dhd) = (0.0, 0.0);
            let base = t.dg.len();
            t.dg.extend(std::iter::repeat_n(0.0, p));
            t.dg_death.extend(std::iter::repeat_n(0.0, p));
            t.xbar.extend(std::iter::repeat_n(0.0, p));
            for k in 0..steps {
                let frac = k as f64 / d as f64;
                let dk = rs.denom - frac * rs.e_denom;
                let own = if steps > 1 { 1.0 - frac } else { 1.0 };
                dh += wstep / dk;
                dhd += own * wstep / dk;
                for j in 0..p {
                    xb[j] = (rs.a[j] - frac * rs.e_a[j]) / dk;
                    t.dg[base + j] += wstep * xb[j] / dk;
                    t.dg_death[base + j] += own * wstep * xb[j] / dk;
                    t.xbar[base + j] += xb[j] / steps as f64;
                }
            }
            t.time.push(rs.time);
            t.dh.push(dh);
            t.dh_death.push(dhd);
            t.n_event.push(rs.dead_w);
            stratum_of.push(rs.stratum);
        });
        // The sweep runs in decreasing time within strata: reverse each stratum.
        let m = t.time.len();
        let mut lo = 0;
        for k in 1..=m {
            if k == m || stratum_of[k] != stratum_of[lo] {
                t.time[lo..k].reverse();
                t.dh[lo..k].reverse();
                t.dh_death[lo..k].reverse();
                t.n_event[lo..k].reverse();
                reverse_rows(&mut t.dg[lo * p..k * p], p);
                reverse_rows(&mut t.dg_death[lo * p..k * p], p);
                reverse_rows(&mut t.xbar[lo * p..k * p], p);
                t.strata[stratum_of[lo]] = lo..k;
                lo = k;
            }
        }
        t.hcum = vec![0.0; m];
        t.gcum = vec![0.0; m * p];
        for r in &t.strata {
            let (mut h, mut g) = (0.0, vec![0.0; p]);
            for k in r.clone() {
                h += t.dh[k];
                t.hcum[k] = h;
                for j in 0..p {
                    g[j] += t.dg[k * p + j];
                    t.gcum[k * p + j] = g[j];
                }
            }
        }
        t
    }

    /// Cumulative baseline hazard of stratum `s` at time `tt` (at the
    /// covariate centres): the step function through the event times.
    pub fn cumhaz_at(&self, s: usize, tt: f64) -> f64 {
        let r = &self.strata[s];
        let k = self.time[r.clone()].partition_point(|&x| x <= tt);
        if k == 0 {
            0.0
        } else {
            self.hcum[r.start + k - 1]
        }
    }

    /// Sum of `dh` and `dg` over events of stratum range `r` at local
    /// indices `[i0, i1)`.
    fn sums(&self, r: &Range<usize>, i0: usize, i1: usize, g: &mut [f64]) -> f64 {
        let p = self.p;
        if i1 <= i0 {
            g.iter_mut().for_each(|v| *v = 0.0);
            return 0.0;
        }
        let (a, b) = (r.start + i0, r.start + i1 - 1);
        for j in 0..p {
            g[j] = self.gcum[b * p + j]
                - if i0 > 0 {
                    self.gcum[(a - 1) * p + j]
                } else {
                    0.0
                };
        }
        self.hcum[b] - if i0 > 0 { self.hcum[a - 1] } else { 0.0 }
    }
}

fn reverse_rows(v: &mut [f64], p: usize) {
    if p == 0 {
        return;
    }
    let m = v.len() / p;
    for i in 0..m / 2 {
        for j in 0..p {
            v.swap(i * p + j, (m - 1 - i) * p + j);
        }
    }
}

/// Score residuals (unweighted, as `residuals(fit, "score")`) in sorted
/// order, n×p row-major:
///
/// `L_i = δ_i (x_i − x̄(t_i)) − r_i Σ_{t_j ∈ (start_i, stop_i]} (x_i − x̄(t_j)) dΛ₀(t_j)`,
///
/// with the Efron sub-step weighting for deaths at their own time.
pub fn score_residuals_sorted(lay: &CoxLayout, eta: &[f64], tab: &EventTable) -> Vec<f64> {
    let p = lay.p;
    let mut out = vec![0.0; lay.n * p];
    let mut g = vec![0.0; p];
    for k in 0..lay.n {
        let r = &tab.strata[lay.stratum[k]];
        let ts = &tab.time[r.clone()];
        let nt = ts.partition_point(|&x| x <= lay.stop[k]);
        let na = lay
            .start
            .as_ref()
            .map_or(0, |s| ts.partition_point(|&x| x <= s[k]));
        let risk = eta[k].exp();
        let x = lay.row(k);
        let row = &mut out[k * p..(k + 1) * p];
        if lay.event[k] && nt > 0 {
            // Events before the own time, then the own time with death weights.
            let h = tab.sums(r, na, nt - 1, &mut g);
            let e = r.start + nt - 1;
            let hd = h + tab.dh_death[e];
            for j in 0..p {
                let gd = g[j] + tab.dg_death[e * p + j];
                row[j] = x[j] - tab.xbar[e * p + j] - risk * (x[j] * hd - gd);
            }
        } else {
            let h = tab.sums(r, na, nt, &mut g);
            for j in 0..p {
                row[j] = -risk * (x[j] * h - g[j]);
            }
        }
    }
    out
}

/// Robust variance `DᵀD` with `D` the weighted dfbeta residuals
/// (`w_i L_i V`), summed within clusters when given (original-order ids),
/// as `coxph(robust = TRUE)` / `cluster()`.
pub fn robust_variance(
    lay: &CoxLayout,
    resid: &[f64],
    var: &[f64],
    cluster: Option<&[usize]>,
) -> Vec<f64> {
    let p = lay.p;
    let dfb = dfbeta_sorted(lay, resid, var);
    let rows: Vec<Vec<f64>> = match cluster {
        None => dfb.chunks(p.max(1)).map(|c| c.to_vec()).collect(),
        Some(cl) => {
            let mut idx: HashMap<usize, usize> = HashMap::new();
            let mut acc: Vec<Vec<f64>> = Vec::new();
            for k in 0..lay.n {
                let id = cl[lay.orig[k]];
                let slot = *idx.entry(id).or_insert_with(|| {
                    acc.push(vec![0.0; p]);
                    acc.len() - 1
                });
                for j in 0..p {
                    acc[slot][j] += dfb[k * p + j];
                }
            }
            acc
        }
    };
    let mut v = vec![0.0; p * p];
    for r in &rows {
        for a in 0..p {
            for b in 0..p {
                v[a * p + b] += r[a] * r[b];
            }
        }
    }
    v
}

/// Weighted dfbeta rows `w_i L_i V` in sorted order.
fn dfbeta_sorted(lay: &CoxLayout, resid: &[f64], var: &[f64]) -> Vec<f64> {
    let p = lay.p;
    let mut out = vec![0.0; lay.n * p];
    for k in 0..lay.n {
        let w = lay.weight[k];
        for j in 0..p {
            out[k * p + j] = w
                * (0..p)
                    .map(|l| resid[k * p + l] * var[l * p + j])
                    .sum::<f64>();
        }
    }
    out
}

fn unsort(lay: &CoxLayout, sorted: &[f64]) -> DMatrix<f64> {
    let p = lay.p;
    let mut m = DMatrix::zeros(lay.n, p);
    for (k, &i) in lay.orig.iter().enumerate() {
        for j in 0..p {
            m[(i, j)] = sorted[k * p + j];
        }
    }
    m
}

impl CoxFit {
    /// Score residuals, n × p in data order, as R's
    /// `residuals(fit, type = "score")`.
    pub fn score_residuals(&self) -> DMatrix<f64> {
        let lay = &self.layout;
        let beta: Vec<f64> = self
            .coef
            .iter()
            .map(|&b| if b.is_nan() { 0.0 } else { b })
            .collect();
        let mut eta = vec![0.0; lay.n];
        lay.linear_predictor(&beta, &mut eta);
        unsort(lay, &score_residuals_sorted(lay, &eta, &self.events_table))
    }

    /// dfbeta residuals (approximate change in the coefficients when a row
    /// is left out), n × p in data order, as `residuals(fit, type =
    /// "dfbeta", weighted = TRUE)`.
    pub fn dfbeta(&self) -> DMatrix<f64> {
        let lay = &self.layout;
        let beta: Vec<f64> = self
            .coef
            .iter()
            .map(|&b| if b.is_nan() { 0.0 } else { b })
            .collect();
        let mut eta = vec![0.0; lay.n];
        lay.linear_predictor(&beta, &mut eta);
        let r = score_residuals_sorted(lay, &eta, &self.events_table);
        unsort(lay, &dfbeta_sorted(lay, &r, &self.var))
    }
}
