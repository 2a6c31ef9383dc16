//! Baseline-characteristics table ("Table 1") by group.
//!
//! Continuous variables are summarised per group as `mean ± SD` (one
//! decimal each), or as `median (Q1, Q3)` (R `quantile(type = 7)`, one
//! decimal) when marked non-normal. Categorical variables get one row per
//! level with `n (pct%)`, the percentage of the group's non-missing values
//! (one decimal). Missing values (NaN / `None`) are left out per variable.
//!
//! Tests, the p-value on every row of a variable:
//!
//! | Variable | 2 groups | more groups |
//! |----------|----------|-------------|
//! | continuous | `t-test`: Welch, R `t.test(x ~ g)` | `ANOVA`: R `oneway.test(x ~ g, var.equal = TRUE)` |
//! | non-normal | `Mann-Whitney`: R `wilcox.test(x ~ g)` | `Kruskal-Wallis`: R `kruskal.test(x ~ g)` |
//! | categorical | `chi-square`: R `chisq.test(table(x, g))` (Yates for 2 x 2) | same |
//! | … any expected count < 5 | `Fisher`: R `fisher.test(table(x, g))` | same |
//!
//! Welch rather than Student: it does not assume equal variances and is R's
//! default. A test that cannot be computed (e.g. a constant variable) gives
//! `p = None` and a warning in [`Table1::warnings`].
//!
//! ```
//! use prognos_core::table1::{table1, Table1Var};
//! let g: Vec<String> = ["A", "A", "A", "B", "B", "B"].iter().map(|s| s.to_string()).collect();
//! let age = Table1Var::Continuous { name: "age".into(), values: vec![60., 62., 65., 55., 57., 52.], nonnormal: false };
//! let t = table1(&g, &[age]).unwrap();
//! assert_eq!(t.rows[0].summary[0], "62.3 ± 2.5");
//! ```

mod build;

pub use build::{Table1, Table1Error, Table1Row, Table1Var, table1};
