//! A grid of Kaplan–Meier panels (one per cohort or subgroup).

use super::{FIGURE, KmPlot, draw};
use crate::error::ReportError;
use crate::figure::{self, Csv, DrawResult, Figure, Plot};
use crate::theme::Theme;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Several [`KmPlot`] panels laid out row by row, `ncol` per row. The
/// theme's width is the whole grid's; its height is one panel's plot
/// height (each panel adds its risk table).
#[derive(Debug, Clone, PartialEq)]
pub struct KmGrid {
    /// The panels, in reading order.
    pub panels: Vec<KmPlot>,
    /// Panels per row (at least 1).
    pub ncol: usize,
}

impl KmGrid {
    /// A grid with `ncol` panels per row.
    pub fn new(panels: Vec<KmPlot>, ncol: usize) -> Self {
        KmGrid {
            panels,
            ncol: ncol.max(1),
        }
    }

    /// Renders the grid.
    ///
    /// # Errors
    /// [`ReportError::EmptyData`] without panels, and any panel's error.
    pub fn render(&self, name: &str, theme: &Theme) -> Result<Figure, ReportError> {
        figure::render(self, name, theme)
    }

    fn nrow(&self) -> usize {
        self.panels.len().div_ceil(self.ncol.max(1))
    }

    fn cell_mm(&self, theme: &Theme) -> f64 {
        let table = self
            .panels
            .iter()
            .map(|p| p.table_mm(theme))
            .fold(0.0, f64::max);
        theme.height_mm + table
    }
}

impl Plot for KmGrid {
    const FIGURE: &'static str = FIGURE;

    fn validate(&self) -> Result<(), ReportError> {
        if self.panels.is_empty() {
            return Err(ReportError::EmptyData {
                figure: FIGURE,
                what: "panels",
            });
        }
        self.panels.iter().try_for_each(KmPlot::check)
    }

    fn height_mm(&self, theme: &Theme) -> f64 {
        self.cell_mm(theme) * self.nrow() as f64
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> DrawResult<DB> {
        let cells = root.split_evenly((self.nrow(), self.ncol));
        for (panel, cell) in self.panels.iter().zip(cells.iter()) {
            draw::panel(cell, panel, theme)?;
        }
        Ok(())
    }

    fn csv(&self) -> Csv {
        let mut c = KmPlot::csv_header();
        for (i, p) in self.panels.iter().enumerate() {
            let name = p
                .title
                .clone()
                .unwrap_or_else(|| format!("panel {}", i + 1));
            p.csv_into(&name, &mut c);
        }
        c
    }
}
