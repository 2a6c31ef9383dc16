//! Matrix Market coordinate parser (the `matrix.mtx` of 10x Genomics).

use super::error::MtxError;

/// The value field of a Matrix Market coordinate file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MtxField {
    /// Integer values (10x count matrices).
    Integer,
    /// Real values.
    Real,
    /// No values: every listed entry is 1.
    Pattern,
}

/// The entries of a Matrix Market coordinate file, 0-based, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Triplets {
    /// Rows declared on the size line.
    pub nrows: usize,
    /// Columns declared on the size line.
    pub ncols: usize,
    /// Value field of the banner.
    pub field: MtxField,
    /// 0-based row of each entry.
    pub rows: Vec<u32>,
    /// 0-based column of each entry.
    pub cols: Vec<u32>,
    /// Value of each entry.
    pub vals: Vec<f64>,
    /// 1-based file line of each entry (for error messages downstream).
    pub lines: Vec<u32>,
}

/// Parses an unsigned decimal integer made of ASCII digits only.
fn parse_index(b: &[u8]) -> Option<usize> {
    if b.is_empty() || b.len() > 19 {
        return None;
    }
    let mut v: usize = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + usize::from(c - b'0');
    }
    Some(v)
}

/// Parses an integer value (optional sign) as f64; larger than 2^53 is
/// still parsed (rounded), as R's `readMM` stores doubles.
fn parse_integer(b: &[u8]) -> Option<f64> {
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() {
        return None;
    }
    let v = if digits.len() <= 18 {
        parse_index(digits)? as f64
    } else {
        std::str::from_utf8(digits).ok()?.parse::<f64>().ok()?
    };
    Some(if neg { -v } else { v })
}

fn parse_real(b: &[u8]) -> Option<f64> {
    std::str::from_utf8(b)
        .ok()?
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).chars().take(80).collect()
}

fn fields(l: &[u8]) -> impl Iterator<Item = &[u8]> {
    l.split(|c| c.is_ascii_whitespace())
        .filter(|f| !f.is_empty())
}

