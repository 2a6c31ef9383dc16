//! Per-block standardisation fitted on training rows only.

use super::Block;
use nalgebra::DMatrix;
use std::ops::Range;

/// Column-wise z-scores of each block, fitted on training rows: mean and
/// standard deviation (`n − 1` divisor, as R's `scale()`) of every column
/// of every block. Columns that are constant on the training rows are
/// dropped (they would be constant zeros), and the block layout is
/// re-expressed on the kept columns.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockScaler {
    /// Original column index of each kept column.
    pub kept: Vec<usize>,
    /// Training mean of each kept column.
    pub mean: Vec<f64>,
    /// Training standard deviation of each kept column.
    pub sd: Vec<f64>,
    /// Each block's columns in the standardised (kept) design.
    pub blocks: Vec<Range<usize>>,
    /// Original columns dropped as constant on the training rows.
    pub dropped: Vec<usize>,
}

impl BlockScaler {
    /// Fits the scaler on the rows of `x` (all of them are training rows).
    pub fn fit(x: &DMatrix<f64>, blocks: &[Block]) -> BlockScaler {
        let n = x.nrows() as f64;
        let (mut kept, mut mean, mut sd, mut ranges, mut dropped) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for b in blocks {
            let start = kept.len();
            for j in b.columns.clone() {
                let c = x.column(j);
                let m = c.iter().sum::<f64>() / n;
                let v = c.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0);
                let first = c[0];
                if c.iter().all(|&v| v == first) || v.is_nan() || v <= 0.0 {
                    dropped.push(j);
                } else {
                    kept.push(j);
                    mean.push(m);
                    sd.push(v.sqrt());
                }
            }
            ranges.push(start..kept.len());
        }
        BlockScaler {
            kept,
            mean,
            sd,
            blocks: ranges,
            dropped,
        }
    }

    /// Standardises rows of the original design with the training values.
    pub fn transform(&self, x: &DMatrix<f64>) -> DMatrix<f64> {
        DMatrix::from_fn(x.nrows(), self.kept.len(), |i, k| {
            (x[(i, self.kept[k])] - self.mean[k]) / self.sd[k]
        })
    }
}
