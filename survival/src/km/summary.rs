//! Printed forms of the curves, as `print.survfit` and `summary.survfit`.

use std::fmt;

use prognos_core::{Cell, Table};

use super::{KmCurve, KmFit};

fn level_prefix(level: f64) -> String {
    // R: paste0(conf.int, "LCL"), e.g. "0.95LCL"
    format!("{level}")
}

impl KmCurve {
    /// The event-time rows as `summary(fit)` prints them: `time n.risk
    /// n.event survival std.err lower 95% CI upper 95% CI`.
    pub fn summary(&self) -> Table {
        let pct = format!("{}%", (self.conf_level * 100.0).round());
        let mut t = Table::new([
            "time".to_string(),
            "n.risk".into(),
            "n.event".into(),
            "survival".into(),
            "std.err".into(),
            format!("lower {pct} CI"),
            format!("upper {pct} CI"),
        ])
        .with_title(format!(
            "{}: Kaplan-Meier ({} interval)",
            self.label,
            self.conf_type.r_name()
        ));
        for r in self.table.iter().filter(|r| r.n_event > 0.0) {
            t.push_row(
                "",
                [
                    Cell::Num(r.time),
                    Cell::Num(r.n_risk),
                    Cell::Num(r.n_event),
                    Cell::Num(r.survival),
                    Cell::Num(r.std_err),
                    r.lower.into(),
                    r.upper.into(),
                ],
            );
        }
        t
    }

    fn print_row(&self) -> [Cell; 5] {
        [
            Cell::Int(self.n as i64),
            Cell::Num(self.events),
            self.median.estimate.into(),
            self.median.lower.into(),
            self.median.upper.into(),
        ]
    }
}

impl KmFit {
    /// The `print.survfit` table: one row per group with `n events median
    /// 0.95LCL 0.95UCL`.
    pub fn summary(&self) -> Table {
        let level = self.curves.first().map_or(0.95, |c| c.conf_level);
        let p = level_prefix(level);
        let mut t = Table::new([
            "n".to_string(),
            "events".into(),
            "median".into(),
            format!("{p}LCL"),
            format!("{p}UCL"),
        ]);
        for c in &self.curves {
            t.push_row(c.label.clone(), c.print_row());
        }
        t
    }
}

impl fmt::Display for KmFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

impl fmt::Display for KmCurve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
