//! Over-representation analysis.

use super::error::EnrichError;
use super::hyper::phyper_upper;
use crate::adjust::p_adjust_bh;
use prognos_core::table::{Cell, Table};
use std::collections::HashSet;
use std::fmt;

/// A named gene set (one GMT line).
#[derive(Debug, Clone, PartialEq)]
pub struct GeneSet {
    /// Set name.
    pub name: String,
    /// Member genes.
    pub genes: Vec<String>,
}

/// Options of [`ora`].
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `min_size` | 10 | smallest set size (inside the universe) tested |
/// | `max_size` | 500 | largest set size tested |
#[derive(Debug, Clone, PartialEq)]
pub struct OraParams {
    /// Minimum set size inside the universe.
    pub min_size: usize,
    /// Maximum set size inside the universe.
    pub max_size: usize,
}

impl Default for OraParams {
    fn default() -> Self {
        OraParams {
            min_size: 10,
            max_size: 500,
        }
    }
}

/// One tested set.
#[derive(Debug, Clone, PartialEq)]
pub struct OraRow {
    /// Set name.
    pub term: String,
    /// Set size inside the universe (`K`).
    pub size: usize,
    /// Query genes in the set (`k`).
    pub overlap: usize,
    /// Expected overlap `n K / N`.
    pub expected: f64,
    /// Fold enrichment `k / expected`.
    pub fold: f64,
    /// `P(X >= k)`, hypergeometric.
    pub p: f64,
    /// Benjamini–Hochberg adjusted p across the tested sets.
    pub p_adj: f64,
    /// The overlapping genes, sorted.
    pub genes: Vec<String>,
}

/// The result of [`ora`].
#[derive(Debug, Clone, PartialEq)]
pub struct OraResult {
    /// Universe size `N`.
    pub universe_size: usize,
    /// Query size inside the universe `n`.
    pub query_size: usize,
    /// Tested sets sorted by p (ties keep set order).
    pub rows: Vec<OraRow>,
}

/// Over-representation of `query` in each gene set by the one-sided
/// hypergeometric test, as `phyper(k - 1, K, N - K, n, lower.tail = FALSE)`
/// with `p.adjust(method = "BH")`.
///
/// Universe rules (cli-contract.md): the universe is `universe` (default:
/// all genes of the sets) intersected with the genes the sets annotate; the
/// query is intersected with the universe; set sizes are counted inside the
/// universe and filtered by `min_size..=max_size`.
///
/// # Errors
/// [`EnrichError::SizeRange`], [`EnrichError::EmptyQuery`], [`EnrichError::NoSets`].
pub fn ora(
    query: &[String],
    sets: &[GeneSet],
    universe: Option<&[String]>,
    params: &OraParams,
) -> Result<OraResult, EnrichError> {
    if params.min_size > params.max_size {
        return Err(EnrichError::SizeRange {
            min: params.min_size,
            max: params.max_size,
        });
    }
    let annotated: HashSet<&str> = sets
        .iter()
        .flat_map(|s| s.genes.iter().map(String::as_str))
        .collect();
    let uni: HashSet<&str> = match universe {
        Some(u) => u
            .iter()
            .map(String::as_str)
            .filter(|g| annotated.contains(g))
            .collect(),
        None => annotated.clone(),
    };
    let q: HashSet<&str> = query
        .iter()
        .map(String::as_str)
        .filter(|g| uni.contains(g))
        .collect();
    if q.is_empty() {
        return Err(EnrichError::EmptyQuery {
            n: query.len(),
            universe: uni.len(),
        });
    }
    let (big_n, n) = (uni.len(), q.len());
    let mut rows: Vec<OraRow> = Vec::new();
    for s in sets {
        let members: HashSet<&str> = s
            .genes
            .iter()
            .map(String::as_str)
            .filter(|g| uni.contains(g))
            .collect();
        let k_size = members.len();
        if k_size < params.min_size || k_size > params.max_size {
            continue;
        }
        let mut genes: Vec<String> = members
            .iter()
            .filter(|g| q.contains(*g))
            .map(|g| g.to_string())
            .collect();
        genes.sort();
        let k = genes.len();
        let expected = n as f64 * k_size as f64 / big_n as f64;
        rows.push(OraRow {
            term: s.name.clone(),
            size: k_size,
            overlap: k,
            expected,
            fold: k as f64 / expected,
            p: phyper_upper(k as u64, k_size as u64, big_n as u64, n as u64),
            p_adj: f64::NAN,
            genes,
        });
    }
    if rows.is_empty() {
        return Err(EnrichError::NoSets {
            min: params.min_size,
            max: params.max_size,
        });
    }
    let p: Vec<f64> = rows.iter().map(|r| r.p).collect();
    for (r, a) in rows.iter_mut().zip(p_adjust_bh(&p)) {
        r.p_adj = a;
    }
    rows.sort_by(|a, b| a.p.total_cmp(&b.p));
    Ok(OraResult {
        universe_size: big_n,
        query_size: n,
        rows,
    })
}

impl OraResult {
    /// The table (`size overlap expected fold p p.adj`), one row per set.
    pub fn summary(&self) -> Table {
        let mut t =
            Table::new(["size", "overlap", "expected", "fold", "p", "p.adj"]).with_title(format!(
                "Over-representation: {} query genes in a universe of {}",
                self.query_size, self.universe_size
            ));
        for r in &self.rows {
            t.push_row(
                r.term.clone(),
                [
                    Cell::Int(r.size as i64),
                    Cell::Int(r.overlap as i64),
                    Cell::Num(r.expected),
                    Cell::Num(r.fold),
                    Cell::P(r.p),
                    Cell::P(r.p_adj),
                ],
            );
        }
        t
    }
}

impl fmt::Display for OraResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}
