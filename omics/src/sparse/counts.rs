//! The genes x cells count matrix and its per-cell and per-sample sums.

use super::error::SparseError;
use super::mtx::Triplets;
use crate::limma::ExprMatrix;
use nalgebra::DMatrix;
use sprs::CsMat;

/// A single-cell count matrix, genes in rows and cells in columns, stored
/// as CSR (one compressed row per gene), as `Matrix::readMM` +
/// `as(, "CsparseMatrix")` hold it (duplicated entries summed, explicit
/// zeros kept).
#[derive(Debug, Clone, PartialEq)]
pub struct CountMatrix {
    /// Gene ids, one per row.
    pub genes: Vec<String>,
    /// Cell barcodes, one per column.
    pub barcodes: Vec<String>,
    /// Counts, genes x cells.
    pub counts: CsMat<f64>,
}

/// Per-cell library sizes (column sums) and their summary.
#[derive(Debug, Clone, PartialEq)]
pub struct LibrarySummary {
    /// Column sums, one per cell (`Matrix::colSums`).
    pub library_size: Vec<f64>,
    /// Genes with a non-zero count, one per cell (`colSums(m > 0)`).
    pub detected: Vec<usize>,
    /// Cells whose counts are all zero.
    pub zero_count_cells: usize,
    /// Smallest library size.
    pub min: f64,
    /// Median library size (R's `median`: mean of the two middle values).
    pub median: f64,
    /// Mean library size.
    pub mean: f64,
    /// Largest library size.
    pub max: f64,
}

/// Pseudo-bulk counts: the sum of the counts of each sample's cells, genes
/// x samples, ready for `voom`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pseudobulk {
    /// Genes x samples sums (samples sorted).
    pub counts: ExprMatrix,
    /// Number of cells per sample.
    pub n_cells: Vec<usize>,
}

fn median(v: &[f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        0.5 * (s[n / 2 - 1] + s[n / 2])
    }
}

impl CountMatrix {
    /// Builds the CSR matrix from Matrix Market entries (0-based, any
    /// order), summing duplicated (gene, cell) entries.
    ///
    /// # Errors
    /// [`SparseError::DimensionMismatch`] if the gene ids or barcodes do not
    /// match the declared dimensions (or an index lies outside them).
    pub fn from_triplets(
        genes: Vec<String>,
        barcodes: Vec<String>,
        t: &Triplets,
    ) -> Result<CountMatrix, SparseError> {
        let (nr, nc, nnz) = (t.nrows, t.ncols, t.rows.len());
        if genes.len() != nr {
            return Err(SparseError::DimensionMismatch {
                what: "gene ids",
                expected: nr,
                found: genes.len(),
            });
        }
        if barcodes.len() != nc {
            return Err(SparseError::DimensionMismatch {
                what: "barcodes",
                expected: nc,
                found: barcodes.len(),
            });
        }
        if t.cols.len() != nnz || t.vals.len() != nnz {
            return Err(SparseError::DimensionMismatch {
                what: "entry columns/values",
                expected: nnz,
                found: t.cols.len().min(t.vals.len()),
            });
        }
        if let Some(&r) = t.rows.iter().find(|&&r| r as usize >= nr) {
            return Err(SparseError::DimensionMismatch {
                what: "row index",
                expected: nr,
                found: r as usize + 1,
            });
        }
        if let Some(&c) = t.cols.iter().find(|&&c| c as usize >= nc) {
            return Err(SparseError::DimensionMismatch {
                what: "column index",
                expected: nc,
                found: c as usize + 1,
            });
        }
        // counting sort by row
        let mut indptr = vec![0usize; nr + 1];
        for &r in &t.rows {
            indptr[r as usize + 1] += 1;
        }
        for i in 0..nr {
            indptr[i + 1] += indptr[i];
        }
        let mut next = indptr.clone();
        let mut idx = vec![0usize; nnz];
        let mut data = vec![0.0f64; nnz];
        for k in 0..nnz {
            let r = t.rows[k] as usize;
            let p = next[r];
            idx[p] = t.cols[k] as usize;
            data[p] = t.vals[k];
            next[r] += 1;
        }
        // sort each row by column (10x files are sorted by cell already) and sum duplicates
        let mut out_ptr = vec![0usize; nr + 1];
        let mut w = 0usize;
        let mut pairs: Vec<(usize, f64)> = Vec::new();
        for r in 0..nr {
            let (a, b) = (indptr[r], indptr[r + 1]);
            if idx[a..b].windows(2).any(|x| x[0] > x[1]) {
                pairs.clear();
                pairs.extend(idx[a..b].iter().copied().zip(data[a..b].iter().copied()));
                pairs.sort_by_key(|p| p.0);
                for (q, &(j, v)) in pairs.iter().enumerate() {
                    idx[a + q] = j;
                    data[a + q] = v;
                }
            }
            let start = w;
            for p in a..b {
                if w > start && idx[w - 1] == idx[p] {
                    data[w - 1] += data[p];
                } else {
                    idx[w] = idx[p];
                    data[w] = data[p];
                    w += 1;
                }
            }
            out_ptr[r + 1] = w;
        }
        idx.truncate(w);
        data.truncate(w);
        let counts = CsMat::try_new((nr, nc), out_ptr, idx, data).map_err(|e| {
            SparseError::DimensionMismatch {
                what: "CSR structure",
                expected: nnz,
                found: e.1.len(),
            }
        })?;
        Ok(CountMatrix {
            genes,
            barcodes,
            counts,
        })
    }

