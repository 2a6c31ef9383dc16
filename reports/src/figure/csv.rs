//! A minimal CSV writer (RFC 4180 quoting) for the data behind figures.

/// Rows of text cells with a header, written as RFC 4180 CSV.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Csv {
    out: String,
}

impl Csv {
    /// Starts a CSV with the given header.
    pub fn new<I, S>(header: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut c = Csv { out: String::new() };
        c.row(header);
        c
    }

    /// Appends one row of cells.
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut first = true;
        for cell in cells {
            if !first {
                self.out.push(',');
            }
            first = false;
            let s = cell.as_ref();
            if s.contains([',', '"', '\n', '\r']) {
                self.out.push('"');
                self.out.push_str(&s.replace('"', "\"\""));
                self.out.push('"');
            } else {
                self.out.push_str(s);
            }
        }
        self.out.push('\n');
    }

    /// A number cell at full precision (`NA` when not finite).
    pub fn num(v: f64) -> String {
        if v.is_finite() {
            format!("{v}")
        } else {
            "NA".into()
        }
    }

    /// The CSV text.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_cells_with_commas_and_quotes() {
        let mut c = Csv::new(["a", "b"]);
        c.row(["x,y", "say \"hi\""]);
        assert_eq!(c.finish(), "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n");
    }
}
