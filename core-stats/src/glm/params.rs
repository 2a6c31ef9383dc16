//! Parameters of the logistic fit (`glm.control` plus the CI level).

use super::GlmError;

/// Settings of [`LogisticParams::fit`]; `Default` is R's `glm.control()`
/// with a 95% odds-ratio interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogisticParams {
    /// Maximum number of IRLS iterations (R `maxit = 25`).
    pub max_iter: usize,
    /// Convergence tolerance on the relative deviance change (R `epsilon = 1e-8`).
    pub epsilon: f64,
    /// Confidence level of the Wald odds-ratio interval.
    pub conf_level: f64,
}

impl Default for LogisticParams {
    fn default() -> Self {
        LogisticParams {
            max_iter: 25,
            epsilon: 1e-8,
            conf_level: 0.95,
        }
    }
}

impl LogisticParams {
    /// Sets `max_iter`.
    pub fn max_iter(mut self, v: usize) -> Self {
        self.max_iter = v;
        self
    }
    /// Sets `epsilon`.
    pub fn epsilon(mut self, v: f64) -> Self {
        self.epsilon = v;
        self
    }
    /// Sets `conf_level`.
    pub fn conf_level(mut self, v: f64) -> Self {
        self.conf_level = v;
        self
    }

    pub(crate) fn check(&self) -> Result<(), GlmError> {
        if self.max_iter == 0 {
            return Err(GlmError::InvalidParameter {
                name: "max_iter",
                value: 0.0,
            });
        }
        if !(self.epsilon > 0.0 && self.epsilon.is_finite()) {
            return Err(GlmError::InvalidParameter {
                name: "epsilon",
                value: self.epsilon,
            });
        }
        if !(self.conf_level > 0.0 && self.conf_level < 1.0) {
            return Err(GlmError::InvalidParameter {
                name: "conf_level",
                value: self.conf_level,
            });
        }
        Ok(())
    }
}
