//! The printed form of the test, as `print.survdiff`.

use std::fmt;

use prognos_core::{Cell, Table};

use super::LogrankTest;

impl LogrankTest {
    /// The `print.survdiff` table: `N Observed Expected (O-E)^2/E (O-E)^2/V`
    /// per group and the `Chisq= … on … degrees of freedom, p= …` line.
    pub fn summary(&self) -> Table {
        let mut t =
            Table::new(["N", "Observed", "Expected", "(O-E)^2/E", "(O-E)^2/V"]).with_digits(3);
        for (g, r) in self.groups.iter().enumerate() {
            let oe = r.observed - r.expected;
            t.push_row(
                r.label.clone(),
                [
                    Cell::Int(r.n as i64),
                    Cell::Num(r.observed),
                    Cell::Num(r.expected),
                    Cell::Num(oe * oe / r.expected),
                    Cell::Num(oe * oe / self.var[(g, g)]),
                ],
            );
        }
        t.push_footer("");
        t.push_footer(format!(
            " Chisq= {:.1}  on {} degrees of freedom, p= {}",
            self.chisq,
            self.df,
            prognos_core::table::format_p(self.p_value, 3)
        ));
        t
    }
}

impl fmt::Display for LogrankTest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
