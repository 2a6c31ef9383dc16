//! Concordance of a risk score with a survival outcome: Harrell's C as R's
//! `survival::concordance(Surv(time, status) ~ score, reverse = TRUE)`,
//! Uno's IPCW C truncated at `tau`, and a bootstrap percentile interval.
//!
//! A pair (i, j) is *comparable* when the shorter time is an event (a
//! censoring tied with an event counts as longer; tied event times are not
//! comparable). It is *concordant* when the shorter-lived has the higher
//! score (higher score = higher risk), *discordant* when lower; a tie in the
//! score counts one half:
//! `C = (concordant + tied_score / 2) / (concordant + discordant + tied_score)`.
//! With case weights a pair counts `w_i w_j`; with strata only pairs within
//! a stratum count. Near-equal times are merged first ([`crate::timefix`]).
//!
//! **Standard error.** The infinitesimal-jackknife variance R reports as
//! `var`: with `I_i` the weighted concordant/discordant/tied counts of the
//! pairs observation i belongs to, `npair` the number of comparable pairs
//! and `somers = (conc − disc) / npair`,
//! `dfbeta_i = w_i ((I_conc − I_disc) / npair − somers (I_conc + I_disc + I_tied) / npair)`,
//! `var = Σ dfbeta_i² / 4`. With a cluster ([`harrell_clustered`]) the
//! dfbeta are summed within each cluster before squaring.
//!
//! **Counting-process data** ([`harrell_counting`]): rows `(start, stop]`;
//! a row is in the risk set of an event at `t` when `start < t ≤ stop`
//! (survival's `concordance4`).
//!
//! **Uno's C** weights each comparable pair whose shorter time is an event at
//! `t ≤ tau` by `1 / G(t−)²`, `G` the Kaplan–Meier estimate of the censoring
//! distribution in which events leave the risk set before censorings tied
//! with them (survival's `timewt = "n/G2"`, `ymax = tau`).
//!
//! Both are O(n log n): one sort, one pass with Fenwick trees.
//!
//! ```
//! use prognos_survival::concordance::harrell;
//! let time = [1.0, 2.0, 3.0, 4.0];
//! let event = [true, true, false, true];
//! let score = [4.0, 3.0, 2.0, 1.0]; // higher score, earlier event
//! let c = harrell(&time, &event, &score, None, None).unwrap();
//! assert_eq!(c.c, 1.0);
//! ```
//!
//! # Errors
//! [`ConcordanceError`] for mismatched lengths, non-finite values, negative
//! weights, or data without a comparable pair.
//!
//! # References
//! Harrell F. E. et al. (1982) JAMA 247:2543–2546. Uno H. et al. (2011) Stat
//! Med 30:1105–1117. Therneau T., Atkinson E. "The concordance statistic"
//! (survival vignette). R: `concordance(Surv(time, status) ~ score, data,
//! reverse = TRUE)`; Uno: `concordance(..., reverse = TRUE, timewt = "n/G2",
//! ymax = tau)` (survival 3.5).

mod bootstrap;
mod error;
mod fenwick;
mod kernel;
mod summary;

pub use bootstrap::{BootstrapCi, harrell_bootstrap};
pub use error::ConcordanceError;

use crate::timefix::aeq_sorted_in_place;
use crate::timefix::order::{bits_for, order_by_time, order_key, radix_sort};
use fenwick::{BlockTree, Fenwick, FenwickTree, RankTree};
use kernel::{Counts, Influence, count_stratum};

/// Harrell's C and its pair counts (R `concordance(..., reverse = TRUE)`).
///
/// Counts are weighted (`w_i w_j` per pair), named in the reversed
/// (higher score = higher risk) orientation, as R prints them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HarrellC {
    /// The concordance, in [0, 1].
    pub c: f64,
    /// Standard error, `sqrt(fit$var)` (infinitesimal jackknife).
    pub se: f64,
    /// Concordant pairs.
    pub concordant: f64,
    /// Discordant pairs.
    pub discordant: f64,
    /// Comparable pairs tied on the score (R `tied.x`).
    pub tied_score: f64,
    /// Pairs with tied event times and different scores (R `tied.y`).
    pub tied_time: f64,
    /// Pairs with tied event times and tied scores (R `tied.xy`).
    pub tied_both: f64,
    /// Number of observations.
    pub n: usize,
}

