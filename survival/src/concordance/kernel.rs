//! The concordance kernel (survival's `concordance3.c` algorithm, written
//! anew over a Fenwick tree): one pass over the observations in decreasing
//! time, O(n log n), accumulating the pair counts and, per observation, the
//! weighted counts of the pairs it belongs to (the influence matrix from
//! which the infinitesimal-jackknife variance follows).
//!
//! Orientation here is survival's *unreversed* one: a pair is concordant
//! when the longer survivor has the larger score.

use super::fenwick::{Fenwick, RankTree, Weight};

/// Pair counts (weighted, times the time weights): survival's `count`
/// vector in its unreversed order.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Counts {
    pub concordant: f64,
    pub discordant: f64,
    pub tied_x: f64,
    pub tied_y: f64,
    pub tied_xy: f64,
}

/// Per-observation influence: weighted number of concordant, discordant and
/// score-tied pairs the observation belongs to (survival's `imat[, 1:3]`).
pub(crate) type Influence = [f64; 3];

/// Precondition: `ord` lists the observations of one stratum sorted by
/// time descending, censored before events at equal times, then by score
/// rank ascending (R: `order(-time, status, x)`); `rank[i]` < `n_ranks`.
/// `timewt[u]` is the weight of the `u`-th distinct event time counted from
/// the latest. `imat` is indexed by observation and accumulated into.
/// For counting-process `(start, stop]` data (`time` = stop), `exits` gives
/// the stratum's observations by start descending and the start times:
/// before each event time `t` every observation with `start ≥ t` leaves
/// the risk set (survival's `concordance4`).
pub(crate) fn count_stratum<A: RankTree, D: RankTree>(
    ord: &[u32],
    exits: Option<(&[u32], &[f64])>,
    time: &[f64],
    event: &[bool],
    rank: &[u32],
    weight: &[f64],
    timewt: &[f64],
    tree: &mut Fenwick<A, D>,
    imat: &mut [Influence],
) -> Counts {
    tree.clear();
    let mut c = Counts::default();
    let m = ord.len();
    let mut utime = 0usize;
    let mut next_exit = 0usize;
    // observations that already left the risk set (indexed like `imat`)
    let mut left = vec![false; if exits.is_some() { imat.len() } else { 0 }];
    let mut i = 0;
    while i < m {
        let ii = ord[i] as usize;
        if !event[ii] {
            let s = tree.split_deaths(rank[ii] as usize);
            let im = &mut imat[ii];
            im[0] -= s.less;
            im[1] -= s.greater;
            im[2] -= s.equal;
            tree.add_all(rank[ii] as usize, A::W::from_f64(weight[ii]));
            i += 1;
            continue;
        }
        // all events tied at this time (censored ones came first)
        let t = time[ii];
        if let Some((by_start, start)) = exits {
            while next_exit < by_start.len() && start[by_start[next_exit] as usize] >= t {
                let jj = by_start[next_exit] as usize;
                next_exit += 1;
                tree.add_all(rank[jj] as usize, A::W::from_f64(-weight[jj]));
                let s = tree.split_deaths(rank[jj] as usize);
                let im = &mut imat[jj];
                im[0] += s.less;
                im[1] += s.greater;
                im[2] += s.equal;
                left[jj] = true;
            }
        }
        let mut end = i;
        while end < m && time[ord[end] as usize] == t {
            end += 1;
        }
        let tw = timewt[utime];
        utime += 1;
        let mut dwt = 0.0;
        let mut dwt2 = 0.0;
        let mut xsave = rank[ii];
        for &jj in &ord[i..end] {
            let jj = jj as usize;
            let w = weight[jj];
            c.tied_y += w * dwt * tw;
            dwt += w;
            if rank[jj] != xsave {
                dwt2 = 0.0;
                xsave = rank[jj];
            }
            c.tied_xy += w * dwt2 * tw;
            dwt2 += w;
            let s = tree.split_all(rank[jj] as usize);
            c.concordant += w * s.greater * tw;
            c.discordant += w * s.less * tw;
            c.tied_x += w * s.equal * tw;
            let im = &mut imat[jj];
            im[0] += s.greater * tw;
            im[1] += s.less * tw;
            im[2] += s.equal * tw;
            tree.add_deaths(rank[jj] as usize, D::W::from_f64(tw * w));
        }
        for &jj in &ord[i..end] {
            let jj = jj as usize;
            let s = tree.split_deaths(rank[jj] as usize);
            let im = &mut imat[jj];
            im[0] -= s.less;
            im[1] -= s.greater;
            im[2] -= s.equal;
            tree.add_all(rank[jj] as usize, A::W::from_f64(weight[jj]));
        }
        i = end;
    }
    // what each observation saw of the events that came after it: the
    // deaths tree no longer changes, so with about as many observations as
    // ranks its look-ups are made once per rank, in rank order (sequential
    // memory), and shared by the observations of that rank
    let below: Vec<D::W> = if 2 * m >= tree.ranks() {
        tree.deaths_below_all()
    } else {
        Vec::new()
    };
    for &ii in ord {
        let ii = ii as usize;
        if left.get(ii).copied().unwrap_or(false) {
            continue;
        }
        let r = rank[ii] as usize;
        let s = match below.get(r) {
            Some(&less) => tree.split_deaths_from(r, less),
            None => tree.split_deaths(r),
        };
        let im = &mut imat[ii];
        im[0] += s.less;
        im[1] += s.greater;
        im[2] += s.equal;
    }
    c.tied_y -= c.tied_xy;
    c
}
