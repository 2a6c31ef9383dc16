//! The rendered figure ([`Figure`]: SVG, PNG and the CSV of the data
//! behind it) and the machinery every figure family shares: one drawing
//! routine, run once on plotters' SVG backend and once on its bitmap
//! backend, so both outputs are the same picture.

mod axes;
mod csv;
mod marks;
mod scale;
mod text;

pub(crate) use scale::{Scale, XyPanel, polyline};

pub(crate) use marks::{Key, dashed, legend, legend_size, local};

pub(crate) use axes::{Axis, Frame, draw_axes, x_margin, y_margin};

pub use csv::Csv;
pub use text::{fmt_ci, fmt_num, fmt_p};

use crate::error::ReportError;
use crate::theme::{CSS_FONT_STACK, FONT_HEIGHT_EM, Theme, register_fonts};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The result of `plotters` drawing calls on backend `DB`.
pub(crate) type DrawResult<DB> =
    Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// One rendered figure: vector (SVG), raster (PNG at the theme's dpi) and
/// the data behind it (CSV), ready to save or to place in a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// File stem, e.g. `"km_os"`; also the anchor in HTML reports.
    pub name: String,
    /// Standalone SVG document (width/height in millimetres).
    pub svg: String,
    /// PNG file bytes.
    pub png: Vec<u8>,
    /// The data drawn, as CSV with a header row.
    pub csv: String,
    /// Physical width in millimetres.
    pub width_mm: f64,
    /// Physical height in millimetres.
    pub height_mm: f64,
}

impl Figure {
    /// Writes `<name>.svg`, `<name>.png` and `<name>.csv` into `dir`
    /// (created if missing).
    ///
    /// # Errors
    /// Any I/O error from creating the folder or writing the files.
    pub fn save(&self, dir: &std::path::Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join(format!("{}.svg", self.name)), &self.svg)?;
        std::fs::write(dir.join(format!("{}.png", self.name)), &self.png)?;
        std::fs::write(dir.join(format!("{}.csv", self.name)), &self.csv)?;
        Ok(())
    }
}

/// A figure description that can draw itself on any plotters backend.
pub(crate) trait Plot {
    /// Figure family, for error messages (`"kaplan-meier"`).
    const FIGURE: &'static str;
    /// Checks the input once, before drawing.
    fn validate(&self) -> Result<(), ReportError>;
    /// Height the figure needs at this theme (default: the theme's).
    fn height_mm(&self, theme: &Theme) -> f64 {
        theme.height_mm
    }
    /// Draws the whole figure on `root` (already filled white).
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> DrawResult<DB>;
    /// The data behind the figure.
    fn csv(&self) -> Csv;
}

/// Validates `plot`, draws it to SVG and PNG, and packs the CSV.
pub(crate) fn render<P: Plot>(plot: &P, name: &str, theme: &Theme) -> Result<Figure, ReportError> {
    plot.validate()?;
    register_fonts();
    let theme = theme.clone().with_height(plot.height_mm(theme));
    let (w, h) = theme.pixels();
    let backend_err = |backend: &'static str, message: String| ReportError::Backend {
        figure: P::FIGURE,
        backend,
        message,
    };

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE)
            .map_err(|e| backend_err("svg", e.to_string()))?;
        plot.draw(&root, &theme)
            .map_err(|e| backend_err("svg", e.to_string()))?;
        root.present()
            .map_err(|e| backend_err("svg", e.to_string()))?;
    }
    let svg = finish_svg(&svg, theme.width_mm, theme.height_mm);

    let mut rgb = vec![255u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        root.fill(&WHITE)
            .map_err(|e| backend_err("png", e.to_string()))?;
        plot.draw(&root, &theme)
            .map_err(|e| backend_err("png", e.to_string()))?;
        root.present()
            .map_err(|e| backend_err("png", e.to_string()))?;
    }
    let png = encode_png(&rgb, w, h).map_err(|e| backend_err("png", e))?;

    Ok(Figure {
        name: name.to_string(),
        svg,
        png,
        csv: plot.csv().finish(),
        width_mm: theme.width_mm,
        height_mm: theme.height_mm,
    })
}

/// Encodes an RGB buffer as PNG.
fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(rgb, w, h, image::ColorType::Rgb8)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// Post-processes plotters' SVG: physical size in millimetres on the root
/// element, the font stack with metric-compatible fallbacks, and font
/// sizes rescaled so the SVG em matches the rasteriser's (plotters writes
/// `size / 1.24`; the `ab_glyph` em is `size / FONT_HEIGHT_EM`).
fn finish_svg(svg: &str, width_mm: f64, height_mm: f64) -> String {
    let mut out = String::with_capacity(svg.len() + 256);
    let mut rest = svg;
    // Root element: replace the pixel width/height by millimetres.
    if let Some(start) = rest.find("<svg ")
        && let Some(end_rel) = rest[start..].find('>')
    {
        let tag = &rest[start..start + end_rel];
        let view_box = tag
            .split("viewBox=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .unwrap_or("0 0 1 1");
        out.push_str(&rest[..start]);
        out.push_str(&format!(
            "<svg width=\"{width_mm:.2}mm\" height=\"{height_mm:.2}mm\" viewBox=\"{view_box}\" \
             xmlns=\"http://www.w3.org/2000/svg\" font-family=\"{CSS_FONT_STACK}\""
        ));
        rest = &rest[start + end_rel..];
    }
    let family_attr = format!("font-family=\"{}\"", crate::theme::FONT_FAMILY);
    let scale = 1.24 / FONT_HEIGHT_EM;
    for (i, piece) in rest.split("font-size=\"").enumerate() {
        if i == 0 {
            out.push_str(piece);
            continue;
        }
        let (num, tail) = piece.split_once('"').unwrap_or((piece, ""));
        match num.parse::<f64>() {
            Ok(v) => out.push_str(&format!("font-size=\"{:.2}\"", v * scale)),
            Err(_) => out.push_str(&format!("font-size=\"{num}\"")),
        }
        out.push_str(tail);
    }
    out.replace(&family_attr, &format!("font-family=\"{CSS_FONT_STACK}\""))
}

/// A text style of `pt` points in the theme's font and ink colour.
pub(crate) fn font(theme: &Theme, pt: f64) -> TextStyle<'static> {
    (crate::theme::FONT_FAMILY, theme.font_px(pt))
        .into_font()
        .color(&crate::theme::INK)
}

