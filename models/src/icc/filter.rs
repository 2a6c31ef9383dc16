//! The reader-agreement filter: ICC of every feature for every pair of
//! reader tables, keep the features whose worst pair reaches the threshold.

use super::IccError;
use super::kernel::{IccForm, icc};
use nalgebra::DMatrix;
use prognos_core::table::{Cell, Table};
use std::collections::HashMap;
use std::fmt;

/// One reader's (or one re-segmentation's) feature table.
#[derive(Debug, Clone, PartialEq)]
pub struct ReaderTable {
    /// Name of the reader (used in messages), e.g. `"reader1"`.
    pub name: String,
    /// Patient id of each row.
    pub patients: Vec<String>,
    /// Feature name of each column.
    pub features: Vec<String>,
    /// Values, rows = patients, columns = features.
    pub values: DMatrix<f64>,
}

/// Parameters of the ICC filter.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `form` | `Icc2` | ICC form compared with the threshold (`Icc3` for consistency) |
/// | `threshold` | 0.75 | keep features with ICC ≥ threshold for every reader pair |
/// | `conf_level` | 0.95 | level of the reported intervals |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IccFilterParams {
    /// ICC form compared with the threshold.
    pub form: IccForm,
    /// Minimum ICC for a feature to be kept.
    pub threshold: f64,
    /// Confidence level of the reported limits.
    pub conf_level: f64,
}

impl Default for IccFilterParams {
    fn default() -> Self {
        IccFilterParams {
            form: IccForm::Icc2,
            threshold: 0.75,
            conf_level: 0.95,
        }
    }
}

/// The ICC of one feature for one pair of readers.
#[derive(Debug, Clone, PartialEq)]
pub struct PairIcc {
    /// First reader.
    pub first: String,
    /// Second reader.
    pub second: String,
    /// ICC of the chosen form.
    pub icc: f64,
    /// Lower confidence limit.
    pub lower: f64,
    /// Upper confidence limit.
    pub upper: f64,
}

/// The verdict on one feature.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureIcc {
    /// Feature name.
    pub feature: String,
    /// ICC per reader pair (empty for a constant feature).
    pub pairs: Vec<PairIcc>,
    /// Smallest ICC over the pairs (NaN for a constant feature).
    pub min_icc: f64,
    /// Whether the feature passes.
    pub kept: bool,
    /// Why it was dropped (`None` when kept).
    pub reason: Option<String>,
}

/// Result of [`IccFilterParams::fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct IccFilter {
    /// One verdict per feature, in the first table's column order.
    pub features: Vec<FeatureIcc>,
    /// Parameters used.
    pub params: IccFilterParams,
    /// Patients shared by all readers.
    pub n_patients: usize,
}

impl IccFilter {
    /// Names of the kept features.
    pub fn kept(&self) -> Vec<&str> {
        self.features
            .iter()
            .filter(|f| f.kept)
            .map(|f| f.feature.as_str())
            .collect()
    }

    /// One row per feature: minimum ICC over reader pairs and the verdict.
    pub fn summary(&self) -> Table {
        let mut t = Table::new(["min ICC", "kept", "reason"]).with_title(format!(
            "{} filter, threshold {} ({} patients)",
            self.params.form.r_name(),
            self.params.threshold,
            self.n_patients
        ));
        for f in &self.features {
            t.push_row(
                f.feature.clone(),
                [
                    Cell::num_or_na(f.min_icc),
                    Cell::Text(if f.kept { "yes" } else { "no" }.into()),
                    Cell::Text(f.reason.clone().unwrap_or_default()),
                ],
            );
        }
        t
    }
}

impl fmt::Display for IccFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

