//! The printed coefficient table of a logistic fit (R `summary.glm`).

use super::{GlmWarning, LogisticFit};
use crate::table::{Cell, Table};
use std::fmt;

impl LogisticFit {
    /// The coefficient table as `summary(glm)`: `Estimate Std. Error z value Pr(>|z|)`
    /// plus `OR` and its Wald limits; deviances, AIC and warnings in the footer.
    pub fn summary(&self) -> Table {
        let pct = self.conf_level * 100.0;
        let lo = format!("{} %", crate::table::format_num((100.0 - pct) / 2.0, 3));
        let hi = format!(
            "{} %",
            crate::table::format_num(100.0 - (100.0 - pct) / 2.0, 3)
        );
        let mut t = Table::new([
            "Estimate",
            "Std. Error",
            "z value",
            "Pr(>|z|)",
            "OR",
            &lo,
            &hi,
        ])
        .with_title("Logistic regression (glm, family = binomial)");
        let num = |v: f64, aliased: bool| if aliased { Cell::Na } else { Cell::Num(v) };
        for c in &self.coefficients {
            let a = c.aliased;
            t.push_row(
                c.term.clone(),
                [
                    num(c.estimate, a),
                    num(c.se, a),
                    num(c.z, a),
                    if a { Cell::Na } else { Cell::P(c.p) },
                    num(c.odds_ratio, a),
                    num(c.or_lower, a),
                    num(c.or_upper, a),
                ],
            );
        }
        t.push_footer(format!(
            "    Null deviance: {}  on {}  degrees of freedom",
            crate::table::format_num(self.null_deviance, 5),
            self.df_null
        ));
        t.push_footer(format!(
            "Residual deviance: {}  on {}  degrees of freedom",
            crate::table::format_num(self.deviance, 5),
            self.df_residual
        ));
        t.push_footer(format!(
            "AIC: {}    Fisher scoring iterations: {}",
            crate::table::format_num(self.aic, 5),
            self.iterations
        ));
        for w in &self.warnings {
            let line = match w {
                GlmWarning::NotConverged { iterations } => {
                    format!("Warning: algorithm did not converge in {iterations} iterations")
                }
                GlmWarning::FittedProbabilitiesZeroOrOne { n_obs } => format!(
                    "Warning: fitted probabilities numerically 0 or 1 occurred ({n_obs} obs): separation"
                ),
                GlmWarning::Aliased { term } => {
                    format!("Note: '{term}' is linearly dependent on earlier terms (NA)")
                }
                GlmWarning::NonIntegerWeights => {
                    "Warning: non-integer weights; AIC uses rounded counts".to_string()
                }
                GlmWarning::StepHalving { iteration } => {
                    format!("Note: step-halving needed at iteration {iteration}")
                }
            };
            t.push_footer(line);
        }
        t
    }
}

impl fmt::Display for LogisticFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
