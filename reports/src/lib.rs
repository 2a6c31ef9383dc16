//! # prognos-reports
//!
//! Publication figures and self-contained study reports.
//!
//! * **Figures** ([`km`], [`forest`], [`roc`], [`calibration`], [`dca`],
//!   [`cindex`], [`volcano`], [`bubble`], [`bars`], [`love`]): each takes a
//!   plain data struct (so this crate does not depend on the estimators'
//!   types) and renders a [`Figure`]: SVG, 300-dpi PNG and the CSV of the
//!   data drawn. Sizes follow journal columns ([`theme::Width`]), colours
//!   the colour-blind-safe Okabe–Ito palette, and text the embedded
//!   Liberation Sans font (no system fonts are read).
//! * **Reports** ([`Report`]): title, study summary, sections with
//!   paragraphs, [`prognos_core::Table`]s and numbered figures, methods and
//!   software versions, as one self-contained HTML string, or (feature
//!   `pdf`) as a paginated PDF with embedded fonts and vector figures.
//!
//! ```
//! use prognos_reports::km::{KmCurve, KmPlot, RiskCount};
//! use prognos_reports::theme::{Theme, Width};
//!
//! let curve = KmCurve {
//!     label: "All".into(),
//!     times: vec![1.0, 2.0, 3.0],
//!     surv: vec![0.9, 0.7, 0.5],
//!     lower: vec![0.8, 0.55, 0.35],
//!     upper: vec![0.99, 0.85, 0.7],
//!     censor_times: vec![2.5],
//!     median: Some(3.0),
//!     risk_table: vec![RiskCount { time: 0.0, n_risk: 10, n_event: 0, n_censor: 0 }],
//! };
//! let plot = KmPlot::new(vec![curve]).x_label("Time (years)");
//! let fig = plot.render("km", &Theme::new(Width::Single, 70.0)).unwrap();
//! assert!(fig.svg.contains("Time (years)"));
//! assert!(fig.png.starts_with(b"\x89PNG"));
//! ```
#![deny(missing_docs)]

pub mod bars;
pub mod bubble;
pub mod calibration;
pub mod cindex;
pub mod dca;
mod error;
pub mod figure;
pub mod forest;
pub mod html;
pub mod km;
pub mod love;
#[cfg(feature = "pdf")]
mod pdf;
pub mod report;
pub mod roc;
pub mod theme;
pub mod volcano;

pub use error::ReportError;
pub use figure::Figure;
pub use report::Report;
