//! Kaplan–Meier figures: step curves with confidence bands, censoring
//! ticks, a log-rank p annotation, optional median lines and a
//! number-at-risk table in the KMunicate layout (Morris et al. 2019,
//! BMJ Open 9:e030215: at risk, censored and events under each time
//! tick), singly ([`KmPlot`]) or as a grid of panels ([`KmGrid`]).
//!
//! The curves are plain data ([`KmCurve`]); fill them from
//! `prognos-survival`'s survfit-like result (`time`, `surv`, `lower`,
//! `upper`, censored times, and the counts at the tick times, as R's
//! `summary(fit, times = ...)`).

mod draw;
mod grid;

pub use grid::KmGrid;

use crate::error::ReportError;
use crate::figure::{self, Csv, DrawResult, Figure, Plot};
use crate::theme::Theme;
use plotters::coord::Shift;
use plotters::prelude::*;

const FIGURE: &str = "kaplan-meier";

/// Counts of one curve at one time of the risk table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiskCount {
    /// The time (same unit as the x axis).
    pub time: f64,
    /// Number at risk just before `time` (R: `n.risk`).
    pub n_risk: usize,
    /// Cumulative events up to and including `time`.
    pub n_event: usize,
    /// Cumulative censored up to and including `time`.
    pub n_censor: usize,
}

/// One Kaplan–Meier curve (one group).
#[derive(Debug, Clone, PartialEq)]
pub struct KmCurve {
    /// Group label (legend and risk table).
    pub label: String,
    /// Times at which the estimate changes or is reported, increasing
    /// (R: `fit$time`).
    pub times: Vec<f64>,
    /// Survival probability at each time (R: `fit$surv`).
    pub surv: Vec<f64>,
    /// Lower confidence limit at each time (`NaN` where undefined).
    pub lower: Vec<f64>,
    /// Upper confidence limit at each time (`NaN` where undefined).
    pub upper: Vec<f64>,
    /// Times of censored observations (drawn as ticks on the curve).
    pub censor_times: Vec<f64>,
    /// Median survival time, if reached.
    pub median: Option<f64>,
    /// Counts at the risk-table times (empty: no table for this curve).
    pub risk_table: Vec<RiskCount>,
}

impl KmCurve {
    /// Survival at time `t` (right-continuous step function, 1 before
    /// the first time).
    pub fn surv_at(&self, t: f64) -> f64 {
        let k = self.times.partition_point(|&x| x <= t);
        if k == 0 { 1.0 } else { self.surv[k - 1] }
    }
}

/// A Kaplan–Meier panel.
///
/// | Field | Default | Purpose |
/// |---|---|---|
/// | `title` | none | panel title (e.g. `"A  Training cohort"`) |
/// | `x_label` | `"Time"` | x-axis title with unit |
/// | `y_label` | `"Survival probability"` | y-axis title |
/// | `logrank_p` | none | log-rank p printed in the plot |
/// | `show_ci` | true | confidence bands |
/// | `show_median` | false | dashed median lines |
/// | `risk_table` | true | KMunicate table under the axis |
/// | `x_max` | data | right end of the time axis |
/// | `x_breaks` | risk-table times | tick (and table) times |
#[derive(Debug, Clone, PartialEq)]
pub struct KmPlot {
    /// The curves, one per group.
    pub curves: Vec<KmCurve>,
    /// Panel title.
    pub title: Option<String>,
    /// x-axis title.
    pub x_label: String,
    /// y-axis title.
    pub y_label: String,
    /// Log-rank test p-value to annotate.
    pub logrank_p: Option<f64>,
    /// Draw confidence bands.
    pub show_ci: bool,
    /// Draw median survival lines.
    pub show_median: bool,
    /// Draw the number-at-risk table.
    pub risk_table: bool,
    /// Right end of the time axis.
    pub x_max: Option<f64>,
    /// Tick times (also the risk-table columns).
    pub x_breaks: Option<Vec<f64>>,
}

impl KmPlot {
    /// A panel with default settings.
    pub fn new(curves: Vec<KmCurve>) -> Self {
        KmPlot {
            curves,
            title: None,
            x_label: "Time".into(),
            y_label: "Survival probability".into(),
            logrank_p: None,
            show_ci: true,
            show_median: false,
            risk_table: true,
            x_max: None,
            x_breaks: None,
        }
    }
    /// Sets the panel title.
    pub fn title(mut self, t: impl Into<String>) -> Self {
        self.title = Some(t.into());
        self
    }
    /// Sets the x-axis title.
    pub fn x_label(mut self, t: impl Into<String>) -> Self {
        self.x_label = t.into();
        self
    }
    /// Sets the y-axis title.
    pub fn y_label(mut self, t: impl Into<String>) -> Self {
        self.y_label = t.into();
        self
    }
    /// Sets the log-rank p-value annotation.
    pub fn logrank_p(mut self, p: f64) -> Self {
        self.logrank_p = Some(p);
        self
    }
    /// Turns median lines on or off.
    pub fn show_median(mut self, on: bool) -> Self {
        self.show_median = on;
        self
    }
    /// Turns confidence bands on or off.
    pub fn show_ci(mut self, on: bool) -> Self {
        self.show_ci = on;
        self
    }
    /// Turns the risk table on or off.
    pub fn risk_table(mut self, on: bool) -> Self {
        self.risk_table = on;
        self
    }
    /// Sets the tick / risk-table times.
    pub fn x_breaks(mut self, b: Vec<f64>) -> Self {
        self.x_breaks = Some(b);
        self
    }
    /// Sets the right end of the time axis.
    pub fn x_max(mut self, x: f64) -> Self {
        self.x_max = Some(x);
        self
    }