    /// Number of genes (rows).
    pub fn n_genes(&self) -> usize {
        self.genes.len()
    }

    /// Number of cells (columns).
    pub fn n_cells(&self) -> usize {
        self.barcodes.len()
    }

    /// Stored entries (after summing duplicates).
    pub fn nnz(&self) -> usize {
        self.counts.nnz()
    }

    /// Per-cell library sizes (`colSums`), detected genes (`colSums(m >
    /// 0)`), the number of all-zero cells, and min/median/mean/max of the
    /// library sizes.
    pub fn library_sizes(&self) -> LibrarySummary {
        let n = self.n_cells();
        let mut lib = vec![0.0f64; n];
        let mut det = vec![0usize; n];
        for (&j, &v) in self.counts.indices().iter().zip(self.counts.data()) {
            lib[j] += v;
            det[j] += usize::from(v != 0.0);
        }
        let zero = det.iter().filter(|&&d| d == 0).count();
        let (min, max) = lib
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        let mean = if n == 0 {
            f64::NAN
        } else {
            lib.iter().sum::<f64>() / n as f64
        };
        LibrarySummary {
            median: median(&lib),
            library_size: lib,
            detected: det,
            zero_count_cells: zero,
            min: if n == 0 { f64::NAN } else { min },
            mean,
            max: if n == 0 { f64::NAN } else { max },
        }
    }

