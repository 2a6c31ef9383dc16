//! fgsea's adaptive multilevel Monte-Carlo p-values for preranked GSEA.
//!
//! Written from the description of the method (Korotkevich et al. 2021)
//! and from reading fgsea's sources (ctlab/fgsea, `R/fgseaMultilevel.R`
//! at 5344371 and `src/fgseaMultilevelSupplement.cpp` at 564c1bf, the
//! fgsea 1.2x series: sampleSize 101, eps 1e-50, nPermSimple 1000).
//!
//! For a pathway of size `k` with ES > 0 (ES < 0 runs the same on the
//! reversed list), fgsea estimates `P(ES(S) >= ES)` over uniform random
//! `k`-subsets `S` by adaptive multilevel splitting on the positive
//! deviation `ES+(S) = max(0, max running sum)`:
//!
//! 1. draw `s = sampleSize` (odd) random sets;
//! 2. sort them by `ES+`; record the lower `h = (s + 1) / 2` scores (the
//!    last one is the median, the level's bound) and, for each recorded
//!    position, how many sets above it have a signed (`std`) ES > 0;
//! 3. keep the upper half (each set twice, the median once) and move each
//!    set by a Metropolis chain on `k`-subsets (swap a random member for a
//!    random gene, accept only if `ES+ > bound`) until `s * k` moves were
//!    accepted;
//! 4. repeat from 2 until the bound reaches the pathway's ES (or after
//!    `-log2(eps / 2)` levels).
//!
//! With `i` the index of the first recorded score `>= ES`, `l = i / h`
//! whole levels passed and `r = s - i % h` sets at least as extreme in the
//! last one, `log P(ES+ >= ES) = l (psi(h) - psi(s+1)) + psi(r+1) - psi(s+1)`
//! (the mean of log Beta variables), times the fraction of those sets with
//! a positive signed ES, `psi(c+1) - psi(r+1)`. fgsea divides this by the
//! simple-stage estimate of `P(ES >= 0)`, giving the p-value conditional
//! on the sign, the same quantity fgseaSimple's permutation p estimates.
//!
//! Differences from fgsea 1.2x:
//! - randomness is ChaCha8, seeded from (seed, size, sign), so the
//!   numbers do not depend on the thread count, instead of `mt19937`;
//! - sets are ordered by `(ES+, hash of the set)`, the hash (XOR of random
//!   per-gene 64-bit values) breaking exact score ties, so each level
//!   splits a strict order and tied scores (unweighted GSEA, tiny lists,
//!   sets peaking at their last hit) do not bias the levels — the idea of
//!   the later fgsea sources (alserglab/fgsea), which also moved to
//!   integer scores; scores within `1e-10` of the pathway's ES count as at
//!   least as extreme (fgsea's margin in its level loop);
//! - the denominator `P(same sign)` is pooled over the simple-stage
//!   permutations of all sets of the group (fgsea's simple stage shares its
//!   random sets between pathways, so its `denomProb` is also one number
//!   per size); within a size p then depends on a set only through its ES;
//! - the level loop is capped at 1,100 levels when `eps = 0` (p below
//!   `2^-1100` is not representable anyway).
//!
//! Same as fgsea: the chain's membership test follows the running sum over
//! chunks of gene positions (skipping chunks that cannot reach the bound)
//! and accepts in O(1) a swap that keeps the last crossing point above the
//! bound; `s * k` accepted moves per level; the simple/multilevel choice by
//! comparing `multilevelError` with the simple estimate's 95% interval.
//!
//! Known limitation (also fgsea's): the splitting assumes a continuous
//! score; at the very top of a small finite set space (a few dozen genes)
//! the last levels hold a handful of distinct sets and p is overestimated
//! (conservative); see tests/golden/gsea/README.md.

use crate::special::{digamma, trigamma};
use rand::seq::index::sample;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Levels above which the ruler stops when `eps = 0`.
const MAX_LEVELS: usize = 1100;

/// Scores within this of the pathway's ES count as "at least as extreme"
/// (fgsea's `1e-10` margin): sets tied with the pathway in exact arithmetic
/// may differ from it in the last bits.
const TIE: f64 = 1e-10;

