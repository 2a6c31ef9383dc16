//! Building the table.

use std::fmt;

use crate::bootstrap::quantile7;
use crate::htest::{
    Alternative, HtestError, TTestKind, anova_oneway, chisq_test, fisher_test, kruskal_test,
    t_test_two, wilcox_rank_sum,
};
use crate::table::{Cell, Table};

/// One variable of the table.
#[derive(Debug, Clone, PartialEq)]
pub enum Table1Var {
    /// A numeric variable; NaN is missing.
    Continuous {
        /// Variable name.
        name: String,
        /// One value per row.
        values: Vec<f64>,
        /// Summarise as median (IQR) and test by rank tests.
        nonnormal: bool,
    },
    /// A categorical variable; `None` is missing.
    Categorical {
        /// Variable name.
        name: String,
        /// One label per row.
        values: Vec<Option<String>>,
        /// Level order (e.g. from `sorted_levels`); levels not observed get `0 (0.0%)`.
        levels: Vec<String>,
    },
}

impl Table1Var {
    fn name(&self) -> &str {
        match self {
            Table1Var::Continuous { name, .. } | Table1Var::Categorical { name, .. } => name,
        }
    }
    fn len(&self) -> usize {
        match self {
            Table1Var::Continuous { values, .. } => values.len(),
            Table1Var::Categorical { values, .. } => values.len(),
        }
    }
}

/// Why the table could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Table1Error {
    /// Fewer than two groups.
    #[error("the group column has {levels} level(s); Table 1 needs at least 2")]
    OneGroup {
        /// Number of group levels.
        levels: usize,
    },
    /// A variable has a different length than the group vector.
    #[error("variable {variable} has {got} values but there are {n} rows")]
    LengthMismatch {
        /// Variable.
        variable: String,
        /// Its length.
        got: usize,
        /// Rows.
        n: usize,
    },
    /// A variable has no non-missing value.
    #[error("variable {variable} has no non-missing value")]
    AllMissing {
        /// Variable.
        variable: String,
    },
    /// A group has no non-missing value of a variable.
    #[error("group {group} has no non-missing value of {variable}")]
    EmptyGroup {
        /// Variable.
        variable: String,
        /// Group.
        group: String,
    },
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table1Row {
    /// Variable name.
    pub variable: String,
    /// Level (categorical variables), `None` for continuous ones.
    pub level: Option<String>,
    /// Formatted summary per group, in the order of [`Table1::groups`].
    pub summary: Vec<String>,
    /// Test name (`t-test`, `Mann-Whitney`, `ANOVA`, `Kruskal-Wallis`, `chi-square`, `Fisher`).
    pub test: String,
    /// p-value, `None` when the test could not be computed.
    pub p: Option<f64>,
}

/// A baseline-characteristics table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table1 {
    /// Group labels (sorted, numeric-aware as the caller gives them).
    pub groups: Vec<String>,
    /// Number of rows per group.
    pub n: Vec<usize>,
    /// Rows, variables in input order, levels in level order.
    pub rows: Vec<Table1Row>,
    /// Tests that could not be computed, as `variable: reason`.
    pub warnings: Vec<String>,
}

fn mean_sd(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let sd = if x.len() > 1 {
        (x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
    } else {
        f64::NAN
    };
    (m, sd)
}

/// One decimal, with `-0.0` written as `0.0` and NaN as `NA`.
fn d1(v: f64) -> String {
    if v.is_nan() {
        return "NA".into();
    }
    let s = format!("{v:.1}");
    if s == "-0.0" { "0.0".into() } else { s }
}

/// Numeric-aware sort of group labels ("2" before "10").
fn sort_levels(mut levels: Vec<String>) -> Vec<String> {
    levels.sort_by(|a, b| match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.total_cmp(&y),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    });
    levels
}

