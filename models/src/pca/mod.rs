//! Principal component analysis fitted on training rows only, as R
//! `prcomp(x, center = TRUE, scale. = scale)`: the SVD of the centred (and
//! optionally unit-variance) training matrix; new rows are projected with
//! the training centre, scale and rotation.
//!
//! Signs of components are arbitrary (as in R); here each component is
//! oriented so that its largest-magnitude loading is positive (R may
//! return the opposite sign; scores and loadings then flip together).
//!
//! ```
//! use prognos_models::pca::PcaParams;
//! use nalgebra::DMatrix;
//! let x = DMatrix::from_row_slice(4, 2, &[1., 2., 2., 4.1, 3., 5.9, 4., 8.]);
//! let pca = PcaParams { n_components: Some(1), scale: false }.fit(&x).unwrap();
//! assert!(pca.variance_explained()[0] > 0.99);
//! ```

use nalgebra::DMatrix;
use prognos_core::table::{Cell, Table};
use std::fmt;

/// Invalid input to PCA.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PcaError {
    /// Fewer than two rows.
    #[error("PCA needs at least 2 rows (got {0})")]
    TooFewRows(usize),
    /// A value is not finite.
    #[error("value at row {row}, column {column} is missing or not finite")]
    NonFinite {
        /// Row.
        row: usize,
        /// Column.
        column: usize,
    },
    /// Scaling a constant column.
    #[error("column {0} is constant: cannot scale to unit variance (prcomp refuses too)")]
    ConstantColumn(usize),
    /// New data with another number of columns.
    #[error("new data have {got} columns, the PCA was fitted on {expected}")]
    ShapeMismatch {
        /// Columns given.
        got: usize,
        /// Columns at fit time.
        expected: usize,
    },
}

/// Parameters of PCA.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `n_components` | all | components kept (`rank.`) |
/// | `scale` | true | unit-variance columns (`scale.`) |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PcaParams {
    /// Components kept (`None` = all `min(n, p)` of the SVD).
    pub n_components: Option<usize>,
    /// Scale columns to unit variance.
    pub scale: bool,
}

impl Default for PcaParams {
    fn default() -> Self {
        PcaParams {
            n_components: None,
            scale: true,
        }
    }
}

/// A fitted PCA.
#[derive(Debug, Clone, PartialEq)]
pub struct Pca {
    /// Training column means.
    pub center: Vec<f64>,
    /// Training column SDs (1 when not scaling).
    pub scale: Vec<f64>,
    /// Loadings, `p × k` (`rotation`).
    pub rotation: DMatrix<f64>,
    /// Standard deviations of all components (`sdev`).
    pub sdev: Vec<f64>,
}

impl PcaParams {
    /// Fits on `x` (rows = training observations).
    ///
    /// # Errors
    /// [`PcaError`].
    pub fn fit(&self, x: &DMatrix<f64>) -> Result<Pca, PcaError> {
        let (n, p) = x.shape();
        if n < 2 {
            return Err(PcaError::TooFewRows(n));
        }
        for j in 0..p {
            for i in 0..n {
                if !x[(i, j)].is_finite() {
                    return Err(PcaError::NonFinite { row: i, column: j });
                }
            }
        }
        let nf = n as f64;
        let center: Vec<f64> = (0..p).map(|j| x.column(j).sum() / nf).collect();
        let scale: Vec<f64> = (0..p)
            .map(|j| {
                if self.scale {
                    let v = x
                        .column(j)
                        .iter()
                        .map(|v| (v - center[j]).powi(2))
                        .sum::<f64>()
                        / (nf - 1.0);
                    if v > 0.0 {
                        Ok(v.sqrt())
                    } else {
                        Err(PcaError::ConstantColumn(j))
                    }
                } else {
                    Ok(1.0)
                }
            })
            .collect::<Result<_, _>>()?;
        let z = DMatrix::from_fn(n, p, |i, j| (x[(i, j)] - center[j]) / scale[j]);
        let svd = z.svd(false, true);
        let vt = svd.v_t.expect("V requested");
        let mut idx: Vec<usize> = (0..svd.singular_values.len()).collect();
        idx.sort_by(|&a, &b| svd.singular_values[b].total_cmp(&svd.singular_values[a]));
        let sdev: Vec<f64> = idx
            .iter()
            .map(|&k| svd.singular_values[k] / (nf - 1.0).sqrt())
            .collect();
        let k = self.n_components.unwrap_or(idx.len()).min(idx.len());
        let mut rotation = DMatrix::zeros(p, k);
        for (c, &s) in idx.iter().take(k).enumerate() {
            let v = vt.row(s).transpose();
            // Orient: largest-magnitude loading positive (deterministic sign).
            let big = v
                .iter()
                .copied()
                .fold(0.0f64, |m, a| if a.abs() > m.abs() { a } else { m });
            let sign = if big < 0.0 { -1.0 } else { 1.0 };
            rotation.set_column(c, &(v * sign));
        }
        Ok(Pca {
            center,
            scale,
            rotation,
            sdev,
        })
    }
}

impl Pca {
    /// Scores of new rows (`predict(prcomp, newdata)`).
    ///
    /// # Errors
    /// [`PcaError::ShapeMismatch`].
    pub fn transform(&self, x: &DMatrix<f64>) -> Result<DMatrix<f64>, PcaError> {
        if x.ncols() != self.center.len() {
            return Err(PcaError::ShapeMismatch {
                got: x.ncols(),
                expected: self.center.len(),
            });
        }
        let z = DMatrix::from_fn(x.nrows(), x.ncols(), |i, j| {
            (x[(i, j)] - self.center[j]) / self.scale[j]
        });
        Ok(z * &self.rotation)
    }