/// Uno's IPCW concordance truncated at `tau`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnoC {
    /// The concordance.
    pub c: f64,
    /// The truncation time used: the `tau` given, else the largest time.
    pub tau: f64,
    /// Infinitesimal-jackknife standard error given the censoring weights
    /// (R's `sqrt(var)` for `timewt = "n/G2"`; ignores the estimation of G).
    pub se: f64,
    /// Weighted concordant pairs.
    pub concordant: f64,
    /// Weighted discordant pairs.
    pub discordant: f64,
    /// Weighted score-tied pairs.
    pub tied_score: f64,
}

struct Checked {
    time: Vec<f64>,
    weight: Vec<f64>,
    rank: Vec<u32>,
    n_ranks: usize,
    /// Observations by score ascending, ties in index order (empty when
    /// unusable: `-0.0` and `0.0` both present, equal scores of different
    /// bits).
    score_order: Vec<u32>,
    /// Dense ranks of `time` (empty once `time` is replaced).
    time_rank: Vec<u32>,
    /// Number of distinct times.
    n_times: usize,
}

fn check(
    time: &[f64],
    event: &[bool],
    score: &[f64],
    strata: Option<&[usize]>,
    weights: Option<&[f64]>,
) -> Result<Checked, ConcordanceError> {
    check_merged(time, None, event, score, strata, weights)
}

/// [`check`], with the merged times and their dense ranks already known
/// (`merged` = [`merged_times`] of `time`).
fn check_merged(
    time: &[f64],
    merged: Option<(Vec<f64>, Vec<u32>, usize)>,
    event: &[bool],
    score: &[f64],
    strata: Option<&[usize]>,
    weights: Option<&[f64]>,
) -> Result<Checked, ConcordanceError> {
    let n = time.len();
    let len = |what, got| {
        if got == n {
            Ok(())
        } else {
            Err(ConcordanceError::LengthMismatch {
                what,
                got,
                expected: n,
            })
        }
    };
    len("event", event.len())?;
    len("score", score.len())?;
    if let Some(s) = strata {
        len("strata", s.len())?;
    }
    if let Some(w) = weights {
        len("weights", w.len())?;
        if let Some((row, &value)) = w
            .iter()
            .enumerate()
            .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
        {
            return Err(ConcordanceError::InvalidWeight { row, value });
        }
    }
    for (what, v) in [("time", time), ("score", score)] {
        if let Some((row, &value)) = v.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(ConcordanceError::NotFinite { what, row, value });
        }
    }
    let ((rank, n_ranks, score_order), (merged, time_rank, n_times)) = match merged {
        Some(m) => (score_ranks(score), m),
        None => rayon::join(|| score_ranks(score), || merged_times(time)),
    };
    Ok(Checked {
        time: merged,
        weight: weights.map_or_else(|| vec![1.0; n], <[f64]>::to_vec),
        rank,
        n_ranks,
        score_order,
        time_rank,
        n_times,
    })
}

/// [`dense_ranks`] plus the order of the values (ascending, ties in index
/// order), or an empty order when two equal values differ in their bits
/// (`-0.0` and `0.0`: the sort order is then not the rank order).
fn score_ranks(values: &[f64]) -> (Vec<u32>, usize, Vec<u32>) {
    let keys = sort_keys(values);
    let mut rank = vec![0u32; values.len()];
    let mut r = 0u32;
    let mut prev = f64::NAN;
    let mut exact = true;
    for (j, &(_, i)) in keys.iter().enumerate() {
        let v = values[i as usize];
        if j > 0 {
            if v != prev {
                r += 1;
            } else if v.to_bits() != prev.to_bits() {
                exact = false;
            }
        }
        prev = v;
        rank[i as usize] = r;
    }
    let order = if exact {
        keys.into_iter().map(|(_, i)| i).collect()
    } else {
        Vec::new()
    };
    let n_ranks = if values.is_empty() { 0 } else { r as usize + 1 };
    (rank, n_ranks, order)
}

