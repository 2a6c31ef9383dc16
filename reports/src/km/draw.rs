//! Drawing of one Kaplan–Meier panel (curves, bands, ticks, legend,
//! annotation, KMunicate risk table aligned to the time axis).

use super::KmPlot;
use crate::figure::{
    Axis, DrawResult, Frame, Key, anchored, bold, dashed, draw_axes, fmt_p, font, legend,
    legend_size, local, text_width, x_margin, y_margin,
};
use crate::theme::{GREY, Theme};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Height of one risk-table line in millimetres.
pub(crate) fn line_mm(theme: &Theme) -> f64 {
    theme.tick_pt * 1.4 * 25.4 / 72.0
}

/// Tick label for a time: integers without decimals, others with up to
/// two.
pub(crate) fn time_label(t: f64) -> String {
    if (t - t.round()).abs() < 1e-9 {
        format!("{}", t.round() as i64)
    } else {
        let s = format!("{t:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Draws `plot` filling `area` (plot on top, risk table below).
pub(crate) fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &KmPlot,
    theme: &Theme,
) -> DrawResult<DB> {
    let (_, h) = area.dim_in_pixel();
    let table_px = theme.mm(plot.table_mm(theme));
    let (top, bottom) = area.split_vertically(h as i32 - table_px);
    let tick = font(theme, theme.tick_pt);

    let mut top_margin = theme.mm(2.0);
    if let Some(t) = &plot.title {
        top.draw(&Text::new(
            t.clone(),
            (theme.mm(1.0), theme.mm(1.0)),
            anchored(&bold(theme, theme.title_pt), HPos::Left, VPos::Top),
        ))?;
        top_margin += theme.pt(theme.title_pt * 1.3) as i32;
    }

    // Left margin: wide enough for the y axis and for the risk-table row
    // names, so the table's columns line up with the time ticks.
    let breaks = plot.breaks();
    let x_end = plot.x_end();
    let y_axis = Axis::new(
        &[0.0, 0.25, 0.5, 0.75, 1.0],
        |s| format!("{s:.2}"),
        plot.y_label.clone(),
    );
    let x_axis = Axis::new(&breaks, time_label, plot.x_label.clone());
    let y_axis_w = y_margin(
        theme,
        &y_axis.ticks.iter().map(|t| t.1.clone()).collect::<Vec<_>>(),
    );
    let table_names_w = ["At risk", "Censored", "Events"]
        .iter()
        .map(|s| text_width(&tick, s))
        .max()
        .unwrap_or(0)
        + theme.mm(2.0)
        + text_width(&tick, "0000") / 2
        + theme.mm(1.5);
    let left = if plot.table_lines() > 0 {
        y_axis_w.max(table_names_w)
    } else {
        y_axis_w
    };

    let mut chart = ChartBuilder::on(&top)
        .margin_top(top_margin)
        .margin_right(theme.mm(4.0))
        .margin_left(left)
        .margin_bottom(x_margin(theme))
        .build_cartesian_2d(0.0..x_end, 0.0..1.0)?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let (right, top_px) = local(&top, (xr.end, yr.start));
    let (left_px, bottom_px) = local(&top, (xr.start, yr.end));
    let frame = Frame {
        left: left_px,
        top: top_px,
        right,
        bottom: bottom_px,
    };
    draw_axes(
        &top,
        theme,
        frame,
        Some(&x_axis),
        Some(&y_axis),
        |t| local(&top, chart.backend_coord(&(t, 0.0))).0,
        |s| local(&top, chart.backend_coord(&(0.0, s))).1,
    )?;

    let stroke = theme.stroke(theme.line_pt);
    for (i, c) in plot.curves.iter().enumerate() {
        let colour = theme.colour(i);
        let end = c
            .times
            .last()
            .copied()
            .unwrap_or(0.0)
            .max(c.censor_times.iter().fold(0.0, |a: f64, &b| a.max(b)))
            .min(x_end);
        if plot.show_ci {
            let fin = |v: f64, s: f64| if v.is_finite() { v } else { s };
            let up: Vec<f64> = c
                .upper
                .iter()
                .zip(&c.surv)
                .map(|(&u, &s)| fin(u, s))
                .collect();
            let lo: Vec<f64> = c
                .lower
                .iter()
                .zip(&c.surv)
                .map(|(&l, &s)| fin(l, s))
                .collect();
            let mut poly = steps(&c.times, &up, end);
            let mut lower = steps(&c.times, &lo, end);
            lower.reverse();
            poly.extend(lower);
            chart.draw_series(std::iter::once(Polygon::new(
                poly,
                colour.mix(0.18).filled(),
            )))?;
        }
        chart.draw_series(LineSeries::new(
            steps(&c.times, &c.surv, end),
            colour.stroke_width(stroke),
        ))?;
        let tick_h = theme.pt(2.0) as i32;
        let tick_style = colour.stroke_width(theme.stroke(theme.axis_pt));
        chart.draw_series(c.censor_times.iter().filter(|&&t| t <= x_end).map(|&t| {
            EmptyElement::at((t, c.surv_at(t)))
                + PathElement::new(vec![(0, -tick_h), (0, tick_h)], tick_style)
        }))?;
    }

    if plot.show_median {
        let medians: Vec<f64> = plot
            .curves
            .iter()
            .filter_map(|c| c.median)
            .filter(|m| *m <= x_end)
            .collect();
        if let Some(&max_m) = medians.iter().max_by(|a, b| a.total_cmp(b)) {
            let p = |x: f64, y: f64| local(&top, chart.backend_coord(&(x, y)));
            dashed(&top, theme, p(0.0, 0.5), p(max_m, 0.5), &GREY)?;
            for m in medians {
                dashed(&top, theme, p(m, 0.5), p(m, 0.0), &GREY)?;
            }
        }
    }

    // Legend and p-value go bottom-left: survival curves start at 1 and
    // fall, so early times at low survival are the one region they leave
    // empty (only median lines cross it).
    let entries: Vec<(String, RGBColor)> = plot
        .curves
        .iter()
        .enumerate()
        .map(|(i, c)| (c.label.clone(), theme.colour(i)))
        .collect();
    let show_legend = plot.curves.len() > 1 || !plot.curves[0].label.is_empty();
    let p_h = theme.pt(theme.font_pt * 1.3) as i32;
    let mut y = bottom_px - theme.mm(1.5);
    if let Some(p) = plot.logrank_p {
        top.draw(&Text::new(
            format!("Log-rank {}", fmt_p(p)),
            (left_px + theme.mm(2.0), y),
            anchored(&font(theme, theme.font_pt), HPos::Left, VPos::Bottom),
        ))?;
        y -= p_h;
    }
    if show_legend {
        let (lw, lh) = legend_size(theme, &entries);
        legend(
            &top,
            theme,
            left_px + theme.mm(1.5) + lw,
            y - lh,
            &entries,
            Key::Line,
        )?;
    }

    if plot.table_lines() > 0 {
        risk_table(&bottom, plot, theme, &breaks, |t| {
            local(&bottom, chart.backend_coord(&(t, 0.0))).0
        })?;
    }
    Ok(())
}

/// Step-function vertices of `(times, values)` from (0, 1) to `end`.
fn steps(times: &[f64], values: &[f64], end: f64) -> Vec<(f64, f64)> {
    let mut pts = vec![(0.0, 1.0)];
    let mut prev = 1.0;
    for (&t, &v) in times.iter().zip(values) {
        if t > end {
            break;
        }
        pts.push((t, prev));
        pts.push((t, v));
        prev = v;
    }
    pts.push((end, prev));
    pts
}

/// Picks one count out of a risk-table entry.
type Count = fn(&super::RiskCount) -> usize;

/// The KMunicate table: per curve a coloured label line, then at risk,
/// censored and events under each tick time.
fn risk_table<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &KmPlot,
    theme: &Theme,
    breaks: &[f64],
    x_of: impl Fn(f64) -> i32,
) -> DrawResult<DB> {
    let tick = font(theme, theme.tick_pt);
    let line = theme.mm(line_mm(theme));
    let y0 = theme.mm(1.0);
    let centre = anchored(&tick, HPos::Center, VPos::Center);
    let name = anchored(&tick, HPos::Left, VPos::Center);
    let mut row = 0;
    for (i, c) in plot.curves.iter().enumerate() {
        let yc = |r: i32| y0 + line * r + line / 2;
        area.draw(&Text::new(
            c.label.clone(),
            (theme.mm(1.0), yc(row)),
            anchored(&bold(theme, theme.tick_pt), HPos::Left, VPos::Center).color(&theme.colour(i)),
        ))?;
        let rows: [(&str, Count); 3] = [
            ("At risk", |r| r.n_risk),
            ("Censored", |r| r.n_censor),
            ("Events", |r| r.n_event),
        ];
        for (k, (label, get)) in rows.iter().enumerate() {
            let y = yc(row + 1 + k as i32);
            area.draw(&Text::new(
                label.to_string(),
                (theme.mm(2.0), y),
                name.clone(),
            ))?;
            for &t in breaks {
                let tol = 1e-9 * t.abs().max(1.0);
                if let Some(r) = c.risk_table.iter().find(|r| (r.time - t).abs() <= tol) {
                    area.draw(&Text::new(get(r).to_string(), (x_of(t), y), centre.clone()))?;
                }
            }
        }
        row += 4;
    }
    Ok(())
}
