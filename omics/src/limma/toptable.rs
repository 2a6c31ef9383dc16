//! Ranked gene tables, as `limma::topTable`.

use super::ebayes::EbayesFit;
use super::error::LimmaError;
use crate::adjust::p_adjust_bh;
use prognos_core::table::{Cell, Table};
use std::fmt;

/// One row of a [`TopTable`].
#[derive(Debug, Clone, PartialEq)]
pub struct TopTableRow {
    /// Gene id.
    pub gene: String,
    /// Estimated coefficient (log2 fold change for a contrast).
    pub log_fc: f64,
    /// Average expression (`AveExpr`).
    pub ave_expr: f64,
    /// Moderated t-statistic.
    pub t: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Benjamini–Hochberg adjusted p-value.
    pub adj_p_value: f64,
    /// Log-odds of differential expression (B).
    pub b: f64,
}

/// All genes for one coefficient, sorted by p-value, as
/// `topTable(fit, coef, number = Inf, sort.by = "P", adjust.method = "BH")`.
#[derive(Debug, Clone, PartialEq)]
pub struct TopTable {
    /// Coefficient (contrast) name.
    pub coef: String,
    /// Rows in increasing p-value (ties keep gene order); `NaN` p last.
    pub rows: Vec<TopTableRow>,
}

/// Builds the [`TopTable`] for coefficient `coef` (0-based).
///
/// # Errors
/// [`LimmaError::Coefficient`] when `coef` is out of range.
pub fn top_table(fit: &EbayesFit, coef: usize) -> Result<TopTable, LimmaError> {
    let k = fit.t.ncols();
    if coef >= k {
        return Err(LimmaError::Coefficient {
            index: coef,
            ncoef: k,
        });
    }
    let g = fit.t.nrows();
    let p: Vec<f64> = (0..g).map(|i| fit.p_value[(i, coef)]).collect();
    let adj = p_adjust_bh(&p);
    let mut rows: Vec<TopTableRow> = (0..g)
        .map(|i| TopTableRow {
            gene: fit
                .fit
                .genes
                .get(i)
                .cloned()
                .unwrap_or_else(|| (i + 1).to_string()),
            log_fc: fit.fit.coefficients[(i, coef)],
            ave_expr: fit.fit.amean.get(i).copied().unwrap_or(f64::NAN),
            t: fit.t[(i, coef)],
            p_value: p[i],
            adj_p_value: adj[i],
            b: fit.lods[(i, coef)],
        })
        .collect();
    // R: order(P.Value) after sorting by |t|-decreasing is not done; ties keep
    // original order (order() is stable); NaN last.
    rows.sort_by(|a, b| match (a.p_value.is_nan(), b.p_value.is_nan()) {
        (false, false) => a.p_value.total_cmp(&b.p_value),
        (x, y) => x.cmp(&y),
    });
    Ok(TopTable {
        coef: fit.fit.coef_names.get(coef).cloned().unwrap_or_default(),
        rows,
    })
}

impl TopTable {
    /// The table with R's column names (`logFC AveExpr t P.Value adj.P.Val B`).
    pub fn summary(&self) -> Table {
        let mut t = Table::new(["logFC", "AveExpr", "t", "P.Value", "adj.P.Val", "B"])
            .with_title(format!("topTable: {} (BH adjustment)", self.coef));
        for r in &self.rows {
            t.push_row(
                r.gene.clone(),
                [
                    Cell::Num(r.log_fc),
                    Cell::Num(r.ave_expr),
                    Cell::Num(r.t),
                    Cell::P(r.p_value),
                    Cell::P(r.adj_p_value),
                    Cell::Num(r.b),
                ],
            );
        }
        t
    }
}

impl fmt::Display for TopTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
