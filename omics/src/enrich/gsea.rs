//! Preranked gene-set enrichment analysis.

use super::error::EnrichError;
use super::ora::GeneSet;
use crate::adjust::p_adjust_bh;
use prognos_core::table::{Cell, Table};
use rand::SeedableRng;
use rand::seq::index::sample;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt;

/// Options of [`gsea_preranked`].
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `min_size` | 15 | smallest set (genes in the ranked list) tested |
/// | `max_size` | 500 | largest set tested |
/// | `n_perm` | 1000 | random gene sets per tested set |
/// | `weight` | 1.0 | exponent of the score weight (`gseaParam`) |
/// | `seed` | 42 | seed of the permutations |
#[derive(Debug, Clone, PartialEq)]
pub struct GseaParams {
    /// Minimum set size inside the ranked list.
    pub min_size: usize,
    /// Maximum set size inside the ranked list.
    pub max_size: usize,
    /// Number of permutations.
    pub n_perm: usize,
    /// Score weight exponent (1 = weighted, 0 = classic KS).
    pub weight: f64,
    /// RNG seed; set `i` uses `ChaCha8Rng::seed_from_u64(seed)` advanced to stream `i`.
    pub seed: u64,
}

impl Default for GseaParams {
    fn default() -> Self {
        GseaParams {
            min_size: 15,
            max_size: 500,
            n_perm: 1000,
            weight: 1.0,
            seed: 42,
        }
    }
}

/// One tested set.
#[derive(Debug, Clone, PartialEq)]
pub struct GseaRow {
    /// Set name.
    pub term: String,
    /// Set size inside the ranked list.
    pub size: usize,
    /// Enrichment score (signed maximum deviation of the running sum).
    pub es: f64,
    /// Normalised ES: `es / mean(permuted ES of the same sign)`.
    pub nes: f64,
    /// Permutation p-value `(#{perm ES as extreme, same sign} + 1) / (#{perm same sign} + 1)`.
    pub p: f64,
    /// Benjamini–Hochberg adjusted p.
    pub p_adj: f64,
    /// Leading-edge genes (hits up to the peak, in rank order).
    pub leading_edge: Vec<String>,
}

/// The result of [`gsea_preranked`].
#[derive(Debug, Clone, PartialEq)]
pub struct GseaResult {
    /// Number of genes in the ranked list.
    pub n_genes: usize,
    /// Permutations per set.
    pub n_perm: usize,
    /// Seed used.
    pub seed: u64,
    /// Rows sorted by p, then by |NES| decreasing.
    pub rows: Vec<GseaRow>,
}

/// Running-sum enrichment score of hit positions `hits` (0-based ranks,
/// sorted ascending) in a list of `n` genes with weights `w` (|score|^p in
/// rank order), as `fgsea::calcGseaStat(scoreType = "std")`: with `tops`
/// the running sum just after each hit and `bottoms` just before it,
/// `maxP = max(tops)`, `minP = min(bottoms)`, ES = `maxP` if `maxP > -minP`,
/// `minP` if `maxP < -minP`, and 0 on a tie. Returns (ES, peak) where the
/// peak is the index in `hits` of the first maximum of `tops` (ES > 0) or
/// the first minimum of `bottoms` (ES < 0), `None` on a tie.
pub(crate) fn enrichment_score(hits: &[usize], w: &[f64], n: usize) -> (f64, Option<usize>) {
    let m = hits.len();
    let nr: f64 = hits.iter().map(|&h| w[h]).sum();
    let miss = 1.0 / (n - m) as f64;
    let (mut max_p, mut max_i) = (f64::NEG_INFINITY, 0usize);
    let (mut min_p, mut min_i) = (f64::INFINITY, 0usize);
    let mut cum = 0.0;
    for (i, &h) in hits.iter().enumerate() {
        let step = if nr > 0.0 { w[h] / nr } else { 1.0 / m as f64 };
        cum += step;
        // misses before this hit: h - i
        let top = cum - (h - i) as f64 * miss;
        let bottom = top - step;
        if top > max_p {
            max_p = top;
            max_i = i;
        }
        if bottom < min_p {
            min_p = bottom;
            min_i = i;
        }
    }
    if max_p > -min_p {
        (max_p, Some(max_i))
    } else if max_p < -min_p {
        (min_p, Some(min_i))
    } else {
        (0.0, None)
    }
}

