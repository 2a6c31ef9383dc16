//! # prognos-omics
//!
//! Omics statistics that explain an image model: limma-style differential
//! expression (`lmFit`, `eBayes`, `topTable`, voom/TMM), gene-set
//! enrichment (over-representation, preranked GSEA) and single-cell
//! cell-type proportion tests (as `speckle::propeller`).
//!
//! Status: being built under the omics issue.
#![deny(missing_docs)]
