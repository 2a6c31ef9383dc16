//! Univariate association of each feature with a binary outcome: one-way
//! ANOVA F (`oneway.test(var.equal = TRUE)`, scikit-learn's `f_classif`)
//! and the Mann–Whitney (Wilcoxon rank-sum) test (`wilcox.test`), with
//! Benjamini–Hochberg q-values.

use super::SelectionError;
use super::error::check_table;
use nalgebra::DMatrix;
use prognos_core::htest::{Alternative, anova_oneway, wilcox_rank_sum};
use prognos_core::padjust::{PAdjust, p_adjust};
use prognos_core::table::{Cell, Table};
use std::fmt;

/// The univariate test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnivariateTest {
    /// One-way ANOVA F between the two outcome groups.
    #[default]
    AnovaF,
    /// Wilcoxon rank-sum (Mann–Whitney U) test.
    MannWhitney,
}

/// The test of one feature.
#[derive(Debug, Clone, PartialEq)]
pub struct UnivariateScore {
    /// Feature name.
    pub feature: String,
    /// Test statistic (F or W); NaN for a constant feature.
    pub statistic: f64,
    /// p-value; NaN for a constant feature.
    pub p: f64,
    /// BH-adjusted p-value over the tested features.
    pub q: f64,
}

/// Scores of all features, in column order.
#[derive(Debug, Clone, PartialEq)]
pub struct UnivariateScores {
    /// Test used.
    pub test: UnivariateTest,
    /// One score per feature.
    pub scores: Vec<UnivariateScore>,
}

impl UnivariateScores {
    /// Indices of the `k` most significant features (smallest p, then
    /// largest statistic), NaN p-values last.
    pub fn top_k(&self, k: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.scores.len())
            .filter(|&j| self.scores[j].p.is_finite())
            .collect();
        idx.sort_by(|&a, &b| {
            let (sa, sb) = (&self.scores[a], &self.scores[b]);
            sa.p.total_cmp(&sb.p)
                .then(sb.statistic.total_cmp(&sa.statistic))
                .then(a.cmp(&b))
        });
        idx.truncate(k);
        idx
    }

    /// The table `statistic p q` per feature.
    pub fn summary(&self) -> Table {
        let mut t = Table::new([
            match self.test {
                UnivariateTest::AnovaF => "F",
                UnivariateTest::MannWhitney => "W",
            },
            "p",
            "q (BH)",
        ]);
        for s in &self.scores {
            t.push_row(
                s.feature.clone(),
                [Cell::from(s.statistic), Cell::P(s.p), Cell::P(s.q)],
            );
        }
        t
    }
}

impl fmt::Display for UnivariateScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

/// Tests every column of `x` between the rows with `y = 1` and `y = 0`.
/// A feature constant within both groups gets NaN statistic and p-value
/// (not counted by BH, as R's `p.adjust` with `NA`).
///
/// # Errors
/// [`SelectionError::NonFinite`], [`SelectionError::LengthMismatch`],
/// [`SelectionError::SingleClass`].
pub fn univariate_scores(
    x: &DMatrix<f64>,
    names: &[String],
    y: &[bool],
    test: UnivariateTest,
) -> Result<UnivariateScores, SelectionError> {
    check_table(x, names, Some(y.len()))?;
    if y.iter().all(|&v| v) || y.iter().all(|&v| !v) {
        return Err(SelectionError::SingleClass);
    }
    let mut stats = Vec::with_capacity(x.ncols());
    for j in 0..x.ncols() {
        let (a, b): (Vec<f64>, Vec<f64>) = {
            let mut a = Vec::new();
            let mut b = Vec::new();
            for i in 0..x.nrows() {
                if y[i] {
                    a.push(x[(i, j)]);
                } else {
                    b.push(x[(i, j)]);
                }
            }
            (a, b)
        };
        let res = match test {
            UnivariateTest::AnovaF => anova_oneway(&[&a, &b]),
            UnivariateTest::MannWhitney => wilcox_rank_sum(&a, &b, 0.0, Alternative::TwoSided),
        };
        let constant = x.column(j).iter().all(|&v| v == x[(0, j)]);
        stats.push(match res {
            Ok(r) if !constant => (r.statistic, r.p_value),
            _ => (f64::NAN, f64::NAN),
        });
    }
    let p: Vec<f64> = stats.iter().map(|s| s.1).collect();
    let q = p_adjust(&p, PAdjust::BH);
    Ok(UnivariateScores {
        test,
        scores: (0..x.ncols())
            .map(|j| UnivariateScore {
                feature: names[j].clone(),
                statistic: stats[j].0,
                p: stats[j].1,
                q: q[j],
            })
            .collect(),
    })
}
