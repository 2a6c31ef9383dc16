//! The cohort-table data layer: reads `.csv`, `.tsv` and `.parquet` into a
//! polars `DataFrame` and turns named columns into the plain vectors and
//! design matrices the statistical kernels take, following the shared
//! conventions of the CLI contract:
//!
//! - missing values (empty cell, `NA`, `NaN`) drop the row from every
//!   column the analysis uses (complete cases), counted in `n_dropped`;
//! - follow-up times must be finite and > 0; events are `0/1` or
//!   `true/false`;
//! - factors have sorted levels, the first (or `col:LEVEL`) is the
//!   reference, dummies are named `col[LEVEL]`;
//! - every error names the column, the 0-based data row and the value.
//!
//! Library users holding a polars `DataFrame` use [`Cohort::from_dataframe`].

mod column;
mod error;
mod frame;
pub mod omics;
mod read;

pub use column::sorted_levels;
pub use error::DataError;
pub use frame::{Design, FrameSpec, ModelFrame, Term};

use polars::prelude::DataFrame;

/// A cohort table: one row per patient, named columns.
#[derive(Debug, Clone)]
pub struct Cohort {
    df: DataFrame,
    source: String,
}

impl Cohort {
    /// Wraps an existing polars `DataFrame` (for library users).
    pub fn from_dataframe(df: DataFrame) -> Self {
        Cohort {
            df,
            source: "<dataframe>".into(),
        }
    }

    /// The underlying polars `DataFrame`.
    pub fn dataframe(&self) -> &DataFrame {
        &self.df
    }

    /// Where the table came from (a path, or `<dataframe>`).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Number of data rows (header excluded).
    pub fn n_rows(&self) -> usize {
        self.df.height()
    }

    /// Column names in file order.
    pub fn column_names(&self) -> Vec<String> {
        self.df
            .get_column_names()
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    /// Whether a column of that exact name exists.
    pub fn has_column(&self, name: &str) -> bool {
        self.df
            .get_column_names()
            .iter()
            .any(|c| c.as_str() == name)
    }
}