impl IccFilterParams {
    /// Computes the ICC of every feature of the first table for every pair
    /// of reader tables (rows aligned by patient id) and keeps a feature when
    /// the smallest pairwise ICC is at least `threshold`. A feature constant
    /// across all readers and patients is dropped with the reason
    /// `"constant"`.
    ///
    /// # Errors
    /// [`IccError::TooFewReaders`], [`IccError::Shape`],
    /// [`IccError::DuplicatePatient`], [`IccError::PatientMismatch`] (the
    /// tables must hold the same patients), [`IccError::FeatureMismatch`],
    /// [`IccError::MissingValue`], [`IccError::TooSmall`] (fewer than 2
    /// patients), [`IccError::ConfLevel`].
    pub fn fit(&self, readers: &[ReaderTable]) -> Result<IccFilter, IccError> {
        if !(self.conf_level > 0.0 && self.conf_level < 1.0) {
            return Err(IccError::ConfLevel(self.conf_level));
        }
        if readers.len() < 2 {
            return Err(IccError::TooFewReaders(readers.len()));
        }
        for r in readers {
            if r.values.nrows() != r.patients.len() || r.values.ncols() != r.features.len() {
                return Err(IccError::Shape {
                    reader: r.name.clone(),
                    rows: r.values.nrows(),
                    cols: r.values.ncols(),
                    patients: r.patients.len(),
                    features: r.features.len(),
                });
            }
        }
        let base = &readers[0];
        let rows = align_patients(readers)?;
        let cols = align_features(readers)?;
        let n = base.patients.len();
        if n < 2 {
            return Err(IccError::TooSmall {
                subjects: n,
                readers: readers.len(),
            });
        }
        let mut out = Vec::with_capacity(base.features.len());
        for (j, feature) in base.features.iter().enumerate() {
            // Column of this feature per reader, aligned to the base rows.
            let mut cols_f: Vec<Vec<f64>> = Vec::with_capacity(readers.len());
            for (r, reader) in readers.iter().enumerate() {
                let c = cols[r][j];
                let mut v = Vec::with_capacity(n);
                for i in 0..n {
                    let x = reader.values[(rows[r][i], c)];
                    if !x.is_finite() {
                        return Err(IccError::MissingValue {
                            reader: reader.name.clone(),
                            feature: feature.clone(),
                            patient: base.patients[i].clone(),
                        });
                    }
                    v.push(x);
                }
                cols_f.push(v);
            }
            let first = cols_f[0][0];
            if cols_f.iter().all(|v| v.iter().all(|&x| x == first)) {
                out.push(FeatureIcc {
                    feature: feature.clone(),
                    pairs: Vec::new(),
                    min_icc: f64::NAN,
                    kept: false,
                    reason: Some("constant".into()),
                });
                continue;
            }
            let mut pairs = Vec::new();
            for a in 0..readers.len() {
                for b in a + 1..readers.len() {
                    let mut m = DMatrix::zeros(n, 2);
                    m.column_mut(0).copy_from_slice(&cols_f[a]);
                    m.column_mut(1).copy_from_slice(&cols_f[b]);
                    let e = *icc(&m, self.conf_level)?.get(self.form);
                    pairs.push(PairIcc {
                        first: readers[a].name.clone(),
                        second: readers[b].name.clone(),
                        icc: e.value,
                        lower: e.lower,
                        upper: e.upper,
                    });
                }
            }
            // A pair without variation (NaN) counts as failing agreement.
            let min_icc = pairs
                .iter()
                .map(|p| {
                    if p.icc.is_nan() {
                        f64::NEG_INFINITY
                    } else {
                        p.icc
                    }
                })
                .fold(f64::INFINITY, f64::min);
            let kept = min_icc >= self.threshold;
            let reason = (!kept).then(|| {
                let worst = pairs
                    .iter()
                    .min_by(|x, y| x.icc.total_cmp(&y.icc))
                    .expect("at least one pair");
                format!(
                    "{} {:.4} < {} ({} vs {})",
                    self.form.r_name(),
                    worst.icc,
                    self.threshold,
                    worst.first,
                    worst.second
                )
            });
            out.push(FeatureIcc {
                feature: feature.clone(),
                pairs,
                min_icc: if min_icc.is_finite() {
                    min_icc
                } else {
                    f64::NAN
                },
                kept,
                reason,
            });
        }
        Ok(IccFilter {
            features: out,
            params: *self,
            n_patients: n,
        })
    }
}

/// For each reader, the row holding each patient of the first reader.
fn align_patients(readers: &[ReaderTable]) -> Result<Vec<Vec<usize>>, IccError> {
    let mut index: Vec<HashMap<&str, usize>> = Vec::with_capacity(readers.len());
    for r in readers {
        let mut m = HashMap::with_capacity(r.patients.len());
        for (i, p) in r.patients.iter().enumerate() {
            if m.insert(p.as_str(), i).is_some() {
                return Err(IccError::DuplicatePatient {
                    reader: r.name.clone(),
                    patient: p.clone(),
                });
            }
        }
        index.push(m);
    }
    let base = &readers[0];
    for (r, reader) in readers.iter().enumerate().skip(1) {
        if let Some(p) = base
            .patients
            .iter()
            .find(|p| !index[r].contains_key(p.as_str()))
        {
            return Err(IccError::PatientMismatch {
                first: base.name.clone(),
                second: reader.name.clone(),
                patient: p.clone(),
            });
        }
        if let Some(p) = reader
            .patients
            .iter()
            .find(|p| !index[0].contains_key(p.as_str()))
        {
            return Err(IccError::PatientMismatch {
                first: reader.name.clone(),
                second: base.name.clone(),
                patient: p.clone(),
            });
        }
    }
    Ok(index
        .iter()
        .map(|m| base.patients.iter().map(|p| m[p.as_str()]).collect())
        .collect())
}

/// For each reader, the column holding each feature of the first reader.
fn align_features(readers: &[ReaderTable]) -> Result<Vec<Vec<usize>>, IccError> {
    let base = &readers[0];
    readers
        .iter()
        .map(|r| {
            let m: HashMap<&str, usize> = r
                .features
                .iter()
                .enumerate()
                .map(|(j, f)| (f.as_str(), j))
                .collect();
            base.features
                .iter()
                .map(|f| {
                    m.get(f.as_str())
                        .copied()
                        .ok_or_else(|| IccError::FeatureMismatch {
                            first: base.name.clone(),
                            second: r.name.clone(),
                            feature: f.clone(),
                        })
                })
                .collect()
        })
        .collect()
}