/// Builds Table 1: `group` gives each row's group label; groups are
/// sorted numeric-aware. See the module docs for summaries and tests.
///
/// # Errors
/// [`Table1Error::OneGroup`], [`Table1Error::LengthMismatch`],
/// [`Table1Error::AllMissing`], [`Table1Error::EmptyGroup`].
pub fn table1(group: &[String], vars: &[Table1Var]) -> Result<Table1, Table1Error> {
    let mut levels: Vec<String> = group.to_vec();
    levels.sort();
    levels.dedup();
    let groups = sort_levels(levels);
    if groups.len() < 2 {
        return Err(Table1Error::OneGroup {
            levels: groups.len(),
        });
    }
    let gi: Vec<usize> = group
        .iter()
        .map(|g| groups.iter().position(|l| l == g).unwrap_or(0))
        .collect();
    let n: Vec<usize> = (0..groups.len())
        .map(|k| gi.iter().filter(|&&g| g == k).count())
        .collect();
    let mut rows = Vec::new();
    let mut warnings = Vec::new();
    for var in vars {
        let name = var.name().to_string();
        if var.len() != group.len() {
            return Err(Table1Error::LengthMismatch {
                variable: name,
                got: var.len(),
                n: group.len(),
            });
        }
        match var {
            Table1Var::Continuous {
                values, nonnormal, ..
            } => {
                let mut by: Vec<Vec<f64>> = vec![Vec::new(); groups.len()];
                for (v, &g) in values.iter().zip(&gi) {
                    if v.is_finite() {
                        by[g].push(*v);
                    }
                }
                if by.iter().all(|b| b.is_empty()) {
                    return Err(Table1Error::AllMissing { variable: name });
                }
                if let Some(k) = by.iter().position(|b| b.is_empty()) {
                    return Err(Table1Error::EmptyGroup {
                        variable: name,
                        group: groups[k].clone(),
                    });
                }
                let summary = by
                    .iter()
                    .map(|b| {
                        if *nonnormal {
                            let mut s = b.clone();
                            s.sort_by(f64::total_cmp);
                            format!(
                                "{} ({}, {})",
                                d1(quantile7(&s, 0.5)),
                                d1(quantile7(&s, 0.25)),
                                d1(quantile7(&s, 0.75))
                            )
                        } else {
                            let (m, sd) = mean_sd(b);
                            format!("{} ± {}", d1(m), d1(sd))
                        }
                    })
                    .collect();
                let slices: Vec<&[f64]> = by.iter().map(Vec::as_slice).collect();
                let (test, res): (&str, Result<f64, HtestError>) = match (groups.len(), *nonnormal)
                {
                    (2, false) => (
                        "t-test",
                        t_test_two(
                            &by[0],
                            &by[1],
                            TTestKind::Welch,
                            0.0,
                            Alternative::TwoSided,
                            0.95,
                        )
                        .map(|t| t.p_value),
                    ),
                    (2, true) => (
                        "Mann-Whitney",
                        wilcox_rank_sum(&by[0], &by[1], 0.0, Alternative::TwoSided)
                            .map(|t| t.p_value),
                    ),
                    (_, false) => ("ANOVA", anova_oneway(&slices).map(|t| t.p_value)),
                    (_, true) => ("Kruskal-Wallis", kruskal_test(&slices).map(|t| t.p_value)),
                };
                let p = res.map_err(|e| warnings.push(format!("{name}: {e}"))).ok();
                rows.push(Table1Row {
                    variable: name,
                    level: None,
                    summary,
                    test: test.into(),
                    p,
                });
            }
            Table1Var::Categorical { values, levels, .. } => {
                let mut counts = vec![vec![0.0; groups.len()]; levels.len()];
                for (v, &g) in values.iter().zip(&gi) {
                    if let Some(l) = v.as_ref().and_then(|v| levels.iter().position(|x| x == v)) {
                        counts[l][g] += 1.0;
                    }
                }
                let col: Vec<f64> = (0..groups.len())
                    .map(|g| counts.iter().map(|r| r[g]).sum())
                    .collect();
                if col.iter().all(|&c| c == 0.0) {
                    return Err(Table1Error::AllMissing { variable: name });
                }
                if let Some(k) = col.iter().position(|&c| c == 0.0) {
                    return Err(Table1Error::EmptyGroup {
                        variable: name,
                        group: groups[k].clone(),
                    });
                }
                // test on the observed levels only (R's table() of the data)
                let observed: Vec<Vec<f64>> = counts
                    .iter()
                    .filter(|r| r.iter().sum::<f64>() > 0.0)
                    .cloned()
                    .collect();
                let (test, p) = match chisq_test(&observed, true) {
                    Ok(c) if c.test.warnings.is_empty() => ("chi-square", Some(c.test.p_value)),
                    Ok(_) => match fisher_test(&observed) {
                        Ok(f) => ("Fisher", Some(f.p_value)),
                        Err(e) => {
                            warnings.push(format!("{name}: {e}"));
                            ("Fisher", None)
                        }
                    },
                    Err(e) => {
                        warnings.push(format!("{name}: {e}"));
                        ("chi-square", None)
                    }
                };
                for (l, level) in levels.iter().enumerate() {
                    let summary = (0..groups.len())
                        .map(|g| {
                            let c = counts[l][g];
                            format!("{} ({}%)", c as u64, d1(100.0 * c / col[g]))
                        })
                        .collect();
                    rows.push(Table1Row {
                        variable: name.clone(),
                        level: Some(level.clone()),
                        summary,
                        test: test.into(),
                        p,
                    });
                }
            }
        }
    }
    Ok(Table1 {
        groups,
        n,
        rows,
        warnings,
    })
}

