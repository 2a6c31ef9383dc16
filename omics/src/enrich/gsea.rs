//! Preranked gene-set enrichment analysis.

use super::error::EnrichError;
use super::multilevel::{
    Ruler, max_levels, multilevel_error, positive_score, ruler_rng, simple_error,
};
use super::ora::GeneSet;
use crate::adjust::p_adjust_bh;
use prognos_core::table::{Cell, Table};
use rand::seq::index::sample;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// How [`gsea_preranked`] computes p-values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GseaMethod {
    /// Gene-set permutations only, as `fgsea::fgseaSimple(nperm = n_perm)`:
    /// p is bounded below by `1 / (n_perm + 1)`.
    Simple,
    /// As `fgsea::fgseaMultilevel` (what `fgsea::fgsea` runs by default): a
    /// simple stage with `n_perm` permutations (fgsea's `nPermSimple`)
    /// gives NES and the p-values it can estimate well enough; the others
    /// get the adaptive multilevel estimate (see `multilevel.rs`).
    Multilevel {
        /// Random sets per level (`sampleSize`; even values are raised by 1,
        /// values below 3 become 3, as fgsea).
        sample_size: usize,
        /// Lower bound of the reported p (`eps`; 0 = none). A p below it is
        /// reported as `eps` with log2err NaN, as fgsea.
        eps: f64,
    },
}

/// Options of [`gsea_preranked`].
///
/// | Name | Default | Purpose |
/// |---|---|---|
/// | `min_size` | 15 | smallest set (genes in the ranked list) tested |
/// | `max_size` | 500 | largest set tested |
/// | `n_perm` | 1000 | random gene sets per tested set (`nperm`, or `nPermSimple` of the multilevel method) |
/// | `weight` | 1.0 | exponent of the score weight (`gseaParam`) |
/// | `seed` | 42 | seed of the permutations |
/// | `method` | multilevel, 101, 1e-50 | p-value method, as `fgsea::fgsea` |
#[derive(Debug, Clone, PartialEq)]
pub struct GseaParams {
    /// Minimum set size inside the ranked list.
    pub min_size: usize,
    /// Maximum set size inside the ranked list.
    pub max_size: usize,
    /// Number of permutations (of the simple stage for the multilevel method).
    pub n_perm: usize,
    /// Score weight exponent (1 = weighted, 0 = classic KS).
    pub weight: f64,
    /// RNG seed; set `i` uses `ChaCha8Rng::seed_from_u64(seed)` advanced to stream `i`.
    pub seed: u64,
    /// p-value method.
    pub method: GseaMethod,
}

