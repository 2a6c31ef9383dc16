//! ROC curves: one or several models (or one model at several time
//! horizons, for time-dependent ROC), the chance diagonal, and each
//! curve's AUC with its confidence interval in the legend (as pROC's
//! `ci.auc`, DeLong; or timeROC's for a horizon).

use crate::error::ReportError;
use crate::figure::{
    self, Axis, Csv, DrawResult, Figure, Key, Plot, XyPanel, dashed, fmt_ci, fmt_num, legend,
    legend_size, polyline,
};
use crate::theme::{GREY, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;

const FIGURE: &str = "roc";

/// One ROC curve.
#[derive(Debug, Clone, PartialEq)]
pub struct RocCurve {
    /// Model (or horizon) label.
    pub label: String,
    /// False-positive rates (1 − specificity), from 0 to 1.
    pub fpr: Vec<f64>,
    /// True-positive rates (sensitivity), one per `fpr`.
    pub tpr: Vec<f64>,
    /// Area under the curve.
    pub auc: f64,
    /// Lower confidence limit of the AUC, if computed.
    pub lower: Option<f64>,
    /// Upper confidence limit of the AUC, if computed.
    pub upper: Option<f64>,
}

/// A ROC figure.
///
/// | Field | Default | Purpose |
/// |---|---|---|
/// | `title` | none | panel title |
/// | `horizon` | none | time-dependent ROC: the horizon, e.g. `"36 months"`, shown as `t = 36 months` |
#[derive(Debug, Clone, PartialEq)]
pub struct RocPlot {
    /// The curves.
    pub curves: Vec<RocCurve>,
    /// Panel title.
    pub title: Option<String>,
    /// Time horizon of a time-dependent ROC.
    pub horizon: Option<String>,
}

impl RocPlot {
    /// A ROC plot of `curves`.
    pub fn new(curves: Vec<RocCurve>) -> Self {
        RocPlot {
            curves,
            title: None,
            horizon: None,
        }
    }
    /// Sets the panel title.
    pub fn title(mut self, t: impl Into<String>) -> Self {
        self.title = Some(t.into());
        self
    }
    /// Marks the plot as a time-dependent ROC at `horizon`.
    pub fn horizon(mut self, h: impl Into<String>) -> Self {
        self.horizon = Some(h.into());
        self
    }
    /// Renders the plot (square plotting region recommended: height ≈ width).
    ///
    /// # Errors
    /// [`ReportError::EmptyData`], [`ReportError::LengthMismatch`] (`tpr`
    /// vs `fpr`), [`ReportError::BadValue`] (non-finite rates or AUC).
    pub fn render(&self, name: &str, theme: &Theme) -> Result<Figure, ReportError> {
        figure::render(self, name, theme)
    }
}

impl Plot for RocPlot {
    const FIGURE: &'static str = FIGURE;

    fn validate(&self) -> Result<(), ReportError> {
        if self.curves.is_empty() {
            return Err(ReportError::EmptyData {
                figure: FIGURE,
                what: "curves",
            });
        }
        for c in &self.curves {
            figure::check_len(FIGURE, "tpr", c.tpr.len(), c.fpr.len(), "fpr")?;
            figure::check_finite(FIGURE, "fpr", &c.label, &c.fpr)?;
            figure::check_finite(FIGURE, "tpr", &c.label, &c.tpr)?;
            figure::check_finite(FIGURE, "auc", &c.label, &[c.auc])?;
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> DrawResult<DB> {
        let ticks = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];
        let fmt = |v: f64| format!("{v:.1}");
        let title = match (&self.title, &self.horizon) {
            (Some(t), Some(h)) => Some(format!("{t} (t = {h})")),
            (None, Some(h)) => Some(format!("Time-dependent ROC, t = {h}")),
            (t, None) => t.clone(),
        };
        let panel = XyPanel::draw(
            root,
            theme,
            title.as_deref(),
            &Axis::new(&ticks, fmt, "1 \u{2212} Specificity"),
            &Axis::new(&ticks, fmt, "Sensitivity"),
            (0.0, 1.0),
            (0.0, 1.0),
            0,
        )?;
        dashed(root, theme, panel.at(0.0, 0.0), panel.at(1.0, 1.0), &GREY)?;
        let stroke = theme.stroke(theme.line_pt);
        for (i, c) in self.curves.iter().enumerate() {
            let pts = c.fpr.iter().copied().zip(c.tpr.iter().copied());
            polyline(root, &panel, pts, theme.colour(i).stroke_width(stroke))?;
        }
        let entries: Vec<(String, RGBColor)> = self
            .curves
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let auc = match (c.lower, c.upper) {
                    (Some(l), Some(u)) => fmt_ci(c.auc, l, u, 2),
                    _ => fmt_num(c.auc, 2),
                };
                (format!("{}: AUC {auc}", c.label), theme.colour(i))
            })
            .collect();
        // Bottom-right lies under the diagonal, where ROC curves never go.
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
        let mut out = Csv::new(["curve", "fpr", "tpr", "auc", "auc_lower", "auc_upper"]);
        for c in &self.curves {
            for (f, t) in c.fpr.iter().zip(&c.tpr) {
                out.row([
                    c.label.clone(),
                    Csv::num(*f),
                    Csv::num(*t),
                    Csv::num(c.auc),
                    c.lower.map_or("NA".into(), Csv::num),
                    c.upper.map_or("NA".into(), Csv::num),
                ]);
            }
        }
        out
    }
}
