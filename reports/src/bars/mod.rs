//! Stacked proportion bars: one bar per group (cohort, risk group,
//! cluster), segments the share of each category (stage, response,
//! subtype), with the group sizes above the bars.

use crate::error::ReportError;
use crate::figure::{
    self, Axis, Csv, DrawResult, Figure, Key, Plot, XyPanel, anchored, font, legend, legend_size,
};
use crate::theme::{Theme, WHITE_INK};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

const FIGURE: &str = "stacked-bars";

/// Counts of categories within groups.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedBars {
    /// Group names (bars, left to right).
    pub groups: Vec<String>,
    /// Category names (segments, bottom to top).
    pub categories: Vec<String>,
    /// `counts[g][c]`: count of category `c` in group `g`.
    pub counts: Vec<Vec<f64>>,
    /// y-axis title.
    pub y_label: String,
    /// Legend title (the categorical variable).
    pub legend_title: String,
}

impl StackedBars {
    /// Stacked proportions of `counts[group][category]`.
    pub fn new(groups: Vec<String>, categories: Vec<String>, counts: Vec<Vec<f64>>) -> Self {
        StackedBars {
            groups,
            categories,
            counts,
            y_label: "Proportion".into(),
            legend_title: String::new(),
        }
    }
    /// Renders the plot.
    ///
    /// # Errors
    /// [`ReportError::EmptyData`], [`ReportError::LengthMismatch`],
    /// [`ReportError::BadValue`] (negative or non-finite counts).
    pub fn render(&self, name: &str, theme: &Theme) -> Result<Figure, ReportError> {
        figure::render(self, name, theme)
    }
}

impl Plot for StackedBars {
    const FIGURE: &'static str = FIGURE;

    fn validate(&self) -> Result<(), ReportError> {
        if self.groups.is_empty() || self.categories.is_empty() {
            return Err(ReportError::EmptyData {
                figure: FIGURE,
                what: "groups",
            });
        }
        figure::check_len(
            FIGURE,
            "counts",
            self.counts.len(),
            self.groups.len(),
            "group",
        )?;
        for (g, row) in self.groups.iter().zip(&self.counts) {
            figure::check_len(
                FIGURE,
                "counts[group]",
                row.len(),
                self.categories.len(),
                "category",
            )?;
            if let Some(&v) = row.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
                return Err(ReportError::BadValue {
                    figure: FIGURE,
                    field: "counts",
                    label: g.clone(),
                    value: v,
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
        let ng = self.groups.len() as f64;
        let mut entries: Vec<(String, RGBColor)> = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), theme.colour(i)))
            .collect();
        entries.reverse(); // legend top-down matches the stack
        let (lw, _) = legend_size(theme, &entries);
        let ticks = [0.0, 0.25, 0.5, 0.75, 1.0];
        let x_axis = Axis {
            ticks: self
                .groups
                .iter()
                .enumerate()
                .map(|(i, g)| (i as f64, g.clone()))
                .collect(),
            title: String::new(),
        };
        let panel = XyPanel::draw(
            root,
            theme,
            None,
            &x_axis,
            &Axis::new(
                &ticks,
                |v| format!("{:.0}%", v * 100.0),
                self.y_label.clone(),
            ),
            (-0.6, ng - 0.4),
            (0.0, 1.08),
            lw + theme.mm(4.0),
        )?;
        let tick = font(theme, theme.tick_pt);
        for (g, row) in self.counts.iter().enumerate() {
            let total: f64 = row.iter().sum();
            if total <= 0.0 {
                continue;
            }
            let mut acc = 0.0;
            let (xa, xb) = (g as f64 - 0.35, g as f64 + 0.35);
            for (c, &v) in row.iter().enumerate() {
                let share = v / total;
                let (a, b) = (panel.at(xa, acc), panel.at(xb, acc + share));
                root.draw(&Rectangle::new([a, b], theme.colour(c).filled()))?;
                if share >= 0.08 {
                    let mid = panel.at(g as f64, acc + share / 2.0);
                    root.draw(&Text::new(
                        format!("{:.0}%", share * 100.0),
                        mid,
                        anchored(&tick, HPos::Center, VPos::Center).color(&WHITE_INK),
                    ))?;
                }
                acc += share;
            }
            root.draw(&Text::new(
                format!("n = {}", total.round()),
                panel.at(g as f64, 1.01),
                anchored(&tick, HPos::Center, VPos::Bottom),
            ))?;
        }
        let f = panel.frame;
        let mut top = f.top;
        if !self.legend_title.is_empty() {
            root.draw(&Text::new(
                self.legend_title.clone(),
                (f.right + theme.mm(2.0), top),
                anchored(&tick, HPos::Left, VPos::Top),
            ))?;
            top += theme.pt(theme.tick_pt * 1.5) as i32;
        }
        legend(
            root,
            theme,
            f.right + theme.mm(2.0) + lw,
            top,
            &entries,
            Key::Square,
        )
    }

    fn csv(&self) -> Csv {
        let mut out = Csv::new(["group", "category", "count", "proportion"]);
        for (g, row) in self.groups.iter().zip(&self.counts) {
            let total: f64 = row.iter().sum();
            for (c, v) in self.categories.iter().zip(row) {
                out.row([g.clone(), c.clone(), Csv::num(*v), Csv::num(v / total)]);
            }
        }
        out
    }
}
