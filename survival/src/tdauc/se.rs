//! Influence-function standard error of the IPCW AUC with a Kaplan–Meier
//! censoring model, as `riskRegression::Score(..., se.fit = TRUE,
//! cens.model = "km")`: `se = sd(IF) / sqrt(n)` where `IF_k` is the
//! influence of observation `k` on the ratio
//! `AUC = N / (F · S)`, `N = n⁻² Σ_i Σ_j h_ij a_i b_j`, `F = n⁻¹ Σ a_i`,
//! `S = n⁻¹ Σ b_j` (case weights `a_i = 1/G(T_i−)`, control weights
//! `b_j = 1/G(t)`, `h_ij = 1(M_i > M_j) + ½ 1(M_i = M_j)`), plus the term
//! from estimating `G`. The influence of `k` on `1/G(s)` is
//! `MC_k(s) / G(s)` with `MC_k(s) = ∫_0^s dM^C_k(u) / y(u)`, `y(u) = Y(u)/n`
//! and the censoring hazard `C(u) / Y(u)` (`Y(u)` = number with `T ≥ u`).
//! The `MC_k(t)` parts of the numerator and of `S` cancel, leaving
//! `n⁻¹ Σ_i a_i MC_k(T_i−) [H_i / (F S) − AUC / F]`, `H_i = n⁻¹ Σ_j h_ij b_j`.

/// Distinct observed times ascending with the number at risk `Y` and the
/// number censored `C` at each.
pub(super) struct RiskSets {
    times: Vec<f64>,
    at_risk: Vec<f64>,
    censored: Vec<f64>,
}

impl RiskSets {
    pub(super) fn new(time: &[f64], event: &[bool]) -> Self {
        let mut ord: Vec<usize> = (0..time.len()).collect();
        ord.sort_unstable_by(|&a, &b| time[a].total_cmp(&time[b]));
        let mut remaining = time.len() as f64;
        let (mut times, mut at_risk, mut censored) = (Vec::new(), Vec::new(), Vec::new());
        let mut j = 0;
        while j < ord.len() {
            let t = time[ord[j]];
            let (mut all, mut c) = (0.0, 0.0);
            while j < ord.len() && time[ord[j]] == t {
                all += 1.0;
                if !event[ord[j]] {
                    c += 1.0;
                }
                j += 1;
            }
            times.push(t);
            at_risk.push(remaining);
            censored.push(c);
            remaining -= all;
        }
        RiskSets {
            times,
            at_risk,
            censored,
        }
    }

    fn index(&self, t: f64) -> usize {
        self.times.partition_point(|&s| s < t)
    }
}

/// Per-horizon inputs of [`auc_se`].
pub(super) struct Horizon<'a> {
    pub(super) t: f64,
    /// Case weight `1/G(T_i−)` of every observation with an event (0 otherwise).
    pub(super) case_w: &'a [f64],
    pub(super) g_t: f64,
    pub(super) auc: f64,
}

/// Standard error of the AUC at one horizon; `None` with fewer than two
/// observations or a non-finite result.
pub(super) fn auc_se(
    time: &[f64],
    event: &[bool],
    marker: &[f64],
    rs: &RiskSets,
    h: &Horizon<'_>,
) -> Option<f64> {
    let n = time.len();
    if n < 2 {
        return None;
    }
    let nf = n as f64;
    let a: Vec<f64> = (0..n)
        .map(|i| {
            if event[i] && time[i] <= h.t {
                h.case_w[i]
            } else {
                0.0
            }
        })
        .collect();
    let bw = 1.0 / h.g_t;
    let b: Vec<f64> = time
        .iter()
        .map(|&ti| if ti > h.t { bw } else { 0.0 })
        .collect();
    let f = a.iter().sum::<f64>() / nf;
    let s = b.iter().sum::<f64>() / nf;
    let fs = f * s;

    // controls' markers sorted; cases' markers sorted with weight prefix sums
    let mut ctrl: Vec<f64> = (0..n).filter(|&j| b[j] > 0.0).map(|j| marker[j]).collect();
    ctrl.sort_unstable_by(f64::total_cmp);
    let mut cases: Vec<(f64, f64)> = (0..n)
        .filter(|&i| a[i] > 0.0)
        .map(|i| (marker[i], a[i]))
        .collect();
    cases.sort_unstable_by(|x, y| x.0.total_cmp(&y.0));
    let mut prefix = Vec::with_capacity(cases.len() + 1);
    prefix.push(0.0);
    for &(_, w) in &cases {
        prefix.push(prefix.last().copied().unwrap_or(0.0) + w);
    }
    let total_a = prefix.last().copied().unwrap_or(0.0);

    // H_i = n⁻¹ Σ_j h_ij b_j for cases
    let big_h: Vec<f64> = (0..n)
        .map(|i| {
            if a[i] == 0.0 {
                return 0.0;
            }
            let lo = ctrl.partition_point(|&c| c < marker[i]);
            let hi = ctrl.partition_point(|&c| c <= marker[i]);
            bw * (lo as f64 + 0.5 * (hi - lo) as f64) / nf
        })
        .collect();
    // Σ_i h_ij a_i for controls
    let col: Vec<f64> = (0..n)
        .map(|j| {
            if b[j] == 0.0 {
                return 0.0;
            }
            let lo = cases.partition_point(|c| c.0 < marker[j]);
            let hi = cases.partition_point(|c| c.0 <= marker[j]);
            let above = total_a - prefix[hi];
            let tied = prefix[hi] - prefix[lo];
            b[j] * (above + 0.5 * tied)
        })
        .collect();
    let big_n = (0..n).map(|i| a[i] * big_h[i]).sum::<f64>() / nf;

    // censoring term: R_j = Σ_{i: T_i > u_j} coef_i
    let m = rs.times.len();
    let mut at_time = vec![0.0; m];
    for i in 0..n {
        if a[i] > 0.0 {
            at_time[rs.index(time[i])] += a[i] * (big_h[i] / fs - h.auc / f);
        }
    }
    let mut r = vec![0.0; m];
    let mut tail = 0.0;
    for j in (0..m).rev() {
        r[j] = tail;
        tail += at_time[j];
    }
    // cumulative Σ_{j' ≤ j} C_j' R_j' / Y_j'²
    let mut comp = vec![0.0; m];
    let mut acc = 0.0;
    for j in 0..m {
        acc += rs.censored[j] * r[j] / (rs.at_risk[j] * rs.at_risk[j]);
        comp[j] = acc;
    }

    let inf: Vec<f64> = (0..n)
        .map(|k| {
            let ifn = (a[k] * nf * big_h[k] + col[k]) / nf - 2.0 * big_n;
            let ic0 = ifn / fs - h.auc * ((a[k] - f) / f + (b[k] - s) / s);
            let j = rs.index(time[k]);
            let jump = if event[k] { 0.0 } else { r[j] / rs.at_risk[j] };
            ic0 + jump - comp[j]
        })
        .collect();
    let mean = inf.iter().sum::<f64>() / nf;
    let var = inf.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (nf - 1.0);
    let se = (var / nf).sqrt();
    se.is_finite().then_some(se)
}