/// `(order_key(v), index)` of `values`, sorted by [`radix_sort`] (by key,
/// ties in index order).
fn radix_sorted_keys(values: &[f64]) -> Vec<(u64, u32)> {
    let mut keys: Vec<(u64, u32)> = values
        .iter()
        .enumerate()
        .map(|(i, &v)| (order_key(v), i as u32))
        .collect();
    radix_sort(&mut keys);
    keys
}

/// Rank of each value among the distinct values (equal under `==`), 0-based,
/// and the number of distinct values; one radix sort.
fn dense_ranks(values: &[f64]) -> (Vec<u32>, usize) {
    let keys = radix_sorted_keys(values);
    let mut rank = vec![0u32; values.len()];
    let mut r = 0u32;
    let mut prev = f64::NAN;
    for (j, &(_, i)) in keys.iter().enumerate() {
        let v = values[i as usize];
        if j > 0 && v != prev {
            r += 1;
        }
        prev = v;
        rank[i as usize] = r;
    }
    (rank, if values.is_empty() { 0 } else { r as usize + 1 })
}

/// `(order_key(v), index)` of finite `values` sorted by key, ties in index
/// order: the result of [`radix_sort`], from a bucket sort on the value
/// (one bucket per value on average, buckets monotone in the value), each
/// bucket then sorted by key (insertion sort; a radix sort when large).
/// Continuous scores take two passes instead of six 11-bit digits.
fn sort_keys(values: &[f64]) -> Vec<(u64, u32)> {
    let n = values.len();
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if n < 64 || hi <= lo || n >= u32::MAX as usize {
        return radix_sorted_keys(values);
    }
    let nb = n;
    let scale = nb as f64 / (hi - lo);
    // monotone in v: a correctly rounded subtraction and product, then floor
    let bucket = |v: f64| (((v - lo) * scale) as usize).min(nb - 1);
    let mut start = vec![0u32; nb + 1];
    for &v in values {
        start[bucket(v) + 1] += 1;
    }
    for b in 0..nb {
        start[b + 1] += start[b];
    }
    let mut keys = vec![(0u64, 0u32); n];
    let mut next = start.clone();
    for (i, &v) in values.iter().enumerate() {
        let b = bucket(v);
        keys[next[b] as usize] = (order_key(v), i as u32);
        next[b] += 1;
    }
    for b in 0..nb {
        let run = &mut keys[start[b] as usize..start[b + 1] as usize];
        if run.len() <= 32 {
            // stable insertion sort by key
            for k in 1..run.len() {
                let e = run[k];
                let mut j = k;
                while j > 0 && run[j - 1].0 > e.0 {
                    run[j] = run[j - 1];
                    j -= 1;
                }
                run[j] = e;
            }
        } else {
            let mut v = run.to_vec();
            radix_sort(&mut v);
            run.copy_from_slice(&v);
        }
    }
    keys
}

/// [`crate::timefix::aeq_surv`] through one radix sort, with the dense
/// ranks of the merged times (as [`dense_ranks`] of them) and their number.
fn merged_times(time: &[f64]) -> (Vec<f64>, Vec<u32>, usize) {
    let (mut sorted, order) = order_by_time(time);
    aeq_sorted_in_place(&mut sorted);
    let mut out = vec![0.0; time.len()];
    let mut trank = vec![0u32; time.len()];
    let mut r = 0u32;
    for (k, (&t, &i)) in sorted.iter().zip(&order).enumerate() {
        // merging is monotone: the merged times are still sorted
        if k > 0 && t != sorted[k - 1] {
            r += 1;
        }
        out[i as usize] = t;
        trank[i as usize] = r;
    }
    let n_times = if time.is_empty() { 0 } else { r as usize + 1 };
    (out, trank, n_times)
}