/// `E[log X]` for the Beta variable fgsea calls `betaMeanLog(a, b)`:
/// `psi(a) - psi(b + 1)`.
fn beta_mean_log(a: usize, b: usize) -> f64 {
    digamma(a as f64) - digamma(b as f64 + 1.0)
}

/// fgsea's `multilevelError(pval, sampleSize)`: the expected standard
/// deviation of `log2(p)` of a multilevel estimate,
/// `sqrt(floor(-log2(p) + 1) * (trigamma((s+1)/2) - trigamma(s+1))) / log(2)`.
pub fn multilevel_error(p: f64, sample_size: usize) -> f64 {
    let s = sample_size as f64;
    ((-p.log2() + 1.0).floor() * (trigamma((s + 1.0) / 2.0) - trigamma(s + 1.0))).sqrt()
        / std::f64::consts::LN_2
}

/// fgsea's error of a simple-permutation p with `n_more` of `n_perm`
/// permutations at least as extreme:
/// `sqrt(trigamma(n_more + 1) - trigamma(n_perm + 1)) / log(2)`.
pub fn simple_error(n_more: usize, n_perm: usize) -> f64 {
    (trigamma(n_more as f64 + 1.0) - trigamma(n_perm as f64 + 1.0)).sqrt() / std::f64::consts::LN_2
}

/// Positive deviation `max(0, max running sum after a hit)` and whether the
/// signed (`std`) ES is positive, for sorted positions `hits` in a list of
/// `n` weights `w`. Same arithmetic as `super::gsea::enrichment_score`, so a
/// set scores bit for bit the same here and there.
pub(crate) fn positive_score(hits: &[u32], w: &[f64], n: usize) -> (f64, bool) {
    let m = hits.len();
    let nr: f64 = hits.iter().map(|&h| w[h as usize]).sum();
    let miss = 1.0 / (n - m) as f64;
    let (mut max_p, mut min_p) = (f64::NEG_INFINITY, f64::INFINITY);
    let mut cum = 0.0;
    for (i, &h) in hits.iter().enumerate() {
        let step = if nr > 0.0 {
            w[h as usize] / nr
        } else {
            1.0 / m as f64
        };
        cum += step;
        let top = cum - (h as usize - i) as f64 * miss;
        let bottom = top - step;
        max_p = max_p.max(top);
        min_p = min_p.min(bottom);
    }
    (max_p.max(0.0), max_p > -min_p)
}

/// A random set split into chunks of gene positions (chunk `c` holds the
/// positions below `ends[c]` and at or above `ends[c - 1]`), with the
/// weight sum of each chunk, so that "is ES+ above the bound" can skip
/// whole chunks whose total weight cannot lift the running sum over it.
struct Chunked {
    chunks: Vec<Vec<u32>>,
    sums: Vec<f64>,
    /// XOR of the genes' random hashes (the tie-breaker of equal scores).
    hash: u64,
    /// The last hit found clearly above the bound: a swap that keeps the
    /// running sum there above the bound is accepted in O(1).
    cand: Option<Crossing>,
}

/// A hit of a set where the running sum was above the bound: its gene
/// position, the misses before it and the weight of the hits up to it.
#[derive(Clone, Copy)]
struct Crossing {
    pos: u32,
    misses: i64,
    weight: f64,
}

/// Outcome of one proposal of the chain.
enum Step {
    /// The swap was accepted (or swapped a gene for itself).
    Moved,
    /// The swap was refused.
    Stayed,
}

impl Chunked {
    fn new(sorted: &[u32], ends: &[u32], w: &[f64], gene_hash: &[u64]) -> Self {
        let mut chunks = vec![Vec::new(); ends.len()];
        let mut sums = vec![0.0; ends.len()];
        let mut hash = 0;
        let mut c = 0;
        for &p in sorted {
            while ends[c] <= p {
                c += 1;
            }
            chunks[c].push(p);
            sums[c] += w[p as usize];
            hash ^= gene_hash[p as usize];
        }
        Chunked {
            chunks,
            sums,
            hash,
            cand: None,
        }
    }

    fn flatten(&self, out: &mut Vec<u32>) {
        out.clear();
        for c in &self.chunks {
            out.extend_from_slice(c);
        }
    }

