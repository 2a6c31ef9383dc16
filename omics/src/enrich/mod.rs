//! Gene-set enrichment: over-representation analysis ([`ora`]) with the
//! one-sided hypergeometric test and Benjamini–Hochberg adjustment, and
//! preranked gene-set enrichment analysis ([`gsea_preranked`]) with
//! seeded gene-set permutations.
//!
//! # References
//! Subramanian A et al. (2005). Gene set enrichment analysis. *PNAS* 102,
//! 15545–15550. Korotkevich G et al. (2021). Fast gene set enrichment
//! analysis (fgsea). *bioRxiv* 060012.

mod error;
mod gsea;
mod hyper;
mod ora;

pub use error::EnrichError;
pub use gsea::{GseaParams, GseaResult, GseaRow, gsea_preranked};
pub use hyper::phyper_upper;
pub use ora::{GeneSet, GeneSetIndex, OraParams, OraResult, OraRow, ora, ora_indexed};
