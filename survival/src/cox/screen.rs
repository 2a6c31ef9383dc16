//! Univariate-then-multivariable Cox screening.

use super::error::CoxError;
use super::fit::CoxFit;
use super::params::{CoxData, CoxParams, CoxTerm};
use prognos_core::table::{Cell, Table};
use std::fmt;

/// One coefficient of a univariate fit.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenRow {
    /// Coefficient (column) name, e.g. `celltype[adeno]`.
    pub term: String,
    /// The model term it belongs to, e.g. `celltype`.
    pub covariate: String,
    /// Log hazard ratio (None if the column was dropped).
    pub coef: Option<f64>,
    /// Hazard ratio.
    pub hr: Option<f64>,
    /// Lower confidence limit of the hazard ratio.
    pub hr_lower: Option<f64>,
    /// Upper confidence limit.
    pub hr_upper: Option<f64>,
    /// Wald p-value.
    pub p: Option<f64>,
}

/// Result of [`CoxParams::screen`].
#[derive(Debug, Clone)]
pub struct CoxScreen {
    /// Every coefficient of every univariate fit, in term order.
    pub univariate: Vec<ScreenRow>,
    /// Terms that passed the threshold, in term order.
    pub selected: Vec<String>,
    /// The multivariable fit on the selected terms (None if none passed).
    pub multivariate: Option<CoxFit>,
    /// The threshold used.
    pub p_threshold: f64,
}

/// The columns `cols` of `data` as a new data set.
pub(crate) fn select_columns(data: &CoxData, cols: &[usize]) -> CoxData {
    let x = data.x.select_columns(cols);
    CoxData {
        time: data.time.clone(),
        start: data.start.clone(),
        event: data.event.clone(),
        x,
        names: cols.iter().map(|&j| data.names[j].clone()).collect(),
        strata: data.strata.clone(),
        weights: data.weights.clone(),
        cluster: data.cluster.clone(),
    }
}

impl CoxParams {
    /// Fits one Cox model per term (all columns of a factor together),
    /// keeps the terms with any coefficient's Wald p below `p_threshold`
    /// (a factor enters whole if any of its levels passes), then fits one
    /// multivariable model on the kept terms.
    ///
    /// # Errors
    /// As [`CoxParams::fit`] for any of the fits;
    /// [`CoxError::InvalidParameter`] for a threshold outside (0, 1].
    ///
    /// # References
    /// R: `lapply(vars, function(v) coxph(Surv(t, e) ~ v))`, then
    /// `coxph(Surv(t, e) ~ selected)`.
    pub fn screen(
        &self,
        data: &CoxData,
        terms: &[CoxTerm],
        p_threshold: f64,
    ) -> Result<CoxScreen, CoxError> {
        if !(p_threshold > 0.0 && p_threshold <= 1.0) {
            return Err(CoxError::InvalidParameter {
                name: "p_threshold",
                value: p_threshold,
            });
        }
        let mut univariate = Vec::new();
        let mut selected = Vec::new();
        let mut cols = Vec::new();
        for t in terms {
            let idx: Vec<usize> = t.columns.clone().collect();
            let fit = self.fit(&select_columns(data, &idx))?;
            let mut pass = false;
            for c in fit.coefficients() {
                if c.p.is_some_and(|p| p < p_threshold) {
                    pass = true;
                }
                univariate.push(ScreenRow {
                    term: c.term,
                    covariate: t.name.clone(),
                    coef: c.coef,
                    hr: c.hr,
                    hr_lower: c.hr_lower,
                    hr_upper: c.hr_upper,
                    p: c.p,
                });
            }
            if pass {
                selected.push(t.name.clone());
                cols.extend(idx);
            }
        }
        let multivariate = if cols.is_empty() {
            None
        } else {
            Some(self.fit(&select_columns(data, &cols))?)
        };
        Ok(CoxScreen {
            univariate,
            selected,
            multivariate,
            p_threshold,
        })
    }
}

impl CoxScreen {
    /// The univariate table: `coef exp(coef) lower upper p` per coefficient.
    pub fn summary(&self) -> Table {
        let mut t = Table::new(["coef", "exp(coef)", "lower .95", "upper .95", "p"]).with_digits(4);
        for r in &self.univariate {
            t.push_row(
                r.term.clone(),
                [
                    Cell::from(r.coef),
                    r.hr.into(),
                    r.hr_lower.into(),
                    r.hr_upper.into(),
                    r.p.map_or(Cell::Na, Cell::P),
                ],
            );
        }
        t.push_footer(format!(
            "Selected (p < {}): {}",
            self.p_threshold,
            self.selected.join(", ")
        ));
        t
    }
}

impl fmt::Display for CoxScreen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Univariate Cox models")?;
        write!(f, "{}", self.summary())?;
        if let Some(m) = &self.multivariate {
            writeln!(f)?;
            writeln!(f, "Multivariable Cox model")?;
            write!(f, "{m}")?;
        }
        Ok(())
    }
}
