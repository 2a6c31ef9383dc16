//! Volcano plots of differential expression: log2 fold change against
//! −log10 p, threshold lines, up- and down-regulated genes coloured, and
//! the top genes labelled with a greedy placement that avoids overlaps
//! (a leader line joins a displaced label to its point).

use crate::error::ReportError;
use crate::figure::{
    self, Axis, Csv, DrawResult, Figure, Key, Plot, XyPanel, anchored, cover_ticks, dashed, font,
    legend, text_width,
};
use crate::theme::{GREY, LIGHT_GREY, OKABE_ITO, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

const FIGURE: &str = "volcano";

/// One gene of a differential-expression result (limma `topTable`).
#[derive(Debug, Clone, PartialEq)]
pub struct VolcanoPoint {
    /// Gene identifier.
    pub gene: String,
    /// log2 fold change (limma `logFC`).
    pub log_fc: f64,
    /// Raw p-value (`P.Value`).
    pub p: f64,
    /// Adjusted p-value (`adj.P.Val`).
    pub p_adj: f64,
}

/// A volcano plot.
///
/// | Field | Default | Purpose |
/// |---|---|---|
/// | `fc_threshold` | 1 | |log2 FC| cut-off (dashed verticals) |
/// | `p_adj_threshold` | 0.05 | adjusted-p cut-off; the dashed horizontal sits at the largest raw p that passes it |
/// | `n_labels` | 10 | most significant genes labelled |
#[derive(Debug, Clone, PartialEq)]
pub struct VolcanoPlot {
    /// Genes.
    pub points: Vec<VolcanoPoint>,
    /// |log2 FC| threshold.
    pub fc_threshold: f64,
    /// Adjusted-p threshold.
    pub p_adj_threshold: f64,
    /// Number of genes to label.
    pub n_labels: usize,
    /// Panel title.
    pub title: Option<String>,
}

/// Direction of a gene relative to the thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Call {
    Up,
    Down,
    None,
}

impl VolcanoPlot {
    /// A volcano plot with default thresholds.
    pub fn new(points: Vec<VolcanoPoint>) -> Self {
        VolcanoPlot {
            points,
            fc_threshold: 1.0,
            p_adj_threshold: 0.05,
            n_labels: 10,
            title: None,
        }
    }
    /// Renders the plot.
    ///
    /// # Errors
    /// [`ReportError::EmptyData`], [`ReportError::BadValue`] (non-finite
    /// fold change or p outside (0, 1]).
    pub fn render(&self, name: &str, theme: &Theme) -> Result<Figure, ReportError> {
        figure::render(self, name, theme)
    }

    fn call(&self, g: &VolcanoPoint) -> Call {
        if g.p_adj < self.p_adj_threshold && g.log_fc.abs() >= self.fc_threshold {
            if g.log_fc > 0.0 { Call::Up } else { Call::Down }
        } else {
            Call::None
        }
    }

    /// -log10 p, with p = 0 drawn at the smallest positive double.
    fn y(g: &VolcanoPoint) -> f64 {
        -g.p.max(f64::MIN_POSITIVE).log10()
    }
}

impl Plot for VolcanoPlot {
    const FIGURE: &'static str = FIGURE;