    /// Proportion of variance of each component (`summary(prcomp)`).
    pub fn variance_explained(&self) -> Vec<f64> {
        let tot: f64 = self.sdev.iter().map(|s| s * s).sum();
        self.sdev.iter().map(|s| s * s / tot).collect()
    }

    /// `summary(prcomp)`'s importance table.
    pub fn summary(&self) -> Table {
        let ve = self.variance_explained();
        let mut t = Table::new([
            "Standard deviation",
            "Proportion of Variance",
            "Cumulative Proportion",
        ]);
        let mut cum = 0.0;
        for (k, s) in self.sdev.iter().enumerate() {
            cum += ve[k];
            t.push_row(
                format!("PC{}", k + 1),
                [Cell::Num(*s), Cell::Num(ve[k]), Cell::Num(cum)],
            );
        }
        t
    }
}

impl fmt::Display for Pca {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

#[cfg(test)]
#[allow(clippy::excessive_precision)] // R values printed with %.17g
mod tests {
    use super::*;

    /// R `datasets::USArrests` (Murder, Assault, UrbanPop, Rape).
    const USARRESTS: [f64; 200] = [
        13.2, 236., 58., 21.2, 10., 263., 48., 44.5, 8.1, 294., 80., 31., 8.8, 190., 50., 19.5, 9.,
        276., 91., 40.6, 7.9, 204., 78., 38.7, 3.3, 110., 77., 11.1, 5.9, 238., 72., 15.8, 15.4,
        335., 80., 31.9, 17.4, 211., 60., 25.8, 5.3, 46., 83., 20.2, 2.6, 120., 54., 14.2, 10.4,
        249., 83., 24., 7.2, 113., 65., 21., 2.2, 56., 57., 11.3, 6., 115., 66., 18., 9.7, 109.,
        52., 16.3, 15.4, 249., 66., 22.2, 2.1, 83., 51., 7.8, 11.3, 300., 67., 27.8, 4.4, 149.,
        85., 16.3, 12.1, 255., 74., 35.1, 2.7, 72., 66., 14.9, 16.1, 259., 44., 17.1, 9., 178.,
        70., 28.2, 6., 109., 53., 16.4, 4.3, 102., 62., 16.5, 12.2, 252., 81., 46., 2.1, 57., 56.,
        9.5, 7.4, 159., 89., 18.8, 11.4, 285., 70., 32.1, 11.1, 254., 86., 26.1, 13., 337., 45.,
        16.1, 0.8, 45., 44., 7.3, 7.3, 120., 75., 21.4, 6.6, 151., 68., 20., 4.9, 159., 67., 29.3,
        6.3, 106., 72., 14.9, 3.4, 174., 87., 8.3, 14.4, 279., 48., 22.5, 3.8, 86., 45., 12.8,
        13.2, 188., 59., 26.9, 12.7, 201., 80., 25.5, 3.2, 120., 80., 22.9, 2.2, 48., 32., 11.2,
        8.5, 156., 63., 20.7, 4., 145., 73., 26.2, 5.7, 81., 39., 9.3, 2.6, 53., 66., 10.8, 6.8,
        161., 60., 15.6,
    ];

    #[test]
    fn usarrests_matches_prcomp() {
        let x = DMatrix::from_row_slice(50, 4, &USARRESTS);
        let pca = PcaParams::default().fit(&x).unwrap();
        // sprintf("%.17g", prcomp(USArrests, scale. = TRUE)$sdev)
        let sdev = [
            1.5748782743912282,
            0.99486941481776425,
            0.59712911550252645,
            0.41644938195396003,
        ];
        for (a, b) in pca.sdev.iter().zip(sdev) {
            assert!((a - b).abs() < 1e-12 * b, "{a} vs {b}");
        }
        // PC1 loadings (R's sign is negative; ours is oriented positive).
        let pc1 = [
            -0.53589947493815537,
            -0.58318363490967051,
            -0.27819087461943315,
            -0.54343209144568294,
        ];
        let sign = -1.0;
        for (j, w) in pc1.iter().enumerate() {
            assert!((pca.rotation[(j, 0)] - sign * w).abs() < 1e-12);
        }
        // Scores of the first two states.
        let s = pca.transform(&x.rows(0, 2).into_owned()).unwrap();
        assert!((s[(0, 0)] - sign * -0.97566044833360566).abs() < 1e-12);
        assert!((s[(1, 0)] - sign * -1.9305378785136842).abs() < 1e-12);
    }

    #[test]
    fn new_rows_use_training_centre() {
        let train = DMatrix::from_row_slice(3, 2, &[0., 0., 1., 1., 2., 2.1]);
        let pca = PcaParams {
            n_components: Some(1),
            scale: false,
        }
        .fit(&train)
        .unwrap();
        let far = DMatrix::from_row_slice(1, 2, &[100., 100.]);
        assert!(pca.transform(&far).unwrap()[(0, 0)] > 100.0);
        assert_eq!(
            PcaParams::default()
                .fit(&DMatrix::from_row_slice(3, 1, &[1., 1., 1.]))
                .unwrap_err(),
            PcaError::ConstantColumn(0)
        );
    }
}