/// Parses a Matrix Market coordinate file as `Matrix::readMM` does for
/// `coordinate integer|real|pattern general` matrices: a
/// `%%MatrixMarket matrix coordinate <field> general` banner, `%` comment
/// lines, a size line `rows columns entries`, then one `row column [value]`
/// line per entry with 1-based indices. Blank lines are skipped. Entries
/// are returned in file order; duplicates are kept (they are summed when
/// the CSR matrix is built, as `readMM` + `as(, "CsparseMatrix")` does).
///
/// # Errors
/// [`MtxError`] with the 1-based line: bad banner or unsupported format,
/// bad size line, wrong field count, unparsable index or value (values
/// must be finite), index out of range, or an entry count that differs
/// from the size line.
pub fn parse_matrix_market(bytes: &[u8]) -> Result<Triplets, MtxError> {
    let mut lines = bytes.split(|&c| c == b'\n').enumerate();
    let (_, banner) = lines.next().unwrap_or((0, &[]));
    let banner = banner.strip_suffix(b"\r").unwrap_or(banner);
    let words: Vec<String> = fields(banner)
        .map(|w| String::from_utf8_lossy(w).to_ascii_lowercase())
        .collect();
    if words.len() != 5 || words[0] != "%%matrixmarket" {
        return Err(MtxError::Banner {
            line: 1,
            found: text(banner),
        });
    }
    let unsupported = |w: &str| MtxError::Unsupported {
        line: 1,
        what: w.to_string(),
    };
    if words[1] != "matrix" {
        return Err(unsupported(&words[1]));
    }
    if words[2] != "coordinate" {
        return Err(unsupported(&words[2]));
    }
    let field = match words[3].as_str() {
        "integer" => MtxField::Integer,
        "real" | "double" => MtxField::Real,
        "pattern" => MtxField::Pattern,
        other => return Err(unsupported(other)),
    };
    if words[4] != "general" {
        return Err(unsupported(&words[4]));
    }
    // size line
    let mut size = None;
    let mut last_line = 1usize;
    for (k, l) in lines.by_ref() {
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        last_line = k + 1;
        if l.first() == Some(&b'%') || l.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let f: Vec<&[u8]> = fields(l).collect();
        let v: Option<Vec<usize>> = f.iter().map(|x| parse_index(x)).collect();
        match v {
            Some(v) if v.len() == 3 => {
                size = Some((v[0], v[1], v[2]));
                break;
            }
            _ => {
                return Err(MtxError::SizeLine {
                    line: k + 1,
                    found: text(l),
                });
            }
        }
    }
    let Some((nrows, ncols, nnz)) = size else {
        return Err(MtxError::SizeLine {
            line: last_line,
            found: String::new(),
        });
    };
    if nrows > u32::MAX as usize || ncols > u32::MAX as usize {
        return Err(MtxError::SizeLine {
            line: last_line,
            found: format!("{nrows} {ncols} {nnz}"),
        });
    }
    // a header cannot make us reserve more than the file could hold
    let cap = nnz.min(bytes.len() / 4 + 1);
    let mut t = Triplets {
        nrows,
        ncols,
        field,
        rows: Vec::with_capacity(cap),
        cols: Vec::with_capacity(cap),
        vals: Vec::with_capacity(cap),
        lines: Vec::with_capacity(cap),
    };
    let expected = if field == MtxField::Pattern { 2 } else { 3 };
    for (k, l) in lines {
        let line = k + 1;
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        if l.is_empty() || l.first() == Some(&b'%') || l.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        last_line = line;
        if t.rows.len() == nnz {
            return Err(MtxError::CountMismatch {
                line,
                declared: nnz,
                found: nnz + 1,
            });
        }
        let mut it = fields(l);
        let (a, b, c, extra) = (it.next(), it.next(), it.next(), it.next());
        let n_found = [a, b, c].iter().filter(|x| x.is_some()).count()
            + usize::from(extra.is_some())
            + it.count();
        if n_found != expected {
            return Err(MtxError::FieldCount {
                line,
                found: n_found,
                expected,
            });
        }
        let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
        let i = parse_index(a).ok_or_else(|| MtxError::BadField {
            line,
            field: "row",
            found: text(a),
            expected: "a positive integer",
        })?;
        let j = parse_index(b).ok_or_else(|| MtxError::BadField {
            line,
            field: "column",
            found: text(b),
            expected: "a positive integer",
        })?;
        if i == 0 || i > nrows {
            return Err(MtxError::IndexOutOfRange {
                line,
                field: "row",
                index: i,
                max: nrows,
            });
        }
        if j == 0 || j > ncols {
            return Err(MtxError::IndexOutOfRange {
                line,
                field: "column",
                index: j,
                max: ncols,
            });
        }
        let v = match field {
            MtxField::Pattern => 1.0,
            MtxField::Integer => {
                let c = c.unwrap_or_default();
                parse_integer(c).ok_or_else(|| MtxError::BadField {
                    line,
                    field: "value",
                    found: text(c),
                    expected: "an integer",
                })?
            }
            MtxField::Real => {
                let c = c.unwrap_or_default();
                parse_real(c).ok_or_else(|| MtxError::BadField {
                    line,
                    field: "value",
                    found: text(c),
                    expected: "a finite number",
                })?
            }
        };
        t.rows.push((i - 1) as u32);
        t.cols.push((j - 1) as u32);
        t.vals.push(v);
        t.lines.push(u32::try_from(line).unwrap_or(u32::MAX));
    }
    if t.rows.len() != nnz {
        return Err(MtxError::CountMismatch {
            line: last_line,
            declared: nnz,
            found: t.rows.len(),
        });
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "%%MatrixMarket matrix coordinate integer general\n%metadata_json: {}\n3 2 4\n1 1 5\n3 1 2\n2 2 7\n3 2 1\n";

    #[test]
    fn parses_a_small_file() {
        let t = parse_matrix_market(OK.as_bytes()).unwrap();
        assert_eq!((t.nrows, t.ncols, t.field), (3, 2, MtxField::Integer));
        assert_eq!(t.rows, vec![0, 2, 1, 2]);
        assert_eq!(t.cols, vec![0, 0, 1, 1]);
        assert_eq!(t.vals, vec![5.0, 2.0, 7.0, 1.0]);
        assert_eq!(t.lines, vec![4, 5, 6, 7]);
        // CRLF line ends and a real field
        let crlf = "%%MatrixMarket matrix coordinate real general\r\n2 2 1\r\n2 1 0.5\r\n";
        let t = parse_matrix_market(crlf.as_bytes()).unwrap();
        assert_eq!(t.vals, vec![0.5]);
        let pat = "%%MatrixMarket matrix coordinate pattern general\n2 2 1\n2 1\n";
        assert_eq!(parse_matrix_market(pat.as_bytes()).unwrap().vals, vec![1.0]);
    }

    fn err(s: &str) -> MtxError {
        parse_matrix_market(s.as_bytes()).unwrap_err()
    }

    #[test]
    fn malformed_files_name_the_line() {
        let h = "%%MatrixMarket matrix coordinate integer general\n";
        assert!(matches!(err("hello\n"), MtxError::Banner { line: 1, .. }));
        assert!(matches!(
            err("%%MatrixMarket matrix array real general\n2 2\n"),
            MtxError::Unsupported { line: 1, .. }
        ));
        assert!(matches!(
            err("%%MatrixMarket matrix coordinate integer symmetric\n"),
            MtxError::Unsupported { .. }
        ));
        assert_eq!(
            err(&format!("{h}3 x 4\n")),
            MtxError::SizeLine {
                line: 2,
                found: "3 x 4".into()
            }
        );
        assert_eq!(
            err(&format!("{h}3 2 2\n1 1 5\n4 1 2\n")),
            MtxError::IndexOutOfRange {
                line: 4,
                field: "row",
                index: 4,
                max: 3
            }
        );
        assert!(matches!(
            err(&format!("{h}3 2 2\n1 0 5\n1 1 2\n")),
            MtxError::IndexOutOfRange {
                line: 3,
                field: "column",
                index: 0,
                ..
            }
        ));
        assert_eq!(
            err(&format!("{h}3 2 2\n1 1 5\n2 1 2.5\n")),
            MtxError::BadField {
                line: 4,
                field: "value",
                found: "2.5".into(),
                expected: "an integer"
            }
        );
        assert_eq!(
            err(&format!("{h}3 2 2\n1 1\n")),
            MtxError::FieldCount {
                line: 3,
                found: 2,
                expected: 3
            }
        );
        assert_eq!(
            err(&format!("{h}3 2 3\n1 1 5\n2 1 2\n")),
            MtxError::CountMismatch {
                line: 4,
                declared: 3,
                found: 2
            }
        );
        assert_eq!(
            err(&format!("{h}3 2 1\n1 1 5\n2 1 2\n")),
            MtxError::CountMismatch {
                line: 4,
                declared: 1,
                found: 2
            }
        );
        assert!(matches!(
            err(&format!("{h}3 2 1\nx 1 5\n")),
            MtxError::BadField { field: "row", .. }
        ));
        assert!(matches!(
            parse_matrix_market(b"%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 NaN\n")
                .unwrap_err(),
            MtxError::BadField { field: "value", .. }
        ));
    }
}
