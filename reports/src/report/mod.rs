//! The study report as a document model: title, study summary, sections
//! with paragraphs, tables and numbered figures, methods and software
//! versions. [`Report::to_html`] renders it as one self-contained HTML
//! string; with the `pdf` feature, `Report::to_pdf` paginates the same
//! content.

use crate::figure::Figure;
use prognos_core::Table;

/// One block of report content, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading (numbered in output).
    Heading(String),
    /// A paragraph of plain text.
    Paragraph(String),
    /// A result table with its caption (numbered "Table n").
    Table {
        /// The table (as every result's `summary()` returns it).
        table: Table,
        /// Caption text.
        caption: String,
    },
    /// A figure with its caption (numbered "Figure n").
    Figure {
        /// The rendered figure.
        figure: Figure,
        /// Caption text.
        caption: String,
    },
}

/// A labelled value of the study summary (e.g. "Patients" → "412").
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryItem {
    /// Label.
    pub label: String,
    /// Value.
    pub value: String,
}

/// A software name and version for the reproducibility footer.
#[derive(Debug, Clone, PartialEq)]
pub struct Software {
    /// Name, e.g. `"prognos"`.
    pub name: String,
    /// Version string.
    pub version: String,
}

/// A study report under construction (builder methods consume and
/// return it).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// Report title.
    pub title: String,
    /// Study summary items.
    pub summary: Vec<SummaryItem>,
    /// Content blocks.
    pub blocks: Vec<Block>,
    /// Methods paragraph(s).
    pub methods: Vec<String>,
    /// Software versions.
    pub software: Vec<Software>,
}

impl Report {
    /// An empty report with a title; the software list starts with this
    /// crate's version.
    pub fn new(title: impl Into<String>) -> Self {
        Report {
            title: title.into(),
            software: vec![Software {
                name: "prognos-reports".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            }],
            ..Report::default()
        }
    }
    /// Adds a study-summary item.
    pub fn summary(mut self, label: impl Into<String>, value: impl Into<String>) -> Self {
        self.summary.push(SummaryItem {
            label: label.into(),
            value: value.into(),
        });
        self
    }
    /// Starts a section.
    pub fn section(mut self, heading: impl Into<String>) -> Self {
        self.blocks.push(Block::Heading(heading.into()));
        self
    }
    /// Adds a paragraph.
    pub fn paragraph(mut self, text: impl Into<String>) -> Self {
        self.blocks.push(Block::Paragraph(text.into()));
        self
    }
    /// Adds a table with a caption.
    pub fn table(mut self, table: &Table, caption: impl Into<String>) -> Self {
        self.blocks.push(Block::Table {
            table: table.clone(),
            caption: caption.into(),
        });
        self
    }
    /// Adds a figure with a caption.
    pub fn figure(mut self, figure: &Figure, caption: impl Into<String>) -> Self {
        self.blocks.push(Block::Figure {
            figure: figure.clone(),
            caption: caption.into(),
        });
        self
    }
    /// Adds a methods paragraph.
    pub fn methods(mut self, text: impl Into<String>) -> Self {
        self.methods.push(text.into());
        self
    }
    /// Adds a software name and version.
    pub fn software(mut self, name: impl Into<String>, version: impl Into<String>) -> Self {
        self.software.push(Software {
            name: name.into(),
            version: version.into(),
        });
        self
    }
    /// The report as one self-contained HTML document (inline CSS,
    /// embedded font, inline SVG figures; no network references).
    pub fn to_html(&self) -> String {
        crate::html::render(self)
    }
}

/// Cell texts of a table, with the row-name column first when present.
pub(crate) fn table_grid(t: &Table) -> (Vec<String>, Vec<Vec<String>>) {
    let has_names = t.row_names.iter().any(|s| !s.is_empty());
    let mut header = Vec::new();
    if has_names {
        header.push(String::new());
    }
    header.extend(t.columns.iter().cloned());
    let rows = (0..t.n_rows())
        .map(|r| {
            let mut row = Vec::new();
            if has_names {
                row.push(t.row_names[r].clone());
            }
            row.extend((0..t.columns.len()).map(|c| t.cell_text(r, c)));
            row
        })
        .collect();
    (header, rows)
}
