//! Small drawing marks shared by figures, in pixel coordinates of a
//! drawing area: legends, dashed lines, and conversion from a chart's
//! absolute backend coordinates to an area's own.

use super::{DrawResult, font};
use crate::theme::Theme;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Converts absolute backend pixel coordinates to `area`'s own.
pub(crate) fn local<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: (i32, i32),
) -> (i32, i32) {
    let (bx, by) = area.get_base_pixel();
    (p.0 - bx, p.1 - by)
}

/// How a legend entry is keyed.
#[allow(dead_code)] // Dot/Square key the point-based figures
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Key {
    /// A short line segment.
    Line,
    /// A filled circle.
    Dot,
    /// A filled square.
    Square,
}

/// Width and height in pixels of the legend [`legend`] draws.
pub(crate) fn legend_size(theme: &Theme, entries: &[(String, RGBColor)]) -> (i32, i32) {
    let style = font(theme, theme.tick_pt);
    let text_w = entries
        .iter()
        .map(|(l, _)| super::text_width(&style, l))
        .max()
        .unwrap_or(0);
    (
        text_w + theme.pt(9.0) as i32 + theme.pt(2.0) as i32,
        theme.pt(theme.tick_pt * 1.35) as i32 * entries.len() as i32,
    )
}

/// Draws a legend whose top-right corner is at `(right, top)` (area
/// pixels): one row per entry, key then label, labels left-aligned.
pub(crate) fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    right: i32,
    top: i32,
    entries: &[(String, RGBColor)],
    key: Key,
) -> DrawResult<DB> {
    let style = font(theme, theme.tick_pt);
    let line_h = theme.pt(theme.tick_pt * 1.35) as i32;
    let key_w = theme.pt(9.0) as i32;
    let gap = theme.pt(2.0) as i32;
    let text_w = entries
        .iter()
        .map(|(l, _)| super::text_width(&style, l))
        .max()
        .unwrap_or(0);
    let left = right - text_w - key_w - gap;
    let stroke = theme.stroke(theme.line_pt);
    for (i, (label, colour)) in entries.iter().enumerate() {
        let yc = top + line_h * i as i32 + line_h / 2;
        match key {
            Key::Line => area.draw(&PathElement::new(
                vec![(left, yc), (left + key_w, yc)],
                colour.stroke_width(stroke),
            ))?,
            Key::Dot => area.draw(&Circle::new(
                (left + key_w / 2, yc),
                theme.pt(2.0) as i32,
                colour.filled(),
            ))?,
            Key::Square => {
                let h = theme.pt(2.5) as i32;
                area.draw(&Rectangle::new(
                    [
                        (left + key_w / 2 - h, yc - h),
                        (left + key_w / 2 + h, yc + h),
                    ],
                    colour.filled(),
                ))?
            }
        }
        area.draw(&Text::new(
            label.clone(),
            (left + key_w + gap, yc),
            super::anchored(&style, HPos::Left, VPos::Center),
        ))?;
    }
    Ok(())
}

/// Draws a dashed straight line between two area pixel points.
pub(crate) fn dashed<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    from: (i32, i32),
    to: (i32, i32),
    colour: &RGBColor,
) -> DrawResult<DB> {
    let (dx, dy) = ((to.0 - from.0) as f64, (to.1 - from.1) as f64);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 {
        return Ok(());
    }
    let dash = theme.pt(2.5);
    let style = colour.stroke_width(theme.stroke(theme.axis_pt));
    let mut s = 0.0;
    while s < len {
        let e = (s + dash).min(len);
        let p = |f: f64| {
            (
                (from.0 as f64 + dx * f / len).round() as i32,
                (from.1 as f64 + dy * f / len).round() as i32,
            )
        };
        area.draw(&PathElement::new(vec![p(s), p(e)], style))?;
        s += 2.0 * dash;
    }
    Ok(())
}
