//! Model frames: the complete-case rows of the columns an analysis names,
//! converted to survival vectors, a design matrix and label vectors.

use super::column::{RawColumn, label_of_number};
use super::{Cohort, DataError, sorted_levels};
use nalgebra::DMatrix;
use std::collections::BTreeMap;
use std::ops::Range;

/// Which columns an analysis uses, by name. Every named column takes part
/// in the complete-case filter.
#[derive(Debug, Clone, Default)]
pub struct FrameSpec {
    /// Follow-up (stop) time column: finite and > 0.
    pub time: Option<String>,
    /// Start time column for counting-process (start, stop] data.
    pub start: Option<String>,
    /// Event indicator column: 0/1 or true/false.
    pub event: Option<String>,
    /// Covariates, in order; numeric unless also listed in `factors`.
    pub covariates: Vec<String>,
    /// Factor covariates, `name` or `name:REFERENCE`.
    pub factors: Vec<String>,
    /// A grouping column (KM curves, log-rank groups).
    pub group: Option<String>,
    /// A stratification column.
    pub strata: Option<String>,
    /// A cluster column (robust variance).
    pub cluster: Option<String>,
    /// A case-weight column (finite, >= 0).
    pub weights: Option<String>,
    /// Extra numeric columns (scores, 0/1 labels).
    pub numeric: Vec<String>,
    /// Extra categorical columns, kept as labels.
    pub text: Vec<String>,
}

/// One model term and the design-matrix columns it spans (a factor spans
/// one column per non-reference level).
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The covariate's name.
    pub name: String,
    /// Its columns in [`Design::matrix`].
    pub columns: Range<usize>,
}

/// A design matrix with named columns (no intercept column).
#[derive(Debug, Clone)]
pub struct Design {
    /// Column names: the covariate name, or `name[LEVEL]` for a factor dummy.
    pub names: Vec<String>,
    /// n × p values, rows in the order of [`ModelFrame::rows`].
    pub matrix: DMatrix<f64>,
    /// The terms, in covariate order.
    pub terms: Vec<Term>,
}

/// The complete-case rows of a [`FrameSpec`], converted.
#[derive(Debug, Clone)]
pub struct ModelFrame {
    /// Rows in the file.
    pub n_rows_read: usize,
    /// Rows dropped for a missing value in a used column.
    pub n_dropped: usize,
    /// Original 0-based data row of each kept row.
    pub rows: Vec<usize>,
    /// Stop times.
    pub time: Option<Vec<f64>>,
    /// Start times.
    pub start: Option<Vec<f64>>,
    /// Event indicators.
    pub event: Option<Vec<bool>>,
    /// The covariate design matrix (0 columns when no covariates).
    pub x: Design,
    /// Group labels.
    pub group: Option<Vec<String>>,
    /// Stratum labels.
    pub strata: Option<Vec<String>>,
    /// Cluster labels.
    pub cluster: Option<Vec<String>>,
    /// Case weights.
    pub weights: Option<Vec<f64>>,
    /// Extra numeric columns by name.
    pub numeric: BTreeMap<String, Vec<f64>>,
    /// Extra categorical columns by name.
    pub text: BTreeMap<String, Vec<String>>,
}

impl ModelFrame {
    /// An extra numeric column (named in [`FrameSpec::numeric`]) that must be
    /// 0/1; the error names the original row and the value.
    pub fn binary(&self, name: &str) -> Result<Vec<bool>, DataError> {
        let v = self.numeric.get(name).ok_or_else(|| DataError::Invalid {
            column: name.into(),
            reason: "not requested as a numeric column".into(),
        })?;
        v.iter()
            .enumerate()
            .map(|(k, &x)| {
                if x == 0.0 {
                    Ok(false)
                } else if x == 1.0 {
                    Ok(true)
                } else {
                    Err(DataError::NotBinary {
                        column: name.into(),
                        row: self.rows[k],
                        value: label_of_number(x),
                    })
                }
            })
            .collect()
    }

    /// An extra numeric column (named in [`FrameSpec::numeric`]) of predicted
    /// probabilities, each in [0, 1]; the error names the original row and
    /// the value.
    pub fn probability(&self, name: &str) -> Result<Vec<f64>, DataError> {
        let v = self.numeric.get(name).ok_or_else(|| DataError::Invalid {
            column: name.into(),
            reason: "not requested as a numeric column".into(),
        })?;
        match v.iter().position(|x| !(0.0..=1.0).contains(x)) {
            Some(k) => Err(DataError::NotProbability {
                column: name.into(),
                row: self.rows[k],
                value: v[k],
            }),
            None => Ok(v.clone()),
        }
    }

    /// Number of kept rows.
    pub fn n(&self) -> usize {
        self.rows.len()
    }
}

fn parse_factor(spec: &str) -> (String, Option<String>) {
    match spec.split_once(':') {
        Some((n, l)) => (n.to_string(), Some(l.to_string())),
        None => (spec.to_string(), None),
    }
}

