//! Enrichment bubble plots (clusterProfiler's `dotplot`): one row per
//! term, gene ratio on x, bubble area proportional to the gene count,
//! colour by adjusted p (−log10 scale, blue = weaker, vermillion =
//! stronger).

use crate::error::ReportError;
use crate::figure::{
    self, Axis, Csv, DrawResult, Figure, Plot, XyPanel, anchored, cover_ticks, font, text_width,
};
use crate::theme::{INK, OKABE_ITO, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

const FIGURE: &str = "enrichment-bubble";

/// One enriched term.
#[derive(Debug, Clone, PartialEq)]
pub struct EnrichmentTerm {
    /// Term name (GO / KEGG / hallmark).
    pub term: String,
    /// Genes in the term among the query divided by query size.
    pub gene_ratio: f64,
    /// Number of query genes in the term.
    pub count: usize,
    /// Adjusted p-value.
    pub p_adj: f64,
}

/// An enrichment bubble plot; terms are drawn top to bottom by
/// decreasing gene ratio.
#[derive(Debug, Clone, PartialEq)]
pub struct BubblePlot {
    /// Terms.
    pub terms: Vec<EnrichmentTerm>,
    /// Panel title.
    pub title: Option<String>,
}

impl BubblePlot {
    /// A bubble plot of `terms`.
    pub fn new(terms: Vec<EnrichmentTerm>) -> Self {
        BubblePlot { terms, title: None }
    }
    /// Renders the plot; its height follows the number of terms.
    ///
    /// # Errors
    /// [`ReportError::EmptyData`], [`ReportError::BadValue`] (non-finite
    /// ratio or p ≤ 0).
    pub fn render(&self, name: &str, theme: &Theme) -> Result<Figure, ReportError> {
        figure::render(self, name, theme)
    }
}

/// Linear blend of two colours, `f` in [0, 1].
fn blend(a: RGBColor, b: RGBColor, f: f64) -> RGBColor {
    let m = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f.clamp(0.0, 1.0)).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

impl Plot for BubblePlot {
    const FIGURE: &'static str = FIGURE;

    fn validate(&self) -> Result<(), ReportError> {
        if self.terms.is_empty() {
            return Err(ReportError::EmptyData {
                figure: FIGURE,
                what: "terms",
            });
        }
        for t in &self.terms {
            figure::check_finite(FIGURE, "gene_ratio", &t.term, &[t.gene_ratio])?;
            if !(t.p_adj > 0.0 && t.p_adj <= 1.0) {
                return Err(ReportError::BadValue {
                    figure: FIGURE,
                    field: "p_adj",
                    label: t.term.clone(),
                    value: t.p_adj,
                });
            }
        }
        Ok(())
    }

    fn height_mm(&self, theme: &Theme) -> f64 {
        (20.0 + self.terms.len() as f64 * theme.font_pt * 1.9 * 25.4 / 72.0).max(45.0)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> DrawResult<DB> {
        let mut terms: Vec<&EnrichmentTerm> = self.terms.iter().collect();
        terms.sort_by(|a, b| b.gene_ratio.total_cmp(&a.gene_ratio));
        let n = terms.len() as f64;
        let hi = terms.iter().map(|t| t.gene_ratio).fold(0.0, f64::max);
        let lo = terms
            .iter()
            .map(|t| t.gene_ratio)
            .fold(f64::INFINITY, f64::min);
        let pad = (hi - lo).max(hi * 0.2) * 0.15;
        let ticks = cover_ticks((lo - pad).max(0.0), hi + pad, 4);
        let y_axis = Axis {
            ticks: terms
                .iter()
                .enumerate()
                .map(|(k, t)| (n - 1.0 - k as f64, t.term.clone()))
                .collect(),
            title: String::new(),
        };
        let tick = font(theme, theme.tick_pt);
        let legend_w =
            text_width(&tick, "p.adjust").max(text_width(&tick, "1e-10")) + theme.mm(8.0);
        let panel = XyPanel::draw(
            root,
            theme,
            self.title.as_deref(),
            &Axis::new(&ticks, |v| format!("{v:.2}"), "Gene ratio"),
            &y_axis,
            (ticks[0], *ticks.last().unwrap_or(&hi)),
            (-0.7, n - 0.3),
            legend_w,
        )?;
        let lp = |p: f64| -p.log10();
        let (pmin, pmax) = terms
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), t| {
                (a.min(lp(t.p_adj)), b.max(lp(t.p_adj)))
            });
        let colour = |p: f64| {
            let f = if pmax > pmin {
                (lp(p) - pmin) / (pmax - pmin)
            } else {
                1.0
            };
            blend(OKABE_ITO[0], OKABE_ITO[1], f)
        };
        let cmax = terms.iter().map(|t| t.count).max().unwrap_or(1).max(1) as f64;
        let rmax = theme.pt(4.5);
        let radius = |c: f64| (rmax * (c / cmax).sqrt()).max(2.0) as i32;
        for (k, t) in terms.iter().enumerate() {
            let c = panel.at(t.gene_ratio, n - 1.0 - k as f64);
            root.draw(&Circle::new(
                c,
                radius(t.count as f64),
                colour(t.p_adj).filled(),
            ))?;
        }

        // Legends right of the panel: colour bar, then bubble sizes.
        let f = panel.frame;
        let x = f.right + theme.mm(3.0);
        let bar_h = theme.mm(14.0).min((f.bottom - f.top) / 2);
        let bar_w = theme.mm(2.5);
        let left = anchored(&tick, HPos::Left, VPos::Center);
        root.draw(&Text::new(
            "p.adjust",
            (x, f.top),
            anchored(&tick, HPos::Left, VPos::Top),
        ))?;
        let y0 = f.top + theme.pt(theme.tick_pt * 2.2) as i32;
        let steps = 20;
        for i in 0..steps {
            let frac = 1.0 - i as f64 / (steps - 1) as f64;
            let (a, b) = (y0 + bar_h * i / steps, y0 + bar_h * (i + 1) / steps);
            root.draw(&Rectangle::new(
                [(x, a), (x + bar_w, b)],
                blend(OKABE_ITO[0], OKABE_ITO[1], frac).filled(),
            ))?;
        }
        let pfmt = |v: f64| format!("{:.0e}", 10f64.powf(-v));
        root.draw(&Text::new(
            pfmt(pmax),
            (x + bar_w + theme.mm(1.0), y0),
            left.clone(),
        ))?;
        root.draw(&Text::new(
            pfmt(pmin),
            (x + bar_w + theme.mm(1.0), y0 + bar_h),
            left.clone(),
        ))?;
        let mut y = y0 + bar_h + theme.mm(4.0);
        root.draw(&Text::new(
            "Count",
            (x, y),
            anchored(&tick, HPos::Left, VPos::Top),
        ))?;
        y += theme.pt(theme.tick_pt * 1.5) as i32;
        let cmin = terms.iter().map(|t| t.count).min().unwrap_or(1) as f64;
        let mut shown: Vec<usize> = vec![
            cmin as usize,
            ((cmin + cmax) / 2.0).round() as usize,
            cmax as usize,
        ];
        shown.dedup();
        for c in shown {
            let r = radius(c as f64);
            y += r;
            root.draw(&Circle::new((x + rmax as i32, y), r, INK.stroke_width(1)))?;
            root.draw(&Text::new(
                c.to_string(),
                (x + 2 * rmax as i32 + theme.mm(1.0), y),
                left.clone(),
            ))?;
            y += r + theme.mm(1.0);
        }
        Ok(())
    }

    fn csv(&self) -> Csv {
        let mut out = Csv::new(["term", "GeneRatio", "Count", "p.adjust"]);
        for t in &self.terms {
            out.row([
                t.term.clone(),
                Csv::num(t.gene_ratio),
                t.count.to_string(),
                Csv::num(t.p_adj),
            ]);
        }
        out
    }
}
