//! Classical hypothesis tests, as R `stats`: t-tests (`t.test`), Wilcoxon
//! rank-sum and signed-rank (`wilcox.test`), Kruskal–Wallis
//! (`kruskal.test`), one-way ANOVA (`oneway.test(var.equal = TRUE)`),
//! Pearson's chi-square (`chisq.test`) and Fisher's exact test
//! (`fisher.test`).
//!
//! Every test returns one [`TestResult`] (R's `htest`): statistic, [`Df`],
//! p-value, [`Alternative`], estimates and confidence interval, plus the
//! conditions R would warn about as [`TestWarning`] data. Inputs are plain
//! slices; invalid input is an [`HtestError`].
//!
//! ```
//! use prognos_core::htest::{t_test_two, Alternative, TTestKind};
//! let x = [5.1, 4.9, 6.2, 5.8, 6.0, 5.5, 5.3];
//! let y = [6.4, 6.0, 7.1, 6.6, 5.9, 7.4];
//! let r = t_test_two(&x, &y, TTestKind::Welch, 0.0, Alternative::TwoSided, 0.95).unwrap();
//! assert!((r.p_value - 0.0074280340009531).abs() < 1e-12);
//! ```

mod contingency;
pub mod dist;
mod error;
mod kgroup;
pub mod rank;
mod result;
pub mod root;
mod ttest;
mod wilcoxon;

pub use contingency::{
    ChisqResult, CrossTab, FISHER_ENUMERATION_LIMIT, chisq_test, fisher_test, fisher_test_2x2,
};
pub use error::HtestError;
pub use kgroup::{anova_oneway, kruskal_test};
pub use result::{Alternative, ConfInt, Df, Estimate, TestResult, TestWarning};
pub use ttest::{TTestKind, t_test_one, t_test_paired, t_test_two};
pub use wilcoxon::{psignrank, pwilcox, wilcox_rank_sum, wilcox_signed_rank};
