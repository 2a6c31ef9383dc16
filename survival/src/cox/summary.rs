//! The printed form of a Cox fit, as `print.coxph`.

use super::fit::CoxFit;
use prognos_core::table::{Cell, Table, format_num, format_p};
use std::fmt;

impl CoxFit {
    /// The coefficient table with R's columns `coef exp(coef) se(coef) z p`
    /// (`coef exp(coef) se(coef) robust se z p` with a robust variance),
    /// footed by the likelihood-ratio test and the counts, as
    /// `print(coxph(...))`.
    pub fn summary(&self) -> Table {
        let robust = self.robust_var.is_some();
        let cols: Vec<&str> = if robust {
            vec!["coef", "exp(coef)", "se(coef)", "robust se", "z", "p"]
        } else {
            vec!["coef", "exp(coef)", "se(coef)", "z", "p"]
        };
        let mut t = Table::new(cols).with_digits(4);
        for c in self.coefficients() {
            let mut row: Vec<Cell> = vec![c.coef.into(), c.hr.into(), c.se.into()];
            if robust {
                row.push(c.robust_se.into());
            }
            row.push(c.z.into());
            row.push(c.p.map_or(Cell::Na, Cell::P));
            t.push_row(c.term.clone(), row);
        }
        let lr = &self.lr_test;
        t.push_footer(format!(
            "Likelihood ratio test={}  on {} df, p={}",
            format_num(lr.statistic, 4),
            lr.df,
            format_p(lr.p_value, 4)
        ));
        t.push_footer(format!("n= {}, number of events= {}", self.n, self.events));
        for w in &self.diagnostics.warnings {
            t.push_footer(format!("Warning: {w}"));
        }
        t
    }
}

impl fmt::Display for CoxFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
