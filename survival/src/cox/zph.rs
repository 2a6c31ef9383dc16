//! The proportional-hazards test of Grambsch and Therneau, as survival 3.x
//! `cox.zph`: a score test, at `(β̂, 0)`, for adding the time-varying terms
//! `g(t)·x` to the fitted model.

use super::fit::{CoxFit, chisq_sf};
use super::kernel::{self, EventTerms};
use super::params::CoxTerm;
use nalgebra::{DMatrix, DVector};
use prognos_core::table::{Cell, Table};
use std::fmt;

/// The time transform `g(t)` of the test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ZphTransform {
    /// `1 − S(t−)` of the (unweighted, unstratified) Kaplan–Meier curve (R's default).
    #[default]
    Km,
    /// Ranks of the times (average ranks for ties), over all rows.
    Rank,
    /// The times themselves.
    Identity,
}

impl ZphTransform {
    /// R's name of the transform.
    pub fn as_str(self) -> &'static str {
        match self {
            ZphTransform::Km => "km",
            ZphTransform::Rank => "rank",
            ZphTransform::Identity => "identity",
        }
    }
}

/// One row of the `cox.zph` table.
#[derive(Debug, Clone, PartialEq)]
pub struct ZphRow {
    /// Term name (`GLOBAL` for the global test).
    pub term: String,
    /// Score statistic.
    pub chisq: f64,
    /// Degrees of freedom.
    pub df: usize,
    /// Upper-tail chi-square p-value.
    pub p: f64,
}

/// Result of [`CoxFit::zph`].
#[derive(Debug, Clone, PartialEq)]
pub struct CoxZph {
    /// One test per term.
    pub terms: Vec<ZphRow>,
    /// The global test over all terms.
    pub global: ZphRow,
    /// The transform used.
    pub transform: ZphTransform,
}

impl CoxFit {
    /// Tests proportional hazards per term and globally.
    ///
    /// With `g` the transformed event times centred on their mean over the
    /// events, the score `U` of the augmented model `xᵀβ + g(t) xᵀγ` at
    /// `(β̂, 0)` is `(0, Σ_t g(t) U_t)` and its information has blocks
    /// `Σ I_t`, `Σ g I_t`, `Σ g² I_t` (Efron or Breslow as the fit). The
    /// statistic of a term with columns J is `Uᵀ I⁻¹ U` over the rows
    /// `(1..p, p + J)`; the global test uses all `2p`. `terms = None` tests
    /// every column on its own. Dropped (NA) columns are left out.
    ///
    /// # Errors
    /// None at present; the `Result` leaves room for invalid terms.
    ///
    /// # References
    /// Grambsch & Therneau (1994), Biometrika 81:515–526. R (survival ≥
    /// 3.0): `cox.zph(fit, transform = "km", terms = TRUE)`.
    pub fn zph(
        &self,
        transform: ZphTransform,
        terms: Option<&[CoxTerm]>,
    ) -> Result<CoxZph, super::CoxError> {
        let lay = &self.layout;
        let (n, p) = (lay.n, lay.p);
        let ttimes = transformed_times(lay, transform);
        let (mut s, mut m) = (0.0, 0usize);
        for k in 0..n {
            if lay.event[k] {
                s += ttimes[k];
                m += 1;
            }
        }
        let gmean = s / m as f64;
        let beta: Vec<f64> = self
            .coef
            .iter()
            .map(|&b| if b.is_nan() { 0.0 } else { b })
            .collect();
        let mut eta = vec![0.0; n];
        lay.linear_predictor(&beta, &mut eta);
        let risk: Vec<f64> = eta.iter().map(|e| e.exp()).collect();
        let mut u2 = vec![0.0; p];
        let mut i11 = vec![0.0; p * p];
        let mut i12 = vec![0.0; p * p];
        let mut i22 = vec![0.0; p * p];
        let mut et = EventTerms::new(p);
        kernel::sweep(lay, &risk, true, |rs| {
            et.compute(lay, &eta, rs, self.ties, true);
            let g = ttimes[rs.deaths[0]] - gmean;
            for j in 0..p {
                u2[j] += g * et.u[j];
            }
            for q in 0..p * p {
                i11[q] += et.imat[q];
                i12[q] += g * et.imat[q];
                i22[q] += g * g * et.imat[q];
            }
        });
        let kept: Vec<usize> = (0..p).filter(|&j| !self.coef[j].is_nan()).collect();
        let nv = kept.len();
        // Full 2nv x 2nv information over the kept columns.
        let mut full = DMatrix::zeros(2 * nv, 2 * nv);
        for (a, &ja) in kept.iter().enumerate() {
            for (b, &jb) in kept.iter().enumerate() {
                full[(a, b)] = i11[ja * p + jb];
                full[(a, nv + b)] = i12[ja * p + jb];
                full[(nv + a, b)] = i12[jb * p + ja];
                full[(nv + a, nv + b)] = i22[ja * p + jb];
            }
        }
        let test = |idx: &[usize]| -> f64 {
            // idx: positions in 0..nv of the tested columns.
            let mut kk: Vec<usize> = (0..nv).collect();
            kk.extend(idx.iter().map(|&a| nv + a));
            let k = kk.len();
            let mut im = DMatrix::zeros(k, k);
            let mut u = DVector::zeros(k);
            for (r, &kr) in kk.iter().enumerate() {
                for (c, &kc) in kk.iter().enumerate() {
                    im[(r, c)] = full[(kr, kc)];
                }
                if kr >= nv {
                    u[r] = u2[kept[kr - nv]];
                }
            }
            match im.clone().lu().solve(&u) {
                Some(sol) => sol.dot(&u),
                None => f64::NAN,
            }
        };
        let default_terms: Vec<CoxTerm> = (0..p)
            .map(|j| CoxTerm {
                name: self.names[j].clone(),
                columns: j..j + 1,
            })
            .collect();
        let terms = terms.unwrap_or(&default_terms);
        let mut rows = Vec::new();
        for t in terms {
            let idx: Vec<usize> = t
                .columns
                .clone()
                .filter_map(|j| kept.iter().position(|&k| k == j))
                .collect();
            if idx.is_empty() {
                continue;
            }
            let chisq = test(&idx);
            rows.push(ZphRow {
                term: t.name.clone(),
                chisq,
                df: idx.len(),
                p: chisq_sf(chisq, idx.len()),
            });
        }
        let all: Vec<usize> = (0..nv).collect();
        let g = test(&all);
        Ok(CoxZph {
            terms: rows,
            global: ZphRow {
                term: "GLOBAL".into(),
                chisq: g,
                df: nv,
                p: chisq_sf(g, nv),
            },
            transform,
        })
    }
}