/// Preranked GSEA (Subramanian et al. 2005) with gene-set permutations as
/// `fgsea::fgseaSimple(pathways, stats, nperm, gseaParam = weight)`: genes
/// are ranked by decreasing score; ES is the maximum deviation of the
/// weighted running sum; NES divides by the mean permuted ES of the same
/// sign; random sets of the same size give the p-value. Deterministic for a
/// given seed, whatever the number of threads.
///
/// # Errors
/// [`EnrichError::BadScore`], [`EnrichError::SizeRange`],
/// [`EnrichError::NoSets`], [`EnrichError::NoPermutations`].
pub fn gsea_preranked(
    genes: &[String],
    scores: &[f64],
    sets: &[GeneSet],
    params: &GseaParams,
) -> Result<GseaResult, EnrichError> {
    if let Some(i) = scores.iter().position(|s| !s.is_finite()) {
        return Err(EnrichError::BadScore {
            gene: genes[i].clone(),
        });
    }
    if params.min_size > params.max_size {
        return Err(EnrichError::SizeRange {
            min: params.min_size,
            max: params.max_size,
        });
    }
    if params.n_perm == 0 {
        return Err(EnrichError::NoPermutations);
    }
    let n = genes.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let rank_of: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(r, &i)| (genes[i].as_str(), r))
        .collect();
    let w: Vec<f64> = order
        .iter()
        .map(|&i| scores[i].abs().powf(params.weight))
        .collect();
    let tested: Vec<(usize, Vec<usize>)> = sets
        .iter()
        .enumerate()
        .filter_map(|(si, s)| {
            let mut hits: Vec<usize> = s
                .genes
                .iter()
                .filter_map(|g| rank_of.get(g.as_str()).copied())
                .collect();
            hits.sort_unstable();
            hits.dedup();
            (hits.len() >= params.min_size.max(1)
                && hits.len() <= params.max_size
                && hits.len() < n)
                .then_some((si, hits))
        })
        .collect();
    if tested.is_empty() {
        return Err(EnrichError::NoSets {
            min: params.min_size,
            max: params.max_size,
        });
    }
    let mut rows: Vec<GseaRow> = tested
        .par_iter()
        .map(|(si, hits)| {
            let (es, peak) = enrichment_score(hits, &w, n);
            let mut rng = ChaCha8Rng::seed_from_u64(params.seed);
            rng.set_stream(*si as u64);
            // fgseaSimple: leZero/geZero count permuted ES <= 0 / >= 0 (a zero
            // counts on both sides), leEs/geEs those at least as extreme.
            let (mut ge_zero, mut ge_sum, mut ge_es, mut le_zero, mut le_sum, mut le_es) =
                (0usize, 0.0, 0usize, 0usize, 0.0, 0usize);
            let mut buf = Vec::with_capacity(hits.len());
            for _ in 0..params.n_perm {
                buf.clear();
                buf.extend(sample(&mut rng, n, hits.len()));
                buf.sort_unstable();
                let (e, _) = enrichment_score(&buf, &w, n);
                if e >= 0.0 {
                    ge_zero += 1;
                    ge_sum += e;
                }
                if e <= 0.0 {
                    le_zero += 1;
                    le_sum += e;
                }
                ge_es += usize::from(e >= es);
                le_es += usize::from(e <= es);
            }
            let (nes, p) = if es >= 0.0 {
                (
                    es / (ge_sum / ge_zero as f64),
                    (ge_es + 1) as f64 / (ge_zero + 1) as f64,
                )
            } else {
                (
                    es / (le_sum / le_zero as f64).abs(),
                    (le_es + 1) as f64 / (le_zero + 1) as f64,
                )
            };
            let le: Vec<usize> = match peak {
                Some(k) if es > 0.0 => hits[..=k].to_vec(),
                Some(k) => hits[k..].iter().rev().copied().collect(),
                None => Vec::new(),
            };
            GseaRow {
                term: sets[*si].name.clone(),
                size: hits.len(),
                es,
                nes: if nes.is_finite() { nes } else { f64::NAN },
                p: p.min(1.0),
                p_adj: f64::NAN,
                leading_edge: le.iter().map(|&r| genes[order[r]].clone()).collect(),
            }
        })
        .collect();
    let p: Vec<f64> = rows.iter().map(|r| r.p).collect();
    for (r, a) in rows.iter_mut().zip(p_adjust_bh(&p)) {
        r.p_adj = a;
    }
    rows.sort_by(|a, b| {
        a.p.total_cmp(&b.p)
            .then(b.nes.abs().total_cmp(&a.nes.abs()))
    });
    Ok(GseaResult {
        n_genes: n,
        n_perm: params.n_perm,
        seed: params.seed,
        rows,
    })
}

