//! Axes drawn by hand in the journal style (no grid, thin axis lines,
//! outward ticks, the embedded font), so every figure controls its tick
//! positions exactly (risk-table columns, log-scale HR ticks).

use super::{DrawResult, anchored, font, text_width};
use crate::theme::{INK, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// One axis: tick positions with their labels, and a title.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Axis {
    /// (data value, label) of each tick.
    pub ticks: Vec<(f64, String)>,
    /// Axis title (empty: none).
    pub title: String,
}

impl Axis {
    /// Ticks at `values`, labelled by `fmt`.
    pub fn new(values: &[f64], fmt: impl Fn(f64) -> String, title: impl Into<String>) -> Self {
        Axis {
            ticks: values.iter().map(|&v| (v, fmt(v))).collect(),
            title: title.into(),
        }
    }
}

/// Pixel rectangle of a plot panel, in the coordinates of its area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Frame {
    /// Left edge.
    pub left: i32,
    /// Top edge.
    pub top: i32,
    /// Right edge.
    pub right: i32,
    /// Bottom edge.
    pub bottom: i32,
}

/// Tick length in pixels.
pub(crate) fn tick_len(theme: &Theme) -> i32 {
    theme.pt(2.5) as i32
}

/// Width the left margin needs for y tick labels `labels` and a title.
pub(crate) fn y_margin(theme: &Theme, labels: &[String]) -> i32 {
    let tick = font(theme, theme.tick_pt);
    let w = labels
        .iter()
        .map(|l| text_width(&tick, l))
        .max()
        .unwrap_or(0);
    w + tick_len(theme) + theme.pt(2.0 + theme.font_pt * 1.4 + 2.0) as i32
}

/// Height the bottom margin needs for x tick labels and a title.
pub(crate) fn x_margin(theme: &Theme) -> i32 {
    tick_len(theme) + theme.pt(1.5 + theme.tick_pt * 1.2 + theme.font_pt * 1.6) as i32
}

/// Draws the x axis along the frame's bottom and the y axis along its
/// left side. `xpos`/`ypos` map data values to area pixels.
pub(crate) fn draw_axes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    frame: Frame,
    x: Option<&Axis>,
    y: Option<&Axis>,
    xpos: impl Fn(f64) -> i32,
    ypos: impl Fn(f64) -> i32,
) -> DrawResult<DB> {
    let line = INK.stroke_width(theme.stroke(theme.axis_pt));
    let tick_style = font(theme, theme.tick_pt);
    let title_style = font(theme, theme.font_pt);
    let tl = tick_len(theme);
    let gap = theme.pt(1.5) as i32;
    if let Some(x) = x {
        area.draw(&PathElement::new(
            vec![(frame.left, frame.bottom), (frame.right, frame.bottom)],
            line,
        ))?;
        for (v, label) in &x.ticks {
            let px = xpos(*v);
            area.draw(&PathElement::new(
                vec![(px, frame.bottom), (px, frame.bottom + tl)],
                line,
            ))?;
            area.draw(&Text::new(
                label.clone(),
                (px, frame.bottom + tl + gap),
                anchored(&tick_style, HPos::Center, VPos::Top),
            ))?;
        }
        if !x.title.is_empty() {
            let y_title = frame.bottom + tl + gap + theme.pt(theme.tick_pt * 1.2 + 1.5) as i32;
            area.draw(&Text::new(
                x.title.clone(),
                ((frame.left + frame.right) / 2, y_title),
                anchored(&title_style, HPos::Center, VPos::Top),
            ))?;
        }
    }
    if let Some(y) = y {
        area.draw(&PathElement::new(
            vec![(frame.left, frame.top), (frame.left, frame.bottom)],
            line,
        ))?;
        let mut widest = 0;
        for (v, label) in &y.ticks {
            let py = ypos(*v);
            area.draw(&PathElement::new(
                vec![(frame.left - tl, py), (frame.left, py)],
                line,
            ))?;
            widest = widest.max(text_width(&tick_style, label));
            area.draw(&Text::new(
                label.clone(),
                (frame.left - tl - gap, py),
                anchored(&tick_style, HPos::Right, VPos::Center),
            ))?;
        }
        if !y.title.is_empty() {
            let x_title = frame.left - tl - gap - widest - theme.pt(2.0) as i32;
            area.draw(&Text::new(
                y.title.clone(),
                (x_title, (frame.top + frame.bottom) / 2),
                anchored(&title_style, HPos::Center, VPos::Bottom)
                    .transform(FontTransform::Rotate270),
            ))?;
        }
    }
    Ok(())
}