/// Observations of each stratum in R's `order(-time, status, x)`, ties in
/// index order: from the score order and the time ranks of [`check`] one
/// stable counting sort on (time descending, status), then a stable split
/// by stratum; otherwise ([`stratum_orders_sorted`]) one radix sort per
/// stratum. The same order either way.
fn stratum_orders(chk: &Checked, event: &[bool], strata: Option<&[usize]>) -> Vec<Vec<u32>> {
    let n = chk.time.len();
    if chk.score_order.len() != n || chk.time_rank.len() != n || n >= u32::MAX as usize {
        return stratum_orders_sorted(&chk.time, event, &chk.rank, strata);
    }
    let nt = chk.n_times;
    let key = |i: u32| -> usize {
        let i = i as usize;
        ((nt - 1 - chk.time_rank[i] as usize) << 1) | usize::from(event[i])
    };
    let keyed: Vec<(u32, u32)> = chk
        .score_order
        .iter()
        .map(|&i| (key(i) as u32, i))
        .collect();
    let mut start = vec![0u32; 2 * nt + 1];
    for &(k, _) in &keyed {
        start[k as usize + 1] += 1;
    }
    for b in 0..2 * nt {
        start[b + 1] += start[b];
    }
    let mut out = vec![0u32; n];
    for &(k, i) in &keyed {
        let slot = &mut start[k as usize];
        out[*slot as usize] = i;
        *slot += 1;
    }
    match strata {
        None => vec![out],
        Some(s) => {
            let k = s.iter().max().map_or(0, |m| m + 1);
            let mut g = vec![Vec::new(); k];
            for &i in &out {
                g[s[i as usize]].push(i);
            }
            g
        }
    }
}

/// [`stratum_orders`] by sorting each stratum on the full key.
fn stratum_orders_sorted(
    t: &[f64],
    event: &[bool],
    rank: &[u32],
    strata: Option<&[usize]>,
) -> Vec<Vec<u32>> {
    let n = t.len();
    let groups: Vec<Vec<u32>> = match strata {
        None => vec![(0..n as u32).collect()],
        Some(s) => {
            let k = s.iter().max().map_or(0, |m| m + 1);
            let mut g = vec![Vec::new(); k];
            for (i, &v) in s.iter().enumerate() {
                g[v].push(i as u32);
            }
            g
        }
    };
    // dense descending time ranks, then one radix sort on the key
    // (time rank descending, status, score rank)
    let (trank, n_times) = dense_ranks(t);
    let n_ranks = rank.iter().max().map_or(1, |&m| m as usize + 1);
    let (rbits, tbits) = (bits_for(n_ranks), bits_for(n_times));
    let fits = rbits + 1 + tbits <= 64;
    groups
        .into_iter()
        .map(|mut g| {
            if fits {
                let mut keys: Vec<(u64, u32)> = g
                    .iter()
                    .map(|&i| {
                        let i = i as usize;
                        let td = (n_times - 1 - trank[i] as usize) as u64;
                        let key = (td << (rbits + 1))
                            | (u64::from(event[i]) << rbits)
                            | u64::from(rank[i]);
                        (key, i as u32)
                    })
                    .collect();
                radix_sort(&mut keys);
                keys.into_iter().map(|(_, i)| i).collect()
            } else {
                g.sort_unstable_by(|&a, &b| {
                    let (a, b) = (a as usize, b as usize);
                    t[b].total_cmp(&t[a])
                        .then(event[a].cmp(&event[b]))
                        .then(rank[a].cmp(&rank[b]))
                });
                g
            }
        })
        .collect()
}

/// Number of distinct event times of a stratum (its `timewt` length).
fn n_event_times(ord: &[u32], t: &[f64], event: &[bool]) -> usize {
    let mut k = 0;
    let mut last = f64::NAN;
    for &i in ord {
        let i = i as usize;
        if event[i] && t[i] != last {
            k += 1;
            last = t[i];
        }
    }
    k
}

struct Totals {
    counts: Counts,
    imat: Vec<Influence>,
}

fn run(
    chk: &Checked,
    event: &[bool],
    orders: &[Vec<u32>],
    timewts: &[Vec<f64>],
    start: Option<(&[Vec<u32>], &[f64])>,
) -> Totals {
    let n = chk.time.len();
    let mut imat = vec![[0.0; 3]; n];
    let mut tree = Fenwick::<FenwickTree<f64>, FenwickTree<f64>>::new(chk.n_ranks);
    let mut total = Counts::default();
    for (k, (ord, tw)) in orders.iter().zip(timewts).enumerate() {
        let exits = start.map(|(by_start, st)| (by_start[k].as_slice(), st));
        let c = count_stratum(
            ord,
            exits,
            &chk.time,
            event,
            &chk.rank,
            &chk.weight,
            tw,
            &mut tree,
            &mut imat,
        );
        total.concordant += c.concordant;
        total.discordant += c.discordant;
        total.tied_x += c.tied_x;
        total.tied_y += c.tied_y;
        total.tied_xy += c.tied_xy;
    }
    Totals {
        counts: total,
        imat,
    }
}