    /// Whether the set's key `(ES+, hash)` is above `bound`. The running
    /// sum is followed chunk by chunk, skipping chunks whose total weight
    /// cannot lift it to the bound; when it comes within 1e-12 of the bound
    /// the exact score (the arithmetic of [`positive_score`], which ranks
    /// the sets) decides, with the hash breaking an exact tie.
    fn above(&mut self, ends: &[u32], w: &[f64], n: usize, k: usize, bound: (f64, u64)) -> bool {
        self.cand = None;
        const NEAR: f64 = 1e-12;
        let b = bound.0;
        let exact = || {
            let mut v = Vec::with_capacity(k);
            self.flatten(&mut v);
            let sc = positive_score(&v, w, n).0;
            sc > b || (sc == b && self.hash > bound.1)
        };
        let ns: f64 = self.sums.iter().sum();
        if !(ns > 0.0) {
            return exact();
        }
        let q1 = 1.0 / (n - k) as f64;
        // running sum = weight / ns - misses * q1
        let (mut weight, mut misses) = (0.0, 0i64);
        let mut last: i64 = -1;
        let mut near = false;
        for (c, chunk) in self.chunks.iter().enumerate() {
            let end = ends[c] as i64;
            if (weight + self.sums[c]) / ns - misses as f64 * q1 < b - NEAR {
                weight += self.sums[c];
                misses += (end - 1 - last) - chunk.len() as i64;
            } else {
                for &p in chunk {
                    weight += w[p as usize];
                    misses += p as i64 - last - 1;
                    let cur = weight / ns - misses as f64 * q1;
                    if cur > b + NEAR {
                        self.cand = Some(Crossing {
                            pos: p,
                            misses,
                            weight,
                        });
                        return true;
                    }
                    near |= cur >= b - NEAR;
                    last = p as i64;
                }
                misses += end - 1 - last;
            }
            last = end - 1;
        }
        // ES+ = max(0, tops): a bound at 0 can be tied by an all-negative walk
        (near || b <= NEAR) && exact()
    }

    /// One Metropolis proposal: swap a uniformly chosen member for a
    /// uniformly chosen gene; keep the swap only if `ES+ > bound`.
    #[allow(clippy::too_many_arguments)]
    fn propose(
        &mut self,
        rng: &mut ChaCha8Rng,
        ends: &[u32],
        w: &[f64],
        n: usize,
        k: usize,
        bound: (f64, u64),
        gene_hash: &[u64],
    ) -> Step {
        let mut idx = rng.random_range(0..k);
        let mut oc = 0;
        while self.chunks[oc].len() <= idx {
            idx -= self.chunks[oc].len();
            oc += 1;
        }
        let old = self.chunks[oc][idx];
        let new = rng.random_range(0..n) as u32;
        let nc = ends.partition_point(|&e| e <= new);
        let ni = match self.chunks[nc].binary_search(&new) {
            Ok(_) => {
                return if new == old {
                    Step::Moved
                } else {
                    Step::Stayed
                };
            }
            Err(i) => i,
        };
        self.chunks[oc].remove(idx);
        let ni_adj = if oc == nc && idx < ni { ni - 1 } else { ni };
        self.chunks[nc].insert(ni_adj, new);
        self.sums[oc] -= w[old as usize];
        self.sums[nc] += w[new as usize];
        self.hash ^= gene_hash[old as usize] ^ gene_hash[new as usize];
        let saved = self.cand;
        if let Some(c) = &mut self.cand {
            if c.pos == old {
                self.cand = None;
            } else {
                if old < c.pos {
                    c.misses += 1;
                    c.weight -= w[old as usize];
                }
                if new < c.pos {
                    c.misses -= 1;
                    c.weight += w[new as usize];
                }
            }
        }
        if let Some(c) = self.cand {
            let ns: f64 = self.sums.iter().sum();
            if ns > 0.0 && c.weight / ns - c.misses as f64 / (n - k) as f64 > bound.0 + 1e-12 {
                return Step::Moved;
            }
        }
        if self.above(ends, w, n, k, bound) {
            Step::Moved
        } else {
            self.cand = saved;
            self.chunks[nc].remove(ni_adj);
            self.chunks[oc].insert(idx, old);
            self.sums[nc] -= w[new as usize];
            self.sums[oc] += w[old as usize];
            self.hash ^= gene_hash[old as usize] ^ gene_hash[new as usize];
            Step::Stayed
        }
    }
}

