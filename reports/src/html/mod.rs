//! HTML rendering of a [`Report`](crate::report::Report): one file with
//! inline CSS, the embedded font as a base64 `@font-face`, tables as
//! `<table>` and figures as inline SVG with numbered captions. Nothing
//! refers to the network.

use crate::report::{Block, Report, table_grid};
use crate::theme::{CSS_FONT_STACK, FONT_BOLD, FONT_REGULAR};

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Standard base64 (RFC 4648) of `bytes`.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        out.push(A[(n >> 18) as usize & 63] as char);
        out.push(A[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            A[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            A[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// The SVG of a figure prepared for inlining: no XML prolog, no
/// namespace attribute (HTML parsers do not need it), scalable width.
pub(crate) fn inline_svg(svg: &str) -> String {
    let s = svg.trim_start();
    let s = if s.starts_with("<?xml") {
        s.split_once("?>").map_or(s, |(_, r)| r)
    } else {
        s
    };
    s.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
}

const CSS: &str = "
body { font-family: FAMILY; font-size: 10.5pt; line-height: 1.45; color: #1a1a1a;
       max-width: 190mm; margin: 2em auto; padding: 0 1.5em; }
h1 { font-size: 18pt; margin-bottom: 0.2em; }
h2 { font-size: 13pt; margin-top: 1.6em; border-bottom: 0.5pt solid #999; padding-bottom: 0.15em; }
dl.summary { display: grid; grid-template-columns: max-content auto; gap: 0.15em 1.2em;
             background: #f4f4f4; padding: 0.8em 1em; border-radius: 3px; }
dl.summary dt { font-weight: bold; } dl.summary dd { margin: 0; }
table.result { border-collapse: collapse; margin: 0.6em 0 1.4em; font-size: 9pt;
               font-variant-numeric: tabular-nums; }
table.result caption { caption-side: top; text-align: left; padding-bottom: 0.4em; }
table.result th, table.result td { padding: 0.2em 0.7em; text-align: right; }
table.result th:first-child, table.result td:first-child { text-align: left; }
table.result thead th { border-top: 1pt solid #1a1a1a; border-bottom: 0.5pt solid #1a1a1a; }
table.result tbody tr:last-child td { border-bottom: 1pt solid #1a1a1a; }
table.result tfoot td { text-align: left; font-size: 8.5pt; color: #444; }
figure { margin: 1em 0 1.6em; } figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 9pt; margin-top: 0.3em; }
.label { font-weight: bold; }
footer { margin-top: 2.5em; font-size: 8.5pt; color: #555; border-top: 0.5pt solid #bbb; padding-top: 0.5em; }
";

/// Renders `report` as a self-contained HTML document.
pub(crate) fn render(report: &Report) -> String {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str(&format!(
        "<title>{}</title>\n<style>\n",
        escape(&report.title)
    ));
    for (font, weight) in [(FONT_REGULAR, "normal"), (FONT_BOLD, "bold")] {
        h.push_str(&format!(
            "@font-face {{ font-family: 'Liberation Sans'; font-weight: {weight}; \
             src: url(data:font/ttf;base64,{}) format('truetype'); }}\n",
            base64(font)
        ));
    }
    h.push_str(&CSS.replace("FAMILY", CSS_FONT_STACK));
    h.push_str("</style>\n</head>\n<body>\n");
    h.push_str(&format!("<h1>{}</h1>\n", escape(&report.title)));
    if !report.summary.is_empty() {
        h.push_str("<dl class=\"summary\">\n");
        for s in &report.summary {
            h.push_str(&format!(
                "<dt>{}</dt><dd>{}</dd>\n",
                escape(&s.label),
                escape(&s.value)
            ));
        }
        h.push_str("</dl>\n");
    }
    let (mut n_sec, mut n_tab, mut n_fig) = (0, 0, 0);
    for b in &report.blocks {
        match b {
            Block::Heading(t) => {
                n_sec += 1;
                h.push_str(&format!("<h2>{n_sec}. {}</h2>\n", escape(t)));
            }
            Block::Paragraph(p) => h.push_str(&format!("<p>{}</p>\n", escape(p))),
            Block::Table { table, caption } => {
                n_tab += 1;
                h.push_str(&table_html(table, n_tab, caption));
            }
            Block::Figure { figure, caption } => {
                n_fig += 1;
                h.push_str(&format!(
                    "<figure id=\"{}\">\n{}\n<figcaption><span class=\"label\">Figure {n_fig}.</span> {}</figcaption>\n</figure>\n",
                    escape(&figure.name),
                    inline_svg(&figure.svg),
                    escape(caption)
                ));
            }
        }
    }
    if !report.methods.is_empty() {
        n_sec += 1;
        h.push_str(&format!("<h2>{n_sec}. Methods</h2>\n"));
        for m in &report.methods {
            h.push_str(&format!("<p>{}</p>\n", escape(m)));
        }
    }
    if !report.software.is_empty() {
        let list: Vec<String> = report
            .software
            .iter()
            .map(|s| format!("{} {}", escape(&s.name), escape(&s.version)))
            .collect();
        h.push_str(&format!(
            "<footer>Software: {}.</footer>\n",
            list.join(", ")
        ));
    }
    h.push_str("</body>\n</html>\n");
    h
}

/// One result table as HTML with a numbered caption.
fn table_html(t: &prognos_core::Table, n: usize, caption: &str) -> String {
    let (header, rows) = table_grid(t);
    let mut h = String::from("<table class=\"result\">\n");
    let mut cap = format!(
        "<span class=\"label\">Table {n}.</span> {}",
        escape(caption)
    );
    if let Some(title) = &t.title {
        cap.push_str(&format!(" <span class=\"sub\">{}</span>", escape(title)));
    }
    h.push_str(&format!("<caption>{cap}</caption>\n<thead><tr>"));
    for c in &header {
        h.push_str(&format!("<th>{}</th>", escape(c)));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for r in &rows {
        h.push_str("<tr>");
        for c in r {
            h.push_str(&format!("<td>{}</td>", escape(c)));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n");
    if !t.footer.is_empty() {
        h.push_str(&format!("<tfoot><tr><td colspan=\"{}\">", header.len()));
        h.push_str(
            &t.footer
                .iter()
                .map(|l| escape(l))
                .collect::<Vec<_>>()
                .join("<br>"),
        );
        h.push_str("</td></tr></tfoot>\n");
    }
    h.push_str("</table>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn escape_handles_markup() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
