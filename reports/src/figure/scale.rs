//! Data-to-pixel scales and the standard x–y panel (margins, frame,
//! axes) that the point-and-line figures share.

use super::{Axis, DrawResult, Frame, anchored, bold, draw_axes, x_margin, y_margin};
use crate::theme::Theme;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// A linear or logarithmic map from data values to pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scale {
    /// Data value at `p0`.
    pub d0: f64,
    /// Data value at `p1`.
    pub d1: f64,
    /// Pixel of `d0`.
    pub p0: i32,
    /// Pixel of `d1`.
    pub p1: i32,
    /// Logarithmic (values must be positive).
    pub log: bool,
}

impl Scale {
    /// Linear scale.
    pub fn linear(d0: f64, d1: f64, p0: i32, p1: i32) -> Self {
        Scale {
            d0,
            d1,
            p0,
            p1,
            log: false,
        }
    }

    /// Logarithmic scale.
    pub fn log(d0: f64, d1: f64, p0: i32, p1: i32) -> Self {
        Scale {
            d0,
            d1,
            p0,
            p1,
            log: true,
        }
    }

    /// Pixel of data value `v`.
    pub fn px(&self, v: f64) -> i32 {
        let f = if self.log {
            (v.ln() - self.d0.ln()) / (self.d1.ln() - self.d0.ln())
        } else {
            (v - self.d0) / (self.d1 - self.d0)
        };
        let f = if f.is_finite() { f } else { 0.0 };
        (self.p0 as f64 + f * (self.p1 - self.p0) as f64).round() as i32
    }

    /// Clamps `v` into the scale's data range.
    pub fn clamp(&self, v: f64) -> f64 {
        let (lo, hi) = if self.d0 <= self.d1 {
            (self.d0, self.d1)
        } else {
            (self.d1, self.d0)
        };
        v.clamp(lo, hi)
    }
}

/// A standard x–y panel laid out in an area: optional bold title, y axis
/// on the left, x axis below, `right_pad` pixels free on the right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct XyPanel {
    /// The plotting rectangle.
    pub frame: Frame,
    /// x scale.
    pub x: Scale,
    /// y scale.
    pub y: Scale,
}

impl XyPanel {
    /// Lays out and draws title and axes; returns the panel for drawing
    /// data. `x_log` selects a log x scale.
    pub fn draw<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
        title: Option<&str>,
        x_axis: &Axis,
        y_axis: &Axis,
        x_range: (f64, f64),
        y_range: (f64, f64),
        right_pad: i32,
    ) -> Result<Self, DrawingAreaErrorKind<DB::ErrorType>> {
        let (w, h) = area.dim_in_pixel();
        let mut top = theme.mm(2.0);
        if let Some(t) = title {
            area.draw(&Text::new(
                t.to_string(),
                (theme.mm(1.0), theme.mm(1.0)),
                anchored(&bold(theme, theme.title_pt), HPos::Left, VPos::Top),
            ))?;
            top += theme.pt(theme.title_pt * 1.3) as i32;
        }
        let labels: Vec<String> = y_axis.ticks.iter().map(|t| t.1.clone()).collect();
        let left = y_margin(theme, &labels) + theme.mm(1.0);
        let frame = Frame {
            left,
            top,
            right: w as i32 - right_pad.max(theme.mm(3.0)),
            bottom: h as i32 - x_margin(theme),
        };
        let x = Scale::linear(x_range.0, x_range.1, frame.left, frame.right);
        let y = Scale::linear(y_range.0, y_range.1, frame.bottom, frame.top);
        draw_axes(
            area,
            theme,
            frame,
            Some(x_axis),
            Some(y_axis),
            |v| x.px(v),
            |v| y.px(v),
        )?;
        Ok(XyPanel { frame, x, y })
    }

    /// Pixel of a data point.
    pub fn at(&self, x: f64, y: f64) -> (i32, i32) {
        (self.x.px(x), self.y.px(y))
    }
}

/// Draws a polyline of data points on `panel`.
pub(crate) fn polyline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &XyPanel,
    pts: impl IntoIterator<Item = (f64, f64)>,
    style: ShapeStyle,
) -> DrawResult<DB> {
    let px: Vec<(i32, i32)> = pts
        .into_iter()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .map(|(x, y)| panel.at(x, y))
        .collect();
    if px.len() >= 2 {
        area.draw(&PathElement::new(px, style))?;
    }
    Ok(())
}