/// The transformed time of every sorted row (only event rows are used).
fn transformed_times(lay: &kernel::CoxLayout, transform: ZphTransform) -> Vec<f64> {
    let n = lay.n;
    match transform {
        ZphTransform::Identity => lay.stop.clone(),
        ZphTransform::Rank => {
            let mut idx: Vec<usize> = (0..n).collect();
            idx.sort_by(|&a, &b| lay.stop[a].total_cmp(&lay.stop[b]));
            let mut rank = vec![0.0; n];
            let mut i = 0;
            while i < n {
                let mut j = i;
                while j + 1 < n && lay.stop[idx[j + 1]] == lay.stop[idx[i]] {
                    j += 1;
                }
                let avg = (i + j) as f64 / 2.0 + 1.0;
                for &k in &idx[i..=j] {
                    rank[k] = avg;
                }
                i = j + 1;
            }
            rank
        }
        ZphTransform::Km => {
            // Unweighted, unstratified KM; each row gets 1 − S(t−).
            let mut times: Vec<f64> = (0..n)
                .filter(|&k| lay.event[k])
                .map(|k| lay.stop[k])
                .collect();
            times.sort_by(f64::total_cmp);
            times.dedup();
            let mut stops: Vec<f64> = lay.stop.clone();
            stops.sort_by(f64::total_cmp);
            let mut starts: Vec<f64> = lay.start.clone().unwrap_or_default();
            starts.sort_by(f64::total_cmp);
            let mut dead: Vec<f64> = (0..n)
                .filter(|&k| lay.event[k])
                .map(|k| lay.stop[k])
                .collect();
            dead.sort_by(f64::total_cmp);
            // surv_before[i] = S just before times[i].
            let mut surv_before = Vec::with_capacity(times.len());
            let mut s = 1.0;
            for &t in &times {
                surv_before.push(s);
                // at risk: stop >= t and start < t
                let nstop = n - stops.partition_point(|&x| x < t);
                let nstart = starts.len() - starts.partition_point(|&x| x < t);
                let nrisk = (nstop - nstart) as f64;
                let d =
                    (dead.partition_point(|&x| x <= t) - dead.partition_point(|&x| x < t)) as f64;
                s *= 1.0 - d / nrisk;
            }
            (0..n)
                .map(|k| {
                    let i = times.partition_point(|&x| x < lay.stop[k]);
                    // S(t−) = S after the last event time < t.
                    let sb = if i < times.len() { surv_before[i] } else { s };
                    1.0 - sb
                })
                .collect()
        }
    }
}

impl CoxZph {
    /// The table of `print(cox.zph(fit))`: columns `chisq df p`, one row
    /// per term and `GLOBAL`.
    pub fn summary(&self) -> Table {
        let mut t = Table::new(["chisq", "df", "p"]).with_digits(4);
        for r in self.terms.iter().chain(std::iter::once(&self.global)) {
            t.push_row(
                r.term.clone(),
                [Cell::Num(r.chisq), Cell::Int(r.df as i64), Cell::P(r.p)],
            );
        }
        t
    }
}

impl fmt::Display for CoxZph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
