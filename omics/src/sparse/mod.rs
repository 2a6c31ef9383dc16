//! Sparse single-cell count matrices (genes x cells, CSR via `sprs`) and
//! what is computed from them: per-cell library sizes, detected genes,
//! cells with no counts, and pseudo-bulk sums per sample x gene that feed
//! `limma` with `voom`.
//!
//! [`parse_matrix_market`] turns the bytes of a Matrix Market coordinate
//! file (`matrix.mtx` of a 10x Genomics directory, as `Matrix::readMM`
//! reads it) into [`Triplets`]; the file handling (paths, gzip, features
//! and barcodes) lives in the `prognos` data layer.

mod counts;
mod error;
mod mtx;

pub use counts::{CountMatrix, LibrarySummary, Pseudobulk};
pub use error::{MtxError, SparseError};
pub use mtx::{MtxField, Triplets, parse_matrix_market};
