//! One column of a cohort table as plain Rust values, with the
//! conversions (number, event, label text) and their row-naming errors.

use super::{Cohort, DataError};
use polars::prelude::*;

/// A column pulled out of the `DataFrame`, typed as the file had it.
#[derive(Debug, Clone)]
pub(crate) enum RawColumn {
    /// Numeric (integers are widened); NaN is kept and treated as missing.
    Num(Vec<Option<f64>>),
    /// Booleans.
    Bool(Vec<Option<bool>>),
    /// Anything else, as text.
    Text(Vec<Option<String>>),
}

impl RawColumn {
    /// Whether row `i` is missing (null, NaN, or text `NaN`).
    pub(crate) fn is_missing(&self, i: usize) -> bool {
        match self {
            RawColumn::Num(v) => v[i].is_none_or(f64::is_nan),
            RawColumn::Bool(v) => v[i].is_none(),
            RawColumn::Text(v) => v[i]
                .as_deref()
                .is_none_or(|s| s.trim().is_empty() || s == "NA" || s == "NaN"),
        }
    }

    /// Row `i` as a number; text that does not parse is an error naming the row.
    pub(crate) fn number(&self, column: &str, i: usize) -> Result<f64, DataError> {
        match self {
            RawColumn::Num(v) => Ok(v[i].unwrap_or(f64::NAN)),
            RawColumn::Bool(v) => Ok(if v[i] == Some(true) { 1.0 } else { 0.0 }),
            RawColumn::Text(v) => {
                let s = v[i].as_deref().unwrap_or("").trim();
                s.parse::<f64>().map_err(|_| DataError::NotNumeric {
                    column: column.into(),
                    row: i,
                    value: s.into(),
                })
            }
        }
    }

    /// Row `i` as an event indicator (0/1, true/false).
    pub(crate) fn event(&self, column: &str, i: usize) -> Result<bool, DataError> {
        let bad = |value: String| DataError::BadEvent {
            column: column.into(),
            row: i,
            value,
        };
        match self {
            RawColumn::Bool(v) => Ok(v[i] == Some(true)),
            RawColumn::Num(v) => match v[i] {
                Some(0.0) => Ok(false),
                Some(1.0) => Ok(true),
                Some(x) => Err(bad(label_of_number(x))),
                None => Err(bad("NA".into())),
            },
            RawColumn::Text(v) => {
                let s = v[i].as_deref().unwrap_or("").trim();
                match s.to_ascii_lowercase().as_str() {
                    "0" | "false" => Ok(false),
                    "1" | "true" => Ok(true),
                    _ => Err(bad(s.into())),
                }
            }
        }
    }

    /// Row `i` as a category label, numbers printed as R prints them.
    pub(crate) fn label(&self, i: usize) -> String {
        match self {
            RawColumn::Num(v) => v[i].map(label_of_number).unwrap_or_else(|| "NA".into()),
            RawColumn::Bool(v) => match v[i] {
                Some(true) => "TRUE".into(),
                Some(false) => "FALSE".into(),
                None => "NA".into(),
            },
            RawColumn::Text(v) => v[i].clone().unwrap_or_else(|| "NA".into()),
        }
    }
}

/// A number as R prints it as a factor label: `1` rather than `1.0`,
/// up to 15 significant digits.
pub(crate) fn label_of_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{:.15}", x);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        // shortest representation that round-trips at 15 digits
        let short = format!("{x}");
        if short.len() <= s.len() {
            short
        } else {
            s.to_string()
        }
    }
}

/// The distinct values of a label vector, sorted numerically when every
/// label is a number (so `"2" < "10"`), else lexicographically — the order
/// R gives the levels of `factor()` on a numeric or character column.
pub fn sorted_levels(values: &[String]) -> Vec<String> {
    let mut lv: Vec<String> = values.to_vec();
    lv.sort();
    lv.dedup();
    let nums: Option<Vec<f64>> = lv.iter().map(|s| s.parse::<f64>().ok()).collect();
    if let Some(nums) = nums {
        let mut pairs: Vec<(f64, String)> = nums.into_iter().zip(lv).collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        pairs.into_iter().map(|p| p.1).collect()
    } else {
        lv
    }
}

impl Cohort {
    /// Extracts a column by exact name.
    pub(crate) fn raw_column(&self, name: &str) -> Result<RawColumn, DataError> {
        let col = self.df.column(name).map_err(|_| {
            let mut names = self.column_names();
            let more = names.len() > 20;
            names.truncate(20);
            let mut available = names.join(", ");
            if more {
                available.push_str(", ...");
            }
            DataError::MissingColumn {
                column: name.into(),
                source_name: self.source.clone(),
                available,
            }
        })?;
        let s = col.as_materialized_series();
        let err = |e: PolarsError| DataError::Invalid {
            column: name.into(),
            reason: e.to_string(),
        };
        Ok(match s.dtype() {
            DataType::Boolean => RawColumn::Bool(s.bool().map_err(err)?.iter().collect()),
            dt if dt.is_primitive_numeric() => {
                let f = s.cast(&DataType::Float64).map_err(err)?;
                RawColumn::Num(f.f64().map_err(err)?.iter().collect())
            }
            DataType::String => RawColumn::Text(
                s.str()
                    .map_err(err)?
                    .iter()
                    .map(|o| o.map(str::to_string))
                    .collect(),
            ),
            _ => {
                let t = s.cast(&DataType::String).map_err(err)?;
                RawColumn::Text(
                    t.str()
                        .map_err(err)?
                        .iter()
                        .map(|o| o.map(str::to_string))
                        .collect(),
                )
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_sort_numerically_when_numeric() {
        let v: Vec<String> = ["10", "2", "1", "2"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(sorted_levels(&v), vec!["1", "2", "10"]);
        let w: Vec<String> = ["b", "a", "B"].iter().map(|s| s.to_string()).collect();
        assert_eq!(sorted_levels(&w), vec!["B", "a", "b"]);
    }

    #[test]
    fn number_labels_print_as_r() {
        assert_eq!(label_of_number(1.0), "1");
        assert_eq!(label_of_number(2.5), "2.5");
        assert_eq!(label_of_number(-3.0), "-3");
    }
}
