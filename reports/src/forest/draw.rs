//! Drawing of a forest plot: label column, then per panel a log-scale
//! interval plot and its text columns.

use super::ForestPlot;
use crate::figure::{
    Axis, DrawResult, Frame, Scale, anchored, bold, dashed, draw_axes, fmt_ci, fmt_p, font,
    text_width,
};
use crate::theme::{GREY, INK, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Height of one row in millimetres.
pub(crate) fn row_mm(theme: &Theme) -> f64 {
    theme.font_pt * 1.7 * 25.4 / 72.0
}

/// Log-axis ticks inside `[lo, hi]` (always including 1 when inside).
fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let mut out = Vec::new();
    for e in -3..=3 {
        for m in [1.0, 2.0, 5.0] {
            let v = m * 10f64.powi(e);
            if v >= lo * 0.999 && v <= hi * 1.001 {
                out.push(v);
            }
        }
    }
    if out.len() > 7 {
        out.retain(|v| {
            let l = v.log10();
            (l - l.round()).abs() < 1e-9 || (v / 10f64.powf(l.floor()) - 5.0).abs() < 1e-9
        });
    }
    out
}

/// The nearest 1–2–5 × 10^k value above (`up`) or below `v`.
fn nice_125(v: f64, up: bool) -> f64 {
    let e = v.log10().floor();
    let base = 10f64.powf(e);
    let cands = [1.0, 2.0, 5.0, 10.0].map(|m| m * base);
    if up {
        cands
            .into_iter()
            .find(|&c| c >= v * 0.999)
            .unwrap_or(10.0 * base)
    } else {
        cands
            .into_iter()
            .rev()
            .find(|&c| c <= v * 1.001)
            .unwrap_or(base)
    }
}

fn tick_label(v: f64) -> String {
    if v >= 1.0 {
        format!("{}", v)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').to_string()
    }
}

pub(crate) fn forest<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &ForestPlot,
    theme: &Theme,
) -> DrawResult<DB> {
    let (w, h) = area.dim_in_pixel();
    let labels = plot.labels();
    let text = font(theme, theme.font_pt);
    let head = bold(theme, theme.font_pt);
    let row_h = theme.mm(row_mm(theme));
    let pad = theme.mm(2.0);

    // Shared log range over all panels, padded to the enclosing ticks.
    let (mut lo, mut hi) = (1.0f64, 1.0f64);
    for r in plot
        .panels
        .iter()
        .flat_map(|p| &p.rows)
        .filter(|r| r.hr.is_finite())
    {
        lo = lo.min(r.lower);
        hi = hi.max(r.upper);
    }
    let lo = nice_125(lo, false).min(0.5);
    let hi = nice_125(hi, true).max(2.0);
    let ticks = log_ticks(lo, hi);

    let label_w = labels
        .iter()
        .map(|l| text_width(&head, l))
        .chain(std::iter::once(text_width(&head, &plot.label_heading)))
        .max()
        .unwrap_or(0)
        + pad;
    let ci_head = format!("{} (95% CI)", plot.ratio_name);
    let ci_w =
        text_width(&text, "00.00 (00.00\u{2013}00.00)").max(text_width(&head, &ci_head)) + pad;
    let p_w = text_width(&text, "p < 0.001") + pad;
    let n = plot.panels.len() as i32;
    let panel_w = (w as i32 - label_w - theme.mm(1.0)) / n;
    let plot_w = (panel_w - ci_w - p_w - pad).max(theme.mm(15.0));

    let y_head = theme.mm(1.5);
    let y0 = y_head + 2 * row_h;
    let bottom = y0 + row_h * labels.len() as i32;
    let row_y = |i: usize| y0 + row_h * i as i32 + row_h / 2;

    // Label column.
    area.draw(&Text::new(
        plot.label_heading.clone(),
        (theme.mm(1.0), y_head + row_h + row_h / 2),
        anchored(&head, HPos::Left, VPos::Center),
    ))?;
    for (i, l) in labels.iter().enumerate() {
        let is_heading = plot
            .panels
            .iter()
            .flat_map(|p| &p.rows)
            .any(|r| &r.label == l && r.heading);
        area.draw(&Text::new(
            l.clone(),
            (theme.mm(1.0), row_y(i)),
            anchored(
                if is_heading { &head } else { &text },
                HPos::Left,
                VPos::Center,
            ),
        ))?;
    }
    let rule = INK.stroke_width(theme.stroke(theme.axis_pt));
    area.draw(&PathElement::new(
        vec![(theme.mm(1.0), y0), (w as i32 - theme.mm(1.0), y0)],
        rule,
    ))?;
    let _ = h;

    for (k, panel) in plot.panels.iter().enumerate() {
        let x0 = label_w + panel_w * k as i32;
        let frame = Frame {
            left: x0 + pad / 2,
            top: y0,
            right: x0 + pad / 2 + plot_w,
            bottom,
        };
        let scale = Scale::log(lo, hi, frame.left, frame.right);
        let colour = theme.colour(k);
        let ci_x = frame.right + pad;
        let p_x = ci_x + ci_w + p_w - pad / 2;

        area.draw(&Text::new(
            panel.title.clone(),
            ((frame.left + p_x) / 2, y_head + row_h / 2),
            anchored(&head, HPos::Center, VPos::Center),
        ))?;
        area.draw(&Text::new(
            ci_head.clone(),
            (ci_x, y_head + row_h + row_h / 2),
            anchored(&head, HPos::Left, VPos::Center),
        ))?;
        area.draw(&Text::new(
            "p",
            (p_x, y_head + row_h + row_h / 2),
            anchored(&head, HPos::Right, VPos::Center),
        ))?;

        dashed(
            area,
            theme,
            (scale.px(1.0), frame.top),
            (scale.px(1.0), frame.bottom),
            &GREY,
        )?;
        let axis = Axis::new(&ticks, tick_label, plot.x_label.clone());
        draw_axes(
            area,
            theme,
            frame,
            Some(&axis),
            None,
            |v| scale.px(v),
            |_| 0,
        )?;

        let stroke = colour.stroke_width(theme.stroke(theme.line_pt));
        let half = theme.pt(2.2) as i32;
        for (i, label) in labels.iter().enumerate() {
            let Some(r) = panel.rows.iter().find(|r| &r.label == label) else {
                continue;
            };
            let y = row_y(i);
            if r.hr.is_nan() {
                if let Some(note) = &r.note {
                    area.draw(&Text::new(
                        note.clone(),
                        (ci_x, y),
                        anchored(&text, HPos::Left, VPos::Center),
                    ))?;
                }
                continue;
            }
            let (a, b) = (
                scale.px(scale.clamp(r.lower)),
                scale.px(scale.clamp(r.upper)),
            );
            area.draw(&PathElement::new(vec![(a, y), (b, y)], stroke))?;
            let c = scale.px(scale.clamp(r.hr));
            area.draw(&Rectangle::new(
                [(c - half, y - half), (c + half, y + half)],
                colour.filled(),
            ))?;
            area.draw(&Text::new(
                fmt_ci(r.hr, r.lower, r.upper, 2),
                (ci_x, y),
                anchored(&text, HPos::Left, VPos::Center),
            ))?;
            if let Some(p) = r.p {
                let s = fmt_p(p).trim_start_matches("p = ").replace("p < ", "<");
                area.draw(&Text::new(
                    s,
                    (p_x, y),
                    anchored(&text, HPos::Right, VPos::Center),
                ))?;
            }
        }
    }
    Ok(())
}
