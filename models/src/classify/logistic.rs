//! Logistic regression: plain maximum likelihood (R `glm`, through
//! `prognos_core::glm`) and elastic-net penalised (glmnet's objective).

use super::ClassifyError;
use super::model::{Classifier, FittedClassifier, check_two_classes};
use crate::selection::{PenalizedLogistic, fit_penalized_logistic};
use nalgebra::DMatrix;
use prognos_core::glm::{LogisticFit, LogisticParams};

/// Unpenalised logistic regression, as R `glm(y ~ ., family = binomial)`.
/// Separation or non-convergence is recorded in the fitted
/// [`LogisticFit::warnings`]; aliased columns predict with coefficient 0.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LogisticModel;

struct FittedLogistic(LogisticFit);

impl Classifier for LogisticModel {
    fn name(&self) -> String {
        "logistic".into()
    }
    fn fit(
        &self,
        x: &DMatrix<f64>,
        y: &[bool],
        _seed: u64,
    ) -> Result<Box<dyn FittedClassifier>, ClassifyError> {
        check_two_classes(y, None)?;
        let names: Vec<String> = (0..x.ncols()).map(|j| format!("x{}", j + 1)).collect();
        let fit = LogisticParams::default().fit(x, &names, y, None)?;
        Ok(Box::new(FittedLogistic(fit)))
    }
}

impl FittedClassifier for FittedLogistic {
    fn predict_proba(&self, x: &DMatrix<f64>) -> Vec<f64> {
        // Aliased (NA) coefficients contribute nothing, as predict.glm
        // with a rank-deficient fit.
        let c = &self.0.coefficients;
        (0..x.nrows())
            .map(|i| {
                let eta = c[0].estimate
                    + (0..x.ncols())
                        .filter(|&j| !c[j + 1].aliased)
                        .map(|j| c[j + 1].estimate * x[(i, j)])
                        .sum::<f64>();
                crate::selection::sigmoid(eta)
            })
            .collect()
    }
}

/// Penalised logistic regression at a fixed `λ` (`alpha = 1` lasso / L1,
/// `alpha = 0` ridge / L2), glmnet's objective on standardised columns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PenalizedLogisticModel {
    /// Mixing (1 = L1, 0 = L2).
    pub alpha: f64,
    /// Penalty.
    pub lambda: f64,
}

impl Classifier for PenalizedLogisticModel {
    fn name(&self) -> String {
        let kind = if self.alpha == 1.0 {
            "l1"
        } else if self.alpha == 0.0 {
            "l2"
        } else {
            "enet"
        };
        format!("logistic_{kind}(lambda={})", self.lambda)
    }
    fn fit(
        &self,
        x: &DMatrix<f64>,
        y: &[bool],
        _seed: u64,
    ) -> Result<Box<dyn FittedClassifier>, ClassifyError> {
        check_two_classes(y, None)?;
        if !(self.lambda >= 0.0 && (0.0..=1.0).contains(&self.alpha)) {
            return Err(ClassifyError::BadParameter {
                name: "lambda/alpha",
                requirement: "lambda >= 0 and alpha in [0, 1]",
                value: self.lambda,
            });
        }
        Ok(Box::new(FittedPenalized(fit_penalized_logistic(
            x,
            y,
            self.alpha,
            self.lambda,
        ))))
    }
}

struct FittedPenalized(PenalizedLogistic);

impl FittedClassifier for FittedPenalized {
    fn predict_proba(&self, x: &DMatrix<f64>) -> Vec<f64> {
        self.0.predict(x)
    }
}