/// One stratum's observations gathered in its sort order, so that the
/// counting pass reads memory in order (the Fenwick trees aside).
struct Gathered {
    /// Original index of each sorted position.
    ord: Vec<u32>,
    time: Vec<f64>,
    event: Vec<bool>,
    rank: Vec<u32>,
    weight: Vec<f64>,
}

fn gather(chk: &Checked, event: &[bool], orders: &[Vec<u32>]) -> Vec<Gathered> {
    orders
        .iter()
        .map(|ord| Gathered {
            ord: ord.clone(),
            time: ord.iter().map(|&i| chk.time[i as usize]).collect(),
            event: ord.iter().map(|&i| event[i as usize]).collect(),
            rank: ord.iter().map(|&i| chk.rank[i as usize]).collect(),
            weight: ord.iter().map(|&i| chk.weight[i as usize]).collect(),
        })
        .collect()
}

/// [`run`] for right-censored data on [`gather`]ed strata: the same
/// operations in the same order (so the same numbers), on positions instead
/// of observation indices; the influence is scattered back at the end.
///
/// Trees of unit weights count in `u32` ([`BlockTree`]): the same numbers.
fn run_gathered(strata: &[Gathered], n: usize, n_ranks: usize, timewts: &[Vec<f64>]) -> Totals {
    let small = n < u32::MAX as usize;
    let unit_w = small && strata.iter().all(|g| g.weight.iter().all(|&w| w == 1.0));
    let unit_tw = timewts.iter().all(|tw| tw.iter().all(|&t| t == 1.0));
    match (unit_w, unit_tw) {
        (true, true) => {
            let tree = Fenwick::<BlockTree, BlockTree>::new(n_ranks);
            run_gathered_in(tree, strata, n, timewts)
        }
        (true, false) => {
            let tree = Fenwick::<BlockTree, FenwickTree<f64>>::new(n_ranks);
            run_gathered_in(tree, strata, n, timewts)
        }
        _ => {
            let tree = Fenwick::<FenwickTree<f64>, FenwickTree<f64>>::new(n_ranks);
            run_gathered_in(tree, strata, n, timewts)
        }
    }
}

fn run_gathered_in<A: RankTree, D: RankTree>(
    mut tree: Fenwick<A, D>,
    strata: &[Gathered],
    n: usize,
    timewts: &[Vec<f64>],
) -> Totals {
    let mut imat = vec![[0.0; 3]; n];
    let mut total = Counts::default();
    let longest = strata.iter().map(|g| g.ord.len()).max().unwrap_or(0);
    let ident: Vec<u32> = (0..longest as u32).collect();
    let mut im = vec![[0.0; 3]; longest];
    for (g, tw) in strata.iter().zip(timewts) {
        let m = g.ord.len();
        im[..m].iter_mut().for_each(|v| *v = [0.0; 3]);
        let c = count_stratum(
            &ident[..m],
            None,
            &g.time,
            &g.event,
            &g.rank,
            &g.weight,
            tw,
            &mut tree,
            &mut im[..m],
        );
        for (&i, v) in g.ord.iter().zip(&im[..m]) {
            imat[i as usize] = *v;
        }
        total.concordant += c.concordant;
        total.discordant += c.discordant;
        total.tied_x += c.tied_x;
        total.tied_y += c.tied_y;
        total.tied_xy += c.tied_xy;
    }
    Totals {
        counts: total,
        imat,
    }
}

