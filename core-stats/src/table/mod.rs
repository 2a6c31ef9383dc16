//! The summary table every result returns from `summary()`.
//!
//! A [`Table`] is a small, typed grid: named columns (named as R names
//! them, e.g. `coef exp(coef) se(coef) z p`), rows with an optional row
//! name, and cells that know whether they hold a plain number, a p-value,
//! an integer or text. `Display` renders it as R's `print` would (numbers
//! right-aligned with significant digits, p-values as `format.pval`), and
//! `prognos-reports` renders the same table as HTML and PDF.

mod format;

pub use format::{format_num, format_p};

use std::fmt;

/// One cell of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A real number, printed with `digits` significant digits.
    Num(f64),
    /// A p-value, printed as R's `format.pval` (e.g. `<2e-16`).
    P(f64),
    /// A count.
    Int(i64),
    /// Free text (a level name, a test name, "mean ± SD").
    Text(String),
    /// Not available; printed as `NA`.
    Na,
}

impl Cell {
    /// [`Cell::Num`] of a finite `v`, [`Cell::Na`] otherwise (how R prints
    /// a missing estimate).
    pub fn num_or_na(v: f64) -> Self {
        if v.is_finite() {
            Cell::Num(v)
        } else {
            Cell::Na
        }
    }

    /// [`Cell::P`] of a finite `v`, [`Cell::Na`] otherwise.
    pub fn p_or_na(v: f64) -> Self {
        if v.is_finite() { Cell::P(v) } else { Cell::Na }
    }
}

impl From<f64> for Cell {
    fn from(v: f64) -> Self {
        Cell::Num(v)
    }
}
impl From<usize> for Cell {
    fn from(v: usize) -> Self {
        Cell::Int(v as i64)
    }
}
impl From<&str> for Cell {
    fn from(v: &str) -> Self {
        Cell::Text(v.to_string())
    }
}
impl From<String> for Cell {
    fn from(v: String) -> Self {
        Cell::Text(v)
    }
}
impl From<Option<f64>> for Cell {
    fn from(v: Option<f64>) -> Self {
        v.map_or(Cell::Na, Cell::Num)
    }
}

/// A printable result table with named columns and optionally named rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Optional heading printed above the grid (e.g. `Call: coxph(...)`).
    pub title: Option<String>,
    /// Column headers, as R names them.
    pub columns: Vec<String>,
    /// Row names (empty strings where the table has none).
    pub row_names: Vec<String>,
    /// Cells, row-major; each row has `columns.len()` cells.
    pub rows: Vec<Vec<Cell>>,
    /// Lines printed below the grid (test statistics, `n=228, events=165`).
    pub footer: Vec<String>,
    /// Significant digits for [`Cell::Num`] (R's default `digits = 7`
    /// is too many for a table; survival's print uses 3–4).
    pub digits: usize,
}

impl Table {
    /// An empty table with the given column names and 4 significant digits.
    pub fn new<I, S>(columns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Table {
            title: None,
            columns: columns.into_iter().map(Into::into).collect(),
            row_names: Vec::new(),
            rows: Vec::new(),
            footer: Vec::new(),
            digits: 4,
        }
    }

    /// Sets the heading line.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets the number of significant digits for numeric cells.
    pub fn with_digits(mut self, digits: usize) -> Self {
        self.digits = digits.max(1);
        self
    }

    /// Appends a row. Panics in debug builds if the row has the wrong
    /// number of cells (a programming error, not a data error).
    pub fn push_row<I, C>(&mut self, name: impl Into<String>, cells: I)
    where
        I: IntoIterator<Item = C>,
        C: Into<Cell>,
    {
        let row: Vec<Cell> = cells.into_iter().map(Into::into).collect();
        debug_assert_eq!(
            row.len(),
            self.columns.len(),
            "row width must match the header"
        );
        self.row_names.push(name.into());
        self.rows.push(row);
    }

    /// Appends a footer line.
    pub fn push_footer(&mut self, line: impl Into<String>) {
        self.footer.push(line.into());
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.rows.len()
    }

    /// The text of one cell as `Display` prints it.
    pub fn cell_text(&self, row: usize, col: usize) -> String {
        match &self.rows[row][col] {
            Cell::Num(v) => format_num(*v, self.digits),
            Cell::P(p) => format_p(*p, self.digits.clamp(2, 3)),
            Cell::Int(i) => i.to_string(),
            Cell::Text(s) => s.clone(),
            Cell::Na => "NA".to_string(),
        }
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(t) = &self.title {
            writeln!(f, "{t}")?;
        }
        let ncol = self.columns.len();
        let texts: Vec<Vec<String>> = (0..self.rows.len())
            .map(|r| (0..ncol).map(|c| self.cell_text(r, c)).collect())
            .collect();
        let name_w = self
            .row_names
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0);
        let widths: Vec<usize> = (0..ncol)
            .map(|c| {
                texts
                    .iter()
                    .map(|row| row[c].chars().count())
                    .chain(std::iter::once(self.columns[c].chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        write!(f, "{:name_w$}", "")?;
        for (c, h) in self.columns.iter().enumerate() {
            write!(f, " {:>w$}", h, w = widths[c])?;
        }
        writeln!(f)?;
        for (r, row) in texts.iter().enumerate() {
            write!(f, "{:<name_w$}", self.row_names[r])?;
            for (c, cell) in row.iter().enumerate() {
                write!(f, " {:>w$}", cell, w = widths[c])?;
            }
            writeln!(f)?;
        }
        for line in &self.footer {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_aligns_columns_and_formats_p_values() {
        let mut t = Table::new(["coef", "exp(coef)", "p"]);
        t.push_row(
            "age",
            [Cell::Num(0.017045), Cell::Num(1.017191), Cell::P(0.0419)],
        );
        t.push_row(
            "sex",
            [Cell::Num(-0.513219), Cell::Num(0.598566), Cell::P(1e-20)],
        );
        let s = t.to_string();
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].ends_with("p"), "{s}");
        assert!(lines[1].contains("0.01705"), "{s}");
        assert!(lines[2].contains("<2e-16"), "{s}");
        // every line has the same width: the grid is aligned
        assert_eq!(lines[1].len(), lines[2].len());
    }

    #[test]
    fn na_and_integers_print_plainly() {
        let mut t = Table::new(["n", "median"]);
        t.push_row("A", [Cell::Int(12), Cell::Na]);
        assert!(t.to_string().contains("12     NA"));
    }
}