/// The recorded levels of one multilevel run (one pathway size, one sign).
pub(crate) struct Ruler {
    sample_size: usize,
    /// Lower half of each level's `ES+`, ascending; `h` entries per level.
    scores: Vec<f64>,
    /// For each recorded entry, the number of sets above it in its level
    /// with a positive signed ES.
    positive_above: Vec<usize>,
}

/// One multilevel estimate before the sign conditioning.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MultilevelEstimate {
    /// Natural log of the estimated `P(ES >= es)` (same sign), unconditional.
    pub log_p: f64,
    /// fgsea's `isCpGeHalf`: the estimated fraction of positive signed ES
    /// among the sets at least as extreme is at least 1/2 (else fgsea
    /// reports log2err as NA: p is likely overestimated).
    pub cond_ge_half: bool,
}

impl Ruler {
    /// Runs the levels for sets of size `k` in the list of weights `w`
    /// (in the orientation where the pathway's ES is positive) until the
    /// level bound reaches `target`, or after `max_levels` levels.
    pub(crate) fn build(
        w: &[f64],
        k: usize,
        sample_size: usize,
        target: f64,
        max_levels: usize,
        rng: &mut ChaCha8Rng,
    ) -> Ruler {
        let n = w.len();
        let s = sample_size;
        let h = s.div_ceil(2);
        let mut ruler = Ruler {
            sample_size: s,
            scores: Vec::new(),
            positive_above: Vec::new(),
        };
        // random gene hashes: sets with exactly equal scores are ordered by
        // the XOR of their genes' hashes, so the levels split a strict order
        // (as the later fgsea sources do with their integer scores and hashes)
        let gene_hash: Vec<u64> = (0..n).map(|_| rng.random()).collect();
        let set_hash = |v: &[u32]| v.iter().fold(0u64, |a, &g| a ^ gene_hash[g as usize]);
        let mut samples: Vec<Vec<u32>> = (0..s)
            .map(|_| {
                let mut v: Vec<u32> = sample(rng, n, k).into_iter().map(|i| i as u32).collect();
                v.sort_unstable();
                v
            })
            .collect();
        let n_chunks = ((k as f64).sqrt() as usize).max(1);
        let iters = (k / 10).max(1);
        let mut ends = vec![n as u32; n_chunks];
        let mut tmp = vec![0u32; s];
        loop {
            // record the lower half of this level
            let scored: Vec<(f64, bool)> =
                samples.iter().map(|v| positive_score(v, w, n)).collect();
            let hashes: Vec<u64> = samples.iter().map(|v| set_hash(v)).collect();
            let mut order: Vec<usize> = (0..s).collect();
            order.sort_by(|&a, &b| {
                scored[a]
                    .0
                    .total_cmp(&scored[b].0)
                    .then(hashes[a].cmp(&hashes[b]))
                    .then(a.cmp(&b))
            });
            let mut pos_left = scored.iter().filter(|x| x.1).count();
            for &o in order.iter().take(h) {
                ruler.scores.push(scored[o].0);
                pos_left -= usize::from(scored[o].1);
                ruler.positive_above.push(pos_left);
            }
            let median = order[h - 1];
            let bound = (scored[median].0, hashes[median]);
            let levels = ruler.scores.len() / h;
            if bound.0 > target - TIE || levels > max_levels {
                break;
            }
            // keep the upper half: each set twice, the median once
            let mut next = Vec::with_capacity(s);
            for j in 0..(s - 1) / 2 {
                let v = &samples[order[s - 1 - j]];
                next.push(v.clone());
                next.push(v.clone());
            }
            next.push(samples[order[s / 2]].clone());
            samples = next;
            // chunk boundaries: medians of evenly spaced order statistics
            let mut pos = 0;
            for i in 0..n_chunks - 1 {
                pos += (k + i) / n_chunks;
                for (t, v) in tmp.iter_mut().zip(&samples) {
                    *t = v[pos];
                }
                let (_, m, _) = tmp.select_nth_unstable(s / 2);
                ends[i] = *m;
            }
            let mut chunked: Vec<Chunked> = samples
                .iter()
                .map(|v| Chunked::new(v, &ends, w, &gene_hash))
                .collect();
            let need = s * k;
            let mut moves = 0;
            while moves < need {
                for c in chunked.iter_mut() {
                    for _ in 0..iters {
                        if let Step::Moved = c.propose(rng, &ends, w, n, k, bound, &gene_hash) {
                            moves += 1;
                        }
                    }
                }
            }
            for (v, c) in samples.iter_mut().zip(&chunked) {
                c.flatten(v);
            }
        }
        ruler
    }

