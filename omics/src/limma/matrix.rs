//! The expression matrix the limma functions take.

use nalgebra::DMatrix;

/// An expression (or count) matrix with genes in rows and samples in
/// columns, as limma's `EList$E` / a count matrix. Missing values are `NaN`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExprMatrix {
    /// Gene ids (row names), one per row.
    pub genes: Vec<String>,
    /// Sample names (column names), one per column.
    pub samples: Vec<String>,
    /// Values, genes x samples.
    pub values: DMatrix<f64>,
}

impl ExprMatrix {
    /// Wraps a genes x samples matrix with its row and column names.
    /// Panics in debug builds if the names do not match the dimensions.
    pub fn new(genes: Vec<String>, samples: Vec<String>, values: DMatrix<f64>) -> Self {
        debug_assert_eq!(genes.len(), values.nrows());
        debug_assert_eq!(samples.len(), values.ncols());
        ExprMatrix {
            genes,
            samples,
            values,
        }
    }
}