/// A bold text style of `pt` points.
pub(crate) fn bold(theme: &Theme, pt: f64) -> TextStyle<'static> {
    (
        crate::theme::FONT_FAMILY,
        theme.font_px(pt),
        FontStyle::Bold,
    )
        .into_font()
        .color(&crate::theme::INK)
}

/// Width in pixels of `text` set in `style` (the rasteriser's advance).
pub(crate) fn text_width(style: &TextStyle<'_>, text: &str) -> i32 {
    style
        .font
        .box_size(text)
        .map(|(w, _)| w as i32)
        .unwrap_or(0)
}

/// Anchored copy of a text style.
pub(crate) fn anchored<'a>(style: &TextStyle<'a>, h: HPos, v: VPos) -> TextStyle<'a> {
    style.pos(Pos::new(h, v))
}

/// Checks that `values` has `expected` entries.
pub(crate) fn check_len(
    figure: &'static str,
    field: &'static str,
    values: usize,
    expected: usize,
    per: &'static str,
) -> Result<(), ReportError> {
    if values == expected {
        Ok(())
    } else {
        Err(ReportError::LengthMismatch {
            figure,
            field,
            expected,
            found: values,
            per,
        })
    }
}

/// Checks that every value is finite.
pub(crate) fn check_finite(
    figure: &'static str,
    field: &'static str,
    label: &str,
    values: &[f64],
) -> Result<(), ReportError> {
    match values.iter().find(|v| !v.is_finite()) {
        None => Ok(()),
        Some(&value) => Err(ReportError::BadValue {
            figure,
            field,
            label: label.to_string(),
            value,
        }),
    }
}

/// "Nice" axis ticks covering `[lo, hi]`: steps of 1, 2 or 5 × 10^k,
/// about `n` of them.
/// "Nice" axis ticks (see the private docs below).
pub(crate) fn nice_ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        return vec![lo];
    }
    let raw = (hi - lo) / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).ceil() * step;
    let mut t = Vec::new();
    let mut k = 0;
    while start + k as f64 * step <= hi + step * 1e-9 {
        // Round to the step's precision so 3 × 0.2 prints as 0.6.
        let scale = 10f64.powi((2.0 - step.log10().floor()).max(0.0) as i32);
        let v = ((start + k as f64 * step) * scale).round() / scale;
        t.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        k += 1;
    }
    t
}

/// Ticks of a "nice" step (as [`nice_ticks`]) whose first tick is at or
/// below `lo` and whose last is at or above `hi`, so the axis ends on a
/// labelled tick.
pub(crate) fn cover_ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let t = nice_ticks(lo, hi, n);
    if t.len() < 2 {
        return t;
    }
    let step = t[1] - t[0];
    let first = (lo / step + 1e-9).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    // every multiple of the step from below `lo` to above `hi`, rounded to
    // the step's decimals so labels print cleanly (0.75, not 0.7500000001)
    let decimals = (-step.log10().floor()).max(0.0) as i32 + 1;
    let scale = 10f64.powi(decimals);
    (first..=last)
        .map(|k| (k as f64 * step * scale).round() / scale)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: the bubble plot's axis ended at 0.5 with a point at 0.53.
    #[test]
    fn cover_ticks_reach_past_the_data() {
        for (lo, hi) in [
            (0.0, 0.6),
            (0.0, 0.526),
            (0.03, 0.97),
            (2.0, 61.0),
            (-1.3, 1.4),
        ] {
            let t = cover_ticks(lo, hi, 4);
            assert!(t[0] <= lo && *t.last().unwrap() >= hi, "{lo}..{hi}: {t:?}");
            assert!(t.len() >= 2 && t.len() <= 12, "{t:?}");
        }
    }

    #[test]
    fn nice_ticks_cover_the_range() {
        assert_eq!(nice_ticks(0.0, 1.0, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(
            nice_ticks(0.0, 60.0, 6),
            vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
        );
    }

    #[test]
    fn svg_gets_millimetres_and_font_stack() {
        let s = finish_svg(
            "<svg width=\"10\" height=\"20\" viewBox=\"0 0 10 20\" xmlns=\"x\">\n<text font-family=\"Liberation Sans\" font-size=\"12.4\">a</text></svg>",
            89.0,
            50.0,
        );
        assert!(s.contains("width=\"89.00mm\""), "{s}");
        assert!(s.contains("viewBox=\"0 0 10 20\""), "{s}");
        assert!(s.contains("Arial"), "{s}");
        assert!(s.contains("font-size=\"13.76\""), "{s}");
    }
}
