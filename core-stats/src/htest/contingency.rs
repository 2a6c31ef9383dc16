//! Contingency-table tests: Pearson's chi-square (`chisq.test`) and
//! Fisher's exact test (`fisher.test`), 2 x 2 with the conditional MLE odds
//! ratio and r x c by exact enumeration.

use super::dist::pchisq_upper;
use super::root::{UNIROOT_TOL, zeroin};
use super::{Alternative, ConfInt, Df, Estimate, HtestError, TestResult, TestWarning};

/// A cross-tabulation of two categorical vectors (R `table(x, y)`).
#[derive(Debug, Clone, PartialEq)]
pub struct CrossTab {
    /// Row levels (sorted as given by the caller's level order).
    pub row_levels: Vec<String>,
    /// Column levels.
    pub col_levels: Vec<String>,
    /// Counts, `counts[row][col]`.
    pub counts: Vec<Vec<f64>>,
}

impl CrossTab {
    /// Counts the pairs `(x[i], y[i])` over the given level orders; values
    /// not among the levels are ignored.
    pub fn new(x: &[String], y: &[String], row_levels: &[String], col_levels: &[String]) -> Self {
        let mut counts = vec![vec![0.0; col_levels.len()]; row_levels.len()];
        for (a, b) in x.iter().zip(y) {
            if let (Some(i), Some(j)) = (
                row_levels.iter().position(|l| l == a),
                col_levels.iter().position(|l| l == b),
            ) {
                counts[i][j] += 1.0;
            }
        }
        CrossTab {
            row_levels: row_levels.to_vec(),
            col_levels: col_levels.to_vec(),
            counts,
        }
    }
}

/// Pearson's chi-square test with its expected counts.
#[derive(Debug, Clone, PartialEq)]
pub struct ChisqResult {
    /// The test (statistic `X-squared`, df `(r - 1)(c - 1)`).
    pub test: TestResult,
    /// Expected counts under independence, `row sum x column sum / n`.
    pub expected: Vec<Vec<f64>>,
}

/// Checks counts and returns (rows, cols); margins must be non-zero.
fn check_table(t: &[Vec<f64>]) -> Result<(usize, usize), HtestError> {
    let r = t.len();
    let c = t.first().map_or(0, |row| row.len());
    for (i, row) in t.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            if !(v.is_finite() && v >= 0.0) || row.len() != c {
                return Err(HtestError::BadCount {
                    row: i,
                    col: j,
                    value: v,
                });
            }
        }
    }
    let rows_ok = t.iter().filter(|row| row.iter().sum::<f64>() > 0.0).count();
    let cols_ok = (0..c)
        .filter(|&j| t.iter().map(|row| row[j]).sum::<f64>() > 0.0)
        .count();
    if r < 2 || c < 2 || rows_ok < r || cols_ok < c {
        return Err(HtestError::TableTooSmall {
            rows: rows_ok,
            cols: cols_ok,
        });
    }
    Ok((r, c))
}

