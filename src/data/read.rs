//! Reading `.csv`, `.tsv` and `.parquet` files into a [`Cohort`].

use super::{Cohort, DataError};
use polars::prelude::*;
use std::path::Path;

impl Cohort {
    /// Reads a table with a header row. `.csv` (comma), `.tsv`/`.txt`
    /// (tab) and `.parquet` are supported; empty cells and `NA` are
    /// missing. The whole file is scanned to infer column types, so a
    /// stray text value anywhere in a numeric column is caught later as a
    /// [`DataError::NotNumeric`] naming its row.
    pub fn read(path: &Path) -> Result<Cohort, DataError> {
        let shown = path.display().to_string();
        if !path.exists() {
            return Err(DataError::Io {
                path: shown,
                reason: "no such file".into(),
            });
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let io = |e: PolarsError| DataError::Io {
            path: shown.clone(),
            reason: e.to_string(),
        };
        let df = match ext.as_str() {
            "csv" => read_delimited(path, b',').map_err(io)?,
            "tsv" | "txt" | "tab" => read_delimited(path, b'\t').map_err(io)?,
            "parquet" | "pq" => {
                let f = std::fs::File::open(path).map_err(|e| DataError::Io {
                    path: shown.clone(),
                    reason: e.to_string(),
                })?;
                ParquetReader::new(f).finish().map_err(io)?
            }
            _ => return Err(DataError::UnsupportedFormat { path: shown }),
        };
        Ok(Cohort { df, source: shown })
    }
}

fn read_delimited(path: &Path, sep: u8) -> PolarsResult<DataFrame> {
    let nulls = NullValues::AllColumns(vec!["NA".into(), "".into()]);
    CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(None)
        .with_parse_options(
            CsvParseOptions::default()
                .with_separator(sep)
                .with_null_values(Some(nulls))
                .with_missing_is_null(true),
        )
        .try_into_reader_with_file_path(Some(path.to_path_buf()))?
        .finish()
}
