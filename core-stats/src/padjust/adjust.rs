//! The adjustment methods.

/// A p-value adjustment method (R `p.adjust.methods`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PAdjust {
    /// Holm (1979) step-down, family-wise error (R `"holm"`).
    Holm,
    /// Hochberg (1988) step-up, family-wise error (R `"hochberg"`).
    Hochberg,
    /// Hommel (1988), family-wise error; more powerful than Hochberg (R `"hommel"`).
    Hommel,
    /// Bonferroni: `min(1, n p)` (R `"bonferroni"`).
    Bonferroni,
    /// Benjamini–Hochberg false discovery rate (R `"BH"`, `"fdr"`).
    BH,
    /// Benjamini–Yekutieli FDR under arbitrary dependence (R `"BY"`).
    BY,
    /// No adjustment (R `"none"`).
    None,
}

impl PAdjust {
    /// The method's name as R writes it in `p.adjust.methods`.
    pub fn r_name(self) -> &'static str {
        match self {
            PAdjust::Holm => "holm",
            PAdjust::Hochberg => "hochberg",
            PAdjust::Hommel => "hommel",
            PAdjust::Bonferroni => "bonferroni",
            PAdjust::BH => "BH",
            PAdjust::BY => "BY",
            PAdjust::None => "none",
        }
    }
}

/// Indices of `p` sorted by p ascending (stable, as R `order(p)`).
fn order_asc(p: &[f64]) -> Vec<usize> {
    let mut o: Vec<usize> = (0..p.len()).collect();
    o.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    o
}

/// Step-up (from the largest p down): `adj[k] = min(1, cummin(factor(rank) p))`,
/// rank = 1-based position in ascending order.
fn step_up(p: &[f64], factor: impl Fn(usize) -> f64) -> Vec<f64> {
    let o = order_asc(p);
    let mut out = vec![0.0; p.len()];
    let mut run = f64::INFINITY;
    for (pos, &k) in o.iter().enumerate().rev() {
        run = run.min(factor(pos + 1) * p[k]);
        out[k] = run.min(1.0);
    }
    out
}

/// Hommel's method on complete p-values (R's `hommel` branch, `n >= 3`).
fn hommel(p: &[f64]) -> Vec<f64> {
    let n = p.len();
    let o = order_asc(p);
    let ps: Vec<f64> = o.iter().map(|&k| p[k]).collect();
    let init = (0..n)
        .map(|i| n as f64 * ps[i] / (i + 1) as f64)
        .fold(f64::INFINITY, f64::min);
    let mut q = vec![init; n];
    let mut pa = vec![init; n];
    for m in (2..n).rev() {
        // 0-based: i1 = 0..n-m+1, i2 = n-m+1..n
        let split = n - m + 1;
        let q1 = (split..n)
            .enumerate()
            .map(|(j, i)| m as f64 * ps[i] / (j + 2) as f64)
            .fold(f64::INFINITY, f64::min);
        for i in 0..split {
            q[i] = (m as f64 * ps[i]).min(q1);
        }
        for i in split..n {
            q[i] = q[split - 1];
        }
        for i in 0..n {
            pa[i] = pa[i].max(q[i]);
        }
    }
    let mut out = vec![0.0; n];
    for (pos, &k) in o.iter().enumerate() {
        out[k] = pa[pos].max(ps[pos]);
    }
    out
}