/// Pearson's chi-square test of independence, as R `chisq.test(x, correct = yates)`:
/// `X^2 = sum((|O - E| - Y)^2 / E)` with Yates' `Y = min(0.5, |O - E|)` for
/// 2 x 2 tables when `yates` (R's default), else `Y = 0`; df `(r - 1)(c - 1)`.
/// A [`TestWarning::SmallExpected`] is recorded when any expected count is
/// below 5 (R: "Chi-squared approximation may be incorrect").
///
/// # Errors
/// [`HtestError::BadCount`], [`HtestError::TableTooSmall`] (fewer than 2
/// rows or columns, or an all-zero row or column).
pub fn chisq_test(table: &[Vec<f64>], yates: bool) -> Result<ChisqResult, HtestError> {
    let (r, c) = check_table(table)?;
    let rs: Vec<f64> = table.iter().map(|row| row.iter().sum()).collect();
    let cs: Vec<f64> = (0..c)
        .map(|j| table.iter().map(|row| row[j]).sum())
        .collect();
    let n: f64 = rs.iter().sum();
    let expected: Vec<Vec<f64>> = (0..r)
        .map(|i| (0..c).map(|j| rs[i] * cs[j] / n).collect())
        .collect();
    let correct = yates && r == 2 && c == 2;
    let yates_y = if correct {
        let mut m = 0.5_f64;
        for i in 0..r {
            for j in 0..c {
                m = m.min((table[i][j] - expected[i][j]).abs());
            }
        }
        m
    } else {
        0.0
    };
    let mut x2 = 0.0;
    for i in 0..r {
        for j in 0..c {
            let e = expected[i][j];
            x2 += ((table[i][j] - e).abs() - yates_y).powi(2) / e;
        }
    }
    let df = ((r - 1) * (c - 1)) as f64;
    let min_e = expected
        .iter()
        .flatten()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let warnings = if min_e < 5.0 {
        vec![TestWarning::SmallExpected {
            min_expected: min_e,
        }]
    } else {
        vec![]
    };
    let method = if correct {
        "Pearson's Chi-squared test with Yates' continuity correction"
    } else {
        "Pearson's Chi-squared test"
    };
    Ok(ChisqResult {
        test: TestResult {
            method: method.into(),
            statistic_name: "X-squared",
            statistic: x2,
            df: Df::One(df),
            p_value: pchisq_upper(x2, df),
            alternative: Alternative::TwoSided,
            estimate: Vec::new(),
            conf_int: None,
            null_value: None,
            exact: false,
            warnings,
        },
        expected,
    })
}

/// The noncentral hypergeometric distribution of the `[0][0]` cell of a
/// 2 x 2 table given its margins (R `fisher.test`'s `dnhyper` family).
struct NcHyper {
    lo: i64,
    hi: i64,
    /// log of the central hypergeometric density, up to a constant.
    logd: Vec<f64>,
}

impl NcHyper {
    fn new(m: i64, n: i64, k: i64) -> Self {
        let lo = 0.max(k - n);
        let hi = k.min(m);
        // log d(x+1) - log d(x) = log((m - x)(k - x) / ((x + 1)(n - k + x + 1)))
        let mut logd = vec![0.0; (hi - lo + 1) as usize];
        for i in 1..logd.len() {
            let x = (lo + i as i64 - 1) as f64;
            let (mf, nf, kf) = (m as f64, n as f64, k as f64);
            logd[i] = logd[i - 1] + ((mf - x) * (kf - x) / ((x + 1.0) * (nf - kf + x + 1.0))).ln();
        }
        NcHyper { lo, hi, logd }
    }

    fn support(&self) -> impl Iterator<Item = f64> + '_ {
        (self.lo..=self.hi).map(|x| x as f64)
    }

    /// Normalised density at odds ratio `ncp` (finite, > 0).
    fn density(&self, ncp: f64) -> Vec<f64> {
        let l = ncp.ln();
        let d: Vec<f64> = self
            .logd
            .iter()
            .zip(self.support())
            .map(|(ld, x)| ld + l * x)
            .collect();
        let mx = d.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let e: Vec<f64> = d.iter().map(|v| (v - mx).exp()).collect();
        let s: f64 = e.iter().sum();
        e.into_iter().map(|v| v / s).collect()
    }

    fn mean(&self, ncp: f64) -> f64 {
        if ncp == 0.0 {
            return self.lo as f64;
        }
        if ncp.is_infinite() {
            return self.hi as f64;
        }
        self.density(ncp)
            .iter()
            .zip(self.support())
            .map(|(d, x)| d * x)
            .sum()
    }

    /// `P(X <= q)` or, with `upper`, `P(X >= q)` at odds ratio `ncp`.
    fn prob(&self, q: f64, ncp: f64, upper: bool) -> f64 {
        if ncp == 0.0 {
            return f64::from(u8::from(if upper {
                q <= self.lo as f64
            } else {
                q >= self.lo as f64
            }));
        }
        if ncp.is_infinite() {
            return f64::from(u8::from(if upper {
                q <= self.hi as f64
            } else {
                q >= self.hi as f64
            }));
        }
        self.density(ncp)
            .iter()
            .zip(self.support())
            .filter(|(_, x)| if upper { *x >= q } else { *x <= q })
            .map(|(d, _)| d)
            .sum()
    }
}

