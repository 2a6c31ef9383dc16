//! Errors of the enrichment methods.

use thiserror::Error;

/// Invalid input to [`super::ora`] or [`super::gsea_preranked`].
#[derive(Debug, Error, Clone, PartialEq)]
pub enum EnrichError {
    /// `min_size > max_size`.
    #[error("min size {min} is larger than max size {max}")]
    SizeRange {
        /// Minimum set size.
        min: usize,
        /// Maximum set size.
        max: usize,
    },
    /// No gene of the query is in the universe.
    #[error("none of the {n} query genes is in the universe of {universe} annotated genes")]
    EmptyQuery {
        /// Query size before intersection.
        n: usize,
        /// Universe size.
        universe: usize,
    },
    /// No set passes the size filter.
    #[error("no gene set has between {min} and {max} genes in the universe")]
    NoSets {
        /// Minimum set size.
        min: usize,
        /// Maximum set size.
        max: usize,
    },
    /// A ranked-list score is not finite.
    #[error("score of gene '{gene}' is not finite")]
    BadScore {
        /// Gene id.
        gene: String,
    },
    /// The number of permutations must be positive.
    #[error("the number of permutations must be at least 1")]
    NoPermutations,
}
