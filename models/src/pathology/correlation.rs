//! Spearman correlations between radiomic and pathological features.

use nalgebra::DMatrix;
use prognos_core::correlation::{CorMethod, cor_matrix};
use prognos_core::htest::HtestError;
use prognos_core::table::{Cell, Table};
use std::fmt;

/// Strength class of a correlation (Ratner 2009).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrelationClass {
    /// `|r| < 0.3`.
    Weak,
    /// `0.3 ≤ |r| ≤ 0.7`.
    Moderate,
    /// `|r| > 0.7`.
    Strong,
}

impl CorrelationClass {
    /// The class of `r`.
    pub fn of(r: f64) -> CorrelationClass {
        let a = r.abs();
        if a < 0.3 {
            CorrelationClass::Weak
        } else if a <= 0.7 {
            CorrelationClass::Moderate
        } else {
            CorrelationClass::Strong
        }
    }

    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            CorrelationClass::Weak => "weak",
            CorrelationClass::Moderate => "moderate",
            CorrelationClass::Strong => "strong",
        }
    }
}

/// One radiomic–pathology pair.
#[derive(Debug, Clone, PartialEq)]
pub struct RadPathPair {
    /// Radiomic feature.
    pub radiomic: String,
    /// Pathology feature.
    pub pathology: String,
    /// Spearman's rho (NaN when undefined, e.g. a constant feature).
    pub rho: f64,
    /// `cor.test` p-value.
    pub p: f64,
    /// BH-adjusted p over all pairs.
    pub q: f64,
    /// Complete pairs used.
    pub n: usize,
    /// Strength class (`None` when rho is NaN).
    pub class: Option<CorrelationClass>,
}

/// The correlation matrix between two feature sets.
#[derive(Debug, Clone, PartialEq)]
pub struct RadPathCorrelation {
    /// All pairs, radiomic-major.
    pub pairs: Vec<RadPathPair>,
    /// FDR level used by [`RadPathCorrelation::significant`].
    pub fdr: f64,
}

impl RadPathCorrelation {
    /// Pairs with `q < fdr`.
    pub fn significant(&self) -> Vec<&RadPathPair> {
        self.pairs.iter().filter(|p| p.q < self.fdr).collect()
    }

    /// Significant pairs per class, then the range of `|rho|` among them.
    pub fn summary(&self) -> Table {
        let mut t = Table::new(["pairs", "min |rho|", "max |rho|"]).with_title(format!(
            "Spearman correlations, BH q < {} ({} of {} pairs)",
            self.fdr,
            self.significant().len(),
            self.pairs.len()
        ));
        for c in [
            CorrelationClass::Weak,
            CorrelationClass::Moderate,
            CorrelationClass::Strong,
        ] {
            let a: Vec<f64> = self
                .significant()
                .iter()
                .filter(|p| p.class == Some(c))
                .map(|p| p.rho.abs())
                .collect();
            let (lo, hi) = a
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                    (l.min(v), h.max(v))
                });
            t.push_row(
                c.name(),
                [
                    Cell::Int(a.len() as i64),
                    if a.is_empty() {
                        Cell::Na
                    } else {
                        Cell::Num(lo)
                    },
                    if a.is_empty() {
                        Cell::Na
                    } else {
                        Cell::Num(hi)
                    },
                ],
            );
        }
        t
    }
}

impl fmt::Display for RadPathCorrelation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

/// Spearman correlation of every radiomic feature (columns of `rad`) with
/// every pathology feature (columns of `path`), rows = patients in the same
/// order, NaN = missing (pairwise complete), as R `cor.test(method =
/// "spearman")` per pair and `p.adjust(p, "BH")` over all pairs.
///
/// # Errors
/// [`HtestError::LengthMismatch`] when the row counts differ.
pub fn radpath_correlation(
    rad: &DMatrix<f64>,
    rad_names: &[String],
    path: &DMatrix<f64>,
    path_names: &[String],
    fdr: f64,
) -> Result<RadPathCorrelation, HtestError> {
    let a: Vec<Vec<f64>> = (0..rad.ncols())
        .map(|j| rad.column(j).iter().copied().collect())
        .collect();
    let b: Vec<Vec<f64>> = (0..path.ncols())
        .map(|j| path.column(j).iter().copied().collect())
        .collect();
    if rad.nrows() != path.nrows() {
        return Err(HtestError::LengthMismatch {
            nx: rad.nrows(),
            ny: path.nrows(),
        });
    }
    let ar: Vec<&[f64]> = a.iter().map(Vec::as_slice).collect();
    let br: Vec<&[f64]> = b.iter().map(Vec::as_slice).collect();
    let m = cor_matrix(&ar, Some(&br), CorMethod::Spearman)?;
    let pairs = m
        .entries
        .iter()
        .map(|e| RadPathPair {
            radiomic: rad_names.get(e.i).cloned().unwrap_or_default(),
            pathology: path_names.get(e.j).cloned().unwrap_or_default(),
            rho: e.r,
            p: e.p,
            q: e.p_adj,
            n: e.n,
            class: e.r.is_finite().then(|| CorrelationClass::of(e.r)),
        })
        .collect();
    Ok(RadPathCorrelation { pairs, fdr })
}