/// (C in the reversed orientation, its IJ standard error).
fn c_and_se(
    t: &Totals,
    weight: &[f64],
    cluster: Option<&[usize]>,
) -> Result<(f64, f64), ConcordanceError> {
    let c = &t.counts;
    let npair = c.concordant + c.discordant + c.tied_x;
    if npair.is_nan() || npair <= 0.0 {
        return Err(ConcordanceError::NoComparablePairs);
    }
    let somers = (c.concordant - c.discordant) / npair;
    let dfbeta =
        t.imat.iter().zip(weight).map(|(im, w)| {
            w * ((im[0] - im[1]) / npair - somers / npair * (im[0] + im[1] + im[2]))
        });
    let var: f64 = match cluster {
        None => dfbeta.map(|d| d * d).sum::<f64>() / 4.0,
        Some(cl) => {
            // grouped jackknife: dfbeta summed within each cluster first
            let mut by_cluster = std::collections::BTreeMap::<usize, f64>::new();
            for (d, &g) in dfbeta.zip(cl) {
                *by_cluster.entry(g).or_insert(0.0) += d;
            }
            by_cluster.values().map(|d| d * d).sum::<f64>() / 4.0
        }
    };
    // reverse = TRUE: C = 1 - (somers + 1) / 2
    Ok((1.0 - (somers + 1.0) / 2.0, var.sqrt()))
}

/// Harrell's C of `score` (higher = higher risk) against `(time, event)`,
/// as `concordance(Surv(time, event) ~ score, strata, weights, reverse = TRUE)`.
/// `strata[i]` is a stratum index (pairs only within a stratum).
///
/// # Errors
/// See [`ConcordanceError`].
pub fn harrell(
    time: &[f64],
    event: &[bool],
    score: &[f64],
    strata: Option<&[usize]>,
    weights: Option<&[f64]>,
) -> Result<HarrellC, ConcordanceError> {
    harrell_impl(time, event, score, strata, weights, None)
}

/// Harrell's C as [`harrell`] with the standard error of a clustered
/// sample: the per-observation influence (dfbeta) is summed within each
/// cluster before squaring (grouped infinitesimal jackknife), as
/// `concordance(Surv(time, event) ~ score + cluster(id), reverse = TRUE)`
/// and the concordance `coxph(..., cluster = id)` stores. `cluster[i]` is
/// any id; the C itself is unchanged.
///
/// # Errors
/// See [`ConcordanceError`]; a `cluster` of the wrong length gives
/// [`ConcordanceError::LengthMismatch`].
pub fn harrell_clustered(
    time: &[f64],
    event: &[bool],
    score: &[f64],
    strata: Option<&[usize]>,
    weights: Option<&[f64]>,
    cluster: &[usize],
) -> Result<HarrellC, ConcordanceError> {
    if cluster.len() != time.len() {
        return Err(ConcordanceError::LengthMismatch {
            what: "cluster",
            got: cluster.len(),
            expected: time.len(),
        });
    }
    harrell_impl(time, event, score, strata, weights, Some(cluster))
}

/// Harrell's C for counting-process `(start, stop]` rows, as
/// `concordance(Surv(start, stop, event) ~ score, reverse = TRUE)` and the
/// concordance `coxph(Surv(start, stop, event) ~ ...)` stores: a pair is
/// comparable when one row has an event at `t = stop_i` and the other is at
/// risk then (`start_j < t`, and `stop_j > t` or `stop_j = t` censored).
/// Start and stop times are merged by [`crate::timefix::aeq_surv2`]. With
/// `cluster` the standard error is the grouped jackknife (as
/// [`harrell_clustered`]).
///
/// # Errors
/// See [`ConcordanceError`]; also [`ConcordanceError::EmptyInterval`].
pub fn harrell_counting(
    start: &[f64],
    stop: &[f64],
    event: &[bool],
    score: &[f64],
    strata: Option<&[usize]>,
    weights: Option<&[f64]>,
    cluster: Option<&[usize]>,
) -> Result<HarrellC, ConcordanceError> {
    let n = stop.len();
    for (what, got) in [
        ("start", start.len()),
        ("cluster", cluster.map_or(n, <[_]>::len)),
    ] {
        if got != n {
            return Err(ConcordanceError::LengthMismatch {
                what,
                got,
                expected: n,
            });
        }
    }
    if let Some((row, &value)) = start.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(ConcordanceError::NotFinite {
            what: "start",
            row,
            value,
        });
    }
    let mut chk = check(stop, event, score, strata, weights)?;
    if let Some(row) = (0..n).find(|&i| start[i] >= stop[i]) {
        return Err(ConcordanceError::EmptyInterval {
            row,
            start: start[row],
            stop: stop[row],
        });
    }
    let (start, stop) = crate::timefix::aeq_surv2(start, stop);
    chk.time = stop;
    chk.time_rank.clear();
    let orders = stratum_orders(&chk, event, strata);
    let by_start: Vec<Vec<u32>> = orders
        .iter()
        .map(|o| {
            let mut b = o.clone();
            b.sort_by(|&x, &y| start[y as usize].total_cmp(&start[x as usize]));
            b
        })
        .collect();
    let timewts: Vec<Vec<f64>> = orders
        .iter()
        .map(|o| vec![1.0; n_event_times(o, &chk.time, event)])
        .collect();
    let tot = run(&chk, event, &orders, &timewts, Some((&by_start, &start)));
    let (c, se) = c_and_se(&tot, &chk.weight, cluster)?;
    Ok(harrell_result(&tot, c, se, n))
}

