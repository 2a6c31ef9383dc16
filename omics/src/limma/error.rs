//! Errors of the limma pipeline.

use thiserror::Error;

/// Invalid input to `lm_fit`, `contrasts_fit`, `ebayes`, `voom` or the TMM
/// normalisation. Statistical trouble (non-estimable coefficients for one
/// gene, zero variances) is reported in the fits' `warnings` instead.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum LimmaError {
    /// The expression matrix has no genes or no samples.
    #[error("expression matrix is empty ({genes} genes x {samples} samples)")]
    Empty {
        /// Number of genes (rows).
        genes: usize,
        /// Number of samples (columns).
        samples: usize,
    },
    /// Two inputs disagree in size.
    #[error("{what}: expected {expected}, found {found}")]
    DimensionMismatch {
        /// Which input (e.g. "design rows", "weights columns").
        what: &'static str,
        /// The size implied by the expression matrix.
        expected: usize,
        /// The size given.
        found: usize,
    },
    /// The design matrix is not of full column rank.
    #[error(
        "design matrix is singular: column '{column}' is a linear combination of earlier columns"
    )]
    SingularDesign {
        /// Name of the first aliased column.
        column: String,
    },
    /// No residual degrees of freedom in any gene (as limma's eBayes error).
    #[error("no residual degrees of freedom in linear model fits")]
    NoResidualDf,
    /// No gene has a finite residual standard deviation.
    #[error("no finite residual standard deviations")]
    NoFiniteSigma,
    /// The prior degrees of freedom could not be estimated.
    #[error("could not estimate the prior degrees of freedom")]
    PriorDf,
    /// A count is negative or not finite (voom, TMM).
    #[error("counts must be finite and >= 0: gene '{gene}', sample '{sample}' has {value}")]
    BadCount {
        /// Gene (row) name.
        gene: String,
        /// Sample (column) name.
        sample: String,
        /// The offending value.
        value: f64,
    },
    /// A sample has zero library size (voom, TMM).
    #[error("sample '{sample}' has a library size of zero")]
    ZeroLibrary {
        /// Sample name.
        sample: String,
    },
    /// The coefficient index is out of range.
    #[error("coefficient {index} out of range (fit has {ncoef})")]
    Coefficient {
        /// Requested index (0-based).
        index: usize,
        /// Number of coefficients in the fit.
        ncoef: usize,
    },
}