    /// Sums the counts of each sample's cells: `cell_sample[j]` is the
    /// sample of cell `j`; samples come back sorted (as `propeller` sorts
    /// them). Equivalent to R's `t(rowsum(t(m), sample))`.
    ///
    /// # Errors
    /// [`SparseError::DimensionMismatch`] if `cell_sample` does not have one
    /// label per cell; [`SparseError::BadCount`] for a negative or
    /// non-finite count (pseudo-bulk counts feed `voom`).
    pub fn pseudobulk(&self, cell_sample: &[String]) -> Result<Pseudobulk, SparseError> {
        if cell_sample.len() != self.n_cells() {
            return Err(SparseError::DimensionMismatch {
                what: "cell labels",
                expected: self.n_cells(),
                found: cell_sample.len(),
            });
        }
        let mut samples: Vec<String> = cell_sample.to_vec();
        samples.sort();
        samples.dedup();
        let pos: std::collections::HashMap<&str, usize> = samples
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        let col_of: Vec<usize> = cell_sample.iter().map(|s| pos[s.as_str()]).collect();
        let mut n_cells = vec![0usize; samples.len()];
        for &c in &col_of {
            n_cells[c] += 1;
        }
        let (g, m) = (self.n_genes(), samples.len());
        // row-major accumulation, then into nalgebra's column-major matrix
        let mut acc = vec![0.0f64; g * m];
        for (r, row) in self.counts.outer_iterator().enumerate() {
            for (j, &v) in row.iter() {
                if !(v >= 0.0) || !v.is_finite() {
                    return Err(SparseError::BadCount {
                        gene: self.genes[r].clone(),
                        cell: self.barcodes[j].clone(),
                        value: v,
                    });
                }
                acc[r * m + col_of[j]] += v;
            }
        }
        let values = DMatrix::from_row_slice(g, m, &acc);
        Ok(Pseudobulk {
            counts: ExprMatrix::new(self.genes.clone(), samples, values),
            n_cells,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_matrix_market;
    use super::*;

    fn names(p: &str, n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("{p}{i}")).collect()
    }

    #[test]
    fn csr_sums_duplicates_and_sorts_rows() {
        // out-of-order entries and a duplicate (gene 1, cell 2)
        let s = "%%MatrixMarket matrix coordinate integer general\n3 4 6\n1 3 1\n1 2 4\n3 1 2\n1 2 1\n2 4 9\n3 4 0\n";
        let t = parse_matrix_market(s.as_bytes()).unwrap();
        let m = CountMatrix::from_triplets(names("g", 3), names("c", 4), &t).unwrap();
        assert_eq!(m.nnz(), 5);
        let dense = m.counts.to_dense();
        let want = [[0., 5., 1., 0.], [0., 0., 0., 9.], [2., 0., 0., 0.]];
        for (i, row) in want.iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                assert_eq!(dense[[i, j]], v, "({i},{j})");
            }
        }
        let lib = m.library_sizes();
        assert_eq!(lib.library_size, vec![2.0, 5.0, 1.0, 9.0]);
        assert_eq!(lib.detected, vec![1, 1, 1, 1]);
        assert_eq!(lib.zero_count_cells, 0);
        assert_eq!((lib.min, lib.median, lib.max), (1.0, 3.5, 9.0));
        assert!((lib.mean - 4.25).abs() < 1e-15);
    }

    #[test]
    fn pseudobulk_sums_cells_per_sample() {
        let s = "%%MatrixMarket matrix coordinate integer general\n2 5 5\n1 1 3\n1 2 1\n2 3 4\n1 5 2\n2 5 7\n";
        let t = parse_matrix_market(s.as_bytes()).unwrap();
        let m = CountMatrix::from_triplets(names("g", 2), names("c", 5), &t).unwrap();
        let lab: Vec<String> = ["B", "A", "B", "A", "A"].map(String::from).to_vec();
        let pb = m.pseudobulk(&lab).unwrap();
        assert_eq!(pb.counts.samples, vec!["A", "B"]);
        assert_eq!(pb.n_cells, vec![3, 2]);
        // A = cells 2,4,5: g1 = 1 + 2, g2 = 7; B = cells 1,3: g1 = 3, g2 = 4
        assert_eq!(pb.counts.values[(0, 0)], 3.0);
        assert_eq!(pb.counts.values[(1, 0)], 7.0);
        assert_eq!(pb.counts.values[(0, 1)], 3.0);
        assert_eq!(pb.counts.values[(1, 1)], 4.0);
        // an all-zero cell is counted
        assert_eq!(m.library_sizes().zero_count_cells, 1);
        assert!(matches!(
            m.pseudobulk(&lab[..4]),
            Err(SparseError::DimensionMismatch { .. })
        ));
    }

    #[test]
    fn negative_count_is_named_in_pseudobulk() {
        let s = "%%MatrixMarket matrix coordinate integer general\n1 2 2\n1 1 3\n1 2 -1\n";
        let t = parse_matrix_market(s.as_bytes()).unwrap();
        let m = CountMatrix::from_triplets(names("g", 1), names("c", 2), &t).unwrap();
        let e = m.pseudobulk(&["a".into(), "b".into()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "gene 'g1', cell 'c2' has count -1; counts must be finite and >= 0"
        );
        assert!(matches!(
            CountMatrix::from_triplets(names("g", 2), names("c", 2), &t),
            Err(SparseError::DimensionMismatch {
                what: "gene ids",
                ..
            })
        ));
    }
}