fn harrell_result(tot: &Totals, c: f64, se: f64, n: usize) -> HarrellC {
    let k = tot.counts;
    HarrellC {
        c,
        se,
        concordant: k.discordant,
        discordant: k.concordant,
        tied_score: k.tied_x,
        tied_time: k.tied_y,
        tied_both: k.tied_xy,
        n,
    }
}

/// [`harrell`] given `merged = (times, dense ranks, number of distinct
/// times)` as [`merged_times`] computes them from the (finite) times: the
/// Cox fit, which has sorted and merged its times already, passes them.
pub(crate) fn harrell_merged(
    merged: (Vec<f64>, Vec<u32>, usize),
    event: &[bool],
    score: &[f64],
    strata: Option<&[usize]>,
    weights: Option<&[f64]>,
) -> Result<HarrellC, ConcordanceError> {
    let time = merged.0.clone();
    let chk = check_merged(&time, Some(merged), event, score, strata, weights)?;
    harrell_checked(chk, event, strata, None)
}

fn harrell_impl(
    time: &[f64],
    event: &[bool],
    score: &[f64],
    strata: Option<&[usize]>,
    weights: Option<&[f64]>,
    cluster: Option<&[usize]>,
) -> Result<HarrellC, ConcordanceError> {
    let chk = check(time, event, score, strata, weights)?;
    harrell_checked(chk, event, strata, cluster)
}

fn harrell_checked(
    chk: Checked,
    event: &[bool],
    strata: Option<&[usize]>,
    cluster: Option<&[usize]>,
) -> Result<HarrellC, ConcordanceError> {
    let time = &chk.time;
    let orders = stratum_orders(&chk, event, strata);
    let timewts: Vec<Vec<f64>> = orders
        .iter()
        .map(|o| vec![1.0; n_event_times(o, &chk.time, event)])
        .collect();
    let strata_data = gather(&chk, event, &orders);
    let tot = run_gathered(&strata_data, time.len(), chk.n_ranks, &timewts);
    let (c, se) = c_and_se(&tot, &chk.weight, cluster)?;
    Ok(harrell_result(&tot, c, se, time.len()))
}

/// Uno's C truncated at `tau` (all event times when `None`), as
/// `concordance(Surv(time, event) ~ score, reverse = TRUE, timewt = "n/G2", ymax = tau)`.
///
/// # Errors
/// See [`ConcordanceError`]; also [`ConcordanceError::InvalidTau`].
pub fn uno(
    time: &[f64],
    event: &[bool],
    score: &[f64],
    tau: Option<f64>,
) -> Result<UnoC, ConcordanceError> {
    if let Some(t) = tau
        && !(t.is_finite() && t > 0.0)
    {
        return Err(ConcordanceError::InvalidTau(t));
    }
    let chk = check(time, event, score, None, None)?;
    let orders = stratum_orders(&chk, event, None);
    let ord = &orders[0];
    let tw = censoring_weights(ord, &chk.time, event, &chk.weight, tau);
    let strata_data = gather(&chk, event, &orders);
    let tot = run_gathered(
        &strata_data,
        time.len(),
        chk.n_ranks,
        std::slice::from_ref(&tw),
    );
    let (c, se) = c_and_se(&tot, &chk.weight, None)?;
    let k = tot.counts;
    let tmax = chk.time.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Ok(UnoC {
        c,
        tau: tau.unwrap_or(tmax),
        se,
        concordant: k.discordant,
        discordant: k.concordant,
        tied_score: k.tied_x,
    })
}