impl Cohort {
    /// Builds the model frame of `spec`: pulls every named column, drops
    /// rows with a missing value in any of them, and converts.
    ///
    /// # Errors
    /// Missing column, non-numeric value, bad event code, non-positive
    /// time, start ≥ stop, negative weight, unknown reference level,
    /// single-level factor, no complete rows.
    pub fn model_frame(&self, spec: &FrameSpec) -> Result<ModelFrame, DataError> {
        let n = self.n_rows();
        let factors: BTreeMap<String, Option<String>> =
            spec.factors.iter().map(|f| parse_factor(f)).collect();
        for f in factors.keys() {
            if !spec.covariates.contains(f) {
                return Err(DataError::FactorNotCovariate { column: f.clone() });
            }
        }
        // every used column, in a stable order, each pulled once
        let mut used: Vec<String> = Vec::new();
        let mut add = |c: &String| {
            if !used.contains(c) {
                used.push(c.clone());
            }
        };
        for c in [
            &spec.time,
            &spec.start,
            &spec.event,
            &spec.group,
            &spec.strata,
        ]
        .into_iter()
        .chain([&spec.cluster, &spec.weights])
        .flatten()
        {
            add(c);
        }
        spec.covariates.iter().for_each(&mut add);
        spec.numeric.iter().for_each(&mut add);
        spec.text.iter().for_each(&mut add);
        let mut raw: BTreeMap<String, RawColumn> = BTreeMap::new();
        for c in &used {
            let col = self.raw_column(c)?;
            if n > 0 && (0..n).all(|i| col.is_missing(i)) {
                return Err(DataError::AllMissing { column: c.clone() });
            }
            raw.insert(c.clone(), col);
        }
        let rows: Vec<usize> = (0..n)
            .filter(|&i| used.iter().all(|c| !raw[c].is_missing(i)))
            .collect();
        if rows.is_empty() {
            return Err(DataError::NoCompleteRows {
                columns: used.join(", "),
            });
        }
        let numbers = |c: &str| -> Result<Vec<f64>, DataError> {
            rows.iter().map(|&i| raw[c].number(c, i)).collect()
        };
        let labels = |c: &str| -> Vec<String> { rows.iter().map(|&i| raw[c].label(i)).collect() };
        let positive_time = |c: &str| -> Result<Vec<f64>, DataError> {
            let v = numbers(c)?;
            for (k, &t) in v.iter().enumerate() {
                if !(t.is_finite() && t > 0.0) {
                    return Err(DataError::BadTime {
                        column: c.into(),
                        row: rows[k],
                        value: label_of_number(t),
                    });
                }
            }
            Ok(v)
        };
        let time = spec.time.as_deref().map(positive_time).transpose()?;
        let start = match spec.start.as_deref() {
            Some(c) => {
                let v = numbers(c)?;
                for (k, &s) in v.iter().enumerate() {
                    if !s.is_finite() {
                        return Err(DataError::BadTime {
                            column: c.into(),
                            row: rows[k],
                            value: label_of_number(s),
                        });
                    }
                }
                if let Some(t) = &time {
                    for k in 0..v.len() {
                        if v[k] >= t[k] {
                            return Err(DataError::StartAfterStop {
                                row: rows[k],
                                start: v[k],
                                stop: t[k],
                            });
                        }
                    }
                }
                Some(v)
            }
            None => None,
        };
        let event = spec
            .event
            .as_deref()
            .map(|c| {
                rows.iter()
                    .map(|&i| raw[c].event(c, i))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let weights = match spec.weights.as_deref() {
            Some(c) => {
                let v = numbers(c)?;
                for (k, &w) in v.iter().enumerate() {
                    if !(w.is_finite() && w >= 0.0) {
                        return Err(DataError::Invalid {
                            column: c.into(),
                            reason: format!("row {}: weight {w} must be finite and >= 0", rows[k]),
                        });
                    }
                }
                Some(v)
            }
            None => None,
        };

        // design matrix
        let mut names = Vec::new();
        let mut cols: Vec<Vec<f64>> = Vec::new();
        let mut terms = Vec::new();
        for c in &spec.covariates {
            let first = cols.len();
            if let Some(reference) = factors.get(c) {
                let lab = labels(c);
                let levels = sorted_levels(&lab);
                let refl = match reference {
                    Some(r) => {
                        if !levels.contains(r) {
                            return Err(DataError::UnknownLevel {
                                column: c.clone(),
                                level: r.clone(),
                                levels: levels.join(", "),
                            });
                        }
                        r.clone()
                    }
                    None => levels[0].clone(),
                };
                if levels.len() < 2 {
                    return Err(DataError::SingleLevel {
                        column: c.clone(),
                        level: refl,
                    });
                }
                for l in levels.iter().filter(|l| **l != refl) {
                    names.push(format!("{c}[{l}]"));
                    cols.push(lab.iter().map(|x| if x == l { 1.0 } else { 0.0 }).collect());
                }
            } else {
                names.push(c.clone());
                cols.push(numbers(c)?);
            }
            terms.push(Term {
                name: c.clone(),
                columns: first..cols.len(),
            });
        }
        let nk = rows.len();
        let matrix = DMatrix::from_fn(nk, cols.len(), |i, j| cols[j][i]);

        let mut numeric = BTreeMap::new();
        for c in &spec.numeric {
            numeric.insert(c.clone(), numbers(c)?);
        }
        let mut text = BTreeMap::new();
        for c in &spec.text {
            text.insert(c.clone(), labels(c));
        }
        Ok(ModelFrame {
            n_rows_read: n,
            n_dropped: n - nk,
            time,
            start,
            event,
            x: Design {
                names,
                matrix,
                terms,
            },
            group: spec.group.as_deref().map(labels),
            strata: spec.strata.as_deref().map(labels),
            cluster: spec.cluster.as_deref().map(labels),
            weights,
            numeric,
            text,
            rows,
        })
    }
}