impl Table1 {
    /// The table: one column per group (`A (n=12)`), then `test` and `p`.
    pub fn summary(&self) -> Table {
        let mut cols: Vec<String> = self
            .groups
            .iter()
            .zip(&self.n)
            .map(|(g, n)| format!("{g} (n={n})"))
            .collect();
        cols.extend(["test".to_string(), "p".to_string()]);
        let mut t = Table::new(cols).with_title("Baseline characteristics");
        let mut last: Option<&str> = None;
        for r in &self.rows {
            let name = match &r.level {
                None => r.variable.clone(),
                Some(l) => format!("{}: {l}", r.variable),
            };
            let first = last != Some(r.variable.as_str());
            last = Some(r.variable.as_str());
            let mut cells: Vec<Cell> = r.summary.iter().map(|s| Cell::Text(s.clone())).collect();
            if first {
                cells.push(Cell::Text(r.test.clone()));
                cells.push(r.p.map_or(Cell::Na, Cell::P));
            } else {
                cells.push(Cell::Text(String::new()));
                cells.push(Cell::Text(String::new()));
            }
            t.push_row(name, cells);
        }
        for w in &self.warnings {
            t.push_footer(format!("warning: {w}"));
        }
        t
    }
}

impl fmt::Display for Table1 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn builds_rows_and_tests() {
        let g = s(&["A", "A", "A", "A", "B", "B", "B", "B"]);
        let vars = vec![
            Table1Var::Continuous {
                name: "age".into(),
                values: vec![60., 62., 65., 61., 55., 57., 52., 50.],
                nonnormal: true,
            },
            Table1Var::Categorical {
                name: "sex".into(),
                values: ["m", "f", "m", "m", "f", "f", "m", "f"]
                    .iter()
                    .map(|v| Some(v.to_string()))
                    .collect(),
                levels: s(&["f", "m"]),
            },
        ];
        let t = table1(&g, &vars).unwrap();
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[0].test, "Mann-Whitney");
        // R: quantile(c(60, 62, 65, 61)) -> 60.75, 61.5, 62.75
        assert_eq!(t.rows[0].summary[0], "61.5 (60.8, 62.8)");
        assert_eq!(t.rows[1].summary[0], "1 (25.0%)");
        assert_eq!(t.rows[2].test, "Fisher");
        // R: fisher.test(matrix(c(1, 3, 3, 1), 2))$p.value = 0.48571428571428582
        assert!((t.rows[2].p.unwrap() - 0.48571428571428582).abs() < 1e-12);
    }

    #[test]
    fn bad_input_is_typed() {
        let g = s(&["A", "A"]);
        let v = Table1Var::Continuous {
            name: "x".into(),
            values: vec![1.0, 2.0],
            nonnormal: false,
        };
        assert_eq!(
            table1(&g, &[v]).unwrap_err(),
            Table1Error::OneGroup { levels: 1 }
        );
        let g = s(&["A", "B", "B"]);
        let v = Table1Var::Continuous {
            name: "x".into(),
            values: vec![f64::NAN; 3],
            nonnormal: false,
        };
        assert!(matches!(
            table1(&g, &[v]),
            Err(Table1Error::AllMissing { .. })
        ));
        let v = Table1Var::Continuous {
            name: "x".into(),
            values: vec![f64::NAN, 1.0, 2.0],
            nonnormal: false,
        };
        assert!(matches!(
            table1(&g, &[v]),
            Err(Table1Error::EmptyGroup { .. })
        ));
        let g = s(&["A", "A", "B", "B"]);
        let v = Table1Var::Continuous {
            name: "x".into(),
            values: vec![1.0; 4],
            nonnormal: false,
        };
        let t = table1(&g, &[v]).unwrap();
        assert_eq!(t.rows[0].p, None);
        assert!(t.warnings[0].contains("essentially constant"));
    }
}
