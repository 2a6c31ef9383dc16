//! # prognos-omics
//!
//! Omics statistics that explain an image model, matching the R reference
//! implementations number for number:
//!
//! - [`limma`]: differential expression as `limma::lmFit`, `contrasts.fit`,
//!   `eBayes` (with `trend` and `robust`), `topTable`, `voom` and
//!   `edgeR::calcNormFactors(method = "TMM")`;
//! - [`enrich`]: over-representation analysis (hypergeometric, BH) and
//!   preranked GSEA with seeded permutations;
//! - [`propeller`]: cell-type proportion tests between sample groups, as
//!   `speckle::propeller`;
//! - [`sparse`]: single-cell count matrices (CSR) from Matrix Market
//!   files, library sizes and pseudo-bulk sums per sample.
//!
//! The crate does no I/O: readers for expression matrices, GMT files and
//! cell tables live in the `prognos` data layer.
#![deny(missing_docs)]
// `!(x > 0.0)` is used on purpose: it is also true for NaN.
#![allow(clippy::neg_cmp_op_on_partial_ord)]
// Reference values are pasted from R at full printed precision.
#![cfg_attr(test, allow(clippy::excessive_precision))]

pub mod adjust;
pub mod enrich;
pub mod limma;
pub mod propeller;
pub mod smooth;
pub mod sparse;
pub mod special;