    /// The estimate for a pathway whose positive-orientation score is `es`.
    pub(crate) fn estimate(&self, es: f64) -> MultilevelEstimate {
        let s = self.sample_size;
        let h = s.div_ceil(2);
        let last = self.scores.len() - 1;
        let i = self.scores.partition_point(|&x| x < es - TIE).min(last);
        let levels = i / h;
        let r = s - i % h;
        let log_p = levels as f64 * beta_mean_log(h, s) + beta_mean_log(r + 1, s);
        let cond = beta_mean_log(self.positive_above[i] + 1, r);
        MultilevelEstimate {
            log_p: log_p + cond,
            cond_ge_half: cond.exp() >= 0.5,
        }
    }
}

/// The level cap fgsea derives from `eps`: stop once the number of levels
/// exceeds `-log2(eps / 2)` (`eps` already scaled by the sign probability).
pub(crate) fn max_levels(eps: f64) -> usize {
    if eps > 0.0 {
        let m = -(0.5 * eps).log2();
        if m < MAX_LEVELS as f64 {
            return m.floor().max(0.0) as usize;
        }
    }
    MAX_LEVELS
}

/// A fresh generator for the multilevel run of sets of size `k` on the
/// positive (`neg = false`) or negative side, from the user's seed.
pub(crate) fn ruler_rng(seed: u64, k: usize, neg: bool) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x6d75_6c74_696c_6576);
    rng.set_stream(((k as u64) << 1) | u64::from(neg));
    rng
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_match_fgsea_formulas() {
        // R: multilevelError(1e-10, 1001) = 0.2479... computed below from
        // trigamma(501) - trigamma(1002) and floor(-log2(1e-10) + 1) = 34.
        let e = multilevel_error(1e-10, 1001);
        let want = (34.0 * (trigamma(501.0) - trigamma(1002.0))).sqrt() / std::f64::consts::LN_2;
        assert!((e - want).abs() < 1e-15);
        // simple error with 0 of 1000 more extreme
        let se = simple_error(0, 1000);
        assert!(
            (se - (trigamma(1.0) - trigamma(1001.0)).sqrt() / std::f64::consts::LN_2).abs() < 1e-15
        );
    }

    #[test]
    fn chunked_bound_agrees_with_direct_score() {
        let n = 300;
        let w: Vec<f64> = (0..n).map(|i| ((n - i) as f64).sqrt()).collect();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for k in [1usize, 4, 17, 60] {
            for _ in 0..200 {
                let mut v: Vec<u32> = sample(&mut rng, n, k)
                    .into_iter()
                    .map(|i| i as u32)
                    .collect();
                v.sort_unstable();
                let nch = ((k as f64).sqrt() as usize).max(1);
                let mut ends: Vec<u32> = (1..=nch).map(|c| (c * n / nch) as u32).collect();
                ends[nch - 1] = n as u32;
                let gh: Vec<u64> = (0..n)
                    .map(|i| (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
                    .collect();
                let mut ch = Chunked::new(&v, &ends, &w, &gh);
                let (sc, _) = positive_score(&v, &w, n);
                for bound in [sc - 1e-9, sc + 1e-9, sc * 0.5, 0.0] {
                    let want = sc > bound || (sc == bound && ch.hash > 0);
                    assert_eq!(
                        ch.above(&ends, &w, n, k, (bound, 0)),
                        want,
                        "k {k} bound {bound} score {sc}"
                    );
                }
                // an exact tie is decided by the hash
                assert!(!ch.above(&ends, &w, n, k, (sc, ch.hash)));
                assert_eq!(
                    ch.above(&ends, &w, n, k, (sc, ch.hash.wrapping_sub(1))),
                    ch.hash > 0
                );
            }
        }
    }
}
