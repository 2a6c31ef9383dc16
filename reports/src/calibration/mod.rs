//! Calibration plots: predicted risk against observed proportion, the
//! ideal 45° line, grouped points (deciles) with confidence intervals,
//! and a smoothed (loess/lowess) curve, as `rms::val.prob` or
//! `CalibrationCurves::val.prob.ci.2` draw them.

use crate::error::ReportError;
use crate::figure::{
    self, Axis, Csv, DrawResult, Figure, Key, Plot, XyPanel, cover_ticks, dashed, legend,
    legend_size, polyline,
};
use crate::theme::{GREY, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;

const FIGURE: &str = "calibration";

/// One group of observations (e.g. a decile of predicted risk).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalibrationGroup {
    /// Mean predicted probability in the group.
    pub predicted: f64,
    /// Observed proportion of events in the group.
    pub observed: f64,
    /// Lower confidence limit of the observed proportion (e.g. Wilson).
    pub lower: f64,
    /// Upper confidence limit of the observed proportion.
    pub upper: f64,
    /// Group size.
    pub n: usize,
}

/// One model's calibration data.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationCurve {
    /// Model label.
    pub label: String,
    /// Grouped points.
    pub groups: Vec<CalibrationGroup>,
    /// x of the smoothed curve (predicted), increasing.
    pub smooth_x: Vec<f64>,
    /// y of the smoothed curve (observed), one per `smooth_x`.
    pub smooth_y: Vec<f64>,
}

/// A calibration figure.
///
/// | Field | Default | Purpose |
/// |---|---|---|
/// | `limit` | 1 (or the data's nice maximum) | upper end of both axes |
/// | `title` | none | panel title |
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationPlot {
    /// The models.
    pub curves: Vec<CalibrationCurve>,
    /// Upper end of both axes (probabilities).
    pub limit: Option<f64>,
    /// Panel title.
    pub title: Option<String>,
}

impl CalibrationPlot {
    /// A calibration plot of `curves`.
    pub fn new(curves: Vec<CalibrationCurve>) -> Self {
        CalibrationPlot {
            curves,
            limit: None,
            title: None,
        }
    }
    /// Sets the panel title.
    pub fn title(mut self, t: impl Into<String>) -> Self {
        self.title = Some(t.into());
        self
    }
    /// Renders the plot.
    ///
    /// # Errors
    /// [`ReportError::EmptyData`], [`ReportError::LengthMismatch`]
    /// (`smooth_y` vs `smooth_x`), [`ReportError::BadValue`].
    pub fn render(&self, name: &str, theme: &Theme) -> Result<Figure, ReportError> {
        figure::render(self, name, theme)
    }

    fn axis_max(&self) -> f64 {
        if let Some(l) = self.limit {
            return l;
        }
        let m = self
            .curves
            .iter()
            .flat_map(|c| {
                c.groups
                    .iter()
                    .flat_map(|g| [g.predicted, g.upper])
                    .chain(c.smooth_x.iter().copied())
            })
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max);
        let t = cover_ticks(0.0, m.max(0.05), 5);
        t.last().copied().unwrap_or(1.0).min(1.0)
    }
}

impl Plot for CalibrationPlot {
    const FIGURE: &'static str = FIGURE;

    fn validate(&self) -> Result<(), ReportError> {
        if self.curves.is_empty() {
            return Err(ReportError::EmptyData {
                figure: FIGURE,
                what: "curves",
            });
        }
        for c in &self.curves {
            figure::check_len(
                FIGURE,
                "smooth_y",
                c.smooth_y.len(),
                c.smooth_x.len(),
                "smooth_x",
            )?;
            let pred: Vec<f64> = c.groups.iter().map(|g| g.predicted).collect();
            let obs: Vec<f64> = c.groups.iter().map(|g| g.observed).collect();
            figure::check_finite(FIGURE, "predicted", &c.label, &pred)?;
            figure::check_finite(FIGURE, "observed", &c.label, &obs)?;
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> DrawResult<DB> {
        let max = self.axis_max();
        let ticks = cover_ticks(0.0, max, 5);
        let fmt2 = |v: f64| {
            if ticks
                .iter()
                .all(|t| (t * 10.0 - (t * 10.0).round()).abs() < 1e-9)
            {
                format!("{v:.1}")
            } else {
                format!("{v:.2}")
            }
        };
        let panel = XyPanel::draw(
            root,
            theme,
            self.title.as_deref(),
            &Axis::new(&ticks, fmt2, "Predicted probability"),
            &Axis::new(&ticks, fmt2, "Observed proportion"),
            (0.0, max),
            (0.0, max),
            0,
        )?;
        dashed(root, theme, panel.at(0.0, 0.0), panel.at(max, max), &GREY)?;
        let stroke = theme.stroke(theme.line_pt);
        let r = theme.pt(1.8) as i32;
        for (i, c) in self.curves.iter().enumerate() {
            let colour = theme.colour(i);
            let clamp = |v: f64| v.clamp(0.0, max);
            for g in &c.groups {
                if g.lower.is_finite() && g.upper.is_finite() {
                    root.draw(&PathElement::new(
                        vec![
                            panel.at(g.predicted, clamp(g.lower)),
                            panel.at(g.predicted, clamp(g.upper)),
                        ],
                        colour.stroke_width(theme.stroke(theme.axis_pt)),
                    ))?;
                }
                root.draw(&Circle::new(
                    panel.at(g.predicted, clamp(g.observed)),
                    r,
                    colour.filled(),
                ))?;
            }
            let pts = c
                .smooth_x
                .iter()
                .copied()
                .zip(c.smooth_y.iter().map(|&v| clamp(v)));
            polyline(root, &panel, pts, colour.stroke_width(stroke))?;
        }
        let mut entries: Vec<(String, RGBColor)> = self
            .curves
            .iter()
            .enumerate()
            .map(|(i, c)| (c.label.clone(), theme.colour(i)))
            .collect();
        entries.push(("Ideal".into(), GREY));
        let (_, lh) = legend_size(theme, &entries);
        let f = panel.frame;
        legend(
            root,
            theme,
            f.right - theme.mm(1.0),
            f.bottom - theme.mm(1.5) - lh,
            &entries,
            Key::Line,
        )
    }

    fn csv(&self) -> Csv {
        let mut out = Csv::new([
            "model",
            "kind",
            "predicted",
            "observed",
            "lower",
            "upper",
            "n",
        ]);
        for c in &self.curves {
            for g in &c.groups {
                out.row([
                    c.label.clone(),
                    "group".into(),
                    Csv::num(g.predicted),
                    Csv::num(g.observed),
                    Csv::num(g.lower),
                    Csv::num(g.upper),
                    g.n.to_string(),
                ]);
            }
            for (x, y) in c.smooth_x.iter().zip(&c.smooth_y) {
                out.row([
                    c.label.clone(),
                    "smooth".into(),
                    Csv::num(*x),
                    Csv::num(*y),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
            }
        }
        out
    }
}
