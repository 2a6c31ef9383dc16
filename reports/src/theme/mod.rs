//! The journal theme: physical sizes, resolution, type sizes, line
//! widths, the colour-blind-safe palette and the embedded font.
//!
//! Figures are laid out in millimetres and points, as journals specify
//! them (Nature: single column 89 mm, double column 183 mm, type 5–7 pt;
//! most clinical journals accept 6–9 pt). Drawing happens on a pixel grid
//! at [`Theme::dpi`] (300 by default); the SVG output carries the same
//! grid with `width`/`height` in millimetres, so both outputs have the
//! same physical size.
//!
//! The font (Liberation Sans, metric-compatible with Arial; SIL Open Font
//! License 1.1, see `reports/fonts/LICENSE-LiberationSans.txt`) is
//! compiled into the crate and registered with plotters' `ab_glyph`
//! renderer, so no system font is read at run time.

use plotters::style::{FontStyle, RGBColor};
use std::sync::Once;

/// Liberation Sans Regular (SIL OFL 1.1), embedded.
pub static FONT_REGULAR: &[u8] = include_bytes!("../../fonts/LiberationSans-Regular.ttf");
/// Liberation Sans Bold (SIL OFL 1.1), embedded.
pub static FONT_BOLD: &[u8] = include_bytes!("../../fonts/LiberationSans-Bold.ttf");
/// The family name the figures use (and that SVG/HTML/PDF outputs name).
pub const FONT_FAMILY: &str = "Liberation Sans";
/// The CSS `font-family` list written into SVG: the embedded font first,
/// then metric-compatible system fonts for viewers that lack it.
pub const CSS_FONT_STACK: &str = "'Liberation Sans', Arial, Helvetica, sans-serif";

/// The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"),
/// ordered for lines: blue, vermillion, bluish green, orange, sky blue,
/// reddish purple, black, yellow (yellow last: weak on white).
pub const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0xF0, 0xE4, 0x42),
];

/// Mid grey for reference lines (diagonals, HR = 1, treat-none).
pub const GREY: RGBColor = RGBColor(0x80, 0x80, 0x80);
/// Light grey for secondary elements (non-significant points).
pub const LIGHT_GREY: RGBColor = RGBColor(0xBB, 0xBB, 0xBB);
/// White, for text on dark fills.
pub const WHITE_INK: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
/// Near-black used for text and axes.
pub const INK: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);

/// Ascent − descent of Liberation Sans in em ((1854 + 434) / 2048,
/// the hhea metrics, identical to Arial's).
pub const FONT_HEIGHT_EM: f64 = 2288.0 / 2048.0;

static REGISTER: Once = Once::new();

/// Registers the embedded font with plotters (idempotent, thread-safe).
/// Every render calls it; callers never need to.
pub fn register_fonts() {
    REGISTER.call_once(|| {
        // The bytes are a valid TrueType file compiled into the crate; a
        // failure here would be a build defect, caught by every test.
        let _ = plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT_REGULAR);
        let _ = plotters::style::register_font(FONT_FAMILY, FontStyle::Bold, FONT_BOLD);
    });
}

/// Standard journal figure widths.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Width {
    /// One column: 89 mm (Nature, Cell, Lancet-like layouts).
    Single,
    /// 1.5 columns: 136 mm.
    OneAndHalf,
    /// Two columns / full page width: 183 mm.
    Double,
    /// Any width in millimetres.
    Mm(f64),
}

impl Width {
    /// The width in millimetres.
    pub fn mm(self) -> f64 {
        match self {
            Width::Single => 89.0,
            Width::OneAndHalf => 136.0,
            Width::Double => 183.0,
            Width::Mm(w) => w,
        }
    }
}

/// Physical size, resolution, type and line settings of a figure.
///
/// | Field | Default | Purpose |
/// |---|---|---|
/// | `width_mm` | 89 | figure width |
/// | `height_mm` | 75 | figure height (figures may grow it, e.g. for a risk table) |
/// | `dpi` | 300 | PNG resolution; also the SVG's internal grid |
/// | `font_pt` | 7 | axis labels, legends, table text |
/// | `tick_pt` | 6 | tick labels, small annotations |
/// | `title_pt` | 8 | panel titles |
/// | `line_pt` | 0.75 | data lines |
/// | `axis_pt` | 0.5 | axes and ticks |
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Width in millimetres.
    pub width_mm: f64,
    /// Height in millimetres.
    pub height_mm: f64,
    /// Dots per inch of the PNG (and of the SVG's coordinate grid).
    pub dpi: f64,
    /// Main text size in points.
    pub font_pt: f64,
    /// Tick-label size in points.
    pub tick_pt: f64,
    /// Title size in points.
    pub title_pt: f64,
    /// Data line width in points.
    pub line_pt: f64,
    /// Axis line width in points.
    pub axis_pt: f64,
    /// Series colours, used in order.
    pub palette: Vec<RGBColor>,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            width_mm: 89.0,
            height_mm: 75.0,
            dpi: 300.0,
            font_pt: 7.0,
            tick_pt: 6.0,
            title_pt: 8.0,
            line_pt: 0.75,
            axis_pt: 0.5,
            palette: OKABE_ITO.to_vec(),
        }
    }
}

impl Theme {
    /// A theme of the given width and height (millimetres), other
    /// settings at their defaults.
    pub fn new(width: Width, height_mm: f64) -> Self {
        Theme {
            width_mm: width.mm(),
            height_mm,
            ..Theme::default()
        }
    }

    /// Returns the theme with another height (millimetres).
    pub fn with_height(mut self, height_mm: f64) -> Self {
        self.height_mm = height_mm;
        self
    }

    /// Returns the theme with another resolution.
    pub fn with_dpi(mut self, dpi: f64) -> Self {
        self.dpi = dpi;
        self
    }

    /// Millimetres to pixels of the drawing grid.
    pub fn mm(&self, mm: f64) -> i32 {
        (mm * self.dpi / 25.4).round() as i32
    }

    /// Points to pixels of the drawing grid (1 pt = 1/72 inch).
    pub fn pt(&self, pt: f64) -> f64 {
        pt * self.dpi / 72.0
    }

    /// Integer stroke width in pixels for a line of `pt` points (at least 1).
    pub fn stroke(&self, pt: f64) -> u32 {
        self.pt(pt).round().max(1.0) as u32
    }

    /// Pixel size of the drawing grid.
    pub fn pixels(&self) -> (u32, u32) {
        (
            self.mm(self.width_mm) as u32,
            self.mm(self.height_mm) as u32,
        )
    }

    /// The plotters font size for `pt` points. plotters' `ab_glyph`
    /// renderer scales a font so that ascent − descent spans `size`
    /// pixels; for Liberation Sans that is [`FONT_HEIGHT_EM`] em, so the
    /// em is exactly `pt` points. (The SVG writer's `font-size` is
    /// rewritten to the same em, see `figure::finish_svg`.)
    pub fn font_px(&self, pt: f64) -> f64 {
        self.pt(pt) * FONT_HEIGHT_EM
    }

    /// Colour of series `i` (cycles through the palette).
    pub fn colour(&self, i: usize) -> RGBColor {
        if self.palette.is_empty() {
            return INK;
        }
        self.palette[i % self.palette.len()]
    }
}
