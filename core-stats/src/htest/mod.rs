//! Classical hypothesis tests (t, Wilcoxon, Kruskal-Wallis, ANOVA, chi-square, Fisher), as R stats.
//!
//! Being built.

pub mod dist;