impl Default for GseaParams {
    fn default() -> Self {
        GseaParams {
            min_size: 15,
            max_size: 500,
            n_perm: 1000,
            weight: 1.0,
            seed: 42,
            method: GseaMethod::Multilevel {
                sample_size: 101,
                eps: 1e-50,
            },
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
    /// p-value conditional on the sign of ES. Simple method or simple stage:
    /// `(#{perm ES as extreme, same sign} + 1) / (#{perm same sign} + 1)`;
    /// multilevel stage: `P(ES as extreme) / P(same sign)`. NaN (fgsea's NA)
    /// for the multilevel method when fewer than 10 permutations had the
    /// sign of ES (unbalanced scores).
    pub p: f64,
    /// Benjamini–Hochberg adjusted p.
    pub p_adj: f64,
    /// fgsea's `log2err`: expected standard deviation of `log2(p)`.
    /// Simple: `sqrt(trigamma(nMoreExtreme + 1) - trigamma(n_perm + 1)) / log(2)`;
    /// multilevel: `multilevelError(p, sampleSize)`. NaN where fgsea gives
    /// NA (p at the `eps` bound, conditional probability below 1/2, or
    /// unbalanced scores).
    pub log2err: f64,
    /// Whether p comes from the multilevel stage.
    pub multilevel: bool,
    /// Leading-edge genes (hits up to the peak, in rank order).
    pub leading_edge: Vec<String>,
}

/// The result of [`gsea_preranked`].
#[derive(Debug, Clone, PartialEq)]
pub struct GseaResult {
    /// Number of genes in the ranked list.
    pub n_genes: usize,
    /// Permutations per set (of the simple stage for the multilevel method).
    pub n_perm: usize,
    /// Seed used.
    pub seed: u64,
    /// Method used (sample size after fgsea's adjustment).
    pub method: GseaMethod,
    /// Rows sorted by p, then by |NES| decreasing.
    pub rows: Vec<GseaRow>,
    /// fgsea's warnings, as data (unbalanced sets, p at the eps bound,
    /// likely overestimated p).
    pub warnings: Vec<String>,
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

/// Permutation counts of one set (fgseaSimple's `nGeZero`, `nLeZero`,
/// `nGeEs`, `nLeEs` and the sums of ES of each sign).
struct SimpleStage {
    es: f64,
    peak: Option<usize>,
    ge_zero: usize,
    le_zero: usize,
    ge_es: usize,
    le_es: usize,
    ge_sum: f64,
    le_sum: f64,
}

impl SimpleStage {
    fn run(hits: &[usize], w: &[f64], n: usize, n_perm: usize, rng: &mut ChaCha8Rng) -> Self {
        let (es, peak) = enrichment_score(hits, w, n);
        // fgseaSimple: leZero/geZero count permuted ES <= 0 / >= 0 (a zero
        // counts on both sides), leEs/geEs those at least as extreme.
        let mut st = SimpleStage {
            es,
            peak,
            ge_zero: 0,
            le_zero: 0,
            ge_es: 0,
            le_es: 0,
            ge_sum: 0.0,
            le_sum: 0.0,
        };
        let k = hits.len();
        let mut buf = Vec::with_capacity(k);
        // random k-subsets: rejection draws against a marked-gene table when
        // k <= n / 2 (O(k) per set), rand's index sampling otherwise
        let mut marked = vec![false; if 2 * k <= n { n } else { 0 }];
        let (mut counts, mut tmp) = (Vec::new(), Vec::new());
        for _ in 0..n_perm {
            buf.clear();
            if 2 * k <= n {
                while buf.len() < k {
                    let g = rng.random_range(0..n);
                    if !marked[g] {
                        marked[g] = true;
                        buf.push(g);
                    }
                }
                for &g in &buf {
                    marked[g] = false;
                }
            } else {
                buf.extend(sample(rng, n, k));
            }
            sort_uniform(&mut buf, n, &mut counts, &mut tmp);
            let (e, _) = enrichment_score(&buf, w, n);
            if e >= 0.0 {
                st.ge_zero += 1;
                st.ge_sum += e;
            }
            if e <= 0.0 {
                st.le_zero += 1;
                st.le_sum += e;
            }
            st.ge_es += usize::from(e >= es);
            st.le_es += usize::from(e <= es);
        }
        st
    }

    /// (NES, p) with the sign convention of the existing simple method.
    fn nes_p(&self) -> (f64, f64) {
        let (nes, p) = if self.es >= 0.0 {
            (
                self.es / (self.ge_sum / self.ge_zero as f64),
                (self.ge_es + 1) as f64 / (self.ge_zero + 1) as f64,
            )
        } else {
            (
                self.es / (self.le_sum / self.le_zero as f64).abs(),
                (self.le_es + 1) as f64 / (self.le_zero + 1) as f64,
            )
        };
        (if nes.is_finite() { nes } else { f64::NAN }, p.min(1.0))
    }

    /// fgsea's `nMoreExtreme`.
    fn n_more_extreme(&self) -> usize {
        if self.es > 0.0 {
            self.ge_es
        } else {
            self.le_es
        }
    }

    /// fgsea's `modeFraction`: permutations with the sign of ES.
    fn mode_fraction(&self) -> usize {
        if self.es >= 0.0 {
            self.ge_zero
        } else {
            self.le_zero
        }
    }
}

/// Sorts `v`, a random subset of `0..n`, by one bucket pass (bucket
/// `g * k / n`) and an insertion sort of the nearly sorted result: O(k)
/// expected for uniform positions, and free of the generic sort whose
/// checks dominate unoptimised builds.
fn sort_uniform(v: &mut Vec<usize>, n: usize, counts: &mut Vec<usize>, tmp: &mut Vec<usize>) {
    let k = v.len();
    if k >= 32 {
        counts.clear();
        counts.resize(k + 1, 0);
        for &g in v.iter() {
            counts[g * k / n + 1] += 1;
        }
        for b in 1..=k {
            counts[b] += counts[b - 1];
        }
        tmp.clear();
        tmp.resize(k, 0);
        for &g in v.iter() {
            let b = g * k / n;
            tmp[counts[b]] = g;
            counts[b] += 1;
        }
        std::mem::swap(v, tmp);
    }
    for i in 1..k {
        let x = v[i];
        let mut j = i;
        while j > 0 && v[j - 1] > x {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

/// `qbeta(q, a, b)` by Brent's root finder on the regularized incomplete
/// beta (only used to choose between the simple and multilevel estimates).
fn qbeta(q: f64, a: f64, b: f64) -> f64 {
    if a <= 0.0 {
        return 0.0;
    }
    if b <= 0.0 {
        return 1.0;
    }
    let f = |x: f64| statrs::function::beta::beta_reg(a, b, x) - q;
    crate::special::brent_root(f, 0.0, 1.0, -q, 1.0 - q, 1e-14, 500).unwrap_or(f64::NAN)
}

/// fgsea's half-width of the 95% interval of `log2` of a simple p with
/// `k` of `n` permutations more extreme (`simpleError` in fgseaMultilevel).
fn simple_interval_error(k: usize, n: usize) -> f64 {
    let (kf, nf) = (k as f64, n as f64);
    let left = qbeta(0.025, kf, nf - kf + 1.0).log2();
    let right = qbeta(0.975, kf + 1.0, nf - kf).log2();
    let crude = ((kf + 1.0) / (nf + 1.0)).log2();
    0.5 * (crude - left).max(right - crude)
}

/// Preranked GSEA (Subramanian et al. 2005) as `fgsea`: genes are ranked
/// by decreasing score; ES is the maximum deviation of the weighted running
/// sum; NES divides by the mean permuted ES of the same sign; random sets
/// of the same size give the p-value, either by permutations alone
/// ([`GseaMethod::Simple`], `fgsea::fgseaSimple`) or, for the sets whose
/// permutation p is too coarse, by fgsea's adaptive multilevel splitting
/// ([`GseaMethod::Multilevel`], `fgsea::fgseaMultilevel`, the default of
/// `fgsea::fgsea`). Deterministic for a given seed, whatever the number of
/// threads.
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
    let method = match params.method {
        GseaMethod::Simple => GseaMethod::Simple,
        GseaMethod::Multilevel { sample_size, eps } => GseaMethod::Multilevel {
            sample_size: (sample_size.max(3)) | 1,
            eps: if eps.is_nan() {
                0.0
            } else {
                eps.clamp(0.0, 1.0)
            },
        },
    };
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
    let stages: Vec<SimpleStage> = tested
        .par_iter()
        .map(|(si, hits)| {
            let mut rng = ChaCha8Rng::seed_from_u64(params.seed);
            rng.set_stream(*si as u64);
            SimpleStage::run(hits, &w, n, params.n_perm, &mut rng)
        })
        .collect();
    let mut rows: Vec<GseaRow> = tested
        .iter()
        .zip(&stages)
        .map(|((si, hits), st)| {
            let (nes, p) = st.nes_p();
            let le: Vec<usize> = match st.peak {
                Some(k) if st.es > 0.0 => hits[..=k].to_vec(),
                Some(k) => hits[k..].iter().rev().copied().collect(),
                None => Vec::new(),
            };
            GseaRow {
                term: sets[*si].name.clone(),
                size: hits.len(),
                es: st.es,
                nes,
                p,
                p_adj: f64::NAN,
                log2err: simple_error(st.n_more_extreme(), params.n_perm),
                multilevel: false,
                leading_edge: le.iter().map(|&r| genes[order[r]].clone()).collect(),
            }
        })
        .collect();
    let mut warnings = Vec::new();
    if let GseaMethod::Multilevel { sample_size, eps } = method {
        multilevel_stage(
            &mut rows,
            &tested,
            &stages,
            &w,
            params,
            sample_size,
            eps,
            &mut warnings,
        );
    }
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
        method,
        rows,
        warnings,
    })
}

/// fgseaMultilevel after its simple stage: NA for unbalanced sets, then
/// the multilevel estimate wherever its expected error is below the
/// simple one, one ruler per (size, sign) run in parallel.
#[allow(clippy::too_many_arguments)]
fn multilevel_stage(
    rows: &mut [GseaRow],
    tested: &[(usize, Vec<usize>)],
    stages: &[SimpleStage],
    w: &[f64],
    params: &GseaParams,
    sample_size: usize,
    eps: f64,
    warnings: &mut Vec<String>,
) {
    let n = w.len();
    let n_perm = params.n_perm;
    let mut unbalanced = 0;
    // (size, negative) -> row indices
    let mut groups: BTreeMap<(usize, bool), Vec<usize>> = BTreeMap::new();
    for (i, st) in stages.iter().enumerate() {
        if st.mode_fraction() < 10 {
            unbalanced += 1;
            rows[i].p = f64::NAN;
            rows[i].nes = f64::NAN;
            rows[i].log2err = f64::NAN;
            continue;
        }
        let k = st.n_more_extreme();
        let crude = (k + 1) as f64 / (n_perm + 1) as f64;
        if multilevel_error(crude, sample_size) < simple_interval_error(k, n_perm) {
            groups
                .entry((tested[i].1.len(), st.es < 0.0))
                .or_default()
                .push(i);
        }
    }
    if unbalanced > 0 {
        warnings.push(format!(
            "{unbalanced} set(s) had fewer than 10 permutations with the sign of their ES \
             (unbalanced scores): p, NES and log2err are NA; increase the permutations"
        ));
    }
    let w_rev: Vec<f64> = w.iter().rev().copied().collect();
    // the largest sets first, one task each: a level costs ~ sampleSize * k
    // moves, so the long rulers start early (each ruler has its own seed, so
    // the order changes no number)
    let mut groups: Vec<((usize, bool), Vec<usize>)> = groups.into_iter().collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.0));
    // (row, p conditional on the sign, cond >= 1/2)
    let estimates: Vec<Vec<(usize, f64, bool)>> = groups
        .par_iter()
        .with_max_len(1)
        .map(|&((k, neg), ref idx)| {
            let wk: &[f64] = if neg { &w_rev } else { w };
            let targets: Vec<f64> = idx
                .iter()
                .map(|&i| {
                    let mut hits: Vec<u32> = tested[i]
                        .1
                        .iter()
                        .map(|&h| if neg { (n - 1 - h) as u32 } else { h as u32 })
                        .collect();
                    hits.sort_unstable();
                    // a tie (ES = 0) is "at least 0", as fgsea's |ES|
                    if stages[i].es == 0.0 {
                        0.0
                    } else {
                        positive_score(&hits, wk, n).0
                    }
                })
                .collect();
            // fgsea's denomProb comes from permutations shared by all sets of
            // one size; here each set has its own, so they are pooled per group
            let mode: usize = idx.iter().map(|&i| stages[i].mode_fraction()).sum();
            let denom = (mode + 1) as f64 / (idx.len() * n_perm + 1) as f64;
            let target = targets.iter().copied().fold(0.0, f64::max);
            let mut rng = ruler_rng(params.seed, k, neg);
            let ruler = Ruler::build(
                wk,
                k,
                sample_size,
                target,
                max_levels(eps * denom),
                &mut rng,
            );
            idx.iter()
                .zip(&targets)
                .map(|(&i, &t)| {
                    let e = ruler.estimate(t);
                    (i, (e.log_p.exp() / denom).min(1.0), e.cond_ge_half)
                })
                .collect()
        })
        .collect();
    let (mut at_eps, mut over) = (0, 0);
    for (i, p, ge_half) in estimates.into_iter().flatten() {
        let r = &mut rows[i];
        r.multilevel = true;
        r.p = p;
        r.log2err = if ge_half {
            multilevel_error(p, sample_size)
        } else {
            over += 1;
            f64::NAN
        };
    }
    // fgsea floors every p (not only the multilevel ones) at eps
    for r in rows.iter_mut() {
        if r.p < eps {
            r.p = eps;
            r.log2err = f64::NAN;
            at_eps += 1;
        }
    }
    if over > 0 {
        warnings.push(format!(
            "for {over} set(s) the p-value was likely overestimated (conditional probability \
             below 1/2): log2err is NA"
        ));
    }
    if at_eps > 0 {
        warnings.push(format!(
            "for {at_eps} set(s) the p-value is below eps = {eps:e} and is reported as eps \
             (log2err NA); set eps to 0 for a finer estimate"
        ));
    }
}

impl GseaResult {
    /// The table as fgsea prints it: row names are the pathways, then
    /// `pval padj log2err ES NES size leadingEdge` (the leading edge as its
    /// first genes, `...` when longer than 5); fgsea's warnings as footers.
    pub fn summary(&self) -> Table {
        let how = match self.method {
            GseaMethod::Simple => format!("{} permutations", self.n_perm),
            GseaMethod::Multilevel { sample_size, eps } => format!(
                "multilevel (sampleSize {sample_size}, eps {eps:e}, {} simple permutations)",
                self.n_perm
            ),
        };
        let mut t = Table::new([
            "pval",
            "padj",
            "log2err",
            "ES",
            "NES",
            "size",
            "leadingEdge",
        ])
        .with_title(format!(
            "Preranked GSEA: {} genes, {how} (seed {})",
            self.n_genes, self.seed
        ));
        let num = Cell::num_or_na;
        let p = Cell::p_or_na;
        for r in &self.rows {
            let mut le = r
                .leading_edge
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if r.leading_edge.len() > 5 {
                le.push_str(", ...");
            }
            t.push_row(
                r.term.clone(),
                [
                    p(r.p),
                    p(r.p_adj),
                    num(r.log2err),
                    num(r.es),
                    num(r.nes),
                    Cell::Int(r.size as i64),
                    Cell::Text(le),
                ],
            );
        }
        for w in &self.warnings {
            t.push_footer(format!("Warning: {w}"));
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
    fn bucket_sort_sorts() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let (mut c, mut t) = (Vec::new(), Vec::new());
        for k in [0usize, 1, 5, 31, 32, 200, 999] {
            let mut v: Vec<usize> = sample(&mut rng, 1000, k).into_vec();
            let mut want = v.clone();
            want.sort_unstable();
            sort_uniform(&mut v, 1000, &mut c, &mut t);
            assert_eq!(v, want);
        }
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
