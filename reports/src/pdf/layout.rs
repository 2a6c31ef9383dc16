//! Page layout: flows the report's blocks onto A4 pages, each page an
//! SVG document in points.

use super::{PAGE_H, PAGE_W};
use crate::html::{escape, inline_svg};
use crate::report::{Block, Report, table_grid};
use crate::theme::{CSS_FONT_STACK, FONT_FAMILY, FONT_HEIGHT_EM};
use plotters::prelude::*;

const MARGIN: f64 = 56.7; // 20 mm
const BODY_PT: f64 = 10.0;
const SMALL_PT: f64 = 8.5;

/// Width of `text` in points at `pt` (bold or regular), from the embedded
/// font's advances (measured at 10x for sub-point precision).
fn width(text: &str, pt: f64, bold: bool) -> f64 {
    let size = pt * 10.0 * FONT_HEIGHT_EM;
    let font = if bold {
        (FONT_FAMILY, size, FontStyle::Bold).into_font()
    } else {
        (FONT_FAMILY, size).into_font()
    };
    font.box_size(text)
        .map(|(w, _)| w as f64 / 10.0)
        .unwrap_or(text.len() as f64 * pt * 0.5)
}

/// Greedy word wrap to `max` points.
fn wrap(text: &str, pt: f64, bold: bool, max: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let trial = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if width(&trial, pt, bold) > max && !cur.is_empty() {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        } else {
            cur = trial;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Accumulates SVG pages.
struct Pager {
    pages: Vec<String>,
    body: String,
    y: f64,
}

impl Pager {
    fn new() -> Self {
        Pager {
            pages: Vec::new(),
            body: String::new(),
            y: MARGIN,
        }
    }
    fn room(&self) -> f64 {
        PAGE_H - MARGIN - self.y
    }
    fn ensure(&mut self, h: f64) {
        if h > self.room() && self.y > MARGIN + 1.0 {
            self.break_page();
        }
    }
    fn break_page(&mut self) {
        let n = self.pages.len() + 1;
        let body = std::mem::take(&mut self.body);
        self.pages.push(format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{PAGE_W}pt\" height=\"{PAGE_H}pt\" \
             viewBox=\"0 0 {PAGE_W} {PAGE_H}\" font-family=\"{CSS_FONT_STACK}\">\
             <rect width=\"100%\" height=\"100%\" fill=\"white\"/>{body}\
             <text x=\"{}\" y=\"{}\" font-size=\"{SMALL_PT}\" text-anchor=\"middle\" fill=\"#555\">{n}</text></svg>",
            PAGE_W / 2.0,
            PAGE_H - MARGIN / 2.0
        ));
        self.y = MARGIN;
    }
    fn text(&mut self, x: f64, s: &str, pt: f64, bold: bool, anchor: &str) {
        let weight = if bold { " font-weight=\"bold\"" } else { "" };
        self.body.push_str(&format!(
            "<text x=\"{x:.2}\" y=\"{:.2}\" font-size=\"{pt}\"{weight} text-anchor=\"{anchor}\" fill=\"#1a1a1a\">{}</text>",
            self.y + pt * 0.8,
            escape(s)
        ));
    }
    fn rule(&mut self, x0: f64, x1: f64, w: f64) {
        self.body.push_str(&format!(
            "<line x1=\"{x0:.2}\" y1=\"{y:.2}\" x2=\"{x1:.2}\" y2=\"{y:.2}\" stroke=\"#1a1a1a\" stroke-width=\"{w}\"/>",
            y = self.y
        ));
    }
    fn paragraph(&mut self, s: &str, pt: f64, bold: bool) {
        let lead = pt * 1.4;
        for line in wrap(s, pt, bold, PAGE_W - 2.0 * MARGIN) {
            self.ensure(lead);
            self.text(MARGIN, &line, pt, bold, "start");
            self.y += lead;
        }
        self.y += pt * 0.6;
    }
}

/// Lays out `report` as SVG pages.
pub(crate) fn pages(report: &Report) -> Vec<String> {
    let mut p = Pager::new();
    let text_w = PAGE_W - 2.0 * MARGIN;
    p.paragraph(&report.title, 17.0, true);
    for s in &report.summary {
        p.ensure(BODY_PT * 1.4);
        p.text(MARGIN, &s.label, BODY_PT, true, "start");
        p.text(MARGIN + 130.0, &s.value, BODY_PT, false, "start");
        p.y += BODY_PT * 1.4;
    }
    p.y += BODY_PT;
    let (mut n_sec, mut n_tab, mut n_fig) = (0, 0, 0);
    for b in &report.blocks {
        match b {
            Block::Heading(t) => {
                n_sec += 1;
                p.ensure(13.0 * 1.4 + 60.0);
                p.y += 6.0;
                p.paragraph(&format!("{n_sec}. {t}"), 13.0, true);
            }
            Block::Paragraph(s) => p.paragraph(s, BODY_PT, false),
            Block::Table { table, caption } => {
                n_tab += 1;
                let (header, rows) = table_grid(table);
                let ncol = header.len();
                let col_w: Vec<f64> = (0..ncol)
                    .map(|c| {
                        rows.iter()
                            .map(|r| width(&r[c], SMALL_PT, false))
                            .chain(std::iter::once(width(&header[c], SMALL_PT, true)))
                            .fold(0.0, f64::max)
                            + 12.0
                    })
                    .collect();
                let total: f64 = col_w.iter().sum::<f64>().min(text_w);
                let lead = SMALL_PT * 1.5;
                p.ensure(lead * (rows.len() as f64 + 4.0));
                let title = match &table.title {
                    Some(t) => format!("Table {n_tab}. {caption} {t}"),
                    None => format!("Table {n_tab}. {caption}"),
                };
                p.paragraph(&title, SMALL_PT, false);
                p.rule(MARGIN, MARGIN + total, 0.8);
                p.y += 2.0;
                let draw_row = |p: &mut Pager, cells: &[String], bold: bool| {
                    let mut x = MARGIN;
                    for (c, cell) in cells.iter().enumerate() {
                        if c == 0 {
                            p.text(x, cell, SMALL_PT, bold, "start");
                        } else {
                            p.text(x + col_w[c] - 6.0, cell, SMALL_PT, bold, "end");
                        }
                        x += col_w[c];
                    }
                };
                draw_row(&mut p, &header, true);
                p.y += lead;
                p.rule(MARGIN, MARGIN + total, 0.4);
                p.y += 2.0;
                for r in &rows {
                    p.ensure(lead);
                    draw_row(&mut p, r, false);
                    p.y += lead;
                }
                p.rule(MARGIN, MARGIN + total, 0.8);
                p.y += 3.0;
                for line in &table.footer {
                    p.paragraph(line, SMALL_PT - 0.5, false);
                }
                p.y += BODY_PT;
            }
            Block::Figure { figure, caption } => {
                n_fig += 1;
                let mm = 72.0 / 25.4;
                let (mut w, mut h) = (figure.width_mm * mm, figure.height_mm * mm);
                if w > text_w {
                    h *= text_w / w;
                    w = text_w;
                }
                let max_h = PAGE_H - 2.0 * MARGIN - 40.0;
                if h > max_h {
                    w *= max_h / h;
                    h = max_h;
                }
                p.ensure(h + 30.0);
                let svg = inline_svg(&figure.svg);
                let placed = svg.replacen(
                    &format!(
                        "width=\"{:.2}mm\" height=\"{:.2}mm\"",
                        figure.width_mm, figure.height_mm
                    ),
                    &format!(
                        "x=\"{MARGIN:.2}\" y=\"{:.2}\" width=\"{w:.2}\" height=\"{h:.2}\"",
                        p.y
                    ),
                    1,
                );
                p.body.push_str(&placed);
                p.y += h + 4.0;
                p.paragraph(&format!("Figure {n_fig}. {caption}"), SMALL_PT, false);
                p.y += BODY_PT * 0.5;
            }
        }
    }
    if !report.methods.is_empty() {
        n_sec += 1;
        p.ensure(80.0);
        p.y += 6.0;
        p.paragraph(&format!("{n_sec}. Methods"), 13.0, true);
        for m in &report.methods {
            p.paragraph(m, BODY_PT, false);
        }
    }
    if !report.software.is_empty() {
        let list: Vec<String> = report
            .software
            .iter()
            .map(|s| format!("{} {}", s.name, s.version))
            .collect();
        p.y += BODY_PT;
        p.paragraph(&format!("Software: {}.", list.join(", ")), SMALL_PT, false);
    }
    p.break_page();
    p.pages
}
