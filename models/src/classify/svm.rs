//! Support-vector machine (C-SVC, linfa-svm's SMO solver) with an RBF or
//! linear kernel; probabilities by Platt scaling of the decision values
//! (a logistic fit of `y` on the training decision values).

use super::ClassifyError;
use super::model::{Classifier, FittedClassifier, check_two_classes};
use linfa::prelude::*;
use linfa_svm::Svm;
use nalgebra::DMatrix;
use ndarray::{Array1, Array2};

/// The SVM kernel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SvmKernel {
    /// `exp(−‖x − x′‖² / width)`; `None` width = number of features
    /// (scikit-learn's `gamma = 1/(p · var)` for standardised features).
    Rbf {
        /// Kernel width (linfa's `eps`).
        width: Option<f64>,
    },
    /// `⟨x, x′⟩`.
    Linear,
}

/// C-SVC parameters.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `c` | 1 | cost of margin violations |
/// | `kernel` | RBF, width = p | kernel |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SvmModel {
    /// Cost `C` (both classes).
    pub c: f64,
    /// Kernel.
    pub kernel: SvmKernel,
}

impl Default for SvmModel {
    fn default() -> Self {
        SvmModel {
            c: 1.0,
            kernel: SvmKernel::Rbf { width: None },
        }
    }
}

fn to_array(x: &DMatrix<f64>) -> Array2<f64> {
    Array2::from_shape_fn((x.nrows(), x.ncols()), |(i, j)| x[(i, j)])
}

struct FittedSvm {
    model: Svm<f64, bool>,
    platt_a: f64,
    platt_b: f64,
}

impl FittedSvm {
    fn decision(&self, x: &DMatrix<f64>) -> Vec<f64> {
        let a = to_array(x);
        a.rows()
            .into_iter()
            .map(|r| self.model.weighted_sum(&r) - self.model.rho)
            .collect()
    }
}

impl Classifier for SvmModel {
    fn name(&self) -> String {
        match self.kernel {
            SvmKernel::Rbf { .. } => format!("svm_rbf(C={})", self.c),
            SvmKernel::Linear => format!("svm_linear(C={})", self.c),
        }
    }
    fn fit(
        &self,
        x: &DMatrix<f64>,
        y: &[bool],
        _seed: u64,
    ) -> Result<Box<dyn FittedClassifier>, ClassifyError> {
        check_two_classes(y, None)?;
        if !(self.c > 0.0 && self.c.is_finite()) {
            return Err(ClassifyError::BadParameter {
                name: "C",
                requirement: "positive",
                value: self.c,
            });
        }
        let ds = Dataset::new(to_array(x), Array1::from_vec(y.to_vec()));
        let params = Svm::<f64, bool>::params().pos_neg_weights(self.c, self.c);
        let params = match self.kernel {
            SvmKernel::Rbf { width } => params.gaussian_kernel(width.unwrap_or(x.ncols() as f64)),
            SvmKernel::Linear => params.linear_kernel(),
        };
        let model = params
            .fit(&ds)
            .map_err(|e| ClassifyError::Svm(e.to_string()))?;
        let mut fitted = FittedSvm {
            model,
            platt_a: 1.0,
            platt_b: 0.0,
        };
        // Platt scaling on the training decision values.
        let d = fitted.decision(x);
        let dm = DMatrix::from_column_slice(d.len(), 1, &d);
        if let Ok(lf) =
            prognos_core::glm::LogisticParams::default().fit(&dm, &["decision".into()], y, None)
            && lf.coefficients[1].estimate.is_finite()
            && lf.coefficients[1].estimate > 0.0
        {
            fitted.platt_b = lf.coefficients[0].estimate;
            fitted.platt_a = lf.coefficients[1].estimate;
        }
        Ok(Box::new(fitted))
    }
}

impl FittedClassifier for FittedSvm {
    fn predict_proba(&self, x: &DMatrix<f64>) -> Vec<f64> {
        self.decision(x)
            .into_iter()
            .map(|d| crate::selection::sigmoid(self.platt_b + self.platt_a * d))
            .collect()
    }
}
