//! PDF rendering of a [`Report`] (feature `pdf`).
//!
//! Each A4 page is laid out here as one SVG (text wrapped with the
//! embedded font's metrics, tables as text grids with rules, figures as
//! nested vector SVG), converted by `svg2pdf` into a PDF form XObject
//! with the font subset embedded, and the pages are assembled with
//! `pdf-writer`. Figures stay vectors; no system fonts are read.
//!
//! Build cost (measured, clean debug build of `svg2pdf` with only its
//! `text` feature plus `pdf-writer`, 2-core machine): 75 CPU-seconds;
//! the notes give ~6 CPU-minutes for a release build. typst (28) and
//! printpdf (11 CPU-minutes release) were rejected as heavier.

mod layout;

use crate::error::ReportError;
use crate::report::Report;
use crate::theme::{FONT_BOLD, FONT_REGULAR};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};
use std::collections::HashMap;

/// A4 width in points.
pub(crate) const PAGE_W: f64 = 595.28;
/// A4 height in points.
pub(crate) const PAGE_H: f64 = 841.89;

impl Report {
    /// The report as a paginated A4 PDF (embedded Liberation Sans subset,
    /// vector figures, page numbers).
    ///
    /// # Errors
    /// [`ReportError::Pdf`] if a page cannot be parsed or converted
    /// (a defect in a figure's SVG).
    pub fn to_pdf(&self) -> Result<Vec<u8>, ReportError> {
        let pages = layout::pages(self);
        let mut options = svg2pdf::usvg::Options::default();
        options.fontdb_mut().load_font_data(FONT_REGULAR.to_vec());
        options.fontdb_mut().load_font_data(FONT_BOLD.to_vec());
        options.font_family = crate::theme::FONT_FAMILY.to_string();

        let mut alloc = Ref::new(1);
        let catalog = alloc.bump();
        let tree_id = alloc.bump();
        let mut pdf = Pdf::new();
        let mut page_ids = Vec::new();
        let mut chunks = Vec::new();
        for (i, svg) in pages.iter().enumerate() {
            let err = |message: String| ReportError::Pdf {
                page: i + 1,
                message,
            };
            let tree =
                svg2pdf::usvg::Tree::from_str(svg, &options).map_err(|e| err(e.to_string()))?;
            let (chunk, xobj) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
                .map_err(|e| err(e.to_string()))?;
            let mut map = HashMap::new();
            let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
            let xobj = map[&xobj];
            let page_id = alloc.bump();
            let content_id = alloc.bump();
            let mut page = pdf.page(page_id);
            page.media_box(Rect::new(0.0, 0.0, PAGE_W as f32, PAGE_H as f32));
            page.parent(tree_id);
            page.contents(content_id);
            page.resources().x_objects().pair(Name(b"P1"), xobj);
            page.finish();
            let mut content = Content::new();
            content.transform([PAGE_W as f32, 0.0, 0.0, PAGE_H as f32, 0.0, 0.0]);
            content.x_object(Name(b"P1"));
            pdf.stream(content_id, &content.finish());
            page_ids.push(page_id);
            chunks.push(chunk);
        }
        for c in &chunks {
            pdf.extend(c);
        }
        pdf.catalog(catalog).pages(tree_id);
        pdf.pages(tree_id)
            .kids(page_ids.iter().copied())
            .count(page_ids.len() as i32);
        Ok(pdf.finish())
    }
}
