//! Balance statistics of one variable, as MatchIt's internal `bal1var`
//! (`summary.matchit(standardize = TRUE)`) for the ATT.

/// `sqrt(.Machine$double.eps)`: MatchIt's threshold for "no difference"
/// and for a usable standard deviation.
const SQRT_EPS: f64 = 1.490_116_119_384_765_6e-8;

/// Balance of one variable between treated and control units, in the
/// full sample or under matching/IPTW weights.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceStats {
    /// (Weighted) mean in the treated group.
    pub mean_treated: f64,
    /// (Weighted) mean in the control group.
    pub mean_control: f64,
    /// Standardised mean difference (treated − control) / SD of the
    /// treated group in the full sample (for 0/1 variables √(p(1 − p))).
    /// A difference below √ε is reported unstandardised, as MatchIt does.
    /// `NaN` only when both groups have fewer than two weighted units.
    pub smd: f64,
    /// Ratio of (weighted) variances treated / control; `None` for 0/1
    /// variables (as MatchIt).
    pub var_ratio: Option<f64>,
    /// Mean absolute difference of the weighted eCDFs over the distinct
    /// values (for 0/1 variables the absolute mean difference).
    pub ecdf_mean: f64,
    /// Maximal absolute eCDF difference (Kolmogorov–Smirnov statistic).
    pub ecdf_max: f64,
}

/// Whether every value is 0 or 1 (MatchIt's `bin.var`).
pub(crate) fn is_binary(x: &[f64]) -> bool {
    x.iter().all(|&v| v == 0.0 || v == 1.0)
}

/// Weighted mean `sum(w x) / sum(w)` over the units with `sel`.
fn wmean(x: &[f64], w: &[f64], sel: &[usize]) -> f64 {
    let (s, sw) = sel
        .iter()
        .fold((0.0, 0.0), |(s, sw), &i| (s + w[i] * x[i], sw + w[i]));
    s / sw
}

/// MatchIt's `wvar`: p(1 − p) for binary variables, else the weighted
/// variance with normalised weights divided by (1 − Σw²) (the unbiased
/// sample variance for equal weights).
fn wvar(x: &[f64], w: &[f64], sel: &[usize], binary: bool) -> f64 {
    let sw: f64 = sel.iter().map(|&i| w[i]).sum();
    let m = sel.iter().map(|&i| w[i] / sw * x[i]).sum::<f64>();
    if binary {
        return m * (1.0 - m);
    }
    let ss = sel
        .iter()
        .map(|&i| w[i] / sw * (x[i] - m).powi(2))
        .sum::<f64>();
    let sw2 = sel.iter().map(|&i| (w[i] / sw).powi(2)).sum::<f64>();
    ss / (1.0 - sw2)
}

/// MatchIt's fallback `pooled_sd` (unit sampling weights, proportional
/// contribution), used when the treated SD is zero.
fn pooled_sd(x: &[f64], groups: [&[usize]; 2], binary: bool) -> f64 {
    let n = (groups[0].len() + groups[1].len()) as f64;
    let var = if binary {
        groups
            .iter()
            .map(|g| {
                let s: f64 = g.iter().map(|&i| x[i]).sum();
                s * (1.0 - s / g.len() as f64) / n
            })
            .sum::<f64>()
    } else {
        let ss: f64 = groups
            .iter()
            .map(|g| {
                let m = g.iter().map(|&i| x[i]).sum::<f64>() / g.len() as f64;
                g.iter().map(|&i| (x[i] - m).powi(2)).sum::<f64>()
            })
            .sum();
        ss / (n - 1.0)
    };
    var.sqrt()
}

/// The eCDF statistics of `bal1var(standardize = TRUE)`: weights are
/// normalised within each group; the absolute difference of the
/// cumulative weights is taken at the last unit of every distinct value
/// (all units, weight 0 included), then averaged and maximised.
fn ecdf_stats(x: &[f64], treated: &[bool], w: &[f64], ord: &[usize]) -> (f64, f64) {
    let (s1, s0) = (0..x.len()).fold((0.0, 0.0), |(a, b), i| {
        if treated[i] {
            (a + w[i], b)
        } else {
            (a, b + w[i])
        }
    });
    let (mut cum, mut sum, mut max, mut k) = (0.0f64, 0.0, 0.0f64, 0usize);
    for (j, &i) in ord.iter().enumerate() {
        cum += if treated[i] { w[i] / s1 } else { -w[i] / s0 };
        let last_of_value = j + 1 == ord.len() || x[ord[j + 1]] != x[i];
        if last_of_value {
            sum += cum.abs();
            max = max.max(cum.abs());
            k += 1;
        }
    }
    (sum / k as f64, max)
}

