//! Discrimination compared across models and cohorts: each model's
//! C-index (Harrell's or Uno's) or AUC as a point with its confidence
//! interval, models as rows, cohorts dodged within a row and coloured.

use crate::error::ReportError;
use crate::figure::{
    self, Axis, Csv, DrawResult, Figure, Key, Plot, XyPanel, dashed, legend, legend_size,
    nice_ticks,
};
use crate::theme::{GREY, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;

const FIGURE: &str = "c-index";

/// One model's concordance in one cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct CIndexPoint {
    /// Model name (one row per model).
    pub model: String,
    /// Cohort name (one colour per cohort).
    pub cohort: String,
    /// The C-index (or AUC).
    pub c: f64,
    /// Lower confidence limit.
    pub lower: f64,
    /// Upper confidence limit.
    pub upper: f64,
}

/// A C-index comparison figure.
///
/// | Field | Default | Purpose |
/// |---|---|---|
/// | `x_label` | `"C-index (95% CI)"` | axis title |
/// | `reference` | 0.5 | dashed reference line (no discrimination) |
#[derive(Debug, Clone, PartialEq)]
pub struct CIndexPlot {
    /// The points.
    pub points: Vec<CIndexPoint>,
    /// Axis title.
    pub x_label: String,
    /// Reference line (drawn when inside the axis range).
    pub reference: f64,
    /// Panel title.
    pub title: Option<String>,
}

impl CIndexPlot {
    /// A comparison of `points`.
    pub fn new(points: Vec<CIndexPoint>) -> Self {
        CIndexPlot {
            points,
            x_label: "C-index (95% CI)".into(),
            reference: 0.5,
            title: None,
        }
    }
    /// Sets the axis title.
    pub fn x_label(mut self, t: impl Into<String>) -> Self {
        self.x_label = t.into();
        self
    }
    /// Renders the plot.
    ///
    /// # Errors
    /// [`ReportError::EmptyData`], [`ReportError::BadValue`] (non-finite C).
    pub fn render(&self, name: &str, theme: &Theme) -> Result<Figure, ReportError> {
        figure::render(self, name, theme)
    }

    fn distinct(&self, f: impl Fn(&CIndexPoint) -> &String) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in &self.points {
            if !out.contains(f(p)) {
                out.push(f(p).clone());
            }
        }
        out
    }
}

impl Plot for CIndexPlot {
    const FIGURE: &'static str = FIGURE;

    fn validate(&self) -> Result<(), ReportError> {
        if self.points.is_empty() {
            return Err(ReportError::EmptyData {
                figure: FIGURE,
                what: "points",
            });
        }
        for p in &self.points {
            figure::check_finite(FIGURE, "c", &p.model, &[p.c])?;
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> DrawResult<DB> {
        let models = self.distinct(|p| &p.model);
        let cohorts = self.distinct(|p| &p.cohort);
        let vals = self
            .points
            .iter()
            .flat_map(|p| [p.c, p.lower, p.upper])
            .filter(|v| v.is_finite());
        let (lo, hi) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        let lo = ((lo - 0.02) * 20.0).floor() / 20.0;
        let hi = (((hi + 0.02) * 20.0).ceil() / 20.0).min(1.0);
        let ticks = nice_ticks(lo, hi, 5);
        let entries: Vec<(String, RGBColor)> = cohorts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), theme.colour(i)))
            .collect();
        let (lw, _) = legend_size(theme, &entries);
        let n = models.len() as f64;
        // Rows top to bottom: model k at y = n - 1 - k.
        let y_ticks: Vec<f64> = (0..models.len()).map(|k| n - 1.0 - k as f64).collect();
        let y_axis = Axis {
            ticks: y_ticks
                .iter()
                .zip(&models)
                .map(|(&y, m)| (y, m.clone()))
                .collect(),
            title: String::new(),
        };
        let panel = XyPanel::draw(
            root,
            theme,
            self.title.as_deref(),
            &Axis::new(&ticks, |v| format!("{v:.2}"), self.x_label.clone()),
            &y_axis,
            (lo, hi),
            (-0.6, n - 0.4),
            lw + theme.mm(4.0),
        )?;
        if self.reference > lo && self.reference < hi {
            let f = panel.frame;
            dashed(
                root,
                theme,
                (panel.x.px(self.reference), f.top),
                (panel.x.px(self.reference), f.bottom),
                &GREY,
            )?;
        }
        let nc = cohorts.len() as f64;
        let band = 0.6;
        let r = theme.pt(1.8) as i32;
        for p in &self.points {
            let k = models.iter().position(|m| m == &p.model).unwrap_or(0) as f64;
            let j = cohorts.iter().position(|c| c == &p.cohort).unwrap_or(0);
            let offset = if nc > 1.0 {
                band / 2.0 - band * j as f64 / (nc - 1.0)
            } else {
                0.0
            };
            let y = n - 1.0 - k + offset;
            let colour = theme.colour(j);
            if p.lower.is_finite() && p.upper.is_finite() {
                root.draw(&PathElement::new(
                    vec![panel.at(p.lower.max(lo), y), panel.at(p.upper.min(hi), y)],
                    colour.stroke_width(theme.stroke(theme.line_pt)),
                ))?;
            }
            root.draw(&Circle::new(panel.at(p.c, y), r, colour.filled()))?;
        }
        let f = panel.frame;
        legend(
            root,
            theme,
            f.right + theme.mm(2.0) + lw,
            f.top,
            &entries,
            Key::Dot,
        )
    }

    fn csv(&self) -> Csv {
        let mut out = Csv::new(["model", "cohort", "c_index", "lower", "upper"]);
        for p in &self.points {
            out.row([
                p.model.clone(),
                p.cohort.clone(),
                Csv::num(p.c),
                Csv::num(p.lower),
                Csv::num(p.upper),
            ]);
        }
        out
    }
}
