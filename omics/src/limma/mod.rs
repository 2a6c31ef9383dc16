//! Linear models for microarray and RNA-seq data, as the R package limma
//! (Smyth 2004; Ritchie et al. 2015).
//!
//! Model: for each gene `g`, `y_g = X beta_g + e_g` with
//! `var(e_gi) = sigma_g^2 / w_gi`. The pipeline mirrors R:
//!
//! | R | here |
//! |---|---|
//! | `lmFit(y, design, weights)` | [`lm_fit`] |
//! | `contrasts.fit(fit, C)` | [`contrasts_fit`] |
//! | `eBayes(fit, trend, robust)` | [`ebayes`] with [`EbayesParams`] |
//! | `topTable(fit, coef, number = Inf)` | [`top_table`] |
//! | `squeezeVar`, `fitFDist`, `fitFDistRobustly` | [`squeeze_var`], [`fit_f_dist`], [`fit_f_dist_robustly`] |
//! | `edgeR::calcNormFactors(method = "TMM")` | [`tmm_factors`] |
//! | `voom(counts, design, lib.size)` | [`voom`] |
//!
//! ```
//! use prognos_omics::limma::*;
//! use nalgebra::DMatrix;
//! let genes: Vec<String> = (0..50).map(|i| format!("g{i}")).collect();
//! let samples: Vec<String> = (0..6).map(|i| format!("s{i}")).collect();
//! let y = DMatrix::from_fn(50, 6, |g, s| ((g * 7 + s * 13) % 11) as f64 / 3.0 + if s >= 3 && g == 0 { 5.0 } else { 0.0 });
//! let y = ExprMatrix::new(genes, samples, y);
//! let group: Vec<String> = ["A", "A", "A", "B", "B", "B"].iter().map(|s| s.to_string()).collect();
//! let d = group_means_design(&group, &["A".into(), "B".into()], &[]);
//! let fit = lm_fit(&y, &d.matrix, &d.names, None).unwrap();
//! let c = difference_contrast(&d, "B", "A").unwrap();
//! let fit2 = contrasts_fit(&fit, &c, &["B-A".into()]).unwrap();
//! let eb = ebayes(&fit2, &EbayesParams::default()).unwrap();
//! let tt = top_table(&eb, 0).unwrap();
//! assert_eq!(tt.rows[0].gene, "g0");
//! ```
//!
//! # References
//! Smyth GK (2004). Linear models and empirical Bayes methods for assessing
//! differential expression in microarray experiments. *SAGMB* 3, Article 3.
//! Phipson B et al. (2016). Robust hyperparameter estimation protects against
//! hypervariable genes. *Ann Appl Stat* 10, 946–963.
//! Law CW et al. (2014). voom: precision weights unlock linear model analysis
//! tools for RNA-seq read counts. *Genome Biology* 15, R29.
//! Robinson MD, Oshlack A (2010). A scaling normalization method for
//! differential expression analysis of RNA-seq data. *Genome Biology* 11, R25.

mod contrasts;
mod design;
mod ebayes;
mod error;
mod lmfit;
mod matrix;
mod squeeze;
mod tmm;
mod toptable;
mod voom;

pub use contrasts::contrasts_fit;
pub use design::{Design, difference_contrast, group_means_design};
pub use ebayes::{EbayesFit, EbayesParams, PriorTrend, ebayes};
pub use error::LimmaError;
pub use lmfit::{LinearModelFit, lm_fit};
pub use matrix::ExprMatrix;
pub use squeeze::{
    FDistFit, PriorValue, RobustFDistFit, SqueezedVar, fit_f_dist, fit_f_dist_robustly, squeeze_var,
};
pub use tmm::tmm_factors;
pub use toptable::{TopTable, TopTableRow, top_table};
pub use voom::{VoomOutput, voom};
