//! Readers for omics inputs: expression matrices with sample sheets, GMT
//! gene sets, gene lists, ranked gene lists, cell metadata tables, and
//! 10x Genomics Matrix Market directories (`matrix.mtx[.gz]`,
//! `features.tsv[.gz]`/`genes.tsv[.gz]`, `barcodes.tsv[.gz]`) read into a
//! sparse genes x cells count matrix.
//!
//! Every error names the file and, where it applies, the 1-based line, the
//! gene or sample and the value. Missing expression values (empty, `NA`,
//! `NaN`) are read as `NaN`.

use prognos_omics::limma::ExprMatrix;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Invalid omics input; each message is one line naming file/line/value.
#[derive(Debug, thiserror::Error)]
pub enum OmicsDataError {
    /// The file could not be opened or read.
    #[error("cannot read '{path}': {reason}")]
    Io {
        /// The path.
        path: String,
        /// The reason.
        reason: String,
    },
    /// A row has a different number of fields than the header.
    #[error("{path} line {line}: {found} fields, header has {expected}")]
    Ragged {
        /// The path.
        path: String,
        /// 1-based line.
        line: usize,
        /// Fields found.
        found: usize,
        /// Fields expected.
        expected: usize,
    },
    /// A cell that must be numeric is not.
    #[error("{path} line {line}: gene '{gene}', sample '{sample}': '{value}' is not a number")]
    NotNumeric {
        /// The path.
        path: String,
        /// 1-based line.
        line: usize,
        /// Gene id of the row.
        gene: String,
        /// Sample (column).
        sample: String,
        /// The cell text.
        value: String,
    },
    /// A gene id occurs twice.
    #[error("{path}: duplicated gene id '{gene}' (lines {first} and {second})")]
    DuplicateGene {
        /// The path.
        path: String,
        /// The id.
        gene: String,
        /// First line.
        first: usize,
        /// Second line.
        second: usize,
    },
    /// A column is missing.
    #[error("{path}: column '{column}' not found (columns: {available})")]
    MissingColumn {
        /// The path.
        path: String,
        /// The column asked for.
        column: String,
        /// The columns present.
        available: String,
    },
    /// A sample of the expression matrix is not in the sample sheet.
    #[error("sample '{sample}' is in the expression matrix but not in the sample sheet {sheet}")]
    SampleNotInSheet {
        /// Sample name.
        sample: String,
        /// Sample sheet path.
        sheet: String,
    },
    /// A sample of the sample sheet is not in the expression matrix.
    #[error("sample '{sample}' is in the sample sheet but not in the expression matrix {expr}")]
    SampleNotInMatrix {
        /// Sample name.
        sample: String,
        /// Expression path.
        expr: String,
    },
    /// A sample appears twice in the sample sheet or matrix header.
    #[error("{path}: sample '{sample}' appears more than once")]
    DuplicateSample {
        /// The path.
        path: String,
        /// Sample name.
        sample: String,
    },
    /// A malformed GMT line.
    #[error("{path} line {line}: malformed GMT line ({reason})")]
    Gmt {
        /// The path.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The file has no data.
    #[error("{path}: no data rows")]
    Empty {
        /// The path.
        path: String,
    },
    /// A malformed Matrix Market file (the message names the line).
    #[error("{path} {problem}")]
    Mtx {
        /// The path.
        path: String,
        /// What is wrong, with the 1-based line.
        problem: prognos_omics::sparse::MtxError,
    },
    /// A malformed line in a ranked list or Matrix Market file.
    #[error("{path} line {line}: {reason}")]
    BadLine {
        /// The path.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

type Result<T> = std::result::Result<T, OmicsDataError>;

/// A text table: header and rows of fields, with 1-based line numbers.
#[derive(Debug, Clone)]
pub struct TextTable {
    /// Where it came from.
    pub path: String,
    /// Column names.
    pub header: Vec<String>,
    /// Rows of fields (same length as the header).
    pub rows: Vec<Vec<String>>,
    /// 1-based line number of each row in the file.
    pub lines: Vec<usize>,
}

impl TextTable {
    /// Index of a column, or an error naming the available ones.
    pub fn column_index(&self, name: &str) -> Result<usize> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| OmicsDataError::MissingColumn {
                path: self.path.clone(),
                column: name.to_string(),
                available: self.header.join(", "),
            })
    }
    /// The values of a column.
    pub fn column(&self, name: &str) -> Result<Vec<String>> {
        let j = self.column_index(name)?;
        Ok(self.rows.iter().map(|r| r[j].clone()).collect())
    }
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> OmicsDataError {
    OmicsDataError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

/// Reads a delimited text table (`.tsv`/`.txt`: tab, otherwise comma), with
/// quoting as RFC 4180. Fields are trimmed.
pub fn read_text_table(path: &Path) -> Result<TextTable> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let delim = if ext == "tsv" || ext == "txt" || ext == "tab" {
        b'\t'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(true)
        .flexible(true)
        .from_path(path)
        .map_err(|e| io_err(path, e))?;
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| io_err(path, e))?
        .iter()
        .map(|s| s.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| io_err(path, e))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.len() == 1 && rec[0].trim().is_empty() {
            continue;
        }
        if rec.len() != header.len() {
            return Err(OmicsDataError::Ragged {
                path: path.display().to_string(),
                line,
                found: rec.len(),
                expected: header.len(),
            });
        }
        rows.push(rec.iter().map(|s| s.trim().to_string()).collect());
        lines.push(line);
    }
    Ok(TextTable {
        path: path.display().to_string(),
        header,
        rows,
        lines,
    })
}

fn parse_value(s: &str) -> Option<f64> {
    match s {
        "" | "NA" | "NaN" | "nan" | "na" => Some(f64::NAN),
        _ => s.parse::<f64>().ok(),
    }
}

/// Reads an expression (or count) matrix: genes in rows, the first column
/// the gene id, one column per sample.
///
/// # Errors
/// Unreadable file, ragged rows, non-numeric cells (line, gene, sample),
/// duplicated gene ids or sample names, no rows.
pub fn read_expression(path: &Path) -> Result<ExprMatrix> {
    let t = read_text_table(path)?;
    let p = t.path.clone();
    if t.rows.is_empty() || t.header.len() < 2 {
        return Err(OmicsDataError::Empty { path: p });
    }
    let samples: Vec<String> = t.header[1..].to_vec();
    let mut seen_s = std::collections::HashSet::new();
    for s in &samples {
        if !seen_s.insert(s) {
            return Err(OmicsDataError::DuplicateSample {
                path: p,
                sample: s.clone(),
            });
        }
    }
    let (g, n) = (t.rows.len(), samples.len());
    let mut vals = nalgebra::DMatrix::zeros(g, n);
    let mut genes = Vec::with_capacity(g);
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(g);
    for (i, row) in t.rows.iter().enumerate() {
        let gene = row[0].clone();
        if let Some(&first) = seen.get(&gene) {
            return Err(OmicsDataError::DuplicateGene {
                path: p,
                gene,
                first,
                second: t.lines[i],
            });
        }
        seen.insert(gene.clone(), t.lines[i]);
        for j in 0..n {
            vals[(i, j)] = parse_value(&row[j + 1]).ok_or_else(|| OmicsDataError::NotNumeric {
                path: p.clone(),
                line: t.lines[i],
                gene: gene.clone(),
                sample: samples[j].clone(),
                value: row[j + 1].clone(),
            })?;
        }
        genes.push(gene);
    }
    Ok(ExprMatrix::new(genes, samples, vals))
}

/// A sample sheet aligned to the columns of an expression matrix.
#[derive(Debug, Clone)]
pub struct SampleSheet {
    /// Sample names in expression-column order.
    pub samples: Vec<String>,
    /// Requested columns, values in expression-column order.
    pub columns: BTreeMap<String, Vec<String>>,
}

/// Reads the sample sheet (a `sample` column plus `columns`) and orders its
/// rows as the expression matrix's columns.
///
/// # Errors
/// Missing columns, duplicated samples, and any sample present on one side
/// only (named).
pub fn read_sample_sheet(
    path: &Path,
    expr: &ExprMatrix,
    expr_path: &Path,
    columns: &[String],
) -> Result<SampleSheet> {
    let t = read_text_table(path)?;
    let s = t.column("sample")?;
    let mut pos: HashMap<&str, usize> = HashMap::new();
    for (i, name) in s.iter().enumerate() {
        if pos.insert(name.as_str(), i).is_some() {
            return Err(OmicsDataError::DuplicateSample {
                path: t.path.clone(),
                sample: name.clone(),
            });
        }
    }
    for name in &expr.samples {
        if !pos.contains_key(name.as_str()) {
            return Err(OmicsDataError::SampleNotInSheet {
                sample: name.clone(),
                sheet: t.path.clone(),
            });
        }
    }
    let in_expr: std::collections::HashSet<&str> =
        expr.samples.iter().map(String::as_str).collect();
    if let Some(extra) = s.iter().find(|n| !in_expr.contains(n.as_str())) {
        return Err(OmicsDataError::SampleNotInMatrix {
            sample: extra.clone(),
            expr: expr_path.display().to_string(),
        });
    }
    let mut out = BTreeMap::new();
    for c in columns {
        let vals = t.column(c)?;
        out.insert(
            c.clone(),
            expr.samples
                .iter()
                .map(|n| vals[pos[n.as_str()]].clone())
                .collect(),
        );
    }
    Ok(SampleSheet {
        samples: expr.samples.clone(),
        columns: out,
    })
}

/// One gene set of a GMT file.
#[derive(Debug, Clone, PartialEq)]
pub struct GmtSet {
    /// Set name (first field).
    pub name: String,
    /// Description (second field).
    pub description: String,
    /// Member genes, duplicates removed, file order.
    pub genes: Vec<String>,
}

/// Reads a GMT file: one set per line, tab-separated `name`, `description`,
/// then genes. Empty lines and lines starting with `#` are skipped.
///
/// # Errors
/// Lines with fewer than 3 fields, an empty set name, a set name defined
/// twice (all naming file and line).
pub fn read_gmt(path: &Path) -> Result<Vec<GmtSet>> {
    let text = std::fs::read_to_string(path).map_err(|e| io_err(path, e))?;
    let p = path.display().to_string();
    let mut sets = Vec::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    for (k, raw) in text.lines().enumerate() {
        let line = k + 1;
        let l = raw.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() < 3 {
            return Err(OmicsDataError::Gmt {
                path: p,
                line,
                reason: format!(
                    "{} tab-separated field(s), need name, description and at least one gene",
                    f.len()
                ),
            });
        }
        let name = f[0].trim();
        if name.is_empty() {
            return Err(OmicsDataError::Gmt {
                path: p,
                line,
                reason: "empty set name".into(),
            });
        }
        if let Some(&first) = names.get(name) {
            return Err(OmicsDataError::Gmt {
                path: p,
                line,
                reason: format!("set '{name}' already defined on line {first}"),
            });
        }
        names.insert(name.to_string(), line);
        let mut seen = std::collections::HashSet::new();
        let genes: Vec<String> = f[2..]
            .iter()
            .map(|g| g.trim())
            .filter(|g| !g.is_empty() && seen.insert(g.to_string()))
            .map(String::from)
            .collect();
        if genes.is_empty() {
            return Err(OmicsDataError::Gmt {
                path: p,
                line,
                reason: format!("set '{name}' has no genes"),
            });
        }
        sets.push(GmtSet {
            name: name.to_string(),
            description: f[1].trim().to_string(),
            genes,
        });
    }
    if sets.is_empty() {
        return Err(OmicsDataError::Empty { path: p });
    }
    Ok(sets)
}

/// Reads a gene list: one id per line (the first field if a line has
/// commas or tabs); blank lines skipped, duplicates removed. A first line
/// `gene`, `genes`, `symbol` or `id` is taken as a header.
pub fn read_gene_list(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| io_err(path, e))?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (k, l) in text.lines().enumerate() {
        let g = l
            .split([',', '\t'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        if g.is_empty() {
            continue;
        }
        if k == 0
            && ["gene", "genes", "symbol", "id", "gene_id"]
                .contains(&g.to_ascii_lowercase().as_str())
        {
            continue;
        }
        if seen.insert(g.to_string()) {
            out.push(g.to_string());
        }
    }
    if out.is_empty() {
        return Err(OmicsDataError::Empty {
            path: path.display().to_string(),
        });
    }
    Ok(out)
}

/// Reads a ranked list for preranked GSEA: two fields per line (gene,
/// score; comma or tab separated); a first line whose score is not numeric
/// is a header.
///
/// # Errors
/// Lines without two fields, non-numeric scores, duplicated genes.
pub fn read_ranked_list(path: &Path) -> Result<(Vec<String>, Vec<f64>)> {
    let text = std::fs::read_to_string(path).map_err(|e| io_err(path, e))?;
    let p = path.display().to_string();
    let (mut genes, mut scores) = (Vec::new(), Vec::new());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (k, l) in text.lines().enumerate() {
        let line = k + 1;
        if l.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = l
            .split([',', '\t'])
            .map(|s| s.trim().trim_matches('"'))
            .collect();
        if f.len() < 2 {
            return Err(OmicsDataError::BadLine {
                path: p,
                line,
                reason: "expected 'gene,score'".into(),
            });
        }
        let v = match f[1].parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ if genes.is_empty() && seen.is_empty() && k == 0 => continue,
            _ => {
                return Err(OmicsDataError::BadLine {
                    path: p,
                    line,
                    reason: format!("score '{}' is not a finite number", f[1]),
                });
            }
        };
        if let Some(&first) = seen.get(f[0]) {
            return Err(OmicsDataError::DuplicateGene {
                path: p,
                gene: f[0].to_string(),
                first,
                second: line,
            });
        }
        seen.insert(f[0].to_string(), line);
        genes.push(f[0].to_string());
        scores.push(v);
    }
    if genes.is_empty() {
        return Err(OmicsDataError::Empty { path: p });
    }
    Ok((genes, scores))
}

/// Reads a whole file, gunzipping it when its name ends in `.gz`.
fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let raw = std::fs::read(path).map_err(|e| io_err(path, e))?;
    if path.extension().and_then(|e| e.to_str()) != Some("gz") {
        return Ok(raw);
    }
    let mut out = Vec::with_capacity(raw.len() * 4);
    flate2::read::MultiGzDecoder::new(raw.as_slice())
        .read_to_end(&mut out)
        .map_err(|e| io_err(path, format!("gzip: {e}")))?;
    Ok(out)
}