/// Fisher's exact test for a 2 x 2 table, as R `fisher.test(x, alternative,
/// conf.level)`: the p-value from the hypergeometric distribution of
/// `x[0][0]` given the margins (two-sided: the sum of the probabilities not
/// larger than the observed one, with R's relative tolerance 1e-7); the
/// estimate is the conditional maximum-likelihood odds ratio and the
/// interval the conditional exact one, both found with R's `uniroot`
/// algorithm and tolerance so that they agree with R to its printed digits.
///
/// # Errors
/// [`HtestError::BadCount`] (negative or non-integer counts),
/// [`HtestError::TableTooSmall`], [`HtestError::BadLevel`].
pub fn fisher_test_2x2(
    table: [[f64; 2]; 2],
    alternative: Alternative,
    level: f64,
) -> Result<TestResult, HtestError> {
    super::error::check_level(level)?;
    for i in 0..2 {
        for j in 0..2 {
            let v = table[i][j];
            if !(v.is_finite() && v >= 0.0 && v.fract() == 0.0) {
                return Err(HtestError::BadCount {
                    row: i,
                    col: j,
                    value: v,
                });
            }
        }
    }
    let x = table[0][0] as i64;
    let m = (table[0][0] + table[1][0]) as i64;
    let n = (table[0][1] + table[1][1]) as i64;
    let k = (table[0][0] + table[0][1]) as i64;
    let h = NcHyper::new(m, n, k);
    let xf = x as f64;
    let p_value = match alternative {
        Alternative::Less => h.prob(xf, 1.0, false),
        Alternative::Greater => h.prob(xf, 1.0, true),
        Alternative::TwoSided => {
            let d = h.density(1.0);
            let dx = d[(x - h.lo) as usize] * (1.0 + 1e-7);
            d.iter().filter(|&&v| v <= dx).sum::<f64>()
        }
    }
    .min(1.0);
    let eps = f64::EPSILON;
    let mle = if x == h.lo {
        0.0
    } else if x == h.hi {
        f64::INFINITY
    } else {
        let mu = h.mean(1.0);
        if mu > xf {
            zeroin(0.0, 1.0, |t| h.mean(t) - xf, UNIROOT_TOL, 1000)
        } else if mu < xf {
            1.0 / zeroin(eps, 1.0, |t| h.mean(1.0 / t) - xf, UNIROOT_TOL, 1000)
        } else {
            1.0
        }
    };
    let ncp_u = |alpha: f64| {
        if x == h.hi {
            return f64::INFINITY;
        }
        let p = h.prob(xf, 1.0, false);
        if p < alpha {
            zeroin(
                0.0,
                1.0,
                |t| h.prob(xf, t, false) - alpha,
                UNIROOT_TOL,
                1000,
            )
        } else if p > alpha {
            1.0 / zeroin(
                eps,
                1.0,
                |t| h.prob(xf, 1.0 / t, false) - alpha,
                UNIROOT_TOL,
                1000,
            )
        } else {
            1.0
        }
    };
    let ncp_l = |alpha: f64| {
        if x == h.lo {
            return 0.0;
        }
        let p = h.prob(xf, 1.0, true);
        if p > alpha {
            zeroin(0.0, 1.0, |t| h.prob(xf, t, true) - alpha, UNIROOT_TOL, 1000)
        } else if p < alpha {
            1.0 / zeroin(
                eps,
                1.0,
                |t| h.prob(xf, 1.0 / t, true) - alpha,
                UNIROOT_TOL,
                1000,
            )
        } else {
            1.0
        }
    };
    let (lower, upper) = match alternative {
        Alternative::Less => (0.0, ncp_u(1.0 - level)),
        Alternative::Greater => (ncp_l(1.0 - level), f64::INFINITY),
        Alternative::TwoSided => {
            let a = (1.0 - level) / 2.0;
            (ncp_l(a), ncp_u(a))
        }
    };
    Ok(TestResult {
        method: "Fisher's Exact Test for Count Data".into(),
        statistic_name: "",
        statistic: f64::NAN,
        df: Df::None,
        p_value,
        alternative,
        estimate: vec![Estimate {
            name: "odds ratio".into(),
            value: mle,
        }],
        conf_int: Some(ConfInt {
            lower,
            upper,
            level,
        }),
        null_value: Some(1.0),
        exact: true,
        warnings: Vec::new(),
    })
}

