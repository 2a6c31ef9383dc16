//! Per-patient histogram statistics of per-nucleus measurements.

use nalgebra::DMatrix;
use std::collections::BTreeMap;

/// Invalid input to the pathology routines.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PathologyError {
    /// No values for a patient.
    #[error("patient '{0}' has no measurements")]
    Empty(String),
    /// A measurement is missing or not finite.
    #[error("measurement '{feature}' of nucleus row {row} is missing or not finite")]
    NonFinite {
        /// Feature name.
        feature: String,
        /// 0-based nucleus row.
        row: usize,
    },
    /// Lengths disagree.
    #[error("{what}: {got} entries, expected {expected}")]
    LengthMismatch {
        /// What.
        what: &'static str,
        /// Given.
        got: usize,
        /// Expected.
        expected: usize,
    },
    /// Fewer than two clusters, or a cluster count not below n.
    #[error(
        "cluster index needs 2 <= clusters < observations (got {clusters} clusters, {n} observations)"
    )]
    Clusters {
        /// Clusters.
        clusters: usize,
        /// Observations.
        n: usize,
    },
}

/// The five histogram statistics of one measurement for one patient.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistogramFeatures {
    /// Mean.
    pub mean: f64,
    /// Standard deviation (`n − 1`; 0 for one value).
    pub sd: f64,
    /// Skewness `m3 / m2^{3/2}` (0 for a constant).
    pub skewness: f64,
    /// Kurtosis `m4 / m2²` (not excess; 0 for a constant).
    pub kurtosis: f64,
    /// Shannon entropy (bits) of the bin proportions.
    pub entropy: f64,
}

/// Histogram statistics of `values` with `bins` equal-width bins over
/// their range (the last bin closed, as MATLAB's `histcounts`).
///
/// # Errors
/// [`PathologyError::Empty`], [`PathologyError::NonFinite`].
pub fn histogram_features(
    values: &[f64],
    bins: usize,
) -> Result<HistogramFeatures, PathologyError> {
    if values.is_empty() {
        return Err(PathologyError::Empty(String::new()));
    }
    if let Some(row) = values.iter().position(|v| !v.is_finite()) {
        return Err(PathologyError::NonFinite {
            feature: String::new(),
            row,
        });
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let m = |k: i32| values.iter().map(|v| (v - mean).powi(k)).sum::<f64>() / n;
    let (m2, m3, m4) = (m(2), m(3), m(4));
    let sd = if values.len() > 1 {
        (m2 * n / (n - 1.0)).sqrt()
    } else {
        0.0
    };
    let (skewness, kurtosis) = if m2 > 0.0 {
        (m3 / m2.powf(1.5), m4 / (m2 * m2))
    } else {
        (0.0, 0.0)
    };
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let entropy = if hi > lo && bins > 1 {
        let mut counts = vec![0usize; bins];
        for v in values {
            let b = (((v - lo) / (hi - lo)) * bins as f64).floor() as usize;
            counts[b.min(bins - 1)] += 1;
        }
        -counts
            .iter()
            .filter(|&&c| c > 0)
            .map(|&c| {
                let p = c as f64 / n;
                p * p.log2()
            })
            .sum::<f64>()
    } else {
        0.0
    };
    Ok(HistogramFeatures {
        mean,
        sd,
        skewness,
        kurtosis,
        entropy,
    })
}

/// Patient-level features: one row per patient (sorted ids), columns
/// `<measurement>_{mean, sd, skewness, kurtosis, entropy}`.
#[derive(Debug, Clone, PartialEq)]
pub struct PatientFeatures {
    /// Patient ids (sorted).
    pub patients: Vec<String>,
    /// Feature names.
    pub names: Vec<String>,
    /// Values (patients × features).
    pub values: DMatrix<f64>,
    /// Nuclei per patient.
    pub n_nuclei: Vec<usize>,
}

/// Aggregates per-nucleus `measurements` (rows = nuclei, columns named by
/// `names`) by `patient` (one id per nucleus row) into the five histogram
/// statistics per measurement.
///
/// # Errors
/// [`PathologyError::LengthMismatch`], [`PathologyError::NonFinite`]
/// (naming the measurement and nucleus row).
pub fn aggregate_patients(
    patient: &[String],
    measurements: &DMatrix<f64>,
    names: &[String],
    bins: usize,
) -> Result<PatientFeatures, PathologyError> {
    let (n, p) = measurements.shape();
    if patient.len() != n {
        return Err(PathologyError::LengthMismatch {
            what: "patient ids",
            got: patient.len(),
            expected: n,
        });
    }
    if names.len() != p {
        return Err(PathologyError::LengthMismatch {
            what: "measurement names",
            got: names.len(),
            expected: p,
        });
    }
    for j in 0..p {
        if let Some(row) = (0..n).find(|&i| !measurements[(i, j)].is_finite()) {
            return Err(PathologyError::NonFinite {
                feature: names[j].clone(),
                row,
            });
        }
    }
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, id) in patient.iter().enumerate() {
        groups.entry(id.as_str()).or_default().push(i);
    }
    let stats = ["mean", "sd", "skewness", "kurtosis", "entropy"];
    let out_names: Vec<String> = names
        .iter()
        .flat_map(|m| stats.iter().map(move |s| format!("{m}_{s}")))
        .collect();
    let mut values = DMatrix::zeros(groups.len(), p * 5);
    for (r, rows) in groups.values().enumerate() {
        for j in 0..p {
            let v: Vec<f64> = rows.iter().map(|&i| measurements[(i, j)]).collect();
            let h = histogram_features(&v, bins)?;
            for (k, val) in [h.mean, h.sd, h.skewness, h.kurtosis, h.entropy]
                .into_iter()
                .enumerate()
            {
                values[(r, j * 5 + k)] = val;
            }
        }
    }
    Ok(PatientFeatures {
        patients: groups.keys().map(|s| s.to_string()).collect(),
        n_nuclei: groups.values().map(Vec::len).collect(),
        names: out_names,
        values,
    })
}
