//! Decision curves (Vickers & Elkin 2006): net benefit against the
//! threshold probability for each model, with the treat-all and
//! treat-none (net benefit 0) references, as `dcurves::dca` plots them.

use crate::error::ReportError;
use crate::figure::{
    self, Axis, Csv, DrawResult, Figure, Key, Plot, XyPanel, cover_ticks, legend, legend_size,
    nice_ticks, polyline,
};
use crate::theme::{GREY, INK, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;

const FIGURE: &str = "decision-curve";

/// Net benefit of one strategy over thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionCurve {
    /// Strategy label (a model, or "Treat all").
    pub label: String,
    /// Threshold probabilities, increasing.
    pub thresholds: Vec<f64>,
    /// Net benefit at each threshold.
    pub net_benefit: Vec<f64>,
}

/// A decision-curve figure: models plus the treat-all curve; treat-none
/// is the zero line.
#[derive(Debug, Clone, PartialEq)]
pub struct DcaPlot {
    /// Model curves.
    pub curves: Vec<DecisionCurve>,
    /// The treat-all curve (net benefit = prevalence − (1 − prevalence)·t/(1 − t)).
    pub treat_all: DecisionCurve,
    /// Panel title.
    pub title: Option<String>,
}

impl DcaPlot {
    /// A decision-curve plot.
    pub fn new(curves: Vec<DecisionCurve>, treat_all: DecisionCurve) -> Self {
        DcaPlot {
            curves,
            treat_all,
            title: None,
        }
    }
    /// Sets the panel title.
    pub fn title(mut self, t: impl Into<String>) -> Self {
        self.title = Some(t.into());
        self
    }
    /// Renders the plot. The y axis runs from slightly below 0 to the
    /// largest net benefit; the treat-all curve is clipped at its bottom.
    ///
    /// # Errors
    /// [`ReportError::EmptyData`], [`ReportError::LengthMismatch`].
    pub fn render(&self, name: &str, theme: &Theme) -> Result<Figure, ReportError> {
        figure::render(self, name, theme)
    }

    fn all(&self) -> impl Iterator<Item = &DecisionCurve> {
        std::iter::once(&self.treat_all).chain(self.curves.iter())
    }
}

impl Plot for DcaPlot {
    const FIGURE: &'static str = FIGURE;

    fn validate(&self) -> Result<(), ReportError> {
        if self.curves.is_empty() {
            return Err(ReportError::EmptyData {
                figure: FIGURE,
                what: "curves",
            });
        }
        for c in self.all() {
            figure::check_len(
                FIGURE,
                "net_benefit",
                c.net_benefit.len(),
                c.thresholds.len(),
                "threshold",
            )?;
            figure::check_finite(FIGURE, "thresholds", &c.label, &c.thresholds)?;
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> DrawResult<DB> {
        let finite = |c: &DecisionCurve| {
            c.net_benefit
                .iter()
                .copied()
                .filter(|v| v.is_finite())
                .collect::<Vec<_>>()
        };
        let y_max = self.all().flat_map(finite).fold(0.01f64, f64::max);
        let y_ticks = cover_ticks(0.0, y_max, 4);
        let y_top = y_ticks.last().copied().unwrap_or(y_max).max(y_max);
        let y_bottom = -(y_top * 0.15);
        let x_max = self
            .all()
            .flat_map(|c| c.thresholds.iter().copied())
            .fold(0.0f64, f64::max);
        let x_ticks = nice_ticks(0.0, x_max, 5);
        let x_end = x_ticks.last().copied().unwrap_or(x_max).max(x_max);
        let decimals = if y_ticks.len() > 1 && y_ticks[1] - y_ticks[0] < 0.1 {
            2
        } else {
            1
        };
        let panel = XyPanel::draw(
            root,
            theme,
            self.title.as_deref(),
            &Axis::new(&x_ticks, |v| format!("{v:.1}"), "Threshold probability"),
            &Axis::new(&y_ticks, |v| format!("{v:.decimals$}"), "Net benefit"),
            (0.0, x_end),
            (y_bottom, y_top),
            0,
        )?;
        let stroke = theme.stroke(theme.line_pt);
        // Treat none: net benefit 0.
        polyline(
            root,
            &panel,
            [(0.0, 0.0), (x_end, 0.0)],
            INK.stroke_width(stroke),
        )?;
        let clip = |c: &DecisionCurve| {
            c.thresholds
                .iter()
                .zip(&c.net_benefit)
                .filter(|(_, v)| v.is_finite() && **v >= y_bottom)
                .map(|(t, v)| (*t, *v))
                .collect::<Vec<_>>()
        };
        polyline(
            root,
            &panel,
            clip(&self.treat_all),
            GREY.stroke_width(stroke),
        )?;
        for (i, c) in self.curves.iter().enumerate() {
            polyline(root, &panel, clip(c), theme.colour(i).stroke_width(stroke))?;
        }
        let mut entries: Vec<(String, RGBColor)> = self
            .curves
            .iter()
            .enumerate()
            .map(|(i, c)| (c.label.clone(), theme.colour(i)))
            .collect();
        entries.push((self.treat_all.label.clone(), GREY));
        entries.push(("Treat none".into(), INK));
        let _ = legend_size(theme, &entries);
        let f = panel.frame;
        legend(
            root,
            theme,
            f.right - theme.mm(1.0),
            f.top + theme.mm(1.0),
            &entries,
            Key::Line,
        )
    }

    fn csv(&self) -> Csv {
        let mut out = Csv::new(["strategy", "threshold", "net_benefit"]);
        for c in self.all() {
            for (t, v) in c.thresholds.iter().zip(&c.net_benefit) {
                out.row([c.label.clone(), Csv::num(*t), Csv::num(*v)]);
            }
        }
        out
    }
}