/// Most tables [`fisher_test`] will enumerate for an r x c table.
pub const FISHER_ENUMERATION_LIMIT: u64 = 20_000_000;

/// Fisher's exact test of independence for an r x c table (two-sided), as
/// R `fisher.test(x)`: the sum of the probabilities of all tables with the
/// observed margins that are not more probable than the observed table
/// (relative tolerance 1e-7), by exact enumeration. A 2 x 2 table goes
/// through [`fisher_test_2x2`] (with its odds ratio).
///
/// # Errors
/// [`HtestError::BadCount`], [`HtestError::TableTooSmall`],
/// [`HtestError::FisherTooLarge`] when more than
/// [`FISHER_ENUMERATION_LIMIT`] tables would be visited.
pub fn fisher_test(table: &[Vec<f64>]) -> Result<TestResult, HtestError> {
    let (r, c) = check_table(table)?;
    for (i, row) in table.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            if v.fract() != 0.0 {
                return Err(HtestError::BadCount {
                    row: i,
                    col: j,
                    value: v,
                });
            }
        }
    }
    if r == 2 && c == 2 {
        let t = [[table[0][0], table[0][1]], [table[1][0], table[1][1]]];
        return fisher_test_2x2(t, Alternative::TwoSided, 0.95);
    }
    // Enumerate column by column: each column's cells split the column sum
    // among rows without exceeding the remaining row sums.
    let rs: Vec<usize> = table
        .iter()
        .map(|row| row.iter().sum::<f64>() as usize)
        .collect();
    let cs: Vec<usize> = (0..c)
        .map(|j| table.iter().map(|row| row[j]).sum::<f64>() as usize)
        .collect();
    let n: usize = rs.iter().sum();
    let lf: Vec<f64> = std::iter::once(0.0)
        .chain((1..=n).scan(0.0, |s, i| {
            *s += (i as f64).ln();
            Some(*s)
        }))
        .collect();
    let constant: f64 = rs.iter().chain(&cs).map(|&v| lf[v]).sum::<f64>() - lf[n];
    let log_p_obs: f64 = constant - table.iter().flatten().map(|&v| lf[v as usize]).sum::<f64>();
    let threshold = log_p_obs + (1.0 + 1e-7_f64).ln();
    struct Walk<'a> {
        cs: &'a [usize],
        lf: &'a [f64],
        constant: f64,
        threshold: f64,
        total: f64,
        visited: u64,
    }
    // Fill column `j`, row `i`, with `left` of the column still to place.
    fn fill(w: &mut Walk, rem: &mut [usize], j: usize, i: usize, left: usize, acc: f64) -> bool {
        let r = rem.len();
        if j == w.cs.len() - 1 {
            // last column is determined by the remaining row sums
            w.visited += 1;
            if w.visited > FISHER_ENUMERATION_LIMIT {
                return false;
            }
            let lp = w.constant - acc - rem.iter().map(|&v| w.lf[v]).sum::<f64>();
            if lp <= w.threshold {
                w.total += lp.exp();
            }
            return true;
        }
        if i == r - 1 {
            if left > rem[i] {
                return true;
            }
            rem[i] -= left;
            let ok = fill(w, rem, j + 1, 0, w.cs[j + 1], acc + w.lf[left]);
            rem[i] += left;
            return ok;
        }
        // the rows below must be able to absorb what is left
        let below: usize = rem[i + 1..].iter().sum();
        let lo = left.saturating_sub(below);
        for v in lo..=left.min(rem[i]) {
            rem[i] -= v;
            let ok = fill(w, rem, j, i + 1, left - v, acc + w.lf[v]);
            rem[i] += v;
            if !ok {
                return false;
            }
        }
        true
    }
    let mut w = Walk {
        cs: &cs,
        lf: &lf,
        constant,
        threshold,
        total: 0.0,
        visited: 0,
    };
    let mut rem = rs.clone();
    if !fill(&mut w, &mut rem, 0, 0, cs[0], 0.0) {
        return Err(HtestError::FisherTooLarge {
            limit: FISHER_ENUMERATION_LIMIT,
        });
    }
    Ok(TestResult {
        method: "Fisher's Exact Test for Count Data".into(),
        statistic_name: "",
        statistic: f64::NAN,
        df: Df::None,
        p_value: w.total.min(1.0),
        alternative: Alternative::TwoSided,
        estimate: Vec::new(),
        conf_int: None,
        null_value: None,
        exact: true,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) {
        assert!((a - b).abs() <= rel * b.abs(), "{a} vs R {b}");
    }

    #[test]
    fn chisq_matches_r() {
        // R: chisq.test(matrix(c(12, 5, 7, 9), 2)); chisq.test(matrix(c(12,5,7,9,3,8), 2))
        let t = vec![vec![12.0, 7.0], vec![5.0, 9.0]];
        let r = chisq_test(&t, true).unwrap();
        close(r.test.statistic, CHI[0], 1e-12);
        close(r.test.p_value, CHI[1], 1e-10);
        assert!(r.test.warnings.is_empty());
        let t = vec![vec![12.0, 7.0, 3.0], vec![5.0, 9.0, 8.0]];
        let r = chisq_test(&t, true).unwrap();
        close(r.test.statistic, CHI[2], 1e-12);
        close(r.test.p_value, CHI[3], 1e-10);
        assert!(r.test.warnings.is_empty()); // smallest expected count is 5.5
        let r = chisq_test(&[vec![3.0, 1.0], vec![1.0, 3.0]], true).unwrap();
        let w = &r.test.warnings[0];
        assert_eq!(*w, TestWarning::SmallExpected { min_expected: 2.0 });
    }

    #[test]
    fn fisher_2x2_matches_r() {
        // R: f <- fisher.test(matrix(c(3, 1, 1, 3), 2)) (tea tasting); p, estimate, conf.int
        let r = fisher_test_2x2([[3.0, 1.0], [1.0, 3.0]], Alternative::TwoSided, 0.95).unwrap();
        close(r.p_value, FI[0], 1e-12);
        close(r.estimate[0].value, FI[1], 1e-9);
        close(r.conf_int.unwrap().lower, FI[2], 1e-9);
        close(r.conf_int.unwrap().upper, FI[3], 1e-9);
        // fisher.test(matrix(c(12, 5, 7, 9), 2), alternative = "greater")
        let r = fisher_test_2x2([[12.0, 7.0], [5.0, 9.0]], Alternative::Greater, 0.95).unwrap();
        close(r.p_value, FI[4], 1e-12);
        close(r.estimate[0].value, FI[5], 1e-9);
        close(r.conf_int.unwrap().lower, FI[6], 1e-9);
    }

    #[test]
    fn fisher_rxc_matches_r() {
        // R: fisher.test(matrix(c(2, 3, 0, 4, 1, 5, 3, 0, 2), 3))
        let t = vec![
            vec![2.0, 4.0, 3.0],
            vec![3.0, 1.0, 0.0],
            vec![0.0, 5.0, 2.0],
        ];
        let r = fisher_test(&t).unwrap();
        close(r.p_value, FI[7], 1e-9);
    }

    #[test]
    fn bad_tables_are_errors() {
        assert!(matches!(
            chisq_test(&[vec![1.0, -1.0], vec![2.0, 3.0]], true),
            Err(HtestError::BadCount { .. })
        ));
        assert!(matches!(
            chisq_test(&[vec![1.0, 0.0], vec![2.0, 0.0]], true),
            Err(HtestError::TableTooSmall { .. })
        ));
    }

    const CHI: [f64; 4] = [
        1.4559963788146839,
        0.22756821457580992,
        5.4050802139037435,
        0.067035020175978857,
    ];
    const FI: [f64; 8] = [
        0.48571428571428582,
        6.4083088670057879,
        0.21173291530550292,
        621.9337505454173,
        0.11367380825716149,
        2.9765472718138009,
        0.74258719599702416,
        0.15122648249583096,
    ];
}