    fn validate(&self) -> Result<(), ReportError> {
        if self.points.is_empty() {
            return Err(ReportError::EmptyData {
                figure: FIGURE,
                what: "points",
            });
        }
        for g in &self.points {
            figure::check_finite(FIGURE, "log_fc", &g.gene, &[g.log_fc])?;
            if !(g.p >= 0.0 && g.p <= 1.0) {
                return Err(ReportError::BadValue {
                    figure: FIGURE,
                    field: "p",
                    label: g.gene.clone(),
                    value: g.p,
                });
            }
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> DrawResult<DB> {
        let x_abs = self
            .points
            .iter()
            .map(|g| g.log_fc.abs())
            .fold(self.fc_threshold * 1.5, f64::max);
        let x_ticks = cover_ticks(-x_abs, x_abs, 6);
        let y_max = self.points.iter().map(Self::y).fold(1.0, f64::max);
        let y_ticks = cover_ticks(0.0, y_max * 1.08, 5);
        let (x0, x1) = (x_ticks[0], *x_ticks.last().unwrap_or(&x_abs));
        let y1 = *y_ticks.last().unwrap_or(&y_max);
        let fmt = |v: f64| {
            if (v - v.round()).abs() < 1e-9 {
                format!("{}", v.round() as i64)
            } else {
                format!("{v:.1}")
            }
        };
        let panel = XyPanel::draw(
            root,
            theme,
            self.title.as_deref(),
            &Axis::new(&x_ticks, fmt, "log\u{2082} fold change"),
            &Axis::new(&y_ticks, fmt, "\u{2212}log\u{2081}\u{2080} p"),
            (x0, x1),
            (0.0, y1),
            0,
        )?;
        let f = panel.frame;
        for s in [-self.fc_threshold, self.fc_threshold] {
            dashed(
                root,
                theme,
                (panel.x.px(s), f.top),
                (panel.x.px(s), f.bottom),
                &GREY,
            )?;
        }
        let p_cut = self
            .points
            .iter()
            .filter(|g| g.p_adj < self.p_adj_threshold)
            .map(|g| g.p)
            .fold(f64::NAN, f64::max);
        let p_cut = if p_cut.is_finite() {
            p_cut
        } else {
            self.p_adj_threshold
        };
        let yc = panel.y.px(-p_cut.max(f64::MIN_POSITIVE).log10());
        dashed(root, theme, (f.left, yc), (f.right, yc), &GREY)?;

        let (up, down) = (OKABE_ITO[1], OKABE_ITO[0]);
        let r = theme.pt(1.1) as i32;
        // Grey first so coloured points sit on top.
        for pass in [Call::None, Call::Down, Call::Up] {
            for g in self.points.iter().filter(|g| self.call(g) == pass) {
                let colour = match pass {
                    Call::Up => up,
                    Call::Down => down,
                    Call::None => LIGHT_GREY,
                };
                root.draw(&Circle::new(
                    panel.at(g.log_fc, Self::y(g)),
                    r,
                    colour.filled(),
                ))?;
            }
        }

        // Labels: most significant called genes, greedy non-overlapping.
        let style = font(theme, theme.tick_pt);
        let line_h = theme.pt(theme.tick_pt * 1.25) as i32;
        let mut called: Vec<&VolcanoPoint> = self
            .points
            .iter()
            .filter(|g| self.call(g) != Call::None)
            .collect();
        called.sort_by(|a, b| a.p.total_cmp(&b.p));
        let mut boxes: Vec<(i32, i32, i32, i32)> = Vec::new();
        let pad = theme.pt(2.0) as i32;
        let overlaps = |b: (i32, i32, i32, i32), boxes: &[(i32, i32, i32, i32)]| {
            boxes
                .iter()
                .any(|o| b.0 < o.2 + pad && o.0 < b.2 + pad && b.1 < o.3 && o.1 < b.3)
        };
        let gap = theme.pt(2.0) as i32;
        for g in called.into_iter().take(self.n_labels) {
            let (px, py) = panel.at(g.log_fc, Self::y(g));
            let w = text_width(&style, &g.gene);
            let right_side = g.log_fc >= 0.0;
            let mut placed = None;
            'search: for k in 0..12 {
                let dy = [0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6][k] * line_h;
                for side in [right_side, !right_side] {
                    let x = if side { px + gap } else { px - gap - w };
                    let b = (x, py + dy - line_h / 2, x + w, py + dy + line_h / 2);
                    let inside = b.0 >= f.left && b.2 <= f.right && b.1 >= f.top && b.3 <= f.bottom;
                    if inside && !overlaps(b, &boxes) {
                        placed = Some((b, dy));
                        break 'search;
                    }
                }
            }
            if let Some((b, dy)) = placed {
                if dy != 0 {
                    let lx = if b.0 > px { b.0 } else { b.2 };
                    root.draw(&PathElement::new(
                        vec![(px, py), (lx, py + dy)],
                        GREY.stroke_width(1),
                    ))?;
                }
                root.draw(&Text::new(
                    g.gene.clone(),
                    (b.0, py + dy),
                    anchored(&style, HPos::Left, VPos::Center),
                ))?;
                boxes.push(b);
            }
        }
        let n_up = self
            .points
            .iter()
            .filter(|g| self.call(g) == Call::Up)
            .count();
        let n_down = self
            .points
            .iter()
            .filter(|g| self.call(g) == Call::Down)
            .count();
        let entries = vec![
            (format!("Up ({n_up})"), up),
            (format!("Down ({n_down})"), down),
            ("NS".to_string(), LIGHT_GREY),
        ];
        let (lw, _) = figure::legend_size(theme, &entries);
        legend(
            root,
            theme,
            f.left + theme.mm(1.5) + lw,
            f.top + theme.mm(1.0),
            &entries,
            Key::Dot,
        )
    }

    fn csv(&self) -> Csv {
        let mut out = Csv::new(["gene", "logFC", "P.Value", "adj.P.Val", "call"]);
        for g in &self.points {
            let call = match self.call(g) {
                Call::Up => "up",
                Call::Down => "down",
                Call::None => "ns",
            };
            out.row([
                g.gene.clone(),
                Csv::num(g.log_fc),
                Csv::num(g.p),
                Csv::num(g.p_adj),
                call.to_string(),
            ]);
        }
        out
    }
}