    /// Renders the panel to SVG + PNG + CSV. The theme's height is the
    /// plot's; the risk table adds its own height below.
    ///
    /// # Errors
    /// [`ReportError::EmptyData`] without curves, [`ReportError::LengthMismatch`]
    /// when `surv`/`lower`/`upper` do not match `times`,
    /// [`ReportError::BadValue`] for non-finite times or survival.
    pub fn render(&self, name: &str, theme: &Theme) -> Result<Figure, ReportError> {
        figure::render(self, name, theme)
    }

    pub(crate) fn check(&self) -> Result<(), ReportError> {
        if self.curves.is_empty() {
            return Err(ReportError::EmptyData {
                figure: FIGURE,
                what: "curves",
            });
        }
        for c in &self.curves {
            let n = c.times.len();
            figure::check_len(FIGURE, "surv", c.surv.len(), n, "time")?;
            figure::check_len(FIGURE, "lower", c.lower.len(), n, "time")?;
            figure::check_len(FIGURE, "upper", c.upper.len(), n, "time")?;
            figure::check_finite(FIGURE, "times", &c.label, &c.times)?;
            figure::check_finite(FIGURE, "surv", &c.label, &c.surv)?;
            figure::check_finite(FIGURE, "censor_times", &c.label, &c.censor_times)?;
        }
        Ok(())
    }

    /// The tick / table times.
    pub(crate) fn breaks(&self) -> Vec<f64> {
        if let Some(b) = &self.x_breaks {
            return b.clone();
        }
        let from_table: Vec<f64> = self
            .curves
            .iter()
            .find(|c| !c.risk_table.is_empty())
            .map(|c| c.risk_table.iter().map(|r| r.time).collect())
            .unwrap_or_default();
        if from_table.len() >= 2 {
            return from_table;
        }
        figure::nice_ticks(0.0, self.data_max(), 6)
    }

    fn data_max(&self) -> f64 {
        self.curves
            .iter()
            .flat_map(|c| c.times.iter().chain(c.censor_times.iter()))
            .fold(0.0f64, |a, &b| a.max(b))
            .max(f64::MIN_POSITIVE)
    }

    /// Right end of the x axis.
    pub(crate) fn x_end(&self) -> f64 {
        if let Some(x) = self.x_max {
            return x;
        }
        // The axis ends at the last tick (KMunicate: the table's last
        // column); curves are clipped there.
        match self.breaks().last() {
            Some(&b) if b > 0.0 => b,
            _ => self.data_max(),
        }
    }

    /// Number of text lines of the risk table (0 without one).
    pub(crate) fn table_lines(&self) -> usize {
        if self.risk_table && self.curves.iter().any(|c| !c.risk_table.is_empty()) {
            self.curves.len() * 4
        } else {
            0
        }
    }

    /// Height in millimetres of the risk table at this theme.
    pub(crate) fn table_mm(&self, theme: &Theme) -> f64 {
        let lines = self.table_lines();
        if lines == 0 {
            0.0
        } else {
            draw::line_mm(theme) * lines as f64 + 2.0
        }
    }

    pub(crate) fn csv_into(&self, panel: &str, out: &mut Csv) {
        for c in &self.curves {
            for i in 0..c.times.len() {
                out.row([
                    panel.to_string(),
                    c.label.clone(),
                    "curve".into(),
                    Csv::num(c.times[i]),
                    Csv::num(c.surv[i]),
                    Csv::num(c.lower[i]),
                    Csv::num(c.upper[i]),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
            }
            for &t in &c.censor_times {
                out.row([
                    panel.to_string(),
                    c.label.clone(),
                    "censor".into(),
                    Csv::num(t),
                    Csv::num(c.surv_at(t)),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
            }
            for r in &c.risk_table {
                out.row([
                    panel.to_string(),
                    c.label.clone(),
                    "risk".into(),
                    Csv::num(r.time),
                    String::new(),
                    String::new(),
                    String::new(),
                    r.n_risk.to_string(),
                    r.n_event.to_string(),
                    r.n_censor.to_string(),
                ]);
            }
        }
    }

    pub(crate) fn csv_header() -> Csv {
        Csv::new([
            "panel", "group", "kind", "time", "surv", "lower", "upper", "n_risk", "n_event",
            "n_censor",
        ])
    }
}

impl Plot for KmPlot {
    const FIGURE: &'static str = FIGURE;

    fn validate(&self) -> Result<(), ReportError> {
        self.check()
    }

    fn height_mm(&self, theme: &Theme) -> f64 {
        theme.height_mm + self.table_mm(theme)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> DrawResult<DB> {
        draw::panel(root, self, theme)
    }

    fn csv(&self) -> Csv {
        let mut c = Self::csv_header();
        self.csv_into(self.title.as_deref().unwrap_or(""), &mut c);
        c
    }
}