/// Adjusts p-values for multiple comparisons, as R `p.adjust(p, method)`.
///
/// NaN entries are kept as NaN and excluded from the number of tests `n`.
/// With one (or no) non-missing p-value the input is returned unchanged,
/// as R does; Hommel with two tests is Hochberg, as in R.
pub fn p_adjust(p: &[f64], method: PAdjust) -> Vec<f64> {
    let keep: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
    let n = keep.len();
    if n <= 1 {
        return p.to_vec();
    }
    let x: Vec<f64> = keep.iter().map(|&i| p[i]).collect();
    let nf = n as f64;
    let adj = match method {
        PAdjust::None => x.clone(),
        PAdjust::Bonferroni => x.iter().map(|v| (nf * v).min(1.0)).collect(),
        PAdjust::Holm => {
            let o = order_asc(&x);
            let mut out = vec![0.0; n];
            let mut run = f64::NEG_INFINITY;
            for (pos, &k) in o.iter().enumerate() {
                run = run.max((n - pos) as f64 * x[k]);
                out[k] = run.min(1.0);
            }
            out
        }
        PAdjust::Hochberg => step_up(&x, |rank| (n + 1 - rank) as f64),
        PAdjust::Hommel if n == 2 => step_up(&x, |rank| (n + 1 - rank) as f64),
        PAdjust::Hommel => hommel(&x),
        PAdjust::BH => step_up(&x, |rank| nf / rank as f64),
        PAdjust::BY => {
            let q: f64 = (1..=n).map(|i| 1.0 / i as f64).sum();
            step_up(&x, |rank| q * nf / rank as f64)
        }
    };
    let mut out = p.to_vec();
    for (j, &i) in keep.iter().enumerate() {
        out[i] = adj[j];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const P: [f64; 10] = [
        0.01,
        0.02,
        f64::NAN,
        0.03,
        0.04,
        0.05,
        0.5,
        0.001,
        f64::NAN,
        0.02,
    ];

    fn check(method: PAdjust, r: [f64; 10]) {
        let got = p_adjust(&P, method);
        for (g, e) in got.iter().zip(r) {
            if e.is_nan() {
                assert!(g.is_nan());
            } else {
                assert!((g - e).abs() <= 1e-14 * e.abs(), "{method:?}: {g} vs R {e}");
            }
        }
    }

    // R 4.2.2: p <- c(.01,.02,NA,.03,.04,.05,.5,.001,NA,.02); sprintf("%.17g", p.adjust(p, m))
    #[test]
    fn matches_r_on_vector_with_na() {
        let na = f64::NAN;
        check(
            PAdjust::BH,
            [
                0.04,
                0.04,
                na,
                0.048,
                0.05333333333333333,
                0.057142857142857141,
                0.5,
                0.008,
                na,
                0.04,
            ],
        );
        check(
            PAdjust::BY,
            [
                0.10871428571428572,
                0.10871428571428572,
                na,
                0.13045714285714285,
                0.14495238095238094,
                0.15530612244897959,
                1.0,
                0.021742857142857144,
                na,
                0.10871428571428572,
            ],
        );
        check(
            PAdjust::Bonferroni,
            [0.08, 0.16, na, 0.24, 0.32, 0.4, 1.0, 0.008, na, 0.16],
        );
        check(
            PAdjust::Holm,
            [0.07, 0.12, na, 0.12, 0.12, 0.12, 0.5, 0.008, na, 0.12],
        );
        check(
            PAdjust::Hochberg,
            [0.07, 0.1, na, 0.1, 0.1, 0.1, 0.5, 0.008, na, 0.1],
        );
        check(
            PAdjust::Hommel,
            [
                0.06,
                0.066666666666666666,
                na,
                0.075000000000000011,
                0.08,
                0.1,
                0.5,
                0.008,
                na,
                0.066666666666666666,
            ],
        );
        check(PAdjust::None, P);
    }

    #[test]
    fn single_value_unchanged() {
        assert_eq!(p_adjust(&[0.2, f64::NAN][..1], PAdjust::BH), vec![0.2]);
    }

    proptest! {
        #[test]
        fn adjusted_in_unit_interval_and_monotone(p in prop::collection::vec(0.0f64..=1.0, 2..40)) {
            for m in [PAdjust::Holm, PAdjust::Hochberg, PAdjust::Hommel, PAdjust::Bonferroni,
                      PAdjust::BH, PAdjust::BY] {
                let q = p_adjust(&p, m);
                let o = order_asc(&p);
                for w in o.windows(2) {
                    // adjusted values are non-decreasing in the raw p-values
                    prop_assert!(q[w[0]] <= q[w[1]] + 1e-15, "{m:?}");
                }
                for (a, b) in q.iter().zip(&p) {
                    prop_assert!(*a >= *b - 1e-15 && *a <= 1.0, "{m:?}");
                }
            }
        }
    }
}