/// Harrell's C ([`harrell`], no strata or weights) and Uno's C ([`uno`])
/// of the same data from one validation and one sort, the two counting
/// passes run side by side (rayon). The numbers are those of the two
/// functions called separately.
///
/// # Errors
/// The outer error is Harrell's ([`ConcordanceError`]); Uno's C is `Err`
/// on its own when only it fails (e.g. [`ConcordanceError::InvalidTau`]).
pub fn harrell_and_uno(
    time: &[f64],
    event: &[bool],
    score: &[f64],
    tau: Option<f64>,
) -> Result<(HarrellC, Result<UnoC, ConcordanceError>), ConcordanceError> {
    let chk = check(time, event, score, None, None)?;
    let orders = stratum_orders(&chk, event, None);
    let ord = &orders[0];
    let h_tw = vec![1.0; n_event_times(ord, &chk.time, event)];
    let tau_ok = tau.is_none_or(|t| t.is_finite() && t > 0.0);
    // the censoring weights (Uno) while the strata are gathered; then the
    // two counting passes, each with its C and standard error, side by side
    let (strata_data, u_tw) = rayon::join(
        || gather(&chk, event, &orders),
        || tau_ok.then(|| censoring_weights(ord, &chk.time, event, &chk.weight, tau)),
    );
    let n = time.len();
    let (h_res, u_res) = rayon::join(
        || {
            let tot = run_gathered(&strata_data, n, chk.n_ranks, std::slice::from_ref(&h_tw));
            let cse = c_and_se(&tot, &chk.weight, None);
            (tot, cse)
        },
        || {
            u_tw.map(|tw| {
                let tot = run_gathered(&strata_data, n, chk.n_ranks, std::slice::from_ref(&tw));
                let cse = c_and_se(&tot, &chk.weight, None);
                (tot, cse)
            })
        },
    );
    let (h_tot, h_cse) = h_res;
    let (c, se) = h_cse?;
    let h = harrell_result(&h_tot, c, se, time.len());
    let u = match (u_res, tau) {
        (None, Some(t)) => Err(ConcordanceError::InvalidTau(t)),
        (None, None) => Err(ConcordanceError::NoComparablePairs),
        (Some((tot, cse)), _) => cse.map(|(c, se)| {
            let k = tot.counts;
            let tmax = chk.time.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            UnoC {
                c,
                tau: tau.unwrap_or(tmax),
                se,
                concordant: k.discordant,
                discordant: k.concordant,
                tied_score: k.tied_x,
            }
        }),
    };
    Ok((h, u))
}

/// `1 / G(t−)²` at each distinct event time, latest first (survival's
/// `fastkm1` then `timewt = "n/G2"`), 0 beyond `tau`. With fewer than two
/// events R falls back to unit weights.
fn censoring_weights(
    ord: &[u32],
    t: &[f64],
    event: &[bool],
    w: &[f64],
    tau: Option<f64>,
) -> Vec<f64> {
    let n_events = ord.iter().filter(|&&i| event[i as usize]).count();
    let k = n_event_times(ord, t, event);
    if n_events < 2 {
        return vec![1.0; k];
    }
    // walk forward in time (ord is descending): at each distinct time,
    // at-risk n, events d, censored c
    let mut out = Vec::with_capacity(k);
    let mut n_risk: f64 = w.iter().sum();
    let mut g = 1.0;
    let mut j = ord.len();
    while j > 0 {
        let tt = t[ord[j - 1] as usize];
        let (mut d, mut c) = (0.0, 0.0);
        let mut any_event = false;
        while j > 0 && t[ord[j - 1] as usize] == tt {
            let i = ord[j - 1] as usize;
            if event[i] {
                d += w[i];
                any_event = true;
            } else {
                c += w[i];
            }
            j -= 1;
        }
        if any_event {
            let beyond = tau.is_some_and(|tau| tt > tau);
            out.push(if beyond { 0.0 } else { 1.0 / (g * g) });
        }
        if c > 0.0 {
            // events leave the risk set before the censorings tied with them
            let at_risk = n_risk - d;
            g *= (at_risk - c) / at_risk;
        }
        n_risk -= d + c;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests;
