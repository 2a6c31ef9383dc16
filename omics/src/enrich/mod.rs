//! Gene-set enrichment: over-representation analysis ([`ora`]) with the
//! one-sided hypergeometric test and Benjamini–Hochberg adjustment, and
//! preranked gene-set enrichment analysis ([`gsea_preranked`]) with
//! seeded gene-set permutations and fgsea's adaptive multilevel p-values.
//!
//! # References
//! Subramanian A et al. (2005). Gene set enrichment analysis. *PNAS* 102,
//! 15545–15550. Korotkevich G et al. (2021). Fast gene set enrichment
//! analysis (fgsea). *bioRxiv* 060012.

mod error;
mod gsea;
mod hyper;
mod multilevel;
mod ora;

pub use error::EnrichError;
pub use gsea::{GseaMethod, GseaParams, GseaResult, GseaRow, gsea_preranked};
pub use hyper::phyper_upper;
pub use multilevel::{multilevel_error, simple_error};
pub use ora::{GeneSet, GeneSetIndex, OraParams, OraResult, OraRow, ora, ora_indexed};