/// The units in increasing order of `x` (ties in any order: the eCDF is
/// only read at the last unit of each distinct value).
pub(crate) fn value_order(x: &[f64]) -> Vec<usize> {
    let mut ord: Vec<usize> = (0..x.len()).collect();
    ord.sort_unstable_by(|&a, &b| x[a].total_cmp(&x[b]));
    ord
}

/// Balance statistics of variable `x` under `weights` (`None` = the full,
/// unweighted sample). `sd_denominator` is the treated group's SD in the
/// full sample (see [`treated_sd`]); `ord` is [`value_order`] of `x`
/// (unused for 0/1 variables).
pub(crate) fn balance_stats(
    x: &[f64],
    treated: &[bool],
    weights: Option<&[f64]>,
    binary: bool,
    sd_denominator: f64,
    ord: &[usize],
) -> BalanceStats {
    let ones;
    let w = match weights {
        Some(w) => w,
        None => {
            ones = vec![1.0; x.len()];
            &ones
        }
    };
    let i1: Vec<usize> = (0..x.len()).filter(|&i| treated[i]).collect();
    let i0: Vec<usize> = (0..x.len()).filter(|&i| !treated[i]).collect();
    let too_small = i1.iter().filter(|&&i| w[i] != 0.0).count() < 2
        && i0.iter().filter(|&&i| w[i] != 0.0).count() < 2;
    let mean_treated = wmean(x, w, &i1);
    let mean_control = wmean(x, w, &i0);
    let mdiff = mean_treated - mean_control;
    let smd = if mdiff.abs() <= SQRT_EPS {
        mdiff
    } else if too_small {
        f64::NAN
    } else {
        mdiff / sd_denominator
    };
    let (var_ratio, ecdf_mean, ecdf_max) = if binary {
        (None, mdiff.abs(), mdiff.abs())
    } else if too_small {
        (None, f64::NAN, f64::NAN)
    } else {
        let vr = wvar(x, w, &i1, false) / wvar(x, w, &i0, false);
        let (m, k) = ecdf_stats(x, treated, w, ord);
        (Some(vr), m, k)
    };
    BalanceStats {
        mean_treated,
        mean_control,
        smd,
        var_ratio,
        ecdf_mean,
        ecdf_max,
    }
}

/// The SMD denominator for the ATE: `pooled_sd(contribution = "equal")`
/// of MatchIt's `bal1var(s.d.denom = "pooled")`, √((s²₁ + s²₀) / 2) in the
/// full, unweighted sample (p(1 − p) per group for 0/1 variables); falls
/// back to the proportional pooled SD when below √ε.
pub(crate) fn pooled_equal_sd(x: &[f64], treated: &[bool], binary: bool) -> f64 {
    let i1: Vec<usize> = (0..x.len()).filter(|&i| treated[i]).collect();
    let i0: Vec<usize> = (0..x.len()).filter(|&i| !treated[i]).collect();
    let ones = vec![1.0; x.len()];
    let sd = (0.5 * (wvar(x, &ones, &i1, binary) + wvar(x, &ones, &i0, binary))).sqrt();
    if sd.is_finite() && sd >= SQRT_EPS {
        sd
    } else {
        pooled_sd(x, [&i1, &i0], binary)
    }
}

/// The SMD denominator for the ATT: the treated group's SD in the full
/// sample (√(p(1 − p)) for 0/1 variables); MatchIt falls back to the pooled
/// SD when it is below √ε.
pub(crate) fn treated_sd(x: &[f64], treated: &[bool], binary: bool) -> f64 {
    let i1: Vec<usize> = (0..x.len()).filter(|&i| treated[i]).collect();
    let i0: Vec<usize> = (0..x.len()).filter(|&i| !treated[i]).collect();
    let ones = vec![1.0; x.len()];
    let sd = wvar(x, &ones, &i1, binary).sqrt();
    if sd.is_finite() && sd >= SQRT_EPS {
        sd
    } else {
        pooled_sd(x, [&i1, &i0], binary)
    }
}
