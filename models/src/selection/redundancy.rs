//! Redundancy filter: among features correlated above a threshold keep the
//! one more associated with the outcome.

use super::SelectionError;
use super::error::check_table;
use nalgebra::DMatrix;
use prognos_core::table::{Cell, Table};

/// Correlation used by the redundancy filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RedundancyMethod {
    /// Pearson's r (the PCC filter of radiomics papers).
    #[default]
    Pearson,
    /// Spearman's rho (Pearson on average ranks).
    Spearman,
}

/// Why a feature was dropped as redundant.
#[derive(Debug, Clone, PartialEq)]
pub struct RedundantFeature {
    /// Index of the dropped feature.
    pub feature: usize,
    /// Index of the kept feature it duplicates.
    pub kept_partner: usize,
    /// Their correlation.
    pub r: f64,
}

/// Result of [`redundancy_filter`].
#[derive(Debug, Clone, PartialEq)]
pub struct RedundancyResult {
    /// Kept feature indices, in column order.
    pub kept: Vec<usize>,
    /// Dropped features with the kept partner.
    pub dropped: Vec<RedundantFeature>,
    /// Features dropped because they are constant.
    pub constant: Vec<usize>,
}

/// Greedy redundancy filter: features are visited from the most to the
/// least associated with the outcome (`association`, larger = stronger,
/// e.g. the ANOVA F or `−log p`; ties by column order); a feature is kept
/// unless its `|r|` with an already kept feature exceeds `threshold`, in
/// which case it is dropped in favour of that (more associated) feature.
/// Constant features are dropped first.
///
/// # Errors
/// [`SelectionError::NonFinite`], [`SelectionError::LengthMismatch`],
/// [`SelectionError::BadParameter`] unless `0 < threshold ≤ 1`.
pub fn redundancy_filter(
    x: &DMatrix<f64>,
    names: &[String],
    association: &[f64],
    threshold: f64,
    method: RedundancyMethod,
) -> Result<RedundancyResult, SelectionError> {
    check_table(x, names, None)?;
    if association.len() != x.ncols() {
        return Err(SelectionError::LengthMismatch {
            what: "association scores",
            got: association.len(),
            expected: x.ncols(),
        });
    }
    if !(threshold > 0.0 && threshold <= 1.0) {
        return Err(SelectionError::BadParameter {
            name: "redundancy threshold",
            requirement: "in (0, 1]",
            value: threshold,
        });
    }
    let (n, p) = x.shape();
    // Centred, unit-norm columns (ranks first for Spearman).
    let mut z = DMatrix::zeros(n, p);
    let mut constant = Vec::new();
    for j in 0..p {
        let col: Vec<f64> = x.column(j).iter().copied().collect();
        let v = match method {
            RedundancyMethod::Pearson => col,
            RedundancyMethod::Spearman => prognos_core::htest::rank::rank_average(&col),
        };
        let m = v.iter().sum::<f64>() / n as f64;
        let ss: f64 = v.iter().map(|a| (a - m).powi(2)).sum();
        if ss <= 0.0 {
            constant.push(j);
            continue;
        }
        for i in 0..n {
            z[(i, j)] = (v[i] - m) / ss.sqrt();
        }
    }
    let mut order: Vec<usize> = (0..p).filter(|j| !constant.contains(j)).collect();
    order.sort_by(|&a, &b| {
        let (sa, sb) = (association[a], association[b]);
        sb.partial_cmp(&sa)
            .unwrap_or_else(|| sa.is_nan().cmp(&sb.is_nan()))
            .then(a.cmp(&b))
    });
    let mut kept: Vec<usize> = Vec::new();
    let mut dropped = Vec::new();
    for &j in &order {
        let clash = kept
            .iter()
            .map(|&k| (k, z.column(j).dot(&z.column(k))))
            .find(|(_, r)| r.abs() > threshold);
        match clash {
            Some((k, r)) => dropped.push(RedundantFeature {
                feature: j,
                kept_partner: k,
                r,
            }),
            None => kept.push(j),
        }
    }
    kept.sort_unstable();
    Ok(RedundancyResult {
        kept,
        dropped,
        constant,
    })
}

impl RedundancyResult {
    /// One row per dropped feature: its kept partner and `r`.
    pub fn summary(&self, names: &[String]) -> Table {
        let name = |j: usize| {
            names
                .get(j)
                .cloned()
                .unwrap_or_else(|| format!("x{}", j + 1))
        };
        let mut t = Table::new(["kept partner", "r"]).with_title(format!(
            "Redundancy filter: {} kept, {} redundant, {} constant",
            self.kept.len(),
            self.dropped.len(),
            self.constant.len()
        ));
        for d in &self.dropped {
            t.push_row(
                name(d.feature),
                [Cell::Text(name(d.kept_partner)), Cell::Num(d.r)],
            );
        }
        t
    }
}
