//! Love plots: covariate balance before and after matching or
//! weighting, as absolute standardised mean differences (SMD) with the
//! conventional 0.1 threshold (as `cobalt::love.plot`).

use crate::error::ReportError;
use crate::figure::{
    self, Axis, Csv, DrawResult, Figure, Key, Plot, XyPanel, cover_ticks, dashed, legend,
    legend_size,
};
use crate::theme::{GREY, OKABE_ITO, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;

const FIGURE: &str = "love";

/// Balance of one covariate.
#[derive(Debug, Clone, PartialEq)]
pub struct LoveRow {
    /// Covariate name.
    pub covariate: String,
    /// SMD in the unadjusted sample.
    pub smd_before: f64,
    /// SMD after matching / weighting.
    pub smd_after: f64,
}

/// A Love plot.
///
/// | Field | Default | Purpose |
/// |---|---|---|
/// | `threshold` | 0.1 | dashed balance threshold |
/// | `absolute` | true | plot |SMD| |
#[derive(Debug, Clone, PartialEq)]
pub struct LovePlot {
    /// Covariates, top to bottom.
    pub rows: Vec<LoveRow>,
    /// Balance threshold.
    pub threshold: f64,
    /// Plot absolute SMDs.
    pub absolute: bool,
    /// Legend labels for before/after.
    pub labels: [String; 2],
}

impl LovePlot {
    /// A Love plot with |SMD|, threshold 0.1, labels "Unadjusted"/"Matched".
    pub fn new(rows: Vec<LoveRow>) -> Self {
        LovePlot {
            rows,
            threshold: 0.1,
            absolute: true,
            labels: ["Unadjusted".into(), "Matched".into()],
        }
    }
    /// Renders the plot; its height follows the number of covariates.
    ///
    /// # Errors
    /// [`ReportError::EmptyData`], [`ReportError::BadValue`].
    pub fn render(&self, name: &str, theme: &Theme) -> Result<Figure, ReportError> {
        figure::render(self, name, theme)
    }

    fn v(&self, x: f64) -> f64 {
        if self.absolute { x.abs() } else { x }
    }
}

impl Plot for LovePlot {
    const FIGURE: &'static str = FIGURE;

    fn validate(&self) -> Result<(), ReportError> {
        if self.rows.is_empty() {
            return Err(ReportError::EmptyData {
                figure: FIGURE,
                what: "rows",
            });
        }
        for r in &self.rows {
            figure::check_finite(FIGURE, "smd", &r.covariate, &[r.smd_before, r.smd_after])?;
        }
        Ok(())
    }

    fn height_mm(&self, theme: &Theme) -> f64 {
        18.0 + self.rows.len() as f64 * theme.font_pt * 1.6 * 25.4 / 72.0
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> DrawResult<DB> {
        let vals = self
            .rows
            .iter()
            .flat_map(|r| [self.v(r.smd_before), self.v(r.smd_after)]);
        let (lo, hi) = vals.fold((0.0f64, self.threshold), |(a, b), v| (a.min(v), b.max(v)));
        let ticks = cover_ticks(lo, hi, 5);
        let n = self.rows.len() as f64;
        let y_axis = Axis {
            ticks: self
                .rows
                .iter()
                .enumerate()
                .map(|(k, r)| (n - 1.0 - k as f64, r.covariate.clone()))
                .collect(),
            title: String::new(),
        };
        let entries = vec![
            (self.labels[0].clone(), OKABE_ITO[1]),
            (self.labels[1].clone(), OKABE_ITO[0]),
        ];
        let (lw, _) = legend_size(theme, &entries);
        let title = if self.absolute {
            "Absolute standardised mean difference"
        } else {
            "Standardised mean difference"
        };
        let panel = XyPanel::draw(
            root,
            theme,
            None,
            &Axis::new(&ticks, |v| format!("{v:.2}"), title),
            &y_axis,
            (ticks[0], *ticks.last().unwrap_or(&hi)),
            (-0.7, n - 0.3),
            lw + theme.mm(4.0),
        )?;
        let f = panel.frame;
        for t in if self.absolute {
            vec![self.threshold]
        } else {
            vec![-self.threshold, self.threshold]
        } {
            dashed(
                root,
                theme,
                (panel.x.px(t), f.top),
                (panel.x.px(t), f.bottom),
                &GREY,
            )?;
        }
        let r = theme.pt(1.8) as i32;
        for (k, row) in self.rows.iter().enumerate() {
            let y = n - 1.0 - k as f64;
            let (b, a) = (
                panel.at(self.v(row.smd_before), y),
                panel.at(self.v(row.smd_after), y),
            );
            root.draw(&PathElement::new(vec![b, a], GREY.stroke_width(1)))?;
            root.draw(&Circle::new(b, r, OKABE_ITO[1].filled()))?;
            root.draw(&Circle::new(a, r, OKABE_ITO[0].filled()))?;
        }
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
        let mut out = Csv::new(["covariate", "smd_before", "smd_after"]);
        for r in &self.rows {
            out.row([
                r.covariate.clone(),
                Csv::num(r.smd_before),
                Csv::num(r.smd_after),
            ]);
        }
        out
    }
}
