//! Predictions of a fitted logistic model on new rows (R `predict.glm`).

use super::kernel::logit_inv;
use super::{GlmError, LogisticFit};
use nalgebra::DMatrix;

impl LogisticFit {
    /// Linear predictor `β0 + x β` for new rows (R `predict(fit, newdata, type = "link")`).
    /// `newx` has the same p columns as the fitting matrix, without intercept.
    /// Aliased coefficients count as 0, as R does (it warns "prediction from a
    /// rank-deficient fit may be misleading").
    ///
    /// # Errors
    /// [`GlmError::LengthMismatch`] when `newx` has the wrong number of columns,
    /// [`GlmError::NonFiniteCovariate`] for a NaN/infinite value.
    pub fn predict_link(&self, newx: &DMatrix<f64>) -> Result<Vec<f64>, GlmError> {
        let p = self.coefficients.len() - 1;
        if newx.ncols() != p {
            return Err(GlmError::LengthMismatch {
                what: "newx columns",
                found: newx.ncols(),
                expected: p,
            });
        }
        let b: Vec<f64> = self
            .coefficients
            .iter()
            .map(|c| if c.aliased { 0.0 } else { c.estimate })
            .collect();
        (0..newx.nrows())
            .map(|i| {
                let mut eta = b[0];
                for j in 0..p {
                    let v = newx[(i, j)];
                    if !v.is_finite() {
                        return Err(GlmError::NonFiniteCovariate {
                            column: self.coefficients[j + 1].term.clone(),
                            row: i,
                        });
                    }
                    eta += b[j + 1] * v;
                }
                Ok(eta)
            })
            .collect()
    }

    /// Predicted probabilities for new rows (R `predict(fit, newdata, type = "response")`).
    ///
    /// # Errors
    /// As [`LogisticFit::predict_link`].
    pub fn predict(&self, newx: &DMatrix<f64>) -> Result<Vec<f64>, GlmError> {
        Ok(self
            .predict_link(newx)?
            .into_iter()
            .map(logit_inv)
            .collect())
    }
}
