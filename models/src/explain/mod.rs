//! Explaining a risk model with omics, as the MDLM paper does: bulk
//! differential expression between high- and low-risk patients (limma
//! `lmFit` → `contrasts.fit` → `eBayes` → `topTable`, contrast high − low),
//! over-representation of the differentially expressed genes
//! (|log2FC| ≥ `min_lfc` and BH-adjusted p < `max_adj_p`) among gene sets,
//! and cell-type proportions between risk groups in single-cell data
//! (`speckle::propeller`, logit transform).
//!
//! # Errors
//! [`ExplainError`] wraps the limma, enrichment and propeller errors.

use nalgebra::DMatrix;
use prognos_omics::enrich::{EnrichError, GeneSet, OraParams, OraResult, ora};
use prognos_omics::limma::{
    EbayesParams, ExprMatrix, LimmaError, TopTable, contrasts_fit, difference_contrast, ebayes,
    group_means_design, lm_fit, top_table,
};
use prognos_omics::propeller::{PropellerError, PropellerResult, Transform, propeller};

/// Why the explanation failed.
#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    /// Differential expression failed.
    #[error("limma: {0}")]
    Limma(#[from] LimmaError),
    /// Enrichment failed.
    #[error("enrichment: {0}")]
    Enrich(#[from] EnrichError),
    /// The proportion test failed.
    #[error("cell-type proportions: {0}")]
    Propeller(#[from] PropellerError),
    /// The bulk groups are not exactly `high` and `low` with 2+ samples each.
    #[error("bulk expression needs at least 2 high- and 2 low-risk samples")]
    Groups,
}

/// Thresholds of the explanation.
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `min_lfc` | 1 | |log2 fold change| for a DEG |
/// | `max_adj_p` | 0.05 | BH-adjusted p for a DEG |
/// | `ora` | sizes 10–500 | gene-set size filter |
#[derive(Debug, Clone)]
pub struct ExplainParams {
    /// |log2FC| threshold.
    pub min_lfc: f64,
    /// Adjusted p threshold.
    pub max_adj_p: f64,
    /// Over-representation settings.
    pub ora: OraParams,
}

impl Default for ExplainParams {
    fn default() -> Self {
        ExplainParams {
            min_lfc: 1.0,
            max_adj_p: 0.05,
            ora: OraParams::default(),
        }
    }
}

/// The omics explanation of the risk groups.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// Every gene, high − low risk, sorted by p.
    pub top_table: TopTable,
    /// Up-regulated DEGs in high risk.
    pub up: Vec<String>,
    /// Down-regulated DEGs in high risk.
    pub down: Vec<String>,
    /// Over-representation of all DEGs.
    pub ora: OraResult,
    /// Cell-type proportions high vs low.
    pub propeller: PropellerResult,
    /// Cells per (risk group, cell type): `cell_counts[g][k]` for
    /// `propeller.groups[g]` and `propeller.rows[k].cluster`.
    pub cell_counts: Vec<Vec<f64>>,
}

/// Single-cell input: one entry per cell.
#[derive(Debug, Clone, Copy)]
pub struct CellLabels<'a> {
    /// Cell type per cell.
    pub clusters: &'a [String],
    /// Patient per cell.
    pub samples: &'a [String],
    /// Risk group per cell (its patient's).
    pub groups: &'a [String],
}

impl ExplainParams {
    /// Runs the three analyses. `group[j]` is `"high"` or `"low"` for bulk sample j.
    ///
    /// # Errors
    /// See [`ExplainError`].
    pub fn explain(
        &self,
        bulk: &ExprMatrix,
        group: &[String],
        sets: &[GeneSet],
        cells: CellLabels<'_>,
    ) -> Result<Explanation, ExplainError> {
        let levels = vec!["high".to_string(), "low".to_string()];
        for l in &levels {
            if group.iter().filter(|g| *g == l).count() < 2 {
                return Err(ExplainError::Groups);
            }
        }
        let design = group_means_design(group, &levels, &[]);
        let contrast: DMatrix<f64> =
            difference_contrast(&design, "high", "low").ok_or(ExplainError::Groups)?;
        let fit = lm_fit(bulk, &design.matrix, &design.names, None)?;
        let fit2 = contrasts_fit(&fit, &contrast, &["high-low".to_string()])?;
        let eb = ebayes(&fit2, &EbayesParams::default())?;
        let tt = top_table(&eb, 0)?;
        let deg = |sign: f64| -> Vec<String> {
            tt.rows
                .iter()
                .filter(|r| r.adj_p_value < self.max_adj_p && sign * r.log_fc >= self.min_lfc)
                .map(|r| r.gene.clone())
                .collect()
        };
        let (up, down) = (deg(1.0), deg(-1.0));
        let all: Vec<String> = up.iter().chain(&down).cloned().collect();
        let ora = ora(&all, sets, Some(&bulk.genes), &self.ora)?;
        let prop = propeller(
            cells.clusters,
            cells.samples,
            cells.groups,
            Transform::Logit,
        )?;
        let cell_counts = prop
            .groups
            .iter()
            .map(|g| {
                prop.rows
                    .iter()
                    .map(|r| {
                        (0..cells.clusters.len())
                            .filter(|&i| &cells.groups[i] == g && cells.clusters[i] == r.cluster)
                            .count() as f64
                    })
                    .collect()
            })
            .collect();
        Ok(Explanation {
            top_table: tt,
            up,
            down,
            ora,
            propeller: prop,
            cell_counts,
        })
    }
}
