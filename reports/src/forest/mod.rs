//! Forest plots of hazard (or odds) ratios: one row per term, the
//! estimate as a square with its confidence interval on a log axis, a
//! reference line at 1, and text columns `HR (95% CI)` and `p`.
//! Several panels (e.g. univariable and multivariable Cox models) sit
//! side by side, rows matched by label.

mod draw;

use crate::error::ReportError;
use crate::figure::{self, Csv, DrawResult, Figure, Plot};
use crate::theme::Theme;
use plotters::coord::Shift;
use plotters::prelude::*;

const FIGURE: &str = "forest";

/// One term of a forest plot.
#[derive(Debug, Clone, PartialEq)]
pub struct ForestRow {
    /// Term label, e.g. `"Age (per 10 years)"`.
    pub label: String,
    /// Ratio estimate (R: `exp(coef)`); `NaN` marks a reference level.
    pub hr: f64,
    /// Lower confidence limit (R: `lower .95`).
    pub lower: f64,
    /// Upper confidence limit (R: `upper .95`).
    pub upper: f64,
    /// Wald p-value, if shown.
    pub p: Option<f64>,
    /// Text in the estimate column of a row without an estimate
    /// (`"Reference"`, `"interaction p = 0.41"`).
    pub note: Option<String>,
    /// A group heading (label in bold, no marker), e.g. a subgroup
    /// variable above its levels.
    pub heading: bool,
}

impl ForestRow {
    /// A row with an estimate.
    pub fn new(label: impl Into<String>, hr: f64, lower: f64, upper: f64, p: Option<f64>) -> Self {
        ForestRow {
            label: label.into(),
            hr,
            lower,
            upper,
            p,
            note: None,
            heading: false,
        }
    }

    /// A reference-level row (printed as "Reference", no marker).
    pub fn reference(label: impl Into<String>) -> Self {
        ForestRow {
            label: label.into(),
            hr: f64::NAN,
            lower: f64::NAN,
            upper: f64::NAN,
            p: None,
            note: Some("Reference".into()),
            heading: false,
        }
    }

    /// A heading row (bold label, no marker) with an optional note in the
    /// estimate column, e.g. `"interaction p = 0.41"`.
    pub fn heading(label: impl Into<String>, note: Option<String>) -> Self {
        ForestRow {
            label: label.into(),
            hr: f64::NAN,
            lower: f64::NAN,
            upper: f64::NAN,
            p: None,
            note,
            heading: true,
        }
    }

    fn is_reference(&self) -> bool {
        self.hr.is_nan()
    }
}

/// One model's column of estimates.
#[derive(Debug, Clone, PartialEq)]
pub struct ForestPanel {
    /// Panel heading, e.g. `"Univariable"`.
    pub title: String,
    /// Rows (matched to other panels by label).
    pub rows: Vec<ForestRow>,
}

/// A forest plot with one or more panels.
///
/// | Field | Default | Purpose |
/// |---|---|---|
/// | `x_label` | `"Hazard ratio"` | axis title (log scale) |
/// | `ratio_name` | `"HR"` | text column heading (`HR (95% CI)`) |
/// | `label_heading` | `"Variable"` | heading of the label column |
#[derive(Debug, Clone, PartialEq)]
pub struct ForestPlot {
    /// Panels, left to right.
    pub panels: Vec<ForestPanel>,
    /// x-axis title.
    pub x_label: String,
    /// Name of the ratio in the text column heading.
    pub ratio_name: String,
    /// Heading of the label column.
    pub label_heading: String,
}

impl ForestPlot {
    /// A forest plot of hazard ratios.
    pub fn new(panels: Vec<ForestPanel>) -> Self {
        ForestPlot {
            panels,
            x_label: "Hazard ratio".into(),
            ratio_name: "HR".into(),
            label_heading: "Variable".into(),
        }
    }

    /// Sets the heading of the label column (e.g. `"Subgroup (events/n)"`).
    pub fn label_heading(mut self, heading: impl Into<String>) -> Self {
        self.label_heading = heading.into();
        self
    }

    /// Uses another ratio (e.g. `"OR"`, `"Odds ratio"`).
    pub fn ratio(mut self, short: impl Into<String>, axis: impl Into<String>) -> Self {
        self.ratio_name = short.into();
        self.x_label = axis.into();
        self
    }

    /// Renders the plot; its height follows the number of rows (the
    /// theme's height is ignored).
    ///
    /// # Errors
    /// [`ReportError::EmptyData`] without panels or rows;
    /// [`ReportError::BadValue`] for a non-positive or infinite estimate
    /// or limit (log axis).
    pub fn render(&self, name: &str, theme: &Theme) -> Result<Figure, ReportError> {
        figure::render(self, name, theme)
    }

    /// All labels in first-seen order across panels.
    pub(crate) fn labels(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in &self.panels {
            for r in &p.rows {
                if !out.contains(&r.label) {
                    out.push(r.label.clone());
                }
            }
        }
        out
    }
}

impl Plot for ForestPlot {
    const FIGURE: &'static str = FIGURE;

    fn validate(&self) -> Result<(), ReportError> {
        if self.panels.is_empty() {
            return Err(ReportError::EmptyData {
                figure: FIGURE,
                what: "panels",
            });
        }
        if self.panels.iter().all(|p| p.rows.is_empty()) {
            return Err(ReportError::EmptyData {
                figure: FIGURE,
                what: "rows",
            });
        }
        for r in self
            .panels
            .iter()
            .flat_map(|p| &p.rows)
            .filter(|r| !r.is_reference())
        {
            for (field, v) in [("hr", r.hr), ("lower", r.lower), ("upper", r.upper)] {
                if !(v.is_finite() && v > 0.0) {
                    return Err(ReportError::BadValue {
                        figure: FIGURE,
                        field,
                        label: r.label.clone(),
                        value: v,
                    });
                }
            }
        }
        Ok(())
    }

    fn height_mm(&self, theme: &Theme) -> f64 {
        let rows = self.labels().len() as f64;
        let row_mm = draw::row_mm(theme);
        row_mm * (rows + 2.0) + 12.0
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> DrawResult<DB> {
        draw::forest(root, self, theme)
    }

    fn csv(&self) -> Csv {
        let mut c = Csv::new(["panel", "term", "estimate", "lower", "upper", "p"]);
        for p in &self.panels {
            for r in &p.rows {
                c.row([
                    p.title.clone(),
                    r.label.clone(),
                    Csv::num(r.hr),
                    Csv::num(r.lower),
                    Csv::num(r.upper),
                    r.p.map_or("NA".into(), Csv::num),
                ]);
            }
        }
        c
    }
}