impl GseaResult {
    /// The table (`size ES NES pval padj`), as fgsea names them.
    pub fn summary(&self) -> Table {
        let mut t = Table::new(["size", "ES", "NES", "pval", "padj"]).with_title(format!(
            "Preranked GSEA: {} genes, {} permutations (seed {})",
            self.n_genes, self.n_perm, self.seed
        ));
        for r in &self.rows {
            t.push_row(
                r.term.clone(),
                [
                    Cell::Int(r.size as i64),
                    Cell::Num(r.es),
                    Cell::Num(r.nes),
                    Cell::P(r.p),
                    Cell::P(r.p_adj),
                ],
            );
        }
        t
    }
}

impl fmt::Display for GseaResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn es_of_top_and_bottom_sets() {
        // 10 genes, equal weights: a set of the top 2 has ES = 1 (running sum
        // reaches 1 before any miss); the bottom 2 gives ES = -1.
        let w = vec![1.0; 10];
        assert!((enrichment_score(&[0, 1], &w, 10).0 - 1.0).abs() < 1e-15);
        assert!((enrichment_score(&[8, 9], &w, 10).0 + 1.0).abs() < 1e-15);
        // hits at ranks 0 and 5: +0.5, then 4 misses of 1/8 -> 0, +0.5: ES = 0.5 at index 0
        let (es, peak) = enrichment_score(&[0, 5], &w, 10);
        assert!((es - 0.5).abs() < 1e-15);
        assert_eq!(peak, Some(0));
        // a tie between the top and the bottom gives ES = 0 as fgsea
        // (hits at ranks 0 and 3 of 4: top 0.5, bottom 0.5 - 2/2 = -0.5)
        let (es, peak) = enrichment_score(&[0, 3], &[1.0; 4], 4);
        assert_eq!((es, peak), (0.0, None));
    }

    #[test]
    fn seeded_and_deterministic() {
        let genes: Vec<String> = (0..200).map(|i| format!("g{i}")).collect();
        let scores: Vec<f64> = (0..200).map(|i| 100.0 - i as f64).collect();
        let sets = vec![GeneSet {
            name: "top".into(),
            genes: genes[..20].to_vec(),
        }];
        let p = GseaParams {
            n_perm: 200,
            ..Default::default()
        };
        let a = gsea_preranked(&genes, &scores, &sets, &p).unwrap();
        let b = gsea_preranked(&genes, &scores, &sets, &p).unwrap();
        assert_eq!(a, b);
        assert!(a.rows[0].p < 0.05 && a.rows[0].es > 0.9, "{:?}", a.rows[0]);
    }
}