/// The first existing file among `names` (each tried plain, then `.gz`).
fn find_in(dir: &Path, names: &[&str]) -> Option<PathBuf> {
    names
        .iter()
        .flat_map(|n| [dir.join(n), dir.join(format!("{n}.gz"))])
        .find(|p| p.is_file())
}

/// Reads the first tab-separated column of a 10x `barcodes.tsv` or
/// `features.tsv`/`genes.tsv` (plain or `.gz`): one id per non-empty line;
/// returns the ids and their 1-based lines.
fn read_id_column(path: &Path) -> Result<(Vec<String>, Vec<usize>)> {
    let bytes = read_bytes(path)?;
    let text = String::from_utf8(bytes).map_err(|e| io_err(path, e))?;
    let (mut ids, mut lines) = (Vec::new(), Vec::new());
    for (k, l) in text.lines().enumerate() {
        let id = l.split('\t').next().unwrap_or("").trim();
        if id.is_empty() {
            if l.trim().is_empty() {
                continue;
            }
            return Err(OmicsDataError::BadLine {
                path: path.display().to_string(),
                line: k + 1,
                reason: "empty id in the first column".into(),
            });
        }
        ids.push(id.to_string());
        lines.push(k + 1);
    }
    Ok((ids, lines))
}

/// Reads a 10x Genomics Matrix Market directory into a sparse genes x
/// cells count matrix: `matrix.mtx[.gz]` (coordinate, integer/real/pattern,
/// general), `features.tsv[.gz]` or `genes.tsv[.gz]` (first column = gene
/// id) and `barcodes.tsv[.gz]`.
///
/// # Errors
/// Missing files; a malformed `matrix.mtx` (file and line: banner, size
/// line, field count, unparsable or out-of-range index, entry count);
/// feature or barcode counts that differ from the matrix dimensions;
/// duplicated gene ids or barcodes (both lines named).
pub fn read_10x(dir: &Path) -> Result<prognos_omics::sparse::CountMatrix> {
    let need = |names: &[&str], what: &str| {
        find_in(dir, names).ok_or_else(|| OmicsDataError::Io {
            path: dir.display().to_string(),
            reason: format!("10x directory has no {what}"),
        })
    };
    let mtx_path = need(&["matrix.mtx"], "matrix.mtx[.gz]")?;
    let feat_path = need(
        &["features.tsv", "genes.tsv"],
        "features.tsv[.gz] or genes.tsv[.gz]",
    )?;
    let bc_path = need(&["barcodes.tsv"], "barcodes.tsv[.gz]")?;
    let mp = mtx_path.display().to_string();
    let bytes = read_bytes(&mtx_path)?;
    let trip = prognos_omics::sparse::parse_matrix_market(&bytes).map_err(|problem| {
        OmicsDataError::Mtx {
            path: mp.clone(),
            problem,
        }
    })?;
    drop(bytes);
    let (genes, glines) = read_id_column(&feat_path)?;
    let (barcodes, blines) = read_id_column(&bc_path)?;
    for (ids, lines, p, what, n) in [
        (&genes, &glines, &feat_path, "gene", trip.nrows),
        (&barcodes, &blines, &bc_path, "barcode", trip.ncols),
    ] {
        if ids.len() != n {
            return Err(OmicsDataError::BadLine {
                path: p.display().to_string(),
                line: lines.last().copied().unwrap_or(0),
                reason: format!(
                    "{} {what}s listed, but {mp} declares {n} {}",
                    ids.len(),
                    if what == "gene" { "rows" } else { "columns" }
                ),
            });
        }
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
        for (id, &l) in ids.iter().zip(lines.iter()) {
            if let Some(first) = seen.insert(id.as_str(), l) {
                return Err(OmicsDataError::BadLine {
                    path: p.display().to_string(),
                    line: l,
                    reason: format!("duplicated {what} '{id}' (first on line {first})"),
                });
            }
        }
    }
    prognos_omics::sparse::CountMatrix::from_triplets(genes, barcodes, &trip).map_err(|e| {
        OmicsDataError::Io {
            path: mp,
            reason: e.to_string(),
        }
    })
}

