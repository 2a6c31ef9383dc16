//! Over-representation analysis.

use super::error::EnrichError;
use super::hyper::phyper_upper;
use crate::adjust::p_adjust_bh;
use prognos_core::table::{Cell, Table};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// A small multiplicative string hasher (the Fx hash of rustc) for gene
/// ids: not DoS-resistant, which does not matter for local files.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn finish(&self) -> u64 {
        // murmur3's fmix64, so the low bits (the bucket) depend on every byte
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }
}

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
    ora_indexed(query, &GeneSetIndex::new(sets), universe, params)
}

/// Gene sets with their gene ids interned to integers once, so that many
/// queries (or a timed kernel) do not hash every member gene again. R gets
/// the same for free from its global string cache.
#[derive(Debug, Clone)]
pub struct GeneSetIndex {
    /// Distinct gene ids, in order of first appearance.
    genes: Vec<String>,
    /// Gene id -> index in `genes`.
    ids: HashMap<String, u32, BuildHasherDefault<FxHasher>>,
    /// Set names.
    names: Vec<String>,
    /// Sorted, de-duplicated member indices of each set.
    members: Vec<Vec<u32>>,
}

impl GeneSetIndex {
    /// Interns the genes of `sets` (duplicates within a set removed).
    pub fn new(sets: &[GeneSet]) -> Self {
        let mut ids: HashMap<String, u32, BuildHasherDefault<FxHasher>> = HashMap::default();
        let mut genes: Vec<String> = Vec::new();
        let members = sets
            .iter()
            .map(|s| {
                let mut v: Vec<u32> = s
                    .genes
                    .iter()
                    .map(|g| match ids.get(g.as_str()) {
                        Some(&i) => i,
                        None => {
                            let i = genes.len() as u32;
                            genes.push(g.clone());
                            ids.insert(g.clone(), i);
                            i
                        }
                    })
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        GeneSetIndex {
            genes,
            ids,
            names: sets.iter().map(|s| s.name.clone()).collect(),
            members,
        }
    }

    /// Number of distinct annotated genes.
    pub fn n_genes(&self) -> usize {
        self.genes.len()
    }

    /// Number of sets.
    pub fn n_sets(&self) -> usize {
        self.names.len()
    }
}

/// [`ora`] on pre-interned gene sets (same numbers, same errors).
///
/// # Errors
/// [`EnrichError::SizeRange`], [`EnrichError::EmptyQuery`], [`EnrichError::NoSets`].
pub fn ora_indexed(
    query: &[String],
    index: &GeneSetIndex,
    universe: Option<&[String]>,
    params: &OraParams,
) -> Result<OraResult, EnrichError> {
    if params.min_size > params.max_size {
        return Err(EnrichError::SizeRange {
            min: params.min_size,
            max: params.max_size,
        });
    }
    let (ids, names, set_ids) = (&index.ids, &index.genes, &index.members);
    let in_uni: Vec<bool> = match universe {
        Some(u) => {
            let mut m = vec![false; names.len()];
            for g in u {
                if let Some(&i) = ids.get(g.as_str()) {
                    m[i as usize] = true;
                }
            }
            m
        }
        None => vec![true; names.len()],
    };
    let mut in_q = vec![false; names.len()];
    for g in query {
        if let Some(&i) = ids.get(g.as_str())
            && in_uni[i as usize]
        {
            in_q[i as usize] = true;
        }
    }
    let n = in_q.iter().filter(|&&b| b).count();
    let big_n = in_uni.iter().filter(|&&b| b).count();
    if n == 0 {
        return Err(EnrichError::EmptyQuery {
            n: query.len(),
            universe: big_n,
        });
    }
    let rows: Vec<OraRow> = set_ids
        .par_iter()
        .zip(index.names.par_iter())
        .filter_map(|(v, set_name)| {
            let k_size = v.iter().filter(|&&i| in_uni[i as usize]).count();
            if k_size < params.min_size || k_size > params.max_size {
                return None;
            }
            let mut genes: Vec<String> = v
                .iter()
                .filter(|&&i| in_q[i as usize])
                .map(|&i| names[i as usize].to_string())
                .collect();
            genes.sort();
            let k = genes.len();
            let expected = n as f64 * k_size as f64 / big_n as f64;
            Some(OraRow {
                term: set_name.clone(),
                size: k_size,
                overlap: k,
                expected,
                fold: k as f64 / expected,
                p: phyper_upper(k as u64, k_size as u64, big_n as u64, n as u64),
                p_adj: f64::NAN,
                genes,
            })
        })
        .collect();
    let mut rows = rows;
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
