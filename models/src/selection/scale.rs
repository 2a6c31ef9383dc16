//! Feature scaling fitted on training rows only and applied to any rows.

use super::SelectionError;
use nalgebra::DMatrix;

/// The scaling rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScaleKind {
    /// `(x − mean) / sd` with the sample SD (`n − 1`), as R `scale()`.
    #[default]
    ZScore,
    /// `(x − min) / (max − min)`, mapping the training range to [0, 1].
    MinMax,
}

/// A scaler fitted on training data: `x' = (x − center) / scale`.
/// Constant training columns get scale 1 (they map to 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Scaler {
    /// Rule used.
    pub kind: ScaleKind,
    /// Per-column center (mean or minimum).
    pub center: Vec<f64>,
    /// Per-column divisor (SD or range).
    pub scale: Vec<f64>,
}

impl Scaler {
    /// Fits the scaler on the rows of `x` (the training fold only).
    pub fn fit(kind: ScaleKind, x: &DMatrix<f64>) -> Scaler {
        let n = x.nrows() as f64;
        let (center, scale) = (0..x.ncols())
            .map(|j| {
                let c = x.column(j);
                let (ctr, s) = match kind {
                    ScaleKind::ZScore => {
                        let m = c.sum() / n;
                        let v = c.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0);
                        (m, v.sqrt())
                    }
                    ScaleKind::MinMax => (c.min(), c.max() - c.min()),
                };
                (ctr, if s > 0.0 && s.is_finite() { s } else { 1.0 })
            })
            .unzip();
        Scaler {
            kind,
            center,
            scale,
        }
    }

    /// Applies the fitted scaling to `x`.
    ///
    /// # Errors
    /// [`SelectionError::ShapeMismatch`] when `x` has another column count.
    pub fn transform(&self, x: &DMatrix<f64>) -> Result<DMatrix<f64>, SelectionError> {
        if x.ncols() != self.center.len() {
            return Err(SelectionError::ShapeMismatch {
                got: x.ncols(),
                expected: self.center.len(),
            });
        }
        Ok(DMatrix::from_fn(x.nrows(), x.ncols(), |i, j| {
            (x[(i, j)] - self.center[j]) / self.scale[j]
        }))
    }
}