/// Reads the per-cell metadata for `sc-prop`: a table file (one row per
/// cell), or a 10x-style directory holding `barcodes.tsv[.gz]`, optionally
/// `matrix.mtx[.gz]` (its header must list as many columns as barcodes) and a
/// metadata table `metadata.csv`/`metadata.tsv`/`cells.csv`/`cells.tsv`
/// whose first column (or a `barcode` column) names the cells. Rows come
/// back in barcode order for a directory.
pub fn read_cells(path: &Path) -> Result<TextTable> {
    Ok(read_cells_and_counts(path, false)?.0)
}

/// As [`read_cells`]; with `with_counts` and a directory holding a full 10x
/// matrix (`matrix.mtx[.gz]` + `features.tsv[.gz]`/`genes.tsv[.gz]` +
/// barcodes), also reads the sparse counts ([`read_10x`]), whose columns
/// are the table's rows. Without a features file only the matrix header is
/// checked against the barcodes.
pub fn read_cells_and_counts(
    path: &Path,
    with_counts: bool,
) -> Result<(TextTable, Option<prognos_omics::sparse::CountMatrix>)> {
    if !path.is_dir() {
        return Ok((read_text_table(path)?, None));
    }
    let find = |names: &[&str]| -> Option<PathBuf> {
        names.iter().map(|n| path.join(n)).find(|p| p.exists())
    };
    let meta_path =
        find(&["metadata.csv", "metadata.tsv", "cells.csv", "cells.tsv"]).ok_or_else(|| {
            OmicsDataError::Io {
                path: path.display().to_string(),
                reason: "directory has no metadata.csv, metadata.tsv, cells.csv or cells.tsv"
                    .into(),
            }
        })?;
    let meta = read_text_table(&meta_path)?;
    let Some(bc_path) = find_in(path, &["barcodes.tsv"]) else {
        return Ok((meta, None));
    };
    let mtx = find_in(path, &["matrix.mtx"]);
    let has_features = find_in(path, &["features.tsv", "genes.tsv"]).is_some();
    let counts = if with_counts && mtx.is_some() && has_features {
        Some(read_10x(path)?)
    } else {
        None
    };
    let barcodes: Vec<String> = match &counts {
        Some(m) => m.barcodes.clone(),
        None => read_id_column(&bc_path)?.0,
    };
    if let (Some(mtx), None) = (&mtx, &counts) {
        let ncol = mtx_columns(mtx)?;
        if ncol != barcodes.len() {
            return Err(OmicsDataError::BadLine {
                path: mtx.display().to_string(),
                line: 0,
                reason: format!(
                    "matrix has {ncol} columns but {} lists {} cells",
                    bc_path.display(),
                    barcodes.len()
                ),
            });
        }
    }
    let key = meta
        .header
        .iter()
        .position(|h| h == "barcode" || h == "cell")
        .unwrap_or(0);
    let pos: HashMap<&str, usize> = meta
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r[key].as_str(), i))
        .collect();
    let mut rows = Vec::with_capacity(barcodes.len());
    let mut lines = Vec::with_capacity(barcodes.len());
    for (k, b) in barcodes.iter().enumerate() {
        let i = *pos.get(b.as_str()).ok_or_else(|| OmicsDataError::BadLine {
            path: bc_path.display().to_string(),
            line: k + 1,
            reason: format!("barcode '{b}' has no row in {}", meta.path),
        })?;
        rows.push(meta.rows[i].clone());
        lines.push(meta.lines[i]);
    }
    Ok((
        TextTable {
            path: meta.path,
            header: meta.header,
            rows,
            lines,
        },
        counts,
    ))
}

/// Number of columns declared in a Matrix Market coordinate file's size
/// line (plain or `.gz`; only the head of the file is read).
fn mtx_columns(path: &Path) -> Result<usize> {
    use std::io::BufRead;
    let f = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
    let rd: Box<dyn std::io::Read> = if path.extension().and_then(|e| e.to_str()) == Some("gz") {
        Box::new(flate2::read::MultiGzDecoder::new(f))
    } else {
        Box::new(f)
    };
    for (k, l) in std::io::BufReader::new(rd).lines().enumerate() {
        let l = l.map_err(|e| io_err(path, e))?;
        if l.starts_with('%') || l.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = l.split_whitespace().collect();
        return f
            .get(1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| OmicsDataError::BadLine {
                path: path.display().to_string(),
                line: k + 1,
                reason: "bad Matrix Market size line".into(),
            });
    }
    Err(OmicsDataError::Empty {
        path: path.display().to_string(),
    })
}
